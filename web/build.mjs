// Bundles the pages the API serves (the explorer at /, GraphiQL at /graphql) from npm packages
// into api/static/, so that a browser fetches nothing from the internet. Run: npm run build.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { build as buildExplorer } from "./explorer/build.mjs";
import { build as buildGraphiql } from "./graphiql/build.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, "api", "static");

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const started = Date.now();
await Promise.all([buildExplorer(join(out, "explorer")), buildGraphiql(join(out, "graphiql"))]);
// ./dev compares web/ against this stamp to rebuild only after a change
await writeFile(join(out, ".built"), new Date().toISOString() + "\n");
console.log(`built api/static/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
