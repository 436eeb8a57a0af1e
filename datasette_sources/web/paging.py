"""Long lists in pages of a fixed size: which page a URL asks for, and links to the others."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .links import with_query

#: Rows per page of the plugin's long lists (stories, outlets, an outlet's articles).
PAGE_SIZE = 50
#: Highest page number a URL may ask for; beyond it the page is empty anyway.
MAX_PAGE = 100_000


def page_number(raw: Any) -> int:
    """The page a ``?page=`` argument asks for, from 1; anything else is page 1.

    >>> page_number("3"), page_number(None), page_number("0"), page_number("x")
    (3, 1, 1, 1)
    >>> page_number("9" * 9)
    100000
    """
    try:
        page = int(str(raw))
    except (TypeError, ValueError):
        return 1
    return max(1, min(page, MAX_PAGE))


@dataclass
class Pager:
    """Where one page sits in a list of ``total`` rows, and the links to its neighbours."""

    page: int
    total: int
    size: int = PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def pages(self) -> int:
        """How many pages the list fills (at least one).

        >>> Pager(1, 101).pages, Pager(1, 0).pages
        (3, 1)
        """
        return max(1, -(-self.total // self.size))

    def showing(self) -> tuple[int, int]:
        """The first and last row shown, from 1.

        >>> Pager(2, 120).showing(), Pager(3, 120).showing(), Pager(9, 120).showing()
        ((51, 100), (101, 120), (0, 0))
        """
        first, last = self.offset + 1, min(self.total, self.offset + self.size)
        return (first, last) if first <= last else (0, 0)

    def links(self, base: str, **params: Any) -> dict[str, str | None]:
        """URLs of the previous and next pages of ``base`` (None where there is none).

        >>> Pager(2, 120).links("/stories")
        {'previous': '/stories', 'next': '/stories?page=3'}
        """
        previous = next_page = None
        if self.page > 1:
            wanted = min(self.page - 1, self.pages)
            previous = with_query(base, **params, **({"page": wanted} if wanted > 1 else {}))
        if self.page < self.pages:
            next_page = with_query(base, **params, page=self.page + 1)
        return {"previous": previous, "next": next_page}
