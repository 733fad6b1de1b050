import { CsrfField, PostButton } from "../../auth/page";
import { formatDateTimeVi, VN_OFFSET_MS } from "../../domain/time";
import { Submit } from "../../pages/page-bits";
import type { TickRow } from "./dev.queries";

/** "2026-12-01T08:00" for a datetime-local input, in Vietnam time. */
function localInputValue(instant: number): string {
  const d = new Date(instant + VN_OFFSET_MS);
  return d.toISOString().slice(0, 16);
}

export interface DevPageProps {
  now: number;
  simulated: boolean;
  csrf: string;
  error?: string;
  clockSet: boolean;
  /** The tick id of `?luot=` ("" when the tick for this instant had already run), or undefined. */
  tickId: string | undefined;
  tick: TickRow | undefined;
}

/** /dev: the simulated clock, the engine tick and the links to the mailbox and the ledger. */
/** The clock's one-step moves: the action posted and the button's label. */
const CLOCK_STEPS = [
  ["plus_day", "+1 ngày"],
  ["next_morning", "08:00 hôm sau"],
  ["real", "Về giờ thật"],
] as const;

export function DevPage({ now, simulated, csrf, error, clockSet, tickId, tick }: DevPageProps) {
  return (
    <>
      <h1>Công cụ phát triển (chỉ có ở môi trường thử nghiệm)</h1>
      <p>
        Giờ hệ thống (mô phỏng): <strong>{formatDateTimeVi(now)}</strong>
        {simulated ? <span class="muted"> (đồng hồ đang được dời so với giờ thật)</span> : null}
      </p>
      <div aria-live="polite">
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        {clockSet ? <p class="notice">Đã đặt giờ mô phỏng.</p> : null}
        {tickId !== undefined ? (
          tickId === "" ? (
            <p class="notice">Lượt nhắc cho thời điểm này đã được chạy trước đó.</p>
          ) : (
            <p class="notice" id="tick-status">
              {tick?.finished_at
                ? `Lượt nhắc đã chạy xong: xét ${tick.obligations_examined ?? 0} báo cáo, ghi ${tick.notifications_recorded ?? 0} thư, gửi ${tick.notifications_sent ?? 0} thư.`
                : "Lượt nhắc đang chạy. "}
              {tick?.finished_at ? null : <a href={`/dev?luot=${encodeURIComponent(tickId)}`}>Cập nhật</a>}
            </p>
          )
        ) : null}
      </div>
      <section class="card" aria-labelledby="clock-h">
        <h2 id="clock-h">Đồng hồ mô phỏng</h2>
        <form method="post" action="/dev/clock">
          <CsrfField token={csrf} />
          <input type="hidden" name="action" value="set" />
          <label for="clock-local">Ngày giờ (giờ Hà Nội)</label>
          <input id="clock-local" name="local" type="datetime-local" required value={localInputValue(now)} />
          <Submit>Đặt giờ</Submit>
        </form>
        <div class="actions">
          {CLOCK_STEPS.map(([action, label]) => (
            <PostButton action="/dev/clock" csrf={csrf} class="inline" hidden={{ action }}>
              {label}
            </PostButton>
          ))}
        </div>
      </section>
      <section class="card" aria-labelledby="tick-h">
        <h2 id="tick-h">Lượt nhắc việc</h2>
        <p class="muted">
          Lượt nhắc chạy theo giờ mô phỏng: mở kỳ báo cáo đến hạn, gửi nhắc hạn, thông báo quá hạn, đôn đốc và
          báo cáo cấp trên, thư buổi sáng và thư tổng hợp hằng tuần.
        </p>
        <form method="post" action="/dev/tick">
          <CsrfField token={csrf} />
          <button type="submit">Chạy lượt nhắc ngay</button>
        </form>
      </section>
      <ul>
        <li>
          <a href="/dev/hop-thu">Hộp thư cục bộ</a>
        </li>
        <li>
          <a href="/dev/thong-bao">Sổ theo dõi thư gửi đi</a>
        </li>
      </ul>
    </>
  );
}
