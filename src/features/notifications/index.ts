/**
 * Notifications around the email ledger (src/email): Resend's delivery webhook, people's email
 * preferences and one-click unsubscribe, and the weekly and morning digests.
 */
import { createApi } from "../../platform/openapi";
import { preferencesPages } from "./preferences.pages";
import { unsubscribePages } from "./unsubscribe.pages";
import { webhookApi } from "./webhooks.api";

export const notificationRoutes = createApi()
  .route("/", webhookApi)
  .route("/", unsubscribePages)
  .route("/", preferencesPages);
export {
  DIGEST_BATCH_SIZE,
  type DigestKind,
  digestKey,
  digestPeriodKey,
  isoWeekKey,
  MORNING_HORIZON_DAYS,
  RECIPIENT_PAGE_SIZE,
} from "./digests.keys";
export { MORNING_DUE_SQL } from "./digests.queries";
export {
  buildDigestBatch,
  type DigestRunResult,
  type DigestStep,
  listDigestRecipients,
  listRecipientPage,
  runDigest,
  runDigestSteps,
  sendDigestBatch,
} from "./digests.service";
export { reminderDueToday } from "./morning-digest.service";
export type { Preferences } from "./subscriptions.schemas";
export { loadPreferences } from "./subscriptions.service";
export { verifyResendWebhook } from "./webhooks.service";
export { type WeeklyContent, weeklyContent } from "./weekly-digest.service";
