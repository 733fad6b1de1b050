/**
 * The secretary's report routes on the demo data: the page, drafts (with concurrent saves),
 * submitting (late, twice at once, bad values), the receipt email, attachments, the JSON
 * endpoints, and people of another organisation refused everywhere.
 */
import { env } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemo } from "../../src/demo/seed";
import { DIRECTIVE_52_FORM } from "../../src/domain/form";
import { addDays, instantAt } from "../../src/domain/time";
import { call, count, mailSettled, type Session, sessionOf } from "../support/auth-fixtures";
import { pinClock } from "../support/demo-sessions";
import { directive52Values } from "../support/directive52-values";

const T = Date.UTC(2026, 10, 24, 3); // 10:00 24/11/2026 in Vietnam
const db = env.DB;

const fullValues = () => directive52Values();

/** The same values as an HTML form post. */
function fullForm(): Record<string, string> {
  const f: Record<string, string> = {
    plan_issued: "yes",
    "plan_issued.documentRef": "12-KH/TU",
    inspection_done: "no",
    "inspection_done.documentRef": "",
    dissemination_sessions: "3",
    population: "1000",
    insured_people: "950",
    coverage_pct: "94,5",
    difficulties: "",
  };
  for (let i = 1; i <= 7; i++) f[`section_${i}`] = `Nội dung mục ${i}`;
  return f;
}

interface Ob {
  id: string;
  organisation_id: string;
  status: string;
  effective_due_on: string;
  revision: number;
}

/** The revision of the obligation's draft (0: none), which a submit says it was made from. */
async function draftRev(id: string): Promise<number> {
  const row = await db
    .prepare("select revision from report_drafts where obligation_id = ?")
    .bind(id)
    .first<{ revision: number }>();
  return row?.revision ?? 0;
}

async function obligation(id: string): Promise<Ob> {
  return (await db.prepare("select * from obligations where id = ?").bind(id).first<Ob>())!;
}

/** Editable obligations of the open 6-month period, one per organisation with a secretary. */
let editable: Ob[] = [];
const H2 = "sch-52-6m-2026-h2";
const HN = `o_${H2}_hn`;

beforeAll(async () => {
  await seedDemo(db, T);
  const { results } = await db
    .prepare(
      `select ob.* from obligations ob join people p on p.id = 'p-bithu-' || ob.organisation_id
       where ob.period_id = ? and ob.status in ('pending','draft') and ob.organisation_id != 'hn'
       order by ob.organisation_id`,
    )
    .bind(H2)
    .all<Ob>();
  editable = results;
  expect(editable.length).toBeGreaterThanOrEqual(6);
});

beforeEach(async () => {
  await pinClock(T);
});

describe("the report page", () => {
  it("shows the facts, the form with labels and the previous period's values", async () => {
    // An organisation whose previous 6-month report was submitted, so "Kỳ trước" has something.
    const prev = await db
      .prepare(
        `select ob.organisation_id from obligations ob join obligations prev
           on prev.organisation_id = ob.organisation_id and prev.period_id = 'sch-52-6m-2026-h1'
         where ob.period_id = ? and ob.status in ('pending','draft') and prev.current_version_id is not null
           and exists (select 1 from people where id = 'p-bithu-' || ob.organisation_id) limit 1`,
      )
      .bind(H2)
      .first<{ organisation_id: string }>();
    expect(prev).not.toBeNull();
    const org = prev!.organisation_id;
    const s = await sessionOf(`p-bithu-${org}`, T);
    const res = await call("GET", `/bao-cao/o_${H2}_${org}`, { session: s, html: true });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("6 tháng cuối năm 2026");
    expect(html).toContain("15/06/2026");
    expect(html).toContain("14/12/2026");
    const ob = await obligation(`o_${H2}_${org}`);
    expect(html).toContain(ob.effective_due_on.split("-").reverse().join("/"));
    expect(html).toMatch(ob.status === "draft" ? /Đang soạn/ : /Chưa nộp/);
    // Working days from today to the effective date (Sunday 20/12 runs to Monday 21/12).
    expect(ob.effective_due_on).toBe("2026-12-21");
    expect(html).toContain("20/12/2026 (Chủ nhật), tính đến hết 21/12/2026");
    expect(html).toContain("Còn 19 ngày làm việc");
    expect(html).toContain("Kỳ trước (6 tháng đầu năm 2026)");
    // Every item has an input with a label.
    for (const item of DIRECTIVE_52_FORM.items) {
      const id = item.kind === "yesno" ? `f-${item.key}-yes` : `f-${item.key}`;
      expect(html).toContain(`id="${id}"`);
      expect(html).toContain(`for="${id}"`);
    }
    expect(html).toContain('src="/assets/report-form.js"');
    expect(html).toContain("Nộp báo cáo");
  });

  // The script itself is a static asset (public/assets/report-form.js, test/e2e/assets.test.mjs).
  it("is read-only for a viewer", async () => {
    const s = await sessionOf("p-xem-hn", T);
    const html = await (await call("GET", `/bao-cao/${HN}`, { session: s, html: true })).text();
    expect(html).not.toContain('id="report-form"');
    expect(html).not.toContain("<textarea");
    expect(html).not.toContain("/assets/report-form.js");
  });

  it("shows the reviewer's comments next to the item when the report was returned", async () => {
    const returned = await db
      .prepare(
        "select ob.id, ob.organisation_id from obligations ob where ob.status = 'returned' and exists (select 1 from people where id = 'p-bithu-' || ob.organisation_id) limit 1",
      )
      .first<{ id: string; organisation_id: string }>();
    expect(returned).not.toBeNull();
    const s = await sessionOf(`p-bithu-${returned!.organisation_id}`, T);
    const html = await (await call("GET", `/bao-cao/${returned!.id}`, { session: s, html: true })).text();
    expect(html).toContain("Bị trả lại");
    expect(html).toContain("Đề nghị bổ sung số liệu cụ thể");
    // The section comment sits in the item and the textarea points at it.
    expect(html).toContain('id="cmt-section_3"');
    expect(html).toMatch(/id="f-section_3"[^>]*aria-describedby="[^"]*cmt-section_3/);
  });
});

describe("drafts", () => {
  it("saves a draft from the page without JavaScript and shows it again", async () => {
    const ob = editable[0]!;
    const s = await sessionOf(`p-bithu-${ob.organisation_id}`, T);
    const before = await db
      .prepare("select revision from report_drafts where obligation_id = ?")
      .bind(ob.id)
      .first<{ revision: number }>();
    const form = {
      ...fullForm(),
      section_2: "Văn bản nháp có dấu: Đảng ủy",
      baseRevision: String(before?.revision ?? 0),
    };
    const res = await call("POST", `/bao-cao/${ob.id}/nhap`, { session: s, form, html: true });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/bao-cao/${ob.id}?da-luu=1`);
    const draft = await db
      .prepare("select content, revision from report_drafts where obligation_id = ?")
      .bind(ob.id)
      .first<{ content: string; revision: number }>();
    expect(draft!.revision).toBe((before?.revision ?? 0) + 1);
    // Kept as typed; read the Vietnamese way on submission.
    expect(JSON.parse(draft!.content).coverage_pct).toBe("94,5");
    const html = await (await call("GET", `/bao-cao/${ob.id}?da-luu=1`, { session: s, html: true })).text();
    expect(html).toContain("Văn bản nháp có dấu: Đảng ủy");
    expect(html).toContain("Đã lưu bản nháp lúc");
    expect((await obligation(ob.id)).status).toBe("draft");
  });

  it("two concurrent saves from the same revision: one is saved, the other gets 409 with both texts", async () => {
    const ob = editable[1]!;
    const s1 = await sessionOf(`p-bithu-${ob.organisation_id}`, T);
    const s2 = await sessionOf(`p-bithu-${ob.organisation_id}`, T);
    const base =
      (
        await db
          .prepare("select revision from report_drafts where obligation_id = ?")
          .bind(ob.id)
          .first<{ revision: number }>()
      )?.revision ?? 0;
    const [a, b] = await Promise.all([
      call("PUT", `/api/obligations/${ob.id}/draft`, {
        session: s1,
        json: { values: { section_1: "Bản của tab A" }, baseRevision: base },
      }),
      call("PUT", `/api/obligations/${ob.id}/draft`, {
        session: s2,
        json: { values: { section_1: "Bản của tab B" }, baseRevision: base },
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [ok, conflict] = a.status === 200 ? [a, b] : [b, a];
    const saved = (await ok.json()) as { revision: number };
    expect(saved.revision).toBe(base + 1);
    const body = (await conflict.json()) as {
      error: { code: string };
      current: { values: Record<string, string>; revision: number; updatedBy: string };
      yours: { values: Record<string, string> };
    };
    expect(body.error.code).toBe("draft_conflict");
    expect(body.current.revision).toBe(base + 1);
    expect(body.current.updatedBy).toBe(`p-bithu-${ob.organisation_id}`);
    const texts = [body.current.values.section_1, body.yours.values.section_1].sort();
    expect(texts).toEqual(["Bản của tab A", "Bản của tab B"]);
    // The stored draft is the winner's, untouched by the loser.
    const stored = await db
      .prepare("select content, revision from report_drafts where obligation_id = ?")
      .bind(ob.id)
      .first<{ content: string; revision: number }>();
    expect(stored!.revision).toBe(base + 1);
    expect(JSON.parse(stored!.content).section_1).toBe(body.current.values.section_1);
  });

  it("a stale save from the page shows both versions, and saving again keeps the person's text", async () => {
    const ob = editable[1]!;
    const s = await sessionOf(`p-bithu-${ob.organisation_id}`, T);
    const current = await db
      .prepare("select revision from report_drafts where obligation_id = ?")
      .bind(ob.id)
      .first<{ revision: number }>();
    const stale = String(current!.revision - 1);
    const res = await call("POST", `/bao-cao/${ob.id}/nhap`, {
      session: s,
      html: true,
      form: { section_1: "Bản mới của tôi", baseRevision: stale },
    });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("Có người khác vừa lưu bản nháp");
    expect(html).toContain("Bản mới của tôi");
    expect(html).toMatch(/Bản của tab [AB]/);
    const rev = /name="baseRevision" value="(\d+)"/.exec(html)?.[1];
    expect(rev).toBe(String(current!.revision));
    const again = await call("POST", `/bao-cao/${ob.id}/nhap`, {
      session: s,
      html: true,
      form: { section_1: "Bản mới của tôi", baseRevision: rev! },
    });
    expect(again.status).toBe(303);
  });

  it("refuses keys the form does not have, field by field, and writes nothing", async () => {
    const ob = editable[2]!;
    const s = await sessionOf(`p-bithu-${ob.organisation_id}`, T);
    const before = await db
      .prepare("select content, revision from report_drafts where obligation_id = ?")
      .bind(ob.id)
      .first();
    const res = await call("PUT", `/api/obligations/${ob.id}/draft`, {
      session: s,
      json: {
        values: { coverage_pct: 150, nonsense: 1, section_1: { html: 1 } },
        baseRevision: await draftRev(ob.id),
      },
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { fields: { field: string; message: string }[] } };
    const fields = Object.fromEntries(body.error.fields.map((f) => [f.field, f.message]));
    expect(fields.nonsense).toBe("Mục này không có trong biểu mẫu");
    expect(fields.section_1).toContain("phải là văn bản");
    expect(
      await db
        .prepare("select content, revision from report_drafts where obligation_id = ?")
        .bind(ob.id)
        .first(),
    ).toEqual(before);
  });
});

describe("submitting", () => {
  it("bad values are rejected with field-level messages next to each field, nothing written", async () => {
    const ob = editable[2]!;
    const s = await sessionOf(`p-bithu-${ob.organisation_id}`, T);
    const bad = {
      ...fullValues(),
      section_4: "  ",
      coverage_pct: 101,
      plan_issued: { answer: true, documentRef: "" },
    };
    const api = await call("POST", `/api/obligations/${ob.id}/submit`, { session: s, json: { values: bad } });
    expect(api.status).toBe(422);
    const body = (await api.json()) as {
      error: { code: string; fields: { field: string; message: string }[] };
    };
    expect(body.error.code).toBe("validation_failed");
    const fields = Object.fromEntries(body.error.fields.map((f) => [f.field, f.message]));
    expect(fields.section_4).toBe("Bắt buộc nhập");
    expect(fields.coverage_pct).toMatch(/từ 0 đến 100/);
    expect(fields["plan_issued.documentRef"]).toBe("Bắt buộc nhập số hiệu văn bản");

    const page = await call("POST", `/bao-cao/${ob.id}/nop`, {
      session: s,
      html: true,
      form: { ...fullForm(), section_4: "", coverage_pct: "abc" },
    });
    expect(page.status).toBe(422);
    const html = await page.text();
    expect(html).toContain('id="err-section_4"');
    expect(html).toMatch(/id="f-section_4"[^>]*aria-describedby="err-section_4/);
    expect(html).toMatch(/id="f-coverage_pct"[^>]*aria-describedby="err-coverage_pct/);
    expect(html).toContain("Nội dung mục 1"); // what was typed is kept
    expect(await count("select count(*) n from report_versions where obligation_id = ?", ob.id)).toBe(0);
    expect((await obligation(ob.id)).status).toBe(ob.status);
  });

  it("on time: submits, redirects to the receipt, mails the receipt once per person", async () => {
    const ob = editable[3]!;
    const s = await sessionOf(`p-bithu-${ob.organisation_id}`, T);
    const res = await call("POST", `/bao-cao/${ob.id}/nop`, {
      session: s,
      html: true,
      form: { ...fullForm(), baseRevision: String(await draftRev(ob.id)) },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/bao-cao/${ob.id}/bien-nhan`);
    const version = await db
      .prepare("select id, receipt_no, on_time, content from report_versions where obligation_id = ?")
      .bind(ob.id)
      .first<{ id: string; receipt_no: string; on_time: number; content: string }>();
    expect(version!.on_time).toBe(1);
    expect(JSON.parse(version!.content).coverage_pct).toBe(94.5);
    // Indicator values mapped by code (coverage, insured; "population" has no indicator).
    const ind = await db
      .prepare("select indicator_id, value from indicator_values where version_id = ? order by indicator_id")
      .bind(version!.id)
      .all<{ indicator_id: string; value: number }>();
    expect(ind.results).toEqual([
      { indicator_id: "ind-coverage", value: 94.5 },
      { indicator_id: "ind-insured", value: 950 },
    ]);
    const receipt = await (
      await call("GET", `/bao-cao/${ob.id}/bien-nhan`, { session: s, html: true })
    ).text();
    expect(receipt).toContain("Đã nộp báo cáo");
    expect(receipt).toContain(version!.receipt_no);
    expect(receipt).toContain("24/11/2026 10:00");
    expect(receipt).toContain("Đúng hạn");
    const mails = await db
      .prepare(
        "select id, idempotency_key, to_address, subject, status from notifications where obligation_id = ? and template = 'report_received'",
      )
      .bind(ob.id)
      .all<{ id: string; idempotency_key: string; to_address: string; subject: string; status: string }>();
    // Recorded before the answer (so never lost); sent after it.
    expect(mails.results).toHaveLength(1); // the submitter is the secretary
    expect(mails.results[0]!.idempotency_key).toBe(`receipt:${version!.id}:p-bithu-${ob.organisation_id}`);
    expect(mails.results[0]!.subject).toContain(version!.receipt_no);
    await mailSettled(mails.results[0]!.to_address);
    expect(
      await count(
        "select count(*) n from notifications where id = ? and status = 'sent'",
        mails.results[0]!.id,
      ),
    ).toBe(1);
    expect(
      await count(
        "select count(*) n from outbox_messages where to_address = ? and subject like ?",
        mails.results[0]!.to_address,
        `%${version!.receipt_no}%`,
      ),
    ).toBe(1);
    // The page is now read-only.
    const page = await (await call("GET", `/bao-cao/${ob.id}`, { session: s, html: true })).text();
    expect(page).not.toContain('id="report-form"');
    expect(page).toContain("Đã nộp");
  });

  it("after the deadline the submission is marked late, by how many days", async () => {
    const ob = editable[4]!;
    const at = instantAt(addDays(ob.effective_due_on, 3), 15, 30);
    await pinClock(at);
    const s = await sessionOf(`p-bithu-${ob.organisation_id}`, at);
    const res = await call("POST", `/api/obligations/${ob.id}/submit`, {
      session: s,
      json: { values: fullValues(), baseRevision: await draftRev(ob.id) },
    });
    expect(res.status).toBe(201);
    const { receipt } = (await res.json()) as {
      receipt: { onTime: boolean; daysLate: number; receiptNo: string };
    };
    expect(receipt.onTime).toBe(false);
    expect(receipt.daysLate).toBe(3);
    const row = await obligation(ob.id);
    expect(row.status).toBe("submitted");
    expect(
      (await db
        .prepare("select on_time from obligations where id = ?")
        .bind(ob.id)
        .first<{ on_time: number }>())!.on_time,
    ).toBe(0);
    const html = await (await call("GET", `/bao-cao/${ob.id}/bien-nhan`, { session: s, html: true })).text();
    expect(html).toContain("Nộp muộn 3 ngày");
  });

  it("submitting twice at once is one submission with one receipt", async () => {
    const ob = editable[5]!;
    const s = await sessionOf(`p-bithu-${ob.organisation_id}`, T);
    const baseRevision = await draftRev(ob.id);
    const [a, b] = await Promise.all([
      call("POST", `/api/obligations/${ob.id}/submit`, {
        session: s,
        json: { values: fullValues(), baseRevision },
      }),
      call("POST", `/api/obligations/${ob.id}/submit`, {
        session: s,
        json: { values: fullValues(), baseRevision },
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const ra = ((await a.json()) as { receipt: { receiptNo: string; versionId: string } }).receipt;
    const rb = ((await b.json()) as { receipt: { receiptNo: string; versionId: string } }).receipt;
    expect(ra.receiptNo).toBe(rb.receiptNo);
    expect(ra.versionId).toBe(rb.versionId);
    expect(await count("select count(*) n from report_versions where obligation_id = ?", ob.id)).toBe(1);
    expect(
      await count(
        "select count(*) n from notifications where obligation_id = ? and template = 'report_received'",
        ob.id,
      ),
    ).toBe(1);
    // A third, from the page (another tab), with the same text lands on the same receipt.
    const page = await call("POST", `/bao-cao/${ob.id}/nop`, {
      session: s,
      html: true,
      form: { ...fullForm(), coverage_pct: "95", baseRevision: String(baseRevision) },
    });
    expect(page.status).toBe(303);
    expect(await count("select count(*) n from report_versions where obligation_id = ?", ob.id)).toBe(1);
    // Drafts can no longer be saved.
    const draft = await call("PUT", `/api/obligations/${ob.id}/draft`, {
      session: s,
      json: { values: { section_1: "x" }, baseRevision: 0 },
    });
    expect(draft.status).toBe(409);
  });

  it("a reporter may draft but not submit when the schedule does not allow it", async () => {
    const s = await sessionOf("p-vanphong-hn", T);
    const save = await call("PUT", `/api/obligations/${HN}/draft`, {
      session: s,
      json: {
        values: { section_1: "Văn phòng soạn" },
        baseRevision:
          (
            await db
              .prepare("select revision from report_drafts where obligation_id = ?")
              .bind(HN)
              .first<{ revision: number }>()
          )?.revision ?? 0,
      },
    });
    expect(save.status).toBe(200);
    const res = await call("POST", `/api/obligations/${HN}/submit`, {
      session: s,
      json: { values: fullValues() },
    });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("reporter_may_not_submit");
    expect(body.error.message).toContain("không được nộp");
    expect(await count("select count(*) n from report_versions where obligation_id = ?", HN)).toBe(0);
  });
});

// A 1x1 PNG and the start of a PDF.
const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1,
  8, 6, 0, 0, 0,
]);
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

async function upload(s: Session, obligationId: string, bytes: Uint8Array, name: string, type: string) {
  const fd = new FormData();
  fd.set("_csrf", s.csrf);
  fd.set("file", new File([bytes], name, { type }));
  const { exports } = await import("cloudflare:workers");
  return exports.default.fetch(`http://localhost/bao-cao/${obligationId}/tep`, {
    method: "POST",
    headers: { cookie: s.cookie },
    body: fd,
    redirect: "manual",
  });
}

async function objectsFor(obligationId: string): Promise<number> {
  return (await env.FILES.list({ prefix: `obligations/${obligationId}/` })).objects.length;
}

describe("attachments", () => {
  it("stores a PDF in R2 and serves it back as a download", async () => {
    const s = await sessionOf("p-bithu-hn", T);
    const res = await upload(s, HN, PDF, "../Báo cáo <ký>.pdf", "application/pdf");
    expect(res.status).toBe(201);
    const { attachment } = (await res.json()) as {
      attachment: { id: string; filename: string; sha256: string };
    };
    expect(attachment.filename).toBe("Báo cáo _ký_.pdf");
    const row = await db
      .prepare("select object_key, size, content_type from attachments where id = ?")
      .bind(attachment.id)
      .first<{ object_key: string; size: number; content_type: string }>();
    expect(row).toEqual({
      object_key: `obligations/${HN}/${attachment.id}`,
      size: PDF.byteLength,
      content_type: "application/pdf",
    });
    expect(
      await count(
        "select count(*) n from audit_events where action = 'attachment.uploaded' and entity_id = ?",
        HN,
      ),
    ).toBe(1);
    const get = await call("GET", `/tep/${attachment.id}`, { session: s });
    expect(get.status).toBe(200);
    expect(get.headers.get("content-type")).toBe("application/pdf");
    expect(get.headers.get("x-content-type-options")).toBe("nosniff");
    expect(get.headers.get("content-disposition")).toMatch(
      /^attachment; filename="Bao cao _ky_.pdf"; filename\*=UTF-8''/,
    );
    expect(new Uint8Array(await get.arrayBuffer())).toEqual(PDF);
    const page = await (await call("GET", `/bao-cao/${HN}`, { session: s, html: true })).text();
    expect(page).toContain(`href="/tep/${attachment.id}"`);
  });

  it("decides the type from the bytes: a PNG named .pdf is stored as PNG", async () => {
    const s = await sessionOf("p-bithu-hn", T);
    const res = await upload(s, HN, PNG, "scan.pdf", "application/pdf");
    expect(res.status).toBe(201);
    const { attachment } = (await res.json()) as { attachment: { filename: string; contentType: string } };
    expect(attachment.contentType).toBe("image/png");
    expect(attachment.filename).toBe("scan.png");
  });

  it("refuses a file of the wrong type or too big, storing nothing", async () => {
    const s = await sessionOf("p-bithu-hn", T);
    const rows = await count("select count(*) n from attachments where obligation_id = ?", HN);
    const objects = await objectsFor(HN);
    const html = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    const wrong = await upload(s, HN, html, "bao-cao.pdf", "application/pdf");
    expect(wrong.status).toBe(422);
    const w = (await wrong.json()) as { error: { message: string; fields: { field: string }[] } };
    expect(w.error.message).toContain("Chỉ nhận tệp PDF, JPEG hoặc PNG");
    expect(w.error.fields[0]!.field).toBe("file");
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF);
    const tooBig = await upload(s, HN, big, "lon.pdf", "application/pdf");
    expect(tooBig.status).toBe(422);
    expect(((await tooBig.json()) as { error: { message: string } }).error.message).toContain("Tệp quá lớn");
    expect(await count("select count(*) n from attachments where obligation_id = ?", HN)).toBe(rows);
    expect(await objectsFor(HN)).toBe(objects);
  });
});

describe("JSON", () => {
  it("GET /api/obligations/:id gives the obligation, its form and the draft", async () => {
    const s = await sessionOf("p-bithu-hn", T);
    const res = await call("GET", `/api/obligations/${HN}`, { session: s });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      obligation: { id: string; status: string };
      form: { items: unknown[] };
      draft: { values: Record<string, unknown>; revision: number } | null;
      attachments: unknown[];
    };
    expect(body.obligation.id).toBe(HN);
    expect(body.form.items).toHaveLength(DIRECTIVE_52_FORM.items.length);
    expect(body.draft?.values.section_1).toBe("Văn phòng soạn");
    expect(body.attachments.length).toBeGreaterThanOrEqual(2);
  });

  it("GET /api/my/obligations lists the person's own organisations' open obligations, due date first", async () => {
    const s = await sessionOf("p-bithu-hn", T);
    const body = (await (await call("GET", "/api/my/obligations", { session: s })).json()) as {
      obligations: { id: string; organisation: { id: string }; effectiveDueOn: string }[];
    };
    expect(body.obligations.map((o) => o.id)).toContain(HN);
    expect(new Set(body.obligations.map((o) => o.organisation.id))).toEqual(new Set(["hn"]));
    const dues = body.obligations.map((o) => o.effectiveDueOn);
    expect(dues).toEqual([...dues].sort());
    expect((await call("GET", "/api/my/obligations")).status).toBe(401);
  });
});

describe("another organisation", () => {
  it("is refused everywhere and nothing changes", async () => {
    const s = await sessionOf("p-bithu-hp", T);
    const before = await obligation(HN);
    const draftBefore = await db
      .prepare("select revision, content from report_drafts where obligation_id = ?")
      .bind(HN)
      .first();
    const attBefore = await count("select count(*) n from attachments where obligation_id = ?", HN);
    const att = await db
      .prepare("select id from attachments where obligation_id = ? limit 1")
      .bind(HN)
      .first<{ id: string }>();
    const answers = [
      await call("GET", `/bao-cao/${HN}`, { session: s, html: true }),
      await call("GET", `/bao-cao/${HN}/bien-nhan`, { session: s, html: true }),
      await call("GET", `/api/obligations/${HN}`, { session: s }),
      await call("PUT", `/api/obligations/${HN}/draft`, {
        session: s,
        json: { values: { section_1: "x" }, baseRevision: 0 },
      }),
      await call("POST", `/bao-cao/${HN}/nhap`, { session: s, form: { section_1: "x", baseRevision: "0" } }),
      await call("POST", `/api/obligations/${HN}/submit`, { session: s, json: { values: fullValues() } }),
      await call("POST", `/bao-cao/${HN}/nop`, { session: s, form: fullForm() }),
      await upload(s, HN, PDF, "x.pdf", "application/pdf"),
      await call("GET", `/tep/${att!.id}`, { session: s }),
    ];
    expect(answers.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403, 403, 403]);
    expect(await obligation(HN)).toEqual(before);
    expect(
      await db
        .prepare("select revision, content from report_drafts where obligation_id = ?")
        .bind(HN)
        .first(),
    ).toEqual(draftBefore);
    expect(await count("select count(*) n from attachments where obligation_id = ?", HN)).toBe(attBefore);
    expect(await count("select count(*) n from report_versions where obligation_id = ?", HN)).toBe(0);
    // Unknown ids are 404, and anonymous requests are not let in.
    expect((await call("GET", "/api/obligations/o_nothing", { session: s })).status).toBe(404);
    expect((await call("GET", "/tep/att_nothing", { session: s })).status).toBe(404);
    expect((await call("GET", `/api/obligations/${HN}`)).status).toBe(401);
  });
});
