"""Reading on a Dask cluster: a worker killed mid-run loses no article.

A real ``distributed.LocalCluster`` of two worker processes reads the seeds and
the first 120 AllSides articles; as soon as the first partition is done, the
worker busy with another one is killed (SIGKILL). The scheduler runs its tasks
again elsewhere, and the database loaded from the readings equals, row for row,
a serial load of the same inputs.
"""

from __future__ import annotations

import csv
import gzip
import itertools
import os
import signal
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils
from conftest import REPO

from datasette_sources.inputs import ColumnMap
from datasette_sources.store import load

pytest.importorskip("pyarrow")
distributed = pytest.importorskip("distributed")

from datasette_sources.readings.folder import read_to_folder  # noqa: E402

#: Where the shared corpora are: beside the repository (CI) or the project's shared folder.
CORPORA = [REPO.parent / "shared" / "corpora", Path("/work/shared/corpora")]
ALLSIDES_ROWS = 120


def allsides_slice(dest: Path) -> Path:
    """The header and first rows of the AllSides CSV, copied outside the repository.

    Where the shared corpora are not beside the checkout, the same number of rows is made
    from the seeds' paragraphs (so the test never skips): other articles, same columns.
    """
    source = next(
        (c / "allsides" / "allsides_articles.csv.gz" for c in CORPORA if c.is_dir()), None
    )
    if source is None or not source.exists():
        return seed_made_slice(dest)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with (
        gzip.open(source, "rt", encoding="utf-8", newline="") as f,
        open(dest, "w", encoding="utf-8", newline="") as out,
    ):
        csv.writer(out).writerows(itertools.islice(csv.reader(f), ALLSIDES_ROWS + 1))
    return dest


def seed_made_slice(dest: Path) -> Path:
    """ALLSIDES_ROWS articles in AllSides' columns, each a different run of seed paragraphs."""
    paragraphs = [
        p.strip()
        for path in sorted((REPO / "seeds").glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if len(p.split()) >= 12
    ]
    with open(dest, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["ID", "source", "date", "title", "content_original"])
        for n in range(ALLSIDES_ROWS):
            lead = f"Report {n} of the day, filed this morning by the desk with the latest news."
            body = "\n\n".join(
                [lead] + [paragraphs[(n + k * 7) % len(paragraphs)] for k in range(18)]
            )
            writer.writerow([n, f"Outlet {n % 9}", f"2020-03-{1 + n % 28:02d}", f"Story {n}", body])
    return dest


@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_no_article(tmp_path, seeds, database_rows):
    paths = [str(seeds), str(allsides_slice(tmp_path / "allsides.csv"))]
    columns = ColumnMap(text="content_original", outlet="source", published="date")

    serial = tmp_path / "serial.db"
    expected = load(sqlite_utils.Database(serial), paths, columns=columns)
    assert expected.loaded >= 5 + ALLSIDES_ROWS - 5

    killed = []
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):

        def kill_a_busy_worker(outcome):
            if killed:
                return
            busy = []
            for _ in range(50):  # the scheduler hands the next partitions out within moments
                busy = [w for w, keys in client.processing().items() if keys]
                if busy:
                    break
                time.sleep(0.1)
            assert busy, "no partition left running when the first one ended"
            pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

        summary = read_to_folder(
            paths,
            str(tmp_path / "readings"),
            columns=columns,
            scheduler=cluster.scheduler_address,
            target_bytes=60_000,  # about 8 articles a partition: a dozen tasks
            on_outcome=kill_a_busy_worker,
        )
    assert killed, "no worker was killed"
    with pytest.raises(ProcessLookupError):
        os.kill(killed[0], 0)
    assert summary.partitions >= 10
    assert summary.failed_partitions == []

    via = tmp_path / "via.db"
    got = load(sqlite_utils.Database(via), [str(tmp_path / "readings")])
    assert (got.loaded, got.unchanged, got.failed) == (
        expected.loaded,
        expected.unchanged,
        expected.failed,
    )
    assert database_rows(via) == database_rows(serial)
