/** Column groups of `obligations` that several features' reads select. */
import { columnsOf } from "./client";
import { obligations } from "./schema";

/**
 * An obligation with its status and its deadline: as set, as extended and as moved to a working
 * day (what `nominalDueOn` and `deadlineFromStored` read).
 */
export const OBLIGATION_DEADLINE = columnsOf(
  obligations,
  "id",
  "status",
  "dueOn",
  "extendedDueOn",
  "effectiveDueOn",
);
