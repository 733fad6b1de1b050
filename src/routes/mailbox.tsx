import { Hono } from "hono";
import * as z from "zod";
import { publicRoute } from "../auth/guard";
import type { AppEnv } from "../http/context";
import { Layout } from "../pages/layout";
import { notFound, validationError } from "../platform/errors";

/** Formats an instant as `HH:mm dd/mm/yyyy` in Vietnam time (UTC+7). */
function vnTime(at: number | null): string {
  if (at === null) return "";
  const d = new Date(at + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

interface OutboxRow {
  id: string;
  idempotency_key: string;
  to_address: string;
  from_address: string;
  subject: string;
  html: string;
  text: string;
  headers: string;
  created_at: number;
}

const listQuery = z.object({
  to: z.string().trim().toLowerCase().max(320).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

function linksOf(html: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
}

async function listMessages(db: D1Database, to: string | undefined, limit: number): Promise<OutboxRow[]> {
  const stmt = to
    ? db
        .prepare(
          "select * from outbox_messages where lower(to_address) = ? order by created_at desc, id desc limit ?",
        )
        .bind(to, limit)
    : db.prepare("select * from outbox_messages order by created_at desc, id desc limit ?").bind(limit);
  return (await stmt.all<OutboxRow>()).results;
}

/**
 * The local mailbox and the send ledger, for development and tests only: they answer
 * 404 in production and whenever mail really leaves through Resend.
 */
export const mailboxRoutes = new Hono<AppEnv>();

for (const path of ["/dev/hop-thu", "/dev/hop-thu/*", "/dev/api/mailbox", "/dev/thong-bao"]) {
  mailboxRoutes.use(path, publicRoute(), async (c, next) => {
    const { appEnv, emailTransport } = c.var.config;
    if (appEnv === "production" || emailTransport !== "outbox")
      throw notFound("Không tìm thấy trang hoặc tài nguyên");
    await next();
  });
}

mailboxRoutes.get("/dev/api/mailbox", publicRoute(), async (c) => {
  const q = listQuery.safeParse(c.req.query());
  if (!q.success) throw validationError(q.error);
  const rows = await listMessages(c.env.DB, q.data.to, q.data.limit);
  return c.json({
    messages: rows.map((r) => ({
      id: r.id,
      idempotencyKey: r.idempotency_key,
      to: r.to_address,
      from: r.from_address,
      subject: r.subject,
      text: r.text,
      html: r.html,
      headers: JSON.parse(r.headers) as Record<string, string>,
      links: linksOf(r.html),
      createdAt: r.created_at,
    })),
  });
});

mailboxRoutes.get("/dev/hop-thu", publicRoute(), async (c) => {
  const q = listQuery.safeParse(c.req.query());
  if (!q.success) throw validationError(q.error);
  const rows = await listMessages(c.env.DB, q.data.to, q.data.limit);
  return c.html(
    <Layout title="Hộp thư thử nghiệm">
      <h1>Hộp thư thử nghiệm</h1>
      <p class="notice">
        Thư do hệ thống “gửi” khi chạy thử được lưu ở đây thay vì gửi thật. Trang này không có trong môi
        trường chính thức.
      </p>
      <form method="get" action="/dev/hop-thu">
        <label for="to">Lọc theo người nhận</label>
        <input id="to" name="to" type="email" value={q.data.to ?? ""} />
        <p>
          <button type="submit">Lọc</button> <a href="/dev/thong-bao">Sổ gửi thư</a>
        </p>
      </form>
      {rows.length === 0 ? (
        <p class="muted">Chưa có thư nào.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Thời điểm</th>
              <th>Người nhận</th>
              <th>Tiêu đề</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{vnTime(r.created_at)}</td>
                <td>
                  <a href={`/dev/hop-thu?to=${encodeURIComponent(r.to_address)}`}>{r.to_address}</a>
                </td>
                <td>
                  <a href={`/dev/hop-thu/${encodeURIComponent(r.id)}`}>{r.subject}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>,
  );
});

async function oneMessage(db: D1Database, id: string): Promise<OutboxRow> {
  const row = await db.prepare("select * from outbox_messages where id = ?").bind(id).first<OutboxRow>();
  if (!row) throw notFound("Không tìm thấy thư");
  return row;
}

mailboxRoutes.get("/dev/hop-thu/:id", publicRoute(), async (c) => {
  const r = await oneMessage(c.env.DB, c.req.param("id"));
  const headers = Object.entries(JSON.parse(r.headers) as Record<string, string>);
  return c.html(
    <Layout title={r.subject}>
      <p>
        <a href="/dev/hop-thu">← Hộp thư thử nghiệm</a>
      </p>
      <h1>{r.subject}</h1>
      <table>
        <tbody>
          <tr>
            <th>Người gửi</th>
            <td>{r.from_address}</td>
          </tr>
          <tr>
            <th>Người nhận</th>
            <td>{r.to_address}</td>
          </tr>
          <tr>
            <th>Thời điểm</th>
            <td>{vnTime(r.created_at)}</td>
          </tr>
          <tr>
            <th>Khóa chống gửi trùng</th>
            <td>
              <code>{r.idempotency_key}</code>
            </td>
          </tr>
          {headers.map(([name, value]) => (
            <tr>
              <th>{name}</th>
              <td>
                <code>{value}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Bản HTML</h2>
      {/* Sandboxed and served with its own strict CSP: the mail's HTML never runs in this page. */}
      <iframe
        title="Bản HTML của thư"
        sandbox=""
        src={`/dev/hop-thu/${encodeURIComponent(r.id)}/html`}
        width="100%"
        height="700"
      />
      <h2>Bản văn bản thuần</h2>
      <pre>{r.text}</pre>
    </Layout>,
  );
});

mailboxRoutes.get("/dev/hop-thu/:id/html", publicRoute(), async (c) => {
  const r = await oneMessage(c.env.DB, c.req.param("id"));
  return c.body(r.html, 200, {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy":
      "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; frame-ancestors 'self'; sandbox",
    "x-content-type-options": "nosniff",
  });
});

const ledgerQuery = z.object({
  status: z.enum(["pending", "sent", "failed", "superseded", "cancelled"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

interface NotificationRow {
  id: string;
  to_address: string;
  template: string;
  subject: string;
  status: string;
  attempts: number;
  next_attempt_at: number | null;
  provider_id: string | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

const STATUS_LABEL: Record<string, [string, string]> = {
  pending: ["Đang chờ gửi", "warn"],
  sent: ["Đã gửi", "ok"],
  failed: ["Gửi thất bại", "bad"],
  superseded: ["Không cần gửi nữa", "muted"],
  cancelled: ["Đã hủy", "muted"],
};

mailboxRoutes.get("/dev/thong-bao", publicRoute(), async (c) => {
  const q = ledgerQuery.safeParse(c.req.query());
  if (!q.success) throw validationError(q.error);
  const base =
    "select id, to_address, template, subject, status, attempts, next_attempt_at, provider_id, last_error, created_at, sent_at from notifications";
  const stmt = q.data.status
    ? c.env.DB.prepare(`${base} where status = ? order by created_at desc, id desc limit ?`).bind(
        q.data.status,
        q.data.limit,
      )
    : c.env.DB.prepare(`${base} order by created_at desc, id desc limit ?`).bind(q.data.limit);
  const rows = (await stmt.all<NotificationRow>()).results;
  return c.html(
    <Layout title="Sổ gửi thư">
      <h1>Sổ gửi thư</h1>
      <p>
        <a href="/dev/hop-thu">Hộp thư thử nghiệm</a> · Lọc:{" "}
        {Object.entries(STATUS_LABEL).map(([s, [label]]) => (
          <>
            <a href={`/dev/thong-bao?status=${s}`}>{label}</a>{" "}
          </>
        ))}
        <a href="/dev/thong-bao">Tất cả</a>
      </p>
      <table>
        <thead>
          <tr>
            <th>Ghi sổ lúc</th>
            <th>Người nhận</th>
            <th>Mẫu thư / Tiêu đề</th>
            <th>Trạng thái</th>
            <th>Số lần thử</th>
            <th>Chi tiết</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const [label, cls] = STATUS_LABEL[r.status] ?? [r.status, "muted"];
            return (
              <tr data-status={r.status}>
                <td>{vnTime(r.created_at)}</td>
                <td>{r.to_address}</td>
                <td>
                  <code>{r.template}</code>
                  <br />
                  {r.subject}
                </td>
                <td>
                  <span class={`badge ${cls}`}>{label}</span>
                </td>
                <td>{r.attempts}</td>
                <td>
                  {r.status === "sent"
                    ? `Mã nhà cung cấp: ${r.provider_id ?? ""} · gửi lúc ${vnTime(r.sent_at)}`
                    : null}
                  {r.status === "pending"
                    ? `Lần thử tiếp theo: ${vnTime(r.next_attempt_at)}${r.last_error ? ` · Lỗi gần nhất: ${r.last_error}` : ""}`
                    : null}
                  {r.status === "failed" ? `Lỗi: ${r.last_error ?? ""}` : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 ? <p class="muted">Chưa có thư nào trong sổ.</p> : null}
    </Layout>,
  );
});
