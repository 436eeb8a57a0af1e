"""The database side of one name per person: the ``speakers`` table and ``speaker_id``.

Reads the speakers the load stored (``sentences`` of kind quote or attributed, with
their article's story), gathers them with :func:`datasette_sources.corpus.speakers.gather`,
and writes ``speakers`` and the ``speaker_id`` of ``sentences`` and ``quotes``. The
table is rebuilt whole after every load: a new article can join two names into one.

>>> from datasette_sources.store.load import load
>>> db = sqlite_utils.Database(memory=True)
>>> _ = load(db, ["seeds"])
>>> linked = db.execute("select count(*) from sentences where speaker_id is not null").fetchone()
>>> db["speakers"].count > 0, linked[0] > 0
(True, True)
"""

from __future__ import annotations

import json

import sqlite_utils

from ..corpus.speakers import Mention, gather


def link_speakers(db: sqlite_utils.Database) -> int:
    """Rebuild ``speakers`` and set every ``speaker_id``; return how many speakers there are."""
    rows = db.execute(
        "select s.article_id, a.story_id, s.speaker, s.speaker_type, s.kind "
        "from sentences s join articles a on a.id = s.article_id "
        "where s.speaker is not null and s.speaker != '' and s.kind in ('quote', 'attributed')"
    )
    people, of = gather(Mention(*r) for r in rows)
    with db.atomic():
        db.execute("delete from speakers")
        db["speakers"].insert_all(
            (
                {
                    "id": p.id,
                    "name": p.name,
                    "kind": p.kind,
                    "article_count": p.article_count,
                    "quote_count": p.quote_count,
                    "sentence_count": p.sentence_count,
                    "aliases": json.dumps(p.aliases, ensure_ascii=False),
                    "key": p.key,
                }
                for p in people
            ),
            pk="id",
            batch_size=1000,
        )
        db.execute("drop table if exists temp.speaker_of")
        db.execute(
            "create temp table speaker_of (article_id text, speaker text, speaker_id integer, "
            "primary key (article_id, speaker))"
        )
        db.conn.executemany(
            "insert into temp.speaker_of values (?, ?, ?)",
            ((a, name, sid) for (a, name), sid in of.items()),
        )
        for table in ("sentences", "quotes"):
            # Only rows whose speaker changes are written: a load of nothing new writes nothing.
            db.execute(
                f"update [{table}] set speaker_id = null where speaker_id is not null and not "
                "exists (select 1 from temp.speaker_of m "
                f"where m.article_id = [{table}].article_id and m.speaker = [{table}].speaker)"
            )
            db.execute(
                f"update [{table}] set speaker_id = m.speaker_id from temp.speaker_of m "
                f"where m.article_id = [{table}].article_id and m.speaker = [{table}].speaker "
                f"and [{table}].speaker_id is not m.speaker_id"
            )
        db.execute("drop table temp.speaker_of")
    return len(people)
