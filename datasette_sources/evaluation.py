"""Compare a reading of articles with an editor's gold reading of them.

Used by the tests and by ``scripts/evaluate.py``; pure functions over
:class:`~datasette_sources.model.Article` objects and the gold JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .model import Article

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


# --- corpus evaluation helpers (used by scripts/evaluate.py) -------------------
#
# Pure functions: no files, no timing. They map our sentences back to the
# character offsets of the raw text a gold corpus annotates, and compute the
# usual precision / recall / F1 by hand (no scikit-learn).

Span = tuple[int, int]

#: Double quotation marks: a gold content holding one of these is (at least partly) quoted.
QUOTE_MARKS = '"“”«»„'


def has_quotation_mark(text: str) -> bool:
    """A double quotation mark, typewriter '' (as the NYT text in PolNeAR has) included.

    >>> has_quotation_mark("called it ''a disgrace''"), has_quotation_mark("it's")
    (True, False)
    """
    return any(c in text for c in QUOTE_MARKS) or "''" in text or "``" in text


_PRONOUNS = frozenset(
    "i me we us you he him she her they them it his hers its their theirs our my your "
    "who whom which that this these those one".split()
)
_DESCRIPTION_STARTS = frozenset(
    "a an the some many several most few other others another each every both all no any "
    "two three four five six seven eight nine ten dozens hundreds thousands "
    "officials official sources source aides experts critics analysts people residents "
    "supporters opponents voters witnesses observers reporters democrats republicans "
    "lawmakers authorities police".split()
)


def fold_with_offsets(raw: str) -> tuple[str, list[int]]:
    """``fold(raw)`` and, for each of its characters, the offset in ``raw`` it came from.

    A folded space maps to the first white-space character of the run it replaces.

    >>> f, o = fold_with_offsets("  A\\n\\n b ")
    >>> f, o
    ('A b', [2, 3, 6])
    """
    chars: list[str] = []
    offsets: list[int] = []
    for m in re.finditer(r"\s+|\S+", raw.replace("\u00a0", " ")):
        if m.group(0)[0].isspace():
            if chars and m.end() < len(raw):
                chars.append(" ")
                offsets.append(m.start())
        else:
            chars.append(m.group(0))
            offsets.extend(range(m.start(), m.end()))
    return "".join(chars), offsets


def locate_sentences(raw: str, texts: list[str]) -> list[Span | None]:
    """The raw-text span of each sentence text, found in order from a moving cursor.

    Sentences are white-space-folded copies of body text, so each is searched
    for, folded, in the folded raw text; a sentence not found after the cursor
    is searched for from the start; one not found at all gets ``None``.

    >>> locate_sentences("One.\\n\\nTwo  three. One.", ["One.", "Two three.", "One."])
    [(0, 4), (6, 17), (18, 22)]
    """
    folded, offsets = fold_with_offsets(raw)
    out: list[Span | None] = []
    cursor = 0
    for text in texts:
        t = fold(text)
        if not t:
            out.append(None)
            continue
        at = folded.find(t, cursor)
        if at == -1:
            at = folded.find(t)
        if at == -1:
            out.append(None)
            continue
        out.append((offsets[at], offsets[at + len(t) - 1] + 1))
        cursor = at + len(t)
    return out


def sub_span(raw_span: Span, raw: str, start: int, end: int) -> Span:
    """Raw offsets of ``fold(raw[a:b])[start:end]``, ``raw_span`` = (a, b): part of a sentence."""
    _, offsets = fold_with_offsets(raw[raw_span[0] : raw_span[1]])
    end = min(end, len(offsets))
    if not offsets or start >= end:
        return (raw_span[0], raw_span[0])
    return (raw_span[0] + offsets[start], raw_span[0] + offsets[end - 1] + 1)


def parse_spans(spans: str) -> list[Span]:
    """'12-20;25-30' -> [(12, 20), (25, 30)]; '' -> []."""
    out = []
    for piece in (spans or "").split(";"):
        piece = piece.strip()
        if piece:
            a, b = piece.split("-")
            out.append((int(a), int(b)))
    return out


def overlaps(a: list[Span] | Span, b: list[Span] | Span) -> int:
    """Characters shared by two spans or lists of spans."""
    la = [a] if isinstance(a, tuple) else a
    lb = [b] if isinstance(b, tuple) else b
    return sum(max(0, min(x1, y1) - max(x0, y0)) for x0, x1 in la for y0, y1 in lb)


def is_name(source: str) -> bool:
    """Does a gold source text name someone (not a pronoun, not a description)?

    >>> [is_name(s) for s in ["Mr. Trump", "he", "The officials", "Sanders", "officials"]]
    [True, False, False, True, False]
    """
    words = fold(source).split()
    if not words or not words[0][:1].isupper():
        return False
    first = words[0].lower().strip(".,’'\"“”")
    return first not in _PRONOUNS and first not in _DESCRIPTION_STARTS


def _last_token(name: str) -> str:
    words = re.sub(r"[’']s\b", "", fold(name)).strip(" ,.;:’'\"“”").split()
    return words[-1].lower().strip(".,’'") if words else ""


def speaker_matches(gold: str, ours: str | None) -> bool:
    """Same last token (case-insensitive, possessive 's stripped), or one contains the other.

    The gold source is tried whole and cut at its first comma, since gold sources
    often carry an apposition or a relative clause ("Vilsack, a former Iowa governor").

    >>> speaker_matches("Secretary of State John Kerry", "John Kerry")
    True
    >>> speaker_matches("Mr. Trump’s", "Donald Trump"), speaker_matches("Trump", "Cruz")
    (True, False)
    >>> speaker_matches("Le Pen, who has garnered attention for her remarks", "Marine Le Pen")
    True
    """
    if not ours:
        return False
    o = fold(ours).lower()
    for g in {fold(gold).lower(), fold(gold.split(",")[0]).lower()}:
        if g and o and (_last_token(g) == _last_token(o) or g in o or o in g):
            return True
    return False


@dataclass
class Binary:
    """Counts of a binary classifier against gold, with the usual scores."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, gold: bool, predicted: bool) -> None:
        if gold and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def scores(self) -> dict[str, float]:
        """Precision, recall and F1 of each class, macro-F1 and accuracy.

        >>> b = Binary(tp=2, fp=1, fn=1, tn=4)
        >>> round(b.scores()["macro_f1"], 3)
        0.733
        """
        div = lambda a, b: a / b if b else 0.0  # noqa: E731
        p1, r1 = div(self.tp, self.tp + self.fp), div(self.tp, self.tp + self.fn)
        p0, r0 = div(self.tn, self.tn + self.fn), div(self.tn, self.tn + self.fp)
        f1, f0 = self._f1(p1, r1), self._f1(p0, r0)
        return {
            "pos_p": p1,
            "pos_r": r1,
            "pos_f1": f1,
            "pos_n": self.tp + self.fn,
            "neg_p": p0,
            "neg_r": r0,
            "neg_f1": f0,
            "neg_n": self.tn + self.fp,
            "macro_f1": (f1 + f0) / 2,
            "accuracy": div(self.tp + self.tn, self.n),
        }
