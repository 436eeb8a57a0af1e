"""Copies between hostile articles are looked for in linear time: the story pass runs in
the loader, with no worker and no time budget to stop it."""

from __future__ import annotations

import gc
import random
import re
import time

import pytest

from datasette_sources.corpus.copies import _prepare, _shared_runs, quoted_spans
from datasette_sources.evaluation.hostile import PATTERNS, hostile_text

#: The expression quoted_spans replaces (it searched to the end for every unclosed mark).
QUOTE = re.compile(r"“[^”]*”|\"[^\"]*\"|''.*?''")


def test_quoted_spans_are_the_expressions_matches():
    rng = random.Random(13)
    marks = ["“", "”", '"', "'", "''", "[", "]", "a", " ", "\n", "’"]
    for _ in range(5000):
        body = "".join(rng.choice(marks) for _ in range(rng.randint(0, 40)))
        assert quoted_spans(body) == [m.span() for m in QUOTE.finditer(body)], body


def compare_time(size: int, pattern: str) -> float:
    """CPU time to compare two hostile texts, garbage collection held off (a full
    collection falls at random in the larger case and times the test process)."""
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        a, b = _prepare(hostile_text(pattern, size)), _prepare(hostile_text(pattern, size // 2))
        _shared_runs(a, b, 8)
        return time.process_time() - start
    finally:
        gc.enable()


@pytest.mark.parametrize("pattern", sorted(PATTERNS))
def test_copies_between_hostile_articles_take_linear_time(pattern):
    small = min(compare_time(8_000, pattern) for _ in range(3))
    large = min(compare_time(80_000, pattern) for _ in range(3))
    # A floor of 20 ms: how runs repeat sets the small case's cost as much as its size.
    # 25x for 10x the text: on a busy 2-core machine linear cases measured up to 15.4x,
    # where the quadratic search this test caught took some 100x.
    assert large <= 25 * max(small, 0.02), f"{pattern}: {small:.4f} s -> {large:.4f} s"
