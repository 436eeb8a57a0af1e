"""What a long command shows while it works: one bar per phase on a terminal, nothing otherwise.

The store's steps report through a phase callback (``phase(name, total)`` returns
``advance(amount)``; see :mod:`datasette_sources.store.progress`); :class:`PhaseBars`
turns each phase into a click progress bar, or, when the total cannot be known,
a line that says how long the phase took.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import IO, Any

import click


class PhaseBars:
    """One bar per phase on ``file`` (stderr), each closed when the next begins.

    With ``show`` false every call does nothing, so a command can hand
    :meth:`phase` to the store whether or not it shows progress.
    """

    def __init__(self, file: IO[str], show: bool):
        self.file = file
        self.show = show
        self.bar: Any = None
        self.started: float | None = None

    def phase(self, name: str, total: int | None = None) -> Callable[[int], None]:
        """Start phase ``name`` (ending the one before); the function that advances it."""
        self.close()
        if not self.show:
            return lambda amount: None
        label = name[:1].upper() + name[1:]
        if total is None:
            # No bar without a total: the name now, the time taken when the phase ends.
            click.echo(f"{label}...", file=self.file, nl=False)
            self.started = time.monotonic()
            return lambda amount: None
        self.bar = click.progressbar(
            length=max(total, 1),
            label=label,
            file=self.file,
            show_percent=True,
            show_eta=True,
        )
        self.bar.__enter__()
        if total == 0:
            self.bar.update(1)
        return self.bar.update

    def close(self) -> None:
        """End the current phase: finish its bar, or say how long it took."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
        if self.started is not None:
            click.echo(f" {time.monotonic() - self.started:.1f} s", file=self.file)
            self.started = None
