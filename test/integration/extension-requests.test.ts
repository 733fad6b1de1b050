/** A reporter asks for more time with a reason; the reviewer decides; audited and mailed both ways. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { call, count, type Session } from "../support/auth-fixtures";
import { copyOfDemoPeriod } from "../support/demo-copies";
import { DEMO_NOW, demoSession, demoWithSessions } from "../support/demo-sessions";

let reporter: Session;
let reviewer: Session;
let otherSecretary: Session;

beforeAll(async () => {
  ({ reporter, reviewer, otherSecretary } = await demoWithSessions(DEMO_NOW, {
    reporter: "p-vanphong-hn",
    reviewer: "p-canbo",
    otherSecretary: "p-bithu-hp",
  }));
});

let copies = 0;
/** Hà Nội's report of the current 6-month period, as a copy of its own for the case. */
async function hanoiReport(): Promise<string> {
  const [id] = await copyOfDemoPeriod("sch-52-6m-2026-h2", `ext-${++copies}`, ["hn"]);
  return id!;
}

const due = async (ob: string) =>
  (await env.DB.prepare("select effective_due_on as d from obligations where id = ?")
    .bind(ob)
    .first<{ d: string }>())!.d;

const REASON = "Chờ số liệu của Bảo hiểm xã hội thành phố";

/** The reporter's request for `days` more days, as the first case makes it. */
async function requested(ob: string, days: number): Promise<Response> {
  return call("POST", `/api/obligations/${ob}/extension-requests`, {
    session: reporter,
    json: { requestedDueOn: addDaysIso(await due(ob), days), reason: REASON },
  });
}

/** A report with a pending request for 10 more days; returns the request's id. */
async function pendingRequest(ob: string): Promise<string> {
  const res = await requested(ob, 10);
  expect(res.status).toBe(201);
  return ((await res.json()) as { request: RequestJson }).request.id;
}

const addDaysIso = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface RequestJson {
  id: string;
  status: string;
  requestedDueOn: string;
  grantedDueOn: string | null;
}

describe("extension requests", () => {
  it("the reporter asks with a reason; bad input changes nothing; one open request at a time", async () => {
    const OB = await hanoiReport();
    const current = await due(OB);
    const short = await call("POST", `/api/obligations/${OB}/extension-requests`, {
      session: reporter,
      json: { requestedDueOn: addDaysIso(current, 5), reason: "bận" },
    });
    expect(short.status).toBe(422);
    expect(((await short.json()) as { error: { fields: { field: string }[] } }).error.fields[0]!.field).toBe(
      "reason",
    );
    const earlier = await call("POST", `/api/obligations/${OB}/extension-requests`, {
      session: reporter,
      json: { requestedDueOn: current, reason: REASON },
    });
    expect(earlier.status).toBe(422);
    expect(await count("select count(*) as n from extension_requests where obligation_id = ?", OB)).toBe(0);

    const outsider = await call("POST", `/api/obligations/${OB}/extension-requests`, {
      session: otherSecretary,
      json: { requestedDueOn: addDaysIso(current, 5), reason: REASON },
    });
    expect(outsider.status).toBe(403);

    const res = await requested(OB, 10);
    expect(res.status).toBe(201);
    const { request } = (await res.json()) as { request: RequestJson };
    expect(request.status).toBe("pending");
    expect(
      await count(
        "select count(*) as n from audit_events where action = 'extension.requested' and entity_id = ? and reason like 'Chờ số liệu%'",
        OB,
      ),
    ).toBe(1);
    // The reviewers (Commission staff and leaders of the schedule's reviewer) are mailed.
    const mailed = await env.DB.prepare(
      "select person_id from notifications where template = 'extension_requested' and obligation_id = ? order by person_id",
    )
      .bind(OB)
      .all<{ person_id: string }>();
    expect(mailed.results.map((r) => r.person_id)).toEqual(["p-canbo", "p-lanhdao"]);

    const again = await call("POST", `/api/obligations/${OB}/extension-requests`, {
      session: reporter,
      json: { requestedDueOn: addDaysIso(current, 12), reason: "Đề nghị thêm lần nữa cho chắc chắn" },
    });
    expect(again.status).toBe(409);
  });

  it("only those who may extend decide; a refusal needs a reason; granting moves the deadline once", async () => {
    const OB = await hanoiReport();
    await pendingRequest(OB);
    const before = await due(OB);
    const list = (await (
      await call("GET", `/api/obligations/${OB}/extension-requests`, { session: reporter })
    ).json()) as { requests: RequestJson[] };
    const pending = list.requests.find((r) => r.status === "pending")!;

    const byReporter = await call("POST", `/api/extension-requests/${pending.id}/decision`, {
      session: reporter,
      json: { decision: "grant" },
    });
    expect(byReporter.status).toBe(403);
    // The city's own commission is not the schedule's reviewer: it may not decide either.
    const byCityCommission = await call("POST", `/api/extension-requests/${pending.id}/decision`, {
      session: await demoSession("p-canbo-hn"),
      json: { decision: "grant" },
    });
    expect(byCityCommission.status).toBe(403);
    const refuseBlank = await call("POST", `/api/extension-requests/${pending.id}/decision`, {
      session: reviewer,
      json: { decision: "refuse", note: "" },
    });
    expect(refuseBlank.status).toBe(422);
    expect(await due(OB)).toBe(before);

    const granted = addDaysIso(before, 7);
    const res = await call("POST", `/api/extension-requests/${pending.id}/decision`, {
      session: reviewer,
      json: { decision: "grant", grantedDueOn: granted, note: "Đồng ý gia hạn 7 ngày" },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { request: RequestJson }).request).toMatchObject({
      status: "granted",
      grantedDueOn: granted,
    });
    expect(await due(OB)).toBe(granted);
    expect(
      await count(
        "select count(*) as n from extensions where obligation_id = ? and new_due_on = ?",
        OB,
        granted,
      ),
    ).toBe(1);
    expect(
      await count(
        "select count(*) as n from audit_events where action = 'extension.granted' and entity_id = ?",
        OB,
      ),
    ).toBe(1);
    // The requester and the organisation's secretary hear of it.
    const told = await env.DB.prepare(
      "select person_id from notifications where template = 'extension_decided' and obligation_id = ? order by person_id",
    )
      .bind(OB)
      .all<{ person_id: string }>();
    expect(told.results.map((r) => r.person_id)).toEqual(["p-bithu-hn", "p-vanphong-hn"]);

    const twice = await call("POST", `/api/extension-requests/${pending.id}/decision`, {
      session: reviewer,
      json: { decision: "grant" },
    });
    expect(twice.status).toBe(409);
    expect(await count("select count(*) as n from extensions where obligation_id = ?", OB)).toBe(1);
  });

  it("the pages: the reporter's form on the report, the reviewer's decision page", async () => {
    // A report whose deadline was extended once already (as the second case grants it).
    const OB = await hanoiReport();
    const granted = addDaysIso(await due(OB), 7);
    const grant = await call("POST", `/api/extension-requests/${await pendingRequest(OB)}/decision`, {
      session: reviewer,
      json: { decision: "grant", grantedDueOn: granted, note: "Đồng ý gia hạn 7 ngày" },
    });
    expect(grant.status).toBe(200);
    const report = await (await call("GET", `/bao-cao/${OB}`, { session: reporter, html: true })).text();
    expect(report).toContain("Gửi đề nghị gia hạn");
    expect(report).toContain("Đã chấp thuận");
    const current = await due(OB);
    const form = await call("POST", `/bao-cao/${OB}/xin-gia-han`, {
      session: reporter,
      form: { requestedDueOn: addDaysIso(current, 3), reason: "Cần thêm thời gian tổng hợp từ các phường" },
    });
    expect(form.status).toBe(303);
    const id = (await env.DB.prepare(
      "select id from extension_requests where obligation_id = ? and status = 'pending'",
    )
      .bind(OB)
      .first<{ id: string }>())!.id;
    const page = await (
      await call("GET", `/de-nghi-gia-han/${id}`, { session: reviewer, html: true })
    ).text();
    expect(page).toContain("Cần thêm thời gian tổng hợp từ các phường");
    expect(page).toContain("Không chấp thuận");
    const refused = await call("POST", `/de-nghi-gia-han/${id}/quyet-dinh`, {
      session: reviewer,
      form: { decision: "refuse", note: "Hạn đã được gia hạn một lần" },
    });
    expect(refused.status).toBe(303);
    expect(await due(OB)).toBe(current);
    expect(
      await count("select count(*) as n from extension_requests where id = ? and status = 'refused'", id),
    ).toBe(1);
  });
});
