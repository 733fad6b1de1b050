import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("the Worker", () => {
  it("serves the home page in Vietnamese", async () => {
    const res = await exports.default.fetch("http://localhost/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('lang="vi"');
    expect(html).toContain("Theo dõi thực hiện Chỉ thị");
  });

  it("answers unknown paths with a JSON 404", async () => {
    const res = await exports.default.fetch("http://localhost/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
