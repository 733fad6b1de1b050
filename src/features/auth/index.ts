/**
 * Sign-in, sessions, roles and API tokens: sign-in by emailed link and sign-out (pages and
 * /api/auth), roles administration (/quan-tri, /api/memberships) and an organisation's API
 * tokens (/to-chuc/{id}/khoa-api, /api/organisations/{id}/tokens, /api/tokens/{id}). The
 * middleware every request passes through (principal, policy, CSRF, sessions) stays in
 * src/auth. Schemas, queries (the only SQL), services, views, pages and APIs, mounted here.
 */
import { createApi } from "../../platform/openapi";
import { authApi } from "./auth.api";
import { authPages } from "./auth.pages";
import { membershipsApi } from "./memberships.api";
import { membershipsPages } from "./memberships.pages";
import { tokensApi } from "./tokens.api";
import { tokensPages } from "./tokens.pages";

export const authRoutes = createApi()
  .route("/", authApi)
  .route("/", authPages)
  .route("/", membershipsApi)
  .route("/", membershipsPages)
  .route("/", tokensApi)
  .route("/", tokensPages);
export { signinRequestSchema } from "./auth.schemas";
export { grantSchema, listQuery as membershipListQuery } from "./memberships.schemas";
export { safeNext } from "./signin.service";
export { createSchema as tokenCreateSchema, MAX_TOKEN_DAYS } from "./tokens.schemas";
export { type TokenStatus, tokenStatus } from "./tokens.service";
