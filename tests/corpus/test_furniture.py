"""Page furniture learned per outlet, and link cards: page parts, neither sentences nor copying."""

from __future__ import annotations

import csv

import pytest

from datasette_sources.corpus.furniture import article_line_keys, is_furniture
from datasette_sources.reading.anatomy import read_page
from datasette_sources.reading.furniture import line_key, take_link_cards
from datasette_sources.store import load

PROMO = "Sign up for our daily newsletter to get the latest news delivered to your inbox."
BIO = "Jane Doe covers city hall for the Gazette and has reported from Springfield since 2009."
STORIES = [
    "The council voted on Monday to close the old river bridge after inspectors found deep "
    "cracks in two of its piers, the mayor said.",
    "Flooding closed the east road on Tuesday, and the police chief said drivers should stay "
    "away from the low ground until the water goes down.",
    "The school board approved a new reading program on Wednesday after parents asked for "
    "smaller classes and longer library hours.",
    "A fire destroyed a warehouse near the rail yard on Thursday; nobody was hurt, the fire "
    "department said, and the cause is not yet known.",
]


@pytest.mark.parametrize(
    "articles,days,dated,furniture",
    [
        (3, 3, 3, True),
        (10, 8, 10, True),
        (2, 2, 2, False),  # twice is a coincidence
        (3, 1, 3, False),  # one day's updates of one story share their paragraphs
        (3, 2, 3, False),
        (3, 1, 2, True),  # undated articles: the count alone decides
    ],
)
def test_when_a_line_is_furniture(articles, days, dated, furniture):
    assert is_furniture(articles, days, dated) is furniture


def test_line_keys_fold_case_and_space_and_skip_lone_words():
    keys = article_line_keys("Right.\n\nSign  up NOW\n\n" + "word " * 200)
    assert keys == {line_key("sign up now")}


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["title", "text", "outlet", "date"])
        writer.writerows(rows)
    return path


def test_an_outlets_recurring_lines_become_page_parts(tmp_path, fresh_db):
    rows = [
        [f"Story {i}", f"{story}\n\n{PROMO}\n\n{BIO}", "Springfield Gazette", f"2020-03-0{i + 1}"]
        for i, story in enumerate(STORIES)
    ]
    # Another outlet prints the same promo once: it is not furniture there.
    rows.append(["Other", f"{STORIES[0]}\n\n{PROMO}", "Shelbyville Times", "2020-03-02"])
    load(fresh_db, [str(write_csv(tmp_path / "a.csv", rows))])
    gazette = fresh_db.execute(
        "select count(*) from sentences s join articles a on a.id = s.article_id "
        "where a.outlet = 'Springfield Gazette' and (s.text = ? or s.text like 'Jane Doe covers%')",
        [PROMO],
    ).fetchone()[0]
    assert gazette == 0
    parts = fresh_db.execute(
        "select p.text from parts p join articles a on a.id = p.article_id "
        "where a.outlet = 'Springfield Gazette'"
    ).fetchall()
    assert [t for (t,) in parts if t == PROMO] == [PROMO] * 4
    assert sum(1 for (t,) in parts if t == BIO) == 4
    times = fresh_db.execute(
        "select count(*) from sentences s join articles a on a.id = s.article_id "
        "where a.outlet = 'Shelbyville Times' and s.text = ?",
        [PROMO],
    ).fetchone()[0]
    assert times == 1
    assert all(
        "newsletter" not in c["text"] and "Jane Doe" not in c["text"]
        for c in fresh_db["copies"].rows
    )


def test_one_days_updates_keep_their_shared_paragraphs(tmp_path, fresh_db):
    shared = STORIES[0]
    rows = [
        [f"Update {i}", f"{shared}\n\n{story}", "Springfield Gazette", "2020-03-01"]
        for i, story in enumerate(STORIES[1:])
    ]
    load(fresh_db, [str(write_csv(tmp_path / "a.csv", rows))])
    body = fresh_db.execute("select count(*) from articles where body like ?", [shared + "%"])
    assert body.fetchone()[0] == 3


def test_lines_of_articles_without_an_outlet_are_not_learned(tmp_path, fresh_db):
    for i, story in enumerate(STORIES):
        (tmp_path / f"{i}.txt").write_text(f"Story {i}\n\n{story}\n\n{PROMO}", encoding="utf-8")
    load(fresh_db, [str(tmp_path)])
    promos = fresh_db.execute("select count(*) from sentences where text = ?", [PROMO])
    assert promos.fetchone()[0] == 4


def test_furniture_is_learned_across_loads(tmp_path, fresh_db):
    def rows(pairs):
        return [
            [f"Story {i}", f"{STORIES[i]}\n\n{PROMO}", "Springfield Gazette", f"2020-03-0{i + 1}"]
            for i in pairs
        ]

    load(fresh_db, [str(write_csv(tmp_path / "first.csv", rows([0, 1])))])
    load(fresh_db, [str(write_csv(tmp_path / "second.csv", rows([2, 3])))])
    in_body = {
        title
        for (title,) in fresh_db.execute(
            "select a.title from sentences s join articles a on a.id = s.article_id "
            "where s.text = ?",
            [PROMO],
        )
    }
    # The first two were read before the outlet had printed the promo three times.
    assert in_body == {"Story 0", "Story 1"}


HILL = (
    "The FVRA regulates who the president can put in certain roles. President Trump Donald "
    "John TrumpSanders poised for big Super Tuesday | Congress scrambles MORE’s administration "
    "created the title. Acting DHS Secretary Chad WolfChad WolfHillicon Valley: Facebook takes "
    "down campaigns MORE chose Joseph Edlow. Mayor Bill de Blasio Bill de BlasioUS attorney "
    "opposes release MORE (D) objected."
)


def test_link_cards_leave_the_sentence_and_become_page_parts():
    a = read_page("Judge rules appointment unlawful\n\n" + HILL)
    assert a.body == (
        "The FVRA regulates who the president can put in certain roles. President Trump’s "
        "administration created the title. Acting DHS Secretary Chad Wolf chose Joseph Edlow. "
        "Mayor Bill de Blasio (D) objected."
    )
    cards = [p.text for p in a.parts if p.kind == "navigation"]
    assert len(cards) == 3 and all(c.endswith("MORE") for c in cards)


@pytest.mark.parametrize(
    "line",
    [
        "Tell me MORE about it, said Ann Lee Lee.",
        "He said: MORE, MORE, MORE.",
        "Donald Trump Donald Trump said more.",
    ],
)
def test_text_that_is_not_a_link_card_stays(line):
    assert take_link_cards(line) == (line, [])
