"""sources_score(text) and sources_signals(text): any text column scored in SQL."""

import json
import sqlite3

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
    fresh_db.execute("update signals set weight = 50 where name = 'sic_count'")
    after = fresh_db.execute("select sources_score(?)", [body + "  "]).fetchone()[0]
    assert after < before  # the [sic] now weighs far more


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
