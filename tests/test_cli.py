"""The ``datasette-sources load`` command and ``scripts/load.py``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sqlite_utils
from conftest import REPO

from datasette_sources.cli import EXIT_SOME_FAILED, cli

BODY = (
    "The council approved the budget on Tuesday, the mayor said. "
    "“This is a good day for the city,” said Mayor Ana Ruiz.\n\n"
    "Critics said the plan cut too deeply into library funding."
)


def run(runner, *args):
    return runner.invoke(cli, ["load", *map(str, args)], catch_exceptions=False)


def test_help_has_examples_and_exit_status(runner):
    result = runner.invoke(cli, ["load", "--help"])
    assert result.exit_code == 0
    out = result.output
    assert "datasette-sources load sources.db seeds/" in out
    assert "datasette-sources load sources.db articles.csv --text-column content_original" in out
    assert "Exit status:" in out
    assert f"{EXIT_SOME_FAILED}  some inputs could not be loaded" in out
    assert "2  usage error" in out
    for option in (
        "--text-column",
        "--title-column",
        "--url-column",
        "--outlet-column",
        "--published-column",
        "--id-column",
        "--replace",
        "--silent",
        "--batch-size",
    ):
        assert option in out
    assert runner.invoke(cli, ["--help"]).exit_code == 0


def test_load_seeds_twice_then_replace(runner, db_path, seeds):
    result = run(runner, db_path, seeds)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "loaded 5, replaced 0, unchanged 0, failed 0"
    assert result.stderr == ""
    db = sqlite_utils.Database(db_path)
    assert db["articles"].count == 5
    sentences = db["sentences"].count

    result = run(runner, db_path, seeds)
    assert result.stdout.splitlines()[0] == "loaded 0, replaced 0, unchanged 5, failed 0"

    result = run(runner, db_path, seeds, "--replace", "--batch-size", "2")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "loaded 0, replaced 5, unchanged 0, failed 0"
    assert (db["articles"].count, db["sentences"].count) == (5, sentences)


def test_some_inputs_fail(runner, db_path, mixed):
    result = run(runner, db_path, mixed)
    assert result.exit_code == EXIT_SOME_FAILED == 1
    assert result.stdout.splitlines()[0] == "loaded 6, replaced 0, unchanged 0, failed 2"
    failed = result.stderr.strip().splitlines()
    assert failed == [
        f"failed: {mixed / 'empty.txt'}: empty file",
        f"failed: {mixed / 'image.txt'}: binary file, not text",
    ]
    db = sqlite_utils.Database(db_path)
    assert db["articles"].count == 6
    assert db["load_errors"].count == 2
    (body,) = db.execute("select body from articles where path like '%latin1.txt'").fetchone()
    assert "Café Müller said the mayor’s plan" in body
    # loading again: nothing new, the same two failures, the same status
    result = run(runner, db_path, mixed)
    assert result.exit_code == EXIT_SOME_FAILED
    assert result.stdout.splitlines()[0] == "loaded 0, replaced 0, unchanged 6, failed 2"
    assert db["load_errors"].count == 2


def test_failures_name_row_and_line(runner, db_path, tmp_path):
    csv_path = tmp_path / "articles.csv"
    csv_path.write_text(f'title,text\nGood,"{BODY}"\nNo text,\n')
    jsonl_path = tmp_path / "articles.jsonl"
    jsonl_path.write_text(json.dumps({"text": BODY.replace("budget", "plan")}) + "\n{oops\n")
    result = run(runner, db_path, csv_path, jsonl_path)
    assert result.exit_code == EXIT_SOME_FAILED
    assert result.stdout.splitlines()[0] == "loaded 2, replaced 0, unchanged 0, failed 2"
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"failed: {csv_path}, row 2: no article text")
    assert lines[1].startswith(f"failed: {jsonl_path}, line 2: invalid JSON")


def test_column_options(runner, db_path, tmp_path):
    csv_path = tmp_path / "allsides.csv"
    csv_path.write_text(
        "ID,headline_text,link_to,site,when,topic,content_original\n"
        f'17,Budget passes,https://example.com/a?b=1,City Paper,2024-03-05,budget,"{BODY}"\n'
    )
    result = run(
        runner,
        db_path,
        csv_path,
        "--text-column",
        "content_original",
        "--title-column",
        "headline_text",
        "--url-column",
        "link_to",
        "--outlet-column",
        "site",
        "--published-column",
        "when",
        "--id-column",
        "ID",
    )
    assert result.exit_code == 0, result.output
    art = next(sqlite_utils.Database(db_path)["articles"].rows)
    assert (art["title"], art["url"], art["outlet"], art["source_id"]) == (
        "Budget passes",
        "https://example.com/a?b=1",
        "City Paper",
        "17",
    )
    assert art["published"].startswith("2024-03-05")
    assert json.loads(art["metadata"]) == {"topic": "budget"}


def test_jsonl_column_options(runner, db_path, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"story": BODY, "paper": "City Paper", "x": 1}) + "\n")
    result = run(runner, db_path, path, "--text-column", "story", "--outlet-column", "paper")
    assert result.exit_code == 0, result.output
    art = next(sqlite_utils.Database(db_path)["articles"].rows)
    assert art["outlet"] == "City Paper"
    assert json.loads(art["metadata"]) == {"x": 1}


@pytest.mark.parametrize(
    "args",
    [
        [],  # no DB, no PATH
        ["{db}"],  # no PATH
        ["{db}", "{tmp}/does-not-exist"],
        ["{db}", "{seeds}", "--no-such-option"],
        ["{db}", "{seeds}", "--batch-size", "0"],
        ["{notdb}", "{seeds}"],  # DB is not a SQLite database
    ],
)
def test_usage_errors_exit_2(runner, db_path, seeds, tmp_path, args):
    notdb = tmp_path / "notes.db"
    notdb.write_text("these are my notes, not a database\n" * 100)
    args = [a.format(db=db_path, tmp=tmp_path, seeds=seeds, notdb=notdb) for a in args]
    result = runner.invoke(cli, ["load", *args])
    assert result.exit_code == 2, result.output
    assert "Usage:" in result.output or "Error" in result.output
    assert not Path(db_path).exists() or sqlite_utils.Database(db_path)["articles"].count == 0


@pytest.mark.parametrize(
    "settings,credit_kind",
    [
        (None, "republished"),
        ("outlets: {Springfield Daily Star: [SDS News]}", "staff"),
        (
            "plugins:\n  datasette-sources:\n    outlets: {Springfield Daily Star: [SDS News]}",
            "staff",
        ),
    ],
)
def test_outlets_option_adds_an_outlets_names(runner, db_path, tmp_path, settings, credit_kind):
    path = tmp_path / "a.jsonl"
    item = {
        "title": "Budget",
        "text": BODY + "\n\nSource: SDS News",
        "outlet": "Springfield Daily Star",
    }
    path.write_text(json.dumps(item) + "\n", encoding="utf-8")
    extra = []
    if settings:
        (tmp_path / "outlets.yml").write_text(settings + "\n", encoding="utf-8")
        extra = ["--outlets", tmp_path / "outlets.yml"]
    result = run(runner, db_path, path, *extra)
    assert result.exit_code == 0, result.output
    (row,) = sqlite_utils.Database(db_path)["articles"].rows
    assert row["credit_kind"] == credit_kind


@pytest.mark.parametrize("settings", ["outlets: [CNN]", "wires: AP", "outlets: {CNN: x", "- CNN"])
def test_outlets_option_refuses_bad_settings(runner, db_path, seeds, tmp_path, settings):
    (tmp_path / "outlets.yml").write_text(settings + "\n", encoding="utf-8")
    result = runner.invoke(
        cli, ["load", db_path, str(seeds), "--outlets", str(tmp_path / "outlets.yml")]
    )
    assert result.exit_code == 2, result.output
    assert "--outlets" in result.output


# --- a CSV or JSON file without a text column stops the command at once -------------------

ALLSIDES_HEADER = (
    "ID,topic,source,source_url,url,date,authors,title,bias_text,bias,content_original"
)


def _allsides_like(path: Path, rows: int = 30) -> Path:
    lines = [ALLSIDES_HEADER] + [
        f"{n},budget,City Paper,city.example,https://city.example/{n},2024-03-05,Jo,Budget {n},"
        f'left,1,"{BODY.replace("budget", f"budget {n}")}"'
        for n in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(
    "name,write",
    [
        ("export.csv", lambda p: _allsides_like(p)),
        ("export.csv.gz", None),
        (
            "export.jsonl",
            lambda p: p.write_text(
                "".join(json.dumps({"headline": "Hi", "story": BODY}) + "\n" for _ in range(3))
            ),
        ),
        ("export.json", lambda p: p.write_text(json.dumps([{"headline": "Hi", "story": BODY}]))),
    ],
)
def test_a_file_without_a_text_column_stops_before_anything_is_written(
    runner, db_path, tmp_path, name, write
):
    path = tmp_path / name
    if write is None:
        import gzip

        plain = _allsides_like(tmp_path / "plain.csv")
        path.write_bytes(gzip.compress(plain.read_bytes()))
    else:
        write(path)
    result = runner.invoke(cli, ["load", db_path, str(path)])
    assert result.exit_code == 2, result.output
    message = result.stderr
    assert f"{path} has no column called text, body, content, html or raw_html" in message
    if name.startswith("export.csv"):
        assert f"Its columns: {ALLSIDES_HEADER.replace(',', ', ')}" in message
        assert "--text-column content_original" in message
    else:
        assert "Its columns: headline, story" in message
        assert "--text-column story" in message
    # One message, not one line per row; and nothing loaded, no database made.
    assert message.count("has no column called") == 1
    assert not Path(db_path).exists()


def test_a_wrong_text_column_is_named(runner, db_path, tmp_path):
    path = _allsides_like(tmp_path / "export.csv")
    result = runner.invoke(cli, ["load", db_path, str(path), "--text-column", "content"])
    assert result.exit_code == 2
    assert "has no column called content, html or raw_html" in result.stderr
    assert "--text-column content is not among them" in result.stderr
    ok = runner.invoke(cli, ["load", db_path, str(path), "--text-column", "content_original"])
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.splitlines()[0] == "loaded 30, replaced 0, unchanged 0, failed 0"


def test_one_bad_file_among_good_ones_stops_the_load(runner, db_path, tmp_path, seeds):
    _allsides_like(seeds / "export.csv")
    result = runner.invoke(cli, ["load", db_path, str(seeds)])
    assert result.exit_code == 2
    assert "export.csv has no column called" in result.stderr
    assert not Path(db_path).exists()


def test_empty_text_in_some_rows_is_not_a_missing_column(runner, db_path, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(f'title,text\nGood,"{BODY}"\nNo text,\n')
    result = runner.invoke(cli, ["load", db_path, str(path)])
    assert result.exit_code == EXIT_SOME_FAILED
    assert "has no column called" not in result.stderr


def test_the_last_line_says_what_to_run_next(runner, tmp_path, seeds, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["load", "my news.db", str(seeds)])
    assert result.stdout.splitlines()[-1] == (
        "next: datasette 'my news.db', then open http://127.0.0.1:8001/-/sources"
    )
    (tmp_path / "metadata.yml").write_text("title: News\n")
    result = runner.invoke(cli, ["load", "my news.db", str(seeds)])
    assert result.stdout.splitlines()[-1].startswith("next: datasette 'my news.db' -m metadata.yml")


# --- progress bar ---------------------------------------------------------------


def test_no_progress_bar_when_not_a_terminal(runner, db_path, seeds):
    for extra in ([], ["--silent"]):
        result = run(runner, db_path, seeds, "--replace", *extra)
        assert result.exit_code == 0
        assert "Loading" not in result.output and "#" not in result.output
        assert "%" not in result.stderr and result.stderr == ""


def _run_on_terminal(args: list[str], cwd: Path) -> str:
    """Run the CLI with stderr on a pseudo-terminal; what the terminal shows."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "datasette_sources.cli", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=follower,
        cwd=cwd,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        shown += chunk
    proc.wait(timeout=120)
    os.close(leader)
    assert proc.returncode == 0, proc.stdout.read()
    return shown.decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_unless_silent(tmp_path, seeds):
    shown = _run_on_terminal(["load", "bar.db", str(seeds)], tmp_path)
    assert "Loading" in shown and "100%" in shown
    # Every step after reading says what it is doing: nothing sits silent at 100%.
    after = shown[shown.index("Loading") :]
    for phase in (
        "Grouping articles into stories",
        "Comparing the articles of each story",
        "Scoring",
    ):
        assert phase in after, (phase, after[-2000:])
    assert after.index("Grouping") < after.index("Comparing") < after.index("Scoring")
    shown = _run_on_terminal(["load", "quiet.db", str(seeds), "--silent", "--replace"], tmp_path)
    assert shown == ""


# --- the script, and no network ---------------------------------------------------


def test_script_load(tmp_path, seeds):
    db = tmp_path / "script.db"
    proc = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "load.py"), str(db), str(seeds)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "loaded 5, replaced 0, unchanged 0, failed 0"
    assert sqlite_utils.Database(db)["articles"].count == 5
    usage = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "load.py")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert usage.returncode == 2 and "Usage: load.py [OPTIONS] DB PATH..." in usage.stderr


#: Runs a command with nltk.download and every network connection made to fail.
OFFLINE = textwrap.dedent(
    """
    import socket, sys
    import nltk, nltk.downloader

    marker = sys.argv[1]

    def refuse(*args, **kwargs):
        with open(marker, "a") as f:
            f.write(repr(args) + "\\n")
        raise RuntimeError("no network in tests")

    nltk.download = nltk.downloader.download = refuse
    nltk.downloader.Downloader.download = refuse
    socket.socket.connect = socket.socket.connect_ex = refuse
    socket.create_connection = socket.getaddrinfo = refuse
    sys.argv = sys.argv[1:]
    exec(sys.argv[1])
    """
)


def _offline(tmp_path: Path, code: str, *args: str) -> tuple[subprocess.CompletedProcess, Path]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "NLTK_DATA"}
    env["HOME"] = str(home)
    marker = tmp_path / "network-attempts.txt"
    proc = subprocess.run(
        [sys.executable, "-c", OFFLINE, str(marker), code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    return proc, marker


def test_load_does_not_download(tmp_path, seeds):
    run_cli = (
        "from datasette_sources.cli import cli; "
        "cli.main(args=sys.argv[2:], prog_name='datasette-sources')"
    )
    proc, marker = _offline(tmp_path, run_cli, "load", str(tmp_path / "x.db"), str(seeds))
    assert not marker.exists(), marker.read_text()
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "loaded 5, replaced 0, unchanged 0, failed 0"
    db = sqlite_utils.Database(tmp_path / "x.db")
    assert (
        db.execute(
            "select count(*) from articles where flesch_reading_ease is not null"
        ).fetchone()[0]
        == 5
    )
    assert not any((tmp_path / "home").iterdir())  # nothing written to ~/nltk_data


def test_the_offline_test_would_catch_a_download(tmp_path):
    # textstat on its own fetches NLTK's cmudict: the harness above must notice.
    bare = "import textstat; textstat.flesch_reading_ease('The cat sat on the mat.')"
    proc, marker = _offline(tmp_path, "import nltk; nltk.data.find('corpora/cmudict')")
    if proc.returncode == 0:
        pytest.skip("NLTK's cmudict is installed here, so textstat would not download it")
    proc, marker = _offline(tmp_path, bare)
    assert proc.returncode != 0
    assert "cmudict" in marker.read_text()
