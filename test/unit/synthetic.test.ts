import { describe, expect, it } from "vitest";
import {
  communeCount,
  DIGEST_RECIPIENTS,
  generateSynthetic,
  type Row,
  type SyntheticData,
  toSqlInserts,
  toSqlStatements,
} from "../../src/demo/synthetic";
import { buildValuesSchema, parseFormDefinition } from "../../src/domain/form";

const rowsOf = (data: SyntheticData, table: string): Row[] =>
  data.tables.find((t) => t.table === table)?.rows ?? [];

describe("synthetic national tree", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const a = generateSynthetic({ organisations: 1_000, seed: 7 });
    const b = generateSynthetic({ organisations: 1_000, seed: 7 });
    const c = generateSynthetic({ organisations: 1_000, seed: 8 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it("builds exactly the requested size with the national shape, and 3,321 communes at 60,000", () => {
    for (const size of [1_000, 10_000, 60_000]) {
      const data = generateSynthetic({ organisations: size });
      const orgs = rowsOf(data, "organisations");
      expect(orgs).toHaveLength(size);
      const byKind = (kind: string) => orgs.filter((o) => o.kind === kind).length;
      expect(byKind("secretariat")).toBe(1);
      expect(byKind("commission")).toBe(1);
      expect(byKind("provincial_committee")).toBe(34);
      expect(byKind("central_committee")).toBe(6);
      expect(byKind("commune")).toBe(communeCount(size));
      expect(byKind("grassroots")).toBe(size - 42 - communeCount(size));
    }
    expect(communeCount(60_000)).toBe(3_321);
    expect(communeCount(10_000)).toBe(554);
  });

  it("gives every organisation a valid id, a materialised path under its parent and its depth", () => {
    const orgs = rowsOf(generateSynthetic({ organisations: 2_000 }), "organisations");
    const byId = new Map(orgs.map((o) => [o.id, o]));
    expect(byId.size).toBe(orgs.length);
    for (const o of orgs) {
      expect(o.id).toMatch(/^[a-z0-9-]+$/);
      const parent = o.parent_id === null ? null : byId.get(o.parent_id);
      if (o.parent_id !== null) expect(parent).toBeDefined();
      expect(o.path).toBe(`${parent ? parent.path : "/"}${o.id}/`);
      expect(o.level).toBe(parent ? (parent.level as number) + 1 : 0);
      const hasPopulation = o.kind === "provincial_committee" || o.kind === "commune";
      expect(o.population !== null).toBe(hasPopulation);
    }
    expect(byId.get("p01-c0001")?.path).toBe("/tw/p01/p01-c0001/");
  });

  it("creates one obligation per reporting organisation per period with the intended mix", () => {
    const data = generateSynthetic({ organisations: 20_000 });
    const reporting = rowsOf(data, "organisations").filter(
      (o) => o.kind === "commune" || o.kind === "grassroots",
    );
    const obligations = rowsOf(data, "obligations");
    expect(obligations).toHaveLength(reporting.length * 2);
    const open = obligations.filter((o) => o.period_id === data.refs.openPeriodId);
    const share = (pred: (o: Row) => boolean) => open.filter(pred).length / open.length;
    const submitted = share((o) => o.first_submitted_at !== null);
    expect(submitted).toBeGreaterThan(0.67);
    expect(submitted).toBeLessThan(0.73);
    expect(share((o) => o.status === "draft")).toBeCloseTo(0.1, 1);
    expect(share((o) => o.status === "pending")).toBeCloseTo(0.2, 1);
    const onTimeOfSubmitted = share((o) => o.on_time === 1) / submitted;
    expect(onTimeOfSubmitted).toBeGreaterThan(0.77);
    expect(onTimeOfSubmitted).toBeLessThan(0.83);
    expect(share((o) => o.status === "returned")).toBeGreaterThan(0);
    expect(share((o) => o.status === "accepted")).toBeGreaterThan(0);
    // Extensions move the effective due date and start a new chase cycle.
    const extended = obligations.filter((o) => o.extended_due_on !== null);
    expect(extended.length).toBe(rowsOf(data, "extensions").length);
    expect(extended.length).toBeGreaterThan(0);
    for (const o of extended) {
      expect(o.effective_due_on).toBe(o.extended_due_on);
      expect(o.chase_cycle).toBe(1);
    }
    // Every submitted obligation points at its version; the engine chases only open obligations not (or no longer) in.
    const versions = new Set(rowsOf(data, "report_versions").map((v) => v.id));
    for (const o of obligations) {
      if (o.first_submitted_at !== null) expect(versions.has(o.current_version_id as string)).toBe(true);
      const chased =
        o.period_id === data.refs.openPeriodId &&
        ["pending", "draft", "returned"].includes(o.status as string);
      expect(o.next_action_at !== null).toBe(chased);
    }
  });

  it("writes multi-row INSERTs that stay under the statement size limit and escape quotes", () => {
    const data = generateSynthetic({ organisations: 1_000 });
    const statements = toSqlStatements(data.tables, { maxStatementBytes: 20_000, rowsPerStatement: 50 });
    for (const s of statements) {
      expect(new TextEncoder().encode(s).length).toBeLessThanOrEqual(20_000);
      expect(s).toMatch(/^INSERT INTO [a-z_]+ \(/);
    }
    const tuples = statements.reduce((n, s) => n + s.split("\n").length - 2, 0);
    const rows = data.tables.reduce((n, t) => n + t.rows.length, 0);
    expect(tuples).toBe(rows);
    const sql = toSqlInserts([{ table: "t", rows: [{ a: "it's", b: null, c: 3 }] }]);
    expect(sql).toBe("INSERT INTO t (a, b, c) VALUES\n('it''s', NULL, 3);\n");
  });
});

describe("synthetic engine state", () => {
  const data = generateSynthetic({ organisations: 6_000 });
  const now = Date.parse("2026-07-20T09:00:00+07:00");
  const obligations = rowsOf(data, "obligations");

  it("snapshots the default ladder as the engine does and seeds the Vietnamese calendar", () => {
    const steps = JSON.parse(obligations[0]!.policy_snapshot as string) as { offsetDays: number }[];
    expect(steps.map((s) => s.offsetDays)).toEqual([-7, -3, -1, 0, 1, 5, 5, 10]);
    expect(steps[0]).toEqual({ offsetDays: -7, audience: "reporters", template: "reminder_before" });
    expect(rowsOf(data, "calendar_days").some((d) => d.day === "2026-09-02" && d.kind === "off")).toBe(true);
  });

  it("gives about a sixth of the organisations a due step, with the earlier rungs recorded", () => {
    const due = obligations.filter((o) => o.next_action_at !== null && (o.next_action_at as number) <= now);
    const reporting = rowsOf(data, "organisations").filter(
      (o) => o.kind === "commune" || o.kind === "grassroots",
    );
    expect(due.length / reporting.length).toBeGreaterThan(0.14);
    expect(due.length / reporting.length).toBeLessThan(0.2);
    const history = rowsOf(data, "notifications");
    const byObligation = new Map<string, Row[]>();
    for (const n of history)
      byObligation.set(n.obligation_id as string, [
        ...(byObligation.get(n.obligation_id as string) ?? []),
        n,
      ]);
    for (const o of due) {
      expect(["pending", "draft", "returned"]).toContain(o.status);
      // Every recorded rung is older than the due one, and each was sent to a real secretary.
      const rows = byObligation.get(o.id as string) ?? [];
      expect(rows.length).toBeGreaterThan(0);
      for (const n of rows) expect(n.sent_at as number).toBeLessThan(o.next_action_at as number);
    }
    // Every organisation has a secretary, so the "reporters" and "superior" audiences resolve.
    const secretaries = new Set(
      rowsOf(data, "memberships")
        .filter((m) => m.role === "secretary")
        .map((m) => m.organisation_id),
    );
    for (const o of rowsOf(data, "organisations"))
      if (o.kind !== "commission") expect(secretaries.has(o.id)).toBe(true);
    // The ladder's "commission" audience is the staff of commissions: still the two of btgdv.
    const commissions = new Set(
      rowsOf(data, "organisations")
        .filter((o) => o.kind === "commission")
        .map((o) => o.id),
    );
    expect(
      rowsOf(data, "memberships").filter(
        (m) => m.role === "commission_staff" && commissions.has(m.organisation_id),
      ),
    ).toHaveLength(2);
  });

  it("has DIGEST_RECIPIENTS weekly digest recipients, in blocks per committee, at every size", () => {
    for (const size of [1_000, 10_000]) {
      const d = generateSynthetic({ organisations: size });
      const monitors = rowsOf(d, "memberships").filter(
        (m) => m.role === "commission_staff" || m.role === "commission_leader",
      );
      expect(new Set(monitors.map((m) => m.person_id)).size).toBe(DIGEST_RECIPIENTS);
      const subs = rowsOf(d, "digest_subscriptions");
      expect(subs).toHaveLength(DIGEST_RECIPIENTS - 3);
      for (const s of subs) expect([s.kind, s.enabled, s.weekday]).toEqual(["weekly_compliance", 1, 1]);
      // Sorted by id (the digest's batch order), followers of one committee are contiguous.
      const byId = monitors
        .filter((m) => (m.person_id as string).startsWith("dg-"))
        .sort((a, b) => (a.person_id as string).localeCompare(b.person_id as string));
      let switches = 0;
      for (let i = 1; i < byId.length; i++)
        if (byId[i]!.organisation_id !== byId[i - 1]!.organisation_id) switches++;
      expect(switches).toBe(39);
    }
  });

  it("stores a valid report form whose submitted contents pass its submit schema", () => {
    const form = parseFormDefinition(rowsOf(data, "report_forms")[0]!.definition as string);
    expect(form).not.toBeNull();
    const schema = buildValuesSchema(form!, "submit");
    for (const v of rowsOf(data, "report_versions").slice(0, 50))
      expect(schema.safeParse(JSON.parse(v.content as string)).success).toBe(true);
    expect(schema.safeParse({}).success).toBe(false);
  });
});
