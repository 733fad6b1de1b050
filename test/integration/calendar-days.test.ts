import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { calendarSeedStatements, loadCalendar } from "../../src/db/calendar";
import { VN_HOLIDAYS } from "../../src/domain/holidays-vn";
import { aCalendarDay } from "../support/builders";

describe("calendar_days in D1", () => {
  it("seeds the holidays idempotently and loads a working calendar from them", async () => {
    await env.DB.prepare("delete from calendar_days").run();
    await aCalendarDay({ day: "2026-09-01", kind: "work", name: "Đã sửa" }).run();
    await env.DB.batch(calendarSeedStatements(env.DB));
    await env.DB.batch(calendarSeedStatements(env.DB));
    const { results } = await env.DB.prepare("select count(*) as n from calendar_days").all<{ n: number }>();
    expect(results[0]?.n).toBe(VN_HOLIDAYS.length);

    const cal = await loadCalendar(env.DB);
    expect(cal.isWorkingDay("2026-02-17")).toBe(false);
    expect(cal.isWorkingDay("2026-01-10")).toBe(true);
    // The administrator's edit survives re-seeding.
    expect(cal.exception("2026-09-01")?.name).toBe("Đã sửa");
    expect(cal.isWorkingDay("2026-09-01")).toBe(true);
    expect(cal.addWorkingDays("2026-02-13", 1)).toBe("2026-02-23");
  });
});
