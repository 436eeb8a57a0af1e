"""The summary tables equal the GROUP BY each replaces, after every way articles change:
a load, a re-load of the same articles, a replacement, a rescore with new weights, and
articles deleted with plain SQL (then a rescore)."""

from __future__ import annotations

import math
import shutil

import pytest
import sqlite_utils
from conftest import SEEDS

from datasette_sources.store import load, rescore
from datasette_sources.store.summaries import (
    compact,
    count_sentence_kinds,
    is_big_load,
    score_bins,
    sentence_kinds,
)


def kinds_by_group(db):
    rows = db.execute("select coalesce(kind, ''), count(*) from sentences group by 1")
    return dict(rows.fetchall())


def outlets_by_group(db):
    """What the outlets summary replaces: per outlet, over its scored articles."""
    rows = db.execute(
        "select coalesce(nullif(outlet, ''), '(unknown)'), count(*), min(score), max(score), "
        "avg(attribution_density), sum(opinion_sentences), sum(anonymous_sources), "
        "sum(named_sources), sum(institutional_sources), sum(anonymous_sources > 0), "
        "sum(uncredited_copy_share > 0), avg(score) "
        "from articles where score is not null group by 1"
    )
    return {r[0]: r[1:] for r in rows.fetchall()}


def outlets_summary(db):
    rows = db.execute(
        "select outlet, article_count, lowest_score, highest_score, mean_attribution_density, "
        "opinion_sentences, anonymous_sources, named_sources, institutional_sources, "
        "articles_with_anonymous, articles_copying_without_credit, mean_score from outlets"
    )
    return {r[0]: r[1:] for r in rows.fetchall()}


def speakers_by_group(db):
    rows = db.execute(
        "select speaker_id, count(distinct article_id), sum(kind = 'quote'), count(*) "
        "from sentences where speaker_id is not null group by speaker_id"
    )
    return {r[0]: r[1:] for r in rows.fetchall()}


def bins_by_group(db):
    rows = db.execute(
        "select min(cast(score / 10 as integer), 9), count(*) from articles "
        "where score is not null group by 1"
    )
    return dict(rows.fetchall())


def speaker_outlets_by_group(db):
    rows = db.execute(
        "select s.speaker_id, case when a.outlet is null or trim(a.outlet) = '' then '' "
        "else a.outlet end, count(distinct s.article_id), count(*), sum(s.kind = 'quote') "
        "from sentences s join articles a on a.id = s.article_id "
        "where s.speaker_id is not null group by 1, 2"
    )
    return sorted(rows.fetchall())


def assert_summaries_right(db):
    stored = {k: n for k, n in sentence_kinds(db).items() if n}
    assert stored == kinds_by_group(db)
    assert {b: n for b, n in score_bins(db).items() if n} == bins_by_group(db)
    want, got = outlets_by_group(db), outlets_summary(db)
    assert got.keys() == want.keys()
    for outlet, row in want.items():
        # mean_score is stored to two places (scoring.outlet_scores)
        *exact, mean = row
        *stored_exact, stored_mean = got[outlet]
        assert stored_exact[:3] == exact[:3], outlet
        assert math.isclose(stored_exact[3] or 0, exact[3] or 0, abs_tol=1e-9), outlet
        assert stored_exact[4:] == exact[4:], outlet
        assert abs(stored_mean - mean) <= 0.005 + 1e-9, outlet
    counts = {
        r[0]: r[1:]
        for r in db.execute(
            "select id, article_count, quote_count, sentence_count from speakers "
            "where sentence_count > 0"
        ).fetchall()
    }
    assert counts == speakers_by_group(db)
    kept = db.execute(
        "select speaker_id, outlet, article_count, sentence_count, quote_count "
        "from speaker_outlets where sentence_count > 0"
    ).fetchall()
    assert sorted(kept) == speaker_outlets_by_group(db)
    # The views and queries that read the summaries give the GROUP BY's figures.
    view = dict(db.execute("select outlet, articles from outlet_summary").fetchall())
    assert view == {o: r[0] for o, r in want.items()}


@pytest.fixture
def loaded(tmp_path):
    db = sqlite_utils.Database(tmp_path / "sources.db")
    load(db, [str(SEEDS)])
    return db


def test_after_a_load_and_a_reload(loaded):
    assert sum(sentence_kinds(loaded).values()) == loaded["sentences"].count > 0
    assert_summaries_right(loaded)
    assert load(loaded, [str(SEEDS)]).unchanged == 5
    assert_summaries_right(loaded)


def test_after_a_replacement_and_an_edited_article(loaded, tmp_path):
    before = sentence_kinds(loaded)
    # Replaced: every row of the five articles deleted and written again.
    assert load(loaded, [str(SEEDS)], replace=True).replaced == 5
    assert sentence_kinds(loaded) == before
    assert_summaries_right(loaded)
    # An edited article (half its text) is another article: its sentences are added.
    seeds = shutil.copytree(SEEDS, tmp_path / "seeds")
    target = sorted(seeds.glob("*.txt"))[0]
    text = target.read_text(encoding="utf-8")
    target.write_text(text[: len(text) // 2], encoding="utf-8")
    assert load(loaded, [str(target)]).loaded == 1
    assert sentence_kinds(loaded) != before
    assert_summaries_right(loaded)


def test_after_a_rescore_with_new_weights(loaded):
    before = outlets_summary(loaded)
    rescore(loaded, weights={"hedging": 4, "attribution_density": 0.5})
    assert outlets_summary(loaded) != before
    assert_summaries_right(loaded)


def test_after_deleting_articles_with_sql(loaded):
    gone = loaded.execute("select id from articles order by id limit 2").fetchall()
    with loaded.atomic():
        for (article_id,) in gone:
            for table in ("sentences", "parts", "quotes", "score_parts", "story_keys"):
                loaded.execute(f"delete from [{table}] where article_id = ?", [article_id])
            loaded.execute("delete from articles where id = ?", [article_id])
    # The triggers keep sentence kinds and score bins right at once; a rescore the rest.
    assert {k: n for k, n in sentence_kinds(loaded).items() if n} == kinds_by_group(loaded)
    assert {b: n for b, n in score_bins(loaded).items() if n} == bins_by_group(loaded)
    kept = loaded.execute(
        "select speaker_id, outlet, article_count, sentence_count, quote_count "
        "from speaker_outlets where sentence_count > 0"
    ).fetchall()
    assert sorted(kept) == speaker_outlets_by_group(loaded)
    rescore(loaded)
    assert_summaries_right(loaded)


def test_a_kind_changed_by_sql_moves_its_count(loaded):
    loaded.execute("update sentences set kind = 'opinion' where kind = 'author'")
    assert sentence_kinds(loaded).get("author", 0) == 0
    assert {k: n for k, n in sentence_kinds(loaded).items() if n} == kinds_by_group(loaded)
    loaded.execute("update sentence_kinds set sentence_count = 0")  # a repair counts again
    count_sentence_kinds(loaded)
    assert {k: n for k, n in sentence_kinds(loaded).items() if n} == kinds_by_group(loaded)


@pytest.mark.parametrize(
    "added,before,big",
    [(10_000, 0, True), (9_999, 0, False), (10_000, 40_000, True), (10_000, 40_001, False)],
)
def test_what_a_big_load_is(added, before, big):
    assert is_big_load(added, before) is big


def test_compact_leaves_no_free_pages_and_keeps_the_rows(loaded, database_rows):
    path = loaded.conn.execute("pragma database_list").fetchone()[2]
    before = database_rows(path)
    loaded.execute("delete from parts")
    loaded.conn.commit()
    assert loaded.execute("pragma freelist_count").fetchone()[0] > 0
    compact(loaded)
    assert loaded.execute("pragma freelist_count").fetchone()[0] == 0
    assert loaded["sqlite_stat1"].exists()  # ANALYZE's statistics for the planner
    before["parts"] = []
    assert database_rows(path) == before


def test_a_big_load_ends_compacted_and_indexed(tmp_path, monkeypatch):
    from datasette_sources.plugins import all_signals
    from datasette_sources.store import summaries
    from datasette_sources.store.schema import ensure_schema

    monkeypatch.setattr(summaries, "BIG_LOAD", 1)  # five seeds count as big here
    db = sqlite_utils.Database(tmp_path / "big.db")
    load(db, [str(SEEDS)])
    assert db["sqlite_stat1"].exists()
    assert db.execute("pragma freelist_count").fetchone()[0] == 0
    # The indexes a first load makes at its end are those the schema keeps (the story
    # pass makes tables and indexes of its own as it runs).
    other = sqlite_utils.Database(tmp_path / "other.db")
    ensure_schema(other, all_signals())
    indexes = "select name, tbl_name from sqlite_master where type = 'index'"
    kept = {r[0] for r in other.execute(indexes)}
    schema_tables = set(other.table_names())
    made = {r[0] for r in db.execute(indexes) if r[1] in schema_tables}
    assert made - kept <= {"story_keys_owed"}, made - kept  # the story pass's own
    assert kept <= made and {"idx_sentences_by_speaker_id", "idx_sentences_speaker_id"} <= made
    assert "idx_sentences_speaker" not in made  # replaced by idx_sentences_by_speaker
    assert "idx_sentences_kind" not in made and "idx_articles_url" not in made


def test_speaker_outlets_triggers_read_by_the_article_key(loaded):
    """Each new sentence of a speaker checks the other sentences of its article, by the
    article's key: through the speaker_id index it would walk every sentence of a
    much-quoted speaker (a load slowing with the size of the database). A database made
    with the older triggers gets them made again."""
    from datasette_sources.store.summaries import create_speaker_outlets

    def bodies():
        return dict(
            loaded.execute(
                "select name, sql from sqlite_master where name like 'speaker_outlets_a_'"
            ).fetchall()
        )

    for name, sql in bodies().items():
        loaded.execute(f"drop trigger [{name}]")
        loaded.execute(sql.replace("+s.speaker_id", "s.speaker_id"))
    assert not any("+s.speaker_id" in sql for sql in bodies().values())
    create_speaker_outlets(loaded)
    assert len(bodies()) == 3 and all("+s.speaker_id" in sql for sql in bodies().values())
    plan = loaded.execute(
        "explain query plan select not exists (select 1 from sentences s "
        "where s.article_id = 'a' and +s.speaker_id = 1 and s.rowid != 1)"
    ).fetchall()
    assert not any("speaker_id" in row[3] for row in plan)
    loaded.execute("update sentences set speaker_id = null where rowid % 2 = 0")
    assert_summaries_right_outlets(loaded)


def assert_summaries_right_outlets(db):
    kept = db.execute(
        "select speaker_id, outlet, article_count, sentence_count, quote_count "
        "from speaker_outlets where sentence_count > 0"
    ).fetchall()
    assert sorted(kept) == speaker_outlets_by_group(db)
