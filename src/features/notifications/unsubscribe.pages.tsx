/**
 * One-click unsubscribe (RFC 8058) from the link at the foot of every digest and reminder: a
 * confirmation page (GET) and the unsubscribe itself (POST, no login, cookie or CSRF token; the
 * signed link is the authority).
 */
import { type Context, Hono } from "hono";
import { publicRoute } from "../../auth/guard";
import { clientIp } from "../../auth/web";
import { type UnsubscribeKind, verifyUnsubscribeToken } from "../../email/unsubscribe";
import type { AppEnv } from "../../http/context";
import {
  ConfirmUnsubscribeView,
  InvalidLinkView,
  UnknownRecipientView,
  UnsubscribedView,
} from "./notifications.views";
import { unsubscribeQuery } from "./subscriptions.schemas";
import { unsubscribe } from "./subscriptions.service";

export const unsubscribePages = new Hono<AppEnv>();

type Checked =
  | { ok: true; personId: string; kind: UnsubscribeKind; token: string }
  | { ok: false; response: Response };

/** Validates the link; any problem is a 400 page (nothing written), never a 500. */
async function check(c: Context<AppEnv>): Promise<Checked> {
  const parsed = unsubscribeQuery.safeParse(c.req.query());
  const valid =
    parsed.success &&
    (await verifyUnsubscribeToken(c.var.config.secretKey, parsed.data.p, parsed.data.k, parsed.data.token));
  if (!parsed.success || !valid) {
    c.status(400);
    c.header("x-error-code", "unsubscribe_link_invalid");
    return { ok: false, response: await c.html(<InvalidLinkView />) };
  }
  return { ok: true, personId: parsed.data.p, kind: parsed.data.k, token: parsed.data.token };
}

unsubscribePages.get("/huy-dang-ky", publicRoute(), async (c) => {
  const checked = await check(c);
  if (!checked.ok) return checked.response;
  const action = `/huy-dang-ky?${new URLSearchParams({ token: checked.token, p: checked.personId, k: checked.kind })}`;
  return c.html(<ConfirmUnsubscribeView kind={checked.kind} action={action} />);
});

unsubscribePages.post("/huy-dang-ky", publicRoute(), async (c) => {
  const checked = await check(c);
  if (!checked.ok) return checked.response;
  const body = await c.req.text().catch(() => "");
  const done = await unsubscribe(
    c.env.DB,
    {
      personId: checked.personId,
      kind: checked.kind,
      oneClick: body.includes("List-Unsubscribe=One-Click"),
      ip: clientIp(c) ?? null,
    },
    c.var.now,
  );
  if (!done) {
    c.status(404);
    return c.html(<UnknownRecipientView />);
  }
  return c.html(<UnsubscribedView kind={checked.kind} />);
});
