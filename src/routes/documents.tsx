/**
 * One registered document: its page, checking a number as typed, correcting a wrong
 * registration and withdrawing one made by mistake. Correcting and withdrawing need
 * `plan.edit` on the issuing organisation (an outside body's document: an administrator);
 * both are compare-and-set on the document's revision and audited with their reason.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import * as z from "zod";
import type { OrgRef } from "../auth/guard";
import { requirePolicy, signedIn } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import { can } from "../auth/policy";
import { clientIp, csrfTokenFor } from "../auth/web";
import { documentKindLabel, parseDocumentNumber } from "../domain/document-number";
import { formatDateTimeVi, formatDateVi, isValidDate } from "../domain/time";
import type { AppEnv } from "../http/context";
import { AppError, notFound } from "../platform/errors";
import {
  correctDocument,
  kindLabelOf,
  loadDocument,
  mayReadDocument,
  type StoredDocument,
  withdrawDocument,
} from "../services/documents";
import { blankToUndefined, parseWith, readBody } from "../services/http-input";
import { Breadcrumbs, formErrorPage } from "../services/page-bits";

export const documentRoutes = new Hono<AppEnv>();

/** Documents of outside bodies belong to no organisation: only a global scope (administrator) may touch them. */
const OUTSIDE: OrgRef = { id: "", path: "/" };

async function orgOfDocument(c: Context<AppEnv>): Promise<OrgRef | null> {
  const row = await c.env.DB.prepare(
    `select d.organisation_id as orgId, o.id, o.path from documents d left join organisations o on o.id = d.organisation_id
     where d.id = ?`,
  )
    .bind(c.req.param("id") ?? "")
    .first<{ orgId: string | null; id: string | null; path: string | null }>();
  if (!row) return null;
  return row.id && row.path ? { id: row.id, path: row.path } : OUTSIDE;
}

const reason = z
  .string({ error: "Vui lòng ghi lý do" })
  .trim()
  .min(5, "Vui lòng ghi lý do (ít nhất 5 ký tự)")
  .max(500, "Lý do quá dài (tối đa 500 ký tự)");
const revision = z.coerce.number({ error: "Thiếu phiên bản" }).int().min(1);

export const correctDocSchema = z.object({
  number: z.string().max(100, "Số hiệu văn bản quá dài"),
  docType: z.string().trim().max(10).optional(),
  issuer: z.string().trim().min(1, "Vui lòng nhập cơ quan ban hành").max(200, "Tên cơ quan ban hành quá dài"),
  issuedOn: z.string().refine(isValidDate, "Ngày ban hành phải là ngày hợp lệ dạng YYYY-MM-DD"),
  title: z.string().trim().min(1, "Vui lòng nhập trích yếu").max(500, "Trích yếu quá dài (tối đa 500 ký tự)"),
  term: z.string().trim().max(20, "Nhiệm kỳ viết dạng 2025-2030").optional(),
  parentDocumentId: z.string().max(64).nullable().optional(),
  revision,
  reason,
});
export const withdrawDocSchema = z.object({ revision, reason });
export const checkNumberQuery = z.object({ number: z.string().max(200) });

const actorOf = (c: Context<AppEnv>) => {
  const p = c.var.principal!;
  return { actorPersonId: p.personId, actorKind: p.kind, ip: clientIp(c) };
};

async function mustLoad(c: Context<AppEnv>): Promise<StoredDocument> {
  const doc = await loadDocument(c.env.DB, c.req.param("id") ?? "");
  if (!doc) throw notFound("Không tìm thấy văn bản");
  return doc;
}

/** A document the signed-in person may read (their subtree's, their superiors', the directive's); else 404. */
async function mustRead(c: Context<AppEnv>): Promise<StoredDocument> {
  const doc = await mustLoad(c);
  if (!(await mayReadDocument(c.env.DB, doc.id, c.var.principal))) throw notFound("Không tìm thấy văn bản");
  return doc;
}

const publicView = (d: StoredDocument) => ({
  ...d,
  kind: kindLabelOf(d),
  term: d.term || null,
  withdrawn: d.withdrawnAt !== null,
});

function conflictJson(c: Context<AppEnv>, err: unknown) {
  if (err instanceof AppError && err.code === "stale_revision") {
    const e = err as AppError & { current?: StoredDocument; submitted?: unknown };
    return c.json(
      {
        error: { code: e.code, message: e.message, fields: e.fields },
        current: e.current ? publicView(e.current) : null,
        submitted: e.submitted ?? null,
      },
      409,
    );
  }
  throw err;
}

interface HistoryRow {
  at: number;
  action: string;
  reason: string | null;
  data: string | null;
  actor: string | null;
}

async function historyOf(db: D1Database, id: string): Promise<HistoryRow[]> {
  const { results } = await db
    .prepare(
      `select a.at, a.action, a.reason, a.data, p.full_name as actor from audit_events a
       left join people p on p.id = a.actor_person_id
       where a.entity_type = 'document' and a.entity_id = ? order by a.at, a.id limit 100`,
    )
    .bind(id)
    .all<HistoryRow>();
  return results;
}

/** How a number as typed would be read: its format, the kinds it may be, or why not and a likely spelling. */
documentRoutes.get("/api/document-numbers/check", signedIn(), (c) => {
  const { number } = parseWith(checkNumberQuery, { number: c.req.query("number") ?? "" });
  const parsed = parseDocumentNumber(number);
  if (!parsed.ok) {
    return c.json({ valid: false, message: parsed.message, suggestion: parsed.suggestion ?? null });
  }
  return c.json({
    valid: true,
    normalized: parsed.normalized,
    format: parsed.format,
    issuer: parsed.issuer,
    year: parsed.year ?? null,
    kinds: parsed.kinds.map((code) => ({ code, label: documentKindLabel(parsed.format, code) })),
  });
});

documentRoutes.get("/api/documents/:id", signedIn(), async (c) => {
  const doc = await mustRead(c);
  const history = await historyOf(c.env.DB, doc.id);
  return c.json({
    document: publicView(doc),
    history: history.map((h) => ({ ...h, data: h.data ? (JSON.parse(h.data) as unknown) : null })),
  });
});

documentRoutes.patch("/api/documents/:id", requirePolicy("plan.edit", orgOfDocument), async (c) => {
  const current = await mustLoad(c);
  const { data } = await readBody(c);
  const input = parseWith(correctDocSchema, data);
  try {
    const doc = await correctDocument(c.env.DB, current, input, actorOf(c), c.var.now);
    return c.json({ document: publicView(doc) });
  } catch (err) {
    return conflictJson(c, err);
  }
});

documentRoutes.post("/api/documents/:id/withdraw", requirePolicy("plan.edit", orgOfDocument), async (c) => {
  const current = await mustLoad(c);
  const { data } = await readBody(c);
  const input = parseWith(withdrawDocSchema, data);
  try {
    await withdrawDocument(c.env.DB, current, input, actorOf(c), c.var.now);
  } catch (err) {
    return conflictJson(c, err);
  }
  const doc = await mustLoad(c);
  return c.json({ document: publicView(doc) });
});

documentRoutes.post("/van-ban/:id/sua", requirePolicy("plan.edit", orgOfDocument), async (c) => {
  const id = c.req.param("id");
  try {
    const current = await mustLoad(c);
    const { data } = await readBody(c);
    const input = parseWith(correctDocSchema, blankToUndefined(data));
    await correctDocument(c.env.DB, current, input, actorOf(c), c.var.now);
    return c.redirect(`/van-ban/${id}?da-sua=1`, 303);
  } catch (err) {
    return formErrorPage(c, err, `/van-ban/${id}`);
  }
});

documentRoutes.post("/van-ban/:id/thu-hoi", requirePolicy("plan.edit", orgOfDocument), async (c) => {
  const id = c.req.param("id");
  try {
    const current = await mustLoad(c);
    const { data } = await readBody(c);
    const input = parseWith(withdrawDocSchema, blankToUndefined(data));
    await withdrawDocument(c.env.DB, current, input, actorOf(c), c.var.now);
    return c.redirect(`/van-ban/${id}`, 303);
  } catch (err) {
    return formErrorPage(c, err, `/van-ban/${id}`);
  }
});

const ACTION_LABELS: Record<string, string> = {
  "document.created": "Đăng ký",
  "document.corrected": "Sửa thông tin",
  "document.withdrawn": "Thu hồi khỏi hệ thống",
};

/** The kind choice, needed only when a number is shared by several kinds. */
export function DocumentKindFields(props: { docType?: string; term?: string }) {
  const choices: [string, string][] = [
    ["", "Theo số hiệu"],
    ["QĐ", "Quyết định"],
    ["QĐi", "Quy định"],
    ["NQ", "Nghị quyết"],
    ["LUAT", "Luật"],
    ["PL", "Pháp lệnh"],
  ];
  return (
    <>
      <label for="doc-kind">
        Tên loại văn bản (chọn khi số hiệu dùng chung cho nhiều loại, ví dụ 399-QĐ/TW, 262/2025/QH15)
      </label>
      <select id="doc-kind" name="docType">
        {choices.map(([code, label]) => (
          <option value={code} selected={code === (props.docType ?? "")}>
            {label}
          </option>
        ))}
      </select>
      <label for="doc-term">
        Nhiệm kỳ (văn bản của Đảng; để trống nếu theo ngày ban hành, ví dụ 2025-2030)
      </label>
      <input id="doc-term" name="term" maxlength={20} value={props.term ?? ""} />
    </>
  );
}

documentRoutes.get("/van-ban/:id", signedIn(), async (c) => {
  const doc = await mustRead(c);
  const db = c.env.DB;
  const [history, directive, parents, org] = await Promise.all([
    historyOf(db, doc.id),
    doc.directiveId
      ? db
          .prepare("select id, code from directives where id = ?")
          .bind(doc.directiveId)
          .first<{ id: string; code: string }>()
      : Promise.resolve(null),
    doc.directiveId
      ? db
          .prepare(
            `select id, number from documents where (directive_id = ? or id = (select document_id from directives where id = ?))
               and withdrawn_at is null and id <> ? order by issued_on, number limit 500`,
          )
          .bind(doc.directiveId, doc.directiveId, doc.id)
          .all<{ id: string; number: string }>()
      : Promise.resolve({ results: [] as { id: string; number: string }[] }),
    orgOfDocument(c),
  ]);
  const principal = c.var.principal!;
  const mayEdit = org !== null && can(principal, "plan.edit", org.path, { appEnv: c.var.config.appEnv });
  const csrf = await csrfTokenFor(c);
  const crumbs = directive
    ? [
        { href: "/chi-thi", label: "Chỉ thị" },
        { href: `/chi-thi/${directive.id}`, label: directive.code },
        { label: doc.number },
      ]
    : [{ label: doc.number }];
  return renderPage(
    c,
    `Văn bản ${doc.number}`,
    <>
      <Breadcrumbs items={crumbs} />
      <h1>
        {kindLabelOf(doc)} số {doc.number}
      </h1>
      {c.req.query("da-sua") ? (
        <p role="status" class="card">
          Đã lưu thông tin đã sửa.
        </p>
      ) : null}
      {doc.withdrawnAt !== null ? (
        <p role="alert" class="card">
          Văn bản đã được thu hồi khỏi hệ thống ngày {formatDateTimeVi(doc.withdrawnAt)}. Lý do:{" "}
          {doc.withdrawalReason}
        </p>
      ) : null}
      <dl>
        <dt>Cơ quan ban hành</dt>
        <dd>{doc.issuer}</dd>
        <dt>Ngày ban hành</dt>
        <dd>{formatDateVi(doc.issuedOn)}</dd>
        <dt>Trích yếu</dt>
        <dd>{doc.title}</dd>
        {doc.term ? (
          <>
            <dt>Nhiệm kỳ (đánh số văn bản)</dt>
            <dd>{doc.term.replace("-", "–")}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="hist-h">
        <h2 id="hist-h">Lịch sử</h2>
        <ul>
          {history.map((h) => (
            <li>
              {formatDateTimeVi(h.at)} · {ACTION_LABELS[h.action] ?? h.action}
              {h.actor ? ` · đồng chí ${h.actor}` : ""}
              {h.reason ? ` · Lý do: ${h.reason}` : ""}
            </li>
          ))}
        </ul>
      </section>

      {mayEdit && doc.withdrawnAt === null ? (
        <>
          <section aria-labelledby="fix-h" class="card noprint">
            <h2 id="fix-h">Sửa thông tin đăng ký sai</h2>
            <form method="post" action={`/van-ban/${doc.id}/sua`}>
              <CsrfField token={csrf} />
              <input type="hidden" name="revision" value={String(doc.revision)} />
              <label for="fix-number">Số hiệu</label>
              <input id="fix-number" name="number" required maxlength={60} value={doc.number} />
              <DocumentKindFields docType={doc.docType} term={doc.term} />
              <label for="fix-issuer">Cơ quan ban hành</label>
              <input id="fix-issuer" name="issuer" required maxlength={200} value={doc.issuer} />
              <label for="fix-date">Ngày ban hành</label>
              <input id="fix-date" name="issuedOn" type="date" required value={doc.issuedOn} />
              <label for="fix-title">Trích yếu</label>
              <input id="fix-title" name="title" required maxlength={500} value={doc.title} />
              {parents.results.length ? (
                <>
                  <label for="fix-parent">Văn bản cấp trên</label>
                  <select id="fix-parent" name="parentDocumentId">
                    {parents.results.map((p) => (
                      <option value={p.id} selected={p.id === doc.parentDocumentId}>
                        {p.number}
                      </option>
                    ))}
                  </select>
                </>
              ) : null}
              <label for="fix-reason">Lý do sửa</label>
              <input id="fix-reason" name="reason" required minlength={5} maxlength={500} />
              <p>
                <button type="submit">Lưu thông tin đã sửa</button>
              </p>
            </form>
          </section>
          <section aria-labelledby="wd-h" class="card noprint">
            <h2 id="wd-h">Thu hồi văn bản đăng ký nhầm</h2>
            <p>
              Văn bản thu hồi không còn trong danh sách văn bản triển khai; số hiệu có thể đăng ký lại. Thông
              tin vẫn được lưu trong nhật ký.
            </p>
            <form method="post" action={`/van-ban/${doc.id}/thu-hoi`}>
              <CsrfField token={csrf} />
              <input type="hidden" name="revision" value={String(doc.revision)} />
              <label for="wd-reason">Lý do thu hồi</label>
              <input id="wd-reason" name="reason" required minlength={5} maxlength={500} />
              <p>
                <button type="submit">Thu hồi văn bản</button>
              </p>
            </form>
          </section>
        </>
      ) : null}
    </>,
  );
});
