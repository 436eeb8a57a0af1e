"""Reading records in worker processes, each within a time budget.

Python cannot interrupt a regular expression in the middle of a match, so the
only sure bound on the time one article takes is a separate process: a worker
that overruns its budget is killed and replaced, and the record is reported
as a :class:`~datasette_sources.inputs.Failure`; the load goes on. Results come
back in input order whatever the number of workers, so a load with N workers
writes exactly what a load with one writes.

>>> from datasette_sources.inputs import Record
>>> with ReadingPool(lambda record: len(record.text), workers=1) as pool:
...     [result for _, result in pool.read([Record("abc", "a.txt"), Record("de", "b.txt")])]
[3, 2]
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from ..inputs import Failure, Record
from ..reading.pipeline import warm_up
from ..signals.readability import bound_word_caches

#: Seconds of CPU time one record may take to read before its worker is replaced.
DEFAULT_TIME_BUDGET = 60.0

#: A worker that has used less CPU than its budget but has held a record this many
#: times the budget by the clock (stopped, or starved by the machine) is replaced too.
WALL_FACTOR = 10

#: A worker whose memory has grown by more than this since it started, after an
#: article, is replaced by a fresh one. (A worker forked from the loader starts with
#: the loader's memory, shared with it: 150 MB after start-up, more in a long-lived
#: process such as a test run, so the growth is what counts.)
WORKER_MEMORY_MB = 400

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def one_line(error: BaseException, limit: int = 300) -> str:
    """An exception as one short line, for ``load_errors.reason``.

    >>> one_line(ValueError("bad thing")), len(one_line(ValueError("x" * 1000)))
    ("ValueError('bad thing')", 300)
    """
    text = " ".join(repr(error).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_one(read: Callable[[Record], Any], record: Record) -> Any:
    """``read(record)``, or a Failure saying why it could not be read."""
    try:
        return read(record)
    except Exception as e:  # one bad article never stops a load
        return Failure(record.path, f"could not read article: {one_line(e)}", record.line)


def _die_with_parent() -> None:
    """Linux: have the kernel kill this worker if the loader dies (kill -9 included)."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def serve(conn: Connection, read: Callable[[Record], Any]) -> None:
    """A worker's life: read each record sent, send back what came of it, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the loader's to handle
    _die_with_parent()
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:
        return  # the loader died before this worker could ask to die with it
    done = 0
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        number, record = job
        result = read_one(read, record)
        try:
            conn.send((number, result))
        except Exception as e:  # a result that cannot be sent back is a failure too
            failure = Failure(record.path, f"could not read article: {one_line(e)}", record.line)
            conn.send((number, failure))
        done += 1
        if done % 200 == 0:
            bound_word_caches()


class Worker:
    """One reading process and the record it is reading, if any."""

    def __init__(self, context: Any, read: Callable[[Record], Any]):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=serve, args=(child, read), daemon=True)
        self.process.start()
        child.close()
        # Right after the fork the worker holds what the loader held, and no more.
        self.started_mb = resident_mb(self.process.pid) or 0.0
        self.job: tuple[int, Record] | None = None
        self.started = 0.0
        self.cpu_at_start: float | None = None

    def give(self, number: int, record: Record) -> None:
        self.job = (number, record)
        self.started = time.monotonic()
        self.cpu_at_start = cpu_seconds(self.process.pid)
        self.conn.send(self.job)

    def spent(self) -> float:
        """Seconds spent on the current record: CPU time where the system tells, else
        wall-clock time. CPU time does not depend on what else the machine is doing,
        so the same input gives the same database on a busy machine as on an idle one."""
        now = cpu_seconds(self.process.pid)
        if now is None or self.cpu_at_start is None:
            return time.monotonic() - self.started
        return now - self.cpu_at_start

    def overran(self, budget: float) -> bool:
        """Past the budget in CPU time, or stalled ten times as long by the clock."""
        return self.spent() >= budget or time.monotonic() - self.started >= WALL_FACTOR * budget

    def stop(self, kill: bool = False) -> None:
        if not kill and self.process.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                kill = True
            self.process.join(1)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def cpu_seconds(pid: int | None) -> float | None:
    """CPU time (user + system) a process has used, from Linux's /proc; None elsewhere."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
        fields = data[data.rindex(b")") + 2 :].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (OSError, ValueError, IndexError):
        return None


def resident_mb(pid: int | None) -> float | None:
    """Resident memory of a process in MB, from Linux's /proc; None elsewhere."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * PAGE_SIZE / 1e6
    except (OSError, ValueError, IndexError):
        return None


def start_method() -> str:
    """fork where the system has it (workers inherit registered signals and warm caches)."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


class ReadingPool:
    """``workers`` processes reading records with ``read``; ``workers=0`` reads in this one.

    ``time_budget`` (seconds, None for none) bounds each record; it needs a
    worker, so with ``workers=0`` there is none.
    """

    def __init__(
        self,
        read: Callable[[Record], Any],
        workers: int = 1,
        time_budget: float | None = DEFAULT_TIME_BUDGET,
    ):
        if workers < 0:
            raise ValueError("workers must be 0 or more")
        self.reader, self.size, self.time_budget = read, workers, time_budget
        self.context = multiprocessing.get_context(start_method())
        self.workers: list[Worker] = []

    def __enter__(self) -> ReadingPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(kill=exc[0] is not None)

    def close(self, kill: bool = False) -> None:
        for w in self.workers:
            w.stop(kill=kill or w.job is not None)
        self.workers = []

    def read(self, items: Iterable[Record | Failure]) -> Iterator[tuple[Record | Failure, Any]]:
        """(item, result) for every item, in order: a record's result is what ``read``
        returned or a Failure; a Failure in the stream passes through as its own result."""
        if self.size == 0:
            for item in items:
                yield item, item if isinstance(item, Failure) else read_one(self.reader, item)
            return
        yield from self._read_in_workers(iter(items))

    def _read_in_workers(
        self, items: Iterator[Record | Failure]
    ) -> Iterator[tuple[Record | Failure, Any]]:
        if not self.workers and self.context.get_start_method() == "fork":
            warm_up()  # forked workers inherit it: the budget then times reading alone
        while len(self.workers) < self.size:
            self.workers.append(Worker(self.context, self.reader))
        given: dict[int, Record | Failure] = {}
        results: dict[int, Any] = {}
        taken, exhausted = 0, False
        while True:
            # Keep every idle worker busy; failures from the inputs need none, but a
            # long run of them must not pile up unreported.
            idle = [w for w in self.workers if w.job is None]
            while idle and not exhausted and len(given) < self.size + 256:
                item = next(items, None)
                if item is None:
                    exhausted = True
                    break
                given[taken] = item
                if isinstance(item, Failure):
                    results[taken] = item
                else:
                    idle.pop().give(taken, item)
                taken += 1
            yield from self._in_order(given, results)
            busy = [w for w in self.workers if w.job is not None]
            if busy:
                self._collect(busy, results)
            elif exhausted:
                return

    def _in_order(self, given: dict[int, Any], results: dict[int, Any]) -> Iterator[Any]:
        while given:
            first = min(given)
            if first not in results:
                return
            yield given.pop(first), results.pop(first)

    def _collect(self, busy: list[Worker], results: dict[int, Any]) -> None:
        """Wait for a worker to finish, die or overrun; put what came of it in ``results``."""
        timeout = None
        if self.time_budget is not None:
            # CPU time never runs faster than the clock: wait for the least budget left.
            timeout = max(0.05, min(self.time_budget - w.spent() for w in busy))
        ready = wait([w.conn for w in busy], timeout)
        for w in busy:
            if w.conn in ready:
                try:
                    number, result = w.conn.recv()
                except (EOFError, OSError):
                    w.process.join(5)  # the pipe closes a moment before the process is gone
                    code = w.process.exitcode
                    self._replace(w, results, f"the reading process died (exit status {code})")
                    continue
                results[number] = result
                w.job = None
                if (resident_mb(w.process.pid) or 0) - w.started_mb >= WORKER_MEMORY_MB:
                    # Python keeps the memory a huge article needed: start afresh.
                    w.stop()
                    self.workers[self.workers.index(w)] = Worker(self.context, self.reader)
            elif self.time_budget is not None and w.overran(self.time_budget):
                self._replace(
                    w,
                    results,
                    f"timed out: reading took more than {self.time_budget:g} s "
                    "(--time-budget, CPU time of one article)",
                )

    def _replace(self, worker: Worker, results: dict[int, Any], reason: str) -> None:
        assert worker.job is not None
        number, record = worker.job
        results[number] = Failure(record.path, reason, record.line)
        worker.stop(kill=True)
        self.workers[self.workers.index(worker)] = Worker(self.context, self.reader)
