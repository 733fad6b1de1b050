// Fails when the schema (src/db/schema/) has changes that no migration in migrations/ covers:
// runs drizzle-kit generate against a scratch copy and expects it to find nothing to do.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const scratch = mkdtempSync(path.join(tmpdir(), "migrations-check-"));
try {
  cpSync(path.join(root, "migrations"), scratch, { recursive: true });
  const before = readdirSync(scratch).length;
  execFileSync(
    path.join(root, "node_modules/.bin/drizzle-kit"),
    ["generate", "--dialect", "sqlite", "--schema", "./src/db/schema/index.ts", "--out", scratch],
    { cwd: root, stdio: "pipe" },
  );
  const after = readdirSync(scratch).length;
  if (after !== before) {
    console.error(
      "Schema changes are not covered by a migration: run `npm run db:generate -- --name <change>`.",
    );
    process.exit(1);
  }
  console.log("migrations: schema and migrations agree");
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
