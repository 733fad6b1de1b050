/**
 * The committee's own report as an official document: a print view and a .docx in the layout
 * of Hướng dẫn 36-HD/VPTW (its letterhead, its number, date and signer as given on submission,
 * the narratives under the standard outline, the figures as an appendix). The latest submitted
 * version; readable by whoever may read the report.
 */
import { type Context, Hono } from "hono";
import { orgOfRow, requirePolicy } from "../auth/guard";
import { renderPage } from "../auth/page";
import { type FormDefinition, type FormValues, parseFormDefinition } from "../domain/form";
import { numberLine, placeAndDateLine, type SignerRole, signatureLines } from "../domain/official-format";
import { outlineOf, plainLabel } from "../domain/report-outline";
import { localDate } from "../domain/time";
import type { AppEnv } from "../http/context";
import { notFound } from "../platform/errors";
import { buildDocx, DOCX_CONTENT_TYPE } from "../documents/docx";
import { directiveReference, type IssuingBody, loadIssuingBody } from "../documents/official-body";
import { committeeReportBlocks } from "../documents/official-docx";
import { OfficialFoot, OfficialHead } from "../documents/official-page";

export const reportDocumentRoutes = new Hono<AppEnv>();

const obligationOrg = orgOfRow("obligations", "id");

interface Loaded {
  body: IssuingBody;
  subject: string;
  definition: FormDefinition;
  values: FormValues;
  number: string | null;
  date: string;
  signerName: string | null;
  signerRole: SignerRole;
  recipients: string[];
}

/** The number part the letterhead prints ("125" of 125-BC/TU), or null when not given. */
const numberPart = (full: string | null) => (full ? (full.split("-")[0] ?? null) : null);

async function load(c: Context<AppEnv>): Promise<Loaded> {
  const db = c.env.DB;
  const row = await db
    .prepare(
      `select ob.organisation_id as organisationId, p.label as periodLabel, s.name as scheduleName,
         s.directive_id as directiveId, f.definition, rv.content, rv.submitted_at as submittedAt,
         rv.document_number as documentNumber, rv.document_date as documentDate, rv.signer_name as signerName,
         rv.signer_role as signerRole, rev.name as reviewerName
       from obligations ob join periods p on p.id = ob.period_id
       join reporting_schedules s on s.id = p.schedule_id join report_forms f on f.id = s.form_id
       join organisations rev on rev.id = s.reviewer_organisation_id
       join report_versions rv on rv.id = ob.current_version_id
       where ob.id = ?`,
    )
    .bind(c.req.param("id") ?? "")
    .first<{
      organisationId: string;
      periodLabel: string;
      scheduleName: string;
      directiveId: string;
      definition: string;
      content: string;
      submittedAt: number;
      documentNumber: string | null;
      documentDate: string | null;
      signerName: string | null;
      signerRole: SignerRole | null;
      reviewerName: string;
    }>();
  if (!row) throw notFound("Báo cáo này chưa được nộp");
  const [body, directive] = await Promise.all([
    loadIssuingBody(db, row.organisationId),
    directiveReference(db, row.directiveId),
  ]);
  const definition = parseFormDefinition(row.definition);
  if (!body || !definition) throw notFound("Không tìm thấy báo cáo");
  let values: FormValues = {};
  try {
    values = JSON.parse(row.content) as FormValues;
  } catch {
    // A malformed stored version shows as empty.
  }
  const schedule = row.scheduleName.replace(/ thực hiện .*$/u, "");
  return {
    body,
    subject: `Kết quả thực hiện ${directive} (${schedule}, kỳ ${row.periodLabel})`,
    definition,
    values,
    number: numberPart(row.documentNumber),
    date: row.documentDate ?? localDate(row.submittedAt),
    signerName: row.signerName,
    signerRole: row.signerRole ?? "head",
    recipients: [`${row.reviewerName} (để báo cáo),`, "Lưu Văn phòng."],
  };
}

reportDocumentRoutes.get(
  "/bao-cao/:id{[A-Za-z0-9_-]+}/van-ban.docx",
  requirePolicy("report.read", obligationOrg),
  async (c) => {
    const r = await load(c);
    const bytes = buildDocx(
      committeeReportBlocks({
        head: {
          letterhead: r.body.letterhead,
          number: r.number,
          type: "BC",
          symbol: r.body.symbol,
          seat: r.body.seat,
          date: r.date,
        },
        foot: {
          recipients: r.recipients,
          bodyKind: r.body.kind,
          signerRole: r.signerRole,
          signerName: r.signerName,
        },
        subject: r.subject,
        definition: r.definition,
        values: r.values,
      }),
    );
    return c.body(bytes.slice().buffer as ArrayBuffer, 200, {
      "content-type": DOCX_CONTENT_TYPE,
      "content-disposition": `attachment; filename="bao-cao-${c.req.param("id")}.docx"`,
    });
  },
);

function shown(v: FormValues[string]): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "number") return v.toLocaleString("vi-VN", { maximumFractionDigits: 2 });
  if (typeof v === "string") return v;
  if (v.answer === null) return "—";
  return v.answer ? `Có${v.documentRef ? ` (văn bản số ${v.documentRef})` : ""}` : "Không";
}

reportDocumentRoutes.get("/bao-cao/:id/van-ban", requirePolicy("report.read", obligationOrg), async (c) => {
  const r = await load(c);
  const id = c.req.param("id");
  return renderPage(
    c,
    "Báo cáo (bản in)",
    <>
      <link rel="stylesheet" href="/assets/giam-sat.css" />
      <p class="noprint">
        <a href={`/bao-cao/${id}`}>← Về báo cáo</a> ·{" "}
        <a class="button secondary" href={`/bao-cao/${id}/van-ban.docx`}>
          Tải về (.docx)
        </a>{" "}
        Dùng lệnh In của trình duyệt để in.
      </p>
      <article class="doc">
        <OfficialHead
          letterhead={r.body.letterhead}
          numberLine={numberLine(r.number, "BC", r.body.symbol)}
          placeAndDate={placeAndDateLine(r.body.seat, r.date)}
        />
        <h1 class="title">
          BÁO CÁO
          <br />
          {r.subject}
        </h1>
        {outlineOf(r.definition).map((group) => (
          <>
            <h2>{group.heading}</h2>
            {group.part === "appendix" ? (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Nội dung</th>
                    <th scope="col">Đơn vị tính</th>
                    <th scope="col" class="num">
                      Số liệu
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {group.items.map((item) => (
                    <tr>
                      <th scope="row">{plainLabel(item.label)}</th>
                      <td>{item.kind === "number" ? item.unit : ""}</td>
                      <td class="num">{shown(r.values[item.key])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              group.items.map((item) => (
                <>
                  {group.items.length > 1 ? <h3>{plainLabel(item.label)}</h3> : null}
                  {shown(r.values[item.key])
                    .split(/\n+/)
                    .map((p) => (
                      <p>{p}</p>
                    ))}
                </>
              ))
            )}
          </>
        ))}
        <OfficialFoot
          recipients={r.recipients}
          signature={signatureLines(r.body.kind, r.signerRole)}
          signerName={r.signerName}
        />
      </article>
    </>,
  );
});
