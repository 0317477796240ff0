"""Records written in each source's own format, as the loaders' tests feed them: an arXiv
(Kaggle snapshot) line, a Crossref REST work and work list, a Semantic Scholar paper, dblp XML;
and writing lines to a file and loading them with no reject."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graphdb import Graph
from loaders.pipeline import load

# -- arXiv (the Kaggle snapshot's JSON lines) ---------------------------------------------------


def kaggle_line(arxiv_id: str, title: str, authors: list[list[str]], doi: str | None = None,
                categories: str = "cs.DL", abstract: str = "An abstract.") -> str:
    return json.dumps({
        "id": arxiv_id, "submitter": "x", "authors": ", ".join(f"{a[1]} {a[0]}" for a in authors),
        "title": title, "comments": None, "journal-ref": None, "doi": doi, "report-no": None,
        "categories": categories, "license": None, "abstract": abstract,
        "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}],
        "update_date": "2008-11-13", "authors_parsed": [[*a, ""] for a in authors],
    })


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def load_quiet(graph: Graph, paths: list[Path], source: str, tmp_path: Path) -> None:
    summary = load(graph, paths, source, rejects_path=tmp_path / f"{source}-rejects.jsonl", progress=False)
    assert summary.rejected == 0


# -- Crossref (the REST API's JSON) -------------------------------------------------------------


def item(doi: str, **extra: Any) -> dict[str, Any]:
    """A Crossref work as the REST API writes one (the fields the parser reads)."""
    base: dict[str, Any] = {
        "DOI": doi, "type": "journal-article", "title": [f"On <i>{doi}</i>"],
        "abstract": "<jats:title>Abstract</jats:title><jats:p>What it &amp; says.</jats:p>",
        "published": {"date-parts": [[2021, 3, 4]]}, "is-referenced-by-count": 7,
        "container-title": ["Journal of Tests"], "ISSN": ["1234-5678", "8765-432X"],
        "issn-type": [{"value": "8765-432X", "type": "electronic"}, {"value": "1234-5678", "type": "print"}],
        "publisher": "Test Press",
        "author": [
            {"given": "Ada", "family": "Lovelace", "sequence": "first",
             "ORCID": "http://orcid.org/0000-0002-1825-0097",
             "affiliation": [{"name": "Analytical Society",
                              "id": [{"id": "https://ror.org/05dxps055", "id-type": "ROR"}]}]},
            {"given": "Charles", "family": "Babbage", "sequence": "additional",
             "affiliation": [{"name": "Difference Lab"}]},
            {"name": "The Engine Consortium", "sequence": "additional"},
        ],
        "reference": [{"key": "r1", "DOI": "10.1000/CITED.1"}, {"key": "r2", "unstructured": "no DOI"},
                      {"key": "r3", "DOI": "10.1000/cited.1"}, {"key": "r4", "DOI": "10.1000/cited.2"}],
        "funder": [{"name": "Royal Society", "DOI": "10.13039/501100000288"}, {"name": "A foundation"}],
    }
    base.update(extra)
    return base


def api_list(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
            "message": {"facets": {}, "total-results": len(items), "items": items, "items-per-page": 20,
                        "query": {"start-index": 0, "search-terms": None}}}


def expected_source(i: dict[str, Any]) -> str | None:
    """The container's ISSN, print first; none without a container title or an ISSN."""
    if not i.get("container-title"):
        return None
    typed = {t["type"]: t["value"] for t in i.get("issn-type", [])}
    issn = typed.get("print") or typed.get("electronic") or (i.get("ISSN") or [None])[0]
    return f"issn:{issn}" if issn else None


# -- Semantic Scholar (the Graph API's JSON) ----------------------------------------------------


def paper(pid: str, doi: str | None = None, arxiv: str | None = None, **extra: Any) -> dict[str, Any]:
    ext: dict[str, Any] = {"CorpusId": 1}
    if doi:
        ext["DOI"] = doi
    if arxiv:
        ext["ArXiv"] = arxiv
    base = {"paperId": pid, "externalIds": ext, "title": f"Paper {pid}", "abstract": "Text.", "year": 2020,
            "publicationDate": "2020-05-01", "citationCount": 3, "publicationTypes": ["JournalArticle"],
            "publicationVenue": {"id": "v-1", "name": "Journal of Tests", "type": "journal", "issn": "1234-5678"},
            "authors": [{"authorId": "1", "name": "Ada Lovelace"}, {"authorId": "2", "name": "Charles Babbage"}]}
    base.update(extra)
    return base


# -- dblp (its XML, entities without the DTD) ---------------------------------------------------

HEAD = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE dblp SYSTEM "dblp.dtd">\n<dblp>\n'
RECORDS = """<article mdate="2020-01-01" key="journals/tocs/MullerS20">
<author orcid="0000-0002-1825-0097">J&ouml;rg M&uuml;ller 0002</author>
<author>Fran&ccedil;ois S&aelig;ther</author>
<title>On <i>&times;</i> products.</title>
<year>2020</year>
<journal>ACM Trans. Comput. Syst.</journal>
<ee>https://doi.org/10.1145/ABC.123</ee>
</article>
<inproceedings key="conf/cvpr/Lee21"><author>Ann Lee</author><title>Seeing?</title><year>2021</year>
<booktitle>CVPR</booktitle><ee>https://arxiv.org/abs/2101.00001v1</ee></inproceedings>
<proceedings key="conf/cvpr/2021"><editor>Ed Itor</editor><title>CVPR 2021</title><year>2021</year></proceedings>
<www key="homepages/1/2"><author>Ann Lee</author><title>Home Page</title></www>
<article key="journals/corr/abs-2102-00002"><author>B. Bee</author><title>A preprint.</title><year>2021</year>
<journal>CoRR</journal><volume>abs/2102.00002</volume></article>
<article key="journals/x/Bad"><title>Bad year.</title><year>20x1</year></article>
<phdthesis key="phd/Turing38"><author>Alan M. Turing</author><title>Systems of Logic.</title><year>1938</year>
<school>Princeton</school></phdthesis>
"""
