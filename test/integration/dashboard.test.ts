/** The monitoring dashboard on the demo data: scope, numbers, CSV exports, the nudge button. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../src/domain/csv";
import { localDate } from "../../src/domain/time";
import { call, type Session } from "../support/auth-fixtures";
import { demoWithSessions } from "../support/demo-sessions";

const NOW = Date.UTC(2026, 10, 24, 3);

const get = (path: string, session?: Session, accept = "application/json") =>
  call("GET", path, { session, headers: { accept } });

const post = (path: string, session: Session, form?: Record<string, string>) =>
  call("POST", path, { session, form });

interface DashboardJson {
  organisation: { id: string };
  period: { id: string };
  totals: { expected: number; reported: number; onTime: number; late: number; reportingRate: number | null };
  children: { id: string; name: string; totals: { expected: number; reported: number } }[];
  late: { obligationId: string; organisationId: string; missing: boolean; daysLate: number }[];
  indicators: { total: { coverage: { value: number | null } } } | null;
}

describe("dashboard", () => {
  let staff: Session;
  let staffHn: Session;
  let secretaryHn: Session;
  let viewerHn: Session;

  beforeAll(async () => {
    ({ staff, staffHn, secretaryHn, viewerHn } = await demoWithSessions(NOW, {
      staff: "p-canbo",
      staffHn: "p-canbo-hn",
      secretaryHn: "p-bithu-hn",
      viewerHn: "p-xem-hn",
    }));
  });

  it("defaults to the person's scope root and the most recent period past its deadline", async () => {
    const res = await get("/giam-sat?format=json", staff);
    expect(res.status).toBe(200);
    const body = (await res.json()) as DashboardJson;
    expect(body.organisation.id).toBe("tw");
    // 24/11/2026: Hà Nội's monthly report was due 18/11; the 6-month one (due 20/12) is a tab away.
    expect(body.period.id).toBe("sch-52-hn-thang-2026-m11");
    const html = await (await get("/giam-sat", staff, "text/html")).text();
    expect(html).toContain("Kỳ hiện tại (chưa đến hạn)");
    expect(html).toContain("period=sch-52-6m-2026-h2");
    const current = (await (
      await get("/giam-sat?format=json&period=sch-52-6m-2026-h2", staff)
    ).json()) as DashboardJson;
    expect(current.totals.expected).toBe(40);
    // The children add up to the total.
    expect(current.children.reduce((a, ch) => a + ch.totals.reported, 0)).toBe(current.totals.reported);
    expect(current.children.find((ch) => ch.id === "hn")?.totals.expected).toBe(1);
    const hn = (await (await get("/giam-sat?format=json", staffHn)).json()) as DashboardJson;
    expect(hn.organisation.id).toBe("hn");
  });

  it("refuses organisations outside the person's scope", async () => {
    expect((await get("/giam-sat?org=ct&format=json", staffHn)).status).toBe(403);
    expect((await get("/giam-sat?org=ct-ninhkieu&format=json", staffHn)).status).toBe(403);
    expect((await get("/giam-sat/xuat/don-vi.csv?org=ct", staffHn)).status).toBe(403);
    expect((await get("/giam-sat?org=hn-hoankiem&format=json", staffHn)).status).toBe(200);
    expect((await get("/giam-sat?org=khong-co&format=json", staff)).status).toBe(404);
    expect((await get("/giam-sat?org=hn&period=khong-co&format=json", staff)).status).toBe(404);
    expect((await get("/giam-sat?org=%3Cx%3E&format=json", staff)).status).toBe(422);
    // Viewers read the dashboard but may not export.
    expect((await get("/giam-sat?org=hn&format=json", viewerHn)).status).toBe(200);
    expect((await get("/giam-sat/xuat/don-vi.csv?org=hn", viewerHn)).status).toBe(403);
    expect((await get("/giam-sat?format=json")).status).toBe(401);
    expect((await get("/giam-sat/xuat/khong-co.csv?org=hn", staff)).status).toBe(404);
  });

  it("drills down to Hà Nội's communes in the monthly schedule, with late days and CSV matching the page", async () => {
    const { results } = await env.DB.prepare(
      "select id from periods where schedule_id = 'sch-52-hn-thang' and due_on < ? order by cutoff_end desc limit 1",
    )
      .bind(localDate(NOW))
      .all<{ id: string }>();
    const period = results[0]!.id;
    const res = await get(`/giam-sat?org=hn&period=${period}&format=json`, staff);
    const body = (await res.json()) as DashboardJson;
    expect(body.totals.expected).toBeGreaterThan(5);
    for (const r of body.late) expect(r.daysLate).toBeGreaterThanOrEqual(1);
    const bytes = new Uint8Array(
      await (await get(`/giam-sat/xuat/don-vi.csv?org=hn&period=${period}`, staff)).arrayBuffer(),
    );
    // Excel needs the UTF-8 byte-order mark.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    const parsed = parseCsv(csv);
    if (!parsed.ok) throw new Error(parsed.message);
    for (const ch of body.children.filter((x) => x.totals.expected > 0)) {
      const row = parsed.rows.find((r) => r.record["Mã tổ chức"] === ch.id);
      expect(Number(row?.record["Phải nộp"])).toBe(ch.totals.expected);
      expect(Number(row?.record["Đã nộp"])).toBe(ch.totals.reported);
    }
    const late = parseCsv(
      await (await get(`/giam-sat/xuat/cham-thieu.csv?org=hn&period=${period}`, staff)).text(),
    );
    if (!late.ok) throw new Error(late.message);
    expect(late.rows.length).toBe(body.late.length);
    const page = await (await get(`/giam-sat?org=hn&period=${period}`, staff, "text/html")).text();
    expect(page).toContain('role="img"');
    expect(page).toContain("Bản đồ nhiệt");
    expect(page).toContain(`data-stat="expected"><div class="stat ">${body.totals.expected}</div>`);
    expect(page).not.toContain("<script");
  });

  it("returns a D1 bookmark header", async () => {
    const res = await get("/giam-sat?format=json", staff);
    expect(res.headers.get("x-d1-bookmark")).toBeTruthy();
  });

  it("nudges an overdue organisation at most once a day, audited, through the ledger", async () => {
    const row = await env.DB.prepare(
      `select o.id, o.organisation_id from obligations o join periods p on p.id = o.period_id
       where p.schedule_id = 'sch-52-hn-thang' and o.status in ('pending','draft') and o.effective_due_on < ?
         and exists (select 1 from memberships m where m.organisation_id = o.organisation_id and m.role = 'secretary')
       order by o.id limit 1`,
    )
      .bind(localDate(NOW))
      .first<{ id: string; organisation_id: string }>();
    expect(row).toBeTruthy();
    // A secretary of Hà Nội may not nudge (no obligation.nudge).
    expect((await post(`/giam-sat/nhac/${row!.id}`, secretaryHn)).status).toBe(403);
    const first = await post(`/giam-sat/nhac/${row!.id}`, staffHn);
    expect(first.status).toBe(201);
    expect(((await first.json()) as { sent: boolean }).sent).toBe(true);
    const key = `nudge:${row!.id}:${localDate(NOW)}`;
    const sent = await env.DB.prepare(
      "select count(*) as n from notifications where substr(idempotency_key, 1, ?) = ? and status = 'sent' and template = 'manual_nudge'",
    )
      .bind(key.length + 1, `${key}:`)
      .first<{ n: number }>();
    expect(sent?.n).toBeGreaterThanOrEqual(1);
    const outbox = await env.DB.prepare(
      "select subject from outbox_messages where substr(idempotency_key, 1, ?) = ?",
    )
      .bind(key.length + 1, `${key}:`)
      .all<{ subject: string }>();
    expect(outbox.results[0]?.subject).toMatch(/^Quá hạn \d+ ngày/);
    const audited = await env.DB.prepare(
      "select actor_person_id from audit_events where action = 'obligation.nudged' and entity_id = ?",
    )
      .bind(row!.id)
      .all<{ actor_person_id: string }>();
    expect(audited.results).toEqual([{ actor_person_id: "p-canbo-hn" }]);
    // The second click the same day (here through the page form) sends nothing.
    const second = await post(`/giam-sat/nhac/${row!.id}?org=hn`, staff, {});
    expect(second.status).toBe(303);
    expect(second.headers.get("location")).toContain("nhac=hom-nay-da-gui");
    const again = await env.DB.prepare(
      "select count(*) as n from notifications where substr(idempotency_key, 1, ?) = ?",
    )
      .bind(key.length, key)
      .first<{ n: number }>();
    expect(again?.n).toBe(sent!.n + 1);
    expect(
      (
        await env.DB.prepare(
          "select count(*) as n from audit_events where action = 'obligation.nudged' and entity_id = ?",
        )
          .bind(row!.id)
          .first<{ n: number }>()
      )?.n,
    ).toBe(1);
    // A submitted report is not nudged; an unknown obligation is 404; out of scope is 403.
    const submitted = await env.DB.prepare(
      "select o.id from obligations o join organisations g on g.id = o.organisation_id where o.status = 'submitted' and g.path like '/tw/hn/%' limit 1",
    ).first<{ id: string }>();
    expect((await post(`/giam-sat/nhac/${submitted!.id}`, staffHn)).status).toBe(409);
    expect((await post("/giam-sat/nhac/khong-co", staffHn)).status).toBe(404);
    const ct = await env.DB.prepare("select id from obligations where organisation_id = 'ct' limit 1").first<{
      id: string;
    }>();
    expect((await post(`/giam-sat/nhac/${ct!.id}`, staffHn)).status).toBe(403);
  });
});
