/**
 * Hostile input: property-based tests that throw malformed, oversized, wrongly typed and
 * injection-laden payloads at every JSON route and every form route, as the admin (the strongest
 * role, so validation is what stops them) with valid CSRF tokens. Every answer must be a clear
 * 4xx (never a 5xx) and nothing may be written.
 */
import { env } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type * as z from "zod";
import { buildValuesSchema, DIRECTIVE_52_FORM } from "../../src/domain/form";
import {
  grantSchema,
  membershipListQuery,
  signinRequestSchema,
  tokenCreateSchema,
} from "../../src/features/auth";
import { createDocSchema, newTaskSchema, patchTaskSchema, planSchema } from "../../src/features/directives";
import {
  createSchema as orgCreateSchema,
  listQuery as orgListQuery,
  patchSchema as orgPatchSchema,
} from "../../src/features/organisations";
import { draftBody } from "../../src/features/reporting";
import { extensionSchema, reviewSchema } from "../../src/features/review";
import { scheduleSchema } from "../../src/features/schedules";
import { call, type Session } from "../support/auth-fixtures";
import { DEMO_NOW, demoWithSessions } from "../support/demo-sessions";

// ------------------------------------------------------------------------------ hostile values

const XSS = "<script>alert(1)</script>";
const XSS_ATTR = '"><img src=x onerror=alert(1)>';
const SQL = "'; drop table organisations; --";
const HUGE = "Đảng ủy ".repeat(15_000); // ~120 KB
const HN_PRECOMPOSED = "Hà Nội";
const HN_COMBINING = "Ha\u0300 Nô\u0323i";
const ZERO_WIDTH = "\u200B\uFEFFHà\u200BNội\uFEFF";
const LONG_NAME = `Đảng ủy xã ${"Nguyễn Thị Phượng ".repeat(40)}`;

const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    XSS,
    XSS_ATTR,
    SQL,
    HUGE,
    HN_PRECOMPOSED,
    HN_COMBINING,
    ZERO_WIDTH,
    LONG_NAME,
    "",
    " ",
    "\u0000",
    "..%2F..%2Fetc%2Fpasswd",
    "1e400",
    "-1",
    "NaN",
    "2026-02-30",
    "null",
  ),
  fc.string({ maxLength: 40 }),
  fc.tuple(fc.constantFrom(XSS, XSS_ATTR, SQL, HN_COMBINING), fc.string()).map(([a, b]) => a + b),
);

/** A value of the wrong type for any field (an object or array is never a valid string, number or enum). */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 3 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { minLength: 2, maxLength: 4 }),
  fc.boolean(),
  fc.constant(null),
  fc.double(),
  hostileString,
);

/** Malformed bodies: random JSON, the right keys with wrong types, the right keys with hostile strings. */
function hostileBody(keys: readonly string[]): fc.Arbitrary<unknown> {
  const withKeys = (v: fc.Arbitrary<unknown>) =>
    fc.record(Object.fromEntries(keys.map((k) => [k, v])) as Record<string, fc.Arbitrary<unknown>>, {
      requiredKeys: [],
    });
  return fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    withKeys(wrongType),
    withKeys(hostileString),
    fc.constant(HUGE),
    fc.constant({ [keys[0] ?? "x"]: HUGE }),
  );
}

/** Every id in the seeded database, filled in `beforeAll`. */
const knownIds = new Set<string>();

/** Path segments that are not ids (already percent-encoded where needed). */
const hostileId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "..%2F..%2Fetc",
    "..%2F",
    "%2E%2E",
    encodeURIComponent(XSS),
    encodeURIComponent(XSS_ATTR),
    encodeURIComponent(SQL),
    encodeURIComponent(HN_COMBINING),
    encodeURIComponent(ZERO_WIDTH),
    "x".repeat(5000),
    "%00",
    "0",
    "-1",
    "%F0%9F%92%A9",
  ),
  // A short random string can be a real id ("ca" is Cà Mau's): those would rightly act, so skip them.
  fc
    .string({ minLength: 1, maxLength: 30 })
    .filter((s) => !knownIds.has(s))
    .map(encodeURIComponent),
);

// ------------------------------------------------------------------------------ "nothing written"

/**
 * Tables whose changes are legitimate on a refused request: `audit_events` (refusals may be
 * audited), `rate_limits` (every sign-in attempt counts) and `sessions.last_seen_at` (touched on
 * each request by the session middleware). `_cf_*`/`d1_migrations` belong to D1.
 */
const EXCLUDED = new Set(["audit_events", "rate_limits", "d1_migrations", "sqlite_sequence"]);

let tables: string[] = [];

async function counts(): Promise<string> {
  // Scalar subqueries, not a compound select (D1 caps the number of compound terms).
  const sql = `select ${tables.map((t, i) => `(select count(*) from "${t}") as c${i}`).join(", ")}`;
  const row = await env.DB.prepare(sql).first<Record<string, number>>();
  return tables.map((t, i) => `${t}=${row?.[`c${i}`]}`).join(",");
}

/** The tables whose row counts differ, as "table: before -> after". */
function changedTables(before: string, after: string): string[] {
  const was = new Map(before.split(",").map((kv) => kv.split("=") as [string, string]));
  return after
    .split(",")
    .map((kv) => kv.split("=") as [string, string])
    .filter(([t, n]) => was.get(t) !== n)
    .map(([t, n]) => `${t}: ${was.get(t)} -> ${n}`);
}

/** A hash of every row of every table (sessions without last_seen_at). */
async function fingerprint(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of tables) {
    const { results } = await env.DB.prepare(`select * from "${t}" order by rowid`).all<
      Record<string, unknown>
    >();
    const rows = t === "sessions" ? results.map(({ last_seen_at: _l, ...rest }) => rest) : results;
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(rows)));
    out[t] =
      `${rows.length}:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  }
  return out;
}

// ------------------------------------------------------------------------------ assertions

/** Reports a failure with the counterexample cut short (some inputs are 120 KB). */
function shortReport<T>(out: fc.RunDetails<T>): void {
  if (!out.failed) return;
  const example = JSON.stringify(out.counterexample)?.slice(0, 400);
  const cause = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
  throw new Error(`failed after ${out.numRuns} runs on ${example}: ${cause.slice(0, 1500)}`);
}

let admin: Session;

interface Answer {
  status: number;
  text: string;
  type: string;
}

async function send(
  method: string,
  path: string,
  init: { json?: unknown; form?: Record<string, string> },
): Promise<Answer> {
  const res = await call(method, path, {
    session: admin,
    json: init.json,
    form: init.form,
    html: !!init.form,
  });
  return { status: res.status, text: await res.text(), type: res.headers.get("content-type") ?? "" };
}

async function rawCall(method: string, path: string, body: string, contentType = "application/json") {
  const { exports } = await import("cloudflare:workers");
  return exports.default.fetch(`http://localhost${path}`, {
    method,
    headers: { cookie: admin.cookie, "x-csrf-token": admin.csrf, "content-type": contentType },
    body,
    redirect: "manual",
  });
}

function expectClientError(a: Answer, what: string) {
  // The admin holds every right and sends a valid CSRF token: a 403 would hide the validation.
  expect(a.status, `${what} -> ${a.status}: ${a.text.slice(0, 300)}`).not.toBe(403);
  expect(a.status, `${what} -> ${a.status}: ${a.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(a.status, `${what} -> ${a.status}: ${a.text.slice(0, 300)}`).toBeLessThan(500);
  if (a.type.includes("application/json")) {
    const body = JSON.parse(a.text) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code, what).toBe("string");
    expect(typeof body.error?.message, what).toBe("string");
    expect(String(body.error?.message ?? "").length, what).toBeGreaterThan(0);
  } else {
    expect(a.type, what).toContain("text/html");
    // An error page in Vietnamese, with the hostile input (if echoed) escaped.
    expect(a.text, what).not.toContain(XSS);
    expect(a.text, what).not.toContain("<img src=x");
  }
}

/** Runs a property over one route: each run must be refused, and nothing may change. */
async function refusesAll<T>(
  name: string,
  arb: fc.Arbitrary<T>,
  run: (v: T) => Promise<Answer>,
  numRuns = 20,
) {
  const before = await fingerprint();
  const beforeCounts = await counts();
  await fc.assert(
    fc.asyncProperty(arb, async (v) => {
      const a = await run(v);
      expectClientError(a, `${name} with ${JSON.stringify(v)?.slice(0, 200)}`);
      expect(changedTables(beforeCounts, await counts()), name).toEqual([]);
    }),
    { numRuns, reporter: shortReport },
  );
  expect(await fingerprint(), name).toEqual(before);
}

// ------------------------------------------------------------------------------ the routes

const OPEN_OBLIGATION = "o_sch-52-6m-2026-h2_hue"; // a draft in the current period
const SUBMITTED_OBLIGATION = "o_sch-52-6m-2025-h2_ca";

/** A filter: only payloads the route's own schema refuses (a valid one would rightly be saved). */
const invalidFor = (schema: z.ZodType) => (v: unknown) => !schema.safeParse(v).success;

interface JsonBodyRoute {
  method: string;
  path: string;
  keys: readonly string[];
  invalid: (v: unknown) => boolean;
  /** Same route with a hostile id in place of `{id}`. */
  idPath?: (id: string) => string;
}

const draftValues = buildValuesSchema(DIRECTIVE_52_FORM, "draft");
const submitValues = buildValuesSchema(DIRECTIVE_52_FORM, "submit");

const JSON_ROUTES: JsonBodyRoute[] = [
  {
    method: "POST",
    path: "/api/auth/signin-request",
    keys: ["email", "next"],
    invalid: invalidFor(signinRequestSchema),
  },
  {
    method: "POST",
    path: "/api/memberships",
    keys: ["personId", "email", "organisationId", "role", "reason"],
    invalid: invalidFor(grantSchema),
  },
  {
    method: "POST",
    path: "/api/organisations/hn/tokens",
    keys: ["name", "role", "expiresInDays"],
    invalid: invalidFor(tokenCreateSchema),
    idPath: (id) => `/api/organisations/${id}/tokens`,
  },
  {
    method: "POST",
    path: "/api/organisations",
    keys: ["code", "name", "kind", "parentId", "email", "phone", "population", "openedOn"],
    invalid: invalidFor(orgCreateSchema),
  },
  {
    method: "PATCH",
    path: "/api/organisations/hn",
    keys: ["parentId", "closedOn", "name", "email", "phone", "population"],
    invalid: invalidFor(orgPatchSchema),
    idPath: (id) => `/api/organisations/${id}`,
  },
  {
    method: "POST",
    path: "/api/directives/ct52/documents",
    keys: ["number", "docType", "issuer", "issuedOn", "title", "parentDocumentId", "organisationId"],
    invalid: invalidFor(createDocSchema),
    idPath: (id) => `/api/directives/${id}/documents`,
  },
  {
    method: "POST",
    path: "/api/plans",
    keys: ["organisationId", "directiveId", "documentNumber", "documentDate", "title"],
    invalid: invalidFor(planSchema),
  },
  {
    method: "POST",
    path: "/api/plans/plan-byt/tasks",
    keys: ["sectionId", "title", "owner", "startOn", "dueOn", "progress", "completedOn", "notes"],
    invalid: invalidFor(newTaskSchema),
    idPath: (id) => `/api/plans/${id}/tasks`,
  },
  {
    method: "PATCH",
    path: "/api/tasks/plan-byt-t1",
    keys: ["title", "owner", "dueOn", "progress", "notes", "revision"],
    invalid: invalidFor(patchTaskSchema),
    idPath: (id) => `/api/tasks/${id}`,
  },
  {
    method: "POST",
    path: "/api/schedules",
    keys: ["name", "frequency", "formId", "organisationIds", "firstPeriodStartsOn", "dueDays", "policyId"],
    invalid: invalidFor(scheduleSchema),
  },
  {
    method: "PUT",
    path: "/api/schedules/sch-52-6m",
    keys: ["name", "frequency", "formId", "organisationIds", "dueDays"],
    invalid: invalidFor(scheduleSchema),
    idPath: (id) => `/api/schedules/${id}`,
  },
  {
    method: "POST",
    path: "/api/schedules/preview",
    keys: ["name", "frequency", "dueDays"],
    invalid: invalidFor(scheduleSchema),
  },
  {
    method: "PUT",
    path: `/api/obligations/${OPEN_OBLIGATION}/draft`,
    keys: ["values", "baseRevision"],
    invalid: (v) => {
      const b = draftBody.safeParse(v);
      return !b.success || !draftValues.safeParse(b.data.values).success;
    },
    idPath: (id) => `/api/obligations/${id}/draft`,
  },
  {
    method: "POST",
    path: `/api/obligations/${OPEN_OBLIGATION}/submit`,
    keys: ["values"],
    // Without `values` the saved draft is submitted (by design): only bodies with bad values.
    invalid: (v) =>
      typeof v === "object" && v !== null && !Array.isArray(v) && "values" in v
        ? !submitValues.safeParse((v as { values: unknown }).values).success
        : typeof v !== "object" || v === null || Array.isArray(v),
    idPath: (id) => `/api/obligations/${id}/submit`,
  },
  {
    method: "POST",
    path: `/api/obligations/${SUBMITTED_OBLIGATION}/review`,
    keys: ["decision", "comments", "reason"],
    invalid: invalidFor(reviewSchema),
    idPath: (id) => `/api/obligations/${id}/review`,
  },
  {
    method: "POST",
    path: `/api/obligations/${OPEN_OBLIGATION}/extension`,
    keys: ["newDueOn", "reason"],
    invalid: invalidFor(extensionSchema),
    idPath: (id) => `/api/obligations/${id}/extension`,
  },
];

/** Routes whose only input is the id in the path (a valid id would rightly act). */
const ID_ONLY_ROUTES: { method: string; path: (id: string) => string }[] = [
  { method: "DELETE", path: (id) => `/api/memberships/${id}` },
  { method: "DELETE", path: (id) => `/api/tokens/${id}` },
  { method: "DELETE", path: (id) => `/api/tasks/${id}` },
  { method: "GET", path: (id) => `/api/obligations/${id}` },
  { method: "GET", path: (id) => `/api/obligations/${id}/versions` },
  { method: "GET", path: (id) => `/api/organisations/${id}` },
  { method: "GET", path: (id) => `/api/organisations/${id}/tokens` },
  { method: "GET", path: (id) => `/api/plans/${id}` },
  { method: "GET", path: (id) => `/api/schedules/${id}` },
  { method: "GET", path: (id) => `/api/directives/${id}` },
  // Form routes with an id in the path.
  { method: "POST", path: (id) => `/to-chuc/${id}/cap-nhat` },
  { method: "POST", path: (id) => `/chi-thi/${id}/van-ban` },
  { method: "POST", path: (id) => `/ke-hoach/${id}/tao` },
  { method: "POST", path: (id) => `/ke-hoach/${id}/nhiem-vu` },
  { method: "POST", path: (id) => `/ke-hoach/nhiem-vu/${id}` },
  { method: "POST", path: (id) => `/ke-hoach/nhiem-vu/${id}/xoa` },
  { method: "POST", path: (id) => `/bao-cao/${id}/nhap` },
  { method: "POST", path: (id) => `/bao-cao/${id}/nop` },
  { method: "POST", path: (id) => `/bao-cao/${id}/gia-han` },
  { method: "POST", path: (id) => `/bao-cao/${id}/tep` },
  { method: "POST", path: (id) => `/duyet/${id}/tiep-nhan` },
  { method: "POST", path: (id) => `/duyet/${id}/tra-lai` },
  { method: "POST", path: (id) => `/duyet/${id}/mo-lai` },
  { method: "POST", path: (id) => `/giam-sat/nhac/${id}` },
  { method: "POST", path: (id) => `/quan-tri/vai-tro/${id}/thu-hoi` },
  { method: "GET", path: (id) => `/to-chuc/${id}/khoa-api` },
  { method: "POST", path: (id) => `/to-chuc/${id}/khoa-api` },
  { method: "GET", path: (id) => `/to-chuc/hn/khoa-api/${id}/thu-hoi` },
  { method: "POST", path: (id) => `/to-chuc/hn/khoa-api/${id}/thu-hoi` },
  { method: "GET", path: (id) => `/dang-nhap/xac-nhan?token=${id}` },
  { method: "POST", path: (id) => `/dang-nhap/xac-nhan?token=${id}` },
  { method: "POST", path: (id) => `/lich-bao-cao/${id}` },
  { method: "POST", path: (id) => `/tong-hop/${id}` },
];

/** Form routes: field names, and a field whose hostile value can never be valid (a date, enum or id). */
const FORM_ROUTES: { path: string; fields: string[]; breaker: string }[] = [
  { path: "/dang-nhap", fields: ["next"], breaker: "email" },
  { path: "/quan-tri/vai-tro", fields: ["email", "reason"], breaker: "role" },
  { path: "/to-chuc/hn/khoa-api", fields: ["name", "expiresInDays"], breaker: "role" },
  { path: "/dang-nhap/xac-nhan", fields: ["next"], breaker: "token" },
  { path: "/to-chuc/moi", fields: ["name", "email", "phone", "parentId"], breaker: "kind" },
  { path: "/to-chuc/hn/cap-nhat", fields: ["name", "phone", "email"], breaker: "closedOn" },
  { path: "/chi-thi/ct52/van-ban", fields: ["issuer", "title", "organisationId"], breaker: "issuedOn" },
  { path: "/ke-hoach/hn/tao", fields: ["title", "documentNumber"], breaker: "documentDate" },
  { path: "/ke-hoach/plan-byt/nhiem-vu", fields: ["title", "owner", "notes"], breaker: "dueOn" },
  { path: "/ke-hoach/nhiem-vu/plan-byt-t1", fields: ["title", "owner", "notes"], breaker: "dueOn" },
  { path: "/cai-dat/thong-bao", fields: ["weekly", "morning"], breaker: "weekday" },
  { path: `/bao-cao/${OPEN_OBLIGATION}/gia-han`, fields: ["reason"], breaker: "newDueOn" },
  { path: `/duyet/${SUBMITTED_OBLIGATION}/tra-lai`, fields: ["reason"], breaker: "decision" },
  { path: "/lich-bao-cao", fields: ["name", "organisationIds"], breaker: "frequency" },
  { path: "/lich-bao-cao/sch-52-6m", fields: ["name"], breaker: "frequency" },
  { path: "/tong-hop", fields: ["period"], breaker: "org" },
  { path: "/huy-dang-ky", fields: ["p", "token"], breaker: "k" },
];

/** GET routes with query parameters: refused when the route's schema refuses the query, never a 5xx. */
const QUERY_ROUTES: { path: string; keys: string[]; schema?: z.ZodType }[] = [
  { path: "/api/organisations", keys: ["parent", "q", "cursor", "limit"], schema: orgListQuery },
  { path: "/api/organisations.csv", keys: ["parent"] },
  { path: "/api/memberships", keys: ["organisationId", "personId", "q"], schema: membershipListQuery },
  { path: "/api/directives/ct52", keys: ["under"] },
  { path: "/giam-sat", keys: ["period", "org", "status", "q"] },
  { path: "/duyet", keys: ["ky", "trang_thai"] },
  { path: "/to-chuc/tim", keys: ["q"] },
];

// ------------------------------------------------------------------------------ the tests

beforeAll(async () => {
  ({ admin } = await demoWithSessions(DEMO_NOW, { admin: "p-admin" }));
  const { results } = await env.DB.prepare(
    "select name from sqlite_master where type = 'table' and name not like '\\_cf%' escape '\\' and name not like 'sqlite%'",
  ).all<{ name: string }>();
  tables = results.map((r) => r.name).filter((t) => !EXCLUDED.has(t));
  for (const t of tables) {
    const columns = await env.DB.prepare(`select name from pragma_table_info('${t}')`).all<{
      name: string;
    }>();
    if (!columns.results.some((c) => c.name === "id")) continue;
    const ids = await env.DB.prepare(`select id from "${t}"`).all<{ id: unknown }>();
    for (const { id } of ids.results) knownIds.add(String(id));
  }
  expect(knownIds.has("ca")).toBe(true);
  expect(tables).toContain("organisations");
});

describe("JSON routes refuse malformed bodies", () => {
  for (const r of JSON_ROUTES) {
    it(`${r.method} ${r.path}`, async () => {
      await refusesAll(
        `${r.method} ${r.path}`,
        hostileBody(r.keys).filter(r.invalid),
        (json) => send(r.method, r.path, { json }),
        20,
      );
      // Not JSON at all.
      await refusesAll(
        `${r.method} ${r.path} (raw)`,
        fc
          .oneof(fc.constantFrom("{", '{"a":', "<xml/>", `{"x": "${XSS}"`, HUGE), fc.string({ minLength: 1 }))
          .filter((s) => {
            try {
              return r.invalid(JSON.parse(s));
            } catch {
              return true;
            }
          }),
        async (raw) => {
          const res = await rawCall(r.method, r.path, raw);
          return { status: res.status, text: await res.text(), type: res.headers.get("content-type") ?? "" };
        },
        8,
      );
      const idPath = r.idPath;
      if (idPath) {
        await refusesAll(
          `${r.method} ${idPath("{id}")}`,
          fc.tuple(hostileId, hostileBody(r.keys)),
          ([id, json]) => send(r.method, idPath(id), { json }),
          10,
        );
      }
    });
  }
});

describe("routes refuse ids that are not ids", () => {
  it("every route with an id in its path answers 4xx, writes nothing", async () => {
    for (const r of ID_ONLY_ROUTES) {
      await refusesAll(
        `${r.method} ${r.path("{id}")}`,
        hostileId,
        (id) => send(r.method, r.path(id), r.method === "POST" ? { form: { reason: XSS } } : {}),
        10,
      );
    }
    // ~10 routes × 10 runs: over 20 s alone on the shared 2-core machine, so above the default 30 s under load.
  }, 120_000);
});

describe("form routes refuse hostile forms", () => {
  for (const r of FORM_ROUTES) {
    it(`POST ${r.path}`, async () => {
      const arb = fc.record({
        fields: fc.record(
          Object.fromEntries(r.fields.map((f) => [f, hostileString])) as Record<string, fc.Arbitrary<string>>,
        ),
        // Blank is "not given" (an optional date left empty clears it), so it cannot break a form.
        breaker: hostileString.filter((s) => s.trim() !== ""),
      });
      await refusesAll(
        `POST ${r.path}`,
        arb,
        ({ fields, breaker }) => send("POST", r.path, { form: { ...fields, [r.breaker]: breaker } }),
        15,
      );
    });
  }

  it("POST /nhap-du-lieu and the CSV import API refuse broken CSV", async () => {
    const csv = fc.oneof(
      hostileString,
      fc
        .array(fc.array(hostileString, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 })
        .map((rows) => `code,name,kind,parent_code\n${rows.map((r) => r.join(",")).join("\n")}`),
      fc.constant(`code,name,kind,parent_code\nX1,${XSS},not_a_kind,${SQL}`),
    );
    await refusesAll(
      "POST /api/imports/organisations",
      csv,
      async (text) => {
        const res = await rawCall("POST", "/api/imports/organisations", text, "text/csv");
        return { status: res.status, text: await res.text(), type: res.headers.get("content-type") ?? "" };
      },
      15,
    );
    await refusesAll(
      "POST /api/imports/people",
      csv,
      async (text) => {
        const res = await rawCall("POST", "/api/imports/people", text, "text/csv");
        return { status: res.status, text: await res.text(), type: res.headers.get("content-type") ?? "" };
      },
      10,
    );
    await refusesAll(
      "POST /nhap-du-lieu",
      csv,
      async (text) => {
        const form = new FormData();
        form.set("_csrf", admin.csrf);
        form.set("kind", "organisations");
        form.set("file", new File([text], "x.csv", { type: "text/csv" }));
        const { exports } = await import("cloudflare:workers");
        const res = await exports.default.fetch("http://localhost/nhap-du-lieu", {
          method: "POST",
          headers: { cookie: admin.cookie, accept: "text/html" },
          body: form,
          redirect: "manual",
        });
        return { status: res.status, text: await res.text(), type: res.headers.get("content-type") ?? "" };
      },
      10,
    );
  });
});

describe("GET routes with hostile query parameters", () => {
  for (const r of QUERY_ROUTES) {
    it(`GET ${r.path}`, async () => {
      const before = await fingerprint();
      await fc.assert(
        fc.asyncProperty(
          fc.record(
            Object.fromEntries(r.keys.map((k) => [k, hostileString])) as Record<string, fc.Arbitrary<string>>,
            {
              requiredKeys: [],
            },
          ),
          async (query) => {
            const qs = new URLSearchParams(query as Record<string, string>).toString();
            const html = !r.path.startsWith("/api/");
            const a = await send("GET", `${r.path}?${qs}`, {});
            const what = `GET ${r.path}?${qs.slice(0, 200)}`;
            expect(a.status, `${what}: ${a.text.slice(0, 300)}`).toBeLessThan(500);
            if (r.schema && !r.schema.safeParse(query).success) expectClientError(a, what);
            else if (a.status >= 400) expectClientError(a, what);
            if (html && a.type.includes("text/html")) {
              expect(a.text, what).not.toContain(XSS);
              expect(a.text, what).not.toContain("<img src=x");
            }
          },
        ),
        { numRuns: 15, reporter: shortReport },
      );
      expect(await fingerprint()).toEqual(before);
    });
  }
});

describe("regressions found by these properties", () => {
  it("searching for a long name works (D1 refuses LIKE patterns over 50 bytes: it was a 500)", async () => {
    const org = await env.DB.prepare(
      "select id, name from organisations where length(cast(name as blob)) > 60 order by length(name) desc limit 1",
    ).first<{ id: string; name: string }>();
    expect(org).not.toBeNull();
    const page = await send("GET", `/to-chuc/tim?q=${encodeURIComponent(org!.name)}`, {});
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/to-chuc/${org!.id}"`);
    const api = await send("GET", `/api/organisations?q=${encodeURIComponent(org!.name)}`, {});
    expect(api.status).toBe(200);
    expect(JSON.parse(api.text).items.map((o: { id: string }) => o.id)).toContain(org!.id);
    const members = await send("GET", `/api/memberships?q=${encodeURIComponent(org!.name.slice(0, 90))}`, {});
    expect(members.status).toBe(200);
  });

  it("a garbled submit body is refused instead of submitting the saved draft", async () => {
    const status = async () =>
      (await env.DB.prepare("select status from obligations where id = ?").bind(OPEN_OBLIGATION).first<{
        status: string;
      }>())!.status;
    const before = await status();
    for (const [raw, code] of [
      ["{not json", 400],
      ["5", 422],
      ['"values"', 422],
      ["[1,2]", 422],
      ["null", 422],
    ] as const) {
      const res = await rawCall("POST", `/api/obligations/${OPEN_OBLIGATION}/submit`, raw);
      expect(res.status, raw).toBe(code);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        code === 400 ? "invalid_json" : "validation_failed",
      );
    }
    expect(await status()).toBe(before);
  });
});
