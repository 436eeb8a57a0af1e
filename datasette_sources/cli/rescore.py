"""``datasette-sources rescore``: scores again from the stored signals, with new weights or not."""

from __future__ import annotations

import click

from ..store import rescore
from .options import command_errors, open_database, read_weights, weights_option


@click.command(name="rescore")
@click.argument("db_path", metavar="DB", type=click.Path(exists=True, dir_okay=False))
@weights_option(
    "New weights: a YAML or JSON file of name: weight, or a metadata.yml "
    "with plugins: datasette-sources: weights:"
)
def rescore_command(db_path: str, weights_file: str | None):
    """Recompute every score in DB from the stored signal values.

    No text is read again: each article's score and score_parts are rebuilt
    from its signal columns and the weights in force (the signals table), or
    the weights given with --weights, which then become the weights in force.
    Sentences and signal values are left as they are.

    \b
    Examples:
        datasette-sources rescore sources.db
        datasette-sources rescore sources.db --weights my-weights.yml
        datasette-sources rescore sources.db --weights metadata.yml

    \b
    Exit status:
        0  every article was rescored
        2  usage error (bad option or weights, DB not a database of articles)
        3  DB could not be written (read-only, disk full); run it again to complete it
    """
    weights = read_weights(weights_file) if weights_file else None
    db = open_database(db_path)
    if not db["articles"].exists():
        raise click.BadParameter(f"{db_path!r} has no articles table", param_hint="DB")
    with command_errors(db_path):
        n = rescore(
            db,
            weights,
            on_wait=lambda: click.echo(
                f"waiting: another process is writing to {db_path}", err=True
            ),
        )
    click.echo(f"rescored {n} articles")
    for row in db.query("select name, weight from signals where weight > 0 order by name"):
        click.echo(f"  {row['name']}: {row['weight']:g}")
