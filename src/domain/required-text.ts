/** The validation of a required text field, as the domain's input schemas spell it. */
import * as z from "zod";

/**
 * A required text: trimmed, refused as `missing` when empty or absent, and at most `max`
 * characters (refused as `tooLong`, or with zod's own message when none is given).
 */
export const requiredText = (missing: string, max: number, tooLong?: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, { error: missing })
    .max(max, tooLong === undefined ? undefined : { error: tooLong });
