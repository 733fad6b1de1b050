/** The synthetic organisation tree and its people: committees, communes, grassroots, secretaries. */
import {
  CENTRAL,
  communeCount,
  DIGEST_RECIPIENTS,
  type Gen,
  PROVINCES,
  pad,
  type Row,
} from "./synthetic-kit";

const SYLLABLES = [
  "An",
  "Bình",
  "Phú",
  "Tân",
  "Hòa",
  "Thạnh",
  "Long",
  "Thuận",
  "Đông",
  "Tây",
  "Nam",
  "Bắc",
  "Hưng",
  "Mỹ",
  "Lộc",
  "Phước",
  "Thành",
  "Xuân",
  "Quang",
  "Vĩnh",
  "Hải",
  "Sơn",
  "Trung",
  "Nghĩa",
  "Đức",
  "Minh",
  "Hồng",
  "Cẩm",
  "Kim",
  "Yên",
];

const CENTRAL_NAMES = [
  "Đảng ủy Chính phủ",
  "Đảng ủy Quốc hội",
  "Đảng ủy Mặt trận Tổ quốc, các đoàn thể Trung ương",
  "Đảng ủy các cơ quan Đảng Trung ương",
  "Đảng ủy Công an Trung ương",
  "Quân ủy Trung ương",
];

const GRASSROOTS_PREFIXES = [
  "Chi bộ thôn",
  "Chi bộ tổ dân phố",
  "Đảng bộ trường",
  "Chi bộ trạm y tế",
  "Chi bộ Hợp tác xã",
];

/** The organisations, `total` of them, parents before children. */
export function syntheticTree(gen: Gen, total: number) {
  const { random, pick, now } = gen;
  // ---- organisations -------------------------------------------------------------------
  const orgs: Row[] = [];
  const org = (
    id: string,
    name: string,
    kind: string,
    parent: Row | null,
    sortOrder: number,
    population: number | null = null,
  ): Row => {
    const row: Row = {
      id,
      code: id.toUpperCase(),
      name,
      short_name: null,
      kind,
      parent_id: parent ? (parent.id as string) : null,
      level: parent ? (parent.level as number) + 1 : 0,
      path: `${parent ? parent.path : "/"}${id}/`,
      email: `vanphong@${id}.bench.vn`,
      phone: null,
      address: null,
      population,
      opened_on: "2025-07-01",
      closed_on: null,
      sort_order: sortOrder,
      created_at: now,
      updated_at: now,
    };
    orgs.push(row);
    return row;
  };

  const root = org("tw", "Ban Chấp hành Trung ương Đảng (Ban Bí thư)", "secretariat", null, 0);
  org("btgdv", "Ban Tuyên giáo và Dân vận Trung ương", "commission", root, 0);
  const provinces: Row[] = [];
  const weights: number[] = [];
  for (let p = 1; p <= PROVINCES; p++) {
    const name = `${p <= 6 ? "Thành ủy" : "Tỉnh ủy"} ${pick(SYLLABLES)} ${pick(SYLLABLES)} ${pad(p, 2)}`;
    const population = Math.round(500_000 + random() * 9_500_000);
    provinces.push(org(`p${pad(p, 2)}`, name, "provincial_committee", root, p, population));
    // Uneven spread: provinces get between 0.4x and 1.6x the average number of communes.
    weights.push(0.4 + random() * 1.2);
  }
  for (let c = 1; c <= CENTRAL; c++) {
    org(`c${pad(c, 2)}`, CENTRAL_NAMES[c - 1]!, "central_committee", root, PROVINCES + c);
  }

  // Communes per province by largest remainder over the weights (each province at least one).
  const communes = communeCount(total);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const spare = communes - PROVINCES;
  const exact = weights.map((w) => (spare * w) / weightSum);
  const perProvince = exact.map((x) => 1 + Math.floor(x));
  let left = communes - perProvince.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k++, left--) perProvince[byRemainder[k]![1]]! += 1;

  const communeRows: Row[] = [];
  provinces.forEach((province, i) => {
    for (let c = 1; c <= perProvince[i]!; c++) {
      const kind = random() < 0.2 ? "phường" : "xã";
      const name = `Đảng ủy ${kind} ${pick(SYLLABLES)} ${pick(SYLLABLES)}`;
      const population = Math.round(5_000 + random() * 75_000);
      communeRows.push(org(`${province.id}-c${pad(c, 4)}`, name, "commune", province, c, population));
    }
  });

  // Grassroots: distribute the remainder evenly with jitter, exactly `total` in the end.
  const grassroots = total - orgs.length;
  const base = Math.floor(grassroots / communeRows.length);
  let extra = grassroots - base * communeRows.length;
  for (const commune of communeRows) {
    let n = base;
    if (extra > 0) {
      n += 1;
      extra -= 1;
    }
    for (let g = 1; g <= n; g++) {
      const name = `${pick(GRASSROOTS_PREFIXES)} ${pick(SYLLABLES)} ${g}, ${commune.name}`;
      org(`${commune.id}-g${pad(g, 3)}`, name, "grassroots", commune, g);
    }
  }

  return { orgs, communeRows };
}

/** A secretary for every organisation, an office for every committee and commune, the Commission's staff. */
export function syntheticPeople(gen: Gen, orgs: Row[]) {
  const { pick, now } = gen;
  // ---- people and memberships ---------------------------------------------------------------
  const people: Row[] = [];
  const memberships: Row[] = [];
  const secretaryOf = new Map<string, Row>();
  const person = (id: string, email: string, fullName: string, title: string): Row => {
    const row: Row = {
      id,
      email,
      full_name: fullName,
      phone: null,
      title,
      bounced_at: null,
      bounce_reason: null,
      disabled_at: null,
      created_at: now,
      updated_at: now,
    };
    people.push(row);
    return row;
  };
  const member = (p: Row, organisationId: string, role: string) =>
    memberships.push({
      id: `m-${p.id}-${role}`,
      person_id: p.id as string,
      organisation_id: organisationId,
      role,
      created_at: now,
    });
  for (const o of orgs) {
    if (o.kind === "commission") continue;
    const id = o.id as string;
    const secretary = person(
      `bt-${id}`,
      `bithu@${id}.bench.vn`,
      `Bí thư ${pick(SYLLABLES)} ${pick(SYLLABLES)}`,
      "Bí thư",
    );
    member(secretary, id, "secretary");
    secretaryOf.set(id, secretary);
    if (o.kind !== "grassroots") {
      const office = person(
        `vp-${id}`,
        `vanphong@${id}.bench.vn`,
        `Văn phòng ${o.name}`,
        "Chuyên viên văn phòng",
      );
      member(office, id, "reporter");
    }
  }
  for (let i = 1; i <= 2; i++) {
    member(
      person(`cb-btgdv-${i}`, `canbo${i}@btgdv.bench.vn`, `Cán bộ Ban ${i}`, "Chuyên viên"),
      "btgdv",
      "commission_staff",
    );
  }
  member(
    person("ld-btgdv", "lanhdao@btgdv.bench.vn", "Lãnh đạo Ban", "Phó Trưởng ban"),
    "btgdv",
    "commission_leader",
  );
  // Weekly digest followers: Commission staff posted to the 40 committees (a block of ~50 per
  // committee, so a batch of 100 recipients shares 2-3 subtrees). Their membership is on the
  // committee, not on a commission, so the escalation ladder never mails them; with the
  // Commission's three they make DIGEST_RECIPIENTS weekly digests on the data's Monday.
  const committees = orgs.filter((o) => o.kind === "provincial_committee" || o.kind === "central_committee");
  const followers = DIGEST_RECIPIENTS - 3;
  const digestSubscriptions: Row[] = [];
  for (let i = 0; i < followers; i++) {
    const committee = committees[Math.floor((i * committees.length) / followers)]!;
    const p = person(
      `dg-${committee.id}-${pad(i + 1, 4)}`,
      `theodoi${i + 1}@${committee.id}.bench.vn`,
      `Cán bộ theo dõi ${pick(SYLLABLES)} ${pick(SYLLABLES)}`,
      "Chuyên viên",
    );
    member(p, committee.id as string, "commission_staff");
    digestSubscriptions.push({
      id: `ds-${p.id}`,
      person_id: p.id as string,
      kind: "weekly_compliance",
      enabled: 1,
      weekday: 1,
      reminders_in_digest: 0,
      unsubscribed_at: null,
      updated_at: now,
    });
  }

  return { people, memberships, secretaryOf, digestSubscriptions };
}
