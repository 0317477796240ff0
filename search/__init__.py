"""Search: every way a person finds a node, and the one Hit type they all return.

- fulltext: words in author names and work titles and abstracts (the engines' full-text indexes);
- semantic: works nearest in meaning to a text (sentence embeddings, the vector index);
- similar: a work's SIMILAR_TO neighbours (written by `scholargraph link-similar`);
- autocomplete: typeahead over every kind of node, ranked by match quality then weight;
- titles: the key two titles are compared by (a pasted title finds its work).

The GraphQL resolvers (api/query.py) and the CLI (scholargraph/commands/similar.py) call these;
none of them imports the API or the CLI.
"""

from search.hit import Hit

__all__ = ["Hit"]
