/** The reporting schedules' pages: /lich-bao-cao … (form → service → redirect or page). */
import type { Context } from "hono";
import { Hono } from "hono";
import { loadOrg, requirePolicy, signedIn } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { csrfTokenFor } from "../../auth/web";
import { ruleOf } from "../../domain/schedule-rule";
import { localDate } from "../../domain/time";
import type { AppEnv } from "../../http/context";
import { AppError, fieldErrorsFromZod, forbidden } from "../../platform/errors";
import {
  type ScheduleFormMode,
  type ScheduleFormState,
  ScheduleFormView,
  scheduleFormTitle,
} from "./schedules.form.views";
import { saveSchedule, scheduleDetail, upcomingFrom } from "./schedules.http";
import { listSchedules, newestFormOf, scheduleOptions } from "./schedules.queries";
import { scheduleSchema } from "./schedules.schemas";
import {
  editableSchedule,
  inputOf,
  mayManageAny,
  mayManageRoot,
  periodsOf,
  scheduleScopeOf,
  visibleSchedules,
} from "./schedules.service";
import { ScheduleDetailView, ScheduleListView } from "./schedules.views";

export const schedulesPages = new Hono<AppEnv>();

type FormBody = Record<string, string | string[]>;

/** Form fields -> the JSON shape the schema validates (empty optional dates are null). */
function fromForm(body: FormBody): Record<string, unknown> {
  const one = (k: string) => {
    const v = body[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const optionalDate = (k: string) => {
    const v = one(k)?.trim();
    return v ? v : null;
  };
  const days = one("dueRuleDays")?.trim() ?? "";
  const kinds = body.scopeKinds;
  return {
    name: one("name") ?? "",
    directiveId: one("directiveId") ?? "",
    frequency: one("frequency") ?? "",
    reportKind: one("reportKind") ?? "",
    dueRuleKind: one("dueRuleKind") ?? "",
    dueRuleDays: days === "" ? undefined : Number(days),
    scopeRootId: one("scopeRootId") ?? "",
    scopeKinds: kinds === undefined ? [] : Array.isArray(kinds) ? kinds : [kinds],
    reviewerOrganisationId: one("reviewerOrganisationId") ?? "",
    formId: one("formId") ?? "",
    policyId: one("policyId") ?? "",
    reporterMaySubmit: one("reporterMaySubmit") === "on",
    lowerCommissionsMayComment: one("lowerCommissionsMayComment") === "on",
    startsOn: one("startsOn") ?? "",
    endsOn: optionalDate("endsOn"),
    oneOffCutoffStart: optionalDate("oneOffCutoffStart"),
    oneOffCutoffEnd: optionalDate("oneOffCutoffEnd"),
    active: one("active") === "on",
  };
}

async function schedulePage(
  c: Context<AppEnv>,
  mode: ScheduleFormMode,
  state: ScheduleFormState,
  status: 200 | 422 = 200,
) {
  const options = await scheduleOptions(c.env.DB);
  const csrf = await csrfTokenFor(c);
  return renderPage(
    c,
    scheduleFormTitle(mode),
    <ScheduleFormView mode={mode} state={state} options={options} csrf={csrf} />,
    status,
  );
}

async function handleForm(c: Context<AppEnv>, mode: ScheduleFormMode) {
  const body = (await c.req.parseBody({ all: true })) as FormBody;
  const raw = fromForm(body);
  const parsed = scheduleSchema.safeParse(raw);
  if (!parsed.success) {
    return schedulePage(c, mode, { values: raw, errors: fieldErrorsFromZod(parsed.error) }, 422);
  }
  const intent = Array.isArray(body.intent) ? body.intent[0] : body.intent;
  if (intent === "preview") {
    if (!mayManageAny(c.var.principal)) throw forbidden();
    const preview = await upcomingFrom(c, ruleOf(parsed.data), 12);
    // A preview writes nothing; the form page itself is open to those who may manage schedules.
    c.set("authorized", [...(c.var.authorized ?? []), "directive.manage"]);
    return schedulePage(c, mode, { values: parsed.data, preview });
  }
  try {
    const id = await saveSchedule(c, mode.kind === "create" ? null : mode.id, parsed.data);
    return c.redirect(`/lich-bao-cao/${encodeURIComponent(id)}?da=luu`, 303);
  } catch (e) {
    if (e instanceof AppError && e.kind === "invalid") {
      return schedulePage(c, mode, { values: parsed.data, errors: e.fields }, 422);
    }
    throw e;
  }
}

schedulesPages.get("/lich-bao-cao", signedIn(), async (c) => {
  const db = c.env.DB;
  const all = await listSchedules(db, "active-first");
  const scope = scheduleScopeOf(c.var.principal);
  const rows = await visibleSchedules(db, scope, all);
  const periods = await periodsOf(db, scope, rows, 4);
  return renderPage(
    c,
    "Chế độ báo cáo",
    <ScheduleListView rows={rows} periods={periods} mayManage={mayManageAny(c.var.principal)} />,
  );
});

schedulesPages.get("/lich-bao-cao/moi", signedIn(), async (c) => {
  if (!mayManageAny(c.var.principal)) throw forbidden();
  const today = localDate(c.var.now);
  // From a directive's set-up page: the directive (and its newest form) chosen already.
  const directiveId = c.req.query("directiveId")?.slice(0, 64);
  const form = directiveId ? await newestFormOf(c.env.DB, directiveId) : null;
  return schedulePage(
    c,
    { kind: "create" },
    {
      values: {
        frequency: "semiannual",
        reportKind: "periodic",
        dueRuleKind: "fixed_days",
        dueRuleDays: 6,
        scopeKinds: ["provincial_committee", "central_committee"],
        startsOn: today,
        active: true,
        ...(directiveId ? { directiveId } : {}),
        ...(form ? { formId: form.id } : {}),
      },
    },
  );
});

schedulesPages.post("/lich-bao-cao", requirePolicy("directive.manage", "in-handler"), (c) =>
  handleForm(c, { kind: "create" }),
);

schedulesPages.get("/lich-bao-cao/:id/sua", signedIn(), async (c) => {
  const row = await editableSchedule(c.env.DB, c.var.principal, c.req.param("id"));
  return schedulePage(c, { kind: "edit", id: row.id }, { values: inputOf(row) });
});

schedulesPages.post("/lich-bao-cao/:id", requirePolicy("directive.manage", "in-handler"), (c) =>
  handleForm(c, { kind: "edit", id: c.req.param("id") }),
);

schedulesPages.get("/lich-bao-cao/:id", signedIn(), async (c) => {
  const db = c.env.DB;
  const { row, periods, preview } = await scheduleDetail(c, c.req.param("id"));
  const root = await loadOrg(db, row.scopeRootId);
  return renderPage(
    c,
    row.name,
    <ScheduleDetailView
      row={row}
      periods={periods}
      preview={preview}
      saved={c.req.query("da") === "luu"}
      mayEdit={mayManageRoot(c.var.principal, root)}
    />,
  );
});
