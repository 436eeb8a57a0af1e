"""The database stands alone: plain SQLite gives the scores and the summaries, no plugin."""

import sqlite3

import pytest

from datasette_sources.store import load


@pytest.fixture
def plain(fresh_db, seeds, db_path):
    load(fresh_db, [str(seeds)])
    return sqlite3.connect(db_path)  # no functions, no plugin: any SQLite tool


@pytest.mark.parametrize(
    "sql,check",
    [
        (
            "select count(*), min(score) >= 0, max(score) <= 100 from articles "
            "where score is not null",
            lambda r: r == [(5, 1, 1)],
        ),
        ("select sum(articles) from outlet_summary", lambda r: r == [(5,)]),
        (
            "select articles, outlets, passages_copied_without_credit from story_summary",
            lambda r: r == [(5, 3, 1)],
        ),
        ("select count(*) from copied_without_credit", lambda r: r == [(1,)]),
        (
            "select count(*) from score_explained where why like '%attribution_density%'",
            lambda r: r == [(5,)],
        ),
    ],
)
def test_plain_sql(plain, sql, check):
    assert check(plain.execute(sql).fetchall())
