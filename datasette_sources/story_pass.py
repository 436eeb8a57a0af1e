"""After a load: group stories, compare each story's articles, rescore, summarise outlets.

This is the database side of :mod:`datasette_sources.stories` and
:mod:`datasette_sources.copies`: it reads what the loader stored, runs those
pure functions, and writes ``stories``, ``copies``, ``quotes.passage``,
``sentences.copied_from``, the copy signals, the scores and ``outlets``.

>>> import sqlite_utils
>>> from datasette_sources.loader import load
>>> db = sqlite_utils.Database(memory=True)
>>> _ = load(db, ["seeds"])
>>> uncredited = db.execute("select count(*) from copies where credited = 0").fetchone()[0]
>>> db["stories"].count, uncredited > 0
(1, True)
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import sqlite_utils

from . import copies, scoring, stories
from .signals import all_signals

#: Shared words that make two quotations one passage traced across outlets.
PASSAGE_WORDS = 6


def refresh(db: sqlite_utils.Database, weights: Mapping[str, float] | None = None) -> None:
    """Recompute everything that depends on more than one article."""
    groups = group_stories(db)
    changed = compare_story_articles(db, [g for g in groups if len(g) > 1])
    if weights is not None:
        rescore(db, weights)
    elif changed:
        rescore(db, ids=changed)
    refresh_outlets(db)


def group_stories(db: sqlite_utils.Database) -> list[set[str]]:
    """Group every article into a story and write ``stories`` and ``articles.story_id``."""
    # Passages no other article has are most of a fingerprint and useless for grouping:
    # SQLite finds the shared ones, so that the rest never reach Python's memory.
    shared = {
        h
        for (h,) in db.execute(
            "select value from story_keys, json_each(story_keys.passages) "
            "group by value having count(*) between 2 and ?",
            [stories.PASSAGE_FANOUT],
        )
    }
    prints = [stories.from_row(r, shared) for r in db["story_keys"].rows]
    known = {p.article_id for p in prints}
    groups = stories.group(prints, consume=True)
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
    return [set(g) for g in groups]


def _sides(db: sqlite_utils.Database, ids: list[str]) -> list[copies.Side]:
    marks = ",".join("?" * len(ids))
    mentions: dict[str, list[str]] = defaultdict(list)
    for article_id, text in db.execute(
        f"select article_id, text from parts where article_id in ({marks}) "
        "and kind in ('credit', 'byline', 'bio')",
        ids,
    ):
        mentions[article_id].append(text)
    return [
        copies.Side(
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


def compare_story_articles(db: sqlite_utils.Database, groups: Iterable[set[str]]) -> set[str]:
    """Copies, copy signals and traced passages for every story of several articles.

    Returns the ids of articles whose copy signals changed (they need rescoring).
    """
    copy_rows: list[dict[str, Any]] = []
    shares: dict[str, tuple[float, float]] = {}
    copied_from: list[tuple[str, str, int]] = []
    passages: list[tuple[str, str, int, int]] = []
    for group in groups:
        ids = sorted(group)
        sides = _sides(db, ids)
        found = copies.find_copies(sides)
        shares.update(copies.copy_shares(sides, found))
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
                }
            )
        copied_from += _copied_sentences(db, sides, found)
        passages += _trace_passages(db, ids)
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
        db.conn.executemany(
            "update articles set originality = ?, uncredited_copy_share = ? where id = ?",
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
    return changed


def _copied_sentences(
    db: sqlite_utils.Database, sides: list[copies.Side], found: list[copies.Copy]
) -> list[tuple[str, str, int]]:
    """(source id, copy id, sentence position) for sentences inside a copied span."""
    bodies = {s.article_id: s.body for s in sides}
    out = []
    for c in found:
        body = bodies[c.copy_id]
        cursor = 0
        for position, text in db.execute(
            "select position, text from sentences where article_id = ? order by position",
            [c.copy_id],
        ):
            at = body.find(text, cursor)
            if at < 0:
                continue
            cursor = at + len(text)
            if at < c.copy_span[1] and cursor > c.copy_span[0]:
                out.append((c.source_id, c.copy_id, position))
    return out


def _trace_passages(db: sqlite_utils.Database, ids: list[str]) -> list[tuple[str, str, int, int]]:
    """Link the quotations of one story that share a run of words: one passage, many outlets."""
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"select article_id, position, number, quote_key from quotes where article_id in ({marks})",
        ids,
    ).fetchall()
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[tuple[str, ...], int] = {}
    for i, (_, _, _, key) in enumerate(rows):
        words = key.split()
        for j in range(len(words) - PASSAGE_WORDS + 1):
            gram = tuple(words[j : j + PASSAGE_WORDS])
            if gram in seen:
                a, b = find(seen[gram]), find(i)
                if a != b:
                    parent[b] = a
            else:
                seen[gram] = i
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(rows)):
        members[find(i)].append(i)
    out = []
    for group in members.values():
        if len({rows[i][0] for i in group}) < 2:
            continue  # quoted by one article only: nothing to trace
        name = max((rows[i][3] for i in group), key=len)
        out += [(name, rows[i][0], rows[i][1], rows[i][2]) for i in group]
    return out


def rescore(
    db: sqlite_utils.Database,
    weights: Mapping[str, float] | None = None,
    ids: Iterable[str] | None = None,
    batch_size: int = 1000,
) -> int:
    """Recompute scores and ``score_parts`` from stored signal values; no text is re-read.

    ``weights`` override the weights in force (and become the weights in force);
    ``ids`` limits the work to some articles. Returns how many were rescored.
    """
    from .loader import _score_part_rows, current_weights, write_signals

    signals = all_signals()
    in_force = current_weights(db, signals, weights)
    write_signals(db, signals, in_force)
    wanted = sorted(ids) if ids is not None else None
    done = 0
    columns = ["id", "sentence_count", "credit_kind", "credit", "bylines"] + [
        s.name for s in signals
    ]
    select = "select " + ", ".join(f"[{c}]" for c in columns) + " from articles"
    chunks: Iterable[list[str] | None] = (
        [wanted[i : i + batch_size] for i in range(0, len(wanted), batch_size)]
        if wanted is not None
        else [None]
    )
    for chunk in chunks:
        if chunk is not None and not chunk:
            continue
        sql = select + (f" where id in ({','.join('?' * len(chunk))})" if chunk else "")
        cursor = db.execute(sql, chunk or [])
        while True:
            rows = cursor.fetchmany(batch_size)
            if not rows:
                break
            updates, parts, touched = [], [], []
            for values in rows:
                row = dict(zip(columns, values, strict=True))
                result = scoring.score(row, signals, in_force)
                updates.append((result.score, result.band, row["id"]))
                parts += _score_part_rows(row["id"], result)
                touched.append(row["id"])
            with db.atomic():
                marks = ",".join("?" * len(touched))
                db.execute(f"delete from score_parts where article_id in ({marks})", touched)
                db["score_parts"].insert_all(parts)
                db.conn.executemany(
                    "update articles set score = ?, score_band = ? where id = ?", updates
                )
            done += len(rows)
    if ids is None or done:
        refresh_outlets(db)
    return done


def refresh_outlets(db: sqlite_utils.Database) -> None:
    """Per-outlet scores with intervals, from the articles' scores."""
    by_outlet: dict[str, list[float]] = defaultdict(list)
    for outlet, score in db.execute("select outlet, score from articles where score is not null"):
        by_outlet[outlet or "(unknown)"].append(score)
    with db.atomic():
        db.execute("delete from outlets")
        db["outlets"].insert_all([vars(o) for o in scoring.outlet_scores(by_outlet)], pk="outlet")
