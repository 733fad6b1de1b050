/**
 * The form builder's pages: report forms as data (sections, narrative items, indicators with
 * unit, type, bounds and cross-field rules, yes/no items with a document reference), started
 * from the standard outline or blank, and versioned: a save adds a version, the schedules move
 * to it, open periods keep theirs. Pages work without JavaScript (adding or moving a row redraws
 * the page with everything typed so far). Changes need `directive.manage` on the directive's
 * organisation.
 */
import { type Context, Hono } from "hono";
import { guardOf, requirePolicy, signedIn } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { csrfTokenFor } from "../../auth/web";
import { FormDefinition } from "../../domain/form";
import {
  definitionFromFields,
  FORM_TEMPLATES,
  type FormTemplateKey,
  fieldsFromDefinition,
} from "../../domain/form-definition";
import type { AppEnv } from "../../http/context";
import { flatForm, maySetUpAny } from "../../pages/setup-bits";
import { AppError, fieldErrorsFromZod, forbidden, notFound } from "../../platform/errors";
import { listIndicators } from "../directives";
import { type BuilderMode, type BuilderState, builderTitle, FormBuilderView } from "./forms.editor.views";
import {
  createFormBy,
  directiveToManageBy,
  mayManageAt,
  mustLoadForm,
  saveFormVersionBy,
} from "./forms.http";
import {
  type FormDirective,
  type FormVersionRow,
  findDirective,
  latestVersion,
  listFormFamilies,
  listVersions,
} from "./forms.queries";
import { formName } from "./forms.schemas";
import { requireManage, StaleFormError } from "./forms.service";
import { FormDetailView, FormListView } from "./forms.views";

export const formPages = new Hono<AppEnv>();

type Definition = Parameters<typeof fieldsFromDefinition>[0];

async function builderPage(
  c: Context<AppEnv>,
  mode: BuilderMode,
  state: BuilderState,
  status: 200 | 409 | 422 = 200,
) {
  const csrf = await csrfTokenFor(c);
  const indicators = await listIndicators(c.env.DB, state.directive.id);
  return renderPage(
    c,
    builderTitle(mode, state),
    <FormBuilderView mode={mode} state={state} csrf={csrf} indicators={indicators} />,
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
  // Everything below (even a redraw) is for those who set this directive up.
  const directive: FormDirective =
    mode.kind === "create"
      ? await directiveToManageBy(c, fields.directiveId ?? "")
      : {
          id: mode.form.directiveId,
          code: mode.form.directiveCode,
          organisationId: mode.form.organisationId,
          organisationPath: mode.form.organisationPath,
        };
  if (mode.kind === "edit") requireManage(guardOf(c), directive);
  const raw = definitionFromFields(fields, intent === "save" ? "" : intent);
  const name = (fields.name ?? "").trim();
  const baseVersion = mode.kind === "edit" ? Number(fields.baseVersion) || mode.form.version : undefined;
  const pageMode: BuilderMode =
    mode.kind === "create"
      ? { kind: "create" }
      : { kind: "edit", familyId: mode.form.familyId, id: mode.form.id };
  const redraw = (extra: Partial<BuilderState>, status: 200 | 409 | 422 = 200) =>
    builderPage(
      c,
      pageMode,
      { directive, name, fields: fieldsFromDefinition(raw as Definition), baseVersion, ...extra },
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
      const id = await createFormBy(c, directive, { name, definition: parsed.data });
      return c.redirect(`/bieu-mau/${encodeURIComponent(id)}?da=luu`, 303);
    }
    const saved = await saveFormVersionBy(c, mode.form.familyId, {
      name,
      definition: parsed.data,
      baseVersion: baseVersion!,
    });
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

formPages.get("/bieu-mau", signedIn(), async (c) => {
  const forms = await listFormFamilies(c.env.DB);
  return renderPage(c, "Biểu mẫu báo cáo", <FormListView forms={forms} maySetUp={maySetUpAny(c)} />);
});

formPages.get("/bieu-mau/moi", signedIn(), async (c) => {
  const directive = await findDirective(c.env.DB, c.req.query("directiveId")?.slice(0, 64) ?? "");
  if (!directive) throw notFound("Không tìm thấy chỉ thị");
  if (!directive.organisationId || directive.organisationPath === null) throw forbidden();
  if (!mayManageAt(c, directive.organisationPath)) throw forbidden();
  const template = c.req.query("mau") as FormTemplateKey | undefined;
  const start =
    template && template in FORM_TEMPLATES ? FORM_TEMPLATES[template].definition : { version: 1, items: [] };
  const fields = fieldsFromDefinition(start as Definition);
  return builderPage(
    c,
    { kind: "create" },
    { directive, name: `Báo cáo thực hiện ${directive.code}`, fields },
  );
});

formPages.post("/bieu-mau/moi", requirePolicy("directive.manage", "in-handler"), (c) =>
  handleBuilder(c, { kind: "create" }),
);

formPages.get("/bieu-mau/:id/sua", signedIn(), async (c) => {
  const f = await mustLoadForm(c);
  if (!mayManageAt(c, f.organisationPath)) throw forbidden();
  // Edits always start from the newest version of the family.
  const latest = (await latestVersion(c.env.DB, f.familyId)) ?? f;
  if (latest.id !== f.id) return c.redirect(`/bieu-mau/${encodeURIComponent(latest.id)}/sua`, 303);
  const fields = fieldsFromDefinition((f.definition ?? { items: [] }) as Definition);
  return builderPage(
    c,
    { kind: "edit", familyId: f.familyId, id: f.id },
    { directive: { id: f.directiveId, code: f.directiveCode }, name: f.name, fields, baseVersion: f.version },
  );
});

formPages.post("/bieu-mau/:id/sua", requirePolicy("directive.manage", "in-handler"), async (c) =>
  handleBuilder(c, { kind: "edit", form: await mustLoadForm(c) }),
);

formPages.get("/bieu-mau/:id", signedIn(), async (c) => {
  const f = await mustLoadForm(c);
  const versions = await listVersions(c.env.DB, f.familyId);
  return renderPage(
    c,
    f.name,
    <FormDetailView
      f={f}
      versions={versions}
      notice={c.req.query("da")}
      mayEdit={mayManageAt(c, f.organisationPath)}
    />,
  );
});
