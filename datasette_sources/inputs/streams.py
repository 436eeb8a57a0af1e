"""Opening input files: compressed or not, counting the bytes read for a progress bar."""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


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
