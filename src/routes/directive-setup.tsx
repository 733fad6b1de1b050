/**
 * Setting a directive up without code (Commission staff, `directive.manage`): register a
 * directive, resolution or conclusion with its sections, edit it, register its guidance and
 * cascade documents, its indicators and their targets per organisation and year. The set-up
 * page links on to the report forms, schedules and escalation policies. Pages and JSON API.
 */
import { type Context, Hono } from "hono";
import { authorize, guardOf, loadOrg, requirePolicy, signedIn } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import { can } from "../auth/policy";
import { csrfTokenFor } from "../auth/web";
import { INDICATOR_AGGREGATIONS } from "../db/schema";
import {
  type DirectiveInput,
  directiveSchema,
  documentTypeLabel,
  indicatorSchema,
  targetSchema,
  targetText,
} from "../domain/directive-registration";
import { formatDateVi } from "../domain/time";
import {
  addDocument,
  deleteTarget,
  documentActorOf,
  inputOfDirective,
  listDirectiveRows,
  listIndicators,
  listTargets,
  loadDirectiveForEdit,
  loadIndicator,
  registerDirective,
  StaleDirectiveError,
  type StoredDirective,
  saveIndicator,
  setTarget,
  updateDirective,
} from "../features/directives";
import type { AppEnv } from "../http/context";
import { Breadcrumbs, formErrorPage } from "../pages/page-bits";
import {
  changeMeta,
  ErrorSummary,
  FieldErrors,
  flatForm,
  invalidAttrs,
  manageableCommittees,
  maySetUpAny,
  numberField,
  SetupStyles,
} from "../pages/setup-bits";
import { AppError, type FieldError, fieldErrorsFromZod, forbidden, notFound } from "../platform/errors";
import { blankToUndefined, readBody } from "../platform/http-input";
import { listFormFamilies } from "../services/report-forms";

export const directiveSetupRoutes = new Hono<AppEnv>();

const invalid = (fields: FieldError[]) =>
  new AppError("invalid", "validation_failed", "Dữ liệu không hợp lệ", fields);

function parse<T>(
  schema: {
    safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: import("zod").ZodError };
  },
  raw: unknown,
): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw invalid(fieldErrorsFromZod(r.error));
  return r.data;
}

async function readJson(c: Context<AppEnv>): Promise<unknown> {
  return c.req.json().catch(() => {
    throw new AppError("malformed", "invalid_json", "Nội dung gửi lên không phải JSON hợp lệ");
  });
}

async function authorizeOrg(c: Context<AppEnv>, organisationId: string, field = "organisationId") {
  const org = await loadOrg(c.env.DB, organisationId);
  if (!org) throw invalid([{ field, message: "Không tìm thấy tổ chức" }]);
  authorize(c, "directive.manage", org);
}

async function loadForManage(c: Context<AppEnv>, id: string): Promise<StoredDirective> {
  const d = await loadDirectiveForEdit(c.env.DB, id);
  if (!d) throw notFound("Không tìm thấy chỉ thị");
  return d;
}

/** Whether the person may set this directive up (its organisation in their `directive.manage` scope). */
function mayManage(c: Context<AppEnv>, d: StoredDirective): boolean {
  return can(c.var.principal, "directive.manage", d.organisationPath ?? undefined, {
    appEnv: c.var.config.appEnv,
  });
}

function directiveJson(d: StoredDirective) {
  return {
    id: d.id,
    number: d.code,
    docType: d.docType,
    docTypeLabel: documentTypeLabel(d.docType),
    title: d.title,
    subject: d.subject,
    issuer: d.issuer,
    issuedOn: d.issuedOn,
    summary: d.summary,
    organisationId: d.organisationId,
    revision: d.revision,
    sections: d.sections.map(({ id: _id, ...s }) => s),
  };
}

// ---------------------------------------------------------------------------------------------
// JSON API

directiveSetupRoutes.get("/api/directives", signedIn(), async (c) => {
  const results = await listDirectiveRows(c.env.DB);
  return c.json({ directives: results.map((r) => ({ ...r, docTypeLabel: documentTypeLabel(r.docType) })) });
});

directiveSetupRoutes.post("/api/directives", requirePolicy("directive.manage", "in-handler"), async (c) => {
  const input = parse(directiveSchema, await readJson(c));
  await authorizeOrg(c, input.organisationId);
  const id = await registerDirective(c.env.DB, input, changeMeta(c));
  return c.json(directiveJson((await loadDirectiveForEdit(c.env.DB, id))!), 201);
});

directiveSetupRoutes.put(
  "/api/directives/:id",
  requirePolicy("directive.manage", "in-handler"),
  async (c) => {
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
  },
);

directiveSetupRoutes.post(
  "/api/directives/:id/guidance",
  requirePolicy("directive.manage", "in-handler"),
  async (c) => {
    const { data } = await readBody(c);
    const doc = await addDocument(
      c.env.DB,
      c.req.param("id"),
      data,
      guardOf(c),
      documentActorOf(c),
      c.var.now,
      "directive.manage",
    );
    return c.json({ document: doc }, 201);
  },
);

directiveSetupRoutes.get("/api/directives/:id/indicators", signedIn(), async (c) => {
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

directiveSetupRoutes.post(
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

directiveSetupRoutes.post(
  "/api/indicators/:id/targets",
  requirePolicy("directive.manage", "in-handler"),
  async (c) => {
    const indicator = await loadIndicator(c.env.DB, c.req.param("id"));
    if (!indicator) throw notFound("Không tìm thấy chỉ tiêu");
    const input = parse(targetSchema, await readJson(c));
    // A commission sets the targets of the committees it follows (the central one: any).
    await authorizeOrg(c, input.organisationId);
    await setTarget(c.env.DB, indicator, input, changeMeta(c));
    return c.json({ target: { indicatorId: indicator.id, ...input } });
  },
);

directiveSetupRoutes.delete(
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

// ---------------------------------------------------------------------------------------------
// Pages: register / edit

interface SectionRow {
  number: string;
  title: string;
  titleIsEditorial: boolean;
  body: string;
  isTaskGroup: boolean;
}

interface DirectiveFormState {
  values: Omit<DirectiveInput, "sections" | "revision"> & { revision?: number };
  sections: SectionRow[];
  errors?: FieldError[];
  message?: string;
  current?: StoredDirective;
}

function rowsOf(sections: DirectiveInput["sections"]): SectionRow[] {
  return sections.map((s) => ({ ...s, number: String(s.number) }));
}

/** The page's fields -> the API's shape, with "add a section" / "remove section i" applied. */
function directiveFromForm(form: Record<string, string>): {
  raw: Record<string, unknown>;
  rows: SectionRow[];
} {
  const count = Math.min(99, Number(form.sectionCount ?? "0") || 0);
  let rows: SectionRow[] = [];
  for (let i = 0; i < count; i++) {
    const f = (k: string) => form[`sections.${i}.${k}`];
    rows.push({
      number: f("number") ?? "",
      title: f("title") ?? "",
      titleIsEditorial: f("titleIsEditorial") === "on",
      body: f("body") ?? "",
      isTaskGroup: f("isTaskGroup") === "on",
    });
  }
  const intent = form.intent ?? "save";
  if (intent === "addSection") {
    const next = Math.max(0, ...rows.map((r) => Number(r.number) || 0)) + 1;
    rows.push({ number: String(next), title: "", titleIsEditorial: false, body: "", isTaskGroup: true });
  }
  if (intent.startsWith("removeSection:")) {
    const at = Number(intent.slice("removeSection:".length));
    rows = rows.filter((_, i) => i !== at);
  }
  const revision = numberField(form.revision);
  return {
    raw: {
      number: form.number ?? "",
      issuer: form.issuer ?? "",
      issuedOn: form.issuedOn ?? "",
      title: form.title ?? "",
      summary: form.summary?.trim() ? form.summary : null,
      organisationId: form.organisationId ?? "",
      sections: rows.map((r) => ({
        number: numberField(r.number) ?? Number.NaN,
        title: r.title,
        titleIsEditorial: r.titleIsEditorial,
        body: r.body,
        isTaskGroup: r.isTaskGroup,
      })),
      ...(revision !== undefined ? { revision } : {}),
    },
    rows,
  };
}

async function directiveFormPage(
  c: Context<AppEnv>,
  mode: { kind: "create" } | { kind: "edit"; directive: StoredDirective },
  state: DirectiveFormState,
  status: 200 | 409 | 422 = 200,
) {
  const csrf = await csrfTokenFor(c);
  const orgs = await manageableCommittees(c);
  const errs = state.errors;
  const v = state.values;
  const title =
    mode.kind === "create" ? "Đăng ký chỉ thị, nghị quyết, kết luận" : `Sửa ${mode.directive.code}`;
  const action =
    mode.kind === "create" ? "/chi-thi/moi" : `/chi-thi/${encodeURIComponent(mode.directive.id)}/sua`;
  const text = (name: string, label: string, value: string, attrs: Record<string, unknown> = {}) => (
    <>
      <label for={name}>{label}</label>
      <input id={name} name={name} value={value} {...attrs} {...invalidAttrs(errs, name, name)} />
      <FieldErrors errors={errs} field={name} id={name} />
    </>
  );
  return renderPage(
    c,
    title,
    <>
      <SetupStyles />
      <Breadcrumbs
        items={[
          { href: "/chi-thi", label: "Chỉ thị" },
          ...(mode.kind === "edit"
            ? [
                {
                  href: `/chi-thi/${encodeURIComponent(mode.directive.id)}/thiet-lap`,
                  label: mode.directive.code,
                },
              ]
            : []),
          { label: mode.kind === "create" ? "Đăng ký mới" : "Sửa" },
        ]}
      />
      <h1>{title}</h1>
      <ErrorSummary errors={errs} message={state.message} />
      {state.current ? (
        <section class="card" aria-labelledby="saved-h">
          <h2 id="saved-h">Bản đã lưu (phiên bản {state.current.revision})</h2>
          <p>
            {state.current.title} — ban hành ngày {formatDateVi(state.current.issuedOn)}
          </p>
          {state.current.sections.map((s) => (
            <details>
              <summary>
                {s.number}. {s.title}
              </summary>
              <p>{s.body}</p>
            </details>
          ))}
        </section>
      ) : null}
      <form method="post" action={action} class="card">
        <CsrfField token={csrf} />
        {v.revision !== undefined ? <input type="hidden" name="revision" value={String(v.revision)} /> : null}
        {text("number", "Số hiệu (ví dụ 57-NQ/TW, 52-CT/TW, 123-KL/TW)", v.number, {
          required: true,
          maxlength: 60,
        })}
        {text("issuer", "Cơ quan ban hành (ví dụ Bộ Chính trị, Ban Bí thư)", v.issuer, {
          required: true,
          maxlength: 200,
        })}
        {text("issuedOn", "Ngày ban hành", v.issuedOn, { type: "date", required: true })}
        {text("title", "Trích yếu (về …)", v.title, { required: true, maxlength: 500 })}
        <label for="organisationId">Cấp ủy theo dõi thực hiện</label>
        <select
          id="organisationId"
          name="organisationId"
          required
          {...invalidAttrs(errs, "organisationId", "organisationId")}
        >
          {orgs.map((o) => (
            <option value={o.id} selected={o.id === v.organisationId}>
              {o.name}
            </option>
          ))}
        </select>
        <FieldErrors errors={errs} field="organisationId" id="organisationId" />
        <label for="summary">Toàn văn phần mở đầu (trước các mục đánh số)</label>
        <textarea
          id="summary"
          name="summary"
          maxlength={100000}
          {...invalidAttrs(errs, "summary", "summary")}
        >
          {v.summary ?? ""}
        </textarea>
        <FieldErrors errors={errs} field="summary" id="summary" />
        <h2>Các mục</h2>
        <p class="muted">
          Đánh dấu “Tiêu đề do biên tập” khi văn bản gốc không có tiêu đề cho mục đó (tiêu đề được viết thêm
          để dễ theo dõi); khi hiển thị, tiêu đề ấy được ghi rõ là của biên tập.
        </p>
        <input type="hidden" name="sectionCount" value={String(state.sections.length)} />
        <FieldErrors errors={errs} field="sections" id="sections" />
        {state.sections.map((s, i) => (
          <fieldset>
            <legend>Mục {s.number || i + 1}</legend>
            <label for={`sec${i}-number`}>Số mục</label>
            <input
              id={`sec${i}-number`}
              name={`sections.${i}.number`}
              type="number"
              min={1}
              max={99}
              value={s.number}
              {...invalidAttrs(errs, `sections.${i}.number`, `sec${i}-number`)}
            />
            <FieldErrors errors={errs} field={`sections.${i}.number`} id={`sec${i}-number`} />
            <label for={`sec${i}-title`}>Tiêu đề</label>
            <input
              id={`sec${i}-title`}
              name={`sections.${i}.title`}
              maxlength={500}
              value={s.title}
              {...invalidAttrs(errs, `sections.${i}.title`, `sec${i}-title`)}
            />
            <FieldErrors errors={errs} field={`sections.${i}.title`} id={`sec${i}-title`} />
            <label for={`sec${i}-editorial`} class="check">
              <input
                id={`sec${i}-editorial`}
                type="checkbox"
                name={`sections.${i}.titleIsEditorial`}
                checked={s.titleIsEditorial}
              />{" "}
              Tiêu đề do biên tập (văn bản gốc không có)
            </label>
            <label for={`sec${i}-task`} class="check">
              <input
                id={`sec${i}-task`}
                type="checkbox"
                name={`sections.${i}.isTaskGroup`}
                checked={s.isTaskGroup}
              />{" "}
              Là nhóm nhiệm vụ, giải pháp (bỏ chọn với mục tổ chức thực hiện)
            </label>
            <label for={`sec${i}-body`}>Nội dung</label>
            <textarea
              id={`sec${i}-body`}
              name={`sections.${i}.body`}
              {...invalidAttrs(errs, `sections.${i}.body`, `sec${i}-body`)}
            >
              {s.body}
            </textarea>
            <FieldErrors errors={errs} field={`sections.${i}.body`} id={`sec${i}-body`} />
            <p class="row-actions">
              <button
                type="submit"
                name="intent"
                value={`removeSection:${i}`}
                class="secondary"
                formnovalidate
              >
                Bỏ mục {s.number || i + 1}
              </button>
            </p>
          </fieldset>
        ))}
        <p class="row-actions">
          <button type="submit" name="intent" value="addSection" class="secondary" formnovalidate>
            Thêm mục
          </button>
          <button type="submit" name="intent" value="save">
            {mode.kind === "create" ? "Đăng ký" : "Lưu"}
          </button>
        </p>
      </form>
    </>,
    status,
  );
}

async function handleDirectiveForm(
  c: Context<AppEnv>,
  mode: { kind: "create" } | { kind: "edit"; directive: StoredDirective },
) {
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
      await authorizeOrg(c, parsed.data.organisationId);
      const id = await registerDirective(c.env.DB, parsed.data, changeMeta(c));
      return c.redirect(`/chi-thi/${encodeURIComponent(id)}/thiet-lap?da=luu`, 303);
    }
    if (mode.directive.organisationId) await authorizeOrg(c, mode.directive.organisationId);
    await authorizeOrg(c, parsed.data.organisationId);
    await updateDirective(c.env.DB, mode.directive, parsed.data, changeMeta(c));
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

directiveSetupRoutes.get("/chi-thi/moi", signedIn(), async (c) => {
  if (!maySetUpAny(c)) throw forbidden();
  const orgs = await manageableCommittees(c);
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

directiveSetupRoutes.post("/chi-thi/moi", requirePolicy("directive.manage", "in-handler"), (c) =>
  handleDirectiveForm(c, { kind: "create" }),
);

directiveSetupRoutes.get("/chi-thi/:id/sua", signedIn(), async (c) => {
  const d = await loadForManage(c, c.req.param("id"));
  if (!mayManage(c, d)) throw forbidden();
  const input = inputOfDirective(d);
  const { sections, ...values } = input;
  return directiveFormPage(c, { kind: "edit", directive: d }, { values, sections: rowsOf(sections) });
});

directiveSetupRoutes.post("/chi-thi/:id/sua", requirePolicy("directive.manage", "in-handler"), async (c) => {
  const d = await loadForManage(c, c.req.param("id"));
  return handleDirectiveForm(c, { kind: "edit", directive: d });
});

// ---------------------------------------------------------------------------------------------
// Pages: the set-up hub (guidance documents, indicators, targets, forms, schedules)

const VALUE_KIND_LABELS = { percent: "Tỷ lệ %", integer: "Số nguyên", decimal: "Số thập phân" } as const;
const AGGREGATION_LABELS: Record<(typeof INDICATOR_AGGREGATIONS)[number], string> = {
  sum: "Cộng tổng",
  avg: "Trung bình",
  weighted_avg: "Trung bình theo dân số",
};

directiveSetupRoutes.get("/chi-thi/:id/thiet-lap", signedIn(), async (c) => {
  const db = c.env.DB;
  const d = await loadForManage(c, c.req.param("id"));
  if (!mayManage(c, d)) throw forbidden();
  const [indicators, targets, forms, committees, docs, schedules] = await Promise.all([
    listIndicators(db, d.id),
    listTargets(db, d.id),
    listFormFamilies(db, d.id),
    manageableCommittees(
      c,
      [
        "secretariat",
        "commission",
        "central_committee",
        "provincial_committee",
        "committee",
        "commune",
        "association",
      ],
      500,
    ),
    db
      .prepare(
        `select id, number, issuer, issued_on as issuedOn, title from documents
         where directive_id = ? or id = ? order by issued_on, number limit 500`,
      )
      .bind(d.id, d.documentId)
      .all<{ id: string; number: string; issuer: string; issuedOn: string; title: string }>(),
    db
      .prepare("select id, name, active from reporting_schedules where directive_id = ? order by name")
      .bind(d.id)
      .all<{ id: string; name: string; active: number }>(),
  ]);
  const csrf = await csrfTokenFor(c);
  const base = `/chi-thi/${encodeURIComponent(d.id)}`;
  return renderPage(
    c,
    `Thiết lập ${d.code}`,
    <>
      <SetupStyles />
      <Breadcrumbs
        items={[
          { href: "/chi-thi", label: "Chỉ thị" },
          { href: base, label: d.code },
          { label: "Thiết lập" },
        ]}
      />
      <h1>Thiết lập {d.title}</h1>
      {c.req.query("da") === "luu" ? (
        <p class="notice" role="status">
          Đã lưu.
        </p>
      ) : null}
      <p>
        <a class="button secondary" href={`${base}/sua`}>
          Sửa số hiệu, toàn văn và các mục
        </a>{" "}
        <a class="button secondary" href={base}>
          Xem trang chỉ thị
        </a>
      </p>
      <ol>
        {d.sections.map((s) => (
          <li value={s.number}>
            {s.title}
            {s.titleIsEditorial ? <span class="pill"> tiêu đề do biên tập</span> : null}
          </li>
        ))}
      </ol>

      <section aria-labelledby="docs-h" class="card">
        <h2 id="docs-h">Văn bản hướng dẫn và triển khai</h2>
        <ul>
          {docs.results.map((doc) => (
            <li>
              <strong>{doc.number}</strong> · {doc.issuer} · ngày {formatDateVi(doc.issuedOn)} — {doc.title}
            </li>
          ))}
        </ul>
        <form method="post" action={`${base}/van-ban-huong-dan`}>
          <CsrfField token={csrf} />
          <div class="grid">
            <div>
              <label for="g-number">Số hiệu (ví dụ 33-HD/BTGDVTW)</label>
              <input id="g-number" name="number" required maxlength={60} />
            </div>
            <div>
              <label for="g-date">Ngày ban hành</label>
              <input id="g-date" name="issuedOn" type="date" required />
            </div>
          </div>
          <label for="g-org">Tổ chức ban hành</label>
          <select id="g-org" name="organisationId" required>
            {committees.map((o) => (
              <option value={o.id}>{o.name}</option>
            ))}
          </select>
          <label for="g-issuer">Cơ quan ban hành (ghi như trên văn bản)</label>
          <input id="g-issuer" name="issuer" required maxlength={200} />
          <label for="g-title">Trích yếu</label>
          <input id="g-title" name="title" required maxlength={500} />
          <label for="g-parent">Văn bản cấp trên</label>
          <select id="g-parent" name="parentDocumentId">
            {docs.results.map((doc) => (
              <option value={doc.id}>{doc.number}</option>
            ))}
          </select>
          <p>
            <button type="submit">Thêm văn bản</button>
          </p>
        </form>
      </section>

      <section aria-labelledby="ind-h" class="card">
        <h2 id="ind-h">Chỉ tiêu và mục tiêu theo tổ chức, năm</h2>
        {indicators.length === 0 ? <p>Chưa có chỉ tiêu.</p> : null}
        {indicators.map((i) => {
          const rows = targets.filter((t) => t.indicatorId === i.id);
          return (
            <div>
              <h3>
                {i.name}{" "}
                <span class="muted">
                  ({i.unit}; mã {i.code})
                </span>
              </h3>
              <p class="muted">
                {VALUE_KIND_LABELS[i.valueKind]};{" "}
                {AGGREGATION_LABELS[i.aggregation as keyof typeof AGGREGATION_LABELS] ?? i.aggregation}
                {i.baselineValue !== null
                  ? `; cơ sở ${i.baselineValue.toLocaleString("vi-VN")} (năm ${i.baselineYear})`
                  : ""}
              </p>
              {rows.length ? (
                <table>
                  <caption class="muted">Mục tiêu của {i.name}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Tổ chức</th>
                      <th scope="col">Năm</th>
                      <th scope="col">Mục tiêu</th>
                      <th scope="col">Ghi chú</th>
                      <th scope="col">
                        <span class="muted">Thao tác</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((t) => (
                      <tr>
                        <td>{t.organisationName}</td>
                        <td>{t.year}</td>
                        <td>{targetText(t, i.valueKind)}</td>
                        <td>{t.note ?? ""}</td>
                        <td>
                          <form method="post" action={`${base}/muc-tieu/xoa`} class="inline">
                            <CsrfField token={csrf} />
                            <input type="hidden" name="indicatorId" value={i.id} />
                            <input type="hidden" name="organisationId" value={t.organisationId} />
                            <input type="hidden" name="year" value={String(t.year)} />
                            <button type="submit" class="secondary">
                              Xóa mục tiêu {t.year} của {t.organisationName}
                            </button>
                          </form>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p>Chưa đặt mục tiêu.</p>
              )}
              <form method="post" action={`${base}/muc-tieu`}>
                <CsrfField token={csrf} />
                <input type="hidden" name="indicatorId" value={i.id} />
                <div class="grid">
                  <div>
                    <label for={`t-${i.id}-org`}>Tổ chức</label>
                    <select id={`t-${i.id}-org`} name="organisationId" required>
                      {committees.map((o) => (
                        <option value={o.id}>{o.name}</option>
                      ))}
                    </select>
                  </div>
                  <div>
                    <label for={`t-${i.id}-year`}>Năm</label>
                    <input id={`t-${i.id}-year`} name="year" type="number" min={2000} max={2100} required />
                  </div>
                  <div>
                    <label for={`t-${i.id}-cmp`}>Mức</label>
                    <select id={`t-${i.id}-cmp`} name="comparator">
                      <option value="gt">Trên</option>
                      <option value="gte">Đạt</option>
                    </select>
                  </div>
                  <div>
                    <label for={`t-${i.id}-value`}>Giá trị ({i.unit})</label>
                    <input id={`t-${i.id}-value`} name="value" inputmode="decimal" required />
                  </div>
                </div>
                <label for={`t-${i.id}-note`}>Ghi chú</label>
                <input id={`t-${i.id}-note`} name="note" maxlength={300} />
                <p>
                  <button type="submit">Đặt mục tiêu cho {i.name}</button>
                </p>
              </form>
            </div>
          );
        })}
        <h3>Thêm chỉ tiêu</h3>
        <form method="post" action={`${base}/chi-tieu`}>
          <CsrfField token={csrf} />
          <div class="grid">
            <div>
              <label for="i-code">Mã (chữ thường không dấu, ví dụ rd_spending)</label>
              <input id="i-code" name="code" required maxlength={64} />
            </div>
            <div>
              <label for="i-unit">Đơn vị tính</label>
              <input id="i-unit" name="unit" required maxlength={50} />
            </div>
          </div>
          <label for="i-name">Tên chỉ tiêu</label>
          <input id="i-name" name="name" required maxlength={300} />
          <div class="grid">
            <div>
              <label for="i-kind">Kiểu số</label>
              <select id="i-kind" name="valueKind">
                {Object.entries(VALUE_KIND_LABELS).map(([k, l]) => (
                  <option value={k}>{l}</option>
                ))}
              </select>
            </div>
            <div>
              <label for="i-agg">Cộng dồn khi tổng hợp</label>
              <select id="i-agg" name="aggregation">
                {INDICATOR_AGGREGATIONS.map((a) => (
                  <option value={a}>{AGGREGATION_LABELS[a]}</option>
                ))}
              </select>
            </div>
            <div>
              <label for="i-section">Thuộc mục</label>
              <select id="i-section" name="sectionNumber">
                <option value="">– Không –</option>
                {d.sections.map((s) => (
                  <option value={String(s.number)}>
                    {s.number}. {s.title}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div class="grid">
            <div>
              <label for="i-min">Giá trị nhỏ nhất</label>
              <input id="i-min" name="minValue" inputmode="decimal" />
            </div>
            <div>
              <label for="i-max">Giá trị lớn nhất</label>
              <input id="i-max" name="maxValue" inputmode="decimal" />
            </div>
            <div>
              <label for="i-base">Giá trị cơ sở</label>
              <input id="i-base" name="baselineValue" inputmode="decimal" />
            </div>
            <div>
              <label for="i-base-year">Năm cơ sở</label>
              <input id="i-base-year" name="baselineYear" type="number" min={1945} max={2100} />
            </div>
          </div>
          <p>
            <button type="submit">Thêm chỉ tiêu</button>
          </p>
        </form>
      </section>

      <section aria-labelledby="forms-h" class="card">
        <h2 id="forms-h">Biểu mẫu báo cáo</h2>
        {forms.length ? (
          <ul>
            {forms.map((f) => (
              <li>
                <a href={`/bieu-mau/${encodeURIComponent(f.id)}`}>{f.name}</a>{" "}
                <span class="muted">(phiên bản {f.version})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>Chưa có biểu mẫu.</p>
        )}
        <p>
          <a class="button" href={`/bieu-mau/moi?directiveId=${encodeURIComponent(d.id)}&mau=standard`}>
            Tạo biểu mẫu từ đề cương chuẩn
          </a>{" "}
          <a class="button secondary" href={`/bieu-mau/moi?directiveId=${encodeURIComponent(d.id)}`}>
            Tạo biểu mẫu trống
          </a>
        </p>
      </section>

      <section aria-labelledby="sch-h" class="card">
        <h2 id="sch-h">Chế độ báo cáo</h2>
        {schedules.results.length ? (
          <ul>
            {schedules.results.map((s) => (
              <li>
                <a href={`/lich-bao-cao/${encodeURIComponent(s.id)}`}>{s.name}</a>
                {s.active ? "" : " (tạm dừng)"}
              </li>
            ))}
          </ul>
        ) : (
          <p>Chưa có chế độ báo cáo.</p>
        )}
        <p>
          <a class="button" href={`/lich-bao-cao/moi?directiveId=${encodeURIComponent(d.id)}`}>
            Thêm chế độ báo cáo
          </a>{" "}
          <a class="button secondary" href="/quy-trinh-nhac">
            Quy trình nhắc và báo cáo vượt cấp
          </a>
        </p>
      </section>
    </>,
  );
});

/** A form post on the set-up page: on success back to it, on failure a page with the errors. */
async function setupAction(
  c: Context<AppEnv>,
  run: (form: Record<string, string>, d: StoredDirective) => Promise<void>,
) {
  const d = await loadForManage(c, c.req.param("id") ?? "");
  const back = `/chi-thi/${encodeURIComponent(d.id)}/thiet-lap`;
  try {
    await run(await flatForm(c), d);
    return c.redirect(`${back}?da=luu`, 303);
  } catch (err) {
    return formErrorPage(c, err, back);
  }
}

directiveSetupRoutes.post(
  "/chi-thi/:id/van-ban-huong-dan",
  requirePolicy("directive.manage", "in-handler"),
  async (c) => {
    const d = await loadForManage(c, c.req.param("id"));
    const back = `/chi-thi/${encodeURIComponent(d.id)}/thiet-lap`;
    const { data } = await readBody(c);
    try {
      await addDocument(
        c.env.DB,
        d.id,
        blankToUndefined(data),
        guardOf(c),
        documentActorOf(c),
        c.var.now,
        "directive.manage",
      );
      return c.redirect(`${back}?da=luu`, 303);
    } catch (err) {
      return formErrorPage(c, err, back);
    }
  },
);

directiveSetupRoutes.post("/chi-thi/:id/chi-tieu", requirePolicy("directive.manage", "in-handler"), (c) =>
  setupAction(c, async (form, d) => {
    const input = parse(indicatorSchema, {
      code: form.code ?? "",
      name: form.name ?? "",
      unit: form.unit ?? "",
      valueKind: form.valueKind ?? "",
      aggregation: form.aggregation ?? "",
      sectionNumber: numberField(form.sectionNumber) ?? null,
      minValue: numberField(form.minValue) ?? null,
      maxValue: numberField(form.maxValue) ?? null,
      baselineValue: numberField(form.baselineValue) ?? null,
      baselineYear: numberField(form.baselineYear) ?? null,
    });
    if (!d.organisationId) throw forbidden();
    await authorizeOrg(c, d.organisationId);
    await saveIndicator(c.env.DB, d, input, changeMeta(c));
  }),
);

directiveSetupRoutes.post("/chi-thi/:id/muc-tieu", requirePolicy("directive.manage", "in-handler"), (c) =>
  setupAction(c, async (form, d) => {
    const indicator = await loadIndicator(c.env.DB, form.indicatorId ?? "");
    if (!indicator || indicator.directiveId !== d.id) throw notFound("Không tìm thấy chỉ tiêu");
    const input = parse(targetSchema, {
      organisationId: form.organisationId ?? "",
      year: numberField(form.year),
      value: numberField(form.value),
      comparator: form.comparator ?? "",
      note: form.note?.trim() ? form.note : null,
    });
    await authorizeOrg(c, input.organisationId);
    await setTarget(c.env.DB, indicator, input, changeMeta(c));
  }),
);

directiveSetupRoutes.post("/chi-thi/:id/muc-tieu/xoa", requirePolicy("directive.manage", "in-handler"), (c) =>
  setupAction(c, async (form, d) => {
    const indicator = await loadIndicator(c.env.DB, form.indicatorId ?? "");
    if (!indicator || indicator.directiveId !== d.id) throw notFound("Không tìm thấy chỉ tiêu");
    const organisationId = form.organisationId ?? "";
    await authorizeOrg(c, organisationId);
    await deleteTarget(c.env.DB, indicator, organisationId, Number(form.year), changeMeta(c));
  }),
);
