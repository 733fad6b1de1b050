/**
 * The form builder: report forms as data (sections, narrative items, indicators with unit, type,
 * bounds and cross-field rules, yes/no items with a document reference), started from the
 * standard outline or blank, and versioned: a save adds a version, the schedules move to it,
 * open periods keep theirs. Pages work without JavaScript (adding or moving a row redraws the
 * page with everything typed so far). Needs `directive.manage` on the directive's organisation.
 */
import { type Context, Hono } from "hono";
import * as z from "zod";
import { authorize, loadOrg, requirePolicy, signedIn } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import { can } from "../auth/policy";
import { csrfTokenFor } from "../auth/web";
import {
  FormDefinition,
  type FormItem,
  isCompareRule,
  NUMBER_VALUE_KINDS,
  RULE_OPERATOR_SYMBOLS,
  RULE_OPERATORS,
} from "../domain/form";
import {
  type BuilderFields,
  definitionFromFields,
  FORM_TEMPLATES,
  type FormTemplateKey,
  fieldsFromDefinition,
} from "../domain/form-definition";
import { formatDateTimeVi } from "../domain/time";
import { listIndicators } from "../features/directives";
import type { AppEnv } from "../http/context";
import { Breadcrumbs } from "../pages/page-bits";
import { changeMeta, ErrorSummary, flatForm, maySetUpAny, SetupStyles } from "../pages/setup-bits";
import { AppError, type FieldError, fieldErrorsFromZod, forbidden, notFound } from "../platform/errors";
import {
  createForm,
  type FormVersionRow,
  latestVersion,
  listFormFamilies,
  listVersions,
  loadFormVersion,
  StaleFormError,
  saveFormVersion,
} from "../services/report-forms";

export const reportFormRoutes = new Hono<AppEnv>();

const formName = z
  .string({ error: "Vui lòng nhập tên biểu mẫu" })
  .trim()
  .min(1, { error: "Vui lòng nhập tên biểu mẫu" })
  .max(300, { error: "Tên biểu mẫu dài quá 300 ký tự" });

export const createFormSchema = z
  .strictObject({
    directiveId: z
      .string({ error: "Vui lòng chọn chỉ thị" })
      .trim()
      .min(1, { error: "Vui lòng chọn chỉ thị" })
      .max(64),
    name: formName,
    /** Either a definition, or a template to start from. */
    definition: FormDefinition.optional(),
    template: z
      .enum(Object.keys(FORM_TEMPLATES) as [FormTemplateKey], { error: "Không có mẫu này" })
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.definition && !v.template) {
      ctx.addIssue({
        code: "custom",
        path: ["definition"],
        message: "Vui lòng gửi nội dung biểu mẫu hoặc chọn mẫu có sẵn",
      });
    }
  });

export const formVersionSchema = z.strictObject({
  name: formName,
  definition: FormDefinition,
  /** The version the editor started from; must still be the latest. */
  baseVersion: z.number({ error: "Thiếu phiên bản gốc" }).int().min(1),
});

const invalid = (fields: FieldError[]) =>
  new AppError("invalid", "validation_failed", "Dữ liệu không hợp lệ", fields);

async function readJson(c: Context<AppEnv>): Promise<unknown> {
  return c.req.json().catch(() => {
    throw new AppError("malformed", "invalid_json", "Nội dung gửi lên không phải JSON hợp lệ");
  });
}

async function loadDirectiveOrg(c: Context<AppEnv>, directiveId: string, field = "directiveId") {
  const row = await c.env.DB.prepare(
    "select d.id, d.code, d.organisation_id as organisationId from directives d where d.id = ?",
  )
    .bind(directiveId)
    .first<{ id: string; code: string; organisationId: string | null }>();
  if (!row) throw invalid([{ field, message: "Không tìm thấy chỉ thị" }]);
  return row;
}

async function authorizeDirective(c: Context<AppEnv>, organisationId: string | null) {
  const org = organisationId ? await loadOrg(c.env.DB, organisationId) : null;
  if (!org) throw forbidden();
  authorize(c, "directive.manage", org);
}

function mayEdit(c: Context<AppEnv>, f: FormVersionRow): boolean {
  return can(c.var.principal, "directive.manage", f.organisationPath ?? undefined, {
    appEnv: c.var.config.appEnv,
  });
}

function formJson(f: FormVersionRow) {
  return {
    id: f.id,
    familyId: f.familyId,
    version: f.version,
    name: f.name,
    directiveId: f.directiveId,
    definition: f.definition,
    createdAt: f.createdAt,
  };
}

// ---------------------------------------------------------------------------------------------
// JSON API

reportFormRoutes.get("/api/form-templates", signedIn(), (c) =>
  c.json({
    templates: Object.entries(FORM_TEMPLATES).map(([key, t]) => ({
      key,
      label: t.label,
      definition: t.definition,
    })),
  }),
);

reportFormRoutes.get("/api/forms", signedIn(), async (c) => {
  const directiveId = c.req.query("directiveId")?.slice(0, 64);
  const forms = await listFormFamilies(c.env.DB, directiveId);
  return c.json({ forms: forms.map(formJson) });
});

reportFormRoutes.get("/api/forms/:id", signedIn(), async (c) => {
  const f = await loadFormVersion(c.env.DB, c.req.param("id"));
  if (!f) throw notFound("Không tìm thấy biểu mẫu");
  const versions = await listVersions(c.env.DB, f.familyId);
  return c.json({
    ...formJson(f),
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      name: v.name,
      createdAt: v.createdAt,
      periods: v.periodCount,
    })),
  });
});

reportFormRoutes.post("/api/forms", requirePolicy("directive.manage", "in-handler"), async (c) => {
  const parsed = createFormSchema.safeParse(await readJson(c));
  if (!parsed.success) throw invalid(fieldErrorsFromZod(parsed.error));
  const v = parsed.data;
  const directive = await loadDirectiveOrg(c, v.directiveId);
  await authorizeDirective(c, directive.organisationId);
  const definition = v.definition ?? FORM_TEMPLATES[v.template!].definition;
  const id = await createForm(
    c.env.DB,
    { directiveId: v.directiveId, name: v.name, definition },
    changeMeta(c),
  );
  return c.json(formJson((await loadFormVersion(c.env.DB, id))!), 201);
});

reportFormRoutes.post(
  "/api/forms/:id/versions",
  requirePolicy("directive.manage", "in-handler"),
  async (c) => {
    const f = await loadFormVersion(c.env.DB, c.req.param("id"));
    if (!f) throw notFound("Không tìm thấy biểu mẫu");
    const parsed = formVersionSchema.safeParse(await readJson(c));
    if (!parsed.success) throw invalid(fieldErrorsFromZod(parsed.error));
    await authorizeDirective(c, f.organisationId);
    try {
      const saved = await saveFormVersion(c.env.DB, f.familyId, parsed.data, changeMeta(c));
      const row = await loadFormVersion(c.env.DB, saved.id);
      return c.json({ ...formJson(row!), changed: saved.changed }, saved.changed ? 201 : 200);
    } catch (err) {
      if (err instanceof StaleFormError) {
        return c.json(
          {
            error: { code: err.code, message: err.message, fields: err.fields },
            current: formJson(err.latest),
            yours: err.yours,
          },
          409,
        );
      }
      throw err;
    }
  },
);

// ---------------------------------------------------------------------------------------------
// Pages

const KIND_LABELS: Record<FormItem["kind"], string> = {
  narrative: "Nội dung (văn bản)",
  number: "Số liệu, chỉ tiêu",
  yesno: "Có/Không (kèm số hiệu văn bản)",
};
const VALUE_KIND_LABELS: Record<(typeof NUMBER_VALUE_KINDS)[number], string> = {
  integer: "Số nguyên",
  percent: "Tỷ lệ %",
  decimal: "Số thập phân",
};

reportFormRoutes.get("/bieu-mau", signedIn(), async (c) => {
  const forms = await listFormFamilies(c.env.DB);
  return renderPage(
    c,
    "Biểu mẫu báo cáo",
    <>
      <SetupStyles />
      <h1>Biểu mẫu báo cáo</h1>
      <p class="muted">
        Mỗi lần sửa biểu mẫu tạo một phiên bản mới; các kỳ báo cáo đang mở giữ phiên bản đã dùng khi mở kỳ.
      </p>
      {forms.length === 0 ? <p>Chưa có biểu mẫu nào.</p> : null}
      <ul>
        {forms.map((f) => (
          <li>
            <a href={`/bieu-mau/${encodeURIComponent(f.id)}`}>{f.name}</a>{" "}
            <span class="muted">
              ({f.directiveCode}; phiên bản {f.version}; {f.definition?.items.length ?? 0} mục)
            </span>
          </li>
        ))}
      </ul>
      {maySetUpAny(c) ? <p class="muted">Tạo biểu mẫu mới từ trang thiết lập của từng chỉ thị.</p> : null}
    </>,
  );
});

interface BuilderState {
  directive: { id: string; code: string };
  name: string;
  fields: BuilderFields;
  baseVersion?: number;
  errors?: FieldError[];
  message?: string;
  latest?: FormVersionRow;
}

async function builderPage(
  c: Context<AppEnv>,
  mode: { kind: "create" } | { kind: "edit"; familyId: string; id: string },
  state: BuilderState,
  status: 200 | 409 | 422 = 200,
) {
  const csrf = await csrfTokenFor(c);
  const indicators = await listIndicators(c.env.DB, state.directive.id);
  const f = state.fields;
  const errs = state.errors ?? [];
  const at = (name: string) =>
    errs.filter((e) => e.field === name || e.field === `definition.${name}`).map((e) => e.message);
  const attrs = (name: string, id: string) =>
    at(name).length ? { "aria-invalid": "true", "aria-describedby": `${id}-error` } : {};
  const Err = (props: { name: string; id: string }) =>
    at(props.name).length ? (
      <p id={`${props.id}-error`} class="field-error">
        {at(props.name).join("; ")}
      </p>
    ) : null;
  const count = Number(f.itemCount ?? "0") || 0;
  const ruleCount = Number(f.ruleCount ?? "0") || 0;
  const numberKeys = Array.from({ length: count }, (_, i) => i)
    .filter((i) => f[`items.${i}.kind`] === "number")
    .map((i) => ({
      key: f[`items.${i}.key`] ?? "",
      label: f[`items.${i}.label`] || f[`items.${i}.key`] || "",
    }));
  const title =
    mode.kind === "create" ? `Biểu mẫu mới cho ${state.directive.code}` : `Sửa biểu mẫu: ${state.name}`;
  const action = mode.kind === "create" ? "/bieu-mau/moi" : `/bieu-mau/${encodeURIComponent(mode.id)}/sua`;
  const checked = (name: string) => f[name] === "on" || f[name] === "true";
  return renderPage(
    c,
    title,
    <>
      <SetupStyles />
      <Breadcrumbs
        items={[
          { href: "/bieu-mau", label: "Biểu mẫu" },
          {
            href: `/chi-thi/${encodeURIComponent(state.directive.id)}/thiet-lap`,
            label: state.directive.code,
          },
          { label: mode.kind === "create" ? "Tạo mới" : "Sửa" },
        ]}
      />
      <h1>{title}</h1>
      <ErrorSummary
        errors={state.errors?.map((e) => ({
          ...e,
          message: `${e.field.replace(/^definition\./, "")}: ${e.message}`,
        }))}
        message={state.message}
      />
      {state.latest ? (
        <section class="card" aria-labelledby="latest-h">
          <h2 id="latest-h">Phiên bản mới nhất đã lưu: {state.latest.version}</h2>
          <p>
            {state.latest.name} — {state.latest.definition?.items.length ?? 0} mục, lưu lúc{" "}
            {formatDateTimeVi(state.latest.createdAt)}
            {state.latest.createdByName ? ` bởi ${state.latest.createdByName}` : ""}.
          </p>
          <ol>
            {(state.latest.definition?.items ?? []).map((i) => (
              <li>{i.label}</li>
            ))}
          </ol>
        </section>
      ) : null}
      <form method="post" action={action}>
        <CsrfField token={csrf} />
        <input type="hidden" name="directiveId" value={state.directive.id} />
        {state.baseVersion !== undefined ? (
          <input type="hidden" name="baseVersion" value={String(state.baseVersion)} />
        ) : null}
        <input type="hidden" name="itemCount" value={String(count)} />
        <input type="hidden" name="ruleCount" value={String(ruleCount)} />
        <div class="card">
          <label for="name">Tên biểu mẫu</label>
          <input
            id="name"
            name="name"
            required
            maxlength={300}
            value={state.name}
            {...attrs("name", "name")}
          />
          <Err name="name" id="name" />
          <label for="title">Tiêu đề in trên báo cáo</label>
          <input id="title" name="title" maxlength={500} value={f.title ?? ""} />
        </div>
        <h2>Các mục</h2>
        <Err name="items" id="items" />
        {Array.from({ length: count }, (_, i) => {
          const p = (k: string) => `items.${i}.${k}`;
          const id = (k: string) => `it${i}-${k}`;
          const kind = (f[p("kind")] ?? "narrative") as FormItem["kind"];
          return (
            <fieldset>
              <legend>
                Mục {i + 1}: {KIND_LABELS[kind] ?? kind}
              </legend>
              <input type="hidden" name={p("kind")} value={kind} />
              <div class="grid">
                <div>
                  <label for={id("section")}>Thuộc phần (tiêu đề phần, ví dụ “II. Đánh giá chung”)</label>
                  <input
                    id={id("section")}
                    name={p("section")}
                    maxlength={300}
                    value={f[p("section")] ?? ""}
                  />
                </div>
                <div>
                  <label for={id("key")}>Mã mục (chữ thường không dấu)</label>
                  <input
                    id={id("key")}
                    name={p("key")}
                    maxlength={64}
                    value={f[p("key")] ?? ""}
                    {...attrs(p("key"), id("key"))}
                  />
                  <Err name={p("key")} id={id("key")} />
                </div>
              </div>
              <label for={id("label")}>Nhãn (câu hỏi, nội dung cần báo cáo)</label>
              <input
                id={id("label")}
                name={p("label")}
                maxlength={500}
                value={f[p("label")] ?? ""}
                {...attrs(p("label"), id("label"))}
              />
              <Err name={p("label")} id={id("label")} />
              <label for={id("help")}>Hướng dẫn điền (không bắt buộc)</label>
              <input id={id("help")} name={p("help")} maxlength={2000} value={f[p("help")] ?? ""} />
              {kind === "number" ? (
                <div class="grid">
                  <div>
                    <label for={id("unit")}>Đơn vị tính</label>
                    <input
                      id={id("unit")}
                      name={p("unit")}
                      maxlength={50}
                      value={f[p("unit")] ?? ""}
                      {...attrs(p("unit"), id("unit"))}
                    />
                    <Err name={p("unit")} id={id("unit")} />
                  </div>
                  <div>
                    <label for={id("valueKind")}>Kiểu số</label>
                    <select id={id("valueKind")} name={p("valueKind")}>
                      {NUMBER_VALUE_KINDS.map((k) => (
                        <option value={k} selected={f[p("valueKind")] === k}>
                          {VALUE_KIND_LABELS[k]}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div>
                    <label for={id("min")}>Nhỏ nhất</label>
                    <input
                      id={id("min")}
                      name={p("min")}
                      inputmode="decimal"
                      value={f[p("min")] ?? ""}
                      {...attrs(p("min"), id("min"))}
                    />
                    <Err name={p("min")} id={id("min")} />
                  </div>
                  <div>
                    <label for={id("max")}>Lớn nhất</label>
                    <input
                      id={id("max")}
                      name={p("max")}
                      inputmode="decimal"
                      value={f[p("max")] ?? ""}
                      {...attrs(p("max"), id("max"))}
                    />
                    <Err name={p("max")} id={id("max")} />
                  </div>
                  <div>
                    <label for={id("indicatorCode")}>Chỉ tiêu tổng hợp</label>
                    <select
                      id={id("indicatorCode")}
                      name={p("indicatorCode")}
                      {...attrs(p("indicatorCode"), id("indicatorCode"))}
                    >
                      <option value="">– Không gắn chỉ tiêu –</option>
                      {indicators.map((ind) => (
                        <option value={ind.code} selected={f[p("indicatorCode")] === ind.code}>
                          {ind.name} ({ind.unit})
                        </option>
                      ))}
                    </select>
                    <Err name={p("indicatorCode")} id={id("indicatorCode")} />
                  </div>
                </div>
              ) : null}
              {kind === "narrative" ? (
                <>
                  <label for={id("maxLength")}>Độ dài tối đa (ký tự)</label>
                  <input
                    id={id("maxLength")}
                    name={p("maxLength")}
                    type="number"
                    min={1}
                    max={100000}
                    value={f[p("maxLength")] ?? "20000"}
                    {...attrs(p("maxLength"), id("maxLength"))}
                  />
                  <Err name={p("maxLength")} id={id("maxLength")} />
                </>
              ) : null}
              {kind === "yesno" ? (
                <label for={id("requiresDocumentRef")} class="check">
                  <input
                    id={id("requiresDocumentRef")}
                    type="checkbox"
                    name={p("requiresDocumentRef")}
                    checked={checked(p("requiresDocumentRef"))}
                  />{" "}
                  Khi trả lời “Có”, phải ghi số hiệu văn bản
                </label>
              ) : null}
              <label for={id("required")} class="check">
                <input
                  id={id("required")}
                  type="checkbox"
                  name={p("required")}
                  checked={checked(p("required"))}
                />{" "}
                Bắt buộc
              </label>
              <p class="row-actions">
                <button
                  type="submit"
                  name="intent"
                  value={`up:${i}`}
                  class="secondary"
                  formnovalidate
                  disabled={i === 0}
                >
                  Đưa mục {i + 1} lên
                </button>
                <button
                  type="submit"
                  name="intent"
                  value={`down:${i}`}
                  class="secondary"
                  formnovalidate
                  disabled={i === count - 1}
                >
                  Đưa mục {i + 1} xuống
                </button>
                <button type="submit" name="intent" value={`remove:${i}`} class="secondary" formnovalidate>
                  Bỏ mục {i + 1}
                </button>
              </p>
            </fieldset>
          );
        })}
        <p class="row-actions">
          <button type="submit" name="intent" value="add:narrative" class="secondary" formnovalidate>
            Thêm mục nội dung
          </button>
          <button type="submit" name="intent" value="add:number" class="secondary" formnovalidate>
            Thêm mục số liệu
          </button>
          <button type="submit" name="intent" value="add:yesno" class="secondary" formnovalidate>
            Thêm mục Có/Không
          </button>
        </p>
        <h2>Quy tắc kiểm tra giữa các số liệu</h2>
        <p class="muted">Ví dụ: số người tham gia bảo hiểm ≤ dân số. Kiểm tra khi nộp báo cáo.</p>
        {Array.from({ length: ruleCount }, (_, i) => {
          const p = (k: string) => `rules.${i}.${k}`;
          const id = (k: string) => `ru${i}-${k}`;
          return (
            <fieldset>
              <legend>Quy tắc {i + 1}</legend>
              <div class="grid">
                <div>
                  <label for={id("left")}>Số liệu</label>
                  <select id={id("left")} name={p("left")} {...attrs(p("left"), id("left"))}>
                    <option value="">– Chọn –</option>
                    {numberKeys.map((k) => (
                      <option value={k.key} selected={f[p("left")] === k.key}>
                        {k.label}
                      </option>
                    ))}
                  </select>
                  <Err name={p("left")} id={id("left")} />
                </div>
                <div>
                  <label for={id("op")}>So sánh</label>
                  <select id={id("op")} name={p("op")}>
                    {RULE_OPERATORS.map((o) => (
                      <option value={o} selected={f[p("op")] === o}>
                        {RULE_OPERATOR_SYMBOLS[o]}
                      </option>
                    ))}
                  </select>
                </div>
                <div>
                  <label for={id("right")}>Với số liệu</label>
                  <select id={id("right")} name={p("right")} {...attrs(p("right"), id("right"))}>
                    <option value="">– Chọn –</option>
                    {numberKeys.map((k) => (
                      <option value={k.key} selected={f[p("right")] === k.key}>
                        {k.label}
                      </option>
                    ))}
                  </select>
                  <Err name={p("right")} id={id("right")} />
                </div>
              </div>
              <label for={id("message")}>Thông báo khi sai (không bắt buộc)</label>
              <input id={id("message")} name={p("message")} maxlength={300} value={f[p("message")] ?? ""} />
              <p class="row-actions">
                <button
                  type="submit"
                  name="intent"
                  value={`removeRule:${i}`}
                  class="secondary"
                  formnovalidate
                >
                  Bỏ quy tắc {i + 1}
                </button>
              </p>
            </fieldset>
          );
        })}
        <p class="row-actions">
          <button type="submit" name="intent" value="addRule" class="secondary" formnovalidate>
            Thêm quy tắc
          </button>
        </p>
        <p>
          <button type="submit" name="intent" value="save">
            {mode.kind === "create" ? "Lưu biểu mẫu" : "Lưu phiên bản mới"}
          </button>
        </p>
      </form>
    </>,
    status,
  );
}

/** The builder's post: redraw with an intent applied, or validate and save. */
async function handleBuilder(
  c: Context<AppEnv>,
  mode: { kind: "create" } | { kind: "edit"; form: FormVersionRow },
) {
  const fields = await flatForm(c);
  const intent = fields.intent ?? "save";
  const directive =
    mode.kind === "create"
      ? await loadDirectiveOrg(c, fields.directiveId ?? "")
      : {
          id: mode.form.directiveId,
          code: mode.form.directiveCode,
          organisationId: mode.form.organisationId,
        };
  // Everything below (even a redraw) is for those who set this directive up.
  await authorizeDirective(c, directive.organisationId);
  const raw = definitionFromFields(fields, intent === "save" ? "" : intent);
  const name = (fields.name ?? "").trim();
  const baseVersion = mode.kind === "edit" ? Number(fields.baseVersion) || mode.form.version : undefined;
  const pageMode =
    mode.kind === "create"
      ? { kind: "create" as const }
      : { kind: "edit" as const, familyId: mode.form.familyId, id: mode.form.id };
  const redraw = (extra: Partial<BuilderState>, status: 200 | 409 | 422 = 200) =>
    builderPage(
      c,
      pageMode,
      {
        directive,
        name,
        fields: fieldsFromDefinition(raw as Parameters<typeof fieldsFromDefinition>[0]),
        baseVersion,
        ...extra,
      },
      status,
    );
  if (intent !== "save") return redraw({});
  const parsed = FormDefinition.safeParse(raw);
  const nameOk = formName.safeParse(name);
  if (!parsed.success || !nameOk.success) {
    const errors = [
      ...(parsed.success ? [] : fieldErrorsFromZod(parsed.error)),
      ...(nameOk.success ? [] : [{ field: "name", message: nameOk.error.issues[0]!.message }]),
    ];
    return redraw({ errors }, 422);
  }
  try {
    if (mode.kind === "create") {
      const id = await createForm(
        c.env.DB,
        { directiveId: directive.id, name, definition: parsed.data },
        changeMeta(c),
      );
      return c.redirect(`/bieu-mau/${encodeURIComponent(id)}?da=luu`, 303);
    }
    const saved = await saveFormVersion(
      c.env.DB,
      mode.form.familyId,
      { name, definition: parsed.data, baseVersion: baseVersion! },
      changeMeta(c),
    );
    return c.redirect(
      `/bieu-mau/${encodeURIComponent(saved.id)}?da=${saved.changed ? "luu" : "khong-doi"}`,
      303,
    );
  } catch (err) {
    if (err instanceof StaleFormError) {
      return redraw({ message: err.message, latest: err.latest, baseVersion: err.latest.version }, 409);
    }
    if (err instanceof AppError && err.kind === "invalid") return redraw({ errors: err.fields }, 422);
    throw err;
  }
}

reportFormRoutes.get("/bieu-mau/moi", signedIn(), async (c) => {
  const directive = await loadDirectiveOrg(c, c.req.query("directiveId")?.slice(0, 64) ?? "").catch(() => {
    throw notFound("Không tìm thấy chỉ thị");
  });
  const org = directive.organisationId ? await loadOrg(c.env.DB, directive.organisationId) : null;
  if (!org || !can(c.var.principal, "directive.manage", org.path, { appEnv: c.var.config.appEnv }))
    throw forbidden();
  const template = c.req.query("mau") as FormTemplateKey | undefined;
  const start =
    template && template in FORM_TEMPLATES ? FORM_TEMPLATES[template].definition : { version: 1, items: [] };
  const fields = fieldsFromDefinition(start as Parameters<typeof fieldsFromDefinition>[0]);
  return builderPage(
    c,
    { kind: "create" },
    { directive, name: `Báo cáo thực hiện ${directive.code}`, fields },
  );
});

reportFormRoutes.post("/bieu-mau/moi", requirePolicy("directive.manage", "in-handler"), (c) =>
  handleBuilder(c, { kind: "create" }),
);

reportFormRoutes.get("/bieu-mau/:id/sua", signedIn(), async (c) => {
  const f = await loadFormVersion(c.env.DB, c.req.param("id"));
  if (!f) throw notFound("Không tìm thấy biểu mẫu");
  if (!mayEdit(c, f)) throw forbidden();
  // Edits always start from the newest version of the family.
  const latest = (await latestVersion(c.env.DB, f.familyId)) ?? f;
  if (latest.id !== f.id) return c.redirect(`/bieu-mau/${encodeURIComponent(latest.id)}/sua`, 303);
  const fields = fieldsFromDefinition(
    (f.definition ?? { items: [] }) as Parameters<typeof fieldsFromDefinition>[0],
  );
  return builderPage(
    c,
    { kind: "edit", familyId: f.familyId, id: f.id },
    { directive: { id: f.directiveId, code: f.directiveCode }, name: f.name, fields, baseVersion: f.version },
  );
});

reportFormRoutes.post("/bieu-mau/:id/sua", requirePolicy("directive.manage", "in-handler"), async (c) => {
  const f = await loadFormVersion(c.env.DB, c.req.param("id"));
  if (!f) throw notFound("Không tìm thấy biểu mẫu");
  return handleBuilder(c, { kind: "edit", form: f });
});

function describeItem(item: FormItem): string {
  if (item.kind === "narrative") return `Nội dung, tối đa ${item.maxLength.toLocaleString("vi-VN")} ký tự`;
  if (item.kind === "yesno")
    return item.requiresDocumentRef ? "Có/Không, kèm số hiệu văn bản khi “Có”" : "Có/Không";
  const bounds = [
    item.min != null ? `từ ${String(item.min).replace(".", ",")}` : "",
    item.max != null ? `đến ${String(item.max).replace(".", ",")}` : "",
  ]
    .filter(Boolean)
    .join(" ");
  return `${VALUE_KIND_LABELS[item.valueKind]}${item.unit ? ` (${item.unit})` : ""}${bounds ? `, ${bounds}` : ""}${item.indicatorCode ? `; chỉ tiêu ${item.indicatorCode}` : ""}`;
}

reportFormRoutes.get("/bieu-mau/:id", signedIn(), async (c) => {
  const f = await loadFormVersion(c.env.DB, c.req.param("id"));
  if (!f) throw notFound("Không tìm thấy biểu mẫu");
  const versions = await listVersions(c.env.DB, f.familyId);
  const latest = versions[0];
  const notice = c.req.query("da");
  const labelOf = new Map((f.definition?.items ?? []).map((i) => [i.key, i.label]));
  return renderPage(
    c,
    f.name,
    <>
      <SetupStyles />
      <Breadcrumbs
        items={[{ href: "/bieu-mau", label: "Biểu mẫu" }, { label: `${f.name} (phiên bản ${f.version})` }]}
      />
      <h1>
        {f.name} <span class="muted">— phiên bản {f.version}</span>
      </h1>
      {notice === "luu" ? (
        <p class="notice" role="status">
          Đã lưu phiên bản {f.version}. Các chế độ báo cáo dùng biểu mẫu này sẽ dùng phiên bản mới cho các kỳ
          mở từ nay; kỳ đang mở giữ phiên bản cũ.
        </p>
      ) : notice === "khong-doi" ? (
        <p class="notice" role="status">
          Biểu mẫu không thay đổi nên không tạo phiên bản mới.
        </p>
      ) : null}
      {latest && latest.id !== f.id ? (
        <p class="notice">
          Đây là phiên bản cũ.{" "}
          <a href={`/bieu-mau/${encodeURIComponent(latest.id)}`}>Xem phiên bản mới nhất ({latest.version})</a>
        </p>
      ) : null}
      <p class="muted">
        Chỉ thị {f.directiveCode}. {f.definition?.title ? `Tiêu đề: ${f.definition.title}.` : ""}
      </p>
      {mayEdit(c, f) && latest?.id === f.id ? (
        <p>
          <a class="button" href={`/bieu-mau/${encodeURIComponent(f.id)}/sua`}>
            Sửa biểu mẫu
          </a>{" "}
          <a class="button secondary" href={`/chi-thi/${encodeURIComponent(f.directiveId)}/thiet-lap`}>
            Về trang thiết lập chỉ thị
          </a>
        </p>
      ) : null}
      <table>
        <caption class="muted">Các mục của biểu mẫu</caption>
        <thead>
          <tr>
            <th scope="col">Phần</th>
            <th scope="col">Mục</th>
            <th scope="col">Kiểu</th>
            <th scope="col">Bắt buộc</th>
          </tr>
        </thead>
        <tbody>
          {(f.definition?.items ?? []).map((i) => (
            <tr>
              <td>{i.section ?? ""}</td>
              <td>
                {i.label} <span class="muted">({i.key})</span>
              </td>
              <td>{describeItem(i)}</td>
              <td>{i.required ? "Có" : "Không"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {f.definition?.rules?.length ? (
        <>
          <h2>Quy tắc kiểm tra</h2>
          <ul>
            {f.definition.rules.map((r) => (
              <li>
                {isCompareRule(r) ? (
                  <>
                    {labelOf.get(r.left) ?? r.left} {RULE_OPERATOR_SYMBOLS[r.op]}{" "}
                    {labelOf.get(r.right) ?? r.right}
                  </>
                ) : r.kind === "lte" ? (
                  <>
                    {labelOf.get(r.left) ?? r.left} ≤ {labelOf.get(r.right) ?? r.right}
                  </>
                ) : (
                  <>
                    {labelOf.get(r.result) ?? r.result} = {labelOf.get(r.numerator) ?? r.numerator} /{" "}
                    {labelOf.get(r.denominator) ?? r.denominator} × {r.scale} (± {r.tolerance})
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Các phiên bản</h2>
      <table>
        <caption class="muted">Mới nhất trước; mỗi kỳ báo cáo dùng phiên bản có khi mở kỳ</caption>
        <thead>
          <tr>
            <th scope="col">Phiên bản</th>
            <th scope="col">Lưu lúc</th>
            <th scope="col">Người lưu</th>
            <th scope="col">Số kỳ báo cáo dùng</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr>
              <td>
                <a href={`/bieu-mau/${encodeURIComponent(v.id)}`}>{v.version}</a>
              </td>
              <td>{formatDateTimeVi(v.createdAt)}</td>
              <td>{v.createdByName ?? ""}</td>
              <td>{v.periodCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>,
  );
});
