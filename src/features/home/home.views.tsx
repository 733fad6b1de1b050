/** The home page: JSX only, fed by home.pages.tsx. */

import type { Principal } from "../../auth/policy";
import { OBLIGATION_STATUS_LABELS } from "../../domain/status-labels";
import { capitalise } from "../../domain/text";
import { ColumnHeads } from "../../pages/page-bits";
import type { ScopeCounts } from "./home.queries";
import type { HomeContent, TodoItem } from "./home.service";

export function HomeView(props: { principal: Principal; content: HomeContent }) {
  const { content } = props;
  return (
    <>
      <h1>Xin chào, {props.principal.fullName}</h1>
      {content.admin ? <AdminLinks /> : null}
      {content.todo ? <TodoSection items={content.todo} /> : null}
      {content.plans.length > 0 ? <PlanLinks plans={content.plans} /> : null}
      {content.monitor ? <MonitorSection counts={content.monitor} /> : null}
      {content.dashboardLink ? (
        <section aria-labelledby="monitor-h">
          <h2 id="monitor-h">Tình hình báo cáo</h2>
          <p>
            <a href="/giam-sat">Xem tình hình báo cáo của các tổ chức trong phạm vi của đồng chí</a>
          </p>
        </section>
      ) : null}
      {content.noRoles ? (
        <p class="notice">
          Tài khoản {props.principal.email} chưa được giao vai trò nào. Vui lòng liên hệ quản trị hệ thống.
        </p>
      ) : null}
    </>
  );
}

/** The implementation plan of each organisation the person reports for (secretaries keep it up to date). */
function PlanLinks(props: { plans: { id: string; name: string }[] }) {
  return (
    <section aria-labelledby="plan-h">
      <h2 id="plan-h">Kế hoạch thực hiện</h2>
      <ul>
        {props.plans.map((o) => (
          <li>
            <a href={`/ke-hoach/${o.id}`}>Kế hoạch thực hiện Chỉ thị của {o.name}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function AdminLinks() {
  return (
    <section aria-labelledby="admin-h">
      <h2 id="admin-h">Quản trị</h2>
      <ul>
        <li>
          <a href="/quan-tri">Trang quản trị</a>
        </li>
        <li>
          <a href="/quan-tri/vai-tro">Vai trò người dùng</a>
        </li>
      </ul>
    </section>
  );
}

function TodoSection(props: { items: TodoItem[] }) {
  return (
    <section aria-labelledby="todo-h">
      <h2 id="todo-h">Việc cần làm</h2>
      {props.items.length === 0 ? (
        <p>Không có báo cáo nào cần làm trong các kỳ đang mở.</p>
      ) : (
        <table>
          <ColumnHeads columns={["Báo cáo", "Tổ chức", "Hạn nộp", "Trạng thái"]} />
          <tbody>
            {props.items.map(({ row, deadlineText, standing }) => (
              <tr>
                <td>
                  <a href={`/bao-cao/${row.id}`}>{row.periodLabel}</a>
                </td>
                <td>{row.organisationName}</td>
                <td>
                  {deadlineText}
                  {standing ? (
                    <span class={`badge ${standing.overdue ? "bad" : "warn"}`}>
                      {" "}
                      {capitalise(standing.text)}
                    </span>
                  ) : null}
                </td>
                <td>{OBLIGATION_STATUS_LABELS[row.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function MonitorSection(props: { counts: ScopeCounts }) {
  const stat = (value: number, label: string, cls = "") => (
    <div class="card">
      <div class={`stat ${cls}`}>{value}</div>
      {label}
    </div>
  );
  const c = props.counts;
  return (
    <section aria-labelledby="monitor-h">
      <h2 id="monitor-h">Tình hình báo cáo các kỳ đang mở</h2>
      <div class="grid">
        {stat(c.expected, "báo cáo phải nộp")}
        {stat(c.submitted, "đã nộp", "ok")}
        {stat(c.late, "nộp muộn", "warn")}
        {stat(c.missing, "quá hạn chưa nộp", "bad")}
      </div>
      <p>
        <a class="button" href="/giam-sat">
          Xem chi tiết giám sát
        </a>
      </p>
    </section>
  );
}

export function LandingView(props: {
  counts: { directives: number; organisations: number; openPeriods: number };
}) {
  const { counts } = props;
  return (
    <>
      <h1>Theo dõi thực hiện Chỉ thị</h1>
      <p>
        Hệ thống theo dõi việc quán triệt, triển khai và báo cáo định kỳ thực hiện các chỉ thị của Đảng (đầu
        tiên: Chỉ thị 52-CT/TW về bảo hiểm y tế toàn dân).
      </p>
      <p>
        <a class="button" href="/dang-nhap">
          Đăng nhập
        </a>
      </p>
      <div class="grid">
        <div class="card">
          <div class="stat">{counts.directives}</div>chỉ thị
        </div>
        <div class="card">
          <div class="stat">{counts.organisations}</div>tổ chức
        </div>
        <div class="card">
          <div class="stat">{counts.openPeriods}</div>kỳ báo cáo đang mở
        </div>
      </div>
    </>
  );
}
