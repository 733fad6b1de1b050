import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseReviewComments } from "../../src/domain/review-comments";

describe("parseReviewComments: one reader for the reviewer's and the reporter's page", () => {
  it("reads what a decision stores", () => {
    const stored = JSON.stringify({ general: "Bổ sung số liệu quý III", sections: { s1: "Thiếu nguồn" } });
    expect(parseReviewComments(stored)).toEqual({
      general: "Bổ sung số liệu quý III",
      sections: { s1: "Thiếu nguồn" },
    });
  });

  it("is no comments for nothing, broken JSON or a non-object", () => {
    for (const text of [null, "", "{", "42", "null", '"chuỗi"']) expect(parseReviewComments(text)).toBeNull();
  });

  it("drops parts that are not text, so a page never prints a number or an object as a remark", () => {
    const stored = JSON.stringify({ general: 5, sections: { s1: "Đạt", s2: { x: 1 }, s3: 7 }, other: "x" });
    expect(parseReviewComments(stored)).toEqual({ sections: { s1: "Đạt" } });
  });

  it("never throws, and keeps only text, whatever is stored", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const parsed = parseReviewComments(text);
        if (parsed === null) return;
        if (parsed.general !== undefined) expect(typeof parsed.general).toBe("string");
        for (const remark of Object.values(parsed.sections ?? {})) expect(typeof remark).toBe("string");
      }),
    );
  });
});
