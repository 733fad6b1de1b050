import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { DIRECTIVE_52_FORM } from "../../src/domain/form";
import { recordDuePeriods } from "../../src/engine/periods";
import { call, count, type Session } from "../support/auth-fixtures";
import { DEMO_NOW, demoWithSessions } from "../support/demo-sessions";

type ErrorBody = { error: { code: string; fields: { field: string; message: string }[] } };
interface FormBody {
  id: string;
  familyId: string;
  version: number;
  definition: { items: { key: string }[] };
}

let staff: Session;
let secretary: Session;

beforeAll(async () => {
  ({ staff, secretary } = await demoWithSessions(DEMO_NOW, { staff: "p-canbo", secretary: "p-bithu-hn" }));
});

describe("report forms as data", () => {
  it("creates a form from the standard outline", async () => {
    const res = await call("POST", "/api/forms", {
      session: staff,
      json: { directiveId: "ct52", name: "Báo cáo sơ kết (đề cương chuẩn)", template: "standard" },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as FormBody;
    expect(body.version).toBe(1);
    expect(body.familyId).toBe(body.id);
    expect(body.definition.items.map((i) => i.key)).toContain("bai_hoc");
    expect(
      await count(
        "select count(*) n from audit_events where action = 'report_form.created' and entity_id = ?",
        body.id,
      ),
    ).toBe(1);
  });

  it("refuses indicator codes the directive does not have, and people without directive.manage", async () => {
    const definition = {
      version: 1,
      items: [
        {
          kind: "number",
          key: "x",
          label: "X",
          unit: "",
          valueKind: "integer",
          indicatorCode: "khong_co",
          required: false,
        },
      ],
    };
    const res = await call("POST", "/api/forms", {
      session: staff,
      json: { directiveId: "ct52", name: "Sai", definition },
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).error.fields).toEqual([
      { field: "definition.items.0.indicatorCode", message: "Chỉ thị chưa có chỉ tiêu mã “khong_co”" },
    ]);
    const refused = await call("POST", "/api/forms", {
      session: secretary,
      json: { directiveId: "ct52", name: "Của bí thư", template: "standard" },
    });
    expect(refused.status).toBe(403);
  });

  it("versions a form: schedules move to the new version, open periods keep theirs", async () => {
    const openPeriod = await env.DB.prepare(
      "select id, form_id from periods where schedule_id = 'sch-52-hn-thang' and status = 'open' order by cutoff_end desc limit 1",
    ).first<{ id: string; form_id: string }>();
    expect(openPeriod?.form_id).toBe("form-52");
    const obligation = await env.DB.prepare("select id from obligations where period_id = ? limit 1")
      .bind(openPeriod!.id)
      .first<{ id: string }>();

    const next = {
      ...DIRECTIVE_52_FORM,
      items: [
        ...DIRECTIVE_52_FORM.items,
        {
          kind: "yesno",
          key: "chi_bo_pho_bien",
          label: "Đã phổ biến Chỉ thị đến chi bộ",
          requiresDocumentRef: false,
          required: false,
        },
      ],
      rules: [{ left: "insured_people", op: "lte", right: "population" }],
    };
    const saved = await call("POST", "/api/forms/form-52/versions", {
      session: staff,
      json: {
        name: "Mẫu báo cáo Chỉ thị 52 (bổ sung phổ biến đến chi bộ)",
        definition: next,
        baseVersion: 1,
      },
    });
    expect(saved.status).toBe(201);
    const v2 = (await saved.json()) as FormBody;
    expect(v2).toMatchObject({ version: 2, familyId: "form-52" });
    expect(await count("select count(*) n from reporting_schedules where form_id = ?", v2.id)).toBe(2);
    expect(await count("select count(*) n from reporting_schedules where form_id = 'form-52'")).toBe(0);
    // The open period keeps version 1: its report form has no new item.
    const report = (await (
      await call("GET", `/api/obligations/${obligation!.id}`, { session: staff })
    ).json()) as {
      form: { items: { key: string }[] };
    };
    expect(report.form.items.map((i) => i.key)).not.toContain("chi_bo_pho_bien");
    // The next period the engine opens takes version 2.
    await recordDuePeriods(env.DB, DEMO_NOW + 60 * 86_400_000);
    const newest = await env.DB.prepare(
      "select form_id from periods where schedule_id = 'sch-52-hn-thang' order by cutoff_end desc limit 1",
    ).first<{ form_id: string }>();
    expect(newest?.form_id).toBe(v2.id);

    // Saving the same again adds nothing; saving from version 1 again is stale and shows both.
    const same = await call("POST", `/api/forms/${v2.id}/versions`, {
      session: staff,
      json: {
        name: "Mẫu báo cáo Chỉ thị 52 (bổ sung phổ biến đến chi bộ)",
        definition: next,
        baseVersion: 2,
      },
    });
    expect(same.status).toBe(200);
    expect(((await same.json()) as { changed: boolean }).changed).toBe(false);
    const stale = await call("POST", "/api/forms/form-52/versions", {
      session: staff,
      json: { name: "Bản cũ", definition: DIRECTIVE_52_FORM, baseVersion: 1 },
    });
    expect(stale.status).toBe(409);
    const conflict = (await stale.json()) as { current: { version: number }; yours: { name: string } };
    expect(conflict.current.version).toBe(2);
    expect(conflict.yours.name).toBe("Bản cũ");
    expect(await count("select count(*) n from report_forms where family_id = 'form-52'")).toBe(2);
  });

  it("builds a form on the page without JavaScript: add rows, then save", async () => {
    const base = {
      directiveId: "ct52",
      name: "Mẫu quý (trang)",
      title: "",
      itemCount: "1",
      ruleCount: "0",
      "items.0.kind": "narrative",
      "items.0.key": "ket_qua",
      "items.0.label": "Kết quả",
      "items.0.maxLength": "5000",
      "items.0.required": "on",
    };
    const add = await call("POST", "/bieu-mau/moi", {
      session: staff,
      form: { ...base, intent: "add:number" },
    });
    expect(add.status).toBe(200);
    const html = await add.text();
    expect(html).toContain("Mục 2: Số liệu, chỉ tiêu");
    expect(html).toContain('value="Kết quả"');
    const invalid = await call("POST", "/bieu-mau/moi", {
      session: staff,
      form: {
        ...base,
        itemCount: "2",
        "items.1.kind": "number",
        "items.1.key": "so",
        "items.1.label": "",
        "items.1.min": "x",
        intent: "save",
      },
    });
    expect(invalid.status).toBe(422);
    const invalidHtml = await invalid.text();
    expect(invalidHtml).toContain('aria-invalid="true"');
    const save = await call("POST", "/bieu-mau/moi", {
      session: staff,
      form: {
        ...base,
        itemCount: "2",
        "items.1.kind": "number",
        "items.1.key": "so_hoi_nghi",
        "items.1.label": "Số hội nghị",
        "items.1.unit": "hội nghị",
        "items.1.valueKind": "integer",
        "items.1.min": "0",
        intent: "save",
      },
    });
    expect(save.status).toBe(303);
    const id = save.headers.get("location")!.split("/")[2]!.split("?")[0]!;
    const row = await env.DB.prepare("select definition from report_forms where id = ?")
      .bind(id)
      .first<{ definition: string }>();
    expect(JSON.parse(row!.definition).items.map((i: { key: string }) => i.key)).toEqual([
      "ket_qua",
      "so_hoi_nghi",
    ]);
    expect((await call("GET", `/bieu-mau/${id}`, { session: secretary, html: true })).status).toBe(200);
    expect(
      (await call("GET", "/bieu-mau/moi?directiveId=ct52", { session: secretary, html: true })).status,
    ).toBe(403);
  });
});
