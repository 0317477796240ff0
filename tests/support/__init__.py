"""What the test modules share, one module per job (none of them holds a test):

- engines: the engines a session runs on, free ports, the real sample's folder, emptying a
  graph on each engine;
- graphdump: a whole graph as comparable plain data;
- api: the API served over real HTTP and a client for it (over a graph, or over files it loads);
- small_graphs: small fixture graphs written through the loaders' own writer;
- profile_samples: one author's OpenAlex files (real or generated), loaded and served, with
  the module-scoped fixtures the profile, limits and nested API tests bind;
- openalex_ids: the short id of an OpenAlex URL;
- openalex_files: generated and real OpenAlex files, their raw JSON and the parser's records;
- source_records: records written in each source's format (arXiv, Crossref, Semantic Scholar,
  dblp), and loading them;
- cli: the `scholargraph` command in a subprocess;
- accounts_setup: authors, users and verified claims written for the accounts tests;
- pages: pages in a real browser (chromium through Playwright);
- neo4j_lint: Neo4j 5's own Cypher front end.
"""
