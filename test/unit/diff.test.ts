import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type DiffPart,
  diffValues,
  diffWords,
  displayValue,
  MAX_LCS_CELLS,
  tokenize,
} from "../../src/domain/diff";
import { DIRECTIVE_52_FORM, type FormItem } from "../../src/domain/form";

const side = (parts: DiffPart[], keep: "delete" | "insert") =>
  parts
    .filter((p) => p.op === "equal" || p.op === keep)
    .map((p) => p.text)
    .join("");

describe("diffWords", () => {
  it("marks one replaced word and keeps the rest equal", () => {
    expect(diffWords("Tổ chức 12 hội nghị quán triệt", "Tổ chức 15 hội nghị quán triệt")).toEqual([
      { op: "equal", text: "Tổ chức " },
      { op: "delete", text: "12" },
      { op: "insert", text: "15" },
      { op: "equal", text: " hội nghị quán triệt" },
    ]);
  });

  it("shows an appended sentence as one insertion", () => {
    expect(diffWords("Đã kiểm tra.", "Đã kiểm tra. Bổ sung số liệu.")).toEqual([
      { op: "equal", text: "Đã kiểm tra." },
      { op: "insert", text: " Bổ sung số liệu." },
    ]);
  });

  it("finds the common words in the middle (LCS), not only a common prefix and suffix", () => {
    const parts = diffWords("a b c d e", "x b c y e");
    expect(parts.filter((p) => p.op === "equal").map((p) => p.text)).toEqual([" b c ", " e"]);
    expect(parts.filter((p) => p.op === "delete").map((p) => p.text)).toEqual(["a", "d"]);
    expect(parts.filter((p) => p.op === "insert").map((p) => p.text)).toEqual(["x", "y"]);
  });

  it("gives no parts for two empty texts and one part for identical texts", () => {
    expect(diffWords("", "")).toEqual([]);
    expect(diffWords("giống nhau", "giống nhau")).toEqual([{ op: "equal", text: "giống nhau" }]);
    expect(diffWords("", "mới")).toEqual([{ op: "insert", text: "mới" }]);
    expect(diffWords("cũ", "")).toEqual([{ op: "delete", text: "cũ" }]);
  });

  it("keeps whitespace and line breaks exactly", () => {
    expect(tokenize("a  b\nc")).toEqual(["a", "  ", "b", "\n", "c"]);
    const parts = diffWords("dòng 1\ndòng 2", "dòng 1\n\ndòng 3");
    expect(side(parts, "delete")).toBe("dòng 1\ndòng 2");
    expect(side(parts, "insert")).toBe("dòng 1\n\ndòng 3");
  });

  it("always rebuilds both texts, merges neighbours, and keeps the equal part maximal (property)", () => {
    const word = fc.constantFrom("bảo", "hiểm", "y", "tế", "toàn", "dân", "95%", "2026");
    const text = fc.array(fc.tuple(word, fc.constantFrom(" ", "  ", "\n")), { maxLength: 25 }).map((ws) =>
      ws
        .map(([w, s]) => w + s)
        .join("")
        .trim(),
    );
    fc.assert(
      fc.property(text, text, (a, b) => {
        const parts = diffWords(a, b);
        expect(side(parts, "delete")).toBe(a);
        expect(side(parts, "insert")).toBe(b);
        for (let i = 1; i < parts.length; i++) expect(parts[i]!.op).not.toBe(parts[i - 1]!.op);
        if (a === b) expect(parts.every((p) => p.op === "equal")).toBe(true);
      }),
    );
  });

  it("falls back to one deletion and one insertion for a huge middle, still exact", () => {
    const n = Math.ceil(Math.sqrt(MAX_LCS_CELLS)) + 10;
    const a = `đầu ${Array.from({ length: n }, (_, i) => `a${i}`).join(" ")} cuối`;
    const b = `đầu ${Array.from({ length: n }, (_, i) => `b${i}`).join(" ")} cuối`;
    const parts = diffWords(a, b);
    expect(parts.map((p) => p.op)).toEqual(["equal", "delete", "insert", "equal"]);
    expect(side(parts, "delete")).toBe(a);
    expect(side(parts, "insert")).toBe(b);
  });
});

describe("diffValues", () => {
  const before = {
    section_1: "Đưa chỉ tiêu vào nghị quyết.",
    section_3: "Tổ chức 12 hội nghị.",
    plan_issued: { answer: true, documentRef: "01-KH/TU" },
    dissemination_sessions: 12,
    coverage_pct: 94.5,
  };
  const after = {
    ...before,
    section_3: "Tổ chức 15 hội nghị với 3.000 người tham dự.",
    dissemination_sessions: 15,
  };

  it("flags exactly the changed items, in form order, with word parts for narratives", () => {
    const items = diffValues(DIRECTIVE_52_FORM, before, after);
    expect(items.map((i) => i.key)).toEqual(DIRECTIVE_52_FORM.items.map((i) => i.key));
    expect(items.filter((i) => i.changed).map((i) => i.key)).toEqual(["section_3", "dissemination_sessions"]);
    const s3 = items.find((i) => i.key === "section_3")!;
    expect(s3.words?.some((p) => p.op === "insert" && p.text.includes("15"))).toBe(true);
    expect(s3.words?.some((p) => p.op === "delete" && p.text.includes("12"))).toBe(true);
    const n = items.find((i) => i.key === "dissemination_sessions")!;
    expect(n).toMatchObject({ before: "12 hội nghị", after: "15 hội nghị" });
    expect(n.words).toBeUndefined();
    expect(items.find((i) => i.key === "coverage_pct")).toMatchObject({ changed: false, after: "94,5 %" });
  });

  it("treats a removed value as a change", () => {
    const items = diffValues(DIRECTIVE_52_FORM, before, { ...before, coverage_pct: null });
    expect(items.filter((i) => i.changed).map((i) => i.key)).toEqual(["coverage_pct"]);
  });

  it("displays yes/no answers with their document", () => {
    const item = DIRECTIVE_52_FORM.items.find((i) => i.key === "plan_issued") as FormItem;
    expect(displayValue(item, { answer: true, documentRef: "01-KH/TU" })).toBe("Có (văn bản số 01-KH/TU)");
    expect(displayValue(item, { answer: false })).toBe("Không");
    expect(displayValue(item, { answer: null })).toBe("");
    expect(displayValue(item, null)).toBe("");
  });

  it("reads an empty string as nothing, also for a number (it read as the bare unit)", () => {
    const item = DIRECTIVE_52_FORM.items.find((i) => i.key === "coverage_pct") as FormItem;
    expect(displayValue(item, "")).toBe("");
  });
});

describe("diffWords readability", () => {
  it("shows a rewritten phrase as one deletion and one insertion, not word by word", () => {
    expect(diffWords("đã triển khai theo kế hoạch.", "đã tổ chức 12 hội nghị.")).toEqual([
      { op: "equal", text: "đã " },
      { op: "delete", text: "triển khai theo kế hoạch." },
      { op: "insert", text: "tổ chức 12 hội nghị." },
    ]);
  });
});
