"""Labels matched to stored articles, and evaluation runs written to ``evaluations``."""

from __future__ import annotations

import shutil

import pytest
import sqlite_utils

from datasette_sources.evaluation.labels import Label, Labels
from datasette_sources.evaluation.run import evaluate
from datasette_sources.plugins import all_signals
from datasette_sources.store.evaluations import labelled_articles, write_run


@pytest.fixture
def db(seed_db, tmp_path):
    path = tmp_path / "sources.db"
    shutil.copy(seed_db, path)
    return sqlite_utils.Database(path)


def labels(key, *pairs):
    return Labels(
        path="labels.csv",
        key=key,
        rows=[Label(k, v, line=i + 2) for i, (k, v) in enumerate(pairs)],
    )


@pytest.mark.parametrize(
    ("key", "matched", "unmatched"),
    [
        ("000_6e31622cd30f848b.txt", 1, 0),
        ("seeds/000_6e31622cd30f848b.txt", 1, 0),
        ("./seeds/000_6e31622cd30f848b.txt", 1, 0),
        ("0_6e31622cd30f848b.txt", 0, 1),  # a tail must be whole path components
        ("other/000_6e31622cd30f848b.txt", 0, 1),
    ],
)
def test_path_keys_match_whole_trailing_components(db, key, matched, unmatched):
    found = labelled_articles(db, labels("path", (key, 1)), all_signals())
    assert (len(found.articles), len(found.unmatched)) == (matched, unmatched)


def test_a_key_naming_two_articles_is_ambiguous(db):
    ids = [r["id"] for r in db["articles"].rows]
    db.execute("update articles set url = 'https://same.test/' where id in (?, ?)", ids[:2])
    db.execute("update articles set url = 'https://one.test/' where id = ?", [ids[2]])
    found = labelled_articles(
        db, labels("url", ("https://same.test/", 1), ("https://one.test/", 0)), all_signals()
    )
    assert found.ambiguous == ["https://same.test/"]
    assert [a.article_id for a in found.articles] == [ids[2]]


def test_values_are_stored_and_normalised_and_weights_rescore_in_memory(db):
    signals = all_signals()
    (stored,) = db.query(
        "select id, score, opinion_sentences, sentence_count from articles limit 1"
    )
    found = labelled_articles(db, labels("id", (stored["id"], 1)), signals)
    (article,) = found.articles
    assert article.values["score"] == stored["score"]
    assert article.scored["score"] == pytest.approx(stored["score"] / 100)
    opinion = next(s for s in signals if s.name == "opinion_sentences")
    assert article.scored["opinion_sentences"] == opinion.normalise(
        stored["opinion_sentences"], stored
    )
    only_sic = {s.name: (1.0 if s.name == "sic_count" else 0.0) for s in signals}
    (again,) = labelled_articles(db, labels("id", (stored["id"], 1)), signals, only_sic).articles
    assert again.values["score"] in (50.0, 100.0)  # sic_count alone: 1 / (1 + count)
    assert (
        db.execute("select score from articles where id = ?", [stored["id"]]).fetchone()[0]
        == (stored["score"])
    )


def test_no_articles_table_is_a_clear_error(tmp_path):
    empty = sqlite_utils.Database(tmp_path / "empty.db")
    with pytest.raises(ValueError, match="no articles table"):
        labelled_articles(empty, labels("id", ("a", 1)), all_signals())


def test_write_run_adds_missing_columns_and_rows(db):
    db["evaluations"].drop()
    key = ("run_id", "signal", "level", "stratum")
    db["evaluations"].create({**dict.fromkeys(key, str), "auc": float}, pk=key)
    signals = all_signals()
    ids = [r["id"] for r in db["articles"].rows]
    found = labelled_articles(db, labels("id", *((i, n % 2) for n, i in enumerate(ids))), signals)
    weights = {s.name: s.weight for s in signals}
    run = evaluate(found.articles, signals, weights, resamples=20, labels_file="labels.csv")
    assert write_run(db, run) == len(run.rows) == db["evaluations"].count
    assert {"roc", "scored_auc", "labels_file", "share_varying"} <= set(
        db["evaluations"].columns_dict
    )
    score = db.execute(
        "select auc, roc from evaluations where signal = 'score' and stratum = 'all'"
    ).fetchone()
    assert score[0] == run.row().auc and score[1].startswith("[[0.0, 0.0]")
