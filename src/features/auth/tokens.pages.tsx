/**
 * The "Khóa API" page of an organisation (`tokens.manage`: administrators, and the secretary of
 * the organisation itself): its API tokens with their status, a form to create one (the secret
 * is shown once, on the answer to that form, and never again), and revocation with a confirm
 * step. The same service functions as the JSON API (tokens.api.ts).
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { orgFromParam, orgOfRow, requirePolicy } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { csrfTokenFor } from "../../auth/web";
import type { AppEnv } from "../../http/context";
import { AppError, fieldErrorsFromZod, notFound } from "../../platform/errors";
import { getOrg, type OrgRow } from "../organisations";
import { actionMetaOf } from "./auth.http";
import { createSchema } from "./tokens.schemas";
import {
  createApiToken,
  getApiToken,
  grantableTokenRoles,
  listApiTokens,
  revokeApiToken,
  revokedTokenName,
  type TokenListItem,
} from "./tokens.service";
import { RevokeTokenView, type TokenFormState, TokensView, tokensPagePath } from "./tokens.views";

export const tokensPages = new Hono<AppEnv>();

async function tokensPage(
  c: Context<AppEnv>,
  org: OrgRow,
  state: TokenFormState,
  status: 200 | 403 | 422 = 200,
) {
  const [tokens, csrf] = await Promise.all([listApiTokens(c.env.DB, org.id), csrfTokenFor(c)]);
  const roles = grantableTokenRoles(c.var.principal!, org.path);
  return renderPage(
    c,
    `Khóa API · ${org.name}`,
    <TokensView org={org} tokens={tokens} roles={roles} state={state} csrf={csrf} now={c.var.now} />,
    status,
  );
}

async function targetOrgRow(c: Context<AppEnv>): Promise<OrgRow> {
  const org = await getOrg(c.env.DB, c.var.targetOrg!.id);
  if (!org) throw notFound();
  return org;
}

tokensPages.get("/to-chuc/:id/khoa-api", requirePolicy("tokens.manage", orgFromParam("id")), async (c) => {
  const org = await targetOrgRow(c);
  const revoked = await revokedTokenName(c.env.DB, org.id, c.req.query("da-thu-hoi"));
  return tokensPage(c, org, { notice: revoked === null ? undefined : `Đã thu hồi khóa “${revoked}”.` });
});

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

tokensPages.post("/to-chuc/:id/khoa-api", requirePolicy("tokens.manage", orgFromParam("id")), async (c) => {
  const org = await targetOrgRow(c);
  const body = await c.req.parseBody();
  const values = {
    name: str(body.name)?.slice(0, 500),
    role: str(body.role)?.slice(0, 100),
    expiresInDays: str(body.expiresInDays)?.trim().slice(0, 20),
  };
  const days = values.expiresInDays;
  const parsed = createSchema.safeParse({
    name: values.name,
    role: values.role,
    // A form sends text: blank = no expiry; digits = a number; anything else is refused by the schema.
    expiresInDays: !days ? undefined : /^\d{1,6}$/.test(days) ? Number(days) : days,
  });
  if (!parsed.success) return tokensPage(c, org, { values, errors: fieldErrorsFromZod(parsed.error) }, 422);
  try {
    const created = await createApiToken(c.env.DB, org, parsed.data, actionMetaOf(c));
    return tokensPage(c, org, { created });
  } catch (err) {
    if (err instanceof AppError && err.kind === "forbidden" && err.fields.length) {
      return tokensPage(c, org, { values, errors: err.fields }, 403);
    }
    throw err;
  }
});

/** The token of the revoke routes, which must belong to the organisation in the path. */
async function tokenInPath(c: Context<AppEnv>): Promise<{ org: OrgRow; token: TokenListItem }> {
  if (c.var.targetOrg!.id !== c.req.param("id")) throw notFound("Không tìm thấy khóa API");
  const [org, token] = await Promise.all([
    targetOrgRow(c),
    getApiToken(c.env.DB, c.req.param("tokenId") ?? ""),
  ]);
  if (!token) throw notFound("Không tìm thấy khóa API");
  return { org, token };
}

tokensPages.get(
  "/to-chuc/:id/khoa-api/:tokenId/thu-hoi",
  requirePolicy("tokens.manage", orgOfRow("api_tokens", "tokenId")),
  async (c) => {
    const { org, token } = await tokenInPath(c);
    const csrf = await csrfTokenFor(c);
    return renderPage(
      c,
      "Thu hồi khóa API",
      <RevokeTokenView org={org} token={token} csrf={csrf} now={c.var.now} />,
    );
  },
);

tokensPages.post(
  "/to-chuc/:id/khoa-api/:tokenId/thu-hoi",
  requirePolicy("tokens.manage", orgOfRow("api_tokens", "tokenId")),
  async (c) => {
    const { org, token } = await tokenInPath(c);
    await revokeApiToken(c.env.DB, token.id, org.id, actionMetaOf(c));
    return c.redirect(`${tokensPagePath(org.id)}?da-thu-hoi=${encodeURIComponent(token.id)}`, 303);
  },
);
