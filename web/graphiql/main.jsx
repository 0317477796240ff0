// GraphiQL 5 (React 19), self-hosted: everything it loads comes from /static/graphiql/.
import "./setup-workers.js";
import "graphiql/style.css";

import { GraphiQL } from "graphiql";
import { createRoot } from "react-dom/client";

import { DEFAULT_QUERY } from "./default-query.js";
import { fetcher } from "./fetcher.js";

// /graphql?query=…&variables=… opens with that query, as the classic GraphiQL links do; edits
// are written back so that the address can be copied and shared.
const params = new URLSearchParams(window.location.search);

function remember(key) {
    return (value) => {
        const next = new URLSearchParams(window.location.search);
        if (value) {
            next.set(key, value);
        } else {
            next.delete(key);
        }
        const search = next.toString();
        window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
    };
}

createRoot(document.getElementById("graphiql")).render(
    <GraphiQL
        fetcher={fetcher}
        initialQuery={params.get("query") ?? undefined}
        initialVariables={params.get("variables") ?? undefined}
        defaultQuery={DEFAULT_QUERY}
        defaultHeaders=""
        shouldPersistHeaders={false}
        onEditQuery={remember("query")}
        onEditVariables={remember("variables")}
    />,
);
