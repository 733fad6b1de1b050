/**
 * Review (issue 16's layout): the Commission's queue, decisions, extensions, remarks and the
 * versions of a report. Schemas, queries (the only SQL), service (decisions), views (JSX),
 * pages and API, mounted here.
 */
import { createApi } from "../../platform/openapi";
import { reviewApi } from "./review.api";
import { reviewPages } from "./review.pages";

export const reviewRoutes = createApi().route("/", reviewApi).route("/", reviewPages);
export { extensionSchema, remarkSchema, reviewSchema } from "./review.schemas";
