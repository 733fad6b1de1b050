/** The register of documents: uniqueness per issuing organisation, year and term; correcting and withdrawing. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { call, count, type Session } from "../support/auth-fixtures";
import { DEMO_NOW, demoWithSessions } from "../support/demo-sessions";

let admin: Session;
let secCt: Session;
let secHp: Session;

beforeAll(async () => {
  ({ admin, secCt, secHp } = await demoWithSessions(DEMO_NOW, {
    admin: "p-admin",
    secCt: "p-bithu-ct",
    secHp: "p-bithu-hp",
  }));
});

interface ErrorJson {
  error: { code: string; message: string; fields: { field: string; message: string; suggestion?: string }[] };
}
interface DocJson {
  id: string;
  number: string;
  docType: string;
  kind: string;
  term: string | null;
  revision: number;
  withdrawn: boolean;
}

const ctPlan = (number: string, issuedOn = "2025-12-01", extra: Record<string, unknown> = {}) =>
  call("POST", "/api/directives/ct52/documents", {
    session: secCt,
    json: {
      number,
      issuer: "Thành ủy Cần Thơ",
      issuedOn,
      title: "Kế hoạch thực hiện Chỉ thị 52",
      parentDocumentId: "doc-33",
      organisationId: "ct",
      ...extra,
    },
  });

const created = async (res: Response) => {
  expect(res.status).toBe(201);
  return ((await res.json()) as { document: { id: string; number: string; term: string | null } }).document;
};

const getDoc = async (id: string) =>
  ((await (await call("GET", `/api/documents/${id}`, { session: admin })).json()) as { document: DocJson })
    .document;

describe("a number is unique per issuing organisation, year and Party term", () => {
  it("Cần Thơ may register 215-KH/TU although Hà Nội has one; a second one in the same year is a duplicate", async () => {
    expect(await count("select count(*) as n from documents where number = '215-KH/TU'")).toBe(1);
    const doc = await created(await ctPlan("215-KH/TU", "2025-11-25"));
    expect(doc.term).toBe("2025-2030");
    expect(await count("select count(*) as n from documents where number = '215-KH/TU'")).toBe(2);

    const dup = await ctPlan("215-KH/TU", "2025-12-20");
    expect(dup.status).toBe(409);
    const body = (await dup.json()) as ErrorJson;
    expect(body.error.code).toBe("duplicate_document");
    expect(body.error.message).toContain("215-KH/TU năm 2025 (nhiệm kỳ 2025-2030)");
    // The next year the same committee's number is another document.
    await created(await ctPlan("215-KH/TU", "2026-02-10"));
  });

  it("numbering restarts with the new term: 07-KH/TU before and after the 2025 congress", async () => {
    const before = await created(await ctPlan("07-KH/TU", "2025-03-10"));
    const after = await created(await ctPlan("07-KH/TU", "2025-11-20"));
    expect([before.term, after.term]).toEqual(["2020-2025", "2025-2030"]);
    // A congress held in August: the registrant says the document is of the new term.
    expect((await ctPlan("07-KH/TU", "2025-08-25")).status).toBe(409);
    const stated = await created(await ctPlan("08-KH/TU", "2025-08-25", { term: "2025-2030" }));
    expect(stated.term).toBe("2025-2030");
  });

  it("a state-style Party number is refused with the Party spelling to use", async () => {
    const res = await ctPlan("52/KH-TU");
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe("invalid_document_number");
    expect(body.error.fields[0]).toMatchObject({ field: "number", suggestion: "52-KH/TU" });

    const check = await call("GET", `/api/document-numbers/check?number=${encodeURIComponent("52/CT-TW")}`, {
      session: secCt,
    });
    expect(await check.json()).toMatchObject({ valid: false, suggestion: "52-CT/TW" });
    const qh = await call(
      "GET",
      `/api/document-numbers/check?number=${encodeURIComponent("262/2025/QH15")}`,
      {
        session: secCt,
      },
    );
    expect(await qh.json()).toMatchObject({
      valid: true,
      format: "state",
      kinds: [
        { code: "NQ", label: "Nghị quyết" },
        { code: "LUAT", label: "Luật" },
      ],
    });
  });

  it("a Quy định numbered -QĐ/ is registered as a Quy định only when chosen", async () => {
    const unchosen = await ctPlan("12-QĐ/TU");
    expect(unchosen.status).toBe(422);
    expect(((await unchosen.json()) as ErrorJson).error.fields[0]!.field).toBe("docType");
    const doc = await created(await ctPlan("12-QĐ/TU", "2025-12-01", { docType: "QĐi" }));
    expect((await getDoc(doc.id)).kind).toBe("Quy định");
  });
});

describe("correcting and withdrawing a wrongly registered document", () => {
  it("a correction is compare-and-set on the revision and audited with before, after and reason", async () => {
    const doc = await created(await ctPlan("31-KH/TU", "2025-12-02"));
    const res = await call("PATCH", `/api/documents/${doc.id}`, {
      session: secCt,
      json: {
        number: "32-KH/TU",
        issuer: "Thành ủy Cần Thơ",
        issuedOn: "2025-12-03",
        title: "Kế hoạch thực hiện Chỉ thị 52-CT/TW",
        revision: 1,
        reason: "Nhập nhầm số và ngày",
      },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { document: DocJson }).document).toMatchObject({
      number: "32-KH/TU",
      revision: 2,
    });
    const audit = await env.DB.prepare(
      "select reason, data from audit_events where action = 'document.corrected' and entity_id = ?",
    )
      .bind(doc.id)
      .first<{ reason: string; data: string }>();
    expect(audit?.reason).toBe("Nhập nhầm số và ngày");
    expect(JSON.parse(audit!.data)).toMatchObject({
      before: { number: "31-KH/TU", issuedOn: "2025-12-02" },
      after: { number: "32-KH/TU", issuedOn: "2025-12-03" },
    });

    // A stale revision: 409 with the current document and what was sent; nothing changes.
    const stale = await call("PATCH", `/api/documents/${doc.id}`, {
      session: secCt,
      json: {
        number: "33-KH/TU",
        issuer: "Thành ủy Cần Thơ",
        issuedOn: "2025-12-03",
        title: "Sửa lần nữa",
        revision: 1,
        reason: "Sửa trích yếu",
      },
    });
    expect(stale.status).toBe(409);
    const conflict = (await stale.json()) as {
      error: { code: string };
      current: DocJson;
      submitted: { title: string };
    };
    expect(conflict.error.code).toBe("stale_revision");
    expect(conflict.current).toMatchObject({ number: "32-KH/TU", revision: 2 });
    expect(conflict.submitted.title).toBe("Sửa lần nữa");
    expect((await getDoc(doc.id)).number).toBe("32-KH/TU");

    // Correcting into an existing registration is a duplicate.
    const clash = await call("PATCH", `/api/documents/${doc.id}`, {
      session: secCt,
      json: {
        number: "07-KH/TU",
        issuer: "Thành ủy Cần Thơ",
        issuedOn: "2025-11-20",
        title: "x",
        revision: 2,
        reason: "Thử trùng số",
      },
    });
    expect(clash.status).toBe(409);
    expect(((await clash.json()) as ErrorJson).error.code).toBe("duplicate_document");
  });

  it("withdrawing needs the issuer's rights and a reason, frees the number, and is audited", async () => {
    const doc = await created(await ctPlan("41-KH/TU", "2025-12-05"));
    const foreign = await call("POST", `/api/documents/${doc.id}/withdraw`, {
      session: secHp,
      json: { revision: 1, reason: "Không phải của Hải Phòng" },
    });
    expect(foreign.status).toBe(403);
    const noReason = await call("POST", `/api/documents/${doc.id}/withdraw`, {
      session: secCt,
      json: { revision: 1, reason: "" },
    });
    expect(noReason.status).toBe(422);
    expect(((await noReason.json()) as ErrorJson).error.fields[0]!.field).toBe("reason");

    const ok = await call("POST", `/api/documents/${doc.id}/withdraw`, {
      session: secCt,
      json: { revision: 1, reason: "Đăng ký nhầm chỉ thị" },
    });
    expect(ok.status).toBe(200);
    expect((await getDoc(doc.id)).withdrawn).toBe(true);
    expect(
      await count(
        "select count(*) as n from audit_events where action = 'document.withdrawn' and entity_id = ? and reason = 'Đăng ký nhầm chỉ thị'",
        doc.id,
      ),
    ).toBe(1);
    // Gone from the cascade; the number can be registered again.
    const tree = JSON.stringify(await (await call("GET", "/api/directives/ct52", { session: admin })).json());
    expect(tree).not.toContain(doc.id);
    await created(await ctPlan("41-KH/TU", "2025-12-05"));

    const again = await call("POST", `/api/documents/${doc.id}/withdraw`, {
      session: secCt,
      json: { revision: 2, reason: "Thu hồi lần hai" },
    });
    expect(again.status).toBe(409);
  });

  it("the directive's own document and a document with documents under it cannot be withdrawn", async () => {
    const own = await call("POST", "/api/documents/doc-52/withdraw", {
      session: admin,
      json: { revision: 1, reason: "Thử thu hồi chỉ thị" },
    });
    expect(own.status).toBe(409);
    expect(((await own.json()) as ErrorJson).error.message).toContain("văn bản của chỉ thị 52-CT/TW");
    const parent = await call("POST", "/api/documents/doc-33/withdraw", {
      session: admin,
      json: { revision: 1, reason: "Thử thu hồi hướng dẫn" },
    });
    expect(parent.status).toBe(409);
    expect(((await parent.json()) as ErrorJson).error.message).toContain("còn văn bản triển khai");
  });

  it("the document page names the kind and offers correction and withdrawal to its issuer only", async () => {
    const doc = await created(await ctPlan("51-KH/TU", "2025-12-06"));
    const page = await (await call("GET", `/van-ban/${doc.id}`, { session: secCt, html: true })).text();
    expect(page).toContain("Kế hoạch số 51-KH/TU");
    expect(page).toContain("Sửa thông tin đăng ký sai");
    expect(page).toContain("Thu hồi văn bản đăng ký nhầm");
    const other = await (await call("GET", `/van-ban/${doc.id}`, { session: secHp, html: true })).text();
    expect(other).not.toContain("Thu hồi văn bản đăng ký nhầm");

    const form = await call("POST", `/van-ban/${doc.id}/thu-hoi`, {
      session: secCt,
      form: { revision: "1", reason: "Trùng với kế hoạch đã có" },
    });
    expect(form.status).toBe(303);
    const after = await (await call("GET", `/van-ban/${doc.id}`, { session: secCt, html: true })).text();
    expect(after).toContain("Lý do: Trùng với kế hoạch đã có");
    expect(after).not.toContain("Thu hồi văn bản đăng ký nhầm");
  });
});
