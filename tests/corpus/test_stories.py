"""Stories across articles: the seeds as one story, copying, traced quotations, outlets."""

import json

import pytest

from datasette_sources.corpus.stories import fingerprint, group
from datasette_sources.store import load


@pytest.fixture
def seeds_db(fresh_db, seeds):
    load(fresh_db, [str(seeds)])
    return fresh_db


def _by_name(db):
    return {r["path"].rsplit("/", 1)[-1][:3]: r for r in db["articles"].rows}


def test_seeds_are_one_story(seeds_db):
    assert seeds_db["stories"].count == 1
    (story,) = seeds_db["stories"].rows
    assert (story["article_count"], story["outlet_count"]) == (5, 3)
    assert {r["story_id"] for r in seeds_db["articles"].rows} == {story["id"]}


def test_ranking_of_the_seeds(seeds_db):
    scores = {k: r["score"] for k, r in _by_name(seeds_db).items()}
    ranked = sorted(scores, key=scores.get, reverse=True)
    assert ranked[-1] == "001"
    assert set(ranked[:2]) == {"003", "004"}


def test_001_copies_000_without_credit(seeds_db):
    names = {r["id"]: k for k, r in _by_name(seeds_db).items()}
    pairs = {
        (names[c["source_id"]], names[c["copy_id"]], c["credited"]) for c in seeds_db["copies"].rows
    }
    assert pairs == {("000", "001", 0)}
    a001 = _by_name(seeds_db)["001"]
    assert a001["uncredited_copy_share"] > 0.3 and a001["originality"] < 0.7
    copied = seeds_db.execute(
        "select count(*) from sentences where article_id = ? and copied_from is not null",
        [a001["id"]],
    ).fetchone()[0]
    assert copied >= 4
    assert all(r["uncredited_copy_share"] == 0 for k, r in _by_name(seeds_db).items() if k != "001")


def test_quotations_traced_across_the_seeds(seeds_db):
    names = {r["id"]: k for k, r in _by_name(seeds_db).items()}
    spread = {}
    for passage, ids in seeds_db.execute(
        "select passage, group_concat(distinct article_id) from quotes "
        "where passage is not null group by passage"
    ):
        spread[passage] = {names[i] for i in ids.split(",")}
    assert max(len(v) for v in spread.values()) == 4  # no single passage is in all five
    assert sum(1 for v in spread.values() if len(v) == 4) >= 3  # several are in four
    # every seed is linked to every other through some shared quotation
    for a in names.values():
        linked = set().union(*(v for v in spread.values() if a in v))
        assert linked == set(names.values()), a


def test_unrelated_articles_stay_apart():
    shooting_a = fingerprint(
        "a",
        "Gunman kills three at Denver mall",
        "Police in Denver said a gunman killed three people at the Cherry Creek mall on Monday. "
        "Chief Paul Pazen said the suspect, John Carter, was arrested.",
        "2019-03-04",
    )
    shooting_b = fingerprint(
        "b",
        "Shooting at Denver shopping centre",
        "A gunman killed three people at Cherry Creek mall in Denver, police chief Paul Pazen "
        "said, adding that John Carter had been arrested.",
        "2019-03-05",
    )
    other_shooting = fingerprint(
        "c",
        "Gunman kills two at Atlanta school",
        "Police in Atlanta said a gunman killed two people at Grady High School on Friday. "
        "Chief Erika Shields said the suspect was arrested.",
        "2019-03-08",
    )
    months_later = fingerprint(
        "d",
        "Denver mall reopens",
        "The Cherry Creek mall in Denver reopened, chief Paul Pazen "
        "said, months after John Carter killed three people there.",
        "2019-09-01",
    )
    groups = sorted(
        sorted(g) for g in group([shooting_a, shooting_b, other_shooting, months_later])
    )
    assert groups == [["a", "b"], ["c"], ["d"]]


def test_outlets_rank_by_the_low_end_of_their_interval(seeds_db):
    rows = list(seeds_db["outlets"].rows)
    assert all(r["score_low"] <= r["score"] <= r["score_high"] for r in rows)
    lows = [r["score_low"] for r in rows]
    assert lows == sorted(lows, reverse=True)


def test_copies_are_explained(seeds_db):
    (copy,) = seeds_db["copies"].rows
    assert "[sic]" in copy["evidence"] or "editorial marks" in copy["evidence"]
    assert json.loads(copy["copy_span"])[1] > json.loads(copy["copy_span"])[0]
