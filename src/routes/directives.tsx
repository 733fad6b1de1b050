/**
 * Directives: sections, indicators with their targets, the cascade of implementing
 * documents (parent to child), and which organisations have not yet issued theirs.
 * Adding an implementing document needs `plan.edit` on the issuing organisation.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import * as z from "zod";
import { authorize, loadOrg, requirePolicy, signedIn } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import { can, type Principal, scopeFor, scopeSql } from "../auth/policy";
import { clientIp, csrfTokenFor } from "../auth/web";
import { formatDateVi } from "../domain/time";
import type { AppEnv } from "../http/context";
import { dateField } from "../http/date-field";
import { maySetUpAny } from "../pages/setup-bits";
import { AppError, notFound } from "../platform/errors";
import { documentReadScope, kindLabelOf, registerDocument } from "../services/documents";
import { blankToUndefined, parseWith, readBody } from "../services/http-input";
import { Breadcrumbs, formErrorPage } from "../services/page-bits";
import { DocumentKindFields } from "./documents";

export const directiveRoutes = new Hono<AppEnv>();

interface DirectiveRow {
  id: string;
  code: string;
  title: string;
  issuedOn: string;
  summary: string | null;
  documentId: string;
  organisationPath: string | null;
}
interface SectionRow {
  id: string;
  number: number;
  title: string;
  body: string;
  isTaskGroup: number;
  titleIsEditorial: number;
}
interface IndicatorRow {
  id: string;
  code: string;
  name: string;
  unit: string;
  valueKind: string;
  baselineValue: number | null;
  baselineYear: number | null;
}
interface TargetRow {
  indicatorId: string;
  year: number;
  value: number;
  comparator: "gt" | "gte";
  note: string | null;
}
export interface DocumentRow {
  id: string;
  number: string;
  docType: string;
  issuer: string;
  issuedOn: string;
  title: string;
  parentDocumentId: string | null;
  organisationId: string | null;
}
export interface DocumentNode extends DocumentRow {
  children: DocumentNode[];
}

const MAX_DOCUMENTS = 1000;

async function loadDirective(db: D1Database, id: string, principal: Principal | null) {
  const directive = await db
    .prepare(
      `select d.id, d.code, d.title, d.issued_on as issuedOn, d.summary, d.document_id as documentId, o.path as organisationPath
       from directives d left join organisations o on o.id = d.organisation_id where d.id = ?`,
    )
    .bind(id)
    .first<DirectiveRow>();
  if (!directive) throw notFound("Không tìm thấy chỉ thị");
  const docScope = documentReadScope(principal);
  const [sections, indicators, targets, documents] = await Promise.all([
    db
      .prepare(
        "select id, number, title, body, is_task_group as isTaskGroup, title_is_editorial as titleIsEditorial from directive_sections where directive_id = ? order by number",
      )
      .bind(id)
      .all<SectionRow>(),
    db
      .prepare(
        `select id, code, name, unit, value_kind as valueKind, baseline_value as baselineValue, baseline_year as baselineYear
         from indicators where directive_id = ? order by code`,
      )
      .bind(id)
      .all<IndicatorRow>(),
    db
      .prepare(
        // The directive's own targets (its organisation's); provincial targets are on the set-up page.
        `select t.indicator_id as indicatorId, t.year, t.value, t.comparator, t.note from indicator_targets t
         join indicators i on i.id = t.indicator_id join directives d on d.id = i.directive_id
         where i.directive_id = ? and t.organisation_id = d.organisation_id order by t.year`,
      )
      .bind(id)
      .all<TargetRow>(),
    db
      .prepare(
        `select d.id, d.number, d.doc_type as docType, d.issuer, d.issued_on as issuedOn, d.title,
           d.parent_document_id as parentDocumentId, d.organisation_id as organisationId
         from documents d left join organisations o on o.id = d.organisation_id
         where (d.directive_id = ? or d.id = ?) and d.withdrawn_at is null and ${docScope.sql}
         order by d.issued_on, d.number limit ${MAX_DOCUMENTS}`,
      )
      .bind(id, directive.documentId, ...docScope.params)
      .all<DocumentRow>(),
  ]);
  return {
    directive,
    sections: sections.results,
    indicators: indicators.results.map((i) => ({
      ...i,
      targets: targets.results.filter((t) => t.indicatorId === i.id).map(({ indicatorId: _, ...t }) => t),
    })),
    documents: documents.results,
  };
}

/** Documents as a forest, children under their parent document. */
export function documentTree(docs: DocumentRow[]): DocumentNode[] {
  const nodes = new Map<string, DocumentNode>(docs.map((d) => [d.id, { ...d, children: [] }]));
  const roots: DocumentNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentDocumentId ? nodes.get(n.parentDocumentId) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  return roots;
}

interface MissingRow {
  id: string;
  code: string;
  name: string;
}

/**
 * Organisations that have not issued their implementing document: by default the committees
 * directly under the Central Committee; with `underId`, the open children of that organisation.
 */
async function missingOrganisations(
  c: Context<AppEnv>,
  directiveId: string,
  underId: string | undefined,
): Promise<{ rows: MissingRow[]; under: { id: string; name: string } | null }> {
  const db = c.env.DB;
  const scope = scopeSql(scopeFor(c.var.principal, "org.read"), "o");
  let filter = "o.kind in ('provincial_committee', 'central_committee')";
  const params: string[] = [];
  let under: { id: string; name: string } | null = null;
  if (underId) {
    under = await db.prepare("select id, name from organisations where id = ?").bind(underId).first();
    if (!under) throw notFound("Không tìm thấy tổ chức");
    filter = "o.parent_id = ?";
    params.push(underId);
  }
  const { results } = await db
    .prepare(
      `select o.id, o.code, o.name from organisations o
       where ${filter} and o.closed_on is null and ${scope.sql}
         and not exists (select 1 from documents d where d.directive_id = ? and d.organisation_id = o.id and d.withdrawn_at is null)
       order by o.sort_order, o.id limit 300`,
    )
    .bind(...params, ...scope.params, directiveId)
    .all<MissingRow>();
  return { rows: results, under };
}

export const createDocSchema = z.object({
  number: z.string().max(100, "Số hiệu văn bản quá dài"),
  docType: z.string().trim().max(10).optional(),
  issuer: z.string().trim().min(1, "Vui lòng nhập cơ quan ban hành").max(200, "Tên cơ quan ban hành quá dài"),
  issuedOn: dateField("Ngày ban hành"),
  title: z.string().trim().min(1, "Vui lòng nhập trích yếu").max(500, "Trích yếu quá dài (tối đa 500 ký tự)"),
  term: z.string().trim().max(20, "Nhiệm kỳ viết dạng 2025-2030").optional(),
  parentDocumentId: z.string().max(64).nullable().optional(),
  organisationId: z.string().min(1, "Vui lòng chọn tổ chức ban hành").max(64),
});

/**
 * Adds an implementing document to a directive's cascade. A committee adds its own (`plan.edit`);
 * Commission staff register guidance and any committee's document of their subtree (`directive.manage`).
 */
export async function addDocument(
  c: Context<AppEnv>,
  directiveId: string,
  data: Record<string, unknown>,
  action: "plan.edit" | "directive.manage" = "plan.edit",
) {
  const db = c.env.DB;
  const directive = await db.prepare("select id from directives where id = ?").bind(directiveId).first();
  if (!directive) throw notFound("Không tìm thấy chỉ thị");
  const input = parseWith(createDocSchema, data);
  const org = await loadOrg(db, input.organisationId);
  if (!org) {
    throw new AppError("invalid", "unknown_organisation", "Không tìm thấy tổ chức ban hành", [
      { field: "organisationId", message: "Không tìm thấy tổ chức ban hành" },
    ]);
  }
  authorize(c, action, org);
  const p = c.var.principal!;
  const doc = await registerDocument(
    db,
    { ...input, organisationId: org.id, directiveId },
    { actorPersonId: p.personId, actorKind: p.kind, ip: clientIp(c) },
    c.var.now,
  );
  return {
    id: doc.id,
    number: doc.number,
    docType: doc.docType,
    kind: kindLabelOf(doc),
    format: doc.format,
    term: doc.term || null,
  };
}

directiveRoutes.post("/api/directives/:id/documents", requirePolicy("plan.edit", "in-handler"), async (c) => {
  const { data } = await readBody(c);
  const doc = await addDocument(c, c.req.param("id"), data);
  return c.json({ document: doc }, 201);
});

directiveRoutes.post("/chi-thi/:id/van-ban", requirePolicy("plan.edit", "in-handler"), async (c) => {
  const id = c.req.param("id");
  const { data } = await readBody(c);
  try {
    await addDocument(c, id, blankToUndefined(data));
    return c.redirect(`/chi-thi/${id}`, 303);
  } catch (err) {
    return formErrorPage(c, err, `/chi-thi/${id}`);
  }
});

directiveRoutes.get("/api/directives/:id", signedIn(), async (c) => {
  const d = await loadDirective(c.env.DB, c.req.param("id"), c.var.principal);
  const under = c.req.query("under");
  const missing = await missingOrganisations(
    c,
    d.directive.id,
    under && under.length <= 64 ? under : undefined,
  );
  return c.json({
    directive: d.directive,
    sections: d.sections.map((s) => ({
      ...s,
      isTaskGroup: s.isTaskGroup === 1,
      titleIsEditorial: s.titleIsEditorial === 1,
    })),
    indicators: d.indicators,
    documents: documentTree(d.documents),
    notYetIssued: missing.rows,
  });
});

directiveRoutes.get("/chi-thi", signedIn(), async (c) => {
  const { results } = await c.env.DB.prepare(
    "select id, code, title, issued_on as issuedOn from directives order by issued_on desc limit 100",
  ).all<{ id: string; code: string; title: string; issuedOn: string }>();
  return renderPage(
    c,
    "Chỉ thị",
    <>
      <h1>Chỉ thị</h1>
      {maySetUpAny(c) ? (
        <p>
          <a class="button" href="/chi-thi/moi">
            Đăng ký chỉ thị, nghị quyết, kết luận
          </a>
        </p>
      ) : null}
      {results.length ? (
        <ul>
          {results.map((d) => (
            <li>
              <a href={`/chi-thi/${d.id}`}>{d.title}</a>{" "}
              <span class="muted">(ngày {formatDateVi(d.issuedOn)})</span>
            </li>
          ))}
        </ul>
      ) : (
        <p>Chưa có chỉ thị nào.</p>
      )}
    </>,
  );
});

const fmtNumber = (n: number) => n.toLocaleString("vi-VN", { maximumFractionDigits: 2 });

function DocTree(props: { nodes: DocumentNode[] }) {
  return (
    <ul>
      {props.nodes.map((n) => (
        <li>
          <a href={`/van-ban/${n.id}`}>
            <strong>{n.number}</strong>
          </a>{" "}
          ({kindLabelOf(n)}) · {n.issuer} · ngày {formatDateVi(n.issuedOn)}
          <div class="muted">{n.title}</div>
          {n.children.length ? <DocTree nodes={n.children} /> : null}
        </li>
      ))}
    </ul>
  );
}

directiveRoutes.get("/chi-thi/:id", signedIn(), async (c) => {
  const d = await loadDirective(c.env.DB, c.req.param("id"), c.var.principal);
  const underParam = c.req.query("under");
  const missing = await missingOrganisations(
    c,
    d.directive.id,
    underParam && underParam.length <= 64 ? underParam : undefined,
  );
  const tree = documentTree(d.documents);
  const principal = c.var.principal!;
  // Organisations where this person may add a document (their own, for secretaries and reporters).
  const editable = scopeFor(principal, "plan.edit");
  const where = scopeSql(editable, "o");
  const { results: editOrgs } = await c.env.DB.prepare(
    `select o.id, o.name from organisations o where ${where.sql} and o.closed_on is null order by o.level, o.sort_order limit 100`,
  )
    .bind(...where.params)
    .all<{ id: string; name: string }>();
  const csrf = await csrfTokenFor(c);
  return renderPage(
    c,
    d.directive.code,
    <>
      <Breadcrumbs items={[{ href: "/chi-thi", label: "Chỉ thị" }, { label: d.directive.code }]} />
      <h1>{d.directive.title}</h1>
      <p class="muted">Ban hành ngày {formatDateVi(d.directive.issuedOn)}</p>
      {d.directive.organisationPath &&
      can(principal, "directive.manage", d.directive.organisationPath, { appEnv: c.var.config.appEnv }) ? (
        <p class="noprint">
          <a class="button secondary" href={`/chi-thi/${encodeURIComponent(d.directive.id)}/thiet-lap`}>
            Thiết lập: văn bản hướng dẫn, chỉ tiêu, biểu mẫu, chế độ báo cáo
          </a>
        </p>
      ) : null}
      {d.directive.summary ? d.directive.summary.split(/\n\n+/).map((para) => <p>{para}</p>) : null}

      <section aria-labelledby="ind-h">
        <h2 id="ind-h">Chỉ tiêu</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Chỉ tiêu</th>
              <th scope="col">Cơ sở</th>
              <th scope="col">Mục tiêu theo năm</th>
            </tr>
          </thead>
          <tbody>
            {d.indicators.map((i) => (
              <tr>
                <td>
                  {i.name} <span class="muted">({i.unit})</span>
                </td>
                <td>
                  {i.baselineValue !== null
                    ? `${fmtNumber(i.baselineValue)}${i.valueKind === "percent" ? "%" : ""} (năm ${i.baselineYear})`
                    : "Chưa có"}
                </td>
                <td>
                  {i.targets.length ? (
                    <ul>
                      {i.targets.map((t) => (
                        <li>
                          Năm {t.year}: {t.comparator === "gt" ? "trên " : "đạt "}
                          {fmtNumber(t.value)}
                          {i.valueKind === "percent" ? "%" : ""}
                          {t.note ? ` (${t.note})` : ""}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    "Chưa đặt mục tiêu"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="sec-h">
        <h2 id="sec-h">Nội dung</h2>
        {d.sections.map((s) => (
          <details>
            <summary>
              {s.number}. {s.title}
              {s.titleIsEditorial ? " [tiêu đề do biên tập]" : ""}
              {s.isTaskGroup ? "" : " (tổ chức thực hiện)"}
            </summary>
            {s.body.split(/\n\n+/).map((para) => (
              <p>
                {para.split("\n").map((line, i) => (
                  <>
                    {i ? <br /> : null}
                    {line}
                  </>
                ))}
              </p>
            ))}
          </details>
        ))}
      </section>

      <section aria-labelledby="doc-h">
        <h2 id="doc-h">Văn bản triển khai</h2>
        <DocTree nodes={tree} />
      </section>

      <section aria-labelledby="miss-h">
        <h2 id="miss-h">
          {missing.under
            ? `Tổ chức trực thuộc ${missing.under.name} chưa ban hành văn bản triển khai`
            : "Cấp ủy trực thuộc Trung ương chưa ban hành văn bản triển khai"}
          : {missing.rows.length}
        </h2>
        {missing.under ? (
          <p>
            <a href={`/chi-thi/${d.directive.id}`}>Xem các cấp ủy trực thuộc Trung ương</a>
          </p>
        ) : null}
        {missing.rows.length ? (
          <ul>
            {missing.rows.map((o) => (
              <li>
                <a href={`/to-chuc/${o.id}`}>{o.name}</a> ·{" "}
                <a href={`/chi-thi/${d.directive.id}?under=${encodeURIComponent(o.id)}`}>xem cấp dưới</a>
              </li>
            ))}
          </ul>
        ) : (
          <p>Tất cả đã ban hành văn bản triển khai.</p>
        )}
      </section>

      {editOrgs.length ? (
        <section aria-labelledby="add-h" class="card noprint">
          <h2 id="add-h">Thêm văn bản triển khai</h2>
          <form method="post" action={`/chi-thi/${d.directive.id}/van-ban`}>
            <CsrfField token={csrf} />
            <label for="doc-org">Tổ chức ban hành</label>
            <select id="doc-org" name="organisationId" required>
              {editOrgs.map((o) => (
                <option value={o.id}>{o.name}</option>
              ))}
            </select>
            <label for="doc-number">Số hiệu (ví dụ 215-KH/TU hoặc 844/QĐ-TTg)</label>
            <input id="doc-number" name="number" required maxlength={60} />
            <DocumentKindFields />
            <label for="doc-issuer">Cơ quan ban hành</label>
            <input id="doc-issuer" name="issuer" required maxlength={200} />
            <label for="doc-date">Ngày ban hành</label>
            <input id="doc-date" name="issuedOn" type="date" required />
            <label for="doc-title">Trích yếu</label>
            <input id="doc-title" name="title" required maxlength={500} />
            <label for="doc-parent">Văn bản cấp trên</label>
            <select id="doc-parent" name="parentDocumentId">
              {d.documents.map((doc) => (
                <option value={doc.id}>{doc.number}</option>
              ))}
            </select>
            <p>
              <button type="submit">Thêm văn bản</button>
            </p>
          </form>
        </section>
      ) : null}
    </>,
  );
});
