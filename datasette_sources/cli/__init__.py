"""The ``datasette-sources`` command: one module per subcommand, shared options in :mod:`.options`.

Commands parse arguments, call a stage and report; they neither read articles nor write rows.
"""

from __future__ import annotations

import click

from .evaluate import evaluate_command
from .load import EXIT_SOME_FAILED, load_command
from .options import EXIT_CANNOT_WRITE
from .read import read_command
from .rescore import rescore_command

__all__ = [
    "EXIT_CANNOT_WRITE",
    "EXIT_SOME_FAILED",
    "cli",
    "evaluate_command",
    "load_command",
    "read_command",
    "rescore_command",
]


@click.group()
@click.version_option(package_name="datasette-sources")
def cli():
    """Score how carefully news articles are sourced, and browse the evidence in Datasette."""


cli.add_command(load_command)
cli.add_command(rescore_command)
cli.add_command(read_command)
cli.add_command(evaluate_command)
