import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { seedDemo } from "../../src/demo/seed";

const NOW = Date.UTC(2026, 10, 24, 2, 0, 0);

async function count(sql: string): Promise<number> {
  const row = await env.DB.prepare(sql).first<{ n: number }>();
  return row?.n ?? -1;
}

describe("demo data", () => {
  it("loads the 40 committees directly under the Central Committee, the cascade and the directive", async () => {
    await seedDemo(env.DB, NOW);
    expect(
      await count(
        "select count(*) n from organisations where parent_id = 'tw' and kind in ('provincial_committee','central_committee')",
      ),
    ).toBe(40);
    expect(await count("select count(*) n from organisations where kind = 'provincial_committee'")).toBe(34);
    expect(await count("select count(*) n from directive_sections where directive_id = 'ct52'")).toBe(7);
    const cascade = await env.DB.prepare(
      `with recursive chain(id, number, depth) as (
         select id, number, 0 from documents where number = '52-CT/TW'
         union all select d.id, d.number, depth + 1 from documents d join chain on d.parent_document_id = chain.id)
       select number from chain order by depth, number`,
    ).all<{ number: string }>();
    expect(cascade.results.map((r) => r.number)).toEqual([
      "52-CT/TW",
      "33-HD/BTGDVTW",
      "215-KH/TU",
      "30-CV/BTG&DV",
      "168-CV/ĐULHHVN",
    ]);
  });

  it("gives every organisation a materialised path that matches its parent chain", async () => {
    const { results } = await env.DB.prepare(
      "select o.id, o.path, o.level, p.path as parent_path, p.level as parent_level from organisations o left join organisations p on p.id = o.parent_id",
    ).all<{
      id: string;
      path: string;
      level: number;
      parent_path: string | null;
      parent_level: number | null;
    }>();
    for (const r of results) {
      expect(r.path).toBe(`${r.parent_path ?? "/"}${r.id}/`);
      expect(r.level).toBe((r.parent_level ?? -1) + 1);
    }
    // Subtree of Hà Nội by index range: itself, the commission, 8 communes, 2 chi bộ, the ward
    // abolished in 2025 and the city's People's Committee.
    expect(
      await count("select count(*) n from organisations where path >= '/tw/hn/' and path < '/tw/hn/~'"),
    ).toBe(1 + 1 + 8 + 2 + 1 + 1);
  });

  it("is idempotent and has people for every role", async () => {
    const before = await count(
      "select (select count(*) from organisations) + (select count(*) from people) n",
    );
    await seedDemo(env.DB, NOW + 1000);
    expect(await count("select (select count(*) from organisations) + (select count(*) from people) n")).toBe(
      before,
    );
    const roles = await env.DB.prepare("select distinct role from memberships order by role").all<{
      role: string;
    }>();
    expect(roles.results.map((r) => r.role)).toEqual([
      "admin",
      "commission_leader",
      "commission_staff",
      "reporter",
      "secretary",
      "viewer",
    ]);
  });
});

describe("the demo's world as issue 18 corrected it", () => {
  it("the directive's full text, the Government side as state bodies, coverage of chi bộ tracked", async () => {
    const directive = await env.DB.prepare("select summary from directives where id = 'ct52'").first<{
      summary: string;
    }>();
    for (const opening of ["Sau 15 năm", "Tuy nhiên,", "Nguyên nhân cơ bản", "Ban Bí thư yêu cầu"]) {
      expect(directive!.summary).toContain(opening);
    }
    const s7 = await env.DB.prepare("select body from directive_sections where id = 'ct52-s7'").first<{
      body: string;
    }>();
    expect(s7!.body).toContain("Chỉ thị này phổ biến đến Chi bộ.");
    expect(s7!.body).toContain("T/M BAN BÍ THƯ");
    const names = async (sql: string) =>
      (await env.DB.prepare(sql).all<{ name: string }>()).results.map((r) => r.name);
    expect(await names("select name from organisations where kind = 'state_body' order by name")).toEqual([
      "Bộ Tài chính",
      "Bộ Y tế",
      "Ủy ban nhân dân thành phố Cần Thơ",
      "Ủy ban nhân dân thành phố Hà Nội",
    ]);
    expect(
      await names(
        "select o.name from plans p join organisations o on o.id = p.organisation_id where p.id = 'plan-byt'",
      ),
    ).toEqual(["Bộ Y tế"]);
    expect(await names("select name from organisations where id in ('qd', 'btc') order by id")).toEqual([
      "Đảng ủy Bộ Tài chính",
      "Quân ủy Trung ương",
    ]);
    const ward = await env.DB.prepare("select closed_on from organisations where id = 'hn-hangbai'").first<{
      closed_on: string;
    }>();
    expect(ward!.closed_on).toBe("2025-07-01");
    expect(
      await count("select count(*) n from indicator_values where indicator_id = 'ind-chi-bo'"),
    ).toBeGreaterThan(0);
    expect(await count("select count(*) n from plan_tasks where owner like '%Thanh tra Bộ%'")).toBe(0);
  });
});
