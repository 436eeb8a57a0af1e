"""Options and helpers the commands share, in the manner of sqlite-utils' option decorators."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import click
import sqlite_utils

from .. import scoring
from ..inputs import Bounds
from ..plugins import all_signals
from ..store.workers import DEFAULT_TIME_BUDGET

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


class Size(click.ParamType):
    """A size in characters: 2000000, 2MB, 500KB (MB = a million characters).

    >>> Size().convert("2MB", None, None), Size().convert("1500", None, None)
    (2000000, 1500)
    """

    name = "size"
    UNITS = {"": 1, "K": 1_000, "KB": 1_000, "M": 1_000_000, "MB": 1_000_000}

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().upper().replace("_", "").replace(",", "")
        number = text.rstrip("KMB")
        unit = text[len(number) :]
        try:
            size = int(float(number) * self.UNITS[unit])
        except (KeyError, ValueError):
            self.fail(f"{value!r} is not a size such as 2000000, 500KB or 2MB", param, ctx)
        if size < 1:
            self.fail(f"{value!r}: a size must be at least 1", param, ctx)
        return size


def bounds_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--max-article-size``, ``--max-page-size``, ``--max-sentences``, ``--time-budget``
    and ``--workers``: the bounds on one record, and who reads within them."""
    defaults = Bounds()
    options = [
        click.option(
            "--max-article-size",
            type=Size(),
            default=defaults.max_article,
            show_default="2MB",
            help="Longest article text read, in characters (MB = a million); "
            "a longer one is recorded in load_errors as too large",
        ),
        click.option(
            "--max-page-size",
            type=Size(),
            default=defaults.max_page,
            show_default="10MB",
            help="Longest saved web page read, in characters, before the article is "
            "extracted; a longer one is recorded as too large",
        ),
        click.option(
            "--max-sentences",
            type=click.IntRange(min=1),
            default=defaults.max_sentences,
            show_default=True,
            help="Most sentences in one article; more is recorded as too large",
        ),
        click.option(
            "--time-budget",
            type=click.FloatRange(min=0, min_open=True),
            default=DEFAULT_TIME_BUDGET,
            show_default=True,
            help="Seconds one article may take to read; its reading process is then "
            "replaced and the article recorded as timed out",
        ),
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            default=1,
            show_default=True,
            help="Processes reading articles at once (results are the same for any number)",
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn
