/** What the working calendar's routes accept (zod, Vietnamese messages per field). */
import * as z from "zod";
import { requiredText } from "../../domain/required-text";
import { dateField } from "../../http/date-field";

export const calendarEntrySchema = z.strictObject({
  day: dateField("Ngày"),
  kind: z.enum(["off", "work"], {
    error: "Loại ngày phải là “off” (ngày nghỉ) hoặc “work” (ngày làm bù)",
  }),
  name: requiredText("Vui lòng nhập tên ngày (ví dụ: Quốc khánh)", 200, "Tên ngày dài quá 200 ký tự"),
  source: z
    .string({ error: "Văn bản căn cứ phải là chữ" })
    .trim()
    .max(500, { error: "Văn bản căn cứ dài quá 500 ký tự" })
    .nullable()
    .optional()
    .transform((s) => (s ? s : null)),
});
export type CalendarEntryInput = z.output<typeof calendarEntrySchema>;

/** The body of `PUT /api/calendar-days/{day}` (the day is in the path). */
export const calendarEntryBody = calendarEntrySchema.omit({ day: true });

export const calendarYearQuery = z.object({
  year: z.coerce
    .number({ error: "Năm phải là một số" })
    .int({ error: "Năm phải là một số nguyên" })
    .min(2000, { error: "Năm phải từ 2000 đến 2100" })
    .max(2100, { error: "Năm phải từ 2000 đến 2100" })
    .optional(),
});

/** What the last change did, carried by the redirect after it (post/redirect/get). */
export const doneQuery = z.object({
  "da-luu": z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  "da-xoa": z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  "tinh-lai": z.coerce.number().int().min(0).max(1_000_000).optional(),
});
