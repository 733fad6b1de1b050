import { Hono } from "hono";
import { publicRoute } from "../../auth/guard";
import type { AppEnv } from "../../http/context";
import { validationError } from "../../platform/errors";
import { listOutbox } from "./mailbox.queries";
import { listQuery } from "./mailbox.schemas";

function linksOf(html: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
}

/** `GET /dev/api/mailbox`: the local mailbox as JSON (tests follow the links in the mails). */
export const mailboxRoutes = new Hono<AppEnv>();

mailboxRoutes.get("/dev/api/mailbox", publicRoute(), async (c) => {
  const q = listQuery.safeParse(c.req.query());
  if (!q.success) throw validationError(q.error);
  const rows = await listOutbox(c.env.DB, q.data.to, q.data.limit);
  return c.json({
    messages: rows.map((r) => ({
      id: r.id,
      idempotencyKey: r.idempotencyKey,
      to: r.toAddress,
      from: r.fromAddress,
      subject: r.subject,
      text: r.text,
      html: r.html,
      headers: JSON.parse(r.headers) as Record<string, string>,
      links: linksOf(r.html),
      createdAt: r.createdAt,
    })),
  });
});
