import * as z from "zod";

/** The mailbox's filter: one recipient (compared lower-cased) and how many messages. */
export const listQuery = z.object({
  to: z.string().trim().toLowerCase().max(320).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The ledger's filter: one status and how many rows. */
export const ledgerQuery = z.object({
  status: z.enum(["pending", "sent", "failed", "superseded", "cancelled"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
