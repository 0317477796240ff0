"""search.titles.title_key: the key semantic search compares a pasted title by.

The keys must stay what they were when titles were keyed by loaders.ids.normalise_name (a
work found by its exact title today must be found tomorrow); the cases below are those keys,
written out."""

from __future__ import annotations

import pytest

from search.titles import title_key


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Graph databases for scholarly metadata", "graph databases for scholarly metadata"),
        ("  Graph  Databases:\tSøren’s Æther-Model ", "graph databases soren s aether model"),
        ("Attention Is All You Need.", "attention is all you need"),
        ("BERT: Pre-training of Deep Transformers", "bert pre training of deep transformers"),
        ("Łódź, Straße und Œuvre", "lodz strasse und oeuvre"),
        ("Þórr's ðing in Đakovo (1ıx)", "thorr s ding in dakovo 1ix"),
        ("snake_case and CamelCase", "snake case and camelcase"),
        ("E = mc²: ﬁne ligatures", "e mc2 fine ligatures"),
        ("量子 计算", "量子 计算"),
        ("?!", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_title_key(title: str | None, key: str) -> None:
    assert title_key(title) == key
