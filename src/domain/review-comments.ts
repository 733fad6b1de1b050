/**
 * A review decision's comments (a general remark and one per section), as stored in
 * `review_decisions.comments` (JSON): one shape and one reader for the reviewer's page and the
 * reporter's.
 */
export interface ReviewComments {
  general?: string;
  sections?: Record<string, string>;
}

/** Stored comments, read leniently: anything unreadable is no comments; non-text parts are dropped. */
export function parseReviewComments(text: string | null): ReviewComments | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== "object") return null;
    const o = v as Record<string, unknown>;
    const out: ReviewComments = {};
    if (typeof o.general === "string") out.general = o.general;
    if (o.sections && typeof o.sections === "object") {
      out.sections = Object.fromEntries(
        Object.entries(o.sections as Record<string, unknown>).filter(
          (e): e is [string, string] => typeof e[1] === "string",
        ),
      );
    }
    return out;
  } catch {
    return null;
  }
}
