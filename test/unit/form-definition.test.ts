import { describe, expect, it } from "vitest";
import { buildValuesSchema, FormDefinition } from "../../src/domain/form";
import {
  decideVersion,
  definitionFromFields,
  fieldsFromDefinition,
  STANDARD_OUTLINE_TEMPLATE,
} from "../../src/domain/form-definition";

const QUARTERLY: FormDefinition = {
  version: 1,
  items: [
    {
      kind: "narrative",
      key: "ket_qua",
      label: "Kết quả",
      section: "I. Kết quả",
      required: true,
      maxLength: 1000,
    },
    {
      kind: "number",
      key: "doanh_nghiep",
      label: "Số doanh nghiệp khoa học công nghệ",
      unit: "doanh nghiệp",
      valueKind: "integer",
      min: 0,
      required: true,
    },
    {
      kind: "number",
      key: "dn_moi",
      label: "Doanh nghiệp thành lập mới",
      unit: "doanh nghiệp",
      valueKind: "integer",
      min: 0,
      required: false,
    },
  ],
  rules: [{ left: "dn_moi", op: "lte", right: "doanh_nghiep" }],
};

describe("form definitions with sections and cross-field rules", () => {
  it("the standard outline is a valid form with the outline's parts in order", () => {
    expect(FormDefinition.safeParse(STANDARD_OUTLINE_TEMPLATE).success).toBe(true);
    const sections = [...new Set(STANDARD_OUTLINE_TEMPLATE.items.map((i) => i.section))];
    expect(sections).toEqual([
      "I. Tình hình triển khai thực hiện",
      "II. Đánh giá chung",
      "III. Phương hướng, nhiệm vụ",
      "IV. Kiến nghị, đề xuất",
      "Phụ lục số liệu",
    ]);
    expect(STANDARD_OUTLINE_TEMPLATE.items.map((i) => i.label)).toEqual(
      expect.arrayContaining(["Ưu điểm", "Hạn chế, khó khăn, vướng mắc", "Bài học kinh nghiệm"]),
    );
  });

  it("rules must compare two number items of the form", () => {
    const bad = FormDefinition.safeParse({
      ...QUARTERLY,
      rules: [{ left: "ket_qua", op: "lte", right: "khong_co" }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join("."))).toEqual(["rules.0.left", "rules.0.right"]);
  });

  it("checks rules with the labels in the message; a draft sees the same message (it is saved as typed anyway)", () => {
    const values = { ket_qua: "x", doanh_nghiep: 10, dn_moi: 12 };
    const asDraft = buildValuesSchema(QUARTERLY, "draft").safeParse(values);
    expect(asDraft.error?.issues.map((i) => i.path.join("."))).toEqual(["dn_moi"]);
    const r = buildValuesSchema(QUARTERLY, "submit").safeParse(values);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({
      path: ["dn_moi"],
      message:
        "Doanh nghiệp thành lập mới phải nhỏ hơn hoặc bằng Số doanh nghiệp khoa học công nghệ (12 và 10)",
    });
    expect(buildValuesSchema(QUARTERLY, "submit").safeParse({ ...values, dn_moi: 3 }).success).toBe(true);
    // A missing optional number skips the rule.
    expect(buildValuesSchema(QUARTERLY, "submit").safeParse({ ket_qua: "x", doanh_nghiep: 1 }).success).toBe(
      true,
    );
  });
});

describe("the builder's fields", () => {
  it("round-trip a definition", () => {
    const again = definitionFromFields(fieldsFromDefinition(QUARTERLY as never));
    expect(FormDefinition.parse(again)).toEqual(FormDefinition.parse(QUARTERLY));
  });

  it("apply add, move, remove and rule intents", () => {
    const fields = fieldsFromDefinition(QUARTERLY as never);
    const added = definitionFromFields(fields, "add:yesno") as FormDefinition;
    expect(added.items.map((i) => i.kind)).toEqual(["narrative", "number", "number", "yesno"]);
    expect(added.items[3]!.key).toBe("muc_4");
    const moved = definitionFromFields(fields, "up:2") as FormDefinition;
    expect(moved.items.map((i) => i.key)).toEqual(["ket_qua", "dn_moi", "doanh_nghiep"]);
    const removed = definitionFromFields(fields, "remove:0") as FormDefinition;
    expect(removed.items.map((i) => i.key)).toEqual(["doanh_nghiep", "dn_moi"]);
    expect((definitionFromFields(fields, "removeRule:0") as FormDefinition).rules).toBeUndefined();
  });

  it("keeps a mistyped bound as an error rather than dropping it", () => {
    const fields = { ...fieldsFromDefinition(QUARTERLY as never), "items.1.min": "mười" };
    const r = FormDefinition.safeParse(definitionFromFields(fields));
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path.join(".")).toBe("items.1.min");
  });
});

describe("versioning", () => {
  it("adds a version only when something changed, and says what", () => {
    const latest = { version: 2, definition: QUARTERLY, name: "Mẫu quý" };
    expect(decideVersion(latest, QUARTERLY, "Mẫu quý")).toMatchObject({ changed: false, version: 2 });
    const next: FormDefinition = {
      ...QUARTERLY,
      items: [
        { ...QUARTERLY.items[0]!, label: "Kết quả nổi bật" } as FormDefinition["items"][number],
        QUARTERLY.items[1]!,
        { kind: "yesno", key: "co_de_an", label: "Có đề án", requiresDocumentRef: true, required: false },
      ],
      rules: [],
    };
    expect(decideVersion(latest, next, "Mẫu quý")).toEqual({
      changed: true,
      version: 3,
      added: ["co_de_an"],
      removed: ["dn_moi"],
      modified: ["ket_qua"],
    });
    expect(decideVersion(latest, QUARTERLY, "Tên khác")).toMatchObject({ changed: true, version: 3 });
    expect(decideVersion(null, QUARTERLY, "Mẫu quý")).toMatchObject({ changed: true, version: 1 });
  });
});
