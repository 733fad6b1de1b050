import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BOM, parseCsv, safeCellText, toCsv } from "../../src/domain/csv";

describe("toCsv", () => {
  it("writes a BOM, CRLF line ends and Vietnamese text as is", () => {
    const csv = toCsv(["Mã", "Tên đơn vị", "Tỷ lệ"], [["hn", "Thành ủy Hà Nội", 95.2]]);
    expect(csv).toBe(`${BOM}Mã,Tên đơn vị,Tỷ lệ\r\nhn,Thành ủy Hà Nội,95.2\r\n`);
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it("quotes cells with commas, quotes and line breaks (RFC 4180)", () => {
    const csv = toCsv(["a", "b", "c", "d"], [['Ban "Tuyên giáo"', "x, y", "dòng 1\ndòng 2", "a\rb"]], {
      bom: false,
    });
    expect(csv).toBe('a,b,c,d\r\n"Ban ""Tuyên giáo""","x, y","dòng 1\ndòng 2","a\rb"\r\n');
  });

  it("writes empty cells for null, undefined and non-finite numbers", () => {
    expect(toCsv(["a", "b", "c", "d"], [[null, undefined, Number.NaN, true]], { bom: false })).toBe(
      "a,b,c,d\r\n,,,true\r\n",
    );
  });

  it("uses semicolons when asked, quoting cells that contain one", () => {
    expect(toCsv(["a", "b"], [["1;2", "3,5"]], { delimiter: ";", bom: false })).toBe('a;b\r\n"1;2";3,5\r\n');
  });

  it("neutralises formula injection", () => {
    const cells = ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"];
    const csv = toCsv(
      ["v"],
      cells.map((c) => [c]),
      { bom: false },
    );
    expect(csv.split("\r\n").slice(1, 5)).toEqual([
      '"\'=HYPERLINK(""http://x"")"',
      "'+1+2",
      "'-2+3",
      "'@SUM(A1)",
    ]);
    expect(safeCellText("\tx")).toBe("'\tx");
    expect(safeCellText("\rx")).toBe("'\rx");
  });

  it("keeps plain negative numbers as numbers", () => {
    expect(safeCellText(-12)).toBe("-12");
    expect(safeCellText("-12")).toBe("-12");
    expect(safeCellText("-3.5")).toBe("-3.5");
    expect(safeCellText("-3,5")).toBe("-3,5");
    expect(safeCellText("-3.5e2")).toBe("'-3.5e2");
    expect(safeCellText("-")).toBe("'-");
    expect(safeCellText("- gạch đầu dòng")).toBe("'- gạch đầu dòng");
  });

  it("leaves ordinary text alone, including an equals sign later in the cell", () => {
    expect(safeCellText("a=b")).toBe("a=b");
    expect(safeCellText("52-CT/TW")).toBe("52-CT/TW");
    expect(safeCellText("")).toBe("");
  });
});

describe("parseCsv", () => {
  it("strips the BOM and numbers the rows by line", () => {
    const r = parseCsv(`${BOM}ma,ten\r\nhn,Hà Nội\r\nhp,Hải Phòng\r\n`);
    expect(r).toEqual({
      ok: true,
      delimiter: ",",
      headers: ["ma", "ten"],
      rows: [
        { line: 2, cells: ["hn", "Hà Nội"], record: { ma: "hn", ten: "Hà Nội" } },
        { line: 3, cells: ["hp", "Hải Phòng"], record: { ma: "hp", ten: "Hải Phòng" } },
      ],
      issues: [],
    });
  });

  it("counts physical lines through quoted line breaks and skips blank lines", () => {
    const r = parseCsv('ma,ghi_chu\n"a","dòng 1\r\ndòng 2\ndòng 3"\n\nb,"x ""y"", z"\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows.map((row) => [row.line, row.cells])).toEqual([
      [2, ["a", "dòng 1\r\ndòng 2\ndòng 3"]],
      [6, ["b", 'x "y", z']],
    ]);
  });

  it("reads old-Mac CR line ends and a file without a final newline", () => {
    const r = parseCsv("a,b\r1,2\r3,4");
    expect(r.ok && r.rows.map((row) => [row.line, row.cells])).toEqual([
      [2, ["1", "2"]],
      [3, ["3", "4"]],
    ]);
  });

  it("detects the semicolon Excel writes under a Vietnamese locale", () => {
    const r = parseCsv('mã;tên;dân_số\nhn;"Hà Nội; Thủ đô";8.587,1\n');
    expect(r.ok && r.delimiter).toBe(";");
    expect(r.ok && r.rows[0]?.record).toEqual({ mã: "hn", tên: "Hà Nội; Thủ đô", dân_số: "8.587,1" });
  });

  it("keeps empty cells and trims header names only", () => {
    const r = parseCsv(" ma , ten \n hn ,,\n");
    expect(r.ok && r.headers).toEqual(["ma", "ten"]);
    expect(r.ok && r.rows[0]?.cells).toEqual([" hn ", "", ""]);
  });

  it("reports rows with the wrong number of cells, with their line", () => {
    const r = parseCsv("a,b\n1\n1,2,3\n4,5\n");
    expect(r.ok && r.issues).toEqual([
      { line: 2, message: "Dòng 2: có 1 cột, cần 2 cột" },
      { line: 3, message: "Dòng 3: có 3 cột, cần 2 cột" },
    ]);
    expect(r.ok && r.rows[0]?.record).toEqual({ a: "1", b: "" });
  });

  it("fails on an unterminated quote, naming the line where it opened", () => {
    expect(parseCsv('a,b\n1,2\n3,"bốn\n5,6\n')).toEqual({
      ok: false,
      line: 3,
      message: "Dòng 3: thiếu dấu ngoặc kép đóng ô",
    });
  });

  it("fails on text after a closing quote", () => {
    expect(parseCsv('a,b\n"1"x,2\n')).toMatchObject({ ok: false, line: 2 });
  });

  it("fails on an empty file, an unnamed column or a duplicate column", () => {
    expect(parseCsv(`${BOM}\r\n`)).toMatchObject({ ok: false, message: "Tệp CSV không có dữ liệu" });
    expect(parseCsv("a,,c\n1,2,3\n")).toMatchObject({ ok: false, message: "Dòng 1: có cột không có tên" });
    expect(parseCsv("a,b,a\n")).toMatchObject({ ok: false, message: "Dòng 1: cột “a” bị trùng" });
  });

  it("round-trips what toCsv writes (after the injection guard)", () => {
    const cell = fc.string({
      unit: fc.constantFrom("a", "ă", "Đ", ",", ";", '"', "\n", "\r", " ", "=", "-", "1"),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell), { maxLength: 8 }), (rows) => {
        const csv = toCsv(["c1", "c2", "c3"], rows);
        const r = parseCsv(csv, { delimiter: "," });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.rows.map((row) => row.cells)).toEqual(rows.map((row) => row.map(safeCellText)));
        expect(r.issues).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
