"""The database side of one name per person: ``speakers``, ``speaker_id``, kept up to date.

The speakers of the quote and attributed sentences (:mod:`datasette_sources.corpus.speakers`
says how a name is resolved) are kept in the database so that a load changes only what it
must. The invariant: every ``speakers`` row, and its forms in ``speaker_forms``, add up the
sentences whose ``speaker_id`` is that speaker; a sentence with no ``speaker_id`` is not
counted yet. Every change is made as a difference, in the transaction that moves the
sentences, so the counts never drift and a killed run resumes cleanly.

What changes after a load: the articles of every story the story pass changed
(``speaker_owed``, written with the stories), in three steps:

1. their speakers that need no context (full names, organisations, described sources);
2. surnames whose dominant full name changed (``speaker_surnames``): the lone surnames
   linked across the corpus are linked again, wherever they are;
3. their lone surnames, with their article's and story's full names.

>>> from datasette_sources.store.load import load
>>> db = sqlite_utils.Database(memory=True)
>>> _ = load(db, ["seeds"])
>>> linked = db.execute("select count(*) from sentences where speaker_id is not null").fetchone()
>>> db["speakers"].count > 0, linked[0] > 0
(True, True)
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import sqlite_utils

from ..corpus.speakers import (
    Changes,
    Who,
    by_article,
    dominant,
    full_mentions,
    full_names,
    is_lone,
    own_keys,
    resolve_lone,
    speaker_aliases,
    speaker_id,
    speaker_name,
    surname,
)
from .steps import die_here

#: Articles whose speakers are worked out per transaction.
BATCH = 2000

#: The tables of this module, made here rather than by schema.py.
SPEAKER_TABLES: dict[str, tuple[dict[str, type], Any]] = {
    "speaker_forms": ({"speaker_id": int, "form": str, "count": int}, ("speaker_id", "form")),
    "speaker_owed": ({"article_id": str, "story_id": str}, "article_id"),
    "speaker_surnames": ({"surname": str, "dominant": str, "touched": int}, "surname"),
}

_DDL = [
    "create table if not exists speaker_forms (speaker_id integer not null, form text not null, "
    "count integer not null, primary key (speaker_id, form)) without rowid",
    "create table if not exists speaker_owed (article_id text primary key, story_id text)",
    "create index if not exists speaker_owed_story on speaker_owed (story_id, article_id)",
    "create table if not exists speaker_surnames (surname text primary key, dominant text, "
    "touched integer) without rowid",
]

_MENTIONS = (
    "select article_id, speaker, speaker_type, kind, speaker_id from sentences "
    "where article_id in (select value from json_each(?)) and +speaker is not null "
    "and +speaker != '' and +kind in ('quote', 'attributed') order by article_id, position"
)


def _in_list(values: Iterable[Any]) -> str:
    return json.dumps(list(values))


def ensure_speaker_tables(db: sqlite_utils.Database) -> None:
    """This module's tables. A database whose speakers were counted before them is
    counted again from scratch: every article with a speaker is owed."""
    fresh = not db["speaker_forms"].exists()
    with db.atomic():
        for sql in _DDL:
            db.execute(sql)
        if fresh and db["speakers"].exists() and db["sentences"].exists():
            db.execute("delete from speakers")
            db.execute("update sentences set speaker_id = null where speaker_id is not null")
            db.execute("update quotes set speaker_id = null where speaker_id is not null")
            db.execute(
                "insert or ignore into speaker_owed select s.article_id, coalesce(a.story_id, '') "
                "from sentences s join articles a on a.id = s.article_id "
                "where s.speaker is not null and s.speaker != '' group by s.article_id"
            )


def owe_speakers(db: sqlite_utils.Database, members: Iterable[tuple[str, str]]) -> None:
    """Record (article, story) pairs whose speakers must be worked out again (their story
    changed); call it in the transaction that changes the story."""
    db.conn.executemany(
        "insert or replace into speaker_owed values (?, ?)", ((a, s or "") for a, s in members)
    )


def _apply(db: sqlite_utils.Database, changes: Changes) -> None:
    """Write ``changes`` (in the open transaction): sentences and quotes moved, counts,
    forms, names and aliases of every speaker touched; surnames to check marked."""
    db.conn.executemany(
        # "+": by the primary key (one article's sentences), never by the speaker's index.
        "update sentences set speaker_id = ? where article_id = ? and +speaker = ? "
        "and +kind in ('quote', 'attributed')",
        changes.moved,
    )
    db.conn.executemany(
        "update quotes set speaker_id = ? where article_id = ? and +speaker = ?", changes.moved
    )
    touched = sorted(set(changes.sentences) | set(changes.forms))
    if not touched:
        return
    ids = _in_list(touched)
    inside = "in (select value from json_each(?))"
    rows = {
        r[0]: r[1:]
        for r in db.execute(
            "select id, kind, key, article_count, quote_count, sentence_count from speakers "
            f"where id {inside}",
            [ids],
        )
    }
    db.conn.executemany(
        "insert into speaker_forms values (?, ?, ?) on conflict (speaker_id, form) "
        "do update set count = count + excluded.count",
        [(sid, f, n) for sid in touched for f, n in changes.forms.get(sid, {}).items() if n],
    )
    db.execute(f"delete from speaker_forms where speaker_id {inside} and count <= 0", [ids])
    forms: dict[int, dict[str, int]] = defaultdict(dict)
    for sid, form, n in db.execute(
        f"select speaker_id, form, count from speaker_forms where speaker_id {inside}", [ids]
    ):
        forms[sid][form] = n
    kept, gone, surnames = [], [], set()
    for sid in touched:
        if sid not in rows and sid not in changes.who:
            continue  # nothing counted under it, nothing to count: a speaker long gone
        kind, key, articles, quotes, sentences = rows.get(sid) or (*changes.who[sid], 0, 0, 0)
        who, seen = (kind, key), forms.get(sid)
        sentences += changes.sentences[sid]
        if sentences <= 0 or not seen:
            gone.append(sid)
        else:
            kept.append(
                (
                    sid,
                    speaker_name(who, seen),
                    kind,
                    articles + changes.articles[sid],
                    quotes + changes.quotes[sid],
                    sentences,
                    json.dumps(speaker_aliases(seen), ensure_ascii=False),
                    key,
                    surname(key) if kind == "person" else None,
                    full_mentions(who, seen),
                )
            )
        if kind == "person" and " " in key:
            surnames.add(surname(key))
    columns = (
        "id, name, kind, article_count, quote_count, sentence_count, aliases, key, surname, "
        "full_mentions"
    )
    db.conn.executemany(
        f"insert into speakers ({columns}) values ({', '.join('?' * 10)}) on conflict (id) do "
        "update set "
        + ", ".join(f"{c} = excluded.{c}" for c in columns.replace(" ", "").split(",")[1:]),
        kept,
    )
    db.execute(f"delete from speakers where id {inside}", [_in_list(gone)])
    db.execute(f"delete from speaker_forms where speaker_id {inside}", [_in_list(gone)])
    db.conn.executemany(
        "insert into speaker_surnames (surname, touched) values (?, 1) "
        "on conflict (surname) do update set touched = 1",
        [(n,) for n in sorted(surnames)],
    )


def forget_speakers(db: sqlite_utils.Database, ids: list[str]) -> None:
    """Before the sentences of ``ids`` are deleted (their articles are replaced): take their
    speakers out of the counts. Call it inside the transaction that replaces them."""
    if not db["speaker_forms"].exists() or not ids:
        return
    changes = Changes()
    for article in by_article(db.execute(_MENTIONS, [_in_list(ids)]).fetchall()).values():
        counted = {}
        for _, speaker, _, _, sid in article:
            counted.setdefault(speaker, sid)
        changes.count(article, counted, -1)
    _apply(db, changes)


def link_speakers(db: sqlite_utils.Database) -> int:
    """Work out the speakers of every owed article; return how many speakers there are."""
    ensure_speaker_tables(db)
    _owed_in_batches(db, _context_free)
    die_here("speakers counted")
    _check_surnames(db)
    _owed_in_batches(db, _lone_surnames, done=True)
    return db["speakers"].count


def _owed_in_batches(
    db: sqlite_utils.Database,
    work: Callable[[sqlite_utils.Database, dict[str, list[tuple]], dict[str, str]], Changes],
    done: bool = False,
) -> None:
    """Run ``work`` on the owed articles, whole stories at a time; with ``done``, they are
    no longer owed once worked out (in the same transaction)."""
    after: tuple[str, str] = ("", "")
    while True:
        owed = db.execute(
            "select article_id, story_id from speaker_owed where (story_id, article_id) > (?, ?) "
            "order by story_id, article_id limit ?",
            [*after, BATCH],
        ).fetchall()
        if not owed:
            return
        if len(owed) == BATCH:  # the last story whole
            owed += db.execute(
                "select article_id, story_id from speaker_owed where story_id = ? "
                "and article_id > ? order by article_id",
                [owed[-1][1], owed[-1][0]],
            ).fetchall()
        after = owed[-1][1], owed[-1][0]
        stories = dict(owed)
        articles = by_article(db.execute(_MENTIONS, [_in_list(stories)]).fetchall())
        changes = work(db, articles, stories)
        with db.atomic():
            _apply(db, changes)
            if done:
                db.execute(
                    "delete from speaker_owed where article_id in (select value from json_each(?))",
                    [_in_list(stories)],
                )
            die_here("speakers written")


def _context_free(
    db: sqlite_utils.Database, articles: dict[str, list[tuple]], stories: dict[str, str]
) -> Changes:
    """Step 1: every speaker that is what it says (a lone surname waits for step 3)."""
    changes = Changes()
    for article in articles.values():
        changes.move(
            article, {s: (None if is_lone(w) else w) for s, w in own_keys(article).items()}
        )
    return changes


def _lone_surnames(
    db: sqlite_utils.Database, articles: dict[str, list[tuple]], stories: dict[str, str]
) -> Changes:
    """Step 3: lone surnames, by article, story and the corpus's dominant full names."""
    in_story: dict[str, set[str]] = defaultdict(set)
    for aid, article in articles.items():
        if stories.get(aid):
            in_story[stories[aid]] |= full_names(article)
    lone = {w[1] for article in articles.values() for w in own_keys(article).values() if is_lone(w)}
    dominants = _dominants(db, lone)
    changes = Changes()
    for aid, article in articles.items():
        names, story = full_names(article), in_story.get(stories.get(aid) or "", set())
        new: dict[str, Who | None] = {}
        for speaker, who in own_keys(article).items():
            if is_lone(who):
                key = resolve_lone(who[1], names, story, dominants.get(who[1]))
                new[speaker] = (who[0], key)
        changes.move(article, new)
    return changes


def _dominants(db: sqlite_utils.Database, surnames: Iterable[str]) -> dict[str, str | None]:
    return dict(
        db.execute(
            "select surname, dominant from speaker_surnames "
            "where surname in (select value from json_each(?))",
            [_in_list(surnames)],
        ).fetchall()
    )


def _check_surnames(db: sqlite_utils.Database) -> None:
    """Step 2: for each surname whose full names' counts changed, its dominant full name
    now; where that changed, the lone surnames linked by it anywhere are linked again."""
    touched = dict(
        db.execute("select surname, dominant from speaker_surnames where touched = 1").fetchall()
    )
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for name, key, n in db.execute(
        "select surname, key, full_mentions from speakers where surname in "
        "(select value from json_each(?)) and kind = 'person' and full_mentions > 0",
        [_in_list(touched)],
    ):
        counts[name][key] = n
    now = {name: dominant(counts.get(name, {})) for name in touched}
    flipped = {n: (touched[n], now[n]) for n in sorted(touched) if now[n] != touched[n]}
    for changes in _relink(db, flipped):
        with db.atomic():
            _apply(db, changes)
    with db.atomic():
        # Done: the surnames' new dominant names, and nothing left to check.
        db.conn.executemany(
            "update speaker_surnames set dominant = ?, touched = 0 where surname = ?",
            [(now[n], n) for n in sorted(touched)],
        )


def _relink(
    db: sqlite_utils.Database, flipped: dict[str, tuple[str | None, str | None]]
) -> Iterable[Changes]:
    """Changes linking again, a batch of articles at a time, the lone surnames of
    ``flipped`` (surname -> dominant full name before, now) in articles not owed (the owed
    ones are linked in step 3) that the dominant name linked, or could link now."""
    ids = []
    for name, (before, _) in flipped.items():
        ids.append(speaker_id("person", name))
        if before:
            ids.append(speaker_id("person", before))
    found = [
        r[0]
        for r in db.execute(
            "select distinct article_id from sentences where speaker_id in "
            "(select value from json_each(?)) "
            "and article_id not in (select article_id from speaker_owed) order by article_id",
            [_in_list(ids)],
        )
    ]
    for start in range(0, len(found), BATCH):
        chunk = found[start : start + BATCH]
        stories = dict(
            db.execute(
                "select id, story_id from articles where id in (select value from json_each(?))",
                [_in_list(chunk)],
            ).fetchall()
        )
        members = dict(
            db.execute(
                "select id, story_id from articles where story_id in "
                "(select value from json_each(?))",
                [_in_list(set(stories.values()))],
            ).fetchall()
        )
        in_story: dict[str, set[str]] = defaultdict(set)
        for aid, article in by_article(
            db.execute(_MENTIONS, [_in_list(members)]).fetchall()
        ).items():
            in_story[members[aid]] |= full_names(article)
        changes = Changes()
        mentions = db.execute(_MENTIONS, [_in_list(chunk)]).fetchall()
        for aid, article in by_article(mentions).items():
            names, story = full_names(article), in_story.get(stories.get(aid) or "", set())
            new: dict[str, Who | None] = {}
            for speaker, who in own_keys(article).items():
                if who[0] == "person" and who[1] in flipped:
                    now = flipped[who[1]][1]
                    new[speaker] = ("person", resolve_lone(who[1], names, story, now))
            changes.move(article, new)
        yield changes
