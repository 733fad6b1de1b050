/** The CSV import page (`/nhap-du-lieu`): a file field, "Kiểm tra trước" (dry run) and "Nhập dữ liệu". */
import { Hono } from "hono";
import { requirePolicy } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { csrfTokenFor } from "../../auth/web";
import type { AppEnv } from "../../http/context";
import { requireImportRight, runImport, uploadedBytes } from "./import.http";
import type { ImportKind } from "./import.schemas";
import { ImportView } from "./import.views";

export const importPages = new Hono<AppEnv>();

const TITLE = "Nhập dữ liệu từ tệp CSV";

importPages.get("/nhap-du-lieu", requirePolicy("org.manage", "in-handler"), async (c) => {
  requireImportRight(c);
  return renderPage(c, TITLE, <ImportView csrf={await csrfTokenFor(c)} />);
});

importPages.post("/nhap-du-lieu", requirePolicy("org.manage", "in-handler"), async (c) => {
  requireImportRight(c);
  const { bytes, fields } = await uploadedBytes(c);
  const kind: ImportKind = fields.kind === "people" ? "people" : "organisations";
  const result = await runImport(c, kind, bytes, fields.dryRun !== "0");
  return renderPage(
    c,
    TITLE,
    <ImportView csrf={await csrfTokenFor(c)} result={{ kind, result }} />,
    result.ok ? 200 : 422,
  );
});
