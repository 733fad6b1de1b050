/** The report form's inputs: one per item (text, number, yes/no), and the report's own number, date and signer. */
import type { Child } from "hono/jsx";
import { boundText, type FormItem, type FormValues, numberBounds } from "../../domain/form";
import { numberInputText } from "../../domain/form-input";
import type { FieldError } from "../../platform/errors";
import { errorId, fieldId, shownValue } from "./form-values";

function describedBy(...ids: (string | null | false | undefined)[]): string | undefined {
  const list = ids.filter((x): x is string => typeof x === "string" && x !== "");
  return list.length > 0 ? list.join(" ") : undefined;
}

function ErrorText(props: { field: string; errors: FieldError[] }) {
  const e = props.errors.filter((x) => x.field === props.field);
  if (e.length === 0) return null;
  return (
    <p class="error" id={errorId(props.field)}>
      {e.map((x) => x.message).join(". ")}
    </p>
  );
}

export function ItemInput(props: {
  item: FormItem;
  value: FormValues[string];
  errors: FieldError[];
  comment: string | undefined;
  previous: { label: string; value: FormValues[string] } | null;
}) {
  const { item, value, errors, comment, previous } = props;
  const key = item.key;
  const req = item.required ? " (bắt buộc)" : "";
  const helpId = item.help ? `help-${key}` : null;
  const cmtId = comment ? `cmt-${key}` : null;
  const prevId = previous ? `prev-${key}` : null;
  const has = (field: string) => errors.some((e) => e.field === field);
  const Extra = () => (
    <>
      {item.help ? (
        <p class="muted" id={helpId ?? undefined}>
          {item.help}
        </p>
      ) : null}
      {comment ? (
        <p class="comment" id={cmtId ?? undefined}>
          <strong>Ý kiến của cơ quan xem xét:</strong> {comment}
        </p>
      ) : null}
    </>
  );
  const Prev = () =>
    previous ? (
      <p class="prev muted" id={prevId ?? undefined}>
        Kỳ trước ({previous.label}): {shownValue(item, previous.value)}
      </p>
    ) : null;
  if (item.kind === "narrative") {
    return (
      <div class="item" id={`item-${key}`}>
        <label for={fieldId(key)} data-label-for={key}>
          {item.label}
          {req}
        </label>
        <Extra />
        <textarea
          id={fieldId(key)}
          name={key}
          data-item={key}
          data-kind="narrative"
          maxlength={item.maxLength}
          required={item.required}
          aria-invalid={has(key) ? "true" : undefined}
          aria-describedby={describedBy(has(key) && errorId(key), helpId, cmtId, prevId)}
        >
          {typeof value === "string" ? value : ""}
        </textarea>
        <ErrorText field={key} errors={errors} />
        <Prev />
      </div>
    );
  }
  if (item.kind === "number") {
    const { min, max } = numberBounds(item);
    const bounds =
      min !== null && max !== null
        ? `từ ${boundText(min)} đến ${boundText(max)}`
        : min !== null
          ? `tối thiểu ${boundText(min)}`
          : max !== null
            ? `tối đa ${boundText(max)}`
            : "";
    const boundsId = `bounds-${key}`;
    return (
      <div class="item" id={`item-${key}`}>
        <label for={fieldId(key)} data-label-for={key}>
          {item.label} ({item.unit}){req}
        </label>
        <Extra />
        <div class="unit">
          {/* Text, not type=number: browsers drop "95,54" and "8.700.000" from number inputs. */}
          <input
            type="text"
            id={fieldId(key)}
            name={key}
            data-item={key}
            data-kind="number"
            inputmode={item.valueKind === "integer" ? "numeric" : "decimal"}
            autocomplete="off"
            spellcheck={false}
            required={item.required}
            value={numberInputText(value)}
            aria-invalid={has(key) ? "true" : undefined}
            aria-describedby={describedBy(
              has(key) && errorId(key),
              bounds && boundsId,
              helpId,
              cmtId,
              prevId,
            )}
          />
          <span aria-hidden="true">{item.unit}</span>
        </div>
        {bounds ? (
          <p class="muted" id={boundsId}>
            Giá trị {bounds}
            {item.valueKind === "integer"
              ? ", số nguyên"
              : ", dùng dấu phẩy cho phần thập phân (ví dụ 95,54)"}
            .
          </p>
        ) : null}
        <ErrorText field={key} errors={errors} />
        <Prev />
      </div>
    );
  }
  const v = value && typeof value === "object" ? value : { answer: null, documentRef: null };
  const answerErr = has(key) ? errorId(key) : has(`${key}.answer`) ? errorId(`${key}.answer`) : null;
  const refField = `${key}.documentRef`;
  return (
    <div class="item" id={`item-${key}`}>
      <fieldset
        data-item={key}
        data-kind="yesno"
        aria-describedby={describedBy(answerErr, helpId, cmtId, prevId)}
        aria-invalid={answerErr ? "true" : undefined}
      >
        <legend data-label-for={key}>
          {item.label}
          {req}
        </legend>
        <Extra />
        <div class="choice">
          <label for={fieldId(key, "yes")}>
            <input
              type="radio"
              id={fieldId(key, "yes")}
              name={key}
              value="yes"
              checked={v.answer === true}
              required={item.required}
            />
            Có
          </label>
          <label for={fieldId(key, "no")}>
            <input type="radio" id={fieldId(key, "no")} name={key} value="no" checked={v.answer === false} />
            Không
          </label>
        </div>
        <ErrorText field={key} errors={errors} />
        <ErrorText field={`${key}.answer`} errors={errors} />
        <label for={fieldId(key, "documentRef")}>
          Số hiệu văn bản{item.requiresDocumentRef ? " (bắt buộc nếu chọn Có)" : " (nếu có)"}
        </label>
        <input
          type="text"
          id={fieldId(key, "documentRef")}
          name={refField}
          data-ref="1"
          value={v.documentRef ?? ""}
          autocomplete="off"
          aria-invalid={has(refField) ? "true" : undefined}
          aria-describedby={describedBy(has(refField) && errorId(refField))}
        />
        <ErrorText field={refField} errors={errors} />
        <Prev />
      </fieldset>
    </div>
  );
}

/** The report's own number, date and signer, filled in when it is submitted. */
export function ReportDocumentFields(props: { errors: FieldError[] }) {
  const errorOf = (f: string) => props.errors.find((e) => e.field === `document.${f}`)?.message;
  const field = (name: string, label: string, input: Child) => (
    <div>
      <label for={`doc-${name}`}>{label}</label>
      {input}
      {errorOf(name) ? (
        <p class="error" id={`doc-${name}-error`}>
          {errorOf(name)}
        </p>
      ) : null}
    </div>
  );
  return (
    <fieldset>
      <legend>Số, ngày và người ký báo cáo (ghi khi nộp bản đã ký)</legend>
      {field(
        "number",
        "Số báo cáo (ví dụ 125-BC/TU)",
        <input id="doc-number" name="documentNumber" maxlength={60} />,
      )}
      {field("date", "Ngày báo cáo", <input id="doc-date" name="documentDate" type="date" />)}
      {field(
        "signerName",
        "Họ và tên người ký",
        <input id="doc-signerName" name="signerName" maxlength={100} />,
      )}
      {field(
        "signerRole",
        "Chức vụ người ký",
        <select id="doc-signerRole" name="signerRole">
          <option value="">Chưa ghi</option>
          <option value="head">Bí thư (người đứng đầu)</option>
          <option value="deputy">Phó Bí thư (cấp phó)</option>
        </select>,
      )}
    </fieldset>
  );
}
