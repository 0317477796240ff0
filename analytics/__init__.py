"""Graph analytics: what is computed over the whole graph rather than asked of one node.

- coauthors: communities, PageRank and betweenness of the coauthor network, written onto Authors
  (`scholargraph analyze`; queries in cypher/analyze/);
- merges: the profiles most likely to merge several people (`scholargraph analyze --merges`).

The CLI command (scholargraph/commands/analyze.py) parses its options and calls these.
"""
