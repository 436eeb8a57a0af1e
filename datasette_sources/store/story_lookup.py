"""Reading what :mod:`.story_index` keeps: key counts, who has a key, and profiles.

The story pass links a batch of new fingerprints by looking up their own keys: how
many articles have each (:func:`document_frequencies`), which articles have them
(:func:`members_of`), and the weighted profiles of those candidates (:class:`Profiles`,
which keeps the latest ones: candidates are mostly the articles of the last days).

>>> from datasette_sources.store.load import load
>>> db = sqlite_utils.Database(memory=True)
>>> _ = load(db, ["seeds"])
>>> names = [r[0] for r in db.execute("select key from story_df where key like 'n:%' limit 1")]
>>> document_frequencies(db, names)[names[0]] > 0
True
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

import sqlite_utils

from ..corpus.stories import Fingerprint, Profile, counted_keys, from_row, profile

#: Profiles kept between batches: with fingerprints linked in date order, enough for
#: the articles of the last days, which most candidates of the next batch are.
PROFILES_KEPT = 4000
#: The columns of ``story_keys`` a fingerprint is made from, in this order.
FINGERPRINT_COLUMNS = ("article_id", "published", "names", "terms", "quotes", "passages")


def in_list(values: Iterable[str]) -> str:
    """One JSON parameter for ``in (select value from json_each(?))``: any number of values.

    >>> in_list(["a", "b"])
    '["a", "b"]'
    """
    return json.dumps(list(values))


def passage_hash(key: str) -> int:
    """The hash of a passage key (``p:<hash>``), as ``story_passages`` stores it.

    >>> passage_hash("p:123")
    123
    """
    return int(key[2:])


def fingerprint(row: tuple) -> Fingerprint:
    """A fingerprint from a ``story_keys`` row of :data:`FINGERPRINT_COLUMNS`."""
    return from_row(dict(zip(FINGERPRINT_COLUMNS, row, strict=False)))


def document_frequencies(
    db: sqlite_utils.Database, keys: Iterable[str], shared_only: bool = False
) -> dict[str, int]:
    """How many articles have each of ``keys`` (0 for none); for quotations and passages,
    at most story_index.SHARED_POSTINGS (its lists stop there: more links nothing).

    ``shared_only``: quotations and passages that only one article has (most passages)
    are left out rather than given 1 (or 0): linking reads their counts only to know
    whether they are shared, and leaving them out saves making a key for each.
    """
    wanted = set(keys)
    by_kind: dict[str, list[str]] = defaultdict(list)
    for k in wanted:
        by_kind[k[0]].append(k)
    found: dict[str, int] = {}
    inside = "in (select value from json_each(?))"
    shared = " having count(*) > 1" if shared_only else ""
    if by_kind["n"] or by_kind["t"]:
        found.update(
            db.execute(
                f"select key, df from story_df where key {inside}",
                [in_list(by_kind["n"] + by_kind["t"])],
            ).fetchall()
        )
    if by_kind["q"]:
        found.update(
            db.execute(
                f"select key, count(*) from story_postings where key {inside} group by key{shared}",
                [in_list(by_kind["q"])],
            ).fetchall()
        )
    if by_kind["p"]:
        for h, n in db.execute(
            f"select hash, count(*) from story_passages where hash {inside} group by hash{shared}",
            [in_list(passage_hash(k) for k in by_kind["p"])],
        ):
            found[f"p:{h}"] = n
    if shared_only:
        return {k: found.get(k, 0) for k in by_kind["n"] + by_kind["t"]} | found
    return {k: found.get(k, 0) for k in wanted}


def members_of(
    db: sqlite_utils.Database, keys: Iterable[str], window: tuple[int, int] | None = None
) -> list[tuple[str, str, int | None]]:
    """(key, article, day) for every article with one of ``keys`` (names, quotations,
    passages); with a ``window`` of days, only the undated and those within it."""
    keys = set(keys)
    passages = [passage_hash(k) for k in keys if k[0] == "p"]
    inside = "in (select value from json_each(?))"
    within = " and (day is null or day between ? and ?)" if window else ""
    out = db.execute(
        f"select key, article_id, day from story_postings where key {inside}{within}",
        [in_list(k for k in keys if k[0] != "p"), *(window or ())],
    ).fetchall()
    out += [
        (f"p:{h}", a, d)
        for h, a, d in db.execute(
            f"select hash, article_id, day from story_passages where hash {inside}{within}",
            [in_list(passages), *(window or ())],
        )
    ]
    return out


class Profiles:
    """Profiles of the articles met lately, the oldest dropped first beyond ``size``."""

    def __init__(self, db: sqlite_utils.Database, n: int, size: int = PROFILES_KEPT):
        self.db, self.n, self.size = db, n, size
        self.kept: dict[str, Profile] = {}

    def build(
        self, prints: list[Fingerprint], df: dict[str, int] | None = None
    ) -> dict[str, Profile]:
        """The profiles of ``prints`` (``df`` covering their names and terms, else read)."""
        if df is None:
            keys = (k for p in prints for k in counted_keys(p) if k[0] in "nt")
            df = document_frequencies(self.db, keys)
        made = {p.article_id: profile(p, df, self.n) for p in prints}
        for a, made_profile in made.items():
            self.kept.pop(a, None)
            self.kept[a] = made_profile
        while len(self.kept) > self.size:
            del self.kept[next(iter(self.kept))]
        return made

    def fetch(self, ids: Iterable[str]) -> dict[str, Profile]:
        """The profiles of ``ids`` that have a fingerprint, read when not kept."""
        out, missing = {}, []
        for a in ids:
            if a in self.kept:
                out[a] = self.kept[a]
            else:
                missing.append(a)
        if missing:
            rows = self.db.execute(
                "select article_id, published, names, terms from story_keys "
                "where article_id in (select value from json_each(?))",
                [in_list(missing)],
            ).fetchall()
            out.update(self.build([fingerprint(r) for r in rows]))
        return out
