"""The story pass in the database: the stories grouping everything in memory makes, kept
counts that add up, and later loads that change only what their articles can change."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta

import pytest
import sqlite_utils
from conftest import SEEDS

from datasette_sources.corpus.speakers import Mention, gather
from datasette_sources.corpus.stories import counted_keys, from_row, group, linking_keys
from datasette_sources.store import load
from datasette_sources.store.stories import plan_stories, write_stories
from datasette_sources.store.story_index import (
    NAME_POSTINGS,
    SHARED_POSTINGS,
    link_story_keys,
)

#: Short articles about four events, from three outlets, a few days apart; two undated.
EVENTS = [
    ("Gazette", "2019-03-04", "Gunman kills three at Denver mall",
     "Police in Denver said a gunman killed three people at the Cherry Creek mall on Monday. "
     "Chief Paul Pazen said the suspect, John Carter, was arrested after a standoff. "
     '"We will not rest until every family has answers," Pazen said.'),
    ("Times", "2019-03-05", "Shooting at Denver shopping centre",
     "A gunman killed three people at Cherry Creek mall in Denver, police chief Paul Pazen "
     "said, adding that John Carter had been arrested after a standoff. "
     '"We will not rest until every family has answers," Pazen told reporters.'),
    ("Herald", None, "Denver mall gunman held",
     "John Carter, the man police say killed three people at the Cherry Creek mall in Denver, "
     "was held without bail. Pazen said the standoff lasted two hours."),
    ("Gazette", "2019-03-08", "Gunman kills two at Atlanta school",
     "Police in Atlanta said a gunman killed two people at Grady High School on Friday. "
     "Chief Erika Shields said the suspect was arrested."),
    ("Times", "2020-01-07", "Council passes Springfield budget",
     "The Springfield council passed Mayor Ana Ruiz's budget on Tuesday after cutting "
     "library hours, a plan treasurer Li Wei called painful but necessary. Ruiz said the "
     "cuts would be reversed next year."),
    ("Herald", "2020-01-08", "Springfield budget approved",
     "Mayor Ana Ruiz won approval of her budget from the Springfield council, which cut "
     "library hours; treasurer Li Wei said the cuts were painful but necessary. Ruiz said "
     "the library would reopen on Sundays next year."),
    ("Gazette", None, "Library hours cut in Springfield",
     "Springfield's libraries will close on Sundays after the council cut library hours in "
     "Mayor Ana Ruiz's budget. Li Wei, the treasurer, said the cuts were painful."),
]  # fmt: skip


def write_events(folder, events, name="events") -> str:
    path = folder / f"{name}.jsonl"
    with open(path, "w") as f:
        for outlet, published, title, text in events:
            row = {"outlet": outlet, "title": title, "text": text}
            if published:
                row["published"] = published
            f.write(json.dumps(row) + "\n")
    return str(path)


def stories(db) -> set[frozenset[str]]:
    members: dict[str, set[str]] = {}
    for aid, sid in db.execute("select id, story_id from articles"):
        members.setdefault(sid, set()).add(aid)
    return {frozenset(m) for m in members.values()}


def in_memory(db, **options) -> set[frozenset[str]]:
    prints = [from_row(r) for r in db["story_keys"].rows]
    grouped = {frozenset(g) for g in group(prints, **options)}
    keyless = {
        frozenset({a})
        for (a,) in db.execute(
            "select id from articles where id not in (select article_id from story_keys)"
        )
    }
    return grouped | keyless


def copies(db) -> list[tuple]:
    return db.execute(
        "select source_id, copy_id, source_span, copy_span, credited, direction from copies "
        "order by 1, 2, 3"
    ).fetchall()


@pytest.fixture
def events(tmp_path):
    return write_events(tmp_path, EVENTS)


def test_one_load_makes_the_stories_of_grouping_in_memory(fresh_db, events):
    load(fresh_db, [str(SEEDS), events])
    assert stories(fresh_db) == in_memory(fresh_db)
    assert len(stories(fresh_db)) == 4  # the seeds, Denver, Atlanta, Springfield
    # Each story row counts its articles.
    for sid, n in fresh_db.execute("select id, article_count from stories"):
        assert fresh_db.execute(
            "select count(*) from articles where story_id = ?", [sid]
        ).fetchone() == (n,)


def test_blocks_cut_the_same_way_in_the_database_and_in_memory(fresh_db, events):
    load(fresh_db, [str(SEEDS), events])
    for size in (1, 2, 3):
        with fresh_db.atomic():
            fresh_db.execute("update articles set story_id = null")
            fresh_db.execute("delete from stories")
        plan_stories(fresh_db, block_size=size)
        write_stories(fresh_db)
        assert stories(fresh_db) == in_memory(fresh_db, block_size=size), size
    # One article a block: nothing is grouped.
    assert len(in_memory(fresh_db, block_size=1)) == fresh_db["articles"].count


def test_links_do_not_depend_on_the_batch_size(fresh_db, events):
    load(fresh_db, [str(SEEDS), events])
    links = "select * from story_links order by 1, 2"
    whole = fresh_db.execute(links).fetchall()
    assert whole
    for size in (1, 2, 5):
        with fresh_db.atomic():
            fresh_db.execute("delete from story_links")
            fresh_db.execute("update story_keys set stage = 1")
        link_story_keys(fresh_db, batch=size)
        assert fresh_db.execute(links).fetchall() == whole, size


def kept_counts_add_up(db) -> None:
    """story_df, the posting lists and story_links say what the fingerprints say."""
    prints = [from_row(r) for r in db["story_keys"].rows]
    want = Counter(k for p in prints for k in counted_keys(p))
    names_terms = {k: n for k, n in want.items() if k[0] in "nt"}
    assert dict(db.execute("select key, df from story_df").fetchall()) == names_terms
    having: dict[str, set[str]] = {}
    for p in prints:
        for k in linking_keys(p):
            having.setdefault(k, set()).add(p.article_id)
    kept: dict[str, set[str]] = {}
    for k, a in db.execute("select key, article_id from story_postings"):
        kept.setdefault(k, set()).add(a)
    for h, a in db.execute("select hash, article_id from story_passages"):
        kept.setdefault(f"p:{h}", set()).add(a)
    for k, articles in having.items():
        limit = NAME_POSTINGS if k[0] == "n" else SHARED_POSTINGS
        if len(articles) <= limit:
            assert kept.get(k) == articles, k  # every article that has it
        else:  # too common to link anything: a full list, or (names) whatever came first
            assert kept.get(k, set()) <= articles and len(kept.get(k, ())) <= limit, k
    links = dict(((a, b), s) for a, b, s in db.execute("select * from story_links"))
    assert all(links.get((b, a)) == s for (a, b), s in links.items())
    known = {p.article_id for p in prints}
    assert {a for a, _ in links} <= known
    assert db.execute("select count(*) from story_keys where stage is not 2").fetchone() == (0,)
    assert db.execute("select count(*) from articles where story_id is null").fetchone() == (0,)


def speakers_add_up(db) -> None:
    """The speakers kept step by step are those of gathering every mention at once."""
    rows = db.execute(
        "select s.article_id, a.story_id, s.speaker, s.speaker_type, s.kind from sentences s "
        "join articles a on a.id = s.article_id where s.speaker is not null and s.speaker != '' "
        "and s.kind in ('quote', 'attributed') order by s.article_id, s.position"
    ).fetchall()
    people, of = gather(Mention(*r) for r in rows)
    want = {
        (p.id, p.name, p.kind, p.article_count, p.quote_count, p.sentence_count, p.key)
        for p in people
    }
    got = set(
        db.execute(
            "select id, name, kind, article_count, quote_count, sentence_count, key from speakers"
        ).fetchall()
    )
    assert got == want
    aliases = {p.id: p.aliases for p in people}
    assert {i: json.loads(a) for i, a in db.execute("select id, aliases from speakers")} == aliases
    linked = db.execute(
        "select article_id, speaker, speaker_id from sentences where speaker_id is not null"
    ).fetchall()
    assert {(a, s): i for a, s, i in linked} == of


def test_a_load_in_parts_gives_the_stories_of_one_load(tmp_path, events):
    whole = sqlite_utils.Database(tmp_path / "whole.db")
    load(whole, [str(SEEDS), events])
    parts = sqlite_utils.Database(tmp_path / "parts.db")
    load(parts, [write_events(tmp_path, EVENTS[:4], "first")])
    load(parts, [str(SEEDS)])
    load(parts, [events])
    assert stories(parts) == stories(whole)
    assert copies(parts) == copies(whole)
    kept_counts_add_up(parts)
    speakers_add_up(parts)


def test_a_later_load_leaves_the_stories_it_cannot_reach(fresh_db, tmp_path, events):
    load(fresh_db, [str(SEEDS)])
    before = fresh_db.execute("select rowid, * from stories").fetchall()
    copied = fresh_db.execute("select rowid, * from copies").fetchall()
    linked = fresh_db.execute("select count(*) from story_links").fetchone()
    load(fresh_db, [events])
    assert len(stories(fresh_db)) == 4
    # The seeds' story and copies were not written again (their rows keep their rowids).
    seeds_story = [r for r in fresh_db.execute("select rowid, * from stories") if r in before]
    assert seeds_story == before
    assert fresh_db.execute("select rowid, * from copies").fetchall() == copied
    # No link between two seeds was computed again, nor any to them.
    assert (
        fresh_db.execute(
            "select count(*) from story_links l join story_keys k on k.article_id = l.article_id "
            "where k.article_id in (select id from articles where story_id = ?)",
            [before[0][1]],
        ).fetchone()
        == linked
    )
    kept_counts_add_up(fresh_db)
    speakers_add_up(fresh_db)


def test_a_new_article_joins_its_story_and_only_that_story_is_written(fresh_db, tmp_path):
    load(fresh_db, [str(SEEDS), write_events(tmp_path, EVENTS[:2] + EVENTS[4:], "first")])
    before = fresh_db.execute("select rowid, * from stories").fetchall()
    assert len(before) == 3  # the seeds, Denver (two articles), Springfield
    load(fresh_db, [write_events(tmp_path, EVENTS[2:4], "second")])  # Denver again, Atlanta
    assert stories(fresh_db) == in_memory(fresh_db)
    denver = {a for (a,) in fresh_db.execute("select id from articles where title like '%Denver%'")}
    assert denver in stories(fresh_db) and len(denver) == 3
    # The seeds' and Springfield's stories were not written again.
    after = fresh_db.execute("select rowid, * from stories").fetchall()
    assert [r for r in before if r not in after] == [r for r in before if r[3] == 2]
    kept_counts_add_up(fresh_db)
    speakers_add_up(fresh_db)


def test_replacing_articles_keeps_everything_as_a_fresh_load(tmp_path, events):
    fresh = sqlite_utils.Database(tmp_path / "fresh.db")
    load(fresh, [str(SEEDS), events])
    again = sqlite_utils.Database(tmp_path / "again.db")
    load(again, [str(SEEDS), events])
    load(again, [str(SEEDS)], replace=True)
    assert stories(again) == stories(fresh)
    assert copies(again) == copies(fresh)
    signals = "select id, originality, uncredited_copy_share, score from articles order by id"
    assert again.execute(signals).fetchall() == fresh.execute(signals).fetchall()
    kept_counts_add_up(again)
    speakers_add_up(again)


def test_a_surname_follows_its_dominant_full_name_across_loads(fresh_db, tmp_path):
    def article(i, text):
        # A month apart: no two are one story, so only the corpus can link a lone surname.
        published = (date(2019, 1, 1) + timedelta(days=30 * i)).isoformat()
        return ("Gazette", published, f"Report {i}", text)

    donald = [article(i, f"Donald Trump said the plan {i} was good.") for i in range(10)]
    lone = [article(20, "Trump said the vote would come soon, aides said.")]
    folder = tmp_path / "a"
    folder.mkdir()
    load(fresh_db, [write_events(folder, donald + lone)])
    speakers_add_up(fresh_db)
    trump = fresh_db.execute(
        "select s.key from sentences t join speakers s on s.id = t.speaker_id "
        "where t.text like 'Trump said the vote%'"
    ).fetchone()
    assert trump == ("donald trump",)
    # Enough of someone else with that surname: no full name holds nine in ten any more.
    others = tmp_path / "b"
    others.mkdir()
    melania = [article(30 + i, f"Melania Trump said the garden {i} was open.") for i in range(3)]
    load(fresh_db, [write_events(others, melania)])
    speakers_add_up(fresh_db)
    trump = fresh_db.execute(
        "select s.key from sentences t join speakers s on s.id = t.speaker_id "
        "where t.text like 'Trump said the vote%'"
    ).fetchone()
    assert trump == ("trump",)
