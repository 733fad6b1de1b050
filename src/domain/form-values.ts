/**
 * A report's values under a form definition: `buildValuesSchema` (draft and submit modes, see
 * `./form`) and `checkRules`, the cross-field rules with Vietnamese messages.
 * Public entry: `./form`.
 */
import * as z from "zod";
import { isBlank } from "../platform/validation-messages";
import { parseDocumentNumber } from "./document-number";
import {
  type FormDefinition,
  isCompareRule,
  type NarrativeItem,
  type NumberItem,
  numberBounds,
  type RuleOperator,
  type YesNoItem,
} from "./form-model";
import { formatViNumber, parseViNumber } from "./numbers";

export interface YesNoValue {
  answer: boolean | null;
  documentRef?: string | null;
}
export type FormValue = string | number | YesNoValue | null;
export type FormValues = Record<string, FormValue | undefined>;
export type ValuesMode = "draft" | "submit";

export const REQUIRED_MESSAGE = "Bắt buộc nhập";
/** A number item's bound or tolerance as messages and hints write it: 8.700.000, 94,5. */
export const boundText = (n: number) => formatViNumber(n, { maxFractionDigits: 4 });

function numberSchema(item: NumberItem): z.ZodType<number> {
  const { min, max } = numberBounds(item);
  const range =
    min !== null && max !== null
      ? `${item.label} phải từ ${boundText(min)} đến ${boundText(max)}`
      : min !== null
        ? `${item.label} phải lớn hơn hoặc bằng ${boundText(min)}`
        : `${item.label} phải nhỏ hơn hoặc bằng ${boundText(max ?? 0)}`;
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
            `${label(rule.left)} phải ${RULE_OPERATOR_WORDS[rule.op]} ${label(rule.right)} (${boundText(left)} và ${boundText(right)})`,
        });
      }
    } else if (rule.kind === "lte") {
      const left = num(rule.left);
      const right = num(rule.right);
      if (left !== null && right !== null && left > right) {
        out.push({
          field: rule.left,
          message: `${label(rule.left)} (${boundText(left)}${unitOf(rule.left)}) không được lớn hơn ${label(rule.right)} (${boundText(right)}${unitOf(rule.right)})`,
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
          message: `${label(rule.result)} (${boundText(result)}${unitOf(rule.result)}) không khớp với ${label(rule.numerator)} chia ${label(rule.denominator)}: ${formatViNumber(expected, { maxFractionDigits: 2 })}${unitOf(rule.result)} (chênh lệch cho phép ${boundText(rule.tolerance)})`,
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

/** Reads stored report content (a JSON object of values: a draft, a version); none or an unreadable one reads as empty. */
export function parseValues(content: string | null | undefined): FormValues {
  if (!content) return {};
  try {
    const v: unknown = JSON.parse(content);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as FormValues) : {};
  } catch {
    return {};
  }
}
