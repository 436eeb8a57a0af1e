"""``/-/sources/<database>/article/<id>``: one article's scorecard.

:func:`fetch_scorecard` reads the article, its score parts, sentences and page
parts; :func:`shape_scorecard` turns those rows into the context of
``sources_article.html``, with no Datasette and no I/O.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..model import SENTENCE_KINDS
from ..scoring import NOT_SCORED, not_scored_reason
from .cells import as_number, badge_or_none, percent
from .databases import article_titles, select_columns, table_names
from .links import PageLinks, with_query

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
    "language",
)
#: The ``sentences`` columns the scorecard shows when they are there.
SENTENCE_COLUMNS = (
    "position",
    "paragraph",
    "kind",
    "speaker",
    "speaker_type",
    "speaker_id",
    "cue",
    "anonymous",
    "has_sic",
    "brackets",
    "copied_from",
    "opinion_reasons",
    "text",
)
#: What each sentence kind means, for the legend.
KIND_LEGEND = {
    "quote": "a direct quotation of someone's words",
    "attributed": "reported speech or paraphrase, with a cue such as “said”",
    "opinion": "the writer's own judgement, prediction or speculation",
    "author": "the writer's plain statement, not attributed",
}


@dataclass
class ScorecardRows:
    """What the scorecard reads about one article: rows as dicts."""

    tables: set[str]
    #: The article's :data:`SCORECARD_COLUMNS`, None for those the table lacks.
    article: dict
    #: ``label`` and ``article_count`` of the article's row in ``stories``, if there is one.
    story: dict | None = None
    #: The article's ``score_parts``, largest contribution first.
    score_parts: list[dict] = field(default_factory=list)
    #: ``label`` (plain name) and ``thresholds`` (in words) of each signal, by name.
    signals: dict[str, dict] = field(default_factory=dict)
    #: The article's sentences (:data:`SENTENCE_COLUMNS`) in order.
    sentences: list[dict] = field(default_factory=list)
    #: Title and outlet of each article the sentences were copied from, by id.
    copied_from: dict[str, dict] = field(default_factory=dict)
    #: The article's page parts (``kind``, ``text``) in order.
    parts: list[dict] = field(default_factory=list)
    #: Name and kind of each ``speakers`` row the sentences point to, by id.
    speakers: dict[int, dict] = field(default_factory=dict)


async def fetch_scorecard(db: Any, article_id: str) -> ScorecardRows | None:
    """Read what the scorecard shows about one article, or None when there is no such article."""
    tables = await table_names(db)
    select = await select_columns(db, "articles", SCORECARD_COLUMNS)
    row = (
        await db.execute(f"select {select} from articles where id = :id", {"id": article_id})
    ).first()
    if row is None:
        return None
    rows = ScorecardRows(tables=tables, article=dict(row))
    found_id = str(row["id"])
    story_id = row["story_id"]
    if story_id is not None and story_id != "" and "stories" in tables:
        srow = (
            await db.execute(
                "select label, article_count from stories where id = :id", {"id": str(story_id)}
            )
        ).first()
        rows.story = dict(srow) if srow is not None else None

    if "score_parts" in tables:
        result = await db.execute(
            "select signal, value, normalised, weight, contribution, explanation "
            "from score_parts where article_id = :id order by contribution desc, signal",
            {"id": found_id},
        )
        rows.score_parts = [dict(r) for r in result.rows]
    if "signals" in tables:
        select = await select_columns(db, "signals", ("name", "label", "thresholds"))
        result = await db.execute(f"select {select} from signals")
        rows.signals = {str(r["name"]): dict(r) for r in result.rows}

    if "sentences" in tables:
        sselect = await select_columns(db, "sentences", SENTENCE_COLUMNS)
        result = await db.execute(
            f"select {sselect} from sentences where article_id = :id order by position",
            {"id": found_id},
        )
        rows.sentences = [dict(r) for r in result.rows]
        rows.copied_from = await article_titles(
            db, {str(s["copied_from"]) for s in rows.sentences if s["copied_from"]}
        )
        rows.speakers = await speaker_names(
            db, tables, {s["speaker_id"] for s in rows.sentences if s["speaker_id"] is not None}
        )

    if "parts" in tables:
        result = await db.execute(
            "select kind, text from parts where article_id = :id order by position",
            {"id": found_id},
        )
        rows.parts = [dict(r) for r in result.rows]
    return rows


def shape_scorecard(rows: ScorecardRows, links: PageLinks) -> dict:
    """Everything the scorecard shows about one article, from :func:`fetch_scorecard`'s rows."""
    tables = rows.tables
    article = dict(rows.article)
    article["id"] = str(article["id"])
    article["display_title"] = article["title"] or article["path"] or article["id"]
    article["byline_list"] = _json_list(article["bylines"])
    article["badge"] = badge_or_none(article["score"], band=article["score_band"])
    # Why an article has no score: a language the reader does not read, no text found.
    article["not_scored"] = (
        not_scored_reason(article) if article["score_band"] == NOT_SCORED else None
    )

    page_links = {
        "row": links.row("articles", article["id"]),
        "outlet": links.outlet(article["outlet"]),
        "overview": links.overview(),
    }
    if "sentences" in tables:
        page_links["sentences"] = with_query(links.table("sentences"), article_id=article["id"])
    if "score_parts" in tables:
        page_links["score_parts"] = with_query(links.table("score_parts"), article_id=article["id"])
    story = None
    if article["story_id"] is not None and article["story_id"] != "":
        story = {"id": str(article["story_id"]), "label": None, "article_count": None}
        if rows.story is not None:
            story.update(label=rows.story["label"], article_count=rows.story["article_count"])
        story["url"] = links.story(story["id"])

    parts_of_score, unweighted = score_bars(rows.score_parts, rows.signals)
    paragraphs, speakers = sentences_by_paragraph(
        rows.sentences, rows.copied_from, links, rows.speakers
    )
    groups: dict[str, list[str]] = {}
    for r in rows.parts:
        groups.setdefault(str(r["kind"] or "other"), []).append(r["text"] or "")
    page_parts = [{"kind": k, "texts": v} for k, v in groups.items()]

    return {
        "article": article,
        "links": page_links,
        "story": story,
        "score_parts": parts_of_score,
        "total": score_total(parts_of_score),
        "unweighted": unweighted,
        "paragraphs": paragraphs,
        "speakers": speakers,
        "page_parts": page_parts,
        "legend": KIND_LEGEND,
    }


def score_bars(
    score_parts: list[dict], signals: dict[str, dict] | None = None
) -> tuple[list[dict], list[dict]]:
    """The weighted score parts with their bar widths, and the unweighted ones.

    Each weighted part gets ``possible`` (its most possible points out of 100),
    ``track_width`` (that, as a share of the largest part's) and ``fill_width``
    (its contribution, as a share of what was possible); every part gets its
    signal's ``label`` and ``thresholds`` from ``signals`` (by name).
    """
    parts_of_score: list[dict] = []
    unweighted: list[dict] = []
    items = [dict(r) for r in score_parts]
    for item in items:
        found = (signals or {}).get(str(item["signal"])) or {}
        item["label"] = found.get("label") or str(item["signal"]).replace("_", " ").capitalize()
        item["thresholds"] = found.get("thresholds") or ""
    total_weight = sum(
        (as_number(i["weight"]) or 0) for i in items if (as_number(i["weight"]) or 0) > 0
    )
    largest = max(
        [(as_number(i["weight"]) or 0) / total_weight * 100 for i in items if total_weight] or [0]
    )
    for item in items:
        weight = as_number(item["weight"]) or 0
        if weight <= 0:
            unweighted.append(item)
            continue
        possible = weight / total_weight * 100 if total_weight else 0
        item["possible"] = possible
        item["track_width"] = percent(possible, largest)
        item["fill_width"] = percent(item["contribution"], possible)
        parts_of_score.append(item)
    return parts_of_score, unweighted


def score_total(parts_of_score: list[dict]) -> dict | None:
    """The total row: the contributions added up (the score) out of the points possible.

    >>> score_total([{"contribution": 20.5, "possible": 30}, {"contribution": 40, "possible": 70}])
    {'contribution': 60.5, 'possible': 100}
    >>> score_total([]) is None
    True
    """
    if not parts_of_score:
        return None
    return {
        "contribution": round(sum(as_number(p["contribution"]) or 0 for p in parts_of_score), 2),
        "possible": round(sum(p["possible"] for p in parts_of_score), 2),
    }


def sentences_by_paragraph(
    sentences: list[dict],
    copied_from: dict[str, dict],
    links: PageLinks,
    speakers: dict[int, dict] | None = None,
) -> tuple[list[dict], list[dict]]:
    """The sentences grouped in paragraphs, ready to show, and the speakers, most quoted first.

    ``copied_from`` is the title and outlet of each article a sentence was copied from;
    ``speakers`` the name and kind of each ``speakers`` row, by id. A sentence with a
    ``speaker_id`` links to that speaker's page, whatever name each article gives
    them; the speaker list shows one entry per speaker, under its one name.
    """
    paragraphs: list[dict] = []
    speakers = speakers or {}
    seen_speakers: dict[Any, dict] = {}
    previous_source = None
    for s in (dict(row) for row in sentences):
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
                "url": links.scorecard(source_id),
                "title": (copied_from.get(source_id) or {}).get("title") or source_id,
                "outlet": (copied_from.get(source_id) or {}).get("outlet"),
            }
        else:
            s["copied"] = None
        s["reasons"] = _json_list(s.get("opinion_reasons")) if s["kind"] == "opinion" else []
        s["unresolved"] = s.get("speaker_type") == "unresolved" and not s["speaker"]
        speaker_id = s.get("speaker_id")
        if s["speaker"]:
            known = speakers.get(speaker_id) if speaker_id is not None else None
            # A database loaded before the speakers table has no speaker_id: the
            # link goes to the sentences with the name as written.
            s["speaker_url"] = links.speaker_or_name(speaker_id, s["speaker"])
            name = known["name"] if known else s["speaker"]
            entry = seen_speakers.setdefault(
                speaker_id if speaker_id is not None else s["speaker"],
                {
                    "speaker": name,
                    "kind": known["kind"] if known else None,
                    "url": s["speaker_url"],
                    "count": 0,
                    "as_written": [],
                },
            )
            entry["count"] += 1
            if s["speaker"] != name and s["speaker"] not in entry["as_written"]:
                entry["as_written"].append(s["speaker"])
        label = [s["kind"] or "unlabelled"]
        if s["speaker"]:
            label.append("speaker: " + str(s["speaker"]))
        elif s["unresolved"]:
            label.append("speaker: unresolved")
        if s["cue"]:
            label.append("cue: " + str(s["cue"]))
        s["title_attr"] = "; ".join(label)
        if not paragraphs or paragraphs[-1]["paragraph"] != s["paragraph"]:
            paragraphs.append({"paragraph": s["paragraph"], "sentences": []})
        paragraphs[-1]["sentences"].append(s)
    speakers = sorted(seen_speakers.values(), key=lambda e: (-e["count"], e["speaker"]))
    return paragraphs, speakers


async def speaker_names(db: Any, tables: set[str], ids: set[int]) -> dict[int, dict]:
    """Name and kind of each ``speakers`` row in ``ids``, by id."""
    found: dict[int, dict] = {}
    if "speakers" not in tables or not ids:
        return found
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        result = await db.execute(
            f"select id, name, kind from speakers where id in ({', '.join('?' * len(chunk))})",
            chunk,
        )
        for r in result.rows:
            found[r["id"]] = {"name": r["name"], "kind": r["kind"]}
    return found


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
