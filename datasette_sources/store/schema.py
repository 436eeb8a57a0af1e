"""The database contract: tables, columns, indexes, full-text search and views.

:func:`ensure_schema` creates what is missing and adds the columns a newer
version needs; it never drops anything.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from ..signals import Signal
from .views import VIEWS

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
    "cue": str,
    "anonymous": int,
    "has_sic": int,
    "brackets": str,
    "hedges": str,
    "opinion_markers": str,
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
        },
        None,
    ),
    "story_keys": (
        {
            "article_id": str,
            "published": str,
            "names": str,
            "terms": str,
            "quotes": str,
            "passages": str,
        },
        "article_id",
    ),
    "stories": (
        {"id": str, "label": str, "article_count": int, "outlet_count": int},
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
}


#: Indexes a page, facet or documented query needs (articles also gets one per column).
INDEXES: dict[str, list[list[str]]] = {
    "articles": [
        ["outlet"],
        ["score"],
        ["score_band"],
        ["credit_kind"],
        ["story_id"],
        ["published"],
        ["outlet_source"],
    ],
    "sentences": [["kind"], ["speaker"], ["speaker_type"], ["has_sic"]],
    "parts": [["kind"]],
    # (speaker, article_id) covers "who is quoted, in how many articles".
    "quotes": [["quote_key"], ["speaker", "article_id"], ["passage"]],
    "score_parts": [["signal"]],
    "copies": [["source_id"], ["copy_id"]],
    "stories": [["article_count"]],
}


def ensure_schema(db: sqlite_utils.Database, signals: list[Signal]) -> None:
    """Create every table, index and FTS index the contract names, if missing."""
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
    indexes = {table: [list(c) for c in idxs] for table, idxs in INDEXES.items()}
    # Each articles row holds the article's text, so a query that reads one column of
    # every article reads the whole table (240 MB for 36k AllSides articles). A
    # one-column index on every other column lets sorting, facets and Datasette's facet
    # suggestions (three queries per column on each table page, cut off after 50 ms
    # each) read the index instead: the articles page goes from about 4 s to 0.6 s.
    for column in cols:
        if column not in ("id", "body") and [column] not in indexes["articles"]:
            indexes["articles"].append([column])
    for table, idxs in indexes.items():
        for columns in idxs:
            db[table].create_index(columns, if_not_exists=True)
    # Covers the outlet_summary view and the per-outlet sums of the canned queries, so
    # that they read an index of 36k short entries rather than every article's text.
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
    if set(outlet_columns) <= set(articles.columns_dict):
        articles.create_index(
            outlet_columns, index_name="idx_articles_outlet_summary", if_not_exists=True
        )
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)
    if not db["articles_fts"].exists():
        db["articles"].enable_fts(["title", "body"], create_triggers=True)
    if not db["sentences_fts"].exists():
        db["sentences"].enable_fts(["text"], create_triggers=True)
