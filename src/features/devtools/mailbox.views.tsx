import { formatDateTimeVi } from "../../domain/time";
import { Layout } from "../../pages/layout";
import type { LedgerRow, OutboxRow } from "./mailbox.queries";

/** An instant as `HH:mm dd/mm/yyyy` in Vietnam time; nothing for no instant. */
const vnTime = (at: number | null): string => (at === null ? "" : formatDateTimeVi(at));

/** /dev/hop-thu: the local mailbox, newest first, optionally for one recipient. */
export function MailboxPage({ to, rows }: { to: string | undefined; rows: OutboxRow[] }) {
  return (
    <Layout title="Hộp thư thử nghiệm">
      <h1>Hộp thư thử nghiệm</h1>
      <p class="notice">
        Thư do hệ thống “gửi” khi chạy thử được lưu ở đây thay vì gửi thật. Trang này không có trong môi
        trường chính thức.
      </p>
      <form method="get" action="/dev/hop-thu">
        <label for="to">Lọc theo người nhận</label>
        <input id="to" name="to" type="email" value={to ?? ""} />
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
                <td>{vnTime(r.createdAt)}</td>
                <td>
                  <a href={`/dev/hop-thu?to=${encodeURIComponent(r.toAddress)}`}>{r.toAddress}</a>
                </td>
                <td>
                  <a href={`/dev/hop-thu/${encodeURIComponent(r.id)}`}>{r.subject}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

/** /dev/hop-thu/:id: one message, its headers, its HTML (sandboxed) and its text. */
export function MessagePage({ r }: { r: OutboxRow }) {
  const headers = Object.entries(JSON.parse(r.headers) as Record<string, string>);
  return (
    <Layout title={r.subject}>
      <p>
        <a href="/dev/hop-thu">← Hộp thư thử nghiệm</a>
      </p>
      <h1>{r.subject}</h1>
      <table>
        <tbody>
          <tr>
            <th>Người gửi</th>
            <td>{r.fromAddress}</td>
          </tr>
          <tr>
            <th>Người nhận</th>
            <td>{r.toAddress}</td>
          </tr>
          <tr>
            <th>Thời điểm</th>
            <td>{vnTime(r.createdAt)}</td>
          </tr>
          <tr>
            <th>Khóa chống gửi trùng</th>
            <td>
              <code>{r.idempotencyKey}</code>
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
    </Layout>
  );
}

const STATUS_LABEL: Record<string, [string, string]> = {
  pending: ["Đang chờ gửi", "warn"],
  sent: ["Đã gửi", "ok"],
  failed: ["Gửi thất bại", "bad"],
  superseded: ["Không cần gửi nữa", "muted"],
  cancelled: ["Đã hủy", "muted"],
};

/** /dev/thong-bao: the send ledger, newest first, optionally of one status. */
export function LedgerPage({ rows }: { rows: LedgerRow[] }) {
  return (
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
                <td>{vnTime(r.createdAt)}</td>
                <td>{r.toAddress}</td>
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
                    ? `Mã nhà cung cấp: ${r.providerId ?? ""} · gửi lúc ${vnTime(r.sentAt)}`
                    : null}
                  {r.status === "pending"
                    ? `Lần thử tiếp theo: ${vnTime(r.nextAttemptAt)}${r.lastError ? ` · Lỗi gần nhất: ${r.lastError}` : ""}`
                    : null}
                  {r.status === "failed" ? `Lỗi: ${r.lastError ?? ""}` : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 ? <p class="muted">Chưa có thư nào trong sổ.</p> : null}
    </Layout>
  );
}
