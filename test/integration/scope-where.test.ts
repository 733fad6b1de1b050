import { env } from "cloudflare:test";
import { asc, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { type ActionScope, scopeWhere } from "../../src/auth/policy";
import { orm } from "../../src/db/client";
import { organisations } from "../../src/db/schema";
import { anOrganisation } from "../support/builders";

// A small tree of its own: sw (root) > swa > swa1, swa2; sw > swb > swb1; and a sibling root swz.
const tree = [
  { id: "sw", parentPath: "/" },
  { id: "swa", parentPath: "/sw/" },
  { id: "swa1", parentPath: "/sw/swa/" },
  { id: "swa2", parentPath: "/sw/swa/" },
  { id: "swb", parentPath: "/sw/" },
  { id: "swb1", parentPath: "/sw/swb/" },
  { id: "swz", parentPath: "/" },
];
const ids = tree.map((o) => o.id);

beforeAll(async () => {
  await env.DB.batch(tree.map((o) => anOrganisation({ ...o, name: `Tổ chức ${o.id}`, kind: "commune" })));
});

async function throughDrizzle(scope: ActionScope): Promise<string[]> {
  const rows = await orm(env.DB)
    .select({ id: organisations.id })
    .from(organisations)
    .where(scopeWhere(scope, { path: organisations.path, id: organisations.id }))
    .orderBy(asc(organisations.id));
  return rows.map((r) => r.id).filter((id) => ids.includes(id));
}

describe("scopeWhere selects exactly the organisations of a scope", () => {
  const cases: Array<[string, ActionScope, string[] | "all"]> = [
    ["nothing granted", { global: false, subtrees: [], exact: [] }, []],
    ["global", { global: true, subtrees: [], exact: [] }, "all"],
    ["one subtree", { global: false, subtrees: ["/sw/swa/"], exact: [] }, ["swa", "swa1", "swa2"]],
    [
      "two subtrees",
      { global: false, subtrees: ["/sw/swa/", "/sw/swb/"], exact: [] },
      ["swa", "swa1", "swa2", "swb", "swb1"],
    ],
    ["exact organisations only", { global: false, subtrees: [], exact: ["swa1", "swz"] }, ["swa1", "swz"]],
    [
      "a subtree and an exact one",
      { global: false, subtrees: ["/sw/swb/"], exact: ["swa2"] },
      ["swa2", "swb", "swb1"],
    ],
  ];
  for (const [name, scope, expected] of cases) {
    it(name, async () => {
      const drizzled = await throughDrizzle(scope);
      expect(drizzled).toEqual(expected === "all" ? [...ids].sort() : expected);
    });
  }

  it("a path prefix that is not a subtree boundary does not leak (/sw/sw is not /sw/swa/)", async () => {
    const rows = await orm(env.DB)
      .select({ id: organisations.id })
      .from(organisations)
      .where(
        scopeWhere(
          { global: false, subtrees: ["/sw/swa/"], exact: [] },
          { path: organisations.path, id: organisations.id },
        ),
      );
    expect(rows.map((r) => r.id)).not.toContain("swb");
    expect(await orm(env.DB).select().from(organisations).where(inArray(organisations.id, ids))).toHaveLength(
      ids.length,
    );
  });
});
