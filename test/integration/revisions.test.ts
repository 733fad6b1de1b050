/**
 * Plan tasks and consolidated summaries keep every text: edits and deletes carry a revision
 * (409 with both texts), a delete is a soft delete with the full row in the audit, and a
 * deleted task can be restored as it was.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { call, count, type Session } from "../support/auth-fixtures";
import { DEMO_NOW, demoWithSessions } from "../support/demo-sessions";

const db = env.DB;
let secHn: Session;
let staff: Session;

interface TaskJson {
  id: string;
  title: string;
  progress: number;
  owner: string | null;
  notes: string | null;
  revision: number;
  deletedAt: number | null;
}

async function taskRow(id: string) {
  return db
    .prepare("select title, progress, owner, notes, revision, deleted_at from plan_tasks where id = ?")
    .bind(id)
    .first<{
      title: string;
      progress: number;
      owner: string;
      notes: string;
      revision: number;
      deleted_at: number | null;
    }>();
}

beforeAll(async () => {
  ({ secHn, staff } = await demoWithSessions(DEMO_NOW, { secHn: "p-bithu-hn", staff: "p-canbo" }));
});

describe("plan tasks", () => {
  it("a completed task is deleted only at its revision; the full row goes to the audit; it can be restored", async () => {
    // A task at 100 % with an owner and notes.
    const made = await call("POST", "/api/plans/plan-hn/tasks", {
      session: secHn,
      json: {
        title: "Tổng kết 5 năm",
        owner: "Văn phòng Thành ủy",
        progress: 100,
        notes: "Đã báo cáo Ban Bí thư",
      },
    });
    expect(made.status).toBe(201);
    const task = ((await made.json()) as { task: TaskJson }).task;
    const before = await taskRow(task.id);

    // Without a revision, or with a stale one: refused, nothing changes.
    const missing = await call("DELETE", `/api/tasks/${task.id}`, { session: secHn });
    expect(missing.status).toBe(422);
    const edited = await call("PATCH", `/api/tasks/${task.id}`, {
      session: secHn,
      json: { notes: "Ghi chú mới của người khác", revision: task.revision },
    });
    expect(edited.status).toBe(200);
    const stale = await call("DELETE", `/api/tasks/${task.id}?revision=${task.revision}`, { session: secHn });
    expect(stale.status).toBe(409);
    const staleBody = (await stale.json()) as { current: TaskJson };
    expect(staleBody.current.notes).toBe("Ghi chú mới của người khác");
    expect((await taskRow(task.id))!.deleted_at).toBeNull();

    // At the current revision: a soft delete.
    const del = await call("DELETE", `/api/tasks/${task.id}?revision=${task.revision + 1}`, {
      session: secHn,
    });
    expect(del.status).toBe(200);
    const row = await taskRow(task.id);
    expect(row!.deleted_at).not.toBeNull();
    expect(row!.notes).toBe("Ghi chú mới của người khác");
    const audit = await db
      .prepare("select data from audit_events where action = 'plan_task.deleted' and entity_id = ?")
      .bind(task.id)
      .first<{ data: string }>();
    const kept = (JSON.parse(audit!.data) as { task: TaskJson & { owner: string } }).task;
    expect(kept).toMatchObject({
      title: before!.title,
      owner: "Văn phòng Thành ủy",
      progress: 100,
      notes: "Ghi chú mới của người khác",
    });
    // Gone from the plan, listed as deleted on the page with a way back.
    const plan = (await (await call("GET", "/api/plans/plan-hn", { session: secHn })).json()) as {
      tasks: TaskJson[];
    };
    expect(plan.tasks.map((t) => t.id)).not.toContain(task.id);
    const page = await (await call("GET", "/ke-hoach/hn", { session: secHn, html: true })).text();
    expect(page).toContain("Nhiệm vụ đã xóa (1)");
    expect(page).toContain(`/ke-hoach/nhiem-vu/${task.id}/khoi-phuc`);
    // Editing a deleted task is a conflict, not a silent change.
    const editDeleted = await call("PATCH", `/api/tasks/${task.id}`, {
      session: secHn,
      json: { progress: 10, revision: row!.revision },
    });
    expect(editDeleted.status).toBe(409);

    // Restore, from the page form, at the revision shown: back as it was.
    const restored = await call("POST", `/ke-hoach/nhiem-vu/${task.id}/khoi-phuc`, {
      session: secHn,
      html: true,
      form: { revision: String(row!.revision) },
    });
    expect(restored.status).toBe(303);
    const back = await taskRow(task.id);
    expect(back).toMatchObject({ deleted_at: null, progress: 100, notes: "Ghi chú mới của người khác" });
    expect(
      await count(
        "select count(*) n from audit_events where action = 'plan_task.restored' and entity_id = ?",
        task.id,
      ),
    ).toBe(1);
  });

  it("a stale edit from the page shows the current task and the person's own, saving nothing", async () => {
    const made = await call("POST", "/api/plans/plan-hn/tasks", {
      session: secHn,
      json: { title: "Tuyên truyền trên báo Hà Nội mới", notes: "Bản đầu" },
    });
    const task = ((await made.json()) as { task: TaskJson }).task;
    await call("PATCH", `/api/tasks/${task.id}`, {
      session: secHn,
      json: { notes: "Bản của người sửa trước", revision: task.revision },
    });
    const res = await call("POST", `/ke-hoach/nhiem-vu/${task.id}`, {
      session: secHn,
      html: true,
      form: { title: task.title, notes: "Bản của tôi, sửa từ bản đầu", revision: String(task.revision) },
    });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("Bản của người sửa trước");
    expect(html).toContain("Bản của tôi, sửa từ bản đầu");
    expect(html).toContain(`name="revision" value="${task.revision + 1}"`);
    expect((await taskRow(task.id))!.notes).toBe("Bản của người sửa trước");
  });
});

describe("consolidated summaries", () => {
  it("two concurrent edits from the same revision: one is saved, the other gets 409 with both texts", async () => {
    const asJson = { accept: "application/json" };
    const created = await call("POST", "/tong-hop", {
      session: staff,
      json: { period: "sch-52-6m-2026-h1", org: "tw" },
      headers: asJson,
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const snap = (await (await call("GET", `/tong-hop/${id}?format=json`, { session: staff })).json()) as {
      revision: number;
    };
    const answers = await Promise.all(
      ["Nhận xét của đồng chí A", "Nhận xét của đồng chí B"].map((summary) =>
        call("POST", `/tong-hop/${id}`, {
          session: staff,
          json: { summary, revision: snap.revision },
          headers: asJson,
        }),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = answers.find((r) => r.status === 409)!;
    const body = (await loser.json()) as { current: { summary: string }; yours: { summary: string } };
    const after = (await (await call("GET", `/tong-hop/${id}?format=json`, { session: staff })).json()) as {
      content: { summary: string };
      revision: number;
    };
    expect(after.revision).toBe(snap.revision + 1);
    expect(body.current.summary).toBe(after.content.summary);
    expect(body.yours.summary).not.toBe(after.content.summary);
    expect(
      await count(
        "select count(*) n from audit_events where action = 'consolidated.edited' and entity_id = ?",
        id,
      ),
    ).toBe(1);
    // The page form: a stale post shows both and keeps the person's text in the box.
    const page = await call("POST", `/tong-hop/${id}`, {
      session: staff,
      html: true,
      form: { summary: "Bản trên trang cũ", revision: String(snap.revision) },
    });
    expect(page.status).toBe(409);
    const html = await page.text();
    expect(html).toContain(after.content.summary);
    expect(html).toMatch(/<textarea[^>]*id="summary"[^>]*>Bản trên trang cũ<\/textarea>/);
    // Without a revision: refused.
    expect(
      (await call("POST", `/tong-hop/${id}`, { session: staff, json: { summary: "x" }, headers: asJson }))
        .status,
    ).toBe(422);
  });
});
