"""Inputs behind a URL (s3://, gs://, hdfs://, https://...), opened through fsspec.

A :class:`RemotePath` has the little of :class:`pathlib.Path` that the readers use
(``suffixes``, ``open``, ``exists``, ``stat``), so a JSON Lines, CSV, Parquet or WARC
file in a bucket is read by the same code as one on disk. Which schemes work is up to
the installation: fsspec itself knows ``file://``, ``memory://`` and ``https://``;
``s3fs``, ``gcsfs`` and friends add the rest.

>>> is_url("s3://bucket/news.jsonl"), is_url("news/2020.jsonl"), is_url("C:\\\\news.csv")
(True, False, False)
>>> RemotePath("s3://bucket/2020/news.jsonl.gz").suffixes
['.jsonl', '.gz']
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from types import SimpleNamespace
from typing import Any, BinaryIO

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")

#: What to install when fsspec is missing.
EXTRA_HINT = "pip install 'datasette-sources[dask]'"


class RemoteError(OSError):
    """A URL that cannot be read here: fsspec or the scheme's package is missing, or it failed."""


def is_url(given: str) -> bool:
    """A URL with a scheme of two letters or more (``C:\\`` is a Windows drive, not a scheme)."""
    return bool(_URL.match(given))


def filesystem(url: str) -> tuple[Any, str]:
    """fsspec's filesystem for ``url`` and the path within it, or :class:`RemoteError`."""
    try:
        import fsspec
    except ImportError as e:
        raise RemoteError(f"reading URLs needs fsspec: {EXTRA_HINT}") from e
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as e:  # an unknown scheme, or its package not installed
        raise RemoteError(f"cannot read {url}: {e}") from e


class RemotePath:
    """One file behind a URL, with the parts of :class:`pathlib.Path` the readers call.

    Pickles as its URL, so a task that names one can run on another machine.
    """

    def __init__(self, url: str, size: int | None = None):
        self.url = url
        self.size = size
        self._pure = PurePosixPath(url.split("://", 1)[1].split("?", 1)[0])

    def __repr__(self) -> str:
        return f"RemotePath({self.url!r})"

    def __str__(self) -> str:
        return self.url

    def __reduce__(self):
        return (RemotePath, (self.url, self.size))

    @property
    def name(self) -> str:
        return self._pure.name

    @property
    def suffix(self) -> str:
        return self._pure.suffix

    @property
    def suffixes(self) -> list[str]:
        return self._pure.suffixes

    def open(self, mode: str = "rb") -> BinaryIO:
        if mode != "rb":
            raise ValueError("remote inputs are only read")
        fs, path = filesystem(self.url)
        try:
            return fs.open(path, "rb")
        except Exception as e:  # each fsspec backend raises its own errors
            raise RemoteError(f"cannot open {self.url}: {e}") from e

    def exists(self) -> bool:
        try:
            fs, path = filesystem(self.url)
            return bool(fs.exists(path))
        except Exception:  # why it cannot be read is said by expand_url or open
            return False

    def is_file(self) -> bool:
        """A RemotePath names one file its filesystem listed (or the user named)."""
        return True

    def is_dir(self) -> bool:
        return False

    def stat(self) -> SimpleNamespace:
        if self.size is None:
            fs, path = filesystem(self.url)
            self.size = int(fs.size(path) or 0)
        return SimpleNamespace(st_size=self.size)


def expand_url(given: str) -> list[tuple[str, RemotePath]]:
    """The file at ``given``, or every file under it (sorted, hidden ones skipped).

    Raises :class:`RemoteError` when the URL cannot be listed or names nothing.
    """
    fs, path = filesystem(given)
    try:
        if not fs.isdir(path):
            if not fs.exists(path):
                raise RemoteError("no such file or folder")
            return [(given, RemotePath(given))]
        found = fs.find(path, detail=True)
    except RemoteError:
        raise
    except Exception as e:  # each fsspec backend raises its own errors
        raise RemoteError(f"cannot list {given}: {e}") from e
    files = []
    for name in sorted(found):
        parts = name[len(path.rstrip("/")) :].split("/")
        if not any(p.startswith(".") for p in parts if p):
            url = fs.unstrip_protocol(name)
            files.append((url, RemotePath(url, found[name].get("size"))))
    return files
