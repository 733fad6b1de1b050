/**
 * The kinds of Vietnamese documents, for the Party and for the state, with their codes and
 * Vietnamese names, and the issuer symbols of Party bodies. Public entry: `./document-number`
 * (which parses numbers against these tables).
 */

/**
 * Party document kinds (Hướng dẫn 36-HD/VPTW, appendix of kind names and symbols). The key is
 * the kind's code, which is also its symbol in the number, except that a Quy định of the
 * Central Committee is commonly numbered "-QĐ/TW" (so "QĐ" may be either kind, see
 * `PARTY_AMBIGUOUS_SYMBOLS`).
 */
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
  PA: "Phương án",
  ĐA: "Đề án",
  CTr: "Chương trình",
  TB: "Thông báo",
  TC: "Thông cáo",
  TTr: "Tờ trình",
  CV: "Công văn",
  BB: "Biên bản",
  GM: "Giấy mời",
  GGT: "Giấy giới thiệu",
  GCN: "Giấy chứng nhận",
  PG: "Phiếu gửi",
  PC: "Phiếu chuyển",
  PB: "Phiếu báo",
} as const satisfies Record<string, string>;

/**
 * State document kinds (Nghị định 30/2020/NĐ-CP, appendix III; Luật Ban hành văn bản quy
 * phạm pháp luật). Laws, ordinances and official letters carry no kind symbol in their
 * number: their codes (LUAT, PL, CV) are ours. "L" is the President's order (Lệnh, L-CTN).
 */
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
  GGT: "Giấy giới thiệu",
  L: "Lệnh",
  LUAT: "Luật",
  PL: "Pháp lệnh",
  CV: "Công văn",
} as const satisfies Record<string, string>;

export type PartyDocumentType = keyof typeof PARTY_DOCUMENT_TYPES;
export type StateDocumentType = keyof typeof STATE_DOCUMENT_TYPES;

/** Symbols that name more than one kind: the registrant says which (first = the usual one). */
export const PARTY_AMBIGUOUS_SYMBOLS: Record<string, PartyDocumentType[]> = { QĐ: ["QĐ", "QĐi"] };

export type DocumentFormat = "party" | "state";

/** Kinds without a symbol in the number, so never written as one. */
const UNWRITTEN_STATE_KINDS = new Set(["LUAT", "PL", "CV"]);
/** Types that are written in the symbol of a state document. */
export const STATE_SYMBOL_TYPES: Record<string, string> = Object.fromEntries(
  Object.entries(STATE_DOCUMENT_TYPES).filter(([t]) => !UNWRITTEN_STATE_KINDS.has(t)),
);
/** The President's order is the one kind written only with its own issuer (L-CTN). */
export const ORDER_ISSUER = "CTN";

/**
 * Symbols of Party bodies: the Central Committee and its organs (TW, VPTW, BTGDVTW, QUTW…),
 * provincial, district and grassroots committees (TU, HU, QU, ĐU…) and party delegations.
 * Used only to recognise a Party number typed in the state style (52/CT-TW).
 */
export function isPartyIssuer(issuer: string): boolean {
  return /^(?:TW|TƯ|TU|HU|QU|TXU|TPU|ĐU|ĐUK|BCSĐ|ĐĐ|ĐUCA)$/u.test(issuer) || /(?:TW|TƯ)$/u.test(issuer);
}

/** A Central Committee organ's issuer ends in TW: its numbers follow the national congress terms. */
export function isCentralIssuer(issuer: string): boolean {
  return /TW$/u.test(issuer);
}
/** The Vietnamese name of a kind; the same code means different kinds for the Party and the state (TT). */
export function documentKindLabel(format: DocumentFormat, code: string): string {
  const table: Record<string, string> = format === "party" ? PARTY_DOCUMENT_TYPES : STATE_DOCUMENT_TYPES;
  return table[code] ?? code;
}
