"""Reading in worker processes: input order kept, a time budget per record, dead ones replaced."""

from __future__ import annotations

import os
import time

import pytest

from datasette_sources.inputs import Failure, Record
from datasette_sources.store import workers
from datasette_sources.store.workers import ReadingPool


def read(record: Record) -> str:
    """A stand-in reading with a behaviour chosen by the record's text."""
    text = record.text
    if text == "endless":
        while True:
            pass
    if text == "asleep":
        time.sleep(60)
    if text == "die":
        os._exit(7)
    if text == "raise":
        raise ValueError("no good")
    # Work that takes longer for some records, so that workers finish out of order.
    sum(range(20_000 * (len(text) % 5)))
    return text.upper()


def stream(*texts: str) -> list[Record | Failure]:
    return [
        Failure(f"{t}.txt", "bad input") if t == "failure" else Record(t, f"{t}.txt", line=n)
        for n, t in enumerate(texts, start=1)
    ]


def results(items, **options) -> list:
    with ReadingPool(read, **options) as pool:
        return [
            r.reason.split(":")[0] if isinstance(r, Failure) else r for _, r in pool.read(items)
        ]


TEXTS = [f"article {'x' * n}" for n in range(25)] + ["failure", "raise", "last"]


@pytest.mark.parametrize("workers", [0, 1, 3])
def test_results_come_in_input_order_whatever_the_workers(workers):
    expected = [t.upper() for t in TEXTS[:25]] + ["bad input", "could not read article", "LAST"]
    assert results(stream(*TEXTS), workers=workers) == expected


@pytest.mark.parametrize("workers", [1, 2])
def test_a_record_past_its_budget_is_recorded_and_its_worker_replaced(workers):
    start = time.monotonic()
    got = results(stream("first", "endless", "after", "more"), workers=workers, time_budget=0.5)
    assert got == ["FIRST", "timed out", "AFTER", "MORE"]
    assert time.monotonic() - start < 30


def test_a_worker_that_uses_no_cpu_is_replaced_by_the_clock():
    # 10 x the budget by the clock: a worker stopped or starved does not stall the load.
    got = results(stream("asleep", "after"), workers=1, time_budget=0.2)
    assert got == ["timed out", "AFTER"]


def test_a_dead_worker_is_recorded_and_replaced():
    with ReadingPool(read, workers=1) as pool:
        got = [r for _, r in pool.read(stream("first", "die", "after"))]
    assert got[0] == "FIRST" and got[2] == "AFTER"
    assert got[1].reason == "the reading process died (exit status 7)"
    assert got[1].path == "die.txt" and got[1].line == 2


def test_the_reason_says_which_budget():
    with ReadingPool(read, workers=1, time_budget=0.3) as pool:
        [(_, failure)] = list(pool.read(stream("endless")))
    assert failure.reason == (
        "timed out: reading took more than 0.3 s (--time-budget, CPU time of one article)"
    )


def test_workers_stop_with_the_pool():
    pool = ReadingPool(read, workers=2)
    with pool:
        list(pool.read(stream("a", "b", "c")))
        processes = [w.process for w in pool.workers]
    assert processes and not any(p.is_alive() for p in processes)


def test_a_negative_number_of_workers_is_refused():
    with pytest.raises(ValueError):
        ReadingPool(read, workers=-1)


def pid_of_reader(record: Record) -> int:
    return os.getpid()


def test_a_worker_grown_past_its_memory_is_replaced(monkeypatch):
    with ReadingPool(pid_of_reader, workers=1) as pool:
        pids = [pid for _, pid in pool.read(stream("a", "b", "c"))]
    assert len(set(pids)) == 1  # a worker reads article after article
    monkeypatch.setattr(workers, "WORKER_MEMORY_MB", 0)
    with ReadingPool(pid_of_reader, workers=1) as pool:
        pids = [pid for _, pid in pool.read(stream("a", "b", "c"))]
    assert len(set(pids)) == 3  # each one past the limit: a fresh worker for the next
