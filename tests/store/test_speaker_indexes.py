"""A speaker's sentences in the table page's order come from an index, not a sort.

At a million articles the most quoted speaker has 600,000 sentences: Datasette's
``sentences?speaker_id=`` page sorted them all by the primary key and ran past its
time limit. These tests read SQLite's query plans, which do not depend on the
machine's speed.
"""

from __future__ import annotations

import pytest
import sqlite_utils

from datasette_sources.plugins import all_signals
from datasette_sources.store.indexes import SPEAKER_INDEXES, SUPERSEDED, create_indexes
from datasette_sources.store.schema import ensure_schema


def plan(db: sqlite_utils.Database, sql: str, params: list) -> str:
    return " | ".join(r[3] for r in db.execute("explain query plan " + sql, params))


@pytest.fixture
def db(tmp_path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(tmp_path / "sources.db")
    ensure_schema(db, all_signals())
    return db


# The queries Datasette and the plugin's pages run over one speaker's sentences.
QUERIES = [
    # Datasette's table page, filtered, in its default order (the primary key), and its count.
    (
        "select * from sentences where speaker_id = ? order by article_id, position limit 101",
        [7],
        "idx_sentences_by_speaker_id",
    ),
    # A count reads either index of speaker_id: both hold the speaker's entries alone.
    ("select count(*) from sentences where speaker_id = ?", [7], "_speaker_id"),
    (
        "select * from sentences where speaker = ? order by article_id, position limit 101",
        ["Jane Doe"],
        "idx_sentences_by_speaker",
    ),
    ("select count(*) from sentences where speaker = ?", ["Jane Doe"], "idx_sentences_by_speaker"),
    # The next page: Datasette's keyset pagination after the last row shown.
    (
        "select * from sentences where speaker_id = ? and (article_id > ? or "
        "(article_id = ? and position > ?)) order by article_id, position limit 101",
        [7, "a", "a", 3],
        "idx_sentences_by_speaker_id",
    ),
    # The search page's names when a database has no speakers table.
    (
        "select speaker, count(*) from sentences where speaker is not null and speaker like ? "
        "group by speaker",
        ["%doe%"],
        "idx_sentences_by_speaker",
    ),
]


@pytest.mark.parametrize("sql,params,index", QUERIES)
def test_read_from_the_index_without_sorting(db, sql, params, index):
    found = plan(db, sql, params)
    assert index in found, found
    assert "TEMP B-TREE FOR ORDER BY" not in found, found


def test_only_sentences_with_a_speaker_are_indexed(db):
    assert all("is not null" in where for _, _, where in SPEAKER_INDEXES.values())
    db["sentences"].insert_all(
        [{"article_id": "a", "position": i, "kind": "author", "text": "x"} for i in range(5)]
        + [{"article_id": "a", "position": 9, "speaker": "Doe", "speaker_id": 1, "text": "y"}]
    )
    for name in SPEAKER_INDEXES:
        # Entries in the index's leaf pages (SQLite's dbstat): one, not six.
        leaves = "select sum(ncell) from dbstat where name = ? and pagetype = 'leaf'"
        assert db.execute(leaves, [name]).fetchone() == (1,)


def test_the_table_is_counted_by_a_small_index(db):
    # Datasette's unfiltered table page runs count(*) when it has no inspect data.
    found = plan(db, "select count(*) from sentences", [])
    assert "idx_sentences_speaker_id" in found, found


def test_an_older_database_gets_them_and_loses_what_they_replace(db):
    for name in SPEAKER_INDEXES:
        db.execute(f"drop index [{name}]")
    db["sentences"].create_index(["speaker"], index_name="idx_sentences_speaker")
    create_indexes(db, all_signals())
    names = {r[0] for r in db.execute("select name from sqlite_master where type = 'index'")}
    assert set(SPEAKER_INDEXES) <= names
    assert not set(SUPERSEDED) & names
