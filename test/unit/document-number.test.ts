import { describe, expect, it } from "vitest";
import { isDocumentNumber, parseDocumentNumber } from "../../src/domain/document-number";

describe("parseDocumentNumber: Party documents", () => {
  it.each([
    ["52-CT/TW", "52", "CT", "TW"],
    ["33-HD/BTGDVTW", "33", "HD", "BTGDVTW"],
    ["30-CV/BTG&DV", "30", "CV", "BTG&DV"],
    ["168-CV/ĐULHHVN", "168", "CV", "ĐULHHVN"],
    ["15-NQ/TW", "15", "NQ", "TW"],
    ["01-KH/TU", "01", "KH", "TU"],
    ["08-QĐi/TW", "08", "QĐi", "TW"],
    ["12-CTr/TU", "12", "CTr", "TU"],
    ["45-KL/TW", "45", "KL", "TW"],
    ["7-TB/VPTW", "7", "TB", "VPTW"],
    ["3-BC/ĐU-CQ", "3", "BC", "ĐU-CQ"],
    ["21-NQ/BCĐ389", "21", "NQ", "BCĐ389"],
  ])("%s", (input, number, type, issuer) => {
    expect(parseDocumentNumber(input)).toEqual({
      ok: true,
      format: "party",
      number,
      type,
      kinds: [type],
      issuer,
      normalized: input,
    });
  });
});

describe("parseDocumentNumber: state documents", () => {
  it("legal documents with a year", () => {
    expect(parseDocumentNumber("09/2019/NĐ-CP")).toEqual({
      ok: true,
      format: "state",
      number: "09",
      type: "NĐ",
      kinds: ["NĐ"],
      issuer: "CP",
      year: 2019,
      normalized: "09/2019/NĐ-CP",
    });
    expect(parseDocumentNumber("30/2020/NĐ-CP")).toMatchObject({ ok: true, type: "NĐ", year: 2020 });
    expect(parseDocumentNumber("40/2015/TT-BYT")).toMatchObject({ ok: true, type: "TT", issuer: "BYT" });
    expect(parseDocumentNumber("01/2023/TTLT-BYT-BTC")).toMatchObject({
      ok: true,
      type: "TTLT",
      issuer: "BYT-BTC",
      year: 2023,
    });
  });

  it("documents without a year", () => {
    expect(parseDocumentNumber("844/QĐ-TTg")).toEqual({
      ok: true,
      format: "state",
      number: "844",
      type: "QĐ",
      kinds: ["QĐ"],
      issuer: "TTg",
      normalized: "844/QĐ-TTg",
    });
    expect(parseDocumentNumber("2348/QĐ-TTg")).toMatchObject({ ok: true, number: "2348", type: "QĐ" });
    expect(parseDocumentNumber("15/CT-TTg")).toMatchObject({ ok: true, type: "CT", issuer: "TTg" });
    expect(parseDocumentNumber("120/KH-UBND")).toMatchObject({ ok: true, type: "KH", issuer: "UBND" });
  });

  it("laws and resolutions of the Assembly carry no type symbol: the kind is chosen", () => {
    expect(parseDocumentNumber("51/2024/QH15")).toEqual({
      ok: true,
      format: "state",
      number: "51",
      type: "NQ",
      kinds: ["NQ", "LUAT"],
      issuer: "QH15",
      year: 2024,
      normalized: "51/2024/QH15",
    });
  });

  it("official letters have the agency and drafting unit instead of a type", () => {
    expect(parseDocumentNumber("5076/BYT-BH")).toEqual({
      ok: true,
      format: "state",
      number: "5076",
      type: "CV",
      kinds: ["CV"],
      issuer: "BYT-BH",
      normalized: "5076/BYT-BH",
    });
    expect(parseDocumentNumber("1234/UBND-VX")).toMatchObject({ ok: true, type: "CV", issuer: "UBND-VX" });
  });
});

describe("parseDocumentNumber: normalisation", () => {
  it("trims and strips a leading 'Số' or 'Số:' (as printed on state documents)", () => {
    expect(parseDocumentNumber("  52-CT/TW \n")).toMatchObject({ ok: true, normalized: "52-CT/TW" });
    expect(parseDocumentNumber("Số 52-CT/TW")).toMatchObject({ ok: true, normalized: "52-CT/TW" });
    expect(parseDocumentNumber("Số: 09/2019/NĐ-CP")).toMatchObject({ ok: true, normalized: "09/2019/NĐ-CP" });
    expect(parseDocumentNumber("SỐ 52-CT/TW")).toMatchObject({ ok: true, normalized: "52-CT/TW" });
    expect(parseDocumentNumber("Số:")).toEqual({ ok: false, message: "Chưa nhập số hiệu văn bản" });
    expect(parseDocumentNumber("số 844/QĐ-TTg")).toMatchObject({ ok: true, normalized: "844/QĐ-TTg" });
  });

  it("drops spaces around separators and a non-breaking space", () => {
    expect(parseDocumentNumber("52 - CT / TW")).toMatchObject({ ok: true, normalized: "52-CT/TW" });
    expect(parseDocumentNumber("09 / 2019 / NĐ - CP")).toMatchObject({
      ok: true,
      normalized: "09/2019/NĐ-CP",
    });
    expect(parseDocumentNumber("52-CT/TW\u00A0")).toMatchObject({ ok: true, normalized: "52-CT/TW" });
  });

  it("turns en/em dashes (pasted from Word) into hyphens", () => {
    expect(parseDocumentNumber("52\u2013CT/TW")).toMatchObject({ ok: true, normalized: "52-CT/TW" });
    expect(parseDocumentNumber("844/QĐ\u2014TTg")).toMatchObject({ ok: true, normalized: "844/QĐ-TTg" });
  });

  it("normalises decomposed Unicode (as typed on macOS) to NFC", () => {
    const nfdPrefix = "Số 52-CT/TW".normalize("NFD");
    expect(nfdPrefix).not.toBe("Số 52-CT/TW");
    expect(parseDocumentNumber(nfdPrefix)).toMatchObject({ ok: true, normalized: "52-CT/TW" });

    const issuerNfc = "ĐUKHỐI";
    const r = parseDocumentNumber(`1-CV/${issuerNfc.normalize("NFD")}`);
    expect(r.ok && r.issuer).toBe(issuerNfc);
    expect(r.ok && r.issuer.length).toBe(6);
  });

  it("maps the look-alike Ð (U+00D0) to Đ (U+0110)", () => {
    const r = parseDocumentNumber("168-CV/\u00D0ULHHVN");
    expect(r).toMatchObject({ ok: true, issuer: "ĐULHHVN" });
    if (r.ok) expect(r.issuer.charCodeAt(0)).toBe(0x0110);
  });
});

describe("parseDocumentNumber: rejections", () => {
  const message = (input: string) => {
    const r = parseDocumentNumber(input);
    expect(r.ok).toBe(false);
    return r.ok ? "" : r.message;
  };

  it("empty input", () => {
    expect(message("")).toBe("Chưa nhập số hiệu văn bản");
    expect(message("   ")).toBe("Chưa nhập số hiệu văn bản");
  });

  it.each(["52\u200B-CT/TW", "52-CT/\u200DTW", "\uFEFF52-CT/TW", "52-C\u2060T/TW", "52-CT/T\u00ADW"])(
    "zero-width character in %j",
    (input) => {
      expect(message(input)).toContain("ký tự ẩn");
    },
  );

  it("unknown Party type lists the known ones", () => {
    const m = message("52-XY/TW");
    expect(m).toContain("“XY”");
    expect(m).toContain("văn bản của Đảng");
    expect(m).toContain("NQ, QĐ, CT, KL");
  });

  it("a state-only type is not a Party type", () => {
    expect(message("52-NĐ/TW")).toContain("không có trong danh mục văn bản của Đảng");
  });

  it("suggests the right spelling of a type typed without Đ or in the wrong case", () => {
    expect(message("844/QD-TTg")).toBe("Loại văn bản “QD” không đúng; có phải là “QĐ”?");
    expect(message("09/2019/ND-CP")).toBe("Loại văn bản “ND” không đúng; có phải là “NĐ”?");
    expect(message("52-ct/TW")).toBe("Loại văn bản “ct” không đúng; có phải là “CT”?");
    expect(message("12-CTR/TU")).toBe("Loại văn bản “CTR” không đúng; có phải là “CTr”?");
  });

  it("a Party issuer must be in capitals", () => {
    expect(message("52-CT/tw")).toContain("phải viết chữ in hoa");
  });

  it("a state issuer must start with a capital", () => {
    expect(message("844/QĐ-ttg")).toContain("phải bắt đầu bằng chữ in hoa");
  });

  it("number zero", () => {
    expect(message("0-CT/TW")).toBe("Số văn bản phải lớn hơn 0");
    expect(message("000/QĐ-TTg")).toBe("Số văn bản phải lớn hơn 0");
  });

  it("implausible year", () => {
    expect(message("09/1899/NĐ-CP")).toBe("Năm ban hành “1899” không hợp lệ");
    expect(message("09/2101/NĐ-CP")).toBe("Năm ban hành “2101” không hợp lệ");
  });

  it("a type where a year document needs one", () => {
    expect(message("09/2019/CV-CP")).toContain("“CV”");
  });

  it.each([
    "52",
    "CT/TW",
    "52-CT",
    "52/CT/TW",
    "52-CT/TW/2025",
    "-CT/TW",
    "52-CT/",
    "52-CT/TW-",
    "844/QĐ-",
    "09/19/NĐ-CP",
    "52_CT/TW",
    "52-CT/T W",
    "Chỉ thị 52",
    "52--CT/TW",
    "abc-CT/TW",
  ])("malformed %j", (input) => {
    expect(parseDocumentNumber(input).ok).toBe(false);
  });

  it("the format message shows examples", () => {
    expect(message("52/XY/ABC")).toContain("Ví dụ: 52-CT/TW");
  });

  it("inner spaces are refused with a clear message", () => {
    expect(message("52-CT/T W")).toContain("không được chứa dấu cách");
  });

  it("too long", () => {
    expect(message(`1-CV/${"A".repeat(60)}`)).toContain("quá dài");
  });

  it("isDocumentNumber agrees with the parser", () => {
    expect(isDocumentNumber("52-CT/TW")).toBe(true);
    expect(isDocumentNumber("52-CT")).toBe(false);
  });
});
