/** Moving an organisation by searching for its new parent: the search, the confirmation, the move. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { call, type Session } from "../support/auth-fixtures";
import { DEMO_NOW, demoWithSessions } from "../support/demo-sessions";

let admin: Session;
let secHn: Session;
const ids: Record<"oldParent" | "org" | "child" | "grandchild" | "target" | "closed", string> = {
  oldParent: "",
  org: "",
  child: "",
  grandchild: "",
  target: "",
  closed: "",
};

async function createOrg(code: string, name: string, parentId: string): Promise<string> {
  const res = await call("POST", "/api/organisations", {
    session: admin,
    json: { code, name, kind: "grassroots", parentId },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { organisation: { id: string } }).organisation.id;
}

const rowOf = async (id: string) =>
  (await env.DB.prepare("select parent_id parentId, path, level from organisations where id = ?")
    .bind(id)
    .first<{ parentId: string; path: string; level: number }>())!;

const snapshot = () => Promise.all([ids.org, ids.child, ids.grandchild].map(rowOf));

const Q = "di chuyen";
const movePage = (query: string) => `/to-chuc/${ids.org}/chuyen?${query}`;
const page = async (url: string, session = admin) => {
  const res = await call("GET", url, { session, html: true });
  return { status: res.status, html: await res.text() };
};

beforeAll(async () => {
  ({ admin, secHn } = await demoWithSessions(DEMO_NOW, { admin: "p-admin", secHn: "p-bithu-hn" }));
  ids.oldParent = await createOrg("MVP-CU", "Chi bộ Di chuyển cũ", "hn");
  ids.org = await createOrg("MVP-X", "Đảng bộ Di chuyển", ids.oldParent);
  ids.child = await createOrg("MVP-Y", "Chi bộ Di chuyển con", ids.org);
  ids.grandchild = await createOrg("MVP-Z", "Tổ Di chuyển cháu", ids.child);
  ids.target = await createOrg("MVP-DICH", "Chi bộ Di chuyển đích", "hn-badinh");
  ids.closed = await createOrg("MVP-DONG", "Chi bộ Di chuyển đã giải thể", "hn");
  const closed = await call("PATCH", `/api/organisations/${ids.closed}`, {
    session: admin,
    json: { closedOn: "2026-11-01" },
  });
  expect(closed.status).toBe(200);
});

describe("moving an organisation without typing an id", () => {
  it("the organisation page offers a search for the new parent, not an id field", async () => {
    const { html } = await page(`/to-chuc/${ids.org}`);
    expect(html).toContain(`action="/to-chuc/${ids.org}/chuyen"`);
    expect(html).toContain("Tìm tổ chức cấp trên mới");
    expect(html).not.toContain("Mã định danh (id)");
  });

  it("the search lists only organisations that can be the new parent, with their path", async () => {
    const { status, html } = await page(movePage(`q=${encodeURIComponent(Q)}`));
    expect(status).toBe(200);
    expect(html).toContain("Chi bộ Di chuyển đích");
    expect(html).toContain("Mã MVP-DICH");
    expect(html).toContain(
      "Thuộc: Ban Chấp hành Trung ương Đảng (Ban Bí thư) › Thành ủy Hà Nội › Đảng ủy phường Ba Đình",
    );
    expect(html).toContain(`name="vao" value="${ids.target}"`);
    for (const excluded of [ids.org, ids.child, ids.grandchild, ids.closed, ids.oldParent]) {
      expect(html, excluded).not.toContain(`name="vao" value="${excluded}"`);
    }
    expect(html).toContain("1 tổ chức có thể làm cấp trên mới");
    // Nothing found: said so, with what the list leaves out.
    const none = await page(movePage(`q=${encodeURIComponent("MVP-Z")}`));
    expect(none.html).toContain("Không có tổ chức phù hợp");
  });

  it("the confirmation states what moves, and changes nothing by itself", async () => {
    const before = await snapshot();
    const { status, html } = await page(movePage(`q=${encodeURIComponent(Q)}&vao=${ids.target}`));
    expect(status).toBe(200);
    expect(html).toContain("Xác nhận chuyển tổ chức");
    expect(html).toMatch(/Đảng bộ Di chuyển<\/strong> và 2 tổ chức trực thuộc sẽ chuyển/);
    expect(html).toContain("Cả 3 tổ chức đổi vị trí trong cây");
    expect(html).toContain(`action="/to-chuc/${ids.org}/cap-nhat"`);
    expect(html).toContain(`name="parentId" value="${ids.target}"`);
    expect(await snapshot()).toEqual(before);
  });

  it("a refused choice is said on the confirmation, naming the field", async () => {
    for (const [vao, message] of [
      [ids.closed, "đã giải thể/sáp nhập"],
      [ids.child, "Không thể chuyển tổ chức vào chính nó hoặc vào một tổ chức trực thuộc nó"],
      [ids.oldParent, "đang là tổ chức cấp trên của tổ chức này"],
      ["khong-co", "Không tìm thấy tổ chức cấp trên mới"],
    ] as const) {
      const { status, html } = await page(movePage(`q=${encodeURIComponent(Q)}&vao=${vao}`));
      expect(status, vao).toBe(422);
      expect(html, vao).toContain(message);
      expect(html, vao).toContain("<strong>Tổ chức cấp trên mới</strong>");
      expect(html, vao).not.toContain('name="parentId"');
    }
  });

  it("a non-administrator is refused the search, the confirmation and the move", async () => {
    const before = await snapshot();
    expect((await page(movePage(`q=${encodeURIComponent(Q)}`), secHn)).status).toBe(403);
    expect((await page(movePage(`vao=${ids.target}`), secHn)).status).toBe(403);
    const post = await call("POST", `/to-chuc/${ids.org}/cap-nhat`, {
      session: secHn,
      html: true,
      form: { parentId: ids.target },
    });
    expect(post.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("a bad or stale parent is refused with the field named, and nothing changes", async () => {
    const before = await snapshot();
    for (const [parentId, message] of [
      ["khong-co", "Không tìm thấy tổ chức cấp trên mới"],
      [ids.closed, "đã giải thể/sáp nhập"],
      [ids.grandchild, "Không thể chuyển tổ chức vào chính nó"],
    ] as const) {
      const res = await call("POST", `/to-chuc/${ids.org}/cap-nhat`, {
        session: admin,
        html: true,
        form: { parentId },
      });
      expect(res.status, parentId).toBe(422);
      const html = await res.text();
      expect(html, parentId).toContain(message);
      expect(html, parentId).toContain("<strong>Tổ chức cấp trên mới</strong>");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("confirming moves the organisation and its subtree under the new parent", async () => {
    const res = await call("POST", `/to-chuc/${ids.org}/cap-nhat`, {
      session: admin,
      html: true,
      form: { parentId: ids.target },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/to-chuc/${ids.org}`);
    const target = await rowOf(ids.target);
    expect(await snapshot()).toEqual([
      { parentId: ids.target, path: `${target.path}${ids.org}/`, level: target.level + 1 },
      { parentId: ids.org, path: `${target.path}${ids.org}/${ids.child}/`, level: target.level + 2 },
      {
        parentId: ids.child,
        path: `${target.path}${ids.org}/${ids.child}/${ids.grandchild}/`,
        level: target.level + 3,
      },
    ]);
    const { html } = await page(`/to-chuc/${ids.org}`);
    expect(html).toContain(`href="/to-chuc/${ids.target}"`);
    // The new parent is now the current one: no longer offered.
    const again = await page(movePage(`q=${encodeURIComponent(Q)}`));
    expect(again.html).not.toContain(`name="vao" value="${ids.target}"`);
    expect(again.html).toContain(`name="vao" value="${ids.oldParent}"`);
  });
});
