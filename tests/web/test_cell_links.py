"""Links from Datasette's own pages to the plugin's: every table, row page, view and query.

A database called news.db, made by the real loader from the seeds and hostile
articles (a title and an outlet carrying markup), is served by
``Datasette(...).client`` on both lines; each page must link titles, article
ids, stories, outlets, speakers and score badges to the plugin's pages, every
such link must answer 200, and hostile text must stay text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import sqlite_utils
from conftest import IMG, SCRIPT, hostile_folder
from markupsafe import Markup

from datasette_sources.store import load
from datasette_sources.web.cell_links import CellLink, link_target

HOSTILE_OUTLET = "<b onmouseover=alert(1)>Evil & Co</b>"
#: The hostile outlet as the plugin's URLs spell it (tilde-encoded).
HOSTILE_OUTLET_PATH = "~3Cb+onmouseover~3Dalert~281~29~3EEvil+~26+Co~3C~2Fb~3E"


@pytest.fixture(scope="module")
def news(tmp_path_factory) -> Path:
    """news.db: the seeds, a hostile article, and a hostile outlet's article."""
    folder = hostile_folder(tmp_path_factory)
    (folder / "feed.jsonl").write_text(
        json.dumps(
            {
                "title": f"Council {IMG} votes",
                "outlet": HOSTILE_OUTLET,
                "text": 'The council voted 5-2 on Monday. "We are done here," said Mayor Ann Lee.',
            }
        )
        + "\n"
    )
    path = tmp_path_factory.mktemp("links") / "news.db"
    assert load(sqlite_utils.Database(path), [str(folder)]).failed == 0
    return path


@pytest.fixture(scope="module")
def ids(news) -> dict[str, str]:
    db = sqlite_utils.Database(news)
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "hostile": one(f"select id from articles where title like '%{SCRIPT}%'"),
        "a001": one("select id from articles where path like '%001%'"),
        "story": one("select story_id from articles where path like '%001%'"),
        "copy": one("select copy_id from copies limit 1"),
        "copy_source": one("select source_id from copies limit 1"),
        "pompeo": one("select id from speakers where name = 'Mike Pompeo'"),
    }


# --- which cells link where: pure ---------------------------------------------------


@pytest.mark.parametrize(
    "table,column,value,row,expected",
    [
        ("articles", "title", "Mayor quits", {"id": "a1"}, ("article", "a1", "Mayor quits")),
        ("articles", "id", "a1", {}, ("article", "a1", "a1")),
        ("articles", "outlet", "CNN", {}, ("outlet", "CNN", "CNN")),
        ("articles", "story_id", {"value": "s1", "label": "Iran"}, {}, ("story", "s1", "Iran")),
        ("articles", "source_id", "row-17", {}, None),
        ("articles", "body", "text", {}, None),
        ("sentences", "article_id", {"value": "a1", "label": "T"}, {}, ("article", "a1", "T")),
        ("sentences", "speaker", "Pompeo", {"speaker_id": 7}, ("speaker", "7", "Pompeo")),
        ("quotes", "speaker", "Pompeo", {"speaker_id": None}, ("speaker_name", "Pompeo", "Pompeo")),
        ("sentences", "speaker", "Pompeo", {}, ("speaker_name", "Pompeo", "Pompeo")),
        ("sentences", "speaker_id", 7, {}, ("speaker", "7", "7")),
        ("sentences", "speaker_id", "seven", {}, None),
        ("speakers", "name", "Mike Pompeo", {"id": 7}, ("speaker", "7", "Mike Pompeo")),
        ("speakers", "aliases", '["Pompeo"]', {"id": 7}, None),
        ("other", "name", "Mike Pompeo", {"id": 7}, None),
        (None, "speaker", "Mike Pompeo", {"speaker_id": 7}, ("speaker", "7", "Mike Pompeo")),
        ("sentences", "copied_from", "a0", {}, ("article", "a0", "a0")),
        ("copies", "source_id", "a0", {}, ("article", "a0", "a0")),
        ("stories", "label", "Iran", {"id": "s1"}, ("story", "s1", "Iran")),
        ("stories", "id", "s1", {}, ("story", "s1", "s1")),
        ("story_summary", "label", "Iran", {"story_id": "s1"}, ("story", "s1", "Iran")),
        ("copied_without_credit", "copy_title", "T", {"copy_id": "a2"}, ("article", "a2", "T")),
        ("copied_without_credit", "source_outlet", "AP", {}, ("outlet", "AP", "AP")),
        ("score_explained", "title", "T", {"article_id": "a3"}, ("article", "a3", "T")),
        (None, "title", "T", {"article_id": "a4"}, ("article", "a4", "T")),
        (None, "title", "T", {"id": "00000000000000ab"}, ("article", "00000000000000ab", "T")),
        (None, "title", "T", {"id": 17}, None),
        (None, "id", "00000000000000ab", {}, ("article", "00000000000000ab", "00000000000000ab")),
        (None, "id", "17", {}, None),
        (None, "copy_outlet", "Fox", {}, ("outlet", "Fox", "Fox")),
        (None, "speaker", "", {}, None),
        (None, "speaker", None, {}, None),
        ("signals", "name", "sic_count", {}, None),
    ],
)
def test_link_target(table, column, value, row, expected):
    found = link_target(table, column, value, row)
    assert (found and (found.kind, found.key, found.text)) == expected or (
        found is None and expected is None
    )


def test_badges_link_to_their_evidence():
    badge = Markup('<span class="sources-badge">61</span>')
    assert link_target("articles", "score", 61, {"id": "a1"}, badge) == CellLink(
        "article", "a1", badge
    )
    assert link_target("outlets", "score", 61, {"outlet": "CNN"}, badge).key == "CNN"
    assert link_target("articles", "score", 61, {"id": "a1"}) is None


# --- through Datasette, on both lines -----------------------------------------------


#: (path, hrefs the page must link to); {..} filled from ``ids``.
PAGES = [
    (
        "/news/articles?_nocol=body",
        [
            '/-/sources/news/article/{a001}" title="Scorecard',
            f"/-/sources/news/outlet/{HOSTILE_OUTLET_PATH}",
            "/-/sources/news/outlet/CNN",
            "/-/sources/news/story/{story}",
        ],
    ),
    ("/news/articles/{a001}", ["/-/sources/news/article/{a001}", "/-/sources/news/story/"]),
    (
        "/news/sentences?article_id={a001}",
        ["/-/sources/news/article/{a001}", '/-/sources/news/speaker/{pompeo}" title="The speaker'],
    ),
    ("/news/quotes", ["/-/sources/news/article/", "/-/sources/news/speaker/{pompeo}"]),
    ("/news/speakers", ["/-/sources/news/speaker/{pompeo}"]),
    ("/news/speakers/{pompeo}", ["/-/sources/news/speaker/{pompeo}"]),
    ("/news/copies", ["/-/sources/news/article/{copy}", "/-/sources/news/article/{copy_source}"]),
    ("/news/score_parts?article_id={a001}", ["/-/sources/news/article/{a001}"]),
    ("/news/parts?article_id={a001}", ["/-/sources/news/article/{a001}"]),
    ("/news/stories", ["/-/sources/news/story/{story}"]),
    ("/news/stories/{story}", ["/-/sources/news/story/{story}"]),
    ("/news/outlets", ["/-/sources/news/outlet/CNN"]),
    ("/news/outlet_summary", ["/-/sources/news/outlet/CNN"]),
    ("/news/story_summary", ["/-/sources/news/story/{story}"]),
    ("/news/score_explained", ["/-/sources/news/article/{a001}"]),
    ("/news/copied_without_credit", ["/-/sources/news/article/{copy}"]),
    (
        "/news/opinion_in_news?outlet=",
        ["/-/sources/news/article/", "/-/sources/news/outlet/"],
    ),
    ("/news/anonymous_sourcing_by_outlet?min_articles=1", ["/-/sources/news/outlet/CNN"]),
    (
        "/news/passages_copied_without_credit?outlet=",
        ["/-/sources/news/article/{copy}", "/-/sources/news/article/{copy_source}"],
    ),
    ("/news/most_quoted_speakers", ["/-/sources/news/speaker/{pompeo}"]),
    (
        "/news?sql=select+id,+title,+outlet+from+articles",
        ["/-/sources/news/article/{a001}", "/-/sources/news/outlet/CNN"],
    ),
]


@pytest.mark.asyncio
@pytest.mark.parametrize("path,hrefs", PAGES, ids=[p[0] for p in PAGES])
async def test_pages_link_to_the_evidence(news, ids, path, hrefs, start_datasette):
    ds = await start_datasette(news)
    response = await ds.client.get(path.format(**ids), follow_redirects=True)
    assert response.status_code == 200, response.text[:300]
    html = response.text
    for href in hrefs:
        assert 'href="' + href.format(**ids) in html, href
    # Every link the plugin put on the page answers.
    found = set(re.findall(r'href="(/-/sources/news/[^"]+|/news/sentences\?speaker=[^"]+)"', html))
    assert found
    for link in sorted(found)[:40]:
        answer = await ds.client.get(link.replace("&amp;", "&"), follow_redirects=True)
        assert answer.status_code == 200, link
    assert "<script>alert" not in html and "<b onmouseover" not in html and "<img src=x" not in html


@pytest.mark.asyncio
async def test_hostile_title_and_outlet_stay_text_inside_links(news, ids, start_datasette):
    ds = await start_datasette(news)
    html = (await ds.client.get("/news/articles?_nocol=body")).text
    assert (
        f'<a href="/-/sources/news/article/{ids["hostile"]}" title="Scorecard: why this score">'
        "&lt;script&gt;alert(1)&lt;/script&gt; Mayor quits &lt;img src=x onerror=alert(1)&gt;</a>"
    ) in html
    assert (
        f'<a href="/-/sources/news/outlet/{HOSTILE_OUTLET_PATH}" title="The outlet&#39;s sourcing">'
        "&lt;b onmouseover=alert(1)&gt;Evil &amp; Co&lt;/b&gt;</a>"
    ) in html


@pytest.mark.asyncio
async def test_score_badges_link_to_the_scorecard_and_the_outlet(news, ids, start_datasette):
    ds = await start_datasette(news)
    articles = (await ds.client.get(f"/news/articles?_nocol=body&id={ids['a001']}")).text
    assert re.search(
        rf'<a href="/-/sources/news/article/{ids["a001"]}"[^>]*><span class="sources-badge',
        articles,
    )
    outlets = (await ds.client.get("/news/outlets")).text
    assert re.search(
        r'<a href="/-/sources/news/outlet/CNN"[^>]*><span class="sources-badge', outlets
    )


@pytest.mark.asyncio
async def test_signal_direction_reads_as_words(news, start_datasette):
    ds = await start_datasette(news)
    html = (await ds.client.get("/news/signals")).text
    assert 'more is better <span class="sources-note">(1)</span>' in html
    assert 'more is worse <span class="sources-note">(-1)</span>' in html


@pytest.mark.asyncio
async def test_nothing_links_in_a_database_that_is_not_ours(news, tmp_path, start_datasette):
    other = tmp_path / "blog.db"
    sqlite_utils.Database(other)["articles"].insert(
        {"id": "00000000000000ab", "title": "Hi", "outlet": "CNN", "speaker": "Jo"}
    )
    ds = await start_datasette(news, other)
    for path in (
        "/blog/articles",
        "/blog?sql=select+*+from+articles",
        "/blog/articles/00000000000000ab",
    ):
        html = (await ds.client.get(path)).text
        assert "/-/sources/" not in html.replace('href="/-/sources"', ""), path


@pytest.mark.asyncio
async def test_a_database_attached_after_startup_is_checked_once(news, tmp_path, start_datasette):
    from datasette.database import Database

    ds = await start_datasette()
    ds.add_database(Database(ds, path=str(news)), name="late")
    html = (await ds.client.get("/late/articles?_nocol=body")).text
    assert 'href="/-/sources/late/article/' in html


@pytest.mark.asyncio
async def test_dates_read_as_dates_with_the_stored_value_kept(news, ids, start_datasette):
    db = sqlite_utils.Database(news)
    loaded_at = db.execute("select loaded_at from articles limit 1").fetchone()[0]
    ds = await start_datasette(news)
    html = (await ds.client.get("/news/articles?_nocol=body")).text
    assert f'<span title="{loaded_at}">' in html
    assert ", 20" not in loaded_at and " UTC</span>" in html
