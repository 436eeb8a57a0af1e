"""The speaker page: through Datasette on both lines, and its shaping step on hand-made rows."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil

import pytest
import sqlite_utils
from conftest import IMG, SCRIPT, hostile_folder

from datasette_sources.store import load
from datasette_sources.web.speaker import (
    OUTLETS_SHOWN,
    aliases_of,
    shape_speaker,
    speaker_number,
)
from datasette_sources.web.speaker_rows import SpeakerRows

HOSTILE_OUTLET = f"{SCRIPT} Daily & Co"
#: Sentences one article gives Ann Lee: more than one page of the speaker page.
ANN_LEE_SENTENCES = 60


@pytest.fixture(scope="module")
def speakers_db(tmp_path_factory):
    """news.db: the seeds, the hostile article, and a hostile outlet's article that gives
    Ann Lee more than a page of sentences, with markup in its title and her quotation."""
    folder = hostile_folder(tmp_path_factory)
    text = f'"{SCRIPT} is over," said Ann Lee. ' + " ".join(
        f"Ann Lee said that plan number {n} would fail." for n in range(ANN_LEE_SENTENCES - 1)
    )
    line = {"title": f"Council {IMG} votes", "outlet": HOSTILE_OUTLET, "text": text}
    (folder / "feed.jsonl").write_text(json.dumps(line) + "\n")
    path = tmp_path_factory.mktemp("speaker") / "news.db"
    assert load(sqlite_utils.Database(path), [str(folder)]).failed == 0
    return path


def speaker_id(path, name: str) -> int:
    return (
        sqlite_utils.Database(path)
        .execute("select id from speakers where name = ?", [name])
        .fetchone()[0]
    )


@pytest.mark.asyncio
async def test_speaker_page_shows_who_quotes_them_and_their_words(speakers_db, start_datasette):
    pompeo = speaker_id(speakers_db, "Mike Pompeo")
    db = sqlite_utils.Database(speakers_db)
    row = db["speakers"].get(pompeo)
    ds = await start_datasette(speakers_db)
    response = await ds.client.get(f"/-/sources/news/speaker/{pompeo}")
    assert response.status_code == 200, response.text[:300]
    html = response.text
    assert "<h1>Mike Pompeo</h1>" in html and '<span class="sources-tag">person</span>' in html
    assert f"<b>{row['sentence_count']} sentences</b>" in html
    assert f"in {row['article_count']} articles" in html
    # Which outlets quote him, as the database counts them, each linking to its page.
    for outlet, articles, quotes in db.execute(
        "select a.outlet, count(distinct s.article_id), sum(s.kind = 'quote') from sentences s "
        "join articles a on a.id = s.article_id where s.speaker_id = ? and a.outlet != '' "
        "group by a.outlet",
        [pompeo],
    ):
        path = outlet.replace(" ", "+")
        cells = re.search(
            rf'<a href="/-/sources/news/outlet/{re.escape(path)}">{re.escape(outlet)}</a></td>\s*'
            r'<td data-label="Articles" class="sources-num">(\d+)</td>\s*'
            r'<td data-label="Quotes" class="sources-num">(\d+)</td>',
            html,
        )
        assert cells and cells.groups() == (str(articles), str(quotes)), outlet
    # His quotation traced across the story's outlets, and the article that names no one.
    assert "Carried by 4 outlets in 4 articles" in html
    assert "gives these words to no one it names" in html
    # Every article of his is linked to its scorecard.
    for (article_id,) in db.execute(
        "select distinct article_id from sentences where speaker_id = ?", [pompeo]
    ):
        assert f'href="/-/sources/news/article/{article_id}"' in html
    assert f'href="/news/sentences?speaker_id={pompeo}"' in html
    # Every link the page makes answers.
    for link in sorted(set(re.findall(r'href="(/-/sources/news/[^"]+)"', html))):
        answer = await ds.client.get(link.replace("&amp;", "&"))
        assert answer.status_code == 200, link


@pytest.mark.asyncio
async def test_hostile_text_stays_text_and_pages_follow(speakers_db, start_datasette):
    ann = speaker_id(speakers_db, "Ann Lee")
    ds = await start_datasette(speakers_db)
    html = (await ds.client.get(f"/-/sources/news/speaker/{ann}")).text
    assert "Council &lt;img src=x onerror=alert(1)&gt; votes" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Daily &amp; Co" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; is over" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert f"1–50 of {ANN_LEE_SENTENCES}" in html
    assert f'href="/-/sources/news/speaker/{ann}?page=2" rel="next"' in html
    second = (await ds.client.get(f"/-/sources/news/speaker/{ann}?page=2")).text
    assert f"51–{ANN_LEE_SENTENCES} of {ANN_LEE_SENTENCES}" in second
    assert "plan number 58 would fail" in second and "plan number 58 would fail" not in html


@pytest.mark.asyncio
async def test_a_hostile_name_and_alias_are_escaped(speakers_db, tmp_path, start_datasette):
    """A database edited by hand: the name and aliases are whatever it holds."""
    path = tmp_path / "news.db"
    shutil.copy(speakers_db, path)
    pompeo = speaker_id(path, "Mike Pompeo")
    db = sqlite_utils.Database(path)
    db["speakers"].update(pompeo, {"name": SCRIPT, "aliases": json.dumps([IMG, "Pompeo"])})
    db.conn.close()
    ds = await start_datasette(path)
    html = (await ds.client.get(f"/-/sources/news/speaker/{pompeo}")).text
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in html
    assert "<q>&lt;img src=x onerror=alert(1)&gt;</q>, <q>Pompeo</q>" in html
    assert "<script>alert" not in html and "<img src=x" not in html


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path",
    [
        "/-/sources/news/speaker/1",
        "/-/sources/news/speaker/Mike+Pompeo",
        "/-/sources/news/speaker/-5",
        "/-/sources/news/speaker/" + "9" * 40,
        "/-/sources/news/speaker/~zz",
        "/-/sources/news/speaker/",
        "/-/sources/news/speaker/{pompeo}/more",
        "/-/sources/nope/speaker/{pompeo}",
    ],
)
async def test_unknown_speakers_are_404(speakers_db, path, start_datasette):
    ds = await start_datasette(speakers_db)
    pompeo = speaker_id(speakers_db, "Mike Pompeo")
    response = await ds.client.get(path.format(pompeo=pompeo), follow_redirects=True)
    assert response.status_code == 404


@pytest.mark.asyncio
async def test_a_database_without_the_speakers_table(speakers_db, tmp_path, start_datasette):
    """Loaded before the speakers table: no speaker page, and names lead to their sentences."""
    path = tmp_path / "news.db"
    shutil.copy(speakers_db, path)
    pompeo = speaker_id(path, "Mike Pompeo")
    db = sqlite_utils.Database(path)
    db["speakers"].drop()
    db.conn.close()
    ds = await start_datasette(path)
    response = await ds.client.get(f"/-/sources/news/speaker/{pompeo}")
    assert response.status_code == 404
    found = (await ds.client.get("/-/sources/news/search?q=pompeo")).text
    assert 'href="/news/sentences?speaker=Mike+Pompeo"' in found


# --- shape_speaker: hand-made rows ---------------------------------------------------


def article(article_id, outlet, published, **more):
    row = {
        "article_id": article_id,
        "title": f"Title {article_id}",
        "path": None,
        "outlet": outlet,
        "published": published,
        "score": 70,
        "score_band": "medium",
    }
    return dict(row, **more)


def speaker_rows(**changes) -> SpeakerRows:
    rows = SpeakerRows(
        speaker={
            "id": 7,
            "name": "Mike Pence",
            "kind": "person",
            "aliases": '["Mike Pence", "Pence", "Vice President Mike Pence"]',
            "article_count": 3,
            "quote_count": 4,
            "sentence_count": 120,
        },
        tables={"articles", "sentences", "quotes", "speakers"},
        outlets=[
            {"outlet": "CNN", "articles": 2, "sentences": 100, "quotes": 3, "outlet_articles": 9},
            {"outlet": None, "articles": 1, "sentences": 20, "quotes": 1, "outlet_articles": None},
        ],
        sentences=[
            article(
                "a1",
                "CNN",
                "2020-05-02",
                position=3,
                kind="quote",
                speaker="Pence",
                cue="said",
                text="“We will,” Pence said.",
            ),
            article(
                "a1",
                "CNN",
                "2020-05-02",
                position=4,
                kind="attributed",
                speaker="Mike Pence",
                cue="added",
                text="He added more.",
            ),
            article(
                "a2",
                "",
                None,
                position=0,
                kind="quote",
                speaker="Mike Pence",
                cue=None,
                text="“No.”",
            ),
        ],
        passages=[
            {
                "passage": "we will respond",
                "articles": 3,
                "outlets": 2,
                "first_published": "2020-05-01",
            }
        ],
        passage_quotes=[
            article(
                "a0",
                "Fox",
                "2020-05-01",
                passage="we will respond",
                speaker="Pence",
                speaker_id=7,
                text="we will respond, ",
                position=0,
                number=0,
            ),
            article(
                "a1",
                "CNN",
                "2020-05-02",
                passage="we will respond",
                speaker="Trump",
                speaker_id=8,
                text="we will respond",
                position=1,
                number=0,
            ),
            article(
                "a2",
                "CNN",
                "2020-05-03",
                passage="we will respond",
                speaker=None,
                speaker_id=None,
                text="we will",
                position=1,
                number=0,
            ),
        ],
        passage_count=21,
        others={8: {"name": "Donald Trump", "kind": "person"}},
        page=2,
    )
    return dataclasses.replace(rows, **changes)


@pytest.mark.parametrize(
    "changes,pick,expected",
    [
        ({}, lambda c: c["speaker"]["aliases"], ["Pence", "Vice President Mike Pence"]),
        ({}, lambda c: (c["speaker"]["outlet_count"], c["speaker"]["unknown_outlet"]), (1, True)),
        (
            {},
            lambda c: [(o["name"], o["url"], o["attributed"]) for o in c["outlets"]],
            [
                ("CNN", "/-/sources/sources/outlet/CNN", 97),
                ("(unknown)", "/-/sources/sources/outlet/~28unknown~29", 19),
            ],
        ),
        (
            {
                "outlets": [
                    {
                        "outlet": f"O{n}",
                        "articles": 1,
                        "sentences": 1,
                        "quotes": 1,
                        "outlet_articles": 1,
                    }
                    for n in range(25)
                ]
            },
            lambda c: (len(c["outlets"]), [o["name"] for o in c["more_outlets"]]),
            (OUTLETS_SHOWN, [f"O{n}" for n in range(OUTLETS_SHOWN, 25)]),
        ),
        (
            {},
            lambda c: [
                (
                    r["article"]["id"],
                    r["article"]["outlet"],
                    [s["as_written"] for s in r["sentences"]],
                )
                for r in c["runs"]
            ],
            [("a1", "CNN", ["Pence", None]), ("a2", None, [None])],
        ),
        ({}, lambda c: c["runs"][0]["article"]["url"], "/-/sources/sources/article/a1"),
        (
            {},
            lambda c: (c["pager"]["first"], c["pager"]["last"], c["pager"]["total"]),
            (51, 100, "120"),
        ),
        (
            {},
            lambda c: (c["pager"]["previous"], c["pager"]["next"]),
            ("/-/sources/sources/speaker/7", "/-/sources/sources/speaker/7?page=3"),
        ),
        ({}, lambda c: c["passages"][0]["text"], "we will respond"),
        (
            {},
            lambda c: [
                (k["outlet"], [a["id"] for a in k["articles"]])
                for k in c["passages"][0]["carriers"]
            ],
            [("Fox", ["a0"]), ("CNN", ["a1", "a2"])],
        ),
        (
            {},
            lambda c: [
                (a["own"], a["others"]) for k in c["passages"][0]["carriers"] for a in k["articles"]
            ],
            [
                (True, []),
                (False, [{"name": "Donald Trump", "url": "/-/sources/sources/speaker/8"}]),
                (False, []),
            ],
        ),
        (
            {},
            lambda c: c["links"]["passages"],
            "/sources/quotes?speaker_id=7&passage__notblank=1",
        ),
        ({"passage_count": 1}, lambda c: c["links"]["passages"], None),
        ({"tables": {"articles", "sentences", "speakers"}}, lambda c: c["links"]["quotes"], None),
        ({}, lambda c: c["links"]["row"], "/sources/speakers/7"),
    ],
)
def test_shape_speaker(page_links, changes, pick, expected):
    assert pick(shape_speaker(speaker_rows(**changes), page_links)) == expected


def test_shaping_leaves_the_rows_alone(page_links):
    import copy

    rows = speaker_rows()
    before = copy.deepcopy(rows)
    shape_speaker(rows, page_links)
    assert rows == before


@pytest.mark.parametrize(
    "raw,expected",
    [("7", 7), ("007", 7), ("", None), (None, None), ("7a", None), ("٣", None), ("1" * 19, None)],
)
def test_speaker_number(raw, expected):
    assert speaker_number(raw) == expected


@pytest.mark.parametrize(
    "aliases,expected",
    [('["Jo", "Jo Li"]', ["Jo"]), ("[]", []), ('{"a": 1}', []), ("[null, 3]", ["3"]), (None, [])],
)
def test_aliases_of(aliases, expected):
    assert aliases_of({"name": "Jo Li", "aliases": aliases}) == expected
