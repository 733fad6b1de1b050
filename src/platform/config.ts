/** Bindings and variables of the Worker (configured in wrangler.toml; `npm run types` generates src/worker-configuration.d.ts). */
export type Env = Cloudflare.Env;

export type AppEnvironment = "development" | "test" | "production";

export interface Config {
  appEnv: AppEnvironment;
  appUrl: string;
  emailTransport: "outbox" | "resend";
  emailFrom: string;
  secretKey: string;
  resendApiKey: string | undefined;
  resendWebhookSecret: string | undefined;
  resendBaseUrl: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join("; ")}`);
    this.name = "ConfigError";
  }
}

const REQUIRED_BINDINGS = [
  "DB",
  "FILES",
  "TICK_WORKFLOW",
  "OPEN_PERIOD_WORKFLOW",
  "DIGEST_WORKFLOW",
] as const;

/**
 * Validates bindings and secrets once per isolate. Production refuses to run on the
 * development defaults (the local outbox, the development secret, a missing Resend key).
 */
export function loadConfig(env: Partial<Env>): Config {
  const problems: string[] = [];
  for (const name of REQUIRED_BINDINGS) {
    if (!env[name]) problems.push(`missing binding ${name}`);
  }
  const appEnv = env.APP_ENV ?? "development";
  if (appEnv !== "development" && appEnv !== "test" && appEnv !== "production") {
    problems.push(`APP_ENV must be development, test or production (got "${appEnv}")`);
  }
  const transport = env.EMAIL_TRANSPORT ?? "outbox";
  if (transport !== "outbox" && transport !== "resend") {
    problems.push(`EMAIL_TRANSPORT must be outbox or resend (got "${transport}")`);
  }
  if (!env.APP_URL) problems.push("missing variable APP_URL");
  if (!env.EMAIL_FROM) problems.push("missing variable EMAIL_FROM");
  if (!env.SECRET_KEY || env.SECRET_KEY.length < 32)
    problems.push("missing secret SECRET_KEY (at least 32 characters)");
  if (appEnv === "production") {
    if (transport !== "resend") problems.push("production must use EMAIL_TRANSPORT=resend");
    if (!env.RESEND_API_KEY) problems.push("missing secret RESEND_API_KEY");
    if (!env.RESEND_WEBHOOK_SECRET) problems.push("missing secret RESEND_WEBHOOK_SECRET");
    if (env.SECRET_KEY?.startsWith("dev-only")) problems.push("SECRET_KEY is the development default");
    if (env.APP_URL && !env.APP_URL.startsWith("https://"))
      problems.push("APP_URL must be https in production");
  }
  if (transport === "resend" && !env.RESEND_API_KEY && appEnv !== "production") {
    problems.push("missing secret RESEND_API_KEY (EMAIL_TRANSPORT=resend)");
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    appEnv: appEnv as AppEnvironment,
    appUrl: env.APP_URL!.replace(/\/$/, ""),
    emailTransport: transport as Config["emailTransport"],
    emailFrom: env.EMAIL_FROM!,
    secretKey: env.SECRET_KEY!,
    resendApiKey: env.RESEND_API_KEY,
    resendWebhookSecret: env.RESEND_WEBHOOK_SECRET,
    resendBaseUrl: env.RESEND_BASE_URL ?? "https://api.resend.com",
  };
}

let cachedConfig: { env: Env; config: Config } | undefined;

/** Config is validated once per isolate (per env object), so a broken deploy fails on its first request. */
export function configFor(env: Env): Config {
  if (cachedConfig?.env !== env) cachedConfig = { env, config: loadConfig(env) };
  return cachedConfig.config;
}
