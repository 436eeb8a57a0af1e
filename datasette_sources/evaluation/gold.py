"""Compare a reading of articles with an editor's gold reading of them.

Used by the tests and by ``scripts/evaluate.py``; pure functions over
:class:`~datasette_sources.model.Article` objects and the gold JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..model import Article

_WS = re.compile(r"\s+")


def fold(text: str) -> str:
    """Fold every run of white space (no-break spaces too) to one space."""
    return _WS.sub(" ", text.replace("\u00a0", " ")).strip()


@dataclass
class Check:
    article: str
    what: str
    ok: bool
    detail: str = ""


def _sentence_with(art: Article, phrase: str):
    phrase = fold(phrase)
    for s in art.sentences:
        if phrase in fold(s.text) or fold(s.text) in phrase and len(s.text) > 20:
            return s
    return None


def _speakers(art: Article) -> set[str]:
    out = set()
    for s in art.sentences:
        for a in s.attributions or ([] if not s.speaker else [(s.speaker, s.cue, s.speaker_type)]):
            out.add(a[0].lower())
    return out


def check_article(name: str, art: Article, gold: dict[str, Any]) -> list[Check]:
    """Every check the gold makes of one article."""
    checks: list[Check] = []
    add = lambda what, ok, detail="": checks.append(Check(name, what, bool(ok), detail))  # noqa: E731
    add("title", fold(art.title or "") == fold(gold["title"]), art.title or "")
    body_lines = set(art.extra.get("paragraph_lines", []))
    for line in gold.get("boilerplate_lines", []):
        add(f"line {line} outside body", line not in body_lines)
    add("body_first", fold(art.body).startswith(fold(gold["body_first"])), fold(art.body)[:60])
    add(
        "body_last",
        fold(art.body).rstrip("\"”’'").endswith(fold(gold["body_last"]).rstrip("\"”’'")),
        fold(art.body)[-60:],
    )
    for b in gold.get("bylines", []):
        add(f"byline {b}", b in art.bylines, repr(art.bylines))
    if gold.get("credit"):
        add(
            f"credit {gold['credit']}",
            (art.credit or "").lower() == gold["credit"].lower(),
            repr(art.credit),
        )
    if gold.get("published"):
        add("published", (art.published or "").startswith(gold["published"]), repr(art.published))
    if gold.get("updated"):
        add("updated", (art.updated or "").startswith(gold["updated"]), repr(art.updated))
    if gold.get("dateline"):
        add("dateline", art.dateline == gold["dateline"], repr(art.dateline))
    sic = sum(1 for s in art.sentences if s.has_sic)
    add("sic_count", sic == gold["sic_count"], f"{sic} != {gold['sic_count']}")
    brackets = [b for s in art.sentences for b in s.brackets]
    add("bracket_insertions", brackets == gold.get("bracket_insertions", []), repr(brackets))
    speakers = _speakers(art)
    for sp in gold.get("named_speakers", []):
        add(f"speaker {sp}", sp.lower() in speakers, ", ".join(sorted(speakers)))
    for phrase in gold.get("anonymous_sources", []):
        s = _sentence_with(art, phrase)
        anon = s is not None and any(a[2] == "anonymous" for a in s.attributions)
        add(f"anonymous {phrase}", anon, repr(s.attributions if s else None))
    for phrase in gold.get("opinion_sentences", []):
        s = _sentence_with(art, phrase)
        add(
            f"opinion: {phrase[:50]}",
            s is not None and s.kind == "opinion",
            s.kind if s else "not found",
        )
    for phrase in gold.get("must_not_be_opinion", []):
        s = _sentence_with(art, phrase)
        add(
            f"not opinion: {phrase[:50]}",
            s is not None and s.kind != "opinion",
            s.kind if s else "not found",
        )
    return checks
