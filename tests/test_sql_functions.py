"""sources_score(text) and sources_signals(text): any text column scored in SQL."""

import json
import sqlite3
import time

import pytest
import sqlite_utils

from datasette_sources import sql_functions
from datasette_sources.store import load


@pytest.fixture
def conn():
    c = sqlite3.connect(":memory:")
    sql_functions.register(c)
    return c


@pytest.mark.parametrize(
    "text,low,high",
    [
        ("Big news\n\nIt is a disgrace. We must act now, and they are crazy to wait.", 0, 50),
        (
            "Council votes\n\nThe council voted on Monday to close the bridge, officials said. "
            "“It is no longer safe,” the mayor, Jane Doe, said in a statement.",
            50,
            100,
        ),
    ],
)
def test_sources_score_range(conn, text, low, high):
    score = conn.execute("select sources_score(?)", [text]).fetchone()[0]
    assert low <= score <= high


def test_sources_signals_is_a_json_object(conn):
    (raw,) = conn.execute(
        "select sources_signals(?)",
        ["Iran tensions\n\nIran is playing an extremely dangerous game."],
    ).fetchone()
    signals = json.loads(raw)
    assert signals["opinion_sentences"] == 1
    assert 0 <= signals["score"] <= 100
    assert conn.execute(
        "select json_extract(sources_signals('x y z'), '$.sic_count')"
    ).fetchone() == (0,)


@pytest.mark.parametrize("value", [None, "", "   ", 42])
def test_non_text_gives_null(conn, value):
    assert conn.execute(
        "select sources_score(?), sources_signals(?)", [value, value]
    ).fetchone() == (
        None,
        None,
    )


def test_weights_come_from_the_databases_signals_table(fresh_db, seeds):
    load(fresh_db, [str(seeds)])
    sql_functions.register(fresh_db.conn)
    body = next(fresh_db.query("select body from articles where sic_count = 1"))["body"]
    before = fresh_db.execute("select sources_score(?)", [body + " "]).fetchone()[0]
    # Only [sic] counts now: one [sic] is normalised to 1 / (1 + 1), so the score is 50.
    fresh_db.execute("update signals set weight = case name when 'sic_count' then 1 else 0 end")
    after = fresh_db.execute("select sources_score(?)", [body + "  "]).fetchone()[0]
    assert after == 50.0 != before


def test_sqlite_utils_plugin_registers_the_functions(tmp_path):
    from datasette_sources import sqlite_utils_plugin

    pm = sqlite_utils.plugins.pm
    sqlite_utils.plugins.ensure_plugins_loaded()  # the entry point, when installed
    registered_here = not pm.is_registered(sqlite_utils_plugin)
    if registered_here:
        pm.register(sqlite_utils_plugin, name="test-sources")
    try:
        db = sqlite_utils.Database(tmp_path / "any.db")
        db["posts"].insert(
            {"body": "Title here\n\nThe plan failed, a senior official told reporters."}
        )
        (score,) = db.execute("select sources_score(body) from posts").fetchone()
        assert 0 <= score <= 100
    finally:
        if registered_here:
            pm.unregister(sqlite_utils_plugin)


@pytest.mark.asyncio
async def test_sql_functions_in_datasette(fresh_db, seeds, db_path):
    from datasette.app import Datasette

    load(fresh_db, [str(seeds)])
    ds = Datasette([db_path])
    await ds.invoke_startup()
    response = await ds.client.get(
        "/sources.json?sql=select+sources_score(body)+as+s,+json_extract(sources_signals(body),"
        "+'$.sic_count')+as+sic+from+articles+where+sic_count+=+1&_shape=array",
        follow_redirects=True,  # 1.0 alphas answer at /sources/-/query.json
    )
    assert response.status_code == 200, response.text
    (row,) = response.json()
    assert 0 <= row["s"] <= 100 and row["sic"] == 1


#: A text the reading core is slow on (its work grows with the square of the sentences in
#: one paragraph): read whole, this one call would take minutes.
HOSTILE_SQL = "select sources_score(replace(hex(zeroblob(15000)), '00', 'John Smith said. ')) as s"
#: Many rows, each a text that takes a little while: the query, not one call, is long.
MANY_SQL = (
    "with recursive n(i) as (select 1 union all select i + 1 from n limit 100000) "
    "select sources_score(i || replace(hex(zeroblob(300)), '00', 'Mr. Big Boss said. ')) from n"
)


def test_a_hostile_call_is_cut_off_by_the_progress_handler():
    conn = sqlite3.connect(":memory:")
    sql_functions.register(conn)
    deadline = time.perf_counter() + 0.5
    conn.set_progress_handler(lambda: int(time.perf_counter() >= deadline), 1000)
    start = time.perf_counter()
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        conn.execute(HOSTILE_SQL).fetchone()
    assert time.perf_counter() - start < 5  # read whole: minutes
    # The connection works on: a later query under a new deadline is answered.
    deadline = time.perf_counter() + 30
    assert conn.execute("select sources_score('Big news\n\nThe mayor quit.')").fetchone()[0] >= 0


def test_a_call_stops_at_its_work_cap_without_a_time_limit(monkeypatch):
    conn = sqlite3.connect(":memory:")  # no progress handler: sqlite-utils, a script
    sql_functions.register(conn)
    monkeypatch.setattr(sql_functions, "MAX_CALL_SECONDS", 0.2)
    start = time.thread_time()  # the call runs in this thread; CPU time, whatever the load
    assert conn.execute(HOSTILE_SQL).fetchone() == (None,)
    assert time.thread_time() - start < 2  # read whole: minutes


def test_over_long_texts_are_not_read(conn):
    text = "The mayor said so. " * (sql_functions.MAX_TEXT_CHARS // 19 + 1)
    assert conn.execute("select sources_score(?)", [text]).fetchone() == (None,)
    (raw,) = conn.execute("select sources_signals(?)", [text]).fetchone()
    assert json.loads(raw)["not_read"].startswith("longer than")


def test_the_cache_is_bounded_by_bytes_and_keeps_no_text(conn, monkeypatch):
    cache = sql_functions.ResultCache(limit=10_000)
    monkeypatch.setattr(sql_functions, "_cache", cache)
    for n in range(30):
        text = f"Headline {n}\n\n" + "The council met on Monday, the mayor said.\n\n" * 100
        assert conn.execute("select sources_score(?)", [text]).fetchone()[0] is not None
    assert cache.size <= 10_000
    assert 0 < len(cache.entries) < 30
    assert all(len(key[0]) == 20 for key in cache.entries)  # a hash, not the text


@pytest.mark.asyncio
async def test_hostile_queries_do_not_stall_datasette(seed_db, start_datasette):
    """Three hostile queries at once are each cut off near the time limit, and every other
    page keeps answering meanwhile (on Datasette 0.65.x and the 1.0 alphas)."""
    import asyncio
    import urllib.parse

    # A quarter of Datasette's default: on a fast machine a hostile call read whole in about
    # a second, so under the default limit the test depended on the machine's speed.
    limit_ms = 250
    ds = await start_datasette(seed_db, settings={"sql_time_limit_ms": limit_ms})

    async def timed(path):
        start = time.perf_counter()
        response = await ds.client.get(path, follow_redirects=True)
        return response, time.perf_counter() - start

    def query(sql):
        return "/sources.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "array"})

    hostile = [asyncio.ensure_future(timed(query(s))) for s in (HOSTILE_SQL, MANY_SQL, HOSTILE_SQL)]
    others = []
    for _ in range(6):  # while the hostile queries run
        for path in ("/-/versions.json", "/sources/articles.json?_size=2", "/-/sources"):
            others.append(await timed(path))
        await asyncio.sleep(0.1)
    done = await asyncio.wait_for(asyncio.gather(*hostile), timeout=120)
    for response, seconds in done:
        assert response.status_code == 400, response.text[:300]
        assert "too long" in response.text
        assert seconds < 8  # cut off near the limit, not read whole
    for response, seconds in others:
        assert response.status_code == 200
        assert seconds < 8


def test_text_the_reader_does_not_read_is_not_scored(conn):
    from conftest import CHINESE_TEXT

    (score, raw) = conn.execute(
        "select sources_score(?), sources_signals(?)", [CHINESE_TEXT, CHINESE_TEXT]
    ).fetchone()
    signals = json.loads(raw)
    assert score is None
    assert (signals["language"], signals["score_band"]) == ("zh", "not scored")
