"""Graph analytics: what is computed over the whole graph rather than asked of one node.

- coauthors: communities, PageRank and betweenness of the coauthor network, written onto Authors
  (`scholargraph analyze`; queries in cypher/analyze/);
- coherence, coherence_input: whether one profile's works look like several people, from the
  rows of api/author_coherence (the API's trust and possibleMerge read the same analysis);
- merges: the profiles most likely to merge several people (`scholargraph analyze --merges`).

The CLI command (scholargraph/commands/analyze.py) parses its options and calls these.
"""
