"""SQL functions that score any text column: ``sources_score(text)`` and ``sources_signals(text)``.

Registered on Datasette's connections (the ``prepare_connection`` hook in
``__init__.py``) and on sqlite-utils' (``sqlite_utils_plugin.py``), so any text
column of any database can be read like an article::

    select title, sources_score(body) from articles order by 2
    select json_extract(sources_signals(body), '$.opinion_sentences') from posts

The weights are those of the database's ``signals`` table when it has one,
else the package defaults. One text is one article: signals that compare
articles across a story (copying) take their neutral values.

On a published Datasette anyone may call them, so no call can stall the server:

- a text longer than :data:`MAX_TEXT_CHARS` is not read (NULL, and
  ``sources_signals`` says why);
- while it reads, a call asks SQLite every :data:`CHECK_EVERY` Python calls
  whether the query is over its time limit, by stepping a tiny statement on the
  same connection, which runs the connection's progress handler (Datasette's
  ``sql_time_limit_ms``): if so, the call stops and interrupts the query, which
  fails as any query over its limit does;
- whatever the connection, one call stops after :data:`MAX_CALL_SECONDS` of its
  thread's CPU time (NULL);
- results are cached by a hash of the text, the cache bounded by bytes
  (:data:`CACHE_BYTES`), so it never holds the texts themselves.

>>> import sqlite3
>>> conn = sqlite3.connect(":memory:")
>>> register(conn)
>>> text = "Big news\\n\\nIt is a disgrace, and we must act."
>>> conn.execute("select sources_score(?)", [text]).fetchone()[0] < 70
True
>>> conn.execute("select sources_score(?)", ["x" * (MAX_TEXT_CHARS + 1)]).fetchone()
(None,)
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import threading
import time
from collections import OrderedDict
from typing import Any

from . import scoring
from .plugins import all_signals
from .reading import read_article
from .signals.readability import bound_word_caches

#: The longest text read, in characters (four times the longest of 36,254 AllSides articles).
MAX_TEXT_CHARS = 300_000
#: The most CPU time (of its thread) one call may spend reading, in seconds.
MAX_CALL_SECONDS = 10.0
#: Python function calls between two checks of the query's time limit (about 2 ms of reading).
CHECK_EVERY = 2_000
#: The most the cache of results holds, in bytes.
CACHE_BYTES = 4 << 20

#: A statement of a few thousand SQLite instructions: stepping it runs the connection's
#: progress handler, which fails it when the query is over its time limit.
PROBE = (
    "with recursive n(i) as (select 1 union all select i + 1 from n limit 500) "
    "select count(*) from n"
)

Weights = tuple[tuple[str, float], ...]
Result = tuple[float | None, str]


class Interrupted(BaseException):
    """Stops a reading part-way: a BaseException, which ``except Exception`` lets by."""


class ResultCache:
    """Results by text hash and weights, least recently used first out, bounded by bytes.

    >>> cache = ResultCache(limit=250)
    >>> for n in range(5):
    ...     cache.put(("key", n), (1.0, "x" * 10))
    >>> len(cache.entries), cache.size <= 250
    (2, True)
    """

    def __init__(self, limit: int = CACHE_BYTES):
        self.limit = limit
        self.entries: OrderedDict[Any, tuple[Result, int]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: Any) -> Result | None:
        with self.lock:
            hit = self.entries.get(key)
            if hit is None:
                return None
            self.entries.move_to_end(key)
            return hit[0]

    def put(self, key: Any, result: Result) -> None:
        cost = len(result[1]) + 100  # the JSON, plus the key and the entry's own keep
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = (result, cost)
            self.size += cost
            while self.size > self.limit and self.entries:
                _, (_, freed) = self.entries.popitem(last=False)
                self.size -= freed


_cache = ResultCache()


class Watch:
    """A trace function that stops a reading that is over its query's time limit or its own cap."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.calls = 0
        self.started = time.thread_time()

    def check(self) -> None:
        """Raise :class:`Interrupted` if the query is over its time limit or the call its cap."""
        if time.thread_time() - self.started > MAX_CALL_SECONDS:
            raise Interrupted("work")
        try:
            self.conn.execute(PROBE).fetchone()
        except sqlite3.OperationalError as e:  # "interrupted": the progress handler said stop
            raise Interrupted("time") from e

    def __call__(self, frame: Any, event: str, arg: Any) -> None:
        if event == "call":
            self.calls += 1
            if self.calls % CHECK_EVERY == 0:
                self.check()
        return None  # no tracing of lines inside the frame: only calls are counted


def read_text(text: str, weights: Weights) -> Result:
    """Score one text with ``weights``: (score, the signals as JSON)."""
    art = read_article(text)
    row = dict(art.signals)
    row.update(
        language=art.language,
        sentence_count=len(art.sentences),
        credit_kind=art.credit_kind,
        credit=art.credit,
        bylines=json.dumps(art.bylines) if art.bylines else None,
    )
    result = scoring.score(row, all_signals(), dict(weights))
    signals = {
        **art.signals,
        "language": art.language,
        "score": result.score,
        "score_band": result.band,
    }
    return result.score, json.dumps(signals, default=str)


def watched_read(conn: sqlite3.Connection, text: str, weights: Weights) -> Result | None:
    """:func:`read_text` under a :class:`Watch`: None when it was stopped.

    When the query is over its time limit the query is interrupted too, so that it
    fails as any query over its limit does rather than going on to its next row.
    """
    key = (hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest(), weights)
    hit = _cache.get(key)
    if hit is not None:
        return hit
    watch = Watch(conn)
    previous = sys.gettrace()
    try:
        watch.check()  # a query already over its limit starts no more reading
        sys.settrace(watch)
        try:
            result = read_text(text, weights)
        finally:
            sys.settrace(previous)
    except Interrupted as stop:
        if str(stop) == "time":
            conn.interrupt()
        return None
    finally:
        bound_word_caches()
    _cache.put(key, result)
    return result


def _weights(conn: sqlite3.Connection) -> Weights:
    defaults = {s.name: float(s.weight) for s in all_signals()}
    try:
        stored = dict(conn.execute("select name, weight from signals").fetchall())
    except sqlite3.Error:
        stored = {}
    for name, weight in stored.items():
        if name in defaults:
            try:
                defaults[name] = scoring.checked_weight(name, weight)
            except scoring.WeightError:
                continue  # the default stands in for a weight that cannot be used
    if not any(w > 0 for w in defaults.values()):
        defaults = {s.name: float(s.weight) for s in all_signals()}
    return tuple(sorted(defaults.items()))


#: What ``sources_signals`` says of a text it does not read for its length.
TOO_LONG = json.dumps({"score": None, "not_read": f"longer than {MAX_TEXT_CHARS} characters"})


def register(conn: sqlite3.Connection) -> None:
    """Add ``sources_score`` and ``sources_signals`` to a SQLite connection."""

    def result_for(text: object) -> Result | None:
        if not isinstance(text, str) or not text.strip():
            return None
        if len(text) > MAX_TEXT_CHARS:
            return None, TOO_LONG
        return watched_read(conn, text, _weights(conn))

    def sources_score(text: object) -> float | None:
        result = result_for(text)
        return result[0] if result else None

    def sources_signals(text: object) -> str | None:
        result = result_for(text)
        return result[1] if result else None

    conn.create_function("sources_score", 1, sources_score)
    conn.create_function("sources_signals", 1, sources_signals)
