/** Email templates: each takes typed props and returns { subject, html, text, headers }. */

export type { ChaseBundleProps, ChaseItem, ChaseKind } from "./chase";
export { chaseBundleEmail, chaseStanding } from "./chase";

export type { DeadlineItem, DigestPeriodStats, MorningDigestProps, WeeklyDigestProps } from "./digests";
export { morningDeadlinesDigestEmail, weeklyComplianceDigestEmail } from "./digests";
export type { Contact, EscalationProps } from "./escalation";
export { escalationToCommissionEmail, escalationToSuperiorEmail } from "./escalation";
export { extensionDecidedEmail, extensionRequestedEmail } from "./extension";
export type { DutyProps, RenderedEmail } from "./layout";
export type { ReminderProps } from "./reminders";
export { dueTodayEmail, overdueEmail, periodOpenedEmail, reminderBeforeDeadlineEmail } from "./reminders";
export type { ReviewComments } from "./review";
export { reportAcceptedEmail, reportReceivedEmail, reportReturnedEmail } from "./review";
