/** Shared by the demo loaders (kept apart to avoid an import cycle). */
import { checkRegistration } from "../domain/document-registry";
export type Value = string | number | null;

export const DIRECTIVE_52_ID = "ct52";

/** The default escalation ladder: [working days from the due date, audience, template]. */
export const DEFAULT_LADDER: [number, string, string][] = [
  [-7, "reporters", "reminder_before"],
  [-3, "reporters", "reminder_before"],
  [-1, "reporters", "reminder_before"],
  [0, "reporters", "due_today"],
  [1, "reporters", "overdue"],
  [5, "superior", "escalation_superior"],
  [5, "commission", "escalation_commission"],
  [10, "leadership", "escalation_leadership"],
];

/** A demo document row with its registration key filled as the register computes it. */
export function registeredDocument<
  R extends { number: Value; doc_type: Value; issued_on: Value; organisation_id: Value },
>(row: R): R & { issuer_key: string; issued_year: number; term: string } {
  const checked = checkRegistration({
    number: String(row.number),
    docType: String(row.doc_type),
    issuedOn: String(row.issued_on),
    organisationId: row.organisation_id === null ? null : String(row.organisation_id),
  });
  if (!checked.ok) throw new Error(`demo document ${String(row.number)}: ${checked.errors[0]?.message}`);
  const { issuerKey, issuedYear, term } = checked.fields;
  return { ...row, issuer_key: issuerKey, issued_year: issuedYear, term };
}

/** Directive 52-CT/TW as a document row, for the demo's directive `directiveId`. */
export const directive52Document = (directiveId: string, createdAt: number) => ({
  id: "doc-52",
  number: "52-CT/TW",
  doc_type: "CT",
  issuer: "Ban Bí thư",
  issued_on: "2025-10-03",
  title: "Chỉ thị về việc thực hiện bảo hiểm y tế toàn dân trong giai đoạn mới",
  directive_id: directiveId,
  parent_document_id: null,
  organisation_id: "tw",
  created_at: createdAt,
});
