/**
 * Parsing and validation of Vietnamese document numbers ("số, ký hiệu văn bản").
 *
 * - Party documents: `<number>-<TYPE>/<ISSUER>`, e.g. 52-CT/TW, 33-HD/BTGDVTW,
 *   30-CV/BTG&DV, 168-CV/ĐULHHVN (Hướng dẫn 36-HD/VPTW on Party document formats).
 * - State documents: `<number>/<year>/<TYPE>-<ISSUER>` for legal documents
 *   (09/2019/NĐ-CP), `<number>/<TYPE>-<ISSUER>` for the others (844/QĐ-TTg), laws
 *   `<number>/<year>/QH<term>` (type "L"), and official letters, which carry no type:
 *   `<number>/<ISSUER>-<UNIT>` (5076/BYT-BH, type "CV").
 *
 * Case is significant (TTg, CTr, QĐi), so nothing is upper-cased; instead a type that
 * matches a known one only after case folding or Đ->D folding gets a "did you mean"
 * message. Input is NFC-normalised and trimmed; a leading "Số"/"Số:", spaces around the
 * separators, en/em dashes and the look-alike Ð (U+00D0) are tolerated and normalised;
 * zero-width characters are rejected (they make two equal-looking numbers differ).
 */

/** Party document types (Hướng dẫn 36-HD/VPTW). */
export const PARTY_DOCUMENT_TYPES = {
  NQ: "Nghị quyết",
  QĐ: "Quyết định",
  CT: "Chỉ thị",
  KL: "Kết luận",
  QC: "Quy chế",
  QĐi: "Quy định",
  TT: "Thông tri",
  HD: "Hướng dẫn",
  BC: "Báo cáo",
  KH: "Kế hoạch",
  CTr: "Chương trình",
  TB: "Thông báo",
  TTr: "Tờ trình",
  ĐA: "Đề án",
  CV: "Công văn",
  BB: "Biên bản",
  GM: "Giấy mời",
  GGT: "Giấy giới thiệu",
  TC: "Thông cáo",
} as const satisfies Record<string, string>;

/** State document types (Nghị định 30/2020/NĐ-CP, appendix III). */
export const STATE_DOCUMENT_TYPES = {
  NQ: "Nghị quyết",
  NĐ: "Nghị định",
  QĐ: "Quyết định",
  CT: "Chỉ thị",
  TT: "Thông tư",
  TTLT: "Thông tư liên tịch",
  NQLT: "Nghị quyết liên tịch",
  QC: "Quy chế",
  QyĐ: "Quy định",
  TB: "Thông báo",
  HD: "Hướng dẫn",
  CTr: "Chương trình",
  KH: "Kế hoạch",
  PA: "Phương án",
  ĐA: "Đề án",
  DA: "Dự án",
  BC: "Báo cáo",
  BB: "Biên bản",
  TTr: "Tờ trình",
  HĐ: "Hợp đồng",
  CĐ: "Công điện",
  GM: "Giấy mời",
  L: "Luật, pháp lệnh",
  CV: "Công văn",
} as const satisfies Record<string, string>;

export type DocumentFormat = "party" | "state";

export type DocumentNumberResult =
  | {
      ok: true;
      format: DocumentFormat;
      /** As written, leading zeros kept ("01"). */
      number: string;
      type: string;
      issuer: string;
      year?: number;
      /** The canonical spelling to store and display. */
      normalized: string;
    }
  | { ok: false; message: string };

export const MAX_DOCUMENT_NUMBER_LENGTH = 60;
const MIN_YEAR = 1945;
const MAX_YEAR = 2100;

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/;
const NUMBER = "(\\d{1,6})";
// An issuer: letters (\p{L} covers Đ), digits, & and inner hyphens; case is checked afterwards.
const ISSUER = "(\\p{L}[\\p{L}\\d&]*(?:-[\\p{L}\\d&]+)*)";
const TYPE = "(\\p{L}+)";

const PARTY_RE = new RegExp(`^${NUMBER}-${TYPE}/${ISSUER}$`, "u");
const STATE_WITH_YEAR_RE = new RegExp(`^${NUMBER}/(\\d{4})/${TYPE}-${ISSUER}$`, "u");
const STATE_RE = new RegExp(`^${NUMBER}/${TYPE}-${ISSUER}$`, "u");
const LAW_RE = /^(\d{1,6})\/(\d{4})\/((?:QH|UBTVQH)\d{1,2})$/u;

const EXAMPLES = "Ví dụ: 52-CT/TW (văn bản của Đảng), 09/2019/NĐ-CP hoặc 844/QĐ-TTg (văn bản nhà nước)";

/** Types that are written in the symbol of a state document (laws and letters have none). */
const STATE_SYMBOL_TYPES: Record<string, string> = Object.fromEntries(
  Object.entries(STATE_DOCUMENT_TYPES).filter(([t]) => t !== "L" && t !== "CV"),
);

const fail = (message: string): DocumentNumberResult => ({ ok: false, message });

function fold(s: string): string {
  return s.replace(/[Đđ]/g, "D").toUpperCase();
}

/** A known type that `written` matches only loosely (case, Đ/D), for a helpful message. */
function suggestType(written: string, known: Record<string, string>): string | null {
  const target = fold(written);
  for (const t of Object.keys(known)) if (fold(t) === target) return t;
  return null;
}

function typeError(written: string, known: Record<string, string>, format: DocumentFormat): string {
  const suggestion = suggestType(written, known);
  if (suggestion) return `Loại văn bản “${written}” không đúng; có phải là “${suggestion}”?`;
  const kinds = Object.keys(known)
    .filter((t) => t !== "L")
    .join(", ");
  const what = format === "party" ? "văn bản của Đảng" : "văn bản nhà nước";
  return `Loại văn bản “${written}” không có trong danh mục ${what} (${kinds})`;
}

function checkNumber(n: string): string | null {
  return /^0+$/.test(n) ? "Số văn bản phải lớn hơn 0" : null;
}

function checkYear(y: string): string | null {
  const year = Number(y);
  return year < MIN_YEAR || year > MAX_YEAR ? `Năm ban hành “${y}” không hợp lệ` : null;
}

/** Tolerated variations, made canonical before matching. */
function clean(input: string): string {
  return input
    .normalize("NFC")
    .replace(/\u00A0/g, " ")
    .trim()
    .replace(/^số\s*:?\s*/iu, "")
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\u00D0/g, "Đ")
    .replace(/\s*([-/])\s*/g, "$1");
}

function checkPartyIssuer(issuer: string): string | null {
  return /\p{Ll}/u.test(issuer)
    ? `Ký hiệu cơ quan ban hành “${issuer}” phải viết chữ in hoa (ví dụ TW, TU, ĐU)`
    : null;
}

function checkStateIssuer(issuer: string): string | null {
  return /^\p{Lu}/u.test(issuer)
    ? null
    : `Ký hiệu cơ quan ban hành “${issuer}” phải bắt đầu bằng chữ in hoa (ví dụ CP, TTg, BYT)`;
}

export function parseDocumentNumber(input: string): DocumentNumberResult {
  if (ZERO_WIDTH.test(input)) {
    return fail("Số hiệu văn bản chứa ký tự ẩn (ký tự độ rộng bằng 0); hãy xoá và gõ lại");
  }
  const s = clean(input);
  if (s === "") return fail("Chưa nhập số hiệu văn bản");
  if (s.length > MAX_DOCUMENT_NUMBER_LENGTH) {
    return fail(`Số hiệu văn bản quá dài (tối đa ${MAX_DOCUMENT_NUMBER_LENGTH} ký tự)`);
  }
  if (/\s/.test(s)) return fail(`Số hiệu văn bản không được chứa dấu cách. ${EXAMPLES}`);

  let m = PARTY_RE.exec(s);
  if (m) {
    const [, number, type, issuer] = m as unknown as [string, string, string, string];
    const err =
      checkNumber(number) ??
      (type in PARTY_DOCUMENT_TYPES ? null : typeError(type, PARTY_DOCUMENT_TYPES, "party")) ??
      checkPartyIssuer(issuer);
    if (err) return fail(err);
    return { ok: true, format: "party", number, type, issuer, normalized: `${number}-${type}/${issuer}` };
  }

  m = LAW_RE.exec(s);
  if (m) {
    const [, number, year, issuer] = m as unknown as [string, string, string, string];
    const err = checkNumber(number) ?? checkYear(year);
    if (err) return fail(err);
    return {
      ok: true,
      format: "state",
      number,
      type: "L",
      issuer,
      year: Number(year),
      normalized: `${number}/${year}/${issuer}`,
    };
  }

  m = STATE_WITH_YEAR_RE.exec(s);
  if (m) {
    const [, number, year, type, issuer] = m as unknown as [string, string, string, string, string];
    const err =
      checkNumber(number) ??
      checkYear(year) ??
      (type in STATE_SYMBOL_TYPES ? null : typeError(type, STATE_SYMBOL_TYPES, "state")) ??
      checkStateIssuer(issuer);
    if (err) return fail(err);
    return {
      ok: true,
      format: "state",
      number,
      type,
      issuer,
      year: Number(year),
      normalized: `${number}/${year}/${type}-${issuer}`,
    };
  }

  m = STATE_RE.exec(s);
  if (m) {
    const [, number, first, rest] = m as unknown as [string, string, string, string];
    if (first in STATE_SYMBOL_TYPES) {
      const err = checkNumber(number) ?? checkStateIssuer(rest);
      if (err) return fail(err);
      return {
        ok: true,
        format: "state",
        number,
        type: first,
        issuer: rest,
        normalized: `${number}/${first}-${rest}`,
      };
    }
    // No type: an official letter whose symbol is <agency>-<drafting unit> (5076/BYT-BH).
    // A mistyped type (QD, ND) would otherwise be silently taken for an agency.
    const suggestion = suggestType(first, STATE_SYMBOL_TYPES);
    if (suggestion) return fail(`Loại văn bản “${first}” không đúng; có phải là “${suggestion}”?`);
    const issuer = `${first}-${rest}`;
    const err = checkNumber(number) ?? checkStateIssuer(issuer);
    if (err) return fail(err);
    return { ok: true, format: "state", number, type: "CV", issuer, normalized: `${number}/${issuer}` };
  }

  return fail(`Số hiệu văn bản không đúng định dạng. ${EXAMPLES}`);
}

/** True when `input` is a valid document number. */
export function isDocumentNumber(input: string): boolean {
  return parseDocumentNumber(input).ok;
}
