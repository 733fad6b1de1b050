import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CapturedStatement } from "../../src/db/d1-capture";
import { generateSynthetic, type Row, toSqlStatements } from "../../src/demo/synthetic";
import { createDevApp } from "../../src/dev-tools";
import { demoSession } from "../support/demo-sessions";

const data = generateSynthetic({ organisations: 400, seed: 3 });
const rowsOf = (table: string): Row[] => data.tables.find((t) => t.table === table)?.rows ?? [];
const { openPeriodId, closedPeriodId, provinceId } = data.refs;
const pathOf = (id: string) => rowsOf("organisations").find((o) => o.id === id)!.path as string;

/** The national secretary (`bt-tw`, dashboard.read on the whole tree). */
let cookie: string;

beforeAll(async () => {
  for (const sql of toSqlStatements(data.tables)) await env.DB.prepare(sql).run();
  cookie = (await demoSession("bt-tw", Date.now())).cookie;
});

interface Capture {
  path: string;
  status: number;
  contentType: string | null;
  bytes: number;
  statements: CapturedStatement[];
}

async function capture(path: string, headers: Record<string, string> = { cookie }) {
  const res = await exports.default.fetch(`http://localhost/dev/bench/sql?path=${encodeURIComponent(path)}`, {
    headers,
  });
  return { status: res.status, body: (await res.json()) as Capture };
}

/** Expected and reported obligations per direct child, computed from the generated rows (not SQL). */
function expectedRollup(rootId: string, periodId: string) {
  const children = rowsOf("organisations").filter((o) => o.parent_id === rootId);
  const byId = new Map(rowsOf("organisations").map((o) => [o.id as string, o]));
  return Object.fromEntries(
    children.map((c) => {
      const inSubtree = rowsOf("obligations").filter(
        (o) =>
          o.period_id === periodId &&
          (byId.get(o.organisation_id as string)!.path as string).startsWith(c.path as string),
      );
      const reported = inSubtree.filter((o) => o.first_submitted_at !== null).length;
      return [c.id as string, { expected: inSubtree.length, reported }];
    }),
  );
}

const ROLLUP = "group by period_id, child_id";

describe("GET /dev/bench/sql: the statements a product path runs", () => {
  it("captures the dashboard's own SQL with its parameters, and those statements give the same rows again", async () => {
    for (const [org, period] of [
      ["tw", openPeriodId],
      ["tw", closedPeriodId],
      [provinceId, openPeriodId],
    ] as const) {
      const path = `/giam-sat?org=${org}&period=${period}&format=json`;
      const { status, body } = await capture(path);
      expect(status).toBe(200);
      expect(body.status).toBe(200);
      expect(body.contentType).toContain("application/json");
      const sqls = body.statements.map((s) => s.sql);
      // The clock read, the session lookup, then the dashboard's queries (monitoring.queries.ts).
      expect(sqls.some((s) => s.includes(`from "app_settings"`))).toBe(true);
      expect(sqls.some((s) => s.includes(`from "sessions" inner join "people"`))).toBe(true);
      const rollup = body.statements.find((s) => s.sql.includes(ROLLUP))!;
      expect(rollup.method).toBe("all");
      expect(rollup.params.slice(0, 2)).toEqual([pathOf(org), `${pathOf(org)}~`]);
      expect(JSON.parse(rollup.params[2] as string)).toContain(period);
      expect(rollup.params[4]).toBeNull();
      // Run again on the same database with the same parameters: the same number of rows.
      for (const s of body.statements) {
        if (s.method === "run" || s.method === "batch" || s.method === "exec") continue;
        const { results } = await env.DB.prepare(s.sql)
          .bind(...s.params)
          .all();
        expect(s.method === "first" ? Math.min(1, results.length) : results.length, s.sql).toBe(s.rows);
      }
      // What the dashboard answered with those statements is the rollup of the generated rows.
      const res = await exports.default.fetch(`http://localhost${path}`, { headers: { cookie } });
      const json = (await res.json()) as {
        children: { id: string; totals: { expected: number; reported: number } }[];
      };
      const want = expectedRollup(org, period);
      expect(json.children.map((c) => c.id).sort()).toEqual(Object.keys(want).sort());
      for (const c of json.children) {
        expect({ expected: c.totals.expected, reported: c.totals.reported }, c.id).toEqual(want[c.id]);
      }
    }
  });

  it("captures the HTML page (the figures plus what surrounds them) and the tree API", async () => {
    const json = await capture(`/giam-sat?org=tw&period=${openPeriodId}&format=json`);
    const html = await capture(`/giam-sat?org=tw&period=${openPeriodId}`, { cookie, accept: "text/html" });
    expect(html.body.status).toBe(200);
    expect(html.body.contentType).toContain("text/html");
    expect(html.body.bytes).toBeGreaterThan(json.body.bytes);
    const htmlSqls = new Set(html.body.statements.map((s) => s.sql));
    for (const s of json.body.statements) expect(htmlSqls.has(s.sql), s.sql).toBe(true);
    expect(html.body.statements.length).toBeGreaterThan(json.body.statements.length);

    const children = await capture("/api/organisations?parent=tw");
    expect(children.body.status).toBe(200);
    expect(children.body.statements.some((s) => s.sql.includes('from "organisations"'))).toBe(true);
  });

  it("reports what an anonymous request runs: the clock read, no dashboard query", async () => {
    const { status, body } = await capture(`/giam-sat?org=tw&period=${openPeriodId}&format=json`, {});
    expect(status).toBe(200);
    expect(body.status).toBe(401);
    expect(body.statements.some((s) => s.sql.includes(`from "app_settings"`))).toBe(true);
    expect(body.statements.some((s) => s.sql.includes(ROLLUP))).toBe(false);
  });

  it("rejects a path that is not a local path, or itself, with 422", async () => {
    for (const path of ["giam-sat", "//example.vn/x", "/dev/bench/sql?path=/healthz"]) {
      const res = await exports.default.fetch(
        `http://localhost/dev/bench/sql?path=${encodeURIComponent(path)}`,
      );
      expect(res.status, path).toBe(422);
      const body = (await res.json()) as { error: { fields: { field: string }[] } };
      expect(body.error.fields.map((f) => f.field)).toEqual(["path"]);
    }
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
    for (const path of ["/dev/bench/sql?path=/healthz", "/dev/bench/d1-stats"]) {
      const res = await createDevApp().fetch(new Request(`http://localhost${path}`), production);
      expect(res.status, path).toBe(404);
    }
  });
});
