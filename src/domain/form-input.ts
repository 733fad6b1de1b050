/**
 * What a person typed into a report form, kept as typed. A draft stores the raw input of every
 * field, valid or not ("2.5" in an integer field, "95,54", a half-written document number), so
 * nothing typed is lost; validation only decides whether the report may be submitted.
 *
 * Raw shapes: narrative -> string; number -> the text typed (or a number from API clients);
 * yes/no -> { answer: boolean | null, documentRef: string | null }. Anything else (unknown keys,
 * objects where text belongs) is not something a person typed, and is refused.
 */
import type { FieldError } from "../platform/errors";
import type { FormDefinition, FormItem, FormValues } from "./form";
import { formatViNumber } from "./numbers";

/** Longest raw number text kept (a number is never longer; this bounds garbage). */
const MAX_NUMBER_TEXT = 100;
const MAX_DOCUMENT_REF = 200;

export type RawRead = { ok: true; values: FormValues } | { ok: false; errors: FieldError[]; more: number };

/**
 * Checks the shape of raw input against the form and returns it in the form's order. Errors
 * are bounded: at most `maxErrors` listed, the rest counted.
 */
export function readRawValues(def: FormDefinition, input: unknown, maxErrors = 50): RawRead {
  const errors: FieldError[] = [];
  let more = 0;
  const fail = (field: string, message: string) => {
    if (errors.length < maxErrors) errors.push({ field, message });
    else more++;
  };
  if (!input || typeof input !== "object" || Array.isArray(input)) {
    return {
      ok: false,
      errors: [{ field: "values", message: "Nội dung báo cáo phải là một đối tượng" }],
      more: 0,
    };
  }
  const record = input as Record<string, unknown>;
  const items = new Map(def.items.map((i) => [i.key, i]));
  for (const key of Object.keys(record)) {
    if (!items.has(key)) fail(key, "Mục này không có trong biểu mẫu");
  }
  const values: FormValues = {};
  for (const item of def.items) {
    const v = record[item.key];
    if (v === undefined) continue;
    const read = readOne(item, v);
    if (read.ok) values[item.key] = read.value;
    else fail(read.field ?? item.key, read.message);
  }
  return errors.length > 0 || more > 0 ? { ok: false, errors, more } : { ok: true, values };
}

type ReadOne = { ok: true; value: FormValues[string] } | { ok: false; message: string; field?: string };

function readOne(item: FormItem, v: unknown): ReadOne {
  if (v === null) return { ok: true, value: null };
  if (item.kind === "narrative") {
    if (typeof v !== "string") return { ok: false, message: `${item.label}: phải là văn bản` };
    // Kept even when longer than the form allows (submission refuses it), up to a hard bound.
    if (v.length > item.maxLength * 2)
      return { ok: false, message: `${item.label} dài quá ${formatViNumber(item.maxLength)} ký tự` };
    return { ok: true, value: v.replace(/\r\n/g, "\n") };
  }
  if (item.kind === "number") {
    if (typeof v === "number")
      return Number.isFinite(v)
        ? { ok: true, value: v }
        : { ok: false, message: `${item.label} phải là một số` };
    if (typeof v !== "string")
      return { ok: false, message: `${item.label} phải là một số hoặc văn bản đã gõ` };
    if (v.length > MAX_NUMBER_TEXT) return { ok: false, message: `${item.label}: quá dài` };
    const t = v.trim();
    return { ok: true, value: t === "" ? null : t };
  }
  if (typeof v !== "object" || Array.isArray(v))
    return { ok: false, message: `${item.label}: chọn Có hoặc Không` };
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (k !== "answer" && k !== "documentRef")
      return { ok: false, message: "Mục này không có trong biểu mẫu", field: `${item.key}.${k}` };
  }
  const answer = o.answer ?? null;
  if (answer !== null && typeof answer !== "boolean")
    return { ok: false, message: `${item.label}: chọn Có hoặc Không`, field: `${item.key}.answer` };
  const ref = o.documentRef ?? null;
  if (ref !== null && typeof ref !== "string")
    return { ok: false, message: "Số hiệu văn bản phải là văn bản", field: `${item.key}.documentRef` };
  if (typeof ref === "string" && ref.length > MAX_DOCUMENT_REF)
    return { ok: false, message: "Số hiệu văn bản quá dài", field: `${item.key}.documentRef` };
  const documentRef = typeof ref === "string" && ref.trim() !== "" ? ref.trim() : null;
  if (answer === null && documentRef === null) return { ok: true, value: null };
  return { ok: true, value: { answer, documentRef } };
}

/**
 * Values as stored text: JSON with the keys in the form's order, so the same answers are
 * always the same bytes (a resubmission of identical text is recognised byte for byte).
 */
export function canonicalContent(def: FormDefinition, values: FormValues): string {
  const out: FormValues = {};
  for (const item of def.items) {
    const v = values[item.key];
    if (v === undefined) continue;
    out[item.key] =
      v !== null && typeof v === "object" ? { answer: v.answer, documentRef: v.documentRef ?? null } : v;
  }
  return JSON.stringify(out);
}

/** A number field's value as shown in its input: the text typed, or a number in vi-VN form. */
export function numberInputText(value: FormValues[string]): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return formatViNumber(value, { maxFractionDigits: 10 });
  return typeof value === "string" ? value : "";
}
