/**
 * Notifications around the email ledger (src/email): Resend's delivery webhook, and (as they
 * move here) people's email preferences, one-click unsubscribe and the digests.
 */
import { createApi } from "../../platform/openapi";
import { webhookApi } from "./webhooks.api";

export const notificationRoutes = createApi().route("/", webhookApi);
export { verifyResendWebhook } from "./webhooks.service";
