/** The form builder's rows: one item, one cross-field rule, and their field errors (JSX only). */

import type { FormItem } from "../../domain/form";
import { NUMBER_VALUE_KINDS, RULE_OPERATOR_SYMBOLS, RULE_OPERATORS } from "../../domain/form";
import type { BuilderFields } from "../../domain/form-definition";
import { IntentButton } from "../../pages/setup-bits";
import type { FieldError } from "../../platform/errors";

export const KIND_LABELS: Record<FormItem["kind"], string> = {
  narrative: "Nội dung (văn bản)",
  number: "Số liệu, chỉ tiêu",
  yesno: "Có/Không (kèm số hiệu văn bản)",
};
export const VALUE_KIND_LABELS: Record<(typeof NUMBER_VALUE_KINDS)[number], string> = {
  integer: "Số nguyên",
  percent: "Tỷ lệ %",
  decimal: "Số thập phân",
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
          <label for={id("key")}>Mã mục (chữ thường không dấu)</label>
          <input
            id={id("key")}
            name={p("key")}
            maxlength={64}
            value={f[p("key")] ?? ""}
            {...attrs(p("key"), id("key"))}
          />
          <Err name={p("key")} id={id("key")} />
        </div>
      </div>
      <label for={id("label")}>Nhãn (câu hỏi, nội dung cần báo cáo)</label>
      <input
        id={id("label")}
        name={p("label")}
        maxlength={500}
        value={f[p("label")] ?? ""}
        {...attrs(p("label"), id("label"))}
      />
      <Err name={p("label")} id={id("label")} />
      <label for={id("help")}>Hướng dẫn điền (không bắt buộc)</label>
      <input id={id("help")} name={p("help")} maxlength={2000} value={f[p("help")] ?? ""} />
      {kind === "number" ? (
        <div class="grid">
          <div>
            <label for={id("unit")}>Đơn vị tính</label>
            <input
              id={id("unit")}
              name={p("unit")}
              maxlength={50}
              value={f[p("unit")] ?? ""}
              {...attrs(p("unit"), id("unit"))}
            />
            <Err name={p("unit")} id={id("unit")} />
          </div>
          <div>
            <label for={id("valueKind")}>Kiểu số</label>
            <select id={id("valueKind")} name={p("valueKind")}>
              {NUMBER_VALUE_KINDS.map((k) => (
                <option value={k} selected={f[p("valueKind")] === k}>
                  {VALUE_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for={id("min")}>Nhỏ nhất</label>
            <input
              id={id("min")}
              name={p("min")}
              inputmode="decimal"
              value={f[p("min")] ?? ""}
              {...attrs(p("min"), id("min"))}
            />
            <Err name={p("min")} id={id("min")} />
          </div>
          <div>
            <label for={id("max")}>Lớn nhất</label>
            <input
              id={id("max")}
              name={p("max")}
              inputmode="decimal"
              value={f[p("max")] ?? ""}
              {...attrs(p("max"), id("max"))}
            />
            <Err name={p("max")} id={id("max")} />
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
        <>
          <label for={id("maxLength")}>Độ dài tối đa (ký tự)</label>
          <input
            id={id("maxLength")}
            name={p("maxLength")}
            type="number"
            min={1}
            max={100000}
            value={f[p("maxLength")] ?? "20000"}
            {...attrs(p("maxLength"), id("maxLength"))}
          />
          <Err name={p("maxLength")} id={id("maxLength")} />
        </>
      ) : null}
      {kind === "yesno" ? (
        <label for={id("requiresDocumentRef")} class="check">
          <input
            id={id("requiresDocumentRef")}
            type="checkbox"
            name={p("requiresDocumentRef")}
            checked={checked(p("requiresDocumentRef"))}
          />{" "}
          Khi trả lời “Có”, phải ghi số hiệu văn bản
        </label>
      ) : null}
      <label for={id("required")} class="check">
        <input id={id("required")} type="checkbox" name={p("required")} checked={checked(p("required"))} />{" "}
        Bắt buộc
      </label>
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
  return (
    <fieldset>
      <legend>Quy tắc {i + 1}</legend>
      <div class="grid">
        <div>
          <label for={id("left")}>Số liệu</label>
          <select id={id("left")} name={p("left")} {...attrs(p("left"), id("left"))}>
            <option value="">– Chọn –</option>
            {numberKeys.map((k) => (
              <option value={k.key} selected={f[p("left")] === k.key}>
                {k.label}
              </option>
            ))}
          </select>
          <Err name={p("left")} id={id("left")} />
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
          <label for={id("right")}>Với số liệu</label>
          <select id={id("right")} name={p("right")} {...attrs(p("right"), id("right"))}>
            <option value="">– Chọn –</option>
            {numberKeys.map((k) => (
              <option value={k.key} selected={f[p("right")] === k.key}>
                {k.label}
              </option>
            ))}
          </select>
          <Err name={p("right")} id={id("right")} />
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
