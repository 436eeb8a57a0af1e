"""What the story pass keeps between loads: key counts, who has each key, and links.

Grouping weighs each article's names and terms by how rare they are in the whole
corpus and finds candidates through rare keys (:mod:`datasette_sources.corpus.stories`).
So that a load never has to read every article's fingerprint again, the database keeps:

- ``story_df``: how many articles have each name and each term;
- ``story_postings`` (names and quotations) and ``story_passages`` (passage hashes):
  the articles that have each key, with their day, so that an article's candidates
  are found by looking up its own keys. A list stops growing once its key can link
  nothing any more (a name in more than 60 articles, a quotation or passage in more
  than ``PASSAGE_FANOUT``): the count of a quotation or passage is its list's length,
  and most passages are in one article only, so they are kept nowhere else;
- ``story_links``: every linked pair (similarity at least half the threshold), both
  ways, with the similarity: what average linkage works from.

``story_keys.stage`` says how far each fingerprint has come: NULL (just loaded),
1 (counted in those tables), 2 (linked to its candidates).
A fingerprint is counted before any is linked, so that every similarity of one pass
is computed with the same counts; each batch is one transaction that also moves the
stage on, so a killed pass resumes where it stopped and computes the same links.
Links between two articles loaded before are not computed again: a later load leaves
them as they were (their weights drift a little as the corpus grows).

>>> from datasette_sources.store.load import load
>>> db = sqlite_utils.Database(memory=True)
>>> _ = load(db, ["seeds"])
>>> db.execute("select count(*) from story_keys where stage = 2").fetchone()[0]
5
>>> db.execute("select count(*) from story_links").fetchone()[0] > 0
True
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import sqlite_utils

from ..corpus.stories import (
    MAX_DAYS,
    PASSAGE_FANOUT,
    THRESHOLD,
    Fingerprint,
    counted_keys,
    links_through,
    quote_hash,
    shared_keys,
    similarity,
)
from .steps import die_here
from .story_lookup import (
    Profiles,
    document_frequencies,
    fingerprint,
    in_list,
    members_of,
    passage_hash,
)

#: Fingerprints counted per transaction.
COUNT_BATCH = 500
#: Fingerprints linked per transaction: their candidates' keys are read together.
LINK_BATCH = 1000

#: Where posting lists stop: past it a name links nothing whatever the corpus's size (see
#: corpus.stories.common_limit), nor does a quotation or a passage.
NAME_POSTINGS = 61
SHARED_POSTINGS = PASSAGE_FANOUT + 1

#: The tables of this module, made here (without rowid) rather than by schema.py.
STORY_TABLES: dict[str, tuple[dict[str, type], Any]] = {
    "story_df": ({"key": str, "df": int}, "key"),
    "story_postings": ({"key": str, "article_id": str, "day": int}, ("key", "article_id")),
    "story_passages": ({"hash": int, "article_id": str, "day": int}, ("hash", "article_id")),
    "story_links": (
        {"article_id": str, "other_id": str, "similarity": float},
        ("article_id", "other_id"),
    ),
}

_DDL = [
    "create table if not exists story_df (key text primary key, df integer not null) without rowid",
    "create table if not exists story_postings (key text not null, article_id text not null, "
    "day integer, primary key (key, article_id)) without rowid",
    "create table if not exists story_passages (hash integer not null, "
    "article_id text not null, day integer, primary key (hash, article_id)) without rowid",
    "create table if not exists story_links (article_id text not null, other_id text not null, "
    "similarity float not null, primary key (article_id, other_id)) without rowid",
    # The fingerprints still owed a step, in the order they are linked (a partial index:
    # it holds only those, so finding them never reads the whole table).
    "create index if not exists story_keys_owed on story_keys (published, article_id) "
    "where stage is not 2",
]

#: Only the fingerprints owed a step; queries say so in the index's own words.
OWED = "stage is not 2"


def ensure_story_tables(db: sqlite_utils.Database) -> None:
    """Make this module's tables and the index of owed fingerprints, if missing."""
    with db.atomic():
        for sql in _DDL:
            db.execute(sql)


def _day(fp: Fingerprint) -> int | None:
    return fp.published.toordinal() if fp.published else None


def count_story_keys(db: sqlite_utils.Database, batch: int = COUNT_BATCH) -> int:
    """Count every fingerprint not counted yet into ``story_df``, ``story_postings`` and
    ``story_passages``."""
    done = 0
    while True:
        rows = db.execute(
            "select article_id, published, names, terms, quotes, passages from story_keys "
            f"where {OWED} and stage is null limit ?",
            [batch],
        ).fetchall()
        if not rows:
            return done
        df: Counter[str] = Counter()
        names, quotes, passages = [], [], []
        for row in rows:
            fp = fingerprint(row)
            day, article = _day(fp), fp.article_id
            # counted_keys' keys, made kind by kind: a passage's hash stays an integer.
            for name in fp.names:
                key = "n:" + name
                df[key] += 1
                names.append((key, article, day, key))
            for term in fp.terms:
                df["t:" + term] += 1
            for quote in fp.quotes:
                key = quote_hash(quote)
                quotes.append((key, article, day, key))
            passages += [(h, article, day, h) for h in fp.passages]
        with db.atomic():
            # In key order: neighbouring rows of the indexes are written together.
            db.conn.executemany(
                "insert into story_df (key, df) values (?, ?) "
                "on conflict (key) do update set df = df + excluded.df",
                sorted(df.items()),
            )
            db.conn.executemany(
                "insert or ignore into story_postings select ?, ?, ? "
                f"where (select df from story_df where key = ?) <= {NAME_POSTINGS}",
                sorted(names),
            )
            db.conn.executemany(
                "insert or ignore into story_postings select ?, ?, ? where "
                f"(select count(*) from story_postings where key = ?) < {SHARED_POSTINGS}",
                sorted(quotes),
            )
            db.conn.executemany(
                "insert or ignore into story_passages select ?, ?, ? where "
                f"(select count(*) from story_passages where hash = ?) < {SHARED_POSTINGS}",
                sorted(passages),
            )
            db.execute(
                "update story_keys set stage = 1 where article_id in "
                "(select value from json_each(?))",
                [in_list(r[0] for r in rows)],
            )
            die_here("keys counted")
        done += len(rows)


def forget_story_keys(db: sqlite_utils.Database, ids: list[str]) -> None:
    """Before the fingerprints of ``ids`` are deleted (their articles are replaced): take
    their keys out of the counts, their links out of ``story_links``, and send their
    stories back to be grouped again (``story_id`` NULL for every member). Call it
    inside the transaction that replaces them.

    A quotation or passage whose list is full stays so: it was in more articles than
    can link, and stays a slogan or boilerplate.
    """
    if not db["story_df"].exists() or not ids:
        return
    marks = in_list(ids)
    df: Counter[str] = Counter()
    postings, passages = [], []
    for row in db.execute(
        "select article_id, published, names, terms, quotes, passages from story_keys "
        "where stage is not null and article_id in (select value from json_each(?))",
        [marks],
    ):
        fp = fingerprint(row)
        for k in counted_keys(fp):
            if k[0] in "nt":
                df[k] += 1
            if k[0] in "nq":
                postings.append((k, fp.article_id, k))
            elif k[0] == "p":
                passages.append((passage_hash(k), fp.article_id, passage_hash(k)))
    counts = [(n, k) for k, n in sorted(df.items())]
    db.conn.executemany("update story_df set df = df - ? where key = ?", counts)
    db.conn.executemany("delete from story_df where key = ? and df <= 0", [(k,) for _, k in counts])
    db.conn.executemany(
        "delete from story_postings where key = ? and article_id = ? and (substr(key, 1, 1) = 'n' "
        f"or (select count(*) from story_postings where key = ?) < {SHARED_POSTINGS})",
        postings,
    )
    db.conn.executemany(
        "delete from story_passages where hash = ? and article_id = ? and "
        f"(select count(*) from story_passages where hash = ?) < {SHARED_POSTINGS}",
        passages,
    )
    db.execute(
        "delete from story_links where (article_id, other_id) in (select other_id, article_id "
        "from story_links where article_id in (select value from json_each(?)))",
        [marks],
    )
    db.execute(
        "delete from story_links where article_id in (select value from json_each(?))", [marks]
    )
    stories = "select story_id from articles where id in (select value from json_each(?))"
    db.execute(f"delete from stories where id in ({stories})", [marks])
    db.execute(f"update articles set story_id = null where story_id in ({stories})", [marks])


def link_story_keys(
    db: sqlite_utils.Database,
    batch: int = LINK_BATCH,
    threshold: float = THRESHOLD,
    max_days: int = MAX_DAYS,
) -> int:
    """Link every counted fingerprint to its candidates; write ``story_links``.

    Each pair is computed once: with a candidate still owed a link (a later batch),
    when that one's turn comes. Returns how many fingerprints were linked.
    """
    n = db.execute("select count(*) from story_keys").fetchone()[0]
    profiles = Profiles(db, n)
    done = 0
    while True:
        rows = db.execute(
            "select article_id, published, names, terms, quotes, passages from story_keys "
            f"where {OWED} and stage = 1 order by published, article_id limit ?",
            [batch],
        ).fetchall()
        if not rows:
            return done
        prints = [fingerprint(r) for r in rows]
        # Undated fingerprints come first; a batch is all undated or all dated, so that a
        # dated one reads only the candidates of its weeks (see _links).
        prints = [p for p in prints if (p.published is None) == (prints[0].published is None)]
        links = _links(db, prints, profiles, n, threshold, max_days)
        ids = in_list(p.article_id for p in prints)
        with db.atomic():
            db.conn.executemany(
                "insert or replace into story_links values (?, ?, ?)",
                [x for a, b, s in links for x in ((a, b, s), (b, a, s))],
            )
            db.execute(
                "update story_keys set stage = 2 where article_id in "
                "(select value from json_each(?))",
                [ids],
            )
            # Linked anew: their stories are worked out again (story.plan_stories).
            db.execute(
                "update articles set story_id = null where story_id is not null and id in "
                "(select value from json_each(?))",
                [ids],
            )
            die_here("links written")
        done += len(prints)


def _links(
    db: sqlite_utils.Database,
    prints: list[Fingerprint],
    profiles: Profiles,
    n: int,
    threshold: float,
    max_days: int,
) -> list[tuple[str, str, float]]:
    """(article, candidate, similarity) for one batch of fingerprints owed links."""
    keys = {p.article_id: counted_keys(p) for p in prints}
    # Names and terms weigh by their counts; a quotation or passage only links when
    # shared, so those of one article (most passages) are not counted out one by one.
    df = document_frequencies(db, (k for ks in keys.values() for k in ks), shared_only=True)
    mine = profiles.build(prints, df)
    linking = {
        a: [k for k in ks if k[0] != "t" and links_through(k, df.get(k, 0), n)]
        for a, ks in keys.items()
    }
    days = {p.article_id: _day(p) for p in prints}
    # A batch of dated articles only meets candidates within max_days of its days (or
    # undated): the rest are never read.
    dated = [d for d in days.values() if d is not None]
    window = None
    if dated and len(dated) == len(days):
        window = (min(dated) - max_days, max(dated) + max_days)
    members: dict[str, list[str]] = defaultdict(list)
    day_of: dict[str, int | None] = {}
    for key, other, day in members_of(db, {k for ks in linking.values() for k in ks}, window):
        members[key].append(other)
        day_of[other] = day
    # Candidate -> [(article, quotations shared, passages shared)].
    pairs: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for a, day in days.items():
        for other, (quotes, passages) in shared_keys(linking[a], members).items():
            if other == a or (other in mine and other < a):
                continue  # itself, or a pair of this batch already taken the other way
            when = day_of.get(other)
            if day is not None and when is not None and abs(day - when) > max_days:
                continue  # never one story: no need to read it
            pairs[other].append((a, quotes, passages))
    del members
    outside = [o for o in pairs if o not in mine]
    # A candidate still owed its links computes this pair itself, in a later batch.
    later = {
        a
        for (a,) in db.execute(
            "select article_id from story_keys where article_id in "
            "(select value from json_each(?)) and +stage = 1",
            [in_list(outside)],
        )
    }
    out = []
    waiting = [o for o in outside if o not in later]
    # Candidates' profiles are read a batch's worth at a time: memory stays bounded
    # however many candidates a batch has.
    slices = [([o for o in pairs if o in mine], mine)]
    slices += [(waiting[i : i + LINK_BATCH], None) for i in range(0, len(waiting), LINK_BATCH)]
    for chunk, found in slices:
        found = found if found is not None else profiles.fetch(chunk)
        for other in chunk:
            pb = found.get(other)
            if pb is None:
                continue  # no fingerprint any more (a database changed under us)
            for a, quotes, passages in pairs[other]:
                sim = similarity(mine[a], pb, quotes, passages, threshold, max_days=max_days)
                if sim is not None and sim >= threshold / 2:
                    out.append((a, other, sim))
    return out
