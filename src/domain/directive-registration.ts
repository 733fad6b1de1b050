/**
 * Registering a directive, resolution or conclusion without code: what a valid registration is
 * (its number read by `parseDocumentNumber`, of a kind that is tracked), its sections (numbered,
 * titles marked when the editors wrote them), its indicators and their targets per organisation
 * and year. Pure: the services check what needs the database (duplicates, organisations).
 */
import * as z from "zod";
import { PARTY_DOCUMENT_TYPES, parseDocumentNumber, STATE_DOCUMENT_TYPES } from "./document-number";
import { INDICATOR_AGGREGATIONS } from "./enums";
import { boundText } from "./form-values";
import { formatViNumber } from "./numbers";
import { requiredText } from "./required-text";
import { isValidDate } from "./time";

/** The document types a tracked directive may have: Party resolutions, directives, conclusions (and the state's). */
export const DIRECTIVE_DOCUMENT_TYPES = ["NQ", "CT", "KL"] as const;

export function documentTypeLabel(type: string): string {
  return (
    (PARTY_DOCUMENT_TYPES as Record<string, string>)[type] ??
    (STATE_DOCUMENT_TYPES as Record<string, string>)[type] ??
    type
  );
}

const dateField = (what: string) =>
  z
    .string({ error: `Vui lòng nhập ${what}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, {
      error: `${what[0]!.toUpperCase()}${what.slice(1)} phải có dạng YYYY-MM-DD`,
    })
    .refine(isValidDate, {
      error: `${what[0]!.toUpperCase()}${what.slice(1)} không phải là một ngày có thật`,
    });

export const sectionSchema = z.strictObject({
  number: z
    .number({ error: "Số mục phải là một số" })
    .int({ error: "Số mục phải là số nguyên" })
    .min(1, { error: "Số mục từ 1 đến 99" })
    .max(99, { error: "Số mục từ 1 đến 99" }),
  title: requiredText("Vui lòng nhập tiêu đề mục", 500, "Tiêu đề mục dài quá 500 ký tự"),
  /** True when the title is the editors' summary, not a heading of the document itself. */
  titleIsEditorial: z.boolean({ error: "Giá trị phải là đúng hoặc sai" }).default(false),
  body: requiredText("Vui lòng nhập nội dung mục", 50_000, "Nội dung mục dài quá 50.000 ký tự"),
  /** A task group (nhóm nhiệm vụ, giải pháp) rather than the organisation of implementation. */
  isTaskGroup: z.boolean({ error: "Giá trị phải là đúng hoặc sai" }).default(true),
});
export type SectionInput = z.infer<typeof sectionSchema>;

export const directiveSchema = z
  .strictObject({
    number: requiredText("Vui lòng nhập số hiệu", 100, "Số hiệu quá dài"),
    issuer: requiredText("Vui lòng nhập cơ quan ban hành", 200, "Tên cơ quan ban hành quá dài"),
    issuedOn: dateField("ngày ban hành"),
    title: requiredText("Vui lòng nhập tên (trích yếu)", 500, "Tên dài quá 500 ký tự"),
    /** The text before the numbered sections (context, assessment, the requirement). */
    summary: z.string().trim().max(100_000, { error: "Toàn văn dài quá 100.000 ký tự" }).nullish(),
    /** The committee whose Commission tracks it (the root for central directives). */
    organisationId: requiredText("Vui lòng chọn cấp ủy theo dõi", 64),
    sections: z.array(sectionSchema, { error: "Danh sách mục không hợp lệ" }).max(99).default([]),
    revision: z.number().int().min(1).optional(),
  })
  .superRefine((v, ctx) => {
    const parsed = parseDocumentNumber(v.number);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", path: ["number"], message: parsed.message });
    } else if (!(DIRECTIVE_DOCUMENT_TYPES as readonly string[]).includes(parsed.type)) {
      ctx.addIssue({
        code: "custom",
        path: ["number"],
        message: `${parsed.normalized} là ${documentTypeLabel(parsed.type).toLowerCase()}; chỉ đăng ký nghị quyết (NQ), chỉ thị (CT) hoặc kết luận (KL) để theo dõi. Văn bản hướng dẫn, kế hoạch được thêm vào chuỗi văn bản triển khai`,
      });
    }
    const seen = new Map<number, number>();
    v.sections.forEach((s, i) => {
      const first = seen.get(s.number);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["sections", i, "number"],
          message: `Số mục ${s.number} trùng với mục thứ ${first + 1}`,
        });
      } else seen.set(s.number, i);
    });
  });
export type DirectiveInput = z.infer<typeof directiveSchema>;

export interface RegisteredNumber {
  normalized: string;
  type: string;
  typeLabel: string;
}

/** The normalised number and type of a valid registration (call after `directiveSchema` passed). */
export function registeredNumber(input: Pick<DirectiveInput, "number">): RegisteredNumber {
  const parsed = parseDocumentNumber(input.number);
  if (!parsed.ok) throw new Error("registeredNumber on an invalid number");
  return { normalized: parsed.normalized, type: parsed.type, typeLabel: documentTypeLabel(parsed.type) };
}

/** The directive's display title: "Nghị quyết số 57-NQ/TW của Bộ Chính trị về …". */
export function directiveDisplayTitle(
  input: Pick<DirectiveInput, "issuer" | "title">,
  number: RegisteredNumber,
) {
  const subject = input.title.replace(/^(về|v\/v)\s+/i, "");
  return `${number.typeLabel} số ${number.normalized} của ${input.issuer} về ${subject}`;
}

/** Which stored sections a new list keeps, changes, adds and removes (matched by number). */
export function sectionChanges<S extends { number: number }>(
  existing: readonly S[],
  next: readonly SectionInput[],
): { insert: SectionInput[]; update: { before: S; after: SectionInput }[]; remove: S[] } {
  const byNumber = new Map(existing.map((s) => [s.number, s]));
  const nextNumbers = new Set(next.map((s) => s.number));
  return {
    insert: next.filter((s) => !byNumber.has(s.number)),
    update: next.flatMap((s) => {
      const before = byNumber.get(s.number);
      return before ? [{ before, after: s }] : [];
    }),
    remove: existing.filter((s) => !nextNumbers.has(s.number)),
  };
}

// ---- indicators and targets

const code = z
  .string({ error: "Vui lòng nhập mã chỉ tiêu" })
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, {
    error: "Mã chỉ tiêu chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới",
  });

export const indicatorSchema = z
  .strictObject({
    code,
    name: requiredText("Vui lòng nhập tên chỉ tiêu", 300, "Tên chỉ tiêu dài quá 300 ký tự"),
    unit: requiredText("Vui lòng nhập đơn vị tính", 50, "Đơn vị tính dài quá 50 ký tự"),
    valueKind: z.enum(["percent", "integer", "decimal"], { error: "Vui lòng chọn kiểu số" }),
    aggregation: z.enum(INDICATOR_AGGREGATIONS, { error: "Vui lòng chọn cách cộng dồn" }),
    sectionNumber: z.number().int().min(1).max(99).nullish(),
    baselineValue: z.number({ error: "Giá trị cơ sở phải là một số" }).nullish(),
    baselineYear: z.number().int().min(1945).max(2100).nullish(),
    minValue: z.number({ error: "Giá trị nhỏ nhất phải là một số" }).nullish(),
    maxValue: z.number({ error: "Giá trị lớn nhất phải là một số" }).nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.minValue != null && v.maxValue != null && v.minValue > v.maxValue) {
      ctx.addIssue({
        code: "custom",
        path: ["maxValue"],
        message: "Giá trị lớn nhất nhỏ hơn giá trị nhỏ nhất",
      });
    }
    if (v.baselineValue != null && v.baselineYear == null) {
      ctx.addIssue({
        code: "custom",
        path: ["baselineYear"],
        message: "Vui lòng nhập năm của giá trị cơ sở",
      });
    }
    if (v.valueKind === "percent") {
      for (const f of ["minValue", "maxValue", "baselineValue"] as const) {
        const n = v[f];
        if (n != null && (n < 0 || n > 100)) {
          ctx.addIssue({ code: "custom", path: [f], message: "Tỷ lệ phần trăm phải từ 0 đến 100" });
        }
      }
    }
  });
export type IndicatorInput = z.infer<typeof indicatorSchema>;

export const targetSchema = z.strictObject({
  organisationId: requiredText("Vui lòng chọn tổ chức", 64),
  year: z
    .number({ error: "Năm phải là một số" })
    .int({ error: "Năm phải là số nguyên" })
    .min(2000, { error: "Năm từ 2000 đến 2100" })
    .max(2100, { error: "Năm từ 2000 đến 2100" }),
  value: z.number({ error: "Mục tiêu phải là một số" }),
  comparator: z.enum(["gt", "gte"], { error: "Vui lòng chọn “trên” hoặc “đạt”" }),
  note: z.string().trim().max(300, { error: "Ghi chú dài quá 300 ký tự" }).nullish(),
});
export type TargetInput = z.infer<typeof targetSchema>;

/** A target must fit the indicator's bounds (a percentage above 100 is a typo). */
export function targetError(
  indicator: { valueKind: string; minValue: number | null; maxValue: number | null },
  target: Pick<TargetInput, "value">,
): string | null {
  const min = indicator.valueKind === "percent" ? Math.max(0, indicator.minValue ?? 0) : indicator.minValue;
  const max =
    indicator.valueKind === "percent" ? Math.min(100, indicator.maxValue ?? 100) : indicator.maxValue;
  if (min !== null && target.value < min) return `Mục tiêu phải lớn hơn hoặc bằng ${boundText(min)}`;
  if (max !== null && target.value > max) return `Mục tiêu phải nhỏ hơn hoặc bằng ${boundText(max)}`;
  return null;
}

/** "Trên 95%", "Đạt 100%": how a target reads. */
export function targetText(t: { comparator: "gt" | "gte"; value: number }, valueKind: string): string {
  return `${t.comparator === "gt" ? "Trên" : "Đạt"} ${formatViNumber(t.value)}${valueKind === "percent" ? "%" : ""}`;
}

export interface TargetOnPath {
  organisationId: string;
  organisationName: string;
  /** Depth of the organisation in the tree (the root is 0). */
  level: number;
  year: number;
  value: number;
  comparator: "gt" | "gte";
}

/**
 * The targets in force for an organisation, from the targets of it and its ancestors: for each
 * year the closest organisation's (a province's own 2030 target replaces the national one for
 * it; a year it has not set falls back to the national target). Sorted by year.
 */
export function targetsInForce(rows: readonly TargetOnPath[]): TargetOnPath[] {
  const byYear = new Map<number, TargetOnPath>();
  for (const r of rows) {
    const held = byYear.get(r.year);
    if (!held || r.level > held.level) byYear.set(r.year, r);
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}
