"""/-/sources: the score distribution, server-rendered, with no script."""

import pytest

from datasette_sources.loader import load


@pytest.mark.asyncio
async def test_score_distribution_chart(fresh_db, seeds, db_path, start_datasette):
    load(fresh_db, [str(seeds)])
    ds = await start_datasette(db_path, metadata={})
    response = await ds.client.get("/-/sources")
    assert response.status_code == 200
    html = response.text
    assert "How the scores spread" in html
    assert html.count('class="sources-bin"') == 10
    # seed 001 scores in the twenties: its bin holds one article
    assert 'title="20–29: 1 article"' in html
    assert "<script" not in html.split("How the scores spread")[1].split("Outlets")[0]


@pytest.mark.asyncio
async def test_a_story_of_unknown_outlets_says_so(hostile_db, start_datasette):
    ds = await start_datasette(hostile_db, metadata={})
    html = (await ds.client.get("/-/sources")).text
    # The hostile article has no outlet and a story of its own.
    assert "1 article, outlet unknown" in html
    assert "0 outlets" not in html
    assert "5 articles, 3 outlets" in html
