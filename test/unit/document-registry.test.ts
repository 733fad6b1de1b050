import { describe, expect, it } from "vitest";
import { chooseDocumentKind, documentKindLabel, parseDocumentNumber } from "../../src/domain/document-number";
import { checkPartyTerm, checkRegistration, defaultPartyTerm } from "../../src/domain/document-registry";

/** Every document number named in issue 18, and how the Party and the state write and read it. */
describe("document numbers from the issue, as the Party and the state write them", () => {
  it.each([
    // [as typed, canonical, format, the kinds it may be]
    ["52-CT/TW", "52-CT/TW", "party", ["Chỉ thị"]],
    ["305-KH/TU", "305-KH/TU", "party", ["Kế hoạch"]],
    ["12-KH/ĐU", "12-KH/ĐU", "party", ["Kế hoạch"]],
    ["262/2025/QH15", "262/2025/QH15", "state", ["Nghị quyết", "Luật"]],
    ["84/2025/QH15", "84/2025/QH15", "state", ["Nghị quyết", "Luật"]],
    ["40/2015/TT-BYT", "40/2015/TT-BYT", "state", ["Thông tư"]],
    ["05-TT/TW", "05-TT/TW", "party", ["Thông tri"]],
    ["09/2024/L-CTN", "09/2024/L-CTN", "state", ["Lệnh"]],
    ["399-QĐ/TW", "399-QĐ/TW", "party", ["Quyết định", "Quy định"]],
    ["08-QĐi/TU", "08-QĐi/TU", "party", ["Quy định"]],
    ["844/QĐ-TTg", "844/QĐ-TTg", "state", ["Quyết định"]],
    ["12-GGT/VPTW", "12-GGT/VPTW", "party", ["Giấy giới thiệu"]],
    ["03-TC/TW", "03-TC/TW", "party", ["Thông cáo"]],
    ["15-PC/VPTW", "15-PC/VPTW", "party", ["Phiếu chuyển"]],
    ["7-PB/TU", "7-PB/TU", "party", ["Phiếu báo"]],
    ["125-BC/TU", "125-BC/TU", "party", ["Báo cáo"]],
    ["36-HD/VPTW", "36-HD/VPTW", "party", ["Hướng dẫn"]],
    ["57-NQ/TW", "57-NQ/TW", "party", ["Nghị quyết"]],
    ["5076/BYT-BH", "5076/BYT-BH", "state", ["Công văn"]],
    ["1656/NQ-UBTVQH15", "1656/NQ-UBTVQH15", "state", ["Nghị quyết"]],
    ["30/2024/UBTVQH15", "30/2024/UBTVQH15", "state", ["Nghị quyết", "Pháp lệnh"]],
  ])("%s", (input, normalized, format, kindNames) => {
    const r = parseDocumentNumber(input);
    if (!r.ok) throw new Error(r.message);
    expect(r.normalized).toBe(normalized);
    expect(r.format).toBe(format);
    expect(r.kinds.map((k) => documentKindLabel(r.format, k))).toEqual(kindNames);
  });

  it.each([
    // [as typed, suggested spelling, part of the reason]
    ["52/CT-TW", "52-CT/TW", "cơ quan Đảng"],
    ["52/CT/TW", "52-CT/TW", "văn bản Đảng"],
    ["52-CT-TW", "52-CT/TW", "văn bản Đảng"],
    ["52-CT/TƯ", "52-CT/TW", "TW"],
    ["215/KH-TU", "215-KH/TU", "cơ quan Đảng"],
    ["33/HD-BTGDVTW", "33-HD/BTGDVTW", "cơ quan Đảng"],
    ["844-QĐ/TTg", "844/QĐ-TTg", "văn bản nhà nước"],
    ["844/QD-TTg", "844/QĐ-TTg", "“QĐ”"],
  ])("%s is refused with the suggestion %s", (input, suggestion, reason) => {
    const r = parseDocumentNumber(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.suggestion).toBe(suggestion);
    expect(r.message).toContain(reason);
    // The suggestion is itself a valid number.
    expect(parseDocumentNumber(suggestion).ok).toBe(true);
  });

  it("a Lệnh is the President's alone", () => {
    const r = parseDocumentNumber("09/2024/L-TTg");
    expect(r).toMatchObject({ ok: false });
    expect(r.ok ? "" : r.message).toContain("Chủ tịch nước");
  });

  it("TT is a Thông tư for the state and a Thông tri for the Party", () => {
    expect(documentKindLabel("state", "TT")).toBe("Thông tư");
    expect(documentKindLabel("party", "TT")).toBe("Thông tri");
  });
});

describe("choosing the kind of a number shared by several kinds", () => {
  const parsed = (n: string) => {
    const r = parseDocumentNumber(n);
    if (!r.ok) throw new Error(r.message);
    return r;
  };

  it("an Assembly number needs the registrant to say Luật or Nghị quyết", () => {
    expect(chooseDocumentKind(parsed("262/2025/QH15"), undefined)).toEqual({
      ok: false,
      message: "Số hiệu 262/2025/QH15 có thể là Nghị quyết hoặc Luật; hãy chọn tên loại văn bản",
    });
    expect(chooseDocumentKind(parsed("262/2025/QH15"), "NQ")).toEqual({ ok: true, kind: "NQ" });
    expect(chooseDocumentKind(parsed("84/2025/QH15"), "LUAT")).toEqual({ ok: true, kind: "LUAT" });
  });

  it("399-QĐ/TW may be registered as a Quy định", () => {
    expect(chooseDocumentKind(parsed("399-QĐ/TW"), "QĐi")).toEqual({ ok: true, kind: "QĐi" });
    expect(chooseDocumentKind(parsed("399-QĐ/TW"), undefined).ok).toBe(false);
  });

  it("a kind the number does not allow is refused", () => {
    const r = chooseDocumentKind(parsed("52-CT/TW"), "NQ");
    expect(r).toEqual({
      ok: false,
      message: "Loại văn bản “Nghị quyết” không khớp với số hiệu 52-CT/TW (Chỉ thị)",
    });
  });

  it("an unambiguous number needs no choice", () => {
    expect(chooseDocumentKind(parsed("40/2015/TT-BYT"), undefined)).toEqual({ ok: true, kind: "TT" });
  });
});

describe("Party terms: numbering restarts each term", () => {
  it.each([
    // Central organs follow the national congresses (XIII closed 01/02/2021, XIV 23/01/2026).
    ["2025-10-03", "TW", "2021-2026"],
    ["2026-01-22", "TW", "2021-2026"],
    ["2026-01-23", "TW", "2026-2031"],
    ["2021-01-31", "BTGDVTW", "2016-2021"],
    ["2030-06-01", "VPTW", "2026-2031"],
    // Local committees: the congress waves of 2020 and 2025.
    ["2025-03-10", "TU", "2020-2025"],
    ["2025-11-25", "TU", "2025-2030"],
    ["2023-05-01", "ĐU", "2020-2025"],
    ["2020-09-30", "HU", "2015-2020"],
  ])("%s by %s belongs to %s", (date, issuer, term) => {
    expect(defaultPartyTerm(date, issuer)).toBe(term);
  });

  it("a stated term must be five years and contain the date", () => {
    expect(checkPartyTerm("2025 – 2030", "2025-08-01")).toEqual({ ok: true, term: "2025-2030" });
    expect(checkPartyTerm("2025-2029", "2025-08-01")).toMatchObject({ ok: false });
    expect(checkPartyTerm("2020-2025", "2026-03-01")).toEqual({
      ok: false,
      message: "Văn bản ban hành năm 2026 không thuộc nhiệm kỳ 2020-2025",
    });
    expect(checkPartyTerm("nhiệm kỳ mới", "2025-08-01")).toMatchObject({ ok: false });
  });
});

describe("checkRegistration: the key that makes two registrations the same document", () => {
  const key = (input: Parameters<typeof checkRegistration>[0]) => {
    const r = checkRegistration(input);
    if (!r.ok) throw new Error(r.errors[0]?.message);
    return r.fields;
  };

  it("every Tỉnh ủy writes …-KH/TU: the organisation, not the symbol, is the issuer", () => {
    const hanoi = key({ number: "305-KH/TU", issuedOn: "2025-11-25", organisationId: "hn" });
    const hcm = key({ number: "305-KH/TU", issuedOn: "2025-11-25", organisationId: "hcm" });
    expect(hanoi.number).toBe(hcm.number);
    expect(hanoi.issuerKey).not.toBe(hcm.issuerKey);
  });

  it("the same committee may reuse a number after its congress, in the new term", () => {
    const before = key({ number: "05-KH/TU", issuedOn: "2025-03-10", organisationId: "hn" });
    const after = key({ number: "05-KH/TU", issuedOn: "2025-11-25", organisationId: "hn" });
    expect([before.term, after.term]).toEqual(["2020-2025", "2025-2030"]);
    // A congress on another date: the registrant states the term.
    const stated = key({
      number: "05-KH/TU",
      issuedOn: "2025-08-20",
      organisationId: "hn",
      term: "2025-2030",
    });
    expect(stated.term).toBe("2025-2030");
  });

  it("state numbering restarts each year and has no term", () => {
    const f = key({ number: "844/QĐ-TTg", issuedOn: "2025-04-20", organisationId: null });
    expect(f).toMatchObject({ term: "", issuedYear: 2025, issuerKey: "symbol:TTg", docType: "QĐ" });
    const r = checkRegistration({
      number: "844/QĐ-TTg",
      issuedOn: "2025-04-20",
      organisationId: null,
      term: "2025-2030",
    });
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(["term"]);
  });

  it("the year written in a state number must be the year of the date", () => {
    const r = checkRegistration({ number: "09/2019/NĐ-CP", issuedOn: "2020-01-24", organisationId: null });
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          field: "issuedOn",
          message: "Số hiệu 09/2019/NĐ-CP ghi năm 2019 nhưng ngày ban hành thuộc năm 2020",
        },
      ],
    });
  });

  it("a bad number answers on the number field with the suggestion", () => {
    expect(checkRegistration({ number: "52/CT-TW", issuedOn: "2025-10-03", organisationId: "tw" })).toEqual({
      ok: false,
      errors: [
        {
          field: "number",
          message: expect.stringContaining("52-CT/TW"),
          suggestion: "52-CT/TW",
        },
      ],
    });
  });

  it("an ambiguous number without a kind answers on the kind field", () => {
    const r = checkRegistration({ number: "262/2025/QH15", issuedOn: "2025-06-14", organisationId: null });
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(["docType"]);
    expect(
      key({ number: "262/2025/QH15", docType: "NQ", issuedOn: "2025-06-14", organisationId: null }).docType,
    ).toBe("NQ");
  });
});
