"""Separating the article from the page: title, dates, bylines, credit, boilerplate."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from datasette_sources.reading.anatomy import fold_space, read_page
from datasette_sources.reading.dates import parse_date


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Posted at 7:06 PM, Sep 29, 2018", "2018-09-29T19:06:00"),
        ("and last updated 2018-09-29 19:06:23-04", "2018-09-29T19:06:23-04:00"),
        ("September 30, 2018 Updated: October 1, 2018", "2018-09-30"),
        ("Jan. 5, 2020", "2020-01-05"),
        ("no date here", None),
        ("2019-02-30", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


PAGE = """Home / World / Mayor resigns after audit
Mayor resigns after audit

January 5, 2020 Updated: January 6, 2020

SPRINGFIELD—The mayor resigned on Monday after an audit found missing funds, officials said.

“I take full responsibility for what happened in my office,” the mayor said in a statement.

By Jane Doe and John Roe. Additional reporting by Example Times staff.

Check Also

Another unrelated story

Leave a Reply

Your email address will not be published."""


def test_dissect_page():
    a = read_page(PAGE)
    assert a.title == "Mayor resigns after audit"
    assert a.published == "2020-01-05" and a.updated == "2020-01-06"
    assert a.dateline == "SPRINGFIELD"
    assert a.body.startswith("The mayor resigned on Monday")
    assert a.body.endswith("said in a statement.")
    assert a.bylines == ["Jane Doe", "John Roe"]
    assert (a.credit, a.credit_kind) == ("Example Times", "wire")
    kinds = {p.kind for p in a.parts}
    assert {"navigation", "title", "date", "dateline", "byline", "promo", "comments"} <= kinds
    # Nothing is thrown away: every non-blank line is in the body or a part.
    kept = a.body + "\n" + "\n".join(p.text for p in a.parts)
    for line in PAGE.splitlines():
        for words in line.split("—"):
            assert words.strip() in kept


@pytest.mark.parametrize(
    "tail,credit,kind",
    [
        ("Source: Washington Examiner", "Washington Examiner", "republished"),
        (
            "Jane Doe is a White House Correspondent for Example News — follow on Twitter.",
            "Example News",
            "staff",
        ),
        ("", None, "none"),
    ],
)
def test_credit_kinds(tail, credit, kind):
    text = (
        "A headline for it\n\nThe council voted on Monday to close the old bridge to traffic.\n\n"
        + tail
    )
    a = read_page(text)
    assert (a.credit, a.credit_kind) == (credit, kind)


def test_metadata_wins():
    a = read_page(
        "Some page title\n\nBody text that is long enough to be the article body here.",
        title="Given title",
        outlet="Given Outlet",
        published="2020-02-03",
    )
    assert (a.title, a.outlet, a.outlet_source, a.published) == (
        "Given title",
        "Given Outlet",
        "metadata",
        "2020-02-03",
    )


SPACES = st.text(alphabet=st.sampled_from(list("ab. \t\u00a0\u2009\u202f\u3000\x0b\u2028\x85”)")))


@settings(max_examples=500, database=None)
@given(SPACES)
def test_fold_space_folds_as_its_pattern_does(text):
    """The plain-line shortcut gives what the pattern gives, on every mix of white space."""
    assert fold_space(text) == re.sub(r"[ \t\u00a0\u2009\u202f]+", " ", text).strip()
