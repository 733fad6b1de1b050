/** What the preferences form and the unsubscribe link carry (zod, Vietnamese messages). */
import * as z from "zod";
import { UNSUBSCRIBE_KINDS } from "../../email/unsubscribe";

export interface Preferences {
  weekly: boolean;
  weekday: number;
  morning: boolean;
  remindersInDigest: boolean;
}

const checkbox = z
  .union([z.literal("1"), z.literal("on"), z.literal("")])
  .optional()
  .transform((v) => v === "1" || v === "on");

export const preferencesForm = z.object({
  weekly: checkbox,
  morning: checkbox,
  reminders_in_digest: checkbox,
  weekday: z.coerce
    .number({ error: "Chọn ngày trong tuần" })
    .int()
    .min(1, { error: "Chọn một ngày từ Thứ Hai đến Thứ Sáu" })
    .max(5, { error: "Chọn một ngày từ Thứ Hai đến Thứ Sáu" }),
});
export type PreferencesInput = z.output<typeof preferencesForm>;

export const unsubscribeQuery = z.object({
  token: z.string().min(20).max(100),
  p: z.string().min(1).max(100),
  k: z.enum(UNSUBSCRIBE_KINDS),
});
