"""The speakers table and speaker_id, as the loader writes them."""

import json

import sqlite_utils
from conftest import SEEDS

from datasette_sources.store import load


def test_every_sentence_with_a_speaker_points_to_a_speakers_row(seed_db):
    db = sqlite_utils.Database(seed_db)
    unlinked = db.execute(
        "select count(*) from sentences where speaker is not null and speaker != '' "
        "and kind in ('quote', 'attributed') and speaker_id is null"
    ).fetchone()[0]
    dangling = db.execute(
        "select count(*) from sentences s left join speakers p on p.id = s.speaker_id "
        "where s.speaker_id is not null and p.id is null"
    ).fetchone()[0]
    assert unlinked == 0 and dangling == 0
    quotes = db.execute(
        "select count(*) from quotes where speaker is not null and speaker_id is null"
    ).fetchone()[0]
    assert quotes == 0


def test_one_row_per_person_with_counts(seed_db):
    db = sqlite_utils.Database(seed_db)
    rows = list(db.query("select * from speakers where name like '%Pompeo%'"))
    assert len(rows) == 1
    pompeo = rows[0]
    assert pompeo["kind"] == "person" and pompeo["article_count"] >= 4
    assert (
        pompeo["quote_count"]
        == db.execute(
            "select count(*) from sentences where speaker_id = ? and kind = 'quote'", [pompeo["id"]]
        ).fetchone()[0]
    )
    assert "Mike Pompeo" in json.loads(pompeo["aliases"])
    assert set(r["kind"] for r in db.query("select kind from speakers")) <= {
        "person",
        "organisation",
        "described",
    }


def test_a_second_load_keeps_the_ids(fresh_db, seeds):
    load(fresh_db, [str(seeds)])
    speakers = "select id, name, kind, aliases from speakers order by id"
    linked = "select article_id, position, speaker_id from sentences order by 1, 2"
    before = (list(fresh_db.query(speakers)), list(fresh_db.query(linked)))
    load(fresh_db, [str(seeds)])
    assert (list(fresh_db.query(speakers)), list(fresh_db.query(linked))) == before


def test_updating_speaker_ids_leaves_the_sentence_index_alone(tmp_path):
    db = sqlite_utils.Database(tmp_path / "s.db")
    load(db, [str(SEEDS)])
    trigger = db.execute("select sql from sqlite_master where name = 'sentences_au'").fetchone()[0]
    assert 'UPDATE OF "text"' in trigger
    hits = db.execute(
        "select count(*) from sentences_fts where sentences_fts match 'Pompeo'"
    ).fetchone()[0]
    assert hits > 0
