/**
 * The SQL rollup against the pure `rollup` (the reference semantics): the same numbers on the
 * demo data, for several roots and every period, and on random generated trees.
 */
import { env } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { ObligationStatus } from "../../src/db/schema";
import { seedDemo } from "../../src/demo/seed";
import {
  aggregateIndicator,
  type ObligationFacts,
  type OrganisationFacts,
  type PeriodFacts,
  type RollupResult,
  rollup,
} from "../../src/domain/compliance";
import { indicatorRollup, lateAndMissing, loadOrgInfo, rollupSubtree } from "../../src/features/monitoring";
import { anObligation, anOrganisation, aPeriod } from "../support/builders";

const NOW = Date.UTC(2026, 10, 24, 3);

async function loadFacts(): Promise<{
  orgs: OrganisationFacts[];
  obligations: Map<string, ObligationFacts[]>;
}> {
  const { results: orgs } = await env.DB.prepare(
    "select id, parent_id as parentId, path, opened_on as openedOn, closed_on as closedOn, population from organisations order by sort_order",
  ).all<OrganisationFacts>();
  const { results: obs } = await env.DB.prepare(
    `select period_id, organisation_id as organisationId, status, due_on as dueOn, effective_due_on as effectiveDueOn,
       first_submitted_at as firstSubmittedAt, on_time as onTime from obligations`,
  ).all<ObligationFacts & { period_id: string; onTime: number | null }>();
  const byPeriod = new Map<string, ObligationFacts[]>();
  for (const o of obs) {
    const list = byPeriod.get(o.period_id) ?? [];
    list.push({ ...o, onTime: o.onTime === null ? null : o.onTime === 1 });
    byPeriod.set(o.period_id, list);
  }
  return { orgs, obligations: byPeriod };
}

async function periodFacts(id: string): Promise<PeriodFacts> {
  const p = await env.DB.prepare(
    "select cutoff_start as cutoffStart, cutoff_end as cutoffEnd, due_on as dueOn from periods where id = ?",
  )
    .bind(id)
    .first<PeriodFacts>();
  return p!;
}

function normalise(r: RollupResult | null | undefined) {
  if (!r) return r;
  return {
    root: r.root,
    self: r.self,
    children: Object.fromEntries(r.children.map((c) => [c.organisationId, c.totals])),
  };
}

describe("rollup in SQL", () => {
  beforeAll(async () => {
    await seedDemo(env.DB, NOW);
  });

  it("agrees with the pure rollup on the demo data for every period and several roots", async () => {
    const { orgs, obligations } = await loadFacts();
    const { results: periods } = await env.DB.prepare("select id from periods").all<{ id: string }>();
    expect(periods.length).toBeGreaterThan(3);
    let nonEmpty = 0;
    for (const root of ["tw", "hn", "ct", "mttq", "hn-hoankiem", "btgdv"]) {
      const info = await loadOrgInfo(env.DB, root);
      const sql = await rollupSubtree(
        env.DB,
        info!,
        periods.map((p) => p.id),
        NOW,
      );
      for (const { id } of periods) {
        const pure = rollup(orgs, obligations.get(id) ?? [], root, {
          period: await periodFacts(id),
          now: NOW,
        });
        expect(normalise(sql.get(id)), `${root} ${id}`).toEqual(normalise(pure));
        if ((pure?.root.expected ?? 0) > 0) nonEmpty++;
      }
    }
    // The comparison covered real data: the 40 committees and Hà Nội's communes.
    expect(nonEmpty).toBeGreaterThan(5);
    const tw = await rollupSubtree(env.DB, (await loadOrgInfo(env.DB, "tw"))!, ["sch-52-6m-2026-h2"], NOW);
    expect(tw.get("sch-52-6m-2026-h2")?.root.expected).toBe(40);
  });

  it("computes the rates as they were at an earlier instant from first_submitted_at", async () => {
    const { orgs, obligations } = await loadFacts();
    const asOf = NOW - 7 * 86_400_000;
    const periodId = "sch-52-6m-2026-h2";
    const obs = (obligations.get(periodId) ?? []).map((o) =>
      o.firstSubmittedAt !== null && o.firstSubmittedAt >= asOf
        ? { ...o, firstSubmittedAt: null, status: "pending" as ObligationStatus }
        : o,
    );
    const pure = rollup(orgs, obs, "tw", { period: await periodFacts(periodId), now: asOf });
    const sql = await rollupSubtree(env.DB, (await loadOrgInfo(env.DB, "tw"))!, [periodId], NOW, { asOf });
    expect(sql.get(periodId)?.root.reported).toBe(pure?.root.reported);
    expect(sql.get(periodId)?.root.onTime).toBe(pure?.root.onTime);
  });

  it("lists late and missing obligations consistent with the counts", async () => {
    const root = (await loadOrgInfo(env.DB, "tw"))!;
    const { results } = await env.DB.prepare("select id from periods").all<{ id: string }>();
    for (const { id } of results) {
      const totals = (await rollupSubtree(env.DB, root, [id], NOW)).get(id)!.root;
      const rows = await lateAndMissing(env.DB, root, id, NOW);
      expect(rows.filter((r) => r.missing).length, id).toBe(totals.overdueMissing);
      expect(rows.filter((r) => !r.missing).length, id).toBe(totals.late);
    }
  });

  it("aggregates indicators like aggregateIndicator over the reports' values", async () => {
    const periodId = "sch-52-6m-2026-h1";
    const { results } = await env.DB.prepare(
      `select o.organisation_id, org.population, iv.value from obligations o
       join organisations org on org.id = o.organisation_id
       join indicator_values iv on iv.version_id = o.current_version_id and iv.indicator_id = 'ind-coverage'
       where o.period_id = ? and o.status in ('submitted','accepted')`,
    )
      .bind(periodId)
      .all<{ organisation_id: string; population: number | null; value: number }>();
    expect(results.length).toBeGreaterThan(3);
    const expected = aggregateIndicator(
      results.map((r) => ({ organisationId: r.organisation_id, value: r.value, population: r.population })),
      "weighted_avg",
    );
    const got = (await indicatorRollup(env.DB, (await loadOrgInfo(env.DB, "tw"))!, [periodId], NOW)).get(
      periodId,
    )!;
    expect(got.total.coverage.value).toBeCloseTo(expected.value!, 9);
    expect(got.total.coverage.included).toBe(expected.included);
  });
});

const STATUSES: ObligationStatus[] = ["pending", "draft", "submitted", "returned", "accepted", "waived"];
const DAY = 86_400_000;

describe("rollup in SQL on generated trees", () => {
  it("agrees with the pure rollup (property)", async () => {
    let run = 0;
    const orgArb = fc.record({
      parent: fc.nat(),
      opened: fc.constantFrom<string | null>(null, "2025-01-01", "2026-07-01", "2027-03-01"),
      closed: fc.constantFrom<string | null>(null, null, "2026-05-01", "2026-10-01"),
      ob: fc.option(
        fc.record({
          status: fc.constantFrom(...STATUSES),
          submittedDayOffset: fc.option(fc.integer({ min: -5, max: 8 })),
          extended: fc.boolean(),
          onTime: fc.option(fc.boolean()),
        }),
        { freq: 5 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(orgArb, { minLength: 1, maxLength: 40 }),
        fc.nat(),
        async (spec, rootPick) => {
          run++;
          const prefix = `g${run}x`;
          // Node 0 hangs under "tw"; node i's parent is one of the earlier nodes (or node 0).
          const nodes: OrganisationFacts[] = [];
          spec.forEach((s, i) => {
            const id = `${prefix}-${i}`;
            const parent = i === 0 ? null : nodes[s.parent % i]!;
            nodes.push({
              id,
              parentId: parent ? parent.id : "tw",
              path: parent ? `${parent.path}${id}/` : `/tw/${id}/`,
              openedOn: s.opened,
              closedOn: s.closed,
            });
          });
          const periodId = `sch-52-6m-${prefix}`;
          const period: PeriodFacts = {
            cutoffStart: "2026-06-15",
            cutoffEnd: "2026-12-14",
            dueOn: "2026-12-20",
          };
          const dueEnd = Date.UTC(2026, 11, 20, 17);
          const obligations: ObligationFacts[] = [];
          spec.forEach((s, i) => {
            if (!s.ob) return;
            const effectiveDueOn = s.ob.extended ? "2026-12-27" : "2026-12-20";
            const reportedStatus = ["submitted", "returned", "accepted"].includes(s.ob.status);
            const first =
              s.ob.submittedDayOffset !== null && (reportedStatus || s.ob.status === "draft")
                ? dueEnd + s.ob.submittedDayOffset * DAY - 1
                : null;
            obligations.push({
              organisationId: nodes[i]!.id,
              status: s.ob.status,
              dueOn: "2026-12-20",
              effectiveDueOn,
              firstSubmittedAt: first,
              onTime: s.ob.onTime,
            });
          });
          const stmts: D1PreparedStatement[] = [
            aPeriod({
              id: periodId,
              scheduleId: "sch-52-6m",
              key: prefix,
              label: "gen",
              ...period,
              opensOn: "2026-11-14",
            }),
            ...nodes.map((n, i) =>
              anOrganisation({
                id: n.id,
                code: n.id,
                name: n.id,
                kind: "committee",
                parentPath: n.path.slice(0, n.path.length - n.id.length - 1),
                openedOn: n.openedOn,
                closedOn: n.closedOn,
                sortOrder: i,
              }),
            ),
            ...obligations.map((o) =>
              anObligation({
                id: `o_${periodId}_${o.organisationId}`,
                periodId,
                organisationId: o.organisationId,
                dueOn: o.dueOn,
                effectiveDueOn: o.effectiveDueOn,
                status: o.status,
                policySnapshot: "[]",
                firstSubmittedAt: o.firstSubmittedAt,
                onTime: o.onTime,
              }),
            ),
          ];
          await env.DB.batch(stmts);
          const root = nodes[rootPick % nodes.length]!;
          for (const now of [Date.UTC(2026, 11, 1), Date.UTC(2026, 11, 24)]) {
            const pure = rollup(nodes, obligations, root.id, { period, now });
            const sql = await rollupSubtree(env.DB, root, [periodId], now);
            expect(normalise(sql.get(periodId))).toEqual(normalise(pure));
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});
