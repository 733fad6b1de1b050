// The feature-module layout (issue 16): every capability lives in src/features/<name>; SQL
// anywhere in src/ lives only in `*.queries.ts` (none in src/pages, src/platform or src/domain;
// D1's helpers in src/db excepted); a feature never imports another feature's files other than
// its index; no file in src/ is over 400 lines; the old route and service layers are gone. Prints each breach with its file and fails on any.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const featuresDir = path.join(root, "src/features");

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** A raw statement or a Drizzle query: both belong in a `*.queries.ts`. */
const SQL = /\.prepare\(|\borm\(/;
const breaches = [];
const features = readdirSync(featuresDir).filter((d) => statSync(path.join(featuresDir, d)).isDirectory());
for (const feature of features) {
  for (const file of filesUnder(path.join(featuresDir, feature))) {
    const rel = path.relative(root, file);
    const text = readFileSync(file, "utf8");
    if (SQL.test(text) && !file.endsWith(".queries.ts")) {
      breaches.push(`${rel}: SQL outside ${feature}.queries.ts`);
    }
    for (const [, spec] of text.matchAll(/from\s+"([^"]+)"/g)) {
      if (!spec.startsWith(".")) continue;
      const target = path.relative(featuresDir, path.resolve(path.dirname(file), spec));
      if (spec.includes("/routes/")) breaches.push(`${rel}: imports the route layer (${spec})`);
      const [other, ...rest] = target.split(path.sep);
      if (!target.startsWith("..") && other !== feature && rest.length > 0 && rest.join("/") !== "index") {
        breaches.push(`${rel}: imports ${spec}, inside feature "${other}" (use its index)`);
      }
    }
  }
}
// No file over 400 lines anywhere in src/ (generated binding types aside).
const MAX_LINES = 400;
const srcDir = path.join(root, "src");
const sourceFiles = filesUnder(srcDir).filter((f) => !f.endsWith("worker-configuration.d.ts"));
for (const f of sourceFiles) {
  const lines = readFileSync(f, "utf8").split("\n").length;
  if (lines > MAX_LINES) breaches.push(`${path.relative(root, f)}: ${lines} lines (at most ${MAX_LINES})`);
}
// Outside the features too, SQL lives only in `*.queries.ts` beside its module (pages, the
// platform and the domain hold none at all); D1's own infrastructure is the exception.
const SQL_INFRASTRUCTURE = new Set(["src/db/client.ts", "src/db/d1-capture.ts", "src/db/d1-stats.ts"]);
for (const f of sourceFiles) {
  const rel = path.relative(root, f).split(path.sep).join("/");
  if (rel.startsWith("src/features/") || SQL_INFRASTRUCTURE.has(rel)) continue;
  const inQueries = f.endsWith(".queries.ts") && !/^src\/(pages|platform|domain)\//.test(rel);
  if (!inQueries && SQL.test(readFileSync(f, "utf8"))) breaches.push(`${rel}: SQL outside a *.queries.ts`);
}
// The Workflows run the engine's functions in steps; their SQL, too, lives in the engine's queries.
const workflowFiles = filesUnder(path.join(root, "workflows"));
for (const f of workflowFiles) {
  if (SQL.test(readFileSync(f, "utf8")))
    breaches.push(`${path.relative(root, f)}: SQL in a Workflow (put it in src/engine/*.queries.ts)`);
}
// The old layers: routes and services moved into the features.
for (const gone of ["routes", "services"]) {
  if (existsSync(path.join(srcDir, gone)) && filesUnder(path.join(srcDir, gone)).length > 0) {
    breaches.push(`src/${gone}/: the old layer is back; put the code in a feature (src/features/<name>)`);
  }
}
if (breaches.length) {
  console.error(`layout: ${breaches.length} breach(es)\n${breaches.join("\n")}`);
  process.exit(1);
}
console.log(
  `layout: ${features.length} feature modules keep their imports in bounds; SQL only in *.queries.ts in src/ (none in workflows/); ` +
    `${sourceFiles.length} files in src/, none over ${MAX_LINES} lines; no src/routes or src/services`,
);
