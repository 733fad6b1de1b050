/**
 * The escalation policies' pages: /quy-trinh-nhac … (every ladder as a timeline in working days;
 * the form adds and removes steps without saving, then form → service → redirect). Editing needs
 * `directive.manage` on the policy's organisation; a system-wide policy only a global scope edits.
 */
import { type Context, Hono } from "hono";
import { guardOf, requirePolicy, signedIn } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { scopeFor } from "../../auth/policy";
import { csrfTokenFor } from "../../auth/web";
import { ladderTimeline } from "../../domain/escalation-policy";
import type { AppEnv } from "../../http/context";
import { changeMeta, flatForm, maySetUpAny, numberField } from "../../pages/setup-bits";
import { AppError, fieldErrorsFromZod, forbidden } from "../../platform/errors";
import { committeesInScope } from "../organisations";
import { policySchema } from "./escalation.schemas";
import {
  createPolicy,
  exampleDue,
  existingPolicy,
  listPolicies,
  loadPolicy,
  mayEditPolicy,
  StalePolicyError,
  type StoredPolicy,
  updatePolicy,
} from "./escalation.service";
import {
  type EditState,
  PolicyDetailView,
  PolicyFormView,
  PolicyListView,
  SIDES,
  type Side,
  type StepRow,
} from "./escalation.views";

export const escalationPages = new Hono<AppEnv>();

type Mode = { kind: "create" } | { kind: "edit"; policy: StoredPolicy };

function rowsOfSteps(steps: readonly { offsetDays: number; audience: string }[]): StepRow[] {
  return steps.map((s) => ({
    days: String(Math.abs(s.offsetDays)),
    side: s.offsetDays < 0 ? "before" : s.offsetDays === 0 ? "on" : "after",
    audience: s.audience,
  }));
}

/** The page's fields -> the API's shape, applying "add a step" / "remove step i". */
function fromForm(form: Record<string, string>): { raw: Record<string, unknown>; rows: StepRow[] } {
  const count = Math.min(40, Number(form.stepCount ?? "0") || 0);
  let rows: StepRow[] = [];
  for (let i = 0; i < count; i++) {
    const side = (form[`steps.${i}.side`] ?? "before") as Side;
    rows.push({
      days: form[`steps.${i}.days`] ?? "",
      side: side in SIDES ? side : "before",
      audience: form[`steps.${i}.audience`] ?? "",
    });
  }
  const intent = form.intent ?? "save";
  if (intent === "addStep") rows.push({ days: "1", side: "after", audience: "reporters" });
  if (intent.startsWith("removeStep:")) {
    const at = Number(intent.slice("removeStep:".length));
    rows = rows.filter((_, i) => i !== at);
  }
  const steps = rows.map((r) => {
    const days = numberField(r.days);
    const n = days === undefined ? Number.NaN : days;
    return { offsetDays: r.side === "before" ? -n : r.side === "on" ? 0 : n, audience: r.audience };
  });
  const revision = numberField(form.revision);
  return {
    raw: {
      name: form.name ?? "",
      description: form.description?.trim() ? form.description : null,
      organisationId: form.organisationId ?? "",
      steps,
      ...(revision !== undefined ? { revision } : {}),
    },
    rows,
  };
}

async function editPage(c: Context<AppEnv>, mode: Mode, state: EditState, status: 200 | 409 | 422 = 200) {
  const csrf = await csrfTokenFor(c);
  const orgs = await committeesInScope(c.env.DB, scopeFor(c.var.principal, "directive.manage"));
  const title = mode.kind === "create" ? "Thêm quy trình nhắc" : `Sửa quy trình: ${mode.policy.name}`;
  const action =
    mode.kind === "create" ? "/quy-trinh-nhac" : `/quy-trinh-nhac/${encodeURIComponent(mode.policy.id)}/sua`;
  return renderPage(
    c,
    title,
    <PolicyFormView title={title} action={action} csrf={csrf} orgs={orgs} state={state} />,
    status,
  );
}

/** A page that saves nothing is for those who may set up (recorded as authorized). */
function setUpOnly(c: Context<AppEnv>): void {
  if (!maySetUpAny(c)) throw forbidden();
  c.set("authorized", [...(c.var.authorized ?? []), "directive.manage"]);
}

async function handleForm(c: Context<AppEnv>, mode: Mode) {
  const form = await flatForm(c);
  const { raw, rows } = fromForm(form);
  const values = {
    name: String(raw.name ?? ""),
    description: String(raw.description ?? ""),
    organisationId: String(raw.organisationId ?? ""),
    ...(typeof raw.revision === "number" ? { revision: raw.revision } : {}),
  };
  const intent = form.intent ?? "save";
  if (intent !== "save") {
    // Adding or removing a row saves nothing.
    setUpOnly(c);
    return editPage(c, mode, { values, rows });
  }
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    setUpOnly(c);
    return editPage(c, mode, { values, rows, errors: fieldErrorsFromZod(parsed.error) }, 422);
  }
  try {
    const id =
      mode.kind === "create"
        ? await createPolicy(c.env.DB, parsed.data, guardOf(c), changeMeta(c))
        : await updatePolicy(c.env.DB, mode.policy, parsed.data, guardOf(c), changeMeta(c));
    return c.redirect(`/quy-trinh-nhac/${encodeURIComponent(id)}?da=luu`, 303);
  } catch (err) {
    if (err instanceof StalePolicyError) {
      return editPage(
        c,
        { kind: "edit", policy: err.current },
        {
          values: { ...values, revision: err.current.revision },
          rows,
          message: err.message,
          current: err.current,
        },
        409,
      );
    }
    if (err instanceof AppError && err.kind === "invalid") {
      return editPage(c, mode, { values, rows, errors: err.fields }, 422);
    }
    throw err;
  }
}

escalationPages.get("/quy-trinh-nhac", signedIn(), async (c) => {
  const policies = await listPolicies(c.env.DB);
  return renderPage(
    c,
    "Quy trình nhắc và báo cáo vượt cấp",
    <PolicyListView policies={policies} mayCreate={maySetUpAny(c)} />,
  );
});

escalationPages.get("/quy-trinh-nhac/moi", signedIn(), async (c) => {
  if (!maySetUpAny(c)) throw forbidden();
  const orgs = await committeesInScope(c.env.DB, scopeFor(c.var.principal, "directive.manage"));
  const base = await loadPolicy(c.env.DB, "policy-default");
  return editPage(
    c,
    { kind: "create" },
    {
      values: { name: "", description: "", organisationId: orgs[0]?.id ?? "" },
      rows: rowsOfSteps(base?.steps ?? [{ offsetDays: -3, audience: "reporters" }]),
    },
  );
});

escalationPages.post("/quy-trinh-nhac", requirePolicy("directive.manage", "in-handler"), (c) =>
  handleForm(c, { kind: "create" }),
);

escalationPages.get("/quy-trinh-nhac/:id/sua", signedIn(), async (c) => {
  const p = await existingPolicy(c.env.DB, c.req.param("id"));
  if (!mayEditPolicy(c.var.principal, p)) throw forbidden();
  return editPage(
    c,
    { kind: "edit", policy: p },
    {
      values: {
        name: p.name,
        description: p.description ?? "",
        organisationId: p.organisationId ?? "",
        revision: p.revision,
      },
      rows: rowsOfSteps(p.steps),
    },
  );
});

escalationPages.post(
  "/quy-trinh-nhac/:id/sua",
  requirePolicy("directive.manage", "in-handler"),
  async (c) => {
    const p = await existingPolicy(c.env.DB, c.req.param("id"));
    return handleForm(c, { kind: "edit", policy: p });
  },
);

escalationPages.get("/quy-trinh-nhac/:id", signedIn(), async (c) => {
  const p = await existingPolicy(c.env.DB, c.req.param("id"));
  const example = await exampleDue(c.env.DB, c.var.now);
  return renderPage(
    c,
    p.name,
    <PolicyDetailView
      policy={p}
      exampleDueOn={example.dueOn}
      points={ladderTimeline(p.steps, example)}
      saved={c.req.query("da") === "luu"}
      mayEdit={mayEditPolicy(c.var.principal, p)}
    />,
  );
});
