"""Every opinion says why; reported speech and plain facts are not opinion."""

from pathlib import Path

import pytest
from conftest import SEEDS

from datasette_sources.reading import read_article
from datasette_sources.reading.sentences import split_sentences
from datasette_sources.reading.voices import label_sentences


def read(text: str):
    return label_sentences(split_sentences([text]))[0]


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_opinion_sentence_of_the_seeds_has_reasons(name):
    art = read_article((SEEDS / name).read_text(encoding="utf-8"), path=name)
    opinions = [s for s in art.sentences if s.kind == "opinion"]
    assert all(s.opinion_reasons for s in opinions)
    # Reasons are words a reader understands, not feature names.
    assert not any("_" in r for s in opinions for r in s.opinion_reasons)


@pytest.mark.parametrize(
    "text,reason",
    [
        ("Iran is playing an extremely dangerous game.", "dangerous"),
        ("Any attacks were almost certainly ordered from Tehran.", "hedge: almost certainly"),
        ("We must not look the other way while this goes on.", "look the other way"),
    ],
)
def test_opinion_reasons_name_what_makes_it_one(text, reason):
    s = read(text)
    assert s.kind == "opinion"
    assert any(reason in r for r in s.opinion_reasons), s.opinion_reasons


@pytest.mark.parametrize(
    "text",
    [
        "Advisors to the former vice president say they are still in the race.",
        "Critics of the plan have warned it could be a disaster for the country.",
        "“This is a terrible, dangerous mistake,” the senator said.",
    ],
)
def test_reported_speech_is_not_the_writer_s_opinion(text):
    assert read(text).kind in ("quote", "attributed")


def test_opinion_reasons_are_stored(tmp_path: Path):
    import sqlite_utils

    from datasette_sources.store import load

    db = sqlite_utils.Database(tmp_path / "s.db")
    load(db, [str(SEEDS)])
    missing = db.execute(
        "select count(*) from sentences where kind = 'opinion' and "
        "(opinion_reasons is null or opinion_reasons in ('', '[]'))"
    ).fetchone()[0]
    stored = db.execute("select count(*) from sentences where kind = 'opinion'").fetchone()[0]
    assert stored > 0 and missing == 0
