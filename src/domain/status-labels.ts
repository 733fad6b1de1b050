/**
 * The one map of Vietnamese labels for statuses, shared by pages, emails and exports, so a
 * report never reads "Đã nộp" on one page and "Chờ xem xét" in its email.
 */
import type { ObligationStatus, OrganisationKind } from "./enums";
import type { NUMBER_VALUE_KINDS } from "./form-model";

/** A report obligation's status, as people read it. */
export const OBLIGATION_STATUS_LABELS: Readonly<Record<ObligationStatus, string>> = {
  pending: "Chưa nộp",
  draft: "Đang soạn",
  submitted: "Đã nộp, chờ xem xét",
  returned: "Bị trả lại, cần sửa",
  accepted: "Đã tiếp nhận",
  waived: "Được miễn",
};

/** A reviewer's decision on a submitted report. */
export const REVIEW_DECISION_LABELS = {
  accepted: "Tiếp nhận",
  returned: "Trả lại để chỉnh sửa",
  reopened: "Mở lại",
  waived: "Miễn báo cáo",
} as const;

/** The kind of a number: a form's number item, an indicator. */
export const NUMBER_VALUE_KIND_LABELS: Readonly<Record<(typeof NUMBER_VALUE_KINDS)[number], string>> = {
  integer: "Số nguyên",
  percent: "Tỷ lệ %",
  decimal: "Số thập phân",
};

/** A working-calendar exception (`calendar_days.kind`). */
export const CALENDAR_DAY_KIND_LABELS = { off: "Ngày nghỉ", work: "Ngày làm bù" } as const;

/** A kind of organisation in the tree. */
export const ORGANISATION_KIND_LABELS: Readonly<Record<OrganisationKind, string>> = {
  secretariat: "Ban Bí thư",
  commission: "Ban Tuyên giáo và Dân vận",
  central_committee: "Đảng ủy trực thuộc Trung ương",
  provincial_committee: "Tỉnh ủy, thành ủy",
  committee: "Đảng ủy cấp trên cơ sở",
  commune: "Đảng ủy xã, phường",
  association: "Hội, tổ chức thành viên",
  grassroots: "Tổ chức cơ sở đảng",
  state_body: "Cơ quan nhà nước",
};

/** A reporting period's status. */
export const PERIOD_STATUS_LABELS: Readonly<Record<string, string>> = {
  scheduled: "Chưa mở",
  opening: "Đang mở",
  open: "Đang nhận báo cáo",
  closed: "Đã đóng",
};

/** The label of any obligation status string (unknown values get a neutral Vietnamese label, never the code). */
export function obligationStatusLabel(status: string): string {
  return (OBLIGATION_STATUS_LABELS as Record<string, string>)[status] ?? "Không xác định";
}

/** The statuses still chased (shown in red only once past the deadline). */
export const OPEN_OBLIGATION_STATUSES: readonly ObligationStatus[] = ["pending", "draft", "returned"];
