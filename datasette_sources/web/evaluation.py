"""``/-/sources/<database>/evaluation``: the latest evaluation runs, read back from ``evaluations``.

:func:`fetch_evaluation` reads the rows of the latest runs; :func:`shape_evaluation`
turns them, with no Datasette and no I/O, into the context of
``sources_evaluation.html``: per run, a ROC curve drawn as SVG points on the
server (no script, no CDN), the per-signal table with intervals, the strata
and outlet-level figures, and a plain-words reading of what they do and do
not show.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .databases import table_names
from .links import PageLinks, with_query

#: How many runs the page shows, newest first.
RUNS_SHOWN = 5
#: The measures that are scores rather than signals (see evaluation.run).
SCORES = ("score", "cross_validated_score")
#: Measured beside the signals for reference, never weighted.
REFERENCES = ("word_count",)
ALL, MEAN_WITHIN = "all", "mean within strata"
#: Size of the drawn ROC square and its margin, in SVG units.
PLOT, MARGIN = 200, 30


@dataclass
class EvaluationRows:
    """What the page reads: the rows of ``evaluations`` for the latest runs."""

    has_table: bool
    #: Every row of the latest runs, newest run first.
    rows: list[dict] = field(default_factory=list)
    #: How many runs the table holds in all.
    run_count: int = 0


async def fetch_evaluation(db: Any, runs: int = RUNS_SHOWN) -> EvaluationRows:
    """Read the latest ``runs`` runs (all their rows) from ``evaluations``."""
    if "evaluations" not in await table_names(db):
        return EvaluationRows(has_table=False)
    latest = (
        await db.execute(
            "select run_id, max(run_at) as run_at from evaluations "
            "group by run_id order by run_at desc, run_id desc"
        )
    ).rows
    chosen = [r["run_id"] for r in latest[:runs]]
    if not chosen:
        return EvaluationRows(has_table=True)
    params = {f"r{i}": run_id for i, run_id in enumerate(chosen)}
    marks = ", ".join(f":{k}" for k in params)
    result = await db.execute(f"select * from evaluations where run_id in ({marks})", params)
    order = {run_id: i for i, run_id in enumerate(chosen)}
    rows = sorted((dict(r) for r in result.rows), key=lambda r: order[r["run_id"]])
    return EvaluationRows(has_table=True, rows=rows, run_count=len(latest))


def shape_evaluation(rows: EvaluationRows, links: PageLinks) -> dict:
    """Everything the evaluation page shows, from :func:`fetch_evaluation`'s rows."""
    by_run: dict[str, list[dict]] = {}
    for r in rows.rows:
        by_run.setdefault(r["run_id"], []).append(r)
    return {
        "has_table": rows.has_table,
        "run_count": rows.run_count,
        "runs": [shape_run(run_rows, links) for run_rows in by_run.values()],
        "links": {
            "overview": links.overview(),
            "table": links.table("evaluations"),
        },
    }


def shape_run(run_rows: list[dict], links: PageLinks) -> dict:
    """One run: its facts, curves, tables and reading."""
    first = run_rows[0]
    find = {(r["signal"], r["level"], r["stratum"]): r for r in run_rows}
    article = [r for r in run_rows if r["level"] == "article" and r["stratum"] == ALL]
    scores = sorted(
        (r for r in article if r["signal"] in SCORES), key=lambda r: SCORES.index(r["signal"])
    )
    signals = sorted(
        (r for r in article if r["signal"] not in SCORES),
        key=lambda r: (r["signal"] in REFERENCES, -(r["auc"] if r["auc"] is not None else 0)),
    )
    of_score = [r for r in run_rows if r["signal"] == "score"]
    strata = [r for r in of_score if r["level"] == "article" and r["stratum"] != ALL]
    outlet = [r for r in of_score if r["level"] == "outlet"]
    return {
        "id": first["run_id"],
        "run_at": first["run_at"],
        "labels_file": first["labels_file"],
        "labels_key": first["labels_key"],
        "matched": first["labels_matched"],
        "unmatched": first["labels_unmatched"],
        "resamples": first["resamples"],
        "seed": first["seed"],
        "fit_method": first.get("fit_method"),
        "url": with_query(links.table("evaluations"), run_id=first["run_id"]),
        "measures": [
            dict(auc_line(r), within=auc_text(find.get((r["signal"], "article", MEAN_WITHIN))))
            for r in scores + signals
        ],
        "strata": [auc_line(r) for r in strata],
        "outlets": [auc_line(r) for r in outlet],
        "curves": curves(scores),
        "reading": reading(find),
    }


def auc_line(r: dict) -> dict:
    """One row of a table: the measure, its AUC with interval, and what it rests on."""
    return {
        "signal": r["signal"],
        "stratum": r["stratum"],
        "direction": {1: "+", -1: "−"}.get(r["direction"], ""),
        "weight": r["weight"],
        "proposed_weight": r.get("proposed_weight"),
        "reference": r["signal"] in REFERENCES,
        "auc": auc_text(r),
        "scored_auc": _fmt(r["scored_auc"]),
        "verdict": verdict(r["auc_low"], r["auc_high"]),
        "n": r["n"],
        "sides": f"{r['n_positive']} / {r['n_negative']}",
        "n_groups": r["n_groups"],
        "varying": None if r["share_varying"] is None else f"{r['share_varying']:.0%}",
    }


def auc_text(r: dict | None) -> str:
    """``0.62 (0.55–0.69)``, ``0.62`` without an interval, ``–`` without an AUC.

    >>> auc_text({"auc": 0.6234, "auc_low": 0.55, "auc_high": 0.69}), auc_text(None)
    ('0.62 (0.55–0.69)', '–')
    """
    if r is None or r.get("auc") is None:
        return "–"
    if r.get("auc_low") is None:
        return _fmt(r["auc"])
    return f"{_fmt(r['auc'])} ({_fmt(r['auc_low'])}–{_fmt(r['auc_high'])})"


def verdict(low: float | None, high: float | None) -> str:
    """Which way an interval points: ``expected``, ``wrong way``, ``unclear`` or ``""``.

    >>> verdict(0.55, 0.7), verdict(0.3, 0.45), verdict(0.45, 0.6), verdict(None, None)
    ('expected', 'wrong way', 'unclear', '')
    """
    if low is None or high is None:
        return ""
    if low > 0.5:
        return "expected"
    if high < 0.5:
        return "wrong way"
    return "unclear"


def curves(scores: list[dict]) -> list[dict]:
    """SVG polyline points of each score's ROC curve, on a PLOT x PLOT square.

    >>> curves([{"signal": "score", "roc": "[[0, 0], [0.5, 1], [1, 1]]", "auc": 0.75}])[0]["points"]
    '30.0,230.0 130.0,30.0 230.0,30.0'
    """
    out = []
    for r in scores:
        try:
            points = json.loads(r.get("roc") or "[]")
        except (TypeError, ValueError):
            points = []
        coords = [xy for xy in map(_point, points) if xy is not None]
        if len(coords) < 2:
            continue
        out.append(
            {
                "signal": r["signal"],
                "auc": _fmt(r["auc"]),
                "points": " ".join(
                    f"{MARGIN + x * PLOT:.1f},{MARGIN + (1 - y) * PLOT:.1f}" for x, y in coords
                ),
            }
        )
    return out


def reading(find: dict[tuple[str, str, str], dict]) -> list[str]:
    """What the numbers do and do not show, in plain words."""
    score = find.get(("score", "article", ALL))
    if score is None or score["auc"] is None:
        return ["This run has no AUC for the score: its labels lack one of the two sides."]
    lines = [
        f"On {score['n']} labelled articles ({score['n_positive']} on the reliable side, "
        f"{score['n_negative']} on the other), an article of the reliable side scores above "
        f"one of the other side {score['auc']:.0%} of the time (AUC {auc_text(score)}; "
        "0.5 is a coin toss, 1 a perfect ranking)."
    ]
    lines.append(
        {
            "expected": "The 95% interval lies above 0.5: on these labels the score separates "
            "the two sides better than chance.",
            "wrong way": "The 95% interval lies below 0.5: on these labels the score ranks the "
            "other side higher, the opposite of what it claims.",
            "unclear": "The 95% interval includes 0.5: these labels do not show that the score "
            "separates the two sides at all.",
            "": "No interval was computed (no bootstrap resamples).",
        }[verdict(score["auc_low"], score["auc_high"])]
    )
    length = find.get(("word_count", "article", ALL))
    if length and length["auc"] is not None and length["auc"] >= score["auc"] + 0.05:
        lines.append(
            f"Length alone does better (word count: AUC {auc_text(length)}): in this set the "
            "two sides differ in how long their articles are, which is not sourcing."
        )
    within = find.get(("score", "article", MEAN_WITHIN))
    if within and within["auc"] is not None:
        gap = score["auc"] - within["auc"]
        lines.append(
            f"Within strata the mean AUC is {auc_text(within)}"
            + (
                ", lower than over all articles: part of the overall figure comes from "
                "differences between strata (such as political lean), not from sourcing."
                if gap > 0.03
                else "; comparing articles only within their stratum does not lower it."
            )
        )
    outlet = find.get(("score", "outlet", ALL))
    if outlet and outlet["auc"] is not None:
        lines.append(
            f"By outlet (each outlet's mean score against its label), the AUC is "
            f"{auc_text(outlet)} over {outlet['n']} outlets."
        )
    signals = [
        r for (name, level, stratum), r in find.items()
        if level == "article" and stratum == ALL and name not in SCORES + REFERENCES
    ]  # fmt: skip
    good = [r["signal"] for r in signals if verdict(r["auc_low"], r["auc_high"]) == "expected"]
    bad = [r["signal"] for r in signals if verdict(r["auc_low"], r["auc_high"]) == "wrong way"]
    if good:
        lines.append(
            "Signals pointing the expected way, interval clear of 0.5: " + ", ".join(good) + "."
        )
    if bad:
        lines.append(
            "Signals pointing the wrong way, interval clear of 0.5: " + ", ".join(bad) + "."
        )
    lines.append(
        "What this does not show: the score measures care in sourcing, not truth. Labels of "
        "reliability (fact-checks, real or fake, outlet ratings) are proxies with confounds of "
        "their own: opinion pieces of reliable outlets are labelled reliable, and an outlet's "
        "label is given to every article it ran. An AUC near 0.5 says the labels and the score "
        "disagree, not which of them is right."
    )
    return lines


def _point(point: Any) -> tuple[float, float] | None:
    """An (x, y) pair inside the unit square from a stored point, or None.

    >>> _point([0.5, 1]), _point(["<svg>", 1]), _point([2, 0]), _point("x")
    ((0.5, 1.0), None, None, None)
    """
    if not isinstance(point, list) or len(point) != 2:
        return None
    try:
        x, y = float(point[0]), float(point[1])
    except (TypeError, ValueError):
        return None
    return (x, y) if 0 <= x <= 1 and 0 <= y <= 1 else None


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"
