import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/platform/config";

const bindings = {
  DB: {} as D1Database,
  FILES: {} as R2Bucket,
  TICK_WORKFLOW: {} as Workflow,
  OPEN_PERIOD_WORKFLOW: {} as Workflow,
  DIGEST_WORKFLOW: {} as Workflow,
};
const development = {
  ...bindings,
  APP_ENV: "development",
  APP_URL: "http://localhost:8787/",
  EMAIL_TRANSPORT: "outbox",
  EMAIL_FROM: "a <a@b.vn>",
  SECRET_KEY: "x".repeat(40),
};

function problemsOf(env: Record<string, unknown>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
}

describe("configuration", () => {
  it("accepts the development defaults and trims the URL", () => {
    expect(loadConfig(development)).toMatchObject({ appEnv: "development", appUrl: "http://localhost:8787" });
  });

  it("names a missing binding", () => {
    const { DB: _db, ...rest } = development;
    expect(problemsOf(rest)).toEqual(["missing binding DB"]);
  });

  it("refuses production without its secrets, naming each", () => {
    const problems = problemsOf({ ...development, APP_ENV: "production", APP_URL: "https://x.vn" });
    expect(problems).toEqual([
      "production must use EMAIL_TRANSPORT=resend",
      "missing secret RESEND_API_KEY",
      "missing secret RESEND_WEBHOOK_SECRET",
    ]);
  });

  it("refuses the development secret and plain http in production", () => {
    const problems = problemsOf({
      ...development,
      APP_ENV: "production",
      EMAIL_TRANSPORT: "resend",
      RESEND_API_KEY: "re_x",
      RESEND_WEBHOOK_SECRET: "whsec_x",
      SECRET_KEY: `dev-only-${"x".repeat(40)}`,
    });
    expect(problems).toEqual([
      "SECRET_KEY is the development default",
      "APP_URL must be https in production",
    ]);
  });

  it("accepts a complete production configuration", () => {
    const config = loadConfig({
      ...development,
      APP_ENV: "production",
      APP_URL: "https://theodoi.example.vn",
      EMAIL_TRANSPORT: "resend",
      RESEND_API_KEY: "re_x",
      RESEND_WEBHOOK_SECRET: "whsec_x",
    });
    expect(config.emailTransport).toBe("resend");
  });
});
