"""Passages shared across a story: quotations traced between outlets, copied sentences.

>>> rows = [("a", 0, 0, "we will respond to any attack on our people"),
...         ("b", 3, 0, "we will respond to any attack on our people here"),
...         ("c", 1, 0, "something else entirely was said today by someone")]
>>> sorted(a for _, a, _, _ in trace_passages(rows))
['a', 'b']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

#: Shared words that make two quotations one passage traced across outlets.
PASSAGE_WORDS = 6


def trace_passages(
    rows: Sequence[tuple[str, int, int, str]],
) -> list[tuple[str, str, int, int]]:
    """Link the quotations of one story that share a run of words: one passage, many outlets.

    ``rows`` are (article id, sentence position, quotation number, quote key);
    returns (passage name, article id, position, number) for every quotation
    that shares a passage with another article's. The name is the passage's
    longest quote key.
    """
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[tuple[str, ...], int] = {}
    for i, (_, _, _, key) in enumerate(rows):
        words = key.split()
        for j in range(len(words) - PASSAGE_WORDS + 1):
            gram = tuple(words[j : j + PASSAGE_WORDS])
            if gram in seen:
                a, b = find(seen[gram]), find(i)
                if a != b:
                    parent[b] = a
            else:
                seen[gram] = i
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(rows)):
        members[find(i)].append(i)
    out = []
    for group in members.values():
        if len({rows[i][0] for i in group}) < 2:
            continue  # quoted by one article only: nothing to trace
        name = max((rows[i][3] for i in group), key=len)
        out += [(name, rows[i][0], rows[i][1], rows[i][2]) for i in group]
    return out


def sentences_in_span(
    body: str, sentences: Iterable[tuple[int, str]], span: tuple[int, int]
) -> list[int]:
    """Positions of the sentences (position, text, in order) that overlap ``span`` of ``body``.

    >>> body = "One two. Three four. Five six."
    >>> sentences_in_span(body, [(0, "One two."), (1, "Three four."), (2, "Five six.")], (9, 19))
    [1]
    """
    out = []
    cursor = 0
    for position, text in sentences:
        at = body.find(text, cursor)
        if at < 0:
            continue
        cursor = at + len(text)
        if at < span[1] and cursor > span[0]:
            out.append(position)
    return out
