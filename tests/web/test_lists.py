"""Every outlet, every story, and search: through Datasette on both lines, and shaped by hand.

The paged lists are checked on a database of many outlets and stories written
by hand with the loader's own schema (the seeds have five articles); the pages
and the search also run on news.db, made by the real loader with hostile text.
"""

from __future__ import annotations

import re

import pytest
import sqlite_utils
from conftest import SCRIPT

from datasette_sources.signals import all_signals
from datasette_sources.store import ensure_schema
from datasette_sources.web.lists import ListRows, interval_bar, shape_outlets, shape_stories
from datasette_sources.web.search import SearchRows, like_pattern, shape_search


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """many.db: 120 scored articles of 60 outlets (one of unknown outlet), 70 stories."""
    path = tmp_path_factory.mktemp("many") / "many.db"
    db = sqlite_utils.Database(path)
    ensure_schema(db, all_signals())
    db["articles"].insert_all(
        {
            "id": f"{n:016x}",
            "title": f"Article {n} <i>",
            "outlet": None if n == 0 else f"Outlet {n % 60:02d}",
            "score": float(n % 100),
            "score_band": "low",
            "story_id": f"{n % 70:016x}",
        }
        for n in range(120)
    )
    db["outlets"].insert_all(
        {
            "outlet": f"Outlet {n:02d}" if n else "(unknown)",
            "article_count": 2 if n else 1,
            "score": float(n),
            "score_low": float(n) - 5,
            "score_high": float(n) + 5,
        }
        for n in range(60)
    )
    db["stories"].insert_all(
        {
            "id": f"{n:016x}",
            "label": f"Story {n}",
            "article_count": 1 if n >= 50 else 2,
            "outlet_count": 2,
        }
        for n in range(70)
    )
    return path


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path,shown,not_shown",
    [
        (
            "/-/sources/many/outlets",
            [
                "1–50 of 59 outlets",
                "Outlet 59",
                'href="/-/sources/many/outlets?page=2"',
                "1 article has no known outlet",
            ],
            ["Outlet 09<", 'rel="prev"'],
        ),
        (
            "/-/sources/many/outlets?page=2",
            ["51–59 of 59 outlets", "Outlet 01", 'href="/-/sources/many/outlets"'],
            ["Outlet 59", 'rel="next"'],
        ),
        ("/-/sources/many/outlets?page=9", ['rel="prev"'], ["Outlet 01"]),
        ("/-/sources/many/outlets?page=x", ["1–50 of 59 outlets"], []),
        (
            "/-/sources/many/stories",
            ["1–50 of 50 stories", "20 stories hold a single article", "Story 0<"],
            ['rel="next"'],
        ),
        (
            "/-/sources/many",
            [
                "All 59 outlets by score",
                "All 50 stories of two articles or more",
                'action="/-/sources/many/search"',
                "120 articles from 59 known outlets",
            ],
            [],
        ),
    ],
)
async def test_paged_lists(many, path, shown, not_shown, start_datasette):
    ds = await start_datasette(many)
    response = await ds.client.get(path)
    assert response.status_code == 200, response.text[:300]
    for fragment in shown:
        assert fragment in response.text, fragment
    for fragment in not_shown:
        assert fragment not in response.text, fragment


@pytest.mark.asyncio
async def test_outlets_are_ordered_by_score_everywhere(many, start_datasette):
    ds = await start_datasette(many)
    html = (await ds.client.get("/-/sources/many")).text
    table = html.split('class="rows-and-columns sources-table sources-outlets"')[1]
    table = table.split("</table>")[0]
    order = [int(n) for n in re.findall(r">Outlet (\d\d)</a>", table)]
    assert order == sorted(order, reverse=True)[: len(order)] and len(order) == 10


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "query,shown,not_shown",
    [
        (
            "pompeo",
            ["Speakers", 'href="/-/sources/news/speaker/', ">Mike Pompeo</a>", "Pompeo accuses"],
            [],
        ),
        ("cnn", ['href="/-/sources/news/outlet/CNN"'], []),
        ("mayor quits", ["&lt;script&gt;alert(1)&lt;/script&gt; Mayor quits"], ["<script>alert"]),
        (SCRIPT, ["Search: &lt;script&gt;"], ["<script>alert"]),
        ("%", ["No title holds"], []),
        ("_", ["No title holds"], []),
        ("", ["Find an article, outlet or speaker"], ["<h2>Articles</h2>"]),
    ],
)
async def test_search(news_db, query, shown, not_shown, start_datasette):
    ds = await start_datasette(news_db)
    response = await ds.client.get("/-/sources/news/search", params={"q": query})
    assert response.status_code == 200
    for fragment in shown:
        assert fragment in response.text, fragment
    for fragment in not_shown:
        assert fragment not in response.text, fragment


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path", ["/-/sources/nope/search", "/-/sources/nope/outlets", "/-/sources/nope/stories"]
)
async def test_lists_of_an_unknown_database_are_404(news_db, path, start_datasette):
    ds = await start_datasette(news_db)
    assert (await ds.client.get(path)).status_code == 404


# --- shaping, by hand -----------------------------------------------------------------


def test_shape_outlets_and_stories(page_links):
    rows = ListRows(
        page=1,
        total=1,
        rows=[
            {"outlet": "A & B", "article_count": 3, "score": 60, "score_low": 50, "score_high": 70}
        ],
        left_out=4,
    )
    shaped = shape_outlets(rows, page_links)
    assert shaped["outlets"][0]["url"] == "/-/sources/sources/outlet/A+~26+B"
    assert shaped["outlets"][0]["bar"] == {"left": 50.0, "width": 20.0, "mark": 60.0}
    assert shaped["unknown"] == {"articles": 4, "url": "/-/sources/sources/outlet/~28unknown~29"}
    assert shaped["pager"]["next"] is None
    stories = shape_stories(
        ListRows(
            page=1,
            total=0,
            rows=[{"id": "s1", "label": "L", "article_count": 2, "outlet_count": 1}],
        ),
        page_links,
    )
    assert stories["stories"][0]["url"] == "/-/sources/sources/story/s1"


@pytest.mark.parametrize(
    "score,low,high,expected",
    [
        (50, 40, 60, {"left": 40.0, "width": 20.0, "mark": 50.0}),
        (99, 95, 104, {"left": 95.0, "width": 5.0, "mark": 99.0}),
        (50, 50, 50, {"left": 50.0, "width": 0.5, "mark": 50.0}),
        (None, 1, 2, None),
    ],
)
def test_interval_bar(score, low, high, expected):
    assert interval_bar(score, low, high) == expected


def test_shape_search(page_links):
    rows = SearchRows(
        query="jo",
        articles=[
            {
                "id": "a1",
                "title": None,
                "outlet": None,
                "score": 50,
                "score_band": "low",
                "published": None,
            }
        ],
        speakers=[
            {"speaker": "Jo", "speaker_id": 42, "sentences": 2, "articles": 1, "kind": "person"},
            {"speaker": "Al", "speaker_id": None, "sentences": 1, "articles": None, "kind": None},
        ],
        tables={"articles", "sentences", "speakers"},
    )
    shaped = shape_search(rows, page_links)
    assert shaped["articles"][0]["title"] == "a1"
    assert shaped["articles"][0]["outlet_url"] == "/-/sources/sources/outlet/~28unknown~29"
    assert [s["url"] for s in shaped["speakers"]] == [
        "/-/sources/sources/speaker/42",
        "/sources/sentences?speaker=Al",
    ]
    assert shaped["links"]["all_speakers"] == "/sources/speakers?name__contains=jo"
    assert shaped["links"]["all_titles"] == "/sources/articles?title__contains=jo"


def test_like_pattern_finds_its_own_wildcards_literally():
    import sqlite3

    conn = sqlite3.connect(":memory:")
    found = conn.execute(
        "select '50% off' like ? escape '\\', '50 off' like ? escape '\\'",
        [like_pattern("50%"), like_pattern("50%")],
    ).fetchone()
    assert found == (1, 0)
