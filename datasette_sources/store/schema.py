"""The database contract: tables, columns, indexes, full-text search and views.

:func:`ensure_schema` creates what is missing and adds the columns a newer
version needs; it never drops anything. Before it changes anything,
:func:`check_ownership` makes sure that every table, view and trigger it would
touch is its own or absent: a database that holds someone else's ``articles``
is refused, untouched.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from ..signals import Signal
from .indexes import ARTICLE_SORTS, INDEXES, create_indexes
from .outlets import OUTLET_SUMS
from .ownership import SchemaConflict, find_conflicts
from .passage_carriers import PASSAGE_CARRIER_TABLES, PASSAGE_CARRIERS, create_passage_carriers
from .speakers import SPEAKER_TABLES
from .steps import PENDING_COLUMNS, PENDING_TABLE
from .story_index import STORY_TABLES
from .summaries import (
    SCORE_BIN_COLUMNS,
    SCORE_BINS,
    SENTENCE_KIND_COLUMNS,
    SENTENCE_KINDS,
    SPEAKER_DAY_COLUMNS,
    SPEAKER_DAYS,
    SPEAKER_OUTLET_COLUMNS,
    SPEAKER_OUTLETS,
    create_score_bins,
    create_sentence_kinds,
    create_speaker_days,
    create_speaker_outlets,
)
from .views import VIEWS

__all__ = [
    "ARTICLE_COLUMNS",
    "ARTICLE_SORTS",
    "INDEXES",
    "TABLES",
    "SchemaConflict",
    "check_ownership",
    "create_indexes",
    "ensure_schema",
]

#: Columns of ``articles`` besides the signals, in the order Datasette shows them.
ARTICLE_COLUMNS: dict[str, type] = {
    "id": str,
    "title": str,
    "outlet": str,
    "score": float,
    "score_band": str,
    "published": str,
    "updated": str,
    "credit": str,
    "credit_kind": str,
    "bylines": str,
    "dateline": str,
    "story_id": str,
    "word_count": int,
    "sentence_count": int,
    "outlet_source": str,
    "language": str,
    "path": str,
    "url": str,
    "source_id": str,
    "encoding": str,
    "metadata": str,
    "body": str,
    "loaded_at": str,
}


SENTENCE_COLUMNS: dict[str, type] = {
    "article_id": str,
    "position": int,
    "paragraph": int,
    "kind": str,
    "speaker": str,
    "speaker_type": str,
    # The speakers row this sentence's speaker is, across the database (store.speakers).
    "speaker_id": int,
    "cue": str,
    "anonymous": int,
    "has_sic": int,
    "brackets": str,
    "hedges": str,
    "opinion_markers": str,
    "opinion_reasons": str,
    "opinion_score": float,
    "copied_from": str,
    "text": str,
}


#: Every table but ``articles``: (columns, primary key). Add columns freely; names are the contract.
TABLES: dict[str, tuple[dict[str, type], Any]] = {
    "sentences": (SENTENCE_COLUMNS, ("article_id", "position")),
    "parts": (
        {"article_id": str, "position": int, "kind": str, "line": int, "text": str},
        ("article_id", "position"),
    ),
    "quotes": (
        {
            "article_id": str,
            "position": int,
            "number": int,
            "speaker": str,
            "speaker_id": int,
            "quote_key": str,
            "passage": str,
            "text": str,
        },
        ("article_id", "position", "number"),
    ),
    "copies": (
        {
            "source_id": str,
            "copy_id": str,
            "source_span": str,
            "copy_span": str,
            "words": int,
            "text": str,
            "credited": int,
            "evidence": str,
            "direction": str,
        },
        None,
    ),
    "story_keys": (
        {
            "article_id": str,
            "published": str,
            # Declared TEXT as they always were, so that a database of either kind stays
            # ours; written as zlib-compressed JSON (corpus.stories.to_row): SQLite keeps a
            # BLOB as it is given whatever the column's type. Older rows: JSON text.
            "names": str,
            "terms": str,
            "quotes": str,
            "passages": str,
            # How far the story pass has taken it: NULL, 1 counted, 2 linked (store.story_index).
            "stage": int,
        },
        "article_id",
    ),
    "stories": (
        {"id": str, "label": str, "article_count": int, "outlet_count": int},
        "id",
    ),
    # One row per person, organisation or described source (corpus.speakers).
    "speakers": (
        {
            "id": int,
            "name": str,
            "kind": str,
            "article_count": int,
            "quote_count": int,
            "sentence_count": int,
            "aliases": str,
            "key": str,
            # A person's surname, and how often the name is said in full (store.speakers).
            "surname": str,
            "full_mentions": int,
        },
        "id",
    ),
    "outlets": (
        {
            "outlet": str,
            "article_count": int,
            "score": float,
            "score_low": float,
            "score_high": float,
            "mean_score": float,
            **OUTLET_SUMS,
        },
        "outlet",
    ),
    "signals": (
        {
            "name": str,
            "label": str,
            "description": str,
            "direction": int,
            "thresholds": str,
            "weight": float,
            "default_weight": float,
        },
        "name",
    ),
    "score_parts": (
        {
            "article_id": str,
            "signal": str,
            "value": float,
            "normalised": float,
            "weight": float,
            "contribution": float,
            "explanation": str,
        },
        ("article_id", "signal"),
    ),
    "load_errors": (
        {"id": str, "path": str, "line": int, "reason": str, "logged_at": str},
        "id",
    ),
    # One row per evaluation run x measure (the score or a signal) x level x stratum;
    # written by store.evaluations.write_run, never by a load.
    "evaluations": (
        {
            "run_id": str,
            "signal": str,
            "level": str,
            "stratum": str,
            "auc": float,
            "auc_low": float,
            "auc_high": float,
            "scored_auc": float,
            "scored_auc_low": float,
            "scored_auc_high": float,
            "n": int,
            "n_positive": int,
            "n_negative": int,
            "n_groups": int,
            "share_varying": float,
            "direction": int,
            "weight": float,
            "proposed_weight": float,
            "run_at": str,
            "labels_file": str,
            "labels_sha256": str,
            "labels_key": str,
            "labels_matched": int,
            "labels_unmatched": int,
            "resamples": int,
            "seed": int,
            "fit_method": str,
            "roc": str,
        },
        ("run_id", "signal", "level", "stratum"),
    ),
    PENDING_TABLE: (PENDING_COLUMNS, "step"),
}


#: The columns that make a table ours (with its primary key): the contract has always had
#: them, so a database made by an older version has them too.
IDENTITY: dict[str, tuple[str, ...]] = {
    "articles": ("id", "title", "outlet", "body", "score"),
    "sentences": ("article_id", "position", "kind", "text"),
    "parts": ("article_id", "position", "kind", "text"),
    "quotes": ("article_id", "position", "quote_key", "text"),
    "copies": ("source_id", "copy_id", "text"),
    "story_keys": ("article_id",),
    "stories": ("id", "label", "article_count"),
    "outlets": ("outlet", "article_count", "score"),
    "signals": ("name", "weight"),
    "score_parts": ("article_id", "signal", "contribution"),
    "load_errors": ("id", "path", "reason"),
    PENDING_TABLE: ("step",),
    SENTENCE_KINDS: ("kind", "sentence_count"),
    SCORE_BINS: ("bin", "article_count"),
    SPEAKER_OUTLETS: ("speaker_id", "outlet", "sentence_count"),
    SPEAKER_DAYS: ("speaker_id", "day", "sentence_count"),
    PASSAGE_CARRIERS: ("passage", "articles", "outlets"),
}

#: Tables made by their own modules rather than here, checked before a load all the same:
#: ``outlet_lines`` (store/furniture.py, a table without rowid) and the story pass's tables.
OTHER_TABLES: dict[str, tuple[dict[str, type], Any]] = {
    "outlet_lines": (
        {"outlet": str, "line_key": int, "article_id": str, "day": str},
        ("outlet", "line_key", "article_id"),
    ),
    SENTENCE_KINDS: (SENTENCE_KIND_COLUMNS, "kind"),  # store/summaries.py
    SCORE_BINS: (SCORE_BIN_COLUMNS, "bin"),
    SPEAKER_OUTLETS: (SPEAKER_OUTLET_COLUMNS, ("speaker_id", "outlet")),
    SPEAKER_DAYS: (SPEAKER_DAY_COLUMNS, ("speaker_id", "day")),
    **PASSAGE_CARRIER_TABLES,  # store/passage_carriers.py
    # The story pass's counts, keys and links (store/story_index.py) and its plan (stories.py).
    **STORY_TABLES,
    **SPEAKER_TABLES,
    "story_plan": (
        {"article_id": str, "block": int, "old_story": str, "old_size": int},
        "article_id",
    ),
}

#: The columns each full-text index holds, whose updates alone re-index a row.
FTS_TRIGGER_COLUMNS = {"articles": ("title", "body"), "sentences": ("text",)}

#: Full-text indexes: index -> the table it indexes.
FTS_INDEXES = {"articles_fts": "articles", "sentences_fts": "sentences"}


def check_ownership(db: sqlite_utils.Database, signals: list[Signal]) -> None:
    """Raise :class:`SchemaConflict` if a table, view or trigger we would touch is not ours.

    Reads only: a database it refuses is left byte for byte as it was.
    """
    columns = dict(ARTICLE_COLUMNS)
    for s in signals:
        columns[s.name] = s.column_type
    tables = {"articles": (columns, "id"), **TABLES, **OTHER_TABLES}
    conflicts = find_conflicts(db, tables, IDENTITY, VIEWS, FTS_INDEXES)
    if conflicts:
        raise SchemaConflict(conflicts)


def ensure_schema(
    db: sqlite_utils.Database, signals: list[Signal], *, indexes: bool = True
) -> None:
    """Create every table, index and FTS index the contract names, if missing.

    Raises :class:`~.ownership.SchemaConflict`, having changed nothing, when the
    database holds tables or views of the same names that are not ours. The
    changes are one transaction: a kill part-way leaves no half-made schema (an
    FTS index without the triggers that keep it up to date).
    """
    check_ownership(db, signals)
    with db.atomic():
        create_schema(db, signals, indexes=indexes)


def create_schema(
    db: sqlite_utils.Database, signals: list[Signal], *, indexes: bool = True
) -> None:
    """The changes :func:`ensure_schema` makes, in the open transaction.

    ``indexes=False`` leaves out the indexes only pages need (:func:`create_indexes`): a
    bulk load into a new database writes faster without them and makes them at its end.
    """
    cols = dict(ARTICLE_COLUMNS)
    for s in signals:
        cols[s.name] = s.column_type
    articles = db["articles"]
    if not articles.exists():
        articles.create(cols, pk="id")
    else:
        existing = set(articles.columns_dict)
        for name, typ in cols.items():
            if name not in existing:
                articles.add_column(name, typ)
    for name, (columns, pk) in TABLES.items():
        if not db[name].exists():
            db[name].create(columns, pk=pk) if pk else db[name].create(columns)
        else:  # a database made by an earlier version gains the new columns
            existing = set(db[name].columns_dict)
            for column, typ in columns.items():
                if column not in existing:
                    db[name].add_column(column, typ)
    foreign = [
        ("sentences", "article_id"),
        ("parts", "article_id"),
        ("quotes", "article_id"),
        ("score_parts", "article_id"),
    ]
    for table, column in foreign:
        if not any(fk.column == column for fk in db[table].foreign_keys):
            db[table].add_foreign_key(column, "articles", "id", ignore=True)
    if not any(fk.column == "signal" for fk in db["score_parts"].foreign_keys):
        db["score_parts"].add_foreign_key("signal", "signals", "name", ignore=True)
    if not any(fk.column == "story_id" for fk in db["articles"].foreign_keys):
        db["articles"].add_foreign_key("story_id", "stories", "id", ignore=True)
    if indexes:
        create_indexes(db, signals)
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)
    if not db["articles_fts"].exists():
        db["articles"].enable_fts(["title", "body"], create_triggers=True)
    # Sentences are the body's text again: one full-text index of the body (articles_fts)
    # is enough. A database made before keeps its sentences_fts, kept up to date.
    create_sentence_kinds(db)
    create_score_bins(db)
    create_speaker_outlets(db)
    create_speaker_days(db)
    create_passage_carriers(db)
    # An index holds its columns' text alone: writing a score, a story_id, a speaker_id or
    # copied_from must not delete and re-add the row's text in the index (once per article
    # and per sentence after every load). Inside the schema's transaction.
    for table, columns in FTS_TRIGGER_COLUMNS.items():
        name = f"{table}_au"
        trigger = db.execute(
            "select sql from sqlite_master where type = 'trigger' and name = ?", [name]
        ).fetchone()
        of = ", ".join(f'"{c}"' for c in columns)
        if trigger and f"UPDATE OF {of}" not in trigger[0]:
            old = ", ".join(f'old."{c}"' for c in columns)
            new = ", ".join(f'new."{c}"' for c in columns)
            listed = ", ".join(f'"{c}"' for c in columns)
            db.execute(f'drop trigger "{name}"')
            db.execute(
                f'CREATE TRIGGER "{name}" AFTER UPDATE OF {of} ON "{table}" BEGIN\n'
                f'  insert into "{table}_fts" ("{table}_fts", rowid, {listed}) '
                f"values('delete', old.rowid, {old});\n"
                f'  insert into "{table}_fts" (rowid, {listed}) values (new.rowid, {new});\n'
                "end"
            )
