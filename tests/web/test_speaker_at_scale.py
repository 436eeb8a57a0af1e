"""The speaker page of a much-quoted speaker: the same sentences by a walk in date order
as by the sort, the outlets cut to the largest with a count of the rest, and a note
rather than an error when a read runs past the time limit."""

from __future__ import annotations

import re
import shutil

import pytest
import sqlite_utils
from conftest import SCRIPT, SEEDS
from datasette.database import QueryInterrupted

from datasette_sources.store import load
from datasette_sources.web import speaker_rows
from datasette_sources.web.speaker_rows import OUTLETS_LISTED, fetch_speaker

#: The speaker added by hand, and how many articles quote them.
WALKER = 424242
ARTICLES = 400
#: Outlets of the added articles: more than the page lists.
OUTLETS = OUTLETS_LISTED + 50


def published(i: int, undated: bool) -> str | None:
    """Dates with ties (several articles a day), times on some; every tenth undated."""
    if undated and i % 10 == 0:
        return None
    day = f"2020-{1 + i % 12:02d}-{1 + (i * 7) % 28:02d}"
    return f"{day}T{i % 24:02d}:00:00" if i % 3 == 0 else day


def build(path, undated: bool) -> None:
    """Add :data:`ARTICLES` articles to a loaded database, the i-th giving the walker
    ``i % 4`` sentences among sentences of no one."""
    db = sqlite_utils.Database(path)
    with db.atomic():
        db["speakers"].insert(
            {"id": WALKER, "name": f"Walker {SCRIPT}", "kind": "person", "aliases": "[]"}
        )
        for i in range(ARTICLES):
            article_id = f"walk-{i:04d}"
            db["articles"].insert(
                {
                    "id": article_id,
                    "title": f"Walk {i}",
                    "outlet": f"Outlet {i % OUTLETS}",
                    "published": published(i, undated),
                    "body": "Text.",
                }
            )
            rows = [{"article_id": article_id, "position": 0, "kind": "author", "text": "x"}]
            rows += [
                {
                    "article_id": article_id,
                    "position": 1 + n,
                    "kind": "quote" if n % 2 else "attributed",
                    "speaker": "Walker",
                    "speaker_id": WALKER,
                    "text": f"Sentence {n} of {i}.",
                }
                for n in range(i % 4)
            ]
            db["sentences"].insert_all(rows)
        db.execute(
            "update speakers set sentence_count = (select count(*) from sentences "
            "where speaker_id = :id), article_count = (select count(distinct article_id) "
            "from sentences where speaker_id = :id) where id = :id",
            {"id": WALKER},
        )
    db.conn.close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    path = tmp_path_factory.mktemp("seeded") / "news.db"
    load(sqlite_utils.Database(path), [str(SEEDS)])
    return path


@pytest.fixture(scope="module", params=[False, True], ids=["dated", "some undated"])
def walk_db(request, seeded, tmp_path_factory):
    path = tmp_path_factory.mktemp("walk") / "news.db"
    shutil.copy(seeded, path)
    build(path, undated=request.param)
    return path, request.param


def total_sentences(path) -> int:
    db = sqlite_utils.Database(path)
    return db.execute("select count(*) from sentences where speaker_id = ?", [WALKER]).fetchone()[0]


async def sentences_of(db, page: int) -> list[tuple]:
    rows = await fetch_speaker(db, WALKER, page)
    assert rows is not None and not rows.too_slow
    return [(s["article_id"], s["position"], s["published"]) for s in rows.sentences]


@pytest.mark.asyncio
async def test_the_walk_gives_the_sorts_rows(walk_db, start_datasette, monkeypatch):
    path, undated = walk_db
    total = total_sentences(path)
    assert total == 600
    last = -(-total // 50)
    pages = [1, 2, last // 2, last // 2 + 1, last - 1, last, last + 1]
    ds = await start_datasette(path)
    db = ds.get_database("news")
    walks: list[bool] = []
    real_walk = speaker_rows.walk_dates

    def counted(conn, speaker_id, need, newest_first, budget):
        found = real_walk(conn, speaker_id, need, newest_first, budget)
        walks.append(newest_first) if found is not None else None
        return found

    monkeypatch.setattr(speaker_rows, "walk_dates", counted)
    walked = {page: await sentences_of(db, page) for page in pages}
    # The walk ran from both ends on a dated database; from the newest end alone when
    # undated articles (sorted last) hold some of the speaker's sentences.
    assert True in walks and (False in walks) is (not undated)

    async def no_walk(*args):
        return None

    monkeypatch.setattr(speaker_rows, "walk_plan", no_walk)
    for page in pages:
        assert walked[page] == await sentences_of(db, page), page
    assert len(walked[1]) == 50 and walked[last + 1] == []
    assert len(walked[last]) == total - (last - 1) * 50
    # The sort's order: newest first, undated last.
    everything = [s for page in range(1, last + 1) for s in await sentences_of(db, page)]
    assert len(set(everything)) == total
    dated = [s[2] for s in everything if s[2] is not None]
    assert dated == sorted(dated, reverse=True)
    assert all(s[2] is None for s in everything[len(dated) :])


@pytest.mark.asyncio
async def test_the_days_give_the_sorts_rows(walk_db, start_datasette, monkeypatch):
    """Pages too far from both ends for a walk read their days from speaker_days: the
    same rows as the sort of every sentence, on every page; pages among undated
    articles (sorted last) are sorted."""
    path, undated = walk_db
    total = total_sentences(path)
    last = -(-total // 50)
    ds = await start_datasette(path)
    db = ds.get_database("news")

    async def no_walk(*args):
        return None

    monkeypatch.setattr(speaker_rows, "walk_plan", no_walk)
    planned: list[int] = []
    real_plan = speaker_rows.day_plan

    async def counted(db, speaker_id, offset, total):
        found = await real_plan(db, speaker_id, offset, total)
        planned.append(offset) if found is not None else None
        return found

    monkeypatch.setattr(speaker_rows, "day_plan", counted)
    by_days = {page: await sentences_of(db, page) for page in range(1, last + 2)}
    undated_count = (
        sqlite_utils.Database(path)
        .execute(
            "select count(*) from sentences s join articles a on a.id = s.article_id "
            "where s.speaker_id = ? and a.published is null",
            [WALKER],
        )
        .fetchone()[0]
    )
    # Every page whose sentences are all dated was found by its days.
    assert planned == [(p - 1) * 50 for p in range(1, last + 1) if p * 50 <= total - undated_count]
    assert bool(undated_count) is undated

    async def no_days(*args):
        return None

    monkeypatch.setattr(speaker_rows, "day_plan", no_days)
    for page, rows in by_days.items():
        assert rows == await sentences_of(db, page), page
    assert sum(len(r) for r in by_days.values()) == total


@pytest.mark.asyncio
async def test_days_holding_too_many_articles_are_sorted_instead(
    walk_db, start_datasette, monkeypatch
):
    # A rare speaker's page can span years of articles: their few sentences are sorted.
    path, _ = walk_db
    ds = await start_datasette(path)
    db = ds.get_database("news")
    total = total_sentences(path)
    assert await speaker_rows.day_plan(db, WALKER, 100, total) is not None
    monkeypatch.setattr(speaker_rows, "WALK_BUDGET", 3)
    assert await speaker_rows.day_plan(db, WALKER, 100, total) is None


@pytest.mark.asyncio
async def test_a_short_date_is_never_the_newest_day_of_a_plan(tmp_path, start_datasette):
    # "2020" sorts before "2020-05-05" but a range up to "2020" + U+10FFFF holds both.
    path = tmp_path / "news.db"
    load(sqlite_utils.Database(path), [str(SEEDS)])
    db = sqlite_utils.Database(path)
    db["speakers"].insert({"id": WALKER, "name": "Walker", "kind": "person", "aliases": "[]"})
    for i, published in enumerate(["2021-01-01"] * 60 + ["2020-05-05"] * 60 + ["2020"] * 60):
        db["articles"].insert({"id": f"d{i}", "title": "t", "published": published, "body": "x"})
        db["sentences"].insert(
            {
                "article_id": f"d{i}",
                "position": 0,
                "kind": "quote",
                "speaker_id": WALKER,
                "text": "y",
            }
        )
    db.conn.close()
    ds = await start_datasette(path)
    news = ds.get_database("news")
    assert await speaker_rows.day_plan(news, WALKER, 0, 180) is not None
    # Page 4 (sentences 150-179) is all "2020": the newest day of its plan, refused.
    assert await speaker_rows.day_plan(news, WALKER, 150, 180) is None
    rows = await speaker_rows.fetch_speaker(news, WALKER, 4)
    assert [s["published"] for s in rows.sentences] == ["2020"] * 30


def test_speaker_days_are_kept_by_triggers(walk_db, tmp_path):
    from datasette_sources.store.summaries import count_speaker_days

    path, _ = walk_db
    copy = tmp_path / "copy.db"
    shutil.copy(path, copy)
    db = sqlite_utils.Database(copy)

    def days() -> list[tuple]:
        return db.execute(
            "select speaker_id, day, sentence_count from speaker_days "
            "where sentence_count > 0 order by 1, 2"
        ).fetchall()

    kept = days()
    assert any(r[0] == WALKER for r in kept)
    # Sentences deleted, and others given to another speaker, as a later load does.
    db.execute("delete from sentences where speaker_id = ? and position = 1", [WALKER])
    moved = "update sentences set speaker_id = 7 where speaker_id = ? and position = 2"
    db.execute(moved, [WALKER])
    kept = days()
    count_speaker_days(db)
    assert kept == days()
    assert (7,) in db.execute("select distinct speaker_id from speaker_days").fetchall()


@pytest.mark.asyncio
async def test_outlets_are_cut_to_the_largest_with_the_rest_counted(walk_db, start_datasette):
    path, _ = walk_db
    ds = await start_datasette(path)
    quoting = (
        sqlite_utils.Database(path)
        .execute(
            "select count(distinct a.outlet) from sentences s join articles a "
            "on a.id = s.article_id where s.speaker_id = ?",
            [WALKER],
        )
        .fetchone()[0]
    )
    assert quoting > OUTLETS_LISTED
    rows = await fetch_speaker(ds.get_database("news"), WALKER)
    assert len(rows.outlets) == OUTLETS_LISTED
    assert rows.totals == {"outlets": quoting, "sentences": 600, "unknown": 0}
    counts = [(o["articles"], o["sentences"]) for o in rows.outlets]
    assert counts == sorted(counts, reverse=True)
    html = (await ds.client.get(f"/-/sources/news/speaker/{WALKER}")).text
    assert f"And {quoting - OUTLETS_LISTED} more outlets…" in html
    assert f'href="/news/speaker_outlets?speaker_id={WALKER}&amp;_sort_desc=article_count"' in html
    assert f"from {quoting} outlets" in html
    assert "1–50 of 600" in html
    assert "Walker &lt;script&gt;" in html and "<script>alert" not in html


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "part,marker",
    [
        ("sentences", "order by a.published is null, a.published desc"),
        ("outlets", "from speaker_outlets"),
        ("passages", "select distinct passage from quotes"),
    ],
)
async def test_a_read_past_the_time_limit_is_a_note(
    walk_db, start_datasette, monkeypatch, part, marker
):
    path, _ = walk_db
    ds = await start_datasette(path)
    db = ds.get_database("news")
    real_execute = db.execute

    async def slow(sql, *args, **kwargs):
        if marker in sql:
            raise QueryInterrupted(Exception("interrupted"), sql, {})
        return await real_execute(sql, *args, **kwargs)

    monkeypatch.setattr(db, "execute", slow)
    response = await ds.client.get(f"/-/sources/news/speaker/{WALKER}")
    assert response.status_code == 200
    html = response.text
    notes = re.findall(r'<p class="sources-note sources-too-slow">(.*?)</p>', html, re.S)
    assert len(notes) == 1 and "Too slow at this size" in notes[0]
    assert f'<a href="/news/sentences?speaker_id={WALKER}">' in notes[0]
    assert f"speaker_id={WALKER}</a>" in notes[0]
    assert "<script>alert" not in html
    rows = await fetch_speaker(db, WALKER)
    assert rows.too_slow == [part]
