import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { RollupRow } from "../../src/db/rollup-sql";
import { generateSynthetic, type Row, toSqlStatements } from "../../src/demo/synthetic";
import { createDevApp } from "../../src/dev-tools";

const data = generateSynthetic({ organisations: 400, seed: 3 });
const rowsOf = (table: string): Row[] => data.tables.find((t) => t.table === table)?.rows ?? [];
const { openPeriodId, closedPeriodId, provinceId } = data.refs;

beforeAll(async () => {
  for (const sql of toSqlStatements(data.tables)) await env.DB.prepare(sql).run();
});

/** The rollup computed independently from the generated rows (not from SQL). */
function expectedRollup(rootId: string, periodId: string): RollupRow[] {
  const orgs = rowsOf("organisations");
  const byId = new Map(orgs.map((o) => [o.id as string, o]));
  const children = orgs
    .filter((o) => o.parent_id === rootId)
    .sort(
      (a, b) =>
        (a.sort_order as number) - (b.sort_order as number) || String(a.id).localeCompare(String(b.id)),
    );
  return children.map((c) => {
    const inSubtree = rowsOf("obligations").filter(
      (o) =>
        o.period_id === periodId &&
        (byId.get(o.organisation_id as string)!.path as string).startsWith(c.path as string),
    );
    const submitted = inSubtree.filter((o) => o.first_submitted_at !== null);
    return {
      id: c.id as string,
      name: c.name as string,
      kind: c.kind as string,
      expected: inSubtree.length,
      submitted: submitted.length,
      on_time: submitted.filter((o) => o.on_time === 1).length,
      late: submitted.filter((o) => o.on_time === 0).length,
      missing: inSubtree.length - submitted.length,
    };
  });
}

async function getJson(path: string) {
  const res = await exports.default.fetch(`http://localhost${path}`);
  return { status: res.status, body: (await res.json()) as { rows: Record<string, unknown>[] } };
}

describe("bench-only dev routes", () => {
  it("rolls up obligations per direct child for the country and for a province", async () => {
    for (const [root, period] of [
      ["tw", openPeriodId],
      ["tw", closedPeriodId],
      [provinceId, openPeriodId],
    ] as const) {
      const { status, body } = await getJson(`/dev/bench/rollup?root=${root}&period=${period}`);
      expect(status).toBe(200);
      expect(body.rows).toEqual(expectedRollup(root, period));
    }
    const country = await getJson(`/dev/bench/rollup?root=tw&period=${openPeriodId}`);
    const total = country.body.rows.reduce((n, r) => n + (r.expected as number), 0);
    expect(total).toBe(rowsOf("obligations").filter((o) => o.period_id === openPeriodId).length);
    // The Commission and the central committees have nothing to report in this schedule.
    expect(country.body.rows.find((r) => r.id === "btgdv")).toMatchObject({ expected: 0, missing: 0 });
  });

  it("lists children with their child counts and finds organisations by name", async () => {
    const { body } = await getJson("/dev/bench/children?parent=tw");
    expect(body.rows).toHaveLength(41);
    const p01 = body.rows.find((r) => r.id === "p01");
    expect(p01?.child_count).toBe(rowsOf("organisations").filter((o) => o.parent_id === "p01").length);
    const search = await getJson(`/dev/bench/search?q=${encodeURIComponent(data.refs.searchTerm)}`);
    expect(search.body.rows.length).toBeGreaterThan(0);
    for (const r of search.body.rows) expect(String(r.name)).toContain(data.refs.searchTerm);
    // LIKE wildcards typed by the user match literally.
    expect((await getJson("/dev/bench/search?q=%25%25")).body.rows).toEqual([]);
  });

  it("rejects bad input with 422 and field errors", async () => {
    const res = await getJson("/dev/bench/rollup?root=TW;drop&period=");
    expect(res.status).toBe(422);
    const fields = (res.body as unknown as { error: { fields: { field: string }[] } }).error.fields;
    expect([...new Set(fields.map((f) => f.field))].sort()).toEqual(["period", "root"]);
  });

  it("does not exist in production", async () => {
    const production = {
      ...env,
      APP_ENV: "production",
      APP_URL: "https://example.vn",
      EMAIL_TRANSPORT: "resend",
      RESEND_API_KEY: "re_test",
      RESEND_WEBHOOK_SECRET: "whsec_test",
      SECRET_KEY: "p".repeat(40),
    };
    const res = await createDevApp().fetch(
      new Request(`http://localhost/dev/bench/rollup?root=tw&period=${openPeriodId}`),
      production,
    );
    expect(res.status).toBe(404);
  });
});
