"""Group articles about the same event into stories.

This first version links two articles when they carry the same long
quotation: reporters covering one event quote the same statement, while
articles merely on the same topic rarely share eight words of quotation.

>>> sorted(sorted(g) for g in group_stories(["a", "b", "c"], [{"a", "b"}]))
[['a', 'b'], ['c']]
"""

from __future__ import annotations

from collections.abc import Iterable


def group_stories(article_ids: Iterable[str], links: Iterable[Iterable[str]]) -> list[set[str]]:
    """Connected groups of ``article_ids``; each item of ``links`` joins its members."""
    parent: dict[str, str] = {a: a for a in article_ids}

    def find(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for group in links:
        members = [a for a in group if a in parent]
        for other in members[1:]:
            ra, rb = find(members[0]), find(other)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, set[str]] = {}
    for a in parent:
        groups.setdefault(find(a), set()).add(a)
    return list(groups.values())
