// The GraphQL API: the explorer's only data source. One function per query; each sends its
// variables as variables, never spliced into the query text.

const TOKEN_KEY = "scholargraph.token";

export class ApiError extends Error {
    constructor(message, code) {
        super(message);
        this.code = code;
    }
}

export function token() {
    return localStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(value) {
    if (value) localStorage.setItem(TOKEN_KEY, value);
    else localStorage.removeItem(TOKEN_KEY);
}

export async function gql(query, variables = {}) {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    const bearer = token();
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    let response;
    try {
        response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
    } catch (err) {
        throw new ApiError(`The API did not answer (${err.message}).`, "NETWORK");
    }
    let body;
    try {
        body = await response.json();
    } catch {
        throw new ApiError(`The API answered HTTP ${response.status} without JSON.`, "HTTP");
    }
    if (body.errors && body.errors.length) {
        const first = body.errors[0];
        throw new ApiError(first.message, first.extensions && first.extensions.code);
    }
    if (!response.ok) throw new ApiError(`The API answered HTTP ${response.status}.`, "HTTP");
    return body.data;
}

const SLICE = `nodes { id kind label weight center year citedByCount subtitle community }
               edges { id source target kind weight }`;

export async function search(text, kinds, first = 8) {
    const data = await gql(`query Search($text: String!, $kinds: [SearchKind!], $first: Int!) {
        search(text: $text, kinds: $kinds, first: $first) {
            kind
            node {
                ... on Author { id name profile { counts { works citations }
                                currentAffiliations { institution { name } } } }
                ... on Work { id title year authorCount }
            }
        }
    }`, { text, kinds, first });
    return data.search;
}

export async function mostConnected(first = 8) {
    const data = await gql(`query Featured($first: Int!) {
        mostConnectedAuthors(first: $first) { id name profile { counts { works collaborators } } }
    }`, { first });
    return data.mostConnectedAuthors;
}

export async function researcherContext(authorId, sizes) {
    const data = await gql(`query Context($id: ID!, $works: Int!, $collaborators: Int!, $topics: Int!,
                                          $institutions: Int!) {
        researcherContext(authorId: $id, works: $works, collaborators: $collaborators, topics: $topics,
                          institutions: $institutions) { ${SLICE} }
    }`, { id: authorId, ...sizes });
    return data.researcherContext;
}

export async function expand(nodeId, first) {
    const data = await gql(`query Expand($id: ID!, $first: Int!) { expand(nodeId: $id, first: $first) { ${SLICE} } }`,
                           { id: nodeId, first });
    return data.expand;
}

export async function authorPanel(id) {
    return gql(`query AuthorPanel($id: ID!) {
        author(id: $id) {
            id name orcid openalexId
            profile {
                counts { works citations topics collaborators followers }
                hIndex i10Index novelty claimed claimStatus
                countsByYear { years { year works citations } citationsWithoutYear }
                primaryCategory { code label name works share }
                aiScore { score aiWorks works formula }
                possibleMerge(first: 3) { likely people score evidence
                    clusters { works firstYear lastYear topics { topic { name } } } }
                currentAffiliations { institution { id name country } }
                topTopics { topic { id name } works }
                trust { score band label verificationLevel
                        signals { name value weight contribution detail } }
            }
        }
        closeCollaborators(authorId: $id, first: 8) { author { id name } sharedWorks firstYear lastYear }
        suggestedCollaborators(authorId: $id, first: 5) { author { id name } score reasons }
    }`, { id });
}

export async function workPanel(id) {
    return gql(`query WorkPanel($id: ID!) {
        work(id: $id) {
            id title abstract year publicationDate type doi arxivId openalexId citedByCount
            categories hasCode codeUrl novelty authorCount
            source { id name }
            authors(first: 20) { author { id name } }
            topics { topic { id name } primary }
        }
        similarWorks(workId: $id, first: 5) { score work { id title year } }
    }`, { id });
}

export async function topicPanel(id) {
    return gql(`query TopicPanel($id: ID!) {
        topic(id: $id) { id name level scheme description keywords parent { id name } }
    }`, { id });
}

export async function institutionPanel(id) {
    return gql(`query InstitutionPanel($id: ID!) {
        institution(id: $id) { id name ror country type openalexId }
    }`, { id });
}

export async function sourcePanel(id) {
    return gql(`query SourcePanel($id: ID!) { source(id: $id) { id name type issnL publisher } }`, { id });
}

export async function collaborationPath(fromId, toId) {
    const data = await gql(`query Path($from: ID!, $to: ID!) {
        collaborationPath(fromId: $from, toId: $to) {
            length
            authors { id name }
            hops { source { id } target { id } sharedWorks works { id title year } }
        }
    }`, { from: fromId, to: toId });
    return data.collaborationPath;
}

export async function me() {
    const data = await gql("query Me { me { id displayName } }");
    return data.me;
}

export async function follow(authorId, on) {
    const data = await gql(on
        ? "mutation Follow($id: ID!) { r: followAuthor(authorId: $id) { following followersCount } }"
        : "mutation Unfollow($id: ID!) { r: unfollowAuthor(authorId: $id) { following followersCount } }",
    { id: authorId });
    return data.r;
}

export async function claim(authorId, evidence) {
    const data = await gql(`mutation Claim($id: ID!, $evidence: String!) {
        claimAuthor(authorId: $id, evidence: $evidence) { id status }
    }`, { id: authorId, evidence });
    return data.claimAuthor;
}

export async function invite(authorId, message) {
    const data = await gql(`mutation Invite($id: ID!, $message: String!) {
        inviteToCollaborate(authorId: $id, message: $message) { id status }
    }`, { id: authorId, message });
    return data.inviteToCollaborate;
}
