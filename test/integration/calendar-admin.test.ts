import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCalendar } from "../../src/db/calendar";
import { obligations } from "../../src/db/schema";
import { deadlineOf } from "../../src/domain/deadline";
import { instantAt } from "../../src/domain/time";
import { runDigest } from "../../src/features/notifications";
import { configFor } from "../../src/platform/config";
import { call, type Session } from "../support/auth-fixtures";
import { changeRows } from "../support/builders";
import { demoSession, demoWithSessions, pinClock } from "../support/demo-sessions";

/** The calendar kept by administrators: page and API, sources, warnings, deadlines re-decided. */
const db = env.DB;
const NOW = instantAt("2026-11-25", 10);
let admin: Session;
let staff: Session;

interface Day {
  day: string;
  kind: string;
  name: string;
  source: string | null;
}

beforeAll(async () => {
  ({ admin, staff } = await demoWithSessions(NOW, { admin: "p-admin", staff: "p-canbo" }));
});

async function obligation(id: string) {
  return db
    .prepare("select effective_due_on, next_action_at, on_time from obligations where id = ?")
    .bind(id)
    .first<{ effective_due_on: string; next_action_at: number | null; on_time: number | null }>();
}

describe("the calendar as data", () => {
  it("lists a year with the source of each day; 2026 follows Thông báo 9441/TB-BNV, 24/11 stays a working day", async () => {
    const res = await call("GET", "/api/calendar-days?year=2026", { session: admin });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { year: number; days: Day[]; warning: string | null };
    expect(body.year).toBe(2026);
    const byDay = new Map(body.days.map((d) => [d.day, d]));
    expect(byDay.get("2026-08-31")).toMatchObject({ kind: "off" });
    expect(byDay.get("2026-08-31")?.source).toContain("9441/TB-BNV");
    expect(byDay.get("2026-08-22")).toMatchObject({ kind: "work" });
    expect(byDay.get("2026-09-01")).toMatchObject({ kind: "off", name: "Quốc khánh" });
    // Ngày Văn hóa Việt Nam: not a day off under the Labour Code in force (see NOT_SEEDED).
    expect(byDay.has("2026-11-24")).toBe(false);
    for (const d of body.days) expect(d.source, d.day).toBeTruthy();
    // 2027 has entries: no warning in 2026.
    expect(body.warning).toBeNull();

    const cal = await loadCalendar(db);
    // Quốc khánh 2026: Sat 29/08 - Wed 02/09, Sat 22/08 worked.
    expect(cal.isWorkingDay("2026-08-22")).toBe(true);
    expect(deadlineOf("2026-08-29", cal).effectiveOn).toBe("2026-09-03");

    const page = await call("GET", "/quan-tri/lich?year=2026", { session: admin, html: true });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("31/08/2026");
    expect(html).toContain("Thông báo 9441/TB-BNV");
    expect(html).toContain("Ngày Văn hóa Việt Nam");
    const index = await (await call("GET", "/quan-tri", { session: admin, html: true })).text();
    expect(index).toContain('href="/quan-tri/lich"');
  });

  it("is for administrators only", async () => {
    expect((await call("GET", "/api/calendar-days?year=2026", { session: staff })).status).toBe(403);
    expect((await call("GET", "/quan-tri/lich", { session: staff, html: true })).status).toBe(403);
    const put = await call("PUT", "/api/calendar-days/2026-12-18", {
      session: staff,
      json: { kind: "off", name: "x" },
    });
    expect(put.status).toBe(403);
    expect((await call("GET", "/api/calendar-days")).status).toBe(401);
  });

  it("refuses bad input with a Vietnamese reason per field and changes nothing", async () => {
    const before = await db.prepare("select count(*) as n from calendar_days").first<{ n: number }>();
    const cases: [string, unknown, string, RegExp][] = [
      ["2026-13-01", { kind: "off", name: "x" }, "day", /dd\/mm\/yyyy/],
      ["31%2F02%2F2026", { kind: "off", name: "x" }, "day", /dd\/mm\/yyyy/],
      ["2026-12-01", { kind: "holiday", name: "x" }, "kind", /off/],
      ["2026-12-01", { kind: "off", name: " " }, "name", /tên ngày/],
      ["2026-12-01", { kind: "off", name: "x", source: "y".repeat(501) }, "source", /500 ký tự/],
      ["2026-12-05", { kind: "off", name: "Thứ Bảy" }, "kind", /nghỉ bù/],
      ["2026-12-01", { kind: "work", name: "Làm bù" }, "kind", /thứ Bảy hoặc Chủ nhật/],
    ];
    for (const [day, json, field, message] of cases) {
      const res = await call("PUT", `/api/calendar-days/${day}`, { session: admin, json });
      expect(res.status, `${day} ${JSON.stringify(json)}`).toBe(422);
      const err = (await res.json()) as { error: { fields: { field: string; message: string }[] } };
      const f = err.error.fields.find((x) => x.field === field);
      expect(f?.message, JSON.stringify(err)).toMatch(message);
      expect(JSON.stringify(err)).not.toContain("YYYY-MM-DD");
    }
    const form = await call("POST", "/quan-tri/lich?year=2026", {
      session: admin,
      html: true,
      form: { day: "32/12/2026", kind: "off", name: "", source: "" },
    });
    expect(form.status).toBe(422);
    const html = await form.text();
    expect(html).toContain("dd/mm/yyyy");
    expect(html).toContain("Vui lòng nhập tên ngày");
    expect(html).toContain('value="32/12/2026"');
    expect(await db.prepare("select count(*) as n from calendar_days").first<{ n: number }>()).toEqual(
      before,
    );
    expect((await call("DELETE", "/api/calendar-days/2026-12-03", { session: admin })).status).toBe(404);
  });

  it("a day off added later moves the effective deadline of an open report, and removing it moves it back", async () => {
    // A chased obligation of an open period, given the nominal date Friday 18/12/2026 (an extension).
    const ob = await db
      .prepare(
        `select o.id from obligations o join periods p on p.id = o.period_id
         where p.status = 'open' and o.status in ('pending', 'draft') order by o.id limit 1`,
      )
      .first<{ id: string }>();
    expect(ob).not.toBeNull();
    await changeRows(obligations, eq(obligations.id, ob!.id), {
      extendedDueOn: "2026-12-18",
      effectiveDueOn: "2026-12-18",
      nextActionAt: null,
    }).run();
    const put = await call("PUT", `/api/calendar-days/${encodeURIComponent("18/12/2026")}`, {
      session: admin,
      json: { kind: "off", name: "Nghỉ đột xuất", source: "Quyết định thử nghiệm" },
    });
    expect(put.status).toBe(200);
    const saved = (await put.json()) as { day: Day & { updatedBy: string }; deadlinesMoved: number };
    expect(saved.day).toMatchObject({
      day: "2026-12-18",
      source: "Quyết định thử nghiệm",
      updatedBy: "p-admin",
    });
    expect(saved.deadlinesMoved).toBeGreaterThanOrEqual(1);
    // Friday off -> the weekend -> Monday 21/12; the engine re-plans the chase at its next tick.
    const moved = await obligation(ob!.id);
    expect(moved?.effective_due_on).toBe("2026-12-21");
    expect(Math.abs((moved?.next_action_at ?? 0) - NOW)).toBeLessThan(60_000);
    expect((await loadCalendar(db)).isWorkingDay("2026-12-18")).toBe(false);

    const del = await call("DELETE", "/api/calendar-days/2026-12-18", { session: admin });
    expect(del.status).toBe(200);
    expect((await obligation(ob!.id))?.effective_due_on).toBe("2026-12-18");
    const events = await db
      .prepare(
        "select action, actor_person_id from audit_events where entity_type = 'calendar_day' and entity_id = '2026-12-18' order by at, action",
      )
      .all<{ action: string; actor_person_id: string }>();
    expect(events.results).toEqual([
      { action: "calendar_day.created", actor_person_id: "p-admin" },
      { action: "calendar_day.deleted", actor_person_id: "p-admin" },
    ]);
  });

  it("re-decides the on-time flag of a report submitted on the day after a nominal date that becomes a day off", async () => {
    const ob = await db
      .prepare(
        `select o.id from obligations o join periods p on p.id = o.period_id
         where p.status = 'open' and o.status in ('pending', 'draft') order by o.id desc limit 1`,
      )
      .first<{ id: string }>();
    // Submitted on Monday 14/12 against a nominal Friday 11/12: late, until 11/12 is a day off.
    await changeRows(obligations, eq(obligations.id, ob!.id), {
      extendedDueOn: "2026-12-11",
      effectiveDueOn: "2026-12-11",
      status: "submitted",
      firstSubmittedAt: instantAt("2026-12-14", 9),
      onTime: false,
    }).run();
    const res = await call("POST", "/quan-tri/lich?year=2026", {
      session: admin,
      html: true,
      form: { day: "11/12/2026", kind: "off", name: "Nghỉ thử", source: "Thử nghiệm" },
    });
    expect(res.status).toBe(303);
    const back = res.headers.get("location")!;
    expect(back).toMatch(/^\/quan-tri\/lich\?year=2026&da-luu=2026-12-11&tinh-lai=\d+$/);
    const page = await call("GET", back, { session: admin, html: true });
    expect(await page.text()).toMatch(/Hạn nộp của \d+ báo cáo đã được tính lại/);
    expect(await obligation(ob!.id)).toMatchObject({ effective_due_on: "2026-12-14", on_time: 1 });
  });

  it("the page adds a day typed dd/mm/yyyy and shows it with its source", async () => {
    const res = await call("POST", "/quan-tri/lich?year=2028", {
      session: admin,
      form: {
        day: "03/01/2028",
        kind: "off",
        name: "Nghỉ bù Tết Dương lịch",
        source: "Bộ luật Lao động 2019, Điều 112",
      },
      html: true,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/quan-tri/lich?year=2028&da-luu=2028-01-03");
    const html = await (
      await call("GET", res.headers.get("location")!, { session: admin, html: true })
    ).text();
    expect(html).toContain("Đã lưu ngày 03/01/2028");
    expect(html).toContain("Bộ luật Lao động 2019, Điều 112");
    expect(html).toContain("Thứ Hai");
    const removed = await call("POST", "/quan-tri/lich/xoa?year=2028", {
      session: admin,
      form: { day: "03/01/2028" },
    });
    expect(removed.headers.get("location")).toBe("/quan-tri/lich?year=2028&da-xoa=2028-01-03");
    const after = await (
      await call("GET", removed.headers.get("location")!, { session: admin, html: true })
    ).text();
    expect(after).toContain("Đã xóa ngày 03/01/2028 khỏi lịch.");
    expect(
      await db
        .prepare("select count(*) as n from calendar_days where day like '2028-%'")
        .first<{ n: number }>(),
    ).toEqual({ n: 0 });
  });
});

describe("the warning when next year has no calendar", () => {
  // Monday 01/03/2027 07:30: 2028 has no entry.
  const IN_2027 = instantAt("2027-03-01", 7, 30);
  const WARNING = "Lịch ngày nghỉ năm 2028 chưa có dữ liệu";

  it("shows on the calendar page and, for administrators and Commission staff, on the dashboard", async () => {
    await pinClock(IN_2027);
    // Sessions opened in 2026 have expired by March 2027.
    const [admin, staff, secretary] = await Promise.all(
      ["p-admin", "p-canbo", "p-vanphong-hn"].map((id) => demoSession(id, IN_2027)),
    );
    try {
      const page = await (await call("GET", "/quan-tri/lich", { session: admin, html: true })).text();
      expect(page).toContain(WARNING);
      const api = (await (await call("GET", "/api/calendar-days", { session: admin })).json()) as {
        year: number;
        warning: string;
      };
      expect(api).toMatchObject({ year: 2027 });
      expect(api.warning).toContain(WARNING);
      const forStaff = await (await call("GET", "/giam-sat", { session: staff, html: true })).text();
      expect(forStaff).toContain(WARNING);
      expect(forStaff).not.toContain("/quan-tri/lich?year=2028");
      const forAdmin = await (await call("GET", "/giam-sat", { session: admin, html: true })).text();
      expect(forAdmin).toContain("/quan-tri/lich?year=2028");
      const forSecretary = await call("GET", "/giam-sat", { session: secretary, html: true });
      if (forSecretary.status === 200) expect(await forSecretary.text()).not.toContain(WARNING);
    } finally {
      await pinClock(NOW);
    }
    // In 2026 (2027 is in the calendar) nobody is warned.
    expect(await (await call("GET", "/giam-sat", { session: staff, html: true })).text()).not.toContain(
      "chưa có dữ liệu",
    );
  });

  it("goes in the weekly digest, which reaches administrators while it holds", async () => {
    const config = configFor(env);
    await runDigest(env, config, "weekly_compliance", IN_2027);
    const mails = await db
      .prepare(
        `select p.id as person, o.text from notifications n join outbox_messages o on o.idempotency_key = n.idempotency_key
         join people p on p.id = n.person_id where n.idempotency_key like 'digest:weekly_compliance:%:2027-W09'`,
      )
      .all<{ person: string; text: string }>();
    const byPerson = new Map(mails.results.map((m) => [m.person, m.text]));
    expect(byPerson.get("p-admin")).toContain(WARNING);
    expect(byPerson.get("p-admin")).toContain("/quan-tri/lich?year=2028");
    expect(byPerson.get("p-canbo")).toContain(WARNING);
    expect(byPerson.get("p-canbo")).not.toContain("/quan-tri/lich");

    // Once 2028 has an entry, the next week's digest says nothing and administrators get none.
    await call("PUT", "/api/calendar-days/2028-01-03", {
      session: admin,
      json: { kind: "off", name: "Nghỉ bù Tết Dương lịch", source: "Bộ luật Lao động 2019, Điều 111" },
    });
    await runDigest(env, config, "weekly_compliance", instantAt("2027-03-08", 7, 30));
    const next = await db
      .prepare(
        `select n.person_id as person, o.text from notifications n join outbox_messages o on o.idempotency_key = n.idempotency_key
         where n.idempotency_key like 'digest:weekly_compliance:%:2027-W10'`,
      )
      .all<{ person: string; text: string }>();
    expect(next.results.length).toBeGreaterThan(0);
    expect(next.results.map((m) => m.person)).not.toContain("p-admin");
    for (const m of next.results) expect(m.text).not.toContain("chưa có dữ liệu");
  });
});
