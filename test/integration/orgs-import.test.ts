/** CSV import of organisations and people: validation, all-or-nothing, dry run, idempotence, export. */
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, count, type Session } from "../support/auth-fixtures";
import { DEMO_NOW, demoWithSessions } from "../support/demo-sessions";

let admin: Session;
let secretary: Session;

beforeAll(async () => {
  ({ admin, secretary } = await demoWithSessions(DEMO_NOW, { admin: "p-admin", secretary: "p-bithu-hn" }));
});

const HEAD = "code,name,kind,parent_code,email,phone,population,opened_on,closed_on";

async function upload(
  kind: "organisations" | "people",
  body: string | Uint8Array,
  opts: { dryRun?: boolean; session?: Session } = {},
) {
  const s = opts.session ?? admin;
  return exports.default.fetch(`http://localhost/api/imports/${kind}${opts.dryRun ? "?dryRun=1" : ""}`, {
    method: "POST",
    headers: { cookie: s.cookie, "x-csrf-token": s.csrf, "content-type": "text/csv; charset=utf-8" },
    body,
  });
}

interface ErrBody {
  error: { code: string; message: string; fields: { field: string; message: string }[] };
  issues: { line: number; column: string | null; message: string }[];
}
interface OkBody {
  ok: true;
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  items: { line: number; key: string; action: string; changes: string[] }[];
}

const orgCount = () => count("select count(*) n from organisations");
const auditCount = () => count("select count(*) n from audit_events where action = 'organisation.imported'");

describe("organisation CSV import: bad input writes nothing", () => {
  it("refuses wrong columns", async () => {
    const before = await orgCount();
    const res = await upload("organisations", "code,name,type\nX1,Tên,commune\n");
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrBody;
    expect(body.error.code).toBe("import_invalid");
    expect(body.issues[0]!.message).toMatch(/Dòng 1: tiêu đề cột không đúng.*thiếu cột kind/);
    expect(await orgCount()).toBe(before);
  });

  it("refuses duplicate codes in the file, with both line numbers", async () => {
    const csv = `${HEAD}\nDUP-1,Chi bộ A,grassroots,HN-HOANKIEM,,,,,\nDUP-1,Chi bộ B,grassroots,HN-HOANKIEM,,,,,\n`;
    const res = await upload("organisations", csv);
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrBody;
    expect(body.issues).toEqual([
      { line: 3, column: "code", message: "Dòng 3, cột code: mã “DUP-1” bị trùng với dòng 2" },
    ]);
    expect(await count("select count(*) n from organisations where code = 'DUP-1'")).toBe(0);
  });

  it("refuses an unknown parent code", async () => {
    const res = await upload("organisations", `${HEAD}\nUNK-1,Chi bộ C,grassroots,KHONG-CO,,,,,\n`);
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrBody;
    expect(body.issues[0]).toMatchObject({ line: 2, column: "parent_code" });
    expect(body.issues[0]!.message).toContain("không tìm thấy tổ chức cấp trên có mã “KHONG-CO”");
  });

  it("refuses cycles within the file and through existing organisations", async () => {
    const inFile = `${HEAD}\nCYC-A,Đảng bộ A,committee,CYC-B,,,,,\nCYC-B,Đảng bộ B,committee,CYC-A,,,,,\n`;
    const res = await upload("organisations", inFile);
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrBody).issues[0]!.message).toContain("vòng lặp");
    // Hà Nội under one of its own communes.
    const through = `${HEAD}\nHN,Thành ủy Hà Nội,provincial_committee,HN-HOANKIEM,,,,,\n`;
    const res2 = await upload("organisations", through);
    expect(res2.status).toBe(422);
    expect(((await res2.json()) as ErrBody).issues[0]!.message).toContain("vòng lặp");
    expect(await count("select count(*) n from organisations where code like 'CYC-%'")).toBe(0);
    expect(
      (await env.DB.prepare("select parent_id p from organisations where id = 'hn'").first<{ p: string }>())!
        .p,
    ).toBe("tw");
  });

  it("refuses a file that is not UTF-8 with a clear message", async () => {
    // "Hoàn Kiếm" in Windows-1258-ish single bytes: invalid as UTF-8.
    const bytes = new Uint8Array([
      ...new TextEncoder().encode(`${HEAD}\nENC-1,Ho`),
      0xe0,
      0x6e,
      ...new TextEncoder().encode(",commune,HN,,,,,\n"),
    ]);
    const before = await orgCount();
    const res = await upload("organisations", bytes);
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrBody;
    expect(body.error.code).toBe("bad_encoding");
    expect(body.error.message).toContain("không phải mã hóa UTF-8");
    expect(await orgCount()).toBe(before);
  });

  it("refuses over-long fields and bad values, naming line and column", async () => {
    const long = "Đ".repeat(201);
    const csv = `${HEAD}\nLONG-1,${long},commune,HN,,,,,\nLONG-2,Tên,khong-ro,HN,thu-sai,,-5,2026-02-30,\n`;
    const res = await upload("organisations", csv);
    expect(res.status).toBe(422);
    const msgs = ((await res.json()) as ErrBody).issues.map((i) => i.message);
    expect(msgs).toContain("Dòng 2, cột name: Tên tổ chức quá dài (tối đa 200 ký tự)");
    expect(msgs.some((m) => m.startsWith("Dòng 3, cột kind: Loại tổ chức không hợp lệ"))).toBe(true);
    expect(msgs).toContain("Dòng 3, cột email: Địa chỉ thư điện tử không hợp lệ");
    expect(msgs).toContain("Dòng 3, cột population: Dân số phải là số nguyên không âm");
    expect(msgs).toContain(
      "Dòng 3, cột opened_on: Ngày thành lập phải là một ngày có thật, viết theo dạng dd/mm/yyyy (ví dụ 20/12/2026)",
    );
  });

  it("reports every error at once: cells, duplicates and unknown parents in one answer", async () => {
    const before = await orgCount();
    const csv = [
      HEAD,
      "ALL-1,Chi bộ A,khong-ro,HN-HOANKIEM,,,,,", // line 2: bad kind
      "ALL-2,Chi bộ B,grassroots,KHONG-CO,,,,,", // line 3: unknown parent
      "ALL-3,Chi bộ C,grassroots,ALL-1,,,,,", // line 4: its parent is line 2 (in the file, though wrong)
      "ALL-3,Chi bộ D,grassroots,HN-HOANKIEM,,,,,", // line 5: duplicate of line 4
      "",
    ].join("\n");
    const res = await upload("organisations", csv);
    expect(res.status).toBe(422);
    const issues = ((await res.json()) as ErrBody).issues;
    expect(issues.map((i) => [i.line, i.column])).toEqual([
      [2, "kind"],
      [3, "parent_code"],
      [5, "code"],
    ]);
    expect(await orgCount()).toBe(before);
  });

  it("writes nothing when one row of many fails", async () => {
    const before = await orgCount();
    const audits = await auditCount();
    const csv = `${HEAD}\nPART-1,Chi bộ 1,grassroots,HN-HOANKIEM,,,,,\nPART-2,Chi bộ 2,grassroots,HN-HOANKIEM,,,,,\nPART-3,,grassroots,HN-HOANKIEM,,,,,\n`;
    const res = await upload("organisations", csv);
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrBody).issues).toEqual([
      { line: 4, column: "name", message: "Dòng 4, cột name: Chưa có tên tổ chức" },
    ]);
    expect(await orgCount()).toBe(before);
    expect(await auditCount()).toBe(audits);
  });

  it("is refused to a secretary (org.manage)", async () => {
    const res = await upload("organisations", `${HEAD}\nSEC-1,Chi bộ,grassroots,HN,,,,,\n`, {
      session: secretary,
    });
    expect(res.status).toBe(403);
    expect(await count("select count(*) n from organisations where code = 'SEC-1'")).toBe(0);
  });
});

describe("organisation CSV import: valid files", () => {
  // Excel's BOM, CRLF, diacritics, children before their parents.
  const file = `\uFEFF${HEAD}\r\nIMP-CB1,"Chi bộ Thôn Đông, xã Sóc Sơn",grassroots,IMP-XA,,,,,\r\nIMP-XA,Đảng ủy xã Kim Anh,commune,HN,vanphong@kimanh.vn,024 3888 1234,45000,2025-07-01,\r\nIMP-CB2,Chi bộ Thôn Đoài,grassroots,IMP-XA,,,,,\r\n`;

  it("dry run previews and writes nothing", async () => {
    const before = await orgCount();
    const res = await upload("organisations", file, { dryRun: true });
    expect(res.status).toBe(200);
    const body = (await res.json()) as OkBody;
    expect(body).toMatchObject({ ok: true, dryRun: true, created: 3, updated: 0, unchanged: 0 });
    expect(body.items.map((i) => [i.line, i.key, i.action])).toEqual([
      [2, "IMP-CB1", "create"],
      [3, "IMP-XA", "create"],
      [4, "IMP-CB2", "create"],
    ]);
    expect(await orgCount()).toBe(before);
  });

  it("imports with BOM and diacritics, parents after children, with correct paths", async () => {
    const before = await orgCount();
    const res = await upload("organisations", file);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ created: 3, dryRun: false });
    expect(await orgCount()).toBe(before + 3);
    const xa = await env.DB.prepare("select * from organisations where code = 'IMP-XA'").first<
      Record<string, unknown>
    >();
    expect(xa).toMatchObject({
      name: "Đảng ủy xã Kim Anh",
      kind: "commune",
      parent_id: "hn",
      level: 2,
      email: "vanphong@kimanh.vn",
      population: 45000,
      opened_on: "2025-07-01",
    });
    expect(xa!.path).toBe(`/tw/hn/${xa!.id}/`);
    const cb = await env.DB.prepare("select * from organisations where code = 'IMP-CB1'").first<
      Record<string, unknown>
    >();
    expect(cb).toMatchObject({ name: "Chi bộ Thôn Đông, xã Sóc Sơn", parent_id: xa!.id, level: 3 });
    expect(cb!.path).toBe(`${xa!.path}${cb!.id}/`);
    expect(await auditCount()).toBeGreaterThan(0);
  });

  it("re-import is idempotent, and a changed field is an update", async () => {
    const before = await orgCount();
    const again = (await (await upload("organisations", file)).json()) as OkBody;
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await orgCount()).toBe(before);
    const changed = file.replace("45000", "46000");
    const res = (await (await upload("organisations", changed)).json()) as OkBody;
    expect(res).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    expect(res.items.find((i) => i.key === "IMP-XA")!.changes).toEqual(["dân số"]);
    expect(
      (await env.DB.prepare("select population p from organisations where code = 'IMP-XA'").first<{
        p: number;
      }>())!.p,
    ).toBe(46000);
  });

  it("a changed parent code moves the organisation with its subtree", async () => {
    const moved = `${HEAD}\nIMP-XA,Đảng ủy xã Kim Anh,commune,CT,vanphong@kimanh.vn,024 3888 1234,46000,2025-07-01,\n`;
    const res = (await (await upload("organisations", moved)).json()) as OkBody;
    expect(res).toMatchObject({ updated: 1 });
    const rows = (
      await env.DB.prepare(
        "select code, path, level from organisations where code like 'IMP-%' order by code",
      ).all<{
        code: string;
        path: string;
        level: number;
      }>()
    ).results;
    for (const r of rows) expect(r.path.startsWith("/tw/ct/")).toBe(true);
    expect(rows.map((r) => r.level)).toEqual([3, 3, 2]);
  });

  it("accepts a multipart upload with a file field", async () => {
    const form = new FormData();
    form.set(
      "file",
      new File([`${HEAD}\nIMP-MP,Chi bộ Multipart,grassroots,IMP-XA,,,,,\n`], "to-chuc.csv", {
        type: "text/csv",
      }),
    );
    const res = await exports.default.fetch("http://localhost/api/imports/organisations", {
      method: "POST",
      headers: { cookie: admin.cookie, "x-csrf-token": admin.csrf },
      body: form,
    });
    expect(res.status).toBe(200);
    expect(await count("select count(*) n from organisations where code = 'IMP-MP'")).toBe(1);
  });
});

describe("people CSV import", () => {
  const PHEAD = "email,full_name,phone,title,organisation_code,role";
  const file = `${PHEAD}\nNguyen.Van.A@kimanh.vn,Nguyễn Văn Ánh,0912345678,Bí thư Đảng ủy,IMP-XA,secretary\nnguyen.van.a@kimanh.vn,Nguyễn Văn Ánh,0912345678,Bí thư Đảng ủy,IMP-CB1,viewer\ntran.b@kimanh.vn,Trần Thị Bình,,Văn phòng,IMP-XA,reporter\n`;

  it("validates: unknown organisation, bad role, bad email", async () => {
    const bad = `${PHEAD}\nx@y.vn,Tên,,,KHONG-CO,secretary\nkhong-phai-email,Tên,,,IMP-XA,boss\n`;
    const res = await upload("people", bad);
    expect(res.status).toBe(422);
    const msgs = ((await res.json()) as ErrBody).issues.map((i) => i.message);
    expect(msgs).toContain("Dòng 3, cột email: Địa chỉ thư điện tử không hợp lệ");
    expect(msgs.some((m) => m.startsWith("Dòng 3, cột role: Vai trò không hợp lệ"))).toBe(true);
    // All at once: line 2's unknown organisation comes back with line 3's cell errors.
    expect(msgs[0]).toBe("Dòng 2, cột organisation_code: không tìm thấy tổ chức có mã “KHONG-CO”");
    expect(await count("select count(*) n from people where email = 'x@y.vn'")).toBe(0);
  });

  it("creates people and roles once; re-import changes nothing", async () => {
    const dry = (await (await upload("people", file, { dryRun: true })).json()) as OkBody;
    expect(dry).toMatchObject({ created: 2, dryRun: true });
    expect(await count("select count(*) n from people where email like '%@kimanh.vn'")).toBe(0);
    const res = (await (await upload("people", file)).json()) as OkBody;
    expect(res).toMatchObject({ created: 2, updated: 1, unchanged: 0 });
    expect(await count("select count(*) n from people where email like '%@kimanh.vn'")).toBe(2);
    expect(
      await count(
        "select count(*) n from memberships m join people p on p.id = m.person_id where p.email = 'nguyen.van.a@kimanh.vn'",
      ),
    ).toBe(2);
    const again = (await (await upload("people", file)).json()) as OkBody;
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(
      await count(
        "select count(*) n from memberships m join people p on p.id = m.person_id where p.email like '%@kimanh.vn'",
      ),
    ).toBe(3);
  });
});

describe("CSV export", () => {
  it("neutralises formula cells and round-trips diacritics", async () => {
    const csv = `${HEAD}\nIMP-FX,"=HYPERLINK(""http://x"",""bấm"")",grassroots,IMP-XA,,+84 24 1234,,,\n`;
    expect((await upload("organisations", csv)).status).toBe(200);
    const xa = await env.DB.prepare("select id from organisations where code = 'IMP-XA'").first<{
      id: string;
    }>();
    const res = await call("GET", `/api/organisations.csv?parent=${xa!.id}`, { session: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith("code,name,kind,parent_code")).toBe(true);
    expect(text).toContain(`IMP-FX,"'=HYPERLINK(""http://x"",""bấm"")",grassroots,IMP-XA,,'+84 24 1234`);
    expect(text).toContain('IMP-CB1,"Chi bộ Thôn Đông, xã Sóc Sơn",grassroots,IMP-XA');
  });

  it("the import page has a file field and a dry-run button", async () => {
    const res = await call("GET", "/nhap-du-lieu", { session: admin, html: true });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('type="file"');
    expect(html).toContain("Kiểm tra trước");
    expect(html).toContain('name="_csrf"');
    expect((await call("GET", "/nhap-du-lieu", { session: secretary, html: true })).status).toBe(403);
  });
});
