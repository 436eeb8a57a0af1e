"""Our sentences on a gold corpus's character offsets (PolNeAR), and its speakers matched.

Pure functions: no files, no timing. Used by ``scripts/evaluate.py``.
"""

from __future__ import annotations

import re

from .gold import fold

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
