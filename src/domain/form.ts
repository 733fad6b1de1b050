/**
 * Report forms defined as data. `FormDefinition` validates the JSON stored in
 * `report_forms.definition`; `buildValuesSchema` turns a definition into a zod schema
 * for a report's values, with Vietnamese messages per field, in two modes:
 * - `draft`: every item optional (null or absent), but types, bounds and any document
 *   number typed are still checked, so an autosaved draft never holds garbage;
 * - `submit`: required items must be filled in; a "yes" on an item that requires a
 *   document reference must carry a valid document number.
 * Unknown keys are rejected in both modes (a stale form or a typo must not be stored).
 *
 * Values shape: narrative -> string, number -> number, yes/no -> { answer, documentRef }.
 * Document references come back normalised (see `parseDocumentNumber`).
 */
import * as z from "zod";
import { parseDocumentNumber } from "./document-number";
import { formatViNumber, parseViNumber } from "./numbers";

const itemKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, { error: "Mã mục chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới" });
const label = z.string().trim().min(1, { error: "Chưa nhập nhãn" }).max(500);
/** The title of the form section the item belongs to (consecutive items share a heading). */
const section = z.string().trim().max(300).optional();

export const NarrativeItem = z.strictObject({
  kind: z.literal("narrative"),
  key: itemKey,
  /** Directive section the narrative reports on (1-7 for Directive 52), if any. */
  sectionNumber: z.number().int().min(1).max(99).nullable().optional(),
  label,
  help: z.string().max(2000).optional(),
  section,
  required: z.boolean(),
  maxLength: z.number().int().min(1).max(100_000),
});

export const NUMBER_VALUE_KINDS = ["integer", "percent", "decimal"] as const;

export const NumberItem = z.strictObject({
  kind: z.literal("number"),
  key: itemKey,
  label,
  help: z.string().max(2000).optional(),
  section,
  unit: z.string().max(50),
  /** Links the value to a directive indicator for roll-up (e.g. `coverage`). */
  indicatorCode: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/)
    .optional(),
  valueKind: z.enum(NUMBER_VALUE_KINDS),
  min: z.number().nullable().optional(),
  max: z.number().nullable().optional(),
  required: z.boolean(),
});

export const YesNoItem = z.strictObject({
  kind: z.literal("yesno"),
  key: itemKey,
  label,
  help: z.string().max(2000).optional(),
  section,
  /** When answered "yes", the number of the document that proves it is asked for. */
  requiresDocumentRef: z.boolean(),
  required: z.boolean(),
});

export const FormItem = z.discriminatedUnion("kind", [NarrativeItem, NumberItem, YesNoItem]);
export type FormItem = z.infer<typeof FormItem>;
export type NumberItem = z.infer<typeof NumberItem>;

/**
 * Cross-field rules, declared as data with the form (checked on submit; shown on drafts):
 * - `lte`: the number in `left` may not exceed the number in `right` (insured ≤ population);
 * - `ratio`: `result` ≈ `numerator` / `denominator` × `scale`, within `tolerance` (in the
 *   unit of `result`), e.g. coverage % = insured / population × 100 ± 0,5.
 * A rule is checked only when every number it names is filled in.
 */
const KindedRule = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("lte"), left: itemKey, right: itemKey }),
  z.strictObject({
    kind: z.literal("ratio"),
    result: itemKey,
    numerator: itemKey,
    denominator: itemKey,
    scale: z.number().positive(),
    tolerance: z.number().min(0),
  }),
]);
export const RULE_OPERATORS = ["lte", "lt", "gte", "gt", "eq"] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];
export const RULE_OPERATOR_SYMBOLS: Record<RuleOperator, string> = {
  lte: "≤",
  lt: "<",
  gte: "≥",
  gt: ">",
  eq: "=",
};

/** A cross-field rule between two number items, e.g. insured people ≤ population. */
export const CrossFieldRule = z.strictObject({
  left: itemKey,
  op: z.enum(RULE_OPERATORS, { error: "Phép so sánh không hợp lệ" }),
  right: itemKey,
  message: z.string().trim().max(300).optional(),
});
export type CrossFieldRule = z.infer<typeof CrossFieldRule>;

/** Every cross-field rule a form may declare: the kinded ones above, or a plain comparison. */
export const FormRule = z.union([KindedRule, CrossFieldRule]);
export type FormRule = z.infer<typeof FormRule>;

/** A plain comparison rule (made in the form builder) rather than a kinded one. */
export function isCompareRule(rule: FormRule): rule is CrossFieldRule {
  return !("kind" in rule);
}

export const FormDefinition = z
  .strictObject({
    version: z.literal(1),
    title: z.string().max(500).optional(),
    items: z.array(FormItem).min(1).max(500),
    rules: z.array(FormRule).max(100).optional(),
  })
  .superRefine((def, ctx) => {
    const numberKeys = new Set(def.items.filter((i) => i.kind === "number").map((i) => i.key));
    (def.rules ?? []).forEach((rule, i) => {
      if (isCompareRule(rule)) {
        for (const side of ["left", "right"] as const) {
          if (!numberKeys.has(rule[side])) {
            ctx.addIssue({
              code: "custom",
              path: ["rules", i, side],
              message: `Quy tắc chỉ so sánh hai mục số; “${rule[side]}” không phải mục số của biểu mẫu`,
            });
          }
        }
        if (rule.left === rule.right) {
          ctx.addIssue({
            code: "custom",
            path: ["rules", i, "right"],
            message: "Quy tắc so sánh một mục với chính nó",
          });
        }
        return;
      }
      const keys =
        rule.kind === "lte" ? [rule.left, rule.right] : [rule.result, rule.numerator, rule.denominator];
      for (const key of keys) {
        if (!numberKeys.has(key)) {
          ctx.addIssue({
            code: "custom",
            path: ["rules", i],
            message: `Quy tắc nhắc tới “${key}”, không phải mục số của biểu mẫu`,
          });
        }
      }
    });
    const seen = new Set<string>();
    def.items.forEach((item, i) => {
      if (seen.has(item.key)) {
        ctx.addIssue({ code: "custom", path: ["items", i, "key"], message: `Mã mục “${item.key}” bị trùng` });
      }
      seen.add(item.key);
      if (item.kind === "number") {
        const { min, max } = numberBounds(item);
        if (min !== null && max !== null && min > max) {
          ctx.addIssue({
            code: "custom",
            path: ["items", i, "max"],
            message: "Giá trị tối đa nhỏ hơn tối thiểu",
          });
        }
      }
    });
  });
export type FormDefinition = z.infer<typeof FormDefinition>;

export interface YesNoValue {
  answer: boolean | null;
  documentRef?: string | null;
}
export type FormValue = string | number | YesNoValue | null;
export type FormValues = Record<string, FormValue | undefined>;
export type ValuesMode = "draft" | "submit";

export const REQUIRED_MESSAGE = "Bắt buộc nhập";

/** Bounds in force: a percent is always within 0..100 unless the form narrows it. */
export function numberBounds(item: NumberItem): { min: number | null; max: number | null } {
  let min = item.min ?? null;
  let max = item.max ?? null;
  if (item.valueKind === "percent") {
    min = min === null ? 0 : Math.max(0, min);
    max = max === null ? 100 : Math.min(100, max);
  }
  return { min, max };
}

/** Vietnamese number display in messages: 8.700.000, 94,5. */
const vi = (n: number) => formatViNumber(n, { maxFractionDigits: 4 });

function numberSchema(item: NumberItem): z.ZodType<number> {
  const { min, max } = numberBounds(item);
  const range =
    min !== null && max !== null
      ? `${item.label} phải từ ${vi(min)} đến ${vi(max)}`
      : min !== null
        ? `${item.label} phải lớn hơn hoặc bằng ${vi(min)}`
        : `${item.label} phải nhỏ hơn hoặc bằng ${vi(max ?? 0)}`;
  let s = z.number({ error: `${item.label} phải là một số, ví dụ 8.700.000 hoặc 95,54` });
  if (item.valueKind === "integer") s = s.int({ error: `${item.label} phải là số nguyên` });
  if (min !== null) s = s.min(min, { error: range });
  if (max !== null) s = s.max(max, { error: range });
  // Text as typed ("95,54", "8.700.000") is read the Vietnamese way; unreadable text stays
  // text, so the schema refuses it with the message above.
  return z.preprocess((v) => {
    if (typeof v !== "string") return v;
    const parsed = parseViNumber(v);
    return parsed.ok ? parsed.value : v;
  }, s) as unknown as z.ZodType<number>;
}

function narrativeSchema(item: z.infer<typeof NarrativeItem>): z.ZodType<string> {
  return z
    .string({ error: `${item.label}: phải là văn bản` })
    .max(item.maxLength, { error: `${item.label} dài quá ${item.maxLength} ký tự` });
}

function yesNoSchema(item: z.infer<typeof YesNoItem>, mode: ValuesMode) {
  return z
    .strictObject(
      {
        answer: z.boolean({ error: `${item.label}: chọn Có hoặc Không` }).nullable(),
        documentRef: z.string({ error: "Số hiệu văn bản phải là văn bản" }).max(200).nullable().optional(),
      },
      { error: `${item.label}: chọn Có hoặc Không` },
    )
    .superRefine((v, ctx) => {
      if (mode === "submit" && item.required && v.answer === null) {
        ctx.addIssue({ code: "custom", path: ["answer"], message: "Bắt buộc chọn Có hoặc Không" });
      }
      const ref = v.documentRef?.trim() ?? "";
      if (ref !== "") {
        const parsed = parseDocumentNumber(ref);
        if (!parsed.ok) ctx.addIssue({ code: "custom", path: ["documentRef"], message: parsed.message });
      } else if (mode === "submit" && item.requiresDocumentRef && v.answer === true) {
        ctx.addIssue({ code: "custom", path: ["documentRef"], message: "Bắt buộc nhập số hiệu văn bản" });
      }
    })
    .transform((v): YesNoValue => {
      const ref = v.documentRef?.trim() ?? "";
      const parsed = ref === "" ? null : parseDocumentNumber(ref);
      return { answer: v.answer, documentRef: parsed?.ok ? parsed.normalized : null };
    });
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/**
 * The zod schema for a report's values under `definition`. Field paths are the item
 * keys (and `key.documentRef` / `key.answer` for yes/no items), so `validationError`
 * maps issues straight onto the form's fields.
 */
export function buildValuesSchema(definition: FormDefinition, mode: ValuesMode): z.ZodType<FormValues> {
  const shape: Record<string, z.ZodType<FormValue | undefined>> = {};
  for (const item of definition.items) {
    const inner =
      item.kind === "narrative"
        ? narrativeSchema(item)
        : item.kind === "number"
          ? numberSchema(item)
          : yesNoSchema(item, mode);
    // Required only bites on submit; a blank narrative counts as missing.
    const enforce = mode === "submit" && item.required;
    const field = z.unknown().transform((value, ctx): FormValue | undefined => {
      if (isBlank(value)) {
        if (enforce) {
          ctx.addIssue({ code: "custom", message: REQUIRED_MESSAGE });
          return z.NEVER;
        }
        if (value === undefined) return undefined;
        return item.kind === "narrative" && typeof value === "string" ? value : null;
      }
      const result = inner.safeParse(value);
      if (result.success) return result.data;
      for (const issue of result.error.issues) {
        ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
      }
      return z.NEVER;
    });
    // An absent key skips an optional schema, so only a required item may see `undefined`.
    shape[item.key] = enforce ? field : field.optional();
  }
  // Unknown keys get one issue each at their own path (strictObject gives one issue at
  // the root, which a form cannot show next to a field), reported with the field errors.
  const unknownKey = z.unknown().transform((_value, ctx) => {
    ctx.addIssue({ code: "custom", message: "Mục này không có trong biểu mẫu" });
    return z.NEVER;
  });
  return z
    .object(shape, { error: "Dữ liệu báo cáo không hợp lệ" })
    .catchall(unknownKey)
    .superRefine((values, ctx) => {
      for (const issue of checkRules(definition, values as FormValues)) {
        ctx.addIssue({ code: "custom", path: [issue.field], message: issue.message });
      }
    }) as unknown as z.ZodType<FormValues>;
}

/** The cross-field rules of `definition` broken by `values` (parsed numbers), with Vietnamese messages. */
export function checkRules(
  definition: FormDefinition,
  values: FormValues,
): { field: string; message: string }[] {
  const items = new Map(definition.items.map((i) => [i.key, i]));
  const num = (key: string) => {
    const v = values[key];
    return typeof v === "number" && Number.isFinite(v) ? v : null;
  };
  const label = (key: string) => items.get(key)?.label ?? key;
  const unitOf = (key: string) => {
    const item = items.get(key);
    return item?.kind === "number" && item.unit ? ` ${item.unit}` : "";
  };
  const out: { field: string; message: string }[] = [];
  for (const rule of definition.rules ?? []) {
    if (isCompareRule(rule)) {
      const left = num(rule.left);
      const right = num(rule.right);
      if (left !== null && right !== null && !compare(left, rule.op, right)) {
        out.push({
          field: rule.left,
          message:
            rule.message ??
            `${label(rule.left)} phải ${RULE_OPERATOR_WORDS[rule.op]} ${label(rule.right)} (${vi(left)} và ${vi(right)})`,
        });
      }
    } else if (rule.kind === "lte") {
      const left = num(rule.left);
      const right = num(rule.right);
      if (left !== null && right !== null && left > right) {
        out.push({
          field: rule.left,
          message: `${label(rule.left)} (${vi(left)}${unitOf(rule.left)}) không được lớn hơn ${label(rule.right)} (${vi(right)}${unitOf(rule.right)})`,
        });
      }
    } else {
      const result = num(rule.result);
      const numerator = num(rule.numerator);
      const denominator = num(rule.denominator);
      if (result === null || numerator === null || denominator === null || denominator === 0) continue;
      const expected = (numerator / denominator) * rule.scale;
      // A hair of slack for binary floating point at the boundary of the tolerance.
      if (Math.abs(result - expected) > rule.tolerance + 1e-9) {
        out.push({
          field: rule.result,
          message: `${label(rule.result)} (${vi(result)}${unitOf(rule.result)}) không khớp với ${label(rule.numerator)} chia ${label(rule.denominator)}: ${formatViNumber(expected, { maxFractionDigits: 2 })}${unitOf(rule.result)} (chênh lệch cho phép ${vi(rule.tolerance)})`,
        });
      }
    }
  }
  return out;
}

const RULE_OPERATOR_WORDS: Record<RuleOperator, string> = {
  lte: "nhỏ hơn hoặc bằng",
  lt: "nhỏ hơn",
  gte: "lớn hơn hoặc bằng",
  gt: "lớn hơn",
  eq: "bằng",
};

export function compare(a: number, op: RuleOperator, b: number): boolean {
  switch (op) {
    case "lte":
      return a <= b;
    case "lt":
      return a < b;
    case "gte":
      return a >= b;
    case "gt":
      return a > b;
    case "eq":
      return a === b;
  }
}

const SECTION_LABELS_52: readonly string[] = [
  "Lãnh đạo, chỉ đạo thực hiện chủ trương, chính sách, pháp luật về bảo hiểm y tế; đưa chỉ tiêu bao phủ bảo hiểm y tế vào nghị quyết, chương trình, kế hoạch phát triển kinh tế - xã hội; phát triển đối tượng tham gia, nhất là theo hộ gia đình",
  "Sửa đổi, bổ sung, hoàn thiện chính sách, pháp luật về bảo hiểm y tế; đa dạng hoá các gói bảo hiểm y tế; bảo đảm bền vững Quỹ bảo hiểm y tế",
  "Đổi mới thông tin, tuyên truyền, phổ biến, quán triệt chủ trương, chính sách, pháp luật về bảo hiểm y tế",
  "Triển khai các đề án, chương trình, kế hoạch về y tế; nâng cao chất lượng khám bệnh, chữa bệnh bảo hiểm y tế, nhất là ở y tế cơ sở",
  "Nâng cao năng lực quản lý nhà nước; thanh tra, kiểm tra, giám sát; phòng, chống trục lợi bảo hiểm y tế",
  "Hoàn thiện hạ tầng, cải cách hành chính, chuyển đổi số công tác bảo hiểm y tế",
  "Tổ chức thực hiện: nghiên cứu, quán triệt Chỉ thị; xây dựng chương trình, kế hoạch; đôn đốc, kiểm tra, giám sát",
];

/** Insured ≤ population; coverage % = insured / population × 100 within half a point. */
export const DIRECTIVE_52_RULES: FormRule[] = [
  { kind: "lte", left: "insured_people", right: "population" },
  {
    kind: "ratio",
    result: "coverage_pct",
    numerator: "insured_people",
    denominator: "population",
    scale: 100,
    tolerance: 0.5,
  },
];

/** Default report form for Directive 52-CT/TW (sections 1-6: task groups; 7: organisation). */
export const DIRECTIVE_52_FORM: FormDefinition = {
  version: 1,
  title: "Báo cáo kết quả thực hiện Chỉ thị số 52-CT/TW của Ban Bí thư",
  items: [
    ...SECTION_LABELS_52.map((text, i) => ({
      kind: "narrative" as const,
      key: `section_${i + 1}`,
      sectionNumber: i + 1,
      label: `${i + 1}. ${text}`,
      required: true,
      maxLength: 20_000,
    })),
    {
      kind: "yesno",
      key: "plan_issued",
      label: "Đã ban hành kế hoạch/chương trình thực hiện",
      help: "Nếu có, ghi số hiệu văn bản, ví dụ 01-KH/TU.",
      requiresDocumentRef: true,
      required: true,
    },
    {
      kind: "yesno",
      key: "inspection_done",
      label: "Đã tổ chức kiểm tra, giám sát việc thực hiện Chỉ thị",
      requiresDocumentRef: false,
      required: true,
    },
    {
      kind: "number",
      key: "dissemination_sessions",
      label: "Số hội nghị quán triệt",
      unit: "hội nghị",
      valueKind: "integer",
      min: 0,
      required: true,
    },
    {
      kind: "number",
      key: "population",
      label: "Dân số",
      unit: "người",
      indicatorCode: "population",
      valueKind: "integer",
      min: 0,
      required: false,
    },
    {
      kind: "number",
      key: "insured_people",
      label: "Số người tham gia BHYT",
      unit: "người",
      indicatorCode: "insured",
      valueKind: "integer",
      min: 0,
      required: false,
    },
    {
      kind: "number",
      key: "coverage_pct",
      label: "Tỷ lệ bao phủ BHYT",
      unit: "%",
      indicatorCode: "coverage",
      valueKind: "percent",
      min: 0,
      max: 100,
      required: false,
    },
    {
      kind: "number",
      key: "chi_bo_reached_pct",
      label: "Tỷ lệ chi bộ đã được phổ biến Chỉ thị",
      help: "Chỉ thị phổ biến đến Chi bộ: số chi bộ đã tổ chức phổ biến trên tổng số chi bộ trực thuộc.",
      unit: "%",
      indicatorCode: "chi_bo_reached",
      valueKind: "percent",
      min: 0,
      max: 100,
      required: false,
    },
    {
      kind: "narrative",
      key: "difficulties",
      label: "Khó khăn, vướng mắc và kiến nghị, đề xuất",
      required: false,
      maxLength: 10_000,
    },
  ],
  rules: DIRECTIVE_52_RULES,
};

/** Reads `report_forms.definition` (JSON text); null when it is not valid JSON or not a valid form. */
export function parseFormDefinition(text: string): FormDefinition | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const r = FormDefinition.safeParse(json);
  return r.success ? r.data : null;
}
