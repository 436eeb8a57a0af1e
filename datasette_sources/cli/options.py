"""Options and helpers the commands share, in the manner of sqlite-utils' option decorators."""

from __future__ import annotations

import dataclasses
import errno
import functools
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import sqlite_utils

from .. import scoring
from ..inputs import Bounds, ColumnMap
from ..inputs.remote import is_url
from ..plugins import all_signals
from ..reading.outlet_names import OutletNames, names_from_settings
from ..store import SchemaConflict
from ..store.workers import DEFAULT_TIME_BUDGET

#: Exit status when the database could not be written (read-only, disk full...).
EXIT_CANNOT_WRITE = 3

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
    """The ``--text-column``, ``--title-column``... options: which input column holds
    what. The command is given them as one ``columns``, a :class:`ColumnMap`."""

    @functools.wraps(fn)
    def command(*args: Any, **kwargs: Any) -> Any:
        fields = [f.name for f in dataclasses.fields(ColumnMap)]
        kwargs["columns"] = ColumnMap(**{f: kwargs.pop(f"{f}_column") for f in fields})
        return fn(*args, **kwargs)

    for option in reversed(COLUMN_OPTIONS):
        command = option(command)
    return command


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
    """The database at ``db_path`` (made if missing), or a usage error saying why not.

    Refused before anything is written: a folder that does not exist, a database
    or folder that cannot be written (SQLite writes its journal beside the file),
    a file that is not SQLite.
    """
    path = Path(db_path)
    folder = path.parent
    if not folder.is_dir():
        raise click.BadParameter(f"folder {str(folder)!r} does not exist", param_hint="DB")
    if path.exists() and not path.is_file():
        raise click.BadParameter(f"{db_path!r} is not a file", param_hint="DB")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise click.BadParameter(f"{db_path!r} is read-only (cannot be written)", param_hint="DB")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise click.BadParameter(
            f"folder {str(folder)!r} is read-only: SQLite needs to write its journal "
            "beside the database",
            param_hint="DB",
        )
    try:
        db = sqlite_utils.Database(db_path)
        db.table_names()
    except sqlite3.DatabaseError as e:
        raise click.BadParameter(
            f"{db_path!r} is not a SQLite database ({e})", param_hint="DB"
        ) from e
    return db


@contextmanager
def command_errors(db_path: str) -> Iterator[None]:
    """Errors from the database or the weights as one clear message, never a traceback.

    Every change is written in transactions and every step left undone is recorded
    as owed, so what was committed is kept and the same command run again completes it.
    """
    try:
        yield
    except scoring.WeightError as e:
        raise click.BadParameter(str(e), param_hint="--weights") from e
    except SchemaConflict as e:
        raise click.BadParameter(f"{db_path!r}: {e}", param_hint="DB") from e
    except (sqlite3.Error, OSError) as e:
        full = isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EFBIG)
        if "full" in str(e) or full:
            why = "the disk is full"
        elif "readonly" in str(e) or (isinstance(e, OSError) and e.errno == errno.EROFS):
            why = "the database or its folder is read-only"
        else:
            why = str(e)
        error = click.ClickException(
            f"could not write to {db_path}: {why} ({e}). What was written before is kept and "
            "consistent; run the same command again once this is fixed to complete it."
        )
        error.exit_code = EXIT_CANNOT_WRITE
        raise error from e


def read_weights(path: str) -> dict[str, float]:
    """Weights from a YAML or JSON file: a plain mapping, or a Datasette metadata.yml."""
    import yaml

    try:
        with open(path, encoding="utf-8") as f:
            # A weights file is a few lines; a larger one is not a weights file.
            text = f.read(1 << 20)
        data = yaml.safe_load(text) or {}
    except UnicodeDecodeError as e:
        raise click.BadParameter(
            f"{path}: not a text file (YAML or JSON expected)", param_hint="--weights"
        ) from e
    except OSError as e:
        raise click.BadParameter(f"{path}: cannot read ({e})", param_hint="--weights") from e
    except (yaml.YAMLError, ValueError, RecursionError) as e:
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
    fn = click.option(
        "--workers",
        type=click.IntRange(min=1),
        # Reading is most of a load and runs in these processes; the loader only writes.
        default=os.cpu_count() or 1,
        show_default="the machine's cores",
        help="Processes reading articles at once (results are the same for any number)",
    )(fn)
    return record_bounds_options(fn)


def record_bounds_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--max-article-size``, ``--max-page-size``, ``--max-sentences`` and ``--time-budget``.
    The command is given the first three as one ``bounds``, a :class:`Bounds`."""
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
    ]

    @functools.wraps(fn)
    def command(*args: Any, **kwargs: Any) -> Any:
        kwargs["bounds"] = Bounds(
            max_article=kwargs.pop("max_article_size"),
            max_page=kwargs.pop("max_page_size"),
            max_sentences=kwargs.pop("max_sentences"),
        )
        return fn(*args, **kwargs)

    for option in reversed(options):
        command = option(command)
    return command


class InputPath(click.Path):
    """A file or folder that exists, or a URL (s3://, gs://...) that fsspec will open."""

    def __init__(self) -> None:
        super().__init__(exists=True)

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, str) and is_url(value):
            return value
        return super().convert(value, param, ctx)
