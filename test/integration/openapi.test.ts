import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { routePolicies } from "../../src/auth/guard";

const BASE = "http://localhost";

interface Doc {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      { requestBody?: unknown; security?: unknown[]; parameters?: { name: string; in: string }[] }
    >
  >;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

async function fetchDoc(): Promise<Doc> {
  const res = await exports.default.fetch(`${BASE}/api/openapi.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  return (await res.json()) as Doc;
}

/** Hono `/api/x/:id` -> OpenAPI `/api/x/{id}`. */
const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "{$1}");

describe("OpenAPI document", () => {
  it("describes every /api/ route and /webhooks/resend, and nothing else", async () => {
    const doc = await fetchDoc();
    const routes = new Set(
      routePolicies(createApp())
        .filter((r) => r.path.startsWith("/api/") || r.path === "/webhooks/resend")
        .map((r) => `${r.method.toLowerCase()} ${toOpenApiPath(r.path)}`),
    );
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)),
    );
    expect(routes.size).toBeGreaterThan(35);
    expect([...routes].filter((r) => !documented.has(r)).sort()).toEqual([]);
    expect([...documented].filter((r) => !routes.has(r)).sort()).toEqual([]);
  });

  it("takes request schemas from the routes' zod schemas", async () => {
    const doc = await fetchDoc();
    expect(doc.openapi).toBe("3.1.0");
    const body = (m: string, p: string) =>
      (doc.paths[p]![m]!.requestBody as { content: Record<string, { schema: Record<string, unknown> }> })
        .content["application/json"]!.schema;
    const org = body("post", "/api/organisations") as {
      properties: Record<string, { maxLength?: number; enum?: string[] }>;
      required: string[];
    };
    expect(org.properties.name!.maxLength).toBe(200);
    expect(org.required).toEqual(expect.arrayContaining(["code", "name", "kind"]));
    expect(org.properties.kind!.enum).toContain("commune");
    const patch = body("patch", "/api/organisations/{id}") as { additionalProperties?: boolean };
    expect(patch.additionalProperties).toBe(false);
    const draft = body("put", "/api/obligations/{id}/draft") as { required: string[] };
    expect(draft.required).toEqual(expect.arrayContaining(["values", "baseRevision"]));
    // Path and query parameters.
    const list = doc.paths["/api/organisations"]!.get!.parameters!.map((p) => `${p.in}:${p.name}`);
    expect(list).toEqual(expect.arrayContaining(["query:parent", "query:q", "query:cursor", "query:limit"]));
    expect(doc.paths["/api/obligations/{id}"]!.get!.parameters).toEqual([
      expect.objectContaining({ name: "id", in: "path" }),
    ]);
    // Shared error schema and both security schemes; public operations opt out.
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["bearerAuth", "cookieAuth"]);
    expect(doc.components.schemas.Error).toBeDefined();
    expect(doc.paths["/api/auth/signin-request"]!.post!.security).toEqual([]);
    expect(doc.paths["/api/auth/me"]!.get!.security).toBeUndefined();
  });

  it("serves a readable docs page without scripts", async () => {
    const res = await exports.default.fetch(`${BASE}/api/docs`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Tài liệu API</h1>");
    expect(html).toContain("PUT /api/obligations/{id}/draft");
    expect(html).toContain("baseRevision");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain("cdn");
  });
});
