"""Write read articles into SQLite with sqlite-utils: the only module that writes.

>>> import sqlite_utils, tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("Headline here\\n\\nThe mayor resigned, officials said.")
>>> db = sqlite_utils.Database(memory=True)
>>> summary = load(db, [str(d)])
>>> summary.loaded, db["articles"].count, db["sentences"].count
(1, 1, 1)
>>> load(db, [str(d)]).unchanged
1
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import sqlite_utils

from . import scoring, stories, story_pass
from .model import Article
from .readers import ColumnMap, Failure, Record, read_paths
from .reading import read_article
from .signals import Signal, all_signals

#: Columns of ``articles`` besides the signals, in the order Datasette shows them.
ARTICLE_COLUMNS: dict[str, type] = {
    "id": str,
    "title": str,
    "outlet": str,
    "score": float,
    "score_band": str,
    "published": str,
    "updated": str,
    "credit": str,
    "credit_kind": str,
    "bylines": str,
    "dateline": str,
    "story_id": str,
    "word_count": int,
    "sentence_count": int,
    "outlet_source": str,
    "path": str,
    "url": str,
    "source_id": str,
    "encoding": str,
    "metadata": str,
    "body": str,
    "loaded_at": str,
}

SENTENCE_COLUMNS: dict[str, type] = {
    "article_id": str,
    "position": int,
    "paragraph": int,
    "kind": str,
    "speaker": str,
    "speaker_type": str,
    "cue": str,
    "anonymous": int,
    "has_sic": int,
    "brackets": str,
    "hedges": str,
    "opinion_markers": str,
    "copied_from": str,
    "text": str,
}


#: Views that give the summaries in plain SQL, for Datasette without the plugin or any
#: other SQLite tool.
VIEWS = {
    "outlet_summary": """
select coalesce(outlet, '(unknown)') as outlet, count(*) as articles,
  round(avg(score), 1) as mean_score, round(min(score), 1) as lowest,
  round(max(score), 1) as highest,
  round(avg(attribution_density), 3) as mean_attribution_density,
  sum(opinion_sentences) as opinion_sentences, sum(anonymous_sources) as anonymous_sources,
  sum(uncredited_copy_share > 0) as articles_copying_without_credit
from articles a group by a.outlet order by mean_score desc""",
    # Per-story subqueries rather than one big join and group by, and no `order by`:
    # Datasette runs a view again for its row count and for each facet suggestion,
    # and in this form SQLite computes the subqueries only for the rows a page shows
    # (sort with `order by articles desc`; metadata.yml makes that the default).
    "story_summary": """
select s.id as story_id, s.label, s.article_count as articles, s.outlet_count as outlets,
  (select group_concat(distinct a.outlet) from articles a where a.story_id = s.id)
    as outlet_names,
  (select min(a.published) from articles a where a.story_id = s.id) as first_published,
  (select max(a.published) from articles a where a.story_id = s.id) as last_published,
  (select round(avg(a.score), 1) from articles a where a.story_id = s.id) as mean_score,
  (select count(*) from copies c join articles x on x.id = c.copy_id
     where x.story_id = s.id and c.credited = 0) as passages_copied_without_credit
from stories s""",
    "copied_without_credit": """
select c.copy_id, copy.title as copy_title, copy.outlet as copy_outlet,
  c.source_id, source.title as source_title, source.outlet as source_outlet,
  c.words, c.text, c.evidence
from copies c join articles copy on copy.id = c.copy_id
join articles source on source.id = c.source_id
where c.credited = 0""",
    # Same reasons; `order by score desc` walks the score index.
    "score_explained": """
select a.id, a.title, a.outlet, a.score, a.score_band,
  (select group_concat(line, char(10)) from (
     select p.signal || ': ' || round(p.contribution, 1) || ' - ' || p.explanation as line
     from score_parts p where p.article_id = a.id order by p.contribution desc)) as why
from articles a""",
}


@dataclass
class LoadSummary:
    """What a load did. ``failures`` are also in the ``load_errors`` table."""

    loaded: int = 0
    replaced: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


def quote_key(text: str) -> str:
    """A normalised form of a quotation, to trace it across outlets.

    Curly and straight marks, [sic], bracketed insertions, ellipses, case and
    punctuation do not matter.

    >>> quote_key("“Iranian poxy [sic] militias …”") == quote_key('"Iranian poxy militias"')
    True
    """
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\[\s*sic\s*\]", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"\[([^\]]*)\]", r" \1 ", text)
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"[^\w\s']", " ", text)
    return " ".join(text.split())


# --- schema -----------------------------------------------------------------


def ensure_schema(db: sqlite_utils.Database, signals: list[Signal]) -> None:
    """Create every table, index and FTS index the contract names, if missing."""
    cols = dict(ARTICLE_COLUMNS)
    for s in signals:
        cols[s.name] = s.column_type
    articles = db["articles"]
    if not articles.exists():
        articles.create(cols, pk="id")
    else:
        existing = set(articles.columns_dict)
        for name, typ in cols.items():
            if name not in existing:
                articles.add_column(name, typ)
    tables: dict[str, tuple[dict[str, type], Any]] = {
        "sentences": (SENTENCE_COLUMNS, ("article_id", "position")),
        "parts": (
            {"article_id": str, "position": int, "kind": str, "line": int, "text": str},
            ("article_id", "position"),
        ),
        "quotes": (
            {
                "article_id": str,
                "position": int,
                "number": int,
                "speaker": str,
                "quote_key": str,
                "passage": str,
                "text": str,
            },
            ("article_id", "position", "number"),
        ),
        "copies": (
            {
                "source_id": str,
                "copy_id": str,
                "source_span": str,
                "copy_span": str,
                "words": int,
                "text": str,
                "credited": int,
                "evidence": str,
            },
            None,
        ),
        "story_keys": (
            {
                "article_id": str,
                "published": str,
                "names": str,
                "terms": str,
                "quotes": str,
                "passages": str,
            },
            "article_id",
        ),
        "stories": (
            {"id": str, "label": str, "article_count": int, "outlet_count": int},
            "id",
        ),
        "outlets": (
            {
                "outlet": str,
                "article_count": int,
                "score": float,
                "score_low": float,
                "score_high": float,
                "mean_score": float,
            },
            "outlet",
        ),
        "signals": (
            {
                "name": str,
                "description": str,
                "direction": int,
                "weight": float,
                "default_weight": float,
            },
            "name",
        ),
        "score_parts": (
            {
                "article_id": str,
                "signal": str,
                "value": float,
                "normalised": float,
                "weight": float,
                "contribution": float,
                "explanation": str,
            },
            ("article_id", "signal"),
        ),
        "load_errors": (
            {"id": str, "path": str, "line": int, "reason": str, "logged_at": str},
            "id",
        ),
    }
    for name, (columns, pk) in tables.items():
        if not db[name].exists():
            db[name].create(columns, pk=pk) if pk else db[name].create(columns)
        else:  # a database made by an earlier version gains the new columns
            existing = set(db[name].columns_dict)
            for column, typ in columns.items():
                if column not in existing:
                    db[name].add_column(column, typ)
    foreign = [
        ("sentences", "article_id"),
        ("parts", "article_id"),
        ("quotes", "article_id"),
        ("score_parts", "article_id"),
    ]
    for table, column in foreign:
        if not any(fk.column == column for fk in db[table].foreign_keys):
            db[table].add_foreign_key(column, "articles", "id", ignore=True)
    if not any(fk.column == "signal" for fk in db["score_parts"].foreign_keys):
        db["score_parts"].add_foreign_key("signal", "signals", "name", ignore=True)
    if not any(fk.column == "story_id" for fk in db["articles"].foreign_keys):
        db["articles"].add_foreign_key("story_id", "stories", "id", ignore=True)
    indexes = {
        "articles": [
            ["outlet"],
            ["score"],
            ["score_band"],
            ["credit_kind"],
            ["story_id"],
            ["published"],
            ["outlet_source"],
        ],
        "sentences": [["kind"], ["speaker"], ["speaker_type"], ["has_sic"]],
        "parts": [["kind"]],
        # (speaker, article_id) covers "who is quoted, in how many articles".
        "quotes": [["quote_key"], ["speaker", "article_id"], ["passage"]],
        "score_parts": [["signal"]],
        "copies": [["source_id"], ["copy_id"]],
        "stories": [["article_count"]],
    }
    # Each articles row holds the article's text, so a query that reads one column of
    # every article reads the whole table (240 MB for 36k AllSides articles). A
    # one-column index on every other column lets sorting, facets and Datasette's facet
    # suggestions (three queries per column on each table page, cut off after 50 ms
    # each) read the index instead: the articles page goes from about 4 s to 0.6 s.
    for column in cols:
        if column not in ("id", "body") and [column] not in indexes["articles"]:
            indexes["articles"].append([column])
    for table, idxs in indexes.items():
        for columns in idxs:
            db[table].create_index(columns, if_not_exists=True)
    # Covers the outlet_summary view and the per-outlet sums of the canned queries, so
    # that they read an index of 36k short entries rather than every article's text.
    outlet_columns = [
        "outlet",
        "score",
        "attribution_density",
        "opinion_sentences",
        "anonymous_sources",
        "named_sources",
        "institutional_sources",
        "uncredited_copy_share",
    ]
    if set(outlet_columns) <= set(articles.columns_dict):
        articles.create_index(
            outlet_columns, index_name="idx_articles_outlet_summary", if_not_exists=True
        )
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)
    if not db["articles_fts"].exists():
        db["articles"].enable_fts(["title", "body"], create_triggers=True)
    if not db["sentences_fts"].exists():
        db["sentences"].enable_fts(["text"], create_triggers=True)


# --- rows -------------------------------------------------------------------


def article_rows(art: Article, record: Record | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every row one read article contributes, table by table (no score yet)."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    row: dict[str, Any] = {
        "id": art.id,
        "title": art.title,
        "outlet": art.outlet,
        "outlet_source": art.outlet_source,
        "published": art.published,
        "updated": art.updated,
        "credit": art.credit,
        "credit_kind": art.credit_kind,
        "bylines": json.dumps(art.bylines) if art.bylines else None,
        "dateline": art.dateline,
        "word_count": art.word_count,
        "sentence_count": len(art.sentences),
        "path": art.path,
        "url": art.url,
        "body": art.body,
        "loaded_at": now,
    }
    if record is not None:
        row["source_id"] = record.id
        row["encoding"] = record.encoding
        row["metadata"] = json.dumps(record.extra, default=str) if record.extra else None
    row.update(art.signals)
    sentences = [
        {
            "article_id": art.id,
            "position": s.position,
            "paragraph": s.paragraph,
            "kind": s.kind,
            "speaker": s.speaker,
            "speaker_type": s.speaker_type,
            "cue": s.cue,
            "anonymous": int(s.anonymous),
            "has_sic": int(s.has_sic),
            "brackets": json.dumps(s.brackets) if s.brackets else None,
            "hedges": json.dumps(s.hedges) if s.hedges else None,
            "opinion_markers": json.dumps(s.opinion_markers) if s.opinion_markers else None,
            "copied_from": None,
            "text": s.text,
        }
        for s in art.sentences
    ]
    parts = [
        {"article_id": art.id, "position": i, "kind": p.kind, "line": p.line, "text": p.text}
        for i, p in enumerate(art.parts)
    ]
    quotes = []
    for s in art.sentences:
        if s.kind != "quote":
            continue
        for n, q in enumerate(s.quotations):
            key = quote_key(q)
            if len(key.split()) >= 4:
                quotes.append(
                    {
                        "article_id": art.id,
                        "position": s.position,
                        "number": n,
                        "speaker": s.speaker,
                        "quote_key": key,
                        "text": q,
                    }
                )
    fingerprint = stories.fingerprint(
        art.id or "", art.title, art.body, art.published, [q["quote_key"] for q in quotes]
    )
    return {
        "articles": [row],
        "sentences": sentences,
        "parts": parts,
        "quotes": quotes,
        "story_keys": [stories.to_row(fingerprint)],
    }


def _read(record: Record, signals: list[Signal]) -> Article:
    return read_article(
        record.text,
        path=record.path,
        url=record.url,
        title=record.title,
        outlet=record.outlet,
        published=record.published,
        signals=signals,
        format=record.format,
    )


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


#: Words textstat's hyphenation fallback (pyphen) may remember before it forgets them.
WORD_CACHE_LIMIT = 20_000


def _bound_word_caches(limit: int = WORD_CACHE_LIMIT) -> None:
    """Keep a library's per-word cache from growing with the corpus.

    textstat counts the syllables of words missing from the CMU dictionary
    with pyphen, which remembers every such word (names, numbers, typos) for
    the life of the process: on the 36,254 AllSides articles that alone made a
    load grow by ~3 MB per 1,000 articles. Emptying it once it holds ``limit``
    words keeps memory flat at next to no cost in speed.
    """
    pyphen = sys.modules.get("pyphen")
    for hyph in getattr(pyphen, "hdcache", {}).values():
        cache = getattr(hyph, "cache", None)
        if isinstance(cache, dict) and len(cache) > limit:
            cache.clear()


def _error_id(f: Failure) -> str:
    import hashlib

    return hashlib.sha1(f"{f.path}\n{f.line}\n{f.reason}".encode()).hexdigest()[:16]


def record_failures(db: sqlite_utils.Database, failures: list[Failure]) -> None:
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    db["load_errors"].upsert_all(
        [
            {
                "id": _error_id(f),
                "path": f.path,
                "line": f.line,
                "reason": f.reason,
                "logged_at": now,
            }
            for f in failures
        ],
        pk="id",
    )


def load(
    db: sqlite_utils.Database,
    paths: Iterable[str],
    *,
    columns: ColumnMap | None = None,
    replace: bool = False,
    weights: Mapping[str, float] | None = None,
    batch_size: int = 200,
    progress: Callable[[int], None] = lambda n: None,
    on_failure: Callable[[Failure], None] = lambda f: None,
) -> LoadSummary:
    """Read every article under ``paths`` into ``db``; return what happened.

    Articles already in the database (same id) are left alone unless
    ``replace`` is true. Inputs that cannot be read go to ``load_errors`` and
    into the summary; they never stop the load. ``weights`` override the
    weights in force (the ``signals`` table, else the package defaults).
    """
    signals = all_signals()
    ensure_schema(db, signals)
    in_force = current_weights(db, signals, weights)
    write_signals(db, signals, in_force)
    summary = LoadSummary()
    seen: set[str] = set()
    # Input bytes are reported once the articles they hold are written, so a
    # progress bar never runs ahead of the database.
    pending = [0]

    def count(n: int) -> None:
        pending[0] += n

    stream = read_paths(paths, columns, count)
    cleared: set[str] = set()  # load_errors keeps only the latest load of each input
    for batch in _batches(stream, batch_size):
        fresh = {r.path for r in batch} - cleared
        cleared |= fresh
        failures = [r for r in batch if isinstance(r, Failure)]
        records = [r for r in batch if isinstance(r, Record)]
        read: list[tuple[Article, Record]] = []
        for rec in records:
            try:
                read.append((_read(rec, signals), rec))
            except Exception as e:  # one bad article never stops a load
                failures.append(Failure(rec.path, f"could not read article: {e!r}", rec.line))
        ids = [a.id for a, _ in read]
        existing = (
            {
                r[0]
                for r in db.execute(
                    f"select id from articles where id in ({','.join('?' * len(ids))})", ids
                ).fetchall()
            }
            if ids
            else set()
        )
        rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        to_delete = []
        for art, rec in read:
            if art.id in seen or (art.id in existing and not replace):
                summary.unchanged += 1
                continue
            seen.add(art.id)
            if art.id in existing:
                to_delete.append(art.id)
                summary.replaced += 1
            else:
                summary.loaded += 1
            tables = article_rows(art, rec)
            result = scoring.score(tables["articles"][0], signals, in_force)
            tables["articles"][0]["score"] = result.score
            tables["articles"][0]["score_band"] = result.band
            tables["score_parts"] = _score_part_rows(art.id, result)
            for table, trows in tables.items():
                rows[table].extend(trows)
        with db.atomic():
            if fresh:
                marks = ",".join("?" * len(fresh))
                db.execute(f"delete from load_errors where path in ({marks})", sorted(fresh))
            if to_delete:
                marks = ",".join("?" * len(to_delete))
                for table in ("sentences", "parts", "quotes", "score_parts", "story_keys"):
                    db.execute(f"delete from [{table}] where article_id in ({marks})", to_delete)
            db["articles"].upsert_all(rows.get("articles", []), pk="id", alter=True)
            for table in ("sentences", "parts", "quotes", "score_parts", "story_keys"):
                if rows.get(table):
                    db[table].insert_all(rows[table], alter=True)
            if failures:
                record_failures(db, failures)
        for f in failures:
            on_failure(f)
        summary.failures.extend(failures)
        _bound_word_caches()
        if pending[0]:
            progress(pending[0])
            pending[0] = 0
    if pending[0]:  # bytes read after the last article, e.g. a trailing blank line
        progress(pending[0])
    story_pass.refresh(db)
    return summary


def _score_part_rows(article_id: str, result: scoring.Score) -> list[dict[str, Any]]:
    return [
        {
            "article_id": article_id,
            "signal": p.signal,
            "value": p.value,
            "normalised": p.normalised,
            "weight": p.weight,
            "contribution": round(p.contribution, 4),
            "explanation": p.explanation,
        }
        for p in result.parts
    ]


def current_weights(
    db: sqlite_utils.Database,
    signals: list[Signal],
    overrides: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """The weights in force: the ``signals`` table's, then ``overrides`` on top."""
    stored: dict[str, float] = {}
    if db["signals"].exists():
        names = {s.name for s in signals}
        stored = {r["name"]: r["weight"] for r in db["signals"].rows if r["name"] in names}
    weights = scoring.weights_for(signals, stored)
    if overrides:
        scoring.weights_for(signals, overrides)  # unknown names are an error
        weights.update({k: float(v) for k, v in overrides.items()})
    return weights


def write_signals(
    db: sqlite_utils.Database, signals: list[Signal], weights: Mapping[str, float]
) -> None:
    """Store the formula in force in the ``signals`` table."""
    db["signals"].upsert_all([s.as_row(weights.get(s.name)) for s in signals], pk="name")
