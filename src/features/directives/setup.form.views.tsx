/** The directive register / edit form (JSX only). */
import { CsrfField } from "../../auth/page";
import { formatDateVi } from "../../domain/time";
import { Breadcrumbs, CheckBox } from "../../pages/page-bits";
import {
  ErrorSummary,
  FieldErrors,
  IntentButton,
  invalidAttrs,
  LabelledInput,
  SaveButton,
  SetupStyles,
} from "../../pages/setup-bits";
import type { DirectiveFormState } from "./setup.http";
import type { StoredDirective } from "./setup.queries";

export type DirectiveFormMode = { kind: "create" } | { kind: "edit"; directive: StoredDirective };

export const directiveFormTitle = (mode: DirectiveFormMode) =>
  mode.kind === "create" ? "Đăng ký chỉ thị, nghị quyết, kết luận" : `Sửa ${mode.directive.code}`;

export function DirectiveFormView(props: {
  mode: DirectiveFormMode;
  state: DirectiveFormState;
  csrf: string;
  orgs: { id: string; name: string }[];
}) {
  const { mode, state, csrf, orgs } = props;
  const errs = state.errors;
  const v = state.values;
  const title = directiveFormTitle(mode);
  const action =
    mode.kind === "create" ? "/chi-thi/moi" : `/chi-thi/${encodeURIComponent(mode.directive.id)}/sua`;
  const text = (name: string, label: string, value: string, attrs: Record<string, unknown> = {}) => (
    <LabelledInput id={name} name={name} label={label} errors={errs} value={value} {...attrs} />
  );
  return (
    <>
      <SetupStyles />
      <Breadcrumbs
        items={[
          { href: "/chi-thi", label: "Chỉ thị" },
          ...(mode.kind === "edit"
            ? [
                {
                  href: `/chi-thi/${encodeURIComponent(mode.directive.id)}/thiet-lap`,
                  label: mode.directive.code,
                },
              ]
            : []),
          { label: mode.kind === "create" ? "Đăng ký mới" : "Sửa" },
        ]}
      />
      <h1>{title}</h1>
      <ErrorSummary errors={errs} message={state.message} />
      {state.current ? (
        <section class="card" aria-labelledby="saved-h">
          <h2 id="saved-h">Bản đã lưu (phiên bản {state.current.revision})</h2>
          <p>
            {state.current.title} — ban hành ngày {formatDateVi(state.current.issuedOn)}
          </p>
          {state.current.sections.map((s) => (
            <details>
              <summary>
                {s.number}. {s.title}
              </summary>
              <p>{s.body}</p>
            </details>
          ))}
        </section>
      ) : null}
      <form method="post" action={action} class="card">
        <CsrfField token={csrf} />
        {v.revision !== undefined ? <input type="hidden" name="revision" value={String(v.revision)} /> : null}
        {text("number", "Số hiệu (ví dụ 57-NQ/TW, 52-CT/TW, 123-KL/TW)", v.number, {
          required: true,
          maxlength: 60,
        })}
        {text("issuer", "Cơ quan ban hành (ví dụ Bộ Chính trị, Ban Bí thư)", v.issuer, {
          required: true,
          maxlength: 200,
        })}
        {text("issuedOn", "Ngày ban hành", v.issuedOn, { type: "date", required: true })}
        {text("title", "Trích yếu (về …)", v.title, { required: true, maxlength: 500 })}
        <label for="organisationId">Cấp ủy theo dõi thực hiện</label>
        <select
          id="organisationId"
          name="organisationId"
          required
          {...invalidAttrs(errs, "organisationId", "organisationId")}
        >
          {orgs.map((o) => (
            <option value={o.id} selected={o.id === v.organisationId}>
              {o.name}
            </option>
          ))}
        </select>
        <FieldErrors errors={errs} field="organisationId" id="organisationId" />
        <label for="summary">Toàn văn phần mở đầu (trước các mục đánh số)</label>
        <textarea
          id="summary"
          name="summary"
          maxlength={100000}
          {...invalidAttrs(errs, "summary", "summary")}
        >
          {v.summary ?? ""}
        </textarea>
        <FieldErrors errors={errs} field="summary" id="summary" />
        <h2>Các mục</h2>
        <p class="muted">
          Đánh dấu “Tiêu đề do biên tập” khi văn bản gốc không có tiêu đề cho mục đó (tiêu đề được viết thêm
          để dễ theo dõi); khi hiển thị, tiêu đề ấy được ghi rõ là của biên tập.
        </p>
        <input type="hidden" name="sectionCount" value={String(state.sections.length)} />
        <FieldErrors errors={errs} field="sections" id="sections" />
        {state.sections.map((s, i) => (
          <fieldset>
            <legend>Mục {s.number || i + 1}</legend>
            <LabelledInput
              id={`sec${i}-number`}
              name={`sections.${i}.number`}
              label="Số mục"
              errors={errs}
              type="number"
              min={1}
              max={99}
              value={s.number}
            />
            <LabelledInput
              id={`sec${i}-title`}
              name={`sections.${i}.title`}
              label="Tiêu đề"
              errors={errs}
              maxlength={500}
              value={s.title}
            />
            <CheckBox
              id={`sec${i}-editorial`}
              name={`sections.${i}.titleIsEditorial`}
              checked={s.titleIsEditorial}
            >
              Tiêu đề do biên tập (văn bản gốc không có)
            </CheckBox>
            <CheckBox id={`sec${i}-task`} name={`sections.${i}.isTaskGroup`} checked={s.isTaskGroup}>
              Là nhóm nhiệm vụ, giải pháp (bỏ chọn với mục tổ chức thực hiện)
            </CheckBox>
            <label for={`sec${i}-body`}>Nội dung</label>
            <textarea
              id={`sec${i}-body`}
              name={`sections.${i}.body`}
              {...invalidAttrs(errs, `sections.${i}.body`, `sec${i}-body`)}
            >
              {s.body}
            </textarea>
            <FieldErrors errors={errs} field={`sections.${i}.body`} id={`sec${i}-body`} />
            <p class="row-actions">
              <IntentButton intent={`removeSection:${i}`}>Bỏ mục {s.number || i + 1}</IntentButton>
            </p>
          </fieldset>
        ))}
        <p class="row-actions">
          <IntentButton intent="addSection">Thêm mục</IntentButton>
          <SaveButton>{mode.kind === "create" ? "Đăng ký" : "Lưu"}</SaveButton>
        </p>
      </form>
    </>
  );
}
