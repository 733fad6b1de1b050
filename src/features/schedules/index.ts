/**
 * Reporting schedules (chế độ báo cáo): the regime of a directive (frequency, cut-off, due
 * rule, who reports, who reviews, the form, the escalation policy). Anyone signed in may read
 * them; creating and editing needs `directive.manage` on the scope root and on the reviewing
 * commission (Commission staff for the subtree they follow, and administrators).
 * The engine opens periods automatically from active schedules; a preview shows the upcoming
 * periods computed by `periodsBetween`. Schemas, queries (the only SQL), service (decisions),
 * views (JSX), pages and API, mounted here.
 */
import { createApi } from "../../platform/openapi";
import { schedulesApi } from "./schedules.api";
import { schedulesPages } from "./schedules.pages";

export const scheduleRoutes = createApi().route("/", schedulesApi).route("/", schedulesPages);
export { type ScheduleInput, scheduleSchema } from "./schedules.schemas";
