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
import { numberLine, signatureLines } from "../domain/official-format";
import { formatDateTimeVi, formatDateVi } from "../domain/time";
import {
  buildConsolidated,
  type ConsolidatedContent,
  consolidatedBlocks,
  indicatorParagraph,
  int,
  loadOrgInfo,
  loadPeriod,
  parseContent,
  pctVi as pct,
  placeAndDate,
  reportingParagraph,
  reportTitle,
  SECTION_HEADINGS,
  STATUS_NOTE,
} from "../features/monitoring";
import type { AppEnv } from "../http/context";
import { newId } from "../ids";
import { AppError, notFound, validationError } from "../platform/errors";
import { buildDocx, DOCX_CONTENT_TYPE } from "../services/docx";
import { OfficialFoot, OfficialHead } from "../services/official-page";
import { readSession, resolveSelection, setBookmark } from "./dashboard";

export const consolidatedRoutes = new Hono<AppEnv>();

function ReportDocument(props: {
  c: ConsolidatedContent;
  at: number;
  editable?: { action: string; csrf: string; revision: number; draft?: string };
}) {
  const { c } = props;
  return (
    <article class="doc">
      <OfficialHead
        letterhead={c.official?.letterhead ?? { superior: null, body: c.issuer.toUpperCase() }}
        numberLine={numberLine(c.official?.number, "BC", c.official?.symbol ?? "")}
        placeAndDate={placeAndDate(c, props.at)}
      />
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
              {m.organisationName} (hạn nộp tính đến hết {formatDateVi(m.effectiveDueOn)})
            </li>
          ))}
        </ol>
      )}
      <h2>{SECTION_HEADINGS.summary}</h2>
      {props.editable ? (
        <form method="post" action={props.editable.action} class="noprint">
          <CsrfField token={props.editable.csrf} />
          <input type="hidden" name="revision" value={String(props.editable.revision)} />
          <label for="summary">Nhận xét, đánh giá và kiến nghị của Ban</label>
          <textarea id="summary" name="summary" rows={10}>
            {props.editable.draft ?? c.summary}
          </textarea>
          {c.official ? (
            <fieldset>
              <legend>Số và người ký</legend>
              <label for="report-number">Số báo cáo (để trống nếu chưa lấy số)</label>
              <input
                id="report-number"
                name="number"
                inputmode="numeric"
                maxlength={6}
                value={c.official.number ?? ""}
              />
              <label for="signer-role">Người ký</label>
              <select id="signer-role" name="signerRole">
                <option value="head" selected={c.official.signerRole === "head"}>
                  {signatureLines(c.official.kind, "head").join(" – ")}
                </option>
                <option value="deputy" selected={c.official.signerRole === "deputy"}>
                  {signatureLines(c.official.kind, "deputy").join(" – ")}
                </option>
              </select>
              <label for="signer-name">Họ và tên người ký</label>
              <input id="signer-name" name="signerName" maxlength={100} value={c.official.signerName ?? ""} />
            </fieldset>
          ) : null}
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
      <OfficialFoot
        recipients={c.official?.recipients ?? []}
        signature={signatureLines(c.official?.kind ?? "commission", c.official?.signerRole ?? "head")}
        signerName={c.official?.signerName ?? null}
      />
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
    throw new AppError("invalid", "validation_failed", "Dữ liệu không hợp lệ", [
      { field: "org", message: "Không tìm thấy tổ chức" },
    ]);
  authorize(c, "report.review", org);
  const period = await loadPeriod(db, parsed.data.period);
  if (!period) {
    throw new AppError("invalid", "validation_failed", "Dữ liệu không hợp lệ", [
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
  revision: number;
  updated_at: number;
  created_at: number;
}

async function loadSnapshot(c: Context<AppEnv>, id: string, action: "dashboard.read" | "report.review") {
  const row = await c.env.DB.prepare(
    `select r.id, r.organisation_id, o.path, r.content, r.revision, r.updated_at, r.created_at from consolidated_reports r
     join organisations o on o.id = r.organisation_id where r.id = ?`,
  )
    .bind(id)
    .first<SnapshotRow>();
  authorize(c, action, row ? { id: row.organisation_id, path: row.path } : null);
  const content = parseContent(row!.content);
  if (!content) throw new AppError("internal", "snapshot_corrupt", "Bản tổng hợp bị hỏng, vui lòng lập lại");
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
    if (c.req.query("format") === "json")
      return c.json({ id: row.id, content, revision: row.revision, updatedAt: row.updated_at });
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
          editable={
            mayEdit
              ? { action: `/tong-hop/${row.id}`, csrf: await csrfTokenFor(c), revision: row.revision }
              : undefined
          }
        />
      </>,
    );
  },
);

export const consolidatedEditSchema = z.object({
  summary: z.string().max(20_000, { error: "Nội dung dài quá 20.000 ký tự" }),
  /** The revision the edit was made from; a newer save makes this edit a 409 with both texts. */
  revision: z.coerce
    .number({ error: "Thiếu số phiên bản (revision) của bản tổng hợp" })
    .int()
    .min(1, { error: "Thiếu số phiên bản (revision) của bản tổng hợp" }),
  /** The number the report was registered under ("12"); empty leaves room to write it. */
  number: z
    .string()
    .trim()
    .regex(/^(\d{1,6})?$/, { error: "Số báo cáo chỉ gồm chữ số, ví dụ 12" })
    .optional(),
  signerRole: z.enum(["head", "deputy"], { error: "Chọn người ký: người đứng đầu hoặc cấp phó" }).optional(),
  signerName: z.string().trim().max(100, { error: "Họ tên người ký quá dài" }).optional(),
});

consolidatedRoutes.post(
  "/tong-hop/:id{[a-z0-9_-]+}",
  requirePolicy("report.review", "in-handler"),
  async (c) => {
    const parsed = consolidatedEditSchema.safeParse(await bodyOf(c));
    const { row, content } = await loadSnapshot(c, c.req.param("id"), "report.review");
    if (!parsed.success) throw validationError(parsed.error);
    const now = c.var.now;
    const principal = c.var.principal!;
    const d = parsed.data;
    const summary = d.summary.replace(/\r\n/g, "\n");
    const next: ConsolidatedContent = {
      ...content,
      summary,
      ...(content.official
        ? {
            official: {
              ...content.official,
              number: d.number === undefined ? content.official.number : d.number || null,
              signerRole: d.signerRole ?? content.official.signerRole,
              signerName: d.signerName === undefined ? content.official.signerName : d.signerName || null,
            },
          }
        : {}),
    };
    const db = c.env.DB;
    const wantsJson = (c.req.header("accept") ?? "").includes("application/json");
    const nextJson = JSON.stringify(next);
    const [updated] = await db.batch([
      db
        .prepare(
          "update consolidated_reports set content = ?, revision = revision + 1, updated_at = ? where id = ? and revision = ?",
        )
        .bind(nextJson, now, row.id, parsed.data.revision),
      auditStatement(
        db,
        {
          at: now,
          actorKind: principal.kind,
          actorPersonId: principal.personId,
          action: "consolidated.edited",
          entityType: "consolidated_report",
          entityId: row.id,
          organisationId: row.organisation_id,
          data: { before: content.summary, after: next.summary, fromRevision: parsed.data.revision },
        },
        {
          // Only the edit that won: same revision and instant are not enough (two edits in one
          // millisecond), the stored content must be this edit's.
          sql: "exists (select 1 from consolidated_reports where id = ? and revision = ? and updated_at = ? and content = ?)",
          params: [row.id, parsed.data.revision + 1, now, nextJson],
        },
      ),
    ]);
    if ((updated?.meta.changes ?? 0) !== 1) {
      // Someone saved since this edit was opened: nothing is overwritten, both texts go back.
      const latest = await loadSnapshot(c, row.id, "report.review");
      const message =
        "Bản tổng hợp vừa được người khác sửa; nội dung của đồng chí chưa được lưu. Hãy đối chiếu hai bản rồi lưu lại.";
      if (wantsJson) {
        return c.json(
          {
            error: { code: "stale_revision", message, fields: [] },
            current: {
              summary: latest.content.summary,
              revision: latest.row.revision,
              updatedAt: latest.row.updated_at,
            },
            yours: { summary, revision: parsed.data.revision },
          },
          409,
        );
      }
      return renderPage(
        c,
        "Báo cáo tổng hợp",
        <>
          <link rel="stylesheet" href="/assets/giam-sat.css" />
          <section class="card noprint" role="alert" id="conflict" aria-labelledby="conflict-h">
            <h2 id="conflict-h">{message}</h2>
            <h3>Bản đã lưu lúc {formatDateTimeVi(latest.row.updated_at)}</h3>
            <p class="theirs" style="white-space:pre-wrap">
              {latest.content.summary || "(trống)"}
            </p>
            <h3>Bản của đồng chí (trong ô nhập bên dưới)</h3>
            <p class="theirs" style="white-space:pre-wrap">
              {summary || "(trống)"}
            </p>
          </section>
          <ReportDocument
            c={latest.content}
            at={latest.row.updated_at}
            editable={{
              action: `/tong-hop/${row.id}`,
              csrf: await csrfTokenFor(c),
              revision: latest.row.revision,
              draft: summary,
            }}
          />
        </>,
        409,
      );
    }
    if (wantsJson) return c.json({ id: row.id, revision: parsed.data.revision + 1, updatedAt: now });
    return c.redirect(`/tong-hop/${row.id}?da-luu=1`, 303);
  },
);
