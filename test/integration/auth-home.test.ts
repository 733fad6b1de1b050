/** The home page fits the role: landing, to-do list, commission counts, administration links. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { ObligationStatus } from "../../src/db/schema";
import { call, seedFixtures, sessionFor } from "../support/auth-fixtures";
import { anObligation, aPeriod, aSchedule, directive52Basics } from "../support/builders";

beforeAll(async () => {
  await seedFixtures();
  const obligation = (
    id: string,
    organisationId: string,
    dueOn: string,
    status: ObligationStatus,
    firstSubmittedAt: number | null,
    onTime: boolean | null,
  ) => anObligation({ id, periodId: "per1", organisationId, dueOn, status, firstSubmittedAt, onTime });
  await env.DB.batch([
    ...directive52Basics(),
    aSchedule({ id: "rs1", name: "Báo cáo 6 tháng", reviewerOrganisationId: "tw" }),
    aPeriod({
      id: "per1",
      scheduleId: "rs1",
      key: "2026-H1",
      label: "Báo cáo 6 tháng đầu năm 2026",
      cutoffStart: "2025-12-15",
      cutoffEnd: "2026-06-14",
      dueOn: "2026-06-19",
      opensOn: "2026-06-01",
    }),
    obligation("ob_hn", "hn", "2099-06-19", "draft", null, null),
    obligation("ob_hnx", "hnx", "2026-06-19", "submitted", 1, false),
    obligation("ob_hp", "hp", "2000-01-03", "pending", null, null),
  ]);
});

const page = async (key: Parameters<typeof sessionFor>[0]) =>
  (await call("GET", "/", { session: await sessionFor(key), html: true })).text();

describe("home page", () => {
  it("shows visitors the landing page with a sign-in button", async () => {
    const html = await (await call("GET", "/", { html: true })).text();
    expect(html).toContain('<a class="button" href="/dang-nhap">Đăng nhập</a>');
    expect(html).not.toContain("Việc cần làm");
  });

  it("lists a secretary's own open obligations only, with dd/mm/yyyy due dates and links", async () => {
    const html = await page("secA");
    expect(html).toContain("Việc cần làm");
    expect(html).toContain('href="/bao-cao/ob_hn"');
    expect(html).toContain("19/06/2099");
    expect(html).toContain("Đang soạn");
    expect(html).not.toContain("ob_hnx");
    expect(html).not.toContain("ob_hp");
    const b = await page("secB");
    expect(b).toContain('href="/bao-cao/ob_hp"');
    // Lateness in working days, decided by domain/deadline with the working calendar.
    expect(b).toMatch(/Quá hạn \d+ ngày làm việc/);
    expect(html).toMatch(/Còn \d+ ngày làm việc/);
    expect(b).not.toContain("ob_hn");
  });

  it("shows Commission staff the counts of their scope and the monitoring link", async () => {
    const a = await page("staffA");
    expect(a).toContain('href="/giam-sat"');
    const stats = (html: string) =>
      [...html.matchAll(/<div class="stat[^"]*">(\d+)<\/div>/g)].map((m) => Number(m[1]));
    // Hà Nội's subtree: hn (draft, not yet due) and hnx (submitted late).
    expect(stats(a)).toEqual([2, 1, 1, 0]);
    // The central Commission covers the whole tree: hp is missing (past due, not submitted).
    expect(stats(await page("staffRoot"))).toEqual([3, 1, 1, 1]);
    expect(a).not.toContain("Việc cần làm");
  });

  it("shows administrators the administration links, and people without roles a notice", async () => {
    expect(await page("admin")).toContain('href="/quan-tri/vai-tro"');
    expect(await page("nobody")).toContain("chưa được giao vai trò");
  });
});
