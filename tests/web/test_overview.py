"""/-/sources: the page through Datasette, and its shaping step on hand-made rows."""

import copy
import dataclasses

import pytest

from datasette_sources.store import load
from datasette_sources.web.overview import OverviewRows, shape_overview


@pytest.mark.asyncio
async def test_score_distribution_chart(fresh_db, seeds, db_path, start_datasette):
    load(fresh_db, [str(seeds)])
    ds = await start_datasette(db_path, metadata={})
    response = await ds.client.get("/-/sources")
    assert response.status_code == 200
    html = response.text
    assert "How the scores spread" in html
    assert html.count('class="sources-bin"') == 10
    # each article is counted in the bin of ten points its score falls in
    scores = [r[0] for r in fresh_db.execute("select score from articles")]
    for low in range(0, 100, 10):
        n = sum(1 for x in scores if low <= x < low + 10 or (low == 90 and x == 100))
        label = f"{low}–{low + 9}" if low < 90 else "90–100"
        if n:
            assert f'title="{label}: {n} article{"s" if n > 1 else ""}"' in html
    assert "<script" not in html.split("How the scores spread")[1].split("Outlets")[0]


@pytest.mark.asyncio
async def test_stories_of_one_article_are_counted_not_listed(hostile_db, start_datasette):
    ds = await start_datasette(hostile_db, metadata={})
    html = (await ds.client.get("/-/sources")).text
    # The hostile article has no outlet and a story of its own.
    assert "5 articles, 3 outlets" in html
    assert "0 outlets" not in html
    assert "3 articles have no known outlet" in html
    stories = (await ds.client.get("/-/sources/sources/stories")).text
    assert "5 articles, 3 outlets" in stories
    assert "1 story holds a single article" in stories


@pytest.mark.asyncio
async def test_the_outlet_count_leaves_out_articles_without_one(
    fresh_db, seeds, db_path, start_datasette
):
    load(fresh_db, [str(seeds)])
    unknown = fresh_db.execute("select count(*) from articles where outlet is null").fetchone()[0]
    known = fresh_db.execute("select count(distinct outlet) from articles").fetchone()[0]
    ds = await start_datasette(db_path, metadata={})
    html = (await ds.client.get("/-/sources")).text
    assert (known, unknown) == (3, 2)  # the story says 3 outlets, and so does the overview
    text = " ".join(html.split())
    assert "5 articles from 3 known outlets" in text
    assert "2 articles have no known outlet" in text


# --- shape_overview: hand-made rows in, the template's summary out ---------------

#: Every table the loader writes.
ALL_TABLES = {
    "articles",
    "sentences",
    "outlets",
    "stories",
    "score_parts",
    "signals",
    "parts",
    "load_errors",
}
ARTICLE = {
    "id": "a1",
    "title": "Pompeo accuses Iran",
    "outlet": "CNN",
    "score": 61.3,
    "score_band": "medium",
    "credit_kind": "staff",
    "published": "2019-06-13",
    "path": "seeds/001.txt",
    "story_id": "s1",
}
OUTLET = {"outlet": "CNN", "article_count": 1, "score": 61.3, "score_low": 40, "score_high": 80.25}
SIGNALS = [
    {"name": "sic_count", "weight": 1.0, "direction": "-", "description": "[sic]"},
    {"name": "hedging", "weight": 0.0, "direction": "-", "description": "unused"},
]


def overview_rows(**changes) -> OverviewRows:
    """One database holding every table, one outlet, article, story and two signals."""
    rows = OverviewRows(
        database="sources",
        tables=ALL_TABLES,
        article_settings={},
        sentence_settings={},
        counts={"articles": 1, "sentences": 12, "outlets": 1, "stories": 1, "load_errors": 0},
        plugin_settings={},
        outlets=[OUTLET],
        score_bins={6: 1},
        articles=[ARTICLE],
        stories=[{"id": "s1", "label": "Iran", "article_count": 5, "outlet_count": 3}],
        signals=SIGNALS,
    )
    return dataclasses.replace(rows, **changes)


CONFIGURED_FACETS = {"facets": ["outlet", "score_band", "credit_kind", "kind", "speaker"]}


@pytest.mark.parametrize(
    "changes,pick,expected",
    [
        pytest.param(
            {},
            lambda s: s.links["articles"],
            "/sources/articles?_facet=outlet&_facet=score_band&_facet=credit_kind&_sort_desc=score",
            id="articles-link-asks-for-facets",
        ),
        pytest.param(
            {"article_settings": CONFIGURED_FACETS},
            lambda s: s.links["articles"],
            "/sources/articles?_sort_desc=score",
            id="configured-facets-not-asked-again",
        ),
        pytest.param(
            {},
            lambda s: s.links["sentences"],
            "/sources/sentences?_facet=kind&_facet=speaker",
            id="sentences-link",
        ),
        pytest.param(
            {"tables": {"articles"}},
            lambda s: (list(s.links), s.articles[0]["links"].keys() & {"sentences", "why"}),
            (["articles", "lowest"], set()),
            id="only-articles-table",
        ),
        pytest.param(
            {},
            lambda s: list(s.links),
            ["articles", "lowest", "sentences", "outlets", "outlet_list", "story_list"]
            + ["score_parts", "signals", "stories", "parts", "load_errors"],
            id="link-order",
        ),
        pytest.param(
            {}, lambda s: (s.name, s.url, s.page_url), ("sources", "/sources", "/-/sources/sources")
        ),
        pytest.param(
            {},
            lambda s: s.outlets[0]["url"],
            "/-/sources/sources/outlet/CNN",
            id="outlet-link",
        ),
        pytest.param(
            {"outlets": [dict(OUTLET, outlet="(unknown)")]},
            lambda s: s.outlets[0]["url"],
            "/-/sources/sources/outlet/~28unknown~29",
            id="unknown-outlet-link",
        ),
        pytest.param(
            {"outlets": [dict(OUTLET, score=None)]},
            lambda s: s.outlets[0]["badge"],
            None,
            id="outlet-without-score",
        ),
        pytest.param(
            {},
            lambda s: s.articles[0]["links"],
            {
                "row": "/sources/articles/a1",
                "outlet": "/-/sources/sources/outlet/CNN",
                "scorecard": "/-/sources/sources/article/a1",
                "story": "/-/sources/sources/story/s1",
                "sentences": "/sources/sentences?article_id=a1&_facet=kind",
                "why": "/sources/score_parts?article_id=a1",
            },
            id="article-links",
        ),
        pytest.param(
            {"sentence_settings": CONFIGURED_FACETS},
            lambda s: s.articles[0]["links"]["sentences"],
            "/sources/sentences?article_id=a1",
            id="article-sentences-kind-configured",
        ),
        pytest.param(
            {"articles": [dict(ARTICLE, story_id="")]},
            lambda s: "story" in s.articles[0]["links"],
            False,
            id="article-without-story",
        ),
        pytest.param(
            {"articles": [dict(ARTICLE, id=7, title=None)]},
            lambda s: (s.articles[0]["id"], s.articles[0]["title"]),
            ("7", "seeds/001.txt"),
            id="title-falls-back-to-path",
        ),
        pytest.param(
            {"articles": [dict(ARTICLE, title=None, path=None)]},
            lambda s: s.articles[0]["title"],
            "a1",
            id="title-falls-back-to-id",
        ),
        pytest.param(
            {"articles": [dict(ARTICLE, score="n/a")]},
            lambda s: s.articles[0]["badge"],
            None,
            id="article-without-score",
        ),
        pytest.param(
            {},
            lambda s: s.stories,
            [
                {
                    "id": "s1",
                    "label": "Iran",
                    "article_count": 5,
                    "outlet_count": 3,
                    "url": "/-/sources/sources/story/s1",
                }
            ],
            id="stories",
        ),
        pytest.param(
            {}, lambda s: [g["name"] for g in s.signals], ["sic_count"], id="weighted-signals"
        ),
        pytest.param({}, lambda s: s.pending_weights, [], id="no-pending-weights"),
        pytest.param(
            {"plugin_settings": {"weights": {"sic_count": 2, "hedging": 0}}},
            lambda s: s.pending_weights,
            [{"signal": "sic_count", "stored": 1.0, "configured": 2}],
            id="pending-weight",
        ),
        pytest.param(
            {
                "plugin_settings": {
                    "queries": {"q": "select 1", "r": {"sql": "select 2", "title": "R"}}
                }
            },
            lambda s: s.questions,
            [{"title": "q", "url": "/sources/q"}, {"title": "R", "url": "/sources/r"}],
            id="questions",
        ),
        pytest.param(
            {"plugin_settings": {"queries": {"q": "delete from articles"}}},
            lambda s: s.questions,
            [],
            id="malformed-questions",
        ),
        pytest.param(
            {"score_bins": {6: 3, 9: 1}},
            lambda s: [(b["count"], b["height"]) for b in s.distribution][6:],
            [(3, 100), (0, 0), (0, 0), (1, 33)],
            id="distribution",
        ),
        pytest.param({"counts": {"articles": None}}, lambda s: s.counts, {"articles": None}),
    ],
)
def test_shape_overview(page_links, changes, pick, expected):
    assert pick(shape_overview(overview_rows(**changes), page_links)) == expected


@pytest.mark.parametrize(
    "outlet,shown,not_shown",
    [
        ({}, ["sources-band-medium", "likely between 40 and 80.25", "<b>61.3</b>"], []),
        ({"score": "86.17", "score_low": None}, ["sources-band-high"], ["likely between"]),
    ],
)
def test_shape_overview_outlet_badge(page_links, outlet, shown, not_shown):
    rows = overview_rows(outlets=[dict(OUTLET, **outlet)])
    badge = str(shape_overview(rows, page_links).outlets[0]["badge"])
    assert all(fragment in badge for fragment in shown), badge
    assert not any(fragment in badge for fragment in not_shown), badge


def test_shape_overview_leaves_its_rows_alone(page_links):
    rows = overview_rows()
    before = copy.deepcopy(rows)
    shape_overview(rows, page_links)
    assert rows == before
