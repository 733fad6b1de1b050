/** Post-sign-in destinations: same-origin paths only, whatever disguise the address wears. */
import { describe, expect, it } from "vitest";
import { safeNext } from "../../src/features/auth";

/** Known open-redirect bypasses: each must be refused (null means "go home instead"). */
const REFUSED: [string, string][] = [
  ["tab between the slashes (the reported case)", "/\t/evil.example/"],
  ["newline between the slashes", "/\n/evil.example/"],
  ["carriage return", "/\r/evil.example"],
  ["NUL", "/\u0000/evil.example"],
  ["DEL", "/\u007f/evil.example"],
  ["leading tab", "\t//evil.example"],
  ["protocol-relative", "//evil.example"],
  ["triple slash", "///evil.example"],
  ["slash backslash", "/\\evil.example"],
  ["backslash slash", "\\/evil.example"],
  ["backslash inside", "/a\\..\\..\\evil.example"],
  ["encoded slashes", "/%2F%2Fevil.example"],
  ["encoded second slash", "/%2Fevil.example"],
  ["lower-case encoded slash", "/%2fevil.example"],
  ["encoded backslash", "/%5Cevil.example"],
  ["double-encoded slash", "/%252Fevil.example"],
  ["encoded tab", "/%09/evil.example"],
  ["encoded newline", "/%0a/evil.example"],
  ["fullwidth solidus", "/\uff0fevil.example"],
  ["fraction slash", "/\u2044evil.example"],
  ["division slash", "/\u2215evil.example"],
  ["fullwidth reverse solidus", "/\uff3cevil.example"],
  ["encoded fullwidth solidus", "/%EF%BC%8Fevil.example"],
  ["space before slashes", " //evil.example"],
  ["absolute http URL", "http://evil.example/"],
  ["absolute https URL", "https://evil.example/"],
  ["scheme-relative with credentials", "//user@evil.example"],
  ["javascript URL", "javascript:alert(1)"],
  ["data URL", "data:text/html,hi"],
  ["relative path", "evil.example"],
  ["empty", ""],
  ["broken percent-encoding", "/%E0%A4%A"],
  ["too long", `/${"a".repeat(600)}`],
];

const ACCEPTED: [string, string][] = [
  ["/", "/"],
  ["/bao-cao/o_1", "/bao-cao/o_1"],
  ["/giam-sat?org=hn&ky=2026-h1", "/giam-sat?org=hn&ky=2026-h1"],
  ["/to-chuc/tim?q=H%C3%A0%20N%E1%BB%99i", "/to-chuc/tim?q=H%C3%A0%20N%E1%BB%99i"],
  ["/duyet/o_1#binh-luan", "/duyet/o_1#binh-luan"],
  ["/a/../quan-tri", "/quan-tri"],
];

describe("safeNext", () => {
  for (const [name, input] of REFUSED) {
    it(`refuses ${name}: ${JSON.stringify(input)}`, () => {
      expect(safeNext(input)).toBeNull();
    });
  }
  for (const [input, expected] of ACCEPTED) {
    it(`keeps the same-origin path ${input}`, () => {
      expect(safeNext(input)).toBe(expected);
    });
  }
  it("refuses what is not a string", () => {
    expect(safeNext(undefined)).toBeNull();
    expect(safeNext(null)).toBeNull();
  });
  it("whatever it accepts resolves to this origin", () => {
    const base = "https://app.example";
    for (const [, input] of [...REFUSED, ...ACCEPTED]) {
      const out = safeNext(input);
      if (out !== null) expect(new URL(out, base).origin).toBe(base);
    }
  });
});

describe("safeNext with deep encodings", () => {
  it("refuses slashes hidden under several layers of percent-encoding", () => {
    let hidden = "//evil.example";
    for (let i = 0; i < 6; i++) {
      hidden = encodeURIComponent(hidden);
      expect(safeNext(`/${hidden}`), hidden).toBeNull();
    }
  });
});
