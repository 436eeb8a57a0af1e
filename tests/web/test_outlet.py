"""The outlet page: through Datasette on both lines, and its shaping step on hand-made rows."""

from __future__ import annotations

import dataclasses
import json

import pytest
import sqlite_utils
from conftest import IMG, SCRIPT, hostile_folder

from datasette_sources.store import load
from datasette_sources.web.outlet import OutletRows, shape_outlet

HOSTILE_OUTLET = f"{SCRIPT} Daily & Co"
HOSTILE_PATH = "~3Cscript~3Ealert~281~29~3C~2Fscript~3E+Daily+~26+Co"


@pytest.fixture(scope="module")
def outlets_db(tmp_path_factory):
    """news.db with the seeds, a hostile article of unknown outlet, and a hostile outlet."""
    folder = hostile_folder(tmp_path_factory)
    lines = [
        {
            "title": f"Council {IMG} votes",
            "outlet": HOSTILE_OUTLET,
            "text": f'The council voted 5-2, the clerk said. "{SCRIPT} is over," said Ann Lee.',
        },
        {
            "title": "Opinion: the council got it wrong",
            "outlet": HOSTILE_OUTLET,
            "text": "The council was almost certainly wrong. It is a disgrace.",
        },
    ]
    (folder / "feed.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    path = tmp_path_factory.mktemp("outlet") / "news.db"
    assert load(sqlite_utils.Database(path), [str(folder)]).failed == 0
    return path


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path,shown",
    [
        (
            "/-/sources/news/outlet/CNN",
            [
                "<h1>CNN</h1>",
                "How it compares",
                "How its articles' scores spread",
                "How it sources",
                "Who it quotes or cites most",
                "Its articles",
                'href="/news/articles?_sort_desc=score&amp;outlet=CNN"',
                "known outlets by score",
            ],
        ),
        (
            f"/-/sources/news/outlet/{HOSTILE_PATH}",
            [
                "<h1>&lt;script&gt;alert(1)&lt;/script&gt; Daily &amp; Co</h1>",
                "Council &lt;img src=x onerror=alert(1)&gt; votes",
                "2 articles",
                "1 article is marked as an opinion piece",
                'href="/-/sources/news/speaker/',
                ">Ann Lee</a>",
            ],
        ),
        (
            "/-/sources/news/outlet/~28unknown~29",
            [
                "<h1>(unknown)</h1>",
                "The articles whose outlet is not known",
                "&lt;script&gt;alert(1)&lt;/script&gt; Mayor quits",
                'href="/news/articles?_sort_desc=score&amp;outlet__isblank=1"',
            ],
        ),
    ],
)
async def test_outlet_page(outlets_db, path, shown, start_datasette):
    ds = await start_datasette(outlets_db)
    response = await ds.client.get(path)
    assert response.status_code == 200, response.text[:300]
    html = response.text
    for fragment in shown:
        assert fragment in html, fragment
    assert "<script>alert" not in html and "<img src=x" not in html


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path",
    [
        "/-/sources/news/outlet/Nobody",
        "/-/sources/news/outlet/cnn",
        "/-/sources/news/outlet/" + "x" * 1000,
        "/-/sources/news/outlet/~zz",
        "/-/sources/news/outlet/CNN/more",
        "/-/sources/nope/outlet/CNN",
        "/-/sources/news/outlet/",
    ],
)
async def test_unknown_outlets_are_404(outlets_db, path, start_datasette):
    ds = await start_datasette(outlets_db)
    assert (await ds.client.get(path, follow_redirects=True)).status_code == 404


@pytest.mark.asyncio
async def test_outlet_page_counts_match_the_database(outlets_db, start_datasette):
    db = sqlite_utils.Database(outlets_db)
    anonymous, named = db.execute(
        "select sum(anonymous_sources), sum(named_sources) from articles where outlet = 'CNN'"
    ).fetchone()
    ds = await start_datasette(outlets_db)
    html = (await ds.client.get("/-/sources/news/outlet/CNN")).text
    assert f'data-label="This outlet" class="sources-num">{named}</td>' in html
    assert f'data-label="This outlet" class="sources-num">{anonymous}</td>' in html


# --- shape_outlet: hand-made rows ---------------------------------------------------


def outlet_rows(**changes) -> OutletRows:
    rows = OutletRows(
        name="CNN",
        tables={"articles", "outlets", "copies", "sentences", "copied_without_credit"},
        article_count=120,
        summary={"outlet": "CNN", "score": 64.8, "score_low": 62.0, "score_high": 67.5},
        totals={
            "articles": 120,
            "mean_score": 64.9,
            "named_sources": 6,
            "anonymous_sources": 2,
            "institutional_sources": 2,
            "news_pages": 110,
            "news_opinion": 12,
            "news_sentences": 100,
        },
        corpus={"articles": 1500, "mean_score": 60.5, "named_sources": 1},
        outlets_known=129,
        outlets_above=17,
        score_bins={6: 100, 7: 20},
        copies_made={"copies": 3, "credited": 1, "words": 90},
        copies_of_it={"copies": 0, "credited": None, "words": None},
        speakers=[{"speaker": "Jo & Co", "speaker_id": 42, "sentences": 4, "articles": 2}],
        articles=[
            {
                "id": "a1",
                "title": None,
                "path": "x.txt",
                "score": 70,
                "score_band": "medium",
                "published": "2020-05-01",
                "story_id": "s1",
            }
        ],
        page=2,
    )
    return dataclasses.replace(rows, **changes)


@pytest.mark.parametrize(
    "changes,pick,expected",
    [
        ({}, lambda c: c["comparison"], "above"),
        ({"summary": {"score_low": 50, "score_high": 61}}, lambda c: c["comparison"], "includes"),
        ({"summary": None}, lambda c: (c["comparison"], c["outlet"]["badge"]), (None, None)),
        ({}, lambda c: c["rank"], {"position": 18, "of": 129}),
        ({"name": "(unknown)"}, lambda c: (c["rank"], c["outlet"]["known"]), (None, False)),
        ({}, lambda c: c["profile"]["opinion"], 12.0),
        ({}, lambda c: c["profile"]["opinion_pieces"], 10),
        ({}, lambda c: c["profile"]["outlet"]["named_share"], 60.0),
        ({}, lambda c: c["profile"]["corpus"]["anonymous_share"], 0.0),
        ({"corpus": {}}, lambda c: c["profile"]["corpus"], None),
        ({}, lambda c: c["copies_made"]["uncredited"], 2),
        (
            {"tables": {"articles"}},
            lambda c: (c["copies_made"], c["links"]["copied"]),
            (None, None),
        ),
        ({}, lambda c: c["links"]["copied"], "/sources/copied_without_credit?copy_outlet=CNN"),
        ({}, lambda c: c["speakers"][0]["url"], "/-/sources/sources/speaker/42"),
        (
            {
                "speakers": [
                    {"speaker": "Jo & Co", "speaker_id": None, "sentences": 4, "articles": 2}
                ]
            },
            lambda c: c["speakers"][0]["url"],
            "/sources/sentences?speaker=Jo+%26+Co",
        ),
        (
            {},
            lambda c: (c["articles"][0]["display_title"], c["articles"][0]["story_url"]),
            ("x.txt", "/-/sources/sources/story/s1"),
        ),
        (
            {},
            lambda c: (c["pager"]["first"], c["pager"]["last"], c["pager"]["previous"]),
            (51, 100, "/-/sources/sources/outlet/CNN"),
        ),
        ({}, lambda c: c["pager"]["next"], "/-/sources/sources/outlet/CNN?page=3"),
        ({}, lambda c: [b["count"] for b in c["distribution"]][6:8], [100, 20]),
    ],
)
def test_shape_outlet(page_links, changes, pick, expected):
    rows = outlet_rows(**changes)
    if changes.get("tables") == {"articles"}:
        rows = dataclasses.replace(rows, copies_made={}, copies_of_it={})
    assert pick(shape_outlet(rows, page_links)) == expected
