import { describe, expect, it } from "vitest";
import { formatViCount, formatViPercent } from "../../src/domain/numbers";

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
