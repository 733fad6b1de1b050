/**
 * The extension-request JSON API. Plain handlers, not `createRoute`: they read their body with
 * `readBody` (a form or JSON, like the pages), so they stay described in src/openapi.ts.
 */
import { requirePolicy } from "../../auth/guard";
import { createApi } from "../../platform/openapi";
import { readBody } from "../../services/http-input";
import { ask, decide, obligationOrg, requestOrg } from "./extension-requests.http";
import { extensionRequestsOf, loadExtensionRequest } from "./extension-requests.queries";

export const extensionRequestApi = createApi();

extensionRequestApi.post(
  "/api/obligations/:id/extension-requests",
  requirePolicy("report.draft", obligationOrg),
  async (c) => {
    const { data } = await readBody(c);
    const id = await ask(c, data);
    return c.json({ request: await loadExtensionRequest(c.env.DB, id) }, 201);
  },
);

extensionRequestApi.get(
  "/api/obligations/:id/extension-requests",
  requirePolicy("report.read", obligationOrg),
  async (c) => c.json({ requests: await extensionRequestsOf(c.env.DB, c.req.param("id")) }),
);

extensionRequestApi.post(
  "/api/extension-requests/:id/decision",
  requirePolicy("obligation.extend", requestOrg),
  async (c) => {
    const { data } = await readBody(c);
    return c.json({ request: await decide(c, data) });
  },
);
