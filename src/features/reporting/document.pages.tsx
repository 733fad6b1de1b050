/**
 * The committee's own report as an official document: a print view and a .docx, readable by
 * whoever may read the report.
 */
import { Hono } from "hono";
import { requirePolicy } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { DOCX_CONTENT_TYPE } from "../../documents/docx";
import type { AppEnv } from "../../http/context";
import { reportDocument, reportDocx } from "./document.service";
import { ReportDocumentView } from "./document.views";
import { obligationOrg } from "./reporting.http";

export const documentPages = new Hono<AppEnv>();

documentPages.get(
  "/bao-cao/:id{[A-Za-z0-9_-]+}/van-ban.docx",
  requirePolicy("report.read", obligationOrg),
  async (c) => {
    const bytes = reportDocx(await reportDocument(c.env.DB, c.req.param("id")));
    return c.body(bytes.slice().buffer as ArrayBuffer, 200, {
      "content-type": DOCX_CONTENT_TYPE,
      "content-disposition": `attachment; filename="bao-cao-${c.req.param("id")}.docx"`,
    });
  },
);

documentPages.get("/bao-cao/:id/van-ban", requirePolicy("report.read", obligationOrg), async (c) => {
  const id = c.req.param("id");
  const doc = await reportDocument(c.env.DB, id);
  return renderPage(c, "Báo cáo (bản in)", <ReportDocumentView id={id} doc={doc} />);
});
