"""``/-/sources/<database>/outlet/<name>``: one outlet's sourcing, against the whole database.

:func:`fetch_outlet` reads the outlet's score and interval, how its articles'
scores spread, its sourcing profile (named, anonymous and institutional
sources; the writer's opinion in its news pages; copying with and without
credit), the speakers it quotes most and one page of its articles, with the
same figures for the database; :func:`shape_outlet` turns them into the
context of ``sources_outlet.html``, with no Datasette and no I/O.

Articles without an outlet are the outlet ``(unknown)``, as in ``outlets``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from datasette.database import QueryInterrupted

from .cells import as_number, badge_or_none
from .databases import select_columns, table_names
from .formats import number
from .links import UNKNOWN_OUTLET, PageLinks, outlet_filter, with_query
from .overview import score_distribution
from .paging import PAGE_SIZE, Pager

#: An article that is a news page, not an opinion piece: the rule of the
#: ``opinion_in_news`` canned query (no /opinion/, /commentary/ or /editorial/ in
#: its URL or path, no "Opinion:" or "Editorial:" before its title).
NEWS_PAGE = (
    "lower(coalesce(a.url, '') || ' ' || coalesce(a.path, '')) not glob '*/opinion*' "
    "and lower(coalesce(a.url, '') || ' ' || coalesce(a.path, '')) not glob '*/commentary/*' "
    "and lower(coalesce(a.url, '') || ' ' || coalesce(a.path, '')) not glob '*/editorial*' "
    "and lower(coalesce(a.title, '')) not glob 'opinion*' "
    "and lower(coalesce(a.title, '')) not glob 'editorial*'"
)
#: The sums that make a sourcing profile; each an ``articles`` column.
PROFILE_COLUMNS = (
    "named_sources",
    "anonymous_sources",
    "institutional_sources",
    "opinion_sentences",
    "sentence_count",
)
#: The columns of the outlet's article list.
ARTICLE_COLUMNS = ("id", "title", "path", "score", "score_band", "published", "story_id")
#: How many speakers the page lists.
SPEAKER_LIMIT = 15
#: Time limit for the database-wide opinion share, which reads every article.
CORPUS_TIME_LIMIT_MS = 300


@dataclass
class OutletRows:
    """What the outlet page reads: plain rows and sums."""

    name: str
    tables: set[str]
    article_count: int
    #: The outlet's row of ``outlets`` (score, interval), if there is one.
    summary: dict | None = None
    #: Sums over the outlet's articles, and over every article (:data:`PROFILE_COLUMNS`,
    #: ``articles``, ``mean_score``, ``news_pages`` and their ``news_opinion`` and
    #: ``news_sentences``); a value is None when it could not be read in time.
    totals: dict = field(default_factory=dict)
    corpus: dict = field(default_factory=dict)
    #: Known outlets, and how many of them score above this one.
    outlets_known: int | None = None
    outlets_above: int | None = None
    score_bins: dict[int, int] = field(default_factory=dict)
    #: Copies (``copies``, ``credited``, ``words``) it made of other outlets' articles,
    #: and that other outlets made of its articles.
    copies_made: dict = field(default_factory=dict)
    copies_of_it: dict = field(default_factory=dict)
    speakers: list[dict] = field(default_factory=list)
    articles: list[dict] = field(default_factory=list)
    page: int = 1


def outlet_condition(name: str) -> tuple[str, dict[str, str]]:
    """The ``where`` clause (on ``articles a``) and parameters that select ``name``'s articles.

    >>> outlet_condition("CNN"), outlet_condition(UNKNOWN_OUTLET)[0]
    (('a.outlet = :outlet', {'outlet': 'CNN'}), "(a.outlet is null or trim(a.outlet) = '')")
    """
    if name == UNKNOWN_OUTLET:
        return "(a.outlet is null or trim(a.outlet) = '')", {}
    return "a.outlet = :outlet", {"outlet": name}


async def _sums(db: Any, columns: set[str], where: str, params: dict, **limit: Any) -> dict:
    """Article count, mean score and the source sums; then the news-page opinion figures.

    Two queries: the first reads only columns the loader's covering index on
    ``articles`` holds, so over every article it reads that index, not the
    articles' text; the second needs URLs and titles, so it gets ``limit`` (a
    time limit) and is left out when it runs past it.
    """
    present = [c for c in PROFILE_COLUMNS if c in columns and c != "sentence_count"]
    parts = ["count(*) as articles", "avg(a.score) as mean_score"]
    parts += [f"sum(a.[{c}]) as [{c}]" for c in present]
    row = await db.execute(f"select {', '.join(parts)} from articles a where {where}", params)
    found = dict(row.first() or {})
    if {"opinion_sentences", "sentence_count", "url", "path"} <= columns:
        sql = (
            f"select sum({NEWS_PAGE}) as news_pages, "
            f"sum(case when {NEWS_PAGE} then a.opinion_sentences end) as news_opinion, "
            f"sum(case when {NEWS_PAGE} then a.sentence_count end) as news_sentences "
            f"from articles a where {where}"
        )
        try:
            found.update(dict((await db.execute(sql, params, **limit)).first() or {}))
        except QueryInterrupted:
            pass
    return found


async def fetch_outlet(db: Any, name: str, page: int = 1) -> OutletRows | None:
    """Read what the outlet page shows, or None when no article has that outlet."""
    tables = await table_names(db)
    columns = set(await db.table_columns("articles"))
    where, params = outlet_condition(name)
    count = (await db.execute(f"select count(*) from articles a where {where}", params)).first()[0]
    if not count:
        return None
    rows = OutletRows(name=name, tables=tables, article_count=count, page=page)
    if "outlets" in tables:
        found = (
            await db.execute(
                "select outlet, article_count, score, score_low, score_high, mean_score "
                "from outlets where outlet = :name",
                {"name": name},
            )
        ).first()
        rows.summary = dict(found) if found is not None else None
        known = await db.execute(
            "select count(*) as known, sum(score > :score) as above from outlets "
            "where outlet != :unknown",
            {"unknown": UNKNOWN_OUTLET, "score": rows.summary["score"] if rows.summary else None},
        )
        first = known.first()
        rows.outlets_known, rows.outlets_above = first["known"], first["above"]
    rows.totals = await _sums(db, columns, where, params)
    rows.corpus = await _sums(db, columns, "1", {}, custom_time_limit=CORPUS_TIME_LIMIT_MS)

    result = await db.execute(
        "select min(cast(a.score / 10 as integer), 9) as bin, count(*) as n from articles a "
        f"where {where} and a.score is not null group by bin",
        params,
    )
    rows.score_bins = {r["bin"]: r["n"] for r in result.rows}

    if "copies" in tables:
        for end, other, attribute in (
            ("copy_id", "source_id", "copies_made"),
            ("source_id", "copy_id", "copies_of_it"),
        ):
            result = await db.execute(
                "select count(*) as copies, sum(c.credited = 1) as credited, "
                "sum(c.words) as words from copies c "
                f"join articles a on a.id = c.{end} join articles o on o.id = c.{other} "
                f"where {where} and coalesce(o.outlet, '') != coalesce(a.outlet, '')",
                params,
            )
            setattr(rows, attribute, dict(result.first()))

    if "sentences" in tables and "speakers" in tables:
        # One name per person: "Pompeo" and "Mike Pompeo" count as one speaker. The
        # names are looked up for the speakers listed only, not for every sentence.
        result = await db.execute(
            "select p.name as speaker, g.* from ("
            "select s.speaker_id, count(*) as sentences, count(distinct s.article_id) as articles "
            "from articles a join sentences s on s.article_id = a.id "
            f"where {where} and s.speaker_id is not null and +s.kind in ('quote', 'attributed') "
            "group by s.speaker_id order by sentences desc, s.speaker_id limit :limit"
            ") g join speakers p on p.id = g.speaker_id order by g.sentences desc, p.name",
            {**params, "limit": SPEAKER_LIMIT},
        )
        rows.speakers = [dict(r) for r in result.rows]
    elif "sentences" in tables:  # loaded before the speakers table: names as written
        result = await db.execute(
            "select s.speaker, null as speaker_id, count(*) as sentences, "
            "count(distinct s.article_id) as articles "
            "from articles a join sentences s on s.article_id = a.id "
            f"where {where} and s.speaker is not null and s.speaker != '' "
            "and +s.kind in ('quote', 'attributed') "
            "group by s.speaker order by sentences desc, s.speaker limit :limit",
            {**params, "limit": SPEAKER_LIMIT},
        )
        rows.speakers = [dict(r) for r in result.rows]

    select = await select_columns(db, "articles", ARTICLE_COLUMNS)
    result = await db.execute(
        f"select {select} from articles a where {where} "
        "order by a.score desc, a.id limit :limit offset :offset",
        {**params, "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE},
    )
    rows.articles = [dict(r) for r in result.rows]
    return rows


def share(part: Any, whole: Any) -> float | None:
    """``part`` as a percentage of ``whole``, or None when either is missing or zero.

    >>> share(1, 4), share(None, 4), share(3, 0)
    (25.0, None, None)
    """
    p, w = as_number(part), as_number(whole)
    if p is None or not w:
        return None
    return round(100 * p / w, 1)


def source_mix(sums: dict) -> dict | None:
    """Named, anonymous and institutional sources as counts and shares of all three.

    >>> source_mix({"named_sources": 6, "anonymous_sources": 2, "institutional_sources": 2})
    {'named': 6, 'anonymous': 2, 'institutional': 2, 'total': 10, 'named_share': 60.0, \
'anonymous_share': 20.0, 'institutional_share': 20.0}
    >>> source_mix({}) is None
    True
    """
    kinds = ("named", "anonymous", "institutional")
    counts = {k: int(as_number(sums.get(f"{k}_sources")) or 0) for k in kinds}
    if not any(f"{k}_sources" in sums for k in kinds):
        return None
    total = sum(counts.values())
    mix: dict = dict(counts, total=total)
    for k in kinds:
        mix[f"{k}_share"] = share(counts[k], total)
    return mix


def comparison(summary: dict | None, corpus_mean: Any) -> str | None:
    """Where the outlet's interval lies against the mean score of every article, in words.

    >>> comparison({"score_low": 70, "score_high": 80}, 66.2)
    'above'
    >>> comparison({"score_low": 60, "score_high": 70}, 66.2), comparison(None, 66)
    ('includes', None)
    """
    mean = as_number(corpus_mean)
    if not summary or mean is None:
        return None
    low, high = as_number(summary.get("score_low")), as_number(summary.get("score_high"))
    if low is None or high is None:
        return None
    if low > mean:
        return "above"
    if high < mean:
        return "below"
    return "includes"


def shape_outlet(rows: OutletRows, links: PageLinks) -> dict:
    """Everything the outlet page shows, from :func:`fetch_outlet`'s rows."""
    summary = rows.summary or {}
    name = rows.name
    as_table = with_query(links.table("articles"), _sort_desc="score", **outlet_filter(name))
    articles = []
    for r in rows.articles:
        a = dict(r)
        a["id"] = str(a["id"])
        a["display_title"] = a["title"] or a["path"] or a["id"]
        a["badge"] = badge_or_none(a["score"], band=a["score_band"])
        a["url"] = links.scorecard(a["id"])
        a["story_url"] = links.story(str(a["story_id"])) if a.get("story_id") else None
        articles.append(a)
    pager = Pager(rows.page, rows.article_count)
    profile = {
        "outlet": source_mix(rows.totals),
        "corpus": source_mix(rows.corpus),
        "opinion": share(rows.totals.get("news_opinion"), rows.totals.get("news_sentences")),
        "corpus_opinion": share(rows.corpus.get("news_opinion"), rows.corpus.get("news_sentences")),
        "news_pages": rows.totals.get("news_pages"),
        "opinion_pieces": (
            rows.article_count - rows.totals["news_pages"]
            if rows.totals.get("news_pages") is not None
            else None
        ),
    }
    rank = None
    if rows.outlets_known and rows.outlets_above is not None and name != UNKNOWN_OUTLET:
        rank = {"position": rows.outlets_above + 1, "of": rows.outlets_known}
    return {
        "outlet": {
            "name": name,
            "known": name != UNKNOWN_OUTLET,
            "article_count": rows.article_count,
            "badge": badge_or_none(
                summary.get("score"), low=summary.get("score_low"), high=summary.get("score_high")
            ),
            "score_low": summary.get("score_low"),
            "score_high": summary.get("score_high"),
            "mean_score": as_number(rows.totals.get("mean_score")),
        },
        "corpus": {
            "articles": rows.corpus.get("articles"),
            "mean_score": as_number(rows.corpus.get("mean_score")),
        },
        "comparison": comparison(summary, rows.corpus.get("mean_score")),
        "rank": rank,
        "distribution": score_distribution(rows.score_bins),
        "profile": profile,
        "copies_made": _copies(rows.copies_made),
        "copies_of_it": _copies(rows.copies_of_it),
        "speakers": [
            dict(s, url=links.speaker_or_name(s.get("speaker_id"), s["speaker"]))
            for s in rows.speakers
        ],
        "articles": articles,
        "pager": {
            "first": pager.showing()[0],
            "last": pager.showing()[1],
            "total": number(rows.article_count),
            **pager.links(links.outlet(name)),
        },
        "links": {
            "overview": links.overview(),
            "outlets": links.outlets(),
            "articles": as_table,
            "copied": with_query(links.table("copied_without_credit"), copy_outlet=name)
            if "copied_without_credit" in rows.tables and name != UNKNOWN_OUTLET
            else None,
        },
    }


def _copies(found: dict) -> dict | None:
    """Copy counts with the uncredited ones worked out; None when there were none to count.

    >>> _copies({"copies": 3, "credited": 1, "words": 120})
    {'copies': 3, 'credited': 1, 'uncredited': 2, 'words': 120}
    >>> _copies({}), _copies({"copies": 0, "credited": None, "words": None})["uncredited"]
    (None, 0)
    """
    if not found:
        return None
    copies = int(as_number(found.get("copies")) or 0)
    credited = int(as_number(found.get("credited")) or 0)
    return {
        "copies": copies,
        "credited": credited,
        "uncredited": copies - credited,
        "words": int(as_number(found.get("words")) or 0),
    }
