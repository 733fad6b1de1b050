/**
 * Escalation policies (quy trình nhắc và báo cáo vượt cấp): view every ladder as a timeline in
 * working days, create and edit them (pages and JSON API). Editing needs `directive.manage` on
 * the policy's organisation; a policy without one (system-wide) only an administrator edits.
 * Running chases keep the ladder snapshotted when their period opened.
 */
import { type Context, Hono } from "hono";
import { guardOf, requirePolicy, signedIn } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import { can } from "../auth/policy";
import { csrfTokenFor } from "../auth/web";
import { loadCalendar } from "../db/calendar";
import { AUDIENCES } from "../db/schema";
import type { WorkingCalendar } from "../domain/calendar";
import {
  AUDIENCE_LABELS,
  describeLadder,
  ladderTimeline,
  type PolicyInput,
  policySchema,
  type TimelinePoint,
} from "../domain/escalation-policy";
import type { PolicyStep } from "../domain/ladder";
import { addDays, formatDateTimeVi, formatDateVi, localDate } from "../domain/time";
import {
  createPolicy,
  listPolicies,
  loadPolicy,
  StalePolicyError,
  type StoredPolicy,
  updatePolicy,
} from "../features/schedules/escalation.service";
import type { AppEnv } from "../http/context";
import { Breadcrumbs } from "../pages/page-bits";
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

export const escalationPolicyRoutes = new Hono<AppEnv>();

function mayEdit(c: Context<AppEnv>, p: StoredPolicy): boolean {
  const ctx = { appEnv: c.var.config.appEnv };
  return can(c.var.principal, "directive.manage", p.organisationPath ?? undefined, ctx);
}

function parsePolicy(raw: unknown): PolicyInput {
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError(
      "invalid",
      "validation_failed",
      "Dữ liệu không hợp lệ",
      fieldErrorsFromZod(parsed.error),
    );
  }
  return parsed.data;
}

function policyJson(p: StoredPolicy) {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    organisationId: p.organisationId,
    revision: p.revision,
    steps: p.steps,
    summary: describeLadder(p.steps),
    schedules: p.schedules,
  };
}

/** A due date to show the ladder against: the next working day a month from today. */
async function exampleDue(db: D1Database, now: number) {
  const calendar = await loadCalendar(db);
  return { dueOn: calendar.nextWorkingDay(addDays(localDate(now), 30)), calendar };
}

// ---------------------------------------------------------------------------------------------
// JSON API

escalationPolicyRoutes.get("/api/escalation-policies", signedIn(), async (c) => {
  const policies = await listPolicies(c.env.DB);
  return c.json({ policies: policies.map(policyJson) });
});

escalationPolicyRoutes.get("/api/escalation-policies/:id", signedIn(), async (c) => {
  const p = await loadPolicy(c.env.DB, c.req.param("id"));
  if (!p) throw notFound("Không tìm thấy quy trình nhắc");
  const example = await exampleDue(c.env.DB, c.var.now);
  return c.json({
    ...policyJson(p),
    timeline: { exampleDueOn: example.dueOn, points: ladderTimeline(p.steps, example) },
  });
});

async function readJson(c: Context<AppEnv>): Promise<unknown> {
  return c.req.json().catch(() => {
    throw new AppError("malformed", "invalid_json", "Nội dung gửi lên không phải JSON hợp lệ");
  });
}

escalationPolicyRoutes.post(
  "/api/escalation-policies",
  requirePolicy("directive.manage", "in-handler"),
  async (c) => {
    const input = parsePolicy(await readJson(c));
    const id = await createPolicy(c.env.DB, input, guardOf(c), changeMeta(c));
    const p = await loadPolicy(c.env.DB, id);
    return c.json(policyJson(p!), 201);
  },
);

escalationPolicyRoutes.put(
  "/api/escalation-policies/:id",
  requirePolicy("directive.manage", "in-handler"),
  async (c) => {
    const existing = await loadPolicy(c.env.DB, c.req.param("id"));
    if (!existing) throw notFound("Không tìm thấy quy trình nhắc");
    const input = parsePolicy(await readJson(c));
    try {
      await updatePolicy(c.env.DB, existing, input, guardOf(c), changeMeta(c));
    } catch (err) {
      if (err instanceof StalePolicyError) {
        // Both versions: the stored one and the one that was sent.
        return c.json(
          {
            error: { code: err.code, message: err.message, fields: err.fields },
            current: policyJson(err.current),
            yours: input,
          },
          409,
        );
      }
      throw err;
    }
    const p = await loadPolicy(c.env.DB, existing.id);
    return c.json(policyJson(p!));
  },
);

// ---------------------------------------------------------------------------------------------
// Pages

const SIDES = { before: "trước hạn", on: "đúng ngày đến hạn", after: "sau hạn" } as const;
type Side = keyof typeof SIDES;

interface StepRow {
  days: string;
  side: Side;
  audience: string;
}

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

/** The ladder drawn on an axis of working days (decorative: the list below says the same). */
function TimelineAxis(props: { points: TimelinePoint[] }) {
  const pts = props.points;
  if (pts.length === 0) return null;
  const min = Math.min(0, ...pts.map((p) => p.offsetDays));
  const max = Math.max(0, ...pts.map((p) => p.offsetDays));
  const span = Math.max(1, max - min);
  const x = (d: number) => 20 + ((d - min) / span) * 660;
  return (
    <svg class="axis" viewBox="0 0 700 60" width="100%" height="60" aria-hidden="true" focusable="false">
      <line x1="20" y1="30" x2="680" y2="30" />
      <line x1={x(0)} y1="12" x2={x(0)} y2="48" stroke-width="3" />
      <text x={x(0)} y="10" text-anchor="middle">
        Hạn nộp
      </text>
      {pts.map((p) => (
        <>
          <circle cx={x(p.offsetDays)} cy="30" r="5" fill={p.offsetDays > 0 ? "#cf222e" : "#0550ae"} />
          <text x={x(p.offsetDays)} y="56" text-anchor="middle">
            {p.offsetDays > 0 ? `+${p.offsetDays}` : String(p.offsetDays)}
          </text>
        </>
      ))}
    </svg>
  );
}

export function LadderTimeline(props: {
  steps: PolicyStep[];
  example?: { dueOn: string; calendar: WorkingCalendar };
}) {
  const points = ladderTimeline(props.steps, props.example);
  return (
    <>
      <TimelineAxis points={points} />
      <ol class="timeline" aria-label="Các bước nhắc và báo cáo vượt cấp theo ngày làm việc">
        {points.map((p) => (
          <li class={p.offsetDays === 0 ? "due" : p.offsetDays > 0 ? "after" : "before"}>
            <span class="when">{p.label}</span>
            {p.exampleDate ? <span class="muted"> (ví dụ: {p.exampleDate})</span> : null}
            <ul>
              {p.audiences.map((a) => (
                <li>{a.label}</li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </>
  );
}

escalationPolicyRoutes.get("/quy-trinh-nhac", signedIn(), async (c) => {
  const policies = await listPolicies(c.env.DB);
  return renderPage(
    c,
    "Quy trình nhắc và báo cáo vượt cấp",
    <>
      <SetupStyles />
      <h1>Quy trình nhắc và báo cáo vượt cấp</h1>
      <p class="muted">
        Mỗi chế độ báo cáo dùng một quy trình. Số ngày tính theo ngày làm việc kể từ hạn nộp; hạn rơi vào ngày
        nghỉ thì tính từ ngày làm việc tiếp theo. Sửa quy trình chỉ áp dụng cho các kỳ báo cáo mở sau đó.
      </p>
      {maySetUpAny(c) ? (
        <p>
          <a class="button" href="/quy-trinh-nhac/moi">
            Thêm quy trình
          </a>
        </p>
      ) : null}
      {policies.length === 0 ? <p>Chưa có quy trình nào.</p> : null}
      {policies.map((p) => (
        <section class="card" aria-labelledby={`pol-${p.id}`}>
          <h2 id={`pol-${p.id}`}>
            <a href={`/quy-trinh-nhac/${encodeURIComponent(p.id)}`}>{p.name}</a>
          </h2>
          <p>{describeLadder(p.steps)}.</p>
          <p class="muted">
            {p.organisationName ? `Quản lý: ${p.organisationName}. ` : ""}
            {p.schedules.length
              ? `Dùng cho: ${p.schedules.map((s) => s.name).join("; ")}.`
              : "Chưa chế độ báo cáo nào dùng quy trình này."}
          </p>
        </section>
      ))}
    </>,
  );
});

interface EditState {
  values: { name: string; description: string; organisationId: string; revision?: number };
  rows: StepRow[];
  errors?: FieldError[];
  message?: string;
  /** After a conflict: the version saved by someone else. */
  current?: StoredPolicy;
}

async function editPage(
  c: Context<AppEnv>,
  mode: { kind: "create" } | { kind: "edit"; policy: StoredPolicy },
  state: EditState,
  status: 200 | 409 | 422 = 200,
) {
  const csrf = await csrfTokenFor(c);
  const orgs = await manageableCommittees(c);
  const errs = state.errors;
  const title = mode.kind === "create" ? "Thêm quy trình nhắc" : `Sửa quy trình: ${mode.policy.name}`;
  const action =
    mode.kind === "create" ? "/quy-trinh-nhac" : `/quy-trinh-nhac/${encodeURIComponent(mode.policy.id)}/sua`;
  return renderPage(
    c,
    title,
    <>
      <SetupStyles />
      <Breadcrumbs items={[{ href: "/quy-trinh-nhac", label: "Quy trình nhắc" }, { label: title }]} />
      <h1>{title}</h1>
      <ErrorSummary errors={errs} message={state.message} />
      {state.current ? (
        <section class="card" aria-labelledby="saved-h">
          <h2 id="saved-h">Bản đã lưu (phiên bản {state.current.revision})</h2>
          <p>{describeLadder(state.current.steps)}.</p>
        </section>
      ) : null}
      <form method="post" action={action} class="card">
        <CsrfField token={csrf} />
        {state.values.revision !== undefined ? (
          <input type="hidden" name="revision" value={String(state.values.revision)} />
        ) : null}
        <label for="name">Tên quy trình</label>
        <input
          id="name"
          name="name"
          required
          maxlength={200}
          value={state.values.name}
          {...invalidAttrs(errs, "name", "name")}
        />
        <FieldErrors errors={errs} field="name" id="name" />
        <label for="description">Mô tả (không bắt buộc)</label>
        <textarea id="description" name="description" maxlength={2000}>
          {state.values.description}
        </textarea>
        <label for="organisationId">Cấp ủy quản lý quy trình</label>
        <select
          id="organisationId"
          name="organisationId"
          required
          {...invalidAttrs(errs, "organisationId", "organisationId")}
        >
          {orgs.map((o) => (
            <option value={o.id} selected={o.id === state.values.organisationId}>
              {o.name}
            </option>
          ))}
        </select>
        <FieldErrors errors={errs} field="organisationId" id="organisationId" />
        <input type="hidden" name="stepCount" value={String(state.rows.length)} />
        <FieldErrors errors={errs} field="steps" id="steps" />
        {state.rows.map((r, i) => (
          <fieldset>
            <legend>Bước {i + 1}</legend>
            <div class="grid">
              <div>
                <label for={`s${i}-days`}>Số ngày làm việc</label>
                <input
                  id={`s${i}-days`}
                  name={`steps.${i}.days`}
                  type="number"
                  min={0}
                  max={60}
                  step={1}
                  value={r.days}
                  {...invalidAttrs(errs, `steps.${i}.offsetDays`, `s${i}-days`)}
                />
                <FieldErrors errors={errs} field={`steps.${i}.offsetDays`} id={`s${i}-days`} />
              </div>
              <div>
                <label for={`s${i}-side`}>So với hạn nộp</label>
                <select id={`s${i}-side`} name={`steps.${i}.side`}>
                  {(Object.keys(SIDES) as Side[]).map((s) => (
                    <option value={s} selected={r.side === s}>
                      {SIDES[s]}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label for={`s${i}-aud`}>Gửi đến</label>
                <select
                  id={`s${i}-aud`}
                  name={`steps.${i}.audience`}
                  {...invalidAttrs(errs, `steps.${i}.audience`, `s${i}-aud`)}
                >
                  {AUDIENCES.map((a) => (
                    <option value={a} selected={r.audience === a}>
                      {AUDIENCE_LABELS[a]}
                    </option>
                  ))}
                </select>
                <FieldErrors errors={errs} field={`steps.${i}.audience`} id={`s${i}-aud`} />
              </div>
            </div>
            <p class="row-actions">
              <button type="submit" name="intent" value={`removeStep:${i}`} class="secondary" formnovalidate>
                Bỏ bước {i + 1}
              </button>
            </p>
          </fieldset>
        ))}
        <p class="row-actions">
          <button type="submit" name="intent" value="addStep" class="secondary" formnovalidate>
            Thêm bước
          </button>
          <button type="submit" name="intent" value="save">
            Lưu quy trình
          </button>
        </p>
      </form>
    </>,
    status,
  );
}

async function handleForm(
  c: Context<AppEnv>,
  mode: { kind: "create" } | { kind: "edit"; policy: StoredPolicy },
) {
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
    // Adding or removing a row saves nothing; the page is for those who may set up.
    if (!maySetUpAny(c)) throw forbidden();
    c.set("authorized", [...(c.var.authorized ?? []), "directive.manage"]);
    return editPage(c, mode, { values, rows });
  }
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    if (!maySetUpAny(c)) throw forbidden();
    c.set("authorized", [...(c.var.authorized ?? []), "directive.manage"]);
    return editPage(c, mode, { values, rows, errors: fieldErrorsFromZod(parsed.error) }, 422);
  }
  try {
    if (mode.kind === "create") {
      const id = await createPolicy(c.env.DB, parsed.data, guardOf(c), changeMeta(c));
      return c.redirect(`/quy-trinh-nhac/${encodeURIComponent(id)}?da=luu`, 303);
    }
    await updatePolicy(c.env.DB, mode.policy, parsed.data, guardOf(c), changeMeta(c));
    return c.redirect(`/quy-trinh-nhac/${encodeURIComponent(mode.policy.id)}?da=luu`, 303);
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

escalationPolicyRoutes.get("/quy-trinh-nhac/moi", signedIn(), async (c) => {
  if (!maySetUpAny(c)) throw forbidden();
  const orgs = await manageableCommittees(c);
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

escalationPolicyRoutes.post("/quy-trinh-nhac", requirePolicy("directive.manage", "in-handler"), (c) =>
  handleForm(c, { kind: "create" }),
);

escalationPolicyRoutes.get("/quy-trinh-nhac/:id/sua", signedIn(), async (c) => {
  const p = await loadPolicy(c.env.DB, c.req.param("id"));
  if (!p) throw notFound("Không tìm thấy quy trình nhắc");
  if (!mayEdit(c, p)) throw forbidden();
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

escalationPolicyRoutes.post(
  "/quy-trinh-nhac/:id/sua",
  requirePolicy("directive.manage", "in-handler"),
  async (c) => {
    const p = await loadPolicy(c.env.DB, c.req.param("id"));
    if (!p) throw notFound("Không tìm thấy quy trình nhắc");
    return handleForm(c, { kind: "edit", policy: p });
  },
);

escalationPolicyRoutes.get("/quy-trinh-nhac/:id", signedIn(), async (c) => {
  const p = await loadPolicy(c.env.DB, c.req.param("id"));
  if (!p) throw notFound("Không tìm thấy quy trình nhắc");
  const example = await exampleDue(c.env.DB, c.var.now);
  return renderPage(
    c,
    p.name,
    <>
      <SetupStyles />
      <Breadcrumbs items={[{ href: "/quy-trinh-nhac", label: "Quy trình nhắc" }, { label: p.name }]} />
      <h1>{p.name}</h1>
      {c.req.query("da") === "luu" ? (
        <p class="notice" role="status">
          Đã lưu quy trình. Các kỳ báo cáo mở từ nay dùng quy trình mới; các kỳ đang mở giữ quy trình cũ.
        </p>
      ) : null}
      {p.description ? <p>{p.description}</p> : null}
      <p class="muted">
        {p.organisationName ? `Quản lý: ${p.organisationName}. ` : "Quy trình chung của hệ thống. "}
        Phiên bản {p.revision}, cập nhật {formatDateTimeVi(p.updatedAt)}.
      </p>
      <h2>Các bước theo ngày làm việc</h2>
      <p class="muted">Ví dụ với hạn nộp ngày {formatDateVi(example.dueOn)}:</p>
      <LadderTimeline steps={p.steps} example={example} />
      <h2>Chế độ báo cáo dùng quy trình này</h2>
      {p.schedules.length ? (
        <ul>
          {p.schedules.map((s) => (
            <li>
              <a href={`/lich-bao-cao/${encodeURIComponent(s.id)}`}>{s.name}</a>
              {s.active ? "" : " (tạm dừng)"}
            </li>
          ))}
        </ul>
      ) : (
        <p>Chưa có.</p>
      )}
      {mayEdit(c, p) ? (
        <p>
          <a class="button" href={`/quy-trinh-nhac/${encodeURIComponent(p.id)}/sua`}>
            Sửa quy trình
          </a>
        </p>
      ) : null}
    </>,
  );
});
