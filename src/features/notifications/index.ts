/**
 * Notifications around the email ledger (src/email): Resend's delivery webhook, people's email
 * preferences and one-click unsubscribe (and, as they move here, the digests).
 */
import { createApi } from "../../platform/openapi";
import { preferencesPages } from "./preferences.pages";
import { unsubscribePages } from "./unsubscribe.pages";
import { webhookApi } from "./webhooks.api";

export const notificationRoutes = createApi()
  .route("/", webhookApi)
  .route("/", unsubscribePages)
  .route("/", preferencesPages);
export type { Preferences } from "./subscriptions.schemas";
export { loadPreferences } from "./subscriptions.service";
export { verifyResendWebhook } from "./webhooks.service";
