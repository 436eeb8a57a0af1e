"""Articles the reader does not read: loaded whole, marked, not scored, out of every statistic."""

from __future__ import annotations

import sqlite_utils
from conftest import ARABIC_TEXT, CHINESE_TEXT

from datasette_sources.store import load, rescore


def by_path(db, ending):
    return next(r for r in db["articles"].rows if r["path"].endswith(ending))


def test_not_read_articles_are_marked_and_not_scored(languages_db):
    db = sqlite_utils.Database(languages_db)
    zh, ar, deep = by_path(db, "zh.txt"), by_path(db, "ar.txt"), by_path(db, "deep.html")
    assert (zh["language"], ar["language"]) == ("zh", "ar")
    for row in (zh, ar, deep):
        assert row["score"] is None and row["score_band"] == "not scored"
        assert db.execute(
            "select count(*) from score_parts where article_id = ?", [row["id"]]
        ).fetchone() == (0,)
    assert zh["body"] and zh["body"] in CHINESE_TEXT.replace("\n\n", "\n\n")
    assert "يوم الثلاثاء" in ar["body"]
    assert (zh["sentence_count"], ar["sentence_count"], deep["sentence_count"]) == (4, 3, 0)
    # The English seeds are read and scored as ever.
    seeds = [r for r in db["articles"].rows if "/seeds/" in r["path"]]
    assert len(seeds) == 5 and all(r["language"] == "en" and r["score"] is not None for r in seeds)


def test_not_read_articles_are_out_of_outlet_and_corpus_statistics(languages_db):
    db = sqlite_utils.Database(languages_db)
    scored = db.execute("select count(*) from articles where score is not null").fetchone()[0]
    assert scored == 5
    assert sum(r["article_count"] for r in db["outlets"].rows) == 5
    assert db.execute("select sum(articles) from outlet_summary").fetchone() == (5,)
    zh = by_path(db, "zh.txt")
    # no fingerprint: a story of its own, compared with nothing
    assert db.execute(
        "select count(*) from story_keys where article_id = ?", [zh["id"]]
    ).fetchone() == (0,)
    assert db["stories"].get(zh["story_id"])["article_count"] == 1
    assert db.execute(
        "select count(*) from copies where ? in (source_id, copy_id)", [zh["id"]]
    ).fetchone() == (0,)


def test_rescore_and_rerun_leave_them_not_scored(languages_db, tmp_path):
    import shutil

    path = tmp_path / "sources.db"
    shutil.copy(languages_db, path)
    db = sqlite_utils.Database(path)
    rescore(db, {"sic_count": 3})
    bands = {r["path"].rsplit("/", 1)[-1]: r["score_band"] for r in db["articles"].rows}
    assert bands["zh.txt"] == bands["ar.txt"] == bands["deep.html"] == "not scored"
    folder = tmp_path / "again"
    folder.mkdir()
    (folder / "zh.txt").write_text(CHINESE_TEXT, encoding="utf-8")
    (folder / "ar.txt").write_text(ARABIC_TEXT, encoding="utf-8")
    assert load(db, [str(folder)]).unchanged == 2
