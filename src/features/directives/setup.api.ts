/**
 * The directive set-up JSON API (`directive.manage`): register and edit a directive, add its
 * guidance documents, its indicators and their targets per organisation and year.
 */
import { Hono } from "hono";
import { guardOf, requirePolicy, signedIn } from "../../auth/guard";
import {
  directiveSchema,
  documentTypeLabel,
  indicatorSchema,
  targetSchema,
} from "../../domain/directive-registration";
import type { AppEnv } from "../../http/context";
import { changeMeta } from "../../pages/setup-bits";
import { forbidden, notFound } from "../../platform/errors";
import { readBody } from "../../platform/http-input";
import { addDocument } from "./directives.service";
import { actorOf } from "./documents.http";
import { listIndicators, listTargets, loadIndicator } from "./indicators.queries";
import { authorizeOrg, directiveJson, invalid, loadForManage, parse, readJson } from "./setup.http";
import { listDirectiveRows, loadDirectiveForEdit } from "./setup.queries";
import {
  deleteTarget,
  registerDirective,
  StaleDirectiveError,
  saveIndicator,
  setTarget,
  updateDirective,
} from "./setup.service";

export const setupApi = new Hono<AppEnv>();

setupApi.get("/api/directives", signedIn(), async (c) => {
  const results = await listDirectiveRows(c.env.DB);
  return c.json({ directives: results.map((r) => ({ ...r, docTypeLabel: documentTypeLabel(r.docType) })) });
});

setupApi.post("/api/directives", requirePolicy("directive.manage", "in-handler"), async (c) => {
  const input = parse(directiveSchema, await readJson(c));
  await authorizeOrg(c, input.organisationId);
  const id = await registerDirective(c.env.DB, input, changeMeta(c));
  return c.json(directiveJson((await loadDirectiveForEdit(c.env.DB, id))!), 201);
});

setupApi.put("/api/directives/:id", requirePolicy("directive.manage", "in-handler"), async (c) => {
  const existing = await loadForManage(c, c.req.param("id"));
  const input = parse(directiveSchema, await readJson(c));
  if (existing.organisationId) await authorizeOrg(c, existing.organisationId);
  await authorizeOrg(c, input.organisationId);
  try {
    await updateDirective(c.env.DB, existing, input, changeMeta(c));
  } catch (err) {
    if (err instanceof StaleDirectiveError) {
      return c.json(
        {
          error: { code: err.code, message: err.message, fields: err.fields },
          current: directiveJson(err.current),
          yours: input,
        },
        409,
      );
    }
    throw err;
  }
  return c.json(directiveJson((await loadDirectiveForEdit(c.env.DB, existing.id))!));
});

setupApi.post("/api/directives/:id/guidance", requirePolicy("directive.manage", "in-handler"), async (c) => {
  const { data } = await readBody(c);
  const doc = await addDocument(
    c.env.DB,
    c.req.param("id"),
    data,
    guardOf(c),
    actorOf(c),
    c.var.now,
    "directive.manage",
  );
  return c.json({ document: doc }, 201);
});

setupApi.get("/api/directives/:id/indicators", signedIn(), async (c) => {
  const d = await loadForManage(c, c.req.param("id"));
  const [indicators, targets] = await Promise.all([
    listIndicators(c.env.DB, d.id),
    listTargets(c.env.DB, d.id),
  ]);
  return c.json({
    indicators: indicators.map((i) => ({
      ...i,
      targets: targets.filter((t) => t.indicatorId === i.id).map(({ indicatorId: _, ...t }) => t),
    })),
  });
});

setupApi.post(
  "/api/directives/:id/indicators",
  requirePolicy("directive.manage", "in-handler"),
  async (c) => {
    const d = await loadForManage(c, c.req.param("id"));
    const input = parse(indicatorSchema, await readJson(c));
    if (!d.organisationId) throw forbidden();
    await authorizeOrg(c, d.organisationId);
    const saved = await saveIndicator(c.env.DB, d, input, changeMeta(c));
    return c.json({ indicator: await loadIndicator(c.env.DB, saved.id) }, saved.created ? 201 : 200);
  },
);

setupApi.post("/api/indicators/:id/targets", requirePolicy("directive.manage", "in-handler"), async (c) => {
  const indicator = await loadIndicator(c.env.DB, c.req.param("id"));
  if (!indicator) throw notFound("Không tìm thấy chỉ tiêu");
  const input = parse(targetSchema, await readJson(c));
  // A commission sets the targets of the committees it follows (the central one: any).
  await authorizeOrg(c, input.organisationId);
  await setTarget(c.env.DB, indicator, input, changeMeta(c));
  return c.json({ target: { indicatorId: indicator.id, ...input } });
});

setupApi.delete(
  "/api/indicators/:id/targets/:organisationId/:year",
  requirePolicy("directive.manage", "in-handler"),
  async (c) => {
    const indicator = await loadIndicator(c.env.DB, c.req.param("id"));
    if (!indicator) throw notFound("Không tìm thấy chỉ tiêu");
    const year = Number(c.req.param("year"));
    if (!Number.isInteger(year)) throw invalid([{ field: "year", message: "Năm phải là số nguyên" }]);
    await authorizeOrg(c, c.req.param("organisationId"));
    const deleted = await deleteTarget(
      c.env.DB,
      indicator,
      c.req.param("organisationId"),
      year,
      changeMeta(c),
    );
    if (!deleted) throw notFound("Không có mục tiêu này");
    return c.json({ deleted: true });
  },
);
