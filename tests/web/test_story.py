"""The story page's shaping step on hand-made rows: no Datasette, no database.

``shape_story`` takes what ``fetch_story`` reads (plain dicts) and a
``PageLinks``; the page itself, through Datasette, is in test_pages.py.
"""

from __future__ import annotations

import copy
import dataclasses

import pytest

from datasette_sources.web.story import (
    StoryRows,
    copy_between,
    shape_story,
    shared_passages,
    who_quoted_whom,
)


def article(article_id: str, outlet: str | None, **columns) -> dict:
    row = {
        "id": article_id,
        "title": f"Article {article_id}",
        "outlet": outlet,
        "score": 50.0,
        "score_band": "medium",
        "published": "2019-06-13",
        "credit_kind": "staff",
        "path": f"seeds/{article_id}.txt",
    }
    return dict(row, **columns)


def sourced(article_id: str, position: int, kind: str, speaker: str | None) -> dict:
    return {
        "article_id": article_id,
        "position": position,
        "kind": kind,
        "speaker": speaker,
        "cue": "said",
        "text": f"{article_id}/{position}",
    }


def quote(article_id: str, passage: str, speaker: str | None = "Mike Pompeo") -> dict:
    return {"article_id": article_id, "passage": passage, "speaker": speaker, "text": passage}


ARTICLES = [article("a1", "CNN"), article("a2", "Fox", title=None), article("a3", None)]
SOURCED = [
    sourced("a1", 0, "quote", "Mike Pompeo"),
    sourced("a1", 1, "attributed", "Mike Pompeo"),
    sourced("a1", 2, "quote", "Jane Smith"),
    sourced("a2", 0, "quote", "mike  POMPEO"),
    sourced("a3", 0, "attributed", None),
]
QUOTES = [
    quote("a1", "p-once"),
    quote("a1", "p-all", speaker=None),
    quote("a2", "p-all"),
    quote("a3", "p-all"),
    quote("a2", "p-two"),
    quote("a3", "p-two"),
]
COPY = {
    "source_id": "a1",
    "copy_id": "a2",
    "words": 40,
    "credited": 0,
    "evidence": "x",
    "text": "y",
}


def story_rows(**changes) -> StoryRows:
    rows = StoryRows(
        story_id="s1",
        tables={"articles", "stories", "sentences", "quotes", "copies"},
        articles=ARTICLES,
        story={"id": "s1", "label": "Iran", "article_count": 3, "outlet_count": 2},
        sourced=SOURCED,
        quotes=QUOTES,
        copies=[COPY, dict(COPY, source_id="a0", copy_id="a3", credited=1)],
        copy_ends={"a0": {"title": "The source", "outlet": "AP"}},
    )
    return dataclasses.replace(rows, **changes)


@pytest.mark.parametrize(
    "changes,pick,expected",
    [
        pytest.param(
            {},
            lambda c: c["story"],
            {"id": "s1", "label": "Iran", "article_count": 3, "outlet_count": 2},
            id="story",
        ),
        pytest.param(
            {"story": None}, lambda c: c["story"], {"id": "s1", "label": None}, id="no-stories-row"
        ),
        pytest.param(
            {},
            lambda c: [(a["number"], a["id"], a["display_title"]) for a in c["articles"]],
            [(1, "a1", "Article a1"), (2, "a2", "seeds/a2.txt"), (3, "a3", "Article a3")],
            id="articles-in-order",
        ),
        pytest.param(
            {},
            lambda c: [(a["url"], a["outlet_url"]) for a in c["articles"]][1:],
            [
                ("/-/sources/sources/article/a2", "/-/sources/sources/outlet/Fox"),
                (
                    "/-/sources/sources/article/a3",
                    "/-/sources/sources/outlet/~28unknown~29",
                ),
            ],
            id="article-links",
        ),
        pytest.param(
            {},
            lambda c: c["links"],
            {"overview": "/-/sources/sources", "articles": "/sources/articles?story_id=s1"},
            id="links",
        ),
        pytest.param(
            {},
            lambda c: [
                [
                    (e["speaker"], e["quotes"], e["attributed"], e["elsewhere"])
                    for e in a["speakers"]
                ]
                for a in c["articles"]
            ],
            [
                [("Mike Pompeo", 1, 1, 1), ("Jane Smith", 1, 0, 0)],
                [("mike  POMPEO", 1, 0, 1)],
                [],
            ],
            id="who-quoted-whom",
        ),
        pytest.param(
            {},
            lambda c: [[s["text"] for s in a["only_here"]] for a in c["articles"]],
            [["a1/2"], [], []],
            id="only-here",
        ),
        pytest.param(
            {},
            lambda c: [(p["passage"], sorted(p["articles"]), p["speaker"]) for p in c["passages"]],
            [
                ("p-all", ["a1", "a2", "a3"], "Mike Pompeo"),
                ("p-two", ["a2", "a3"], "Mike Pompeo"),
                ("p-once", ["a1"], "Mike Pompeo"),
            ],
            id="passages-most-shared-first",
        ),
        pytest.param(
            {},
            lambda c: [p["passage"] for p in c["shared_passages"]],
            ["p-all", "p-two"],
            id="shared-passages",
        ),
        pytest.param(
            {},
            lambda c: [(k["from_article"]["title"], k["to_article"]["title"]) for k in c["copies"]],
            [("Article a1", "seeds/a2.txt"), ("The source", "Article a3")],
            id="copies-between-titles",
        ),
        pytest.param(
            {"sourced": [], "quotes": [], "copies": []},
            lambda c: [c["passages"], c["copies"], [a["speakers"] for a in c["articles"]]],
            [[], [], [[], [], []]],
            id="articles-only",
        ),
    ],
)
def test_shape_story(page_links, changes, pick, expected):
    assert pick(shape_story(story_rows(**changes), page_links)) == expected


def test_shape_story_leaves_its_rows_alone(page_links):
    rows = story_rows()
    before = copy.deepcopy(rows)
    shape_story(rows, page_links)
    assert rows == before


def test_who_quoted_whom_orders_speakers_by_how_often_they_speak(page_links):
    by_id = {"a1": {"speakers": [], "only_here": []}, "a2": {"speakers": [], "only_here": []}}
    rows = [sourced("a1", i, "quote", "Zed") for i in range(2)]
    rows += [sourced("a1", 5, "quote", "Amy"), sourced("a1", 6, "attributed", "Bob")]
    rows += [sourced("a2", 0, "quote", " zed ")]
    rows += [dict(sourced("a2", 1, "quote", "Pence"), speaker_id=7, speaker_name="Mike Pence")]
    by_id["a2"]["speakers"] = []
    who_quoted_whom(rows, by_id, page_links)
    assert [(e["speaker"], e["elsewhere"]) for e in by_id["a1"]["speakers"]] == [
        ("Zed", 1),
        ("Amy", 0),
        ("Bob", 0),
    ]
    assert by_id["a1"]["speakers"][0]["url"] == "/sources/sentences?speaker=Zed"
    assert [s["speaker"] for s in by_id["a1"]["only_here"]] == ["Amy", "Bob"]
    # A speaker known across the database links to their page, under their one name.
    pence = by_id["a2"]["speakers"][-1]
    assert (pence["speaker"], pence["url"]) == ("Mike Pence", "/-/sources/sources/speaker/7")
    assert by_id["a2"]["only_here"][-1]["speaker_url"] == "/-/sources/sources/speaker/7"


@pytest.mark.parametrize(
    "quotes,ids,expected",
    [
        ([], ["a1"], []),
        # Equally shared: the passage the earlier article quotes comes first, then by name.
        ([quote("a2", "b"), quote("a1", "c"), quote("a2", "a")], ["a1", "a2"], ["c", "a", "b"]),
        ([quote("a1", "x", None), quote("a2", "x", "Jo")], ["a1", "a2"], ["x"]),
    ],
)
def test_shared_passages(page_links, quotes, ids, expected):
    assert [p["passage"] for p in shared_passages(quotes, ids, page_links)] == expected


def test_a_shared_passage_links_its_speaker(page_links):
    quotes = [
        quote("a1", "x", None),
        dict(quote("a2", "x", "Pompeo"), speaker_id=9, speaker_name="Mike Pompeo"),
        quote("a3", "y", "Jo"),
    ]
    found = {
        p["passage"]: (p["speaker"], p["speaker_url"])
        for p in shared_passages(quotes, ["a1", "a2", "a3"], page_links)
    }
    assert found == {
        "x": ("Mike Pompeo", "/-/sources/sources/speaker/9"),
        "y": ("Jo", "/sources/sentences?speaker=Jo"),
    }


@pytest.mark.parametrize(
    "credited,text", [(1, "yes"), (0, "no"), ("1", "yes"), (None, "unknown"), ("n/a", "unknown")]
)
def test_copy_between_says_whether_it_is_credited(page_links, credited, text):
    assert copy_between(dict(COPY, credited=credited), {}, {}, page_links)["credited_text"] == text


def test_copy_between_an_article_the_database_lacks(page_links):
    shaped = copy_between(dict(COPY, source_id="gone"), {}, {}, page_links)
    assert shaped["from_article"] == {
        "id": "gone",
        "url": "/-/sources/sources/article/gone",
        "title": "gone",
        "outlet": None,
    }
