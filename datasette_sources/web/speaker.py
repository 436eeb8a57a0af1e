"""``/-/sources/<database>/speaker/<id>``: one speaker, everywhere the database quotes them.

:func:`shape_speaker` turns what :func:`.speaker_rows.fetch_speaker` reads (the
speaker's row, the outlets that quote or cite them, one page of their sentences, the
quotations of theirs that several articles carry) into the context of
``sources_speaker.html``, with no Datasette and no I/O.
"""

from __future__ import annotations

import json
from typing import Any

from .cells import as_number, badge_or_none
from .formats import number
from .links import UNKNOWN_OUTLET, PageLinks, with_query
from .paging import Pager
from .speaker_rows import PASSAGE_LIMIT, SpeakerRows

#: The sentence kinds that quote or cite a speaker.
SOURCED_KINDS = ("quote", "attributed")
#: Outlets listed before the rest are folded away.
OUTLETS_SHOWN = 20
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


def outlet_counts(rows: SpeakerRows) -> dict[str, int]:
    """Known outlets, sentences, and 1 if some sentence is of no known outlet, over every
    outlet: the fetched totals, or the listed outlets' own when there are none.

    >>> rows = SpeakerRows(speaker={}, tables=set(), outlets=[
    ...     {"outlet": "CNN", "sentences": 4}, {"outlet": None, "sentences": 2}])
    >>> outlet_counts(rows)
    {'outlets': 1, 'sentences': 6, 'unknown': 1}
    >>> rows.totals = {"outlets": 250, "sentences": 9000, "unknown": 0}
    >>> outlet_counts(rows)
    {'outlets': 250, 'sentences': 9000, 'unknown': 0}
    """
    if rows.totals:
        return {
            k: int(as_number(rows.totals.get(k)) or 0) for k in ("outlets", "sentences", "unknown")
        }
    return {
        "outlets": sum(1 for o in rows.outlets if o["outlet"] is not None),
        "sentences": sum(int(as_number(o["sentences"]) or 0) for o in rows.outlets),
        "unknown": int(any(o["outlet"] is None for o in rows.outlets)),
    }


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
    counts = outlet_counts(rows)
    pager = Pager(rows.page, counts["sentences"])
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
            "outlet_count": counts["outlets"],
            "unknown_outlet": bool(counts["unknown"]),
        },
        "outlets": outlets[:OUTLETS_SHOWN],
        "more_outlets": outlets[OUTLETS_SHOWN:],
        # Outlets not listed at all (past OUTLETS_LISTED), the unknown one counted as one.
        "unlisted_outlets": max(0, counts["outlets"] + counts["unknown"] - len(outlets)),
        "too_slow": list(rows.too_slow),
        "runs": sentences_by_article(rows.sentences, name, links),
        "passages": traced_passages(rows, links),
        "passage_count": rows.passage_count,
        "passage_limit": PASSAGE_LIMIT,
        "pager": {
            "first": first,
            "last": last,
            "total": number(counts["sentences"]),
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
            "speaker_outlets": with_query(
                links.table("speaker_outlets"), speaker_id=speaker["id"], _sort_desc="article_count"
            )
            if "speaker_outlets" in rows.tables
            else None,
            "passages": with_query(
                links.table("quotes"), speaker_id=speaker["id"], passage__notblank=1
            )
            if rows.passage_count > len(rows.passages)
            else None,
        },
    }
