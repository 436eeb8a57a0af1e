"""Copies a standards editor would sign: long enough, between outlets, directed only on evidence."""

from __future__ import annotations

import pytest

from datasette_sources.corpus.copies import Side, copy_shares, find_copies
from datasette_sources.store import load

# 20 words of narration, then 9, then two sentences of 7 and 6 (13 in all).
LONG = (
    "The council voted late on Monday to close the old river bridge after inspectors found "
    "deep cracks in two piers."
)
SHORT = "slashed interest rates by half a percentage point on Tuesday"
TWO = "The bridge shut at noon on Monday. Drivers must now take the ferry."
OWN_A = "Residents packed the hall to hear the mayor explain the decision to the town."
OWN_B = "Shop owners on the east bank said they feared losing customers for months ahead."


def pair(shared, a_extra=OWN_A, b_extra=OWN_B, **b_fields):
    a = Side("a", f"{a_extra} {shared}", outlet="Springfield Gazette")
    fields = {"outlet": "Shelbyville Times", **b_fields}
    b = Side("b", f"{b_extra} {shared.replace('deep', 'deep [sic]')} [sic]", **fields)
    return [a, b]


@pytest.mark.parametrize(
    "shared,copied",
    [
        (LONG, True),  # 20 words
        (SHORT, False),  # 10 words: a phrase many reporters write
        (TWO, True),  # 13 words, two sentences
        ("“" + LONG + "”", False),  # inside quotation marks: a quote, not a copy
    ],
)
def test_what_counts_as_a_copied_passage(shared, copied):
    found = find_copies(pair(shared))
    assert bool(found) is copied
    assert all(c.words >= 12 for c in found)


@pytest.mark.parametrize(
    "a_outlet,b_outlet",
    [
        ("CNN (Web News)", "CNN - Editorial"),
        ("Associated Press", "AP Fact Check"),
        ("New York Times - News", "New York Times - Opinion"),
    ],
)
def test_one_outlets_own_pages_are_not_copies(a_outlet, b_outlet):
    a = Side("a", f"{OWN_A} {LONG}", outlet=a_outlet)
    b = Side("b", f"{OWN_B} {LONG} [sic]", outlet=b_outlet)
    assert find_copies([a, b]) == []


def test_the_direction_comes_from_dates():
    a = Side("a", f"{OWN_A} {LONG}", published="2020-03-02", outlet="Springfield Gazette")
    b = Side("b", f"{OWN_B} {LONG}", published="2020-03-01", outlet="Shelbyville Times")
    (c,) = find_copies([a, b])
    assert (c.source_id, c.copy_id, c.direction, c.credited) == ("b", "a", "dates", False)


def test_the_direction_comes_from_editorial_evidence():
    (c,) = find_copies(pair(LONG))
    assert (c.source_id, c.copy_id, c.direction) == ("a", "b", "evidence")


def test_without_evidence_the_direction_is_unknown_and_nobody_is_blamed():
    a = Side("a", f"{OWN_A} {LONG}", outlet="Springfield Gazette")
    b = Side("b", f"{OWN_B} {LONG}", outlet="Shelbyville Times")
    (c,) = find_copies([a, b])
    assert c.direction == "unknown" and "direction unknown" in c.evidence[0]
    assert copy_shares([a, b], [c]) == {"a": (1.0, 0.0), "b": (1.0, 0.0)}


@pytest.mark.parametrize(
    "b_extra,b_fields",
    [
        ("According to the AP, the vote was close.", {}),
        ("The vote was first reported by the Associated Press.", {}),
        (OWN_B, {"credit": "Associated Press", "credit_kind": "wire"}),
        (OWN_B, {"mentions": "The Associated Press contributed to this report."}),
    ],
)
def test_a_copy_that_names_its_source_is_credited(b_extra, b_fields):
    a = Side("a", f"{OWN_A} {LONG}", outlet="Associated Press")
    b = Side(
        "b",
        f"{b_extra} {LONG.replace('deep', 'deep [sic]')}",
        outlet="Shelbyville Times",
        **b_fields,
    )
    (c,) = find_copies([a, b])
    assert c.credited and c.copy_id == "b"


OTHER_NEWS = [
    "Flooding closed the east road on Tuesday, and the police chief said drivers should stay "
    "away from the low ground until the water goes down.",
    "The school board approved a new reading program on Wednesday after parents asked for "
    "smaller classes and longer library hours.",
    "A fire destroyed a warehouse near the rail yard on Thursday; nobody was hurt, the fire "
    "department said, and the cause is not yet known.",
]


def test_unknown_direction_is_stored_and_not_counted_as_uncredited(tmp_path, fresh_db):
    for name, extra in (("a", OWN_A), ("b", OWN_B)):
        text = f"Bridge closes\n\n{extra} {LONG}\n\nMayor Ana Ruiz said repairs take a year."
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    for i, text in enumerate(OTHER_NEWS):  # other news, as any folder of articles has
        (tmp_path / f"other{i}.txt").write_text(f"News {i}\n\n{text}", encoding="utf-8")
    load(fresh_db, [str(tmp_path)])
    (copy,) = fresh_db["copies"].rows
    assert copy["direction"] == "unknown"
    assert fresh_db.execute("select count(*) from copied_without_credit").fetchone()[0] == 0
    blamed = fresh_db.execute("select count(*) from sentences where copied_from is not null")
    assert blamed.fetchone()[0] == 0
    assert {r["uncredited_copy_share"] for r in fresh_db["articles"].rows} == {0}
