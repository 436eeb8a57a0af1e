"""``/-/sources/<database>/search?q=``: find articles by title, outlets and speakers by name.

Each kind is a case-insensitive ``like`` on one indexed column (titles,
``outlets.outlet``), so a search reads indexes, not article text. Speakers
are found in ``speakers`` by their one name or any name the articles give
them (``aliases``), one row per person; a database loaded before that
table is searched by the names in ``sentences``, walking the speaker index
of every sentence. Either may run out of time on a very large database, and
the page says so rather than wait.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from datasette.database import QueryInterrupted

from .cells import badge_or_none
from .links import UNKNOWN_OUTLET, PageLinks, with_query

#: Longest query taken; longer ones are cut.
MAX_QUERY = 200
#: Results of each kind shown.
RESULT_LIMIT = 25
#: Time limit of the speakers' search.
SPEAKER_TIME_LIMIT_MS = 500


def like_pattern(query: str) -> str:
    """A ``like`` pattern finding ``query`` anywhere, its own % and _ taken literally.

    >>> like_pattern("50% of"), like_pattern("a_b")
    ('%50\\\\% of%', '%a\\\\_b%')
    """
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def clean_query(raw: Any) -> str:
    """The search text: white space folded, at most :data:`MAX_QUERY` characters.

    >>> clean_query("  Fox   News "), clean_query(None), clean_query("x" * 300) == "x" * 200
    ('Fox News', '', True)
    """
    return " ".join(str(raw or "").split())[:MAX_QUERY]


@dataclass
class SearchRows:
    query: str
    tables: set[str] = field(default_factory=set)
    articles: list[dict] = field(default_factory=list)
    outlets: list[dict] = field(default_factory=list)
    speakers: list[dict] = field(default_factory=list)
    #: True when the speakers' search ran out of time.
    speakers_timed_out: bool = False


async def fetch_search(db: Any, query: str) -> SearchRows:
    """Articles, outlets and speakers whose title or name holds ``query``."""
    rows = SearchRows(query=query)
    if not query:
        return rows
    tables = rows.tables = set(await db.table_names())
    params = {"q": like_pattern(query), "limit": RESULT_LIMIT}
    result = await db.execute(
        "select id, title, outlet, score, score_band, published from articles "
        "where title like :q escape '\\' order by score desc, id limit :limit",
        params,
    )
    rows.articles = [dict(r) for r in result.rows]
    if "outlets" in tables:
        result = await db.execute(
            "select outlet, article_count, score, score_low, score_high from outlets "
            "where outlet like :q escape '\\' and outlet != :unknown "
            "order by article_count desc, outlet limit :limit",
            {**params, "unknown": UNKNOWN_OUTLET},
        )
        rows.outlets = [dict(r) for r in result.rows]
    if "speakers" in tables:
        sql = (
            "select name as speaker, id as speaker_id, kind, sentence_count as sentences, "
            "article_count as articles from speakers "
            "where name like :q escape '\\' or aliases like :q escape '\\' "
            "order by sentence_count desc, name limit :limit"
        )
    elif "sentences" in tables:
        sql = (
            "select speaker, null as speaker_id, null as kind, count(*) as sentences, "
            "null as articles from sentences where speaker is not null "
            "and speaker like :q escape '\\' "
            "group by speaker order by sentences desc, speaker limit :limit"
        )
    else:
        return rows
    try:
        result = await db.execute(sql, params, custom_time_limit=SPEAKER_TIME_LIMIT_MS)
        rows.speakers = [dict(r) for r in result.rows]
    except QueryInterrupted:
        rows.speakers_timed_out = True
    return rows


def shape_search(rows: SearchRows, links: PageLinks) -> dict:
    """The context of the search page."""
    return {
        "query": rows.query,
        "articles": [
            {
                "title": r["title"] or str(r["id"]),
                "url": links.scorecard(str(r["id"])),
                "outlet": r["outlet"],
                "outlet_url": links.outlet(r["outlet"]),
                "badge": badge_or_none(r["score"], band=r["score_band"]),
                "published": r["published"],
            }
            for r in rows.articles
        ],
        "outlets": [
            {
                "outlet": r["outlet"],
                "url": links.outlet(r["outlet"]),
                "article_count": r["article_count"],
                "badge": badge_or_none(r["score"], low=r["score_low"], high=r["score_high"]),
            }
            for r in rows.outlets
        ],
        "speakers": [
            dict(r, url=links.speaker_or_name(r["speaker_id"], r["speaker"])) for r in rows.speakers
        ],
        "speakers_timed_out": rows.speakers_timed_out,
        "limit": RESULT_LIMIT,
        "links": {
            "overview": links.overview(),
            "search": links.search(),
            "all_titles": with_query(links.table("articles"), title__contains=rows.query),
            "all_speakers": with_query(links.table("speakers"), name__contains=rows.query)
            if "speakers" in rows.tables
            else with_query(links.table("sentences"), speaker__contains=rows.query),
        },
    }
