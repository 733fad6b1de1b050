/**
 * Per-person email preferences (`/cai-dat/thong-bao`): which digests to receive, the weekday of
 * the weekly one, and whether pre-deadline reminders are gathered into the morning digest.
 * Saving re-enables a digest unsubscribed by one click.
 */
import { Hono } from "hono";
import { personOnly } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { csrfTokenFor } from "../../auth/web";
import type { AppEnv } from "../../http/context";
import { parseWith } from "../../platform/http-input";
import { PreferencesView } from "./notifications.views";
import { preferencesForm } from "./subscriptions.schemas";
import { loadPreferences, savePreferences } from "./subscriptions.service";

export const preferencesPages = new Hono<AppEnv>();

preferencesPages.get("/cai-dat/thong-bao", personOnly("account.preferences"), async (c) => {
  const preferences = await loadPreferences(c.env.DB, c.var.principal!.personId);
  return renderPage(
    c,
    "Tùy chọn nhận thư",
    <PreferencesView
      preferences={preferences}
      saved={c.req.query("da-luu") === "1"}
      csrf={await csrfTokenFor(c)}
    />,
  );
});

preferencesPages.post("/cai-dat/thong-bao", personOnly("account.preferences"), async (c) => {
  const principal = c.var.principal!;
  const body = await c.req.parseBody();
  const input = parseWith(preferencesForm, {
    weekly: body.weekly,
    morning: body.morning,
    reminders_in_digest: body.reminders_in_digest,
    weekday: body.weekday ?? "1",
  });
  await savePreferences(c.env.DB, { personId: principal.personId, kind: principal.kind }, input, c.var.now);
  if ((c.req.header("accept") ?? "").includes("application/json")) return c.json({ preferences: input });
  return c.redirect("/cai-dat/thong-bao?da-luu=1", 303);
});
