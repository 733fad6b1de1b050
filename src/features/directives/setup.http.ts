/** Request helpers shared by the directive set-up API and pages. */
import type { Context } from "hono";
import { authorize, loadOrg } from "../../auth/guard";
import { can } from "../../auth/policy";
import {
  type DirectiveInput,
  documentTypeLabel,
  type IndicatorInput,
} from "../../domain/directive-registration";
import type { AppEnv } from "../../http/context";
import { changeMeta, numberField } from "../../pages/setup-bits";
import { type FieldError, forbidden, invalidField, notFound } from "../../platform/errors";
import { loadDirectiveForEdit, type StoredDirective } from "./setup.queries";
import { type ChangeMeta, saveIndicator, updateDirective } from "./setup.service";

export async function authorizeOrg(c: Context<AppEnv>, organisationId: string, field = "organisationId") {
  const org = await loadOrg(c.env.DB, organisationId);
  if (!org) throw invalidField(field, "Không tìm thấy tổ chức");
  authorize(c, "directive.manage", org);
}

/** A set-up write of the API or the pages, once the person is found to manage the organisation, as theirs. */
export async function authorizedWrite<T>(
  c: Context<AppEnv>,
  organisationId: string,
  write: (db: D1Database, meta: ChangeMeta) => Promise<T>,
): Promise<T> {
  await authorizeOrg(c, organisationId);
  return write(c.env.DB, changeMeta(c));
}

/** Both the organisation the directive is under and the one it is moved to. */
export async function updateAuthorized(c: Context<AppEnv>, existing: StoredDirective, input: DirectiveInput) {
  if (existing.organisationId) await authorizeOrg(c, existing.organisationId);
  await authorizedWrite(c, input.organisationId, (db, meta) => updateDirective(db, existing, input, meta));
}

/** A directive without an organisation has no one to set its indicators up. */
export async function saveIndicatorAuthorized(c: Context<AppEnv>, d: StoredDirective, input: IndicatorInput) {
  if (!d.organisationId) throw forbidden();
  return authorizedWrite(c, d.organisationId, (db, meta) => saveIndicator(db, d, input, meta));
}

export async function loadForManage(c: Context<AppEnv>, id: string): Promise<StoredDirective> {
  const d = await loadDirectiveForEdit(c.env.DB, id);
  if (!d) throw notFound("Không tìm thấy chỉ thị");
  return d;
}

/** Whether the person may set this directive up (its organisation in their `directive.manage` scope). */
export function mayManage(c: Context<AppEnv>, d: StoredDirective): boolean {
  return can(c.var.principal, "directive.manage", d.organisationPath ?? undefined, {
    appEnv: c.var.config.appEnv,
  });
}

export function directiveJson(d: StoredDirective) {
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

export interface SectionRow {
  number: string;
  title: string;
  titleIsEditorial: boolean;
  body: string;
  isTaskGroup: boolean;
}

export interface DirectiveFormState {
  values: Omit<DirectiveInput, "sections" | "revision"> & { revision?: number };
  sections: SectionRow[];
  errors?: FieldError[];
  message?: string;
  current?: StoredDirective;
}

export function rowsOf(sections: DirectiveInput["sections"]): SectionRow[] {
  return sections.map((s) => ({ ...s, number: String(s.number) }));
}

/** The page's fields -> the API's shape, with "add a section" / "remove section i" applied. */
export function directiveFromForm(form: Record<string, string>): {
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
