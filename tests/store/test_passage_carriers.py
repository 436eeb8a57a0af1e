"""``passage_carriers`` equals the GROUP BY over ``quotes`` it replaces, after loads,
reloads, replacements, rows changed or deleted with plain SQL, and a full rescore."""

from __future__ import annotations

import pytest
import sqlite_utils
from conftest import SEEDS

from datasette_sources.plugins import all_signals
from datasette_sources.store import load, rescore
from datasette_sources.store.passage_carriers import (
    PASSAGE_CARRIERS,
    PASSAGES_DUE,
    recount_due,
    refresh_passage_carriers,
)
from datasette_sources.store.schema import ensure_schema


def carriers_by_group(db) -> list[tuple]:
    """From scratch: what the speaker page grouped before the summary."""
    return db.execute(
        "select q.passage, count(distinct q.article_id), count(distinct "
        "coalesce(case when a.outlet is null or trim(a.outlet) = '' then null "
        "else a.outlet end, '(unknown)')), min(a.published) "
        "from quotes q join articles a on a.id = q.article_id "
        "where q.passage is not null and q.passage != '' group by q.passage order by 1"
    ).fetchall()


def carriers_kept(db) -> list[tuple]:
    return db.execute(
        f"select passage, articles, outlets, first_published from [{PASSAGE_CARRIERS}] "
        "order by passage"
    ).fetchall()


def due(db) -> list[str]:
    return [r[0] for r in db.execute(f"select passage from [{PASSAGES_DUE}] order by 1")]


@pytest.fixture
def loaded(tmp_path):
    db = sqlite_utils.Database(tmp_path / "sources.db")
    load(db, [str(SEEDS)])
    return db


def some_passage(db) -> tuple[str, str]:
    """A passage several articles carry, and one article that carries it."""
    return db.execute(
        "select passage, min(article_id) from quotes where passage is not null "
        "group by passage having count(distinct article_id) > 1 order by passage limit 1"
    ).fetchone()


def test_after_a_load_a_reload_and_a_replacement(loaded):
    assert carriers_by_group(loaded), "the seeds' story carries passages"
    assert carriers_kept(loaded) == carriers_by_group(loaded)
    assert due(loaded) == []
    assert load(loaded, [str(SEEDS)]).unchanged == 5
    assert carriers_kept(loaded) == carriers_by_group(loaded)
    assert load(loaded, [str(SEEDS)], replace=True).replaced == 5
    assert carriers_kept(loaded) == carriers_by_group(loaded)
    assert due(loaded) == []


def test_an_article_deleted_with_sql(loaded):
    passage, article_id = some_passage(loaded)
    before = dict((r[0], r[1:]) for r in carriers_kept(loaded))[passage]
    with loaded.atomic():
        for table in ("sentences", "parts", "quotes", "score_parts", "story_keys"):
            loaded.execute(f"delete from [{table}] where article_id = ?", [article_id])
        loaded.execute("delete from articles where id = ?", [article_id])
    assert passage in due(loaded)  # noted by the triggers, in the same transaction
    recount_due(loaded)
    after = dict((r[0], r[1:]) for r in carriers_kept(loaded))
    assert after[passage][0] == before[0] - 1
    assert carriers_kept(loaded) == carriers_by_group(loaded)
    assert due(loaded) == []


@pytest.mark.parametrize(
    "sql",
    [
        "update articles set outlet = 'Elsewhere Daily' where id = :article",
        "update articles set outlet = '' where id = :article",
        "update articles set published = '1999-01-01' where id = :article",
        "update quotes set passage = null where article_id = :article",
        "update quotes set passage = 'moved' where article_id = :article and passage = :passage",
        "delete from quotes where article_id = :article",
    ],
)
def test_rows_changed_with_sql(loaded, sql):
    passage, article_id = some_passage(loaded)
    loaded.execute(sql, {"article": article_id, "passage": passage})
    assert passage in due(loaded)
    with loaded.atomic():
        recount_due(loaded)
    assert carriers_kept(loaded) == carriers_by_group(loaded)


def test_a_load_counts_what_plain_sql_left_due(loaded, tmp_path):
    passage, article_id = some_passage(loaded)
    loaded.execute("delete from quotes where article_id = ?", [article_id])
    assert carriers_kept(loaded) != carriers_by_group(loaded)
    # Another article loaded: the story pass counts every due passage again.
    other = tmp_path / "other.txt"
    other.write_text("Council votes\n\n“We will not wait,” said Jo Bloggs on Monday.\n")
    assert load(loaded, [str(other)]).loaded == 1
    assert carriers_kept(loaded) == carriers_by_group(loaded)
    assert due(loaded) == []


def test_a_full_rescore_and_a_refresh_count_everything(loaded):
    loaded.execute(f"update [{PASSAGE_CARRIERS}] set articles = 99, outlets = 99")
    rescore(loaded)
    assert carriers_kept(loaded) == carriers_by_group(loaded)
    loaded.execute(f"delete from [{PASSAGE_CARRIERS}]")
    refresh_passage_carriers(loaded)
    assert carriers_kept(loaded) == carriers_by_group(loaded)


def test_an_older_database_gains_the_table_counted(loaded):
    loaded.execute(f"drop table [{PASSAGE_CARRIERS}]")
    for (name,) in loaded.execute(
        "select name from sqlite_master where type = 'trigger' and name like 'passage_carriers%'"
    ).fetchall():
        loaded.execute(f"drop trigger [{name}]")
    ensure_schema(loaded, all_signals())
    assert carriers_kept(loaded) == carriers_by_group(loaded) != []
    passage, article_id = some_passage(loaded)
    loaded.execute("delete from quotes where article_id = ?", [article_id])
    assert passage in due(loaded)  # the triggers are back
