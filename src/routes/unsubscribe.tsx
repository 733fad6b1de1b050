import { type Context, Hono } from "hono";
import * as z from "zod";
import { auditStatement } from "../audit";
import { publicRoute } from "../auth/guard";
import { clientIp } from "../auth/web";
import { UNSUBSCRIBE_KINDS, type UnsubscribeKind, verifyUnsubscribeToken } from "../email/unsubscribe";
import type { AppEnv } from "../http/context";
import { newId } from "../ids";
import { Layout } from "../pages/layout";

const KIND_LABELS: Record<UnsubscribeKind, string> = {
  weekly_compliance: "thư tổng hợp tình hình báo cáo hằng tuần",
  morning_deadlines: "thư buổi sáng “Hạn báo cáo của đồng chí”",
  reminders: "thư nhắc hạn báo cáo gửi riêng lẻ",
  escalations: "thư đôn đốc các đơn vị chậm báo cáo gửi riêng lẻ",
};

const KIND_EFFECTS: Record<UnsubscribeKind, string> = {
  weekly_compliance: "Đồng chí sẽ không nhận thư tổng hợp hằng tuần nữa.",
  morning_deadlines: "Đồng chí sẽ không nhận thư buổi sáng về hạn báo cáo nữa.",
  reminders:
    "Các lời nhắc hạn sẽ được gộp vào thư buổi sáng “Hạn báo cáo của đồng chí” (chỉ gửi khi có việc đến hạn). Thông báo quá hạn gửi cấp ủy cấp trên vẫn tiếp tục theo quy định.",
  escalations:
    "Đơn vị chậm báo cáo sẽ không được báo bằng thư riêng nữa; đồng chí vẫn thấy chúng trong thư tổng hợp hằng tuần và trên trang Giám sát. Các đơn vị chậm báo cáo vẫn tiếp tục được nhắc.",
};

const query = z.object({
  token: z.string().min(20).max(100),
  p: z.string().min(1).max(100),
  k: z.enum(UNSUBSCRIBE_KINDS),
});

type Checked =
  | { ok: true; personId: string; kind: UnsubscribeKind; token: string }
  | { ok: false; response: Response };

/** Validates the link; any problem is a 400 page (nothing written), never a 500. */
async function check(c: Context<AppEnv>): Promise<Checked> {
  const parsed = query.safeParse(c.req.query());
  const valid =
    parsed.success &&
    (await verifyUnsubscribeToken(c.var.config.secretKey, parsed.data.p, parsed.data.k, parsed.data.token));
  if (!parsed.success || !valid) {
    c.status(400);
    c.header("x-error-code", "unsubscribe_link_invalid");
    return {
      ok: false,
      response: await c.html(
        <Layout title="Liên kết không hợp lệ">
          <h1>Liên kết hủy đăng ký không hợp lệ</h1>
          <p class="error">
            Liên kết đã bị thay đổi hoặc không đầy đủ. Vui lòng dùng đúng liên kết ở cuối thư, hoặc đăng nhập
            để thay đổi tùy chọn nhận thư.
          </p>
        </Layout>,
      ),
    };
  }
  return { ok: true, personId: parsed.data.p, kind: parsed.data.k, token: parsed.data.token };
}

export const unsubscribeRoutes = new Hono<AppEnv>();

/**
 * Each list touches only its own setting. A digest is switched off (its row is created in the
 * off state if the person never saved preferences); `reminders` only gathers reminders into the
 * morning digest and leaves that digest on or off as the person had it: unsubscribing from one
 * list must never turn another back on.
 */
function unsubscribeStatement(db: D1Database, personId: string, kind: UnsubscribeKind, now: number) {
  if (kind === "reminders") {
    // No row yet means the defaults: the morning digest on, reminders sent separately.
    return db
      .prepare(
        `insert into digest_subscriptions (id, person_id, kind, enabled, reminders_in_digest, unsubscribed_at, updated_at)
         values (?, ?, 'morning_deadlines', 1, 1, null, ?)
         on conflict(person_id, kind) do update set reminders_in_digest = 1, updated_at = excluded.updated_at`,
      )
      .bind(newId("ds_"), personId, now);
  }
  return db
    .prepare(
      `insert into digest_subscriptions (id, person_id, kind, enabled, reminders_in_digest, unsubscribed_at, updated_at)
       values (?, ?, ?, 0, 0, ?, ?)
       on conflict(person_id, kind) do update set enabled = 0,
         unsubscribed_at = coalesce(digest_subscriptions.unsubscribed_at, excluded.unsubscribed_at),
         updated_at = excluded.updated_at`,
    )
    .bind(newId("ds_"), personId, kind, now, now);
}

unsubscribeRoutes.get("/huy-dang-ky", publicRoute(), async (c) => {
  const checked = await check(c);
  if (!checked.ok) return checked.response;
  const action = `/huy-dang-ky?${new URLSearchParams({ token: checked.token, p: checked.personId, k: checked.kind })}`;
  return c.html(
    <Layout title="Hủy đăng ký nhận thư">
      <h1>Hủy đăng ký nhận thư</h1>
      <p>
        Đồng chí muốn ngừng nhận <strong>{KIND_LABELS[checked.kind]}</strong>?
      </p>
      <p class="muted">{KIND_EFFECTS[checked.kind]}</p>
      <form method="post" action={action}>
        <button type="submit">Xác nhận hủy đăng ký</button>
      </form>
    </Layout>,
  );
});

/** One-click (RFC 8058): no login, cookie or CSRF token; the signed link is the authority. */
unsubscribeRoutes.post("/huy-dang-ky", publicRoute(), async (c) => {
  const checked = await check(c);
  if (!checked.ok) return checked.response;
  const { personId, kind } = checked;
  const db = c.env.DB;
  const now = c.var.now;
  const person = await db
    .prepare("select id from people where id = ?")
    .bind(personId)
    .first<{ id: string }>();
  if (!person) {
    c.status(404);
    return c.html(
      <Layout title="Không tìm thấy">
        <h1>Không tìm thấy người nhận</h1>
        <p>Tài khoản gắn với liên kết này không còn trong hệ thống.</p>
      </Layout>,
    );
  }
  const upsert = unsubscribeStatement(db, personId, kind, now);
  const body = await c.req.text().catch(() => "");
  await db.batch([
    upsert,
    auditStatement(db, {
      at: now,
      actorKind: "person",
      actorPersonId: personId,
      action:
        kind === "reminders"
          ? "subscription.reminders_to_digest"
          : kind === "escalations"
            ? "subscription.escalations_to_digest"
            : "subscription.unsubscribed",
      entityType: "person",
      entityId: personId,
      data: { kind, oneClick: body.includes("List-Unsubscribe=One-Click") },
      ip: clientIp(c),
    }),
  ]);
  return c.html(
    <Layout title="Đã hủy đăng ký">
      <h1>Đã cập nhật</h1>
      <p>
        Đồng chí đã hủy đăng ký <strong>{KIND_LABELS[kind]}</strong>.
      </p>
      <p class="muted">{KIND_EFFECTS[kind]}</p>
    </Layout>,
  );
});
