/**
 * The demo organisation tree: the Commission and the 40 party committees directly under
 * the Central Committee after the 2025 restructuring (PRODUCT.md), plus communes of two
 * provinces and the subtree of Đảng ủy Liên hiệp các Hội KH&KT Việt Nam from the seed
 * letter 168-CV/ĐULHHVN. Populations are rounded demo figures, not official statistics.
 */
import type { OrganisationKind } from "../db/schema";

export interface DemoOrganisation {
  id: string;
  code: string;
  name: string;
  kind: OrganisationKind;
  parentId: string | null;
  population?: number;
  email?: string;
  closedOn?: string;
}

/** Symbols the demo's documents use for their issuers (52-CT/TW, 30-CV/BTG&DV, 168-CV/ĐULHHVN). */
const SYMBOLS: Record<string, string> = {
  tw: "TW",
  "gov-byt": "BYT",
  "gov-btc": "BTC",
  "hn-ubnd": "UBND",
  "ct-ubnd": "UBND",
  btgdv: "BTGDVTW",
  "mttq-btgdv": "BTG&DV",
  lhhvn: "ĐULHHVN",
  "hn-btgdv": "BTGDVTU",
  "ct-btgdv": "BTGDVTU",
};

/**
 * The seat's place name and the number symbol of a demo organisation, as its documents write
 * them: a Thành ủy or Tỉnh ủy "TU" at its city or province, a ward or commune "ĐU" at itself,
 * the central bodies in Hà Nội; a Ban and a chi bộ at their committee's seat.
 */
export function officialOf(o: DemoOrganisation): { seat: string | null; documentSymbol: string | null } {
  const symbol =
    SYMBOLS[o.id] ??
    (o.kind === "provincial_committee"
      ? "TU"
      : o.kind === "commune" || o.kind === "committee" || o.kind === "central_committee"
        ? "ĐU"
        : o.kind === "grassroots" || o.kind === "association"
          ? "CB"
          : null);
  let seat: string | null = null;
  const province = /^(?:Thành ủy|Tỉnh ủy) (.+)$/u.exec(o.name);
  const commune = /^Đảng ủy (?:phường|xã) (.+?)(?: \(.*\))?$/u.exec(o.name);
  if (province) seat = province[1] as string;
  else if (commune) seat = commune[1] as string;
  else if (o.kind === "secretariat" || o.kind === "central_committee") seat = "Hà Nội";
  return { seat, documentSymbol: symbol };
}

const root: DemoOrganisation = {
  id: "tw",
  code: "TW",
  name: "Ban Chấp hành Trung ương Đảng (Ban Bí thư)",
  kind: "secretariat",
  parentId: null,
  email: "vanphong@tw.demo.vn",
};

const commission: DemoOrganisation = {
  id: "btgdv",
  code: "BTGDVTW",
  name: "Ban Tuyên giáo và Dân vận Trung ương",
  kind: "commission",
  parentId: "tw",
  email: "vanphong@btgdvtw.demo.vn",
};

/** The 6 centrally governed cities and 28 provinces (from 01/7/2025). [id, name, population] */
const PROVINCES: [string, string, number][] = [
  ["hn", "Thành ủy Hà Nội", 8_700_000],
  ["hue", "Thành ủy Huế", 1_200_000],
  ["hp", "Thành ủy Hải Phòng", 4_600_000],
  ["dn", "Thành ủy Đà Nẵng", 3_000_000],
  ["hcm", "Thành ủy Thành phố Hồ Chí Minh", 14_000_000],
  ["ct", "Thành ủy Cần Thơ", 4_200_000],
  ["tq", "Tỉnh ủy Tuyên Quang", 1_900_000],
  ["cb", "Tỉnh ủy Cao Bằng", 570_000],
  ["lc", "Tỉnh ủy Lai Châu", 490_000],
  ["lca", "Tỉnh ủy Lào Cai", 1_800_000],
  ["tn", "Tỉnh ủy Thái Nguyên", 1_800_000],
  ["db", "Tỉnh ủy Điện Biên", 650_000],
  ["ls", "Tỉnh ủy Lạng Sơn", 810_000],
  ["sl", "Tỉnh ủy Sơn La", 1_300_000],
  ["pt", "Tỉnh ủy Phú Thọ", 4_000_000],
  ["bn", "Tỉnh ủy Bắc Ninh", 3_600_000],
  ["qn", "Tỉnh ủy Quảng Ninh", 1_400_000],
  ["hy", "Tỉnh ủy Hưng Yên", 3_600_000],
  ["nb", "Tỉnh ủy Ninh Bình", 4_400_000],
  ["th", "Tỉnh ủy Thanh Hóa", 4_300_000],
  ["na", "Tỉnh ủy Nghệ An", 3_800_000],
  ["ht", "Tỉnh ủy Hà Tĩnh", 1_600_000],
  ["qt", "Tỉnh ủy Quảng Trị", 1_900_000],
  ["qng", "Tỉnh ủy Quảng Ngãi", 2_200_000],
  ["gl", "Tỉnh ủy Gia Lai", 3_600_000],
  ["kh", "Tỉnh ủy Khánh Hòa", 2_200_000],
  ["ld", "Tỉnh ủy Lâm Đồng", 3_900_000],
  ["dl", "Tỉnh ủy Đắk Lắk", 3_300_000],
  ["dna", "Tỉnh ủy Đồng Nai", 4_500_000],
  ["tni", "Tỉnh ủy Tây Ninh", 3_300_000],
  ["vl", "Tỉnh ủy Vĩnh Long", 4_300_000],
  ["dt", "Tỉnh ủy Đồng Tháp", 4_400_000],
  ["cm", "Tỉnh ủy Cà Mau", 2_600_000],
  ["ag", "Tỉnh ủy An Giang", 5_000_000],
];

/** The 6 party committees of central bodies directly under the Central Committee. */
const CENTRAL: [string, string][] = [
  ["dbcqd", "Đảng ủy các cơ quan Đảng Trung ương"],
  ["dbcp", "Đảng ủy Chính phủ"],
  ["dbqh", "Đảng ủy Quốc hội"],
  ["mttq", "Đảng ủy Mặt trận Tổ quốc, các đoàn thể Trung ương"],
  ["qd", "Quân ủy Trung ương"],
  ["ca", "Đảng ủy Công an Trung ương"],
];

const HANOI_COMMUNES: [string, string, number][] = [
  ["hn-hoankiem", "Đảng ủy phường Hoàn Kiếm", 130_000],
  ["hn-badinh", "Đảng ủy phường Ba Đình", 65_000],
  ["hn-cuanam", "Đảng ủy phường Cửa Nam", 70_000],
  ["hn-hongha", "Đảng ủy phường Hồng Hà", 125_000],
  ["hn-ngocha", "Đảng ủy phường Ngọc Hà", 95_000],
  ["hn-giangvo", "Đảng ủy phường Giảng Võ", 105_000],
  ["hn-socson", "Đảng ủy xã Sóc Sơn", 80_000],
  ["hn-dongan", "Đảng ủy xã Đông Anh", 110_000],
];

const CANTHO_COMMUNES: [string, string, number][] = [
  ["ct-ninhkieu", "Đảng ủy phường Ninh Kiều", 120_000],
  ["ct-caikhe", "Đảng ủy phường Cái Khế", 90_000],
  ["ct-binhthuy", "Đảng ủy phường Bình Thủy", 85_000],
  ["ct-phongdien", "Đảng ủy xã Phong Điền", 60_000],
  ["ct-thoilai", "Đảng ủy xã Thới Lai", 55_000],
];

/** Member associations of the Vietnam Union of Science and Technology Associations. */
const LHHVN_MEMBERS: [string, string][] = [
  ["lhh-yhoc", "Chi bộ Tổng hội Y học Việt Nam"],
  ["lhh-tinhoc", "Chi bộ Hội Tin học Việt Nam"],
  ["lhh-hoahoc", "Chi bộ Hội Hóa học Việt Nam"],
  ["lhh-xaydung", "Chi bộ Tổng hội Xây dựng Việt Nam"],
  ["lhh-vatly", "Chi bộ Hội Vật lý Việt Nam"],
  ["lhh-tapchi", "Chi bộ Tạp chí Khoa học và Tổ quốc"],
];

/**
 * A committee or commune from one of the lists above: its code is its id in capitals, its office
 * writes from `vanphong@<id>.demo.vn`.
 */
function listed(
  [id, name, population]: readonly [string, string, number?],
  kind: OrganisationKind,
  parentId: string,
): DemoOrganisation {
  return { id, code: id.toUpperCase(), name, kind, parentId, population, email: `vanphong@${id}.demo.vn` };
}

export function demoOrganisations(): DemoOrganisation[] {
  const list: DemoOrganisation[] = [root, commission];
  list.push(...PROVINCES.map((row) => listed(row, "provincial_committee", "tw")));
  list.push(...CENTRAL.map((row) => listed(row, "central_committee", "tw")));
  // Each province's own commission plays the Commission's role for its subtree.
  list.push(
    {
      id: "hn-btgdv",
      code: "HN-BTGDV",
      name: "Ban Tuyên giáo và Dân vận Thành ủy Hà Nội",
      kind: "commission",
      parentId: "hn",
    },
    {
      id: "ct-btgdv",
      code: "CT-BTGDV",
      name: "Ban Tuyên giáo và Dân vận Thành ủy Cần Thơ",
      kind: "commission",
      parentId: "ct",
    },
  );
  for (const [parent, communes] of [
    ["hn", HANOI_COMMUNES],
    ["ct", CANTHO_COMMUNES],
  ] as const) {
    list.push(...communes.map((row) => listed(row, "commune", parent)));
  }
  list.push(
    {
      id: "hn-hoankiem-cb1",
      code: "HN-HOANKIEM-CB1",
      name: "Chi bộ Tổ dân phố số 1, phường Hoàn Kiếm",
      kind: "grassroots",
      parentId: "hn-hoankiem",
    },
    {
      id: "hn-hoankiem-cb2",
      code: "HN-HOANKIEM-CB2",
      name: "Chi bộ Tổ dân phố số 2, phường Hoàn Kiếm",
      kind: "grassroots",
      parentId: "hn-hoankiem",
    },
    // A ward abolished in the 2025 reorganisation (communes from 01/7/2025): kept, closed, so
    // history before that day still resolves; it has no duty under the directive.
    {
      id: "hn-hangbai",
      code: "HN-HANGBAI",
      name: "Đảng ủy phường Hàng Bài (giải thể ngày 01/7/2025)",
      kind: "commune",
      parentId: "hn",
      population: 20_000,
      closedOn: "2025-07-01",
    },
  );
  list.push(
    {
      id: "mttq-btgdv",
      code: "MTTQ-BTGDV",
      name: "Ban Tuyên giáo và Dân vận Đảng ủy Mặt trận Tổ quốc, các đoàn thể Trung ương",
      kind: "commission",
      parentId: "mttq",
    },
    {
      id: "lhhvn",
      code: "DULHHVN",
      name: "Đảng ủy Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam",
      kind: "committee",
      parentId: "mttq",
      email: "vanphong@lhhvn.demo.vn",
    },
    {
      id: "byt",
      code: "DBBYT",
      name: "Đảng ủy Bộ Y tế",
      kind: "committee",
      parentId: "dbcp",
      email: "vanphong@byt.demo.vn",
    },
    // Named in §7 of the directive; Vietnam Social Security, which holds the coverage data, is under it.
    {
      id: "btc",
      code: "DBBTC",
      name: "Đảng ủy Bộ Tài chính",
      kind: "committee",
      parentId: "dbcp",
      email: "vanphong@btc.demo.vn",
    },
  );
  // The Government side, where the Government's action plan and the state's work belong:
  // ministries under the Government's Party committee, People's Committees under their city's.
  list.push(
    {
      id: "gov-byt",
      code: "BYT",
      name: "Bộ Y tế",
      kind: "state_body",
      parentId: "dbcp",
      email: "vanthu@byt.demo.vn",
    },
    {
      id: "gov-btc",
      code: "BTC",
      name: "Bộ Tài chính",
      kind: "state_body",
      parentId: "dbcp",
      email: "vanthu@btc.demo.vn",
    },
    {
      id: "hn-ubnd",
      code: "UBND-HN",
      name: "Ủy ban nhân dân thành phố Hà Nội",
      kind: "state_body",
      parentId: "hn",
      email: "vanthu@ubnd.hanoi.demo.vn",
    },
    {
      id: "ct-ubnd",
      code: "UBND-CT",
      name: "Ủy ban nhân dân thành phố Cần Thơ",
      kind: "state_body",
      parentId: "ct",
      email: "vanthu@ubnd.cantho.demo.vn",
    },
  );
  for (const [id, name] of LHHVN_MEMBERS) {
    list.push({ id, code: id.toUpperCase(), name, kind: "association", parentId: "lhhvn" });
  }
  return list;
}

/** Materialised paths (`/tw/hn/hn-hoankiem/`) and depths for a parent-linked list in parent-first order. */
export function withPaths<T extends { id: string; parentId: string | null }>(
  list: readonly T[],
): (T & { path: string; level: number })[] {
  const byId = new Map<string, { path: string; level: number }>();
  return list.map((org) => {
    const parent = org.parentId ? byId.get(org.parentId) : undefined;
    if (org.parentId && !parent) throw new Error(`parent ${org.parentId} of ${org.id} must come first`);
    const placed = { path: `${parent?.path ?? "/"}${org.id}/`, level: (parent?.level ?? -1) + 1 };
    byId.set(org.id, placed);
    return { ...org, ...placed };
  });
}
