/**
 * A synthetic national organisation tree with two reporting periods of obligations, for
 * benchmarks (`npm run bench`) and tests at scale. Pure and deterministic for a given seed:
 * no I/O, no clock. Rows are plain objects keyed by the column names of `src/db/schema.ts`,
 * grouped per table in foreign-key order, so they can be inserted as they come.
 *
 * Shape (default 60,000 organisations): `tw` (root), the Commission `btgdv`, 34 provincial
 * committees `p01`..`p34` and 6 central committees `c01`..`c06`, 3,321 communes spread
 * unevenly over the provinces (`p01-c0001`), and grassroots organisations under the
 * communes (`p01-c0001-g001`) up to the requested total. Smaller sizes keep the 40 committees
 * and scale communes and grassroots proportionally. Communes and grassroots report.
 *
 * People: a secretary for every organisation, a reporter (the office) for every committee and
 * commune, two Commission staff and one leader, so every ladder audience resolves.
 *
 * Engine state at `now` (a working day, 09:00): the chased obligations of the open period
 * (pending, draft, returned) stand on the escalation ladder as the engine left them. About half
 * of them (`DUE_SHARE`) have their latest rung (the one at or before `now`) not yet recorded:
 * `next_action_at` is that rung's instant, the earlier rungs are in `notifications` as sent.
 * The others are up to date: every rung up to `now` was handled and `next_action_at` is the next
 * one (their history is not generated: no tick reads it). At 60,000 organisations that is
 * ~10,000 obligations with a step due for the next tick.
 */
import { calendarFromRows } from "../domain/calendar";
import { deadlineFromStored, deadlineOf } from "../domain/deadline";
import { VN_HOLIDAYS } from "../domain/holidays-vn";
import { ladderSchedule, type PolicyStep, type ScheduledStep } from "../domain/ladder";
import { DEFAULT_LADDER, registeredDocument } from "./seed-helpers";

export type SqlValue = string | number | null;
export type Row = Record<string, SqlValue>;

export interface TableRows {
  table: string;
  rows: Row[];
}

export interface SyntheticOptions {
  /** Total organisations, including root, Commission and the 40 committees. Default 60,000. */
  organisations?: number;
  seed?: number;
  /** The instant the data describes (created_at etc.). Default 2026-07-20 09:00 UTC+7. */
  now?: number;
}

export interface SyntheticData {
  tables: TableRows[];
  /** Ids useful to drive queries: the root, one province, the two periods, a name to search. */
  refs: {
    rootId: string;
    provinceId: string;
    communeId: string;
    closedPeriodId: string;
    openPeriodId: string;
    searchTerm: string;
    /** The instant the data describes: the engine bench sets the simulated clock to it. */
    now: number;
  };
  counts: Record<string, number>;
}

export const NATIONAL_ORGANISATIONS = 60_000;
export const NATIONAL_COMMUNES = 3_321;
const PROVINCES = 34;
const CENTRAL = 6;
const FIXED = 2 + PROVINCES + CENTRAL;

export const SYNTHETIC_DIRECTIVE_ID = "ct52";
export const SYNTHETIC_SCHEDULE_ID = "sched-ct52-quarterly";
export const SYNTHETIC_FORM_ID = "form-ct52-quarterly";
export const SYNTHETIC_POLICY_ID = "policy-default";
export const SYNTHETIC_CLOSED_PERIOD_ID = "per-ct52-2026-q1";
export const SYNTHETIC_OPEN_PERIOD_ID = "per-ct52-2026-q2";

/** mulberry32: small, fast, good enough for data shapes. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

/** Share of the chased obligations whose latest ladder rung is due at `now` (see above). */
export const DUE_SHARE = 0.5;
/** Weekly compliance digest recipients on the data's Monday (Commission three + followers). */
export const DIGEST_RECIPIENTS = 2_000;

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** The default escalation ladder, as the demo seeds it. */
const LADDER = DEFAULT_LADDER;

/** Communes for a size: 3,321 at national scale, proportional below (at least one per province). */
export function communeCount(organisations: number): number {
  return Math.max(PROVINCES, Math.round((NATIONAL_COMMUNES * organisations) / NATIONAL_ORGANISATIONS));
}

const DAY = 86_400_000;
/** Midnight of a calendar date in Asia/Ho_Chi_Minh, as UTC ms. */
const vnMidnight = (date: string) => Date.parse(`${date}T00:00:00+07:00`);
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

export function generateSynthetic(options: SyntheticOptions = {}): SyntheticData {
  const total = options.organisations ?? NATIONAL_ORGANISATIONS;
  if (!Number.isInteger(total) || total < FIXED + PROVINCES) {
    throw new RangeError(`organisations must be an integer of at least ${FIXED + PROVINCES}`);
  }
  const random = rng(options.seed ?? 52);
  const now = options.now ?? Date.parse("2026-07-20T09:00:00+07:00");
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

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

  // ---- directive, form, policy, schedule, periods ---------------------------------------
  const created = Date.parse("2025-11-01T09:00:00+07:00");
  const documents: Row[] = [
    {
      id: "doc-52",
      number: "52-CT/TW",
      doc_type: "CT",
      issuer: "Ban Bí thư",
      issued_on: "2025-10-03",
      title: "Chỉ thị về việc thực hiện bảo hiểm y tế toàn dân trong giai đoạn mới",
      directive_id: SYNTHETIC_DIRECTIVE_ID,
      parent_document_id: null,
      organisation_id: "tw",
      created_at: created,
    },
  ];
  const directives: Row[] = [
    {
      id: SYNTHETIC_DIRECTIVE_ID,
      document_id: "doc-52",
      code: "52-CT/TW",
      title: "Chỉ thị số 52-CT/TW của Ban Bí thư về thực hiện bảo hiểm y tế toàn dân trong giai đoạn mới",
      issued_on: "2025-10-03",
      summary: null,
      created_at: created,
    },
  ];
  const forms: Row[] = [
    {
      id: SYNTHETIC_FORM_ID,
      directive_id: SYNTHETIC_DIRECTIVE_ID,
      name: "Báo cáo quý kết quả thực hiện Chỉ thị 52-CT/TW",
      // A valid FormDefinition (src/domain/form.ts), so reports can be submitted through the API.
      definition: JSON.stringify({
        version: 1,
        title: "Báo cáo quý kết quả thực hiện Chỉ thị 52-CT/TW",
        items: [
          { kind: "narrative", key: "s1", label: "Công tác tuyên truyền", required: true, maxLength: 20_000 },
          {
            kind: "number",
            key: "coverage",
            label: "Tỷ lệ bao phủ BHYT",
            unit: "%",
            indicatorCode: "coverage",
            valueKind: "percent",
            required: true,
          },
        ],
      }),
      created_at: created,
    },
  ];
  const policies: Row[] = [
    {
      id: SYNTHETIC_POLICY_ID,
      name: "Quy trình nhắc hạn, đôn đốc và báo cáo cấp trên mặc định",
      description: null,
      created_at: created,
      updated_at: created,
    },
  ];
  const steps: Row[] = LADDER.map(([offset, audience, template]) => ({
    id: `${SYNTHETIC_POLICY_ID}-${offset < 0 ? `m${-offset}` : offset}-${audience}`,
    policy_id: SYNTHETIC_POLICY_ID,
    offset_days: offset,
    audience,
    template,
  }));
  // What the engine snapshots onto each obligation (`policySnapshot()`: order by offset, audience).
  const ladderSteps: PolicyStep[] = LADDER.map(([offsetDays, audience, template]) => ({
    offsetDays,
    audience: audience as PolicyStep["audience"],
    template,
  })).sort((a, b) => a.offsetDays - b.offsetDays || a.audience.localeCompare(b.audience));
  const policySnapshot = JSON.stringify(ladderSteps);
  const schedules: Row[] = [
    {
      id: SYNTHETIC_SCHEDULE_ID,
      directive_id: SYNTHETIC_DIRECTIVE_ID,
      name: "Báo cáo quý thực hiện Chỉ thị 52-CT/TW",
      frequency: "quarterly",
      report_kind: "periodic",
      due_rule_kind: "fixed_days",
      due_rule_days: 10,
      scope_root_id: "tw",
      scope_kinds: JSON.stringify(["commune", "grassroots"]),
      reviewer_organisation_id: "btgdv",
      form_id: SYNTHETIC_FORM_ID,
      policy_id: SYNTHETIC_POLICY_ID,
      reporter_may_submit: 0,
      starts_on: "2026-01-01",
      ends_on: null,
      one_off_cutoff_start: null,
      one_off_cutoff_end: null,
      active: 1,
      created_at: created,
      updated_at: created,
    },
  ];
  const reporting = orgs.filter((o) => o.kind === "commune" || o.kind === "grassroots");
  const periodDefs = [
    {
      id: SYNTHETIC_CLOSED_PERIOD_ID,
      // The engine's key format (src/domain/periods.ts): its `recordDuePeriods` then sees the
      // period as existing and does not open a second Q2 for the same schedule.
      key: "2026-q1",
      label: "Quý I/2026",
      cutoffStart: "2026-01-01",
      cutoffEnd: "2026-03-31",
      dueOn: "2026-04-10",
      opensOn: "2026-03-25",
      status: "closed",
    },
    {
      id: SYNTHETIC_OPEN_PERIOD_ID,
      key: "2026-q2",
      label: "Quý II/2026",
      cutoffStart: "2026-04-01",
      cutoffEnd: "2026-06-30",
      dueOn: "2026-07-10",
      opensOn: "2026-06-24",
      status: "open",
    },
  ];
  const periods: Row[] = periodDefs.map((p) => ({
    id: p.id,
    schedule_id: SYNTHETIC_SCHEDULE_ID,
    key: p.key,
    label: p.label,
    cutoff_start: p.cutoffStart,
    cutoff_end: p.cutoffEnd,
    due_on: p.dueOn,
    opens_on: p.opensOn,
    status: p.status,
    opened_at: vnMidnight(p.opensOn) + 7 * 3_600_000,
    obligation_count: reporting.length,
    created_at: vnMidnight(p.opensOn),
  }));

  // ---- obligations and their history ------------------------------------------------------
  const calendar = calendarFromRows(VN_HOLIDAYS);
  // Few distinct (due date, cycle) pairs: compute each ladder once.
  const rungCache = new Map<string, ScheduledStep[]>();
  const notifications: Row[] = [];
  const obligations: Row[] = [];
  const versions: Row[] = [];
  const decisions: Row[] = [];
  const extensions: Row[] = [];
  let receipt = 0;
  for (const period of periodDefs) {
    const closed = period.status === "closed";
    const openedAt = vnMidnight(period.opensOn) + 7 * 3_600_000;
    for (const o of reporting) {
      const id = `obl-${period.key.toLowerCase()}-${o.id}`;
      // The effective date of the deadline: a due date on a day off moves to the next working day.
      let effectiveDue = deadlineOf(period.dueOn, calendar).effectiveOn;
      let extendedDue: string | null = null;
      let cycle = 0;
      if (random() < 0.03) {
        extendedDue = addDays(period.dueOn, 10);
        effectiveDue = deadlineOf(extendedDue, calendar).effectiveOn;
        cycle = 1;
        extensions.push({
          id: `ext-${id}`,
          obligation_id: id,
          previous_due_on: period.dueOn,
          new_due_on: extendedDue,
          reason: "Địa phương bị ảnh hưởng bởi thiên tai, đề nghị gia hạn",
          granted_by: null,
          created_at: vnMidnight(period.dueOn) - 2 * DAY,
        });
      }
      const dueEnd = deadlineFromStored(extendedDue ?? period.dueOn, effectiveDue).endsAt;
      const roll = random();
      // ~70% submitted (80% of them on time), ~10% draft, ~20% missing.
      let status = roll < 0.7 ? "submitted" : roll < 0.8 ? "draft" : "pending";
      let firstSubmittedAt: number | null = null;
      let lastSubmittedAt: number | null = null;
      let onTime: number | null = null;
      let acceptedAt: number | null = null;
      let returnedAt: number | null = null;
      let currentVersionId: string | null = null;
      let nextActionAt: number | null = null;
      if (status === "submitted") {
        const late = random() >= 0.8;
        const submittedAt = late
          ? dueEnd + Math.floor(random() * 9 * DAY)
          : dueEnd - Math.floor(1 + random() * 12 * DAY);
        onTime = late ? 0 : 1;
        firstSubmittedAt = submittedAt;
        lastSubmittedAt = submittedAt;
        currentVersionId = `ver-${id}-1`;
        versions.push({
          id: currentVersionId,
          obligation_id: id,
          version_no: 1,
          content: JSON.stringify({ s1: "Đã quán triệt Chỉ thị tới toàn thể đảng viên.", coverage: 93 }),
          submitted_by: null,
          submitted_at: submittedAt,
          on_time: onTime,
          receipt_no: `BN-${pad(++receipt, 7)}`,
        });
        const review = random();
        if (review < (closed ? 0.5 : 0.15)) {
          status = "accepted";
          acceptedAt = submittedAt + 2 * DAY;
          decisions.push({
            id: `rev-${id}-1`,
            obligation_id: id,
            version_id: currentVersionId,
            decision: "accepted",
            comments: null,
            reviewer_id: null,
            created_at: acceptedAt,
          });
        } else if (review > 0.95) {
          status = "returned";
          returnedAt = submittedAt + DAY;
          decisions.push({
            id: `rev-${id}-1`,
            obligation_id: id,
            version_id: currentVersionId,
            decision: "returned",
            comments: JSON.stringify({ general: "Đề nghị bổ sung số liệu tỷ lệ bao phủ." }),
            reviewer_id: null,
            created_at: returnedAt,
          });
        }
      }
      // The engine still chases what is open and not in: where it stands on the ladder at `now`.
      if (!closed && (status === "pending" || status === "draft" || status === "returned")) {
        const rungKey = `${effectiveDue}:${cycle}`;
        let rungs = rungCache.get(rungKey);
        if (!rungs) {
          rungs = ladderSchedule({ effectiveDueOn: effectiveDue, chaseCycle: cycle }, ladderSteps, calendar);
          rungCache.set(rungKey, rungs);
        }
        const past = rungs.filter((r) => r.scheduledAt <= now);
        const latest = past.length > 0 ? past[past.length - 1]!.scheduledAt : null;
        const due = latest !== null && random() < DUE_SHARE;
        // Due: the latest rung is not recorded yet. Up to date: everything up to now is.
        const recorded = due ? past.filter((r) => r.scheduledAt < latest) : past;
        const upcoming = rungs.find((r) => r.scheduledAt > now);
        nextActionAt = due ? latest : (upcoming?.scheduledAt ?? null);
        const secretary = secretaryOf.get(o.id as string)!;
        // History only where the next tick reads it (the due ones); one row per rung.
        for (const r of due ? recorded : []) {
          notifications.push({
            id: `n-${id}-${r.stepKey.replaceAll(":", "_")}`,
            idempotency_key: `obl:${id}:${r.stepKey.replace(/:[a-z]+$/, "")}:${secretary.id}`,
            person_id: secretary.id as string,
            to_address: secretary.email as string,
            template: r.template,
            subject: "Nhắc báo cáo",
            payload: "{}",
            obligation_id: id,
            step_key: r.stepKey,
            status: "sent",
            attempts: 1,
            next_attempt_at: null,
            provider_id: `hist-${notifications.length + 1}`,
            last_error: null,
            sent_at: r.scheduledAt,
            created_at: r.scheduledAt,
            updated_at: r.scheduledAt,
          });
        }
      }
      obligations.push({
        id,
        period_id: period.id,
        organisation_id: o.id as string,
        due_on: period.dueOn,
        extended_due_on: extendedDue,
        effective_due_on: effectiveDue,
        status,
        chase_cycle: cycle,
        policy_snapshot: policySnapshot,
        next_action_at: nextActionAt,
        first_submitted_at: firstSubmittedAt,
        last_submitted_at: lastSubmittedAt,
        on_time: onTime,
        accepted_at: acceptedAt,
        returned_at: returnedAt,
        current_version_id: currentVersionId,
        revision: 1,
        created_at: openedAt,
        updated_at: Math.max(openedAt, lastSubmittedAt ?? 0, acceptedAt ?? 0, returnedAt ?? 0),
      });
    }
  }

  const tables: TableRows[] = [
    { table: "organisations", rows: orgs },
    { table: "people", rows: people },
    { table: "memberships", rows: memberships },
    {
      table: "calendar_days",
      rows: VN_HOLIDAYS.map((d) => ({ day: d.day, kind: d.kind, name: d.name, source: d.source ?? null })),
    },
    {
      table: "documents",
      rows: documents.map((d) => registeredDocument(d as Parameters<typeof registeredDocument>[0])),
    },
    { table: "directives", rows: directives },
    { table: "report_forms", rows: forms },
    { table: "escalation_policies", rows: policies },
    { table: "escalation_steps", rows: steps },
    { table: "reporting_schedules", rows: schedules },
    { table: "periods", rows: periods },
    { table: "obligations", rows: obligations },
    { table: "report_versions", rows: versions },
    { table: "review_decisions", rows: decisions },
    { table: "extensions", rows: extensions },
    { table: "notifications", rows: notifications },
    { table: "digest_subscriptions", rows: digestSubscriptions },
  ];
  const firstCommune = communeRows[0]!;
  return {
    tables,
    refs: {
      rootId: "tw",
      provinceId: firstCommune.parent_id as string,
      communeId: firstCommune.id as string,
      closedPeriodId: SYNTHETIC_CLOSED_PERIOD_ID,
      openPeriodId: SYNTHETIC_OPEN_PERIOD_ID,
      // "xã Hòa Bình": matches the commune and the grassroots named after it, and its namesakes.
      searchTerm: (firstCommune.name as string).replace(/^Đảng ủy /, ""),
      now,
    },
    counts: Object.fromEntries(tables.map((t) => [t.table, t.rows.length])),
  };
}

function sqlLiteral(value: SqlValue): string {
  if (value === null) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return String(value);
  }
  return `'${value.replaceAll("'", "''")}'`;
}

function utf8Length(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) n += code >= 0x800 && (code < 0xd800 || code > 0xdfff) ? 2 : 1;
  }
  return n;
}

export interface SqlInsertOptions {
  /** Rows per INSERT statement. Default 200. */
  rowsPerStatement?: number;
  /** Upper bound on one statement's length in bytes (D1 limits statements to 100 KB). Default 90,000. */
  maxStatementBytes?: number;
}

/**
 * Multi-row INSERT statements (literal values, no bound parameters) for the tables in order,
 * each statement ending with ";\n". Statements stay under `maxStatementBytes`.
 */
export function toSqlStatements(tables: readonly TableRows[], options: SqlInsertOptions = {}): string[] {
  const maxRows = options.rowsPerStatement ?? 200;
  const maxBytes = options.maxStatementBytes ?? 90_000;
  const out: string[] = [];
  for (const { table, rows } of tables) {
    if (rows.length === 0) continue;
    const columns = Object.keys(rows[0]!);
    const head = `INSERT INTO ${table} (${columns.join(", ")}) VALUES\n`;
    let tuples: string[] = [];
    let bytes = utf8Length(head);
    const flush = () => {
      if (tuples.length > 0) out.push(`${head}${tuples.join(",\n")};\n`);
      tuples = [];
      bytes = utf8Length(head);
    };
    for (const row of rows) {
      const tuple = `(${columns.map((c) => sqlLiteral(row[c] ?? null)).join(", ")})`;
      const size = utf8Length(tuple) + 2;
      if (tuples.length >= maxRows || (tuples.length > 0 && bytes + size > maxBytes)) flush();
      tuples.push(tuple);
      bytes += size;
    }
    flush();
  }
  return out;
}

/** The whole data set as one SQL script of multi-row INSERTs (write it to a .sql file). */
export function toSqlInserts(tables: readonly TableRows[], options: SqlInsertOptions = {}): string {
  return toSqlStatements(tables, options).join("");
}
