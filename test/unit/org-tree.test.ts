import { describe, expect, it } from "vitest";
import { ORGANISATION_KINDS } from "../../src/domain/enums";
import {
  defaultChildKind,
  moveTargetRefusal,
  pathLevel,
  rankMatches,
  searchTermsOf,
} from "../../src/domain/org-tree";

describe("the organisation tree's rules", () => {
  it("preselects the kind a new child most likely has, never the Secretariat", () => {
    expect(defaultChildKind("provincial_committee")).toBe("commune");
    expect(defaultChildKind("commune")).toBe("grassroots");
    expect(defaultChildKind("commission")).toBe("provincial_committee");
    for (const kind of ORGANISATION_KINDS) {
      expect(ORGANISATION_KINDS).toContain(defaultChildKind(kind));
      expect(defaultChildKind(kind)).not.toBe("secretariat");
    }
  });

  it("ranks exact codes, then name prefixes, and drops what the LIKE prefilter let through", () => {
    const rows = [
      { code: "HN-BADINH", name: "Đảng ủy phường Ba Đình", level: 2 },
      { code: "HN-HOANKIEM", name: "Đảng ủy phường Hoàn Kiếm", level: 2 },
      { code: "HN-HOANKIEM-CB1", name: "Chi bộ Tổ dân phố số 1, phường Hoàn Kiếm", level: 3 },
    ];
    expect(rankMatches(rows, searchTermsOf("hoan kiem"), 10).map((r) => r.code)).toEqual([
      "HN-HOANKIEM",
      "HN-HOANKIEM-CB1",
    ]);
    expect(rankMatches(rows, searchTermsOf("HN-HOANKIEM-CB1"), 10)[0]!.code).toBe("HN-HOANKIEM-CB1");
    expect(pathLevel("/tw/hn/hn-hoankiem/")).toBe(2);
  });

  it("refuses a new parent inside the moving subtree or closed, naming the field", () => {
    const node = { path: "/tw/hn/x/" };
    const open = (path: string) => ({ path, closedOn: null });
    expect(moveTargetRefusal(node, open("/tw/hn/x/"))?.code).toBe("move_cycle");
    expect(moveTargetRefusal(node, open("/tw/hn/x/y/"))?.code).toBe("move_cycle");
    expect(moveTargetRefusal(node, { path: "/tw/ct/", closedOn: "2025-07-01" })?.code).toBe("parent_closed");
    expect(moveTargetRefusal(node, { path: "/tw/ct/", closedOn: "2025-07-01" })?.fields[0]).toMatchObject({
      field: "parentId",
      label: "Tổ chức cấp trên mới",
    });
    // A sibling whose id starts like the node's is not inside it.
    expect(moveTargetRefusal(node, open("/tw/hn/xy/"))).toBeNull();
    expect(moveTargetRefusal(node, open("/tw/hn/x/y/"))?.message).toMatch(/chính nó/);
  });
});
