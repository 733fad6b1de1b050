/**
 * Comparing two submitted versions of a report: a word-level diff for narratives (longest
 * common subsequence over word and whitespace tokens) and a per-item comparison of the values
 * laid out by the form definition. Pure functions, no I/O.
 */
import type { FormDefinition, FormItem, FormValue, FormValues, YesNoValue } from "./form";
import { formatViNumber } from "./numbers";

export type DiffOp = "equal" | "insert" | "delete";
export interface DiffPart {
  op: DiffOp;
  text: string;
}

/**
 * Above this many LCS cells (after trimming the common prefix and suffix) the middle is shown
 * as one deletion and one insertion: keeps the Worker's CPU and memory bounded on long texts.
 */
export const MAX_LCS_CELLS = 4_000_000;

/** Words and the whitespace between them, so joining the tokens gives back the text exactly. */
export function tokenize(text: string): string[] {
  return text.split(/(\s+)/).filter((t) => t !== "");
}

function push(out: DiffPart[], op: DiffOp, text: string): void {
  if (text === "") return;
  const last = out[out.length - 1];
  if (last && last.op === op) last.text += text;
  else out.push({ op, text });
}

/**
 * The word-level difference from `before` to `after`. Joining the `equal` and `delete` parts
 * gives `before`; joining the `equal` and `insert` parts gives `after`. Adjacent parts of the
 * same kind are merged; a deletion comes before the insertion that replaces it.
 */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: DiffPart[] = [];
  push(out, "equal", a.slice(0, start).join(""));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > MAX_LCS_CELLS) {
    push(out, "delete", midA.join(""));
    push(out, "insert", midB.join(""));
  } else {
    for (const part of lcsDiff(midA, midB)) push(out, part.op, part.text);
  }
  push(out, "equal", a.slice(endA).join(""));
  return mergeAcrossSpaces(out);
}

/**
 * Readability: a run of changes separated only by spaces ("a b c" -> "x y z") reads as one
 * deletion and one insertion, not as word-by-word alternation. Both sides stay exact because
 * the absorbed space goes into the deletion and the insertion alike.
 */
function mergeAcrossSpaces(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let i = 0;
  while (i < parts.length) {
    const part = parts[i]!;
    if (part.op === "equal") {
      push(out, "equal", part.text);
      i++;
      continue;
    }
    let del = "";
    let ins = "";
    let j = i;
    for (;;) {
      const p = parts[j];
      if (!p) break;
      if (p.op === "delete") del += p.text;
      else if (p.op === "insert") ins += p.text;
      else if (/^\s+$/.test(p.text) && parts[j + 1] && parts[j + 1]!.op !== "equal") {
        del += p.text;
        ins += p.text;
      } else break;
      j++;
    }
    push(out, "delete", del);
    push(out, "insert", ins);
    i = j;
  }
  return out;
}

/** Classic dynamic-programming LCS on tokens, walked back from the start for stable output. */
function lcsDiff(a: string[], b: string[]): DiffPart[] {
  const n = a.length;
  const m = b.length;
  const out: DiffPart[] = [];
  if (n === 0 || m === 0) {
    push(out, "delete", a.join(""));
    push(out, "insert", b.join(""));
    return out;
  }
  // len[i][j] = LCS length of a[i..] and b[j..], in one flat array.
  const width = m + 1;
  const len = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i * width + j] =
        a[i] === b[j]
          ? len[(i + 1) * width + j + 1]! + 1
          : Math.max(len[(i + 1) * width + j]!, len[i * width + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  const pending: { del: string; ins: string } = { del: "", ins: "" };
  const flush = () => {
    push(out, "delete", pending.del);
    push(out, "insert", pending.ins);
    pending.del = "";
    pending.ins = "";
  };
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      flush();
      push(out, "equal", a[i]!);
      i++;
      j++;
    } else if (len[(i + 1) * width + j]! >= len[i * width + j + 1]!) {
      pending.del += a[i]!;
      i++;
    } else {
      pending.ins += b[j]!;
      j++;
    }
  }
  while (i < n) pending.del += a[i++]!;
  while (j < m) pending.ins += b[j++]!;
  flush();
  return out;
}

/** How a value reads on a page: "" for nothing (an empty string too), numbers with a decimal comma, Có/Không. */
export function displayValue(item: FormItem, value: FormValue | undefined): string {
  if (value === undefined || value === null || value === "") return "";
  if (item.kind === "narrative") return typeof value === "string" ? value : "";
  if (item.kind === "number") {
    if (typeof value === "string") return `${value} ${item.unit}`.trim();
    return typeof value === "number"
      ? `${formatViNumber(value, { maxFractionDigits: 10 })} ${item.unit}`.trim()
      : "";
  }
  if (typeof value !== "object") return "";
  const v = value as YesNoValue;
  if (v.answer === null) return "";
  const answer = v.answer ? "Có" : "Không";
  return v.documentRef ? `${answer} (văn bản số ${v.documentRef})` : answer;
}

export interface ItemDiff {
  key: string;
  label: string;
  kind: FormItem["kind"];
  changed: boolean;
  before: string;
  after: string;
  /** Word-level parts for narratives that changed. */
  words?: DiffPart[];
}

/** Compares two versions' values item by item, in the form's order. */
export function diffValues(definition: FormDefinition, before: FormValues, after: FormValues): ItemDiff[] {
  return definition.items.map((item) => {
    const b = displayValue(item, before[item.key]);
    const a = displayValue(item, after[item.key]);
    const changed = a !== b;
    return {
      key: item.key,
      label: item.label,
      kind: item.kind,
      changed,
      before: b,
      after: a,
      ...(changed && item.kind === "narrative" ? { words: diffWords(b, a) } : {}),
    };
  });
}
