"""Credit that knows an outlet's names: its own credit is staff, wires are wires, no lone words."""

from __future__ import annotations

import pytest

from datasette_sources.reading.anatomy import read_page
from datasette_sources.reading.outlet_names import (
    default_outlet_names,
    name_key,
    names_from_settings,
)

BODY = "The council voted on Monday to close the old bridge to traffic after an inspection."
TOLD_CNN = (
    "A senior city official told CNN that the bridge was unsafe. "
    "The engineer told CNN the cracks had grown."
)
TOLD_FBI = "The suspect fled, according to the FBI. He was armed, according to the FBI."


def credit_of(tail="", outlet=None, url=None, body=BODY, names=None, head=""):
    text = "A headline for it\n\n" + head + body + "\n\n" + tail
    a = read_page(text, outlet=outlet, url=url, names=names)
    return a.credit, a.credit_kind


@pytest.mark.parametrize(
    "tail,outlet,expected",
    [
        # an outlet's own name, in any of its forms, is its staff at work
        ("Source: CNN", "CNN (Web News)", ("CNN (Web News)", "staff")),
        ("Source: NPR", "NPR Online News", ("NPR Online News", "staff")),
        ("Source: AP", "Associated Press", ("Associated Press", "staff")),
        ("Source: VICE", "Vice", ("Vice", "staff")),
        ("Via DCNF", "The Daily Caller", ("The Daily Caller", "staff")),
        ("Source: POLITICO", "Politico", ("Politico", "staff")),
        # wires wherever the credit line names them
        ("Source: The Associated Press", "Springfield Gazette", ("Associated Press", "wire")),
        ("Via Reuters", "Yahoo News", ("Reuters", "wire")),
        # another newsroom's work, credited
        ("Source: Washington Examiner", None, ("Washington Examiner", "republished")),
        ("Source: Washington Examiner", "Breitbart News", ("Washington Examiner", "republished")),
        (
            "This story was published in partnership with The Guardian.",
            "The Marshall Project",
            ("The Guardian", "republished"),
        ),
        # never a lone common word, nor a chart's data source
        ("Source: COVID", "USA TODAY", (None, "none")),
        ("Source: Labor Department", "Christian Science Monitor", (None, "none")),
        ("Source: USA", None, (None, "none")),
    ],
)
def test_credit_lines(tail, outlet, expected):
    assert credit_of(tail, outlet) == expected


@pytest.mark.parametrize(
    "body,outlet,expected",
    [
        (TOLD_CNN, None, ("CNN", "staff")),  # the seeds' 004: no outlet given
        (TOLD_CNN, "CNN (Web News)", ("CNN (Web News)", "staff")),
        (TOLD_CNN, "Breitbart News", (None, "none")),  # relays CNN's reporting
        (TOLD_FBI, None, (None, "none")),  # a source, not a newsroom
        (TOLD_FBI, "USA TODAY", (None, "none")),
    ],
)
def test_reporting_named_in_the_text(body, outlet, expected):
    assert credit_of(body=body, outlet=outlet) == expected


@pytest.mark.parametrize(
    "head,tail,outlet,expected",
    [
        ("WASHINGTON (Reuters) - ", "", "Reuters", ("Reuters", "staff")),
        ("WASHINGTON (Reuters) - ", "", "Yahoo News", ("Reuters", "wire")),
        (
            "",
            "The Associated Press contributed to this report.",
            "Fox News",
            ("Associated Press", "wire"),
        ),
        (
            "",
            "By Jane Doe\n\nThe Associated Press contributed to this report.",
            "Fox News",
            ("Fox News", "staff"),
        ),
    ],
)
def test_datelines_and_contributions(head, tail, outlet, expected):
    assert credit_of(tail, outlet, head=head) == expected


def test_the_outlets_web_address_is_one_of_its_names():
    assert credit_of("Source: VICE", url="https://www.vice.com/en/article/x") == ("VICE", "staff")
    assert credit_of("Source: VICE", url="https://example.org/x") == ("VICE", "republished")


def test_users_add_outlet_names_and_wires():
    assert credit_of("Source: SDS News", "Springfield Daily Star")[1] == "republished"
    assert credit_of("Source: Yonhap", "Springfield Daily Star") == (None, "none")
    names = names_from_settings(
        {
            "plugins": {
                "datasette-sources": {
                    "outlets": {"Springfield Daily Star": ["SDS News"]},
                    "wires": ["Yonhap"],
                }
            }
        }
    )
    assert credit_of("Source: SDS News", "Springfield Daily Star", names=names)[1] == "staff"
    assert credit_of("Source: Yonhap", "Springfield Daily Star", names=names) == (
        "Yonhap",
        "wire",
    )


@pytest.mark.parametrize(
    "a,b,same",
    [
        ("CNN", "CNN (Web News)", True),
        ("CNN - Editorial", "CNN (Web News)", True),
        ("New York Times - News", "New York Times - Opinion", True),
        ("nyt", "New York Times - News", True),
        ("NewsHour", "PBS NewsHour", True),
        ("Sun-Times Staff", "Chicago Sun-Times", True),
        ("NBC", "CNBC", False),
        ("Times", "New York Times - News", False),
        ("Washington Times", "Washington Post", False),
        ("Fox News", "Fox Business", False),
    ],
)
def test_same_outlet(a, b, same):
    assert default_outlet_names().same(a, b) is same


@pytest.mark.parametrize(
    "data",
    [{"outlets": ["CNN"]}, {"outlets": {"CNN": "CNN Wire"}}, {"wires": "AP"}, ["CNN"]],
)
def test_bad_outlet_settings_are_refused(data):
    with pytest.raises(ValueError):
        names_from_settings(data)


def test_name_key_folds_tails_and_domains():
    assert {name_key(n) for n in ("The Hill", "TheHill.com", "https://thehill.com/x")} == {"hill"}
