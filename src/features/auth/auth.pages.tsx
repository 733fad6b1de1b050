/** Sign-in by emailed link and sign-out: /dang-nhap, /dang-nhap/xac-nhan, /dang-xuat, /dang-xuat-tat-ca. */
import { type Context, Hono } from "hono";
import { personOnly, publicRoute, signedIn } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { setSessionCookie } from "../../auth/session";
import { clientIp, csrfTokenFor } from "../../auth/web";
import type { AppEnv } from "../../http/context";
import { deferFor } from "../../http/defer";
import { signOutRequest } from "./auth.http";
import { signinRequestSchema } from "./auth.schemas";
import { rateLimitedMessage, retryAfterSeconds } from "./auth.service";
import {
  CheckMailView,
  ConfirmSigninView,
  RateLimitedView,
  SIGNIN_FAILURES,
  SignedInView,
  SigninFailureView,
  SigninView,
} from "./auth.views";
import {
  confirmSignin,
  inspectSignin,
  requestSigninLink,
  type SigninFailure,
  safeNext,
} from "./signin.service";

export const authPages = new Hono<AppEnv>();

authPages.get("/dang-nhap", publicRoute(), async (c) => {
  const principal = c.var.principal;
  const csrf = await csrfTokenFor(c);
  if (principal) {
    return renderPage(
      c,
      "Đăng nhập",
      <SignedInView fullName={principal.fullName} email={principal.email} csrf={csrf} />,
    );
  }
  const next = safeNext(c.req.query("next"));
  c.header("cache-control", "no-store");
  return renderPage(c, "Đăng nhập", <SigninView csrf={csrf} next={next} />);
});

authPages.post("/dang-nhap", publicRoute(), async (c) => {
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
      <SigninView
        csrf={csrf}
        email={typeof body.email === "string" ? body.email.slice(0, 254) : ""}
        next={safeNext(typeof body.next === "string" ? body.next : null)}
        error={parsed.error.issues.find((i) => i.path[0] === "email")?.message ?? "Dữ liệu không hợp lệ"}
      />,
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
      <RateLimitedView message={rateLimitedMessage(outcome.resetAt)} />,
      429,
    );
  }
  return renderPage(c, "Kiểm tra hộp thư", <CheckMailView email={parsed.data.email} />);
});

function failurePage(c: Context<AppEnv>, kind: SigninFailure) {
  const f = SIGNIN_FAILURES[kind];
  c.header("cache-control", "no-store");
  return renderPage(c, f.title, <SigninFailureView kind={kind} />, f.status);
}

// Opening the emailed link only shows a confirm button: mail gateways and link scanners fetch
// the links in a message, and a GET that signed in would burn the link before its owner came.
authPages.get("/dang-nhap/xac-nhan", publicRoute(), async (c) => {
  c.header("cache-control", "no-store");
  const token = c.req.query("token") ?? "";
  const outcome = await inspectSignin(c.env.DB, token, { ip: clientIp(c), now: c.var.now });
  if (outcome.kind !== "valid") return failurePage(c, outcome.kind);
  const csrf = await csrfTokenFor(c);
  return renderPage(
    c,
    "Đăng nhập vào hệ thống",
    <ConfirmSigninView csrf={csrf} token={token} email={outcome.email} expiresAt={outcome.expiresAt} />,
  );
});

authPages.post("/dang-nhap/xac-nhan", publicRoute(), async (c) => {
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

authPages.post("/dang-xuat", signedIn(), async (c) => {
  await signOutRequest(c, false);
  return c.redirect("/", 303);
});

authPages.post("/dang-xuat-tat-ca", personOnly("account.sessions"), async (c) => {
  await signOutRequest(c, true);
  return c.redirect("/", 303);
});
