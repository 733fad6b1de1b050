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
import {
  type DocumentFormat,
  documentKindLabel,
  isPartyIssuer,
  ORDER_ISSUER,
  PARTY_AMBIGUOUS_SYMBOLS,
  PARTY_DOCUMENT_TYPES,
  STATE_SYMBOL_TYPES,
} from "./document-kinds";

export {
  type DocumentFormat,
  documentKindLabel,
  isCentralIssuer,
  isPartyIssuer,
  PARTY_DOCUMENT_TYPES,
  type PartyDocumentType,
  STATE_DOCUMENT_TYPES,
  type StateDocumentType,
} from "./document-kinds";

export type DocumentNumberResult =
  | {
      ok: true;
      format: DocumentFormat;
      /** As written, leading zeros kept ("01"). */
      number: string;
      /** The kind's code (the usual one when `kinds` has several). */
      type: string;
      /** Every kind this number may denote; more than one means the registrant must choose. */
      kinds: string[];
      issuer: string;
      year?: number;
      /** The canonical spelling to store and display. */
      normalized: string;
    }
  | { ok: false; message: string /** A likely intended spelling, itself valid. */; suggestion?: string };

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
/** Documents of the National Assembly (Luật, Nghị quyết) and its Standing Committee (Pháp lệnh, Nghị quyết). */
const ASSEMBLY_RE = /^(\d{1,6})\/(\d{4})\/((?:QH|UBTVQH)\d{1,2})$/u;

const EXAMPLES = "Ví dụ: 52-CT/TW (văn bản của Đảng), 09/2019/NĐ-CP hoặc 844/QĐ-TTg (văn bản nhà nước)";

const fail = (message: string, suggestion?: string): DocumentNumberResult =>
  suggestion ? { ok: false, message, suggestion } : { ok: false, message };

/** A valid number; its `type` is the first (the usual) of `kinds`. */
function valid(
  format: DocumentFormat,
  number: string,
  kinds: string[],
  issuer: string,
  normalized: string,
  year?: string,
): DocumentNumberResult {
  const type = kinds[0] as string;
  return year === undefined
    ? { ok: true, format, number, type, kinds, issuer, normalized }
    : { ok: true, format, number, type, kinds, issuer, year: Number(year), normalized };
}

/** A Lệnh (L) is issued by the President alone. */
function checkOrderIssuer(type: string, issuer: string): string | null {
  return type === "L" && issuer !== ORDER_ISSUER
    ? `Lệnh (L) chỉ do Chủ tịch nước ban hành, ký hiệu L-${ORDER_ISSUER}`
    : null;
}

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
  const kinds = Object.keys(known).join(", ");
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

/** "TƯ" (Trung ương) is spoken, "TW" is written (Hướng dẫn 36-HD/VPTW). */
const fixIssuer = (issuer: string) => issuer.replace(/TƯ$/u, "TW");

function checkPartyIssuer(issuer: string): string | null {
  if (/TƯ$/u.test(issuer)) return `Ký hiệu “${issuer}” viết là “${fixIssuer(issuer)}”`;
  return /\p{Ll}/u.test(issuer)
    ? `Ký hiệu cơ quan ban hành “${issuer}” phải viết chữ in hoa (ví dụ TW, TU, ĐU)`
    : null;
}

function checkStateIssuer(issuer: string): string | null {
  return /^\p{Lu}/u.test(issuer)
    ? null
    : `Ký hiệu cơ quan ban hành “${issuer}” phải bắt đầu bằng chữ in hoa (ví dụ CP, TTg, BYT)`;
}

/** The Party spelling of a number written in another shape, when that spelling is valid. */
function partyRespelling(number: string, type: string, issuer: string): string | null {
  const candidate = `${number}-${suggestType(type, PARTY_DOCUMENT_TYPES) ?? type}/${fixIssuer(issuer)}`;
  const parsed = parseDocumentNumber(candidate);
  return parsed.ok && parsed.format === "party" ? parsed.normalized : null;
}

const respellMessage = (written: string, suggestion: string, why: string) =>
  `Số hiệu “${written}” ${why}; có phải là “${suggestion}”?`;

/** Common mis-spellings that match no shape: 52/CT/TW, 52-CT-TW, 52 CT/TW. */
function suggestForMalformed(s: string): DocumentNumberResult | null {
  const m =
    /^(\d{1,6})\/(\p{L}+)\/(\p{L}[\p{L}\d&]*)$/u.exec(s) ??
    /^(\d{1,6})-(\p{L}+)-(\p{L}[\p{L}\d&]*)$/u.exec(s) ??
    /^(\d{1,6})\s+(\p{L}+)\/(\p{L}[\p{L}\d&]*)$/u.exec(s);
  if (!m) return null;
  const [, number, type, issuer] = m as unknown as [string, string, string, string];
  if (!isPartyIssuer(issuer)) return null;
  const suggestion = partyRespelling(number, type, issuer);
  if (!suggestion) return null;
  return fail(
    respellMessage(s, suggestion, "không đúng cách viết của văn bản Đảng (số-loại/cơ quan)"),
    suggestion,
  );
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
  const malformed = suggestForMalformed(s);
  if (malformed) return malformed;
  if (/\s/.test(s)) return fail(`Số hiệu văn bản không được chứa dấu cách. ${EXAMPLES}`);

  let m = PARTY_RE.exec(s);
  if (m) {
    const [, number, type, issuer] = m as unknown as [string, string, string, string];
    // A state number typed in the Party shape (844-QĐ/TTg): the issuer gives it away.
    if (/\p{Ll}/u.test(issuer) && type in STATE_SYMBOL_TYPES && !/TƯ$/u.test(issuer)) {
      const candidate = parseDocumentNumber(`${number}/${type}-${issuer}`);
      if (candidate.ok) {
        return fail(
          respellMessage(s, candidate.normalized, "là văn bản nhà nước, viết theo mẫu số/loại-cơ quan"),
          candidate.normalized,
        );
      }
    }
    const err =
      checkNumber(number) ??
      (type in PARTY_DOCUMENT_TYPES ? null : typeError(type, PARTY_DOCUMENT_TYPES, "party")) ??
      checkPartyIssuer(issuer);
    if (err) {
      const suggestion = /TƯ$/u.test(issuer) ? partyRespelling(number, type, issuer) : null;
      return fail(err, suggestion ?? undefined);
    }
    return valid(
      "party",
      number,
      PARTY_AMBIGUOUS_SYMBOLS[type] ?? [type],
      issuer,
      `${number}-${type}/${issuer}`,
    );
  }

  m = ASSEMBLY_RE.exec(s);
  if (m) {
    const [, number, year, issuer] = m as unknown as [string, string, string, string];
    const err = checkNumber(number) ?? checkYear(year);
    if (err) return fail(err);
    // Laws and resolutions of the Assembly share one numbering (51/2024/QH15 is a law,
    // 262/2025/QH15 a resolution): the number alone cannot tell them apart.
    const kinds = issuer.startsWith("UBTVQH") ? ["NQ", "PL"] : ["NQ", "LUAT"];
    return valid("state", number, kinds, issuer, `${number}/${year}/${issuer}`, year);
  }

  m = STATE_WITH_YEAR_RE.exec(s);
  if (m) {
    const [, number, year, type, issuer] = m as unknown as [string, string, string, string, string];
    const err =
      checkNumber(number) ??
      checkYear(year) ??
      (type in STATE_SYMBOL_TYPES ? null : typeError(type, STATE_SYMBOL_TYPES, "state")) ??
      checkOrderIssuer(type, issuer) ??
      checkStateIssuer(issuer);
    if (err) return fail(err);
    return valid("state", number, [type], issuer, `${number}/${year}/${type}-${issuer}`, year);
  }

  m = STATE_RE.exec(s);
  if (m) {
    const [, number, first, rest] = m as unknown as [string, string, string, string];
    // A Party number typed in the state shape (52/CT-TW): a Party body never issues "…/CT-TW".
    if (isPartyIssuer(rest)) {
      const suggestion = partyRespelling(number, first, rest);
      if (suggestion) {
        return fail(
          respellMessage(
            s,
            suggestion,
            `có “${rest}” là cơ quan Đảng, văn bản Đảng viết theo mẫu số-loại/cơ quan`,
          ),
          suggestion,
        );
      }
    }
    if (first in STATE_SYMBOL_TYPES) {
      const err = checkNumber(number) ?? checkOrderIssuer(first, rest) ?? checkStateIssuer(rest);
      if (err) return fail(err);
      return valid("state", number, [first], rest, `${number}/${first}-${rest}`);
    }
    // No type: an official letter whose symbol is <agency>-<drafting unit> (5076/BYT-BH).
    // A mistyped type (QD, ND) would otherwise be silently taken for an agency.
    const suggestion = suggestType(first, STATE_SYMBOL_TYPES);
    if (suggestion) {
      const respelled = parseDocumentNumber(`${number}/${suggestion}-${rest}`);
      return fail(
        `Loại văn bản “${first}” không đúng; có phải là “${suggestion}”?`,
        respelled.ok ? respelled.normalized : undefined,
      );
    }
    const issuer = `${first}-${rest}`;
    const err = checkNumber(number) ?? checkStateIssuer(issuer);
    if (err) return fail(err);
    return valid("state", number, ["CV"], issuer, `${number}/${issuer}`);
  }

  return fail(`Số hiệu văn bản không đúng định dạng. ${EXAMPLES}`);
}

/** True when `input` is a valid document number. */
export function isDocumentNumber(input: string): boolean {
  return parseDocumentNumber(input).ok;
}

/** The kind label of a stored document, whose format follows from its (canonical) number. */
export function storedDocumentKindLabel(number: string, code: string): string {
  const parsed = parseDocumentNumber(number);
  return documentKindLabel(parsed.ok ? parsed.format : "party", code);
}

export type KindChoice = { ok: true; kind: string } | { ok: false; message: string };

/**
 * The kind to record: the one the registrant chose, which must be one the number allows,
 * or the only one the number allows. An ambiguous number without a choice is refused.
 */
export function chooseDocumentKind(
  parsed: Extract<DocumentNumberResult, { ok: true }>,
  chosen: string | undefined,
): KindChoice {
  const names = parsed.kinds.map((k) => documentKindLabel(parsed.format, k));
  if (chosen) {
    if (parsed.kinds.includes(chosen)) return { ok: true, kind: chosen };
    const label = documentKindLabel(parsed.format, chosen);
    return {
      ok: false,
      message: `Loại văn bản “${label}” không khớp với số hiệu ${parsed.normalized} (${names.join(" hoặc ")})`,
    };
  }
  if (parsed.kinds.length === 1) return { ok: true, kind: parsed.kinds[0] as string };
  return {
    ok: false,
    message: `Số hiệu ${parsed.normalized} có thể là ${names.join(" hoặc ")}; hãy chọn tên loại văn bản`,
  };
}
