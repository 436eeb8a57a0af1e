"""Cell rendering and escaping: badges, chips, and hostile article text.

The pure functions of ``web.cells`` and friends are tested directly; the escaping tests go
through ``Datasette(...).client`` with a database the real loader made from a
folder holding hostile articles next to the seeds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils
from conftest import IMG, SCRIPT, hostile_folder
from markupsafe import Markup

from datasette_sources.store import load
from datasette_sources.web import cells, links, overview

HOSTILE_OUTLET = "<b onmouseover=alert(1)>Evil & Co</b>"


# --- pure functions -------------------------------------------------------------


#: Rows as render_cell gets them: ours carry score_band (articles) or the interval (outlets).
HIGH = {"score_band": "high"}
UNBANDED = {"score_band": None}
INTERVAL = {"score_low": 61.34, "score_high": 100.0}
FOREIGN = {"headline": "an articles table that is not ours"}


@pytest.mark.parametrize(
    "value,column,table,row,expected",
    [
        (93.97, "score", "articles", HIGH, ["sources-band-high", "<b>94.0</b> high"]),
        (28.11, "score", "articles", {"score_band": "very low"}, ["sources-band-very-low"]),
        (60.0, "score", "articles", UNBANDED, ["sources-band-medium", "<b>60.0</b> medium"]),
        (40, "score", "articles", UNBANDED, ["sources-band-low", "<b>40.0</b> low"]),
        ("55.5", "score", "articles", UNBANDED, ["<b>55.5</b> medium"]),
        (0, "score", "articles", UNBANDED, ["<b>0.0</b> very low"]),
        (100, "score", "articles", UNBANDED, ["<b>100.0</b> high"]),
        (86.17, "score", "outlets", INTERVAL, ["sources-band-high", "between 61.34 and 100"]),
        ("quote", "kind", "sentences", None, ['class="sources-kind sources-kind-quote">quote<']),
        ("attributed", "kind", "sentences", None, ["sources-kind-attributed"]),
        ("opinion", "kind", "sentences", None, ["sources-kind-opinion"]),
        ("author", "kind", "sentences", None, ["sources-kind-author"]),
        # Not ours, or not what the loader writes: left to Datasette.
        (50, "score", "articles", FOREIGN, None),
        (50, "score", "articles", None, None),
        (50, "score", "outlets", {"score_low": 1}, None),
        (None, "score", "articles", HIGH, None),
        ("n/a", "score", "articles", HIGH, None),
        (250, "score", "articles", HIGH, None),
        (-1, "score", "articles", HIGH, None),
        (True, "score", "articles", HIGH, None),
        (50, "score", "other", HIGH, None),
        (50, "score", None, HIGH, None),
        (50, "word_count", "articles", HIGH, None),
        ("quote", "kind", "parts", None, None),
        (SCRIPT, "kind", "sentences", None, None),
    ],
)
def test_render_cell(value, column, table, row, expected):
    result = cells.render_cell(value, column, table, row)
    if expected is None:
        assert result is None
        return
    assert isinstance(result, Markup)
    for fragment in expected:
        assert fragment in result


def test_render_cell_reads_sqlite_rows():
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    row = conn.execute("select 70.0 as score, 'medium' as score_band").fetchone()
    assert "sources-band-medium" in cells.render_cell(70.0, "score", "articles", row)


@pytest.mark.parametrize(
    "band,css",
    [
        ("high", "sources-band-high"),
        ("very low", "sources-band-very-low"),
        (None, "sources-band-none"),
        ("", "sources-band-none"),
    ],
)
def test_band_class(band, css):
    assert cells.band_class(band) == css


def test_badge_and_chip_escape_what_they_are_given():
    badge = cells.score_badge(50.0, band=SCRIPT)
    chip = cells.kind_chip(SCRIPT)
    for html in (badge, chip):
        assert SCRIPT not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "outlet,expected",
    [
        ("CNN", {"outlet": "CNN"}),
        (HOSTILE_OUTLET, {"outlet": HOSTILE_OUTLET}),
        (None, {"outlet__isblank": "1"}),
        ("", {"outlet__isblank": "1"}),
        ("(unknown)", {"outlet__isblank": "1"}),
    ],
)
def test_outlet_filter(outlet, expected):
    assert links.outlet_filter(outlet) == expected


@pytest.mark.parametrize(
    "settings,stored,expected",
    [
        ({}, {"sic_count": 1.0}, []),
        ({"weights": {}}, {"sic_count": 1.0}, []),
        ({"weights": {"sic_count": 1}}, {"sic_count": 1.0}, []),
        ({"weights": {"sic_count": 2}}, {"sic_count": 1.0}, ["sic_count"]),
        ({"weights": {"nonsense": 2}}, {"sic_count": 1.0}, ["nonsense"]),
        ({"weights": "not a mapping"}, {}, []),
    ],
)
def test_pending_weights(settings, stored, expected):
    assert [w["signal"] for w in overview.pending_weights(settings, stored)] == expected


# --- hostile text through Datasette -------------------------------------------


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    folder = hostile_folder(tmp_path_factory)
    (folder / "feed.jsonl").write_text(
        json.dumps(
            {
                "title": f"Council {IMG} votes",
                "outlet": HOSTILE_OUTLET,
                "text": f"The council voted 5-2 on Monday, the clerk said. {SCRIPT}",
            }
        )
        + "\n"
    )
    path = tmp_path_factory.mktemp("db") / "sources.db"
    summary = load(sqlite_utils.Database(path), [str(folder)])
    assert summary.failed == 0, summary.failures
    return path


@pytest.fixture(scope="module")
def hostile_ids(hostile_db) -> dict:
    db = sqlite_utils.Database(hostile_db)
    title = db.execute("select id, title from articles where title like '%<script>%'").fetchone()
    outlet = db.execute("select id from articles where outlet = ?", [HOSTILE_OUTLET]).fetchone()
    assert title and SCRIPT in title[1], "the loader should keep the hostile title as text"
    assert outlet, "the loader should keep the hostile outlet as text"
    return {"title": title[0], "outlet": outlet[0]}


ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path,escaped",
    [
        (
            "/-/sources",
            [
                ESCAPED_SCRIPT,
                "&lt;img src=x onerror=alert(1)&gt;",
                "&lt;b onmouseover=alert(1)&gt;Evil &amp; Co&lt;/b&gt;",
            ],
        ),
        ("/-/sources/sources", [ESCAPED_SCRIPT]),
        ("/sources/articles", [ESCAPED_SCRIPT, "Evil &amp; Co"]),
        ("/sources/articles?_search=mayor", [ESCAPED_SCRIPT]),
        ("/sources/sentences?_facet=kind", [ESCAPED_SCRIPT, "&lt;img src=x onerror=alert(1)&gt;"]),
        ("/sources/sentences?_facet=kind&_facet=speaker", [ESCAPED_SCRIPT]),
        ("/sources/outlets", ["Evil &amp; Co"]),
        ("/sources/articles/{title}", [ESCAPED_SCRIPT]),
        ("/sources/articles/{outlet}", ["Evil &amp; Co"]),
        ("/sources/score_parts?article_id={title}", [ESCAPED_SCRIPT]),
    ],
)
async def test_hostile_text_is_escaped(hostile_db, hostile_ids, path, escaped, start_datasette):
    ds = await start_datasette(hostile_db)
    response = await ds.client.get(path.format(**hostile_ids), follow_redirects=True)
    assert response.status_code == 200, response.text[:500]
    html = response.text
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "<b onmouseover" not in html
    for fragment in escaped:
        assert fragment in html, fragment


@pytest.mark.asyncio
async def test_hostile_outlet_link_is_url_encoded_and_selects_it(hostile_db, start_datasette):
    ds = await start_datasette(hostile_db)
    html = (await ds.client.get("/-/sources")).text
    page = "/-/sources/sources/outlet/~3Cb+onmouseover~3Dalert~281~29~3EEvil+~26+Co~3C~2Fb~3E"
    assert f'href="{page}"' in html
    outlet = await ds.client.get(page)
    assert outlet.status_code == 200
    assert "<b onmouseover" not in outlet.text
    assert "<h1>&lt;b onmouseover=alert(1)&gt;Evil &amp; Co&lt;/b&gt;</h1>" in outlet.text
    href = (
        "/sources/articles?_sort_desc=score&amp;outlet="
        "%3Cb+onmouseover%3Dalert%281%29%3EEvil+%26+Co%3C%2Fb%3E"
    )
    assert f'href="{href}"' in outlet.text
    json_url = href.replace("/sources/articles?", "/sources/articles.json?_shape=array&")
    rows = (await ds.client.get(json_url.replace("&amp;", "&"))).json()
    assert [r["outlet"] for r in rows] == [HOSTILE_OUTLET]


@pytest.mark.asyncio
async def test_unknown_database_name_is_not_reflected_raw(hostile_db, start_datasette):
    ds = await start_datasette(hostile_db)
    # Datasette redirects %-encoded paths to their ~-encoded form.
    redirect = await ds.client.get("/-/sources/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert redirect.status_code == 302
    response = await ds.client.get(redirect.headers["location"])
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.text
