import { describe, expect, it } from "vitest";
import { buildValuesSchema, DIRECTIVE_52_FORM, FormDefinition } from "../../src/domain/form";
import { outlineOf, plainLabel, standardOutlineForm } from "../../src/domain/report-outline";

const sections = [
  { number: 1, title: "Tăng cường lãnh đạo, chỉ đạo", isTaskGroup: true },
  { number: 2, title: "Hoàn thiện chính sách", isTaskGroup: true },
  { number: 3, title: "Tổ chức thực hiện", isTaskGroup: false },
];
const indicators = [
  {
    code: "coverage",
    name: "Tỷ lệ bao phủ bảo hiểm y tế",
    unit: "% dân số",
    valueKind: "percent" as const,
    minValue: 0,
    maxValue: 100,
  },
  {
    code: "chi_bo_reached",
    name: "Số chi bộ đã được phổ biến Chỉ thị",
    unit: "chi bộ",
    valueKind: "integer" as const,
    minValue: 0,
    maxValue: null,
  },
];

describe("the standard outline as a report form", () => {
  const form = standardOutlineForm({ directiveCode: "Chỉ thị số 52-CT/TW", sections, indicators });

  it("is a valid form definition with the outline in order", () => {
    expect(FormDefinition.safeParse(form).success).toBe(true);
    expect(form.items.map((i) => i.key)).toEqual([
      "lanh_dao",
      "section_1",
      "section_2",
      "uu_diem",
      "han_che",
      "nguyen_nhan",
      "bai_hoc",
      "phuong_huong",
      "kien_nghi",
      "coverage",
      "chi_bo_reached",
    ]);
    expect(form.items.map((i) => i.label).slice(0, 4)).toEqual([
      "I. Công tác lãnh đạo, chỉ đạo, quán triệt, triển khai thực hiện",
      "II.1. Tăng cường lãnh đạo, chỉ đạo",
      "II.2. Hoàn thiện chính sách",
      "III.1. Ưu điểm",
    ]);
  });

  it("asks the assessment and direction on submission; figures keep the indicator's bounds", () => {
    const schema = buildValuesSchema(form, "submit");
    const r = schema.safeParse({ coverage: 101 });
    expect(r.success).toBe(false);
    const fields = r.success ? [] : r.error.issues.map((i) => i.path.join("."));
    expect(fields).toEqual(
      expect.arrayContaining(["lanh_dao", "uu_diem", "han_che", "nguyen_nhan", "phuong_huong", "coverage"]),
    );
    expect(fields).not.toContain("kien_nghi");
  });

  it("arranges items under the outline's headings, figures in the appendix", () => {
    expect(outlineOf(form).map((g) => [g.heading, g.items.map((i) => i.key)])).toEqual([
      ["I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI THỰC HIỆN", ["lanh_dao"]],
      ["II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ, GIẢI PHÁP", ["section_1", "section_2"]],
      ["III. ĐÁNH GIÁ CHUNG", ["uu_diem", "han_che", "nguyen_nhan", "bai_hoc"]],
      ["IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", ["phuong_huong"]],
      ["V. KIẾN NGHỊ, ĐỀ XUẤT", ["kien_nghi"]],
      ["PHỤ LỤC SỐ LIỆU", ["coverage", "chi_bo_reached"]],
    ]);
    expect(plainLabel("III.2. Hạn chế")).toBe("Hạn chế");
    expect(plainLabel("Phụ lục: Tỷ lệ bao phủ bảo hiểm y tế")).toBe("Tỷ lệ bao phủ bảo hiểm y tế");
  });

  it("an older form without the outline keys still finds its place", () => {
    const parts = outlineOf(DIRECTIVE_52_FORM).map((g) => g.part);
    expect(parts).toEqual(["results", "recommendations", "appendix"]);
  });
});
