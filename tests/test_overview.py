"""/-/sources: the score distribution, server-rendered, with no script."""

import pytest
from datasette.app import Datasette
from datasette_sources.loader import load


@pytest.mark.asyncio
async def test_score_distribution_chart(fresh_db, seeds, db_path):
    load(fresh_db, [str(seeds)])
    ds = Datasette([db_path])
    await ds.invoke_startup()
    response = await ds.client.get("/-/sources")
    assert response.status_code == 200
    html = response.text
    assert "How the scores spread" in html
    assert html.count('class="sources-bin"') == 10
    # seed 001 scores in the twenties: its bin holds one article
    assert 'title="20–29: 1 article"' in html
    assert "<script" not in html.split("How the scores spread")[1].split("Outlets")[0]


@pytest.mark.asyncio
async def test_a_story_of_unknown_outlets_says_so(hostile_db):
    ds = Datasette([str(hostile_db)])
    await ds.invoke_startup()
    html = (await ds.client.get("/-/sources")).text
    # The hostile article has no outlet and a story of its own.
    assert "1 article, outlet unknown" in html
    assert "0 outlets" not in html
    assert "5 articles, 3 outlets" in html
