import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../src/demo/seed";
import { ancestorIds, resolveAudiences, uniqueRecipients } from "../../src/engine/audience";

beforeAll(async () => {
  await seedDemo(env.DB, 0);
});

const emails = (list: { email: string }[]) => list.map((r) => r.email).sort();

describe("audiences of a ladder step", () => {
  it("lists ancestors nearest first", () => {
    expect(ancestorIds("/tw/hn/hn-hoankiem/")).toEqual(["hn", "tw"]);
    expect(ancestorIds("/tw/")).toEqual([]);
  });

  it("resolves reporters, superior, commission and leadership along the tree", async () => {
    const resolve = await resolveAudiences(env.DB, [
      { id: "hn-hoankiem", path: "/tw/hn/hn-hoankiem/" },
      { id: "hn", path: "/tw/hn/" },
    ]);
    expect(emails(resolve("hn-hoankiem", "reporters"))).toEqual(["bithu.hn.hoankiem@demo.vn"]);
    expect(emails(resolve("hn-hoankiem", "superior"))).toEqual(["bithu.hanoi@demo.vn"]);
    expect(emails(resolve("hn-hoankiem", "commission"))).toEqual(["canbo.tgdv.hanoi@demo.vn"]);
    // A commune's leadership is Hà Nội's commission's leader; Hà Nội's own is the central one.
    expect(emails(resolve("hn-hoankiem", "leadership"))).toEqual(["lanhdao.tgdv.hanoi@demo.vn"]);
    expect(emails(resolve("hn", "leadership"))).toEqual(["lanhdao.bantgdv@demo.vn"]);
    expect(emails(resolve("hn", "reporters"))).toEqual(["bithu.hanoi@demo.vn", "vanphong.hanoi@demo.vn"]);
    expect(resolve("hn", "superior")).toEqual([]);
    expect(emails(resolve("hn", "commission"))).toEqual(["canbo.bantgdv@demo.vn"]);
  });

  it("gives one message per person whatever the number of roles", () => {
    const a = { personId: "p1", email: "a@x.vn", fullName: "A", title: null, bounced: false };
    expect(uniqueRecipients([a, { ...a }, { ...a, personId: "p2" }])).toHaveLength(2);
  });
});
