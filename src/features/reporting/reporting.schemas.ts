/** The reporting API's request bodies. */
import * as z from "zod";

export const draftBody = z.object({
  values: z.record(z.string(), z.unknown()),
  baseRevision: z.number().int().min(0),
});

export const submitBody = z.object({
  values: z.record(z.string(), z.unknown()).optional(),
  baseRevision: z.number().int().min(0).optional(),
});
