"""Synthetic scholarly data in the real OpenAlex Work format, for demos and benchmarks.

The project ships no third-party data, so the demo and the load/API benchmarks run on works
made here. `generate_works(n, seed)` yields OpenAlex Work entities exactly shaped like the
API's (full-URL ids, `authorships`, `topics`/`primary_topic`, `abstract_inverted_index`,
`locations`, `referenced_works`, ...); `write_jsonl` writes them as JSON lines (gzip for
``*.gz``), like an OpenAlex snapshot part.

What is realistic about it (each one is something a feature or benchmark leans on):

- Authors (~0.6 per work) have multicultural names, OpenAlex-style ids, ORCIDs for ~40% (with
  valid ISO 7064 check digits) and a home institution. A few distinct authors deliberately share
  a display name across research groups (homonyms), besides the natural collisions of common
  names ("Wei Wang").
- Authors live in research groups (power-law sizes, each tied to 1-3 topics); a work's authors
  mostly come from one group plus occasional outsiders; authors per work and works per author
  are heavy-tailed; the group leader tends to be last author.
- Topics are arXiv categories dressed as OpenAlex topics (subfield = arXiv archive, real
  OpenAlex field and domain ids/names); titles and abstracts are built from per-topic
  vocabularies, so works of one topic are textually similar.
- Works are emitted in publication order (ids increase with date); each cites 5-40 earlier works,
  preferring its own topic and highly cited works (preferential attachment), so the citation
  graph is a DAG with hubs. A work is never cited by more works of the data set than its
  `cited_by_count`. ~30% are on arXiv (new- and old-style arXiv ids, unique).

Determinism: every random choice comes from `random.Random` / `numpy.random.Generator`
instances seeded from `seed`; the same seed gives byte-identical output (gzip headers carry no
timestamp or file name), whatever PYTHONHASHSEED. Ids do not depend on the seed, so two data
sets of different seeds must not be loaded into one graph.

Memory: catalogues (topics, institutions, sources) are fixed-size; the author pool and the
citation sampler hold compact arrays (~50 bytes per work in all, so ~50 MB at 1M works) plus a
bounded author cache; records themselves are streamed. Nested dicts (`source`, institutions,
topic parts, `author`) are shared between yielded works: treat the records as read-only.

The package, one job a module: `vocabulary` reads the words and tables in data/*.json (names,
places, topic phrases, archives, venues, sentence templates); `ids` makes identifiers in the
real formats; `catalogues` builds the fixed topics, institutions and venues; `authors` the
research groups and names; `citations` samples references; `text` writes titles and
abstracts; `works` builds each work; `record` shapes it as an OpenAlex Work; `writer` writes
the JSON lines. The command line is `scholargraph synthetic` (scholargraph/commands/synthetic.py).
"""

from __future__ import annotations

from scholargraph.synthetic.ids import orcid_check_digit, ror_checksum
from scholargraph.synthetic.record import Work
from scholargraph.synthetic.works import generate_works
from scholargraph.synthetic.writer import write_jsonl

__all__ = ["Work", "generate_works", "orcid_check_digit", "ror_checksum", "write_jsonl"]
