/** The consolidated report's pages (JSX only: the data comes from consolidated.pages.tsx). */
import { CsrfField } from "../../auth/page";
import { OfficialFoot, OfficialHead } from "../../documents/official-page";
import { numberLine, signatureLines } from "../../domain/official-format";
import { formatDateTimeVi, formatDateVi } from "../../domain/time";
import { FigureTable, Submit } from "../../pages/page-bits";
import {
  indicatorParagraph,
  indicatorTable,
  placeAndDate,
  reportingParagraph,
  reportingTable,
  reportTitle,
  SECTION_HEADINGS,
  STATUS_NOTE,
} from "./consolidated.document";
import type { SnapshotRow } from "./consolidated.queries";
import type { ConsolidatedContent } from "./consolidated.schemas";

export function ReportDocument(props: {
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
        <FigureTable label="Tình hình báo cáo theo đơn vị" {...reportingTable(c)} />
      ) : null}
      <h2>{SECTION_HEADINGS.indicators}</h2>
      <p>{indicatorParagraph(c)}</p>
      {c.indicators.rows.length > 0 ? (
        <FigureTable label="Chỉ tiêu theo đơn vị" {...indicatorTable(c)} />
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
          <Submit>Lưu nội dung</Submit>
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

/** The live preview of a period's report, with the saved snapshots (`mayEdit`: a CSRF token to save one). */
export function PreviewView(props: {
  content: ConsolidatedContent;
  snapshots: { id: string; title: string; createdAt: number }[];
  period: { id: string };
  org: { id: string };
  now: number;
  mayEdit: boolean;
  csrf: string | null;
}) {
  const { content, snapshots, period, org, mayEdit } = props;
  return (
    <>
      <link rel="stylesheet" href="/assets/giam-sat.css" />
      <div class="noprint">
        <p>
          <a href={`/giam-sat?${new URLSearchParams({ period: period.id, org: org.id })}`}>
            ← Về trang giám sát
          </a>
        </p>
        <p class="notice">
          Bản xem trước, lập tự động lúc {formatDateTimeVi(props.now)} từ các báo cáo hiện có.
          {mayEdit ? " Lưu thành bản tổng hợp để biên tập, in và tải về dạng Word." : ""}
        </p>
        {mayEdit ? (
          <form method="post" action="/tong-hop">
            <CsrfField token={props.csrf ?? ""} />
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
                  <a href={`/tong-hop/${s.id}`}>Bản lưu lúc {formatDateTimeVi(s.createdAt)}</a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
      <ReportDocument c={content} at={props.now} />
    </>
  );
}

/** A saved snapshot: printable, downloadable; editable when `csrf` is given. */
export function SnapshotView(props: {
  row: SnapshotRow;
  content: ConsolidatedContent;
  saved: boolean;
  csrf: string | null;
}) {
  const { row, content, saved } = props;
  return (
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
          Bản lưu lúc {formatDateTimeVi(row.createdAt)}, sửa lần cuối {formatDateTimeVi(row.updatedAt)}.{" "}
          <a class="button secondary" href={`/tong-hop/${row.id}.docx`}>
            Tải về (.docx)
          </a>{" "}
          Dùng lệnh In của trình duyệt để in.
        </p>
      </div>
      <ReportDocument
        c={content}
        at={row.updatedAt}
        editable={
          props.csrf === null
            ? undefined
            : { action: `/tong-hop/${row.id}`, csrf: props.csrf, revision: row.revision }
        }
      />
    </>
  );
}

/** A stale edit: both texts, and the form again over the latest revision with this edit's text. */
export function ConflictView(props: {
  message: string;
  latest: { row: SnapshotRow; content: ConsolidatedContent };
  row: { id: string };
  summary: string;
  csrf: string;
}) {
  const { message, latest, row, summary } = props;
  return (
    <>
      <link rel="stylesheet" href="/assets/giam-sat.css" />
      <section class="card noprint" role="alert" id="conflict" aria-labelledby="conflict-h">
        <h2 id="conflict-h">{message}</h2>
        <h3>Bản đã lưu lúc {formatDateTimeVi(latest.row.updatedAt)}</h3>
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
        at={latest.row.updatedAt}
        editable={{
          action: `/tong-hop/${row.id}`,
          csrf: props.csrf,
          revision: latest.row.revision,
          draft: summary,
        }}
      />
    </>
  );
}
