"""Signals: numbers measured on a read article, each with a weight in the score.

One module per signal family, each registering its signals through the
``register_signals`` hook (:mod:`datasette_sources.hookspecs`), the built-in
ones exactly as a third-party package would. :class:`Signal` is the base class.
"""

from __future__ import annotations

from .base import Signal

__all__ = ["Signal", "all_signals"]


def all_signals() -> list[Signal]:
    """Every registered signal (moved to :mod:`datasette_sources.plugins`; here for one release)."""
    from ..plugins import all_signals as registered

    return registered()
