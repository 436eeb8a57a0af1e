"""Summary tables, read by key, so that pages and canned queries take the same time at any size.

- ``sentence_kinds``: sentences per kind (quote, attributed, opinion, author). Kept by
  triggers on ``sentences``, in the transaction of every insert, delete or change of
  kind, whoever makes it (a load, a replacement, a user's own SQL): it is the
  ``group by kind`` it replaces, always.
- ``speaker_outlets``: each speaker's articles, sentences and quotations per outlet (the
  speaker page's outlets), kept by triggers on ``sentences`` the same way.
- ``score_bins``: scored articles per tenth of the score (the overview's distribution),
  kept by triggers on ``articles`` the same way.
- ``outlets`` (:mod:`.outlets`): per outlet, the scores and the sums of the outlet
  summary and of the anonymous-sourcing query, rewritten after every load and rescore.
- ``passage_carriers`` (:mod:`.passage_carriers`): per traced passage, the articles and
  outlets that carry it, counted again for the passages triggers note as due.
- ``speakers`` (:mod:`.speakers`): each speaker's quote, sentence and article counts,
  rewritten by every load's story pass and recounted by a full rescore (the
  most-quoted speakers query reads it).

:func:`compact` is the end of a big load: statistics for the query planner and a
file without free pages.

>>> import sqlite_utils
>>> db = sqlite_utils.Database(memory=True)
>>> db["sentences"].create({"article_id": str, "position": int, "kind": str})
<Table sentences (article_id, position, kind)>
>>> create_sentence_kinds(db)
>>> db["sentences"].insert_all([{"article_id": "a", "position": i, "kind": k}
...     for i, k in enumerate(["quote", "author", "author"])])
<Table sentences (article_id, position, kind)>
>>> _ = db.execute("update sentences set kind = 'opinion' where position = 2")
>>> _ = db.execute("delete from sentences where position = 0")
>>> sentence_kinds(db)
{'author': 1, 'opinion': 1, 'quote': 0}
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from .outlets import refresh_outlets
from .passage_carriers import count_passage_carriers, create_passage_carriers

#: The summary table of sentence kinds, and its columns.
SENTENCE_KINDS = "sentence_kinds"
SENTENCE_KIND_COLUMNS: dict[str, type] = {"kind": str, "sentence_count": int}

#: Triggers on ``sentences`` that keep ``sentence_kinds``: name -> body.
_ADD = (
    "insert into sentence_kinds (kind, sentence_count) values (coalesce(new.kind, ''), 1) "
    "on conflict (kind) do update set sentence_count = sentence_count + 1;"
)
_REMOVE = (
    "update sentence_kinds set sentence_count = sentence_count - 1 "
    "where kind = coalesce(old.kind, '');"
)
TRIGGERS = {
    "sentence_kinds_ai": f"AFTER INSERT ON sentences BEGIN {_ADD} END",
    "sentence_kinds_ad": f"AFTER DELETE ON sentences BEGIN {_REMOVE} END",
    "sentence_kinds_au": f"AFTER UPDATE OF kind ON sentences BEGIN {_REMOVE} {_ADD} END",
}

#: The summary table of scores by tenths (0 for 0-9 ... 9 for 90-100), and its columns.
SCORE_BINS = "score_bins"
SCORE_BIN_COLUMNS: dict[str, type] = {"bin": int, "article_count": int}


def _bin(row: str) -> str:
    return f"min(cast({row}.score / 10 as integer), 9)"


#: Triggers on ``articles`` that keep ``score_bins``: name -> body.
_BIN_ADD = (
    f"insert into score_bins (bin, article_count) select {_bin('new')}, 1 "
    "where new.score is not null "
    "on conflict (bin) do update set article_count = article_count + 1;"
)
_BIN_REMOVE = (
    f"update score_bins set article_count = article_count - 1 "
    f"where old.score is not null and bin = {_bin('old')};"
)
BIN_TRIGGERS = {
    "score_bins_ai": f"AFTER INSERT ON articles BEGIN {_BIN_ADD} END",
    "score_bins_ad": f"AFTER DELETE ON articles BEGIN {_BIN_REMOVE} END",
    "score_bins_au": f"AFTER UPDATE OF score ON articles BEGIN {_BIN_REMOVE} {_BIN_ADD} END",
}

#: The summary of each speaker's sentences by outlet, and its columns ('' for no outlet).
SPEAKER_OUTLETS = "speaker_outlets"
SPEAKER_OUTLET_COLUMNS: dict[str, type] = {
    "speaker_id": int,
    "outlet": str,
    "article_count": int,
    "sentence_count": int,
    "quote_count": int,
}


#: A sentence's outlet as ``speaker_outlets`` keys it ('' for none), from its article ``a``.
OUTLET_KEY = "case when a.outlet is null or trim(a.outlet) = '' then '' else a.outlet end"


def _of_article(key: str, row: str) -> str:
    """``key``, an expression over the article ``a``, for the sentence ``row`` (a trigger's
    ``new`` or ``old``), '' when it is null."""
    return f"coalesce((select {key} from articles a where a.id = {row}.article_id), '')"


def _outlet_of(row: str) -> str:
    """The outlet of a sentence's article as ``speaker_outlets`` keys it."""
    return _of_article(OUTLET_KEY, row)


def _alone(row: str) -> str:
    """1 when no other sentence of the row's article has the row's speaker.

    Read by the article's key (``+``: not the speaker_id index, which would walk every
    sentence of a much-quoted speaker for each of their new sentences).
    """
    return (
        f"not exists (select 1 from sentences s where s.article_id = {row}.article_id "
        f"and +s.speaker_id = {row}.speaker_id and s.rowid != {row}.rowid)"
    )


_SPEAKER_ADD = (
    "insert into speaker_outlets (speaker_id, outlet, article_count, sentence_count, "
    f"quote_count) select new.speaker_id, {_outlet_of('new')}, {_alone('new')}, 1, "
    "new.kind = 'quote' where new.speaker_id is not null on conflict (speaker_id, outlet) "
    "do update set article_count = article_count + excluded.article_count, "
    "sentence_count = sentence_count + 1, quote_count = quote_count + excluded.quote_count;"
)
_SPEAKER_REMOVE = (
    f"update speaker_outlets set article_count = article_count - {_alone('old')}, "
    "sentence_count = sentence_count - 1, quote_count = quote_count - (old.kind = 'quote') "
    f"where old.speaker_id is not null and speaker_id = old.speaker_id "
    f"and outlet = {_outlet_of('old')};"
)
#: Triggers on ``sentences`` that keep ``speaker_outlets``: name -> body. A sentence's
#: article must exist when the sentence is written or deleted (the loader deletes a
#: replaced article's sentences before the article).
SPEAKER_TRIGGERS = {
    "speaker_outlets_ai": f"AFTER INSERT ON sentences BEGIN {_SPEAKER_ADD} END",
    "speaker_outlets_ad": f"AFTER DELETE ON sentences BEGIN {_SPEAKER_REMOVE} END",
    "speaker_outlets_au": (
        f"AFTER UPDATE OF speaker_id, kind ON sentences BEGIN {_SPEAKER_REMOVE} {_SPEAKER_ADD} END"
    ),
}

#: The summary of each speaker's sentences by their article's day (the first ten
#: characters of ``published``; '' for undated articles), and its columns. The speaker
#: page finds which days a page of a much-quoted speaker's sentences falls on from it,
#: rather than sorting every sentence of theirs (web/speaker_rows.py).
SPEAKER_DAYS = "speaker_days"
SPEAKER_DAY_COLUMNS: dict[str, type] = {"speaker_id": int, "day": str, "sentence_count": int}


#: A sentence's day as ``speaker_days`` keys it (null for undated: '' once coalesced).
DAY_KEY = "substr(a.published, 1, 10)"


def _day_of(row: str) -> str:
    """The day of a sentence's article as ``speaker_days`` keys it."""
    return _of_article(DAY_KEY, row)


_DAY_ADD = (
    f"insert into speaker_days (speaker_id, day, sentence_count) select new.speaker_id, "
    f"{_day_of('new')}, 1 where new.speaker_id is not null on conflict (speaker_id, day) "
    "do update set sentence_count = sentence_count + 1;"
)
_DAY_REMOVE = (
    "update speaker_days set sentence_count = sentence_count - 1 "
    f"where old.speaker_id is not null and speaker_id = old.speaker_id and day = {_day_of('old')};"
)
#: Triggers on ``sentences`` that keep ``speaker_days`` (as for ``speaker_outlets``, a
#: sentence's article must exist when the sentence is written or deleted).
SPEAKER_DAY_TRIGGERS = {
    "speaker_days_ai": f"AFTER INSERT ON sentences BEGIN {_DAY_ADD} END",
    "speaker_days_ad": f"AFTER DELETE ON sentences BEGIN {_DAY_REMOVE} END",
    "speaker_days_au": (
        f"AFTER UPDATE OF speaker_id ON sentences BEGIN {_DAY_REMOVE} {_DAY_ADD} END"
    ),
}

#: A load that adds at least this many articles, and at least a quarter of what the
#: database held before it, ends with :func:`compact` (ANALYZE and VACUUM).
BIG_LOAD = 10_000


def _create_summary(
    db: sqlite_utils.Database,
    name: str,
    columns: dict[str, type],
    pk: str | tuple[str, ...],
    count: Callable[[sqlite_utils.Database], None],
    triggers: dict[str, str],
) -> None:
    """Create a summary table counted by ``count`` if it is missing, and its triggers."""
    if not db[name].exists():
        db[name].create(columns, pk=pk)
        count(db)
    _create_triggers(db, triggers)


def create_sentence_kinds(db: sqlite_utils.Database) -> None:
    """Create ``sentence_kinds`` and its triggers, counted from ``sentences``, if missing."""
    _create_summary(
        db, SENTENCE_KINDS, SENTENCE_KIND_COLUMNS, "kind", count_sentence_kinds, TRIGGERS
    )


def create_score_bins(db: sqlite_utils.Database) -> None:
    """Create ``score_bins`` and its triggers, counted from ``articles``, if missing."""
    _create_summary(db, SCORE_BINS, SCORE_BIN_COLUMNS, "bin", count_score_bins, BIN_TRIGGERS)


def count_score_bins(db: sqlite_utils.Database) -> None:
    """Count ``score_bins`` again from ``articles`` (a scan of the score index: repairs)."""
    db.execute(f"delete from [{SCORE_BINS}]")
    db.execute(
        f"insert into [{SCORE_BINS}] (bin, article_count) select {_bin('articles')}, count(*) "
        "from articles where score is not null group by 1"
    )


def score_bins(db: sqlite_utils.Database) -> dict[int, int]:
    """Scored articles per tenth of the score, as ``score_bins`` holds them."""
    rows = db.execute(f"select bin, article_count from [{SCORE_BINS}] order by bin")
    return dict(rows.fetchall())


def create_speaker_outlets(db: sqlite_utils.Database) -> None:
    """Create ``speaker_outlets`` and its triggers, counted from ``sentences``, if missing."""
    pk = ("speaker_id", "outlet")
    _create_summary(
        db, SPEAKER_OUTLETS, SPEAKER_OUTLET_COLUMNS, pk, count_speaker_outlets, SPEAKER_TRIGGERS
    )


def count_speaker_outlets(db: sqlite_utils.Database) -> None:
    """Count ``speaker_outlets`` again from ``sentences`` (a full pass: a full rescore)."""
    db.execute(f"delete from [{SPEAKER_OUTLETS}]")
    db.execute(
        f"insert into [{SPEAKER_OUTLETS}] (speaker_id, outlet, article_count, sentence_count, "
        f"quote_count) select s.speaker_id, {OUTLET_KEY}, count(distinct s.article_id), count(*), "
        "sum(s.kind = 'quote') from sentences s join articles a on a.id = s.article_id "
        "where s.speaker_id is not null group by 1, 2"
    )


def create_speaker_days(db: sqlite_utils.Database) -> None:
    """Create ``speaker_days`` and its triggers, counted from ``sentences``, if missing."""
    pk = ("speaker_id", "day")
    _create_summary(
        db, SPEAKER_DAYS, SPEAKER_DAY_COLUMNS, pk, count_speaker_days, SPEAKER_DAY_TRIGGERS
    )


def count_speaker_days(db: sqlite_utils.Database) -> None:
    """Count ``speaker_days`` again from ``sentences`` (a full pass: a full rescore)."""
    db.execute(f"delete from [{SPEAKER_DAYS}]")
    db.execute(
        f"insert into [{SPEAKER_DAYS}] (speaker_id, day, sentence_count) "
        f"select s.speaker_id, coalesce({DAY_KEY}, ''), count(*) "
        "from sentences s join articles a on a.id = s.article_id "
        "where s.speaker_id is not null group by 1, 2"
    )


def _create_triggers(db: sqlite_utils.Database, triggers: dict[str, str]) -> None:
    """Create the triggers that are missing, and make again those of an older body (the
    speaker_outlets triggers before ``+speaker_id``)."""
    have = dict(db.execute("select name, sql from sqlite_master where type = 'trigger'"))
    for name, body in triggers.items():
        sql = f"CREATE TRIGGER [{name}] {body}"
        if have.get(name) == sql:
            continue
        if name in have:
            db.execute(f"DROP TRIGGER [{name}]")
        db.execute(sql)


def count_sentence_kinds(db: sqlite_utils.Database) -> None:
    """Count ``sentence_kinds`` again from ``sentences`` (a full scan: for repairs only)."""
    db.execute(f"delete from [{SENTENCE_KINDS}]")
    db.execute(
        f"insert into [{SENTENCE_KINDS}] (kind, sentence_count) "
        "select coalesce(kind, ''), count(*) from sentences group by coalesce(kind, '')"
    )


def sentence_kinds(db: sqlite_utils.Database) -> dict[str, int]:
    """Sentences per kind, as ``sentence_kinds`` holds them."""
    return dict(
        db.execute(f"select kind, sentence_count from [{SENTENCE_KINDS}] order by kind").fetchall()
    )


def recount_speakers(db: sqlite_utils.Database) -> None:
    """Each speaker's counts from ``sentences`` again: a full rescore does it, so that rows
    deleted with plain SQL leave no stale count (a load's story pass rebuilds speakers)."""
    if not db["speakers"].exists():
        return
    db.execute(
        "update speakers set article_count = (select count(distinct s.article_id) "
        "from sentences s where s.speaker_id = speakers.id), "
        "quote_count = (select count(*) from sentences s "
        "where s.speaker_id = speakers.id and s.kind = 'quote'), "
        "sentence_count = (select count(*) from sentences s where s.speaker_id = speakers.id)"
    )


def refresh_summaries(db: sqlite_utils.Database) -> None:
    """Rewrite every summary from the rows they summarise (after rows were copied in bulk)."""
    with db.atomic():
        create_sentence_kinds(db)
        count_sentence_kinds(db)
        create_score_bins(db)
        count_score_bins(db)
        create_speaker_outlets(db)
        count_speaker_outlets(db)
        create_speaker_days(db)
        count_speaker_days(db)
        create_passage_carriers(db)
        count_passage_carriers(db)
    refresh_outlets(db)


def is_big_load(added: int, before: int) -> bool:
    """Does a load that added ``added`` articles to ``before`` end with :func:`compact`?

    >>> is_big_load(10_000, 0), is_big_load(1_000, 0), is_big_load(10_000, 1_000_000)
    (True, False, False)
    """
    return added >= BIG_LOAD and added * 4 >= before


def compact(db: sqlite_utils.Database) -> None:
    """ANALYZE (the query planner's statistics) and VACUUM (no free pages), outside a
    transaction. Either can be killed: SQLite keeps the file whole."""
    db.execute("ANALYZE")
    db.execute("VACUUM")
