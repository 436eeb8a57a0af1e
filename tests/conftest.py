"""Shared fixtures: real files and real SQLite databases in ``tmp_path``, no mocks."""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

#: A Latin-1 (Windows-1252) article: é and ü are Latin-1, ’ (0x92) is cp1252 only.
LATIN1_TEXT = (
    "Café Müller to close\n\n"
    "Café Müller said the mayor’s plan would double its rent, the owner told reporters. "
    "“We cannot stay,” said Jürgen Müller, who opened the café in 1987.\n"
)
#: The start of a PNG file: signature, then a header chunk full of NULs.
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
    + bytes(range(256)) * 4
)


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "sources.db")


@pytest.fixture
def fresh_db(db_path: str) -> sqlite_utils.Database:
    """An empty file-backed database, as the CLI would make it."""
    return sqlite_utils.Database(db_path)


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A copy of the repository's five seed articles."""
    return Path(shutil.copytree(SEEDS, tmp_path / "seeds"))


@pytest.fixture
def mixed(seeds: Path) -> Path:
    """The seeds plus an empty file, a binary file and a Latin-1 article."""
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "image.txt").write_bytes(PNG_BYTES)
    (seeds / "latin1.txt").write_bytes(LATIN1_TEXT.encode("cp1252"))
    return seeds


@pytest.fixture
def runner() -> CliRunner:
    """A CliRunner keeping stderr apart from stdout on every Click version."""
    if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
        return CliRunner(mix_stderr=False)
    return CliRunner()


@pytest.fixture
def table_counts():
    """A function: rows in every table of a database, FTS shadow tables included."""

    def counts(db: sqlite_utils.Database) -> dict[str, int]:
        return {name: db[name].count for name in db.table_names()}

    return counts


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory) -> Path:
    """sources.db, made by the loader from the seed articles (the name metadata.yml expects)."""
    from datasette_sources.store import load

    path = tmp_path_factory.mktemp("db") / "sources.db"
    load(sqlite_utils.Database(path), [str(SEEDS)])
    return path


#: Untrusted article text that must come out escaped everywhere.
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def hostile_folder(tmp_path_factory) -> Path:
    """The seeds plus an article whose title and body carry SCRIPT and IMG."""
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copytree(SEEDS, folder / "seeds")
    (folder / "attack.txt").write_text(
        f"{SCRIPT} Mayor quits {IMG}\n\n"
        "By Jane Doe\n\n"
        f'The mayor resigned on Tuesday, officials said. "{SCRIPT} is not a plan," '
        "said Jane Smith, a spokeswoman.\n\n"
        f"The decision {IMG} was almost certainly a disaster.\n"
    )
    return folder


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    """sources.db, made by the loader from the seeds and the hostile article."""
    from datasette_sources.store import load

    path = tmp_path_factory.mktemp("hostile-db") / "sources.db"
    summary = load(sqlite_utils.Database(path), [str(hostile_folder(tmp_path_factory))])
    assert summary.failed == 0, summary.failures
    return path


@pytest.fixture(scope="module")
def news_db(hostile_db, tmp_path_factory) -> Path:
    """The hostile database under another name, news.db: nothing may need it called sources.db."""
    path = tmp_path_factory.mktemp("news-db") / "news.db"
    shutil.copy(hostile_db, path)
    return path


@pytest.fixture
def start_datasette():
    """An async function: a started Datasette on database files, for ``ds.client``.

    ``metadata`` is the shipped metadata.yml unless given (``{}``: none), and
    is copied, so a test may change what it passes. One instance per test: an
    instance is tied to the event loop it started in, and pytest-asyncio gives
    each test its own loop.
    """
    import copy

    import yaml
    from datasette.app import Datasette

    async def start(*paths, metadata=None, settings=None):
        if metadata is None:
            metadata = yaml.safe_load((REPO / "metadata.yml").read_text())
        ds = Datasette([str(p) for p in paths], metadata=copy.deepcopy(metadata), settings=settings)
        await ds.invoke_startup()
        return ds

    return start


@pytest.fixture
def page_links():
    """The URL builder the pages' shaping steps take: a database ``sources`` served at /.

    Datasette's own ``datasette.urls`` over an in-memory database of that
    name: no file, no request, no startup.
    """
    from datasette.app import Datasette

    from datasette_sources.web.links import PageLinks

    ds = Datasette()
    ds.add_memory_database("sources")
    return PageLinks.for_database(ds, ds.get_database("sources"))


def load_command(*args: str) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of ``datasette-sources load ARGS``, run in a
    process of its own with this checkout's code first."""
    path = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    argv = [sys.executable, "-m", "datasette_sources.cli", "load", "--silent", *args]
    return argv, {**os.environ, "PYTHONPATH": path}


def run_load_command(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run ``datasette-sources load ARGS`` to the end (see :func:`load_command`)."""
    argv, env = load_command(*args)
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env)


def start_load_command(*args: str) -> subprocess.Popen:
    """Start ``datasette-sources load ARGS`` and return at once (see :func:`load_command`)."""
    argv, env = load_command(*args)
    return subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


#: Columns that say when a row was written, not what it holds.
TIMESTAMPS = {"loaded_at", "logged_at", "since"}


def dump_tables(path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without timestamps or full-text shadow tables:
    two databases with the same content give the same dump."""
    db = sqlite_utils.Database(path)
    out = {}
    for name in db.table_names():
        if "_fts_" in name or name.endswith("_fts"):
            continue
        columns = [c for c in db[name].columns_dict if c not in TIMESTAMPS]
        select = ", ".join(f"[{c}]" for c in columns)
        out[name] = sorted(
            (tuple(row) for row in db.execute(f"select {select} from [{name}]")), key=repr
        )
    out["articles_fts"] = sorted(db.execute("select title, body from articles_fts").fetchall())
    return out


def copies_of_the_seeds(folder: Path, count: int) -> Path:
    """``count`` articles made from the seeds, each with a line of its own (new ids,
    stories with copies in them), in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(count):
        text = seeds[i % len(seeds)].read_text()
        (folder / f"copy_{i:03d}.txt").write_text(
            text + f"\n\nThis is copy number {i} of the story, filed again on day {i}.\n"
        )
    return folder


#: Columns that hold the time a row was written: they differ between two runs by design.
VOLATILE_COLUMNS = {"loaded_at", "logged_at", "since"}


@pytest.fixture
def database_rows():
    """A function: every row of every table of a database file, sorted, timestamps left out.

    Two databases with equal ``database_rows`` hold the same data, row for row.
    """
    import sqlite3

    def rows(path) -> dict[str, list[tuple]]:
        conn = sqlite3.connect(path)
        try:
            out = {}
            names = [
                r[0]
                for r in conn.execute(
                    "select name from sqlite_master where type = 'table' "
                    "and name not like '%_fts%' and name not like 'sqlite_%' order by name"
                )
            ]
            for name in names:
                cursor = conn.execute(f"select * from [{name}]")
                keep = [i for i, d in enumerate(cursor.description) if d[0] not in VOLATILE_COLUMNS]
                out[name] = sorted(
                    (tuple(row[i] for i in keep) for row in cursor), key=lambda r: repr(r)
                )
            return out
        finally:
            conn.close()

    return rows


@pytest.fixture
def cli_process():
    """A function: run ``datasette-sources ARGS`` in a new Python process, this checkout first.

    ``env`` adds environment variables (``DATASETTE_SOURCES_DIE_AT``: where the process
    kills itself); returns the CompletedProcess (returncode -9 for a kill).
    """
    import os
    import subprocess
    import sys

    def run(*args, env=None, **kwargs):
        environ = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
        return subprocess.run(
            [sys.executable, "-m", "datasette_sources.cli", *map(str, args)],
            env=environ,
            capture_output=True,
            text=True,
            timeout=600,
            **kwargs,
        )

    return run


def drop_file_permission_override() -> None:
    """In a child process before exec: give up root's power to ignore file permissions.

    Drops CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and CAP_FOWNER from the capability
    bounding set (prctl PR_CAPBSET_DROP), so the program it executes, though root,
    is refused a read-only file or an unreadable folder as any user would be.
    """
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop = 24
    for cap in (1, 2, 3):  # dac_override, dac_read_search, fowner
        if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


@pytest.fixture
def unprivileged(tmp_path, cli_process):
    """(run, folder): run the CLI bound by file permissions, in a folder it can use.

    Tests run as root here and in CI, and root reads and writes whatever the
    permissions say; so, as root, the command runs without the capabilities that
    let it (:func:`drop_file_permission_override`).
    """
    import os

    def run(*args, env=None):
        if os.geteuid() != 0:
            return cli_process(*args, env=env)
        return cli_process(*args, env=env, preexec_fn=drop_file_permission_override)

    try:
        yield run, tmp_path
    finally:  # let pytest clean up what the tests locked
        for root, dirs, _ in os.walk(tmp_path):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)


#: Articles the reading core does not read: kept whole, not scored.
CHINESE_TEXT = (
    "北京市长辞职\n\n北京市市长周二宣布辞职。官员们说，市议会将于下周开会选出新市长！谁来接任？\n\n"
    "这是一个重要的消息，许多市民对此表示关注。\n"
)
ARABIC_TEXT = (
    "استقالة رئيس البلدية\n\nأعلن رئيس البلدية استقالته يوم الثلاثاء. "
    "وقال مسؤولون إن المجلس سيجتمع الأسبوع المقبل لاختيار خلف له. هل سيوافق المجلس؟\n"
)
#: A page nested deeper than the HTML parser follows: no article text is found in it.
DEEP_HTML = (
    "<html><body>"
    + "<div>" * 10000
    + "<p>The mayor resigned on Tuesday, officials said.</p>"
    + "</div>" * 10000
    + "</body></html>"
)


@pytest.fixture(scope="module")
def languages_db(tmp_path_factory) -> Path:
    """sources.db: the seeds, a Chinese and an Arabic article, and a page too deep to read."""
    from datasette_sources.store import load

    folder = tmp_path_factory.mktemp("languages")
    shutil.copytree(SEEDS, folder / "seeds")
    (folder / "zh.txt").write_text(CHINESE_TEXT, encoding="utf-8")
    (folder / "ar.txt").write_text(ARABIC_TEXT, encoding="utf-8")
    (folder / "deep.html").write_text(DEEP_HTML, encoding="utf-8")
    path = tmp_path_factory.mktemp("languages-db") / "sources.db"
    summary = load(sqlite_utils.Database(path), [str(folder)])
    assert summary.loaded == 8 and summary.failed == 0, summary
    return path
