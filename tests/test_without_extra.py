"""The core installs and works without the dask extra (Dask, pyarrow, fsspec, warcio)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO

EXTRA = ("dask", "distributed", "pyarrow", "fsspec", "warcio")

#: Runs in a fresh interpreter in which importing any of EXTRA fails, as if never installed.
WITHOUT_EXTRA = f"""
import sys
class Missing:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {EXTRA!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, Missing())
from click.testing import CliRunner
from datasette_sources.cli import cli
import datasette_sources, datasette_sources.web.pages, datasette_sources.store
runner = CliRunner()
db, seeds, other = sys.argv[1:4]
for args in (["load", db, seeds], ["load", db, other], ["read", seeds, "--out", db + ".d"]):
    result = runner.invoke(cli, args)
    print(result.exit_code, repr(result.output))
print(sorted(m for m in sys.modules if m.split(".")[0] in {EXTRA!r}))
"""


def test_the_core_needs_none_of_the_extra(tmp_path, seeds):
    other = tmp_path / "other"
    other.mkdir()
    (other / "news.parquet").write_bytes(b"PAR1")
    (other / "crawl.warc").write_bytes(b"WARC/1.0\r\n")
    run = subprocess.run(
        [sys.executable, "-c", WITHOUT_EXTRA, str(tmp_path / "a.db"), str(seeds), str(other)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert lines[0].startswith("0 ") and "loaded 5" in lines[0]
    # A Parquet or WARC input is a load error naming the extra; the load goes on.
    assert lines[1].startswith("1 ") and "failed 2" in lines[1]
    assert lines[1].count("pip install 'datasette-sources[dask]'") == 2
    assert lines[2].startswith("2 ") and "pip install 'datasette-sources[dask]'" in lines[2]
    assert lines[3] == "[]"


def test_the_extra_brings_them():
    tomllib = pytest.importorskip("tomllib", reason="Python 3.11 reads TOML")
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    core = " ".join(project["dependencies"])
    assert not any(name in core for name in EXTRA)
    extra = " ".join(project["optional-dependencies"]["dask"])
    assert all(name in extra for name in ("dask[distributed]", "pyarrow", "fsspec", "warcio"))
