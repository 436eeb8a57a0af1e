"""``datasette-sources load``: read articles into a database, then report what happened.

Nothing here reads articles or writes rows; :func:`datasette_sources.store.load` does.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path, PurePath

import click

from .. import inputs
from ..store import load
from .options import (
    InputPath,
    bounds_options,
    column_options,
    command_errors,
    open_database,
    outlets_option,
    read_outlet_names,
    read_weights,
    weights_option,
)
from .progress import PhaseBars

#: Exit status when some inputs could not be loaded (the rest were).
EXIT_SOME_FAILED = 1


def where(failure: inputs.Failure) -> str:
    """``path``, or ``path, row N`` (CSV) / ``path, line N`` (JSON Lines)."""
    if failure.line is None:
        return failure.path
    suffixes = {s.lower() for s in PurePath(failure.path).suffixes}
    unit = "row" if suffixes & inputs.CSV_SUFFIXES else "line"
    return f"{failure.path}, {unit} {failure.line}"


def missing_text_message(problems: list[inputs.MissingText], given: str | None) -> str:
    """What to say when files have no text column: their columns, and the option to use.

    >>> print(missing_text_message([inputs.MissingText("a.csv", ["id", "story"],
    ...     ("text", "body", "html"), "story")], None))
    a.csv has no column called text, body or html to read the article text from.
      Its columns: id, story
    Name the column with --text-column, for example --text-column story
    """
    lines = []
    for p in problems:
        tried = ", ".join(p.tried[:-1]) + " or " + p.tried[-1] if len(p.tried) > 1 else p.tried[0]
        lines.append(f"{p.path} has no column called {tried} to read the article text from.")
        lines.append("  Its columns: " + ", ".join(p.columns))
    likely = next((p.likely for p in problems if p.likely), None)
    hint = "Name the column with --text-column"
    if likely:
        hint += f", for example --text-column {shlex.quote(likely)}"
    if given:
        hint = f"--text-column {given} is not among them. " + hint
    return "\n".join([*lines, hint])


def next_step(db_path: str) -> str:
    """The command that opens the database in Datasette, with metadata.yml when it is here."""
    command = f"datasette {shlex.quote(db_path)}"
    if Path("metadata.yml").is_file():
        command += " -m metadata.yml"
    return f"next: {command}, then open http://127.0.0.1:8001/-/sources"


@click.command(name="load")
@click.argument("db_path", metavar="DB", type=click.Path(dir_okay=False))
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=InputPath())
@column_options
@weights_option(
    "Signal weights to score with: a YAML or JSON file of name: weight, "
    "or a metadata.yml with plugins: datasette-sources: weights:"
)
@outlets_option
@click.option(
    "--replace",
    is_flag=True,
    help="Read again and rewrite articles that are already in the database",
)
@click.option("--silent", is_flag=True, help="Do not show progress bars")
@click.option(
    "--shard-by",
    type=click.Choice(["year", "month"]),
    help="Write one database per period of publication: DB sources.db becomes "
    "sources-2019.db, sources-2020.db... and sources-undated.db (needs pyarrow)",
)
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
    columns: inputs.ColumnMap,
    weights_file: str | None,
    outlets_file: str | None,
    replace: bool,
    silent: bool,
    batch_size: int,
    shard_by: str | None,
    bounds: inputs.Bounds,
    time_budget: float,
    workers: int,
):
    """Load news articles from files and folders into the SQLite database DB.

    Each PATH is a file or a folder, read recursively: a .txt file is one
    article, a .html file one saved web page; a .jsonl or .csv file holds one
    article per line or row, a .json file one array of articles (.gz versions
    are read as they are). Columns are found by name (--text-column and the
    like name others); who wrote it comes from an author, authors, byline or
    creator column (text, or a JSON list of names or of objects with a name).
    Other columns of JSON Lines and CSV inputs are kept, as JSON, in
    articles.metadata.

    Lines an outlet prints on many of its pages (newsletter promos, bios,
    copyright lines) are learned from the input first and kept as page parts,
    not body. --outlets adds outlet names (so that an outlet crediting itself
    reads as staff) and wire services to the ones the package knows.

    A .parquet file holds one article per row, a .warc file crawled pages; a
    PATH may be a URL that fsspec opens (s3://, gs://...), and a folder that
    `datasette-sources read` wrote is loaded without reading any text again
    (these need pip install 'datasette-sources[dask]').

    Inputs that cannot be loaded (empty or binary files, malformed lines, rows
    without text, articles past a bound: too large, too many sentences, longer
    than --time-budget to read) are listed at the end and recorded in the
    load_errors table; they never stop the load. A CSV or JSON file that has
    no text column at all stops the command before anything is written, with
    the columns it has. Articles already in DB are left as they are unless
    --replace is given. Another load writing to DB at the same time is waited
    for; what it wrote is not written again.

    \b
    Examples:
        datasette-sources load sources.db seeds/
        datasette-sources load sources.db articles.jsonl more/articles/
        datasette-sources load sources.db articles.csv --text-column content_original
        datasette-sources load sources.db allsides.csv.gz \\
            --text-column content_original --outlet-column source
        datasette-sources load sources.db readings/
        datasette-sources load sources.db readings/ --shard-by year

    \b
    Exit status:
        0  every input was loaded
        1  some inputs could not be loaded; the rest were
        2  usage error (bad option or weights, missing PATH, DB not a SQLite
           database, DB holding tables of the same names that are not ours, a CSV
           or JSON file without a text column)
        3  DB could not be written (read-only, disk full); what was written is
           kept, and the same command run again completes it
    """
    weights = read_weights(weights_file) if weights_file else None
    outlet_names = read_outlet_names(outlets_file) if outlets_file else None
    # Before anything is written: a file whose text column has another name
    # would otherwise fail row by row.
    problems = inputs.missing_text(paths, columns)
    if problems:
        raise click.UsageError(missing_text_message(problems, columns.text))
    options = dict(
        columns=columns,
        replace=replace,
        weights=weights,
        batch_size=batch_size,
        outlet_names=outlet_names,
    )
    # The bounds on one record, and the processes that read within them.
    reading = dict(
        bounds=bounds,
        workers=workers,
        time_budget=time_budget,
    )
    if shard_by:
        from .shards import load_sharded

        with command_errors(db_path):
            if not load_sharded(db_path, paths, shard_by, **options, **reading):
                click.get_current_context().exit(EXIT_SOME_FAILED)
        return
    db = open_database(db_path)
    err = sys.stderr
    bars = PhaseBars(err, show=not silent and err.isatty())
    try:
        with command_errors(db_path):
            summary = load(
                db,
                paths,
                progress=bars.phase("loading", inputs.total_bytes(paths)),
                phase=bars.phase,
                **options,
                **reading,
                on_wait=lambda: click.echo(
                    f"waiting: another process is writing to {db_path}", err=True
                ),
            )
    finally:
        bars.close()
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
    click.echo(next_step(db_path))
    if summary.failures:
        click.get_current_context().exit(EXIT_SOME_FAILED)
