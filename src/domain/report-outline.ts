/**
 * The standard outline of a Party report on implementing a directive: I. leadership and
 * direction; II. results, one part per task group of the directive; III. assessment (strengths,
 * shortcomings, their causes, lessons); IV. direction and tasks ahead; V. recommendations;
 * and an appendix of figures. `standardOutlineForm` makes it a report form to start from;
 * `outlineOf` arranges any form's items under the outline's headings for the official .docx.
 */
import type { FormDefinition, FormItem, FormValues } from "./form";
import { formatViNumber } from "./numbers";

export interface OutlineSection {
  number: number;
  title: string;
  isTaskGroup: boolean;
}

export interface OutlineIndicator {
  code: string;
  name: string;
  unit: string;
  valueKind: "percent" | "integer" | "decimal";
  minValue: number | null;
  maxValue: number | null;
}

const narrative = (key: string, label: string, required: boolean, help?: string): FormItem => ({
  kind: "narrative",
  key,
  label,
  required,
  maxLength: 20_000,
  ...(help ? { help } : {}),
});

/** The standard outline as a report form for a directive with these sections and indicators. */
export function standardOutlineForm(input: {
  directiveCode: string;
  sections: OutlineSection[];
  indicators: OutlineIndicator[];
}): FormDefinition {
  const taskGroups = input.sections.filter((s) => s.isTaskGroup);
  const items: FormItem[] = [
    narrative(
      "lanh_dao",
      "I. Công tác lãnh đạo, chỉ đạo, quán triệt, triển khai thực hiện",
      true,
      "Việc quán triệt, phổ biến đến chi bộ; ban hành chương trình, kế hoạch; kiểm tra, giám sát.",
    ),
    ...taskGroups.map((s, i) => ({
      kind: "narrative" as const,
      key: `section_${s.number}`,
      sectionNumber: s.number,
      label: `II.${i + 1}. ${s.title}`,
      required: true,
      maxLength: 20_000,
    })),
    narrative("uu_diem", "III.1. Ưu điểm", true),
    narrative("han_che", "III.2. Hạn chế", true),
    narrative("nguyen_nhan", "III.3. Nguyên nhân (của ưu điểm, hạn chế)", true),
    narrative("bai_hoc", "III.4. Bài học kinh nghiệm", false),
    narrative("phuong_huong", "IV. Phương hướng, nhiệm vụ thời gian tới", true),
    narrative("kien_nghi", "V. Kiến nghị, đề xuất", false),
    ...input.indicators.map(
      (ind): FormItem => ({
        kind: "number",
        key: ind.code,
        label: `Phụ lục: ${ind.name}`,
        unit: ind.unit,
        indicatorCode: ind.code,
        valueKind: ind.valueKind,
        min: ind.minValue,
        max: ind.maxValue,
        required: false,
      }),
    ),
  ];
  return {
    version: 1,
    title: `Báo cáo kết quả thực hiện ${input.directiveCode}`,
    items,
  };
}

export type OutlinePart =
  | "leadership"
  | "results"
  | "assessment"
  | "direction"
  | "recommendations"
  | "appendix";

export const OUTLINE_HEADINGS: Record<OutlinePart, string> = {
  leadership: "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI THỰC HIỆN",
  results: "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ, GIẢI PHÁP",
  assessment: "III. ĐÁNH GIÁ CHUNG",
  direction: "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
  recommendations: "V. KIẾN NGHỊ, ĐỀ XUẤT",
  appendix: "PHỤ LỤC SỐ LIỆU",
};

const PART_OF_KEY: Record<string, OutlinePart> = {
  lanh_dao: "leadership",
  uu_diem: "assessment",
  han_che: "assessment",
  nguyen_nhan: "assessment",
  bai_hoc: "assessment",
  phuong_huong: "direction",
  kien_nghi: "recommendations",
  difficulties: "recommendations",
};

/** Where an item goes in the outline: figures in the appendix, narratives by their key. */
export function outlinePartOf(item: FormItem): OutlinePart {
  if (item.kind !== "narrative") return "appendix";
  return PART_OF_KEY[item.key] ?? "results";
}

/** A value as the official document prints it (web and .docx alike): "—" for nothing, numbers in vi-VN, Có/Không. */
export function valueInDocument(v: FormValues[string]): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "number") return formatViNumber(v);
  if (typeof v === "string") return v;
  if (v.answer === null) return "—";
  return v.answer ? `Có${v.documentRef ? ` (văn bản số ${v.documentRef})` : ""}` : "Không";
}

/** A label without the outline numbering the template puts in front ("III.2. Hạn chế" -> "Hạn chế"). */
export function plainLabel(label: string): string {
  return label.replace(/^(?:Phụ lục:\s*|[IVX]+(?:\.\d+)?\.\s+)/u, "");
}

/** The form's items grouped under the outline's parts, in outline order; empty parts left out. */
export function outlineOf(
  definition: FormDefinition,
): { part: OutlinePart; heading: string; items: FormItem[] }[] {
  const order: OutlinePart[] = [
    "leadership",
    "results",
    "assessment",
    "direction",
    "recommendations",
    "appendix",
  ];
  return order
    .map((part) => ({
      part,
      heading: OUTLINE_HEADINGS[part],
      items: definition.items.filter((i) => outlinePartOf(i) === part),
    }))
    .filter((g) => g.items.length > 0);
}
