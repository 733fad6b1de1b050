/** The reporting schedule's create / edit form (JSX only: the data comes from schedules.pages.tsx). */
import { CsrfField } from "../../auth/page";
import { FREQUENCIES, ORGANISATION_KINDS, REPORT_KINDS } from "../../db/schema";
import { ORGANISATION_KIND_LABELS } from "../../domain/status-labels";
import { CheckBox, FieldMessage } from "../../pages/page-bits";
import { PageStyles } from "../../pages/page-styles";
import { SaveButton } from "../../pages/setup-bits";
import type { FieldError } from "../../platform/errors";
import type { ScheduleOptions } from "./schedules.queries";
import type { ScheduleInput } from "./schedules.schemas";
import type { PreviewPeriod } from "./schedules.service";
import { FREQUENCY_LABELS, PreviewTable, REPORT_KIND_LABELS } from "./schedules.views";

export type ScheduleFormMode = { kind: "create" } | { kind: "edit"; id: string };

export interface ScheduleFormState {
  values: Partial<Record<keyof ScheduleInput, unknown>>;
  errors?: FieldError[];
  preview?: PreviewPeriod[];
}

export function scheduleFormTitle(mode: ScheduleFormMode): string {
  return mode.kind === "create" ? "Thêm chế độ báo cáo" : "Sửa chế độ báo cáo";
}

/** One option per named row: its id, shown by its name. */
const byName = (rows: { id: string; name: string }[]) => rows.map((r) => ({ value: r.id, label: r.name }));
/** One option per code, shown by its label. */
const byLabel = <T extends string>(codes: readonly T[], labels: Record<T, string>) =>
  codes.map((code) => ({ value: code, label: labels[code] }));

export function ScheduleFormView(props: {
  mode: ScheduleFormMode;
  state: ScheduleFormState;
  options: ScheduleOptions;
  csrf: string;
}) {
  const { mode, state, options, csrf } = props;
  const v = state.values;
  const s = (k: keyof ScheduleInput) => (v[k] === undefined || v[k] === null ? "" : String(v[k]));
  const err = (field: string) => state.errors?.find((e) => e.field === field)?.message;
  const invalidAttrs = (field: string) =>
    err(field) ? { "aria-invalid": "true", "aria-describedby": `${field}-error` } : {};
  const ErrorFor = (props: { field: string }) => (
    <FieldMessage field={props.field} message={err(props.field)} />
  );
  const Select = (props: {
    field: keyof ScheduleInput;
    label: string;
    options: { value: string; label: string }[];
  }) => (
    <>
      <label for={props.field}>{props.label}</label>
      <select id={props.field} name={props.field} required {...invalidAttrs(props.field)}>
        <option value="">– Chọn –</option>
        {props.options.map((o) => (
          <option value={o.value} selected={s(props.field) === o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorFor field={props.field} />
    </>
  );
  /** A labelled input with its error; `attrs` (type, required, bounds) go on the input as given. */
  const Input = (props: {
    field: keyof ScheduleInput;
    label: string;
    type: "text" | "date" | "number";
    required?: boolean;
    maxlength?: number;
    min?: number;
    max?: number;
    step?: number;
  }) => {
    const { field, label, ...attrs } = props;
    return (
      <>
        <label for={field}>{label}</label>
        <input id={field} name={field} {...attrs} value={s(field)} {...invalidAttrs(field)} />
        <ErrorFor field={field} />
      </>
    );
  };
  const Check = (props: { field: keyof ScheduleInput; label: string; checked: boolean }) => (
    <CheckBox id={props.field} name={props.field} checked={props.checked}>
      {props.label}
    </CheckBox>
  );
  const kinds = Array.isArray(v.scopeKinds) ? (v.scopeKinds as string[]) : [];
  const title = scheduleFormTitle(mode);
  const action = mode.kind === "create" ? "/lich-bao-cao" : `/lich-bao-cao/${encodeURIComponent(mode.id)}`;
  return (
    <>
      <PageStyles />
      <p>
        <a href="/lich-bao-cao">← Chế độ báo cáo</a>
      </p>
      <h1>{title}</h1>
      {state.errors?.length ? (
        <p class="error" role="alert">
          Chưa lưu được: vui lòng sửa các lỗi bên dưới.
        </p>
      ) : null}
      {state.preview ? (
        <section class="card" aria-labelledby="preview">
          <h2 id="preview">Xem trước các kỳ báo cáo</h2>
          <PreviewTable periods={state.preview} />
        </section>
      ) : null}
      <form method="post" action={action} class="card">
        <CsrfField token={csrf} />
        <Input field="name" label="Tên chế độ báo cáo" type="text" required maxlength={300} />
        <Select
          field="directiveId"
          label="Chỉ thị"
          options={options.directives.map((d) => ({ value: d.id, label: d.code }))}
        />
        <div class="grid">
          <div>
            <Select field="frequency" label="Tần suất" options={byLabel(FREQUENCIES, FREQUENCY_LABELS)} />
          </div>
          <div>
            <Select
              field="reportKind"
              label="Loại báo cáo"
              options={byLabel(REPORT_KINDS, REPORT_KIND_LABELS)}
            />
          </div>
        </div>
        <fieldset>
          <legend>Thời gian chốt số liệu (chỉ cho báo cáo một lần)</legend>
          <div class="grid">
            <div>
              <Input field="oneOffCutoffStart" label="Từ ngày" type="date" />
            </div>
            <div>
              <Input field="oneOffCutoffEnd" label="Đến ngày" type="date" />
            </div>
          </div>
        </fieldset>
        <fieldset>
          <legend>Hạn nộp</legend>
          <div class="grid">
            <div>
              <Input
                field="dueRuleDays"
                label="Số ngày sau khi chốt số liệu"
                type="number"
                min={0}
                max={120}
                step={1}
                required
              />
            </div>
            <div>
              <Select
                field="dueRuleKind"
                label="Cách tính"
                options={[
                  { value: "fixed_days", label: "Ngày theo lịch" },
                  { value: "working_days", label: "Ngày làm việc" },
                ]}
              />
            </div>
          </div>
        </fieldset>
        <Select
          field="scopeRootId"
          label="Phạm vi: các đơn vị thuộc tổ chức"
          options={byName(options.roots)}
        />
        <fieldset {...invalidAttrs("scopeKinds")}>
          <legend>Loại tổ chức phải báo cáo</legend>
          {ORGANISATION_KINDS.map((k) => (
            <CheckBox id={`kind-${k}`} name="scopeKinds" value={k} checked={kinds.includes(k)}>
              {ORGANISATION_KIND_LABELS[k]}
            </CheckBox>
          ))}
          <ErrorFor field="scopeKinds" />
        </fieldset>
        <Select
          field="reviewerOrganisationId"
          label="Cơ quan xem xét báo cáo"
          options={byName(options.reviewers)}
        />
        <Select field="formId" label="Biểu mẫu báo cáo" options={byName(options.forms)} />
        <Select
          field="policyId"
          label="Chính sách nhắc hạn, đôn đốc và báo cáo cấp trên"
          options={byName(options.policies)}
        />
        <div class="grid">
          <div>
            <Input field="startsOn" label="Áp dụng từ ngày" type="date" required />
          </div>
          <div>
            <Input field="endsOn" label="Đến ngày (không bắt buộc)" type="date" />
          </div>
        </div>
        <Check
          field="reporterMaySubmit"
          label="Chuyên viên Văn phòng cấp ủy được nộp (không cần Bí thư hoặc Chánh Văn phòng nộp)"
          checked={v.reporterMaySubmit === true}
        />
        <Check
          field="lowerCommissionsMayComment"
          label="Ban Tuyên giáo và Dân vận cấp dưới được xem và góp ý kiến (chỉ cơ quan xem xét tiếp nhận, trả lại)"
          checked={v.lowerCommissionsMayComment === true}
        />
        <Check field="active" label="Đang áp dụng (tự động mở các kỳ báo cáo)" checked={v.active !== false} />
        <p>
          <SaveButton>Lưu</SaveButton>{" "}
          <button type="submit" name="intent" value="preview" class="secondary">
            Xem trước các kỳ
          </button>
        </p>
      </form>
    </>
  );
}
