"""Publishing, proven end to end and offline, on Datasette 0.65.x and the 1.0 alphas.

What ``datasette publish cloudrun`` would deploy is generated for real, with a
stand-in ``gcloud`` first on PATH that copies the build context it is handed
(Dockerfile, metadata.json, sources.db) instead of uploading it. This project
is built into a wheel, the wheel is installed into a fresh virtual environment
by the bundle's own ``pip install`` line (``--no-index``: the wheel directory
stands in for PyPI), the bundle's ``datasette inspect`` step runs, and then the
bundle's ``CMD`` serves the database on 127.0.0.1, where every plugin page, the
table pages and the canned queries of metadata.yml are fetched over HTTP.

The fresh environments get Datasette and the other dependencies, without the
network, from a ``.pth`` file naming a directory of links to this interpreter's
site-packages, minus this project: the plugin can only come from the wheel, and
a second environment without the wheel shows what plain Datasette makes of the
same file.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from local_server import LOOPBACK, LocalServer, free_port, get
from markupsafe import escape

# Builds a wheel, installs it in a fresh venv and starts servers.
pytestmark = pytest.mark.slow
METADATA_YML = REPO / "metadata.yml"
PACKAGE = "datasette_sources"
TIMEOUT = 120

#: Stands in for the Google Cloud SDK: logs each call, names a project, and
#: copies the build context of ``gcloud builds submit`` to $BUNDLE_OUT.
GCLOUD = """#!/bin/sh
echo "gcloud $*" >> "$STAND_IN_LOG"
case "$*" in
  "config get-value project") echo stand-in-project ;;
  "builds submit"*) cp -R . "$BUNDLE_OUT" ;;
esac
exit 0
"""

#: Stands in for Docker: ``docker build`` copies its build context to $BUNDLE_OUT.
DOCKER = """#!/bin/sh
echo "docker $*" >> "$STAND_IN_LOG"
case "$1" in
  build) cp -R . "$BUNDLE_OUT" ;;
esac
exit 0
"""


def metadata() -> dict:
    """metadata.yml as it is when the test runs (its queries are read, not listed here)."""
    return yaml.safe_load(METADATA_YML.read_text())


def plugin_queries() -> dict:
    return (metadata().get("plugins", {}).get("datasette-sources") or {}).get("queries") or {}


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(extra)
    return env


def run(args, cwd, env=None, timeout=TIMEOUT) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env or base_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, (args, result.stdout[-3000:], result.stderr[-3000:])
    return result


# --- the deployment bundle ----------------------------------------------------------------


@dataclass
class Bundle:
    path: Path
    stdout: str
    calls: list[str]
    files: list[str]

    @property
    def dockerfile(self) -> str:
        return (self.path / "Dockerfile").read_text()

    def runs(self) -> list[str]:
        return [line[4:] for line in self.dockerfile.splitlines() if line.startswith("RUN ")]

    def pip_line(self) -> list[str]:
        (line,) = [r for r in self.runs() if r.startswith("pip install")]
        return shlex.split(line)

    def inspect_line(self) -> list[str]:
        (line,) = [r for r in self.runs() if r.startswith("datasette inspect")]
        return shlex.split(line)

    def cmd(self) -> list[str]:
        (line,) = [line for line in self.dockerfile.splitlines() if line.startswith("CMD ")]
        return shlex.split(line[4:])

    def env(self) -> dict[str, str]:
        pairs = [
            shlex.split(line[4:])
            for line in self.dockerfile.splitlines()
            if line.startswith("ENV ")
        ]
        return {key: value for key, value in pairs}


def stand_ins(directory: Path) -> Path:
    bin_dir = directory / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name, script in (("gcloud", GCLOUD), ("docker", DOCKER)):
        (bin_dir / name).write_text(script)
        (bin_dir / name).chmod(0o755)
    return bin_dir


def publish(work: Path, name: str, args: list[str]) -> Bundle:
    """Run ``datasette ARGS`` in WORK with the stand-ins first on PATH; the bundle it built."""
    bin_dir = stand_ins(work)
    out, log = work / f"bundle-{name}", work / f"calls-{name}.log"
    env = base_env(
        PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        BUNDLE_OUT=str(out),
        STAND_IN_LOG=str(log),
    )
    result = run([sys.executable, "-m", "datasette", *args], cwd=work, env=env)
    assert (out / "Dockerfile").is_file(), (result.stdout, result.stderr)
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    return Bundle(out, result.stdout, log.read_text().splitlines(), files)


@pytest.fixture(scope="module")
def work(tmp_path_factory, seed_db) -> Path:
    """A folder holding sources.db, made by the loader from the seeds."""
    folder = tmp_path_factory.mktemp("publish")
    shutil.copy(seed_db, folder / "sources.db")
    return folder


@pytest.fixture(scope="module")
def bundle(work) -> Bundle:
    """The README's command, with a stand-in gcloud."""
    return publish(
        work,
        "cloudrun",
        [
            "publish",
            "cloudrun",
            "sources.db",
            "-m",
            METADATA_YML,
            "--service",
            "sources",
            "--install",
            "datasette-sources",
            "--show-files",
        ],
    )


# --- the wheel and the fresh environments ----------------------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """This project built into a wheel, offline, from a copy (the build writes into its source)."""
    # pyproject.toml's SPDX `license = "..."` needs setuptools 77 or later to build, and
    # --no-build-isolation builds with the setuptools installed here.
    setuptools = importlib.metadata.version("setuptools")
    assert int(setuptools.split(".")[0]) >= 77, (
        f"setuptools {setuptools} cannot build this project offline: install setuptools>=77"
    )
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    source.mkdir()
    for item in REPO.iterdir():
        if item.is_file():
            shutil.copy(item, source / item.name)
    shutil.copytree(
        REPO / PACKAGE, source / PACKAGE, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--disable-pip-version-check",
            "-w",
            root / "dist",
            source,
        ],
        cwd=root,
    )
    (built,) = (root / "dist").glob("datasette_sources-*.whl")
    return built


def _ours(name: str) -> bool:
    normal = name.lower().replace("-", "_")
    return normal.startswith(PACKAGE) or (normal.startswith("__editable__") and PACKAGE in normal)


@pytest.fixture(scope="module")
def dependencies(tmp_path_factory) -> Path:
    """Links to everything in this interpreter's site-packages except this project."""
    folder = tmp_path_factory.mktemp("dependencies")
    paths = sysconfig.get_paths()
    for site in dict.fromkeys([paths["purelib"], paths["platlib"]]):
        for item in Path(site).iterdir():
            if _ours(item.name) or item.suffix == ".pth" or (folder / item.name).exists():
                continue
            (folder / item.name).symlink_to(item)
    return folder


def fresh_venv(path: Path, dependencies: Path) -> Path:
    """A new virtual environment that sees DEPENDENCIES; its python."""
    run([sys.executable, "-m", "venv", "--without-pip", path], cwd=path.parent)
    python = path / "bin" / "python"
    site = Path(
        run(
            [python, "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            cwd=path,
        ).stdout.strip()
    )
    (site / "zz_dependencies.pth").write_text(f"{dependencies}\n")
    return python


def venv_pip(python: Path, pip_line: list[str], cwd: Path, *extra) -> subprocess.CompletedProcess:
    """A Dockerfile's ``pip install ...`` line, run for PYTHON's environment, offline."""
    assert pip_line[:2] == ["pip", "install"], pip_line
    return run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "--disable-pip-version-check",
            *pip_line[1:],
            "--no-index",
            *extra,
        ],
        cwd=cwd,
    )


def where(python: Path, cwd: Path) -> dict:
    """Where PYTHON imports datasette and this plugin from."""
    code = (
        "import importlib.util, json, sysconfig, datasette.version as v\n"
        "spec = importlib.util.find_spec('datasette_sources')\n"
        "print(json.dumps({'plugin': spec and spec.origin, 'datasette': v.__version__,\n"
        "  'site': sysconfig.get_paths()['purelib']}))"
    )
    return json.loads(run([python, "-I", "-c", code], cwd=cwd).stdout)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, dependencies, wheel, bundle) -> Path:
    """A fresh environment set up by the bundle's pip line, with the wheel standing in for PyPI."""
    python = fresh_venv(tmp_path_factory.mktemp("fresh") / "venv", dependencies)
    venv_pip(python, bundle.pip_line(), bundle.path, "--find-links", wheel.parent)
    return python


@pytest.fixture(scope="module")
def plain(tmp_path_factory, dependencies) -> Path:
    """A fresh environment with Datasette but without this plugin."""
    return fresh_venv(tmp_path_factory.mktemp("plain") / "venv", dependencies)


# --- servers ---------------------------------------------------------------------------------


class Server(LocalServer):
    """The server a ``datasette serve`` argv would start, run by ``python`` on loopback."""

    def __init__(self, python: Path, argv: list[str], cwd: Path, env: dict[str, str], log: Path):
        assert argv[:2] == ["datasette", "serve"], argv
        port = free_port()
        argv = [str(port) if a == "$PORT" else a for a in argv]
        if "--host" in argv:
            argv[argv.index("--host") + 1] = LOOPBACK
        else:
            argv += ["--host", LOOPBACK]
        if "--port" not in argv:
            argv += ["--port", str(port)]
        super().__init__([str(python), "-I", "-m", "datasette", *argv[1:]], cwd, env, log, port)

    def wait(self) -> None:
        super().wait(TIMEOUT)


#: The plugin's servers: the bundle's CMD, and the short form the issue asks for.
BUNDLE, EXACT = "bundle CMD", "serve -i sources.db --inspect-file -m metadata.yml"


@pytest.fixture(scope="module")
def servers(bundle, fresh, plain, tmp_path_factory):
    """The bundle's inspect step, then three servers: the bundle's CMD and the short form with
    the plugin from the wheel, and the bundle's CMD in the environment without the plugin."""
    inspect = bundle.inspect_line()
    assert inspect[:2] == ["datasette", "inspect"]
    run([fresh, "-I", "-m", "datasette", *inspect[1:]], cwd=bundle.path)
    assert (bundle.path / "inspect-data.json").is_file()
    logs = tmp_path_factory.mktemp("logs")
    env = base_env(**{k: v for k, v in bundle.env().items() if k != "PORT"})
    exact = [
        "datasette",
        "serve",
        "-i",
        "sources.db",
        "--inspect-file",
        "inspect-data.json",
        "-m",
        str(METADATA_YML),
        "--port",
        "$PORT",
    ]
    started: dict[str, Server] = {}
    try:
        started[BUNDLE] = Server(fresh, bundle.cmd(), bundle.path, env, logs / "bundle.log")
        started[EXACT] = Server(fresh, exact, bundle.path, env, logs / "exact.log")
        started["plain"] = Server(plain, bundle.cmd(), bundle.path, env, logs / "plain.log")
        for server in started.values():
            server.wait()
        yield {name: server.base for name, server in started.items()}
    finally:
        for server in started.values():
            server.stop()


@pytest.fixture(scope="module")
def rows(work) -> dict[str, list]:
    db = sqlite3.connect(work / "sources.db")
    try:
        return {
            "articles": db.execute("select id, title from articles order by id").fetchall(),
            "stories": [r[0] for r in db.execute("select id from stories order by id")],
            "relations": [
                r[0]
                for r in db.execute(
                    # Tables and views, not SQLite's or FTS's own (1.0 forbids those).
                    "select name from sqlite_master where type in ('table', 'view') "
                    "and name not like 'sqlite_%' and name not glob '*_fts_*' order by name"
                )
            ],
        }
    finally:
        db.close()


# --- the bundle ------------------------------------------------------------------------------


def test_bundle_installs_the_plugin_and_carries_the_config(bundle):
    assert bundle.pip_line()[:3] == ["pip", "install", "-U"]
    assert "datasette-sources" in bundle.pip_line()
    cmd = bundle.cmd()
    assert cmd[:2] == ["datasette", "serve"]
    assert cmd[cmd.index("-i") + 1] == "sources.db"
    assert cmd[cmd.index("--metadata") + 1] == "metadata.json"
    # Templates, static files and pages come with the package.
    assert "--template-dir" not in cmd and "--plugins-dir" not in cmd
    assert bundle.files == [
        "Dockerfile",
        "metadata.json",
        "sources.db",
    ]
    # --show-files printed what was built; the stand-in was asked to build and deploy it.
    assert bundle.dockerfile.strip() in bundle.stdout
    assert any(c.startswith("gcloud builds submit --tag ") for c in bundle.calls)
    assert any(c.startswith("gcloud run deploy ") and " sources" in c for c in bundle.calls)

    shipped, source = json.loads((bundle.path / "metadata.json").read_text()), metadata()
    assert shipped == source
    plugin = shipped["plugins"]["datasette-sources"]
    assert set(plugin.get("queries") or {}) == set(plugin_queries())
    assert "weights" in plugin
    # The tables' settings ship in the package (data/tables.yml), not in metadata.yml.
    assert "databases" not in shipped


def test_wheel_ships_templates_static_files_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = REPO / PACKAGE
    for folder, pattern in (
        ("templates", "*.html"),
        ("static", "*"),
        ("data", "*.json"),
        ("data", "*.yml"),
    ):
        files = sorted(p for p in (package / folder).glob(pattern) if p.is_file())
        assert files, folder
        for path in files:
            assert f"{PACKAGE}/{folder}/{path.name}" in names
    entry_points = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith(".dist-info/entry_points.txt")))
        .decode()
    )
    assert "[datasette]" in entry_points and "sources = datasette_sources" in entry_points


def test_wheel_ships_every_module_of_the_package(wheel):
    # Every subpackage (inputs/, reading/, store/, web/...) is found by setuptools, not listed.
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = sorted((REPO / PACKAGE).rglob("*.py"))
    assert len(modules) > 30
    missing = [str(m.relative_to(REPO)) for m in modules if str(m.relative_to(REPO)) not in names]
    assert not missing


def test_plugin_comes_from_the_fresh_environment(fresh, plain, bundle, servers):
    import datasette.version

    found = where(fresh, bundle.path)
    assert found["plugin"] == str(Path(found["site"]) / PACKAGE / "__init__.py")
    assert Path(found["site"]).is_relative_to(fresh.parent.parent)
    assert (Path(found["site"]) / PACKAGE / "templates" / "sources_article.html").is_file()
    assert found["datasette"] == datasette.version.__version__
    assert where(plain, bundle.path)["plugin"] is None

    for name in (BUNDLE, EXACT):
        plugins = get(servers[name], "/-/plugins.json").json()
        ours = [p for p in plugins if p["name"].replace("_", "-") == "datasette-sources"]
        assert len(ours) == 1, plugins
        assert ours[0]["templates"] and ours[0]["static"], ours
    plain_plugins = get(servers["plain"], "/-/plugins.json").json()
    assert not [p for p in plain_plugins if "sources" in p["name"]], plain_plugins


# --- the plugin's pages, served as deployed ---------------------------------------------------


@pytest.mark.parametrize("name", [BUNDLE, EXACT])
def test_overview_scorecards_and_story_pages(servers, rows, name):
    base = servers[name]
    overview = get(base, "/-/sources")
    assert overview.status == 200, overview.text[:1000]
    assert "How the scores spread" in overview.text
    assert get(base, "/-/sources/sources").status == 200
    assert rows["articles"] and rows["stories"]
    for article_id, title in rows["articles"]:
        assert str(escape(title)) in overview.text
        page = get(base, f"/-/sources/sources/article/{article_id}")
        assert page.status == 200, (article_id, page.text[:1000])
        assert str(escape(title)) in page.text
        assert "Why this score" in page.text
        assert '<code class="sources-signal-name">attribution_density</code>' in page.text
    for story_id in rows["stories"]:
        page = get(base, f"/-/sources/sources/story/{story_id}")
        assert page.status == 200, (story_id, page.text[:1000])
        assert "Shared quotations" in page.text


@pytest.mark.parametrize("name", [BUNDLE, EXACT])
def test_static_css(servers, name):
    overview = get(servers[name], "/-/sources").text
    links = re.findall(r'<link[^>]+href="([^"]*sources\.css[^"]*)"', overview)
    assert links, overview[:2000]
    css = get(servers[name], links[0])
    assert css.status == 200
    assert "css" in css.content_type
    assert css.body == (REPO / PACKAGE / "static" / "sources.css").read_bytes()


@pytest.mark.parametrize("name", [BUNDLE, EXACT])
def test_table_pages_with_facets(servers, rows, name):
    base = servers[name]
    for relation in rows["relations"]:
        page = get(base, f"/sources/{relation}")
        assert page.status == 200, (relation, page.text[:1000])
    articles = get(base, "/sources/articles").text
    # The plugin's own table settings (data/tables.yml), whatever the database is called.
    tables = yaml.safe_load((REPO / PACKAGE / "data" / "tables.yml").read_text())
    facets = tables["tables"]["articles"]["facets"]
    for facet in facets:
        assert f'data-column="{facet}"' in articles, facet
    # The plugin renders scores as badges in the table.
    assert "sources-badge" in articles


@pytest.mark.parametrize("name", [BUNDLE, EXACT])
def test_canned_queries(servers, name):
    base = servers[name]
    database = get(base, "/sources").text
    for query, spec in plugin_queries().items():
        page = get(base, f"/sources/{query}")
        assert page.status == 200, (query, page.text[:1000])
        assert str(escape(spec.get("title") or query)) in page.text
        assert f"/sources/{query}" in database
        answer = get(base, f"/sources/{query}.json?_shape=array")
        assert answer.status == 200, (query, answer.text[:1000])
        assert isinstance(answer.json(), list)


# --- the file stands alone ------------------------------------------------------------------


def test_plain_datasette_shows_every_score_and_signal(servers, rows):
    base = servers["plain"]
    assert get(base, "/-/sources").status == 404
    articles = get(base, "/sources/articles.json?_shape=array&_size=max")
    assert articles.status == 200, articles.text[:1000]
    articles = articles.json()
    assert sorted(a["id"] for a in articles) == sorted(r[0] for r in rows["articles"])
    signals = get(base, "/sources/signals.json?_shape=array&_size=max").json()
    assert len(signals) >= 10
    for article in articles:
        assert isinstance(article["score"], (int, float)) and 0 <= article["score"] <= 100
        assert article["score_band"]
        for signal in signals:
            assert signal["name"] in article, signal["name"]
    parts = get(base, "/sources/score_parts.json?_shape=array&_size=max").json()
    assert len(parts) >= len(articles) * sum(1 for s in signals if s["weight"])
    page = get(base, "/sources/articles")
    assert page.status == 200 and "sources-badge" not in page.text


def test_plain_datasette_answers_the_summary_views(servers, rows):
    base = servers["plain"]
    answers = {}
    for view in ("outlet_summary", "story_summary", "copied_without_credit", "score_explained"):
        response = get(base, f"/sources/{view}.json?_shape=array&_size=max")
        assert response.status == 200, (view, response.text[:1000])
        answers[view] = response.json()
        assert answers[view], view
        assert get(base, f"/sources/{view}").status == 200
    assert sum(r["articles"] for r in answers["outlet_summary"]) == len(rows["articles"])
    assert len(answers["story_summary"]) == len(rows["stories"])
    assert len(answers["score_explained"]) == len(rows["articles"])


# --- before the package is on PyPI -----------------------------------------------------------


def test_package_with_the_wheel_in_the_build_context(work, wheel, tmp_path_factory, dependencies):
    """``datasette package`` (stand-in docker) with the wheel shipped by --static and a pinned
    Datasette; the bundle's pip line, run in its folder, installs both offline."""
    import datasette.version

    pinned = f"datasette=={datasette.version.__version__}"
    (work / "dist").mkdir(exist_ok=True)
    shutil.copy(wheel, work / "dist" / wheel.name)
    bundle = publish(
        work,
        "package",
        [
            "package",
            "sources.db",
            "-m",
            METADATA_YML,
            "-t",
            "sources",
            "--static",
            "dist:dist",
            "--install",
            f"dist/{wheel.name}",
            "--install",
            pinned,
        ],
    )
    assert any(c.startswith("docker build -t sources") for c in bundle.calls), bundle.calls
    pip_line = bundle.pip_line()
    assert pip_line == ["pip", "install", "-U", "datasette", f"dist/{wheel.name}", pinned]
    assert (bundle.path / "dist" / wheel.name).read_bytes() == wheel.read_bytes()
    assert json.loads((bundle.path / "metadata.json").read_text()) == metadata()

    python = fresh_venv(tmp_path_factory.mktemp("from-wheel") / "venv", dependencies)
    venv_pip(python, pip_line, bundle.path)
    found = where(python, bundle.path)
    assert found["plugin"] == str(Path(found["site"]) / PACKAGE / "__init__.py")
    assert found["datasette"] == datasette.version.__version__
