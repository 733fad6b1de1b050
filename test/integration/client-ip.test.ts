/** The client address comes only from the platform's trusted header, and only where it is trusted. */
import { env } from "cloudflare:test";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { clientIp } from "../../src/auth/web";
import type { AppEnv } from "../../src/http/context";
import { type Config, loadConfig } from "../../src/platform/config";

function appFor(appEnv: Config["appEnv"]) {
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    c.set("config", { ...loadConfig(env), appEnv });
    await next();
  });
  app.get("/", (c) => c.text(clientIp(c)));
  return app;
}

describe("clientIp", () => {
  it("believes cf-connecting-ip on Cloudflare (production), where the edge sets it", async () => {
    const res = await appFor("production").request(
      "/",
      { headers: { "cf-connecting-ip": "203.0.113.7" } },
      env,
    );
    expect(await res.text()).toBe("203.0.113.7");
  });

  it("ignores a client-sent cf-connecting-ip off Cloudflare (development): one local client", async () => {
    const app = appFor("development");
    for (const ip of ["203.0.113.7", "198.51.100.1"]) {
      const res = await app.request("/", { headers: { "cf-connecting-ip": ip } }, env);
      expect(await res.text()).toBe("local");
    }
  });
});
