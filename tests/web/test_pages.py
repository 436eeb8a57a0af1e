"""The article scorecard and the story page, on Datasette 0.65.x and the 1.0 alphas.

Real SQLite files made by the real loader from the seed articles (and from a
folder holding a hostile article); every request goes through ``Datasette(...).client``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlite_utils

#: A sentence of seed 001 in the writer's own voice.
OPINION_001 = "Iran is playing an extremely dangerous game."


@pytest.fixture(scope="module")
def ids(seed_db) -> dict:
    """Article ids by seed number (the file name's prefix), and the story id."""
    db = sqlite_utils.Database(seed_db)
    rows = list(db.query("select id, path, story_id from articles"))
    by_seed = {Path(r["path"]).name[:3]: r["id"] for r in rows}
    stories = {r["story_id"] for r in rows}
    assert len(stories) == 1, stories
    return {**{f"a{k}": v for k, v in by_seed.items()}, "story": stories.pop()}


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path,fragments",
    [
        (
            "/-/sources/sources/article/{a001}",
            [
                '<span class="sources-s sources-s-opinion" title="opinion" '
                f'data-kind="opinion">{OPINION_001}</span>',
                '<span class="sources-kind sources-kind-opinion">opinion</span>',
                "Why this score",
                'class="sources-bar-fill" style="width: ',
                '<code class="sources-signal-name">attribution_density</code>',
                "Sentences attributed to a source",
                "80% of sentences or more = full points",
                '<tr class="sources-total">',
                "sources-s-quote",
                "sources-s-copied",
                'href="/-/sources/sources/article/{a000}"',
                "sources-mark-sic",
                # One name per person: the speaker links go to the speaker's page by id.
                'href="/-/sources/sources/speaker/',
                ">Mike Pompeo</a>",
                'href="/-/sources/sources/story/{story}"',
                "The rest of the page",
            ],
        ),
        (
            "/-/sources/sources/article/{a003}",
            [
                "Phil Stewart, Lesley Wroughton",
                "Epoch Times",
                "wire",
                'href="/-/sources/sources/outlet/Epoch+Times"',
            ],
        ),
        (
            "/-/sources/sources/story/{story}",
            [
                "Shared quotations",
                'class="rows-and-columns sources-table sources-matrix"',
                "✓",
                "Copied passages",
                'href="/-/sources/sources/article/{a000}">Pompeo accuses Iran of firing',
                'class="sources-credited sources-credited-no">no</td>',
                "What each outlet added",
                "An approximation",
                'href="/-/sources/sources/article/{a004}"',
            ],
        ),
        (
            "/-/sources/sources",
            ['href="/-/sources/sources/article/{a001}"', 'href="/-/sources/sources/story/{story}"'],
        ),
    ],
)
async def test_pages_render(seed_db, ids, path, fragments, start_datasette):
    ds = await start_datasette(seed_db)
    response = await ds.client.get(path.format(**ids))
    assert response.status_code == 200, response.text[:500]
    for fragment in fragments:
        assert fragment.format(**ids) in response.text, fragment


@pytest.mark.asyncio
async def test_story_matrix_ticks_a_shared_passage_in_several_articles(
    seed_db, ids, start_datasette
):
    ds = await start_datasette(seed_db)
    html = (await ds.client.get(f"/-/sources/sources/story/{ids['story']}")).text
    matrix = html.split("sources-matrix", 1)[1].split("</table>", 1)[0]
    rows = matrix.split("<tr>")[2:]
    assert rows, "the matrix has passage rows"
    assert max(r.count("✓") for r in rows) >= 2


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path",
    [
        "/-/sources/sources/article/nope",
        "/-/sources/sources/story/nope",
        "/-/sources/sources/article/{story}x",
        "/-/sources/sources/article/../../etc",
        "/-/sources/sources/story/../../etc",
        "/-/sources/sources/article/~zz",
        "/-/sources/sources/article/" + "a" * 1000,
        "/-/sources/sources/article/1' or '1'='1",
        "/-/sources/nope/article/{a001}",
        "/-/sources/nope/story/{story}",
        "/-/sources/_internal/article/{a001}",
        "/-/sources/sources/article/{a001}/more",
        "/-/sources/sources/story/",
    ],
)
async def test_unknown_or_garbage_ids_are_404(seed_db, ids, path, start_datasette):
    ds = await start_datasette(seed_db)
    response = await ds.client.get(path.format(**ids))
    if response.status_code in (301, 302):
        response = await ds.client.get(response.headers["location"])
    assert response.status_code == 404, response.text[:300]


@pytest.mark.asyncio
async def test_encoded_slashes_in_an_id_are_404(seed_db, start_datasette):
    ds = await start_datasette(seed_db)
    response = await ds.client.get("/-/sources/sources/article/..%2F..%2Fetc")
    if response.status_code in (301, 302):
        response = await ds.client.get(response.headers["location"])
    assert response.status_code == 404


@pytest.mark.asyncio
async def test_a_database_without_our_articles_table_is_404(tmp_path, start_datasette):
    path = tmp_path / "other.db"
    sqlite_utils.Database(path)["articles"].insert({"id": "1", "headline": "not ours"})
    ds = await start_datasette(path)
    for page in ("/-/sources/other/article/1", "/-/sources/other/story/1"):
        assert (await ds.client.get(page)).status_code == 404


@pytest.mark.asyncio
async def test_hostile_article_is_escaped_on_both_pages(hostile_db, start_datasette):
    db = sqlite_utils.Database(hostile_db)
    row = db.execute("select id, story_id from articles where title like '%<script>%'").fetchone()
    assert row and row[1], "the hostile article is loaded and has a story"
    ds = await start_datasette(hostile_db)
    for path in (f"/-/sources/sources/article/{row[0]}", f"/-/sources/sources/story/{row[1]}"):
        response = await ds.client.get(path)
        assert response.status_code == 200, response.text[:500]
        html = response.text
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.asyncio
async def test_scorecard_says_which_source_is_unnamed(hostile_db, start_datasette):
    # "..., officials said. "...," said Jane Smith" is one sentence with two sources:
    # the named speaker is shown, and the unnamed one is not pinned on her.
    db = sqlite_utils.Database(hostile_db)
    article_id, speaker_type = db.execute(
        "select article_id, speaker_type from sentences "
        "where speaker = 'Jane Smith' and anonymous = 1"
    ).fetchone()
    assert speaker_type == "named"
    ds = await start_datasette(hostile_db)
    html = (await ds.client.get(f"/-/sources/sources/article/{article_id}")).text
    assert "Jane Smith</a> <i>said</i> · and an unnamed source</span>" in html


@pytest.mark.asyncio
async def test_scorecard_rounds_signal_values(seed_db, ids, start_datasette):
    ds = await start_datasette(seed_db)
    html = (await ds.client.get(f"/-/sources/sources/article/{ids['a001']}")).text
    values = re.findall(r'<td data-label="Value" class="sources-num">([0-9.e+-]+)</td>', html)
    assert values, "the contribution table lists signal values"
    assert all(len(v.split(".")[1]) <= 3 for v in values if "." in v), values


@pytest.mark.asyncio
async def test_one_copied_from_mark_per_run_of_copied_sentences(seed_db, ids, start_datasette):
    db = sqlite_utils.Database(seed_db)
    sources = [
        r[0]
        for r in db.execute(
            "select copied_from from sentences where article_id = ? order by position",
            [ids["a001"]],
        )
    ]
    runs = sum(1 for i, s in enumerate(sources) if s and (i == 0 or sources[i - 1] != s))
    copied = sum(1 for s in sources if s)
    assert copied > runs > 0, "seed 001 copies runs of several sentences"
    ds = await start_datasette(seed_db)
    html = (await ds.client.get(f"/-/sources/sources/article/{ids['a001']}")).text
    body = html.split('<div class="sources-text">')[1]
    assert body.count('class="sources-mark sources-mark-copy"') == runs
    assert body.count("sources-s-copied") == copied
