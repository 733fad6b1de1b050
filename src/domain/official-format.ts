/**
 * The official layout of a Party document (Hướng dẫn 36-HD/VPTW): the letterhead (the direct
 * superior above the issuing body, a "*" below), "Số 12-BC/BTGDVTW" without a colon, the place
 * and date ("Hà Nội, ngày 05 tháng 3 năm 2026": days below 10 and the months 1 and 2 take a
 * leading zero, the other months do not), and the signature block by the body's kind (the head
 * of a Ban signs in person, a deputy "K/T"; a committee signs "T/M" its standing committee).
 * Pure functions of the organisations' data; nothing here knows a particular body.
 */
import type { OrganisationKind } from "./enums";

export interface BodyInfo {
  name: string;
  kind: OrganisationKind;
  /** Symbol in document numbers (TU, BTGDVTW, ĐU), if recorded. */
  symbol?: string | null;
  /** Place name of its seat, for "<place>, ngày …" (Hà Nội, Cần Thơ). */
  seat?: string | null;
}

export interface Letterhead {
  /** The direct superior, upper case, not bold ("BAN CHẤP HÀNH TRUNG ƯƠNG"); null for the Central Committee. */
  superior: string | null;
  /** The issuing body, upper case, bold ("BAN TUYÊN GIÁO VÀ DÂN VẬN"). */
  body: string;
}

const upper = (s: string) => s.normalize("NFC").toLocaleUpperCase("vi-VN");

/** "Thành ủy Hà Nội" -> "Đảng bộ thành phố Hà Nội"; "Tỉnh ủy Nghệ An" -> "Đảng bộ tỉnh Nghệ An". */
function partyOrganisationOf(committee: BodyInfo): string {
  const name = committee.name.trim();
  let m = /^Thành ủy (Thành phố |thành phố )?(.+)$/u.exec(name);
  if (m) return `Đảng bộ thành phố ${m[2]}`;
  m = /^Tỉnh ủy (.+)$/u.exec(name);
  if (m) return `Đảng bộ tỉnh ${m[1]}`;
  m = /^Đảng ủy (.+)$/u.exec(name);
  if (m) return `Đảng bộ ${m[1]}`;
  return name;
}

/** The committee's own name as written under its Đảng bộ: "Thành ủy", "Tỉnh ủy", "Đảng ủy". */
function committeeWord(committee: BodyInfo): string {
  const m = /^(Thành ủy|Tỉnh ủy|Đảng ủy)\b/u.exec(committee.name.trim());
  return m ? (m[1] as string) : committee.name;
}

/** A Ban's name without its superior's ("Ban Tuyên giáo và Dân vận Thành ủy Hà Nội" -> "Ban Tuyên giáo và Dân vận"). */
function banName(ban: BodyInfo, parent: BodyInfo | null): string {
  let name = ban.name.trim();
  if (parent?.kind === "secretariat") name = name.replace(/\s+Trung ương$/u, "");
  else if (parent && name.endsWith(` ${parent.name}`)) name = name.slice(0, -parent.name.length - 1);
  return name;
}

const isCentralCommittee = (b: BodyInfo | null) => b?.kind === "secretariat";

/** The letterhead of `body`, whose direct superior in the tree is `parent` (and its superior `grandparent`). */
export function letterheadOf(
  body: BodyInfo,
  parent: BodyInfo | null,
  grandparent: BodyInfo | null = null,
): Letterhead {
  if (body.kind === "secretariat") return { superior: null, body: "BAN CHẤP HÀNH TRUNG ƯƠNG" };
  if (body.kind === "commission") {
    // A Ban advises its committee: the committee stands above it.
    const superior = isCentralCommittee(parent)
      ? "BAN CHẤP HÀNH TRUNG ƯƠNG"
      : parent
        ? upper(parent.name)
        : null;
    return { superior, body: upper(banName(body, parent)) };
  }
  if (body.kind === "provincial_committee" || body.kind === "central_committee") {
    // "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI / THÀNH ỦY"
    return { superior: upper(partyOrganisationOf(body)), body: upper(committeeWord(body)) };
  }
  // Lower committees and chi bộ: the superior's Đảng bộ above their own name.
  const above = parent && !isCentralCommittee(parent) ? parent : null;
  const superior = above
    ? upper(
        above.kind === "commission" || above.kind === "grassroots" || above.kind === "association"
          ? above.name
          : partyOrganisationOf(above),
      )
    : grandparent
      ? upper(grandparent.name)
      : null;
  return { superior, body: upper(body.name) };
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** "ngày 05 tháng 3 năm 2026", "ngày 24 tháng 02 năm 2026": days below 10 and months 1-2 with a leading zero. */
export function officialDate(isoDate: string): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const month = m <= 2 ? pad2(m) : String(m);
  return `ngày ${pad2(d)} tháng ${month} năm ${y}`;
}

/** "Hà Nội, ngày 05 tháng 3 năm 2026". */
export function placeAndDateLine(seat: string, isoDate: string): string {
  return `${seat}, ${officialDate(isoDate)}`;
}

/** "Số 12-BC/BTGDVTW" (Party style, no colon); a blank number keeps room to write it by hand. */
export function numberLine(number: string | null | undefined, type: string, symbol: string): string {
  const n = number?.trim();
  return `Số ${n ? n : "\u00A0".repeat(6)}-${type}/${symbol}`;
}

export type SignerRole = "head" | "deputy";

/** The title of a body's head and deputy, as signed. */
function titlesOf(kind: OrganisationKind): { head: string; deputy: string } {
  if (kind === "commission") return { head: "TRƯỞNG BAN", deputy: "PHÓ TRƯỞNG BAN" };
  if (kind === "secretariat") return { head: "TỔNG BÍ THƯ", deputy: "THƯỜNG TRỰC BAN BÍ THƯ" };
  return { head: "BÍ THƯ", deputy: "PHÓ BÍ THƯ" };
}

/** Who signs for a collective: a committee signs for its standing committee, a chi bộ for itself. */
function collectiveOf(kind: OrganisationKind): string | null {
  if (kind === "commission") return null;
  if (kind === "secretariat") return "T/M BAN BÍ THƯ";
  if (kind === "grassroots" || kind === "association") return "T/M CHI BỘ";
  return "T/M BAN THƯỜNG VỤ";
}

/**
 * The lines above the signature. A Ban is run by its head: "TRƯỞNG BAN", or for a deputy
 * "K/T TRƯỞNG BAN" then "PHÓ TRƯỞNG BAN". A committee leads collectively: "T/M BAN THƯỜNG VỤ"
 * then "BÍ THƯ" or "PHÓ BÍ THƯ".
 */
export function signatureLines(kind: OrganisationKind, role: SignerRole): string[] {
  const titles = titlesOf(kind);
  const collective = collectiveOf(kind);
  if (collective) return [collective, role === "head" ? titles.head : titles.deputy];
  return role === "head" ? [titles.head] : [`K/T ${titles.head}`, titles.deputy];
}

/**
 * The place of the seat: recorded on the body or, failing that, on the nearest ancestor that
 * has one; the capital for the central bodies.
 */
export function seatOf(chain: BodyInfo[]): string {
  for (const b of chain) if (b.seat?.trim()) return b.seat.trim();
  return "Hà Nội";
}
