"""Clear errors, never tracebacks: where the database cannot be written, inputs that are not
files, folders that cannot be read, weights that cannot be used, databases that are not ours."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlite_utils
from conftest import PNG_BYTES, REPO

from datasette_sources.cli import EXIT_CANNOT_WRITE, EXIT_SOME_FAILED, cli

ARTICLE = (
    "Council votes\n\nThe council voted on Monday to close the bridge, officials said. "
    "“It is no longer safe,” the mayor, Jane Doe, said in a statement.\n"
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def no_traceback(result) -> None:
    text = (result.stdout or "") + (result.stderr or "")
    assert "Traceback" not in text, text


def test_database_in_a_missing_folder(runner, tmp_path, seeds):
    db = tmp_path / "no" / "such" / "sources.db"
    result = runner.invoke(cli, ["load", str(db), str(seeds)])
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert not (tmp_path / "no").exists()


def test_read_only_database_file(unprivileged, seeds, cli_process):
    run, folder = unprivileged
    db = folder / "sources.db"
    assert cli_process("load", db, seeds, "--silent").returncode == 0
    os.chmod(db, 0o444)
    before = digest(db)
    for args in (("load", db, REPO / "seeds"), ("rescore", db)):
        result = run(*args)
        assert result.returncode == 2, result.stderr
        assert "read-only" in result.stderr
        no_traceback(result)
    assert digest(db) == before


def test_read_only_folder(unprivileged, cli_process):
    run, folder = unprivileged
    locked = folder / "locked"
    locked.mkdir()
    db = locked / "sources.db"
    assert cli_process("load", db, REPO / "seeds", "--silent").returncode == 0
    os.chmod(db, 0o666)  # the file could be written, but not the journal beside it
    os.chmod(locked, 0o555)
    for args in (("load", db, REPO / "seeds"), ("rescore", db), ("load", locked / "new.db", db)):
        result = run(*args)
        assert result.returncode == 2, result.stderr
        assert "read-only" in result.stderr
        no_traceback(result)
    assert sorted(p.name for p in locked.iterdir()) == ["sources.db"]


def test_unreadable_subfolder_is_a_load_error(unprivileged):
    run, folder = unprivileged
    articles = folder / "articles"
    shutil.copytree(REPO / "seeds", articles)
    secret = articles / "secret"
    secret.mkdir()
    (secret / "a.txt").write_text(ARTICLE)
    os.chmod(articles, 0o755)
    os.chmod(secret, 0o000)
    db = folder / "sources.db"
    result = run("load", db, articles, "--silent")
    assert result.returncode == EXIT_SOME_FAILED, result.stderr
    assert result.stdout.splitlines()[0] == "loaded 5, replaced 0, unchanged 0, failed 1"
    assert "secret: cannot read folder" in result.stderr
    no_traceback(result)
    rows = sqlite_utils.Database(db).query("select path, reason from load_errors")
    assert [(r["path"], r["reason"].split(":")[0]) for r in rows] == [
        (str(secret), "cannot read folder")
    ]


def test_fifos_and_devices_are_refused_unread(runner, db_path, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    os.mkfifo(folder / "pipe.txt")  # nobody writes to it: reading would wait forever
    os.symlink("/dev/zero", folder / "zero.txt")  # reading would never end
    done: list = []
    worker = threading.Thread(
        target=lambda: done.append(runner.invoke(cli, ["load", db_path, str(folder), "/dev/zero"]))
    )
    worker.start()
    worker.join(120)
    assert done, "the load hung on a FIFO or a device"
    result = done[0]
    assert result.exit_code == EXIT_SOME_FAILED, result.output
    assert "loaded 1, replaced 0, unchanged 0, failed 3" in result.stdout
    assert "pipe.txt: not a regular file (a FIFO): refused" in result.stderr
    assert "zero.txt: not a regular file (a character device): refused" in result.stderr
    assert "/dev/zero: not a regular file (a character device): refused" in result.stderr


def full_disk_load(db: Path, seeds: Path, size: int) -> subprocess.CompletedProcess:
    """Load ``seeds`` into ``db`` on a disk that fills up after ``size`` bytes.

    As root: a tmpfs of that size, mounted in a mount namespace of the command's own
    (the database is copied out afterwards); otherwise a file-size limit.
    """
    command = [sys.executable, "-m", "datasette_sources.cli", "load"]
    options = ["--silent", "--batch-size", "1"]
    env = {"PYTHONPATH": str(REPO), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    if os.geteuid() == 0 and shutil.which("unshare"):
        mount = db.parent / "disk"
        mount.mkdir()
        script = (
            f'mount -t tmpfs -o size={size} tmpfs "{mount}" && '
            f'{" ".join(command)} "{mount}/sources.db" "{seeds}" {" ".join(options)}; '
            f'rc=$?; cp "{mount}"/sources.db* "{db.parent}/"; exit $rc'
        )
        return subprocess.run(
            ["unshare", "-m", "sh", "-c", script], env=env, capture_output=True, text=True
        )

    def limit():
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return subprocess.run(
        [*command, str(db), str(seeds), *options],
        env=env,
        preexec_fn=limit,
        capture_output=True,
        text=True,
    )


def test_full_disk(tmp_path, cli_process, database_rows):
    db = tmp_path / "sources.db"
    seeds = REPO / "seeds"
    result = full_disk_load(db, seeds, 700_000)
    assert result.returncode == EXIT_CANNOT_WRITE, result.stderr
    assert "could not write to" in result.stderr
    assert "run the same command again" in result.stderr
    no_traceback(result)
    # What was committed is whole: the file checks out, every article has its sentences.
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
    conn.close()
    # With room again, the same command completes the load, as one that never failed.
    again = cli_process("load", db, seeds, "--silent", "--batch-size", "1")
    assert again.returncode == 0, again.stderr
    whole = tmp_path / "whole.db"
    assert cli_process("load", whole, seeds, "--silent", "--batch-size", "1").returncode == 0
    assert database_rows(db) == database_rows(whole)


@pytest.mark.parametrize(
    "content,message",
    [
        (PNG_BYTES, "not a text file"),
        (b"sic_count: .nan\n", "must be a finite number"),
        (b"sic_count: .inf\n", "must be a finite number"),
        (b"sic_count: 1.0e+400\n", "must be a finite number"),
        (b"sic_count: 1.0e+12\n", "must be at most"),
        (b"sic_count: -1\n", "must be 0 or more"),
        (b"sic_count: true\n", "numeric weights"),
        (b"nope: 2\n", "unknown signal nope"),
        (b"plugins: 5\n", "expected a mapping at datasette-sources"),
        (b"[1, 2\n", "not YAML or JSON"),
        (b"{" * 5000, "not YAML or JSON"),
    ],
)
@pytest.mark.parametrize("command", ["load", "rescore"])
def test_bad_weights_are_refused_before_the_database_is_touched(
    runner, tmp_path, seeds, content, message, command, seed_db
):
    weights = tmp_path / "weights.yml"
    weights.write_bytes(content)
    db = tmp_path / "sources.db"
    shutil.copy(seed_db, db)
    before = digest(db)
    args = [command, str(db)] + ([str(seeds)] if command == "load" else [])
    result = runner.invoke(cli, [*args, "--weights", str(weights)])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert digest(db) == before


def test_weights_that_are_all_zero_are_refused(runner, tmp_path, seed_db):
    db = tmp_path / "sources.db"
    shutil.copy(seed_db, db)
    names = [r[0] for r in sqlite3.connect(db).execute("select name from signals")]
    weights = tmp_path / "weights.yml"
    weights.write_text("".join(f"{n}: 0\n" for n in names))
    before = digest(db)
    result = runner.invoke(cli, ["rescore", str(db), "--weights", str(weights)])
    assert result.exit_code == 2
    assert "every weight is 0" in result.output
    assert digest(db) == before
    # Zero for some is fine: the rest still weigh.
    weights.write_text(f"{names[0]}: 0\n")
    assert runner.invoke(cli, ["rescore", str(db), "--weights", str(weights)]).exit_code == 0


def test_a_null_weight_left_by_an_older_version_is_repaired(runner, tmp_path, seed_db):
    db = tmp_path / "sources.db"
    shutil.copy(seed_db, db)
    conn = sqlite3.connect(db)
    conn.execute("update signals set weight = null where name = 'sic_count'")
    conn.execute("update articles set score = null")  # as that version left them
    conn.commit()
    conn.close()
    result = runner.invoke(cli, ["load", str(db), str(REPO / "seeds")])
    assert result.exit_code == 0, result.output
    check = sqlite_utils.Database(db)
    default = next(
        s.weight
        for s in __import__("datasette_sources.plugins").plugins.all_signals()
        if s.name == "sic_count"
    )
    assert check["signals"].get("sic_count")["weight"] == default
    assert check.execute("select count(*) from articles where score is null").fetchone() == (0,)
    assert runner.invoke(cli, ["rescore", str(db)]).exit_code == 0


FOREIGN = {
    "their articles table": ["create table articles (id integer primary key, headline, content)"],
    "their sentences table": ["create table sentences (id integer primary key, text text)"],
    "a view named articles": [
        "create table posts (id integer primary key, body text)",
        "create view articles as select id, body from posts",
    ],
    "their stories table": ["create table stories (id text primary key, title text)"],
    "a view of ours in their database": [
        "create table posts (id integer primary key, body text)",
        "create view outlet_summary as select count(*) as n from posts",
    ],
    "their trigger named like ours": [
        "create table log (x)",
        "create table notes (id integer primary key, body text)",
        "create trigger articles_ai after insert on notes begin insert into log values (1); end",
    ],
}


@pytest.mark.parametrize("name", FOREIGN)
@pytest.mark.parametrize("command", ["load", "rescore"])
def test_other_peoples_databases_are_left_byte_identical(runner, tmp_path, name, command):
    db = tmp_path / "theirs.db"
    conn = sqlite3.connect(db)
    for sql in FOREIGN[name]:
        conn.execute(sql)
    if "articles" in FOREIGN[name][0] and "headline" in FOREIGN[name][0]:
        conn.execute("insert into articles (headline, content) values ('Hi', 'Their text.')")
    conn.commit()
    conn.close()
    before = digest(db)
    args = [command, str(db)] + ([str(REPO / "seeds")] if command == "load" else [])
    result = runner.invoke(cli, args)
    has_articles = any(" articles " in sql for sql in FOREIGN[name])
    if command == "rescore" and not has_articles:
        assert result.exit_code == 2 and "no articles table" in result.output
    else:
        assert result.exit_code == 2, result.output
        assert "Nothing was changed" in result.output
    assert digest(db) == before
    assert not Path(f"{db}-wal").exists() and not Path(f"{db}-journal").exists()


def test_a_conflict_names_what_is_not_ours(runner, tmp_path):
    db = tmp_path / "theirs.db"
    conn = sqlite3.connect(db)
    for sql in FOREIGN["their articles table"]:
        conn.execute(sql)
    conn.commit()
    conn.close()
    result = runner.invoke(cli, ["load", str(db), str(REPO / "seeds")])
    assert "table articles: id is INTEGER, ours is TEXT; no column title, outlet, body, score" in (
        result.output
    )


def test_our_own_older_database_is_ours(runner, tmp_path, seed_db):
    """A database of ours that lacks later columns and tables is brought up to date."""
    db = tmp_path / "sources.db"
    shutil.copy(seed_db, db)
    conn = sqlite3.connect(db)
    conn.execute("drop table pending_steps")
    conn.execute("drop index idx_articles_dateline")
    conn.execute("alter table articles drop column dateline")
    conn.execute("alter table articles add column my_notes text")  # a user's own column
    conn.commit()
    conn.close()
    result = runner.invoke(cli, ["load", str(db), str(REPO / "seeds")])
    assert result.exit_code == 0, result.output
    columns = sqlite_utils.Database(db)["articles"].columns_dict
    assert "dateline" in columns and "my_notes" in columns
