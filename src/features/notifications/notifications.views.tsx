import type { Child } from "hono/jsx";
import { CsrfField } from "../../auth/page";
import type { UnsubscribeKind } from "../../email/unsubscribe";
import { Layout } from "../../pages/layout";
/** The notification pages: JSX only, fed by preferences.pages.tsx and unsubscribe.pages.tsx. */
import { Submit } from "../../pages/page-bits";
import type { Preferences } from "./subscriptions.schemas";

const WEEKDAYS: [number, string][] = [
  [1, "Thứ Hai"],
  [2, "Thứ Ba"],
  [3, "Thứ Tư"],
  [4, "Thứ Năm"],
  [5, "Thứ Sáu"],
];

/** A preference's checkbox (value "1") with its label, the field named and identified by `name`. */
function Check(props: { name: string; checked: boolean; children: Child }) {
  return (
    <p class="check">
      <input type="checkbox" id={props.name} name={props.name} value="1" checked={props.checked} />
      <label for={props.name}>{props.children}</label>
    </p>
  );
}

export function PreferencesView(props: { preferences: Preferences; saved: boolean; csrf: string }) {
  return (
    <>
      <link rel="stylesheet" href="/assets/giam-sat.css" />
      <h1>Tùy chọn nhận thư</h1>
      {props.saved ? (
        <p class="notice" role="status">
          Đã lưu tùy chọn nhận thư.
        </p>
      ) : null}
      <form method="post" action="/cai-dat/thong-bao">
        <CsrfField token={props.csrf} />
        <fieldset>
          <legend>Thư tổng hợp tình hình báo cáo hằng tuần (cán bộ Ban)</legend>
          <Check name="weekly" checked={props.preferences.weekly}>
            Nhận thư tổng hợp hằng tuần
          </Check>
          <label for="weekday">Ngày nhận trong tuần (7 giờ 30 sáng)</label>
          <select id="weekday" name="weekday">
            {WEEKDAYS.map(([n, name]) => (
              <option value={String(n)} selected={props.preferences.weekday === n}>
                {name}
              </option>
            ))}
          </select>
        </fieldset>
        <fieldset>
          <legend>Thư buổi sáng “Hạn báo cáo của đồng chí” (bí thư, văn phòng cấp ủy)</legend>
          <Check name="morning" checked={props.preferences.morning}>
            Nhận thư buổi sáng (7 giờ, ngày làm việc, chỉ khi có việc đến hạn trong 7 ngày hoặc quá hạn)
          </Check>
          <Check name="reminders_in_digest" checked={props.preferences.remindersInDigest}>
            Gộp nhắc hạn vào thư buổi sáng (không nhận thư nhắc riêng lẻ)
          </Check>
          <p class="muted">Thông báo quá hạn gửi cấp ủy cấp trên vẫn tiếp tục theo quy định.</p>
        </fieldset>
        <Submit>Lưu tùy chọn</Submit>
      </form>
    </>
  );
}

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

/** Any problem with the link: nothing written, never a 500. */
export function InvalidLinkView() {
  return (
    <Layout title="Liên kết không hợp lệ">
      <h1>Liên kết hủy đăng ký không hợp lệ</h1>
      <p class="error">
        Liên kết đã bị thay đổi hoặc không đầy đủ. Vui lòng dùng đúng liên kết ở cuối thư, hoặc đăng nhập để
        thay đổi tùy chọn nhận thư.
      </p>
    </Layout>
  );
}

export function ConfirmUnsubscribeView(props: { kind: UnsubscribeKind; action: string }) {
  return (
    <Layout title="Hủy đăng ký nhận thư">
      <h1>Hủy đăng ký nhận thư</h1>
      <p>
        Đồng chí muốn ngừng nhận <strong>{KIND_LABELS[props.kind]}</strong>?
      </p>
      <p class="muted">{KIND_EFFECTS[props.kind]}</p>
      <form method="post" action={props.action}>
        <button type="submit">Xác nhận hủy đăng ký</button>
      </form>
    </Layout>
  );
}

export function UnsubscribedView(props: { kind: UnsubscribeKind }) {
  return (
    <Layout title="Đã hủy đăng ký">
      <h1>Đã cập nhật</h1>
      <p>
        Đồng chí đã hủy đăng ký <strong>{KIND_LABELS[props.kind]}</strong>.
      </p>
      <p class="muted">{KIND_EFFECTS[props.kind]}</p>
    </Layout>
  );
}

export function UnknownRecipientView() {
  return (
    <Layout title="Không tìm thấy">
      <h1>Không tìm thấy người nhận</h1>
      <p>Tài khoản gắn với liên kết này không còn trong hệ thống.</p>
    </Layout>
  );
}
