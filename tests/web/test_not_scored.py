"""The scorecard says why an article is not scored (Datasette 0.65.x and the 1.0 alphas)."""

from __future__ import annotations

import pytest
import sqlite_utils


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "ending,says",
    [
        ("zh.txt", "Not scored: written in Chinese (zh), which the reader does not read"),
        ("ar.txt", "Not scored: written in Arabic (ar), which the reader does not read"),
        ("deep.html", "Not scored: no article text was found on the page"),
    ],
)
async def test_the_scorecard_says_why(languages_db, start_datasette, ending, says):
    db = sqlite_utils.Database(languages_db)
    row = next(r for r in db["articles"].rows if r["path"].endswith(ending))
    ds = await start_datasette(languages_db)
    response = await ds.client.get(f"/-/sources/sources/article/{row['id']}")
    assert response.status_code == 200
    html = response.text
    assert says in html
    assert '<span class="sources-tag">not scored</span>' in html
    if ending == "zh.txt":  # the text is on the page, sentence by sentence, unlabelled
        assert 'title="unlabelled" data-kind="">北京市市长周二宣布辞职。</span>' in html


@pytest.mark.asyncio
async def test_a_scored_article_says_nothing_of_the_kind(languages_db, start_datasette):
    db = sqlite_utils.Database(languages_db)
    row = next(r for r in db["articles"].rows if "/seeds/" in r["path"])
    ds = await start_datasette(languages_db)
    html = (await ds.client.get(f"/-/sources/sources/article/{row['id']}")).text
    assert "Not scored" not in html and "Why this score" in html
    assert (await ds.client.get("/-/sources")).status_code == 200
