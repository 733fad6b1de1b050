// The feature-module layout (issue 16), enforced for the features moved so far (src/features/*):
// SQL lives only in `*.queries.ts`; a feature never imports the old route layer, nor another
// feature's files other than its index. Prints each breach with its file and fails on any.
import { readdirSync, readFileSync, statSync } from "node:fs";
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
if (breaches.length) {
  console.error(`layout: ${breaches.length} breach(es)\n${breaches.join("\n")}`);
  process.exit(1);
}
console.log(
  `layout: ${features.length} feature module(s) keep their SQL in *.queries.ts and their imports in bounds`,
);
