"""``/-/sources/<database>/speaker/<id>``: one speaker, everywhere the database quotes them.

:func:`fetch_speaker` reads the speaker's row of ``speakers`` (one name per
person, organisation or described source), the outlets that quote or cite
them, one page of their sentences with the article each is in, and the
quotations of theirs that several articles carry (``quotes.passage``);
:func:`shape_speaker` turns those rows into the context of
``sources_speaker.html``, with no Datasette and no I/O.

Every read goes through the ``speaker_id`` indexes of ``sentences`` and
``quotes`` and the ``passage`` index of ``quotes``: the page reads the
speaker's own rows, never the whole table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .cells import as_number, badge_or_none
from .formats import number
from .links import UNKNOWN_OUTLET, PageLinks, with_query
from .paging import PAGE_SIZE, Pager
from .scorecard import speaker_names

#: The sentence kinds that quote or cite a speaker.
SOURCED_KINDS = ("quote", "attributed")
#: Outlets listed before the rest are folded away.
OUTLETS_SHOWN = 20
#: Quotations traced across outlets that the page shows, most widely carried first.
PASSAGE_LIMIT = 20
#: Longest speaker id a URL may carry: ids are 48-bit (``corpus.speakers.speaker_id``).
MAX_ID_DIGITS = 18
#: What each kind of speaker is, for the page's one-line note.
KIND_NOTES = {
    "person": "a person, under the fullest name the articles give them",
    "organisation": "an organisation or institution",
    "described": (
        "a described source (“a senior official”): a way of citing, grouped by its wording, "
        "not one person"
    ),
}


def speaker_number(raw: str | None) -> int | None:
    """The ``speakers.id`` a URL segment names, or None when it cannot be one.

    >>> speaker_number("93204861"), speaker_number("-1"), speaker_number("9" * 30)
    (93204861, None, None)
    >>> speaker_number("Mike Pompeo"), speaker_number(None)
    (None, None)
    """
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > MAX_ID_DIGITS:
        return None
    return int(raw)


@dataclass
class SpeakerRows:
    """What the speaker page reads: plain rows."""

    #: The speaker's row of ``speakers``.
    speaker: dict
    tables: set[str]
    #: Per outlet (None: not known): ``articles``, ``sentences``, ``quotes`` of this
    #: speaker, and ``outlet_articles``, the outlet's articles in ``outlets``.
    outlets: list[dict] = field(default_factory=list)
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


#: A sentence's outlet, with a missing or blank one as None (``(unknown)`` in ``outlets``).
OUTLET = "case when a.outlet is null or trim(a.outlet) = '' then null else a.outlet end"


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
    params = {"id": speaker_id}

    per_outlet = (
        f"select {OUTLET} as outlet, count(distinct s.article_id) as articles, "
        "count(*) as sentences, sum(s.kind = 'quote') as quotes "
        "from sentences s join articles a on a.id = s.article_id "
        "where s.speaker_id = :id group by 1"
    )
    if "outlets" in tables:
        sql = (
            f"select m.*, o.article_count as outlet_articles from ({per_outlet}) m "
            "left join outlets o on o.outlet = coalesce(m.outlet, :unknown)"
        )
        params_outlets = {**params, "unknown": UNKNOWN_OUTLET}
    else:
        sql, params_outlets = f"select m.*, null as outlet_articles from ({per_outlet}) m", params
    result = await db.execute(
        sql + " order by m.articles desc, m.sentences desc, m.outlet is null, m.outlet",
        params_outlets,
    )
    rows.outlets = [dict(r) for r in result.rows]

    # The page's sentences are chosen on their keys alone, then read whole: sorting a
    # much-quoted speaker's every sentence with its text would read it all for 50 rows.
    result = await db.execute(
        "select s.article_id, s.position, s.kind, s.speaker, s.cue, s.text, "
        "a.title, a.path, a.outlet, a.published, a.score, a.score_band "
        "from (select s.rowid as sentence from sentences s "
        "join articles a on a.id = s.article_id where s.speaker_id = :id "
        "order by a.published is null, a.published desc, s.article_id, s.position "
        "limit :limit offset :offset) p "
        "join sentences s on s.rowid = p.sentence join articles a on a.id = s.article_id "
        "order by a.published is null, a.published desc, s.article_id, s.position",
        {**params, "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE},
    )
    rows.sentences = [dict(r) for r in result.rows]

    if "quotes" in tables and "passage" in set(await db.table_columns("quotes")):
        await _passages(db, rows, speaker_id)
    return rows


async def _passages(db: Any, rows: SpeakerRows, speaker_id: int) -> None:
    """The speaker's passages several articles carry, and every quotation of the widest."""
    mine = (
        "select distinct passage from quotes "
        "where speaker_id = :id and passage is not null and passage != ''"
    )
    rows.passage_count = (
        await db.execute(f"select count(*) from ({mine})", {"id": speaker_id})
    ).first()[0]
    if not rows.passage_count:
        return
    result = await db.execute(
        f"select q.passage, count(distinct q.article_id) as articles, "
        f"count(distinct coalesce({OUTLET}, :unknown)) as outlets, "
        "min(a.published) as first_published "
        "from quotes q join articles a on a.id = q.article_id "
        f"where q.passage in ({mine}) group by q.passage "
        "order by outlets desc, articles desc, first_published is null, first_published, "
        "q.passage limit :limit",
        {"id": speaker_id, "unknown": UNKNOWN_OUTLET, "limit": PASSAGE_LIMIT},
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


def aliases_of(speaker: dict) -> list[str]:
    """The other names the articles give the speaker (``speakers.aliases``, a JSON list).

    >>> aliases_of({"name": "Mike Pence", "aliases": '["Pence", "Mike Pence", "Mr. Pence"]'})
    ['Pence', 'Mr. Pence']
    >>> aliases_of({"name": "X", "aliases": "not json"}), aliases_of({"name": "X", "aliases": None})
    ([], [])
    """
    try:
        found = json.loads(speaker.get("aliases") or "[]")
    except ValueError:
        return []
    if not isinstance(found, list):
        return []
    return [str(a) for a in found if a is not None and str(a).strip() and a != speaker["name"]]


def article_of(row: dict, links: PageLinks) -> dict:
    """The article a sentence or quotation is in, as the page links it."""
    article_id = str(row["article_id"])
    return {
        "id": article_id,
        "title": row["title"] or row["path"] or article_id,
        "url": links.scorecard(article_id),
        "outlet": row["outlet"] if row["outlet"] and str(row["outlet"]).strip() else None,
        "outlet_url": links.outlet(row["outlet"]),
        "published": row["published"],
        "badge": badge_or_none(row["score"], band=row["score_band"]),
    }


def sentences_by_article(sentences: list[dict], name: str, links: PageLinks) -> list[dict]:
    """The page's sentences in runs of one article each, in the order they come.

    A sentence keeps the name its article gives the speaker (``as_written``)
    when that is not the speaker's page name.
    """
    runs: list[dict] = []
    for s in sentences:
        if not runs or runs[-1]["article"]["id"] != str(s["article_id"]):
            runs.append({"article": article_of(s, links), "sentences": []})
        written = s["speaker"]
        runs[-1]["sentences"].append(
            {
                "kind": s["kind"] if s["kind"] in SOURCED_KINDS else "other",
                "kind_text": s["kind"] or "",
                "cue": s["cue"],
                "text": s["text"],
                "as_written": written if written and written != name else None,
                "position": s["position"],
            }
        )
    return runs


def quotation_text(text: str) -> str:
    """A quotation to show between quotation marks: the comma that led back into the
    sentence ("...militias," he said) left out.

    >>> quotation_text("we will respond, "), quotation_text("Is it over?")
    ('we will respond', 'Is it over?')
    """
    return text.strip().rstrip(",;:").rstrip()


def traced_passages(rows: SpeakerRows, links: PageLinks) -> list[dict]:
    """Each passage with the outlets that carry it, first carrier first.

    The passage's text is the speaker's own longest quotation of it. An
    article that gives the same words to someone else (or to no one it names)
    says so: ``own`` is False and ``others`` names whom it gives them to.
    """
    speaker_id = rows.speaker["id"]
    by_passage: dict[str, list[dict]] = {}
    for q in rows.passage_quotes:
        by_passage.setdefault(q["passage"], []).append(q)
    shaped = []
    for p in rows.passages:
        quotes = by_passage.get(p["passage"], [])
        own = [str(q["text"]) for q in quotes if q["speaker_id"] == speaker_id and q["text"]]
        articles: dict[str, dict] = {}
        for q in quotes:
            a = articles.setdefault(
                str(q["article_id"]), dict(article_of(q, links), own=False, others=[])
            )
            if q["speaker_id"] == speaker_id:
                a["own"] = True
                continue
            known = rows.others.get(q["speaker_id"]) if q["speaker_id"] is not None else None
            other_name = (known or {}).get("name") or q["speaker"]
            if other_name and other_name not in [o["name"] for o in a["others"]]:
                url = links.speaker(q["speaker_id"]) if q["speaker_id"] is not None else None
                a["others"].append({"name": other_name, "url": url})
        carriers: dict[Any, dict] = {}
        for a in articles.values():
            carrier = carriers.setdefault(
                a["outlet"], {"outlet": a["outlet"], "url": a["outlet_url"], "articles": []}
            )
            carrier["articles"].append(a)
        shaped.append(
            {
                "text": quotation_text(max(own, key=len)) if own else p["passage"],
                "articles": p["articles"],
                "outlets": p["outlets"],
                "first_published": p["first_published"],
                "carriers": list(carriers.values()),
            }
        )
    return shaped


def shape_speaker(rows: SpeakerRows, links: PageLinks) -> dict:
    """Everything the speaker page shows, from :func:`fetch_speaker`'s rows."""
    speaker = rows.speaker
    name = str(speaker["name"])
    outlets = [
        dict(
            o,
            name=o["outlet"] or UNKNOWN_OUTLET,
            url=links.outlet(o["outlet"]),
            attributed=(as_number(o["sentences"]) or 0) - (as_number(o["quotes"]) or 0),
        )
        for o in rows.outlets
    ]
    total = sum(int(as_number(o["sentences"]) or 0) for o in rows.outlets)
    pager = Pager(rows.page, total)
    first, last = pager.showing()
    return {
        "speaker": {
            "id": speaker["id"],
            "name": name,
            "kind": speaker["kind"],
            "kind_note": KIND_NOTES.get(speaker["kind"] or ""),
            "aliases": aliases_of(speaker),
            "article_count": speaker["article_count"],
            "quote_count": speaker["quote_count"],
            "sentence_count": speaker["sentence_count"],
            "outlet_count": sum(1 for o in rows.outlets if o["outlet"] is not None),
            "unknown_outlet": any(o["outlet"] is None for o in rows.outlets),
        },
        "outlets": outlets[:OUTLETS_SHOWN],
        "more_outlets": outlets[OUTLETS_SHOWN:],
        "runs": sentences_by_article(rows.sentences, name, links),
        "passages": traced_passages(rows, links),
        "passage_count": rows.passage_count,
        "passage_limit": PASSAGE_LIMIT,
        "pager": {
            "first": first,
            "last": last,
            "total": number(total),
            **pager.links(links.speaker(speaker["id"])),
        },
        "links": {
            "overview": links.overview(),
            "search": links.search(),
            "row": links.row("speakers", str(speaker["id"])),
            "sentences": with_query(links.table("sentences"), speaker_id=speaker["id"]),
            "quotes": with_query(links.table("quotes"), speaker_id=speaker["id"])
            if "quotes" in rows.tables
            else None,
            "passages": with_query(
                links.table("quotes"), speaker_id=speaker["id"], passage__notblank=1
            )
            if rows.passage_count > len(rows.passages)
            else None,
        },
    }
