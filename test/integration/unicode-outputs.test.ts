/**
 * Generated Unicode through every output: the edge refuses what XML 1.0 cannot carry (and
 * non-characters) and NFC-normalises the rest; whatever reaches the report is carried through
 * .docx (word/document.xml parsed back by a conforming XML parser, saxes), CSV (parsed back)
 * and email (HTML and text) — and the exporters strip defensively what older data may hold.
 */
import { env } from "cloudflare:test";
import fc from "fast-check";
import { strFromU8, unzipSync } from "fflate";
import { SaxesParser } from "saxes";
import { beforeAll, describe, expect, it } from "vitest";
import { reportReturnedEmail } from "../../emails";
import { buildDocx } from "../../src/documents/docx";
import { BOM, parseCsv, safeCellText, toCsv } from "../../src/domain/csv";
import { findBadCharacter, isAllowedCodePoint, normaliseText, stripForbidden } from "../../src/domain/text";
import { call, type Session } from "../support/auth-fixtures";
import { demoSession, seedDemoOnce } from "../support/demo-sessions";

/** Strings of any code points, with the troublesome ones (controls, U+FFFF, lone surrogates, combining marks) frequent. */
const nasty = fc.constantFrom(
  "\uffff",
  "\ufffe",
  "\u0000",
  "\u0008",
  "\u001f",
  "\ud800",
  "\udfff",
  "\ufdd0",
  "\u{1fffe}",
  "e\u0301",
  "\u1ec7",
  "e\u0323\u0302",
  "\r\n",
  "\t",
  "\u{1f600}",
  "\u200d",
  "<&>\"'",
  "]]>",
);
const unicodeText = fc
  .array(fc.oneof(fc.string({ unit: "binary", maxLength: 8 }), nasty, fc.string({ maxLength: 8 })), {
    maxLength: 12,
  })
  .map((parts) => parts.join(""));

/** The text of a WordprocessingML document, read by a conforming parser (throws on any well-formedness error). */
function docxText(bytes: Uint8Array): string {
  const xml = strFromU8(unzipSync(bytes)["word/document.xml"]!);
  const parser = new SaxesParser({ xmlns: false });
  let out = "";
  let inText = false;
  let error: Error | null = null;
  parser.on("error", (e) => {
    error ??= e;
  });
  parser.on("opentag", (t) => {
    if (t.name === "w:t") inText = true;
    if (t.name === "w:br") out += "\n";
    if (t.name === "w:p" && out !== "") out += "\n\n";
  });
  parser.on("closetag", (t) => {
    if (t.name === "w:t") inText = false;
  });
  parser.on("text", (text) => {
    if (inText) out += text;
  });
  parser.write(xml).close();
  if (error) throw error;
  return out;
}

describe("text functions", () => {
  it("findBadCharacter and stripForbidden agree with the code point rule", () => {
    fc.assert(
      fc.property(unicodeText, (s) => {
        const stripped = stripForbidden(s);
        expect(findBadCharacter(stripped)).toBeNull();
        const everyAllowed = [...s].every((ch) => isAllowedCodePoint(ch.codePointAt(0)!));
        expect(findBadCharacter(s) === null).toBe(everyAllowed);
        if (everyAllowed) expect(stripped).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
});

describe("generated Unicode through docx, CSV and email", () => {
  it("docx: word/document.xml is well-formed and carries exactly the allowed text", () => {
    fc.assert(
      fc.property(unicodeText, (s) => {
        const text = docxText(buildDocx([{ kind: "p", text: s }]));
        // Line breaks become <w:br/>; an XML parser reads a lone CR as LF.
        expect(text).toBe(stripForbidden(s).replace(/\r\n?/g, "\n"));
      }),
      { numRuns: 300 },
    );
  });

  it("CSV: the cell reads back as written, without forbidden characters", () => {
    fc.assert(
      fc.property(unicodeText, (s) => {
        const csv = toCsv(["Nội dung"], [[s]]);
        expect(findBadCharacter(csv.replace(BOM, ""))).toBeNull();
        const parsed = parseCsv(csv, { delimiter: "," });
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const cell = parsed.rows[0]?.cells[0] ?? "";
        // The parser does not tell an empty last row from none; otherwise the cell is exact.
        if (safeCellText(s) !== "") expect(cell).toBe(safeCellText(s));
        expect(findBadCharacter(cell)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it("email: subject, HTML and text carry no forbidden character and keep the rest", () => {
    fc.assert(
      fc.property(unicodeText, (s) => {
        const mail = reportReturnedEmail({
          recipientName: "Nguyễn Văn A",
          organisationName: "Thành ủy Huế",
          reportTitle: "Báo cáo 6 tháng",
          periodLabel: "6 tháng cuối năm 2026",
          dueOn: "2026-12-15",
          formUrl: "http://localhost/bao-cao/x",
          reviewerOrganisationName: "Ban Tuyên giáo và Dân vận Trung ương",
          comments: { general: s, sections: [{ title: s, comment: s }] },
        });
        for (const part of [mail.subject, mail.html, mail.text]) expect(findBadCharacter(part)).toBeNull();
        const kept = stripForbidden(s).trim();
        if (kept !== "" && !/[<>&"'\r\n\t]/.test(kept)) expect(mail.text).toContain(kept);
      }),
      { numRuns: 200 },
    );
  });
});

describe("report -> edge -> consolidated .docx, with generated narratives", () => {
  let s: Session;
  let obligationId: string;
  let revision = 0;

  /** The obligation's current draft revision (0 without a draft). */
  const draftRevision = async () =>
    (
      await env.DB.prepare("select revision from report_drafts where obligation_id = ?")
        .bind(obligationId)
        .first<{ revision: number }>()
    )?.revision ?? 0;

  beforeAll(async () => {
    await seedDemoOnce();
    const ob = await env.DB.prepare(
      `select ob.id, ob.organisation_id from obligations ob join people p on p.id = 'p-bithu-' || ob.organisation_id
       where ob.period_id = 'sch-52-6m-2026-h2' and ob.status in ('pending','draft') order by ob.organisation_id limit 1`,
    ).first<{ id: string; organisation_id: string }>();
    obligationId = ob!.id;
    s = await demoSession(`p-bithu-${ob!.organisation_id}`);
    revision = await draftRevision();
  });

  it("refuses what no output can carry (422), stores the rest NFC-normalised", async () => {
    await fc.assert(
      fc.asyncProperty(unicodeText, async (text) => {
        const res = await call("PUT", `/api/obligations/${obligationId}/draft`, {
          session: s,
          json: { values: { section_1: text }, baseRevision: revision },
        });
        if (findBadCharacter(text) !== null) {
          expect(res.status).toBe(422);
          expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_characters");
          return;
        }
        expect(res.status).toBe(200);
        revision = ((await res.json()) as { revision: number }).revision;
        const row = await env.DB.prepare("select content from report_drafts where obligation_id = ?")
          .bind(obligationId)
          .first<{ content: string }>();
        expect(JSON.parse(row!.content).section_1).toBe(normaliseText(text).replace(/\r\n/g, "\n"));
      }),
      { numRuns: 40 },
    );
  });

  it("a submitted narrative (and a forbidden character already in stored data) gives a readable consolidated .docx", async () => {
    const narrative = normaliseText("Đảng ủy triển khai e\u0301 \u{1f600} <&> ]]> \u200d kết quả");
    const values: Record<string, unknown> = {
      plan_issued: { answer: true, documentRef: "12-KH/TU" },
      inspection_done: { answer: false, documentRef: null },
      dissemination_sessions: 3,
    };
    for (let i = 1; i <= 7; i++) values[`section_${i}`] = `${narrative} ${i}`;
    const submitted = await call("POST", `/api/obligations/${obligationId}/submit`, {
      session: s,
      json: { values, baseRevision: await draftRevision() },
    });
    expect(submitted.status).toBe(201);
    // Older data may already hold what the edge now refuses: put a U+FFFF straight into another version.
    await env.DB.prepare(
      `update report_versions set content = json_set(content, '$.section_2', 'cũ ' || char(65535) || ' dữ liệu')
       where id = (select current_version_id from obligations where id <> ? and current_version_id is not null
                   and period_id = 'sch-52-6m-2026-h2' limit 1)`,
    )
      .bind(obligationId)
      .run();
    const staff = await demoSession("p-canbo");
    const created = await call("POST", "/tong-hop", {
      session: staff,
      json: { period: "sch-52-6m-2026-h2", org: "tw" },
      headers: { accept: "application/json" },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const docx = await call("GET", `/tong-hop/${id}.docx`, { session: staff });
    expect(docx.status).toBe(200);
    const text = docxText(new Uint8Array(await docx.arrayBuffer()));
    expect(text).toContain(`${narrative} 1`);
    expect(text).toContain("cũ  dữ liệu");
  });
});
