/**
 * Nothing a reporter writes is ever lost, on the demo data in workerd with D1:
 * drafts keep raw input; submit is a compare-and-set on the draft revision (stale -> 409 with
 * both texts, N parallel submits -> one version per obligation, no receipt for dropped text);
 * Vietnamese numbers and the form's cross-field rules; text refused or normalised at the edge;
 * bounded error bodies and body limits.
 */
import { env } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setClockOffset } from "../../src/clock";
import { seedDemo } from "../../src/demo/seed";
import { call, count, type Session } from "../support/auth-fixtures";
import { demoSession as sessionOf } from "../support/demo-sessions";
import { directive52Values } from "../support/directive52-values";

const T = Date.UTC(2026, 10, 24, 3);
const db = env.DB;
const H2 = "sch-52-6m-2026-h2";

const fullValues = (extra: Record<string, unknown> = {}) => directive52Values(extra);

function fullForm(extra: Record<string, string> = {}): Record<string, string> {
  const f: Record<string, string> = {
    plan_issued: "yes",
    "plan_issued.documentRef": "12-KH/TU",
    inspection_done: "no",
    "inspection_done.documentRef": "",
    dissemination_sessions: "3",
    population: "1.000",
    insured_people: "950",
    coverage_pct: "95",
    difficulties: "",
  };
  for (let i = 1; i <= 7; i++) f[`section_${i}`] = `Nội dung mục ${i}`;
  return { ...f, ...extra };
}

async function draftOf(id: string): Promise<{ content: string; revision: number } | null> {
  return db
    .prepare("select content, revision from report_drafts where obligation_id = ?")
    .bind(id)
    .first<{ content: string; revision: number }>();
}

interface SubmitAnswer {
  receipt?: { versionId: string };
  current: { values: Record<string, unknown> };
  yours: { values: Record<string, unknown> };
}

let obligations: { id: string; organisation_id: string }[] = [];
let next = 0;
/** A fresh editable obligation and its secretary for each test. */
async function fresh(): Promise<{ id: string; s: Session; rev: number }> {
  const ob = obligations[next++];
  if (!ob) throw new Error("out of demo obligations");
  const s = await sessionOf(`p-bithu-${ob.organisation_id}`);
  return { id: ob.id, s, rev: (await draftOf(ob.id))?.revision ?? 0 };
}

beforeAll(async () => {
  await seedDemo(db, T);
  const { results } = await db
    .prepare(
      `select ob.id, ob.organisation_id from obligations ob join people p on p.id = 'p-bithu-' || ob.organisation_id
       where ob.period_id = ? and ob.status in ('pending','draft') and ob.organisation_id != 'hn'
         and not exists (select 1 from memberships m where m.organisation_id = ob.organisation_id and m.role = 'reporter')
       order by ob.organisation_id`,
    )
    .bind(H2)
    .all<{ id: string; organisation_id: string }>();
  obligations = results;
  expect(obligations.length).toBeGreaterThanOrEqual(12);
});

beforeEach(async () => {
  await setClockOffset(db, T - Date.now());
});

describe("drafts keep whatever was typed", () => {
  it("an invalid integer and a long paragraph: both saved as typed, the issue reported, not blocking", async () => {
    const { id, s, rev } = await fresh();
    const paragraph = "Đoạn văn dài về phát triển người tham gia BHYT hộ gia đình. ".repeat(330); // ~20,000 chars
    const res = await call("PUT", `/api/obligations/${id}/draft`, {
      session: s,
      json: {
        values: { dissemination_sessions: "2.5", section_1: paragraph.slice(0, 20_000) },
        baseRevision: rev,
      },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { revision: number; fields: { field: string; message: string }[] };
    expect(body.revision).toBe(rev + 1);
    expect(body.fields).toEqual([
      { field: "dissemination_sessions", message: "Số hội nghị quán triệt phải là số nguyên" },
    ]);
    const stored = JSON.parse((await draftOf(id))!.content);
    expect(stored.dissemination_sessions).toBe("2.5");
    expect(stored.section_1).toBe(paragraph.slice(0, 20_000));
    // The page shows the typed text and the reason next to the field.
    const html = await (await call("GET", `/bao-cao/${id}`, { session: s, html: true })).text();
    expect(html).toMatch(/id="f-dissemination_sessions"[^>]*value="2.5"/);
    expect(html).toContain('id="err-dissemination_sessions"');
    expect(html).toContain("còn 1 mục cần sửa trước khi nộp");
  });

  it("'Lưu nháp' without JavaScript saves an invalid field too, and the next page says what to fix", async () => {
    const { id, s, rev } = await fresh();
    const res = await call("POST", `/bao-cao/${id}/nhap`, {
      session: s,
      html: true,
      form: {
        ...fullForm({ coverage_pct: "abc", "plan_issued.documentRef": "QD" }),
        baseRevision: String(rev),
      },
    });
    expect(res.status).toBe(303);
    const stored = JSON.parse((await draftOf(id))!.content);
    expect(stored.coverage_pct).toBe("abc");
    expect(stored.plan_issued).toEqual({ answer: true, documentRef: "QD" });
    const html = await (await call("GET", `/bao-cao/${id}?da-luu=1`, { session: s, html: true })).text();
    expect(html).toContain("Đã lưu bản nháp lúc");
    expect(html).toContain('id="err-coverage_pct"');
    expect(html).toContain('id="err-plan_issued-documentRef"');
  });
});

describe("submit is a compare-and-set on the draft revision", () => {
  it("API: a submit made from an older draft answers 409 with both texts and changes nothing", async () => {
    const { id, s, rev } = await fresh();
    const saved = await call("PUT", `/api/obligations/${id}/draft`, {
      session: s,
      json: { values: { section_1: "Đoạn văn mới của tab A" }, baseRevision: rev },
    });
    expect(saved.status).toBe(200);
    const res = await call("POST", `/api/obligations/${id}/submit`, {
      session: s,
      json: { values: fullValues({ section_1: "Bản cũ của tab B" }), baseRevision: rev },
    });
    expect(res.status).toBe(409);
    const body = (await res.json()) as {
      error: { code: string; kind: string };
      current: { values: Record<string, unknown>; revision: number };
      yours: { values: Record<string, unknown>; baseRevision: number };
    };
    expect(body.error).toMatchObject({ code: "submit_conflict", kind: "draft_changed" });
    expect(body.current.values.section_1).toBe("Đoạn văn mới của tab A");
    expect(body.current.revision).toBe(rev + 1);
    expect(body.yours.values.section_1).toBe("Bản cũ của tab B");
    expect(await count("select count(*) n from report_versions where obligation_id = ?", id)).toBe(0);
    expect(JSON.parse((await draftOf(id))!.content).section_1).toBe("Đoạn văn mới của tab A");
    // With the current revision the same text goes in, and the draft it replaces is kept in the audit.
    const ok = await call("POST", `/api/obligations/${id}/submit`, {
      session: s,
      json: { values: fullValues({ section_1: "Bản cũ của tab B" }), baseRevision: rev + 1 },
    });
    expect(ok.status).toBe(201);
    const audit = await db
      .prepare("select data from audit_events where action = 'report.submitted' and entity_id = ?")
      .bind(id)
      .first<{ data: string }>();
    const data = JSON.parse(audit!.data) as { replacedDraft: { revision: number; content: string } };
    expect(data.replacedDraft.revision).toBe(rev + 1);
    expect(JSON.parse(data.replacedDraft.content).section_1).toBe("Đoạn văn mới của tab A");
    expect(await draftOf(id)).toBeNull();
  });

  it("page: a stale tab's 'Nộp báo cáo' shows both texts with the person's own in the form", async () => {
    const { id, s, rev } = await fresh();
    await call("PUT", `/api/obligations/${id}/draft`, {
      session: s,
      json: { values: { section_2: "Tab A đã lưu đoạn này" }, baseRevision: rev },
    });
    const res = await call("POST", `/bao-cao/${id}/nop`, {
      session: s,
      html: true,
      form: { ...fullForm({ section_2: "Tab B gõ đoạn khác" }), baseRevision: String(rev) },
    });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("Bản nháp đã thay đổi sau khi đồng chí mở trang");
    expect(html).toContain("Tab A đã lưu đoạn này");
    expect(html).toMatch(/<textarea[^>]*id="f-section_2"[^>]*>Tab B gõ đoạn khác<\/textarea>/);
    expect(html).toContain(`name="baseRevision" value="${rev + 1}"`);
    expect(await count("select count(*) n from report_versions where obligation_id = ?", id)).toBe(0);
  });

  it("N parallel submits of different texts: one version, one receipt per text that went in, 409 for the rest", async () => {
    const { id, s, rev } = await fresh();
    const texts = ["A", "B", "C", "D"].map((k) => `Bản ${k}: nội dung khác nhau`);
    // Two submits of each text, all at once, all from the same revision.
    const bodies = [...texts, ...texts].map((t) => fullValues({ section_3: t }));
    const answers = await Promise.all(
      bodies.map((values) =>
        call("POST", `/api/obligations/${id}/submit`, { session: s, json: { values, baseRevision: rev } }),
      ),
    );
    const parsed = await Promise.all(
      answers.map(async (r) => ({ status: r.status, body: (await r.json()) as SubmitAnswer })),
    );
    expect(await count("select count(*) n from report_versions where obligation_id = ?", id)).toBe(1);
    const version = await db
      .prepare("select id, content, receipt_no from report_versions where obligation_id = ?")
      .bind(id)
      .first<{ id: string; content: string; receipt_no: string }>();
    const winner = JSON.parse(version!.content).section_3 as string;
    expect(texts).toContain(winner);
    parsed.forEach((p, i) => {
      const mine = bodies[i]!.section_3;
      if (mine === winner) {
        // Only the text that went in gets a receipt (the same one for both of its submits).
        expect([200, 201]).toContain(p.status);
        expect(p.body.receipt?.versionId).toBe(version!.id);
      } else {
        expect(p.status).toBe(409);
        expect(p.body.receipt).toBeUndefined();
        expect(p.body.current.values.section_3).toBe(winner);
        expect(p.body.yours.values.section_3).toBe(mine);
      }
    });
    expect(parsed.filter((p) => p.status === 201)).toHaveLength(1);
    // One receipt email per person, for the version that exists.
    const receipts = await db
      .prepare(
        "select count(*) n, count(distinct idempotency_key) k from notifications where obligation_id = ? and template = 'report_received'",
      )
      .bind(id)
      .first<{ n: number; k: number }>();
    expect(receipts!.n).toBe(receipts!.k);
    expect(
      await count(
        "select count(*) n from notifications where obligation_id = ? and template = 'report_received' and idempotency_key not like ?",
        id,
        `receipt:${version!.id}:%`,
      ),
    ).toBe(0);
  });

  it("only a byte-identical resubmission gets the existing receipt; a different one is a 409, also on the page", async () => {
    const { id, s, rev } = await fresh();
    const first = await call("POST", `/api/obligations/${id}/submit`, {
      session: s,
      json: { values: fullValues(), baseRevision: rev },
    });
    expect(first.status).toBe(201);
    const receipt = ((await first.json()) as { receipt: { receiptNo: string } }).receipt;
    const again = await call("POST", `/api/obligations/${id}/submit`, {
      session: s,
      json: { values: fullValues(), baseRevision: rev },
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { receipt: { receiptNo: string } }).receipt.receiptNo).toBe(
      receipt.receiptNo,
    );
    const other = await call("POST", `/api/obligations/${id}/submit`, {
      session: s,
      json: { values: fullValues({ section_5: "Khác một chữ" }), baseRevision: rev },
    });
    expect(other.status).toBe(409);
    expect(((await other.json()) as { error: { kind: string } }).error.kind).toBe("already_submitted");
    const page = await call("POST", `/bao-cao/${id}/nop`, {
      session: s,
      html: true,
      form: { ...fullForm({ section_5: "Khác một chữ" }), baseRevision: String(rev) },
    });
    expect(page.status).toBe(409);
    const html = await page.text();
    expect(html).toContain("Báo cáo đã được nộp với nội dung khác");
    expect(html).toContain("Khác một chữ");
    expect(html).toContain("Nội dung mục 5");
    expect(await count("select count(*) n from report_versions where obligation_id = ?", id)).toBe(1);
  });
});

describe("numbers as Vietnamese people write them", () => {
  it("'95,54', '8.700.000' and the plain forms are accepted on submit and shown vi-VN", async () => {
    const { id, s, rev } = await fresh();
    const res = await call("POST", `/bao-cao/${id}/nop`, {
      session: s,
      html: true,
      form: {
        ...fullForm({ population: "8.700.000", insured_people: "8312000", coverage_pct: "95,54" }),
        baseRevision: String(rev),
      },
    });
    expect(res.status).toBe(303);
    const version = await db
      .prepare("select content from report_versions where obligation_id = ?")
      .bind(id)
      .first<{ content: string }>();
    const values = JSON.parse(version!.content);
    expect([values.population, values.insured_people, values.coverage_pct]).toEqual([
      8_700_000, 8_312_000, 95.54,
    ]);
    const html = await (await call("GET", `/bao-cao/${id}`, { session: s, html: true })).text();
    expect(html).toContain("8.700.000 người");
    expect(html).toContain("8.312.000 người");
    expect(html).toContain("95,54 %");
  });

  it("cross-field rules: insured above population and a rate that does not match are refused in Vietnamese", async () => {
    const { id, s, rev } = await fresh();
    const res = await call("POST", `/api/obligations/${id}/submit`, {
      session: s,
      json: {
        values: fullValues({ population: "1.000", insured_people: "1.200", coverage_pct: 100 }),
        baseRevision: rev,
      },
    });
    expect(res.status).toBe(422);
    const fields = ((await res.json()) as { error: { fields: { field: string; message: string }[] } }).error
      .fields;
    expect(fields).toContainEqual({
      field: "insured_people",
      message: "Số người tham gia BHYT (1.200 người) không được lớn hơn Dân số (1.000 người)",
    });
    const rate = await call("POST", `/api/obligations/${id}/submit`, {
      session: s,
      json: { values: fullValues({ coverage_pct: "90,5" }), baseRevision: rev },
    });
    expect(rate.status).toBe(422);
    const rateFields = ((await rate.json()) as { error: { fields: { field: string; message: string }[] } })
      .error.fields;
    expect(rateFields).toEqual([
      {
        field: "coverage_pct",
        message:
          "Tỷ lệ bao phủ BHYT (90,5 %) không khớp với Số người tham gia BHYT chia Dân số: 95 % (chênh lệch cho phép 0,5)",
      },
    ]);
    expect(await count("select count(*) n from report_versions where obligation_id = ?", id)).toBe(0);
  });
});

describe("text every output can carry", () => {
  it("a U+FFFF or a control character is refused at the edge with 422 naming the field; nothing written", async () => {
    const { id, s, rev } = await fresh();
    const before = await draftOf(id);
    for (const bad of ["ab\uffffcd", "x\u0001y", "lone \ud800 half", "\ufdd0"]) {
      const res = await call("PUT", `/api/obligations/${id}/draft`, {
        session: s,
        json: { values: { section_1: bad }, baseRevision: rev },
      });
      expect(res.status).toBe(422);
      const body = (await res.json()) as {
        error: { code: string; fields: { field: string; message: string }[] };
      };
      expect(body.error.code).toBe("invalid_characters");
      expect(body.error.fields[0]!.field).toBe("values.section_1");
      expect(body.error.fields[0]!.message).toMatch(/Có ký tự không hợp lệ \(U\+[0-9A-F]{4}\) ở vị trí \d+/);
    }
    const page = await call("POST", `/bao-cao/${id}/nhap`, {
      session: s,
      form: { section_2: "có \uffff ở giữa", baseRevision: String(rev) },
    });
    expect(page.status).toBe(422);
    expect(((await page.json()) as { error: { fields: { field: string }[] } }).error.fields[0]!.field).toBe(
      "section_2",
    );
    expect(await draftOf(id)).toEqual(before);
  });

  it("input is normalised to NFC (decomposed Vietnamese is stored precomposed)", async () => {
    const { id, s, rev } = await fresh();
    const decomposed = "Đảng ủy".normalize("NFD") + " triển khai".normalize("NFD");
    expect(decomposed).not.toBe(decomposed.normalize("NFC"));
    const res = await call("PUT", `/api/obligations/${id}/draft`, {
      session: s,
      json: { values: { section_4: decomposed }, baseRevision: rev },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse((await draftOf(id))!.content).section_4).toBe("Đảng ủy triển khai");
  });
});

describe("bounded error bodies and body limits", () => {
  it("thousands of unknown keys: at most 50 listed, the rest counted, a small answer", async () => {
    const { id, s, rev } = await fresh();
    const values: Record<string, number> = {};
    for (let i = 0; i < 40_000; i++) values[`k${i}`] = 1;
    const res = await call("PUT", `/api/obligations/${id}/draft`, {
      session: s,
      json: { values, baseRevision: rev },
    });
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(text.length).toBeLessThan(10_000);
    const body = JSON.parse(text) as { error: { fields: unknown[]; moreFields: number } };
    expect(body.error.fields).toHaveLength(50);
    expect(body.error.moreFields).toBe(40_000 - 50);
  });

  it("a body over the route's limit is refused with 413 before it is read into the form", async () => {
    const { id, s, rev } = await fresh();
    const res = await call("PUT", `/api/obligations/${id}/draft`, {
      session: s,
      json: { values: { section_1: "a".repeat(1_100_000) }, baseRevision: rev },
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string; message: string } }).error.message).toContain(
      "tối đa 1.024 KB",
    );
    // Elsewhere the default limit is 256 KB.
    const plan = await call("POST", "/api/plans", {
      session: s,
      json: { organisationId: "x", title: "a".repeat(300_000) },
    });
    expect(plan.status).toBe(413);
  });

  it("the OpenAPI description documents the body limits per route", async () => {
    const doc = (await (await call("GET", "/api/openapi.json")).json()) as {
      info: { description: string };
      paths: Record<string, Record<string, { description?: string }>>;
    };
    expect(doc.info.description).toContain("256 KB");
    expect(doc.paths["/api/obligations/{id}/draft"]!.put!.description).toContain("1.024 KB");
  });
});
