"""Facet suggestions: on for our small tables, off (``_nosuggest``) for our large ones."""

from __future__ import annotations

import pytest

from datasette_sources.web import suggestions


def suggested(data: dict) -> list[str]:
    return [f["name"] for f in data.get("suggested_facets") or []]


async def get_json(ds, path: str) -> dict:
    response = await ds.client.get(path)
    assert response.status_code == 200, path
    return response.json()


@pytest.mark.asyncio
@pytest.mark.parametrize("page", ["sentences", "articles", "score_explained", "quotes"])
async def test_small_tables_suggest_facets_large_ones_do_not(
    page, seed_db, start_datasette, monkeypatch
):
    ds = await start_datasette(seed_db)
    path = f"/sources/{page}.json?_extra=suggested_facets"
    small = await get_json(ds, path)
    assert suggested(small), page  # the seeds are small: Datasette suggests facets
    monkeypatch.setattr(suggestions, "SUGGEST_UP_TO", 1)
    large = await get_json(ds, path)
    assert suggested(large) == [], page
    # The rows and configured facets are the same; only the suggestions are left out.
    assert large["rows"] == small["rows"]
    # What the URL says wins: an explicit _nosuggest is kept as it is.
    assert suggested(await get_json(ds, path + "&_nosuggest=")) == suggested(small)


@pytest.mark.asyncio
async def test_the_html_page_of_a_large_table_has_no_suggestions(
    seed_db, start_datasette, monkeypatch
):
    ds = await start_datasette(seed_db)
    html = (await ds.client.get("/sources/quotes")).text
    assert "Suggested facets" in html
    monkeypatch.setattr(suggestions, "SUGGEST_UP_TO", 1)
    html = (await ds.client.get("/sources/quotes")).text
    assert "Suggested facets" not in html
    # Other pages and other databases' tables are left alone.
    assert (await ds.client.get("/sources/signals")).status_code == 200
