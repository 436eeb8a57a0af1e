"""Canned queries from metadata.yml's plugin block, on Datasette 0.65.x and the 1.0 alphas."""

from __future__ import annotations

import copy
import shutil
import urllib.parse
from pathlib import Path

import pytest
import sqlite_utils
import yaml
from conftest import REPO
from datasette.app import Datasette
from markupsafe import escape

from datasette_sources.web.queries import QueryConfigError, configured_queries

METADATA = yaml.safe_load((REPO / "metadata.yml").read_text())
QUERIES = METADATA["plugins"]["datasette-sources"]["queries"]


async def rows(ds: Datasette, database: str, name: str, **params: str) -> list[dict]:
    query = urllib.parse.urlencode({"_shape": "array", **params})
    response = await ds.client.get(f"/{database}/{name}.json?{query}")
    assert response.status_code == 200, response.text
    return response.json()


def test_metadata_has_the_four_questions():
    assert set(QUERIES) == {
        "opinion_in_news",
        "anonymous_sourcing_by_outlet",
        "passages_copied_without_credit",
        "most_quoted_speakers",
    }
    assert set(configured_queries({"queries": QUERIES})) == set(QUERIES)
    for query in QUERIES.values():
        assert query["title"] and query["description"]


@pytest.mark.asyncio
async def test_every_query_answers_on_the_database_and_page(seed_db, start_datasette):
    ds = await start_datasette(seed_db)
    database_page = (await ds.client.get("/sources")).text
    for name, query in QUERIES.items():
        response = await ds.client.get(f"/sources/{name}")
        assert response.status_code == 200, (name, response.text[:500])
        assert str(escape(query["title"])) in response.text
        assert f"/sources/{name}" in database_page


@pytest.mark.asyncio
async def test_opinion_in_news_finds_the_writer_s_opinions(seed_db, start_datasette):
    ds = await start_datasette(seed_db)
    found = await rows(ds, "sources", "opinion_in_news", outlet="")
    db = sqlite_utils.Database(seed_db)
    opinions = db.execute("select count(*) from sentences where kind = 'opinion'").fetchone()[0]
    assert len(found) == opinions > 0
    assert "Iran is playing an extremely dangerous game." in {r["opinion_sentence"] for r in found}
    scores = [r["score"] for r in found]
    assert scores == sorted(scores)


@pytest.mark.asyncio
async def test_opinion_in_news_filters_by_outlet(seed_db, tmp_path, start_datasette):
    path = tmp_path / "sources.db"
    shutil.copy(seed_db, path)
    db = sqlite_utils.Database(path)
    with_opinion = db.execute(
        "select article_id from sentences where kind = 'opinion' limit 1"
    ).fetchone()[0]
    db["articles"].update(with_opinion, {"outlet": "The Example Times"})
    ds = await start_datasette(path)
    one_outlet = await rows(ds, "sources", "opinion_in_news", outlet="The Example Times")
    assert one_outlet and {r["outlet"] for r in one_outlet} == {"The Example Times"}
    assert await rows(ds, "sources", "opinion_in_news", outlet="No Such Outlet") == []


@pytest.mark.asyncio
async def test_opinion_in_news_leaves_out_opinion_pieces(seed_db, tmp_path, start_datasette):
    path = tmp_path / "sources.db"
    shutil.copy(seed_db, path)
    db = sqlite_utils.Database(path)
    opinion_piece = db.execute(
        "select article_id from sentences where kind = 'opinion' limit 1"
    ).fetchone()[0]
    db["articles"].update(opinion_piece, {"url": "https://example.com/opinion/2020/01/a-view"})
    # A writer's opinion in another article, a news report, stays in the list.
    other = db.execute(
        "select article_id, position from sentences where article_id != ? and kind = 'author' "
        "limit 1",
        [opinion_piece],
    ).fetchone()
    db["sentences"].update(other, {"kind": "opinion"})
    ds = await start_datasette(path)
    found = await rows(ds, "sources", "opinion_in_news", outlet="")
    assert found and opinion_piece not in {r["article_id"] for r in found}
    assert other[0] in {r["article_id"] for r in found}


@pytest.mark.asyncio
async def test_anonymous_sourcing_by_outlet(seed_db, start_datasette):
    ds = await start_datasette(seed_db)
    db = sqlite_utils.Database(seed_db)
    expected = {
        r["outlet"]: r["n"]
        for r in db.query(
            "select outlet, sum(anonymous_sources) as n from articles "
            "where outlet != '' group by outlet"
        )
    }
    # Articles of unknown outlet are no outlet's sourcing: the seeds have one.
    assert db.execute("select count(*) from articles where outlet is null").fetchone()[0]
    # Each seed outlet has one article: the default minimum of five leaves none.
    assert await rows(ds, "sources", "anonymous_sourcing_by_outlet", min_articles="") == []
    found = await rows(ds, "sources", "anonymous_sourcing_by_outlet", min_articles="1")
    assert {r["outlet"]: r["anonymous_sources"] for r in found} == expected
    percents = [r["anonymous_percent_of_sources"] or 0 for r in found]
    assert percents == sorted(percents, reverse=True)


@pytest.mark.asyncio
async def test_passages_copied_without_credit(seed_db, start_datasette):
    ds = await start_datasette(seed_db)
    found = await rows(ds, "sources", "passages_copied_without_credit", outlet="")
    db = sqlite_utils.Database(seed_db)
    uncredited = db.execute("select count(*) from copies where credited = 0").fetchone()[0]
    assert len(found) == uncredited > 0
    paths = dict(db.execute("select id, path from articles").fetchall())
    pairs = {
        (Path(paths[r["copy_id"]]).name[:3], Path(paths[r["source_id"]]).name[:3]) for r in found
    }
    assert ("001", "000") in pairs
    assert all(r["passage"] and r["evidence"] for r in found)


@pytest.mark.asyncio
async def test_most_quoted_speakers(seed_db, start_datasette):
    ds = await start_datasette(seed_db)
    found = await rows(ds, "sources", "most_quoted_speakers")
    assert found[0]["quotations"] >= found[-1]["quotations"]
    by_speaker = {r["speaker"]: r for r in found}
    assert any("Pompeo" in speaker for speaker in by_speaker)
    pompeo = max((r for s, r in by_speaker.items() if "Pompeo" in s), key=lambda r: r["articles"])
    assert pompeo["articles"] >= 4


@pytest.mark.asyncio
async def test_queries_follow_our_tables_not_the_file_name(seed_db, tmp_path, start_datasette):
    renamed = tmp_path / "newsroom.db"
    shutil.copy(seed_db, renamed)
    other = tmp_path / "other.db"
    sqlite_utils.Database(other)["articles"].insert({"id": 1, "headline": "not ours"})
    ds = await start_datasette(renamed, other)
    assert (await ds.client.get("/newsroom/most_quoted_speakers")).status_code == 200
    assert (await ds.client.get("/other/most_quoted_speakers")).status_code == 404


@pytest.mark.asyncio
async def test_queries_run_for_readers_without_execute_sql(seed_db, start_datasette):
    ds = await start_datasette(seed_db, settings={"default_allow_sql": False})
    arbitrary = await ds.client.get("/sources.json?sql=select+1", follow_redirects=True)
    assert arbitrary.status_code == 403
    found = await rows(ds, "sources", "most_quoted_speakers")
    assert found


@pytest.mark.asyncio
async def test_a_malformed_queries_block_stops_datasette_at_start(seed_db, start_datasette):
    from datasette.utils import StartupError

    metadata = copy.deepcopy(METADATA)
    metadata["plugins"]["datasette-sources"]["queries"] = {"oops": {"title": "no sql"}}
    with pytest.raises(StartupError, match="'oops'.*`sql` is missing"):
        await start_datasette(seed_db, metadata=metadata)


@pytest.mark.parametrize(
    "queries,message",
    [
        (["select 1"], "must be a mapping"),
        ({"bad name": "select 1"}, "a name is letters"),
        ({"q": 3}, "expected SQL or a mapping"),
        ({"q": {"sql": "select 1", "write": True}}, "unknown key(s) write"),
        ({"q": {"sql": "  "}}, "`sql` is missing or empty"),
        ({"q": "delete from articles"}, "only read-only select"),
        ({"q": "-- select\ndrop table articles"}, "only read-only select"),
        ({"q": {"sql": "select :a", "params": "a"}}, "`params` must be a list"),
    ],
)
def test_configured_queries_errors(queries, message):
    with pytest.raises(QueryConfigError) as error:
        configured_queries({"queries": queries})
    assert message in str(error.value)


@pytest.mark.parametrize(
    "queries,expected",
    [
        ({"q": "select 1"}, {"q": {"sql": "select 1"}}),
        (
            {"q": "with x as (select 1) select * from x"},
            {"q": {"sql": "with x as (select 1) select * from x"}},
        ),
        (
            {"q": {"sql": "/* note */ select :a", "params": ["a"], "title": "T"}},
            {"q": {"sql": "/* note */ select :a", "params": ["a"], "title": "T"}},
        ),
        (None, {}),
    ],
)
def test_configured_queries(queries, expected):
    assert configured_queries({"queries": queries}) == expected


@pytest.mark.asyncio
async def test_query_pages_show_hostile_text_as_text(hostile_db, start_datasette):
    from conftest import IMG, SCRIPT

    ds = await start_datasette(hostile_db)
    found = await rows(ds, "sources", "opinion_in_news", outlet="")
    assert any(IMG in r["opinion_sentence"] for r in found)
    for name in QUERIES:
        page = (await ds.client.get(f"/sources/{name}?outlet=&min_articles=1")).text
        assert SCRIPT not in page and IMG not in page
    page = (await ds.client.get("/sources/opinion_in_news?outlet=")).text
    assert str(escape(IMG)) in page


@pytest.mark.asyncio
async def test_overview_links_to_every_question(seed_db, tmp_path, start_datasette):
    renamed = tmp_path / "newsroom.db"
    shutil.copy(seed_db, renamed)
    ds = await start_datasette(renamed)
    page = (await ds.client.get("/-/sources")).text
    for name, query in QUERIES.items():
        assert f'<a href="/newsroom/{name}">{escape(query["title"])}</a>' in page
        assert (await ds.client.get(f"/newsroom/{name}")).status_code == 200
