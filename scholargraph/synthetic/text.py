"""Titles and abstracts of the synthetic data, filled from the sentence templates and words of
data/text.json with the topical phrases of a work's topics."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scholargraph.synthetic.vocabulary import TEMPLATES, WORDS

_SLOT = re.compile(r"\{(\w)\}")


@dataclass(frozen=True, slots=True)
class Template:
    fmt: str  # str.format pattern with one {} per slot
    slots: tuple[str, ...]  # slot letters, in order
    starts_with_slot: bool  # then the filled text needs its first letter capitalised


def _compile(templates: Sequence[str]) -> tuple[Template, ...]:
    """'In {t} we' -> Template('In {} we', ('t',), False)."""
    return tuple(Template(_SLOT.sub("{}", t), tuple(_SLOT.findall(t)), t.startswith("{")) for t in templates)


_TITLE_P, _INTRO_P, _GAP_P = (_compile(TEMPLATES[part]) for part in ("title", "intro", "gap"))
_PROPOSE_P, _BODY_P, _CONCLUDE_P = (_compile(TEMPLATES[part]) for part in ("propose", "body", "conclude"))
_ADJ, _RESULT = WORDS["a"], WORDS["r"]


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _picker(rand: Callable[[], float], choices: Sequence[str]) -> Callable[[], str]:
    n = len(choices)
    return lambda: choices[int(rand() * n)]


class Text:
    """Draws the words of one work at a time (`start` resets it): topical phrases come 75% from
    the primary topic, Zipf-like so a topic's main phrases dominate its works."""

    def __init__(self, rng: random.Random) -> None:
        self.rand = rand = rng.random
        self.randint = rng.randint
        self.primary: tuple[str, ...] = ()
        self.secondary: tuple[str, ...] = ()
        self.methods: tuple[str, ...] = ()
        self.used: list[str] = []
        self.slots: dict[str, Callable[[], str]] = {
            "t": self.term,
            "T": lambda: cap(self.term()),
            "m": lambda: self.methods[int(rand() * len(self.methods))],
            "a": _picker(rand, _ADJ),
            "A": lambda: cap(_ADJ[int(rand() * len(_ADJ))]),
            "n": _picker(rand, WORDS["n"]),
            "p": _picker(rand, WORDS["p"]),
            "r": _picker(rand, _RESULT),
            "R": lambda: cap(_RESULT[int(rand() * len(_RESULT))]),
            "d": _picker(rand, WORDS["d"]),
            "b": _picker(rand, WORDS["b"]),
            "q": _picker(rand, WORDS["q"]),
            "k": lambda: str(2 + int(rand() * 11)),
            "X": self.acronym,
        }

    def start(self, primary: tuple[str, ...], secondary: tuple[str, ...], methods: tuple[str, ...]) -> None:
        self.primary, self.secondary, self.methods = primary, secondary, methods
        self.used = []

    def term(self) -> str:
        rand, used = self.rand, self.used
        pool = self.primary if not self.secondary or rand() < 0.75 else self.secondary
        phrase = pool[int(len(pool) * rand() ** 1.5)]
        if used and phrase == used[-1]:  # no "X from X"
            phrase = pool[int(len(pool) * rand())]
        used.append(phrase)
        return phrase

    def acronym(self) -> str:
        letters = "".join(w[0] for w in self.term().split() if w[0].isalpha()).upper()
        if len(letters) >= 2:
            return letters
        return letters + ("Net", "Flow", "X")[int(self.rand() * 3)]

    def fill(self, template: Template) -> str:
        slots = self.slots
        text = template.fmt.format(*[slots[k]() for k in template.slots])
        return text[:1].upper() + text[1:] if template.starts_with_slot else text

    def pick(self, templates: tuple[Template, ...]) -> str:
        return self.fill(templates[int(self.rand() * len(templates))])

    def title(self) -> str:
        return self.pick(_TITLE_P)

    def abstract(self, code_url: str | None) -> str:
        """80-200 words: intro, gap, proposal, body, a conclusion, maybe a code link.
        Every sentence has at most ~36 words and sentences stop once a target in
        [80, 160] is reached, so the total stays within bounds."""
        target = self.randint(80, 160)
        sentences = [self.pick(_INTRO_P), self.pick(_GAP_P), self.pick(_PROPOSE_P)]
        n = sum(s.count(" ") + 1 for s in sentences)
        concluded = False
        while n < target:
            pool = _BODY_P
            if not concluded and n >= target - 15:
                pool, concluded = _CONCLUDE_P, True
            sentence = self.pick(pool)
            sentences.append(sentence)
            n += sentence.count(" ") + 1
        if code_url:
            sentences.append(f"Code is available at {code_url}.")
        return " ".join(sentences)
