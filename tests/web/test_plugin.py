"""The plugin inside Datasette: pages, links, metadata.yml, permissions.

Every test goes through ``Datasette(...).client`` against a SQLite file made
by the real loader from the seed articles; the same tests run on Datasette
0.65.x and on the 1.0 alphas.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys

import pytest
import sqlite_utils
import yaml
from conftest import REPO, SEEDS
from markupsafe import escape

from datasette_sources.store import load
from datasette_sources.web import compat, tables

METADATA = yaml.safe_load((REPO / "metadata.yml").read_text())


@pytest.fixture(scope="module")
def seed_rows(seed_db) -> dict:
    db = sqlite_utils.Database(seed_db)
    return {
        "articles": list(db.query("select id, title, outlet from articles order by id")),
        "outlets": [r["outlet"] for r in db.query("select outlet from outlets")],
    }


def test_seed_database_has_five_articles(seed_rows):
    assert len(seed_rows["articles"]) == 5
    assert seed_rows["outlets"]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path,status,fragments",
    [
        (
            "/-/sources",
            200,
            [
                "<h1>Sourcing scores</h1>",
                "Outlets",
                "Articles by score",
                "The formula",
                "sources-badge",
            ],
        ),
        ("/-/sources/sources", 200, ["<h1>Sourcing scores: sources</h1>", "All databases"]),
        ("/sources/articles", 200, ['class="sources-badge sources-band-', "score_band"]),
        ("/sources/sentences?_facet=kind", 200, ['class="sources-kind sources-kind-', "kind"]),
        ("/sources/outlets", 200, ["likely between"]),
        ("/sources/score_parts", 200, ["contribution"]),
        ("/sources/signals", 200, ["attribution_density"]),
        ("/-/sources/nope", 404, []),
        ("/-/sources/_internal", 404, []),
        ("/-/sources/sources/more", 404, []),
        ("/-/sources/~3Cscript~3E", 404, []),
        ("/-/static-plugins/datasette-sources/sources.css", 200, [".sources-badge"]),
    ],
)
async def test_pages(seed_db, path, status, fragments, start_datasette):
    ds = await start_datasette(seed_db)
    response = await ds.client.get(path, follow_redirects=True)
    assert response.status_code == status, response.text[:500]
    for fragment in fragments:
        assert fragment in response.text


@pytest.mark.asyncio
async def test_sources_page_lists_every_seed_article_and_outlet(
    seed_db, seed_rows, start_datasette
):
    ds = await start_datasette(seed_db)
    html = (await ds.client.get("/-/sources")).text
    for article in seed_rows["articles"]:
        assert str(escape(article["title"])) in html
        assert f'href="/sources/articles/{article["id"]}"' in html
        # metadata.yml already facets sentences by kind, so the link does not ask again.
        assert f'href="/sources/sentences?article_id={article["id"]}"' in html
        assert f"/sources/score_parts?article_id={article['id']}" in html
    for outlet in seed_rows["outlets"]:
        assert f">{escape(outlet)}</a>" in html
    assert html.count('class="sources-title">') == 5


#: The shipped metadata.yml, none at all (``datasette sources.db`` without ``-m``), and
#: metadata that sets facets of its own (the plugin's are then not applied to those tables).
WITH_METADATA, WITHOUT_METADATA, OWN_FACETS = "metadata.yml", "no metadata", "own facets"
METADATAS = {
    WITH_METADATA: METADATA,
    WITHOUT_METADATA: {},
    OWN_FACETS: {
        "databases": {
            "sources": {
                "tables": {
                    "articles": {"facets": ["credit_kind"]},
                    "sentences": {"facets": ["speaker"]},
                }
            }
        }
    },
}


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "metadata,link",
    [
        # The plugin configures the facets, with or without metadata.yml: the
        # links do not ask for them again.
        (WITH_METADATA, "/sources/articles?_sort_desc=score"),
        (WITH_METADATA, "/sources/sentences"),
        (WITH_METADATA, "/sources/outlets?_sort_desc=score"),
        (WITH_METADATA, "/sources/signals"),
        (WITHOUT_METADATA, "/sources/articles?_sort_desc=score"),
        (WITHOUT_METADATA, "/sources/sentences"),
        # Metadata that sets facets of its own wins; the links ask for ours.
        (
            OWN_FACETS,
            "/sources/articles?_facet=outlet&amp;_facet=score_band&amp;_sort_desc=score",
        ),
        (OWN_FACETS, "/sources/sentences?_facet=kind"),
    ],
)
async def test_sources_page_links_into_faceted_tables(seed_db, metadata, link, start_datasette):
    ds = await start_datasette(seed_db, metadata=METADATAS[metadata])
    html = (await ds.client.get("/-/sources")).text
    assert f'href="{link}"' in html
    target = await ds.client.get(link.replace("&amp;", "&"), follow_redirects=True)
    assert target.status_code == 200
    facets = re.findall(r'id="facet-([^"]+)"', target.text)
    assert len(facets) == len(set(facets)), facets


@pytest.mark.asyncio
async def test_article_sentence_links_facet_by_kind_when_metadata_does_not(
    seed_db, seed_rows, start_datasette
):
    ds = await start_datasette(seed_db, metadata=METADATAS[OWN_FACETS])
    html = (await ds.client.get("/-/sources")).text
    for article in seed_rows["articles"]:
        assert f'href="/sources/sentences?article_id={article["id"]}&amp;_facet=kind"' in html


@pytest.mark.asyncio
@pytest.mark.parametrize("metadata", [WITH_METADATA, WITHOUT_METADATA, OWN_FACETS])
async def test_every_link_on_the_page_works_and_shows_each_facet_once(
    seed_db, metadata, start_datasette
):
    ds = await start_datasette(seed_db, metadata=METADATAS[metadata])
    html = (await ds.client.get("/-/sources")).text
    links = {h.replace("&amp;", "&") for h in re.findall(r'href="(/[^"]*)"', html)}
    assert len(links) > 20
    facets_seen = set()
    for link in sorted(links):
        if link.startswith("/-/static"):
            continue
        response = await ds.client.get(link, follow_redirects=True)
        assert response.status_code == 200, link
        facets = re.findall(r'id="facet-([^"]+)"', response.text)
        assert len(facets) == len(set(facets)), (link, facets)
        facets_seen.update(facets)
    assert {"outlet", "score_band", "credit_kind", "kind", "speaker"} <= facets_seen


@pytest.mark.asyncio
async def test_outlet_link_selects_that_outlets_articles(seed_db, start_datasette):
    ds = await start_datasette(seed_db)
    rows = (await ds.client.get("/sources/articles.json?outlet__isblank=1&_shape=array")).json()
    assert rows and all(not r["outlet"] for r in rows)
    rows = (await ds.client.get("/sources/articles.json?outlet=CNN&_shape=array")).json()
    assert [r["outlet"] for r in rows] == ["CNN"]


@pytest.mark.asyncio
async def test_plugin_is_listed(seed_db, start_datasette):
    ds = await start_datasette(seed_db)
    plugins = (await ds.client.get("/-/plugins.json")).json()
    ours = [p for p in plugins if p["name"] == compat.PLUGIN_NAME]
    assert ours, plugins
    assert ours[0]["static"] and ours[0]["templates"]
    assert {"register_routes", "render_cell", "extra_css_urls", "menu_links"} <= set(
        ours[0]["hooks"]
    )


@pytest.mark.asyncio
async def test_css_is_linked_and_served(seed_db, start_datasette):
    ds = await start_datasette(seed_db)
    url = ds.urls.static_plugins(compat.PLUGIN_NAME, "sources.css")
    for page in ("/-/sources", "/sources/articles"):
        assert f'href="{url}"' in (await ds.client.get(page, follow_redirects=True)).text
    assert (await ds.client.get(url)).status_code == 200


@pytest.mark.asyncio
async def test_menu_links_to_the_page(seed_db, start_datasette):
    ds = await start_datasette(seed_db)
    html = (await ds.client.get("/")).text
    assert 'href="/-/sources"' in html


# --- metadata.yml: honoured through -m / metadata= on both lines -------------


def facet_names(data: dict) -> list[str]:
    """Facet names from a table's JSON, 0.65 shape or 1.0 shape."""
    results = data.get("facet_results") or {}
    results = results.get("results", results)  # 1.0: {"results": {...}, "timed_out": [...]}
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
async def test_metadata_facets_apply(seed_db, table, facets, start_datasette):
    ds = await start_datasette(seed_db)
    data = (await ds.client.get(f"/sources/{table}.json?_extra=facet_results")).json()
    assert facet_names(data) == facets


@pytest.mark.asyncio
async def test_metadata_sort_and_sortable_columns_apply(seed_db, start_datasette):
    ds = await start_datasette(seed_db)
    rows = (await ds.client.get("/sources/articles.json?_shape=array")).json()
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    html = (await ds.client.get("/sources/articles", follow_redirects=True)).text
    for column in (
        "attribution_density",
        "opinion_sentences",
        "sic_count",
        "published",
        "word_count",
    ):
        assert f"_sort={column}" in html or f"_sort_desc={column}" in html, column
    assert "_sort=body" not in html and "_sort_desc=body" not in html
    sorted_ok = await ds.client.get("/sources/articles.json?_sort=word_count")
    assert sorted_ok.status_code == 200
    assert (await ds.client.get("/sources/articles.json?_sort=body")).status_code != 200


@pytest.mark.asyncio
async def test_metadata_descriptions_and_label_column_apply(seed_db, start_datasette):
    ds = await start_datasette(seed_db)
    html = (await ds.client.get("/sources/articles", follow_redirects=True)).text
    described = tables.defaults()["tables"]["articles"]
    assert str(escape(described["columns"]["attribution_density"])) in html
    assert "One row per article" in html
    # label_column: score_parts rows show the article's title next to its id.
    parts = (await ds.client.get("/sources/score_parts", follow_redirects=True)).text
    title = (await ds.client.get("/sources/articles.json?_shape=array&_size=1")).json()[0]["title"]
    assert str(escape(title)) in parts


@pytest.mark.asyncio
async def test_metadata_plugin_config_is_read_on_both_lines(seed_db, start_datasette):
    metadata = copy.deepcopy(METADATA)
    metadata["plugins"]["datasette-sources"]["weights"] = {"sic_count": 2}
    ds = await start_datasette(seed_db, metadata=metadata)
    assert compat.plugin_settings(ds)["weights"] == {"sic_count": 2}
    # 1.0a's plugin_config(database=...) returns None here; ours falls back.
    assert compat.plugin_settings(ds, "sources")["weights"] == {"sic_count": 2}
    html = (await ds.client.get("/-/sources")).text
    assert "sources-pending" in html and "<code>sic_count</code> 2" in html


@pytest.mark.asyncio
async def test_no_pending_weights_with_the_shipped_metadata(seed_db, start_datasette):
    ds = await start_datasette(seed_db)
    assert compat.plugin_settings(ds, "sources")["weights"] == {}
    assert "sources-pending" not in (await ds.client.get("/-/sources")).text


@pytest.mark.asyncio
async def test_instance_metadata_shows_in_footer(seed_db, start_datasette):
    ds = await start_datasette(seed_db)
    html = (await ds.client.get("/-/sources")).text
    assert METADATA["license_url"] in html and METADATA["source_url"] in html


def test_metadata_describes_every_column_and_signal(seed_db):
    from datasette_sources.signals import all_signals

    described = tables.defaults()["tables"]
    db = sqlite_utils.Database(seed_db)
    missing = []
    for table, config in described.items():
        assert config.get("description"), table
        if table not in db.table_names():
            continue
        columns = set(config.get("columns", {}))
        missing += [f"{table}.{c}" for c in db[table].columns_dict if c not in columns]
    assert not missing, f"columns without a description in data/tables.yml: {missing}"
    article_columns = described["articles"]["columns"]
    assert not [s.name for s in all_signals() if s.name not in article_columns]
    for table in (
        "articles",
        "sentences",
        "parts",
        "score_parts",
        "signals",
        "outlets",
        "stories",
        "load_errors",
    ):
        assert table in described
    assert METADATA["plugins"]["datasette-sources"]["weights"] == {}
    for key in ("title", "description", "license", "license_url", "source", "source_url"):
        assert METADATA[key]


# --- databases: several, none, private ----------------------------------------


@pytest.mark.asyncio
async def test_page_covers_every_database_with_articles(seed_db, tmp_path, start_datasette):
    second = tmp_path / "more sources.db"
    shutil.copy(seed_db, second)
    plain = tmp_path / "plain.db"
    sqlite_utils.Database(plain)["things"].insert({"id": 1})
    ds = await start_datasette(seed_db, second, plain)
    html = (await ds.client.get("/-/sources")).text
    assert 'href="/-/sources/sources"' in html
    assert 'href="/-/sources/more+sources"' in html
    assert "plain" not in html
    response = await ds.client.get("/-/sources/more+sources")
    assert response.status_code == 200
    assert 'href="/more+sources/articles?_sort_desc=score' in response.text
    assert 'href="/sources/articles' not in response.text
    assert (await ds.client.get("/-/sources/plain")).status_code == 404


@pytest.mark.asyncio
async def test_other_tables_called_articles_are_left_alone(seed_db, tmp_path, start_datasette):
    other = tmp_path / "blog.db"
    sqlite_utils.Database(other)["articles"].insert({"id": 1, "headline": "Hi", "score": 50})
    ds = await start_datasette(seed_db, other)
    assert 'href="/-/sources/blog"' not in (await ds.client.get("/-/sources")).text
    assert (await ds.client.get("/-/sources/blog")).status_code == 404
    html = (await ds.client.get("/blog/articles")).text
    assert "sources-badge" not in html


@pytest.mark.asyncio
async def test_load_errors_are_linked(tmp_path, start_datasette):
    folder = tmp_path / "input"
    shutil.copytree(SEEDS, folder)
    (folder / "empty.txt").write_text("")
    path = tmp_path / "sources.db"
    assert load(sqlite_utils.Database(path), [str(folder)]).failed == 1
    ds = await start_datasette(path)
    html = (await ds.client.get("/-/sources")).text
    assert '<a class="sources-errors" href="/sources/load_errors">1 input could not' in html
    errors = (await ds.client.get("/sources/load_errors.json?_shape=array")).json()
    assert [e["path"].endswith("empty.txt") for e in errors] == [True]


@pytest.mark.asyncio
async def test_page_without_any_sources_database(tmp_path, start_datasette):
    plain = tmp_path / "plain.db"
    sqlite_utils.Database(plain)["things"].insert({"id": 1})
    ds = await start_datasette(plain)
    response = await ds.client.get("/-/sources")
    assert response.status_code == 200
    assert "No database here holds articles" in response.text


@pytest.mark.asyncio
async def test_private_database_is_hidden(seed_db, start_datasette):
    metadata = copy.deepcopy(METADATA)
    metadata.setdefault("databases", {}).setdefault("sources", {})["allow"] = {"id": "editor"}
    ds = await start_datasette(seed_db, metadata=metadata)
    anonymous = await ds.client.get("/-/sources")
    assert anonymous.status_code == 200
    assert "Articles by score" not in anonymous.text
    assert (await ds.client.get("/-/sources/sources")).status_code == 404
    cookies = {"ds_actor": ds.sign({"a": {"id": "editor"}}, "actor")}
    editor = await ds.client.get("/-/sources", cookies=cookies)
    assert "Articles by score" in editor.text
    assert (await ds.client.get("/-/sources/sources", cookies=cookies)).status_code == 200


def test_reading_core_does_not_import_datasette():
    code = (
        "import sys, datasette_sources, datasette_sources.inputs, datasette_sources.reading, "
        "datasette_sources.signals, datasette_sources.corpus, datasette_sources.scoring, "
        "datasette_sources.store, datasette_sources.cli; "
        "sys.exit('datasette' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_package_reexports_its_own_hookimpl():
    from datasette_sources import hookimpl
    from datasette_sources.hookspecs import hookimpl as original

    assert hookimpl is original
