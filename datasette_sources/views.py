"""The pages and cell rendering the plugin adds to Datasette.

Everything Datasette calls is in ``__init__.py`` as a one-line hook that hands
off to a function here. The functions work on both Datasette 0.65.x and the 1.0
alphas: where the two lines differ (permissions, instance metadata, nested
plugin configuration) a small helper below picks the API that is there.

All text from the database (titles, outlets, sentences) is untrusted: it goes
into HTML only through Jinja's autoescaping or ``Markup.format``, which escapes
its arguments. SQL takes values as parameters only.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from datasette.database import QueryInterrupted
from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup

from .model import SENTENCE_KINDS
from .scoring import band as score_band

#: The name Datasette knows this plugin by: the distribution name. It is the
#: key under ``plugins:`` in metadata.yml and the folder of the static files.
PLUGIN_NAME = "datasette-sources"

#: How many articles the overview lists per database; the rest are one click away.
ARTICLE_LIMIT = 100
#: How many outlets the overview lists per database.
OUTLET_LIMIT = 200

#: What ``refresh_summaries`` calls articles without an outlet in ``outlets``.
UNKNOWN_OUTLET = "(unknown)"

#: The ``articles`` columns that tell our table from any other table called articles.
ARTICLE_CONTRACT = ("id", "title", "outlet", "score", "score_band")
#: Further ``articles`` columns the page shows when they are there.
ARTICLE_EXTRAS = ("credit_kind", "published", "path")
#: Time limit for each count on the page, so a huge table never times the page out.
COUNT_TIME_LIMIT_MS = 200


# --- cells ------------------------------------------------------------------


def band_class(band: str | None) -> str:
    """The CSS class for a score band.

    >>> band_class("very low"), band_class(None)
    ('sources-band-very-low', 'sources-band-none')
    """
    return "sources-band-" + ("-".join((band or "none").lower().split()) or "none")


def _number(value: Any) -> float | None:
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


def _row_get(row: Any, key: str) -> Any:
    """A column of a row given to ``render_cell`` (a sqlite3.Row or a dict), or None."""
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
        score = _number(value)
        if score is None or not 0 <= score <= 100:
            return None
        if table == "articles":
            if not _row_has(row, "score_band"):
                return None
            stored = _row_get(row, "score_band")
            return score_badge(score, stored if isinstance(stored, str) and stored else None)
        if not _row_has(row, "score_low", "score_high"):
            return None
        low, high = _number(_row_get(row, "score_low")), _number(_row_get(row, "score_high"))
        return score_badge(score, low=low, high=high)
    if table == "sentences" and column == "kind" and value in SENTENCE_KINDS:
        return kind_chip(value)
    return None


# --- Datasette 0.65 / 1.0 differences ----------------------------------------


async def can_view_table(datasette: Any, actor: dict | None, database: str, table: str) -> bool:
    """Whether ``actor`` may see ``database``/``table``, on either Datasette line."""
    if hasattr(datasette, "allowed"):  # 1.0 alphas: resources and datasette.allowed()
        from datasette.resources import TableResource

        return await datasette.allowed(
            action="view-table", resource=TableResource(database, table), actor=actor
        )
    visible, _private = await datasette.check_visibility(  # 0.65
        actor,
        permissions=[
            ("view-table", (database, table)),
            ("view-database", database),
            "view-instance",
        ],
    )
    return visible


async def instance_metadata(datasette: Any) -> dict:
    """Title, license, source... of the instance (for the page footer)."""
    if hasattr(datasette, "get_instance_metadata"):  # 1.0 alphas
        return dict(await datasette.get_instance_metadata() or {})
    return dict(datasette.metadata() or {})  # 0.65


async def table_settings(datasette: Any, database: str, table: str) -> dict:
    """A table's settings (facets, sort...) from metadata (0.65) or configuration (1.0a)."""
    if hasattr(datasette, "table_config"):  # 1.0 alphas, after moving them out of metadata
        return dict(await datasette.table_config(database, table) or {})
    return dict(datasette.table_metadata(database, table) or {})  # 0.65


def facet_args(wanted: list[str], settings: Mapping[str, Any]) -> dict[str, list[str]]:
    """``_facet`` arguments for the facets in ``wanted`` the table does not already show.

    Datasette shows a facet twice when it is both configured and asked for.

    >>> facet_args(["kind", "speaker"], {"facets": ["kind"]})
    {'_facet': ['speaker']}
    >>> facet_args(["kind"], {"facets": [{"simple": "kind"}]})
    {}
    """
    configured = set()
    for facet in settings.get("facets") or []:
        if isinstance(facet, str):
            configured.add(facet)
        elif isinstance(facet, Mapping) and isinstance(facet.get("simple"), str):
            configured.add(facet["simple"])
    missing = [f for f in wanted if f not in configured]
    return {"_facet": missing} if missing else {}


def plugin_settings(datasette: Any, database: str | None = None) -> dict:
    """This plugin's configuration, database-level keys over top-level ones.

    The ``plugins: datasette-sources:`` block of metadata.yml (0.65) or of the
    configuration (1.0 alphas, which move ``plugins`` out of metadata when
    Datasette starts). Merged by hand because 1.0a's ``plugin_config(name,
    database=...)`` does not fall back to the top level when the database has
    any configuration at all (its ``tables:`` settings count).
    """
    settings: dict = dict(datasette.plugin_config(PLUGIN_NAME) or {})
    if database is not None:
        nested = datasette.plugin_config(PLUGIN_NAME, database=database, fallback=False)
        settings.update(nested or {})
    return settings


# --- the /-/sources pages -----------------------------------------------------


@dataclass
class DatabaseSummary:
    """One database's share of the /-/sources page, ready for the template."""

    name: str
    url: str
    page_url: str
    links: dict[str, str]
    counts: dict[str, int]
    outlets: list[dict] = field(default_factory=list)
    articles: list[dict] = field(default_factory=list)
    signals: list[dict] = field(default_factory=list)
    pending_weights: list[dict] = field(default_factory=list)


def _query(base: str, **params: Any) -> str:
    """``base`` with a query string; values are URL-encoded, lists repeat the key."""
    return base + "?" + urllib.parse.urlencode(params, doseq=True) if params else base


def outlet_filter(outlet: str | None) -> dict[str, str]:
    """Table-page filter arguments that select one outlet's articles.

    >>> outlet_filter("CNN"), outlet_filter(UNKNOWN_OUTLET)
    ({'outlet': 'CNN'}, {'outlet__isblank': '1'})
    """
    if outlet is None or outlet == UNKNOWN_OUTLET or not outlet.strip():
        return {"outlet__isblank": "1"}
    return {"outlet": outlet}


async def is_sources_database(db: Any) -> bool:
    """Whether ``db`` holds our ``articles`` table (not just any table called articles)."""
    if db.name == "_internal" or not await db.table_exists("articles"):
        return False
    return set(ARTICLE_CONTRACT) <= set(await db.table_columns("articles"))


async def source_databases(datasette: Any, actor: dict | None) -> list[Any]:
    """The attached databases that hold our ``articles`` table and ``actor`` may see."""
    found = []
    for name, db in datasette.databases.items():
        if await is_sources_database(db) and await can_view_table(
            datasette, actor, name, "articles"
        ):
            found.append(db)
    return found


async def _count(db: Any, table: str) -> int | None:
    """Rows in ``table``, or None when counting takes too long."""
    try:
        result = await db.execute(
            f"select count(*) from [{table}]", custom_time_limit=COUNT_TIME_LIMIT_MS
        )
    except QueryInterrupted:
        return None
    return result.first()[0]


async def summarise(datasette: Any, db: Any) -> DatabaseSummary:
    """Outlets, articles by score and the formula of one database, with links."""
    name = db.name
    urls = datasette.urls
    tables = set(await db.table_names())

    def table_url(table: str) -> str:
        return urls.table(name, table)

    articles_url = table_url("articles")
    article_facets = facet_args(
        ["outlet", "score_band", "credit_kind"], await table_settings(datasette, name, "articles")
    )
    links = {"articles": _query(articles_url, **article_facets, _sort_desc="score")}
    sentence_facets: dict[str, list[str]] = {}
    if "sentences" in tables:
        settings = await table_settings(datasette, name, "sentences")
        links["sentences"] = _query(
            table_url("sentences"), **facet_args(["kind", "speaker"], settings)
        )
        sentence_facets = facet_args(["kind"], settings)
    if "outlets" in tables:
        links["outlets"] = _query(table_url("outlets"), _sort_desc="score")
    for table in ("score_parts", "signals", "stories", "parts", "load_errors"):
        if table in tables:
            links[table] = table_url(table)

    counts = {}
    for table in ("articles", "sentences", "outlets", "stories", "load_errors"):
        if table in tables:
            counts[table] = await _count(db, table)

    summary = DatabaseSummary(
        name=name,
        url=urls.database(name),
        page_url=urls.path("-/sources/" + _route(db)),
        links=links,
        counts=counts,
    )

    if "outlets" in tables:
        rows = await db.execute(
            "select outlet, article_count, score, score_low, score_high from outlets "
            "order by score desc, outlet limit :limit",
            {"limit": OUTLET_LIMIT},
        )
        for r in rows.rows:
            summary.outlets.append(
                {
                    "outlet": r["outlet"],
                    "article_count": r["article_count"],
                    "url": _query(articles_url, _sort_desc="score", **outlet_filter(r["outlet"])),
                    "badge": _badge_or_none(r["score"], low=r["score_low"], high=r["score_high"]),
                    "score_low": r["score_low"],
                    "score_high": r["score_high"],
                }
            )

    columns = set(await db.table_columns("articles"))
    select = ", ".join(
        f"[{c}]" if c in columns else f"null as [{c}]" for c in ARTICLE_CONTRACT + ARTICLE_EXTRAS
    )  # column names from the constants above, never from the request
    rows = await db.execute(
        f"select {select} from articles order by score desc, id limit :limit",
        {"limit": ARTICLE_LIMIT},
    )
    for r in rows.rows:
        article_id = str(r["id"])
        links_for_article = {
            "row": urls.row(name, "articles", tilde_encode(article_id)),
            "outlet": _query(articles_url, _sort_desc="score", **outlet_filter(r["outlet"])),
        }
        if "sentences" in tables:
            links_for_article["sentences"] = _query(
                table_url("sentences"), article_id=article_id, **sentence_facets
            )
        if "score_parts" in tables:
            links_for_article["why"] = _query(table_url("score_parts"), article_id=article_id)
        summary.articles.append(
            {
                "id": article_id,
                "title": r["title"] or r["path"] or article_id,
                "outlet": r["outlet"],
                "badge": _badge_or_none(r["score"], band=r["score_band"]),
                "score_band": r["score_band"],
                "credit_kind": r["credit_kind"],
                "published": r["published"],
                "links": links_for_article,
            }
        )

    stored: dict[str, float] = {}
    if "signals" in tables:
        rows = await db.execute(
            "select name, weight, direction, description from signals order by weight desc, name"
        )
        stored = {r["name"]: r["weight"] for r in rows.rows}
        summary.signals = [dict(r) for r in rows.rows if (_number(r["weight"]) or 0) > 0]
    summary.pending_weights = pending_weights(plugin_settings(datasette, name), stored)
    return summary


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
        if _number(configured) != _number(stored.get(name)):
            out.append({"signal": str(name), "stored": stored.get(name), "configured": configured})
    return out


def _badge_or_none(value: Any, band: str | None = None, low: Any = None, high: Any = None):
    score = _number(value)
    if score is None:
        return None
    return score_badge(score, band or None, _number(low), _number(high))


def _route(db: Any) -> str:
    return tilde_encode(getattr(db, "route", None) or db.name)


def _find_database(datasette: Any, route: str) -> Any | None:
    """The database a URL segment names (its tilde-encoded route), or None."""
    try:
        decoded = tilde_decode(route)
    except Exception:
        return None
    for db in datasette.databases.values():
        if (getattr(db, "route", None) or db.name) == decoded and db.name != "_internal":
            return db
    return None


async def sources_page(datasette: Any, request: Any) -> Any:
    """``/-/sources`` and ``/-/sources/<database>``: outlets and articles by score."""
    actor = request.actor
    route = request.url_vars.get("database")
    if route is None:
        dbs = await source_databases(datasette, actor)
        database = None
    else:
        db = _find_database(datasette, route)
        if (
            db is None
            or not await is_sources_database(db)
            or not await can_view_table(datasette, actor, db.name, "articles")
        ):
            raise NotFound(f"No database of scored articles called {route}")
        dbs = [db]
        database = db.name
    summaries = [await summarise(datasette, db) for db in dbs]
    html = await datasette.render_template(
        "sources.html",
        {
            "summaries": summaries,
            "database": database,
            "index_url": datasette.urls.path("-/sources"),
            "metadata": await instance_metadata(datasette),
        },
        request=request,
    )
    return Response.html(html)


def routes() -> list[tuple[str, Any]]:
    """What the ``register_routes`` hook returns."""
    return [
        (r"^/-/sources$", sources_page),
        (r"^/-/sources/(?P<database>[^/]+)$", sources_page),
    ]


def css_urls(datasette: Any) -> list[str]:
    """What the ``extra_css_urls`` hook returns: the badge and page styles."""
    return [datasette.urls.static_plugins(PLUGIN_NAME, "sources.css")]


def menu_links(datasette: Any) -> list[dict[str, str]]:
    """What the ``menu_links`` hook returns: a way to the page from every page."""
    return [{"href": datasette.urls.path("-/sources"), "label": "Sourcing scores"}]
