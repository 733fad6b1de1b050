/**
 * The arguments of `wrangler dev` on 127.0.0.1:`port` (for `npm start` and the browser tests),
 * with `extra` options; links in emails (sign-in, reminders, receipts, unsubscribe) point at this
 * Worker, not the default localhost:8787.
 */
export const wranglerDevArgs = (port, extra = []) => [
  "dev",
  "--port",
  String(port),
  "--ip",
  "127.0.0.1",
  ...extra,
  "--show-interactive-dev-session=false",
  "--var",
  `APP_URL:http://127.0.0.1:${port}`,
];
