/** Sign-in by emailed link, sign-out, and their JSON equivalents under /api/auth. */
import { type Context, Hono } from "hono";
import * as z from "zod";
import { auditStatement } from "../audit";
import { formatInstantVi, maskEmail } from "../auth/format";
import { personOnly, publicRoute, signedIn } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import { ROLE_LABELS } from "../auth/policy";
import {
  clearSessionCookie,
  revokeAllSessionsStatement,
  revokeSessionStatement,
  setSessionCookie,
} from "../auth/session";
import {
  confirmSignin,
  inspectSignin,
  requestSigninLink,
  SIGNIN_LINK_TTL_MS,
  type SigninFailure,
  safeNext,
} from "../auth/signin";
import { clientIp, csrfTokenFor } from "../auth/web";
import type { AppEnv } from "../http/context";
import { deferFor } from "../http/defer";
import { AppError, validationError } from "../platform/errors";
import { errorBody } from "../platform/http-errors";

export const signinRequestSchema = z.object({
  email: z.email({ error: "Địa chỉ thư điện tử không hợp lệ" }).max(254, "Địa chỉ thư điện tử quá dài"),
  next: z.string().max(500).optional(),
});

export const authRoutes = new Hono<AppEnv>();

function SigninForm(props: { csrf: string; email?: string; next?: string | null; error?: string }) {
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

function rateLimitedMessage(resetAt: number): string {
  return `Quá nhiều yêu cầu đăng nhập. Vui lòng thử lại sau ${formatInstantVi(resetAt)}.`;
}

function retryAfterSeconds(resetAt: number, now: number): string {
  return String(Math.max(1, Math.ceil((resetAt - now) / 1000)));
}

authRoutes.get("/dang-nhap", publicRoute(), async (c) => {
  const principal = c.var.principal;
  const csrf = await csrfTokenFor(c);
  if (principal) {
    return renderPage(
      c,
      "Đăng nhập",
      <>
        <h1>Đồng chí đã đăng nhập</h1>
        <p>
          Đang đăng nhập với tên <strong>{principal.fullName}</strong> ({principal.email}).
        </p>
        <p>
          <a class="button" href="/">
            Về trang chủ
          </a>
        </p>
        <form method="post" action="/dang-xuat-tat-ca" class="card">
          <CsrfField token={csrf} />
          <p>Đăng xuất khỏi mọi thiết bị và trình duyệt đang đăng nhập bằng tài khoản này.</p>
          <button type="submit" class="secondary">
            Đăng xuất trên mọi thiết bị
          </button>
        </form>
      </>,
    );
  }
  const next = safeNext(c.req.query("next"));
  c.header("cache-control", "no-store");
  return renderPage(
    c,
    "Đăng nhập",
    <>
      <h1>Đăng nhập</h1>
      <SigninForm csrf={csrf} next={next} />
    </>,
  );
});

authRoutes.post("/dang-nhap", publicRoute(), async (c) => {
  const body = await c.req.parseBody();
  const parsed = signinRequestSchema.safeParse({
    email: typeof body.email === "string" ? body.email.trim() : body.email,
    next: typeof body.next === "string" && body.next !== "" ? body.next : undefined,
  });
  const csrf = await csrfTokenFor(c);
  if (!parsed.success) {
    return renderPage(
      c,
      "Đăng nhập",
      <>
        <h1>Đăng nhập</h1>
        <SigninForm
          csrf={csrf}
          email={typeof body.email === "string" ? body.email.slice(0, 254) : ""}
          next={safeNext(typeof body.next === "string" ? body.next : null)}
          error={parsed.error.issues.find((i) => i.path[0] === "email")?.message ?? "Dữ liệu không hợp lệ"}
        />
      </>,
      422,
    );
  }
  const outcome = await requestSigninLink(c.env, c.var.config, {
    email: parsed.data.email,
    next: safeNext(parsed.data.next),
    ip: clientIp(c),
    now: c.var.now,
    defer: deferFor(c),
  });
  c.header("cache-control", "no-store");
  if (outcome.kind === "rate_limited") {
    c.header("retry-after", retryAfterSeconds(outcome.resetAt, c.var.now));
    return renderPage(
      c,
      "Quá nhiều yêu cầu",
      <>
        <h1>Quá nhiều yêu cầu đăng nhập</h1>
        <p class="notice" role="alert">
          {rateLimitedMessage(outcome.resetAt)}
        </p>
      </>,
      429,
    );
  }
  return renderPage(
    c,
    "Kiểm tra hộp thư",
    <>
      <h1>Kiểm tra hộp thư của đồng chí</h1>
      <p role="status">
        Nếu địa chỉ <strong>{parsed.data.email}</strong> có trong hệ thống, một liên kết đăng nhập vừa được
        gửi tới địa chỉ đó. Liên kết chỉ dùng được một lần và hết hạn sau {SIGNIN_LINK_TTL_MS / 60_000} phút.
      </p>
      <p>
        Không nhận được thư? Hãy kiểm tra thư mục thư rác, hoặc <a href="/dang-nhap">yêu cầu liên kết mới</a>.
      </p>
    </>,
  );
});

const FAILURES = {
  invalid: {
    status: 400,
    title: "Liên kết đăng nhập không hợp lệ",
    text: "Liên kết không đúng hoặc đã bị thay đổi. Hãy mở đúng liên kết trong thư, hoặc yêu cầu một liên kết mới.",
  },
  expired: {
    status: 410,
    title: "Liên kết đăng nhập đã hết hạn",
    text: `Mỗi liên kết chỉ có hiệu lực trong ${SIGNIN_LINK_TTL_MS / 60_000} phút. Vui lòng yêu cầu một liên kết mới.`,
  },
  used: {
    status: 410,
    title: "Liên kết đăng nhập đã được sử dụng",
    text: "Mỗi liên kết chỉ dùng được một lần. Nếu chưa đăng nhập được, vui lòng yêu cầu một liên kết mới.",
  },
} as const;

function failurePage(c: Context<AppEnv>, kind: SigninFailure) {
  const f = FAILURES[kind];
  c.header("cache-control", "no-store");
  return renderPage(
    c,
    f.title,
    <>
      <h1>{f.title}</h1>
      <p role="alert">{f.text}</p>
      <p>
        <a class="button" href="/dang-nhap">
          Yêu cầu liên kết mới
        </a>
      </p>
    </>,
    f.status,
  );
}

// Opening the emailed link only shows a confirm button: mail gateways and link scanners fetch
// the links in a message, and a GET that signed in would burn the link before its owner came.
authRoutes.get("/dang-nhap/xac-nhan", publicRoute(), async (c) => {
  c.header("cache-control", "no-store");
  const token = c.req.query("token") ?? "";
  const outcome = await inspectSignin(c.env.DB, token, { ip: clientIp(c), now: c.var.now });
  if (outcome.kind !== "valid") return failurePage(c, outcome.kind);
  const csrf = await csrfTokenFor(c);
  return renderPage(
    c,
    "Đăng nhập vào hệ thống",
    <>
      <h1>Đăng nhập vào hệ thống</h1>
      <form method="post" action="/dang-nhap/xac-nhan" class="card">
        <CsrfField token={csrf} />
        <input type="hidden" name="token" value={token} />
        <p>
          Đăng nhập bằng địa chỉ <strong>{maskEmail(outcome.email)}</strong>. Liên kết dùng được đến{" "}
          {formatInstantVi(outcome.expiresAt)}.
        </p>
        <p>
          <button type="submit" class="big">
            Đăng nhập
          </button>
        </p>
        <p class="muted">Nếu đồng chí không yêu cầu đăng nhập, hãy đóng trang này.</p>
      </form>
    </>,
  );
});

authRoutes.post("/dang-nhap/xac-nhan", publicRoute(), async (c) => {
  c.header("cache-control", "no-store");
  const body = await c.req.parseBody();
  const token = typeof body.token === "string" ? body.token : "";
  const outcome = await confirmSignin(c.env.DB, token, {
    ip: clientIp(c),
    userAgent: c.req.header("user-agent") ?? null,
    now: c.var.now,
    previousSessionId: c.var.principal?.sessionId,
  });
  if (outcome.kind !== "ok") return failurePage(c, outcome.kind);
  setSessionCookie(c, outcome.sessionToken);
  return c.redirect(outcome.next, 303);
});

async function signOut(c: Context<AppEnv>, everywhere: boolean): Promise<void> {
  const p = c.var.principal!;
  const db = c.env.DB;
  const now = c.var.now;
  const statements: D1PreparedStatement[] = [];
  if (everywhere) statements.push(revokeAllSessionsStatement(db, p.personId, now));
  else if (p.sessionId) statements.push(revokeSessionStatement(db, p.sessionId, now));
  else return; // An API token has no session to end.
  statements.push(
    auditStatement(db, {
      at: now,
      actorPersonId: p.personId,
      actorKind: p.kind,
      action: everywhere ? "auth.signed_out_everywhere" : "auth.signed_out",
      entityType: "session",
      entityId: p.sessionId ?? null,
      ip: clientIp(c),
    }),
  );
  await db.batch(statements);
  clearSessionCookie(c);
}

authRoutes.post("/dang-xuat", signedIn(), async (c) => {
  await signOut(c, false);
  return c.redirect("/", 303);
});

authRoutes.post("/dang-xuat-tat-ca", personOnly("account.sessions"), async (c) => {
  await signOut(c, true);
  return c.redirect("/", 303);
});

// JSON equivalents.

authRoutes.post("/api/auth/signin-request", publicRoute(), async (c) => {
  const json = await c.req.json().catch(() => {
    throw new AppError("malformed", "invalid_json", "Nội dung gửi lên không phải JSON hợp lệ");
  });
  const parsed = signinRequestSchema.safeParse(json);
  if (!parsed.success) throw validationError(parsed.error);
  const outcome = await requestSigninLink(c.env, c.var.config, {
    email: parsed.data.email,
    next: safeNext(parsed.data.next),
    ip: clientIp(c),
    now: c.var.now,
    defer: deferFor(c),
  });
  if (outcome.kind === "rate_limited") {
    c.header("retry-after", retryAfterSeconds(outcome.resetAt, c.var.now));
    return c.json(
      errorBody(new AppError("rate_limited", "rate_limited", rateLimitedMessage(outcome.resetAt))),
      429,
    );
  }
  return c.json(
    {
      ok: true,
      message: "Nếu địa chỉ có trong hệ thống, một liên kết đăng nhập vừa được gửi tới địa chỉ đó.",
    },
    202,
  );
});

authRoutes.get("/api/auth/me", signedIn(), (c) => {
  const p = c.var.principal!;
  return c.json({
    kind: p.kind,
    personId: p.personId,
    email: p.email,
    fullName: p.fullName,
    grants: p.grants.map((g) => ({ ...g, roleLabel: ROLE_LABELS[g.role] })),
    csrfToken: p.csrfToken ?? null,
  });
});

authRoutes.post("/api/auth/signout", signedIn(), async (c) => {
  await signOut(c, false);
  return c.json({ ok: true });
});

authRoutes.post("/api/auth/signout-all", personOnly("account.sessions"), async (c) => {
  await signOut(c, true);
  return c.json({ ok: true });
});
