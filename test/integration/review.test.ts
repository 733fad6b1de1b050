import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { DIRECTIVE_52_FORM, type FormValues } from "../../src/domain/form";
import { submitReport } from "../../src/features/reporting";
import { call, count, mailSettled, type Session } from "../support/auth-fixtures";
import { copyOfDemoPeriod } from "../support/demo-copies";
import { demoSession, demoWithSessions } from "../support/demo-sessions";

const NOW = Date.UTC(2026, 10, 24, 3);
const PERIOD = "sch-52-6m-2026-h2";
const ob = (org: string) => `o_${PERIOD}_${org}`;
const HN = ob("hn");
const CT = ob("ct");
const MTTQ = ob("mttq");
const DN = ob("dn");
const HCM = ob("hcm");
/** Reports accepted by the cases that need one (reopen, extension refused), each its own. */
const TH = ob("th");
const SL = ob("sl");

function values(overrides: FormValues = {}): FormValues {
  const v: FormValues = {
    plan_issued: { answer: true, documentRef: "215-KH/TU" },
    inspection_done: { answer: true, documentRef: null },
    dissemination_sessions: 12,
    coverage_pct: 94.5,
  };
  for (let i = 1; i <= 7; i++) v[`section_${i}`] = `Nội dung mục ${i}: đã triển khai theo kế hoạch.`;
  return { ...v, ...overrides };
}

async function submit(obligationId: string, content: FormValues, personId = "p-bithu-hn") {
  return submitReport(env.DB, {
    obligationId,
    content: JSON.stringify(content),
    indicatorValues: [],
    actor: { kind: "person", personId },
    now: Date.now(),
    receiptPrefix: "TEST",
  });
}

/** Submits the organisation's report and has the Commission's staff accept it. */
async function accepted(org: string): Promise<string> {
  const id = ob(org);
  await submit(id, values(), `p-bithu-${org}`);
  const res = await call("POST", `/api/obligations/${id}/review`, {
    session: staff,
    json: { decision: "accepted" },
  });
  expect(res.status).toBe(200);
  return id;
}

async function obligation(id: string) {
  return env.DB.prepare("select * from obligations where id = ?").bind(id).first<{
    status: string;
    revision: number;
    effective_due_on: string;
    chase_cycle: number;
    due_on: string;
    extended_due_on: string | null;
  }>();
}

async function outbox(to: string, like: string) {
  await mailSettled(to);
  const { results } = await env.DB.prepare(
    "select subject, text from outbox_messages where to_address = ? and subject like ? order by created_at",
  )
    .bind(to, `%${like}%`)
    .all<{ subject: string; text: string }>();
  return results;
}

let staff: Session;
let staffHn: Session;
let secretaryHn: Session;
let viewerHn: Session;

beforeAll(async () => {
  ({ staff, staffHn, secretaryHn, viewerHn } = await demoWithSessions(NOW, {
    staff: "p-canbo",
    staffHn: "p-canbo-hn",
    secretaryHn: "p-bithu-hn",
    viewerHn: "p-xem-hn",
  }));
  // The current period's reports are not submitted yet in the demo data.
  for (const id of [HN, CT, MTTQ, DN, HCM, TH, SL]) {
    expect(["pending", "draft"]).toContain((await obligation(id))?.status);
  }
});

describe("return, resubmit, accept", () => {
  it("keeps every version, shows the diff, and mails the organisation each time", async () => {
    const v1 = await submit(HN, values());
    expect(v1.versionNo).toBe(1);

    const returned = await call("POST", `/api/obligations/${HN}/review`, {
      session: staff,
      json: {
        decision: "returned",
        comments: {
          general: "Đề nghị bổ sung số người tham dự hội nghị.",
          sections: { section_3: "Nêu rõ số hội nghị và số người tham dự." },
        },
      },
    });
    expect(returned.status).toBe(200);
    expect(await returned.json()).toMatchObject({ status: "returned", notified: 2 });
    expect((await obligation(HN))?.status).toBe("returned");
    // The secretary and the reporter of Hà Nội each get the comments.
    for (const to of ["bithu.hanoi@demo.vn", "vanphong.hanoi@demo.vn"]) {
      const mails = await outbox(to, "cần chỉnh sửa");
      expect(mails).toHaveLength(1);
      expect(mails[0]!.text).toContain("Đề nghị bổ sung số người tham dự hội nghị.");
      expect(mails[0]!.text).toContain("Nêu rõ số hội nghị và số người tham dự.");
      expect(mails[0]!.text).toContain(`/bao-cao/${HN}`);
    }
    // The secretary sees the comment in the report's history.
    const history = await call("GET", `/api/obligations/${HN}/versions`, { session: secretaryHn });
    expect(history.status).toBe(200);
    const h = (await history.json()) as { decisions: { decision: string; comments: { general?: string } }[] };
    expect(h.decisions.at(-1)).toMatchObject({
      decision: "returned",
      comments: { general: "Đề nghị bổ sung số người tham dự hội nghị." },
    });

    const v2 = await submit(
      HN,
      values({
        section_3: "Nội dung mục 3: đã tổ chức 12 hội nghị với 3.000 người tham dự.",
        dissemination_sessions: 12,
      }),
    );
    expect(v2).toMatchObject({ versionNo: 2, duplicate: false });

    const accept = await call("POST", `/duyet/${HN}/tiep-nhan`, { session: staff, form: { general: "" } });
    expect(accept.status).toBe(303);
    expect(accept.headers.get("location")).toBe(`/duyet/${HN}?da=tiep-nhan`);
    expect((await obligation(HN))?.status).toBe("accepted");
    for (const to of ["bithu.hanoi@demo.vn", "vanphong.hanoi@demo.vn"]) {
      expect(await outbox(to, "đã được chấp nhận")).toHaveLength(1);
    }

    const list = await call("GET", `/api/obligations/${HN}/versions`, { session: staff });
    const body = (await list.json()) as {
      versions: { versionNo: number; receiptNo: string }[];
      decisions: { decision: string; versionNo: number }[];
    };
    expect(body.versions.map((v) => v.versionNo)).toEqual([1, 2]);
    expect(body.versions.map((v) => v.receiptNo)).toEqual(["TEST-L1", "TEST-L2"]);
    expect(body.decisions.map((d) => [d.decision, d.versionNo])).toEqual([
      ["returned", 1],
      ["accepted", 2],
    ]);

    // Version 1 is kept as it was; version 2's page shows what changed, word by word.
    const page1 = await (await call("GET", `/bao-cao/${HN}/phien-ban/1`, { session: secretaryHn })).text();
    expect(page1).toContain("Nội dung mục 3: đã triển khai theo kế hoạch.");
    const page2res = await call("GET", `/bao-cao/${HN}/phien-ban/2`, { session: secretaryHn });
    expect(page2res.status).toBe(200);
    const page2 = await page2res.text();
    expect(page2).toContain("So sánh với lần nộp 1");
    expect(page2).toContain("1 mục có thay đổi");
    expect(page2.match(/Có thay đổi/g)).toHaveLength(1);
    expect(page2).toContain(
      'Nội dung mục 3: đã <del><span class="sr">[bỏ] </span>triển khai theo kế hoạch.</del><ins><span class="sr">[thêm] </span>tổ chức 12 hội nghị với 3.000 người tham dự.</ins>',
    );
    const versionsPage = await (
      await call("GET", `/bao-cao/${HN}/phien-ban`, { session: secretaryHn })
    ).text();
    expect(versionsPage).toContain("TEST-L1");
    expect(versionsPage).toContain("TEST-L2");
    expect(versionsPage).toContain("Trả lại để chỉnh sửa");
    expect(versionsPage).toContain("Nêu rõ số hội nghị và số người tham dự.");
  });

  it("lets a reviewer return a report from the page with a comment on one item", async () => {
    await submit(DN, values(), "p-bithu-dn");
    const bad = await call("POST", `/duyet/${DN}/tra-lai`, {
      session: staff,
      form: { general: " " },
      html: true,
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Vui lòng nhập ý kiến khi trả lại báo cáo");
    expect((await obligation(DN))?.status).toBe("submitted");
    const res = await call("POST", `/duyet/${DN}/tra-lai`, {
      session: staff,
      form: { general: "", comment_coverage_pct: "Kiểm tra lại tỷ lệ bao phủ." },
    });
    expect(res.status).toBe(303);
    expect((await obligation(DN))?.status).toBe("returned");
    const mails = await outbox("bithu.dn@demo.vn", "cần chỉnh sửa");
    // The newest: the secretary may have had others for reports of other cases.
    expect(mails.at(-1)!.text).toContain("Tỷ lệ bao phủ BHYT: Kiểm tra lại tỷ lệ bao phủ.");
    const unknown = await call("POST", `/api/obligations/${HCM}/review`, {
      session: staff,
      json: { decision: "returned", comments: { sections: { no_such_item: "x" } } },
    });
    expect(unknown.status).toBe(422);
    expect(
      ((await unknown.json()) as { error: { fields: { field: string }[] } }).error.fields[0]!.field,
    ).toBe("comments.sections.no_such_item");
  });

  it("shows the review page with the submitted values laid out by form item", async () => {
    await submit(HCM, values({ section_5: "Kiểm tra liên ngành tại 5 cơ sở." }), "p-bithu-hcm");
    const res = await call("GET", `/duyet/${HCM}`, { session: staff, html: true });
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const item of DIRECTIVE_52_FORM.items) expect(html).toContain(item.label.replace(/&/g, "&amp;"));
    expect(html).toContain("Kiểm tra liên ngành tại 5 cơ sở.");
    expect(html).toContain("Có (văn bản số 215-KH/TU)");
    expect(html).toContain(`action="/duyet/${HCM}/tiep-nhan"`);
    expect(html).toContain('name="_csrf"');
    expect(html).toContain('for="comment-section_1"');
  });

  it("says by how many working days a late submission came, on the review, versions and queue pages", async () => {
    const QN = ob("qn");
    // Due Sunday 20/12/2026, so the deadline runs to the end of Monday 21/12.
    expect((await obligation(QN))?.effective_due_on).toBe("2026-12-21");
    // Thursday 24/12/2026, 10:00 in Hà Nội: Tuesday, Wednesday and Thursday are late.
    await submitReport(env.DB, {
      obligationId: QN,
      content: JSON.stringify(values()),
      indicatorValues: [],
      actor: { kind: "person", personId: "p-bithu-qn" },
      now: Date.UTC(2026, 11, 24, 3),
      receiptPrefix: "TEST",
    });
    for (const path of [`/duyet/${QN}`, `/bao-cao/${QN}/phien-ban`, `/bao-cao/${QN}/phien-ban/1`]) {
      const res = await call("GET", path, { session: staff, html: true });
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toContain('<span class="badge bad">Nộp muộn 3 ngày làm việc</span>');
    }
    const queue = await (await call("GET", `/duyet?ky=${PERIOD}`, { session: staff, html: true })).text();
    const row = queue.slice(queue.indexOf("Tỉnh ủy Quảng Ninh"));
    expect(row.slice(0, row.indexOf("</tr>"))).toContain("Nộp muộn 3 ngày làm việc");
    // An on-time report keeps its badge.
    expect(queue).toContain('<span class="badge ok">Đúng hạn</span>');
  });
});

describe("one decision per report state", () => {
  it("makes one decision when two reviewers accept at the same time", async () => {
    await submit(MTTQ, values(), "p-bithu-mttq");
    const [a, b] = await Promise.all([
      call("POST", `/api/obligations/${MTTQ}/review`, { session: staff, json: { decision: "accepted" } }),
      call("POST", `/api/obligations/${MTTQ}/review`, { session: staff, json: { decision: "accepted" } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const err = (await loser.json()) as { error: { message: string } };
    expect(err.error.message).toMatch(/đã được xử lý|người khác xử lý/);
    expect(
      await count(
        "select count(*) as n from review_decisions where obligation_id = ? and decision = 'accepted'",
        MTTQ,
      ),
    ).toBe(1);
    expect(
      await count(
        "select count(*) as n from audit_events where entity_id = ? and action = 'report.accepted'",
        MTTQ,
      ),
    ).toBe(1);
    expect((await outbox("bithu.mttq@demo.vn", "đã được chấp nhận")).length).toBe(1);
    // A second accept later is refused the same way.
    const again = await call("POST", `/api/obligations/${MTTQ}/review`, {
      session: staff,
      json: { decision: "accepted" },
    });
    expect(again.status).toBe(409);
  });

  it("needs a reason to reopen, and audits it", async () => {
    const report = await accepted("th");
    const noReason = await call("POST", `/api/obligations/${report}/review`, {
      session: staff,
      json: { decision: "reopened" },
    });
    expect(noReason.status).toBe(422);
    expect(
      ((await noReason.json()) as { error: { fields: { field: string }[] } }).error.fields[0]!.field,
    ).toBe("reason");
    const page = await call("POST", `/duyet/${report}/mo-lai`, {
      session: staff,
      form: { reason: "" },
      html: true,
    });
    expect(page.status).toBe(422);
    expect((await obligation(report))?.status).toBe("accepted");

    const reason = "Số liệu bao phủ chưa khớp với số liệu của Bảo hiểm xã hội.";
    const res = await call("POST", `/duyet/${report}/mo-lai`, { session: staff, form: { reason } });
    expect(res.status).toBe(303);
    expect((await obligation(report))?.status).toBe("returned");
    const auditRow = await env.DB.prepare(
      "select actor_person_id, reason from audit_events where entity_id = ? and action = 'report.reopened'",
    )
      .bind(report)
      .first<{ actor_person_id: string; reason: string }>();
    expect(auditRow).toEqual({ actor_person_id: "p-canbo", reason });
    // Accepting a report that is not submitted is a conflict, with a Vietnamese message.
    const accept = await call("POST", `/api/obligations/${report}/review`, {
      session: staff,
      json: { decision: "accepted" },
    });
    expect(accept.status).toBe(409);
    expect(((await accept.json()) as { error: { message: string } }).error.message).toBe(
      "Báo cáo chưa được nộp hoặc đã được xử lý",
    );
  });
});

describe("deadline extensions", () => {
  /** Cần Thơ's report of the current period in a period of the case's own: never submitted nor extended. */
  const canThoReport = async (periodId: string) => (await copyOfDemoPeriod(PERIOD, periodId, ["ct"]))[0]!;

  it("moves the due date and starts a new chase cycle, with the history on the review page", async () => {
    const CT = await canThoReport(`${PERIOD}-extended`);
    const before = (await obligation(CT))!;
    const res = await call("POST", `/api/obligations/${CT}/extension`, {
      session: staff,
      json: { newDueOn: "2026-12-31", reason: "Địa phương bị ảnh hưởng bởi bão lũ." },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      effectiveDueOn: "2026-12-31",
      chaseCycle: before.chase_cycle + 1,
    });
    const after = (await obligation(CT))!;
    expect(after).toMatchObject({ effective_due_on: "2026-12-31", due_on: before.due_on });
    expect(after.chase_cycle).toBe(before.chase_cycle + 1);
    expect(
      await count(
        "select count(*) as n from audit_events where entity_id = ? and action = 'obligation.extended'",
        CT,
      ),
    ).toBe(1);
    const page = await (await call("GET", `/duyet/${CT}`, { session: staff, html: true })).text();
    expect(page).toContain("Địa phương bị ảnh hưởng bởi bão lũ.");
    expect(page).toContain("31/12/2026");
  });

  it("refuses bad input with 422 and writes nothing", async () => {
    const CT = await canThoReport(`${PERIOD}-bad-extension`);
    const before = await obligation(CT);
    const extensions = await count("select count(*) as n from extensions where obligation_id = ?", CT);
    // The current due date (the period's own: the report was never extended).
    const current = (before!.extended_due_on ?? before!.due_on).split("-").reverse().join("/");
    const cases: [unknown, string, RegExp][] = [
      [{ newDueOn: "31/13/2026", reason: "x" }, "newDueOn", /dd\/mm\/yyyy/],
      [{ newDueOn: "2027-02-30", reason: "x" }, "newDueOn", /có thật/],
      [{ newDueOn: "2026-12-20", reason: "x" }, "newDueOn", new RegExp(`sau hạn hiện tại \\(${current}`)],
      [{ newDueOn: "2027-01-15", reason: "  " }, "reason", /lý do/],
      [{ newDueOn: "2027-01-15" }, "reason", /lý do/],
    ];
    for (const [json, field, message] of cases) {
      const res = await call("POST", `/api/obligations/${CT}/extension`, { session: staff, json });
      expect(res.status).toBe(422);
      const body = (await res.json()) as {
        error: { code: string; fields: { field: string; message: string }[] };
      };
      expect(body.error.code).toBe("validation_failed");
      expect(body.error.fields[0]).toMatchObject({ field });
      expect(body.error.fields[0]!.message).toMatch(message);
    }
    const form = await call("POST", `/bao-cao/${CT}/gia-han`, {
      session: staff,
      form: { newDueOn: "2026-13-01", reason: "Lý do" },
      html: true,
    });
    expect(form.status).toBe(422);
    expect(await form.text()).toContain('aria-invalid="true"');
    expect(await obligation(CT)).toEqual(before);
    expect(await count("select count(*) as n from extensions where obligation_id = ?", CT)).toBe(extensions);
  });

  it("refuses to extend a report that is already accepted (409)", async () => {
    const report = await accepted("sl");
    const res = await call("POST", `/api/obligations/${report}/extension`, {
      session: staff,
      json: { newDueOn: "2027-01-31", reason: "Thử" },
    });
    expect(res.status).toBe(409);
  });
});

describe("who may review", () => {
  it("keeps Hà Nội's commission out of Cần Thơ's and a central committee's reports", async () => {
    await submit(CT, values(), "p-bithu-ct");
    const before = [await obligation(CT), await obligation(HCM)];
    const decisions = await count("select count(*) as n from review_decisions");
    for (const id of [CT, HCM]) {
      const api = await call("POST", `/api/obligations/${id}/review`, {
        session: staffHn,
        json: { decision: "accepted" },
      });
      expect(api.status).toBe(403);
      const form = await call("POST", `/duyet/${id}/tiep-nhan`, { session: staffHn, form: {} });
      expect(form.status).toBe(403);
      const page = await call("GET", `/duyet/${id}`, { session: staffHn, html: true });
      expect(page.status).toBe(403);
      const ext = await call("POST", `/api/obligations/${id}/extension`, {
        session: staffHn,
        json: { newDueOn: "2027-03-01", reason: "Thử" },
      });
      expect(ext.status).toBe(403);
    }
    const mttqCentral = await call("POST", `/api/obligations/${MTTQ}/review`, {
      session: staffHn,
      json: { decision: "reopened", reason: "x" },
    });
    expect(mttqCentral.status).toBe(403);
    expect([await obligation(CT), await obligation(HCM)]).toEqual(before);
    expect(await count("select count(*) as n from review_decisions")).toBe(decisions);
  });

  it("keeps Hà Nội's commission from deciding Hà Nội's own report to the Centre; it may comment", async () => {
    // The reported case: the schedule names the central Commission as reviewer.
    const h1 = "o_sch-52-6m-2026-h1_hn";
    const before = await obligation(h1);
    const reopen = await call("POST", `/api/obligations/${h1}/review`, {
      session: staffHn,
      json: { decision: "reopened", reason: "Thử mở lại" },
    });
    expect(reopen.status).toBe(403);
    expect(await reopen.json()).toMatchObject({ error: { code: "not_reviewer" } });
    const extension = await call("POST", `/api/obligations/${HN}/extension`, {
      session: staffHn,
      json: { newDueOn: "2027-03-01", reason: "Thử gia hạn" },
    });
    expect(extension.status).toBe(403);
    expect(await obligation(h1)).toEqual(before);
    // The demo schedule lets provincial commissions follow and comment.
    const page = await call("GET", `/duyet/${h1}`, { session: staffHn, html: true });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("không tiếp nhận, trả lại hay gia hạn");
    expect(html).not.toContain(`/duyet/${h1}/mo-lai`);
    const remark = await call("POST", `/api/obligations/${h1}/remarks`, {
      session: staffHn,
      json: { body: "Thành ủy đã bổ sung số liệu quý IV." },
    });
    expect(remark.status).toBe(201);
    const central = await (await call("GET", `/duyet/${h1}`, { session: staff, html: true })).text();
    expect(central).toContain("Ban Tuyên giáo và Dân vận Thành ủy Hà Nội");
    expect(central).toContain("Thành ủy đã bổ sung số liệu quý IV.");
  });

  it("lists only the reviewer's scope in the queue, oldest first, and filters by period and status", async () => {
    // A period of the queue's own: Cần Thơ's and Hồ Chí Minh City's reports submitted, Đà Nẵng's
    // returned, Thanh Hóa's reopened after acceptance.
    const queuePeriod = "sch-52-6m-2026-h2-queue";
    const [CT, HCM, DN, TH] = await copyOfDemoPeriod(PERIOD, queuePeriod, ["ct", "hcm", "dn", "th"]);
    for (const org of ["ct", "hcm", "dn", "th"])
      await submit(`o_${queuePeriod}_${org}`, values(), `p-bithu-${org}`);
    for (const [id, decision] of [
      [DN, { decision: "returned", comments: { general: "Bổ sung số liệu." } }],
      [TH, { decision: "accepted" }],
      [TH, { decision: "reopened", reason: "Số liệu chưa khớp." }],
    ] as const) {
      expect(
        (await call("POST", `/api/obligations/${id}/review`, { session: staff, json: decision })).status,
      ).toBe(200);
    }
    const commune = `o_sch-52-hn-thang-2026-m12_hn-hoankiem`;
    await submit(commune, values(), "p-bithu-hn-hoankiem");
    const hnQueue = (await (
      await call("GET", "/duyet", { session: staffHn, headers: { accept: "application/json" } })
    ).json()) as { items: { obligationId: string }[] };
    const ids = hnQueue.items.map((i) => i.obligationId);
    expect(ids).toContain(commune);
    expect(ids).not.toContain(CT);
    expect(ids).not.toContain(HCM);

    const all = (await (
      await call("GET", `/duyet?ky=${queuePeriod}`, {
        session: staff,
        headers: { accept: "application/json" },
      })
    ).json()) as {
      items: { obligationId: string; submittedAt: number; periodId: string; onTime: boolean }[];
    };
    expect(all.items.map((i) => i.obligationId)).toEqual(expect.arrayContaining([CT, HCM]));
    expect(all.items.every((i) => i.periodId === queuePeriod)).toBe(true);
    const times = all.items.map((i) => i.submittedAt);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(all.items.find((i) => i.obligationId === CT)?.onTime).toBe(true);

    const returned = (await (
      await call("GET", `/duyet?ky=${queuePeriod}&trang_thai=returned`, {
        session: staff,
        headers: { accept: "application/json" },
      })
    ).json()) as { items: { obligationId: string }[] };
    expect(returned.items.map((i) => i.obligationId).sort()).toEqual([DN, TH].sort());

    const page = await call("GET", "/duyet", { session: staff, html: true });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Báo cáo chờ xem xét");
    expect(html).toContain("Thành ủy Cần Thơ");
    expect(html).toContain('<label for="ky">');
  });

  it("refuses the queue and decisions to people who do not review", async () => {
    expect((await call("GET", "/duyet", { session: viewerHn, html: true })).status).toBe(403);
    expect((await call("GET", "/duyet", { session: secretaryHn, html: true })).status).toBe(403);
    const res = await call("POST", `/api/obligations/${HN}/review`, {
      session: secretaryHn,
      json: { decision: "reopened", reason: "Tự mở lại" },
    });
    expect(res.status).toBe(403);
    // Reading versions is open to the organisation, not to other organisations' secretaries.
    const other = await demoSession("p-bithu-ct", NOW);
    expect((await call("GET", `/bao-cao/${HN}/phien-ban`, { session: other, html: true })).status).toBe(403);
    expect(
      (await call("GET", `/bao-cao/${HN}/phien-ban/9`, { session: secretaryHn, html: true })).status,
    ).toBe(404);
  });
});
