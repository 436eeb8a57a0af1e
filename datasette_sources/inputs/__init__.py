"""Inputs: files, folders and rows -> a stream of :class:`Record` (an article as given)
or :class:`Failure` (an input that could not be read, and why)."""

from .bounds import Bounds
from .columns import MissingText, missing_text
from .files import CSV_SUFFIXES, read_paths, total_bytes
from .records import DEFAULT_COLUMNS, ColumnMap, Failure, Record

__all__ = [
    "CSV_SUFFIXES",
    "Bounds",
    "DEFAULT_COLUMNS",
    "ColumnMap",
    "Failure",
    "MissingText",
    "Record",
    "missing_text",
    "read_paths",
    "total_bytes",
]
