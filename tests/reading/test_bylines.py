"""Bylines split into people: "By", roles and outlet names taken out, from any input's form."""

from __future__ import annotations

import pytest

from datasette_sources.reading.bylines import split_byline
from datasette_sources.reading.outlet_names import default_outlet_names

NAMES = default_outlet_names()


@pytest.mark.parametrize(
    "value,outlet,people,organisations",
    [
        ("By Phil Stewart and Lesley Wroughton", None, ["Phil Stewart", "Lesley Wroughton"], []),
        ("Jane Doe, John Roe & Ann Lee", None, ["Jane Doe", "John Roe", "Ann Lee"], []),
        ("By Jane Doe | CNN", None, ["Jane Doe"], ["CNN"]),
        ("Jane Doe, Staff Writer", None, ["Jane Doe"], []),
        ("Josh Rogin, National Security", None, ["Josh Rogin"], []),
        ("Staff Writer At", None, [], []),
        ("Technology Policy Reporter", None, [], []),
        ("Opinion Bernie Sanders", None, ["Bernie Sanders"], []),
        (
            "Madeline Kenney, Sun-Times Wire, Associated Press, Katlyn Smith",
            "Chicago Sun-Times",
            ["Madeline Kenney", "Katlyn Smith"],
            ["Sun-Times Wire", "Associated Press"],
        ),
        ("Newsmax Wires", "Newsmax - News", [], ["Newsmax Wires"]),
        ('Reagan Mccarthy, "Cortney OBrien"', None, ["Reagan Mccarthy", "Cortney O’Brien"], []),
        (
            "Juan de la Cruz; Andrew C. McCarthy",
            None,
            ["Juan de la Cruz", "Andrew C. McCarthy"],
            [],
        ),
        ('["Jane Doe", "John Roe"]', None, ["Jane Doe", "John Roe"], []),
        ([{"name": "Jane Doe"}, {"name": "Reuters"}], None, ["Jane Doe"], ["Reuters"]),
        (". Previously", None, [], []),
        ("", None, [], []),
    ],
)
def test_split_byline(value, outlet, people, organisations):
    byline = split_byline(value, NAMES, outlet)
    assert (byline.people, byline.organisations) == (people, organisations)
