/**
 * Reporting schedules (chế độ báo cáo): the regime of a directive (frequency, cut-off, due
 * rule, who reports, who reviews, the form, the escalation policy). Anyone signed in may read
 * them; creating and editing needs `directive.manage` on the scope root and on the reviewing
 * commission (Commission staff for the subtree they follow, and administrators).
 * The engine opens periods automatically from active schedules; a preview shows the upcoming
 * periods computed by `periodsBetween`. Schemas, queries (the only SQL), service (decisions),
 * views (JSX), pages and API, mounted here.
 *
 * Escalation policies (quy trình nhắc và báo cáo vượt cấp): the reminder and escalation ladders
 * schedules use, in working days from the deadline (escalation.*; the ladder's rules are in
 * src/domain/escalation-policy.ts and src/domain/ladder.ts).
 */
import { createApi } from "../../platform/openapi";
import { escalationApi } from "./escalation.api";
import { escalationPages } from "./escalation.pages";
import { schedulesApi } from "./schedules.api";
import { schedulesPages } from "./schedules.pages";

export const scheduleRoutes = createApi().route("/", schedulesApi).route("/", schedulesPages);
export const escalationPolicyRoutes = createApi().route("/", escalationApi).route("/", escalationPages);
export { type ScheduleInput, scheduleSchema } from "./schedules.schemas";
