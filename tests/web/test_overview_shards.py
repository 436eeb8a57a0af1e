"""The overview covers every database served: shards of one corpus side by side."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("pyarrow")

from datasette_sources.readings.folder import read_to_folder
from datasette_sources.store.shards import load_shards


@pytest.mark.asyncio
async def test_overview_lists_each_shard(tmp_path, start_datasette):
    source = tmp_path / "news.jsonl"
    source.write_text(
        "\n".join(
            json.dumps(
                {
                    "title": f"Budget vote in Town {year}",
                    "text": f"The council approved the budget in {year}, the mayor said.",
                    "published": f"{year}-05-01",
                }
            )
            for year in (2019, 2020)
        )
        + "\n"
    )
    read_to_folder([str(source)], str(tmp_path / "readings"))
    shards = load_shards(str(tmp_path / "news.db"), [str(tmp_path / "readings")], "year")
    ds = await start_datasette(*shards, metadata={})
    response = await ds.client.get("/-/sources")
    assert response.status_code == 200
    for name, year in (("news-2019", 2019), ("news-2020", 2020)):
        assert f"/-/sources/{name}" in response.text
        assert f"Budget vote in Town {year}" in response.text
