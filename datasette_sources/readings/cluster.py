"""Running tasks: in this process, or on Dask (local worker processes or a cluster).

Every partition is one task. A task that raises is tried again (``retries``
times); one that still fails, or whose worker keeps dying, comes back as an
:class:`Outcome` with its error, and the other partitions go on. On Dask, a
worker that dies mid-task (killed, out of memory, its machine gone) has its
tasks run again on another worker by the scheduler.

>>> outcomes = run_tasks(int, ["7", "seven"], scheduler=None, retries=1)
>>> [(o.item, o.result, o.error, o.tries) for o in outcomes]  # doctest: +NORMALIZE_WHITESPACE
[('7', 7, None, 1),
 ('seven', None, "ValueError: invalid literal for int() with base 10: 'seven'", 2)]
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

#: What to install when Dask is missing.
DASK_HINT = "pip install 'datasette-sources[dask]'"
#: ``--scheduler`` values that are not an address.
LOCAL_SCHEDULERS = ("processes",)


@dataclass
class Outcome:
    """One task's end: its result, or the error it failed with after every try."""

    item: Any
    result: Any = None
    error: str | None = None
    tries: int | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def describe(e: BaseException) -> str:
    """An exception in one line: its type and message.

    >>> describe(ValueError("bad row"))
    'ValueError: bad row'
    """
    return f"{type(e).__name__}: {e}"


def run_tasks(
    task: Callable[..., Any],
    items: Sequence[Any],
    *args: Any,
    scheduler: str | None = None,
    workers: int | None = None,
    retries: int = 2,
    on_outcome: Callable[[Outcome], None] = lambda o: None,
) -> list[Outcome]:
    """``task(item, *args)`` for every item; outcomes in the order of ``items``.

    ``scheduler``: None runs the tasks here, one after another; ``"processes"``
    starts a Dask cluster of ``workers`` processes on this machine; anything else
    is the address of a running ``dask.distributed`` scheduler. ``on_outcome`` is
    called as each task ends (in the order they end).
    """
    if scheduler is None:
        outcomes = []
        for item in items:
            outcome = run_here(task, item, args, retries)
            on_outcome(outcome)
            outcomes.append(outcome)
        return outcomes
    with dask_client(scheduler, workers) as client:
        done = {}
        for outcome in run_on_dask(client, task, items, args, retries):
            on_outcome(outcome)
            done[id(outcome.item)] = outcome
        return [done[id(item)] for item in items]


def run_here(task: Callable[..., Any], item: Any, args: tuple, retries: int) -> Outcome:
    """One task in this process, tried up to ``retries + 1`` times."""
    error = None
    for attempt in range(1, retries + 2):
        try:
            return Outcome(item, task(item, *args), tries=attempt)
        except Exception as e:  # a task's failure is its partition's, not the run's
            error = describe(e)
    return Outcome(item, error=error, tries=retries + 1)


@contextmanager
def dask_client(scheduler: str, workers: int | None) -> Iterator[Any]:
    """A ``distributed.Client``: of a new local cluster, or of the scheduler at an address."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:
        raise RuntimeError(f"--scheduler needs Dask: {DASK_HINT}") from e
    if scheduler in LOCAL_SCHEDULERS:
        import dask

        # Workers that are not daemons may start the process each article is read in,
        # within the time budget (a daemon may not); they still end with the cluster.
        with dask.config.set({"distributed.worker.daemon": False}):
            cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,  # reading is pure Python: one article at a time each
                processes=True,
                dashboard_address=":0",  # any free port: never clash with another cluster
                # Shutting workers down on a busy machine warns that it took them a while.
                silence_logs=logging.ERROR,
            )
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
    else:
        try:
            client = Client(scheduler)
        except (OSError, TimeoutError, ValueError) as e:  # unreachable, or not an address
            raise RuntimeError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from e
        with client:
            yield client


def run_on_dask(
    client: Any, task: Callable[..., Any], items: Iterable[Any], args: tuple, retries: int
) -> Iterator[Outcome]:
    """Submit one task per item; yield each outcome as it ends."""
    from distributed import as_completed

    futures = {}
    for item in items:
        future = client.submit(task, item, *args, retries=retries, pure=False)
        futures[future.key] = (future, item)
    for future in as_completed([f for f, _ in futures.values()]):
        item = futures[future.key][1]
        if future.status == "finished":
            yield Outcome(item, future.result())
            continue
        try:
            future.result()
        except Exception as e:  # the task's own error, or KilledWorker
            yield Outcome(item, error=describe(e))
        else:  # cancelled: the scheduler lost it
            yield Outcome(item, error=f"task {future.status}")
