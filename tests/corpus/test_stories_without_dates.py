"""Stories with or without dates: the text groups, dates only keep apart, no chains across weeks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from datasette_sources.corpus.stories import MAX_DAYS, fingerprint, group

DENVER = (
    "Gunman kills three at Denver mall",
    "Police in Denver said a gunman killed three people at the Cherry Creek mall on Monday. "
    "Chief Paul Pazen said the suspect, John Carter, was arrested after a standoff.",
)
DENVER_AGAIN = (
    "Shooting at Denver shopping centre",
    "A gunman killed three people at Cherry Creek mall in Denver, police chief Paul Pazen "
    "said, adding that John Carter had been arrested after a standoff.",
)
ATLANTA = (
    "Gunman kills two at Atlanta school",
    "Police in Atlanta said a gunman killed two people at Grady High School on Friday. "
    "Chief Erika Shields said the suspect was arrested.",
)
BUDGET = (
    "Council passes Springfield budget",
    "The Springfield council passed Mayor Ana Ruiz's budget on Tuesday after cutting "
    "library hours, a plan treasurer Li Wei called painful but necessary.",
)
BUDGET_AGAIN = (
    "Springfield budget approved",
    "Mayor Ana Ruiz won approval of her budget from the Springfield council, which cut "
    "library hours; treasurer Li Wei said the cuts were painful but necessary.",
)


def stories(items, dates=None):
    prints = [
        fingerprint(str(i), title, body, dates[i] if dates else None)
        for i, (title, body) in enumerate(items)
    ]
    return sorted(sorted(int(a) for a in g) for g in group(prints))


@pytest.mark.parametrize(
    "dates",
    [
        None,  # a folder of .txt files: no dates at all
        ["2019-03-04", "2019-03-05", "2019-03-08", "2020-01-07", "2020-01-08"],
        ["2019-03-04", None, "2019-03-08", None, "2020-01-08"],  # some dated, some not
    ],
)
def test_articles_about_one_event_come_together_with_or_without_dates(dates):
    items = [DENVER, DENVER_AGAIN, ATLANTA, BUDGET, BUDGET_AGAIN]
    assert stories(items, dates) == [[0, 1], [2], [3, 4]]


def test_dates_keep_apart_the_same_story_told_months_apart():
    items = [DENVER, DENVER_AGAIN, ATLANTA, BUDGET]
    assert stories(items) == [[0, 1], [2], [3]]
    dates = ["2019-03-04", "2019-09-01", "2019-06-01", "2019-03-05"]
    assert stories(items, dates) == [[0], [1], [2], [3]]


def test_no_story_chains_across_weeks():
    # One long-running affair covered every three days for a month: each article is
    # like its neighbours, so average linkage alone would chain them into one story.
    start = date(2020, 3, 1)
    items = [DENVER, DENVER_AGAIN] * 6
    dates = [(start + timedelta(days=3 * i)).isoformat() for i in range(len(items))]
    groups = stories(items, dates)
    assert len(groups) > 1
    for g in groups:
        days = [date.fromisoformat(dates[i]) for i in g]
        assert (max(days) - min(days)).days <= MAX_DAYS
