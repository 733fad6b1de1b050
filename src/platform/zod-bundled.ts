/**
 * Stands in for `zod` in the Worker bundle (wrangler.toml `[alias]`): every named export as is,
 * and a `z` value holding only `ZodType`. `@hono/zod-openapi` does `import { z } from "zod"` just
 * to extend `ZodType.prototype`; passing the whole namespace as a value would keep all of zod
 * in the bundle, every locale included (~90 KB gzip). Our code imports `* as z`, which esbuild
 * shakes member by member. The relative path keeps the alias from applying to itself.
 */
import { ZodType } from "../../node_modules/zod/v4/classic/external.js";

export * from "../../node_modules/zod/v4/classic/external.js";
export const z = { ZodType };
export default z;
