"""``/-/sources``: each database's search box, outlets, articles by score, stories and formula.

:func:`fetch_overview` reads one database (plain rows and settings);
:func:`shape_overview` turns those rows into the :class:`DatabaseSummary` the
``sources.html`` template shows, with no Datasette and no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .cells import as_number, badge_or_none
from .compat import plugin_settings, table_settings
from .databases import ARTICLE_CONTRACT, count_rows, select_columns, table_names
from .links import PageLinks, facet_args, with_query
from .lists import fetch_outlets, fetch_stories, outlet_entry, story_entry
from .queries import QueryConfigError, configured_queries

#: How many articles the overview lists per database; the rest are one click away.
ARTICLE_LIMIT = 25
#: How many outlets and stories the overview lists; the outlets and stories pages list them all.
OUTLET_LIMIT = 10
STORY_LIMIT = 10
#: Further ``articles`` columns the page shows when they are there.
ARTICLE_EXTRAS = ("credit_kind", "published", "path", "story_id")
#: The tables whose rows the overview counts, when they are there.
COUNTED_TABLES = ("articles", "sentences", "outlets", "stories", "load_errors")
#: Tables the overview links to as they are, when they are there.
LINKED_TABLES = ("score_parts", "signals", "stories", "parts", "load_errors")


@dataclass
class OverviewRows:
    """What the overview reads from one database: rows as dicts, and settings."""

    database: str
    tables: set[str]
    #: The ``articles`` and ``sentences`` tables' settings (their configured facets).
    article_settings: dict
    sentence_settings: dict
    #: Rows per table of :data:`COUNTED_TABLES`; None when counting took too long.
    counts: dict[str, int | None]
    #: This plugin's configuration for the database (weights, queries).
    plugin_settings: dict
    #: The first outlets by score, and how many outlets are known in all.
    outlets: list[dict] = field(default_factory=list)
    outlet_total: int = 0
    #: Articles whose outlet is not known.
    unknown_articles: int = 0
    #: Articles per score bin: 0 for 0-9 ... 9 for 90-100.
    score_bins: dict[int, int] = field(default_factory=dict)
    articles: list[dict] = field(default_factory=list)
    #: The largest stories, how many stories hold two articles or more, how many one.
    stories: list[dict] = field(default_factory=list)
    story_total: int = 0
    single_stories: int = 0
    #: Every row of ``signals``, weighted or not.
    signals: list[dict] = field(default_factory=list)


@dataclass
class DatabaseSummary:
    """One database's share of the /-/sources page, ready for the template."""

    name: str
    url: str
    page_url: str
    links: dict[str, str]
    counts: dict[str, int]
    search_url: str = ""
    outlets: list[dict] = field(default_factory=list)
    outlet_total: int = 0
    unknown_articles: int = 0
    unknown_url: str = ""
    articles: list[dict] = field(default_factory=list)
    stories: list[dict] = field(default_factory=list)
    story_total: int = 0
    single_stories: int = 0
    signals: list[dict] = field(default_factory=list)
    pending_weights: list[dict] = field(default_factory=list)
    distribution: list[dict] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)


async def fetch_overview(datasette: Any, db: Any) -> OverviewRows:
    """Read what the overview shows of ``db``: counts, outlets, articles, stories, signals."""
    name = db.name
    tables = await table_names(db)
    rows = OverviewRows(
        database=name,
        tables=tables,
        article_settings=await table_settings(datasette, name, "articles"),
        sentence_settings=(
            await table_settings(datasette, name, "sentences") if "sentences" in tables else {}
        ),
        counts={t: await count_rows(db, t) for t in COUNTED_TABLES if t in tables},
        plugin_settings=plugin_settings(datasette, name),
    )
    outlets = await fetch_outlets(db, size=OUTLET_LIMIT)
    rows.outlets, rows.outlet_total, rows.unknown_articles = (
        outlets.rows,
        outlets.total,
        outlets.left_out,
    )

    result = await db.execute(
        "select min(cast(score / 10 as integer), 9) as bin, count(*) as n from articles "
        "where score is not null group by bin"
    )
    rows.score_bins = {r["bin"]: r["n"] for r in result.rows}

    # Column names from the constants above, never from the request.
    select = await select_columns(db, "articles", ARTICLE_CONTRACT + ARTICLE_EXTRAS)
    result = await db.execute(
        f"select {select} from articles order by score desc, id limit :limit",
        {"limit": ARTICLE_LIMIT},
    )
    rows.articles = [dict(r) for r in result.rows]

    stories = await fetch_stories(db, size=STORY_LIMIT)
    rows.stories, rows.story_total, rows.single_stories = (
        stories.rows,
        stories.total,
        stories.left_out,
    )

    if "signals" in tables:
        wanted = ("name", "weight", "direction", "description", "label", "thresholds")
        select = await select_columns(db, "signals", wanted)
        result = await db.execute(f"select {select} from signals order by weight desc, name")
        rows.signals = [dict(r) for r in result.rows]
    return rows


def shape_overview(rows: OverviewRows, links: PageLinks) -> DatabaseSummary:
    """The overview of one database, with links, from what :func:`fetch_overview` read."""
    tables = rows.tables
    articles_url = links.table("articles")
    article_facets = facet_args(["outlet", "score_band", "credit_kind"], rows.article_settings)
    table_links = {
        "articles": with_query(articles_url, **article_facets, _sort_desc="score"),
        "lowest": with_query(articles_url, **article_facets, _sort="score"),
    }
    sentence_facets: dict[str, list[str]] = {}
    if "sentences" in tables:
        table_links["sentences"] = with_query(
            links.table("sentences"), **facet_args(["kind", "speaker"], rows.sentence_settings)
        )
        sentence_facets = facet_args(["kind"], rows.sentence_settings)
    if "outlets" in tables:
        table_links["outlets"] = with_query(links.table("outlets"), _sort_desc="score")
        table_links["outlet_list"] = links.outlets()
    if "stories" in tables:
        table_links["story_list"] = links.stories()
    for table in LINKED_TABLES:
        if table in tables:
            table_links[table] = links.table(table)

    summary = DatabaseSummary(
        name=rows.database,
        url=links.database_page(),
        page_url=links.overview(),
        links=table_links,
        counts=dict(rows.counts),
        search_url=links.search(),
        questions=canned_questions(rows.plugin_settings, links),
        outlet_total=rows.outlet_total,
        unknown_articles=rows.unknown_articles,
        unknown_url=links.outlet(None),
        story_total=rows.story_total,
        single_stories=rows.single_stories,
    )
    summary.outlets = [outlet_entry(r, links) for r in rows.outlets]

    summary.distribution = score_distribution(rows.score_bins)

    for r in rows.articles:
        article_id = str(r["id"])
        links_for_article = {
            "row": links.row("articles", article_id),
            "outlet": links.outlet(r["outlet"]),
            "scorecard": links.scorecard(article_id),
        }
        if r["story_id"] is not None and r["story_id"] != "":
            links_for_article["story"] = links.story(str(r["story_id"]))
        if "sentences" in tables:
            links_for_article["sentences"] = with_query(
                links.table("sentences"), article_id=article_id, **sentence_facets
            )
        if "score_parts" in tables:
            links_for_article["why"] = with_query(links.table("score_parts"), article_id=article_id)
        summary.articles.append(
            {
                "id": article_id,
                "title": r["title"] or r["path"] or article_id,
                "outlet": r["outlet"],
                "badge": badge_or_none(r["score"], band=r["score_band"]),
                "score_band": r["score_band"],
                "credit_kind": r["credit_kind"],
                "published": r["published"],
                "links": links_for_article,
            }
        )

    summary.stories = [story_entry(r, links) for r in rows.stories]

    stored = {r["name"]: r["weight"] for r in rows.signals}
    summary.signals = [signal_entry(r) for r in rows.signals if (as_number(r["weight"]) or 0) > 0]
    summary.pending_weights = pending_weights(rows.plugin_settings, stored)
    return summary


def signal_entry(row: dict) -> dict:
    """A row of ``signals`` for the formula: its plain name (its name when it has none).

    >>> signal_entry({"name": "sic_count", "label": None})["title"]
    'Sic count'
    >>> signal_entry({"name": "x", "label": "Marks of [sic]"})["title"]
    'Marks of [sic]'
    """
    entry = dict(row)
    entry["title"] = row.get("label") or str(row["name"]).replace("_", " ").capitalize()
    return entry


def canned_questions(settings: Mapping[str, Any], links: PageLinks) -> list[dict[str, str]]:
    """Title and URL of each canned query in the plugin's configuration, for the overview."""
    try:
        queries = configured_queries(settings)
    except QueryConfigError:
        return []  # Datasette refused to start with these; nothing to link to.
    return [
        {"title": query.get("title") or name, "url": links.table(name)}
        for name, query in queries.items()
    ]


def score_distribution(counts: dict[int, int]) -> list[dict]:
    """Ten bins of ten points, each with its share of the tallest bin, for a bar chart.

    >>> [(b["label"], b["count"], b["height"]) for b in score_distribution({9: 4, 2: 1})][8:]
    [('80–89', 0, 0), ('90–100', 4, 100)]
    """
    top = max(counts.values(), default=0) or 1
    return [
        {
            "label": f"{10 * b}–{10 * b + 9}" if b < 9 else "90–100",
            "count": counts.get(b, 0),
            "height": round(100 * counts.get(b, 0) / top),
        }
        for b in range(10)
    ]


def pending_weights(settings: Mapping[str, Any], stored: Mapping[str, Any]) -> list[dict]:
    """Weights the plugin configuration sets that the stored scores do not use yet.

    Scores are computed when articles are loaded or rescored, with the weights
    then written to the ``signals`` table; the plugin only reads them.

    >>> stored = {"sic_count": 1.0, "hedging": 0.0}
    >>> pending_weights({"weights": {"sic_count": 2, "hedging": 0}}, stored)
    [{'signal': 'sic_count', 'stored': 1.0, 'configured': 2}]
    """
    weights = settings.get("weights") or {}
    if not isinstance(weights, Mapping):
        return []
    out = []
    for name, configured in weights.items():
        if as_number(configured) != as_number(stored.get(name)):
            out.append({"signal": str(name), "stored": stored.get(name), "configured": configured})
    return out
