"""Copies, copy signals and traced passages for the stories a story pass changed.

For each story whose articles changed, :func:`compare_stories` runs the pure
functions of :mod:`datasette_sources.corpus.copies` and :mod:`.corpus.passages`
on its articles, and :func:`write_comparisons` writes ``copies``, the copy signals
(``originality``, ``uncredited_copy_share``), ``sentences.copied_from`` and
``quotes.passage`` for exactly those articles, inside the caller's transaction.
Stories that did not change keep what they had.

>>> from datasette_sources.store.load import load
>>> db = sqlite_utils.Database(memory=True)
>>> _ = load(db, ["seeds"])
>>> db.execute("select count(*) from copies where credited = 0").fetchone()[0] > 0
True
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from ..corpus.copies import Copy, Side, copy_shares, find_copies
from ..corpus.passages import sentences_in_span, trace_passages
from ..reading.outlet_names import OutletNames


@dataclass
class Comparisons:
    """What comparing some stories' articles found, for :func:`write_comparisons`."""

    articles: list[str] = field(default_factory=list)  # every article compared (or reset)
    copies: list[dict[str, Any]] = field(default_factory=list)
    shares: dict[str, tuple[float, float]] = field(default_factory=dict)
    copied_from: dict[tuple[str, int], str] = field(default_factory=dict)
    passages: list[tuple[str, str, int, int]] = field(default_factory=list)


def _in_list(values: Iterable[str]) -> str:
    return json.dumps(list(values))


def _story_sides(db: sqlite_utils.Database, ids: list[str]) -> list[Side]:
    mentions: dict[str, list[str]] = defaultdict(list)
    for article_id, text in db.execute(
        "select article_id, text from parts where article_id in (select value from json_each(?)) "
        "and +kind in ('credit', 'byline', 'bio') order by rowid",
        [_in_list(ids)],
    ):
        mentions[article_id].append(text)
    return [
        Side(
            article_id=r["id"],
            body=r["body"] or "",
            published=r["published"],
            outlet=r["outlet"],
            credit=r["credit"],
            credit_kind=r["credit_kind"],
            mentions=" ".join(mentions[r["id"]]),
        )
        for r in db.query(
            "select id, body, published, outlet, credit, credit_kind from articles "
            "where id in (select value from json_each(?)) order by published, id",
            [_in_list(ids)],
        )
    ]


def compare_stories(
    db: sqlite_utils.Database, stories: Iterable[Iterable[str]], names: OutletNames | None = None
) -> Comparisons:
    """Compare the articles of each story (sets of article ids); a story of one article
    has no copies and its article's copy signals are reset."""
    out = Comparisons()
    for story in stories:
        ids = sorted(story)
        out.articles += ids
        if len(ids) < 2:
            continue
        sides = _story_sides(db, ids)
        found = find_copies(sides, names=names)
        out.shares.update(copy_shares(sides, found))
        for c in found:
            out.copies.append(
                {
                    "source_id": c.source_id,
                    "copy_id": c.copy_id,
                    "source_span": json.dumps(c.source_span),
                    "copy_span": json.dumps(c.copy_span),
                    "words": c.words,
                    "text": c.text,
                    "credited": int(c.credited),
                    "evidence": "; ".join(c.evidence),
                    "direction": c.direction,
                }
            )
        for source, copy, position in _copied_sentences(db, sides, found):
            out.copied_from[(copy, position)] = source
        out.passages += trace_passages(
            db.execute(
                "select article_id, position, number, quote_key from quotes "
                "where article_id in (select value from json_each(?)) order by rowid",
                [_in_list(ids)],
            ).fetchall()
        )
    for a in out.articles:
        out.shares.setdefault(a, (1.0, 0.0))
    return out


def _copied_sentences(
    db: sqlite_utils.Database, sides: list[Side], found: list[Copy]
) -> list[tuple[str, str, int]]:
    """(source id, copy id, sentence position) for sentences inside a copied span."""
    bodies = {s.article_id: s.body for s in sides}
    out = []
    for c in found:
        if c.direction == "unknown":
            continue  # neither article copied the other, as far as anyone can tell
        sentences = db.execute(
            "select position, text from sentences where article_id = ? order by position",
            [c.copy_id],
        )
        for position in sentences_in_span(bodies[c.copy_id], sentences, c.copy_span):
            out.append((c.source_id, c.copy_id, position))
    return out


def write_comparisons(db: sqlite_utils.Database, found: Comparisons) -> set[str]:
    """Write what :func:`compare_stories` found, in the open transaction; return the ids of
    articles whose copy signals changed (their scores are cleared with them)."""
    if not found.articles:
        return set()
    ids = _in_list(found.articles)
    inside = "in (select value from json_each(?))"
    current = {
        a: (o, u)
        for a, o, u in db.execute(
            f"select id, originality, uncredited_copy_share from articles where id {inside}", [ids]
        )
    }
    changed = {a for a, v in found.shares.items() if a in current and current[a] != v}
    db.execute(f"delete from copies where copy_id {inside}", [ids])
    db.execute(f"delete from copies where source_id {inside}", [ids])
    if found.copies:
        db["copies"].insert_all(found.copies, alter=True)
    # A score built on the old copy signals is wrong now: cleared in the same
    # transaction, so that it is recomputed even if this run is killed before rescoring.
    db.conn.executemany(
        "update articles set originality = ?, uncredited_copy_share = ?, "
        "score = null, score_band = null where id = ?",
        [(found.shares[a][0], found.shares[a][1], a) for a in sorted(changed)],
    )
    # Only sentences whose source changes are written: sentences carry a full-text index.
    now = {
        (a, p): src
        for a, p, src in db.execute(
            "select article_id, position, copied_from from sentences "
            f"where article_id {inside} and copied_from is not null",
            [ids],
        )
    }
    wanted = found.copied_from
    db.conn.executemany(
        "update sentences set copied_from = ? where article_id = ? and position = ?",
        [
            (wanted.get(k), k[0], k[1])
            for k in sorted(set(now) | set(wanted))
            if now.get(k) != wanted.get(k)
        ],
    )
    db.execute(f"update quotes set passage = null where article_id {inside}", [ids])
    db.conn.executemany(
        "update quotes set passage = ? where article_id = ? and position = ? and number = ?",
        found.passages,
    )
    return changed
