import { describe, expect, it } from "vitest";
import {
  type BodyInfo,
  letterheadOf,
  numberLine,
  officialDate,
  placeAndDateLine,
  seatOf,
  signatureLines,
} from "../../src/domain/official-format";

const tw: BodyInfo = { name: "Ban Chấp hành Trung ương Đảng (Ban Bí thư)", kind: "secretariat" };
const commission: BodyInfo = { name: "Ban Tuyên giáo và Dân vận Trung ương", kind: "commission" };
const hanoi: BodyInfo = { name: "Thành ủy Hà Nội", kind: "provincial_committee", seat: "Hà Nội" };
const hanoiBan: BodyInfo = { name: "Ban Tuyên giáo và Dân vận Thành ủy Hà Nội", kind: "commission" };
const hcm: BodyInfo = { name: "Thành ủy Thành phố Hồ Chí Minh", kind: "provincial_committee" };
const nghean: BodyInfo = { name: "Tỉnh ủy Nghệ An", kind: "provincial_committee", seat: "Nghệ An" };
const hoankiem: BodyInfo = { name: "Đảng ủy phường Hoàn Kiếm", kind: "commune" };
const chibo: BodyInfo = { name: "Chi bộ Tổ dân phố số 1, phường Hoàn Kiếm", kind: "grassroots" };

describe("letterhead per issuing body (Hướng dẫn 36-HD/VPTW)", () => {
  it.each([
    ["the Central Committee", tw, null, { superior: null, body: "BAN CHẤP HÀNH TRUNG ƯƠNG" }],
    [
      "the central Ban, under the Central Committee",
      commission,
      tw,
      { superior: "BAN CHẤP HÀNH TRUNG ƯƠNG", body: "BAN TUYÊN GIÁO VÀ DÂN VẬN" },
    ],
    [
      "a city's Ban, under its Thành ủy",
      hanoiBan,
      hanoi,
      { superior: "THÀNH ỦY HÀ NỘI", body: "BAN TUYÊN GIÁO VÀ DÂN VẬN" },
    ],
    ["a Thành ủy", hanoi, tw, { superior: "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", body: "THÀNH ỦY" }],
    ["Hồ Chí Minh City", hcm, tw, { superior: "ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH", body: "THÀNH ỦY" }],
    ["a Tỉnh ủy", nghean, tw, { superior: "ĐẢNG BỘ TỈNH NGHỆ AN", body: "TỈNH ỦY" }],
    [
      "a ward committee",
      hoankiem,
      hanoi,
      { superior: "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", body: "ĐẢNG ỦY PHƯỜNG HOÀN KIẾM" },
    ],
    [
      "a chi bộ",
      chibo,
      hoankiem,
      { superior: "ĐẢNG BỘ PHƯỜNG HOÀN KIẾM", body: "CHI BỘ TỔ DÂN PHỐ SỐ 1, PHƯỜNG HOÀN KIẾM" },
    ],
  ])("%s", (_what, body, parent, expected) => {
    expect(letterheadOf(body, parent)).toEqual(expected);
  });
});

describe("number, place and date", () => {
  it("Số without a colon, the body's own symbol", () => {
    expect(numberLine("12", "BC", "BTGDVTW")).toBe("Số 12-BC/BTGDVTW");
    expect(numberLine("125", "BC", "TU")).toBe("Số 125-BC/TU");
    expect(numberLine(null, "BC", "BTGDVTU")).toBe("Số \u00A0\u00A0\u00A0\u00A0\u00A0\u00A0-BC/BTGDVTU");
  });

  it.each([
    ["2026-03-05", "ngày 05 tháng 3 năm 2026"],
    ["2026-11-24", "ngày 24 tháng 11 năm 2026"],
    ["2026-12-01", "ngày 01 tháng 12 năm 2026"],
    ["2026-01-15", "ngày 15 tháng 01 năm 2026"],
    ["2026-02-09", "ngày 09 tháng 02 năm 2026"],
    ["2025-10-03", "ngày 03 tháng 10 năm 2025"],
  ])("%s is written %s", (iso, text) => {
    expect(officialDate(iso)).toBe(text);
  });

  it("the place is the seat of the body or its nearest ancestor with one", () => {
    expect(placeAndDateLine(seatOf([hanoiBan, hanoi, tw]), "2026-03-05")).toBe(
      "Hà Nội, ngày 05 tháng 3 năm 2026",
    );
    expect(seatOf([{ ...hoankiem, seat: "Hoàn Kiếm" }, hanoi])).toBe("Hoàn Kiếm");
    expect(seatOf([{ name: "Thành ủy Cần Thơ", kind: "provincial_committee", seat: "Cần Thơ" }])).toBe(
      "Cần Thơ",
    );
    expect(seatOf([commission, tw])).toBe("Hà Nội");
  });
});

describe("signature block by role", () => {
  it("a Ban: its head signs as TRƯỞNG BAN, a deputy K/T TRƯỞNG BAN – PHÓ TRƯỞNG BAN", () => {
    expect(signatureLines("commission", "head")).toEqual(["TRƯỞNG BAN"]);
    expect(signatureLines("commission", "deputy")).toEqual(["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]);
  });

  it("a committee signs for its standing committee; a chi bộ for itself", () => {
    expect(signatureLines("provincial_committee", "head")).toEqual(["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]);
    expect(signatureLines("commune", "deputy")).toEqual(["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"]);
    expect(signatureLines("grassroots", "head")).toEqual(["T/M CHI BỘ", "BÍ THƯ"]);
  });
});
