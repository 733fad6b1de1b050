import type { Context } from "hono";
import { vnDate } from "../auth/format";
import { renderPage } from "../auth/page";
import { type ActionScope, isAdmin, type Principal, scopeFor, scopeSql } from "../auth/policy";
import { loadCalendar } from "../db/calendar";
import type { ObligationStatus } from "../db/schema";
import {
  deadlineFromStored,
  deadlineStanding,
  formatStanding,
  formatStoredDeadline,
} from "../domain/deadline";
import { OBLIGATION_STATUS_LABELS } from "../domain/status-labels";
import type { AppEnv } from "../http/context";

export { OBLIGATION_STATUS_LABELS };

/** The home page: a landing page for visitors, and for signed-in people what fits their roles. */
export async function homePage(c: Context<AppEnv>) {
  const principal = c.var.principal;
  if (!principal) return landing(c);
  const todoScope = scopeFor(principal, "report.draft");
  const reviewScope = scopeFor(principal, "report.review");
  const dashboardScope = scopeFor(principal, "dashboard.read");
  const hasTodo = !todoScope.global && todoScope.exact.length > 0;
  const hasReview = reviewScope.global || reviewScope.subtrees.length > 0;
  const hasDashboard = dashboardScope.global || dashboardScope.subtrees.length > 0;
  return renderPage(
    c,
    "Trang chủ",
    <>
      <h1>Xin chào, {principal.fullName}</h1>
      {isAdmin(principal) ? <AdminLinks /> : null}
      {hasTodo ? await todoSection(c, todoScope) : null}
      {hasTodo ? await planLinks(c, todoScope.exact) : null}
      {hasReview ? await monitorSection(c, reviewScope) : null}
      {!hasReview && hasDashboard ? (
        <section aria-labelledby="monitor-h">
          <h2 id="monitor-h">Tình hình báo cáo</h2>
          <p>
            <a href="/giam-sat">Xem tình hình báo cáo của các tổ chức trong phạm vi của đồng chí</a>
          </p>
        </section>
      ) : null}
      {!hasTodo && !hasReview && !hasDashboard && !isAdmin(principal) ? (
        <NoRoles principal={principal} />
      ) : null}
    </>,
  );
}

/** The implementation plan of each organisation the person reports for (secretaries keep it up to date). */
async function planLinks(c: Context<AppEnv>, organisationIds: readonly string[]) {
  const { results } = await c.env.DB.prepare(
    "select id, name from organisations where id in (select value from json_each(?)) order by name",
  )
    .bind(JSON.stringify(organisationIds))
    .all<{ id: string; name: string }>();
  if (results.length === 0) return null;
  return (
    <section aria-labelledby="plan-h">
      <h2 id="plan-h">Kế hoạch thực hiện</h2>
      <ul>
        {results.map((o) => (
          <li>
            <a href={`/ke-hoach/${o.id}`}>Kế hoạch thực hiện Chỉ thị của {o.name}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function NoRoles(props: { principal: Principal }) {
  return (
    <p class="notice">
      Tài khoản {props.principal.email} chưa được giao vai trò nào. Vui lòng liên hệ quản trị hệ thống.
    </p>
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

interface TodoRow {
  id: string;
  organisation_name: string;
  period_label: string;
  effective_due_on: string;
  due_on: string;
  extended_due_on: string | null;
  status: ObligationStatus;
}

async function todoSection(c: Context<AppEnv>, scope: ActionScope) {
  const where = scopeSql(scope, "o");
  const { results } = await c.env.DB.prepare(
    `select ob.id, o.name as organisation_name, pe.label as period_label, ob.effective_due_on, ob.due_on, ob.extended_due_on, ob.status
     from obligations ob
     join periods pe on pe.id = ob.period_id
     join organisations o on o.id = ob.organisation_id
     where pe.status = 'open' and ob.status not in ('accepted', 'waived') and ${where.sql}
     order by ob.effective_due_on, o.name limit 100`,
  )
    .bind(...where.params)
    .all<TodoRow>();
  const now = c.var.now;
  const calendar = await loadCalendar(c.env.DB);
  return (
    <section aria-labelledby="todo-h">
      <h2 id="todo-h">Việc cần làm</h2>
      {results.length === 0 ? (
        <p>Không có báo cáo nào cần làm trong các kỳ đang mở.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Báo cáo</th>
              <th scope="col">Tổ chức</th>
              <th scope="col">Hạn nộp</th>
              <th scope="col">Trạng thái</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => {
              const stored = {
                dueOn: r.due_on,
                extendedDueOn: r.extended_due_on,
                effectiveDueOn: r.effective_due_on,
              };
              const chased = r.status === "pending" || r.status === "draft" || r.status === "returned";
              const standing = deadlineStanding(
                deadlineFromStored(r.extended_due_on ?? r.due_on, r.effective_due_on),
                now,
                calendar,
              );
              return (
                <tr>
                  <td>
                    <a href={`/bao-cao/${r.id}`}>{r.period_label}</a>
                  </td>
                  <td>{r.organisation_name}</td>
                  <td>
                    {formatStoredDeadline(stored, calendar)}
                    {chased ? (
                      <span class={`badge ${standing.kind === "overdue" ? "bad" : "warn"}`}>
                        {" "}
                        {capitalise(formatStanding(standing))}
                      </span>
                    ) : null}
                  </td>
                  <td>{OBLIGATION_STATUS_LABELS[r.status]}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

async function monitorSection(c: Context<AppEnv>, scope: ActionScope) {
  const where = scopeSql(scope, "o");
  const today = vnDate(c.var.now);
  // expected: every non-waived obligation of an open period; submitted: ever submitted;
  // late: submitted after the (extended) due date; missing: not submitted and past due.
  const counts = await c.env.DB.prepare(
    `select
       count(*) as expected,
       coalesce(sum(case when ob.first_submitted_at is not null then 1 else 0 end), 0) as submitted,
       coalesce(sum(case when ob.first_submitted_at is not null and ob.on_time = 0 then 1 else 0 end), 0) as late,
       coalesce(sum(case when ob.first_submitted_at is null and ob.effective_due_on < ? then 1 else 0 end), 0) as missing
     from obligations ob
     join periods pe on pe.id = ob.period_id
     join organisations o on o.id = ob.organisation_id
     where pe.status = 'open' and ob.status != 'waived' and ${where.sql}`,
  )
    .bind(today, ...where.params)
    .first<{ expected: number; submitted: number; late: number; missing: number }>();
  const stat = (value: number, label: string, cls = "") => (
    <div class="card">
      <div class={`stat ${cls}`}>{value}</div>
      {label}
    </div>
  );
  return (
    <section aria-labelledby="monitor-h">
      <h2 id="monitor-h">Tình hình báo cáo các kỳ đang mở</h2>
      <div class="grid">
        {stat(counts?.expected ?? 0, "báo cáo phải nộp")}
        {stat(counts?.submitted ?? 0, "đã nộp", "ok")}
        {stat(counts?.late ?? 0, "nộp muộn", "warn")}
        {stat(counts?.missing ?? 0, "quá hạn chưa nộp", "bad")}
      </div>
      <p>
        <a class="button" href="/giam-sat">
          Xem chi tiết giám sát
        </a>
      </p>
    </section>
  );
}

async function landing(c: Context<AppEnv>) {
  const counts = await c.env.DB.prepare(
    `select
      (select count(*) from directives) as directives,
      (select count(*) from organisations) as organisations,
      (select count(*) from periods where status = 'open') as open_periods`,
  ).first<Record<string, number>>();
  return renderPage(
    c,
    "Trang chủ",
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
          <div class="stat">{counts?.directives ?? 0}</div>chỉ thị
        </div>
        <div class="card">
          <div class="stat">{counts?.organisations ?? 0}</div>tổ chức
        </div>
        <div class="card">
          <div class="stat">{counts?.open_periods ?? 0}</div>kỳ báo cáo đang mở
        </div>
      </div>
    </>,
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
