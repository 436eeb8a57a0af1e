"""``datasette-sources evaluate``: the seeds against a 5-row labels file, fits, and bad input."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading

import pytest
import sqlite_utils
import yaml

from datasette_sources.cli import cli
from datasette_sources.cli.evaluate import EXIT_NOTHING_MATCHED

#: An editor's reading of the seeds: 003 and 004 are careful reporting, 001 copies 000
#: without credit and ends in opinion (tests/corpus/test_stories.py ranks them so).
SEED_LABELS = [
    ("000_6e31622cd30f848b.txt", 0, "agency", "wire"),
    ("001_d182c56fc74774c3.txt", 0, "blog", "web"),
    ("002_bd4c4552351dca82.txt", 1, "breitbart", "web"),
    ("003_093bc6fb16e34310.txt", 1, "epoch", "web"),
    ("004_f53bd2df7cca7b8d.txt", 1, "cnn", "wire"),
]


SEED_LABELS_LABEL = [(p, label) for p, label, *_ in SEED_LABELS]


@pytest.fixture
def seeds_db(seed_db, db_path):
    """A copy of the loaded seeds for each test, which may add evaluations to it."""
    shutil.copy(seed_db, db_path)
    return db_path


def labels_file(tmp_path, rows=SEED_LABELS, header="path,label,group,stratum", name="l.csv"):
    path = tmp_path / name
    path.write_text(header + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows))
    return str(path)


def evaluate(runner, *args):
    return runner.invoke(cli, ["evaluate", *map(str, args)], catch_exceptions=False)


def test_seeds_with_five_labels(runner, seeds_db, tmp_path):
    labels = labels_file(tmp_path, [r[:2] for r in SEED_LABELS], header="path,label")
    result = evaluate(runner, seeds_db, "--labels", labels, "--bootstrap", 200)
    assert result.exit_code == 0, result.output
    assert f"{labels}: 5 labels by path; matched 5, unmatched 0, ambiguous 0" in result.stdout
    db = sqlite_utils.Database(seeds_db)
    rows = list(db["evaluations"].rows)
    (run_id,) = {r["run_id"] for r in rows}
    assert f"stored as run {run_id}" in result.stdout
    score = next(r for r in rows if (r["signal"], r["stratum"]) == ("score", "all"))
    # the AUC by its definition: every (labelled 1, labelled 0) pair of stored scores
    stored = {r["path"].rsplit("/", 1)[-1]: r["score"] for r in db["articles"].rows}
    pairs = [(stored[p], stored[n]) for p, label in SEED_LABELS_LABEL if label
             for n, other in SEED_LABELS_LABEL if not other]  # fmt: skip
    expected = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a, b in pairs) / len(pairs)
    assert score["auc"] == pytest.approx(expected, abs=1e-4)
    assert (score["n"], score["n_positive"], score["n_negative"]) == (5, 3, 2)
    assert score["auc_low"] <= score["auc"] <= score["auc_high"]
    assert json.loads(score["roc"])[0] == [0.0, 0.0] and json.loads(score["roc"])[-1] == [1.0, 1.0]
    assert score["labels_sha256"] and score["labels_matched"] == 5
    signals = {r["signal"] for r in rows}
    assert {"attribution_density", "sic_count", "uncredited_copy_share"} <= signals
    weights = {r["name"]: r["weight"] for r in db["signals"].rows}
    for r in rows:
        if r["signal"] in weights:
            assert r["weight"] == weights[r["signal"]]
    length = next(r for r in rows if r["signal"] == "word_count" and r["stratum"] == "all")
    assert length["weight"] is None and length["n"] == 5  # measured beside the score
    assert {r["level"] for r in rows} == {"article"}  # no groups: no outlet level
    assert "score" in result.stdout and "attribution_density" in result.stdout


def test_groups_and_strata_give_outlet_level_and_strata_rows(runner, seeds_db, tmp_path):
    result = evaluate(runner, seeds_db, "--labels", labels_file(tmp_path), "--bootstrap", 50)
    assert result.exit_code == 0, result.output
    rows = list(sqlite_utils.Database(seeds_db)["evaluations"].rows)
    keys = {(r["signal"], r["level"], r["stratum"]) for r in rows}
    for stratum in ("all", "web", "wire", "mean within strata"):
        assert ("score", "article", stratum) in keys
    assert ("score", "outlet", "all") in keys
    assert "outlet level" in result.stdout and "strata: web, wire" in result.stdout


def test_a_second_run_adds_rows_and_no_store_adds_none(runner, seeds_db, tmp_path):
    labels = labels_file(tmp_path)
    db = sqlite_utils.Database(seeds_db)
    evaluate(runner, seeds_db, "--labels", labels, "--bootstrap", 0)
    first = db["evaluations"].count
    evaluate(runner, seeds_db, "--labels", labels, "--bootstrap", 0, "--seed", 1)
    assert db["evaluations"].count == 2 * first
    result = evaluate(runner, seeds_db, "--labels", labels, "--bootstrap", 0, "--no-store")
    assert result.exit_code == 0 and "stored as run" not in result.stdout
    assert db["evaluations"].count == 2 * first


def test_keys_that_match_nothing(runner, seeds_db, tmp_path):
    labels = labels_file(tmp_path, [("nope.txt", 1), ("other.txt", 0)], header="path,label")
    result = evaluate(runner, seeds_db, "--labels", labels)
    assert result.exit_code == EXIT_NOTHING_MATCHED == 1
    assert "matched 0, unmatched 2" in result.stdout
    assert f"no path in {labels} names an article in {seeds_db}" in result.stderr
    assert "unmatched: nope.txt, other.txt" in result.stderr
    assert not sqlite_utils.Database(seeds_db)["evaluations"].count


def test_ids_match_the_stored_id_or_the_inputs_own_id(runner, db_path, tmp_path):
    articles = tmp_path / "articles.jsonl"
    body = "The council voted on {}, the mayor said. \u201cWe are done,\u201d said Ana Ruiz."
    articles.write_text(
        "".join(
            json.dumps({"id": f"in-{i}", "text": body.format(day), "url": f"https://x.test/{i}"})
            + "\n"
            for i, day in enumerate(["Monday", "Tuesday", "Wednesday"])
        )
    )
    assert runner.invoke(cli, ["load", db_path, str(articles)]).exit_code == 0
    db = sqlite_utils.Database(db_path)
    stored = [r["id"] for r in db["articles"].rows_where(order_by="source_id")]
    labels = labels_file(tmp_path, [("in-0", 1), (stored[1], 0), ("in-9", 1)], header="id,label")
    result = evaluate(runner, db_path, "--labels", labels, "--bootstrap", 0)
    assert result.exit_code == 0, result.output
    assert "matched 2, unmatched 1" in result.stdout
    by_url = labels_file(
        tmp_path, [("https://x.test/0", 1), ("https://x.test/2", 0)], "url,label", "u.csv"
    )
    result = evaluate(runner, db_path, "--labels", by_url, "--bootstrap", 0)
    assert "2 labels by url; matched 2" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("path,verdict\nseeds/000.txt,1\n", "no 'label' column"),
        ("title,label\nx,1\n", "no article key column"),
        ("path,label\n000_6e31622cd30f848b.txt,maybe\n", "line 2: label 'maybe' is not 0 or 1"),
        ("", "empty file"),
    ],
)
def test_bad_labels_files(runner, seeds_db, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    result = evaluate(runner, seeds_db, "--labels", path)
    assert result.exit_code == 2
    assert message in result.stderr and "--labels" in result.stderr
    assert not sqlite_utils.Database(seeds_db)["evaluations"].count


def test_one_side_only_is_a_clear_error(runner, seeds_db, tmp_path):
    labels = labels_file(tmp_path, [(r[0], 1) for r in SEED_LABELS], header="path,label")
    result = evaluate(runner, seeds_db, "--labels", labels)
    assert result.exit_code == 2
    assert "every matched article is labelled 1" in result.stderr


def test_not_a_database_and_no_articles(runner, tmp_path):
    labels = labels_file(tmp_path)
    text = tmp_path / "notes.db"
    text.write_text("not sqlite " * 100)
    result = evaluate(runner, text, "--labels", labels)
    assert result.exit_code == 2 and "is not a SQLite database" in result.stderr
    empty = tmp_path / "empty.db"
    sqlite_utils.Database(empty)["other"].insert({"x": 1})
    result = evaluate(runner, empty, "--labels", labels)
    assert result.exit_code == 2 and "has no articles table" in result.stderr


def test_fit_writes_weights_that_rescore_reads_and_changes_nothing(runner, seeds_db, tmp_path):
    db = sqlite_utils.Database(seeds_db)
    before = {r["name"]: r["weight"] for r in db["signals"].rows}
    scores = {r["id"]: r["score"] for r in db["articles"].rows}
    out = tmp_path / "proposed.yml"
    result = evaluate(
        runner, seeds_db, "--labels", labels_file(tmp_path), "--fit", out, "--folds", 2,
        "--bootstrap", 20,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"proposed weights written to {out}" in result.stdout
    assert {r["name"]: r["weight"] for r in db["signals"].rows} == before
    assert {r["id"]: r["score"] for r in db["articles"].rows} == scores
    proposed = yaml.safe_load(out.read_text())["weights"]
    assert set(proposed) == set(before) and all(w >= 0 for w in proposed.values())
    rows = list(db["evaluations"].rows)
    cv = [r for r in rows if r["signal"] == "cross_validated_score"]
    assert cv and all("out of fold" in r["fit_method"] for r in cv)
    sic = {r["proposed_weight"] for r in rows if r["signal"] == "sic_count"}
    assert sic == {proposed["sic_count"]}
    rescored = runner.invoke(cli, ["rescore", seeds_db, "--weights", str(out)])
    assert rescored.exit_code == 0, rescored.output
    assert {r["name"]: r["weight"] for r in db["signals"].rows} == proposed


def test_leave_group_out_needs_fit_and_groups(runner, seeds_db, tmp_path):
    result = evaluate(runner, seeds_db, "--labels", labels_file(tmp_path), "--leave-group-out")
    assert result.exit_code == 2 and "--leave-group-out goes with --fit" in result.stderr
    plain = labels_file(tmp_path, [r[:2] for r in SEED_LABELS], header="path,label", name="p.csv")
    result = evaluate(
        runner, seeds_db, "--labels", plain, "--fit", tmp_path / "w.yml", "--leave-group-out"
    )
    assert result.exit_code == 2 and "needs a 'group' column" in result.stderr
    grouped = evaluate(
        runner, seeds_db, "--labels", labels_file(tmp_path), "--fit", tmp_path / "w.yml",
        "--leave-group-out", "--bootstrap", 0,
    )  # fmt: skip
    assert grouped.exit_code == 0, grouped.output
    assert "leave-one-group-out" in (tmp_path / "w.yml").read_text()


def test_other_weights_are_evaluated_without_rescoring(runner, seeds_db, tmp_path):
    db = sqlite_utils.Database(seeds_db)
    scores = {r["id"]: r["score"] for r in db["articles"].rows}
    weights = tmp_path / "w.yml"
    # sic_count alone: only 001's [sic] moves the score, and 001 is labelled 0.
    weights.write_text(yaml.safe_dump({n: (1.0 if n == "sic_count" else 0.0) for n in
                                       (r["name"] for r in db["signals"].rows)}))  # fmt: skip
    labels = labels_file(tmp_path, [r[:2] for r in SEED_LABELS], header="path,label")
    result = evaluate(runner, seeds_db, "--labels", labels, "--weights", weights, "--no-store")
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if x.startswith("score "))
    sic = {r["path"].rsplit("/", 1)[-1]: r["sic_count"] for r in db["articles"].rows}
    assert sic["001_d182c56fc74774c3.txt"] > 0
    # fewer [sic] is better: every reliable seed against each other seed, ties half
    pairs = [(sic[p], sic[n]) for p, label in SEED_LABELS_LABEL if label
             for n, other in SEED_LABELS_LABEL if not other]  # fmt: skip
    expected = sum(1.0 if a < b else 0.5 if a == b else 0.0 for a, b in pairs) / len(pairs)
    assert line.split()[2] == f"{expected:.2f}"
    assert {r["id"]: r["score"] for r in db["articles"].rows} == scores


def test_help_has_examples_and_exit_status(runner):
    result = runner.invoke(cli, ["evaluate", "--help"])
    assert result.exit_code == 0
    for text in (
        "datasette-sources evaluate sources.db --labels labels.csv",
        "--fit proposed.yml",
        "Exit status:",
        "1  no key of the labels file names an article of DB",
        "--leave-group-out",
        "--bootstrap",
    ):
        assert text in result.output


def test_storing_a_run_waits_for_another_writer(runner, seeds_db, tmp_path):
    # Another process in the middle of a write, for longer than SQLite's 5 s busy
    # timeout would wait: the run is stored once it is done, not lost.
    other = sqlite3.connect(seeds_db, isolation_level=None, check_same_thread=False)
    other.execute("begin immediate")
    other.execute("update articles set score = score where rowid = 1")
    threading.Timer(6.0, other.execute, ["COMMIT"]).start()
    labels = labels_file(tmp_path, [r[:2] for r in SEED_LABELS], header="path,label")
    result = evaluate(runner, seeds_db, "--labels", labels, "--bootstrap", 50)
    assert result.exit_code == 0, result.output
    assert f"waiting: another process is writing to {seeds_db}" in result.stderr
    assert sqlite_utils.Database(seeds_db)["evaluations"].count > 0
