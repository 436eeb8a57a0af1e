"""Labels against the database: which articles a labels file names, and the ``evaluations`` rows.

:func:`labelled_articles` matches each key of a labels file to the articles
it names and reads their stored signals; :func:`write_run` stores what an
evaluation found. Nothing else is changed: an evaluation never touches
scores or the weights in force.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from .. import scoring
from ..evaluation.labels import Labels
from ..evaluation.protocol import SCORE, LabelledArticle
from ..evaluation.run import LENGTH, Run
from ..signals import Signal
from .schema import TABLES

#: The ``articles`` columns a key of each kind is looked up in.
KEY_COLUMNS = {"id": ("id", "source_id"), "url": ("url",), "path": ("path",)}
#: Columns a signal's ``normalise`` or ``explain`` may read besides its own.
CONTEXT_COLUMNS = ("sentence_count", "credit_kind", "credit", "bylines", LENGTH)
#: How many keys one ``in (...)`` lookup binds.
KEYS_PER_LOOKUP = 500


@dataclass
class Matching:
    """The labelled articles found, and the keys that found none or several."""

    articles: list[LabelledArticle] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)


def labelled_articles(
    db: sqlite_utils.Database,
    labels: Labels,
    signals: Sequence[Signal],
    weights: Mapping[str, float] | None = None,
) -> Matching:
    """The articles ``labels`` names, with their stored values and normalised values.

    An ``id`` key matches ``articles.id`` or ``articles.source_id`` (the
    input's own id); a ``url`` key ``articles.url``; a ``path`` key
    ``articles.path``, whole or as its last components (``seeds/000.txt``
    matches ``/data/seeds/000.txt``). A key that matches several articles is
    ambiguous and left out. With ``weights`` the score is computed from the
    stored signals with those weights; otherwise it is the stored score.
    """
    columns = set(db["articles"].columns_dict) if db["articles"].exists() else set()
    if not columns:
        raise ValueError("the database has no articles table: load articles first")
    wanted = ["id", SCORE, *CONTEXT_COLUMNS] + [s.name for s in signals]
    select = ", ".join(f"[{c}]" if c in columns else f"null as [{c}]" for c in wanted)
    found = _matches(db, labels, columns)
    matching = Matching()
    rows: dict[str, dict[str, Any]] = {}
    ids = sorted({i for hits in found.values() for i in hits})
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        cursor = db.execute(f"select {select} from articles where id in ({marks})", chunk)
        for values in cursor.fetchall():
            rows[values[0]] = dict(zip(wanted, values, strict=True))
    taken: set[str] = set()
    for label in labels.rows:
        hits = found.get(label.key, set())
        if not hits:
            matching.unmatched.append(label.key)
            continue
        if len(hits) > 1 or next(iter(hits)) in taken:
            matching.ambiguous.append(label.key)
            continue
        (article_id,) = hits
        taken.add(article_id)
        row = rows[article_id]
        score = scoring.score(row, signals, weights).score if weights is not None else row[SCORE]
        matching.articles.append(
            LabelledArticle(
                article_id=article_id,
                key=label.key,
                label=label.label,
                group=label.group,
                stratum=label.stratum,
                values={
                    SCORE: score,
                    LENGTH: row[LENGTH],
                    **{s.name: row[s.name] for s in signals},
                },
                scored={
                    SCORE: None if score is None else score / 100,
                    **{s.name: s.normalise(row[s.name], row) for s in signals},
                },
            )
        )
    return matching


def _matches(db: sqlite_utils.Database, labels: Labels, columns: set[str]) -> dict[str, set[str]]:
    """Key -> the ids of the articles it names."""
    keys = [r.key for r in labels.rows]
    found: dict[str, set[str]] = {}
    for column in KEY_COLUMNS[labels.key]:
        if column not in columns:
            continue
        for chunk in _chunks(keys):
            marks = ",".join("?" * len(chunk))
            sql = f"select [{column}], id from articles where [{column}] in ({marks})"
            for key, article_id in db.execute(sql, chunk).fetchall():
                found.setdefault(key, set()).add(article_id)
    if labels.key == "path" and "path" in columns:
        # Paths are stored as given to the loader; a labels file may give them from
        # another folder, so a key also matches the same last components of a path.
        tails = {_path_tail(k): k for k in keys if k not in found}
        if tails:
            for path, article_id in db.execute("select path, id from articles"):
                stored = "/" + (path or "").replace("\\", "/")
                for tail, key in tails.items():
                    if stored.endswith(tail):
                        found.setdefault(key, set()).add(article_id)
    return found


def _path_tail(key: str) -> str:
    """``/`` + the key's path components, so ``000.txt`` never matches ``x000.txt``.

    >>> _path_tail("./seeds/000.txt"), _path_tail("000.txt")
    ('/seeds/000.txt', '/000.txt')
    """
    parts = [p for p in key.replace("\\", "/").split("/") if p not in ("", ".")]
    return "/" + "/".join(parts)


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), KEYS_PER_LOOKUP):
        yield items[i : i + KEYS_PER_LOOKUP]


def write_run(db: sqlite_utils.Database, run: Run) -> int:
    """Store a run's rows in ``evaluations`` (made if missing); return how many."""
    columns, pk = TABLES["evaluations"]
    table = db["evaluations"]
    if not table.exists():
        table.create(columns, pk=pk)
        table.create_index(["run_at"], if_not_exists=True)
    else:
        existing = set(table.columns_dict)
        for name, typ in columns.items():
            if name not in existing:
                table.add_column(name, typ)
    rows = run.table_rows()
    for row in rows:
        row["roc"] = None if row["roc"] is None else [list(p) for p in row["roc"]]
    with db.atomic():
        table.insert_all(rows, pk=pk, replace=True)
    return len(rows)
