/**
 * Registering documents: what makes two registrations the same document.
 *
 * A number is unique only for its issuing organisation and numbering series. State documents
 * are numbered from 01 each calendar year (Nghị định 30/2020/NĐ-CP, art. 15). Party documents
 * are numbered from 01 each term of the committee (Hướng dẫn 36-HD/VPTW), so in a congress year
 * the same committee can issue "05-KH/TU" twice, once in each term. Every Tỉnh ủy writes
 * "…-KH/TU" and every commune committee "…-KH/ĐU": the issuer symbol is not the organisation.
 *
 * The key is therefore (issuing organisation, number, year, Party term). The term defaults from
 * the date (the national congress dates for Central organs, the congress waves for the others)
 * and may be stated by the registrant when a committee's congress fell on another date.
 */
import {
  chooseDocumentKind,
  type DocumentFormat,
  isCentralIssuer,
  parseDocumentNumber,
} from "./document-number";

/** Closing days of the national congresses (every five years from 2011): a Central term runs from one to the next. */
const NATIONAL_CONGRESS_CLOSED: Record<number, string> = {
  2011: "2011-01-19",
  2016: "2016-01-28",
  2021: "2021-02-01",
  2026: "2026-01-23",
};
const NATIONAL_FIRST_YEAR = 2011;
/**
 * Local committees hold their congresses in waves in the year before (2015, 2020, 2025); by the
 * 1st of October of the wave year almost all provincial ones have closed.
 */
const LOCAL_FIRST_YEAR = 2010;
const LOCAL_WAVE_BOUNDARY = "-10-01";

export const TERM_PATTERN = /^(\d{4})-(\d{4})$/;

/** "2025-2030": the term a Party document dated `issuedOn` by `issuer` belongs to, by default. */
export function defaultPartyTerm(issuedOn: string, issuer: string): string {
  const year = Number(issuedOn.slice(0, 4));
  const central = isCentralIssuer(issuer);
  const offset = (((year - (central ? NATIONAL_FIRST_YEAR : LOCAL_FIRST_YEAR)) % 5) + 5) % 5;
  let start = year - offset;
  if (offset === 0) {
    const closed = central
      ? (NATIONAL_CONGRESS_CLOSED[year] ?? `${year}-02-01`)
      : `${year}${LOCAL_WAVE_BOUNDARY}`;
    if (issuedOn < closed) start -= 5;
  }
  return `${start}-${start + 5}`;
}

export type TermCheck = { ok: true; term: string } | { ok: false; message: string };

/** A stated term must be five years and contain the document's date. */
export function checkPartyTerm(term: string, issuedOn: string): TermCheck {
  const cleaned = term.trim().replace(/\s*[\u2010-\u2015-]\s*/u, "-");
  const m = TERM_PATTERN.exec(cleaned);
  if (!m) return { ok: false, message: "Nhiệm kỳ viết dạng 2025-2030" };
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (end - start !== 5) return { ok: false, message: "Nhiệm kỳ của cấp ủy là 5 năm (ví dụ 2025-2030)" };
  const year = Number(issuedOn.slice(0, 4));
  if (year < start || year > end) {
    return { ok: false, message: `Văn bản ban hành năm ${year} không thuộc nhiệm kỳ ${start}-${end}` };
  }
  return { ok: true, term: cleaned };
}

/** The organisation in the tree that issued it, or the issuer symbol for outside bodies. */
export function issuerKeyOf(organisationId: string | null | undefined, issuerSymbol: string): string {
  return organisationId ? organisationId : `symbol:${issuerSymbol}`;
}

export interface RegistrationInput {
  number: string;
  /** The kind's code when the number allows several (399-QĐ/TW: QĐ or QĐi). */
  docType?: string | undefined;
  issuedOn: string;
  /** Party term when it is not the default for the date (a congress on another date). */
  term?: string | undefined;
  organisationId: string | null;
}

export interface RegistrationFields {
  number: string;
  docType: string;
  format: DocumentFormat;
  issuedYear: number;
  term: string;
  issuerKey: string;
}

export type RegistrationCheck =
  | { ok: true; fields: RegistrationFields }
  | { ok: false; errors: { field: string; message: string; suggestion?: string }[] };

/**
 * Everything about a registration that needs no database: the number's spelling, the kind,
 * the year written in a state number against the date, and the Party term.
 */
export function checkRegistration(input: RegistrationInput): RegistrationCheck {
  const parsed = parseDocumentNumber(input.number);
  if (!parsed.ok) {
    return {
      ok: false,
      errors: [
        parsed.suggestion
          ? { field: "number", message: parsed.message, suggestion: parsed.suggestion }
          : { field: "number", message: parsed.message },
      ],
    };
  }
  const errors: { field: string; message: string }[] = [];
  const kind = chooseDocumentKind(parsed, input.docType);
  if (!kind.ok) errors.push({ field: "docType", message: kind.message });
  const issuedYear = Number(input.issuedOn.slice(0, 4));
  if (parsed.year !== undefined && parsed.year !== issuedYear) {
    errors.push({
      field: "issuedOn",
      message: `Số hiệu ${parsed.normalized} ghi năm ${parsed.year} nhưng ngày ban hành thuộc năm ${issuedYear}`,
    });
  }
  let term = "";
  if (parsed.format === "party") {
    if (input.term?.trim()) {
      const checked = checkPartyTerm(input.term, input.issuedOn);
      if (checked.ok) term = checked.term;
      else errors.push({ field: "term", message: checked.message });
    } else {
      term = defaultPartyTerm(input.issuedOn, parsed.issuer);
    }
  } else if (input.term?.trim()) {
    errors.push({
      field: "term",
      message: "Văn bản nhà nước đánh số theo năm, không theo nhiệm kỳ; để trống ô nhiệm kỳ",
    });
  }
  if (errors.length || !kind.ok) return { ok: false, errors };
  return {
    ok: true,
    fields: {
      number: parsed.normalized,
      docType: kind.kind,
      format: parsed.format,
      issuedYear,
      term,
      issuerKey: issuerKeyOf(input.organisationId, parsed.issuer),
    },
  };
}

/** How a duplicate is explained: which numbering series the number is already used in. */
export function duplicateMessage(number: string, year: number, term: string): string {
  return term
    ? `Văn bản số ${number} năm ${year} (nhiệm kỳ ${term}) của cơ quan này đã được đăng ký. Nếu số được đánh lại từ 01 do sang nhiệm kỳ mới, hãy ghi nhiệm kỳ của văn bản`
    : `Văn bản số ${number} năm ${year} của cơ quan này đã được đăng ký`;
}
