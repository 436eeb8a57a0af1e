"""``/-/sources/<database>/outlets`` and ``/stories``: every outlet and every story, page by page.

The overview shows the first few of each; these pages hold the rest. Each is
an async fetch (one page of rows and the total) and a pure shaping step.
Outlets come by their score, which is already cautious (pulled toward the
mean of all articles, the more so the fewer its articles), with the interval
it likely lies in drawn beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .cells import as_number, badge_or_none
from .links import UNKNOWN_OUTLET, PageLinks
from .paging import PAGE_SIZE, Pager

#: How outlets are ordered, everywhere they are listed: by score, then by article count.
OUTLET_ORDER = "order by score desc, article_count desc, outlet"
#: The stories list: stories of two articles or more, largest first (store/indexes.py has
#: an index in this order).
STORY_PAGE = (
    "select id, label, article_count, outlet_count from stories where article_count > 1 "
    "order by article_count desc, outlet_count desc, id"
)


@dataclass
class ListRows:
    """One page of outlets or stories, and how many there are in all."""

    page: int
    total: int
    rows: list[dict] = field(default_factory=list)
    #: Outlets: articles without an outlet. Stories: stories of a single article.
    left_out: int = 0


async def fetch_outlets(db: Any, page: int = 1, size: int = PAGE_SIZE) -> ListRows:
    """One page of the known outlets by score, and the count of articles without an outlet."""
    tables = set(await db.table_names())
    if "outlets" not in tables:
        return ListRows(page=page, total=0)
    params = {"unknown": UNKNOWN_OUTLET}
    total = (
        await db.execute("select count(*) from outlets where outlet != :unknown", params)
    ).first()[0]
    result = await db.execute(
        "select outlet, article_count, score, score_low, score_high from outlets "
        f"where outlet != :unknown {OUTLET_ORDER} limit :limit offset :offset",
        {**params, "limit": size, "offset": (page - 1) * size},
    )
    unknown = (
        await db.execute("select article_count from outlets where outlet = :unknown", params)
    ).first()
    return ListRows(
        page=page,
        total=total,
        rows=[dict(r) for r in result.rows],
        left_out=unknown[0] if unknown is not None and unknown[0] else 0,
    )


async def fetch_stories(db: Any, page: int = 1, size: int = PAGE_SIZE) -> ListRows:
    """One page of the stories of two articles or more, largest first."""
    if "stories" not in set(await db.table_names()):
        return ListRows(page=page, total=0)
    counts = (
        await db.execute(
            # Two ranges of the article_count index, rather than a pass over every story.
            "select (select count(*) from stories where article_count > 1) as several, "
            "(select count(*) from stories where article_count <= 1) as single"
        )
    ).first()
    result = await db.execute(
        f"{STORY_PAGE} limit :limit offset :offset",
        {"limit": size, "offset": (page - 1) * size},
    )
    return ListRows(
        page=page,
        total=counts["several"] or 0,
        rows=[dict(r) for r in result.rows],
        left_out=counts["single"] or 0,
    )


def interval_bar(score: Any, low: Any, high: Any) -> dict | None:
    """Where an interval and its score sit on the 0-100 scale, in percent, for a small bar.

    >>> interval_bar(64.8, 62.0, 67.5)
    {'left': 62.0, 'width': 5.5, 'mark': 64.8}
    >>> interval_bar(None, 1, 2) is None
    True
    """
    s, lo, hi = as_number(score), as_number(low), as_number(high)
    if s is None or lo is None or hi is None:
        return None
    lo, hi = max(0.0, min(lo, 100.0)), max(0.0, min(hi, 100.0))
    return {
        "left": round(lo, 1),
        "width": round(max(hi - lo, 0.5), 1),
        "mark": round(max(0.0, min(s, 100.0)), 1),
    }


def outlet_entry(row: dict, links: PageLinks) -> dict:
    """One outlet as the lists show it: name, link, badge, interval and its bar."""
    return {
        "outlet": row["outlet"],
        "article_count": row["article_count"],
        "url": links.outlet(row["outlet"]),
        "badge": badge_or_none(row["score"], low=row["score_low"], high=row["score_high"]),
        "score_low": row["score_low"],
        "score_high": row["score_high"],
        "bar": interval_bar(row["score"], row["score_low"], row["score_high"]),
    }


def story_entry(row: dict, links: PageLinks) -> dict:
    """One story as the lists show it."""
    return dict(row, url=links.story(str(row["id"])))


def shape_outlets(rows: ListRows, links: PageLinks) -> dict:
    """The context of the outlets page."""
    pager = Pager(rows.page, rows.total)
    return {
        "outlets": [outlet_entry(r, links) for r in rows.rows],
        "pager": _pager(pager, links.outlets()),
        "unknown": (
            {"articles": rows.left_out, "url": links.outlet(UNKNOWN_OUTLET)}
            if rows.left_out
            else None
        ),
        "links": {"overview": links.overview(), "table": links.table("outlets")},
    }


def shape_stories(rows: ListRows, links: PageLinks) -> dict:
    """The context of the stories page."""
    pager = Pager(rows.page, rows.total)
    return {
        "stories": [story_entry(r, links) for r in rows.rows],
        "pager": _pager(pager, links.stories()),
        "single": rows.left_out,
        "links": {
            "overview": links.overview(),
            "single": links.table("stories") + "?article_count=1",
            "table": links.table("stories"),
        },
    }


def _pager(pager: Pager, base: str) -> dict:
    first, last = pager.showing()
    return {
        "first": first,
        "last": last,
        "total": pager.total,
        "size": pager.size,
        **pager.links(base),
    }
