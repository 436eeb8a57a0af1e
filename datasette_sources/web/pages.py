"""The routes the plugin adds under ``/-/sources``, and their request handlers.

Each handler finds the database the URL names (404 unless it holds our
articles and the actor may see them), fetches and shapes its page, and
renders the template. The ``extra_css_urls`` and ``menu_links`` hooks'
answers are here too.
"""

from __future__ import annotations

from typing import Any

from datasette.utils.asgi import NotFound, Response

from .compat import PLUGIN_NAME, can_view_table, instance_metadata
from .databases import database_at_route, is_sources_database, source_databases
from .evaluation import fetch_evaluation, shape_evaluation
from .links import PageLinks, decode_id
from .lists import fetch_outlets, fetch_stories, shape_outlets, shape_stories
from .outlet import fetch_outlet, shape_outlet
from .overview import fetch_overview, shape_overview
from .paging import page_number
from .scorecard import fetch_scorecard, shape_scorecard
from .search import clean_query, fetch_search, shape_search
from .speaker import shape_speaker, speaker_number
from .speaker_rows import fetch_speaker
from .story import fetch_story, shape_story


def routes() -> list[tuple[str, Any]]:
    """What the ``register_routes`` hook returns."""
    return [
        (r"^/-/sources$", overview_page),
        (r"^/-/sources/(?P<database>[^/]+)$", overview_page),
        (r"^/-/sources/(?P<database>[^/]+)/article/(?P<article_id>[^/]+)$", scorecard_page),
        (r"^/-/sources/(?P<database>[^/]+)/story/(?P<story_id>[^/]+)$", story_page),
        (r"^/-/sources/(?P<database>[^/]+)/evaluation$", evaluation_page),
        (r"^/-/sources/(?P<database>[^/]+)/outlet/(?P<outlet>[^/]+)$", outlet_page),
        (r"^/-/sources/(?P<database>[^/]+)/speaker/(?P<speaker_id>[^/]+)$", speaker_page),
        (r"^/-/sources/(?P<database>[^/]+)/outlets$", outlets_page),
        (r"^/-/sources/(?P<database>[^/]+)/stories$", stories_page),
        (r"^/-/sources/(?P<database>[^/]+)/search$", search_page),
    ]


def css_urls(datasette: Any) -> list[str]:
    """What the ``extra_css_urls`` hook returns: the badge and page styles."""
    return [datasette.urls.static_plugins(PLUGIN_NAME, "sources.css")]


def menu_links(datasette: Any) -> list[dict[str, str]]:
    """What the ``menu_links`` hook returns: a way to the page from every page."""
    return [{"href": datasette.urls.path("-/sources"), "label": "Sourcing scores"}]


async def overview_page(datasette: Any, request: Any) -> Any:
    """``/-/sources`` and ``/-/sources/<database>``: outlets and articles by score."""
    actor = request.actor
    route = request.url_vars.get("database")
    if route is None:
        dbs = await source_databases(datasette, actor)
        database = None
    else:
        db = database_at_route(datasette, route)
        if (
            db is None
            or not await is_sources_database(db)
            or not await can_view_table(datasette, actor, db.name, "articles")
        ):
            raise NotFound(f"No database of scored articles called {route}")
        dbs = [db]
        database = db.name
    summaries = [
        shape_overview(await fetch_overview(datasette, db), PageLinks.for_database(datasette, db))
        for db in dbs
    ]
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


async def scorecard_page(datasette: Any, request: Any) -> Any:
    """``/-/sources/<database>/article/<id>``: one article's scorecard."""
    db = await _sources_database_or_404(datasette, request)
    article_id = decode_id(request.url_vars.get("article_id"))
    rows = await fetch_scorecard(db, article_id) if article_id else None
    if rows is None:
        raise NotFound("No such article")
    context = shape_scorecard(rows, PageLinks.for_database(datasette, db))
    return await _render(
        datasette, request, "sources_article.html", dict(context, database=db.name)
    )


async def story_page(datasette: Any, request: Any) -> Any:
    """``/-/sources/<database>/story/<id>``: a story's articles side by side."""
    db = await _sources_database_or_404(datasette, request)
    story_id = decode_id(request.url_vars.get("story_id"))
    rows = await fetch_story(db, story_id) if story_id else None
    if rows is None:
        raise NotFound("No such story")
    context = shape_story(rows, PageLinks.for_database(datasette, db))
    return await _render(datasette, request, "sources_story.html", dict(context, database=db.name))


async def evaluation_page(datasette: Any, request: Any) -> Any:
    """``/-/sources/<database>/evaluation``: the latest evaluation runs."""
    db = await _sources_database_or_404(datasette, request)
    context = shape_evaluation(await fetch_evaluation(db), PageLinks.for_database(datasette, db))
    return await _render(
        datasette, request, "sources_evaluation.html", dict(context, database=db.name)
    )


async def outlet_page(datasette: Any, request: Any) -> Any:
    """``/-/sources/<database>/outlet/<name>``: one outlet's sourcing, against the database."""
    db = await _sources_database_or_404(datasette, request)
    name = decode_id(request.url_vars.get("outlet"))
    page = page_number(request.args.get("page"))
    rows = await fetch_outlet(db, name, page) if name else None
    if rows is None:
        raise NotFound("No articles from that outlet")
    context = shape_outlet(rows, PageLinks.for_database(datasette, db))
    return await _render(datasette, request, "sources_outlet.html", dict(context, database=db.name))


async def speaker_page(datasette: Any, request: Any) -> Any:
    """``/-/sources/<database>/speaker/<id>``: who quotes one speaker, where, and what."""
    db = await _sources_database_or_404(datasette, request)
    speaker_id = speaker_number(decode_id(request.url_vars.get("speaker_id")))
    page = page_number(request.args.get("page"))
    rows = await fetch_speaker(db, speaker_id, page) if speaker_id is not None else None
    if rows is None:
        raise NotFound("No such speaker")
    context = shape_speaker(rows, PageLinks.for_database(datasette, db))
    return await _render(
        datasette, request, "sources_speaker.html", dict(context, database=db.name)
    )


async def outlets_page(datasette: Any, request: Any) -> Any:
    """``/-/sources/<database>/outlets``: every known outlet by score, page by page."""
    db = await _sources_database_or_404(datasette, request)
    rows = await fetch_outlets(db, page_number(request.args.get("page")))
    context = shape_outlets(rows, PageLinks.for_database(datasette, db))
    context["database"] = db.name
    return await _render(datasette, request, "sources_outlets.html", context)


async def stories_page(datasette: Any, request: Any) -> Any:
    """``/-/sources/<database>/stories``: every story of two articles or more, page by page."""
    db = await _sources_database_or_404(datasette, request)
    rows = await fetch_stories(db, page_number(request.args.get("page")))
    context = shape_stories(rows, PageLinks.for_database(datasette, db))
    context["database"] = db.name
    return await _render(datasette, request, "sources_stories.html", context)


async def search_page(datasette: Any, request: Any) -> Any:
    """``/-/sources/<database>/search?q=``: articles by title, outlets and speakers by name."""
    db = await _sources_database_or_404(datasette, request)
    rows = await fetch_search(db, clean_query(request.args.get("q")))
    context = shape_search(rows, PageLinks.for_database(datasette, db))
    return await _render(datasette, request, "sources_search.html", dict(context, database=db.name))


async def _sources_database_or_404(datasette: Any, request: Any) -> Any:
    """The database the URL names, if it holds our articles and the actor may see them."""
    route = request.url_vars.get("database") or ""
    db = database_at_route(datasette, route)
    if (
        db is None
        or not await is_sources_database(db)
        or not await can_view_table(datasette, request.actor, db.name, "articles")
    ):
        raise NotFound("No database of scored articles by that name")
    return db


async def _render(datasette: Any, request: Any, template: str, context: dict) -> Any:
    """``template`` rendered with ``context`` and the instance's metadata, as an HTML response."""
    context = dict(context, metadata=await instance_metadata(datasette))
    return Response.html(await datasette.render_template(template, context, request=request))
