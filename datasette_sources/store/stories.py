"""The database side of the corpus stage: stories, copies and traced passages.

The story pass (:func:`link_stories`) runs after every load that added or replaced
articles, in bounded memory and touching only what the new articles can change:

1. their fingerprints are counted and linked to their candidates (:mod:`.story_index`);
2. :func:`plan_stories` takes the articles that have no story (new ones, and the
   members of stories a replaced article left) with every story strongly linked
   to them, cuts them into blocks (:func:`datasette_sources.corpus.linkage.blocks`)
   and records the plan in ``story_plan``;
3. :func:`write_stories` clusters each block by average linkage from the stored
   links, writes ``stories`` and ``articles.story_id``, and compares the articles of
   every story that changed (:mod:`.story_copies`): ``copies``, copy signals,
   ``sentences.copied_from``, ``quotes.passage``.

Every step is a series of transactions that a killed run resumes: the plan is kept
until each block is written, and a block is written with its plan rows removed.
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
from datetime import date

import sqlite_utils

from ..corpus.linkage import BLOCK_SIZE, average_linkage, blocks
from ..corpus.stories import MAX_DAYS, THRESHOLD
from ..reading.outlet_names import OutletNames
from .passage_carriers import recount_due
from .progress import Phase, no_phase
from .speakers import ensure_speaker_tables, owe_speakers
from .steps import die_here
from .story_copies import compare_stories, write_comparisons
from .story_index import count_story_keys, ensure_story_tables, link_story_keys

#: Articles written per transaction (whole blocks: a block is never cut).
WRITE_BATCH = 2000

_PLAN_DDL = [
    "create table if not exists story_plan (article_id text primary key, block integer not null, "
    "old_story text, old_size integer)",
    "create index if not exists story_plan_block on story_plan (block, article_id)",
]


#: The steps of the grouping a progress bar counts: the keys counted, the new articles
#: linked to their candidates, the blocks planned.
GROUPING_STEPS = 3


def link_stories(
    db: sqlite_utils.Database, names: OutletNames | None = None, phase: Phase = no_phase
) -> set[str]:
    """Link new articles to their candidates, group what they change into stories, and
    compare the articles of each changed story.

    Returns the ids of articles whose copy signals changed: they need rescoring.
    ``names`` say which outlet names are one outlet (default: the package's);
    ``phase`` hears of each step as it starts (see :mod:`.progress`).
    """
    advance = phase("grouping articles into stories", GROUPING_STEPS)
    ensure_story_tables(db)
    ensure_speaker_tables(db)
    count_story_keys(db)
    advance(1)
    link_story_keys(db)
    advance(1)
    plan_stories(db)
    advance(1)
    die_here("stories grouped")
    planned = db.execute("select count(*) from story_plan").fetchone()[0]
    changed = write_stories(
        db, names, progress=phase("comparing the articles of each story", planned)
    )
    with db.atomic():  # passages due from quotations no changed story wrote (deletions)
        recount_due(db)
    return changed


def _in_list(values: Iterable[str]) -> str:
    return json.dumps(list(values))


def plan_stories(
    db: sqlite_utils.Database, threshold: float = THRESHOLD, block_size: int = BLOCK_SIZE
) -> int:
    """Plan which articles are grouped again, in which blocks; return how many.

    The articles without a story, and every story one of them is strongly linked to
    (a story no new article reaches strongly cannot change by average linkage, but
    through chains of stories it could; it is left as it is). A plan left by a killed
    run is carried on as it is when nothing new came since.
    """
    with db.atomic():
        for sql in _PLAN_DDL:
            db.execute(sql)
    loose = db.execute(
        "select count(*) from articles where story_id is null "
        "and id not in (select article_id from story_plan)"
    ).fetchone()[0]
    if not loose:
        return 0
    with db.atomic():
        db.execute("drop table if exists temp.story_region")
        db.execute(
            "create temp table story_region (n integer primary key, article_id text unique, "
            "old_story text)"
        )
        # Through the story_id index: the articles' text is never read.
        db.execute(
            """
            insert into temp.story_region (article_id, old_story)
            select id, story_id from (
                select id, story_id from articles where story_id is null
                union
                select id, story_id from articles where story_id in (
                    select a.story_id from articles s
                    join story_links l on l.article_id = s.id and l.similarity >= ?
                    join articles a on a.id = l.other_id
                    where s.story_id is null and a.story_id is not null)
            ) order by id
            """,
            [threshold],
        )
        size = db.execute("select count(*) from temp.story_region").fetchone()[0]
        strong = db.execute(
            """
            select l.similarity, r1.n - 1, r2.n - 1 from story_links l
            join temp.story_region r1 on r1.article_id = l.article_id
            join temp.story_region r2 on r2.article_id = l.other_id
            where l.similarity >= ? and r1.n < r2.n
            order by l.similarity desc, r1.n, r2.n
            """,
            [threshold],
        )
        label = blocks(size, strong, block_size)
        db.execute("delete from story_plan")
        db.conn.executemany(
            "insert into story_plan values (?, ?, ?, ?)",
            (
                (article, label[n - 1], old, old_size)
                for n, article, old, old_size in db.execute(
                    """
                    select r.n, r.article_id, r.old_story, s.size from temp.story_region r
                    left join (select old_story, count(*) size from temp.story_region
                               where old_story is not null group by old_story) s
                    using (old_story) order by r.n
                    """
                )
            ),
        )
        db.execute(
            "delete from stories where id in "
            "(select old_story from temp.story_region where old_story is not null)"
        )
        db.execute(
            "update articles set story_id = null where story_id is not null "
            "and id in (select article_id from temp.story_region)"
        )
        db.execute("drop table temp.story_region")
    return size


def _day(published: str | None) -> int | None:
    try:
        return date.fromisoformat(published[:10]).toordinal() if published else None
    except ValueError:
        return None


def write_stories(
    db: sqlite_utils.Database,
    names: OutletNames | None = None,
    threshold: float = THRESHOLD,
    max_days: int = MAX_DAYS,
    batch: int = WRITE_BATCH,
    progress: Callable[[int], None] = lambda n: None,
) -> set[str]:
    """Cluster every planned block and write its stories; return the ids of articles
    whose copy signals changed. ``progress`` hears of the planned articles written."""
    changed: set[str] = set()
    select = (
        "select p.article_id, p.block, p.old_story, p.old_size, k.published from story_plan p "
        "left join story_keys k on k.article_id = p.article_id "
    )
    while True:
        rows = db.execute(select + "order by p.block, p.article_id limit ?", [batch]).fetchall()
        if not rows:
            return changed
        if len(rows) == batch:  # the last block whole
            rows += db.execute(
                select + "where p.block = ? and p.article_id > ? order by p.article_id",
                [rows[-1][1], rows[-1][0]],
            ).fetchall()
        stories = _cluster_blocks(db, rows, threshold, max_days)
        changed |= _write_batch(db, rows, stories, names)
        progress(len(rows))


def _cluster_blocks(
    db: sqlite_utils.Database, rows: list[tuple], threshold: float, max_days: int
) -> list[list[str]]:
    """The stories of the planned blocks in ``rows`` (article, block, ..., published)."""
    block_of = {r[0]: r[1] for r in rows}
    edges: dict[str, dict[str, float]] = defaultdict(dict)
    for a, b, s in db.execute(
        "select article_id, other_id, similarity from story_links "
        "where article_id in (select value from json_each(?))",
        [_in_list(block_of)],
    ):
        if block_of.get(b) == block_of[a]:
            edges[a][b] = s
    by_block: dict[int, list[tuple]] = defaultdict(list)
    for r in rows:
        by_block[r[1]].append(r)
    stories = []
    for members in by_block.values():
        ids = sorted(r[0] for r in members)
        if len(ids) == 1:
            stories.append(ids)
            continue
        at = {a: i for i, a in enumerate(ids)}
        local = {at[a]: {at[b]: s for b, s in edges[a].items()} for a in ids if a in edges}
        days = {r[0]: _day(r[4]) for r in members}
        for story in average_linkage(len(ids), local, threshold, [days[a] for a in ids], max_days):
            stories.append(sorted(ids[i] for i in story))
    return stories


def _write_batch(
    db: sqlite_utils.Database,
    rows: list[tuple],
    stories: list[list[str]],
    names: OutletNames | None,
) -> set[str]:
    """Write the stories of one batch of planned blocks; compare those that changed."""
    old = {r[0]: (r[2], r[3]) for r in rows}
    ids = _in_list(old)
    info = {
        r[0]: r
        for r in db.execute(
            "select id, title, outlet, published from articles "
            "where id in (select value from json_each(?))",
            [ids],
        )
    }
    story_rows, assignment, redo = [], [], []
    for members in stories:
        members = [a for a in members if a in info]
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
        assignment += [(story_id, a) for a in members]
        before = {old[a] for a in members}
        story, size = next(iter(before))
        if len(before) > 1 or story is None or size != len(members):
            redo.append(members)  # new members, lost members, or new stories: compare again
    found = compare_stories(db, redo, names)
    with db.atomic():
        db["stories"].insert_all(story_rows, pk="id", replace=True)
        db.conn.executemany("update articles set story_id = ? where id = ?", assignment)
        changed = write_comparisons(db, found)
        recount_due(db)  # the passages just written, and any other due
        # A changed story can change who its surnames stand for.
        redone = {a for members in redo for a in members}
        owe_speakers(db, ((a, s) for s, a in assignment if a in redone))
        db.execute(
            "delete from story_plan where article_id in (select value from json_each(?))", [ids]
        )
        die_here("copies written")
    return changed
