import type { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import * as z from "zod";
import { publicRoute } from "./auth/guard";
import { authMiddleware } from "./auth/web";
import { currentTime } from "./clock";
import { authRoutes } from "./features/auth";
import { calendarRoutes } from "./features/calendar";
import { directiveRoutes, directiveSetupRoutes, documentRoutes, planRoutes } from "./features/directives";
import { docsRoutes } from "./features/docs";
import { homeRoutes } from "./features/home";
import { monitoringRoutes } from "./features/monitoring";
import { notificationRoutes } from "./features/notifications";
import { organisationRoutes } from "./features/organisations";
import {
  extensionRequestRoutes,
  reportDocumentRoutes,
  reportFormRoutes,
  reportRoutes,
} from "./features/reporting";
import { reviewRoutes } from "./features/review";
import { escalationPolicyRoutes, scheduleRoutes } from "./features/schedules";
import type { AppEnv } from "./http/context";
import { bodyEdge } from "./http/edge";
import { errorPage, wantsHtml } from "./pages/error";
import { ConfigError, configFor } from "./platform/config";
import { AppError } from "./platform/errors";
import { errorBody, fromHttpException, httpStatusOf } from "./platform/http-errors";
import { createApi } from "./platform/openapi";
import { vietnameseIssueMessage } from "./platform/validation-messages";

// Validation messages for people are Vietnamese, without type names or codes.
z.config({ localeError: vietnameseIssueMessage });

/** The feature routers, in the order they are mounted (the development tools go in between). */
const routersBeforeDevTools = [
  homeRoutes,
  authRoutes,
  calendarRoutes,
  organisationRoutes,
  // Before directiveRoutes: `/chi-thi/moi` must not be read as the directive "moi".
  directiveSetupRoutes,
  directiveRoutes,
  escalationPolicyRoutes,
  reportFormRoutes,
  documentRoutes,
  planRoutes,
];
const routersAfterDevTools = [
  notificationRoutes,
  reportDocumentRoutes,
  extensionRequestRoutes,
  reportRoutes,
  monitoringRoutes,
  reviewRoutes,
  scheduleRoutes,
];

export interface AppOptions {
  /**
   * Mounts the development tools (simulated clock, demo data, local mailbox, bench paths).
   * Only the development entry (`src/index.dev.ts`) passes it, so they and the demo data
   * are not in the production bundle.
   */
  devTools?: (app: Hono<AppEnv>) => void;
}

export function createApp(options: AppOptions = {}) {
  // An OpenAPI router at the root, so the feature routers' definitions reach the document.
  const app = createApi();

  app.use("*", async (c, next) => {
    const config = configFor(c.env);
    c.set("config", config);
    c.set("now", await currentTime(c.env.DB, config));
    await next();
  });
  // Body size limits, characters no output can carry (422), NFC: before anyone reads a body.
  app.use("*", bodyEdge);
  // Security headers, the principal (session or API token), deny-by-default, CSRF.
  app.use("*", ...authMiddleware);

  app.get("/healthz", publicRoute(), (c) => c.json({ ok: true, env: c.var.config.appEnv }));
  for (const routes of routersBeforeDevTools) app.route("/", routes);
  options.devTools?.(app);
  for (const routes of routersAfterDevTools) app.route("/", routes);
  app.route(
    "/",
    docsRoutes(() => app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "", version: "" } })),
  );

  app.notFound((c) => {
    const err = new AppError("not_found", "not_found", "Không tìm thấy trang hoặc tài nguyên");
    if (wantsHtml(c)) return errorPage(c, err);
    return c.json(errorBody(err), 404);
  });

  // The one place a failure becomes an HTTP status.
  app.onError((thrown, c) => {
    const err = thrown instanceof HTTPException ? fromHttpException(thrown) : thrown;
    if (err instanceof AppError) {
      if (wantsHtml(c)) return errorPage(c, err);
      return c.json(errorBody(err), httpStatusOf(err));
    }
    if (err instanceof ConfigError) {
      console.error(err.message);
      return c.json({ error: { code: "config_invalid", message: err.message, fields: [] } }, 503);
    }
    console.error("unhandled error", err);
    return c.json(
      { error: { code: "internal", message: "Lỗi hệ thống, vui lòng thử lại sau", fields: [] } },
      500,
    );
  });

  return app;
}
