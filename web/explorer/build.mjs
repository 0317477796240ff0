// The explorer page: main.js (Cytoscape.js with the fCoSE layout) bundled with its stylesheet.
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));

export async function build(outdir) {
    await mkdir(outdir, { recursive: true });
    await esbuild.build({
        entryPoints: { app: join(here, "main.js") },
        bundle: true,
        minify: true,
        sourcemap: false,
        format: "esm",
        target: ["es2022"],
        outdir,
        logLevel: "warning",
    });
    await copyFile(join(here, "index.html"), join(outdir, "index.html"));
}
