/**
 * The directive set-up pages (`directive.manage`): register a directive, resolution or conclusion
 * with its sections, edit it, and the set-up hub (guidance documents, indicators, targets, links
 * on to the report forms, schedules and escalation policies).
 */
import { type Context, Hono } from "hono";
import { requirePolicy, signedIn } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { scopeFor } from "../../auth/policy";
import { csrfTokenFor } from "../../auth/web";
import { directiveSchema, indicatorSchema, targetSchema } from "../../domain/directive-registration";
import { ORGANISATION_KINDS } from "../../domain/enums";
import { fieldNumber } from "../../domain/numbers";
import type { AppEnv } from "../../http/context";
import { redirectOrErrors } from "../../pages/page-bits";
import { flatForm, maySetUpAny, numberField } from "../../pages/setup-bits";
import { AppError, fieldErrorsFromZod, forbidden, notFound } from "../../platform/errors";
import { blankToUndefined, parseWith, readBody } from "../../platform/http-input";
import { committeesInScope } from "../organisations";
import { listFormFamilies } from "../reporting";
import { addDocumentBy } from "./documents.http";
import { listIndicators, listTargets, loadIndicator } from "./indicators.queries";
import { type DirectiveFormMode, DirectiveFormView, directiveFormTitle } from "./setup.form.views";
import {
  authorizedWrite,
  type DirectiveFormState,
  directiveFromForm,
  loadForManage,
  mayManage,
  rowsOf,
  saveIndicatorAuthorized,
  updateAuthorized,
} from "./setup.http";
import { directiveDocumentRows, directiveScheduleRows, type StoredDirective } from "./setup.queries";
import {
  deleteTarget,
  inputOfDirective,
  registerDirective,
  StaleDirectiveError,
  setTarget,
} from "./setup.service";
import { SetupHubView } from "./setup.views";

export const setupPages = new Hono<AppEnv>();

async function directiveFormPage(
  c: Context<AppEnv>,
  mode: DirectiveFormMode,
  state: DirectiveFormState,
  status: 200 | 409 | 422 = 200,
) {
  const csrf = await csrfTokenFor(c);
  const orgs = await committeesInScope(c.env.DB, scopeFor(c.var.principal, "directive.manage"));
  return renderPage(
    c,
    directiveFormTitle(mode),
    <DirectiveFormView mode={mode} state={state} csrf={csrf} orgs={orgs} />,
    status,
  );
}

async function handleDirectiveForm(c: Context<AppEnv>, mode: DirectiveFormMode) {
  const form = await flatForm(c);
  const { raw, rows } = directiveFromForm(form);
  const values: DirectiveFormState["values"] = {
    number: String(raw.number),
    issuer: String(raw.issuer),
    issuedOn: String(raw.issuedOn),
    title: String(raw.title),
    summary: (raw.summary as string | null) ?? null,
    organisationId: String(raw.organisationId),
    ...(typeof raw.revision === "number" ? { revision: raw.revision } : {}),
  };
  const stay = (extra: Partial<DirectiveFormState>, status: 200 | 409 | 422 = 200) => {
    // Redrawing the form (adding a row, showing errors) saves nothing; it is for those who may set up.
    if (!maySetUpAny(c)) throw forbidden();
    c.set("authorized", [...(c.var.authorized ?? []), "directive.manage"]);
    return directiveFormPage(c, mode, { values, sections: rows, ...extra }, status);
  };
  if ((form.intent ?? "save") !== "save") return stay({});
  const parsed = directiveSchema.safeParse(raw);
  if (!parsed.success) return stay({ errors: fieldErrorsFromZod(parsed.error) }, 422);
  try {
    if (mode.kind === "create") {
      const id = await authorizedWrite(c, parsed.data.organisationId, (db, meta) =>
        registerDirective(db, parsed.data, meta),
      );
      return c.redirect(`/chi-thi/${encodeURIComponent(id)}/thiet-lap?da=luu`, 303);
    }
    await updateAuthorized(c, mode.directive, parsed.data);
    return c.redirect(`/chi-thi/${encodeURIComponent(mode.directive.id)}/thiet-lap?da=luu`, 303);
  } catch (err) {
    if (err instanceof StaleDirectiveError) {
      return directiveFormPage(
        c,
        { kind: "edit", directive: err.current },
        {
          values: { ...values, revision: err.current.revision },
          sections: rows,
          message: err.message,
          current: err.current,
        },
        409,
      );
    }
    if (err instanceof AppError && (err.kind === "invalid" || err.kind === "conflict")) {
      return stay({ errors: err.fields, message: err.message }, err.kind === "conflict" ? 409 : 422);
    }
    throw err;
  }
}

setupPages.get("/chi-thi/moi", signedIn(), async (c) => {
  if (!maySetUpAny(c)) throw forbidden();
  const orgs = await committeesInScope(c.env.DB, scopeFor(c.var.principal, "directive.manage"));
  return directiveFormPage(
    c,
    { kind: "create" },
    {
      values: {
        number: "",
        issuer: "",
        issuedOn: "",
        title: "",
        summary: "",
        organisationId: orgs[0]?.id ?? "",
      },
      sections: [{ number: "1", title: "", titleIsEditorial: false, body: "", isTaskGroup: true }],
    },
  );
});

setupPages.post("/chi-thi/moi", requirePolicy("directive.manage", "in-handler"), (c) =>
  handleDirectiveForm(c, { kind: "create" }),
);

setupPages.get("/chi-thi/:id/sua", signedIn(), async (c) => {
  const d = await loadForManage(c, c.req.param("id"));
  if (!mayManage(c, d)) throw forbidden();
  const input = inputOfDirective(d);
  const { sections, ...values } = input;
  return directiveFormPage(c, { kind: "edit", directive: d }, { values, sections: rowsOf(sections) });
});

setupPages.post("/chi-thi/:id/sua", requirePolicy("directive.manage", "in-handler"), async (c) => {
  const d = await loadForManage(c, c.req.param("id"));
  return handleDirectiveForm(c, { kind: "edit", directive: d });
});

/** Who may issue guidance on a directive: every kind of organisation but grassroots units and state bodies. */
const GUIDANCE_ISSUER_KINDS = ORGANISATION_KINDS.filter((k) => k !== "grassroots" && k !== "state_body");

setupPages.get("/chi-thi/:id/thiet-lap", signedIn(), async (c) => {
  const db = c.env.DB;
  const d = await loadForManage(c, c.req.param("id"));
  if (!mayManage(c, d)) throw forbidden();
  const [indicators, targets, forms, committees, docs, schedules] = await Promise.all([
    listIndicators(db, d.id),
    listTargets(db, d.id),
    listFormFamilies(db, d.id),
    committeesInScope(db, scopeFor(c.var.principal, "directive.manage"), GUIDANCE_ISSUER_KINDS, 500),
    directiveDocumentRows(db, d.id, d.documentId),
    directiveScheduleRows(db, d.id),
  ]);
  const csrf = await csrfTokenFor(c);
  return renderPage(
    c,
    `Thiết lập ${d.code}`,
    <SetupHubView
      d={d}
      saved={c.req.query("da") === "luu"}
      csrf={csrf}
      indicators={indicators}
      targets={targets}
      forms={forms}
      committees={committees}
      docs={docs}
      schedules={schedules}
    />,
  );
});

/** A form post on the set-up page: on success back to it, on failure a page with the errors. */
async function setupAction(
  c: Context<AppEnv>,
  run: (form: Record<string, string>, d: StoredDirective) => Promise<void>,
) {
  const d = await loadForManage(c, c.req.param("id") ?? "");
  const back = `/chi-thi/${encodeURIComponent(d.id)}/thiet-lap`;
  return redirectOrErrors(c, back, async () => {
    await run(await flatForm(c), d);
    return `${back}?da=luu`;
  });
}

setupPages.post(
  "/chi-thi/:id/van-ban-huong-dan",
  requirePolicy("directive.manage", "in-handler"),
  async (c) => {
    const d = await loadForManage(c, c.req.param("id"));
    const back = `/chi-thi/${encodeURIComponent(d.id)}/thiet-lap`;
    const { data } = await readBody(c);
    return redirectOrErrors(c, back, async () => {
      await addDocumentBy(c, d.id, blankToUndefined(data), "directive.manage");
      return `${back}?da=luu`;
    });
  },
);

setupPages.post("/chi-thi/:id/chi-tieu", requirePolicy("directive.manage", "in-handler"), (c) =>
  setupAction(c, async (form, d) => {
    const input = parseWith(indicatorSchema, {
      code: form.code ?? "",
      name: form.name ?? "",
      unit: form.unit ?? "",
      valueKind: form.valueKind ?? "",
      aggregation: form.aggregation ?? "",
      sectionNumber: fieldNumber(form.sectionNumber),
      minValue: fieldNumber(form.minValue),
      maxValue: fieldNumber(form.maxValue),
      baselineValue: fieldNumber(form.baselineValue),
      baselineYear: fieldNumber(form.baselineYear),
    });
    await saveIndicatorAuthorized(c, d, input);
  }),
);

setupPages.post("/chi-thi/:id/muc-tieu", requirePolicy("directive.manage", "in-handler"), (c) =>
  setupAction(c, async (form, d) => {
    const indicator = await loadIndicator(c.env.DB, form.indicatorId ?? "");
    if (!indicator || indicator.directiveId !== d.id) throw notFound("Không tìm thấy chỉ tiêu");
    const input = parseWith(targetSchema, {
      organisationId: form.organisationId ?? "",
      year: numberField(form.year),
      value: numberField(form.value),
      comparator: form.comparator ?? "",
      note: form.note?.trim() ? form.note : null,
    });
    await authorizedWrite(c, input.organisationId, (db, meta) => setTarget(db, indicator, input, meta));
  }),
);

setupPages.post("/chi-thi/:id/muc-tieu/xoa", requirePolicy("directive.manage", "in-handler"), (c) =>
  setupAction(c, async (form, d) => {
    const indicator = await loadIndicator(c.env.DB, form.indicatorId ?? "");
    if (!indicator || indicator.directiveId !== d.id) throw notFound("Không tìm thấy chỉ tiêu");
    const organisationId = form.organisationId ?? "";
    await authorizedWrite(c, organisationId, (db, meta) =>
      deleteTarget(db, indicator, organisationId, Number(form.year), meta),
    );
  }),
);
