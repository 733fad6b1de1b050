/**
 * The consolidated report in the official layout of Hướng dẫn 36-HD/VPTW, read back from the
 * .docx: letterhead per issuing body, "Số 12-BC/…" without a colon, the place of the body's
 * seat, the date as officially written, the signature block by role, the directive's own words.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, type Session } from "../support/auth-fixtures";
import { DEMO_NOW, demoWithSessions, pinClock } from "../support/demo-sessions";
import { type DocxParagraph, readDocx } from "../support/docx-read";

const PERIOD = "sch-52-6m-2026-h1";
let staff: Session;
let staffHn: Session;

beforeAll(async () => {
  ({ staff, staffHn } = await demoWithSessions(DEMO_NOW, { staff: "p-canbo", staffHn: "p-canbo-hn" }));
});

const texts = (ps: DocxParagraph[]) => ps.map((p) => p.text).filter((t) => t.trim() !== "");

async function snapshot(session: Session, org: string): Promise<string> {
  const res = await call("POST", "/tong-hop", {
    session,
    json: { period: PERIOD, org },
    headers: { accept: "application/json" },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function docxOf(session: Session, id: string) {
  const res = await call("GET", `/tong-hop/${id}.docx`, { session });
  expect(res.status).toBe(200);
  return readDocx(new Uint8Array(await res.arrayBuffer()));
}

describe("the consolidated report in the official layout", () => {
  it("the central Ban: BAN CHẤP HÀNH TRUNG ƯƠNG above it, Số 12-BC/BTGDVTW, Hà Nội, K/T TRƯỞNG BAN", async () => {
    await pinClock(Date.UTC(2026, 2, 5, 3)); // 05/3/2026, 10:00 in Hà Nội
    const id = await snapshot(staff, "tw");
    const edit = await call("POST", `/tong-hop/${id}`, {
      session: staff,
      json: {
        summary: "Các cấp ủy đã triển khai nghiêm túc.",
        revision: 1,
        number: "12",
        signerRole: "deputy",
        signerName: "Nguyễn Văn Minh",
      },
      headers: { accept: "application/json" },
    });
    expect(edit.status).toBe(200);
    const doc = await docxOf(staff, id);

    expect(texts(doc.head.left)).toEqual([
      "BAN CHẤP HÀNH TRUNG ƯƠNG",
      "BAN TUYÊN GIÁO VÀ DÂN VẬN",
      "*",
      "Số 12-BC/BTGDVTW",
    ]);
    const [superior, body] = doc.head.left;
    expect(superior).toMatchObject({ bold: false, align: "center" });
    expect(body).toMatchObject({ bold: true, align: "center" });
    expect(texts(doc.head.right)).toEqual(["ĐẢNG CỘNG SẢN VIỆT NAM", "Hà Nội, ngày 05 tháng 3 năm 2026"]);
    expect(doc.head.right[0]).toMatchObject({ bold: true, underline: true });
    expect(doc.head.right[1]).toMatchObject({ italic: true });

    expect(texts(doc.foot.right)).toEqual(["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Văn Minh"]);
    expect(texts(doc.foot.left)[0]).toBe("Nơi nhận:");
    expect(texts(doc.foot.left)[1]).toBe("- Ban Bí thư (để báo cáo),");

    const all = texts(doc.paragraphs);
    expect(all).toContain("BÁO CÁO");
    const title = all[all.indexOf("BÁO CÁO") + 1] ?? "";
    // The directive as its own record says it, not a hard-coded subject.
    expect(title).toContain(
      "Chỉ thị số 52-CT/TW, ngày 03/10/2025 của Ban Bí thư về việc thực hiện bảo hiểm y tế toàn dân trong giai đoạn mới",
    );
    const indicators = all.find((t) => t.startsWith("Theo số liệu của các báo cáo đã nộp")) ?? "";
    expect(indicators).toContain("Tỷ lệ bao phủ bảo hiểm y tế đạt");
    expect(indicators).toContain("năm 2024: 94,29%");
    expect(indicators).toContain("mục tiêu năm 2026: trên 95%");
    expect(all.join("\n")).not.toContain("Số:");
  });

  it("a city's Ban: its Thành ủy above it, its own symbol, TRƯỞNG BAN when the head signs, a blank number", async () => {
    await pinClock(Date.UTC(2026, 10, 24, 3));
    const id = await snapshot(staffHn, "hn");
    const doc = await docxOf(staffHn, id);
    expect(texts(doc.head.left)).toEqual([
      "THÀNH ỦY HÀ NỘI",
      "BAN TUYÊN GIÁO VÀ DÂN VẬN",
      "*",
      "Số \u00A0\u00A0\u00A0\u00A0\u00A0\u00A0-BC/BTGDVTU",
    ]);
    expect(texts(doc.head.right)[1]).toBe("Hà Nội, ngày 24 tháng 11 năm 2026");
    expect(texts(doc.foot.right)).toEqual(["TRƯỞNG BAN"]);
    expect(texts(doc.foot.left)[1]).toBe("- Thường trực Thành ủy Hà Nội (để báo cáo),");

    const page = await (await call("GET", `/tong-hop/${id}`, { session: staffHn, html: true })).text();
    expect(page).toContain("THÀNH ỦY HÀ NỘI");
    expect(page).toContain("Số \u00A0\u00A0\u00A0\u00A0\u00A0\u00A0-BC/BTGDVTU");
    expect(page).toContain("Hà Nội, ngày 24 tháng 11 năm 2026");
  });

  it("refuses a number that is not a number", async () => {
    const id = await snapshot(staff, "tw");
    const res = await call("POST", `/tong-hop/${id}`, {
      session: staff,
      json: { summary: "", number: "12-BC", revision: 1 },
      headers: { accept: "application/json" },
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { fields: { field: string }[] } };
    expect(body.error.fields.map((f) => f.field)).toEqual(["number"]);
  });
});
