"""The indexes of the contract: only those a page, facet or documented query needs.

Every index costs bytes on disk and time on every write, so each is listed with who
reads it. :func:`create_indexes` makes them; a load into a new database makes them
after its rows are in (see :func:`datasette_sources.store.load.load`).
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.db import DescIndex

from ..signals import Signal

__all__ = ["ARTICLE_SORTS", "INDEXES", "SPEAKER_INDEXES", "create_indexes"]

#: Indexes a page, facet or documented query needs, and who needs each; nothing else is
#: indexed (every index costs bytes on disk and time on every write). ``articles`` also
#: gets one per column in :data:`ARTICLE_SORTS` and one per signal.
INDEXES: dict[str, list[list[str]]] = {
    "articles": [
        ["outlet"],  # facet; the outlet page and its articles (?outlet=)
        ["score"],  # default sort; the overview's first articles and score bins
        ["score_band"],  # facet
        ["credit_kind"],  # facet
        ["story_id"],  # the story page, story_summary, a story's articles (?story_id=)
        ["published"],  # sort; the story and speaker pages order by it
    ],
    # speaker_id, every sentence: the smallest index of sentences (most entries are null),
    # which SQLite counts the table by: Datasette counts the unfiltered sentences page
    # with count(*) when it has no inspect data (39M sentences at a million articles:
    # 0.3 s by it, past the 1 s limit by the primary key). A speaker's sentences are
    # read by SPEAKER_INDEXES.
    "sentences": [["speaker_id"]],
    # passage: the story and speaker pages trace quotations by it, passage_carriers counts
    # by it; (speaker_id, passage): the speaker page's passages (read from the index alone)
    # and a speaker's quotations (?speaker_id=).
    "quotes": [["passage"], ["speaker_id", "passage"]],
    # quote_count: most_quoted_speakers and the default sort; name: the search page; kind:
    # facet; surname: the story pass's speaker step relinks lone surnames (store/speakers.py).
    "speakers": [["quote_count"], ["name"], ["kind"], ["surname"]],
    # source_id, copy_id: the story and outlet pages; words: the copies sorted longest
    # first (passages_copied_without_credit, copied_without_credit).
    "copies": [["source_id"], ["copy_id"], ["words"]],
    "stories": [["article_count"]],  # the stories list and the overview
}

#: A speaker's sentences, by name (``?speaker=``, linked from pages; the search page's
#: names) and by id (the speaker page, ``?speaker_id=``), in the table page's own order
#: (its primary key): Datasette's page of a much-quoted speaker's sentences then reads
#: its first rows from the index rather than sorting all of them (600,000 sentences of
#: one speaker at a million articles: past Datasette's time limit). Only sentences with
#: a speaker are in them (a third): 0.98 KB per article on 2,000 AllSides articles, where
#: the one-column index of ``speaker`` they replace took 0.51 KB and that of
#: ``speaker_id`` (kept, above) 0.42. name -> (table, columns, which rows).
SPEAKER_INDEXES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "idx_sentences_by_speaker": (
        "sentences",
        ("speaker", "article_id", "position"),
        "speaker is not null",
    ),
    "idx_sentences_by_speaker_id": (
        "sentences",
        ("speaker_id", "article_id", "position"),
        "speaker_id is not null",
    ),
}

#: Indexes earlier versions made that one of :data:`SPEAKER_INDEXES` replaces: dropped
#: once their replacement exists, so that writes do not keep both up to date.
SUPERSEDED = ("idx_sentences_speaker",)

#: ``articles`` columns Datasette's articles page may sort by (data/tables.yml), besides
#: those indexed above and the signals: sorting a large table needs an index.
ARTICLE_SORTS = ("title", "updated", "word_count", "sentence_count", "loaded_at")


def create_indexes(db: sqlite_utils.Database, signals: list[Signal]) -> None:
    """Create the indexes of :data:`INDEXES` (and :data:`ARTICLE_SORTS`), if missing."""
    wanted = {table: [list(c) for c in idxs] for table, idxs in INDEXES.items()}
    columns = set(db["articles"].columns_dict)
    for column in (*ARTICLE_SORTS, *(s.name for s in signals)):
        if column in columns and [column] not in wanted["articles"]:
            wanted["articles"].append([column])
    for table, idxs in wanted.items():
        for cols in idxs:
            db[table].create_index(cols, if_not_exists=True)
    for name, (table, cols, where) in SPEAKER_INDEXES.items():
        listed = ", ".join(f'"{c}"' for c in cols)
        db.execute(f'create index if not exists "{name}" on "{table}" ({listed}) where {where}')
    for name in SUPERSEDED:
        db.execute(f'drop index if exists "{name}"')
    # Covers the per-outlet sums store.outlets reads after every load and rescore, so that
    # it reads an index of short entries rather than every article's text.
    outlet_columns = [
        "outlet",
        "score",
        "attribution_density",
        "opinion_sentences",
        "anonymous_sources",
        "named_sources",
        "institutional_sources",
        "uncredited_copy_share",
    ]
    if set(outlet_columns) <= columns:
        db["articles"].create_index(
            outlet_columns, index_name="idx_articles_outlet_summary", if_not_exists=True
        )
    # The stories list's order, largest first (web/lists.py): a page far down it walks this
    # index rather than sorting every story of two articles or more (105,000 of them at a
    # million articles: its last page took 270-430 ms, most of it the sort).
    db["stories"].create_index(
        [DescIndex("article_count"), DescIndex("outlet_count"), "id"],
        index_name="idx_stories_by_size",
        if_not_exists=True,
    )
