"""How the store's long steps say what they are doing, without printing anything.

A step that takes a while calls ``phase(name, total)`` as it starts and gets
back a function to call with each amount of work done (``total`` is None when
it cannot be known). The command line draws a bar per phase; a caller that
does not care passes nothing and gets :func:`no_phase`.

>>> seen = []
>>> def phase(name, total):
...     seen.append((name, total))
...     return lambda n: seen.append(n)
>>> advance = phase("scoring", 2)
>>> advance(2)
>>> seen
[('scoring', 2), 2]
"""

from __future__ import annotations

from collections.abc import Callable

#: ``phase(name, total) -> advance(amount)``.
Phase = Callable[[str, "int | None"], Callable[[int], None]]


def _ignore(amount: int) -> None:
    return None


def no_phase(name: str, total: int | None = None) -> Callable[[int], None]:
    """The phase callback of a caller that shows no progress."""
    return _ignore
