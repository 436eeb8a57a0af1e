"""``python -m datasette_sources.cli``: the same as the ``datasette-sources`` command."""

from . import cli

if __name__ == "__main__":
    cli(prog_name="datasette-sources")
