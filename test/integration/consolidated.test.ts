/** The consolidated report: preview, dated snapshot, audited edits, scope, and the .docx read back. */
import { env } from "cloudflare:test";
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { xmlEscape } from "../../src/documents/docx";
import type { ConsolidatedContent } from "../../src/features/monitoring";
import { call, type Session } from "../support/auth-fixtures";
import { demoWithSessions } from "../support/demo-sessions";

const NOW = Date.UTC(2026, 10, 24, 3);
const PERIOD = "sch-52-6m-2026-h1";

/** JSON requests as `session` (the shared `call`, asking for JSON). */
const request = (method: string, path: string, session: Session, json?: unknown) =>
  call(method, path, { session, json, headers: { accept: "application/json" } });

describe("consolidated report", () => {
  let staff: Session;
  let staffHn: Session;
  let viewerHn: Session;

  beforeAll(async () => {
    ({ staff, staffHn, viewerHn } = await demoWithSessions(NOW, {
      staff: "p-canbo",
      staffHn: "p-canbo-hn",
      viewerHn: "p-xem-hn",
    }));
  });

  it("compiles rates, narratives per section with who said what, and the organisations not reported", async () => {
    const res = await request("GET", `/tong-hop?period=${PERIOD}&org=tw&format=json`, staff);
    expect(res.status).toBe(200);
    const { content } = (await res.json()) as { content: ConsolidatedContent };
    expect(content.totals.expected).toBe(40);
    expect(content.sections.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const accepted = await env.DB.prepare(
      "select count(*) as n from obligations where period_id = ? and status in ('accepted','submitted')",
    )
      .bind(PERIOD)
      .first<{ n: number }>();
    expect(content.sections[0]!.entries).toHaveLength(accepted!.n);
    expect(content.notReported).toHaveLength(content.totals.missing);
    const submitted = content.sections[0]!.entries.filter((e) => e.status === "submitted").length;
    const rows = await env.DB.prepare(
      "select count(*) as n from obligations where period_id = ? and status = 'submitted'",
    )
      .bind(PERIOD)
      .first<{ n: number }>();
    expect(submitted).toBe(rows!.n);
    expect(content.indicators.total.coverage).toBeGreaterThan(90);
  });

  it("refuses out of scope and lets viewers read but not save", async () => {
    expect((await request("GET", `/tong-hop?period=${PERIOD}&org=ct&format=json`, staffHn)).status).toBe(403);
    expect((await request("GET", `/tong-hop?period=${PERIOD}&org=hn&format=json`, viewerHn)).status).toBe(
      200,
    );
    expect((await request("POST", "/tong-hop", viewerHn, { period: PERIOD, org: "hn" })).status).toBe(403);
    expect((await request("POST", "/tong-hop", staffHn, { period: PERIOD, org: "ct" })).status).toBe(403);
    expect((await request("POST", "/tong-hop", staff, { period: "", org: "tw" })).status).toBe(422);
  });

  it("saves a snapshot, edits the summary (audited) and downloads a readable .docx", async () => {
    const created = await request("POST", "/tong-hop", staff, { period: PERIOD, org: "tw" });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const summary = 'Các cấp ủy <đã> triển khai "nghiêm túc" & kịp thời.\nĐề nghị Ban Bí thư chỉ đạo.';
    const edit = await request("POST", `/tong-hop/${id}`, staff, { summary, revision: 1 });
    expect(edit.status).toBe(200);
    expect((await request("POST", `/tong-hop/${id}`, staffHn, { summary: "x", revision: 2 })).status).toBe(
      403,
    );
    const audited = await env.DB.prepare(
      "select action from audit_events where entity_type = 'consolidated_report' and entity_id = ? order by at, action",
    )
      .bind(id)
      .all<{ action: string }>();
    expect(audited.results.map((r) => r.action).sort()).toEqual([
      "consolidated.created",
      "consolidated.edited",
    ]);

    const snap = (await (await request("GET", `/tong-hop/${id}?format=json`, staff)).json()) as {
      content: ConsolidatedContent;
    };
    expect(snap.content.summary).toBe(summary);

    const docx = await request("GET", `/tong-hop/${id}.docx`, staff);
    expect(docx.status).toBe(200);
    expect(docx.headers.get("content-type")).toContain("wordprocessingml");
    const files = unzipSync(new Uint8Array(await docx.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual([
      "[Content_Types].xml",
      "_rels/.rels",
      "word/_rels/document.xml.rels",
      "word/document.xml",
      "word/styles.xml",
    ]);
    const xml = strFromU8(files["word/document.xml"]!);
    expect(xml).toContain("ĐẢNG CỘNG SẢN VIỆT NAM");
    expect(xml).toContain("BÁO CÁO");
    expect(xml).toContain("Tổng hợp kết quả thực hiện Chỉ thị số 52-CT/TW");
    expect(xml).toContain("Nơi nhận:");
    for (const s of snap.content.sections) expect(xml).toContain(xmlEscape(`${s.number}. ${s.title}`));
    for (const m of snap.content.notReported) expect(xml).toContain(xmlEscape(m.organisationName));
    expect(snap.content.notReported.length).toBeGreaterThan(0);
    // XML special characters are escaped, never raw.
    expect(xml).toContain("Các cấp ủy &lt;đã&gt; triển khai &quot;nghiêm túc&quot; &amp; kịp thời.");
    expect(xml).not.toContain("<đã>");
    expect(snap.content.sections[0]!.entries.length).toBeGreaterThan(0);
    expect(xml).toContain(xmlEscape(snap.content.sections[0]!.entries[0]!.text));

    const page = await call("GET", `/tong-hop/${id}`, { session: staff, html: true });
    const html = await page.text();
    expect(html).toContain("ĐẢNG CỘNG SẢN VIỆT NAM");
    expect(html).toContain('<textarea id="summary"');
    expect((await request("GET", "/tong-hop/khong-co.docx", staff)).status).toBe(404);
  });
});
