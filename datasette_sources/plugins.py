"""The plugin manager that collects signals from this package and from others."""

from __future__ import annotations

import importlib

import pluggy

from . import hookspecs
from .signals.base import Signal

DEFAULT_PLUGINS = (
    "datasette_sources.signals.attribution",
    "datasette_sources.signals.editorial",
    "datasette_sources.signals.opinion",
    "datasette_sources.signals.page",
    "datasette_sources.signals.readability",
    "datasette_sources.signals.credit",
    "datasette_sources.signals.copying",
)

pm = pluggy.PluginManager("datasette_sources")
pm.add_hookspecs(hookspecs)
pm.load_setuptools_entrypoints("datasette_sources")

for _name in DEFAULT_PLUGINS:
    pm.register(importlib.import_module(_name), _name)


def all_signals() -> list[Signal]:
    """Every registered signal, built-in and from installed packages, in a stable order."""
    seen: dict[str, Signal] = {}
    for batch in reversed(pm.hook.register_signals()):
        for sig in batch or []:
            if not sig.name.isidentifier():
                raise ValueError(f"Signal name {sig.name!r} must be a valid column name")
            seen.setdefault(sig.name, sig)
    return list(seen.values())
