"""Our table settings on any database that holds our tables, and the tables' default columns.

A database called news.db (not sources.db) made by the real loader gets the
titles, descriptions, facets, sort orders, label columns and hidden tables of
data/tables.yml on both Datasette lines; metadata.yml wins key by key; the
HTML table pages of articles and sentences open on their useful columns.
"""

from __future__ import annotations

import re

import pytest
import sqlite_utils
from markupsafe import escape

from datasette_sources.web import tables

DESCRIBED = tables.defaults()["tables"]


def facet_names(data: dict) -> list[str]:
    """Facet names from a table's JSON, 0.65 shape or 1.0 shape."""
    results = data.get("facet_results") or {}
    results = results.get("results", results)
    return list(results)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "table,facets",
    [
        ("articles", ["outlet", "score_band", "credit_kind"]),
        ("sentences", ["kind", "speaker"]),
        ("score_parts", ["signal"]),
    ],
)
@pytest.mark.parametrize("metadata", [None, {}], ids=["metadata.yml", "no metadata"])
async def test_facets_apply_to_a_database_not_called_sources(
    news_db, table, facets, metadata, start_datasette
):
    ds = await start_datasette(news_db, metadata=metadata)
    data = (await ds.client.get(f"/news/{table}.json?_extra=facet_results")).json()
    assert facet_names(data) == facets


@pytest.mark.asyncio
async def test_titles_descriptions_and_sort_apply_to_news_db(news_db, start_datasette):
    ds = await start_datasette(news_db)
    html = (await ds.client.get("/news/articles", follow_redirects=True)).text
    assert "<h1>Articles" in html
    assert str(escape(DESCRIBED["articles"]["columns"]["attribution_density"])) in html
    assert "A title links to the article" in html
    rows = (await ds.client.get("/news/articles.json?_shape=array")).json()
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    # sort_desc of a view, and the database's own description.
    stories = (await ds.client.get("/news/story_summary.json?_shape=array")).json()
    sizes = [s["articles"] for s in stories]
    assert sizes == sorted(sizes, reverse=True)
    assert "One row per article in articles" in (await ds.client.get("/news")).text


@pytest.mark.asyncio
async def test_hidden_table_and_label_column_apply_to_news_db(news_db, start_datasette):
    ds = await start_datasette(news_db, metadata={})
    database = (await ds.client.get("/news")).text
    assert 'href="/news/story_keys"' not in database
    assert "hidden table" in database
    parts = (await ds.client.get("/news/score_parts.json?_shape=array&_labels=on&_size=1")).json()
    # label_column: title, so the article is shown by its title.
    title = sqlite_utils.Database(news_db).execute(
        "select title from articles where id = ?", [parts[0]["article_id"]["value"]]
    )
    assert parts[0]["article_id"]["label"] == title.fetchone()[0]


@pytest.mark.asyncio
async def test_metadata_yml_wins_key_by_key(news_db, start_datasette):
    metadata = {
        "databases": {
            "news": {
                "description": "Our own description",
                "tables": {
                    "articles": {
                        "title": "Stories we ran",
                        "facets": ["published"],
                        "columns": {"score": "Our own words for score"},
                    }
                },
            }
        }
    }
    ds = await start_datasette(news_db, metadata=metadata)
    data = (await ds.client.get("/news/articles.json?_extra=facet_results")).json()
    assert facet_names(data) == ["published"]
    html = (await ds.client.get("/news/articles", follow_redirects=True)).text
    assert "Stories we ran" in html and "Our own words for score" in html
    # Keys metadata.yml leaves alone are still ours.
    assert str(escape(DESCRIBED["articles"]["columns"]["attribution_density"])) in html
    assert "Our own description" in (await ds.client.get("/news")).text
    sentences = (await ds.client.get("/news/sentences.json?_extra=facet_results")).json()
    assert facet_names(sentences) == ["kind", "speaker"]


@pytest.mark.asyncio
async def test_another_articles_table_gets_none_of_it(seed_db, tmp_path, start_datasette):
    other = tmp_path / "blog.db"
    sqlite_utils.Database(other)["articles"].insert({"id": 1, "headline": "Hi", "body": "x"})
    ds = await start_datasette(seed_db, other)
    response = await ds.client.get("/blog/articles")
    assert response.status_code == 200
    assert "One row per article" not in response.text
    assert "What the N columns mean" not in response.text
    assert '<td class="col-body' in response.text


# --- the default columns of the HTML pages ------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path,location",
    [
        ("/news/articles", "/news/articles?_nocol=body"),
        ("/news/articles?outlet=CNN&_sort=title", "/news/articles?outlet=CNN&_sort=title&_nocol="),
        ("/news/sentences", "/news/sentences?_col=text&_col=paragraph&_col=kind"),
        # What the URL chooses, and other formats and pages, are left alone.
        ("/news/articles?_col=body", None),
        ("/news/articles?_nocol=title", None),
        ("/news/articles.json", None),
        ("/news/articles.csv", None),
        ("/news/parts", None),
        ("/news/sentences.json?_shape=array", None),
    ],
)
async def test_table_pages_open_on_their_useful_columns(news_db, path, location, start_datasette):
    ds = await start_datasette(news_db)
    response = await ds.client.get(path)
    if location is None:
        assert response.status_code == 200
        return
    assert response.status_code == 302
    assert response.headers["location"].startswith(location)
    page = await ds.client.get(response.headers["location"])
    assert page.status_code == 200


@pytest.mark.asyncio
async def test_articles_page_leaves_the_text_out_and_sentences_put_it_first(
    news_db, start_datasette
):
    ds = await start_datasette(news_db)
    articles = (await ds.client.get("/news/articles", follow_redirects=True)).text
    assert 'data-column="body"' not in articles
    assert 'data-column="title"' in articles
    sentences = (await ds.client.get("/news/sentences", follow_redirects=True)).text
    headers = re.findall(r'<th [^>]*data-column="([^"]+)"', sentences)
    # "Link" is Datasette's column for a compound primary key.
    assert headers[:4] == ["Link", "article_id", "position", "text"], headers
    assert headers.count("kind") == 1 and "speaker" in headers
    facets = re.findall(r'id="facet-([^"]+)"', sentences)
    assert sorted(facets) == ["kind", "speaker"], facets


@pytest.mark.asyncio
async def test_plugin_setting_turns_the_default_columns_off(news_db, start_datasette):
    metadata = {"plugins": {"datasette-sources": {"html_columns": {"articles": {}}}}}
    ds = await start_datasette(news_db, metadata=metadata)
    response = await ds.client.get("/news/articles")
    assert response.status_code == 200 and 'data-column="body"' in response.text
    assert (await ds.client.get("/news/sentences")).status_code == 302


@pytest.mark.asyncio
async def test_long_column_lists_are_folded_on_our_tables_only(news_db, start_datasette):
    ds = await start_datasette(news_db)
    articles = (await ds.client.get("/news/articles", follow_redirects=True)).text
    assert "What the N columns mean" in articles and "column-descriptions" in articles
    index = (await ds.client.get("/")).text
    assert "What the N columns mean" not in index


def test_html_columns_only_name_columns_the_loader_writes(news_db):
    db = sqlite_utils.Database(news_db)
    for table, rule in tables.defaults()["html_columns"].items():
        for column in (rule.get("hide") or []) + (rule.get("first") or []):
            assert column in db[table].columns_dict, (table, column)
