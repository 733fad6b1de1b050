import { describe, expect, it } from "vitest";
import {
  directiveDisplayTitle,
  directiveSchema,
  registeredNumber,
  sectionChanges,
  targetError,
  targetsInForce,
  targetText,
} from "../../src/domain/directive-registration";

const base = {
  number: "57-NQ/TW",
  issuer: "Bộ Chính trị",
  issuedOn: "2024-12-22",
  title: "về đột phá phát triển khoa học, công nghệ",
  organisationId: "tw",
};

describe("directive registration", () => {
  it("accepts resolutions, directives and conclusions, Party and state, and reads their type", () => {
    for (const [number, label] of [
      ["57-NQ/TW", "Nghị quyết"],
      ["52-CT/TW", "Chỉ thị"],
      ["123-KL/TW", "Kết luận"],
    ] as const) {
      const r = directiveSchema.safeParse({ ...base, number });
      expect(r.success, number).toBe(true);
      expect(registeredNumber(r.data!).typeLabel).toBe(label);
    }
  });

  it("refuses plans and guidance as tracked directives, naming the field", () => {
    const r = directiveSchema.safeParse({ ...base, number: "33-HD/BTGDVTW" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["number"]);
    expect(r.error!.issues[0]!.message).toContain("33-HD/BTGDVTW là hướng dẫn");
  });

  it("refuses an impossible date and a missing issuer", () => {
    const r = directiveSchema.safeParse({ ...base, issuedOn: "2024-02-30", issuer: " " });
    expect(r.error!.issues.map((i) => i.path.join("."))).toEqual(
      expect.arrayContaining(["issuedOn", "issuer"]),
    );
  });

  it("builds the display title without doubling “về”", () => {
    const n = registeredNumber(base);
    expect(directiveDisplayTitle(base, n)).toBe(
      "Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, công nghệ",
    );
  });

  it("matches sections by number when editing", () => {
    const existing = [
      { id: "a", number: 1 },
      { id: "b", number: 2 },
    ];
    const next = [
      { number: 2, title: "t", body: "b", titleIsEditorial: false, isTaskGroup: true },
      { number: 3, title: "t", body: "b", titleIsEditorial: true, isTaskGroup: false },
    ];
    const c = sectionChanges(existing, next);
    expect(c.insert.map((s) => s.number)).toEqual([3]);
    expect(c.update.map((u) => u.before.id)).toEqual(["b"]);
    expect(c.remove.map((s) => s.id)).toEqual(["a"]);
  });

  it("checks targets against the indicator's bounds and words them", () => {
    const pct = { valueKind: "percent", minValue: null, maxValue: null };
    expect(targetError(pct, { value: 101 })).toBe("Mục tiêu phải nhỏ hơn hoặc bằng 100");
    expect(targetError(pct, { value: 95 })).toBeNull();
    expect(targetError({ valueKind: "integer", minValue: 0, maxValue: null }, { value: -1 })).toBe(
      "Mục tiêu phải lớn hơn hoặc bằng 0",
    );
    expect(targetText({ comparator: "gt", value: 95 }, "percent")).toBe("Trên 95%");
    expect(targetText({ comparator: "gte", value: 2.5 }, "percent")).toBe("Đạt 2,5%");
  });

  it("puts an organisation's own target in force for its years, the national one for the others", () => {
    const national = {
      organisationId: "tw",
      organisationName: "Trung ương",
      level: 0,
      comparator: "gt" as const,
    };
    const hn = {
      organisationId: "hn",
      organisationName: "Thành ủy Hà Nội",
      level: 1,
      comparator: "gte" as const,
    };
    const inForce = targetsInForce([
      { ...hn, year: 2030, value: 100 },
      { ...national, year: 2026, value: 95 },
      { ...national, year: 2030, value: 99 },
    ]);
    expect(inForce.map((t) => [t.year, t.organisationId, t.value])).toEqual([
      [2026, "tw", 95],
      [2030, "hn", 100],
    ]);
  });
});
