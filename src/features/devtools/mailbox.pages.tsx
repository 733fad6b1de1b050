import { Hono } from "hono";
import { publicRoute } from "../../auth/guard";
import type { AppEnv } from "../../http/context";
import { notFound, validationError } from "../../platform/errors";
import { findOutboxMessage, listLedger, listOutbox, type OutboxRow } from "./mailbox.queries";
import { ledgerQuery, listQuery } from "./mailbox.schemas";
import { LedgerPage, MailboxPage, MessagePage } from "./mailbox.views";

/**
 * The local mailbox (/dev/hop-thu) and the send ledger (/dev/thong-bao), for development and
 * tests only: mounted behind `outboxOnly` (404 in production and whenever mail really leaves).
 */
export const mailboxPages = new Hono<AppEnv>();

mailboxPages.get("/dev/hop-thu", publicRoute(), async (c) => {
  const q = listQuery.safeParse(c.req.query());
  if (!q.success) throw validationError(q.error);
  const rows = await listOutbox(c.env.DB, q.data.to, q.data.limit);
  return c.html(<MailboxPage to={q.data.to} rows={rows} />);
});

async function oneMessage(db: D1Database, id: string): Promise<OutboxRow> {
  const row = await findOutboxMessage(db, id);
  if (!row) throw notFound("Không tìm thấy thư");
  return row;
}

mailboxPages.get("/dev/hop-thu/:id", publicRoute(), async (c) => {
  const r = await oneMessage(c.env.DB, c.req.param("id"));
  return c.html(<MessagePage r={r} />);
});

mailboxPages.get("/dev/hop-thu/:id/html", publicRoute(), async (c) => {
  const r = await oneMessage(c.env.DB, c.req.param("id"));
  return c.body(r.html, 200, {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy":
      "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; frame-ancestors 'self'; sandbox",
    "x-content-type-options": "nosniff",
  });
});

mailboxPages.get("/dev/thong-bao", publicRoute(), async (c) => {
  const q = ledgerQuery.safeParse(c.req.query());
  if (!q.success) throw validationError(q.error);
  const rows = await listLedger(c.env.DB, q.data.status, q.data.limit);
  return c.html(<LedgerPage rows={rows} />);
});
