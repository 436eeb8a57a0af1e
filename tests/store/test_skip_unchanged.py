"""Unchanged inputs are cheap: a rerun skips articles already loaded before reading any text,
and runs no story pass when nothing changed."""

from __future__ import annotations

import pytest
from conftest import SEEDS

from datasette_sources import hookimpl
from datasette_sources.plugins import pm
from datasette_sources.signals import Signal
from datasette_sources.store import load
from datasette_sources.store.steps import STORY_PASS, is_pending


class ReadCounter(Signal):
    """A signal from another package that counts the articles it is measured on."""

    name = "read_counter"
    description = "How many articles were read (a test's signal)"
    weight = 0.0
    read = 0

    def measure(self, article):
        ReadCounter.read += 1
        return 0


# The counter counts in this process: the loads below read here (workers=0), not in
# worker processes, whose counts would not come back.
class CountingPlugin:
    @hookimpl
    def register_signals(self):
        return [ReadCounter()]


@pytest.fixture
def counted():
    plugin = CountingPlugin()
    pm.register(plugin, name="test-read-counter")
    ReadCounter.read = 0
    yield ReadCounter
    pm.unregister(plugin)


@pytest.mark.parametrize("batch_size", [1, 200])
def test_a_rerun_reads_nothing(counted, fresh_db, batch_size):
    first = load(fresh_db, [str(SEEDS)], batch_size=batch_size, workers=0)
    assert (first.loaded, counted.read) == (5, 5)
    again = load(fresh_db, [str(SEEDS)], batch_size=batch_size, workers=0)
    assert (again.loaded, again.unchanged, again.replaced) == (0, 5, 0)
    assert counted.read == 5  # not one more article read
    assert not is_pending(fresh_db, STORY_PASS)


def test_replace_reads_again(counted, fresh_db):
    load(fresh_db, [str(SEEDS)], workers=0)
    summary = load(fresh_db, [str(SEEDS)], replace=True, workers=0)
    assert (summary.replaced, counted.read) == (5, 10)


def test_the_same_article_twice_in_one_input_is_read_once(counted, fresh_db, tmp_path):
    text = (SEEDS / sorted(p.name for p in SEEDS.iterdir())[0]).read_text()
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(text)
    summary = load(fresh_db, [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], workers=0)
    assert (summary.loaded, summary.unchanged, counted.read) == (1, 1, 1)
