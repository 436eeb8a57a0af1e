"""The scorecard's shaping step on hand-made rows: no Datasette, no database.

``shape_scorecard`` takes what ``fetch_scorecard`` reads (plain dicts) and a
``PageLinks``; the page itself, through Datasette, is in test_pages.py.
"""

from __future__ import annotations

import copy
import dataclasses

import pytest

from datasette_sources.web.scorecard import (
    KIND_LEGEND,
    ScorecardRows,
    score_bars,
    sentences_by_paragraph,
    shape_scorecard,
)

ALL_TABLES = {"articles", "sentences", "score_parts", "stories", "parts"}
ARTICLE = {
    "id": "a1",
    "title": "Pompeo accuses Iran",
    "outlet": "CNN",
    "score": 61.3,
    "score_band": "medium",
    "published": "2019-06-13",
    "updated": None,
    "credit": "By Jo Smith",
    "credit_kind": "staff",
    "bylines": '["Jo Smith", "Al Jones"]',
    "dateline": "WASHINGTON",
    "story_id": "s1",
    "word_count": 300,
    "sentence_count": 3,
    "path": "seeds/001.txt",
    "url": None,
}


def sentence(position: int, paragraph: int, kind: str | None = "author", **columns) -> dict:
    row = {
        "position": position,
        "paragraph": paragraph,
        "kind": kind,
        "speaker": None,
        "speaker_type": None,
        "cue": None,
        "anonymous": 0,
        "has_sic": 0,
        "brackets": None,
        "copied_from": None,
        "text": f"Sentence {position}.",
    }
    return dict(row, **columns)


SENTENCES = [
    sentence(0, 0, "quote", speaker="Mike Pompeo", cue="said", copied_from="a0"),
    sentence(1, 0, "attributed", speaker="Mike Pompeo", cue="said", copied_from="a0"),
    sentence(2, 1, "opinion", brackets='["sic"]', copied_from="a9"),
    sentence(3, 1, "quote", speaker="Jane Smith", cue="told"),
    sentence(4, 2, None),
]
COPIED_FROM = {"a0": {"title": "Iran fires on tanker", "outlet": "Fox"}}


def part(signal: str, weight, contribution) -> dict:
    """A row of ``score_parts``."""
    return {
        "signal": signal,
        "value": 1,
        "normalised": 1.0,
        "weight": weight,
        "contribution": contribution,
        "explanation": "...",
    }


SCORE_PARTS = [
    part("attribution_density", 2.0, 40.0),
    part("sic_count", 1.0, 33.3),
    part("hedging", 0.0, 0.0),
]


def scorecard_rows(**changes) -> ScorecardRows:
    rows = ScorecardRows(
        tables=ALL_TABLES,
        article=ARTICLE,
        story={"label": "Iran and the tankers", "article_count": 5},
        score_parts=SCORE_PARTS,
        sentences=SENTENCES,
        copied_from=COPIED_FROM,
        parts=[
            {"kind": "byline", "text": "By Jo Smith"},
            {"kind": None, "text": "Share this"},
            {"kind": "byline", "text": None},
        ],
    )
    return dataclasses.replace(rows, **changes)


@pytest.mark.parametrize(
    "changes,pick,expected",
    [
        pytest.param(
            {},
            lambda c: (c["article"]["display_title"], c["article"]["byline_list"]),
            ("Pompeo accuses Iran", ["Jo Smith", "Al Jones"]),
            id="article",
        ),
        pytest.param(
            {"article": dict(ARTICLE, id=7, title=None, bylines="Jo Smith")},
            lambda c: (
                c["article"]["id"],
                c["article"]["display_title"],
                c["article"]["byline_list"],
            ),
            ("7", "seeds/001.txt", ["Jo Smith"]),
            id="title-falls-back-to-path",
        ),
        pytest.param(
            {},
            lambda c: c["links"],
            {
                "row": "/sources/articles/a1",
                "outlet": "/-/sources/sources/outlet/CNN",
                "overview": "/-/sources/sources",
                "sentences": "/sources/sentences?article_id=a1",
                "score_parts": "/sources/score_parts?article_id=a1",
            },
            id="links",
        ),
        pytest.param(
            {"tables": {"articles"}, "article": dict(ARTICLE, outlet=None)},
            lambda c: c["links"],
            {
                "row": "/sources/articles/a1",
                "outlet": "/-/sources/sources/outlet/~28unknown~29",
                "overview": "/-/sources/sources",
            },
            id="links-without-tables",
        ),
        pytest.param(
            {},
            lambda c: c["story"],
            {
                "id": "s1",
                "label": "Iran and the tankers",
                "article_count": 5,
                "url": "/-/sources/sources/story/s1",
            },
            id="story",
        ),
        pytest.param(
            {"story": None},
            lambda c: c["story"],
            {
                "id": "s1",
                "label": None,
                "article_count": None,
                "url": "/-/sources/sources/story/s1",
            },
            id="story-not-in-stories",
        ),
        pytest.param(
            {"article": dict(ARTICLE, story_id="")}, lambda c: c["story"], None, id="no-story"
        ),
        pytest.param(
            {},
            lambda c: [p["signal"] for p in c["score_parts"]],
            ["attribution_density", "sic_count"],
        ),
        pytest.param({}, lambda c: [p["signal"] for p in c["unweighted"]], ["hedging"]),
        pytest.param(
            {},
            lambda c: c["page_parts"],
            [
                {"kind": "byline", "texts": ["By Jo Smith", ""]},
                {"kind": "other", "texts": ["Share this"]},
            ],
            id="page-parts",
        ),
        pytest.param(
            {"score_parts": [], "sentences": [], "parts": []},
            lambda c: [
                c[k] for k in ("score_parts", "unweighted", "paragraphs", "speakers", "page_parts")
            ],
            [[], [], [], [], []],
            id="nothing-but-the-article",
        ),
        pytest.param({}, lambda c: c["legend"], KIND_LEGEND, id="legend"),
    ],
)
def test_shape_scorecard(page_links, changes, pick, expected):
    assert pick(shape_scorecard(scorecard_rows(**changes), page_links)) == expected


@pytest.mark.parametrize(
    "article,fragments",
    [
        ({}, ["sources-band-medium", "<b>61.3</b> medium"]),
        ({"score": 93.97, "score_band": None}, ["sources-band-high", "<b>94.0</b> high"]),
    ],
)
def test_shape_scorecard_badge(page_links, article, fragments):
    rows = scorecard_rows(article=dict(ARTICLE, **article))
    badge = str(shape_scorecard(rows, page_links)["article"]["badge"])
    assert all(fragment in badge for fragment in fragments), badge


def test_shape_scorecard_leaves_its_rows_alone(page_links):
    rows = scorecard_rows()
    before = copy.deepcopy(rows)
    shape_scorecard(rows, page_links)
    assert rows == before


# --- the bars of "Why this score" ---------------------------------------------


@pytest.mark.parametrize(
    "parts,expected,unweighted",
    [
        # (signal, possible, track_width, fill_width)
        (
            [part("a", 3, 60), part("b", 1, 10)],
            [("a", 75.0, 100.0, 80.0), ("b", 25.0, 33.3, 40.0)],
            [],
        ),
        ([part("a", 1, 100)], [("a", 100.0, 100.0, 100.0)], []),
        ([part("a", "2", 150), part("z", 0, 0)], [("a", 100.0, 100.0, 100.0)], ["z"]),
        (
            [part("a", 1, -5), part("n", None, 1), part("x", "n/a", 1)],
            [("a", 100.0, 100.0, 0.0)],
            ["n", "x"],
        ),
        ([part("z", 0, 0), part("m", -1, 3)], [], ["z", "m"]),
        ([], [], []),
    ],
)
def test_score_bars(parts, expected, unweighted):
    weighted, rest = score_bars(parts)
    got = [
        (p["signal"], round(p["possible"], 1), p["track_width"], p["fill_width"]) for p in weighted
    ]
    assert got == expected
    assert [p["signal"] for p in rest] == unweighted


# --- the article, sentence by sentence -----------------------------------------


@pytest.mark.parametrize(
    "pick,expected",
    [
        pytest.param(
            lambda paragraphs, speakers: [
                [s["position"] for s in p["sentences"]] for p in paragraphs
            ],
            [[0, 1], [2, 3], [4]],
            id="paragraphs",
        ),
        pytest.param(
            lambda paragraphs, speakers: [
                s["copy_run_starts"] for p in paragraphs for s in p["sentences"]
            ],
            [True, False, True, False, False],
            id="one-copied-from-mark-per-run",
        ),
        pytest.param(
            lambda paragraphs, speakers: paragraphs[0]["sentences"][0]["copied"],
            {
                "id": "a0",
                "url": "/-/sources/sources/article/a0",
                "title": "Iran fires on tanker",
                "outlet": "Fox",
            },
            id="copied-from-a-known-article",
        ),
        pytest.param(
            lambda paragraphs, speakers: paragraphs[1]["sentences"][0]["copied"],
            {"id": "a9", "url": "/-/sources/sources/article/a9", "title": "a9", "outlet": None},
            id="copied-from-an-unknown-article",
        ),
        pytest.param(
            lambda paragraphs, speakers: [s["css"] for p in paragraphs for s in p["sentences"]],
            ["quote", "attributed", "opinion", "quote", "other"],
            id="css",
        ),
        pytest.param(
            lambda paragraphs, speakers: [
                s["title_attr"] for p in paragraphs for s in p["sentences"]
            ],
            [
                "quote; speaker: Mike Pompeo; cue: said",
                "attributed; speaker: Mike Pompeo; cue: said",
                "opinion",
                "quote; speaker: Jane Smith; cue: told",
                "unlabelled",
            ],
            id="title-attributes",
        ),
        pytest.param(
            lambda paragraphs, speakers: [s["notes"] for s in paragraphs[1]["sentences"]],
            [["sic"], []],
            id="notes",
        ),
        pytest.param(
            lambda paragraphs, speakers: paragraphs[0]["sentences"][0]["speaker_url"],
            "/sources/sentences?speaker=Mike+Pompeo",
            id="speaker-url",
        ),
        pytest.param(
            lambda paragraphs, speakers: speakers,
            [
                {
                    "speaker": "Mike Pompeo",
                    "kind": None,
                    "url": "/sources/sentences?speaker=Mike+Pompeo",
                    "count": 2,
                    "as_written": [],
                },
                {
                    "speaker": "Jane Smith",
                    "kind": None,
                    "url": "/sources/sentences?speaker=Jane+Smith",
                    "count": 1,
                    "as_written": [],
                },
            ],
            id="speakers-most-quoted-first",
        ),
    ],
)
def test_sentences_by_paragraph(page_links, pick, expected):
    assert pick(*sentences_by_paragraph(SENTENCES, COPIED_FROM, page_links)) == expected


#: A database with the speakers table: two names of one person share a speaker_id.
LINKED = [
    sentence(0, 0, "quote", speaker="Vice President Mike Pence", speaker_id=7, cue="said"),
    sentence(1, 0, "attributed", speaker="Pence", speaker_id=7, cue="said"),
    sentence(2, 1, "quote", speaker=None, speaker_type="unresolved"),
    sentence(3, 1, "opinion", opinion_reasons='["judging words: reckless", "hedge: likely"]'),
    sentence(4, 2, "author", opinion_reasons=None),
]
LINKED_NAMES = {7: {"name": "Mike Pence", "kind": "person"}}


@pytest.mark.parametrize(
    "pick,expected",
    [
        pytest.param(
            lambda paragraphs, speakers: speakers,
            [
                {
                    "speaker": "Mike Pence",
                    "kind": "person",
                    "url": "/-/sources/sources/speaker/7",
                    "count": 2,
                    "as_written": ["Vice President Mike Pence", "Pence"],
                }
            ],
            id="one-entry-per-person-under-one-name",
        ),
        pytest.param(
            lambda paragraphs, speakers: [
                s["speaker_url"] for s in paragraphs[0]["sentences"] if s["speaker"]
            ],
            ["/-/sources/sources/speaker/7"] * 2,
            id="speaker-links-by-id",
        ),
        pytest.param(
            lambda paragraphs, speakers: [
                (s["unresolved"], s["title_attr"]) for s in paragraphs[1]["sentences"]
            ],
            [(True, "quote; speaker: unresolved"), (False, "opinion")],
            id="unresolved-says-so",
        ),
        pytest.param(
            lambda paragraphs, speakers: [s["reasons"] for p in paragraphs for s in p["sentences"]],
            [[], [], [], ["judging words: reckless", "hedge: likely"], []],
            id="opinion-reasons",
        ),
    ],
)
def test_sentences_by_paragraph_with_speakers_table(page_links, pick, expected):
    assert pick(*sentences_by_paragraph(LINKED, {}, page_links, LINKED_NAMES)) == expected
