"""Always servable: whenever the loader is killed, ``datasette DB`` starts and serves the
database as the last finished transaction left it, on Datasette 0.65.x and the 1.0 alphas."""

from __future__ import annotations

import pytest
from conftest import SEEDS

#: Articles in one batch: enough that the transaction outgrows SQLite's page cache and
#: spills into the database file before it commits (in rollback-journal mode, that
#: leaves a hot journal that only a writer can roll back).
VARIANTS = 24


@pytest.fixture
def many_articles(tmp_path):
    """The seeds, each in VARIANTS versions (a different last line), so all are new articles."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for seed in sorted(SEEDS.iterdir()):
        text = seed.read_text(encoding="utf-8")
        for n in range(VARIANTS):
            (folder / f"{seed.stem}-{n}.txt").write_text(
                text + f"\n\nThis is version {n} of the article.\n", encoding="utf-8"
            )
    return folder


@pytest.mark.asyncio
@pytest.mark.parametrize("point", ["rows written", "copies written", "story pass done"])
async def test_datasette_serves_a_database_whose_loader_was_killed(
    point, tmp_path, many_articles, cli_process, start_datasette
):
    db = tmp_path / "sources.db"
    args = ("load", db, many_articles, "--batch-size", "1000", "--silent")
    killed = cli_process(*args, env={"DATASETTE_SOURCES_DIE_AT": point})
    assert killed.returncode == -9, killed.stderr
    ds = await start_datasette(db, metadata={})
    for path in ("/sources.json", "/sources/articles.json?_size=3", "/-/sources", "/-/versions"):
        response = await ds.client.get(path)
        assert response.status_code == 200, (path, response.text[:500])
    query = "/sources.json?_shape=array&sql=select+count(*)+as+n+from+articles"
    committed = 0 if point == "rows written" else 5 * VARIANTS
    assert (await ds.client.get(query, follow_redirects=True)).json() == [{"n": committed}]
    # The same command, run again, completes the load, and Datasette serves that too.
    assert cli_process(*args).returncode == 0
    ds = await start_datasette(db, metadata={})
    response = await ds.client.get("/sources/articles.json?_shape=array&_col=score&_size=max")
    scores = [row["score"] for row in response.json()]
    assert len(scores) == 5 * VARIANTS and None not in scores
