"""The database side of the corpus stage: stories, copies and traced passages.

Reads what the load stored, runs the pure functions of :mod:`datasette_sources.corpus`
and writes ``stories``, ``articles.story_id``, ``copies``, ``sentences.copied_from``,
``quotes.passage`` and the copy signals (``originality``, ``uncredited_copy_share``).
Scores are :mod:`.rescore`'s job.

>>> from datasette_sources.store.load import load
>>> db = sqlite_utils.Database(memory=True)
>>> _ = load(db, ["seeds"])
>>> uncredited = db.execute("select count(*) from copies where credited = 0").fetchone()[0]
>>> db["stories"].count, uncredited > 0
(1, True)
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import sqlite_utils

from ..corpus.copies import Copy, Side, copy_shares, find_copies
from ..corpus.passages import sentences_in_span, trace_passages
from ..corpus.stories import PASSAGE_FANOUT
from ..corpus.stories import from_row as fingerprint_from_row
from ..corpus.stories import group as group_fingerprints
from ..reading.outlet_names import OutletNames
from .progress import Phase, no_phase
from .steps import die_here


def link_stories(
    db: sqlite_utils.Database, names: OutletNames | None = None, phase: Phase = no_phase
) -> set[str]:
    """Group every article into a story, then compare the articles of each story.

    Returns the ids of articles whose copy signals changed: they need rescoring.
    ``names`` say which outlet names are one outlet (default: the package's);
    ``phase`` hears of each step as it starts (see :mod:`.progress`).
    """
    groups = group_stories(db, phase("grouping articles into stories", GROUPING_STEPS))
    die_here("stories grouped")
    several = [g for g in groups if len(g) > 1]
    advance = phase("comparing the articles of each story", len(several))
    return compare_story_articles(db, several, names, advance)


#: The steps of :func:`group_stories` a progress bar counts: the shared passages, the
#: fingerprints, the grouping, the writing.
GROUPING_STEPS = 4


def group_stories(
    db: sqlite_utils.Database, progress: Callable[[int], None] = lambda n: None
) -> list[set[str]]:
    """Group every article into a story and write ``stories`` and ``articles.story_id``.

    ``progress`` is called with 1 as each of the :data:`GROUPING_STEPS` is done.
    """
    # Passages no other article has are most of a fingerprint and useless for grouping:
    # SQLite finds the shared ones, so that the rest never reach Python's memory.
    shared = {
        h
        for (h,) in db.execute(
            "select value from story_keys, json_each(story_keys.passages) "
            "group by value having count(*) between 2 and ?",
            [PASSAGE_FANOUT],
        )
    }
    progress(1)
    prints = [fingerprint_from_row(r, shared) for r in db["story_keys"].rows]
    known = {p.article_id for p in prints}
    progress(1)
    groups = group_fingerprints(prints, consume=True)
    progress(1)
    # Articles loaded before fingerprints existed are stories of their own.
    groups += [{a} for (a,) in db.execute("select id from articles") if a not in known]
    info = {r[0]: r for r in db.execute("select id, title, outlet, published from articles")}
    story_rows, assignment = [], []
    for group in groups:
        members = [a for a in group if a in info]
        if not members:
            continue
        ordered = sorted(members, key=lambda a: (info[a][3] or "9999", a))
        story_id = ordered[0]
        story_rows.append(
            {
                "id": story_id,
                "label": info[story_id][1],
                "article_count": len(members),
                "outlet_count": len({info[a][2] for a in members if info[a][2]}),
            }
        )
        assignment.extend((a, story_id) for a in members)
    with db.atomic():
        db.execute("delete from stories")
        db["stories"].insert_all(story_rows, pk="id")
        db.execute("drop table if exists temp.story_of")
        db.execute("create temp table story_of (article_id text primary key, story_id text)")
        db.conn.executemany("insert into temp.story_of values (?, ?)", assignment)
        # Only rows whose story changes are written, so FTS triggers do not fire needlessly.
        db.execute(
            """
            update articles set story_id = (
                select story_id from temp.story_of where article_id = articles.id)
            where story_id is not (
                select story_id from temp.story_of where article_id = articles.id)
            """
        )
        db.execute("drop table temp.story_of")
    progress(1)
    return [set(g) for g in groups]


def _story_sides(db: sqlite_utils.Database, ids: list[str]) -> list[Side]:
    marks = ",".join("?" * len(ids))
    mentions: dict[str, list[str]] = defaultdict(list)
    for article_id, text in db.execute(
        f"select article_id, text from parts where article_id in ({marks}) "
        "and kind in ('credit', 'byline', 'bio')",
        ids,
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
            f"where id in ({marks}) order by published, id",
            ids,
        )
    ]


def compare_story_articles(
    db: sqlite_utils.Database,
    groups: Iterable[set[str]],
    names: OutletNames | None = None,
    progress: Callable[[int], None] = lambda n: None,
) -> set[str]:
    """Copies, copy signals and traced passages for every story of several articles.

    Returns the ids of articles whose copy signals changed (they need rescoring);
    ``progress`` is called with 1 as each story is done.
    """
    copy_rows: list[dict[str, Any]] = []
    shares: dict[str, tuple[float, float]] = {}
    copied_from: list[tuple[str, str, int]] = []
    passages: list[tuple[str, str, int, int]] = []
    for group in groups:
        ids = sorted(group)
        sides = _story_sides(db, ids)
        found = find_copies(sides, names=names)
        shares.update(copy_shares(sides, found))
        for c in found:
            copy_rows.append(
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
        copied_from += _copied_sentences(db, sides, found)
        passages += trace_passages(_quote_keys(db, ids))
        progress(1)
    current = {
        r[0]: (r[1], r[2])
        for r in db.execute("select id, originality, uncredited_copy_share from articles")
    }
    for article_id in current:
        shares.setdefault(article_id, (1.0, 0.0))
    changed = {a for a, v in shares.items() if a in current and tuple(current[a]) != v}
    with db.atomic():
        db.execute("delete from copies")
        if copy_rows:
            db["copies"].insert_all(copy_rows, alter=True)
        # A score built on the old copy signals is wrong now: cleared in the same
        # transaction, so that it is recomputed even if this run is killed before rescoring.
        db.conn.executemany(
            "update articles set originality = ?, uncredited_copy_share = ?, "
            "score = null, score_band = null where id = ?",
            [(shares[a][0], shares[a][1], a) for a in changed],
        )
        # Only sentences whose source changes are written: sentences carry a full-text index.
        wanted = {(a, p): src for src, a, p in copied_from}
        now = {
            (a, p): src
            for a, p, src in db.execute(
                "select article_id, position, copied_from from sentences "
                "where copied_from is not null"
            )
        }
        db.conn.executemany(
            "update sentences set copied_from = ? where article_id = ? and position = ?",
            [
                (wanted.get(k), k[0], k[1])
                for k in set(now) | set(wanted)
                if now.get(k) != wanted.get(k)
            ],
        )
        db.execute("update quotes set passage = null where passage is not null")
        db.conn.executemany(
            "update quotes set passage = ? where article_id = ? and position = ? and number = ?",
            passages,
        )
        die_here("copies written")
    return changed


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


def _quote_keys(db: sqlite_utils.Database, ids: list[str]) -> list[tuple[str, int, int, str]]:
    marks = ",".join("?" * len(ids))
    return db.execute(
        f"select article_id, position, number, quote_key from quotes where article_id in ({marks})",
        ids,
    ).fetchall()
