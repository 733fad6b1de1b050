// The API description validates against the official OpenAPI 3.1 schema, and its docs page is accessible.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import {
  assertNoHorizontalScroll,
  baseUrl,
  checkA11y,
  newPage,
  open,
  PHONE,
  pageProblems,
  screenshot,
} from "./helpers.mjs";

test("GET /api/openapi.json is a valid OpenAPI 3.1 document", async () => {
  const res = await fetch(`${baseUrl}/api/openapi.json`);
  assert.equal(res.status, 200);
  const doc = await res.json();
  assert.equal(doc.openapi, "3.1.0");
  const validator = new Validator();
  const result = await validator.validate(doc);
  assert.ok(result.valid, `invalid OpenAPI document: ${JSON.stringify(result.errors, null, 2)}`);
  assert.equal(validator.version, "3.1");
  // The validator resolves every $ref (the shared error schema).
  const resolved = validator.resolveRefs();
  const err = resolved.paths["/api/organisations"].post.responses["422"].content["application/json"].schema;
  assert.deepEqual(err.required, ["error"]);
  assert.ok(Object.keys(doc.paths).length > 25);
});

test("a broken document is refused by the same validator (the check can fail)", async () => {
  const doc = await (await fetch(`${baseUrl}/api/openapi.json`)).json();
  doc.paths["/api/organisations"].get.parameters[0].in = "somewhere";
  const result = await new Validator().validate(doc);
  assert.equal(result.valid, false);
});

test("/api/docs lists every operation and passes axe on desktop and phone", async () => {
  const doc = await (await fetch(`${baseUrl}/api/openapi.json`)).json();
  const page = await newPage();
  await open(page, "/api/docs");
  const headings = await page.$$eval("article h3", (hs) => hs.map((h) => h.textContent.trim()));
  const expected = Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
  );
  assert.deepEqual([...headings].sort(), [...expected].sort());
  await page.click("#put-api-obligations-id-draft ~ details summary");
  assert.match(await page.textContent("#put-api-obligations-id-draft ~ details pre"), /baseRevision/);
  await checkA11y(page);
  await screenshot(page, "api-docs-desktop");
  // Chromium's own favicon request logs a bare console 404 with no URL; sub-resources of the page
  // are still checked through their responses ("HTTP 4xx for <url>").
  assert.deepEqual(
    pageProblems(page).filter((p) => !/^console error: Failed to load resource: .* 404/.test(p)),
    [],
  );

  const phone = await newPage({ viewport: PHONE });
  await open(phone, "/api/docs");
  await checkA11y(phone);
  await assertNoHorizontalScroll(phone);
  await screenshot(phone, "api-docs-phone");
});
