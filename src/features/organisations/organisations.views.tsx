/** The organisation tree's pages: JSX only, fed by organisations.pages.tsx. */
import { CsrfField } from "../../auth/page";
import { ROLE_LABELS } from "../../auth/policy";
import { type DeadlineStanding, formatLateness } from "../../domain/deadline";
import { ORGANISATION_KINDS, type Role } from "../../domain/enums";
import { defaultChildKind, MAX_QUERY_LENGTH } from "../../domain/org-tree";
import {
  ORGANISATION_KIND_LABELS as KIND_LABELS,
  OBLIGATION_STATUS_LABELS,
  OPEN_OBLIGATION_STATUSES,
} from "../../domain/status-labels";
import { capitalise } from "../../domain/text";
import { formatDateVi } from "../../domain/time";
import { Breadcrumbs, ColumnHeads, Fact, Submit } from "../../pages/page-bits";
import { MoveSearchForm } from "./move.views";
import type { OrgRow } from "./organisations.queries";

export function OrgList(props: { items: OrgRow[] }) {
  return (
    <ul>
      {props.items.map((o) => (
        <li>
          <a href={`/to-chuc/${o.id}`}>{o.name}</a> <span class="muted">({o.code})</span>
          {o.closedOn ? (
            <span class="badge muted"> Đã giải thể/sáp nhập {formatDateVi(o.closedOn)}</span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function SearchForm(props: { q?: string }) {
  return (
    <form method="get" action="/to-chuc/tim">
      <label for="q">Tìm tổ chức theo tên hoặc mã (có thể gõ không dấu)</label>
      <input id="q" name="q" type="search" value={props.q ?? ""} maxlength={MAX_QUERY_LENGTH} required />
      <Submit>Tìm</Submit>
    </form>
  );
}

export function RootsView(props: { roots: OrgRow[]; manage: boolean }) {
  return (
    <>
      <h1>Cây tổ chức</h1>
      <SearchForm />
      <h2>Tổ chức đồng chí được xem</h2>
      {props.roots.length ? (
        <OrgList items={props.roots} />
      ) : (
        <p>Đồng chí chưa được giao vai trò ở tổ chức nào.</p>
      )}
      {props.manage ? (
        <p>
          <a href="/nhap-du-lieu">Nhập tổ chức, người dùng từ tệp CSV</a> ·{" "}
          <a href="/api/organisations.csv">Tải danh sách tổ chức (CSV)</a>
        </p>
      ) : null}
    </>
  );
}

export function SearchView(props: { q: string; results: OrgRow[] }) {
  const { q, results } = props;
  return (
    <>
      <h1>Tìm tổ chức</h1>
      <SearchForm q={q} />
      {q ? (
        <section aria-labelledby="kq">
          <h2 id="kq">
            Kết quả cho “{q}”: {results.length} tổ chức
          </h2>
          {results.length ? <OrgList items={results} /> : <p>Không tìm thấy tổ chức nào.</p>}
        </section>
      ) : null}
      <p>
        <a href="/to-chuc">Về cây tổ chức</a>
      </p>
    </>
  );
}

export interface MemberRow {
  personId: string;
  fullName: string;
  email: string;
  title: string | null;
  role: Role;
  bouncedAt: number | null;
  bounceReason: string | null;
}

export interface OrgObligationRow {
  id: string;
  label: string;
  scheduleName: string;
  effectiveDueOn: string;
  status: keyof typeof OBLIGATION_STATUS_LABELS;
  onTime: boolean | number | null;
  lastSubmittedAt: number | null;
  /** Where today stands against the deadline (decided by domain/deadline). */
  standing: DeadlineStanding;
}

/** What the organisation page shows; each part is present only for those who may see it. */
export interface OrgPageModel {
  org: OrgRow;
  ancestors: { id: string; name: string; href?: string }[];
  children: { items: OrgRow[]; nextCursor: string | null };
  cursor?: string;
  members: MemberRow[];
  plan: { id: string; documentNumber: string | null; documentDate: string | null; tasks: number } | null;
  canPlan: boolean;
  canReports: boolean;
  obligations: OrgObligationRow[];
  canTokens: boolean;
  isCommission: boolean;
  manage: boolean;
  today: string;
  csrf: string;
}

export function OrganisationView(props: OrgPageModel) {
  const { org, ancestors, children, cursor, members, plan, canPlan, canReports, obligations } = props;
  const { isCommission, manage, today, csrf } = props;
  const bounced = members.filter((m) => m.bouncedAt !== null);
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/to-chuc", label: "Tổ chức" },
          ...ancestors.map((a) => ({ href: a.href, label: a.name })),
          { label: org.name },
        ]}
      />
      <h1>{org.name}</h1>
      {org.closedOn ? (
        <p class="notice">
          Tổ chức đã giải thể/sáp nhập từ ngày {formatDateVi(org.closedOn)}: không phát sinh nghĩa vụ báo cáo
          mới; các báo cáo trước đó vẫn được lưu.
        </p>
      ) : null}
      <dl class="grid">
        <Fact label="Mã">{org.code}</Fact>
        <Fact label="Loại">{KIND_LABELS[org.kind]}</Fact>
        <Fact label="Thư điện tử">
          {org.email ? <a href={`mailto:${org.email}`}>{org.email}</a> : "Chưa có"}
        </Fact>
        <Fact label="Điện thoại">{org.phone ?? "Chưa có"}</Fact>
        <Fact label="Dân số">
          {org.population !== null ? org.population.toLocaleString("vi-VN") : "Không áp dụng"}
        </Fact>
        <Fact label="Ngày thành lập">{org.openedOn ? formatDateVi(org.openedOn) : "Chưa rõ"}</Fact>
        <Fact label="Ngày giải thể/sáp nhập">
          {org.closedOn ? formatDateVi(org.closedOn) : "Đang hoạt động"}
        </Fact>
      </dl>

      <section aria-labelledby="children-h">
        <h2 id="children-h">Tổ chức trực thuộc</h2>
        {children.items.length ? <OrgList items={children.items} /> : <p>Không có tổ chức trực thuộc.</p>}
        <p>
          {cursor ? <a href={`/to-chuc/${org.id}`}>Trang đầu</a> : null}
          {cursor && children.nextCursor ? " · " : null}
          {children.nextCursor ? (
            <a href={`/to-chuc/${org.id}?cursor=${encodeURIComponent(children.nextCursor)}`}>Trang sau</a>
          ) : null}
        </p>
      </section>

      {canPlan ? (
        <section aria-labelledby="plan-h">
          <h2 id="plan-h">Kế hoạch thực hiện Chỉ thị 52-CT/TW</h2>
          {plan ? (
            <p>
              <a href={`/ke-hoach/${org.id}`}>
                Kế hoạch {plan.documentNumber ?? "(chưa có số)"}
                {plan.documentDate ? ` ngày ${formatDateVi(plan.documentDate)}` : ""}
              </a>{" "}
              · {plan.tasks} nhiệm vụ
            </p>
          ) : (
            <p>
              Chưa có kế hoạch. <a href={`/ke-hoach/${org.id}`}>Xem hoặc tạo kế hoạch</a>
            </p>
          )}
        </section>
      ) : null}

      {canReports ? (
        <section aria-labelledby="ob-h">
          <h2 id="ob-h">Nghĩa vụ và lịch sử báo cáo</h2>
          {obligations.length ? (
            <table>
              <ColumnHeads columns={["Kỳ báo cáo", "Hạn nộp", "Trạng thái", "Đúng hạn"]} />
              <tbody>
                {obligations.map((o) => (
                  <tr>
                    <td>
                      <a href={`/bao-cao/${o.id}`}>{o.label}</a>
                      <div class="muted">{o.scheduleName}</div>
                    </td>
                    <td>{formatDateVi(o.effectiveDueOn)}</td>
                    <td>{OBLIGATION_STATUS_LABELS[o.status]}</td>
                    <td>
                      {o.onTime === null ? (
                        o.standing.kind === "overdue" && OPEN_OBLIGATION_STATUSES.includes(o.status) ? (
                          <span class="bad">
                            {capitalise(formatLateness(o.standing.workingDaysLate))}, chưa nộp
                          </span>
                        ) : (
                          <span class="muted">Chưa nộp</span>
                        )
                      ) : o.onTime ? (
                        <span class="ok">Đúng hạn</span>
                      ) : (
                        <span class="warn">Nộp muộn</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>Chưa có nghĩa vụ báo cáo nào.</p>
          )}
        </section>
      ) : null}

      <section aria-labelledby="people-h">
        <h2 id="people-h">Người dùng và vai trò</h2>
        {members.length ? (
          <table>
            <ColumnHeads columns={["Họ tên", "Vai trò", "Thư điện tử"]} />
            <tbody>
              {members.map((m) => (
                <tr>
                  <td>
                    {m.fullName}
                    {m.title ? <div class="muted">{m.title}</div> : null}
                  </td>
                  <td>{ROLE_LABELS[m.role]}</td>
                  <td>{m.email}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>Chưa có người dùng.</p>
        )}
      </section>

      {props.canTokens ? (
        <section aria-labelledby="api-h" class="noprint">
          <h2 id="api-h">Kết nối phần mềm</h2>
          <p>
            <a href={`/to-chuc/${org.id}/khoa-api`}>Khóa API</a>: tạo, xem và thu hồi khóa cho phần mềm kết
            nối với hệ thống thay mặt tổ chức.
          </p>
        </section>
      ) : null}

      {isCommission ? (
        <section aria-labelledby="bounce-h">
          <h2 id="bounce-h">Địa chỉ thư bị trả lại</h2>
          {bounced.length ? (
            <ul>
              {bounced.map((m) => (
                <li>
                  <span class="bad">{m.email}</span> ({m.fullName}): thư không đến được
                  {m.bounceReason ? `: ${m.bounceReason}` : ""}
                </li>
              ))}
            </ul>
          ) : (
            <p>Không có địa chỉ nào bị trả lại.</p>
          )}
        </section>
      ) : null}

      {manage ? (
        <section aria-labelledby="manage-h" class="noprint">
          <h2 id="manage-h">Quản lý tổ chức</h2>
          <div class="card">
            <h3>Thêm tổ chức trực thuộc</h3>
            <form method="post" action="/to-chuc/moi">
              <CsrfField token={csrf} />
              <input type="hidden" name="parentId" value={org.id} />
              <label for="new-code">Mã</label>
              <input id="new-code" name="code" required maxlength={40} />
              <label for="new-name">Tên</label>
              <input id="new-name" name="name" required maxlength={200} />
              <label for="new-kind">Loại</label>
              <select id="new-kind" name="kind">
                {ORGANISATION_KINDS.map((k) => (
                  <option value={k} selected={k === defaultChildKind(org.kind)}>
                    {KIND_LABELS[k]}
                  </option>
                ))}
              </select>
              <label for="new-email">Thư điện tử</label>
              <input id="new-email" name="email" type="email" maxlength={200} />
              <label for="new-pop">Dân số</label>
              <input id="new-pop" name="population" inputmode="numeric" pattern="[0-9]*" />
              <Submit>Thêm</Submit>
            </form>
          </div>
          <div class="card">
            <h3>Chuyển sang tổ chức cấp trên khác</h3>
            <MoveSearchForm org={org} />
          </div>
          <div class="card">
            <h3>{org.closedOn ? "Mở lại tổ chức" : "Giải thể/sáp nhập"}</h3>
            <form method="post" action={`/to-chuc/${org.id}/cap-nhat`}>
              <CsrfField token={csrf} />
              {org.closedOn ? (
                <input type="hidden" name="action" value="reopen" />
              ) : (
                <>
                  <label for="close-on">Ngày giải thể/sáp nhập</label>
                  <input id="close-on" name="closedOn" type="date" required value={today} />
                </>
              )}
              <p>
                <button type="submit" class="secondary">
                  {org.closedOn ? "Mở lại" : "Ghi nhận giải thể/sáp nhập"}
                </button>
              </p>
            </form>
          </div>
        </section>
      ) : null}
      <p>
        <a href={`/api/organisations.csv?parent=${encodeURIComponent(org.id)}`}>
          Tải danh sách tổ chức trực thuộc (CSV)
        </a>
      </p>
    </>
  );
}
