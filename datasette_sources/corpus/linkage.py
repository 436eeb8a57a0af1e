"""Stories from links: blocks of strongly linked articles, then average linkage in each block.

Average linkage merges two groups only while their average similarity (missing pairs
count 0) reaches the threshold, so two groups merge only if at least one pair between
them is linked at the threshold ("strongly"). A story therefore never leaves the set of
articles strongly linked to each other, and each such set can be clustered on its own.

Those sets can still be large: related coverage chains together (on 1,500 AllSides
articles, 631 form one chain). :func:`blocks` cuts them into blocks of at most
``size`` articles: strong links are taken strongest first, and two blocks join only
while the result stays within ``size``. Each block is then clustered with every link
inside it. Memory is bounded by the block, never by the corpus, and when no chain is
longer than ``size`` the result is exactly average linkage over the whole corpus.

>>> strong = [(0.9, 0, 1), (0.8, 1, 2), (0.7, 2, 3)]
>>> list(blocks(4, strong, size=2))
[0, 0, 2, 2]
>>> edges = {0: {1: 0.5}, 1: {0: 0.5, 2: 0.5}, 2: {1: 0.5}}
>>> sorted(map(sorted, average_linkage(3, edges, 0.1, [1, 6, 11], 7)))
[[0, 1], [2]]
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Iterable

#: The most articles one block holds (see the module's docstring): chains longer than this
#: are cut at their weakest strong links. Measured on AllSides in docs/evaluation.md.
BLOCK_SIZE = 5000


def blocks(n: int, strong: Iterable[tuple[float, int, int]], size: int = BLOCK_SIZE) -> array:
    """The block of each of ``n`` articles, as the index of one of its members.

    ``strong`` are (similarity, i, j) links at or above the threshold, strongest first
    (ties in a fixed order, so that the blocks are always the same).
    """
    parent = array("q", range(n))
    count = array("q", [1]) * n

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, i, j in strong:
        a, b = root(i), root(j)
        if a != b and count[a] + count[b] <= size:
            if a > b:
                a, b = b, a
            parent[b] = a
            count[a] += count[b]
    return array("q", (root(i) for i in range(n)))


def average_linkage(
    n: int,
    edges: dict[int, dict[int, float]],
    threshold: float,
    days: list[int | None] | None = None,
    max_days: int = 7,
) -> list[set[int]]:
    """Merge clusters while their average pairwise similarity (missing pairs 0) is high enough.

    ``days`` (an ordinal day or None per article) keeps every cluster's dated articles
    within ``max_days`` of each other: a merge that would stretch a story further is refused.
    """
    members = {i: {i} for i in range(n)}
    span = {i: (d, d) if d is not None else None for i, d in enumerate(days or [None] * n)}
    total: dict[int, dict[int, float]] = {i: dict(edges.get(i, {})) for i in range(n)}
    heap = [(-s, i, j) for i in total for j, s in total[i].items() if i < j and s >= threshold]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        avg = total[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(avg + neg) > 1e-12:
            if avg >= threshold:
                heapq.heappush(heap, (-avg, a, b))
            continue
        sa, sb = span[a], span[b]
        if sa and sb and max(sa[1], sb[1]) - min(sa[0], sb[0]) > max_days:
            continue  # the two stories are more than max_days apart: never one
        span[a] = (min(sa[0], sb[0]), max(sa[1], sb[1])) if sa and sb else sa or sb
        members[a] |= members.pop(b)
        for c, s in total.pop(b).items():
            if c == a:
                continue
            total[c].pop(b, None)
            total[a][c] = total[a].get(c, 0.0) + s
            total[c][a] = total[a][c]
        total[a].pop(b, None)
        for c, s in total[a].items():
            avg = s / (len(members[a]) * len(members[c]))
            if avg >= threshold:
                heapq.heappush(heap, (-avg, min(a, c), max(a, c)))
    return list(members.values())
