"""Group articles about the same event into stories.

Two articles are about the same event when they share what an event leaves in
its coverage: the same people and places, the same words, the same quotations
and passages, within a few days of each other. Articles merely on the same
topic — two different shootings, two trade deals months apart — share the
topic words but not the names, quotations and dates.

Each article is reduced to a :class:`Fingerprint`; :func:`group` links
candidate pairs and merges them by average linkage, so one loose link cannot
chain two stories together the way single linkage would.

The text decides what belongs together, so undated articles (a folder of .txt
files) group as well as dated ones; an undated pair needs more in common
(:data:`UNDATED_THRESHOLD`), since no date vouches for it. Dates, when known, only
keep apart: two articles further apart than :data:`MAX_DAYS` are never linked, and
no story grows to span more than that, so stories cannot chain across weeks.

>>> a = fingerprint("a", "Pompeo closes Basra consulate", "Mike Pompeo closed the Basra consulate on Friday.", "2018-09-28")
>>> b = fingerprint("b", "US shuts consulate in Basra", "Mike Pompeo ordered the Basra consulate closed.", "2018-09-29")
>>> c = fingerprint("c", "Storm hits Florida", "Hurricane Michael hit the Florida coast on Wednesday.", "2018-10-10")
>>> sorted(sorted(g) for g in group([a, b, c]))
[['a', 'b'], ['c']]
"""  # noqa: E501

from __future__ import annotations

import hashlib
import heapq
import json
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

#: Average similarity at or above which two groups are one story.
THRESHOLD = 0.12
#: What a pair of articles must share when one of them has no date: more than a dated
#: pair, whose dates already say the two are not weeks apart (tuned on BASIL 2010-2014).
UNDATED_THRESHOLD = 0.17
#: Articles further apart than this (both dated) are never one story, nor is a story
#: whose dated articles span more than this.
MAX_DAYS = 7
#: What a stored fingerprint keeps, so that a large database fits in memory.
MAX_TERMS = 60
MAX_NAMES = 80
PASSAGE_SAMPLE = 8  # keep one passage hash in eight
#: A passage or quotation found in more articles than this is boilerplate or a slogan.
PASSAGE_FANOUT = 6

_NAME = re.compile(r"\b[A-Z][a-zA-Z’'.-]+(?:\s+[A-Z][a-zA-Z’'.-]+)*")
_WORD = re.compile(r"[a-z][a-z'-]+")
_NOT_NAMES = frozenset(
    """
    the a an but and in on at he she it they we i this that these those there his her its
    their our after before when while however meanwhile still yet also as if so then mr mrs
    ms dr monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december republicans democrats
    republican democrat americans american u.s us said says according what who why how
    """.split()
)
_STOPWORDS = frozenset(
    """
    the a an and or but of to in on at for with by from as is are was were be been has have
    had that this it its he she they his her their said says not no will would could should
    may also which who what when where there than then more most about after before over
    into out up his him them we our you your one two new just like all can did do does
    """.split()
)


@dataclass
class Fingerprint:
    """What an article shares with others about the same event."""

    article_id: str
    published: date | None = None
    names: frozenset[str] = frozenset()
    terms: dict[str, float] = field(default_factory=dict)
    quotes: frozenset[str] = frozenset()
    passages: frozenset[int] = frozenset()


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _passages(body: str) -> frozenset[int]:
    """A sample (one in PASSAGE_SAMPLE) of the article's eight-word passages, hashed."""
    words = _WORD.findall(body.lower())
    out = set()
    for i in range(len(words) - 7):
        h = int.from_bytes(
            hashlib.blake2b(" ".join(words[i : i + 8]).encode(), digest_size=4).digest()
        )
        if h % PASSAGE_SAMPLE == 0:
            out.add(h)
    return frozenset(out)


def fingerprint(
    article_id: str,
    title: str | None,
    body: str,
    published: str | None = None,
    quotes: Iterable[str] = (),
) -> Fingerprint:
    """The fingerprint of one article; ``quotes`` are its normalised quotation keys."""
    text = (title or "") + "\n" + body
    names: Counter[str] = Counter()
    for m in _NAME.finditer(text):
        for part in [m.group(0), *m.group(0).split()]:
            key = part.lower().strip(".’'")
            if len(key) >= 3 and key not in _NOT_NAMES:
                names[key] += 1
    counts = Counter(w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _STOPWORDS)
    return Fingerprint(
        article_id=article_id,
        published=_date(published),
        names=frozenset(n for n, _ in names.most_common(MAX_NAMES)),
        terms={w: round(1 + math.log(c), 3) for w, c in counts.most_common(MAX_TERMS)},
        quotes=frozenset(q for q in quotes if len(q.split()) >= 6),
        passages=_passages(body),
    )


def to_row(fp: Fingerprint) -> dict[str, object]:
    """A fingerprint as a row of the ``story_keys`` table."""
    return {
        "article_id": fp.article_id,
        "published": fp.published.isoformat() if fp.published else None,
        "names": json.dumps(sorted(fp.names)),
        "terms": json.dumps(fp.terms),
        "quotes": json.dumps(sorted(fp.quotes)),
        "passages": json.dumps(sorted(fp.passages)),
    }


def from_row(row: dict[str, object], shared_passages: set[int] | None = None) -> Fingerprint:
    """The fingerprint stored by :func:`to_row`.

    ``shared_passages``, when given, keeps only those passage hashes: the ones
    another article also has, which are all that grouping can use.
    """
    passages = json.loads(row["passages"] or "[]")  # type: ignore[arg-type]
    if shared_passages is not None:
        passages = [h for h in passages if h in shared_passages]
    return Fingerprint(
        article_id=str(row["article_id"]),
        published=_date(row.get("published")),  # type: ignore[arg-type]
        names=frozenset(map(sys.intern, json.loads(row["names"] or "[]"))),  # type: ignore[arg-type]
        terms={sys.intern(k): v for k, v in json.loads(row["terms"] or "{}").items()},  # type: ignore[arg-type]
        quotes=frozenset(json.loads(row["quotes"] or "[]")),  # type: ignore[arg-type]
        passages=frozenset(passages),
    )


def _unit(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(x * x for x in weights.values()))
    return {k: x / norm for k, x in weights.items()} if norm else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(k, 0.0) for k, x in a.items())


def group(
    prints: list[Fingerprint],
    threshold: float = THRESHOLD,
    max_days: int = MAX_DAYS,
    *,
    undated_threshold: float = UNDATED_THRESHOLD,
    consume: bool = False,
) -> list[set[str]]:
    """Stories as sets of article ids, every article in exactly one.

    ``consume=True`` lets the function empty each fingerprint's names, terms and
    passages as soon as it has what it needs from them: for a large database
    whose fingerprints were made just for this call, it halves the memory.
    """
    n = len(prints)
    if not n:
        return []
    name_df = Counter(k for p in prints for k in p.names)
    term_df = Counter(k for p in prints for k in p.terms)

    def idf(df: int) -> float:  # smoothed, so that a tiny corpus still has weights
        return math.log((1 + n) / (1 + df)) + 0.1

    name_vecs = [_unit({k: idf(name_df[k]) for k in p.names}) for p in prints]
    term_vecs = [_unit({k: w * idf(term_df[k]) for k, w in p.terms.items()}) for p in prints]
    del term_df
    if consume:
        for p in prints:
            p.terms = {}
    # Candidates share a rare-enough name, a quotation or a passage.
    index: dict[object, list[int]] = defaultdict(list)
    # A key shared by many articles is a topic, not an event (and would cost n² pairs).
    common = min(60, max(20, int(0.05 * n)))
    passage_df = Counter(h for p in prints for h in p.passages)
    # Only passages that tie two to PASSAGE_FANOUT articles matter: more is an outlet's
    # boilerplate, one is nothing shared.
    shared = [
        frozenset(h for h in p.passages if 1 < passage_df[h] <= PASSAGE_FANOUT) for p in prints
    ]
    del passage_df
    # Likewise a quotation in many articles is a slogan or a site's recurring line.
    quote_df = Counter(q for p in prints for q in p.quotes)
    quotes = [frozenset(q for q in p.quotes if quote_df[q] <= PASSAGE_FANOUT) for p in prints]
    del quote_df
    for i, p in enumerate(prints):
        for k in p.names:
            if name_df[k] <= common:
                index[("n", k)].append(i)
        for q in quotes[i]:
            index[("q", q)].append(i)
        for h in shared[i]:
            index[("p", h)].append(i)
    del name_df
    if consume:
        for p in prints:
            p.names, p.passages = frozenset(), frozenset()
    keys_of: list[list[object]] = [[] for _ in range(n)]
    for key, members in list(index.items()):
        if 1 < len(members) <= common:
            for i in members:
                keys_of[i].append(key)
        else:
            del index[key]
    edges: dict[int, dict[int, float]] = defaultdict(dict)
    for i in range(n):
        # The neighbours of one article at a time, so that pairs never pile up in memory.
        neighbours = {j for key in keys_of[i] for j in index[key] if j > i}
        a = prints[i]
        for j in neighbours:
            b = prints[j]
            if a.published and b.published and abs((a.published - b.published).days) > max_days:
                continue  # never one story
            shared_quotes = len(quotes[i] & quotes[j])
            shared_passages = len(shared[i] & shared[j])
            sim = (_cosine(name_vecs[i], name_vecs[j]) + _cosine(term_vecs[i], term_vecs[j])) / 2
            sim += 0.1 * min(shared_quotes, 3) + 0.05 * min(shared_passages, 6)
            if not (a.published and b.published):
                # Scaled so that one threshold serves both: an undated pair counts as
                # much as a dated one only when it shares UNDATED_THRESHOLD / THRESHOLD more.
                sim *= threshold / undated_threshold
            if sim >= threshold / 2:
                edges[i][j] = edges[j][i] = sim
    days = [p.published.toordinal() if p.published else None for p in prints]
    return [
        {prints[i].article_id for i in members}
        for members in _average_linkage(n, edges, threshold, days, max_days)
    ]


def _average_linkage(
    n: int,
    edges: dict[int, dict[int, float]],
    threshold: float,
    days: list[int | None] | None = None,
    max_days: int = MAX_DAYS,
) -> list[set[int]]:
    """Merge clusters while their average pairwise similarity (missing pairs 0) is high enough.

    ``days`` (an ordinal day or None per article) keeps every cluster's dated articles
    within ``max_days`` of each other: a merge that would stretch a story further is refused.

    >>> edges = {0: {1: 0.5}, 1: {0: 0.5, 2: 0.5}, 2: {1: 0.5}}
    >>> sorted(map(sorted, _average_linkage(3, edges, 0.1, [1, 6, 11], 7)))
    [[0, 1], [2]]
    """
    members = {i: {i} for i in range(n)}
    span = {i: (d, d) if d is not None else None for i, d in enumerate(days or [None] * n)}
    total: dict[int, dict[int, float]] = {i: dict(edges.get(i, {})) for i in range(n)}
    heap = [(-s, i, j) for i in total for j, s in total[i].items() if i < j and s >= threshold]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        avg = total[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(avg + neg) > 1e-12:
            if avg >= threshold:
                heapq.heappush(heap, (-avg, a, b))
            continue
        sa, sb = span[a], span[b]
        if sa and sb and max(sa[1], sb[1]) - min(sa[0], sb[0]) > max_days:
            continue  # the two stories are more than max_days apart: never one
        span[a] = (min(sa[0], sb[0]), max(sa[1], sb[1])) if sa and sb else sa or sb
        members[a] |= members.pop(b)
        for c, s in total.pop(b).items():
            if c == a:
                continue
            total[c].pop(b, None)
            total[a][c] = total[a].get(c, 0.0) + s
            total[c][a] = total[a][c]
        total[a].pop(b, None)
        for c, s in total[a].items():
            avg = s / (len(members[a]) * len(members[c]))
            if avg >= threshold:
                heapq.heappush(heap, (-avg, min(a, c), max(a, c)))
    return list(members.values())
