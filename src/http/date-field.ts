/**
 * Date fields of forms and JSON bodies: accept dd/mm/yyyy (what people type) and yyyy-mm-dd
 * (date pickers, API clients), store `YYYY-MM-DD`, and explain errors in dd/mm/yyyy terms.
 */
import * as z from "zod";
import { dateInputError, parseDateInput } from "../domain/time";

/** A required date; the output is `YYYY-MM-DD`. */
export function dateField(label: string) {
  return z
    .string({ error: `Vui lòng nhập ${label.toLowerCase()} (dd/mm/yyyy)` })
    .trim()
    .min(1, { error: `Vui lòng nhập ${label.toLowerCase()} (dd/mm/yyyy)` })
    .transform((text, ctx) => {
      const date = parseDateInput(text);
      if (date === null) {
        ctx.addIssue({ code: "custom", message: dateInputError(label) });
        return z.NEVER;
      }
      return date;
    });
}

/** An optional date: absent stays undefined (not given), null or empty gives null (cleared). */
export function optionalDateField(label: string) {
  return z
    .string()
    .nullable()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      if (text === null || text.trim() === "") return null;
      const date = parseDateInput(text);
      if (date === null) {
        ctx.addIssue({ code: "custom", message: dateInputError(label) });
        return z.NEVER;
      }
      return date;
    });
}
