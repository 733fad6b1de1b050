// The clock moves past a deadline: the overdue notice reaches the late units' secretaries, and
// five working days later the escalation reaches the superior committee and the commission —
// for the late units only, each once, nobody else. Named to run before dev.test.mjs, whose
// clock walk to December would run these November steps first (files run in name order).
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { api, mailbox, newPage, open, resetClock, screenshot, setClock, tickAndWait } from "./helpers.mjs";

after(() => resetClock());

// Hà Nội communes' monthly report for 15/10–14/11/2026 was due 18/11/2026 (3 working days).
const PERIOD = "sch-52-hn-thang-2026-m11";
const CHASED = new Set(["pending", "draft", "returned"]);

async function obligations() {
  const { obligations } = await api(`/dev/api/obligations?period=${PERIOD}`);
  return obligations;
}

const secretaryOf = (organisationId) => `bithu.${organisationId.replace(/-/g, ".")}@demo.vn`;

/** Mail about this period (other browser tests walk later periods, e.g. a December deadline). */
const aboutThisPeriod = (m) => [PERIOD, "18/11/2026"].some((s) => m.text.includes(s) || m.html.includes(s));

/** Whether a mail is about `name`: in its subject, or listed in a bundle ("2 đơn vị chậm nộp"). */
const mentions = (m, name) => m.subject.includes(name) || m.text.includes(name);

/** Mail about the report itself, leaving out the morning digest ("Hạn báo cáo ngày …"). */
async function reportMail(to) {
  return (await mailbox(to)).filter((m) => !m.subject.startsWith("Hạn báo cáo ngày") && aboutThisPeriod(m));
}

test("overdue notices on the next working day, escalation after five working days, only for late units", async () => {
  const all = await obligations();
  assert.ok(all.length >= 8, "the demo has Hà Nội communes reporting monthly");
  const late = all.filter((o) => CHASED.has(o.status));
  const done = all.filter((o) => !CHASED.has(o.status));
  assert.ok(late.length > 0 && done.length > 0, "the demo has both late and submitted communes");

  // 09:00 Tuesday 24/11: the +1 overdue step (19/11) is due for the late communes.
  await resetClock();
  await tickAndWait();
  for (const o of late) {
    const mails = (await mailbox(secretaryOf(o.organisationId))).filter(
      (m) => /quá hạn/i.test(m.subject) && aboutThisPeriod(m),
    );
    // At least one: a manual nudge from the dashboard journey uses the same overdue template.
    assert.ok(mails.length >= 1, `${o.organisationName} gets the overdue notice`);
    assert.ok(mails[0].text.includes("18/11/2026"), "the notice states the deadline");
  }
  for (const o of done) {
    const mails = (await mailbox(secretaryOf(o.organisationId))).filter(aboutThisPeriod);
    assert.deepEqual(mails, [], `${o.organisationName} submitted: no mail`);
  }

  // 09:00 Wednesday 25/11 = +5 working days: the superior committee and Hà Nội's commission.
  await setClock("2026-11-25T02:00:00Z");
  const before = new Map();
  for (const o of late)
    before.set(o.organisationId, (await reportMail(secretaryOf(o.organisationId))).length);
  await tickAndWait();
  // A second tick at the same instant records and sends nothing more.
  await tickAndWait();
  const superior = (await mailbox("bithu.hanoi@demo.vn")).filter(aboutThisPeriod);
  const commission = (await mailbox("canbo.tgdv.hanoi@demo.vn")).filter(aboutThisPeriod);
  for (const o of late) {
    const name = o.organisationName;
    assert.equal(superior.filter((m) => mentions(m, name)).length, 1, `superior told once about ${name}`);
    assert.equal(commission.filter((m) => mentions(m, name)).length, 1, `commission told once about ${name}`);
    const unitMails = await reportMail(secretaryOf(o.organisationId));
    assert.equal(
      unitMails.length,
      before.get(o.organisationId),
      `the +5 step goes to superiors, not again to the unit: ${unitMails.map((m) => `${m.createdAt} ${m.subject}`).join(" | ")}`,
    );
  }
  for (const o of done) {
    assert.ok(
      !superior.some((m) => mentions(m, o.organisationName)),
      `${o.organisationName} is not escalated`,
    );
  }
  // Not yet the Commission's leadership (+10) nor the central Commission (not its subtree's turn).
  for (const leader of ["lanhdao.tgdv.hanoi@demo.vn", "lanhdao.bantgdv@demo.vn"]) {
    assert.deepEqual(
      (await mailbox(leader)).filter(
        (m) => aboutThisPeriod(m) && /phường|xã|đơn vị chậm nộp/.test(m.subject),
      ),
      [],
      `${leader} gets nothing yet`,
    );
  }

  const page = await newPage();
  await open(page, "/dev/hop-thu?to=bithu.hanoi%40demo.vn");
  await screenshot(page, "mailbox-escalations");
  await page.context().close();
});
