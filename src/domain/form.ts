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

const itemKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, { error: "Mã mục chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới" });
const label = z.string().trim().min(1, { error: "Chưa nhập nhãn" }).max(500);

export const NarrativeItem = z.strictObject({
  kind: z.literal("narrative"),
  key: itemKey,
  /** Directive section the narrative reports on (1-7 for Directive 52), if any. */
  sectionNumber: z.number().int().min(1).max(99).nullable().optional(),
  label,
  help: z.string().max(2000).optional(),
  required: z.boolean(),
  maxLength: z.number().int().min(1).max(100_000),
});

export const NUMBER_VALUE_KINDS = ["integer", "percent", "decimal"] as const;

export const NumberItem = z.strictObject({
  kind: z.literal("number"),
  key: itemKey,
  label,
  help: z.string().max(2000).optional(),
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
  /** When answered "yes", the number of the document that proves it is asked for. */
  requiresDocumentRef: z.boolean(),
  required: z.boolean(),
});

export const FormItem = z.discriminatedUnion("kind", [NarrativeItem, NumberItem, YesNoItem]);
export type FormItem = z.infer<typeof FormItem>;
export type NumberItem = z.infer<typeof NumberItem>;

export const FormDefinition = z
  .strictObject({
    version: z.literal(1),
    title: z.string().max(500).optional(),
    items: z.array(FormItem).min(1).max(500),
  })
  .superRefine((def, ctx) => {
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

/** Vietnamese number display in messages: decimal comma (94,5). */
const vi = (n: number) => String(n).replace(".", ",");

function numberSchema(item: NumberItem): z.ZodType<number> {
  const { min, max } = numberBounds(item);
  const range =
    min !== null && max !== null
      ? `${item.label} phải từ ${vi(min)} đến ${vi(max)}`
      : min !== null
        ? `${item.label} phải lớn hơn hoặc bằng ${vi(min)}`
        : `${item.label} phải nhỏ hơn hoặc bằng ${vi(max ?? 0)}`;
  let s = z.number({ error: `${item.label} phải là một số` });
  if (item.valueKind === "integer") s = s.int({ error: `${item.label} phải là số nguyên` });
  if (min !== null) s = s.min(min, { error: range });
  if (max !== null) s = s.max(max, { error: range });
  return s;
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
    .catchall(unknownKey) as unknown as z.ZodType<FormValues>;
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
      kind: "narrative",
      key: "difficulties",
      label: "Khó khăn, vướng mắc và kiến nghị, đề xuất",
      required: false,
      maxLength: 10_000,
    },
  ],
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
