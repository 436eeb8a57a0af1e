"""Group articles about the same event into stories.

Two articles are about the same event when they share what an event leaves in
its coverage: the same people and places, the same words, the same quotations
and passages, within a few days of each other. Articles merely on the same
topic — two different shootings, two trade deals months apart — share the
topic words but not the names, quotations and dates.

Each article is reduced to a :class:`Fingerprint`. Articles that share a rare
key (:func:`linking_keys`: a name few articles have, a quotation, a passage) are
candidates; a candidate pair is linked by its :func:`similarity`, computed from
each article's :class:`Profile` (names and terms weighted by how rare they are in
the whole corpus); linked articles are merged by average linkage
(:mod:`.linkage`), so one loose link cannot chain two stories together the way
single linkage would. :func:`group` does it all in memory; the story pass of a
database (``store.stories``) does the same with the same functions, a block of
articles at a time, and for only the new articles and their candidates.

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
import json
import math
import re
import sys
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate

from .linkage import BLOCK_SIZE, average_linkage, blocks

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


#: A passage's hash, started once and copied for each passage (cheaper than a new one).
_PASSAGE_HASH = hashlib.blake2b(digest_size=4)


def _passages(words: list[str]) -> frozenset[int]:
    """A sample (one in PASSAGE_SAMPLE) of the eight-word passages of ``words`` (the
    body's ``_WORD``s), hashed: the 4-byte BLAKE2b of the passage's words joined by
    spaces, as an integer.

    The words are ASCII (``_WORD`` matches nothing else), so the body's words joined
    once, as bytes, hold every passage as a slice: one encoding, no join per passage.

    >>> words = "one two three four five six seven eight nine".split()
    >>> all(h % PASSAGE_SAMPLE == 0 for h in _passages(words)), _passages(words[:7])
    (True, frozenset())
    """
    if len(words) < 8:
        return frozenset()
    data = " ".join(words).encode("ascii")
    starts = [0, *accumulate(len(w) + 1 for w in words)]
    new, from_bytes = _PASSAGE_HASH.copy, int.from_bytes
    out = set()
    for start, end in zip(starts, starts[8:], strict=False):
        h = new()
        h.update(data[start : end - 1])
        value = from_bytes(h.digest())
        if value % PASSAGE_SAMPLE == 0:
            out.add(value)
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
    # The title's words, then the body's: the words of ``text`` (no word crosses its "\n").
    words = _WORD.findall(body.lower())
    counts = Counter(
        w
        for w in [*_WORD.findall((title or "").lower()), *words]
        if len(w) > 2 and w not in _STOPWORDS
    )
    return Fingerprint(
        article_id=article_id,
        published=_date(published),
        names=frozenset(n for n, _ in names.most_common(MAX_NAMES)),
        terms={w: round(1 + math.log(c), 3) for w, c in counts.most_common(MAX_TERMS)},
        quotes=frozenset(q for q in quotes if len(q.split()) >= 6),
        passages=_passages(words),
    )


def to_row(fp: Fingerprint) -> dict[str, object]:
    """A fingerprint as a row of the ``story_keys`` table: each key list as JSON, compressed.

    Only the story pass reads these lists, and whole: compressed (zlib) they take 44% of
    the room of their JSON on AllSides, 2.3 of the 43 KB a loaded article took.

    >>> fp = fingerprint("a1", "Doe quits", "Mayor Jane Doe resigned on Monday.", "2020-01-02")
    >>> row = to_row(fp)
    >>> isinstance(row["names"], bytes), from_row(row) == fp
    (True, True)
    """
    return {
        "article_id": fp.article_id,
        "published": fp.published.isoformat() if fp.published else None,
        "names": _pack(sorted(fp.names)),
        "terms": _pack(fp.terms),
        "quotes": _pack(sorted(fp.quotes)),
        "passages": _pack(sorted(fp.passages)),
    }


def _pack(value: object) -> bytes:
    return zlib.compress(json.dumps(value).encode("utf-8"), 6)


def _unpack(value: object, empty: str) -> object:
    """A list stored by :func:`to_row`: compressed JSON, or the plain JSON text that
    databases written before compression hold.

    >>> _unpack(_pack(["a"]), "[]"), _unpack('["a"]', "[]"), _unpack(None, "{}")
    (['a'], ['a'], {})
    """
    if isinstance(value, bytes):
        return json.loads(zlib.decompress(value))
    return json.loads(value or empty)  # type: ignore[arg-type]


def from_row(row: Mapping[str, object]) -> Fingerprint:
    """The fingerprint stored by :func:`to_row` (quotations and passages may be left out)."""
    return Fingerprint(
        article_id=str(row["article_id"]),
        published=_date(row.get("published")),  # type: ignore[arg-type]
        names=frozenset(map(sys.intern, _unpack(row["names"], "[]"))),  # type: ignore[arg-type]
        terms={sys.intern(k): v for k, v in _unpack(row["terms"], "{}").items()},  # type: ignore[union-attr]
        quotes=frozenset(_unpack(row.get("quotes"), "[]")),  # type: ignore[arg-type]
        passages=frozenset(_unpack(row.get("passages"), "[]")),  # type: ignore[arg-type]
    )


def _unit(weights: dict[str, float]) -> dict[str, float]:
    # Keys in order, and sums in that order: the same floats whatever order a set of names
    # came in (which differs from process to process) and whichever article comes first.
    keys = sorted(weights)
    norm = math.sqrt(sum(weights[k] * weights[k] for k in keys))
    return {k: weights[k] / norm for k in keys} if norm else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    shared = a.keys() & b.keys()
    return sum(a[k] * b[k] for k in sorted(shared)) if shared else 0.0


# Keys: what a fingerprint is counted and looked up by, one string each, its kind first.


def quote_hash(quote: str) -> str:
    """A quotation's key: a short hash, so that long quotations make short keys.

    >>> quote_hash("we will respond to any attack on our people")
    'q:8525fe3a73a26c05'
    """
    return "q:" + hashlib.blake2b(quote.encode(), digest_size=8).hexdigest()


def counted_keys(fp: Fingerprint) -> list[str]:
    """Every key of ``fp`` whose document frequency grouping needs (each once).

    >>> counted_keys(Fingerprint("a", names=frozenset({"basra"}), terms={"consulate": 1.0}))
    ['n:basra', 't:consulate']
    """
    return [
        *("n:" + k for k in sorted(fp.names)),
        *("t:" + k for k in fp.terms),
        *sorted(quote_hash(q) for q in fp.quotes),
        *(f"p:{h}" for h in sorted(fp.passages)),
    ]


def linking_keys(fp: Fingerprint) -> list[str]:
    """The keys through which ``fp`` can meet another article: names, quotations, passages."""
    return [k for k in counted_keys(fp) if k[0] != "t"]


def common_limit(n: int) -> int:
    """How many articles of ``n`` may share a name before it is a topic, not an event
    (and would cost n² pairs)."""
    return min(60, max(20, int(0.05 * n)))


def links_through(key: str, df: int, n: int) -> bool:
    """Does a key that ``df`` of ``n`` articles have make them candidates of each other?

    A name in many articles is a topic; a passage or quotation in more than
    PASSAGE_FANOUT is boilerplate or a slogan; a key of one article links nothing.

    >>> links_through("n:basra", 2, 300), links_through("n:trump", 90, 300)
    (True, False)
    >>> links_through("p:12345", 7, 300), links_through("q:abc", 1, 300)
    (False, False)
    """
    limit = common_limit(n) if key[0] == "n" else PASSAGE_FANOUT
    return 1 < df <= limit


@dataclass
class Profile:
    """One article as similarity sees it: its names and terms weighted by rarity."""

    article_id: str
    day: int | None
    names: dict[str, float]
    terms: dict[str, float]


def _idf(df: int, n: int) -> float:  # smoothed, so that a tiny corpus still has weights
    return math.log((1 + n) / (1 + df)) + 0.1


def profile(fp: Fingerprint, df: Mapping[str, int], n: int) -> Profile:
    """``fp``'s profile when ``df`` gives each counted key's document frequency in ``n``."""
    return Profile(
        article_id=fp.article_id,
        day=fp.published.toordinal() if fp.published else None,
        names=_unit({k: _idf(df["n:" + k], n) for k in fp.names}),
        terms=_unit({k: w * _idf(df["t:" + k], n) for k, w in fp.terms.items()}),
    )


def similarity(
    a: Profile,
    b: Profile,
    shared_quotes: int,
    shared_passages: int,
    threshold: float = THRESHOLD,
    undated_threshold: float = UNDATED_THRESHOLD,
    max_days: int = MAX_DAYS,
) -> float | None:
    """How alike two candidates are; None when their dates say they are never one story.

    ``shared_quotes`` and ``shared_passages`` count the linking quotations and passages
    they share.
    """
    if a.day is not None and b.day is not None and abs(a.day - b.day) > max_days:
        return None
    sim = (_cosine(a.names, b.names) + _cosine(a.terms, b.terms)) / 2
    sim += 0.1 * min(shared_quotes, 3) + 0.05 * min(shared_passages, 6)
    if a.day is None or b.day is None:
        # Scaled so that one threshold serves both: an undated pair counts as
        # much as a dated one only when it shares UNDATED_THRESHOLD / THRESHOLD more.
        sim *= threshold / undated_threshold
    return sim


def shared_keys(keys: Iterable[str], members: Mapping[str, list[str]]) -> dict[str, list[int]]:
    """Candidate id -> [quotations, passages] shared, over the linking ``keys`` of one
    article and the articles (``members``) that have each key."""
    out: dict[str, list[int]] = {}
    for key in keys:
        kind = key[0]
        for other in members.get(key, ()):
            counts = out.get(other)
            if counts is None:
                counts = out[other] = [0, 0]
            if kind == "q":
                counts[0] += 1
            elif kind == "p":
                counts[1] += 1
    return out


def group(
    prints: list[Fingerprint],
    threshold: float = THRESHOLD,
    max_days: int = MAX_DAYS,
    *,
    undated_threshold: float = UNDATED_THRESHOLD,
    block_size: int = BLOCK_SIZE,
) -> list[set[str]]:
    """Stories as sets of article ids, every article in exactly one, all in memory.

    The same stories as the story pass of a database (``store.stories``), which works
    from the same functions with bounded memory.
    """
    prints = sorted(prints, key=lambda p: p.article_id)
    n = len(prints)
    if not n:
        return []
    keys = [counted_keys(p) for p in prints]
    df = Counter(k for ks in keys for k in ks)
    profiles = [profile(p, df, n) for p in prints]
    members: dict[str, list[str]] = defaultdict(list)
    for p, ks in zip(prints, keys, strict=True):
        for k in ks:
            if k[0] != "t" and links_through(k, df[k], n):
                members[k].append(p.article_id)
    at = {p.article_id: i for i, p in enumerate(prints)}
    edges: dict[int, dict[int, float]] = defaultdict(dict)
    for i, ks in enumerate(keys):
        linking = [k for k in ks if k in members]
        for other, (quotes, passages) in shared_keys(linking, members).items():
            j = at[other]
            if j <= i:
                continue
            sim = similarity(
                profiles[i], profiles[j], quotes, passages, threshold, undated_threshold, max_days
            )
            if sim is not None and sim >= threshold / 2:
                edges[i][j] = edges[j][i] = sim
    days = [p.day for p in profiles]
    return [
        {prints[i].article_id for i in story}
        for story in cluster(n, edges, threshold, days, max_days, block_size)
    ]


def cluster(
    n: int,
    edges: dict[int, dict[int, float]],
    threshold: float = THRESHOLD,
    days: list[int | None] | None = None,
    max_days: int = MAX_DAYS,
    block_size: int = BLOCK_SIZE,
) -> list[set[int]]:
    """Average linkage of ``n`` articles (indexes in a fixed order) over ``edges``, block
    by block (:mod:`.linkage`)."""
    strong = sorted(
        (-s, i, j) for i, row in edges.items() for j, s in row.items() if i < j and s >= threshold
    )
    label = blocks(n, ((-s, i, j) for s, i, j in strong), block_size)
    by_block: dict[int, list[int]] = defaultdict(list)
    for i, b in enumerate(label):
        by_block[b].append(i)
    out = []
    for items in by_block.values():
        if len(items) == 1:
            out.append({items[0]})
            continue
        local = {i: x for x, i in enumerate(items)}
        sub = {
            local[i]: {local[j]: s for j, s in edges.get(i, {}).items() if j in local}
            for i in items
        }
        sub_days = [days[i] for i in items] if days else None
        for story in average_linkage(len(items), sub, threshold, sub_days, max_days):
            out.append({items[x] for x in story})
    return out
