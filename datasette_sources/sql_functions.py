"""SQL functions that score any text column: ``sources_score(text)`` and ``sources_signals(text)``.

Registered on Datasette's connections (the ``prepare_connection`` hook in
``__init__.py``) and on sqlite-utils' (``sqlite_utils_plugin.py``), so any text
column of any database can be read like an article::

    select title, sources_score(body) from articles order by 2
    select json_extract(sources_signals(body), '$.opinion_sentences') from posts

The weights are those of the database's ``signals`` table when it has one,
else the package defaults. One text is one article: signals that compare
articles across a story (copying) take their neutral values.

>>> import sqlite3
>>> conn = sqlite3.connect(":memory:")
>>> register(conn)
>>> text = "Big news\\n\\nIt is a disgrace, and we must act."
>>> conn.execute("select sources_score(?)", [text]).fetchone()[0] < 70
True
"""

from __future__ import annotations

import json
import sqlite3
from functools import lru_cache

from . import scoring
from .plugins import all_signals
from .reading import read_article


@lru_cache(maxsize=256)
def _read(text: str, weights: tuple[tuple[str, float], ...]) -> tuple[float, str]:
    art = read_article(text)
    row = dict(art.signals)
    row.update(
        sentence_count=len(art.sentences),
        credit_kind=art.credit_kind,
        credit=art.credit,
        bylines=json.dumps(art.bylines) if art.bylines else None,
    )
    result = scoring.score(row, all_signals(), dict(weights))
    signals = {**art.signals, "score": result.score, "score_band": result.band}
    return result.score, json.dumps(signals, default=str)


def _weights(conn: sqlite3.Connection) -> tuple[tuple[str, float], ...]:
    defaults = {s.name: float(s.weight) for s in all_signals()}
    try:
        stored = dict(conn.execute("select name, weight from signals").fetchall())
    except sqlite3.Error:
        stored = {}
    defaults.update({k: float(v) for k, v in stored.items() if k in defaults and v is not None})
    return tuple(sorted(defaults.items()))


def register(conn: sqlite3.Connection) -> None:
    """Add ``sources_score`` and ``sources_signals`` to a SQLite connection."""

    def weights() -> tuple[tuple[str, float], ...]:
        return _weights(conn)

    def sources_score(text: object) -> float | None:
        if not isinstance(text, str) or not text.strip():
            return None
        return _read(text, weights())[0]

    def sources_signals(text: object) -> str | None:
        if not isinstance(text, str) or not text.strip():
            return None
        return _read(text, weights())[1]

    conn.create_function("sources_score", 1, sources_score)
    conn.create_function("sources_signals", 1, sources_signals)
