/** The API's own description: the OpenAPI 3.1 document and a page that reads it for people. */
import * as z from "zod";
import { publicRoute } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { createApi, jsonResponse, routesTagged } from "../../platform/openapi";
import { type GeneratedDocument, type JsonSchema, openApiDocument } from "./docs.document";
import { DocsView } from "./docs.views";

const route = routesTagged("docs");

export const openApiDocumentRoute = route.get("/api/openapi.json", {
  summary: "Tài liệu này (OpenAPI 3.1, JSON)",
  security: [],
  middleware: [publicRoute()],
  responses: {
    200: jsonResponse(z.record(z.string(), z.unknown()), "Tài liệu OpenAPI"),
  },
});

export const docsPageRoute = route.get("/api/docs", {
  summary: "Trang đọc tài liệu API (HTML)",
  security: [],
  middleware: [publicRoute()],
  responses: {
    200: { description: "Trang HTML", content: { "text/html": { schema: z.string() } } },
  },
});

/** `generate` reads the mounted routers' definitions (the app's `getOpenAPI31Document`). */
export function docsApi(generate: () => GeneratedDocument) {
  const api = createApi();
  let cached: { url: string; doc: JsonSchema } | undefined;
  /** The document only depends on the app URL: build it once per isolate. */
  const documentFor = (url: string): JsonSchema => {
    if (cached?.url !== url) cached = { url, doc: openApiDocument(url, generate()) };
    return cached.doc;
  };
  api.openapi(openApiDocumentRoute, (c) => {
    c.header("cache-control", "public, max-age=300");
    return c.json(documentFor(c.var.config.appUrl), 200);
  });
  api.openapi(docsPageRoute, (c) =>
    renderPage(c, "Tài liệu API", <DocsView document={documentFor(c.var.config.appUrl)} />),
  );
  return api;
}
