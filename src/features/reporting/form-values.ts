/**
 * Pure helpers for the report form: turning a posted HTML form into form values (the same
 * shape the JSON API takes), reading stored content, field ids for labels and errors, and the
 * indicator values a submission carries.
 */
import { displayValue } from "../../domain/diff";
import type { FormDefinition, FormItem, FormValues } from "../../domain/form";
import type { FieldError } from "../../platform/errors";

/** The HTML id of an item's input (yes/no items: of the "Có" radio; `sub` = "documentRef" for the number field). */
export function fieldId(key: string, sub?: string): string {
  return sub ? `f-${key}-${sub}` : `f-${key}`;
}

/** The id of the element holding a field's error message. */
export function errorId(field: string): string {
  return `err-${field.replace(/\./g, "-")}`;
}

/** "94,5" and "94.5" are both 94.5 (browsers post number inputs with a dot; people type a comma). */
export function parseNumberText(text: string): number | string | null {
  const t = text.trim();
  if (t === "") return null;
  const normalised = /^-?\d+,\d+$/.test(t) ? t.replace(",", ".") : t;
  const n = Number(normalised);
  // Anything that is not a plain number goes to the schema as text, which rejects it with a message.
  return /^-?\d+(\.\d+)?$/.test(normalised) && Number.isFinite(n) ? n : t;
}

type Posted = Record<string, string | File | (string | File)[]>;

function text(body: Posted, name: string): string | null {
  const v = body[name];
  const one = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof one === "string" ? one : null;
}

/**
 * Form post -> values. Unknown posted names are ignored (the form decides what exists);
 * blank fields become null so a draft can be saved half filled.
 */
export function valuesFromForm(def: FormDefinition, body: Posted): FormValues {
  const values: FormValues = {};
  for (const item of def.items) {
    if (item.kind === "narrative") {
      values[item.key] = (text(body, item.key) ?? "").replace(/\r\n/g, "\n");
    } else if (item.kind === "number") {
      // Kept as typed ("95,54", "8.700.000", even "2.5" in an integer field): the schema
      // reads it the Vietnamese way, and a draft keeps it whatever it is.
      const typed = (text(body, item.key) ?? "").trim();
      values[item.key] = typed === "" ? null : typed;
    } else {
      const answer = text(body, item.key);
      const documentRef = (text(body, `${item.key}.documentRef`) ?? "").trim();
      const a = answer === "yes" ? true : answer === "no" ? false : null;
      values[item.key] =
        a === null && documentRef === "" ? null : { answer: a, documentRef: documentRef || null };
    }
  }
  return values;
}

/** Number items linked to an indicator: [{ indicatorCode, value }] for the values present. */
export function indicatorCodeValues(
  def: FormDefinition,
  values: FormValues,
): { code: string; value: number }[] {
  return def.items.flatMap((item) => {
    if (item.kind !== "number" || !item.indicatorCode) return [];
    const v = values[item.key];
    return typeof v === "number" ? [{ code: item.indicatorCode, value: v }] : [];
  });
}

/** Field errors grouped by item key (`plan_issued.documentRef` belongs to `plan_issued`). */
export function errorsByItem(fields: FieldError[]): Map<string, FieldError[]> {
  const map = new Map<string, FieldError[]>();
  for (const f of fields) {
    const key = f.field.split(".")[0] ?? f.field;
    map.set(key, [...(map.get(key) ?? []), f]);
  }
  return map;
}

/**
 * A value as the reporter's page shows it ("Kỳ trước: ...", the conflict view): as every page
 * reads it (`displayValue`), with "(chưa chọn)" for a yes/no not yet answered and "(trống)"
 * for nothing, as the page's script writes them too.
 */
export function shownValue(item: FormItem, value: FormValues[string]): string {
  if (item.kind === "yesno" && typeof value === "object" && value !== null && value.answer === null) {
    return value.documentRef ? `(chưa chọn) (văn bản số ${value.documentRef})` : "(chưa chọn)";
  }
  return displayValue(item, value) || "(trống)";
}
