"""Opening input files: compressed or not, counting the bytes read for a progress bar."""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable
from pathlib import Path
from typing import IO, AnyStr, BinaryIO

from .decoding import CP1252_FALLBACK, declared_encoding


def open_binary(path: Path, progress: Callable[[int], None]) -> BinaryIO:
    """Open for reading, reporting bytes of the file on disk (compressed or not)."""
    # path.open, not open(path): a remote file (inputs.remote) opens through fsspec.
    raw = io.BufferedReader(CountingReader(path.open("rb"), progress), 1 << 16)
    if path.suffix.lower() == ".gz":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw  # type: ignore[return-value]


class CountingReader(io.RawIOBase):
    """A binary stream that reports how many bytes went through it."""

    def __init__(self, inner: BinaryIO, progress: Callable[[int], None]):
        self.inner, self.progress = inner, progress

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        data = self.inner.read(len(b))
        b[: len(data)] = data
        self.progress(len(data))
        return len(data)

    def close(self) -> None:
        self.inner.close()
        super().close()


def open_text(raw: BinaryIO, newline: str | None = None) -> tuple[io.TextIOWrapper, str]:
    """``raw`` as text, in the encoding its byte-order mark declares, else UTF-8.

    Without a mark, bytes that are not UTF-8 are read as Windows-1252; with one,
    a bad unit becomes U+FFFD. Returns the stream and the encoding's name.

    >>> text, encoding = open_text(io.BufferedReader(io.BytesIO("a,b".encode("utf-16"))))
    >>> text.read(), encoding
    ('a,b', 'utf-16')
    """
    declared = declared_encoding(raw.peek(4)[:4]) if hasattr(raw, "peek") else None
    if declared in ("utf-16", "utf-32"):
        return io.TextIOWrapper(raw, encoding=declared, errors="replace", newline=newline), declared
    wrapper = io.TextIOWrapper(raw, encoding="utf-8-sig", errors=CP1252_FALLBACK, newline=newline)
    return wrapper, "utf-8"


class TooLong(ValueError):
    """A line longer than the bound on one record (what was read of it is dropped)."""


class CappedLines:
    """The lines of a stream; a line longer than ``cap`` raises :class:`TooLong` once
    its rest has been skipped, and the next call goes on with the next line.

    Memory holds at most ``cap`` of a line, however long it is. (An iterator
    class, not a generator: a generator that raises is finished.)

    >>> lines = CappedLines(io.StringIO("ok\\n" + "x" * 50 + "\\nfine\\n"), 10)
    >>> next(lines)
    'ok\\n'
    >>> next(lines)
    Traceback (most recent call last):
    ...
    datasette_sources.inputs.streams.TooLong: a line longer than 10
    >>> next(lines)
    'fine\\n'
    """

    def __init__(self, stream: IO[AnyStr], cap: int):
        self.stream, self.cap = stream, cap

    def __iter__(self) -> CappedLines:
        return self

    def __next__(self) -> AnyStr:
        line = self.stream.readline(self.cap + 1)
        if not line:
            raise StopIteration
        if len(line) <= self.cap:
            return line
        newline = "\n" if isinstance(line, str) else b"\n"
        while not line.endswith(newline):  # type: ignore[arg-type]
            line = self.stream.readline(1 << 20)
            if not line:
                break
        raise TooLong(f"a line longer than {self.cap}")
