/** Test fixtures: an organisation tree, people with roles, sessions, and a fetch helper. */
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { newSessionStatement } from "../../src/auth/session";
import type { Role } from "../../src/db/schema";
import { aMembership, anOrganisation, aPerson } from "./builders";

export const ORGS = [
  {
    id: "tw",
    code: "TW",
    name: "Ban Tuyên giáo và Dân vận Trung ương",
    kind: "commission",
    parent: null,
    path: "/tw/",
  },
  {
    id: "hn",
    code: "HN",
    name: "Thành ủy Hà Nội",
    kind: "provincial_committee",
    parent: "tw",
    path: "/tw/hn/",
  },
  {
    id: "hnx",
    code: "HN-X",
    name: "Đảng ủy xã Phú Xuyên",
    kind: "commune",
    parent: "hn",
    path: "/tw/hn/hnx/",
  },
  {
    id: "hp",
    code: "HP",
    name: "Thành ủy Hải Phòng",
    kind: "provincial_committee",
    parent: "tw",
    path: "/tw/hp/",
  },
] as const;

export type OrgId = (typeof ORGS)[number]["id"];

/** Who holds which role where (A = Hà Nội, B = Hải Phòng). */
export const PEOPLE = {
  admin: { email: "admin@test.vn", name: "Quản trị viên", roles: [["admin", "tw"]] },
  staffRoot: {
    email: "canbo.tw@test.vn",
    name: "Cán bộ Ban Trung ương",
    roles: [["commission_staff", "tw"]],
  },
  staffA: { email: "canbo.hn@test.vn", name: "Cán bộ Ban Hà Nội", roles: [["commission_staff", "hn"]] },
  leaderA: { email: "lanhdao.hn@test.vn", name: "Lãnh đạo Ban Hà Nội", roles: [["commission_leader", "hn"]] },
  secA: { email: "bithu.hn@test.vn", name: "Bí thư Hà Nội", roles: [["secretary", "hn"]] },
  repA: { email: "baocao.hn@test.vn", name: "Người lập báo cáo Hà Nội", roles: [["reporter", "hn"]] },
  viewerA: { email: "xem.hn@test.vn", name: "Người xem Hà Nội", roles: [["viewer", "hn"]] },
  secB: { email: "bithu.hp@test.vn", name: "Bí thư Hải Phòng", roles: [["secretary", "hp"]] },
  nobody: { email: "khongvaitro@test.vn", name: "Chưa có vai trò", roles: [] },
} as const satisfies Record<
  string,
  { email: string; name: string; roles: readonly (readonly [Role, OrgId])[] }
>;

export type PersonKey = keyof typeof PEOPLE;
export const PERSON_KEYS = Object.keys(PEOPLE) as PersonKey[];

export const personId = (key: PersonKey) => `p_${key}`;

let seeded = false;

/** Inserts the tree, the people and their memberships once per test file. */
export async function seedFixtures(): Promise<void> {
  if (seeded) return;
  seeded = true;
  const stmts: D1PreparedStatement[] = [];
  ORGS.forEach((o, i) => {
    const { path, parent: _parent, ...org } = o;
    stmts.push(
      anOrganisation({
        ...org,
        parentPath: path.slice(0, path.lastIndexOf("/", path.length - 2) + 1),
        sortOrder: i,
      }),
    );
  });
  for (const key of PERSON_KEYS) {
    const p = PEOPLE[key];
    stmts.push(aPerson({ id: personId(key), email: p.email, fullName: p.name }));
    for (const [role, org] of p.roles) {
      stmts.push(
        aMembership({ id: `m_${key}_${role}_${org}`, personId: personId(key), organisationId: org, role }),
      );
    }
  }
  await env.DB.batch(stmts);
}

export interface Session {
  cookie: string;
  csrf: string;
  sessionId: string;
}

/** Opens a session directly (the sign-in flow itself is tested in auth-signin.test.ts). */
export const sessionFor = (key: PersonKey, now = Date.now()): Promise<Session> =>
  sessionOf(personId(key), now);

/** Opens a session for any person id, valid at `now` (the one way tests get a session). */
export async function sessionOf(id: string, now = Date.now()): Promise<Session> {
  const s = await newSessionStatement(env.DB, id, "test", now);
  await s.statement.run();
  const row = await env.DB.prepare("select csrf_token from sessions where id = ?")
    .bind(s.id)
    .first<{ csrf_token: string }>();
  return { cookie: `sid=${s.token}`, csrf: row!.csrf_token, sessionId: s.id };
}

export interface CallOptions {
  session?: Session;
  bearer?: string;
  json?: unknown;
  form?: Record<string, string>;
  /** Send the session's CSRF token (default true for unsafe methods with a session). */
  csrf?: boolean;
  html?: boolean;
  headers?: Record<string, string>;
  /** A body sent as is (with `headers` saying its type), e.g. malformed JSON. */
  rawBody?: string;
}

export async function call(method: string, path: string, opts: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.session) headers.cookie = opts.session.cookie;
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  if (opts.html) headers.accept = "text/html";
  let body: string | undefined = opts.rawBody;
  if (opts.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.json);
  }
  const unsafe = !["GET", "HEAD"].includes(method);
  if (opts.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    const form = { ...opts.form };
    if (unsafe && opts.session && opts.csrf !== false) form._csrf = opts.session.csrf;
    body = new URLSearchParams(form).toString();
  } else if (unsafe && opts.session && opts.csrf !== false) {
    headers["x-csrf-token"] = opts.session.csrf;
  }
  return exports.default.fetch(`http://localhost${path}`, { method, headers, body, redirect: "manual" });
}

export async function count(sql: string, ...params: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql)
    .bind(...params)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/**
 * Waits (up to 5 s) until no notification to `to` is pending: receipts and review notices are
 * recorded before the response and sent after it (waitUntil), so a test reads the outbox only
 * once that send has finished.
 */
export async function mailSettled(to: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const pending = await count(
      "select count(*) n from notifications where to_address = ? and status = 'pending'",
      to,
    );
    if (pending === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
