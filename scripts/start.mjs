// `npm start`: runs the product locally on its embedded defaults.
// 1. applies the migrations to the local D1, 2. starts `wrangler dev` (local D1, R2, Workflows,
// the local email outbox), 3. loads the demo data, 4. drives the cron schedule with a small
// ticker (cron does not fire by itself in local dev), 5. prints the URL and demo addresses.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { wranglerDevArgs } from "./wrangler-dev.mjs";

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 8787);
const tickSeconds = Number(process.env.TICK_SECONDS ?? 60);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`✗ PORT must be a port number (got "${process.env.PORT}")`);
  process.exit(1);
}
if (!Number.isFinite(tickSeconds) || tickSeconds < 1) {
  console.error(`✗ TICK_SECONDS must be a number of seconds ≥ 1 (got "${process.env.TICK_SECONDS}")`);
  process.exit(1);
}
const base = `http://127.0.0.1:${port}`;
const wrangler = path.join(root, "node_modules/.bin/wrangler");
const childEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: process.env.CI ?? "1" };

function fail(message) {
  console.error(`\n✗ ${message}`);
  process.exit(1);
}

console.log("→ Áp dụng migrations vào D1 cục bộ…");
const migrate = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local"], {
  cwd: root,
  env: childEnv,
  stdio: "inherit",
});
if (migrate.status !== 0) fail("wrangler d1 migrations apply failed");

console.log("→ Khởi động wrangler dev…");
const dev = spawn(wrangler, wranglerDevArgs(port), {
  cwd: root,
  env: childEnv,
  stdio: ["ignore", "inherit", "inherit"],
});
let stopping = false;
dev.on("exit", (code) => {
  if (!stopping) fail(`wrangler dev exited (${code})`);
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopping = true;
    dev.kill("SIGTERM");
    process.exit(0);
  });
}

async function waitForHealth() {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
      if (res.status === 503) {
        const body = await res.json().catch(() => ({}));
        fail(`configuration is invalid: ${body?.error?.message ?? res.status}`);
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  fail("the Worker did not answer /healthz within 90 s");
}

await waitForHealth();
const seed = await fetch(`${base}/dev/seed`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: "{}",
});
if (!seed.ok) fail(`loading demo data failed: ${seed.status} ${await seed.text()}`);

async function tick() {
  try {
    await fetch(`${base}/cdn-cgi/local/scheduled?cron=${encodeURIComponent("*/15 * * * *")}`);
  } catch (err) {
    console.error("tick failed:", err.message);
  }
}
await tick();
setInterval(tick, tickSeconds * 1000);

console.log(`
✓ Hệ thống đang chạy tại ${base}
  Hộp thư cục bộ:   ${base}/dev/hop-thu
  Công cụ phát triển (đồng hồ mô phỏng): ${base}/dev
  Lịch nhắc việc chạy mỗi ${tickSeconds} giây (đặt TICK_SECONDS để đổi).

  Đăng nhập bằng đường link gửi qua email (xem trong hộp thư cục bộ), với các địa chỉ mẫu:
    quantri@demo.vn               Quản trị hệ thống
    lanhdao.bantgdv@demo.vn       Lãnh đạo Ban Tuyên giáo và Dân vận Trung ương
    canbo.bantgdv@demo.vn         Cán bộ Ban Tuyên giáo và Dân vận Trung ương
    canbo.tgdv.hanoi@demo.vn      Cán bộ Ban Tuyên giáo và Dân vận Thành ủy Hà Nội
    lanhdao.tgdv.hanoi@demo.vn    Lãnh đạo Ban Tuyên giáo và Dân vận Thành ủy Hà Nội
    bithu.hanoi@demo.vn           Bí thư Thành ủy Hà Nội
    vanphong.hanoi@demo.vn        Chuyên viên Văn phòng Thành ủy Hà Nội
    bithu.hn.hoankiem@demo.vn     Bí thư Đảng ủy phường Hoàn Kiếm
    bithu.lhhvn@demo.vn           Phó Bí thư Thường trực Đảng ủy Liên hiệp các Hội KH&KT Việt Nam
    xem.hanoi@demo.vn             Người xem, Thành ủy Hà Nội
  Nhấn Ctrl+C để dừng.
`);
