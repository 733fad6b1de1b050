/**
 * The consolidated report (báo cáo tổng hợp): a live preview for a period and subtree, dated
 * snapshots the Commission edits (its own summary, audited), a printable page and a .docx.
 */
import { type Context, Hono } from "hono";
import * as z from "zod";
import { auditStatement } from "../audit";
import { authorize, requirePolicy } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import { can } from "../auth/policy";
import { csrfTokenFor } from "../auth/web";
import { formatDateTimeVi, formatDateVi } from "../domain/time";
import type { AppEnv } from "../http/context";
import { AppError, notFound, validationError } from "../http/errors";
import { newId } from "../ids";
import { loadOrgInfo, loadPeriod } from "../services/compliance-queries";
import {
  buildConsolidated,
  type ConsolidatedContent,
  consolidatedBlocks,
  indicatorParagraph,
  int,
  parseContent,
  pct,
  placeAndDate,
  RECIPIENTS,
  reportingParagraph,
  reportTitle,
  SECTION_HEADINGS,
  STATUS_NOTE,
} from "../services/consolidated";
import { buildDocx, DOCX_CONTENT_TYPE } from "../services/docx";
import { readSession, resolveSelection, setBookmark } from "./dashboard";

export const consolidatedRoutes = new Hono<AppEnv>();

function ReportDocument(props: {
  c: ConsolidatedContent;
  at: number;
  editable?: { action: string; csrf: string };
}) {
  const { c } = props;
  return (
    <article class="doc">
      <div class="head">
        <div>
          <strong>{c.issuer.toUpperCase()}</strong>
          <br />*<br />
          Số: … -BC/BTGDVTW
        </div>
        <div>
          <strong>
            <u>ĐẢNG CỘNG SẢN VIỆT NAM</u>
          </strong>
          <p class="place">{placeAndDate(props.at)}</p>
        </div>
      </div>
      <h1 class="title">
        BÁO CÁO
        <br />
        {reportTitle(c)}
      </h1>
      <h2>{SECTION_HEADINGS.reporting}</h2>
      <p>{reportingParagraph(c)}</p>
      {c.children.length > 0 ? (
        <section class="scroll" tabindex={0} aria-label="Tình hình báo cáo theo đơn vị">
          <table>
            <thead>
              <tr>
                <th scope="col">Tổ chức</th>
                <th scope="col" class="num">
                  Phải nộp
                </th>
                <th scope="col" class="num">
                  Đã nộp
                </th>
                <th scope="col" class="num">
                  Đúng hạn
                </th>
                <th scope="col" class="num">
                  Chưa nộp
                </th>
                <th scope="col" class="num">
                  Tỷ lệ báo cáo
                </th>
                <th scope="col" class="num">
                  Tỷ lệ đúng hạn
                </th>
              </tr>
            </thead>
            <tbody>
              {c.children.map((ch) => (
                <tr>
                  <th scope="row">{ch.name}</th>
                  <td class="num">{ch.totals.expected}</td>
                  <td class="num">{ch.totals.reported}</td>
                  <td class="num">{ch.totals.onTime}</td>
                  <td class="num">{ch.totals.missing}</td>
                  <td class="num">{pct(ch.totals.reportingRate)}</td>
                  <td class="num">{pct(ch.totals.timelinessRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <h2>{SECTION_HEADINGS.indicators}</h2>
      <p>{indicatorParagraph(c)}</p>
      {c.indicators.rows.length > 0 ? (
        <section class="scroll" tabindex={0} aria-label="Chỉ tiêu theo đơn vị">
          <table>
            <thead>
              <tr>
                <th scope="col">Tổ chức</th>
                <th scope="col" class="num">
                  Tỷ lệ bao phủ BHYT
                </th>
                <th scope="col" class="num">
                  Số người tham gia BHYT
                </th>
                <th scope="col" class="num">
                  Dân số
                </th>
              </tr>
            </thead>
            <tbody>
              {c.indicators.rows.map((r) => (
                <tr>
                  <th scope="row">{r.name}</th>
                  <td class="num">{pct(r.coverage, 2)}</td>
                  <td class="num">{int(r.insured)}</td>
                  <td class="num">{int(r.population || null)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <h2>{SECTION_HEADINGS.tasks}</h2>
      {c.sections.map((s) => (
        <>
          <h3>
            {s.number}. {s.title}
          </h3>
          {s.entries.length === 0 ? (
            <p>Chưa có tổ chức nào báo cáo nội dung này.</p>
          ) : (
            <ul>
              {s.entries.map((e) => (
                <li>
                  <strong>{e.organisationName}</strong> <em>({STATUS_NOTE[e.status]})</em>: {e.text}
                </li>
              ))}
            </ul>
          )}
        </>
      ))}
      {c.narrativesTruncated ? (
        <p class="muted">(Chỉ tổng hợp nội dung của một phần các báo cáo; xem đầy đủ trên hệ thống.)</p>
      ) : null}
      <h2>{SECTION_HEADINGS.missing}</h2>
      {c.notReported.length === 0 ? (
        <p>Tất cả các tổ chức đã nộp báo cáo.</p>
      ) : (
        <ol id="not-reported">
          {c.notReported.map((m) => (
            <li>
              {m.organisationName} (hạn nộp {formatDateVi(m.effectiveDueOn)})
            </li>
          ))}
        </ol>
      )}
      <h2>{SECTION_HEADINGS.summary}</h2>
      {props.editable ? (
        <form method="post" action={props.editable.action} class="noprint">
          <CsrfField token={props.editable.csrf} />
          <label for="summary">Nhận xét, đánh giá và kiến nghị của Ban</label>
          <textarea id="summary" name="summary" rows={10}>
            {c.summary}
          </textarea>
          <p>
            <button type="submit">Lưu nội dung</button>
          </p>
        </form>
      ) : null}
      <div class={props.editable ? "print-only" : ""}>
        {(c.summary.trim() || "(Chưa có nhận xét của Ban.)").split(/\n+/).map((line) => (
          <p>{line}</p>
        ))}
      </div>
      <div class="head recipients">
        <div>
          <p>
            <strong>
              <em>
                <u>Nơi nhận:</u>
              </em>
            </strong>
          </p>
          <ul>
            {RECIPIENTS.map((r) => (
              <li>{r}</li>
            ))}
          </ul>
        </div>
        <div>
          <strong>T/M {c.issuer.toUpperCase()}</strong>
        </div>
      </div>
    </article>
  );
}

consolidatedRoutes.get("/tong-hop", requirePolicy("dashboard.read", "in-handler"), async (c) => {
  const { db, bookmark } = readSession(c);
  const { org, period } = await resolveSelection(c, db, "dashboard.read");
  if (!period) throw notFound("Không tìm thấy kỳ báo cáo");
  const content = await buildConsolidated(db, org, period, c.var.now);
  const { results: snapshots } = await c.env.DB.prepare(
    "select id, title, created_at from consolidated_reports where period_id = ? and organisation_id = ? order by created_at desc limit 20",
  )
    .bind(period.id, org.id)
    .all<{ id: string; title: string; created_at: number }>();
  setBookmark(c, bookmark());
  if (c.req.query("format") === "json") return c.json({ content, snapshots });
  const mayEdit = can(c.var.principal, "report.review", org.path);
  return renderPage(
    c,
    `Báo cáo tổng hợp – ${org.name}`,
    <>
      <link rel="stylesheet" href="/assets/giam-sat.css" />
      <div class="noprint">
        <p>
          <a href={`/giam-sat?${new URLSearchParams({ period: period.id, org: org.id })}`}>
            ← Về trang giám sát
          </a>
        </p>
        <p class="notice">
          Bản xem trước, lập tự động lúc {formatDateTimeVi(c.var.now)} từ các báo cáo hiện có.
          {mayEdit ? " Lưu thành bản tổng hợp để biên tập, in và tải về dạng Word." : ""}
        </p>
        {mayEdit ? (
          <form method="post" action="/tong-hop">
            <CsrfField token={await csrfTokenFor(c)} />
            <input type="hidden" name="period" value={period.id} />
            <input type="hidden" name="org" value={org.id} />
            <button type="submit">Lưu bản tổng hợp</button>
          </form>
        ) : null}
        {snapshots.length > 0 ? (
          <section aria-labelledby="snap-h">
            <h2 id="snap-h">Các bản đã lưu</h2>
            <ul>
              {snapshots.map((s) => (
                <li>
                  <a href={`/tong-hop/${s.id}`}>Bản lưu lúc {formatDateTimeVi(s.created_at)}</a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
      <ReportDocument c={content} at={c.var.now} />
    </>,
  );
});

const createForm = z.object({
  period: z.string().trim().min(1, { error: "Chưa chọn kỳ báo cáo" }).max(120),
  org: z.string().trim().min(1, { error: "Chưa chọn tổ chức" }).max(120),
});

async function bodyOf(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("application/json")) {
    const v = (await c.req.json().catch(() => null)) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  }
  return (await c.req.parseBody()) as Record<string, unknown>;
}

consolidatedRoutes.post("/tong-hop", requirePolicy("report.review", "in-handler"), async (c) => {
  const parsed = createForm.safeParse(await bodyOf(c));
  if (!parsed.success) throw validationError(parsed.error);
  const db = c.env.DB;
  const org = await loadOrgInfo(db, parsed.data.org);
  if (!org)
    throw new AppError(422, "validation_failed", "Dữ liệu không hợp lệ", [
      { field: "org", message: "Không tìm thấy tổ chức" },
    ]);
  authorize(c, "report.review", org);
  const period = await loadPeriod(db, parsed.data.period);
  if (!period) {
    throw new AppError(422, "validation_failed", "Dữ liệu không hợp lệ", [
      { field: "period", message: "Không tìm thấy kỳ báo cáo" },
    ]);
  }
  const now = c.var.now;
  const content = await buildConsolidated(db, org, period, now);
  const id = newId("bt_");
  const principal = c.var.principal!;
  await db.batch([
    db
      .prepare(
        `insert into consolidated_reports (id, period_id, organisation_id, title, content, created_by, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        id,
        period.id,
        org.id,
        reportTitle(content),
        JSON.stringify(content),
        principal.personId,
        now,
        now,
      ),
    auditStatement(db, {
      at: now,
      actorKind: principal.kind,
      actorPersonId: principal.personId,
      action: "consolidated.created",
      entityType: "consolidated_report",
      entityId: id,
      organisationId: org.id,
      data: { periodId: period.id, expected: content.totals.expected, reported: content.totals.reported },
    }),
  ]);
  if ((c.req.header("accept") ?? "").includes("application/json")) return c.json({ id }, 201);
  return c.redirect(`/tong-hop/${id}`, 303);
});

interface SnapshotRow {
  id: string;
  organisation_id: string;
  path: string;
  content: string;
  updated_at: number;
  created_at: number;
}

async function loadSnapshot(c: Context<AppEnv>, id: string, action: "dashboard.read" | "report.review") {
  const row = await c.env.DB.prepare(
    `select r.id, r.organisation_id, o.path, r.content, r.updated_at, r.created_at from consolidated_reports r
     join organisations o on o.id = r.organisation_id where r.id = ?`,
  )
    .bind(id)
    .first<SnapshotRow>();
  authorize(c, action, row ? { id: row.organisation_id, path: row.path } : null);
  const content = parseContent(row!.content);
  if (!content) throw new AppError(500, "snapshot_corrupt", "Bản tổng hợp bị hỏng, vui lòng lập lại");
  return { row: row!, content };
}

consolidatedRoutes.get(
  "/tong-hop/:file{[a-z0-9_-]+\\.docx}",
  requirePolicy("dashboard.read", "in-handler"),
  async (c) => {
    const id = c.req.param("file").replace(/\.docx$/, "");
    const { row, content } = await loadSnapshot(c, id, "dashboard.read");
    const bytes = buildDocx(consolidatedBlocks(content, row.updated_at));
    return c.body(bytes.slice().buffer as ArrayBuffer, 200, {
      "content-type": DOCX_CONTENT_TYPE,
      "content-disposition": `attachment; filename="bao-cao-tong-hop-${content.organisation.id}-${content.period.id}.docx"`,
    });
  },
);

consolidatedRoutes.get(
  "/tong-hop/:id{[a-z0-9_-]+}",
  requirePolicy("dashboard.read", "in-handler"),
  async (c) => {
    const { row, content } = await loadSnapshot(c, c.req.param("id"), "dashboard.read");
    if (c.req.query("format") === "json") return c.json({ id: row.id, content, updatedAt: row.updated_at });
    const mayEdit = can(c.var.principal, "report.review", row.path);
    const saved = c.req.query("da-luu") === "1";
    return renderPage(
      c,
      "Báo cáo tổng hợp",
      <>
        <link rel="stylesheet" href="/assets/giam-sat.css" />
        <div class="noprint">
          <p>
            <a
              href={`/tong-hop?${new URLSearchParams({ period: content.period.id, org: content.organisation.id })}`}
            >
              ← Bản xem trước mới nhất
            </a>
          </p>
          {saved ? (
            <p class="notice" role="status">
              Đã lưu nội dung.
            </p>
          ) : null}
          <p>
            Bản lưu lúc {formatDateTimeVi(row.created_at)}, sửa lần cuối {formatDateTimeVi(row.updated_at)}.{" "}
            <a class="button secondary" href={`/tong-hop/${row.id}.docx`}>
              Tải về (.docx)
            </a>{" "}
            Dùng lệnh In của trình duyệt để in.
          </p>
        </div>
        <ReportDocument
          c={content}
          at={row.updated_at}
          editable={mayEdit ? { action: `/tong-hop/${row.id}`, csrf: await csrfTokenFor(c) } : undefined}
        />
      </>,
    );
  },
);

const editForm = z.object({ summary: z.string().max(20_000, { error: "Nội dung dài quá 20.000 ký tự" }) });

consolidatedRoutes.post(
  "/tong-hop/:id{[a-z0-9_-]+}",
  requirePolicy("report.review", "in-handler"),
  async (c) => {
    const parsed = editForm.safeParse(await bodyOf(c));
    const { row, content } = await loadSnapshot(c, c.req.param("id"), "report.review");
    if (!parsed.success) throw validationError(parsed.error);
    const now = c.var.now;
    const principal = c.var.principal!;
    const next: ConsolidatedContent = { ...content, summary: parsed.data.summary.replace(/\r\n/g, "\n") };
    const db = c.env.DB;
    await db.batch([
      db
        .prepare("update consolidated_reports set content = ?, updated_at = ? where id = ?")
        .bind(JSON.stringify(next), now, row.id),
      auditStatement(db, {
        at: now,
        actorKind: principal.kind,
        actorPersonId: principal.personId,
        action: "consolidated.edited",
        entityType: "consolidated_report",
        entityId: row.id,
        organisationId: row.organisation_id,
        data: { before: content.summary, after: next.summary },
      }),
    ]);
    if ((c.req.header("accept") ?? "").includes("application/json"))
      return c.json({ id: row.id, updatedAt: now });
    return c.redirect(`/tong-hop/${row.id}?da-luu=1`, 303);
  },
);
