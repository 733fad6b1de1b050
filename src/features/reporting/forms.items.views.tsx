/** The form builder's rows: one item, one cross-field rule, and their field errors (JSX only). */

import type { FormItem } from "../../domain/form";
import { NUMBER_VALUE_KINDS, RULE_OPERATOR_SYMBOLS, RULE_OPERATORS } from "../../domain/form";
import type { BuilderFields } from "../../domain/form-definition";
import { NUMBER_VALUE_KIND_LABELS } from "../../domain/status-labels";
import { CheckBox } from "../../pages/page-bits";
import { IntentButton } from "../../pages/setup-bits";
import type { FieldError } from "../../platform/errors";

export const KIND_LABELS: Record<FormItem["kind"], string> = {
  narrative: "Nội dung (văn bản)",
  number: "Số liệu, chỉ tiêu",
  yesno: "Có/Không (kèm số hiệu văn bản)",
};

/** A field's errors (as `name` or `definition.name`): its aria attributes and its message. */
export function fieldMarks(errors: FieldError[]) {
  const at = (name: string) =>
    errors.filter((e) => e.field === name || e.field === `definition.${name}`).map((e) => e.message);
  const attrs = (name: string, id: string) =>
    at(name).length ? { "aria-invalid": "true", "aria-describedby": `${id}-error` } : {};
  const Err = (props: { name: string; id: string }) =>
    at(props.name).length ? (
      <p id={`${props.id}-error`} class="field-error">
        {at(props.name).join("; ")}
      </p>
    ) : null;
  return { attrs, Err };
}
export type FieldMarks = ReturnType<typeof fieldMarks>;

/** Item `i` of `count`: its fields by kind, and the buttons moving or removing it. */
export function ItemFieldset(props: {
  i: number;
  count: number;
  f: BuilderFields;
  marks: FieldMarks;
  indicators: { code: string; name: string; unit: string }[];
}) {
  const { i, count, f, indicators } = props;
  const { attrs, Err } = props.marks;
  const p = (k: string) => `items.${i}.${k}`;
  const id = (k: string) => `it${i}-${k}`;
  const kind = (f[p("kind")] ?? "narrative") as FormItem["kind"];
  const checked = (name: string) => f[name] === "on" || f[name] === "true";
  /** Field `k`'s label and input (`fallback` when the post has no value), with its error marks. */
  const MarkedInput = ({
    k,
    label,
    fallback = "",
    ...input
  }: {
    k: string;
    label: string;
    fallback?: string;
    maxlength?: number;
    inputmode?: "decimal";
    type?: "number";
    min?: number;
    max?: number;
  }) => (
    <>
      <label for={id(k)}>{label}</label>
      <input id={id(k)} name={p(k)} {...input} value={f[p(k)] ?? fallback} {...attrs(p(k), id(k))} />
      <Err name={p(k)} id={id(k)} />
    </>
  );
  return (
    <fieldset>
      <legend>
        Mục {i + 1}: {KIND_LABELS[kind] ?? kind}
      </legend>
      <input type="hidden" name={p("kind")} value={kind} />
      <div class="grid">
        <div>
          <label for={id("section")}>Thuộc phần (tiêu đề phần, ví dụ “II. Đánh giá chung”)</label>
          <input id={id("section")} name={p("section")} maxlength={300} value={f[p("section")] ?? ""} />
        </div>
        <div>
          <MarkedInput k="key" label="Mã mục (chữ thường không dấu)" maxlength={64} />
        </div>
      </div>
      <MarkedInput k="label" label="Nhãn (câu hỏi, nội dung cần báo cáo)" maxlength={500} />
      <label for={id("help")}>Hướng dẫn điền (không bắt buộc)</label>
      <input id={id("help")} name={p("help")} maxlength={2000} value={f[p("help")] ?? ""} />
      {kind === "number" ? (
        <div class="grid">
          <div>
            <MarkedInput k="unit" label="Đơn vị tính" maxlength={50} />
          </div>
          <div>
            <label for={id("valueKind")}>Kiểu số</label>
            <select id={id("valueKind")} name={p("valueKind")}>
              {NUMBER_VALUE_KINDS.map((k) => (
                <option value={k} selected={f[p("valueKind")] === k}>
                  {NUMBER_VALUE_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <MarkedInput k="min" label="Nhỏ nhất" inputmode="decimal" />
          </div>
          <div>
            <MarkedInput k="max" label="Lớn nhất" inputmode="decimal" />
          </div>
          <div>
            <label for={id("indicatorCode")}>Chỉ tiêu tổng hợp</label>
            <select
              id={id("indicatorCode")}
              name={p("indicatorCode")}
              {...attrs(p("indicatorCode"), id("indicatorCode"))}
            >
              <option value="">– Không gắn chỉ tiêu –</option>
              {indicators.map((ind) => (
                <option value={ind.code} selected={f[p("indicatorCode")] === ind.code}>
                  {ind.name} ({ind.unit})
                </option>
              ))}
            </select>
            <Err name={p("indicatorCode")} id={id("indicatorCode")} />
          </div>
        </div>
      ) : null}
      {kind === "narrative" ? (
        <MarkedInput
          k="maxLength"
          label="Độ dài tối đa (ký tự)"
          type="number"
          min={1}
          max={100000}
          fallback="20000"
        />
      ) : null}
      {kind === "yesno" ? (
        <CheckBox
          id={id("requiresDocumentRef")}
          name={p("requiresDocumentRef")}
          checked={checked(p("requiresDocumentRef"))}
        >
          Khi trả lời “Có”, phải ghi số hiệu văn bản
        </CheckBox>
      ) : null}
      <CheckBox id={id("required")} name={p("required")} checked={checked(p("required"))}>
        Bắt buộc
      </CheckBox>
      <p class="row-actions">
        <IntentButton intent={`up:${i}`} disabled={i === 0}>
          Đưa mục {i + 1} lên
        </IntentButton>
        <IntentButton intent={`down:${i}`} disabled={i === count - 1}>
          Đưa mục {i + 1} xuống
        </IntentButton>
        <IntentButton intent={`remove:${i}`}>Bỏ mục {i + 1}</IntentButton>
      </p>
    </fieldset>
  );
}

/** Cross-field rule `i`: two number items and how they compare. */
export function RuleFieldset(props: {
  i: number;
  f: BuilderFields;
  marks: FieldMarks;
  numberKeys: { key: string; label: string }[];
}) {
  const { i, f, numberKeys } = props;
  const { attrs, Err } = props.marks;
  const p = (k: string) => `rules.${i}.${k}`;
  const id = (k: string) => `ru${i}-${k}`;
  /** Field `k`: one of the form's number items, with its error marks. */
  const NumberKeySelect = ({ k, label }: { k: string; label: string }) => (
    <>
      <label for={id(k)}>{label}</label>
      <select id={id(k)} name={p(k)} {...attrs(p(k), id(k))}>
        <option value="">– Chọn –</option>
        {numberKeys.map((n) => (
          <option value={n.key} selected={f[p(k)] === n.key}>
            {n.label}
          </option>
        ))}
      </select>
      <Err name={p(k)} id={id(k)} />
    </>
  );
  return (
    <fieldset>
      <legend>Quy tắc {i + 1}</legend>
      <div class="grid">
        <div>
          <NumberKeySelect k="left" label="Số liệu" />
        </div>
        <div>
          <label for={id("op")}>So sánh</label>
          <select id={id("op")} name={p("op")}>
            {RULE_OPERATORS.map((o) => (
              <option value={o} selected={f[p("op")] === o}>
                {RULE_OPERATOR_SYMBOLS[o]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <NumberKeySelect k="right" label="Với số liệu" />
        </div>
      </div>
      <label for={id("message")}>Thông báo khi sai (không bắt buộc)</label>
      <input id={id("message")} name={p("message")} maxlength={300} value={f[p("message")] ?? ""} />
      <p class="row-actions">
        <IntentButton intent={`removeRule:${i}`}>Bỏ quy tắc {i + 1}</IntentButton>
      </p>
    </fieldset>
  );
}
