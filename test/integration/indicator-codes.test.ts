import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { orm, statementOf } from "../../src/db/client";
import { indicators } from "../../src/db/schema";
import { indicatorIdsByCode } from "../../src/features/reporting/report.queries";
import { directive52Basics } from "../support/builders";

describe("indicatorIdsByCode", () => {
  it("finds every code of a form with more indicators than D1 binds in one statement", async () => {
    const codes = Array.from({ length: 215 }, (_, i) => `CT${String(i + 1).padStart(3, "0")}`);
    await env.DB.batch([
      ...directive52Basics(),
      ...codes.map((code, i) =>
        statementOf(
          env.DB,
          orm(env.DB)
            .insert(indicators)
            .values({
              id: `ind_${i}`,
              directiveId: "ct52",
              code,
              name: code,
              unit: "%",
              valueKind: "percent",
              aggregation: "avg",
            }),
        ),
      ),
    ]);
    const found = await indicatorIdsByCode(env.DB, "ct52", [...codes, "KHONG-CO"]);
    expect(found.size).toBe(215);
    expect(found.get("CT001")).toBe("ind_0");
    expect(found.get("CT215")).toBe("ind_214");
    expect(found.has("KHONG-CO")).toBe(false);
  });
});
