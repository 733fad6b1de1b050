/** The review-authority rule as a pure function: the schedule's reviewer decides, nobody by mere position. */
import { describe, expect, it } from "vitest";
import { type Principal, type ReviewSubject, reviewAuthority } from "../../src/auth/policy";
import type { Role } from "../../src/db/schema";

const person = (grants: [Role, string, string][], kind: "person" | "token" = "person"): Principal => ({
  kind,
  personId: "p",
  email: "p@x.vn",
  fullName: "P",
  grants: grants.map(([role, organisationId, path]) => ({ role, organisationId, path })),
});

/** Hà Nội's committee reporting to the central Commission (which serves the whole tree). */
const toCentre = (lower: boolean): ReviewSubject => ({
  organisationPath: "/tw/hn/",
  reviewerOrganisationId: "btgdv",
  reviewerScopePath: "/tw/",
  lowerCommissionsMayComment: lower,
});
/** A Hà Nội commune reporting to Hà Nội's commission. */
const toHanoi: ReviewSubject = {
  organisationPath: "/tw/hn/hn-x/",
  reviewerOrganisationId: "hn-btgdv",
  reviewerScopePath: "/tw/hn/",
  lowerCommissionsMayComment: true,
};

const central = person([["commission_staff", "btgdv", "/tw/"]]);
const hanoiBan = person([["commission_staff", "hn-btgdv", "/tw/hn/"]]);
const hanoiLeader = person([["commission_leader", "hn-btgdv", "/tw/hn/"]]);
const haiphongBan = person([["commission_staff", "hp-btgdv", "/tw/hp/"]]);
const admin = person([["admin", "tw", "/tw/"]]);

describe("reviewAuthority", () => {
  it("lets the schedule's reviewer decide, naming itself as the deciding body", () => {
    expect(reviewAuthority(central, toCentre(false))).toEqual({ kind: "decide", organisationId: "btgdv" });
    expect(reviewAuthority(hanoiBan, toHanoi)).toEqual({ kind: "decide", organisationId: "hn-btgdv" });
    expect(reviewAuthority(hanoiLeader, toHanoi)).toEqual({ kind: "decide", organisationId: "hn-btgdv" });
  });

  it("never lets a lower commission decide its committee's report to the Centre; it comments if allowed", () => {
    expect(reviewAuthority(hanoiBan, toCentre(true))).toEqual({
      kind: "comment",
      organisationId: "hn-btgdv",
    });
    expect(reviewAuthority(hanoiBan, toCentre(false))).toEqual({ kind: "none" });
  });

  it("never lets an ancestor commission decide (the Centre on a commune's report to Hà Nội)", () => {
    expect(reviewAuthority(central, toHanoi)).toEqual({ kind: "none" });
  });

  it("gives a sibling commission nothing", () => {
    expect(reviewAuthority(haiphongBan, toCentre(true))).toEqual({ kind: "none" });
    expect(reviewAuthority(haiphongBan, toHanoi)).toEqual({ kind: "none" });
  });

  it("lets administrators decide without a body, and nobody else by other roles", () => {
    expect(reviewAuthority(admin, toHanoi)).toEqual({ kind: "decide", organisationId: null });
    for (const role of ["secretary", "reporter", "viewer"] as Role[]) {
      expect(reviewAuthority(person([[role, "btgdv", "/tw/"]]), toCentre(true))).toEqual({ kind: "none" });
    }
    expect(reviewAuthority(null, toHanoi)).toEqual({ kind: "none" });
  });

  it("gives a token of the reviewer's staff the same authority, and an admin-like token none", () => {
    expect(
      reviewAuthority(person([["commission_staff", "btgdv", "/tw/btgdv/"]], "token"), toCentre(false)).kind,
    ).toBe("decide");
    expect(reviewAuthority(person([["admin", "tw", "/tw/"]], "token"), toHanoi).kind).toBe("none");
  });
});
