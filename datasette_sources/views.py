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

import json
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
ARTICLE_EXTRAS = ("credit_kind", "published", "path", "story_id")
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
    stories: list[dict] = field(default_factory=list)
    signals: list[dict] = field(default_factory=list)
    pending_weights: list[dict] = field(default_factory=list)
    distribution: list[dict] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)


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


def canned_questions(datasette: Any, database: str) -> list[dict[str, str]]:
    """Title and URL of each canned query in the plugin's configuration, for the overview."""
    from .queries import QueryConfigError, configured_queries

    try:
        queries = configured_queries(plugin_settings(datasette, database))
    except QueryConfigError:
        return []  # Datasette refused to start with these; nothing to link to.
    return [
        {"title": query.get("title") or name, "url": datasette.urls.table(database, name)}
        for name, query in queries.items()
    ]


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
        questions=canned_questions(datasette, name),
    )

    if "outlets" in tables:
        rows = await db.execute(
            "select outlet, article_count, score, score_low, score_high from outlets "
            "order by score_low desc, score desc, outlet limit :limit",
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

    rows = await db.execute(
        "select min(cast(score / 10 as integer), 9) as bin, count(*) as n from articles "
        "where score is not null group by bin"
    )
    summary.distribution = score_distribution({r["bin"]: r["n"] for r in rows.rows})

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
            "scorecard": scorecard_url(datasette, db, article_id),
        }
        if r["story_id"] is not None and r["story_id"] != "":
            links_for_article["story"] = story_url(datasette, db, str(r["story_id"]))
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

    if "stories" in tables:
        rows = await db.execute(
            "select id, label, article_count, outlet_count from stories "
            "order by article_count desc, id limit :limit",
            {"limit": ARTICLE_LIMIT},
        )
        for r in rows.rows:
            story = dict(r)
            story["url"] = story_url(datasette, db, str(r["id"]))
            summary.stories.append(story)

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


# --- the article scorecard and the story page --------------------------------

#: The ``articles`` columns the scorecard shows when they are there.
SCORECARD_COLUMNS = (
    "id",
    "title",
    "outlet",
    "score",
    "score_band",
    "published",
    "updated",
    "credit",
    "credit_kind",
    "bylines",
    "dateline",
    "story_id",
    "word_count",
    "sentence_count",
    "path",
    "url",
)
#: The sentence kinds that credit a source: what "who quoted whom" is made of.
SOURCED_KINDS = ("quote", "attributed")
#: What each sentence kind means, for the legend.
KIND_LEGEND = {
    "quote": "a direct quotation of someone's words",
    "attributed": "reported speech or paraphrase, with a cue such as “said”",
    "opinion": "the writer's own judgement, prediction or speculation",
    "author": "the writer's plain statement, not attributed",
}
#: Longest id the pages look up; anything longer is not one of ours.
MAX_ID_LENGTH = 200


def scorecard_url(datasette: Any, db: Any, article_id: str) -> str:
    """The path of one article's scorecard."""
    return datasette.urls.path(f"-/sources/{_route(db)}/article/{tilde_encode(str(article_id))}")


def story_url(datasette: Any, db: Any, story_id: str) -> str:
    """The path of one story's page."""
    return datasette.urls.path(f"-/sources/{_route(db)}/story/{tilde_encode(str(story_id))}")


def _decode_id(raw: str | None) -> str | None:
    """An id from a URL segment (tilde-encoded), or None when it cannot be one.

    >>> _decode_id("15b8823c3fb9f7e7"), _decode_id(""), _decode_id("x" * 500)
    ('15b8823c3fb9f7e7', None, None)
    """
    if not raw or len(raw) > MAX_ID_LENGTH * 3:
        return None
    try:
        decoded = tilde_decode(raw)
    except Exception:
        return None
    if not decoded or len(decoded) > MAX_ID_LENGTH or "\x00" in decoded:
        return None
    return decoded


async def _sources_db(datasette: Any, request: Any) -> Any:
    """The database the URL names, if it holds our articles and the actor may see them."""
    route = request.url_vars.get("database") or ""
    db = _find_database(datasette, route)
    if (
        db is None
        or not await is_sources_database(db)
        or not await can_view_table(datasette, request.actor, db.name, "articles")
    ):
        raise NotFound("No database of scored articles by that name")
    return db


def _json_list(value: Any) -> list[str]:
    """A JSON list column (bylines, brackets) as a list of strings; plain text as one item.

    >>> _json_list('["Phil Stewart", "Lesley Wroughton"]'), _json_list("Jo"), _json_list(None)
    (['Phil Stewart', 'Lesley Wroughton'], ['Jo'], [])
    """
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return [value]
        if isinstance(parsed, list):
            return [str(v) for v in parsed if v is not None and str(v) != ""]
        return [str(parsed)]
    return [str(value)]


def _speaker_key(speaker: Any) -> str:
    """How speakers are matched across articles: case and spacing ignored.

    >>> _speaker_key("  Mike  Pompeo "), _speaker_key(None)
    ('mike pompeo', '')
    """
    return " ".join(str(speaker or "").split()).casefold()


def _percent(part: Any, whole: Any) -> float:
    """``part`` as a percentage of ``whole``, clamped to 0-100 (for bar widths).

    >>> _percent(5, 20), _percent(-1, 20), _percent(3, 0), _percent(None, 2)
    (25.0, 0.0, 0.0, 0.0)
    """
    p, w = _number(part), _number(whole)
    if p is None or not w or w <= 0:
        return 0.0
    return round(max(0.0, min(100.0, 100.0 * p / w)), 1)


async def _table_set(db: Any) -> set[str]:
    return set(await db.table_names())


async def _select_columns(db: Any, table: str, wanted: tuple[str, ...]) -> str:
    """A select list of ``wanted`` (constants, never request input); missing ones as null."""
    columns = set(await db.table_columns(table))
    return ", ".join(f"[{c}]" if c in columns else f"null as [{c}]" for c in wanted)


async def _titles(db: Any, ids: set[str]) -> dict[str, dict]:
    """Title and outlet of each article in ``ids`` that exists."""
    found: dict[str, dict] = {}
    ids_list = sorted(i for i in ids if i)
    for start in range(0, len(ids_list), 500):
        chunk = ids_list[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = await db.execute(
            f"select id, title, outlet, path from articles where id in ({marks})", chunk
        )
        for r in rows.rows:
            found[str(r["id"])] = {
                "title": r["title"] or r["path"] or str(r["id"]),
                "outlet": r["outlet"],
            }
    return found


async def article_context(datasette: Any, db: Any, article_id: str) -> dict | None:
    """Everything the scorecard shows about one article, or None when there is no such article."""
    name = db.name
    urls = datasette.urls
    tables = await _table_set(db)
    select = await _select_columns(db, "articles", SCORECARD_COLUMNS)
    row = (
        await db.execute(f"select {select} from articles where id = :id", {"id": article_id})
    ).first()
    if row is None:
        return None
    article = dict(row)
    article["id"] = str(article["id"])
    article["display_title"] = article["title"] or article["path"] or article["id"]
    article["byline_list"] = _json_list(article["bylines"])
    article["badge"] = _badge_or_none(article["score"], band=article["score_band"])
    articles_url = urls.table(name, "articles")

    links = {
        "row": urls.row(name, "articles", tilde_encode(article["id"])),
        "outlet": _query(articles_url, _sort_desc="score", **outlet_filter(article["outlet"])),
        "overview": urls.path("-/sources/" + _route(db)),
    }
    if "sentences" in tables:
        links["sentences"] = _query(urls.table(name, "sentences"), article_id=article["id"])
    if "score_parts" in tables:
        links["score_parts"] = _query(urls.table(name, "score_parts"), article_id=article["id"])
    story = None
    if article["story_id"] is not None and article["story_id"] != "":
        story = {"id": str(article["story_id"]), "label": None, "article_count": None}
        if "stories" in tables:
            srow = (
                await db.execute(
                    "select label, article_count from stories where id = :id", {"id": story["id"]}
                )
            ).first()
            if srow is not None:
                story.update(label=srow["label"], article_count=srow["article_count"])
        story["url"] = story_url(datasette, db, story["id"])

    parts_of_score: list[dict] = []
    unweighted: list[dict] = []
    if "score_parts" in tables:
        rows = await db.execute(
            "select signal, value, normalised, weight, contribution, explanation "
            "from score_parts where article_id = :id order by contribution desc, signal",
            {"id": article["id"]},
        )
        items = [dict(r) for r in rows.rows]
        total_weight = sum(
            (_number(i["weight"]) or 0) for i in items if (_number(i["weight"]) or 0) > 0
        )
        largest = max(
            [(_number(i["weight"]) or 0) / total_weight * 100 for i in items if total_weight] or [0]
        )
        for item in items:
            weight = _number(item["weight"]) or 0
            if weight <= 0:
                unweighted.append(item)
                continue
            possible = weight / total_weight * 100 if total_weight else 0
            item["possible"] = possible
            item["track_width"] = _percent(possible, largest)
            item["fill_width"] = _percent(item["contribution"], possible)
            parts_of_score.append(item)

    paragraphs: list[dict] = []
    speakers: list[dict] = []
    if "sentences" in tables:
        sselect = await _select_columns(
            db,
            "sentences",
            (
                "position",
                "paragraph",
                "kind",
                "speaker",
                "speaker_type",
                "cue",
                "anonymous",
                "has_sic",
                "brackets",
                "copied_from",
                "text",
            ),
        )
        rows = await db.execute(
            f"select {sselect} from sentences where article_id = :id order by position",
            {"id": article["id"]},
        )
        sentences = [dict(r) for r in rows.rows]
        sources = await _titles(db, {str(s["copied_from"]) for s in sentences if s["copied_from"]})
        sentences_url = urls.table(name, "sentences")
        seen_speakers: dict[str, dict] = {}
        previous_source = None
        for s in sentences:
            # One "copied from" mark per run of sentences copied from the same article;
            # every copied sentence keeps its underline.
            s["copy_run_starts"] = bool(s["copied_from"]) and s["copied_from"] != previous_source
            previous_source = s["copied_from"]
            kind = s["kind"] if s["kind"] in SENTENCE_KINDS else "other"
            s["css"] = kind
            s["notes"] = _json_list(s["brackets"])
            if s["copied_from"]:
                source_id = str(s["copied_from"])
                s["copied"] = {
                    "id": source_id,
                    "url": scorecard_url(datasette, db, source_id),
                    "title": (sources.get(source_id) or {}).get("title") or source_id,
                    "outlet": (sources.get(source_id) or {}).get("outlet"),
                }
            else:
                s["copied"] = None
            if s["speaker"]:
                s["speaker_url"] = _query(sentences_url, speaker=s["speaker"])
                entry = seen_speakers.setdefault(
                    s["speaker"], {"speaker": s["speaker"], "url": s["speaker_url"], "count": 0}
                )
                entry["count"] += 1
            label = [s["kind"] or "unlabelled"]
            if s["speaker"]:
                label.append("speaker: " + str(s["speaker"]))
            if s["cue"]:
                label.append("cue: " + str(s["cue"]))
            s["title_attr"] = "; ".join(label)
            if not paragraphs or paragraphs[-1]["paragraph"] != s["paragraph"]:
                paragraphs.append({"paragraph": s["paragraph"], "sentences": []})
            paragraphs[-1]["sentences"].append(s)
        speakers = sorted(seen_speakers.values(), key=lambda e: (-e["count"], e["speaker"]))

    page_parts: list[dict] = []
    if "parts" in tables:
        rows = await db.execute(
            "select kind, text from parts where article_id = :id order by position",
            {"id": article["id"]},
        )
        groups: dict[str, list[str]] = {}
        for r in rows.rows:
            groups.setdefault(str(r["kind"] or "other"), []).append(r["text"] or "")
        page_parts = [{"kind": k, "texts": v} for k, v in groups.items()]

    return {
        "article": article,
        "links": links,
        "story": story,
        "score_parts": parts_of_score,
        "unweighted": unweighted,
        "paragraphs": paragraphs,
        "speakers": speakers,
        "page_parts": page_parts,
        "legend": KIND_LEGEND,
    }


async def story_context(datasette: Any, db: Any, story_id: str) -> dict | None:
    """Everything the story page shows, or None when there is no such story."""
    name = db.name
    urls = datasette.urls
    tables = await _table_set(db)
    if "story_id" not in set(await db.table_columns("articles")):
        return None
    story = {"id": story_id, "label": None}
    if "stories" in tables:
        srow = (
            await db.execute(
                "select id, label, article_count, outlet_count from stories where id = :id",
                {"id": story_id},
            )
        ).first()
        if srow is not None:
            story.update(dict(srow))
    select = await _select_columns(
        db,
        "articles",
        ("id", "title", "outlet", "score", "score_band", "published", "credit_kind", "path"),
    )
    rows = await db.execute(
        f"select {select} from articles where story_id = :id order by coalesce(published, ''), id",
        {"id": story_id},
    )
    articles = []
    for n, r in enumerate(rows.rows, 1):
        a = dict(r)
        a["id"] = str(a["id"])
        a["number"] = n
        a["display_title"] = a["title"] or a["path"] or a["id"]
        a["badge"] = _badge_or_none(a["score"], band=a["score_band"])
        a["url"] = scorecard_url(datasette, db, a["id"])
        a["outlet_url"] = _query(
            urls.table(name, "articles"), _sort_desc="score", **outlet_filter(a["outlet"])
        )
        a["speakers"] = []
        a["only_here"] = []
        articles.append(a)
    if not articles:
        return None
    by_id = {a["id"]: a for a in articles}
    ids = list(by_id)
    # The story's articles as a subquery: no limit on how many ids a statement may bind.
    in_story = "(select id from articles where story_id = :story)"

    # Who quoted whom, and what only one article quotes.
    if "sentences" in tables:
        sentences_url = urls.table(name, "sentences")
        # `+kind`: look the story's sentences up by article (the primary key) rather
        # than walk every quote and attributed sentence of the database (kind's index):
        # 2 ms rather than 300 ms with 1.4M sentences.
        rows = await db.execute(
            f"select article_id, position, kind, speaker, cue, text from sentences "
            f"where article_id in {in_story} and +kind in (:kind1, :kind2) "
            "order by article_id, position",
            {"story": story_id, "kind1": SOURCED_KINDS[0], "kind2": SOURCED_KINDS[1]},
        )
        sourced = [dict(r) for r in rows.rows]
        quoted_by: dict[str, set[str]] = {}
        for s in sourced:
            key = _speaker_key(s["speaker"])
            if key:
                quoted_by.setdefault(key, set()).add(str(s["article_id"]))
        counts: dict[tuple[str, str], dict] = {}
        for s in sourced:
            article_id = str(s["article_id"])
            if not s["speaker"]:
                continue
            entry = counts.get((article_id, s["speaker"]))
            if entry is None:
                entry = counts[(article_id, s["speaker"])] = {
                    "speaker": s["speaker"],
                    "url": _query(sentences_url, speaker=s["speaker"]),
                    "quotes": 0,
                    "attributed": 0,
                    "elsewhere": len(quoted_by[_speaker_key(s["speaker"])] - {article_id}),
                }
                by_id[article_id]["speakers"].append(entry)
            entry["quotes" if s["kind"] == "quote" else "attributed"] += 1
            if quoted_by[_speaker_key(s["speaker"])] == {article_id}:
                by_id[article_id]["only_here"].append(s)
        for a in articles:
            a["speakers"].sort(key=lambda e: (-(e["quotes"] + e["attributed"]), e["speaker"]))

    # Shared quotations: passage x article.
    passages: list[dict] = []
    if "quotes" in tables:
        rows = await db.execute(
            f"select article_id, passage, speaker, text from quotes "
            f"where passage is not null and passage != '' and article_id in {in_story} "
            "order by article_id, position, number",
            {"story": story_id},
        )
        found: dict[str, dict] = {}
        for r in rows.rows:
            p = found.setdefault(
                r["passage"],
                {
                    "passage": r["passage"],
                    "text": r["text"],
                    "speaker": r["speaker"],
                    "articles": set(),
                },
            )
            p["articles"].add(str(r["article_id"]))
            if not p["speaker"] and r["speaker"]:
                p["speaker"] = r["speaker"]
        passages = sorted(
            found.values(),
            key=lambda p: (
                -len(p["articles"]),
                ids.index(min(p["articles"], key=ids.index)),
                p["passage"],
            ),
        )
    shared = [p for p in passages if len(p["articles"]) > 1]

    copies: list[dict] = []
    if "copies" in tables:
        cselect = await _select_columns(
            db, "copies", ("source_id", "copy_id", "words", "credited", "evidence", "text")
        )
        rows = await db.execute(
            f"select {cselect} from copies where copy_id in {in_story} or source_id in {in_story} "
            "order by words desc",
            {"story": story_id},
        )
        others = await _titles(
            db, {str(r[k]) for r in rows.rows for k in ("source_id", "copy_id") if r[k]}
        )
        for r in rows.rows:
            c = dict(r)
            for end, key in (("source", "from_article"), ("copy", "to_article")):
                end_id = str(c[f"{end}_id"])
                info = by_id.get(end_id) or others.get(end_id) or {}
                c[key] = {
                    "id": end_id,
                    "url": scorecard_url(datasette, db, end_id),
                    "title": info.get("display_title") or info.get("title") or end_id,
                    "outlet": info.get("outlet"),
                }
            c["credited_text"] = {1: "yes", 0: "no"}.get(_number(c["credited"]), "unknown")
            copies.append(c)

    return {
        "story": story,
        "articles": articles,
        "passages": passages,
        "shared_passages": shared,
        "copies": copies,
        "links": {
            "overview": urls.path("-/sources/" + _route(db)),
            "articles": _query(urls.table(name, "articles"), story_id=story_id),
        },
    }


async def _render(datasette: Any, request: Any, template: str, context: dict) -> Any:
    context = dict(context, metadata=await instance_metadata(datasette))
    return Response.html(await datasette.render_template(template, context, request=request))


async def article_page(datasette: Any, request: Any) -> Any:
    """``/-/sources/<database>/article/<id>``: one article's scorecard."""
    db = await _sources_db(datasette, request)
    article_id = _decode_id(request.url_vars.get("article_id"))
    context = await article_context(datasette, db, article_id) if article_id else None
    if context is None:
        raise NotFound("No such article")
    return await _render(
        datasette, request, "sources_article.html", dict(context, database=db.name)
    )


async def story_page(datasette: Any, request: Any) -> Any:
    """``/-/sources/<database>/story/<id>``: a story's articles side by side."""
    db = await _sources_db(datasette, request)
    story_id = _decode_id(request.url_vars.get("story_id"))
    context = await story_context(datasette, db, story_id) if story_id else None
    if context is None:
        raise NotFound("No such story")
    return await _render(datasette, request, "sources_story.html", dict(context, database=db.name))


def routes() -> list[tuple[str, Any]]:
    """What the ``register_routes`` hook returns."""
    return [
        (r"^/-/sources$", sources_page),
        (r"^/-/sources/(?P<database>[^/]+)$", sources_page),
        (r"^/-/sources/(?P<database>[^/]+)/article/(?P<article_id>[^/]+)$", article_page),
        (r"^/-/sources/(?P<database>[^/]+)/story/(?P<story_id>[^/]+)$", story_page),
    ]


def css_urls(datasette: Any) -> list[str]:
    """What the ``extra_css_urls`` hook returns: the badge and page styles."""
    return [datasette.urls.static_plugins(PLUGIN_NAME, "sources.css")]


def menu_links(datasette: Any) -> list[dict[str, str]]:
    """What the ``menu_links`` hook returns: a way to the page from every page."""
    return [{"href": datasette.urls.path("-/sources"), "label": "Sourcing scores"}]
