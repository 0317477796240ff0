// GraphiQL 5 (React 19 + the Monaco editor), bundled so that the page loads nothing from off
// its own server: app.js (+ lazily loaded chunks), app.css with the fonts inlined, and Monaco's
// three web workers as files of their own (see setup-workers.js).
import { copyFile, mkdir, rm } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));

const common = {
    bundle: true,
    minify: true,
    target: ["es2022"],
    logLevel: "warning",
    define: { "process.env.NODE_ENV": '"production"' },
    // fonts a stylesheet names by url() become files beside it (graphiql/style.css inlines its own)
    loader: { ".ttf": "file", ".woff": "file", ".woff2": "file" },
    assetNames: "assets/[name]-[hash]",
};

// graphiql/style.css already holds Monaco's stylesheets (and its codicon font); the `import
// "./x.css"` lines in Monaco's modules would bundle them a second time.
const monacoCssOnce = {
    name: "monaco-css-once",
    setup(build) {
        build.onLoad({ filter: /[\\/]monaco-editor[\\/].*\.css$/ }, () => ({ contents: "", loader: "css" }));
    },
};

export async function build(outdir) {
    await mkdir(outdir, { recursive: true });
    const [app] = await Promise.all([
        esbuild.build({
            ...common,
            entryPoints: { app: join(here, "main.jsx") },
            format: "esm",
            splitting: true, // Monaco and prettier load after the first paint, as GraphiQL asks
            chunkNames: "chunks/[name]-[hash]",
            jsx: "automatic",
            // @graphiql/toolkit imports graphql-ws only for subscriptions over websockets, unused here
            external: ["graphql-ws"],
            plugins: [monacoCssOnce],
            metafile: true,
            outdir,
        }),
        esbuild.build({
            ...common,
            entryPoints: {
                "editor.worker": "monaco-editor/esm/vs/editor/editor.worker.js",
                "json.worker": "monaco-editor/esm/vs/language/json/json.worker.js",
                "graphql.worker": "monaco-graphql/esm/graphql.worker.js",
            },
            format: "iife", // classic workers: new Worker(url) with no {type: "module"}
            absWorkingDir: dirname(dirname(here)),
            outdir,
        }),
    ]);
    await dropChunkCss(app.metafile, outdir);
    await copyFile(join(here, "index.html"), join(outdir, "index.html"));
}

// With splitting, esbuild writes a stylesheet per lazily loaded chunk that imported CSS; nothing
// loads those (index.html links app.css only). The plugin leaves them empty: delete them, and stop
// the build if one has rules, which the page would silently miss.
async function dropChunkCss(metafile, outdir) {
    for (const [path, output] of Object.entries(metafile.outputs)) {
        if (!path.endsWith(".css") || path.endsWith("/app.css")) {
            continue;
        }
        if (output.bytes > 0) {
            throw new Error(`${relative(outdir, path)}: CSS in a lazily loaded chunk, which index.html does not link`);
        }
        await rm(path);
    }
}
