// GraphiQL, self-hosted: placeholder until the bundle lands.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

export async function build(outdir) {
    await mkdir(outdir, { recursive: true });
    await writeFile(join(outdir, "index.html"), "<!doctype html><title>GraphiQL</title><p>GraphiQL is not bundled yet.</p>\n");
}
