"""The stories list reads its page and its counts from indexes, not a sort or a pass over
every story (SQLite's query plans: they do not depend on the machine's speed)."""

from __future__ import annotations

import sqlite_utils

from datasette_sources.plugins import all_signals
from datasette_sources.store.schema import ensure_schema
from datasette_sources.web.lists import STORY_PAGE


def plan(db: sqlite_utils.Database, sql: str) -> str:
    return " | ".join(r[3] for r in db.execute("explain query plan " + sql))


def test_a_page_far_down_the_stories_list_walks_an_index():
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db, all_signals())
    found = plan(db, f"{STORY_PAGE} limit 50 offset 100000")
    assert "idx_stories_by_size" in found and "TEMP B-TREE" not in found, found
    for where in ("article_count > 1", "article_count <= 1"):
        found = plan(db, f"select count(*) from stories where {where}")
        assert "COVERING INDEX" in found, found


def test_the_list_order_holds(tmp_path):
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db, all_signals())
    db["stories"].insert_all(
        [
            {
                "id": f"s{i}",
                "label": f"Story {i}",
                "article_count": 1 + i % 4,
                "outlet_count": i % 3,
            }
            for i in range(40)
        ]
    )
    rows = db.execute(f"{STORY_PAGE} limit 100").fetchall()
    keys = [(-r[2], -r[3], r[0]) for r in rows]
    assert keys == sorted(keys) and all(r[2] > 1 for r in rows) and len(rows) == 30
