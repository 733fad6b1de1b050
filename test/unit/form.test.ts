import { describe, expect, it } from "vitest";
import type * as z from "zod";
import {
  buildValuesSchema,
  DIRECTIVE_52_FORM,
  FormDefinition,
  type FormValues,
  parseFormDefinition,
  REQUIRED_MESSAGE,
  type ValuesMode,
} from "../../src/domain/form";
import { fieldErrorsFromZod } from "../../src/platform/errors";

const draft = buildValuesSchema(DIRECTIVE_52_FORM, "draft");
const submit = buildValuesSchema(DIRECTIVE_52_FORM, "submit");

/** Field -> message, for readable assertions. */
function errors(schema: z.ZodType<FormValues>, values: unknown): Record<string, string> {
  const r = schema.safeParse(values);
  if (r.success) return {};
  return Object.fromEntries(fieldErrorsFromZod(r.error).map((f) => [f.field, f.message]));
}

const COMPLETE = {
  section_1: "Đã đưa chỉ tiêu bao phủ BHYT vào nghị quyết đại hội.",
  section_2: "Kiến nghị sửa đổi mức đóng.",
  section_3: "Tổ chức 12 hội nghị quán triệt.",
  section_4: "Nâng cấp 5 trạm y tế xã.",
  section_5: "Kiểm tra 3 cơ sở khám chữa bệnh.",
  section_6: "Liên thông dữ liệu với cơ sở dữ liệu quốc gia.",
  section_7: "Ban hành kế hoạch, phân công theo dõi.",
  plan_issued: { answer: true, documentRef: "01-KH/TU" },
  inspection_done: { answer: false },
  dissemination_sessions: 12,
  population: 1_250_000,
  insured_people: 1_190_000,
  coverage_pct: 95.2,
};

/** Complete, without the counts the cross-field rules compare (so each check stands alone). */
const { population: _population, insured_people: _insured, ...NO_COUNTS } = COMPLETE;

describe("DIRECTIVE_52_FORM", () => {
  it("is a valid form definition", () => {
    expect(FormDefinition.safeParse(DIRECTIVE_52_FORM).success).toBe(true);
  });

  it("survives storage as JSON text in report_forms.definition", () => {
    expect(parseFormDefinition(JSON.stringify(DIRECTIVE_52_FORM))).toEqual(DIRECTIVE_52_FORM);
    expect(parseFormDefinition("{not json")).toBeNull();
    expect(
      parseFormDefinition(JSON.stringify({ version: 1, items: [{ kind: "date", key: "d" }] })),
    ).toBeNull();
  });

  it("has one narrative per directive section 1-7, in order, with Vietnamese labels", () => {
    const narratives = DIRECTIVE_52_FORM.items.filter((i) => i.kind === "narrative" && i.sectionNumber);
    expect(narratives.map((i) => (i.kind === "narrative" ? i.sectionNumber : 0))).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
    expect(narratives[2]?.label).toContain("tuyên truyền");
    expect(narratives[6]?.label).toContain("Tổ chức thực hiện");
  });

  it("links the numbers to indicators", () => {
    const codes = Object.fromEntries(
      DIRECTIVE_52_FORM.items.flatMap((i) => (i.kind === "number" ? [[i.key, i.indicatorCode ?? null]] : [])),
    );
    expect(codes).toMatchObject({ coverage_pct: "coverage", insured_people: "insured" });
  });
});

describe("values: submit mode", () => {
  it("accepts a complete report and normalises the document number", () => {
    const r = submit.safeParse({
      ...COMPLETE,
      plan_issued: { answer: true, documentRef: " Số 01 - KH/TU " },
    });
    expect(r.success).toBe(true);
    expect(r.data?.plan_issued).toEqual({ answer: true, documentRef: "01-KH/TU" });
    expect(r.data?.coverage_pct).toBe(95.2);
  });

  it("enforces required items with 'Bắt buộc nhập'", () => {
    const { section_3: _s3, dissemination_sessions: _d, ...rest } = COMPLETE;
    expect(errors(submit, { ...rest, section_1: "   " })).toEqual({
      section_1: REQUIRED_MESSAGE,
      section_3: REQUIRED_MESSAGE,
      dissemination_sessions: REQUIRED_MESSAGE,
    });
  });

  it("optional items may be left out or null", () => {
    const { population: _p, insured_people: _i, ...rest } = COMPLETE;
    expect(errors(submit, { ...rest, coverage_pct: null, difficulties: "" })).toEqual({});
  });

  it("a required yes/no must be answered", () => {
    expect(errors(submit, { ...COMPLETE, inspection_done: { answer: null } })).toEqual({
      "inspection_done.answer": "Bắt buộc chọn Có hoặc Không",
    });
    expect(errors(submit, { ...COMPLETE, inspection_done: null })).toEqual({
      inspection_done: REQUIRED_MESSAGE,
    });
  });

  it("'yes' on an item requiring a document needs its number", () => {
    expect(errors(submit, { ...COMPLETE, plan_issued: { answer: true } })).toEqual({
      "plan_issued.documentRef": "Bắt buộc nhập số hiệu văn bản",
    });
    expect(errors(submit, { ...COMPLETE, plan_issued: { answer: true, documentRef: "  " } })).toEqual({
      "plan_issued.documentRef": "Bắt buộc nhập số hiệu văn bản",
    });
    // "No" needs no document.
    expect(errors(submit, { ...COMPLETE, plan_issued: { answer: false } })).toEqual({});
  });

  it("the document number is validated with the parser's message", () => {
    const e = errors(submit, { ...COMPLETE, plan_issued: { answer: true, documentRef: "01-KH" } });
    expect(e["plan_issued.documentRef"]).toContain("không đúng định dạng");
    expect(errors(submit, { ...COMPLETE, plan_issued: { answer: true, documentRef: "844/QD-TTg" } })).toEqual(
      {
        "plan_issued.documentRef": "Loại văn bản “QD” không đúng; có phải là “QĐ”?",
      },
    );
  });
});

describe("values: bounds and types (both modes)", () => {
  const modes: [ValuesMode, z.ZodType<FormValues>][] = [
    ["draft", draft],
    ["submit", submit],
  ];

  it.each(modes)("%s: coverage must be within 0..100", (_mode, schema) => {
    const base = _mode === "submit" ? NO_COUNTS : {};
    expect(errors(schema, { ...base, coverage_pct: 100.5 })).toEqual({
      coverage_pct: "Tỷ lệ bao phủ BHYT phải từ 0 đến 100",
    });
    expect(errors(schema, { ...base, coverage_pct: -0.1 })).toEqual({
      coverage_pct: "Tỷ lệ bao phủ BHYT phải từ 0 đến 100",
    });
    expect(errors(schema, { ...base, coverage_pct: 0 })).toEqual({});
    expect(errors(schema, { ...base, coverage_pct: 100 })).toEqual({});
    expect(errors(schema, { ...base, coverage_pct: 94.29 })).toEqual({});
  });

  it.each(modes)("%s: people are whole and not negative", (_mode, schema) => {
    const base = _mode === "submit" ? NO_COUNTS : {};
    expect(errors(schema, { ...base, insured_people: 10.5 })).toEqual({
      insured_people: "Số người tham gia BHYT phải là số nguyên",
    });
    expect(errors(schema, { ...base, insured_people: -1 })).toEqual({
      insured_people: "Số người tham gia BHYT phải lớn hơn hoặc bằng 0",
    });
    expect(errors(schema, { ...base, insured_people: 0 })).toEqual({});
  });

  it.each(modes)("%s: numbers must be numbers, not text or NaN", (_mode, schema) => {
    const base = _mode === "submit" ? NO_COUNTS : {};
    expect(errors(schema, { ...base, population: "một nghìn" })).toEqual({
      population: "Dân số phải là một số, ví dụ 8.700.000 hoặc 95,54",
    });
    expect(errors(schema, { ...base, population: "1,2,3" })).toEqual({
      population: "Dân số phải là một số, ví dụ 8.700.000 hoặc 95,54",
    });
    expect(errors(schema, { ...base, population: Number.NaN })).toEqual({
      population: "Dân số phải là một số, ví dụ 8.700.000 hoặc 95,54",
    });
    expect(errors(schema, { ...base, population: true })).toEqual({
      population: "Dân số phải là một số, ví dụ 8.700.000 hoặc 95,54",
    });
  });

  it.each(modes)("%s: unknown keys are rejected field by field", (_mode, schema) => {
    const base = _mode === "submit" ? NO_COUNTS : {};
    expect(errors(schema, { ...base, coverage: 95, section_8: "x" })).toEqual({
      coverage: "Mục này không có trong biểu mẫu",
      section_8: "Mục này không có trong biểu mẫu",
    });
  });

  it.each(modes)("%s: a narrative has a maximum length", (_mode, schema) => {
    const base = _mode === "submit" ? NO_COUNTS : {};
    expect(errors(schema, { ...base, difficulties: "a".repeat(10_000) })).toEqual({});
    expect(errors(schema, { ...base, difficulties: "a".repeat(10_001) })).toEqual({
      difficulties: "Khó khăn, vướng mắc và kiến nghị, đề xuất dài quá 10000 ký tự",
    });
  });

  it.each(modes)("%s: values must be an object", (_mode, schema) => {
    expect(schema.safeParse(null).success).toBe(false);
    expect(schema.safeParse([1, 2]).success).toBe(false);
    expect(errors(schema, "text")).toEqual({ "(body)": "Dữ liệu báo cáo không hợp lệ" });
  });

  it.each(modes)("%s: yes/no items have a fixed shape", (_mode, schema) => {
    const base = _mode === "submit" ? NO_COUNTS : {};
    expect(Object.keys(errors(schema, { ...base, inspection_done: true }))).toEqual(["inspection_done"]);
    expect(Object.keys(errors(schema, { ...base, inspection_done: { answer: "có" } }))).toEqual([
      "inspection_done.answer",
    ]);
    expect(Object.keys(errors(schema, { ...base, inspection_done: { answer: true, extra: 1 } }))).toEqual([
      "inspection_done",
    ]);
  });
});

describe("values: draft mode", () => {
  it("accepts an empty draft and a partial one", () => {
    expect(errors(draft, {})).toEqual({});
    expect(
      errors(draft, { section_1: "Đang soạn…", coverage_pct: null, plan_issued: { answer: true } }),
    ).toEqual({});
  });

  it("keeps blank text but still checks a document number that was typed", () => {
    const r = draft.safeParse({ section_2: "", plan_issued: { answer: true, documentRef: "52-CT/TW" } });
    expect(r.data).toEqual({ section_2: "", plan_issued: { answer: true, documentRef: "52-CT/TW" } });
    expect(errors(draft, { plan_issued: { answer: true, documentRef: "52/CT" } })).toHaveProperty([
      "plan_issued.documentRef",
    ]);
  });

  it("an empty string for a number is stored as null", () => {
    expect(draft.safeParse({ coverage_pct: "" }).data).toEqual({ coverage_pct: null });
  });
});

describe("FormDefinition", () => {
  const item = (over: object) => ({
    kind: "number",
    key: "x",
    label: "X",
    unit: "",
    valueKind: "decimal",
    required: false,
    ...over,
  });

  it("rejects duplicate keys and inverted bounds", () => {
    const r = FormDefinition.safeParse({ version: 1, items: [item({}), item({ min: 5, max: 1 })] });
    expect(r.success).toBe(false);
    const messages = r.error ? fieldErrorsFromZod(r.error) : [];
    expect(messages).toEqual([
      { field: "items.1.key", message: "Mã mục “x” bị trùng" },
      { field: "items.1.max", message: "Giá trị tối đa nhỏ hơn tối thiểu" },
    ]);
  });

  it("rejects a bad key, an unknown kind and unknown properties", () => {
    expect(FormDefinition.safeParse({ version: 1, items: [item({ key: "Tỷ lệ" })] }).success).toBe(false);
    expect(FormDefinition.safeParse({ version: 1, items: [item({ kind: "date" })] }).success).toBe(false);
    expect(FormDefinition.safeParse({ version: 1, items: [item({ colour: "red" })] }).success).toBe(false);
    expect(FormDefinition.safeParse({ version: 2, items: [item({})] }).success).toBe(false);
    expect(FormDefinition.safeParse({ version: 1, items: [] }).success).toBe(false);
  });

  it("a decimal with only a maximum, and a narrowed percent, give matching messages", () => {
    const def = FormDefinition.parse({
      version: 1,
      items: [
        item({ key: "ratio", label: "Hệ số", max: 2.5 }),
        item({ key: "share", label: "Tỷ lệ hộ gia đình", valueKind: "percent", min: 50 }),
      ],
    });
    const schema = buildValuesSchema(def, "draft");
    expect(errors(schema, { ratio: 2.51, share: 49.9 })).toEqual({
      ratio: "Hệ số phải nhỏ hơn hoặc bằng 2,5",
      share: "Tỷ lệ hộ gia đình phải từ 50 đến 100",
    });
    expect(errors(schema, { ratio: -1e9, share: 50 })).toEqual({});
  });
});

describe("values: several problems at once", () => {
  it("reports an unknown key alongside field errors, so the user sees everything in one go", () => {
    expect(errors(draft, { coverage_pct: 120, bogus: 1 })).toEqual({
      coverage_pct: "Tỷ lệ bao phủ BHYT phải từ 0 đến 100",
      bogus: "Mục này không có trong biểu mẫu",
    });
  });
});

describe("values: numbers as Vietnamese people type them", () => {
  it("reads a decimal comma and dot-grouped thousands, and the plain forms", () => {
    const r = submit.safeParse({
      ...COMPLETE,
      population: "8.700.000",
      insured_people: "8.312.850",
      coverage_pct: "95,55",
    });
    expect(r.success).toBe(true);
    expect(r.data?.population).toBe(8_700_000);
    expect(r.data?.insured_people).toBe(8_312_850);
    expect(r.data?.coverage_pct).toBe(95.55);
    const plain = submit.safeParse({
      ...COMPLETE,
      population: "1250000",
      insured_people: 1190000,
      coverage_pct: "95.2",
    });
    expect(plain.success).toBe(true);
    expect(plain.data?.coverage_pct).toBe(95.2);
  });

  it("an integer field refuses a decimal however it is written", () => {
    for (const typed of ["2.5", "2,5"]) {
      expect(errors(draft, { dissemination_sessions: typed })).toEqual({
        dissemination_sessions: "Số hội nghị quán triệt phải là số nguyên",
      });
    }
  });
});

describe("values: cross-field rules declared with the form", () => {
  it("insured may not exceed population", () => {
    expect(errors(submit, { ...COMPLETE, insured_people: 1_300_000, coverage_pct: 100 })).toMatchObject({
      insured_people: "Số người tham gia BHYT (1.300.000 người) không được lớn hơn Dân số (1.250.000 người)",
    });
  });

  it("the rate must match insured / population within the tolerance", () => {
    // 1,190,000 / 1,250,000 = 95.2 %: 95.7 is at the tolerance, 95.8 beyond it.
    expect(errors(submit, { ...COMPLETE, coverage_pct: 95.7 })).toEqual({});
    expect(errors(submit, { ...COMPLETE, coverage_pct: 94.7 })).toEqual({});
    expect(errors(submit, { ...COMPLETE, coverage_pct: 95.8 })).toEqual({
      coverage_pct:
        "Tỷ lệ bao phủ BHYT (95,8 %) không khớp với Số người tham gia BHYT chia Dân số: 95,2 % (chênh lệch cho phép 0,5)",
    });
  });

  it("a rule with a blank number is not checked, and drafts see the same messages", () => {
    const { population: _p, ...noPopulation } = COMPLETE;
    expect(errors(submit, { ...noPopulation, population: null, coverage_pct: 10 })).toEqual({});
    expect(errors(draft, { population: 10, insured_people: 20 })).toEqual({
      insured_people: "Số người tham gia BHYT (20 người) không được lớn hơn Dân số (10 người)",
    });
  });

  it("a form whose rules name something that is not a number item is refused", () => {
    const bad = { ...DIRECTIVE_52_FORM, rules: [{ kind: "lte", left: "section_1", right: "population" }] };
    expect(FormDefinition.safeParse(bad).success).toBe(false);
  });
});
