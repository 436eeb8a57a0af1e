"""Passages one article shares with another of the same story, beyond common quotations.

Two reporters quoting the same statement share its words; that is reporting.
Two articles sharing the writer's own sentences — the narration around the
quotes — is copying. :func:`find_copies` compares the text outside quotation
marks, finds runs of shared words a standards editor would call a copied
passage (:data:`COPY_WORDS` words, or two sentences of at least
:data:`MIN_COPY_WORDS`), decides which article is the source and whether the
copy credits it. Two articles of the same outlet (by any of its names) share text
as one newsroom's updates and page furniture do: that is not copying.

The source is the earlier article when both are dated. Otherwise the evidence
is read as an editor would: the copy is the one that adds editorial marks
([sic], brackets) inside the shared passages, or carries a credit line naming
the other's outlet. Without either, the direction is unknown: the copy says so
(``direction == "unknown"``) and neither article is charged with copying. A copy
that names its source — a wire credit, "first reported by", "according to
<outlet>" — is credited.

>>> a = Side("a", "Pompeo closed the consulate in Basra after weeks of rocket fire from militias that answer to Iran. He blamed Tehran.")
>>> b = Side("b", "Pompeo closed the consulate in Basra after weeks of rocket fire from militias [sic] that answer to Iran.")
>>> [(c.source_id, c.copy_id, c.credited, c.direction) for c in find_copies([a, b])]
[('a', 'b', False, 'evidence')]
"""  # noqa: E501

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, combinations

from ..reading.outlet_names import OutletNames, default_outlet_names
from ..reading.quotations import NextFinder

#: Shared runs are found from this many words on (the length of the shingles compared).
MIN_WORDS = 8
#: Occurrences of one run of words in an article that are compared with another's.
MAX_REPEATS = 50
#: A shared run of this many words outside quotations is a copied passage...
COPY_WORDS = 15
#: ... and so is a shorter one of at least this many words that spans two sentences.
MIN_COPY_WORDS = 12
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+[\"“‘'(]?[A-Z0-9]")

_TOKEN = re.compile(r"\[[^\]]*\]|[A-Za-z0-9’'-]+")
_WORD = re.compile(r"[A-Za-z0-9’'-]+")
_OPENER = re.compile(r"[“\"]|''")


@dataclass
class Side:
    """One article as copy detection sees it."""

    article_id: str
    body: str
    published: str | None = None
    outlet: str | None = None
    credit: str | None = None
    credit_kind: str | None = None
    mentions: str = ""  # the rest of the page: credit lines, parts, where a credit would be


@dataclass
class Copy:
    source_id: str
    copy_id: str
    text: str
    source_span: tuple[int, int]
    copy_span: tuple[int, int]
    words: int
    credited: bool
    evidence: list[str] = field(default_factory=list)
    #: How the direction is known: ``dates``, ``evidence`` (editorial) or ``unknown``.
    direction: str = "dates"


def quoted_spans(body: str) -> list[tuple[int, int]]:
    """Quotations (“…”, "…", ''…'' on one line), as ``re.finditer`` of
    ``“[^”]*”|"[^"]*"|''.*?''`` finds them, in one sweep: the expression searched to the
    end of the text for the closer of every unclosed opening mark (n marks, n * n steps).

    >>> quoted_spans("a “b” c ''d'' “e")
    [(2, 5), (8, 13)]
    """
    spans: list[tuple[int, int]] = []
    curly, straight = NextFinder(body, "”"), NextFinder(body, '"')
    doubled, newline = NextFinder(body, "''"), NextFinder(body, "\n")
    pos = 0
    while (m := _OPENER.search(body, pos)) is not None:
        p = m.start()
        if body[p] == "'":  # ''…'' on one line
            q = doubled.find(p + 2)
            end = q + 2 if q != -1 and not -1 < newline.find(p + 2) < q else -1
        else:
            q = (curly if body[p] == "“" else straight).find(p + 1)
            end = q + 1 if q != -1 else -1
        if end == -1:
            pos = p + 1
            continue
        spans.append((p, end))
        pos = end
    return spans


def _tokens(body: str) -> list[tuple[str, int, int, bool]]:
    """(normalised word, start, end, inside a quotation) for every word of ``body``.

    >>> [(w, inside) for w, _, _, inside in _tokens('He said "no way" twice.')]
    [('he', False), ('said', False), ('no', True), ('way', True), ('twice', False)]
    """
    # Quotations come in order and never overlap, and so do words: one sweep over both
    # says which words are quoted (checking every word against every quotation was most
    # of the story pass on long articles full of quotes).
    quoted = quoted_spans(body)
    # Words are cut from the body folded once, when folding keeps every offset.
    folded = body.lower().replace("’", "'")
    if len(folded) != len(body):
        folded = None
    out = []
    k, ends = 0, len(quoted)
    # No bracketed note opens after the last "]": there, words only (tried at every "[",
    # the note's expression would search to the end of the text for each).
    close = body.rfind("]") + 1
    for m in chain(_TOKEN.finditer(body, 0, close), _WORD.finditer(body, close)):
        start, end = m.span()
        while k < ends and quoted[k][1] <= start:
            k += 1
        inside = k < ends and quoted[k][0] <= start
        word = folded[start:end] if folded else m.group().lower().replace("’", "'")
        out.append((word, start, end, inside))
    return out


def _plain(tokens: list[tuple[str, int, int, bool]]) -> list[tuple[str, int]]:
    """Words outside quotations, bracketed notes dropped: (word, index into tokens)."""
    return [(w, i) for i, (w, _, _, inside) in enumerate(tokens) if not inside and w[0] != "["]


@dataclass
class _Prepared:
    """One body's words, read once however many articles it is compared with."""

    tokens: list[tuple[str, int, int, bool]]
    plain: list[tuple[str, int]]
    words: list[str]  # the words of ``plain``
    grams: dict[tuple[str, ...], list[int]]


def _prepare(body: str, min_words: int = MIN_WORDS) -> _Prepared:
    tokens = _tokens(body)
    plain = _plain(tokens)
    words = [w for w, _ in plain]
    grams: dict[tuple[str, ...], list[int]] = {}
    # Every run of min_words words, cut by zip from shifted copies of the list (in C).
    for j, gram in enumerate(zip(*(words[k:] for k in range(min_words)), strict=False)):
        grams.setdefault(gram, []).append(j)
    return _Prepared(tokens, plain, words, grams)


def shared_runs(
    a: str, b: str, min_words: int = MIN_WORDS
) -> list[tuple[tuple[int, int], tuple[int, int], int]]:
    """Character spans of runs of at least ``min_words`` words that ``a`` and ``b`` share
    outside quotation marks: [((a_start, a_end), (b_start, b_end), words), ...]."""
    return _shared_runs(_prepare(a, min_words), _prepare(b, min_words), min_words)


def _shared_runs(
    A: _Prepared, B: _Prepared, min_words: int
) -> list[tuple[tuple[int, int], tuple[int, int], int]]:
    if A.grams.keys().isdisjoint(B.grams.keys()):
        return []  # nothing shared: the common case, decided cheaply
    ta, tb, pa, pb, index = A.tokens, B.tokens, A.plain, B.plain, B.grams
    wa, wb = A.words, B.words
    runs = []
    i = 0
    while i <= len(pa) - min_words:
        key = tuple(wa[i : i + min_words])
        best = None
        # A run of words repeated all through an article is no passage: its first
        # occurrences are enough (every one of thousands, each followed to its end,
        # costs n * n).
        for j in index.get(key, [])[:MAX_REPEATS]:
            n = min_words
            while i + n < len(wa) and j + n < len(wb) and wa[i + n] == wb[j + n]:
                n += 1
            if best is None or n > best[2]:
                best = (i, j, n)
        if best:
            i0, j0, n = best
            a_span = (ta[pa[i0][1]][1], ta[pa[i0 + n - 1][1]][2])
            b_span = (tb[pb[j0][1]][1], tb[pb[j0 + n - 1][1]][2])
            runs.append((a_span, b_span, n))
            i += n
        else:
            i += 1
    return runs


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _names_other(side: Side, other: Side, names: OutletNames) -> bool:
    """Does ``side`` credit ``other`` anywhere, by any of its names: a credit line,
    the page, the body ("according to CNN", "first reported by the AP")?"""
    where = " ".join(x for x in (side.credit or "", side.mentions, side.body) if x)
    return any(names.named_in(n, where) for n in (other.outlet, other.credit) if n)


def is_passage(body: str, span: tuple[int, int], words: int) -> bool:
    """Is a shared run long enough to be a copied passage: COPY_WORDS words, or two
    sentences of at least MIN_COPY_WORDS?

    >>> two = "He left at dawn. The mayor said the city would rebuild every bridge."
    >>> one = "The mayor said on Monday that the city would rebuild every bridge it lost."
    >>> is_passage(two, (0, len(two)), 13), is_passage(one, (0, len(one)), 14)
    (True, False)
    """
    if words >= COPY_WORDS:
        return True
    return words >= MIN_COPY_WORDS and bool(_SENTENCE_END.search(body, span[0], span[1]))


def _direction(a: Side, b: Side, runs, names: OutletNames) -> tuple[Side, Side, list[str], str]:
    """(source, copy, evidence, how the direction is known) for two articles sharing ``runs``."""
    da, db = _date(a.published), _date(b.published)
    if da and db and da != db:
        source, copy = (a, b) if da < db else (b, a)
        return source, copy, ["published earlier"], "dates"
    score = 0.0  # > 0: b copied a
    evidence: list[str] = []
    notes_a = sum(len(re.findall(r"\[[^\]]*\]", a.body[s:e])) for (s, e), _, _ in runs)
    notes_b = sum(len(re.findall(r"\[[^\]]*\]", b.body[s:e])) for _, (s, e), _ in runs)
    if notes_a != notes_b:
        score += 2 if notes_b > notes_a else -2
        evidence.append("the copy adds editorial marks ([sic], brackets) to the shared passages")
    if a.credit_kind == "republished" and _names_other(a, b, names):
        score -= 3
        evidence.append("a credit line names the source")
    if b.credit_kind == "republished" and _names_other(b, a, names):
        score += 3
        evidence.append("a credit line names the source")
    if score > 0:
        return a, b, evidence, "evidence"
    if score < 0:
        return b, a, evidence, "evidence"
    unknown = ["direction unknown: no dates and no editorial evidence; neither is blamed"]
    return a, b, unknown, "unknown"


def find_copies(
    sides: list[Side], min_words: int = MIN_WORDS, names: OutletNames | None = None
) -> list[Copy]:
    """Every copied passage between articles of different outlets in one story."""
    names = names or default_outlet_names()
    out: list[Copy] = []
    prepared = {s.article_id: _prepare(s.body, min_words) for s in sides}
    for a, b in combinations(sides, 2):
        if a.outlet and b.outlet and names.same(a.outlet, b.outlet):
            continue  # one newsroom's own pages: updates and furniture, not copying
        runs = [
            (a_span, b_span, n)
            for a_span, b_span, n in _shared_runs(
                prepared[a.article_id], prepared[b.article_id], min_words
            )
            if is_passage(a.body, a_span, n)
        ]
        if not runs:
            continue
        source, copy, evidence, direction = _direction(a, b, runs, names)
        credited = _names_other(copy, source, names)
        if direction == "unknown":
            credited = credited or _names_other(source, copy, names)
        for a_span, b_span, n in runs:
            s_span, c_span = (a_span, b_span) if source is a else (b_span, a_span)
            out.append(
                Copy(
                    source_id=source.article_id,
                    copy_id=copy.article_id,
                    text=copy.body[c_span[0] : c_span[1]],
                    source_span=s_span,
                    copy_span=c_span,
                    words=n,
                    credited=credited,
                    evidence=evidence,
                    direction=direction,
                )
            )
    return out


def copy_shares(sides: list[Side], copies: list[Copy]) -> dict[str, tuple[float, float]]:
    """article id -> (originality, uncredited_copy_share), both shares of body words."""
    copied: dict[str, list[tuple[int, int]]] = {}
    uncredited: dict[str, list[tuple[int, int]]] = {}
    for c in copies:
        if c.direction == "unknown":
            continue  # neither article is the copy
        copied.setdefault(c.copy_id, []).append(c.copy_span)
        if not c.credited:
            uncredited.setdefault(c.copy_id, []).append(c.copy_span)
    out = {}
    for s in sides:
        total = max(1, len(s.body.split()))

        def words(spans: list[tuple[int, int]], body: str = s.body) -> int:
            covered = sorted(spans)
            merged: list[list[int]] = []
            for a, b in covered:
                if merged and a <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], b)
                else:
                    merged.append([a, b])
            return sum(len(body[a:b].split()) for a, b in merged)

        c = words(copied.get(s.article_id, []))
        u = words(uncredited.get(s.article_id, []))
        out[s.article_id] = (round(1 - c / total, 4), round(u / total, 4))
    return out
