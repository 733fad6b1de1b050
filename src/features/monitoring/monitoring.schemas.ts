/** What the monitoring pages accept (zod, Vietnamese messages per field). */
import * as z from "zod";

/** `?org=&period=` of the monitoring pages, and the outcome of a nudge shown after its redirect. */
export const selectionQuery = z.object({
  period: z
    .string()
    .trim()
    .max(120)
    .regex(/^[a-z0-9_-]*$/i, { error: "Mã kỳ báo cáo không hợp lệ" })
    .optional(),
  org: z
    .string()
    .trim()
    .max(120)
    .regex(/^[a-z0-9_-]*$/i, { error: "Mã tổ chức không hợp lệ" })
    .optional(),
  format: z.enum(["html", "json"]).optional(),
  nhac: z.enum(["da-gui", "se-gui", "hom-nay-da-gui"]).optional(),
  /** With `nhac=se-gui`: when the deferred nudge goes out (ms). */
  luc: z.coerce.number().int().positive().optional(),
  /** The obligation just nudged: its row shows the outcome where its button was. */
  ob: z
    .string()
    .trim()
    .max(200)
    .regex(/^[a-z0-9_-]*$/i, { error: "Mã báo cáo không hợp lệ" })
    .optional(),
});
export type SelectionQuery = z.infer<typeof selectionQuery>;

export const nudgeParams = z.object({
  obligationId: z
    .string()
    .min(1)
    .max(160)
    .regex(/^[A-Za-z0-9_-]+$/),
});
