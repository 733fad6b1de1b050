/**
 * The committee's own report as an official document (Hướng dẫn 36-HD/VPTW): its letterhead, its
 * number, date and signer as given on submission, the narratives under the standard outline, the
 * figures as an appendix. The latest submitted version.
 */
import { buildDocx } from "../../documents/docx";
import { directiveReference, type IssuingBody, loadIssuingBody } from "../../documents/official-body";
import { committeeReportBlocks } from "../../documents/official-docx";
import { type FormDefinition, type FormValues, parseFormDefinition } from "../../domain/form";
import { parseValues } from "../../domain/form-values";
import type { SignerRole } from "../../domain/official-format";
import { localDate } from "../../domain/time";
import { notFound } from "../../platform/errors";
import { submittedReportOf } from "./document.queries";

export interface ReportDocument {
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

export async function reportDocument(db: D1Database, obligationId: string): Promise<ReportDocument> {
  const row = await submittedReportOf(db, obligationId);
  if (!row) throw notFound("Báo cáo này chưa được nộp");
  const [body, directive] = await Promise.all([
    loadIssuingBody(db, row.organisationId),
    directiveReference(db, row.directiveId),
  ]);
  const definition = parseFormDefinition(row.definition);
  if (!body || !definition) throw notFound("Không tìm thấy báo cáo");
  // A malformed stored version shows as empty.
  const values = parseValues(row.content);
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

/** The same document as a Word file. */
export function reportDocx(r: ReportDocument): Uint8Array {
  return buildDocx(
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
}
