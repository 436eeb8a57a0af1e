"""``/-/sources/<database>/story/<id>``: a story's articles side by side.

:func:`fetch_story` reads the story's articles, their quotations and
attributed sentences, shared passages and copies; :func:`shape_story` turns
those rows into the context of ``sources_story.html``, with no Datasette and
no I/O: who quoted whom, what only one article quotes, which passages several
articles share, and who copied from whom.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .cells import as_number, badge_or_none
from .databases import article_titles, select_columns, table_names
from .links import PageLinks, with_query
from .scorecard import speaker_names

#: The sentence kinds that credit a source: what "who quoted whom" is made of.
SOURCED_KINDS = ("quote", "attributed")
#: The ``articles`` columns the story page shows when they are there.
STORY_ARTICLE_COLUMNS = (
    "id",
    "title",
    "outlet",
    "score",
    "score_band",
    "published",
    "credit_kind",
    "path",
)
#: The ``copies`` columns the story page shows when they are there.
COPY_COLUMNS = ("source_id", "copy_id", "words", "credited", "evidence", "text")
#: The story's articles as a subquery: no limit on how many ids a statement may bind.
IN_STORY = "(select id from articles where story_id = :story)"


@dataclass
class StoryRows:
    """What the story page reads about one story: rows as dicts."""

    story_id: str
    tables: set[str]
    #: The story's articles (:data:`STORY_ARTICLE_COLUMNS`), oldest first; never empty.
    articles: list[dict]
    #: The story's row in ``stories`` (id, label, article_count, outlet_count), if there is one.
    story: dict | None = None
    #: The articles' quotations and attributed sentences, by article and position.
    sourced: list[dict] = field(default_factory=list)
    #: The articles' quotations that belong to a passage, by article and position.
    quotes: list[dict] = field(default_factory=list)
    #: Copies from or into the story's articles, longest first.
    copies: list[dict] = field(default_factory=list)
    #: Title and outlet of each article at either end of a copy, by id.
    copy_ends: dict[str, dict] = field(default_factory=dict)


async def fetch_story(db: Any, story_id: str) -> StoryRows | None:
    """Read what the story page shows, or None when there is no such story."""
    tables = await table_names(db)
    if "story_id" not in set(await db.table_columns("articles")):
        return None
    story = None
    if "stories" in tables:
        srow = (
            await db.execute(
                "select id, label, article_count, outlet_count from stories where id = :id",
                {"id": story_id},
            )
        ).first()
        story = dict(srow) if srow is not None else None
    select = await select_columns(db, "articles", STORY_ARTICLE_COLUMNS)
    result = await db.execute(
        f"select {select} from articles where story_id = :id order by coalesce(published, ''), id",
        {"id": story_id},
    )
    articles = [dict(r) for r in result.rows]
    if not articles:
        return None
    rows = StoryRows(story_id=story_id, tables=tables, articles=articles, story=story)

    if "sentences" in tables:
        # `+kind`: look the story's sentences up by article (the primary key) rather
        # than walk every quote and attributed sentence of the database (kind's index):
        # 2 ms rather than 300 ms with 1.4M sentences.
        sselect = await select_columns(
            db,
            "sentences",
            ("article_id", "position", "kind", "speaker", "speaker_id", "cue", "text"),
        )
        result = await db.execute(
            f"select {sselect} from sentences "
            f"where article_id in {IN_STORY} and +kind in (:kind1, :kind2) "
            "order by article_id, position",
            {"story": story_id, "kind1": SOURCED_KINDS[0], "kind2": SOURCED_KINDS[1]},
        )
        rows.sourced = [dict(r) for r in result.rows]
        names = await speaker_names(
            db, tables, {s["speaker_id"] for s in rows.sourced if s["speaker_id"] is not None}
        )
        for s in rows.sourced:
            known = names.get(s["speaker_id"]) if s["speaker_id"] is not None else None
            s["speaker_name"] = known["name"] if known else None

    if "quotes" in tables:
        qselect = await select_columns(
            db, "quotes", ("article_id", "passage", "speaker", "speaker_id", "text")
        )
        result = await db.execute(
            f"select {qselect} from quotes "
            f"where passage is not null and passage != '' and article_id in {IN_STORY} "
            "order by article_id, position, number",
            {"story": story_id},
        )
        rows.quotes = [dict(r) for r in result.rows]
        names = await speaker_names(
            db, tables, {q["speaker_id"] for q in rows.quotes if q["speaker_id"] is not None}
        )
        for q in rows.quotes:
            known = names.get(q["speaker_id"]) if q["speaker_id"] is not None else None
            q["speaker_name"] = known["name"] if known else None

    if "copies" in tables:
        cselect = await select_columns(db, "copies", COPY_COLUMNS)
        result = await db.execute(
            f"select {cselect} from copies where copy_id in {IN_STORY} or source_id in {IN_STORY} "
            "order by words desc",
            {"story": story_id},
        )
        rows.copies = [dict(r) for r in result.rows]
        rows.copy_ends = await article_titles(
            db, {str(r[k]) for r in rows.copies for k in ("source_id", "copy_id") if r[k]}
        )
    return rows


def shape_story(rows: StoryRows, links: PageLinks) -> dict:
    """Everything the story page shows, from :func:`fetch_story`'s rows."""
    story: dict = {"id": rows.story_id, "label": None}
    if rows.story is not None:
        story.update(rows.story)
    articles = []
    for n, r in enumerate(rows.articles, 1):
        a = dict(r)
        a["id"] = str(a["id"])
        a["number"] = n
        a["display_title"] = a["title"] or a["path"] or a["id"]
        a["badge"] = badge_or_none(a["score"], band=a["score_band"])
        a["url"] = links.scorecard(a["id"])
        a["outlet_url"] = links.outlet(a["outlet"])
        a["speakers"] = []
        a["only_here"] = []
        articles.append(a)
    by_id = {a["id"]: a for a in articles}
    ids = list(by_id)

    who_quoted_whom(rows.sourced, by_id, links)
    passages = shared_passages(rows.quotes, ids, links)
    copies = [copy_between(c, by_id, rows.copy_ends, links) for c in rows.copies]

    return {
        "story": story,
        "articles": articles,
        "passages": passages,
        "shared_passages": [p for p in passages if len(p["articles"]) > 1],
        "copies": copies,
        "links": {
            "overview": links.overview(),
            "articles": with_query(links.table("articles"), story_id=rows.story_id),
        },
    }


def who_quoted_whom(sourced: list[dict], by_id: dict[str, dict], links: PageLinks) -> None:
    """Give each article of ``by_id`` its ``speakers`` and what ``only_here`` it quotes.

    ``sourced`` is the story's quotations and attributed sentences. Each
    speaker entry counts the article's quotes and attributed sentences of
    that speaker, and in how many other articles of the story they speak;
    it and each ``only_here`` sentence link to the speaker's page.
    """
    quoted_by: dict[Any, set[str]] = {}
    for s in sourced:
        key = _speaker_key(s)
        if key:
            quoted_by.setdefault(key, set()).add(str(s["article_id"]))
    counts: dict[tuple[str, Any], dict] = {}
    for s in sourced:
        article_id = str(s["article_id"])
        if not s["speaker"]:
            continue
        key = _speaker_key(s)
        entry = counts.get((article_id, key))
        if entry is None:
            entry = counts[(article_id, key)] = {
                "speaker": s.get("speaker_name") or s["speaker"],
                "url": links.speaker_or_name(s.get("speaker_id"), s["speaker"]),
                "quotes": 0,
                "attributed": 0,
                "elsewhere": len(quoted_by[key] - {article_id}),
            }
            by_id[article_id]["speakers"].append(entry)
        entry["quotes" if s["kind"] == "quote" else "attributed"] += 1
        if quoted_by[key] == {article_id}:
            by_id[article_id]["only_here"].append(dict(s, speaker_url=entry["url"]))
    for a in by_id.values():
        a["speakers"].sort(key=lambda e: (-(e["quotes"] + e["attributed"]), e["speaker"]))


def shared_passages(quotes: list[dict], ids: list[str], links: PageLinks) -> list[dict]:
    """Each passage quoted in the story, with the articles quoting it and its speaker's page.

    Most-shared first, then by the first article (in ``ids`` order) quoting it.
    """
    found: dict[str, dict] = {}
    for r in quotes:
        p = found.setdefault(
            r["passage"],
            {
                "passage": r["passage"],
                "text": r["text"],
                "speaker": None,
                "speaker_url": None,
                "articles": set(),
            },
        )
        p["articles"].add(str(r["article_id"]))
        if not p["speaker"] and r["speaker"]:
            p["speaker"] = r.get("speaker_name") or r["speaker"]
            p["speaker_url"] = links.speaker_or_name(r.get("speaker_id"), r["speaker"])
    return sorted(
        found.values(),
        key=lambda p: (
            -len(p["articles"]),
            ids.index(min(p["articles"], key=ids.index)),
            p["passage"],
        ),
    )


def copy_between(
    copy: dict, by_id: dict[str, dict], copy_ends: dict[str, dict], links: PageLinks
) -> dict:
    """One row of ``copies`` with the article it is copied ``from_article`` and ``to_article``."""
    c = dict(copy)
    for end, key in (("source", "from_article"), ("copy", "to_article")):
        end_id = str(c[f"{end}_id"])
        info = by_id.get(end_id) or copy_ends.get(end_id) or {}
        c[key] = {
            "id": end_id,
            "url": links.scorecard(end_id),
            "title": info.get("display_title") or info.get("title") or end_id,
            "outlet": info.get("outlet"),
        }
    c["credited_text"] = {1: "yes", 0: "no"}.get(as_number(c["credited"]), "unknown")
    return c


def _speaker_key(sentence: dict) -> Any:
    """How speakers are matched across articles: by ``speaker_id`` (one name per person),
    else by the name as written, case and spacing ignored.

    >>> _speaker_key({"speaker": "  Mike  Pompeo ", "speaker_id": None})
    'mike pompeo'
    >>> _speaker_key({"speaker": "Pompeo", "speaker_id": 7}), _speaker_key({"speaker": None})
    (7, '')
    """
    if sentence.get("speaker_id") is not None:
        return sentence["speaker_id"]
    return " ".join(str(sentence.get("speaker") or "").split()).casefold()
