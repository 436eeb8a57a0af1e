"""``/-/sources/<db>/evaluation``: the shaping step on hand-made rows, then the page itself
through ``Datasette(...).client`` on a database the real loader and ``evaluate`` made."""

from __future__ import annotations

import json
import shutil

import pytest
import sqlite_utils

from datasette_sources.cli import cli
from datasette_sources.web.evaluation import EvaluationRows, curves, reading, shape_evaluation

SCRIPT = "<script>alert(1)</script>"


def row(signal="score", level="article", stratum="all", auc=0.7, low=0.6, high=0.8, **more):
    base = {
        "run_id": "2026-01-01T00:00:00+00:00-abc123",
        "run_at": "2026-01-01T00:00:00+00:00",
        "labels_file": "labels.csv",
        "labels_key": "id",
        "labels_matched": 40,
        "labels_unmatched": 2,
        "resamples": 1000,
        "seed": 0,
        "fit_method": None,
        "signal": signal,
        "level": level,
        "stratum": stratum,
        "direction": 1,
        "weight": None if signal in ("score", "word_count") else 1.0,
        "proposed_weight": None,
        "auc": auc,
        "auc_low": low,
        "auc_high": high,
        "scored_auc": auc,
        "scored_auc_low": low,
        "scored_auc_high": high,
        "n": 40,
        "n_positive": 20,
        "n_negative": 20,
        "n_groups": None,
        "share_varying": 0.5,
        "roc": json.dumps([[0, 0], [0.2, 0.6], [1, 1]]) if signal == "score" else None,
    }
    return dict(base, **more)


def find(rows):
    return {(r["signal"], r["level"], r["stratum"]): r for r in rows}


@pytest.mark.parametrize(
    ("low", "high", "says"),
    [
        (0.6, 0.8, "lies above 0.5: on these labels the score separates"),
        (0.2, 0.4, "lies below 0.5: on these labels the score ranks the other side higher"),
        (0.45, 0.8, "includes 0.5: these labels do not show"),
        (None, None, "No interval was computed"),
    ],
)
def test_reading_says_which_way_the_interval_points(low, high, says):
    lines = reading(find([row(low=low, high=high)]))
    assert "scores above one of the other side 70% of the time" in lines[0]
    assert says in lines[1]
    assert lines[-1].startswith("What this does not show: the score measures care in sourcing")


def test_reading_names_length_strata_outlets_and_signals():
    rows = [
        row(auc=0.6, low=0.52, high=0.68),
        row("word_count", auc=0.8, low=0.7, high=0.9),
        row(stratum="mean within strata", auc=0.5, low=0.4, high=0.6),
        row(level="outlet", auc=0.55, low=0.4, high=0.7, n=12),
        row("distinct_speakers", auc=0.62, low=0.55, high=0.7),
        row("opinion_sentences", direction=-1, auc=0.3, low=0.2, high=0.4),
        row("sic_count", auc=0.5, low=0.45, high=0.55),
    ]
    text = "\n".join(reading(find(rows)))
    assert "Length alone does better (word count: AUC 0.80 (0.70–0.90))" in text
    assert "Within strata the mean AUC is 0.50 (0.40–0.60), lower than over all articles" in text
    assert "the AUC is 0.55 (0.40–0.70) over 12 outlets" in text
    assert "expected way, interval clear of 0.5: distinct_speakers." in text
    assert "wrong way, interval clear of 0.5: opinion_sentences." in text
    assert "sic_count" not in text


def test_reading_without_an_auc():
    assert "lack one of the two sides" in reading(find([row(auc=None, low=None, high=None)]))[0]


def test_curves_are_numbers_on_the_square_and_bad_points_are_dropped():
    (curve,) = curves([row()])
    assert curve["points"] == "30.0,230.0 70.0,110.0 230.0,30.0"
    assert curves([row(roc="not json")]) == []
    assert curves([row(roc=json.dumps([[0, 0], ["<svg>", 1], [2, 1]]))]) == []


def test_shape_orders_runs_and_measures(page_links):
    older = [dict(r, run_id="old", run_at="2025") for r in (row(), row("hedging", auc=0.4))]
    newer = [
        row("attribution_density", auc=0.55),
        row("word_count", auc=0.9),
        row(),
        row("cross_validated_score", roc=json.dumps([[0, 0], [1, 1]])),
        row("distinct_speakers", auc=0.65),
        row(stratum="left", auc=0.6),
        row(stratum="mean within strata", auc=0.62),
        row(level="outlet", auc=0.58),
    ]
    context = shape_evaluation(
        EvaluationRows(has_table=True, rows=newer + older, run_count=2), page_links
    )
    first, second = context["runs"]
    assert [m["signal"] for m in first["measures"]] == [
        "score",
        "cross_validated_score",
        "distinct_speakers",
        "attribution_density",
        "word_count",
    ]
    assert first["measures"][0]["within"] == "0.62 (0.60–0.80)"
    assert [r["stratum"] for r in first["strata"]] == ["left", "mean within strata"]
    assert [r["stratum"] for r in first["outlets"]] == ["all"]
    assert [c["signal"] for c in first["curves"]] == ["score", "cross_validated_score"]
    assert first["url"] == "/sources/evaluations?run_id=2026-01-01T00%3A00%3A00%2B00%3A00-abc123"
    assert second["id"] == "old"
    assert context["links"]["table"] == "/sources/evaluations"


@pytest.fixture
def evaluated_db(seed_db, tmp_path, runner):
    """The seeds, evaluated once with groups and strata; the labels file's name is hostile."""
    path = tmp_path / "sources.db"
    shutil.copy(seed_db, path)
    folder = tmp_path / SCRIPT.replace("/", "_")
    folder.mkdir()
    labels = folder / "labels.csv"
    labels.write_text(
        "path,label,group,stratum\n"
        "000_6e31622cd30f848b.txt,0,a,x\n001_d182c56fc74774c3.txt,0,b,y\n"
        "002_bd4c4552351dca82.txt,1,c,y\n003_093bc6fb16e34310.txt,1,d,x\n"
        "004_f53bd2df7cca7b8d.txt,1,e,x\n"
    )
    result = runner.invoke(
        cli, ["evaluate", str(path), "--labels", str(labels), "--bootstrap", "50"]
    )
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.asyncio
async def test_the_page_shows_the_run(evaluated_db, start_datasette):
    ds = await start_datasette(evaluated_db)
    response = await ds.client.get("/-/sources/sources/evaluation")
    assert response.status_code == 200
    html = response.text
    run_id = (
        sqlite_utils.Database(evaluated_db)
        .execute("select distinct run_id from evaluations")
        .fetchone()[0]
    )
    assert f"Run {run_id}" in html
    run = html[html.index('<section class="sources-run">') : html.rindex("</section>")]
    # the curve is drawn on the server: an SVG, no script, nothing fetched from elsewhere
    assert "<svg" in run and "<polyline points=" in run
    assert "<script" not in run and "https://" not in run.replace("http://www.w3.org/2000/svg", "")
    assert "What it shows" in html and "What this does not show" in html
    assert "The score within each stratum" in html and "By outlet" in html
    assert "attribution_density" in html and "word_count" in html
    # the hostile folder name reaches the page only escaped
    assert SCRIPT not in html and "&lt;script&gt;" in html
    assert 'href="/sources/evaluations?run_id=' in html


@pytest.mark.asyncio
async def test_no_runs_yet_says_how(seed_db, start_datasette):
    ds = await start_datasette(seed_db)
    response = await ds.client.get("/-/sources/sources/evaluation")
    assert response.status_code == 200
    assert "No evaluation has been run on this database yet" in response.text
    assert "datasette-sources evaluate sources.db --labels labels.csv" in response.text


@pytest.mark.asyncio
async def test_not_our_database_is_404(tmp_path, start_datasette):
    other = tmp_path / "other.db"
    sqlite_utils.Database(other)["evaluations"].insert({"run_id": "x"})
    ds = await start_datasette(other, metadata={})
    assert (await ds.client.get("/-/sources/other/evaluation")).status_code == 404
    assert (await ds.client.get("/-/sources/nope/evaluation")).status_code == 404
