import { describe, expect, it } from "vitest";
import { displayValue } from "../../src/domain/diff";
import { DIRECTIVE_52_FORM, type FormItem } from "../../src/domain/form";
import { shownValue } from "../../src/features/reporting/form-values";

const item = (key: string) => DIRECTIVE_52_FORM.items.find((i) => i.key === key) as FormItem;

describe("a value on the reporter's page reads as on every page, with its placeholders", () => {
  it("numbers and answers read as displayValue reads them", () => {
    for (const [key, value] of [
      ["coverage_pct", 94.5],
      ["plan_issued", { answer: true, documentRef: "01-KH/TU" }],
      ["plan_issued", { answer: false }],
    ] as const) {
      expect(shownValue(item(key), value)).toBe(displayValue(item(key), value));
    }
  });

  it("nothing is (trống), an unanswered yes/no is (chưa chọn)", () => {
    expect(shownValue(item("coverage_pct"), null)).toBe("(trống)");
    expect(shownValue(item("coverage_pct"), "")).toBe("(trống)");
    expect(shownValue(item("plan_issued"), undefined)).toBe("(trống)");
    expect(shownValue(item("plan_issued"), { answer: null })).toBe("(chưa chọn)");
    expect(shownValue(item("plan_issued"), { answer: null, documentRef: "02-KH/TU" })).toBe(
      "(chưa chọn) (văn bản số 02-KH/TU)",
    );
  });

  it("a malformed stored value is (trống) now, as the review page leaves it blank", () => {
    // The reporter's own copy printed String(value) / "(chưa chọn)" for these.
    expect(shownValue(item("plan_issued"), "yes")).toBe("(trống)");
  });
});
