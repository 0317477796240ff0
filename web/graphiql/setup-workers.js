// Monaco runs its language services in web workers. GraphiQL's own setups load them from a CDN
// (esm.sh) or need a bundler plugin (vite, webpack); build.mjs bundles each one as a file of its
// own next to app.js, and this points Monaco at them. It must run before Monaco starts, which
// GraphiQL does lazily after the first render.
const BASE = "/static/graphiql/";

globalThis.MonacoEnvironment = {
    getWorker(_workerId, label) {
        switch (label) {
            case "json":
                return new Worker(`${BASE}json.worker.js`, { name: label });
            case "graphql":
                return new Worker(`${BASE}graphql.worker.js`, { name: label });
            default:
                return new Worker(`${BASE}editor.worker.js`, { name: label });
        }
    },
};
