// How the page talks to the API: a POST to /graphql on the same origin, with no header but
// those the user writes in GraphiQL's headers pane (an `Authorization: Bearer …` to sign in).
export async function fetcher(params, options = {}) {
    const response = await fetch("/graphql", {
        method: "POST",
        headers: { Accept: "application/json", "Content-Type": "application/json", ...options.headers },
        body: JSON.stringify(params),
    });
    const text = await response.text();
    try {
        return JSON.parse(text);
    } catch {
        // a proxy's error page, say: shown in the result pane rather than lost
        return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 500)}` }] };
    }
}
