"""``datasette-sources load``: read articles into a database, then report what happened.

Nothing here reads articles or writes rows; :func:`datasette_sources.store.load` does.
"""

from __future__ import annotations

import sys
from pathlib import PurePath

import click

from .. import inputs
from ..store import load
from .options import (
    bounds_options,
    column_options,
    open_database,
    read_weights,
    weights_option,
)

#: Exit status when some inputs could not be loaded (the rest were).
EXIT_SOME_FAILED = 1


def where(failure: inputs.Failure) -> str:
    """``path``, or ``path, row N`` (CSV) / ``path, line N`` (JSON Lines)."""
    if failure.line is None:
        return failure.path
    suffixes = {s.lower() for s in PurePath(failure.path).suffixes}
    unit = "row" if suffixes & inputs.CSV_SUFFIXES else "line"
    return f"{failure.path}, {unit} {failure.line}"


@click.command(name="load")
@click.argument("db_path", metavar="DB", type=click.Path(dir_okay=False))
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=click.Path(exists=True))
@column_options
@weights_option(
    "Signal weights to score with: a YAML or JSON file of name: weight, "
    "or a metadata.yml with plugins: datasette-sources: weights:"
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
@bounds_options
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
    max_article_size: int,
    max_page_size: int,
    max_sentences: int,
    time_budget: float,
    workers: int,
):
    """Load news articles from files and folders into the SQLite database DB.

    Each PATH is a file or a folder, read recursively: a .txt file is one
    article, a .html file one saved web page; a .jsonl or .csv file holds one
    article per line or row, a .json file one array of articles (.gz versions
    are read as they are). Other columns of JSON Lines and CSV inputs are
    kept, as JSON, in articles.metadata.

    Inputs that cannot be loaded (empty or binary files, malformed lines, rows
    without text, articles past a bound: too large, too many sentences, longer
    than --time-budget to read) are listed at the end and recorded in the
    load_errors table; they never stop the load. Articles already in DB are
    left as they are unless --replace is given. Another load writing to DB at
    the same time is waited for; what it wrote is not written again.

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
    db = open_database(db_path)
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
    options = {
        "columns": columns,
        "replace": replace,
        "weights": weights,
        "batch_size": batch_size,
        "bounds": inputs.Bounds(
            max_article=max_article_size, max_page=max_page_size, max_sentences=max_sentences
        ),
        "workers": workers,
        "time_budget": time_budget,
        "on_wait": lambda: click.echo(
            f"waiting: another process is writing to {db_path}", err=True
        ),
    }
    if show_bar:
        with click.progressbar(
            length=inputs.total_bytes(paths),
            label="Loading",
            file=err,
            show_percent=True,
            show_eta=True,
        ) as bar:
            summary = load(db, paths, progress=bar.update, **options)
    else:
        summary = load(db, paths, **options)
    click.echo(
        f"loaded {summary.loaded}, replaced {summary.replaced}, "
        f"unchanged {summary.unchanged}, failed {summary.failed}"
    )
    if summary.waited:
        click.echo(
            f"waited for another process writing to {db_path}; "
            "articles it had written were left as they were (unchanged)",
            err=True,
        )
    for failure in summary.failures:
        click.echo(f"failed: {where(failure)}: {failure.reason}", err=True)
    if summary.failures:
        click.get_current_context().exit(EXIT_SOME_FAILED)
