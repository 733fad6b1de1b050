// The feature-module layout (issue 16), enforced for the features moved so far (src/features/*):
// SQL lives only in `*.queries.ts`; a feature never imports the old route layer, nor another
// feature's files other than its index. Prints each breach with its file and fails on any.
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

const breaches = [];
const features = readdirSync(featuresDir).filter((d) => statSync(path.join(featuresDir, d)).isDirectory());
for (const feature of features) {
  for (const file of filesUnder(path.join(featuresDir, feature))) {
    const rel = path.relative(root, file);
    const text = readFileSync(file, "utf8");
    if (/\.prepare\(/.test(text) && !file.endsWith(".queries.ts")) {
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
// No file over 400 lines in a feature or the platform (generated files aside); elsewhere in src/
// the files still waiting to move are counted, so the figure can only go down.
const MAX_LINES = 400;
const srcDir = path.join(root, "src");
const long = filesUnder(srcDir)
  .filter((f) => !f.endsWith("worker-configuration.d.ts"))
  .map((f) => ({ rel: path.relative(root, f), lines: readFileSync(f, "utf8").split("\n").length }))
  .filter((f) => f.lines > MAX_LINES);
for (const f of long) {
  if (f.rel.startsWith("src/features/") || f.rel.startsWith("src/platform/")) {
    breaches.push(`${f.rel}: ${f.lines} lines (at most ${MAX_LINES} in a feature or the platform)`);
  }
}
// The old route layer (src/routes) is gone; a file reappearing there with SQL is counted.
const routesDir = path.join(srcDir, "routes");
const routeFiles = existsSync(routesDir) ? filesUnder(routesDir) : [];
const routeFilesWithSql = routeFiles.filter((f) => /\.prepare\(/.test(readFileSync(f, "utf8")));
if (breaches.length) {
  console.error(`layout: ${breaches.length} breach(es)\n${breaches.join("\n")}`);
  process.exit(1);
}
console.log(
  `layout: ${features.length} feature module(s) keep their SQL in *.queries.ts and their imports in bounds; ` +
    `not yet moved: ${long.length} file(s) over ${MAX_LINES} lines in src/, ` +
    `${routeFilesWithSql.length} file(s) in src/routes with SQL`,
);
