/**
 * The shape of a report form defined as data: its items (narrative, number, yes/no), its
 * cross-field rules, and `FormDefinition`, which validates the JSON stored in
 * `report_forms.definition` (read with `parseFormDefinition`). Public entry: `./form`.
 */
import * as z from "zod";

const itemKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, { error: "Mã mục chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới" });
const label = z.string().trim().min(1, { error: "Chưa nhập nhãn" }).max(500);
/** The title of the form section the item belongs to (consecutive items share a heading). */
const section = z.string().trim().max(300).optional();
/** What every item shows: its label, an optional help text, and the heading of its section. */
const shown = { label, help: z.string().max(2000).optional(), section };

export const NarrativeItem = z.strictObject({
  kind: z.literal("narrative"),
  key: itemKey,
  /** Directive section the narrative reports on (1-7 for Directive 52), if any. */
  sectionNumber: z.number().int().min(1).max(99).nullable().optional(),
  ...shown,
  required: z.boolean(),
  maxLength: z.number().int().min(1).max(100_000),
});

export const NUMBER_VALUE_KINDS = ["integer", "percent", "decimal"] as const;

export const NumberItem = z.strictObject({
  kind: z.literal("number"),
  key: itemKey,
  ...shown,
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
  ...shown,
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
