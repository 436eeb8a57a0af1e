"""The plugin manager that collects signals from this package and from others."""

from __future__ import annotations

import pluggy

from . import hookspecs

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
    import importlib

    pm.register(importlib.import_module(_name), _name)
