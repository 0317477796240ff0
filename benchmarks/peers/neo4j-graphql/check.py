"""Check that the peer (the Neo4j GraphQL Library, server.mjs) and ScholarGraph's API return the
same data for each query of queries.json (issue 16). Starts nothing: both servers and Neo4j run.

    .venv/bin/python benchmarks/peers/neo4j-graphql/check.py --bolt bolt://127.0.0.1:7699 \\
        --peer http://127.0.0.1:8798/graphql --api http://127.0.0.1:8799/graphql [--author ID ...]

Without --author, the authors are picked over Bolt: the one with the most works, one with about
the median number of works, one with fewer than 20 works, and an id that names no author (both
sides must answer "none"). Exit status 0 when every query agrees for every author, 1 otherwise
(with a diff per difference), 2 when a server cannot be reached.

The benchmark imports `same_data(name, peer_json, api_json) -> list[str]` (empty: the same data);
this folder's name has a hyphen, so load it by path:

    spec = importlib.util.spec_from_file_location("peer_check", ".../neo4j-graphql/check.py")

Shapes differ and are normalised before comparing: ScholarGraph's `works` is a connection
(edges { node }) and the peer's a list; the peer's relationship properties sit in
`edges { properties node }` where ScholarGraph puts them beside `author`/`topic`; the peer's root
field `authors(where:)` is a list ([] or one author) where ScholarGraph's `author(id:)` is one
author or null; the peer's fields are the stored property names (display_name,
publication_date, cited_by_count), ScholarGraph's are camelCase with `name` for display_name.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
QUERIES_PATH = HERE / "queries.json"
UNKNOWN_AUTHOR = "A0000000000-no-such-author"

Json = Any


def load_queries(path: Path = QUERIES_PATH) -> list[dict[str, Any]]:
    """queries.json: [{name, description, peer_query, peer_variables_hint, scholargraph_query, ...}]."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


# --- normalisation: each side's response data -> one canonical shape -------------------------

def _one(authors: list[Json] | None) -> Json:
    """The peer's `authors(where: {id: {eq: $id}})` list as ScholarGraph's nullable `author`."""
    if authors is None:
        return None
    if len(authors) > 1:
        raise ValueError(f"peer returned {len(authors)} authors for one id")
    return authors[0] if authors else None


def _peer_author(a: Json) -> Json:
    # ScholarGraph shows the id where an author has no display_name; the peer shows null.
    return None if a is None else {"id": a["id"], "name": a["display_name"] or a["id"]}


def _api_author(a: Json) -> Json:
    return None if a is None else {"id": a["id"], "name": a["name"]}


def _peer_nested(data: Json) -> Json:
    a = _one(data["authors"])
    if a is None:
        return None
    return {**_peer_author(a), "works": [
        {"id": w["id"], "title": w["title"], "year": w["year"], "publication_date": w["publication_date"],
         "cited_by_count": w["cited_by_count"],
         "authors": [{"id": e["node"]["id"], "name": e["node"]["display_name"] or e["node"]["id"],
                      "position": e["properties"]["position"], "order": e["properties"]["order"]}
                     for e in w["authorsConnection"]["edges"]],
         # ScholarGraph shows the id for a topic without a name, and primary: false (its field is
         # Boolean!) for an edge without one; the peer shows null for both.
         "topics": [{"id": e["node"]["id"], "name": e["node"]["name"] or e["node"]["id"],
                     "score": e["properties"]["score"], "primary": bool(e["properties"]["primary"])}
                    for e in w["topicsConnection"]["edges"]]}
        for w in a["works"]]}


def _api_nested(data: Json) -> Json:
    a = data["author"]
    if a is None:
        return None
    return {**_api_author(a), "works": [
        {"id": w["id"], "title": w["title"], "year": w["year"], "publication_date": w["publicationDate"],
         "cited_by_count": w["citedByCount"],
         "authors": [{"id": x["author"]["id"], "name": x["author"]["name"],
                      "position": x["position"], "order": x["order"]} for x in w["authors"]],
         "topics": [{"id": t["topic"]["id"], "name": t["topic"]["name"],
                     "score": t["score"], "primary": t["primary"]} for t in w["topics"]]}
        for w in (e["node"] for e in a["works"]["edges"])]}


NORMALISE: dict[str, tuple[Callable[[Json], Json], Callable[[Json], Json]]] = {
    # name: (peer data -> canonical, ScholarGraph data -> canonical)
    "nested": (_peer_nested, _api_nested),
    "trivial": (lambda d: _peer_author(_one(d["authors"])), lambda d: _api_author(d["author"])),
}


# --- comparison -------------------------------------------------------------------------------

def _same_scalar(a: Json, b: Json) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        # Both read the same stored double; JSON may print it differently (Python vs V8).
        return a == b or math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)
    return a == b


def _label(x: Json) -> str:
    return repr(x["id"]) if isinstance(x, dict) and "id" in x else _short(x)


def _short(x: Json, limit: int = 120) -> str:
    text = json.dumps(x, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[:limit] + "…"


def _diff(path: str, peer: Json, api: Json, out: list[str]) -> None:
    if isinstance(peer, dict) and isinstance(api, dict):
        for key in sorted(set(peer) | set(api)):
            if key not in peer or key not in api:
                out.append(f"{path}.{key}: only in {'peer' if key in peer else 'api'}")
            else:
                _diff(f"{path}.{key}", peer[key], api[key], out)
    elif isinstance(peer, list) and isinstance(api, list):
        if len(peer) != len(api):
            out.append(f"{path}: {len(peer)} items from the peer, {len(api)} from the api")
        ids_peer, ids_api = [_label(x) for x in peer], [_label(x) for x in api]
        if ids_peer != ids_api and sorted(ids_peer) == sorted(ids_api):
            out.append(f"{path}: same items, another order: peer [{', '.join(ids_peer)}] "
                       f"api [{', '.join(ids_api)}]")
            return
        for i, (p, a) in enumerate(zip(peer, api, strict=False)):
            _diff(f"{path}[{i}]", p, a, out)
        for i in range(len(api), len(peer)):
            out.append(f"{path}[{i}]: only in peer: {_short(peer[i])}")
        for i in range(len(peer), len(api)):
            out.append(f"{path}[{i}]: only in api: {_short(api[i])}")
    elif not _same_scalar(peer, api):
        out.append(f"{path}: peer {_short(peer)} != api {_short(api)}")


def _data(side: str, response: Json, out: list[str]) -> Json:
    """The `data` of a GraphQL response (or data already unwrapped); notes errors in `out`."""
    if isinstance(response, dict) and ("data" in response or "errors" in response):
        for err in response.get("errors") or []:
            out.append(f"{side} error: {err.get('message', err) if isinstance(err, dict) else err}")
        return response.get("data")
    return response


def same_data(name: str, peer_json: Json, api_json: Json) -> list[str]:
    """Differences between the peer's and ScholarGraph's answers to query `name` of queries.json,
    each a line naming the path; an empty list when they carry the same data. Takes the parsed
    responses ({"data": ..., "errors": ...}) or their `data`. Errors on either side are differences."""
    if name not in NORMALISE:
        raise KeyError(f"no normaliser for query {name!r} (known: {', '.join(NORMALISE)})")
    out: list[str] = []
    peer_data, api_data = _data("peer", peer_json, out), _data("api", api_json, out)
    if peer_data is None or api_data is None:
        if peer_data is None:
            out.append("peer: no data")
        if api_data is None:
            out.append("api: no data")
        return out
    to_peer, to_api = NORMALISE[name]
    try:
        peer, api = to_peer(peer_data), to_api(api_data)
    except (KeyError, TypeError, ValueError) as exc:
        return [*out, f"unexpected response shape: {type(exc).__name__}: {exc}"]
    _diff(name, peer, api, out)
    return out


# --- running both -----------------------------------------------------------------------------

def post(url: str, query: str, variables: dict[str, Any], timeout: float = 60.0) -> tuple[Json, float]:
    """POST one GraphQL request; the parsed body and the seconds it took. A GraphQL error answer
    (HTTP 4xx/5xx with a JSON body) is returned like a 200."""
    body = json.dumps({"query": query, "variables": variables}).encode()
    req = urllib.request.Request(url, body, {"Content-Type": "application/json", "Accept": "application/json"})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            return json.loads(raw), time.perf_counter() - start
        except ValueError:
            raise RuntimeError(f"{url}: HTTP {exc.code}: {raw[:300]!r}") from exc
    return json.loads(raw), time.perf_counter() - start


def pick_authors(bolt: str, user: str | None, password: str | None) -> list[str]:
    """Authors to check: most works, about the median, fewer than 20 works; and an unknown id."""
    import neo4j

    auth = (user, password or "") if user else None
    with neo4j.GraphDatabase.driver(bolt, auth=auth) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (a:Author)-[:AUTHORED]->(w:Work) WITH a, count(w) AS n ORDER BY n DESC, a.id "
            "RETURN a.id AS id, n", routing_=neo4j.RoutingControl.READ)
    if not records:
        raise SystemExit("no Author with works in the graph: load one first")
    ids = [records[0]["id"], records[len(records) // 2]["id"]]
    few = next((r["id"] for r in records if r["n"] < 20 and r["n"] > 1), None)
    return [*dict.fromkeys([*ids, *([few] if few else [])]), UNKNOWN_AUTHOR]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bolt", required=True, help="the Neo4j both servers read (picks authors)")
    parser.add_argument("--user", help="Neo4j user (omit when auth is off)")
    parser.add_argument("--password", help="Neo4j password")
    parser.add_argument("--peer", required=True, help="the peer's /graphql URL (server.mjs)")
    parser.add_argument("--api", required=True, help="ScholarGraph's /graphql URL (scholargraph serve)")
    parser.add_argument("--author", action="append", default=[],
                        help="an Author id to check (repeatable); default: picked over Bolt")
    parser.add_argument("--query", action="append", default=[], help="only these queries (by name)")
    parser.add_argument("--show", action="store_true", help="print the normalised data of each answer")
    args = parser.parse_args(argv)

    queries = [q for q in load_queries() if not args.query or q["name"] in args.query]
    authors = args.author or pick_authors(args.bolt, args.user, args.password)
    failures = 0
    for author in authors:
        for q in queries:
            variables = {"id": author}
            try:
                peer, t_peer = post(args.peer, q["peer_query"], variables)
                api, t_api = post(args.api, q["scholargraph_query"], variables)
            except (OSError, RuntimeError, ValueError) as exc:
                print(f"cannot query: {exc}", file=sys.stderr)
                return 2
            diffs = same_data(q["name"], peer, api)
            to_peer, _ = NORMALISE[q["name"]]
            shown = to_peer(peer["data"]) if not diffs and peer.get("data") else None
            size = (f"{len(shown['works'])} works" if isinstance(shown, dict) and "works" in shown
                    else "null" if shown is None and not diffs else "")
            status = "same" if not diffs else f"DIFFERENT ({len(diffs)})"
            print(f"{q['name']:8} {author:28} {status:14} {size:10} peer {t_peer * 1000:7.1f} ms   "
                  f"api {t_api * 1000:7.1f} ms")
            for line in diffs[:40]:
                print(f"    {line}")
            if len(diffs) > 40:
                print(f"    … {len(diffs) - 40} more")
            if args.show and shown is not None:
                print(json.dumps(shown, indent=1, ensure_ascii=False)[:4000])
            failures += bool(diffs)
    print("all the same" if not failures else f"{failures} answer(s) differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
