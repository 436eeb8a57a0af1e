"""The ``datasette-sources`` command: parse arguments, call the loader, report.

Nothing here reads articles or writes rows; :func:`datasette_sources.store.load` does.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import PurePath

import click
import sqlite_utils

from . import inputs, scoring
from .plugins import all_signals
from .store import load, rescore

#: Exit status when some inputs could not be loaded (the rest were).
EXIT_SOME_FAILED = 1


@click.group()
@click.version_option(package_name="datasette-sources")
def cli():
    """Score how carefully news articles are sourced, and browse the evidence in Datasette."""


def _where(failure: inputs.Failure) -> str:
    """``path``, or ``path, row N`` (CSV) / ``path, line N`` (JSON Lines)."""
    if failure.line is None:
        return failure.path
    suffixes = {s.lower() for s in PurePath(failure.path).suffixes}
    unit = "row" if suffixes & inputs.CSV_SUFFIXES else "line"
    return f"{failure.path}, {unit} {failure.line}"


@cli.command(name="load")
@click.argument("db_path", metavar="DB", type=click.Path(dir_okay=False))
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--text-column",
    metavar="NAME",
    help="Column holding the article text [default: text, body or content]",
)
@click.option(
    "--title-column", metavar="NAME", help="Column holding the title [default: title or headline]"
)
@click.option("--url-column", metavar="NAME", help="Column holding the URL [default: url or link]")
@click.option(
    "--outlet-column",
    metavar="NAME",
    help="Column holding the outlet [default: outlet, source or publisher]",
)
@click.option(
    "--published-column",
    metavar="NAME",
    help="Column holding the publication date [default: published, date, published_at or pubdate]",
)
@click.option(
    "--html-column",
    metavar="NAME",
    help="Column holding a saved web page, read when there is no text [default: html or raw_html]",
)
@click.option(
    "--id-column",
    metavar="NAME",
    help="Column holding the input's own id, kept as articles.source_id [default: id]",
)
@click.option(
    "--weights",
    "weights_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Signal weights to score with: a YAML or JSON file of name: weight, "
    "or a metadata.yml with plugins: datasette-sources: weights:",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Read again and rewrite articles that are already in the database",
)
@click.option("--silent", is_flag=True, help="Do not show a progress bar")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=200,
    show_default=True,
    help="Articles written per transaction",
)
def load_command(
    db_path: str,
    paths: tuple[str, ...],
    text_column: str | None,
    title_column: str | None,
    url_column: str | None,
    outlet_column: str | None,
    published_column: str | None,
    html_column: str | None,
    id_column: str | None,
    weights_file: str | None,
    replace: bool,
    silent: bool,
    batch_size: int,
):
    """Load news articles from files and folders into the SQLite database DB.

    Each PATH is a file or a folder, read recursively: a .txt file is one
    article, a .html file one saved web page; a .jsonl or .csv file holds one
    article per line or row, a .json file one array of articles (.gz versions
    are read as they are). Other columns of JSON Lines and CSV inputs are
    kept, as JSON, in articles.metadata.

    Inputs that cannot be loaded (empty or binary files, malformed lines, rows
    without text) are listed at the end and recorded in the load_errors table;
    they never stop the load. Articles already in DB are left as they are
    unless --replace is given.

    \b
    Examples:
        datasette-sources load sources.db seeds/
        datasette-sources load sources.db articles.jsonl more/articles/
        datasette-sources load sources.db articles.csv --text-column content_original
        datasette-sources load sources.db allsides.csv.gz \\
            --text-column content_original --outlet-column source

    \b
    Exit status:
        0  every input was loaded
        1  some inputs could not be loaded; the rest were
        2  usage error (bad option, missing PATH, DB not a SQLite database)
    """
    db = _open(db_path)
    weights = read_weights(weights_file) if weights_file else None
    columns = inputs.ColumnMap(
        id=id_column,
        url=url_column,
        title=title_column,
        text=text_column,
        outlet=outlet_column,
        published=published_column,
        html=html_column,
    )
    err = sys.stderr
    show_bar = not silent and err.isatty()
    if show_bar:
        with click.progressbar(
            length=inputs.total_bytes(paths),
            label="Loading",
            file=err,
            show_percent=True,
            show_eta=True,
        ) as bar:
            summary = load(
                db,
                paths,
                columns=columns,
                replace=replace,
                weights=weights,
                batch_size=batch_size,
                progress=bar.update,
            )
    else:
        summary = load(
            db, paths, columns=columns, replace=replace, weights=weights, batch_size=batch_size
        )
    click.echo(
        f"loaded {summary.loaded}, replaced {summary.replaced}, "
        f"unchanged {summary.unchanged}, failed {summary.failed}"
    )
    for failure in summary.failures:
        click.echo(f"failed: {_where(failure)}: {failure.reason}", err=True)
    if summary.failures:
        click.get_current_context().exit(EXIT_SOME_FAILED)


def _open(db_path: str) -> sqlite_utils.Database:
    db = sqlite_utils.Database(db_path)
    try:
        db.table_names()
    except sqlite3.DatabaseError as e:
        raise click.BadParameter(
            f"{db_path!r} is not a SQLite database ({e})", param_hint="DB"
        ) from e
    return db


def read_weights(path: str) -> dict[str, float]:
    """Weights from a YAML or JSON file: a plain mapping, or a Datasette metadata.yml."""
    import yaml

    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f) or {}
    except yaml.YAMLError as e:
        raise click.BadParameter(f"{path}: not YAML or JSON ({e})", param_hint="--weights") from e
    try:
        return scoring.weights_from_settings(data, (s.name for s in all_signals()))
    except ValueError as e:
        raise click.BadParameter(f"{path}: {e}", param_hint="--weights") from e


@cli.command(name="rescore")
@click.argument("db_path", metavar="DB", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--weights",
    "weights_file",
    type=click.Path(exists=True, dir_okay=False),
    help="New weights: a YAML or JSON file of name: weight, or a metadata.yml "
    "with plugins: datasette-sources: weights:",
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
    """
    db = _open(db_path)
    if not db["articles"].exists():
        raise click.BadParameter(f"{db_path!r} has no articles table", param_hint="DB")
    weights = read_weights(weights_file) if weights_file else None
    n = rescore(db, weights)
    click.echo(f"rescored {n} articles")
    for row in db.query("select name, weight from signals where weight > 0 order by name"):
        click.echo(f"  {row['name']}: {row['weight']:g}")


if __name__ == "__main__":  # python -m datasette_sources.cli
    cli(prog_name="datasette-sources")
