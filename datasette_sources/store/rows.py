"""Rows: what one read article contributes to each table, as plain dicts.

No database here; :mod:`.load` writes these rows.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from typing import Any

from .. import scoring
from ..corpus.stories import fingerprint
from ..corpus.stories import to_row as fingerprint_row
from ..inputs import Failure, Record
from ..model import Article
from ..reading.quotations import quote_key


def article_rows(art: Article, record: Record | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every row one read article contributes, table by table (no score yet)."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    row: dict[str, Any] = {
        "id": art.id,
        "title": art.title,
        "outlet": art.outlet,
        "outlet_source": art.outlet_source,
        "published": art.published,
        "updated": art.updated,
        "credit": art.credit,
        "credit_kind": art.credit_kind,
        "bylines": json.dumps(art.bylines) if art.bylines else None,
        "dateline": art.dateline,
        "language": art.language,
        "word_count": art.word_count,
        "sentence_count": len(art.sentences),
        "path": art.path,
        "url": art.url,
        "body": art.body,
        "loaded_at": now,
        # Scored after the story pass (store.rescore); a replaced article loses its old score.
        "score": None,
        "score_band": None,
    }
    if record is not None:
        row["source_id"] = record.id
        row["encoding"] = record.encoding
        row["metadata"] = json.dumps(record.extra, default=str) if record.extra else None
    row.update(art.signals)
    sentences = [
        {
            "article_id": art.id,
            "position": s.position,
            "paragraph": s.paragraph,
            "kind": s.kind,
            "speaker": s.speaker,
            "speaker_type": s.speaker_type,
            "cue": s.cue,
            "anonymous": int(s.anonymous),
            "has_sic": int(s.has_sic),
            "brackets": json.dumps(s.brackets) if s.brackets else None,
            "hedges": json.dumps(s.hedges) if s.hedges else None,
            "opinion_markers": json.dumps(s.opinion_markers) if s.opinion_markers else None,
            "opinion_reasons": json.dumps(s.opinion_reasons, ensure_ascii=False)
            if s.opinion_reasons
            else None,
            "opinion_score": s.opinion_score,
            "copied_from": None,
            "text": s.text,
        }
        for s in art.sentences
    ]
    parts = [
        {"article_id": art.id, "position": i, "kind": p.kind, "line": p.line, "text": p.text}
        for i, p in enumerate(art.parts)
    ]
    quotes = []
    for s in art.sentences:
        if s.kind != "quote":
            continue
        for n, q in enumerate(s.quotations):
            key = quote_key(q)
            if len(key.split()) >= 4:
                quotes.append(
                    {
                        "article_id": art.id,
                        "position": s.position,
                        "number": n,
                        "speaker": s.speaker,
                        "quote_key": key,
                        "text": q,
                    }
                )
    prints = fingerprint(
        art.id or "", art.title, art.body, art.published, [q["quote_key"] for q in quotes]
    )
    # Text the reader does not read stays out of stories and copies: a story of its own.
    read = scoring.not_scored_reason({"language": art.language}) is None
    return {
        "articles": [row],
        "sentences": sentences,
        "parts": parts,
        "quotes": quotes,
        "story_keys": [fingerprint_row(prints)] if read else [],
    }


def failure_id(f: Failure) -> str:
    """A stable id for a load error: the same failure of the same input is one row."""
    return hashlib.sha1(f"{f.path}\n{f.line}\n{f.reason}".encode()).hexdigest()[:16]


def score_part_rows(article_id: str, result: scoring.Score) -> list[dict[str, Any]]:
    """One ``score_parts`` row per weighted signal: why the score is what it is."""
    return [
        {
            "article_id": article_id,
            "signal": p.signal,
            "value": p.value,
            "normalised": p.normalised,
            "weight": p.weight,
            "contribution": round(p.contribution, 4),
            "explanation": p.explanation,
        }
        for p in result.parts
    ]


def failure_rows(failures: list[Failure]) -> list[dict[str, Any]]:
    """``load_errors`` rows, stamped with the time they were logged."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return [
        {"id": failure_id(f), "path": f.path, "line": f.line, "reason": f.reason, "logged_at": now}
        for f in failures
    ]
