/**
 * The consolidated report (báo cáo tổng hợp): a live preview for a period and subtree, dated
 * snapshots the Commission edits (its own summary, audited), a printable page and a .docx.
 */
import { type Context, Hono } from "hono";
import { authorize, requirePolicy } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { can } from "../../auth/policy";
import { csrfTokenFor } from "../../auth/web";
import { buildDocx, DOCX_CONTENT_TYPE } from "../../documents/docx";
import type { AppEnv } from "../../http/context";
import { invalidField, notFound, validationError } from "../../platform/errors";
import { consolidatedBlocks } from "./consolidated.document";
import { listSnapshots, snapshotRow } from "./consolidated.queries";
import { consolidatedCreateForm, consolidatedEditSchema } from "./consolidated.schemas";
import { buildConsolidated, createSnapshot, saveSnapshotEdit, snapshotContent } from "./consolidated.service";
import { ConflictView, PreviewView, SnapshotView } from "./consolidated.views";
import { readSession, resolveSelection, setBookmark } from "./monitoring.http";
import { loadOrgInfo, loadPeriod } from "./selection.queries";

export const consolidatedPages = new Hono<AppEnv>();

consolidatedPages.get("/tong-hop", requirePolicy("dashboard.read", "in-handler"), async (c) => {
  const { db, bookmark } = readSession(c);
  const { org, period } = await resolveSelection(c, db, "dashboard.read");
  if (!period) throw notFound("Không tìm thấy kỳ báo cáo");
  const content = await buildConsolidated(db, org, period, c.var.now);
  const snapshots = await listSnapshots(c.env.DB, period.id, org.id);
  setBookmark(c, bookmark());
  if (c.req.query("format") === "json") return c.json({ content, snapshots });
  const mayEdit = can(c.var.principal, "report.review", org.path);
  return renderPage(
    c,
    `Báo cáo tổng hợp – ${org.name}`,
    <PreviewView
      content={content}
      snapshots={snapshots}
      period={period}
      org={org}
      now={c.var.now}
      mayEdit={mayEdit}
      csrf={mayEdit ? await csrfTokenFor(c) : null}
    />,
  );
});

async function bodyOf(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("application/json")) {
    const v = (await c.req.json().catch(() => null)) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  }
  return (await c.req.parseBody()) as Record<string, unknown>;
}

consolidatedPages.post("/tong-hop", requirePolicy("report.review", "in-handler"), async (c) => {
  const parsed = consolidatedCreateForm.safeParse(await bodyOf(c));
  if (!parsed.success) throw validationError(parsed.error);
  const db = c.env.DB;
  const org = await loadOrgInfo(db, parsed.data.org);
  if (!org) throw invalidField("org", "Không tìm thấy tổ chức");
  authorize(c, "report.review", org);
  const period = await loadPeriod(db, parsed.data.period);
  if (!period) {
    throw invalidField("period", "Không tìm thấy kỳ báo cáo");
  }
  const id = await createSnapshot(db, org, period, c.var.principal!, c.var.now);
  if ((c.req.header("accept") ?? "").includes("application/json")) return c.json({ id }, 201);
  return c.redirect(`/tong-hop/${id}`, 303);
});

/** A snapshot by id, authorised for `action` on its organisation (404 unknown, 403 out of scope). */
async function loadSnapshot(c: Context<AppEnv>, id: string, action: "dashboard.read" | "report.review") {
  const row = await snapshotRow(c.env.DB, id);
  authorize(c, action, row ? { id: row.organisationId, path: row.path } : null);
  return { row: row!, content: snapshotContent(row!) };
}

consolidatedPages.get(
  "/tong-hop/:file{[a-z0-9_-]+\\.docx}",
  requirePolicy("dashboard.read", "in-handler"),
  async (c) => {
    const id = c.req.param("file").replace(/\.docx$/, "");
    const { row, content } = await loadSnapshot(c, id, "dashboard.read");
    const bytes = buildDocx(consolidatedBlocks(content, row.updatedAt));
    return c.body(bytes.slice().buffer as ArrayBuffer, 200, {
      "content-type": DOCX_CONTENT_TYPE,
      "content-disposition": `attachment; filename="bao-cao-tong-hop-${content.organisation.id}-${content.period.id}.docx"`,
    });
  },
);

consolidatedPages.get(
  "/tong-hop/:id{[a-z0-9_-]+}",
  requirePolicy("dashboard.read", "in-handler"),
  async (c) => {
    const { row, content } = await loadSnapshot(c, c.req.param("id"), "dashboard.read");
    if (c.req.query("format") === "json")
      return c.json({ id: row.id, content, revision: row.revision, updatedAt: row.updatedAt });
    const mayEdit = can(c.var.principal, "report.review", row.path);
    return renderPage(
      c,
      "Báo cáo tổng hợp",
      <SnapshotView
        row={row}
        content={content}
        saved={c.req.query("da-luu") === "1"}
        csrf={mayEdit ? await csrfTokenFor(c) : null}
      />,
    );
  },
);

consolidatedPages.post(
  "/tong-hop/:id{[a-z0-9_-]+}",
  requirePolicy("report.review", "in-handler"),
  async (c) => {
    const parsed = consolidatedEditSchema.safeParse(await bodyOf(c));
    const { row, content } = await loadSnapshot(c, c.req.param("id"), "report.review");
    if (!parsed.success) throw validationError(parsed.error);
    const now = c.var.now;
    const wantsJson = (c.req.header("accept") ?? "").includes("application/json");
    const { saved, summary } = await saveSnapshotEdit(
      c.env.DB,
      row,
      content,
      parsed.data,
      c.var.principal!,
      now,
    );
    if (!saved) {
      // Someone saved since this edit was opened: nothing is overwritten, both texts go back.
      const latest = await loadSnapshot(c, row.id, "report.review");
      const message =
        "Bản tổng hợp vừa được người khác sửa; nội dung của đồng chí chưa được lưu. Hãy đối chiếu hai bản rồi lưu lại.";
      if (wantsJson) {
        return c.json(
          {
            error: { code: "stale_revision", message, fields: [] },
            current: {
              summary: latest.content.summary,
              revision: latest.row.revision,
              updatedAt: latest.row.updatedAt,
            },
            yours: { summary, revision: parsed.data.revision },
          },
          409,
        );
      }
      return renderPage(
        c,
        "Báo cáo tổng hợp",
        <ConflictView
          message={message}
          latest={latest}
          row={row}
          summary={summary}
          csrf={await csrfTokenFor(c)}
        />,
        409,
      );
    }
    if (wantsJson) return c.json({ id: row.id, revision: parsed.data.revision + 1, updatedAt: now });
    return c.redirect(`/tong-hop/${row.id}?da-luu=1`, 303);
  },
);
