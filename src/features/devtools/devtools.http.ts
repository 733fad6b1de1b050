import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../http/context";
import { AppError, notFound } from "../../platform/errors";

/** The development tools answer 404 in production, before anything else runs. */
export const devOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.config.appEnv === "production") throw new AppError("not_found", "not_found", "Không tìm thấy");
  await next();
});

/** The local mailbox and the send ledger answer 404 in production and whenever mail really leaves. */
export const outboxOnly = createMiddleware<AppEnv>(async (c, next) => {
  const { appEnv, emailTransport } = c.var.config;
  if (appEnv === "production" || emailTransport !== "outbox")
    throw notFound("Không tìm thấy trang hoặc tài nguyên");
  await next();
});
