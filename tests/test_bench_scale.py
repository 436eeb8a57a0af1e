"""``scripts/bench_scale.py``: three loads, a linear fit, a prediction labelled as one."""

from __future__ import annotations

import csv
import importlib.util
import sys

import pytest
from conftest import REPO, SEEDS

spec = importlib.util.spec_from_file_location("bench_scale", REPO / "scripts" / "bench_scale.py")
bench_scale = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = bench_scale
spec.loader.exec_module(bench_scale)


@pytest.mark.parametrize(
    "points,expected",
    [
        ([(1, 3), (2, 5), (3, 7)], (1.0, 2.0)),
        ([(1000, 20), (2000, 40), (4000, 80)], (0.0, 0.02)),
        ([(0, 5), (10, 5)], (5.0, 0.0)),
    ],
)
def test_linear_fit(points, expected):
    a, b = bench_scale.linear_fit(points)
    assert a == pytest.approx(expected[0], abs=1e-9)
    assert b == pytest.approx(expected[1])


@pytest.mark.parametrize("points", [[(1, 2)], [(3, 1), (3, 2)]])
def test_a_fit_needs_two_sizes(points):
    with pytest.raises(ValueError):
        bench_scale.linear_fit(points)


def figures(articles: int, seconds: float, story: float, peak: int, db_mb: float) -> dict:
    return {
        "articles": articles,
        "seconds": seconds,
        "articles_per_s": round(articles / seconds, 1),
        "steps_s": {"reading": seconds - story - 1, "grouping stories": story, "scoring": 1.0},
        "peak_rss_mb": peak,
        "worker_peak_rss_mb": 90,
        "db_mb": db_mb,
    }


def test_the_report_says_the_million_is_extrapolated():
    results = [
        figures(1000, 20.0, 2.0, 200, 30.0),
        figures(2000, 40.0, 4.0, 210, 60.0),
        figures(4000, 80.0, 8.0, 220, 120.0),
    ]
    text = "\n".join(bench_scale.summarise(results, 1_000_000))
    assert "EXTRAPOLATED, not measured: 1,000,000 articles would load in about 5 h 33 min" in text
    assert "(50 articles/s)" in text
    # 120 MB for 4,000 articles: 31.5 KB each, 31.5 GB at a million.
    assert "31.5 KB per article" in text and "about 31.5 GB" in text
    assert "1.10x for 4x the articles" in text
    assert "| 4,000 | 80.0 | 50.0 | 71.0 | 8.0 | 1.0 | 220 | 90 | 31,457 |" in text


def test_a_small_run_end_to_end(tmp_path, capsys):
    """Three tiny sizes of the seeds, loaded for real in fresh processes."""
    corpus = tmp_path / "seeds.csv"
    with open(corpus, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "outlet", "published", "text"])
        for i, path in enumerate(sorted(SEEDS.glob("*.txt"))):
            writer.writerow([f"s{i}", f"Outlet {i}", f"2020-01-0{i + 1}", path.read_text()])
    assert bench_scale.main(["--corpus", str(corpus), "--size", "1", "--size", "3",
                             "--size", "5", "--workers", "1", "--target", "100"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "| 5 |" in out and "| 1 |" in out
    assert "EXTRAPOLATED, not measured: 100 articles" in out
