/** The escalation policies' pages as JSX: the list, one ladder as a timeline, the edit form. */
import { CsrfField } from "../../auth/page";
import { AUDIENCES } from "../../db/schema";
import { AUDIENCE_LABELS, describeLadder, type TimelinePoint } from "../../domain/escalation-policy";
import { formatDateTimeVi, formatDateVi } from "../../domain/time";
import { Breadcrumbs } from "../../pages/page-bits";
import {
  ErrorSummary,
  FieldErrors,
  IntentButton,
  invalidAttrs,
  LabelledInput,
  SetupStyles,
} from "../../pages/setup-bits";
import type { FieldError } from "../../platform/errors";
import type { StoredPolicy } from "./escalation.service";

/** Where a step sits against the deadline, as the form's select offers it. */
export const SIDES = { before: "trước hạn", on: "đúng ngày đến hạn", after: "sau hạn" } as const;
export type Side = keyof typeof SIDES;

/** One step as the form shows it (days as typed). */
export interface StepRow {
  days: string;
  side: Side;
  audience: string;
}

export interface EditState {
  values: { name: string; description: string; organisationId: string; revision?: number };
  rows: StepRow[];
  errors?: FieldError[];
  message?: string;
  /** After a conflict: the version saved by someone else. */
  current?: StoredPolicy;
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

function LadderTimeline(props: { points: TimelinePoint[] }) {
  const points = props.points;
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

export function PolicyListView(props: { policies: StoredPolicy[]; mayCreate: boolean }) {
  const { policies } = props;
  return (
    <>
      <SetupStyles />
      <h1>Quy trình nhắc và báo cáo vượt cấp</h1>
      <p class="muted">
        Mỗi chế độ báo cáo dùng một quy trình. Số ngày tính theo ngày làm việc kể từ hạn nộp; hạn rơi vào ngày
        nghỉ thì tính từ ngày làm việc tiếp theo. Sửa quy trình chỉ áp dụng cho các kỳ báo cáo mở sau đó.
      </p>
      {props.mayCreate ? (
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
    </>
  );
}

export function PolicyDetailView(props: {
  policy: StoredPolicy;
  exampleDueOn: string;
  points: TimelinePoint[];
  saved: boolean;
  mayEdit: boolean;
}) {
  const p = props.policy;
  return (
    <>
      <SetupStyles />
      <Breadcrumbs items={[{ href: "/quy-trinh-nhac", label: "Quy trình nhắc" }, { label: p.name }]} />
      <h1>{p.name}</h1>
      {props.saved ? (
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
      <p class="muted">Ví dụ với hạn nộp ngày {formatDateVi(props.exampleDueOn)}:</p>
      <LadderTimeline points={props.points} />
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
      {props.mayEdit ? (
        <p>
          <a class="button" href={`/quy-trinh-nhac/${encodeURIComponent(p.id)}/sua`}>
            Sửa quy trình
          </a>
        </p>
      ) : null}
    </>
  );
}

/** The form's fields for one step. */
function StepFields(props: { row: StepRow; i: number; errs: FieldError[] | undefined }) {
  const { row: r, i, errs } = props;
  return (
    <fieldset>
      <legend>Bước {i + 1}</legend>
      <div class="grid">
        <div>
          <LabelledInput
            id={`s${i}-days`}
            name={`steps.${i}.days`}
            label="Số ngày làm việc"
            errors={errs}
            field={`steps.${i}.offsetDays`}
            type="number"
            min={0}
            max={60}
            step={1}
            value={r.days}
          />
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
        <IntentButton intent={`removeStep:${i}`}>Bỏ bước {i + 1}</IntentButton>
      </p>
    </fieldset>
  );
}

export function PolicyFormView(props: {
  title: string;
  action: string;
  csrf: string;
  orgs: { id: string; name: string }[];
  state: EditState;
}) {
  const { title, state } = props;
  const errs = state.errors;
  return (
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
      <form method="post" action={props.action} class="card">
        <CsrfField token={props.csrf} />
        {state.values.revision !== undefined ? (
          <input type="hidden" name="revision" value={String(state.values.revision)} />
        ) : null}
        <LabelledInput
          id="name"
          name="name"
          label="Tên quy trình"
          errors={errs}
          required
          maxlength={200}
          value={state.values.name}
        />
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
          {props.orgs.map((o) => (
            <option value={o.id} selected={o.id === state.values.organisationId}>
              {o.name}
            </option>
          ))}
        </select>
        <FieldErrors errors={errs} field="organisationId" id="organisationId" />
        <input type="hidden" name="stepCount" value={String(state.rows.length)} />
        <FieldErrors errors={errs} field="steps" id="steps" />
        {state.rows.map((r, i) => (
          <StepFields row={r} i={i} errs={errs} />
        ))}
        <p class="row-actions">
          <IntentButton intent="addStep">Thêm bước</IntentButton>
          <button type="submit" name="intent" value="save">
            Lưu quy trình
          </button>
        </p>
      </form>
    </>
  );
}
