"""What the speaker page reads, in about the same time for any speaker at any size.

:func:`fetch_speaker` reads the speaker's row of ``speakers`` (one name per person,
organisation or described source); the outlets that quote or cite them, the
:data:`OUTLETS_LISTED` largest with totals for the rest; one page of their sentences
with the article each is in; and the quotations of theirs that several articles
carry (``quotes.passage``). :mod:`.speaker` shapes them.

A much-quoted speaker has sentences in most articles of a large database, so:

- the outlets come from ``speaker_outlets`` (kept by triggers) when the database has it;
- a page of sentences is found by walking articles in date order down the index on
  ``articles.published`` until it is full (:func:`walk_dates`), from the newest end
  for pages up to the middle and from the oldest end past it; a page farther from both
  ends reads which days it falls on from ``speaker_days`` (kept by triggers) and reads
  the articles of those days (:func:`day_plan`); what neither can find (a page among
  undated articles, an older database) sorts the speaker's sentences;
- the passages' carriers come from ``passage_carriers`` (kept by the store).

Any read Datasette's time limit stops leaves its part of the page empty and named in
``SpeakerRows.too_slow``, so that the page says so rather than failing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from datasette.database import QueryInterrupted

from .links import UNKNOWN_OUTLET
from .paging import PAGE_SIZE
from .scorecard import speaker_names

#: Outlets the page lists, most articles first; the rest are counted ("and N more").
OUTLETS_LISTED = 200
#: Quotations traced across outlets that the page shows, most widely carried first.
PASSAGE_LIMIT = 20
#: Articles a page of sentences may walk in date order before it sorts instead.
WALK_BUDGET = 2000

#: A sentence's outlet, with a missing or blank one as None (``(unknown)`` in ``outlets``).
OUTLET = "case when a.outlet is null or trim(a.outlet) = '' then null else a.outlet end"
#: The speaker page's order of sentences: newest article first, undated last.
SENTENCE_ORDER = "a.published is null, a.published desc, s.article_id, s.position"
#: The same order, backwards (for pages counted from the oldest end).
REVERSE_ORDER = "a.published is not null, a.published, s.article_id desc, s.position desc"
#: The speaker's sentences in one article, read by the article's primary key (``+``: not
#: the speaker_id index, which holds every sentence of a much-quoted speaker).
IN_ARTICLE = "select count(*) from sentences s where s.article_id = a.id and +s.speaker_id = ?"


@dataclass
class SpeakerRows:
    """What the speaker page reads: plain rows."""

    #: The speaker's row of ``speakers``.
    speaker: dict
    tables: set[str]
    #: Per outlet (None: not known), largest first, at most :data:`OUTLETS_LISTED`:
    #: ``articles``, ``sentences``, ``quotes`` of this speaker, and ``outlet_articles``,
    #: the outlet's articles in ``outlets``.
    outlets: list[dict] = field(default_factory=list)
    #: Over every outlet, listed or not: ``outlets`` (known ones), ``sentences`` and
    #: ``unknown`` (1 when some sentence is in an article of no known outlet). Empty: the
    #: listed outlets are all of them.
    totals: dict = field(default_factory=dict)
    #: One page of the speaker's sentences, each with its article's title, outlet and date.
    sentences: list[dict] = field(default_factory=list)
    #: The speaker's quotations that several articles carry: each passage's
    #: ``articles``, ``outlets`` and ``first_published``, most widely carried first.
    passages: list[dict] = field(default_factory=list)
    #: Every quotation of those passages, whoever the article says is speaking.
    passage_quotes: list[dict] = field(default_factory=list)
    #: How many of the speaker's passages several articles carry.
    passage_count: int = 0
    #: Name and kind of the other speakers some article gives the same words to, by id.
    others: dict[int, dict] = field(default_factory=dict)
    page: int = 1
    #: Parts of the page ("outlets", "sentences", "passages") whose reads ran past
    #: Datasette's time limit, and are left empty.
    too_slow: list[str] = field(default_factory=list)


async def fetch_speaker(db: Any, speaker_id: int, page: int = 1) -> SpeakerRows | None:
    """Read what the speaker page shows, or None when there is no such speaker."""
    tables = set(await db.table_names())
    if "speakers" not in tables or "sentences" not in tables:
        return None
    found = (
        await db.execute(
            "select id, name, kind, aliases, article_count, quote_count, sentence_count "
            "from speakers where id = :id",
            {"id": speaker_id},
        )
    ).first()
    if found is None:
        return None
    rows = SpeakerRows(speaker=dict(found), tables=tables, page=page)
    try:
        await fetch_outlets(db, rows)
    except QueryInterrupted:
        rows.too_slow.append("outlets")
    try:
        rows.sentences = await fetch_sentences(db, rows)
    except QueryInterrupted:
        rows.too_slow.append("sentences")
    if "quotes" in tables and "passage" in set(await db.table_columns("quotes")):
        try:
            await passages(db, rows)
        except QueryInterrupted:
            rows.too_slow.append("passages")
    return rows


async def fetch_outlets(db: Any, rows: SpeakerRows) -> None:
    """The :data:`OUTLETS_LISTED` outlets with most of the speaker's articles, and totals."""
    per_outlet = (
        f"select {OUTLET} as outlet, count(distinct s.article_id) as articles, "
        "count(*) as sentences, sum(s.kind = 'quote') as quotes "
        "from sentences s join articles a on a.id = s.article_id "
        "where s.speaker_id = :id group by 1"
    )
    if "speaker_outlets" in rows.tables:  # the summary the loader keeps: no pass over sentences
        per_outlet = (
            "select nullif(outlet, '') as outlet, article_count as articles, "
            "sentence_count as sentences, quote_count as quotes from speaker_outlets "
            "where speaker_id = :id and sentence_count > 0"
        )
    order = "{t}.articles desc, {t}.sentences desc, {t}.outlet is null, {t}.outlet"
    # The totals are window sums over every outlet, taken before the limit.
    listed = (
        "select m.*, count(m.outlet) over () as outlet_total, "
        "sum(m.sentences) over () as sentence_total, "
        "max(m.outlet is null) over () as unknown_total "
        f"from ({per_outlet}) m order by {order.format(t='m')} limit :listed"
    )
    params = {"id": rows.speaker["id"], "listed": OUTLETS_LISTED}
    if "outlets" in rows.tables:
        sql = (
            f"select l.*, o.article_count as outlet_articles from ({listed}) l "
            "left join outlets o on o.outlet = coalesce(l.outlet, :unknown)"
        )
        params["unknown"] = UNKNOWN_OUTLET
    else:
        sql = f"select l.*, null as outlet_articles from ({listed}) l"
    result = await db.execute(f"{sql} order by {order.format(t='l')}", params)
    found = [dict(r) for r in result.rows]
    first = found[0] if found else {}
    rows.totals = {
        "outlets": first.get("outlet_total") or 0,
        "sentences": first.get("sentence_total") or 0,
        "unknown": first.get("unknown_total") or 0,
    }
    for r in found:
        for key in ("outlet_total", "sentence_total", "unknown_total"):
            r.pop(key, None)
    rows.outlets = found


#: The columns a page of sentences shows, around a subquery choosing its sentences' rowids.
PAGE_ROWS = (
    "select s.article_id, s.position, s.kind, s.speaker, s.cue, s.text, "
    "a.title, a.path, a.outlet, a.published, a.score, a.score_band "
    "from ({chosen}) p join sentences s on s.rowid = p.sentence "
    f"join articles a on a.id = s.article_id order by {SENTENCE_ORDER}"
)


#: A page of the speaker's sentences among the articles of some dates: CROSS JOIN, so
#: that the articles within the dates come first (the published index), their sentences
#: by primary key. ``dates`` bounds ``a.published``; ``order`` is a sentence order.
BY_DATE = (
    "select s.rowid as sentence from articles a cross join sentences s "
    "on s.article_id = a.id where {dates} and +s.speaker_id = :id "
    "order by {order} limit :limit offset :offset"
)


async def fetch_sentences(db: Any, rows: SpeakerRows) -> list[dict]:
    """One page of the speaker's sentences, newest article first (:data:`SENTENCE_ORDER`).

    The page's sentences are chosen on their keys alone, then read whole: sorting a
    much-quoted speaker's every sentence with its text would read it all for 50 rows.
    """
    speaker_id, offset = rows.speaker["id"], (rows.page - 1) * PAGE_SIZE
    total = rows.totals.get("sentences") if "outlets" not in rows.too_slow else None
    if total is not None and offset >= total:
        return []
    params: dict = {"id": speaker_id, "limit": PAGE_SIZE, "offset": offset}
    walked = await walk_plan(db, speaker_id, offset, total) if total else None
    days = None
    if walked is None and total and "speaker_days" in rows.tables:
        days = await day_plan(db, speaker_id, offset, total)
    if days is not None:
        # The days the page falls on, from the summary.
        params.update(days)
        chosen = BY_DATE.format(
            dates="a.published >= :first and a.published < :last", order=SENTENCE_ORDER
        )
    elif walked is None:  # a sort of every sentence of the speaker
        chosen = (
            "select s.rowid as sentence from sentences s join articles a on a.id = s.article_id "
            f"where s.speaker_id = :id order by {SENTENCE_ORDER} limit :limit offset :offset"
        )
    else:
        newest_first, cutoff, params = walked
        params["id"] = speaker_id
        sign, order = (">=", SENTENCE_ORDER) if newest_first else ("<=", REVERSE_ORDER)
        chosen = BY_DATE.format(dates=f"a.published {sign} :cutoff", order=order)
        params["cutoff"] = cutoff
    result = await db.execute(PAGE_ROWS.format(chosen=chosen), params)
    return [dict(r) for r in result.rows]


async def walk_plan(
    db: Any, speaker_id: int, offset: int, total: int
) -> tuple[bool, str, dict] | None:
    """How to find the page at ``offset`` of the speaker's ``total`` sentences by a walk
    in date order: (newest first?, the date cutoff, limit and offset within it); None
    when a walk would be long or cannot give the sort's rows (undated articles in play).

    Walking from the newest end, every sentence of an article dated on or after the
    cutoff comes before any other, so the page is the same slice of those alone. From
    the oldest end (pages past the middle), the sentences dated on or before the
    cutoff are the last ones, provided no undated article (sorted last) has any.
    """
    if not await has_date_index(db):
        return None
    articles = (await db.execute("select max(rowid) from articles")).first()[0] or 0
    remaining = total - offset  # sentences from this page's first to the last
    newest_first = offset + PAGE_SIZE <= remaining
    need = offset + PAGE_SIZE if newest_first else remaining
    # Articles walked to meet ``need`` sentences, the speaker's spread evenly over articles.
    if need * articles > total * WALK_BUDGET // 2:
        return None
    if not newest_first and await undated_sentences(db, speaker_id) != 0:
        return None
    cutoff = await db.execute_fn(
        lambda conn: walk_dates(conn, speaker_id, need, newest_first, WALK_BUDGET)
    )
    if cutoff is None:
        return None
    if newest_first:
        return True, cutoff, {"limit": PAGE_SIZE, "offset": offset}
    # Backwards: the page is the sentences ``remaining - PAGE_SIZE`` .. ``remaining - 1``
    # from the oldest end (fewer on a last, partial page).
    return (
        False,
        cutoff,
        {"limit": min(PAGE_SIZE, remaining), "offset": max(0, remaining - PAGE_SIZE)},
    )


async def day_plan(db: Any, speaker_id: int, offset: int, total: int) -> dict | None:
    """The page at ``offset`` of the speaker's ``total`` sentences as a range of days,
    from ``speaker_days``: ``first`` and ``last`` (bounds on ``published``) and the
    ``offset`` within the sentences of those days; None when the page reaches the
    speaker's undated sentences (sorted last, and not by day), or when its days hold
    more than :data:`WALK_BUDGET` articles (a rare speaker, whose sentences are few to sort).

    The sentences of the days newer than the page's first day come before it, whole, so
    the page is the same slice of its days' sentences alone, in the same order.
    """
    # One pass over the speaker's days: each day's sentences before it, and all dated ones.
    found = await db.execute(
        "select day, before, dated from (select day, sentence_count, "
        "sum(sentence_count) over (order by day desc rows unbounded preceding) "
        "- sentence_count as before, sum(sentence_count) over () as dated from speaker_days "
        "where speaker_id = :id and day != '' and sentence_count > 0) "
        "where before < :end and before + sentence_count > :start order by day desc",
        {"id": speaker_id, "start": offset, "end": offset + PAGE_SIZE},
    )
    days = [tuple(r) for r in found.rows]
    if not days:
        return None
    if days[0][2] < min(total, offset + PAGE_SIZE):
        return None  # the page runs on into undated articles
    newest, before, _ = days[0]
    oldest = days[-1][0]
    if len(newest) < 10:
        # A date kept as given ("2020"): later days start with it ("2020-05-05") and would
        # fall inside the range below without being counted in ``before``.
        return None
    # Every ``published`` of a day starts with it: from the day itself to past any
    # character that can follow it (U+10FFFF sorts after every other, as UTF-8 bytes).
    plan = {"first": oldest, "last": newest + "\U0010ffff", "offset": offset - before}
    # A rare speaker's page can span years of articles: then their few sentences are
    # sorted instead (counted on the published index, stopping past the budget).
    span = await db.execute(
        "select count(*) from (select 1 from articles where published >= :first "
        "and published < :last limit :budget)",
        {**plan, "budget": WALK_BUDGET + 1},
    )
    return plan if span.first()[0] <= WALK_BUDGET else None


def walk_dates(
    conn: Any, speaker_id: int, need: int, newest_first: bool, budget: int
) -> str | None:
    """The date of the article at which a walk over dated articles, newest (or oldest)
    first, has met ``need`` of the speaker's sentences; None if ``budget`` articles (or
    every dated article) do not hold that many. Stops as soon as it has them."""
    order = "desc" if newest_first else "asc"
    cursor = conn.execute(
        f"select a.published, ({IN_ARTICLE}) from articles a where a.published is not null "
        f"order by a.published {order} limit ?",
        [speaker_id, budget],
    )
    seen = 0
    for published, sentences in cursor:
        seen += sentences
        if seen >= need:
            cursor.close()
            return published
    return None


async def has_date_index(db: Any) -> bool:
    """Does an index of ``articles`` start with ``published`` (without it, no walk)?"""
    found = await db.execute(
        "select 1 from pragma_index_list('articles') l, pragma_index_info(l.name) i "
        "where i.seqno = 0 and i.name = 'published' limit 1"
    )
    return bool(found.rows)


async def undated_sentences(db: Any, speaker_id: int) -> int | None:
    """The speaker's sentences in undated articles; None when there are too many undated
    articles to look at each."""
    undated = (
        await db.execute(
            "select count(*) from (select 1 from articles where published is null limit :n)",
            {"n": WALK_BUDGET + 1},
        )
    ).first()[0]
    if undated > WALK_BUDGET:
        return None
    if not undated:
        return 0
    found = await db.execute(
        f"select sum(({IN_ARTICLE.replace('?', ':id')})) from articles a where a.published is null",
        {"id": speaker_id},
    )
    return found.first()[0] or 0


async def passages(db: Any, rows: SpeakerRows) -> None:
    """The speaker's passages several articles carry, and every quotation of the widest.

    Each passage's carriers come from ``passage_carriers`` when the database has it,
    else from a group by over every quotation of the speaker's passages (older databases).
    """
    speaker_id = rows.speaker["id"]
    mine = (
        "select distinct passage from quotes "
        "where speaker_id = :id and passage is not null and passage != ''"
    )
    rows.passage_count = (
        await db.execute(f"select count(*) from ({mine})", {"id": speaker_id})
    ).first()[0]
    if not rows.passage_count:
        return
    order = (
        "order by outlets desc, articles desc, first_published is null, first_published, "
        "passage limit :limit"
    )
    if "passage_carriers" in rows.tables:
        sql = (
            "select passage, articles, outlets, first_published from passage_carriers "
            f"where passage in ({mine}) {order}"
        )
    else:
        sql = (
            "select q.passage as passage, count(distinct q.article_id) as articles, "
            f"count(distinct coalesce({OUTLET}, :unknown)) as outlets, "
            "min(a.published) as first_published "
            "from quotes q join articles a on a.id = q.article_id "
            f"where q.passage in ({mine}) group by q.passage {order}"
        )
    result = await db.execute(
        sql, {"id": speaker_id, "unknown": UNKNOWN_OUTLET, "limit": PASSAGE_LIMIT}
    )
    rows.passages = [dict(r) for r in result.rows]
    names = [p["passage"] for p in rows.passages]
    marks = ", ".join(f":p{i}" for i in range(len(names)))
    result = await db.execute(
        "select q.passage, q.article_id, q.position, q.number, q.speaker, q.speaker_id, q.text, "
        "a.title, a.path, a.outlet, a.published, a.score, a.score_band "
        "from quotes q join articles a on a.id = q.article_id "
        f"where q.passage in ({marks}) "
        "order by q.passage, a.published is null, a.published, q.article_id, q.position, q.number",
        {f"p{i}": name for i, name in enumerate(names)},
    )
    rows.passage_quotes = [dict(r) for r in result.rows]
    other_ids = {
        q["speaker_id"]
        for q in rows.passage_quotes
        if q["speaker_id"] is not None and q["speaker_id"] != speaker_id
    }
    rows.others = await speaker_names(db, rows.tables, other_ids)
