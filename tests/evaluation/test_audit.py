"""The AllSides audit's pieces: the fixed split, the junk-speaker rule, page sections."""

import pytest

from datasette_sources.evaluation.audit import (
    allsides_part,
    audit_sample,
    junk_speaker,
    page_section,
)


def test_the_split_is_fixed_and_about_a_fifth():
    ids = [f"id{i}" for i in range(5000)]
    parts = [allsides_part(i) for i in ids]
    assert parts == [allsides_part(i) for i in ids]
    assert 0.17 < parts.count("audit") / len(ids) < 0.23


def test_the_sample_takes_the_first_audit_articles_in_order():
    rows = [{"ID": f"id{i}"} for i in range(2000)]
    sample = list(audit_sample(rows, 10))
    assert len(sample) == 10 and all(allsides_part(r["ID"]) == "audit" for r in sample)
    assert sample == [r for r in rows if allsides_part(r["ID"]) == "audit"][:10]


@pytest.mark.parametrize(
    "speaker,junk",
    [
        ("The", True),
        ("When", True),
        ("That", True),
        ("None", True),
        ("Privacy Policy", True),
        ("Requiring President Donald Trump", True),
        ("JUST WATCHED Obama", True),
        ("Reade le", True),
        ("Friday", True),
        ("D-N.Y", True),
        ("Mike Pence", False),
        ("the White House", False),
        ("a senior US official", False),
        ("officials", False),
        ("Some", False),
        ("USA TODAY", False),
        ("the president", False),
    ],
)
def test_junk_speakers(speaker, junk):
    assert bool(junk_speaker(speaker)) is junk


@pytest.mark.parametrize(
    "url,title,outlet,section",
    [
        ("https://www.nytimes.com/2020/03/02/opinion/x.html", "Why", "New York Times", "opinion"),
        ("https://thehill.com/blogs/x", "Trump signs bill", "The Hill", "news"),
        (None, "Opinion: We must act", None, "opinion"),
        ("https://x.com/a", "A story", "Guest Writer - Left", "opinion"),
        ("https://x.com/a", "A story", "Reuters", "news"),
    ],
)
def test_page_sections(url, title, outlet, section):
    assert page_section(url, title, outlet) == section
