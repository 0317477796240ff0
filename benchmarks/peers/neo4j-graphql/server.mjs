// The benchmark peer: the Neo4j GraphQL Library (@neo4j/graphql) on graphql-yoga, over the same
// Neo4j that ScholarGraph serves (issue 16). Read-only; see typeDefs.graphql.
//
//   node server.mjs --bolt bolt://127.0.0.1:7699 --port 8798 [--user U --password P] [--host H]
//
// Serves POST /graphql (no GraphiQL, no per-request logging), prints one line
// `listening on http://HOST:PORT/graphql` once Neo4j answers and the port is bound, and exits
// with status 0 on SIGTERM or SIGINT after closing its connections and the driver.

import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";

const USAGE = "usage: node server.mjs --bolt bolt://HOST:PORT --port HTTPPORT [--host 127.0.0.1] [--user U --password P]";

function options() {
    let values;
    try {
        ({ values } = parseArgs({
            options: {
                bolt: { type: "string" },
                port: { type: "string" },
                host: { type: "string", default: "127.0.0.1" },
                user: { type: "string" },
                password: { type: "string", default: "" },
                help: { type: "boolean", short: "h", default: false },
            },
            strict: true,
        }));
    } catch (err) {
        console.error(`${err.message}\n${USAGE}`);
        process.exit(2);
    }
    if (values.help) {
        console.log(USAGE);
        process.exit(0);
    }
    const port = Number(values.port);
    if (!values.bolt || !Number.isInteger(port) || port < 0 || port > 65535) {
        console.error(USAGE);
        process.exit(2);
    }
    return { ...values, port };
}

async function main() {
    const opts = options();
    const here = dirname(fileURLToPath(import.meta.url));
    const typeDefs = readFileSync(join(here, "typeDefs.graphql"), "utf8");

    // Auth only when a user is given: the local Neo4j runs with auth disabled.
    const auth = opts.user ? neo4j.auth.basic(opts.user, opts.password) : undefined;
    const driver = neo4j.driver(opts.bolt, auth);
    try {
        await driver.verifyConnectivity();
    } catch (err) {
        console.error(`cannot reach Neo4j at ${opts.bolt}: ${err.message}`);
        await driver.close();
        process.exit(1);
    }

    // getSchema() builds the schema only; assertIndexesAndConstraints() is never called, so the
    // library creates no constraint or index in ScholarGraph's database.
    const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();

    const yoga = createYoga({
        schema,
        graphqlEndpoint: "/graphql",
        graphiql: false,
        landingPage: false,
        logging: false,
        // Errors as they are (not "Unexpected error."), so a failed check says why.
        maskedErrors: false,
    });

    const server = createServer(yoga);
    server.keepAliveTimeout = 65_000;

    let stopping = false;
    async function stop(signal) {
        if (stopping) return;
        stopping = true;
        server.close();
        server.closeAllConnections();
        try {
            await driver.close();
        } catch (err) {
            console.error(`closing the driver: ${err.message}`);
        }
        process.exit(signal === "SIGTERM" || signal === "SIGINT" ? 0 : 1);
    }
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));

    server.on("error", async (err) => {
        console.error(`cannot serve on ${opts.host}:${opts.port}: ${err.message}`);
        await driver.close();
        process.exit(1);
    });
    server.listen(opts.port, opts.host, () => {
        const { port } = server.address();
        const host = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
        console.log(`listening on http://${host}:${port}/graphql`);
    });
}

main().catch((err) => {
    console.error(err?.stack ?? String(err));
    process.exit(1);
});
