/**
 * Hostile text that validation rightly accepts (an organisation name, a report narrative) is
 * stored as typed and shown escaped everywhere: the organisation page, the report page, the
 * dashboard and the emails.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { call, mailSettled, type Session } from "../support/auth-fixtures";
import { DEMO_NOW, demoWithSessions } from "../support/demo-sessions";
import { directive52Values } from "../support/directive52-values";

const XSS = "<script>alert(1)</script>";
const XSS_ATTR = '"><img src=x onerror=alert(1)>';
const XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";
const ORG = "hue";
const OBLIGATION = "o_sch-52-6m-2026-h2_hue";

/** Values that pass the submit schema of the Directive 52 form, with hostile narratives. */
const hostileValues = () =>
  directive52Values(
    { difficulties: `Khó khăn ${XSS} ${XSS_ATTR}` },
    (i) => `Mục ${i}: ${XSS} ${XSS_ATTR} '; drop table organisations; --`,
  );

function expectEscaped(html: string, where: string) {
  expect(html, where).not.toContain(XSS);
  expect(html, where).not.toContain("<img src=x");
  expect(html, where).toContain(XSS_ESCAPED);
  // The attribute breaker is shown as text: its quote and angle brackets are escaped.
  expect(html, where).toMatch(/(&quot;|&#34;|&#x22;)&gt;&lt;img src=x onerror=alert\(1\)&gt;/);
}

let admin: Session;
let secretary: Session;
let hostileName: string;

beforeAll(async () => {
  ({ admin, secretary } = await demoWithSessions(DEMO_NOW, {
    admin: "p-admin",
    secretary: `p-bithu-${ORG}`,
  }));
  const org = await env.DB.prepare("select name from organisations where id = ?")
    .bind(ORG)
    .first<{ name: string }>();
  hostileName = `${org!.name} ${XSS} ${XSS_ATTR}`;
  const res = await call("PATCH", `/api/organisations/${ORG}`, {
    session: admin,
    json: { name: hostileName },
  });
  expect(res.status, await res.clone().text()).toBe(200);
});

describe("hostile text accepted by validation is stored as typed and rendered escaped", () => {
  it("the organisation name is stored verbatim (no SQL or HTML mangling)", async () => {
    const row = await env.DB.prepare("select name from organisations where id = ?")
      .bind(ORG)
      .first<{ name: string }>();
    expect(row!.name).toBe(hostileName);
    const json = (await (await call("GET", `/api/organisations/${ORG}`, { session: admin })).json()) as {
      organisation: { name: string };
    };
    expect(json.organisation.name).toBe(hostileName);
  });

  it("the organisation page escapes it", async () => {
    const res = await call("GET", `/to-chuc/${ORG}`, { session: admin, html: true });
    expect(res.status).toBe(200);
    expectEscaped(await res.text(), `/to-chuc/${ORG}`);
  });

  it("the dashboard escapes it", async () => {
    const res = await call("GET", "/giam-sat", { session: admin, html: true });
    expect(res.status).toBe(200);
    expectEscaped(await res.text(), "/giam-sat");
  });

  it("a report narrative is escaped on the report page and the receipt email", async () => {
    const draft = await call("PUT", `/api/obligations/${OBLIGATION}/draft`, {
      session: secretary,
      json: { values: hostileValues(), baseRevision: 0 },
    });
    const base =
      draft.status === 409 ? ((await draft.json()) as { current: { revision: number } }).current.revision : 0;
    if (draft.status === 409) {
      const again = await call("PUT", `/api/obligations/${OBLIGATION}/draft`, {
        session: secretary,
        json: { values: hostileValues(), baseRevision: base },
      });
      expect(again.status).toBe(200);
    } else expect(draft.status, await draft.clone().text()).toBe(200);
    const page = await call("GET", `/bao-cao/${OBLIGATION}`, { session: secretary, html: true });
    expect(page.status).toBe(200);
    expectEscaped(await page.text(), `/bao-cao/${OBLIGATION} (draft)`);

    const before = Date.now();
    const saved = await env.DB.prepare("select revision from report_drafts where obligation_id = ?")
      .bind(OBLIGATION)
      .first<{ revision: number }>();
    const submit = await call("POST", `/api/obligations/${OBLIGATION}/submit`, {
      session: secretary,
      // Made from the draft just saved (a submit carries the draft revision it was made from).
      json: { values: hostileValues(), baseRevision: saved?.revision ?? 0 },
    });
    expect(submit.status, await submit.clone().text()).toBe(201);
    const after = await call("GET", `/bao-cao/${OBLIGATION}`, { session: secretary, html: true });
    expectEscaped(await after.text(), `/bao-cao/${OBLIGATION} (submitted)`);

    const person = await env.DB.prepare("select email from people where id = ?")
      .bind(`p-bithu-${ORG}`)
      .first<{ email: string }>();
    await mailSettled(person!.email); // the receipt is sent after the response
    const { results } = await env.DB.prepare(
      "select subject, html, text from outbox_messages where html like '%' || ? || '%' or subject like '%' || ? || '%'",
    )
      .bind("alert(1)", "alert(1)")
      .all<{ subject: string; html: string; text: string }>();
    expect(results.length, `no email mentions the hostile text (since ${before})`).toBeGreaterThan(0);
    for (const m of results) {
      expect(m.html).not.toContain(XSS);
      expect(m.html).not.toContain("<img src=x");
      expect(m.html).toContain(XSS_ESCAPED);
    }
  });
});
