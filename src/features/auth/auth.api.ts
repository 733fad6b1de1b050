/** Sign-in and session JSON API: /api/auth/signin-request (public), /api/auth/me, /api/auth/signout(-all). */
import { personOnly, publicRoute, signedIn } from "../../auth/guard";
import { ROLE_LABELS } from "../../auth/policy";
import { clientIp } from "../../auth/web";
import { deferFor } from "../../http/defer";
import { AppError } from "../../platform/errors";
import { createApi, errorResponse, jsonBody, jsonResponse, routesTagged } from "../../platform/openapi";
import { signOutRequest } from "./auth.http";
import { meJson, okJson, signinAcceptedJson, signinRequestSchema } from "./auth.schemas";
import { rateLimitedMessage, retryAfterSeconds } from "./auth.service";
import { requestSigninLink, safeNext } from "./signin.service";

const route = routesTagged("auth");

export const signinRequestRoute = route.post("/api/auth/signin-request", {
  summary: "Gửi liên kết đăng nhập qua thư điện tử",
  middleware: [publicRoute()],
  security: [],
  request: { body: jsonBody(signinRequestSchema) },
  responses: {
    202: jsonResponse(
      signinAcceptedJson,
      "Đã nhận yêu cầu (trả lời giống nhau dù địa chỉ có tồn tại hay không)",
    ),
    429: {
      ...errorResponse("Quá nhiều yêu cầu đăng nhập (theo địa chỉ hoặc theo máy gửi)"),
      headers: {
        "retry-after": { description: "Số giây cần chờ trước khi thử lại", schema: { type: "string" } },
      },
    },
  },
});

export const meRoute = route.get("/api/auth/me", {
  summary: "Người đang đăng nhập và các vai trò",
  middleware: [signedIn()],
  responses: { 200: jsonResponse(meJson, "Người dùng hiện tại") },
});

export const signoutRoute = route.post("/api/auth/signout", {
  summary: "Đăng xuất phiên hiện tại",
  middleware: [signedIn()],
  responses: { 200: jsonResponse(okJson, "Đã đăng xuất") },
});

export const signoutAllRoute = route.post("/api/auth/signout-all", {
  summary: "Đăng xuất mọi phiên của người dùng",
  middleware: [personOnly("account.sessions")],
  responses: { 200: jsonResponse(okJson, "Đã đăng xuất mọi phiên") },
});

export const authApi = createApi()
  .openapi(signinRequestRoute, async (c) => {
    const input = c.req.valid("json");
    const outcome = await requestSigninLink(c.env, c.var.config, {
      email: input.email,
      next: safeNext(input.next),
      ip: clientIp(c),
      now: c.var.now,
      defer: deferFor(c),
    });
    if (outcome.kind === "rate_limited") {
      // The refusal goes through the one error handler, with the header set here.
      c.header("retry-after", retryAfterSeconds(outcome.resetAt, c.var.now));
      throw new AppError("rate_limited", "rate_limited", rateLimitedMessage(outcome.resetAt));
    }
    return c.json(
      {
        ok: true as const,
        message: "Nếu địa chỉ có trong hệ thống, một liên kết đăng nhập vừa được gửi tới địa chỉ đó.",
      },
      202,
    );
  })
  .openapi(meRoute, (c) => {
    const p = c.var.principal!;
    return c.json(
      {
        kind: p.kind,
        personId: p.personId,
        email: p.email,
        fullName: p.fullName,
        grants: p.grants.map((g) => ({ ...g, roleLabel: ROLE_LABELS[g.role] })),
        csrfToken: p.csrfToken ?? null,
      },
      200,
    );
  })
  .openapi(signoutRoute, async (c) => {
    await signOutRequest(c, false);
    return c.json({ ok: true as const }, 200);
  })
  .openapi(signoutAllRoute, async (c) => {
    await signOutRequest(c, true);
    return c.json({ ok: true as const }, 200);
  });
