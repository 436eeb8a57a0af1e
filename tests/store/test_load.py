"""loader.load: what a load writes, and what loading again does."""

from __future__ import annotations

import json

from conftest import LATIN1_TEXT

from datasette_sources.store import load

CONTRACT_TABLES = {
    "articles",
    "sentences",
    "parts",
    "quotes",
    "copies",
    "stories",
    "outlets",
    "signals",
    "score_parts",
    "load_errors",
}


def test_load_seeds(fresh_db, seeds):
    summary = load(fresh_db, [str(seeds)])
    assert (summary.loaded, summary.replaced, summary.unchanged, summary.failed) == (5, 0, 0, 0)
    assert set(fresh_db.table_names()) >= CONTRACT_TABLES
    assert fresh_db["articles"].count == 5
    assert fresh_db["load_errors"].count == 0
    paths = sorted(r["path"] for r in fresh_db["articles"].rows)
    assert paths == sorted(str(seeds / p.name) for p in seeds.iterdir())
    for row in fresh_db["articles"].rows:
        assert row["body"] and row["word_count"] > 50
        assert 0 <= row["score"] <= 100
        assert row["encoding"] == "utf-8"
    # every article belongs to a story, and every sentence to an article
    no_story = "select count(*) from articles where story_id is null"
    assert fresh_db.execute(no_story).fetchone()[0] == 0
    assert sum(r["article_count"] for r in fresh_db["stories"].rows) == 5
    orphans = "select count(*) from sentences where article_id not in (select id from articles)"
    assert fresh_db.execute(orphans).fetchone()[0] == 0
    assert fresh_db["sentences"].count > 5 * 5


def test_load_twice_same_counts(fresh_db, seeds, table_counts):
    load(fresh_db, [str(seeds)])
    before = table_counts(fresh_db)
    summary = load(fresh_db, [str(seeds)])
    assert (summary.loaded, summary.replaced, summary.unchanged, summary.failed) == (0, 0, 5, 0)
    assert table_counts(fresh_db) == before


def _without_fts_internals(counts: dict[str, int]) -> dict[str, int]:
    # Rewriting rows adds FTS5 index segments (articles_fts_data, ...) until
    # SQLite merges them: internal bookkeeping, not rows anyone reads.
    shadow = ("_fts_data", "_fts_idx", "_fts_docsize", "_fts_config")
    return {t: n for t, n in counts.items() if not t.endswith(shadow)}


def test_replace_recomputes(fresh_db, seeds, table_counts):
    load(fresh_db, [str(seeds)])
    before = _without_fts_internals(table_counts(fresh_db))
    assert "articles_fts" in before
    fresh_db.execute("update articles set loaded_at = '2000-01-01T00:00:00+00:00'")
    fresh_db.conn.commit()
    summary = load(fresh_db, [str(seeds)], replace=True)
    assert (summary.loaded, summary.replaced, summary.unchanged, summary.failed) == (0, 5, 0, 0)
    assert _without_fts_internals(table_counts(fresh_db)) == before
    search = "select count(*) from articles_fts where articles_fts match 'Pompeo'"
    assert fresh_db.execute(search).fetchone()[0] == 5
    assert {r["loaded_at"] for r in fresh_db["articles"].rows} != {"2000-01-01T00:00:00+00:00"}
    assert all(r["loaded_at"] > "2000-01-01T00:00:00+00:00" for r in fresh_db["articles"].rows)


def test_same_article_twice_in_one_load(fresh_db, tmp_path):
    text = "The mayor resigns\n\nThe mayor resigned on Monday, officials said.\n"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(text)
    (tmp_path / "in" / "b.txt").write_text(text + "\n\n")  # same text, other white space
    summary = load(fresh_db, [str(tmp_path / "in")])
    assert (summary.loaded, summary.unchanged) == (1, 1)
    assert fresh_db["articles"].count == 1


def test_mixed_folder(fresh_db, mixed):
    summary = load(fresh_db, [str(mixed)])
    assert (summary.loaded, summary.failed) == (6, 2)
    assert fresh_db["articles"].count == 6
    latin1 = fresh_db.execute(
        "select body, title, encoding from articles where path like '%latin1.txt'"
    ).fetchone()
    body, title, encoding = latin1
    assert encoding == "cp1252"
    assert "Café Müller said the mayor’s plan" in body
    assert "Jürgen" in body
    assert "Ã" not in body and "\ufffd" not in body  # no mojibake, no replacement marks
    assert "Café Müller" in (title or "") + body
    errors = {r["path"].rsplit("/", 1)[-1]: r for r in fresh_db["load_errors"].rows}
    assert set(errors) == {"empty.txt", "image.txt"}
    assert errors["empty.txt"]["reason"] == "empty file"
    assert "binary" in errors["image.txt"]["reason"]
    assert errors["empty.txt"]["line"] is None
    assert {f.path.rsplit("/", 1)[-1] for f in summary.failures} == {"empty.txt", "image.txt"}
    # the five seeds are all there too
    seeds = fresh_db.execute("select count(*) from articles where path like '%/0%.txt'")
    assert seeds.fetchone()[0] == 5


def test_failures_recorded_once(fresh_db, mixed, table_counts):
    load(fresh_db, [str(mixed)])
    before = table_counts(fresh_db)
    summary = load(fresh_db, [str(mixed)])
    assert (summary.unchanged, summary.failed) == (6, 2)
    assert table_counts(fresh_db) == before
    assert fresh_db["load_errors"].count == 2


def test_metadata_and_source_id(fresh_db, tmp_path):
    path = tmp_path / "a.jsonl"
    row = {
        "id": 17,
        "text": LATIN1_TEXT,
        "outlet": "Local News",
        "topic": "business",
        "tags": ["cafes", "rent"],
    }
    path.write_text(json.dumps(row) + "\n")
    load(fresh_db, [str(path)])
    art = next(fresh_db["articles"].rows)
    assert art["source_id"] == "17"
    assert art["outlet"] == "Local News"
    assert json.loads(art["metadata"]) == {"topic": "business", "tags": ["cafes", "rent"]}


def test_stories_join_articles_sharing_a_long_quotation(fresh_db, tmp_path):
    quote = (
        "“We will hold the government directly responsible for any harm to our "
        "diplomats or to our facilities in the region,” the secretary said on Friday."
    )
    lead = "The embassy closed on Thursday after two rockets landed near the compound."
    rows = [
        {
            "outlet": "Daily One",
            "title": "Embassy closed",
            "text": f"{lead} Staff were moved to the airport.\n\n{quote}\n",
        },
        {
            "outlet": "Daily Two",
            "title": "Consulate shut",
            "text": f"{lead} No one was hurt, police said.\n\n{quote} Officials gave no date.\n",
        },
        {
            "outlet": "Daily Three",
            "title": "Rain expected",
            "text": "It will rain on Sunday, forecasters said. Farmers welcomed the news.\n\n"
            "“We have waited for this all summer,” said one grower near the river.\n",
        },
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    load(fresh_db, [str(path)])
    stories = dict(fresh_db.execute("select outlet, story_id from articles"))
    assert stories["Daily One"] == stories["Daily Two"] != stories["Daily Three"]
    counts = sorted(r["article_count"] for r in fresh_db["stories"].rows)
    assert counts == [1, 2]
    shared = fresh_db["stories"].get(stories["Daily One"])
    assert shared["outlet_count"] == 2
    assert shared["label"] in {"Embassy closed", "Consulate shut"}
    alone = fresh_db["stories"].get(stories["Daily Three"])
    assert (alone["label"], alone["article_count"], alone["outlet_count"]) == (
        "Rain expected",
        1,
        1,
    )


def test_progress_counts_every_byte_after_writing(fresh_db, mixed):
    from datasette_sources.inputs import total_bytes

    seen = []

    def progress(n):
        seen.append((n, fresh_db["articles"].count if fresh_db["articles"].exists() else 0))

    load(fresh_db, [str(mixed)], batch_size=2, progress=progress)
    assert sum(n for n, _ in seen) == total_bytes([str(mixed)])
    # bytes are reported once the articles they hold are in the database
    assert seen[0][1] >= 1
    assert [written for _, written in seen] == sorted(written for _, written in seen)


def test_word_caches_stay_bounded(fresh_db, seeds):
    # pyphen (textstat's syllable fallback) caches every word it sees; the
    # loader empties that cache past a limit so memory stays flat on big loads.
    import pyphen

    from datasette_sources.signals.readability import WORD_CACHE_LIMIT, bound_word_caches

    # Read in this process (workers=0), whose caches are looked at: with a worker the
    # test passed only when an earlier test had filled them.
    load(fresh_db, [str(seeds)], workers=0)
    caches = [hyph.cache for hyph in pyphen.hdcache.values()]
    assert caches and sum(map(len, caches)) > 0
    assert all(len(c) <= WORD_CACHE_LIMIT for c in caches)
    bound_word_caches(limit=0)
    assert sum(map(len, caches)) == 0


def test_load_errors_keep_only_the_latest_load(fresh_db, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    article = folder / "late.txt"
    article.write_text("")
    load(fresh_db, [str(folder)])
    assert [r["reason"] for r in fresh_db["load_errors"].rows] == ["empty file"]
    article.write_text(
        "A headline\n\nThe council voted on Monday to close the bridge, officials said."
    )
    summary = load(fresh_db, [str(folder)])
    assert (summary.loaded, summary.failed) == (1, 0)
    assert fresh_db["load_errors"].count == 0


def test_html_pages_and_json_arrays(fresh_db, tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "page.html").write_text(
        "<html><head><title>Bridge closes | Town News</title>"
        '<meta property="og:site_name" content="Town News"></head><body>'
        "<nav>Home</nav><article><h1>Bridge closes</h1>"
        "<p>The council voted on Monday to close the old bridge to all traffic, officials said.</p>"
        "<p>“It is no longer safe for anyone to cross it,” the mayor said at the meeting.</p>"
        "</article><footer>Copyright Town News</footer></body></html>",
        encoding="utf-8",
    )
    (inputs / "more.json").write_text(
        '[{"title": "Rain", "text": "It will rain on Sunday, forecasters said."}, {"title": "x"}]'
    )
    summary = load(fresh_db, [str(inputs)])
    assert summary.loaded == 2
    assert [(f.path.endswith("more.json"), f.line) for f in summary.failures] == [(True, 2)]
    page = next(fresh_db["articles"].rows_where("title = ?", ["Bridge closes"]))
    assert page["outlet"] == "Town News"
    assert page["body"].startswith("The council voted on Monday")
    parts = {
        r["text"]: r["kind"] for r in fresh_db["parts"].rows_where("article_id = ?", [page["id"]])
    }
    assert parts["Home"] == "navigation"
    assert "Copyright Town News" in parts
