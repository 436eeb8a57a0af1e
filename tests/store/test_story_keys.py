"""``story_keys``: each fingerprint's key lists stored compressed, and the plain JSON text of
databases written before that still read, and grouped, the same."""

from __future__ import annotations

import json
import zlib

from conftest import SEEDS

from datasette_sources.corpus.stories import counted_keys
from datasette_sources.store import load
from datasette_sources.store.story_lookup import (
    FINGERPRINT_COLUMNS,
    document_frequencies,
    fingerprint,
)

LISTS = ("names", "terms", "quotes", "passages")


def fingerprints(db) -> dict:
    columns = ", ".join(FINGERPRINT_COLUMNS)
    rows = db.execute(f"select {columns} from story_keys order by article_id").fetchall()
    return {row[0]: fingerprint(row) for row in rows}


def test_key_lists_are_stored_compressed(fresh_db):
    load(fresh_db, [str(SEEDS)])
    rows = fresh_db.execute("select names, terms, quotes, passages from story_keys").fetchall()
    assert len(rows) == 5
    assert all(isinstance(v, bytes) for row in rows for v in row)
    stored = sum(len(v) for row in rows for v in row)
    plain = sum(len(zlib.decompress(v)) for row in rows for v in row)
    assert stored < 0.7 * plain


def test_plain_json_of_an_older_database_reads_the_same(fresh_db):
    load(fresh_db, [str(SEEDS)])
    compressed = fingerprints(fresh_db)
    # As a version before compression wrote them: JSON text.
    for article_id, *lists in fresh_db.execute(
        "select article_id, names, terms, quotes, passages from story_keys"
    ).fetchall():
        plain = [json.dumps(json.loads(zlib.decompress(v))) for v in lists]
        fresh_db.execute(
            "update story_keys set names = ?, terms = ?, quotes = ?, passages = ? "
            "where article_id = ?",
            [*plain, article_id],
        )
    assert {type(v) for (v,) in fresh_db.execute("select names from story_keys")} == {str}
    assert fingerprints(fresh_db) == compressed


def test_linking_counts_leave_out_what_one_article_has(fresh_db):
    load(fresh_db, [str(SEEDS)])
    keys = [k for fp in fingerprints(fresh_db).values() for k in counted_keys(fp)]
    keys.append("n:nobody-has-this-name")
    every = document_frequencies(fresh_db, keys)
    shared = document_frequencies(fresh_db, keys, shared_only=True)
    # Names and terms keep their counts, 0 included; quotations and passages are there
    # only when more than one article has them, with the same count.
    assert {k: v for k, v in every.items() if k[0] in "nt"} == {
        k: v for k, v in shared.items() if k[0] in "nt"
    }
    assert every["n:nobody-has-this-name"] == shared["n:nobody-has-this-name"] == 0
    assert {k: v for k, v in every.items() if k[0] in "qp" and v > 1} == {
        k: v for k, v in shared.items() if k[0] in "qp"
    }
    assert any(k[0] == "p" and v == 1 for k, v in every.items())  # the seeds share some
    assert any(k[0] == "p" and v > 1 for k, v in every.items())
