"""How signals are registered: a pluggy hook, as Datasette registers its own plugins.

A package adds signals by implementing ``register_signals`` and naming its
module in the ``datasette_sources`` entry-point group::

    # my_signals.py
    from datasette_sources import hookimpl
    from datasette_sources.signals import Signal

    class ExclamationMarks(Signal):
        name = "exclamation_marks"
        description = "Exclamation marks in the writer's own sentences"
        direction = -1
        weight = 0.5

        def measure(self, article):
            return sum(s.text.count("!") for s in article.sentences if s.kind != "quote")

    @hookimpl
    def register_signals():
        return [ExclamationMarks()]

    # pyproject.toml
    [project.entry-points.datasette_sources]
    my_signals = "my_signals"
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("datasette_sources")
hookimpl = pluggy.HookimplMarker("datasette_sources")


@hookspec
def register_signals():
    """Return a list of :class:`datasette_sources.signals.Signal` instances."""
