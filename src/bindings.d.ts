// Bindings and variables of the Worker, kept by hand in step with wrangler.toml.
declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    FILES: R2Bucket;
    TICK_WORKFLOW: Workflow;
    OPEN_PERIOD_WORKFLOW: Workflow;
    DIGEST_WORKFLOW: Workflow;
    APP_ENV: string;
    APP_URL: string;
    EMAIL_TRANSPORT: string;
    EMAIL_FROM: string;
    SECRET_KEY?: string;
    RESEND_API_KEY?: string;
    RESEND_WEBHOOK_SECRET?: string;
    /** Overrides the Resend base URL (benchmarks point it at a local fake provider). */
    RESEND_BASE_URL?: string;
    /** "1" makes the Workflows count their D1 statements (benchmarks only; ignored in production). */
    BENCH_COUNT_D1?: string;
  }
}
