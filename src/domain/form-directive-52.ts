/** The default report form for Directive 52-CT/TW and its cross-field rules. Public entry: `./form`. */
import type { FormDefinition, FormRule } from "./form-model";

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
