// What the editor shows on a first visit with no ?query=: a search that any demo graph answers.
export const DEFAULT_QUERY = `# ScholarGraph's GraphQL API.
#   Run: the ▶ button, or Ctrl-Enter.
#   Docs: the book icon, top left.
#   Sign in: under Headers below, add
#     {"Authorization": "Bearer <token>"}

query Search {
  search(text: "a", first: 5) {
    kind
    score
    node {
      ... on Author {
        id
        name
        profile {
          counts { works citations collaborators }
        }
      }
      ... on Work {
        id
        title
      }
    }
  }
}
`;
