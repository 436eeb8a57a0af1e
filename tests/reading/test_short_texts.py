"""Short texts are body: one paragraph and no title is the article, not its headline."""

from __future__ import annotations

import csv

import pytest

from datasette_sources.reading import read_article
from datasette_sources.reading.anatomy import read_page
from datasette_sources.store import load

M = "The mayor resigned on Monday."
SENTENCES = [
    "The mayor resigned on Monday.",
    "Officials said the bridge would reopen in June.",
    "“We will rebuild,” the governor said.",
    "Prices rose 3% in March, the bureau said.",
    "Critics called the plan reckless and cruel.",
]


@pytest.mark.parametrize(
    "text,title,body",
    [
        (M, M, M),
        (M + " The council meets today.", M, M + " The council meets today."),
        ("  " + M + "\n\n\n", M, M),
        # a headline followed by the article keeps its headline
        ("Mayor resigns\n\n" + M, "Mayor resigns", M),
        # a short text and its share buttons: still body
        (M + "\n\nShare", M, M),
    ],
)
def test_one_paragraph_without_a_title_is_body(text, title, body):
    a = read_page(text)
    assert (a.title, a.body) == (title, body)
    assert "title" not in {p.kind for p in a.parts} or title == "Mayor resigns"


def test_a_given_title_and_one_sentence():
    a = read_article("The mayor resigned on Monday.", title="Mayor quits")
    assert a.title == "Mayor quits"
    assert [s.text for s in a.sentences] == ["The mayor resigned on Monday."]


def test_csv_of_single_sentences_loads_one_body_sentence_per_row(tmp_path, fresh_db):
    path = tmp_path / "sentences.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["text"])
        writer.writerows([s] for s in SENTENCES)
    summary = load(fresh_db, [str(path)])
    assert (summary.loaded, summary.failed) == (len(SENTENCES), 0)
    rows = fresh_db.execute(
        "select a.body, a.sentence_count, group_concat(s.text, '|') from articles a "
        "join sentences s on s.article_id = a.id group by a.id"
    ).fetchall()
    assert sorted(body for body, _, _ in rows) == sorted(SENTENCES)
    assert all(count == 1 and body == text for body, count, text in rows)
    assert fresh_db.execute("select count(*) from parts where kind = 'title'").fetchone()[0] == 0
