/**
 * Validation messages for people: Vietnamese, without type names or codes ("mong đợi string,
 * nhận được undefined" means nothing to a secretary), and the Vietnamese name of each field
 * so an error page can say which one is wrong.
 */
import type * as z from "zod";

/** Vietnamese names of the fields our forms and JSON bodies use. */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  title: "Tiêu đề",
  name: "Tên",
  email: "Địa chỉ email",
  role: "Vai trò",
  reason: "Lý do",
  kind: "Loại",
  code: "Mã",
  number: "Số hiệu",
  issuer: "Cơ quan ban hành",
  issuedOn: "Ngày ban hành",
  documentNumber: "Số hiệu văn bản",
  documentDate: "Ngày văn bản",
  parentId: "Tổ chức cấp trên",
  parentDocumentId: "Văn bản cấp trên",
  organisationId: "Tổ chức",
  organisationCode: "Mã tổ chức",
  owner: "Đơn vị chủ trì",
  progress: "Tiến độ",
  notes: "Ghi chú",
  summary: "Tóm tắt",
  general: "Ý kiến chung",
  startsOn: "Ngày bắt đầu",
  endsOn: "Ngày kết thúc",
  dueOn: "Hạn hoàn thành",
  newDueOn: "Hạn mới",
  dueRuleDays: "Số ngày hạn nộp",
  closedOn: "Ngày giải thể",
  population: "Dân số",
  period: "Kỳ báo cáo",
  weekday: "Ngày trong tuần",
  expiresInDays: "Thời hạn (ngày)",
  file: "Tệp",
  sectionId: "Mục",
  local: "Ngày giờ",
  oneOffCutoffStart: "Số liệu từ ngày",
  oneOffCutoffEnd: "Số liệu đến ngày",
  scopeKinds: "Loại tổ chức phải báo cáo",
  policyId: "Chính sách nhắc việc",
  decision: "Quyết định",
  comments: "Ý kiến",
  content: "Nội dung báo cáo",
  values: "Số liệu",
};

/** The Vietnamese name of the field at `path` (its last named segment), when we know it. */
export function fieldLabel(path: readonly PropertyKey[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key === "string") return FIELD_LABELS[key];
  }
  return undefined;
}

const TYPE_NAMES: Record<string, string> = {
  string: "văn bản",
  number: "một số",
  int: "một số nguyên",
  bigint: "một số nguyên",
  boolean: "có hoặc không",
  array: "một danh sách",
  object: "dữ liệu có cấu trúc",
  date: "một ngày",
};

const FORMAT_NAMES: Record<string, string> = {
  email: "Địa chỉ email không hợp lệ",
  url: "Địa chỉ liên kết không hợp lệ",
  datetime: "Ngày giờ không đúng định dạng",
  date: "Ngày không đúng định dạng",
  time: "Giờ không đúng định dạng",
};

/** Nothing entered: absent, null, or only spaces (a required field's "not entered"). */
export function isBlank(input: unknown): boolean {
  return input === undefined || input === null || (typeof input === "string" && input.trim() === "");
}

/** zod's `localeError`: every default message in plain Vietnamese. */
export function vietnameseIssueMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      if (isBlank(issue.input)) return "Chưa được nhập";
      return `Không đúng kiểu dữ liệu: cần ${TYPE_NAMES[issue.expected] ?? "giá trị khác"}`;
    case "invalid_value":
      return isBlank(issue.input) ? "Chưa được chọn" : "Giá trị không nằm trong các lựa chọn cho phép";
    case "too_small": {
      const n = Number(issue.minimum);
      if (issue.origin === "string") return n <= 1 ? "Chưa được nhập" : `Quá ngắn: cần ít nhất ${n} ký tự`;
      if (issue.origin === "array" || issue.origin === "set")
        return n <= 1 ? "Cần chọn ít nhất một mục" : `Cần ít nhất ${n} mục`;
      return issue.inclusive ? `Phải từ ${n} trở lên` : `Phải lớn hơn ${n}`;
    }
    case "too_big": {
      const n = Number(issue.maximum);
      if (issue.origin === "string") return `Quá dài: tối đa ${n} ký tự`;
      if (issue.origin === "array" || issue.origin === "set") return `Quá nhiều: tối đa ${n} mục`;
      if (issue.origin === "file") return `Tệp quá lớn: tối đa ${n} byte`;
      return issue.inclusive ? `Phải từ ${n} trở xuống` : `Phải nhỏ hơn ${n}`;
    }
    case "invalid_format":
      return FORMAT_NAMES[issue.format] ?? "Không đúng định dạng";
    case "not_multiple_of":
      return `Phải là bội số của ${String(issue.divisor)}`;
    case "unrecognized_keys":
      return `Có trường không được nhận: ${issue.keys.join(", ")}`;
    default:
      return "Giá trị không hợp lệ";
  }
}
