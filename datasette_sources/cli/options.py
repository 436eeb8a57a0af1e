"""Options and helpers the commands share, in the manner of sqlite-utils' option decorators."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import click
import sqlite_utils

from .. import scoring
from ..inputs.remote import is_url
from ..plugins import all_signals
from ..reading.outlet_names import OutletNames, names_from_settings

#: One option per input field; see :class:`datasette_sources.inputs.ColumnMap`.
COLUMN_OPTIONS = [
    click.option(
        "--text-column",
        metavar="NAME",
        help="Column holding the article text [default: text, body or content]",
    ),
    click.option(
        "--title-column",
        metavar="NAME",
        help="Column holding the title [default: title or headline]",
    ),
    click.option(
        "--url-column", metavar="NAME", help="Column holding the URL [default: url or link]"
    ),
    click.option(
        "--outlet-column",
        metavar="NAME",
        help="Column holding the outlet [default: outlet, source or publisher]",
    ),
    click.option(
        "--published-column",
        metavar="NAME",
        help="Column holding the publication date "
        "[default: published, date, published_at or pubdate]",
    ),
    click.option(
        "--html-column",
        metavar="NAME",
        help="Column holding a saved web page, read when there is no text "
        "[default: html or raw_html]",
    ),
    click.option(
        "--byline-column",
        metavar="NAME",
        help="Column holding who wrote the article: text, or a JSON list of names or of "
        "objects with a name [default: author, authors, byline or creator]",
    ),
    click.option(
        "--id-column",
        metavar="NAME",
        help="Column holding the input's own id, kept as articles.source_id [default: id]",
    ),
]


def column_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--text-column``, ``--title-column``... options: which input column holds what."""
    for option in reversed(COLUMN_OPTIONS):
        fn = option(fn)
    return fn


def weights_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--weights FILE``, read by :func:`read_weights`."""
    return click.option(
        "--weights",
        "weights_file",
        type=click.Path(exists=True, dir_okay=False),
        help=help,
    )


def outlets_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--outlets FILE``, read by :func:`read_outlet_names`."""
    return click.option(
        "--outlets",
        "outlets_file",
        type=click.Path(exists=True, dir_okay=False),
        help="More outlet names and wire services: a YAML or JSON file with outlets: (a name "
        "and its other names) and wires:, or a metadata.yml with them under plugins: "
        "datasette-sources:",
    )(fn)


def read_outlet_names(path: str) -> OutletNames:
    """The package's outlet names plus those in a YAML or JSON file (or a metadata.yml)."""
    import yaml

    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f) or {}
    except yaml.YAMLError as e:
        raise click.BadParameter(f"{path}: not YAML or JSON ({e})", param_hint="--outlets") from e
    try:
        return names_from_settings(data)
    except ValueError as e:
        raise click.BadParameter(f"{path}: {e}", param_hint="--outlets") from e


def open_database(db_path: str) -> sqlite_utils.Database:
    """The database at ``db_path`` (made if missing), or a usage error if it is not SQLite."""
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


class InputPath(click.Path):
    """A file or folder that exists, or a URL (s3://, gs://...) that fsspec will open."""

    def __init__(self) -> None:
        super().__init__(exists=True)

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, str) and is_url(value):
            return value
        return super().convert(value, param, ctx)
