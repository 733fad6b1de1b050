import { describe, expect, it } from "vitest";
import { maskEmail } from "../../src/auth/format";
import { tokenStatus } from "../../src/features/auth";

describe("maskEmail", () => {
  it("keeps a hint of the local part and the domain", () => {
    expect(maskEmail("bithu.hanoi@demo.vn")).toBe("bi***@demo.vn");
    expect(maskEmail("an@x.vn")).toBe("a***@x.vn");
    expect(maskEmail("a@x.vn")).toBe("a***@x.vn");
    // Never the whole local part, whatever its length.
    for (const local of ["ab", "abcd", "abcde", "đặngthịphượng"]) {
      expect(maskEmail(`${local}@d.vn`)).not.toContain(`${local}@`);
    }
    expect(maskEmail("đặngthị@d.vn")).toBe("đặ***@d.vn");
  });

  it("shows nothing of something that is not an address", () => {
    expect(maskEmail("no-at-sign")).toBe("***");
    expect(maskEmail("@d.vn")).toBe("***");
  });
});

describe("tokenStatus", () => {
  it("revoked wins, then expiry (at the instant itself), else active", () => {
    expect(tokenStatus({ revokedAt: 5, expiresAt: 1 }, 10)).toBe("revoked");
    expect(tokenStatus({ revokedAt: null, expiresAt: 10 }, 10)).toBe("expired");
    expect(tokenStatus({ revokedAt: null, expiresAt: 11 }, 10)).toBe("active");
    expect(tokenStatus({ revokedAt: null, expiresAt: null }, 10)).toBe("active");
  });
});
