"""Cells: score badges and sentence-kind chips, and the number helpers behind them.

What the ``render_cell`` hook returns for our tables' columns, and the badges
the plugin's own pages show. No Datasette here: plain values in, ``Markup`` out.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..model import SENTENCE_KINDS
from ..scoring import band as score_band


def as_number(value: Any) -> float | None:
    """A cell value as a float: ints, floats and numeric strings; anything else (bools too) None.

    >>> as_number(3), as_number("55.5"), as_number("n/a"), as_number(True), as_number(None)
    (3.0, 55.5, None, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def percent(part: Any, whole: Any) -> float:
    """``part`` as a percentage of ``whole``, clamped to 0-100 (for bar widths).

    >>> percent(5, 20), percent(-1, 20), percent(3, 0), percent(None, 2)
    (25.0, 0.0, 0.0, 0.0)
    """
    p, w = as_number(part), as_number(whole)
    if p is None or not w or w <= 0:
        return 0.0
    return round(max(0.0, min(100.0, 100.0 * p / w)), 1)


def band_class(band: str | None) -> str:
    """The CSS class for a score band.

    >>> band_class("very low"), band_class(None)
    ('sources-band-very-low', 'sources-band-none')
    """
    return "sources-band-" + ("-".join((band or "none").lower().split()) or "none")


def score_badge(
    score: float, band: str | None = None, low: float | None = None, high: float | None = None
) -> Markup:
    """A score as a badge: the number and its band, coloured by band.

    >>> str(score_badge(93.97, "high"))
    '<span class="sources-badge sources-band-high" title="Score 93.97 of 100: high">\
<b>94.0</b> high</span>'
    >>> print(score_badge(61.3, low=40, high=80.25))  # doctest: +NORMALIZE_WHITESPACE
    <span class="sources-badge sources-band-medium" title="Score 61.3 of 100: medium,
    likely between 40 and 80.25"><b>61.3</b> medium</span>
    """
    band = band or score_band(score) or ""
    title = f"Score {score:g} of 100: {band}"
    if low is not None and high is not None:
        title += f", likely between {low:g} and {high:g}"
    return Markup('<span class="sources-badge {}" title="{}"><b>{}</b> {}</span>').format(
        band_class(band), title, f"{score:.1f}", band
    )


def badge_or_none(
    value: Any, band: str | None = None, low: Any = None, high: Any = None
) -> Markup | None:
    """A badge for a score read from the database, or None when it is not a number.

    >>> badge_or_none(None), badge_or_none("n/a")
    (None, None)
    >>> "sources-band-low" in badge_or_none("40", low="30", high=None)
    True
    """
    score = as_number(value)
    if score is None:
        return None
    return score_badge(score, band or None, as_number(low), as_number(high))


def kind_chip(kind: str) -> Markup:
    """A sentence kind as a small coloured chip.

    >>> str(kind_chip("quote"))
    '<span class="sources-kind sources-kind-quote">quote</span>'
    """
    css = kind if kind in SENTENCE_KINDS else "other"
    return Markup('<span class="sources-kind sources-kind-{}">{}</span>').format(css, kind)


def _row_has(row: Any, *keys: str) -> bool:
    try:
        present = set(row.keys())
    except AttributeError:
        return False
    return all(k in present for k in keys)


def row_value(row: Any, key: str) -> Any:
    """A column of a row given to ``render_cell`` (a sqlite3.Row, a dict or Datasette's
    CustomRow), or None."""
    if row is None:
        return None
    try:
        keys = row.keys()
    except AttributeError:
        return None
    return row[key] if key in keys else None


def render_cell(value: Any, column: str, table: str | None, row: Any = None) -> Markup | None:
    """What the ``render_cell`` hook returns: a badge, a chip, or None for Datasette's own.

    Only our tables' columns are touched: ``articles.score`` (when the row
    carries ``score_band``, as ours does), ``outlets.score`` (when the row
    carries ``score_low`` and ``score_high``) and ``sentences.kind``. A value
    that is not what our loader writes (not a number from 0 to 100, not a
    sentence kind) is left to Datasette.

    >>> str(render_cell("quote", "kind", "sentences"))
    '<span class="sources-kind sources-kind-quote">quote</span>'
    >>> render_cell("quote", "kind", "other_table") is None
    True
    >>> render_cell(50, "score", "articles", {"headline": "not our table"}) is None
    True
    """
    if table in ("articles", "outlets") and column == "score":
        score = as_number(value)
        if score is None or not 0 <= score <= 100:
            return None
        if table == "articles":
            if not _row_has(row, "score_band"):
                return None
            stored = row_value(row, "score_band")
            return score_badge(score, stored if isinstance(stored, str) and stored else None)
        if not _row_has(row, "score_low", "score_high"):
            return None
        low, high = as_number(row_value(row, "score_low")), as_number(row_value(row, "score_high"))
        return score_badge(score, low=low, high=high)
    if table == "sentences" and column == "kind" and value in SENTENCE_KINDS:
        return kind_chip(value)
    if table == "signals" and column == "direction":
        return direction_words(value)
    return None


def direction_words(value: Any) -> Markup | None:
    """A signal's direction (1 or -1) in words, the number kept; anything else None.

    >>> print(direction_words(1)), print(direction_words("-1")), direction_words(0)
    more is better <span class="sources-note">(1)</span>
    more is worse <span class="sources-note">(-1)</span>
    (None, None, None)
    """
    number = as_number(value)
    if number not in (1.0, -1.0):
        return None
    words = "more is better" if number > 0 else "more is worse"
    return Markup('{} <span class="sources-note">({})</span>').format(words, int(number))
