/** The form builder's page body: works without JavaScript, every row action redraws it (JSX only). */
import { CsrfField } from "../../auth/page";
import type { BuilderFields } from "../../domain/form-definition";
import { formatDateTimeVi } from "../../domain/time";
import { Breadcrumbs } from "../../pages/page-bits";
import { ErrorSummary, IntentButton, SaveButton, SetupStyles } from "../../pages/setup-bits";
import type { FieldError } from "../../platform/errors";
import { fieldMarks, ItemFieldset, RuleFieldset } from "./forms.items.views";
import type { FormVersionRow } from "./forms.queries";

export type BuilderMode = { kind: "create" } | { kind: "edit"; familyId: string; id: string };

export interface BuilderState {
  directive: { id: string; code: string };
  name: string;
  fields: BuilderFields;
  baseVersion?: number;
  errors?: FieldError[];
  message?: string;
  latest?: FormVersionRow;
}

export function builderTitle(mode: BuilderMode, state: BuilderState): string {
  return mode.kind === "create" ? `Biểu mẫu mới cho ${state.directive.code}` : `Sửa biểu mẫu: ${state.name}`;
}

export function FormBuilderView(props: {
  mode: BuilderMode;
  state: BuilderState;
  csrf: string;
  indicators: { code: string; name: string; unit: string }[];
}) {
  const { mode, state, csrf, indicators } = props;
  const f = state.fields;
  const marks = fieldMarks(state.errors ?? []);
  const { attrs, Err } = marks;
  const count = Number(f.itemCount ?? "0") || 0;
  const ruleCount = Number(f.ruleCount ?? "0") || 0;
  const numberKeys = Array.from({ length: count }, (_, i) => i)
    .filter((i) => f[`items.${i}.kind`] === "number")
    .map((i) => ({
      key: f[`items.${i}.key`] ?? "",
      label: f[`items.${i}.label`] || f[`items.${i}.key`] || "",
    }));
  const title = builderTitle(mode, state);
  const action = mode.kind === "create" ? "/bieu-mau/moi" : `/bieu-mau/${encodeURIComponent(mode.id)}/sua`;
  return (
    <>
      <SetupStyles />
      <Breadcrumbs
        items={[
          { href: "/bieu-mau", label: "Biểu mẫu" },
          {
            href: `/chi-thi/${encodeURIComponent(state.directive.id)}/thiet-lap`,
            label: state.directive.code,
          },
          { label: mode.kind === "create" ? "Tạo mới" : "Sửa" },
        ]}
      />
      <h1>{title}</h1>
      <ErrorSummary
        errors={state.errors?.map((e) => ({
          ...e,
          message: `${e.field.replace(/^definition\./, "")}: ${e.message}`,
        }))}
        message={state.message}
      />
      {state.latest ? (
        <section class="card" aria-labelledby="latest-h">
          <h2 id="latest-h">Phiên bản mới nhất đã lưu: {state.latest.version}</h2>
          <p>
            {state.latest.name} — {state.latest.definition?.items.length ?? 0} mục, lưu lúc{" "}
            {formatDateTimeVi(state.latest.createdAt)}
            {state.latest.createdByName ? ` bởi ${state.latest.createdByName}` : ""}.
          </p>
          <ol>
            {(state.latest.definition?.items ?? []).map((i) => (
              <li>{i.label}</li>
            ))}
          </ol>
        </section>
      ) : null}
      <form method="post" action={action}>
        <CsrfField token={csrf} />
        <input type="hidden" name="directiveId" value={state.directive.id} />
        {state.baseVersion !== undefined ? (
          <input type="hidden" name="baseVersion" value={String(state.baseVersion)} />
        ) : null}
        <input type="hidden" name="itemCount" value={String(count)} />
        <input type="hidden" name="ruleCount" value={String(ruleCount)} />
        <div class="card">
          <label for="name">Tên biểu mẫu</label>
          <input
            id="name"
            name="name"
            required
            maxlength={300}
            value={state.name}
            {...attrs("name", "name")}
          />
          <Err name="name" id="name" />
          <label for="title">Tiêu đề in trên báo cáo</label>
          <input id="title" name="title" maxlength={500} value={f.title ?? ""} />
        </div>
        <h2>Các mục</h2>
        <Err name="items" id="items" />
        {Array.from({ length: count }, (_, i) => (
          <ItemFieldset i={i} count={count} f={f} marks={marks} indicators={indicators} />
        ))}
        <p class="row-actions">
          <IntentButton intent="add:narrative">Thêm mục nội dung</IntentButton>
          <IntentButton intent="add:number">Thêm mục số liệu</IntentButton>
          <IntentButton intent="add:yesno">Thêm mục Có/Không</IntentButton>
        </p>
        <h2>Quy tắc kiểm tra giữa các số liệu</h2>
        <p class="muted">Ví dụ: số người tham gia bảo hiểm ≤ dân số. Kiểm tra khi nộp báo cáo.</p>
        {Array.from({ length: ruleCount }, (_, i) => (
          <RuleFieldset i={i} f={f} marks={marks} numberKeys={numberKeys} />
        ))}
        <p class="row-actions">
          <IntentButton intent="addRule">Thêm quy tắc</IntentButton>
        </p>
        <p>
          <SaveButton>{mode.kind === "create" ? "Lưu biểu mẫu" : "Lưu phiên bản mới"}</SaveButton>
        </p>
      </form>
    </>
  );
}
