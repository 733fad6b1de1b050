import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Unit and integration tests run inside workerd with the real D1 (SQLite) and migrations applied.
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: { TEST_MIGRATIONS: migrations, APP_ENV: "test", APP_URL: "http://localhost:8787" },
        },
      }),
    ],
    test: {
      include: ["test/unit/**/*.test.{ts,tsx}", "test/integration/**/*.test.{ts,tsx}"],
      setupFiles: ["./test/setup/apply-migrations.ts"],
      // Upper bounds for slow shared machines (loading the demo data runs hundreds of statements).
      testTimeout: 30_000,
      hookTimeout: 120_000,
    },
  };
});
