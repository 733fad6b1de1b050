/** The sign-in pages' JSX: the form, "already signed in", "check your mail", the confirm step and its failures. */
import { formatInstantVi, maskEmail } from "../../auth/format";
import { CsrfField } from "../../auth/page";
import { SIGNIN_LINK_TTL_MS, type SigninFailure } from "./signin.service";

const LINK_MINUTES = SIGNIN_LINK_TTL_MS / 60_000;

export function SigninForm(props: { csrf: string; email?: string; next?: string | null; error?: string }) {
  return (
    <form method="post" action="/dang-nhap" class="card" novalidate>
      <CsrfField token={props.csrf} />
      {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
      <label for="email">Địa chỉ thư điện tử</label>
      <input
        id="email"
        name="email"
        type="email"
        autocomplete="email"
        required
        value={props.email ?? ""}
        aria-describedby={props.error ? "email-error" : "email-hint"}
        aria-invalid={props.error ? "true" : undefined}
      />
      {props.error ? (
        <p id="email-error" class="error">
          {props.error}
        </p>
      ) : (
        <p id="email-hint" class="muted">
          Hệ thống sẽ gửi một liên kết đăng nhập tới địa chỉ này. Không cần mật khẩu.
        </p>
      )}
      <button type="submit">Gửi liên kết đăng nhập</button>
    </form>
  );
}

export function SigninView(props: { csrf: string; email?: string; next?: string | null; error?: string }) {
  return (
    <>
      <h1>Đăng nhập</h1>
      <SigninForm {...props} />
    </>
  );
}

export function SignedInView(props: { fullName: string; email: string; csrf: string }) {
  return (
    <>
      <h1>Đồng chí đã đăng nhập</h1>
      <p>
        Đang đăng nhập với tên <strong>{props.fullName}</strong> ({props.email}).
      </p>
      <p>
        <a class="button" href="/">
          Về trang chủ
        </a>
      </p>
      <form method="post" action="/dang-xuat-tat-ca" class="card">
        <CsrfField token={props.csrf} />
        <p>Đăng xuất khỏi mọi thiết bị và trình duyệt đang đăng nhập bằng tài khoản này.</p>
        <button type="submit" class="secondary">
          Đăng xuất trên mọi thiết bị
        </button>
      </form>
    </>
  );
}

export function RateLimitedView(props: { message: string }) {
  return (
    <>
      <h1>Quá nhiều yêu cầu đăng nhập</h1>
      <p class="notice" role="alert">
        {props.message}
      </p>
    </>
  );
}

export function CheckMailView(props: { email: string }) {
  return (
    <>
      <h1>Kiểm tra hộp thư của đồng chí</h1>
      <p role="status">
        Nếu địa chỉ <strong>{props.email}</strong> có trong hệ thống, một liên kết đăng nhập vừa được gửi tới
        địa chỉ đó. Liên kết chỉ dùng được một lần và hết hạn sau {LINK_MINUTES} phút.
      </p>
      <p>
        Không nhận được thư? Hãy kiểm tra thư mục thư rác, hoặc <a href="/dang-nhap">yêu cầu liên kết mới</a>.
      </p>
    </>
  );
}

export const SIGNIN_FAILURES = {
  invalid: {
    status: 400,
    title: "Liên kết đăng nhập không hợp lệ",
    text: "Liên kết không đúng hoặc đã bị thay đổi. Hãy mở đúng liên kết trong thư, hoặc yêu cầu một liên kết mới.",
  },
  expired: {
    status: 410,
    title: "Liên kết đăng nhập đã hết hạn",
    text: `Mỗi liên kết chỉ có hiệu lực trong ${LINK_MINUTES} phút. Vui lòng yêu cầu một liên kết mới.`,
  },
  used: {
    status: 410,
    title: "Liên kết đăng nhập đã được sử dụng",
    text: "Mỗi liên kết chỉ dùng được một lần. Nếu chưa đăng nhập được, vui lòng yêu cầu một liên kết mới.",
  },
} as const satisfies Record<SigninFailure, { status: number; title: string; text: string }>;

export function SigninFailureView(props: { kind: SigninFailure }) {
  const f = SIGNIN_FAILURES[props.kind];
  return (
    <>
      <h1>{f.title}</h1>
      <p role="alert">{f.text}</p>
      <p>
        <a class="button" href="/dang-nhap">
          Yêu cầu liên kết mới
        </a>
      </p>
    </>
  );
}

export function ConfirmSigninView(props: { csrf: string; token: string; email: string; expiresAt: number }) {
  return (
    <>
      <h1>Đăng nhập vào hệ thống</h1>
      <form method="post" action="/dang-nhap/xac-nhan" class="card">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="token" value={props.token} />
        <p>
          Đăng nhập bằng địa chỉ <strong>{maskEmail(props.email)}</strong>. Liên kết dùng được đến{" "}
          {formatInstantVi(props.expiresAt)}.
        </p>
        <p>
          <button type="submit" class="big">
            Đăng nhập
          </button>
        </p>
        <p class="muted">Nếu đồng chí không yêu cầu đăng nhập, hãy đóng trang này.</p>
      </form>
    </>
  );
}
