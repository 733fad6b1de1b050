/**
 * The working calendar (issue 12), the first feature in the layout of issue 16: schemas, queries
 * (the only SQL), service (decisions), views (JSX), pages and API, mounted here.
 */
import { createApi } from "../../platform/openapi";
import { calendarApi } from "./calendar.api";
import { calendarPages } from "./calendar.pages";

export const calendarRoutes = createApi().route("/", calendarApi).route("/", calendarPages);
export { calendarEntryBody, calendarYearQuery } from "./calendar.schemas";
export { keepsWatchOnCalendar, missingNextYear, missingYearWarning } from "./calendar.service";
