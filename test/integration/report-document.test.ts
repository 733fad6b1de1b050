/** A committee's report as an official document: number, date and signer on submission; print view and .docx. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { call, type Session } from "../support/auth-fixtures";
import { demoSession, seedDemoOnce } from "../support/demo-sessions";
import { directive52Values } from "../support/directive52-values";
import { readDocx } from "../support/docx-read";

const PERIOD = "sch-52-6m-2026-h2";
let ob: { id: string; organisation_id: string; name: string };
let secretary: Session;
let outsider: Session;

const fullValues = () =>
  directive52Values({ difficulties: "Đề nghị tăng mức hỗ trợ đóng bảo hiểm y tế cho hộ cận nghèo." });

/** The revision of the saved draft the submission is made from (0: none). */
async function draftRevision(): Promise<number> {
  const row = await env.DB.prepare("select revision from report_drafts where obligation_id = ?")
    .bind(ob.id)
    .first<{ revision: number }>();
  return row?.revision ?? 0;
}

beforeAll(async () => {
  await seedDemoOnce();
  ob = (await env.DB.prepare(
    `select ob.id, ob.organisation_id, o.name from obligations ob join organisations o on o.id = ob.organisation_id
     join people p on p.id = 'p-bithu-' || ob.organisation_id
     where ob.period_id = ? and ob.status in ('pending','draft') and o.kind = 'provincial_committee'
       and o.name like 'Tỉnh ủy %' order by ob.organisation_id limit 1`,
  )
    .bind(PERIOD)
    .first<{ id: string; organisation_id: string; name: string }>())!;
  secretary = await demoSession(`p-bithu-${ob.organisation_id}`);
  outsider = await demoSession("p-bithu-hp");
});

describe("the committee's report as an official document", () => {
  it("refuses a number that is not a Báo cáo's and a date after the submission, and submits nothing", async () => {
    const res = await call("POST", `/api/obligations/${ob.id}/submit`, {
      session: secretary,
      json: {
        values: fullValues(),
        baseRevision: await draftRevision(),
        document: { number: "125-KH/TU", date: "2027-01-01" },
      },
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { fields: { field: string; message: string }[] } };
    expect(body.error.fields.map((f) => f.field).sort()).toEqual(["document.date", "document.number"]);
    expect(body.error.fields.find((f) => f.field === "document.number")!.message).toContain(
      "không phải số của một báo cáo",
    );
    const row = await env.DB.prepare("select status from obligations where id = ?")
      .bind(ob.id)
      .first<{ status: string }>();
    expect(row!.status).not.toBe("submitted");
  });

  it("stores number, date and signer, and renders the .docx and print view in the official layout", async () => {
    const res = await call("POST", `/api/obligations/${ob.id}/submit`, {
      session: secretary,
      json: {
        values: fullValues(),
        baseRevision: await draftRevision(),
        document: {
          number: "Số 125-BC/TU",
          date: "2026-11-20",
          signerName: "Lê Văn Hòa",
          signerRole: "deputy",
        },
      },
    });
    expect(res.status).toBe(201);
    const stored = await env.DB.prepare(
      `select rv.document_number, rv.document_date, rv.signer_name, rv.signer_role from report_versions rv
       join obligations ob on ob.current_version_id = rv.id where ob.id = ?`,
    )
      .bind(ob.id)
      .first();
    expect(stored).toEqual({
      document_number: "125-BC/TU",
      document_date: "2026-11-20",
      signer_name: "Lê Văn Hòa",
      signer_role: "deputy",
    });

    const docx = await call("GET", `/bao-cao/${ob.id}/van-ban.docx`, { session: secretary });
    expect(docx.status).toBe(200);
    const doc = readDocx(new Uint8Array(await docx.arrayBuffer()));
    const province = ob.name.replace(/^Tỉnh ủy /u, "");
    const text = (ps: { text: string }[]) => ps.map((p) => p.text).filter((t) => t.trim() !== "");
    expect(text(doc.head.left)).toEqual([
      `ĐẢNG BỘ TỈNH ${province.toLocaleUpperCase("vi-VN")}`,
      "TỈNH ỦY",
      "*",
      "Số 125-BC/TU",
    ]);
    expect(text(doc.head.right)).toEqual([
      "ĐẢNG CỘNG SẢN VIỆT NAM",
      `${province}, ngày 20 tháng 11 năm 2026`,
    ]);
    expect(text(doc.foot.right)).toEqual(["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Lê Văn Hòa"]);
    const paragraphs = text(doc.paragraphs);
    const title = paragraphs[paragraphs.indexOf("BÁO CÁO") + 1] ?? "";
    expect(title).toContain("Kết quả thực hiện Chỉ thị số 52-CT/TW, ngày 03/10/2025 của Ban Bí thư");
    const headings = doc.paragraphs.filter((p) => p.style === "Heading1").map((p) => p.text);
    expect(headings).toEqual([
      "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ, GIẢI PHÁP",
      "V. KIẾN NGHỊ, ĐỀ XUẤT",
      "PHỤ LỤC SỐ LIỆU",
    ]);
    expect(paragraphs).toContain("Đề nghị tăng mức hỗ trợ đóng bảo hiểm y tế cho hộ cận nghèo.");

    const page = await (
      await call("GET", `/bao-cao/${ob.id}/van-ban`, { session: secretary, html: true })
    ).text();
    expect(page).toContain("Số 125-BC/TU");
    expect(page).toContain(`${province}, ngày 20 tháng 11 năm 2026`);
    expect(page).toContain("PHÓ BÍ THƯ");
    expect((await call("GET", `/bao-cao/${ob.id}/van-ban.docx`, { session: outsider })).status).toBe(403);
  });
});
