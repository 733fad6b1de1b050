/** What the home page holds for a person: sections by the roles they hold, deadlines by domain/deadline. */
import { isAdmin, type Principal, scopeFor } from "../../auth/policy";
import { loadCalendar } from "../../db/calendar";
import {
  deadlineFromStored,
  deadlineStanding,
  formatStanding,
  formatStoredDeadline,
} from "../../domain/deadline";
import { OPEN_OBLIGATION_STATUSES } from "../../domain/status-labels";
import { localDate } from "../../domain/time";
import {
  openPeriodCounts,
  openReportsIn,
  organisationNames,
  type ScopeCounts,
  type TodoRow,
} from "./home.queries";

export interface TodoItem {
  row: TodoRow;
  deadlineText: string;
  /** Only for reports still chased (pending, draft, returned): "Còn 3 ngày làm việc", "Quá hạn …". */
  standing: { text: string; overdue: boolean } | null;
}

export interface HomeContent {
  admin: boolean;
  todo: TodoItem[] | null;
  plans: { id: string; name: string }[];
  monitor: ScopeCounts | null;
  /** Dashboard rights without review rights: a link only. */
  dashboardLink: boolean;
  noRoles: boolean;
}

export async function homeContent(db: D1Database, principal: Principal, now: number): Promise<HomeContent> {
  const todoScope = scopeFor(principal, "report.draft");
  const reviewScope = scopeFor(principal, "report.review");
  const dashboardScope = scopeFor(principal, "dashboard.read");
  const hasTodo = !todoScope.global && todoScope.exact.length > 0;
  const hasReview = reviewScope.global || reviewScope.subtrees.length > 0;
  const hasDashboard = dashboardScope.global || dashboardScope.subtrees.length > 0;
  let todo: TodoItem[] | null = null;
  if (hasTodo) {
    const [rows, calendar] = await Promise.all([openReportsIn(db, todoScope), loadCalendar(db)]);
    todo = rows.map((row) => {
      const chased = (OPEN_OBLIGATION_STATUSES as readonly string[]).includes(row.status);
      const standing = deadlineStanding(
        deadlineFromStored(row.extendedDueOn ?? row.dueOn, row.effectiveDueOn),
        now,
        calendar,
      );
      return {
        row,
        deadlineText: formatStoredDeadline(
          { dueOn: row.dueOn, extendedDueOn: row.extendedDueOn, effectiveDueOn: row.effectiveDueOn },
          calendar,
        ),
        standing: chased ? { text: formatStanding(standing), overdue: standing.kind === "overdue" } : null,
      };
    });
  }
  return {
    admin: isAdmin(principal),
    todo,
    plans: hasTodo ? await organisationNames(db, todoScope.exact) : [],
    monitor: hasReview ? await openPeriodCounts(db, reviewScope, localDate(now)) : null,
    dashboardLink: !hasReview && hasDashboard,
    noRoles: !hasTodo && !hasReview && !hasDashboard && !isAdmin(principal),
  };
}
