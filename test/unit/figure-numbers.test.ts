import { describe, expect, it } from "vitest";
import { boundText } from "../../src/domain/form";
import { fieldNumber, formatViCount, formatViNumber, formatViPercent } from "../../src/domain/numbers";

describe("figures as the monitoring pages and the consolidated report print them", () => {
  it("percentages keep their decimals, with a decimal comma", () => {
    expect(formatViPercent(87.54)).toBe("87,5%");
    expect(formatViPercent(95, 2)).toBe("95,00%");
    expect(formatViPercent(100, 0)).toBe("100%");
  });

  it("counts are rounded and grouped by dots; negatives carry a minus sign", () => {
    expect(formatViCount(8_700_000)).toBe("8.700.000");
    expect(formatViCount(1234.6)).toBe("1.235");
    // The consolidated report's own copy wrote "-1.234"; both now write the minus sign.
    expect(formatViCount(-1234)).toBe("−1.234");
  });

  it("no value, or no finite value, is a dash", () => {
    for (const v of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatViPercent(v)).toBe("—");
      expect(formatViCount(v)).toBe("—");
    }
  });
});

describe('formatViNumber writes numbers as toLocaleString("vi-VN") does, for pages, documents and messages alike', () => {
  it("groups thousands with dots and keeps at most the asked decimals", () => {
    expect(formatViNumber(1234567.891)).toBe("1.234.567,89");
    expect(formatViNumber(1234)).toBe("1.234");
    expect(formatViNumber(95.5, { maxFractionDigits: 2, minFractionDigits: 2 })).toBe("95,50");
    expect(formatViNumber(-1234.5)).toBe("-1.234,5");
  });

  it("rounds half up on the decimal as written (its toFixed rounding gave 2,67)", () => {
    expect(formatViNumber(2.675)).toBe("2,68");
    expect(formatViNumber(1.005)).toBe("1,01");
    expect(formatViNumber(2.675)).toBe((2.675).toLocaleString("vi-VN", { maximumFractionDigits: 2 }));
  });

  it("never writes -0 (the pages' toLocaleString did), nor anything for a non-finite value", () => {
    expect(formatViNumber(-0.001)).toBe("0");
    expect(formatViNumber(Number.NaN)).toBe("");
  });
});

describe("fieldNumber reads a number typed in the form builder and the set-up forms", () => {
  it("blank is nothing, a comma may be the decimal point", () => {
    expect(fieldNumber(undefined)).toBeNull();
    expect(fieldNumber("  ")).toBeNull();
    expect(fieldNumber(" 12 ")).toBe(12);
    expect(fieldNumber("95,5")).toBe(95.5);
    expect(fieldNumber("95.5")).toBe(95.5);
  });

  it("reads Vietnamese thousands as the report forms do (it read '496.294' people as 496,294 and '1.000' as 1)", () => {
    expect(fieldNumber("1.000")).toBe(1000);
    expect(fieldNumber("496.294")).toBe(496_294);
    expect(fieldNumber("8.700.000")).toBe(8_700_000);
    expect(fieldNumber("1.234,5")).toBe(1234.5);
    expect(fieldNumber("20 000")).toBe(20_000);
    expect(fieldNumber("-5")).toBe(-5);
    expect(fieldNumber("1,2,3")).toBeNaN();
  });

  it("anything unreadable is NaN, infinity too (the set-up forms' own copy let Infinity through)", () => {
    expect(fieldNumber("mười")).toBeNaN();
    expect(fieldNumber("Infinity")).toBeNaN();
  });
});

describe("boundText writes a number item's bounds for the form, its messages and the form list alike", () => {
  it("groups thousands and keeps up to four decimals (the form list wrote 1000000 and 0,12345)", () => {
    expect(boundText(1_000_000)).toBe("1.000.000");
    expect(boundText(0.12345)).toBe("0,1235");
    expect(boundText(95.5)).toBe("95,5");
  });
});
