/** The implementation plan's page and the page of a refused task write (JSX only). */
import { CsrfField } from "../../auth/page";
import type { TaskStatusView } from "../../domain/task-status";
import { formatDateVi } from "../../domain/time";
import { Fact, OrgBreadcrumbs, Submit, TONE_CLASS } from "../../pages/page-bits";
import type { PlanRow, SectionRow, TaskRow } from "./plans.queries";

export interface PlanPageProps {
  org: { id: string; name: string };
  plan: PlanRow | null;
  sections: SectionRow[];
  tasks: (TaskRow & { status: TaskStatusView })[];
  deleted: TaskRow[];
  justDeleted: string | undefined;
  canEdit: boolean;
  csrf: string;
}

export function PlanPage(props: PlanPageProps) {
  const { org, plan, sections, tasks, deleted, justDeleted, canEdit, csrf } = props;
  const sectionLabel = (id: string | null) => {
    const s = sections.find((x) => x.id === id);
    return s ? `Mục ${s.number}. ${s.title}` : "Chưa gắn mục";
  };
  return (
    <>
      <OrgBreadcrumbs org={org} items={[{ label: "Kế hoạch" }]} />
      <h1>Kế hoạch thực hiện Chỉ thị 52-CT/TW: {org.name}</h1>
      {plan ? (
        <p>
          {plan.title}
          {plan.documentNumber ? ` · Số ${plan.documentNumber}` : " · Chưa có số văn bản"}
          {plan.documentDate ? ` · ngày ${formatDateVi(plan.documentDate)}` : ""}
        </p>
      ) : (
        <p>Tổ chức chưa ghi nhận kế hoạch thực hiện chỉ thị.</p>
      )}
      {!plan && canEdit ? (
        <form method="post" action={`/ke-hoach/${org.id}/tao`} class="card">
          <CsrfField token={csrf} />
          <h2>Tạo kế hoạch</h2>
          <label for="plan-number">Số hiệu văn bản (ví dụ 215-KH/TU)</label>
          <input id="plan-number" name="documentNumber" maxlength={60} />
          <label for="plan-date">Ngày ban hành</label>
          <input id="plan-date" name="documentDate" type="date" />
          <Submit>Tạo kế hoạch</Submit>
        </form>
      ) : null}
      {plan ? (
        <section aria-labelledby="tasks-h">
          <h2 id="tasks-h">Nhiệm vụ ({tasks.length})</h2>
          {tasks.length === 0 ? <p>Chưa có nhiệm vụ.</p> : null}
          {tasks.map((t, i) => {
            const st = t.status;
            return (
              <article class="card" aria-labelledby={`t-${t.id}`}>
                <h3 id={`t-${t.id}`}>
                  {i + 1}. {t.title}
                </h3>
                <p>
                  <span class={`badge ${TONE_CLASS[st.tone] ?? ""}`}>{st.label}</span>
                  {st.daysLeft !== null && st.daysLeft >= 0 ? ` · còn ${st.daysLeft} ngày` : ""}
                  {st.daysLeft !== null && st.daysLeft < 0 ? ` · quá hạn ${-st.daysLeft} ngày` : ""}
                </p>
                <dl class="grid">
                  <Fact label="Mục của chỉ thị">{sectionLabel(t.sectionId)}</Fact>
                  <Fact label="Chủ trì">{t.owner ?? "Chưa phân công"}</Fact>
                  <Fact label="Hạn hoàn thành">{t.dueOn ? formatDateVi(t.dueOn) : "Không có thời hạn"}</Fact>
                  <div>
                    <dt class="muted">Tiến độ</dt>
                    <dd>
                      {t.progress}%{t.completedOn ? ` (hoàn thành ngày ${formatDateVi(t.completedOn)})` : ""}
                    </dd>
                  </div>
                </dl>
                {t.notes ? <p class="muted">{t.notes}</p> : null}
                {canEdit ? (
                  <details>
                    <summary>Sửa nhiệm vụ</summary>
                    <form method="post" action={`/ke-hoach/nhiem-vu/${t.id}`}>
                      <CsrfField token={csrf} />
                      <input type="hidden" name="revision" value={String(t.revision)} />
                      <TaskFields sections={sections} task={t} prefix={t.id} />
                      <Submit>Lưu</Submit>
                    </form>
                    <form method="post" action={`/ke-hoach/nhiem-vu/${t.id}/xoa`}>
                      <CsrfField token={csrf} />
                      <input type="hidden" name="revision" value={String(t.revision)} />
                      <button type="submit" class="secondary">
                        Xóa nhiệm vụ
                      </button>
                    </form>
                  </details>
                ) : null}
              </article>
            );
          })}
          {deleted.length > 0 ? (
            <details class="card" id="da-xoa" open={justDeleted !== undefined}>
              <summary>Nhiệm vụ đã xóa ({deleted.length}), có thể khôi phục</summary>
              {justDeleted ? (
                <p class="notice" role="status">
                  Đã xóa nhiệm vụ; nội dung vẫn được giữ và có thể khôi phục.
                </p>
              ) : null}
              <ul>
                {deleted.map((t) => (
                  <li>
                    {t.title} ({t.progress}%{t.owner ? `, ${t.owner}` : ""})
                    {canEdit ? (
                      <form method="post" action={`/ke-hoach/nhiem-vu/${t.id}/khoi-phuc`} class="inline">
                        <CsrfField token={csrf} />
                        <input type="hidden" name="revision" value={String(t.revision)} />
                        <button type="submit" class="secondary">
                          Khôi phục
                        </button>
                      </form>
                    ) : null}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          {canEdit ? (
            <form method="post" action={`/ke-hoach/${org.id}/nhiem-vu`} class="card">
              <CsrfField token={csrf} />
              <h3>Thêm nhiệm vụ</h3>
              <TaskFields sections={sections} prefix="new" />
              <Submit>Thêm nhiệm vụ</Submit>
            </form>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

function TaskFields(props: { sections: SectionRow[]; task?: TaskRow; prefix: string }) {
  const t = props.task;
  const p = props.prefix;
  return (
    <>
      <label for={`${p}-title`}>Nhiệm vụ</label>
      <input id={`${p}-title`} name="title" required maxlength={500} value={t?.title ?? ""} />
      <label for={`${p}-section`}>Mục của chỉ thị</label>
      <select id={`${p}-section`} name="sectionId">
        <option value="">Chưa gắn mục</option>
        {props.sections.map((s) => (
          <option value={s.id} selected={t?.sectionId === s.id}>
            {s.number}. {s.title}
          </option>
        ))}
      </select>
      <label for={`${p}-owner`}>Chủ trì</label>
      <input id={`${p}-owner`} name="owner" maxlength={200} value={t?.owner ?? ""} />
      <label for={`${p}-due`}>Hạn hoàn thành (để trống nếu không có thời hạn)</label>
      <input id={`${p}-due`} name="dueOn" type="date" value={t?.dueOn ?? ""} />
      <label for={`${p}-progress`}>Tiến độ (%)</label>
      <input
        id={`${p}-progress`}
        name="progress"
        type="number"
        min={0}
        max={100}
        step={1}
        value={String(t?.progress ?? 0)}
      />
      <label for={`${p}-notes`}>Ghi chú</label>
      <textarea id={`${p}-notes`} name="notes" maxlength={2000}>
        {t?.notes ?? ""}
      </textarea>
    </>
  );
}

const TASK_FIELD_LABELS: [keyof TaskRow, string][] = [
  ["title", "Nhiệm vụ"],
  ["owner", "Chủ trì"],
  ["dueOn", "Hạn hoàn thành"],
  ["progress", "Tiến độ (%)"],
  ["notes", "Ghi chú"],
];

export type TaskWrite = "edit" | "delete" | "restore";

/** The task changed since the person opened it: the current task and theirs, side by side. */
export function TaskConflict(props: {
  message: string;
  current: TaskRow | null;
  yours: Record<string, unknown>;
  back: string;
  action: TaskWrite;
  csrf: string;
}) {
  const { message, current, yours, back, action } = props;
  const text = (v: unknown) => (v === null || v === undefined || v === "" ? "(trống)" : String(v));
  return (
    <>
      <h1>Chưa lưu được</h1>
      <section class="card" role="alert" id="conflict" aria-labelledby="conflict-h">
        <h2 id="conflict-h">
          {action === "delete" ? "Chưa xóa" : action === "restore" ? "Chưa khôi phục" : "Chưa lưu"}: {message}
        </h2>
        {current ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Mục</th>
                <th scope="col">Bản hiện tại{current.deletedAt !== null ? " (đã xóa)" : ""}</th>
                {action === "edit" ? <th scope="col">Bản của đồng chí</th> : null}
              </tr>
            </thead>
            <tbody>
              {TASK_FIELD_LABELS.map(([key, label]) => (
                <tr>
                  <th scope="row">{label}</th>
                  <td class="theirs">{text(current[key])}</td>
                  {action === "edit" ? <td class="theirs">{text(yours[key] ?? current[key])}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {current && action === "edit" && current.deletedAt === null ? (
        <form method="post" action={`/ke-hoach/nhiem-vu/${current.id}`} class="card">
          <CsrfField token={props.csrf} />
          <h2>Lưu bản của đồng chí đè lên bản hiện tại</h2>
          <input type="hidden" name="revision" value={String(current.revision)} />
          <label for="again-title">Nhiệm vụ</label>
          <input
            id="again-title"
            name="title"
            required
            maxlength={500}
            value={String(yours.title ?? current.title)}
          />
          <label for="again-owner">Chủ trì</label>
          <input
            id="again-owner"
            name="owner"
            maxlength={200}
            value={String(yours.owner ?? current.owner ?? "")}
          />
          <label for="again-progress">Tiến độ (%)</label>
          <input
            id="again-progress"
            name="progress"
            type="number"
            min={0}
            max={100}
            value={String(yours.progress ?? current.progress)}
          />
          <label for="again-notes">Ghi chú</label>
          <textarea id="again-notes" name="notes" maxlength={2000}>
            {String(yours.notes ?? current.notes ?? "")}
          </textarea>
          <Submit>Lưu bản của đồng chí</Submit>
        </form>
      ) : null}
      <p>
        <a href={back}>Quay lại kế hoạch</a>
      </p>
    </>
  );
}
