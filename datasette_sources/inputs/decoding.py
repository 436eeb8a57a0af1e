"""Bytes -> text: encodings of news files as they come (UTF-8, Windows-1252, Latin-1,
UTF-16 and UTF-32 declared by a byte-order mark), and text that SQLite can store."""

from __future__ import annotations

import codecs
import re

#: Byte-order marks and the encoding each declares; UTF-32 LE starts like UTF-16 LE,
#: so it is looked for first. The "utf-16" and "utf-32" codecs read the mark itself.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def declared_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``head`` declares, if any.

    >>> declared_encoding("x".encode("utf-16")), declared_encoding(b"plain")
    ('utf-16', None)
    """
    for mark, encoding in BYTE_ORDER_MARKS:
        if head.startswith(mark):
            return encoding
    return None


def codec_for(encoding: str) -> str:
    """The Python codec that reads a file of ``encoding`` and drops its byte-order mark."""
    return "utf-8-sig" if encoding == "utf-8" else encoding


def decode(data: bytes) -> tuple[str, str]:
    """Bytes of a text article -> (text, encoding), or ValueError with the reason.

    UTF-8 first; otherwise Windows-1252, the usual encoding of "Latin-1" news
    files (it agrees with ISO-8859-1 on letters and also has curly quotes).

    >>> decode("Café".encode("latin-1"))
    ('Café', 'cp1252')
    >>> decode("Café".encode("utf-16"))
    ('Café', 'utf-16')
    """
    declared = declared_encoding(data[:4])
    if declared and declared != "utf-8":
        # The file says what it is; a bad unit becomes U+FFFD rather than losing the file.
        text = data.decode(codec_for(declared), errors="replace")
        if not text.strip():
            raise ValueError("empty file")
        return text, declared
    if not data.strip():
        raise ValueError("empty file")
    if b"\x00" in data[:8192] or looks_binary(data[:8192]):
        raise ValueError("binary file, not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


#: Decoding error handler for JSON Lines and CSV: bytes that are not UTF-8 are
#: read as Windows-1252 (the five bytes it leaves undefined as Latin-1), so a
#: "Latin-1" file, or one Latin-1 row in a UTF-8 file, keeps its é and ü.
CP1252_FALLBACK = "datasette-sources-cp1252"
_CP1252 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    r"""
    >>> b"Caf\xe9 M\xfcller\x92s \xe2\x80\x9cok\xe2\x80\x9d".decode("utf-8", CP1252_FALLBACK)
    'Café Müller’s “ok”'
    """
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(_CP1252[b] for b in exc.object[exc.start : exc.end]), exc.end


codecs.register_error(CP1252_FALLBACK, _cp1252_fallback)


def looks_binary(chunk: bytes) -> bool:
    """More control characters than text has: an image, an archive, a database.

    >>> looks_binary(b"plain text"), looks_binary(bytes(range(32)) * 4)
    (False, True)
    """
    control = sum(1 for b in chunk if b < 32 and b not in (9, 10, 12, 13))
    return control > max(2, len(chunk) // 100)


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def needs_mending(text: str) -> bool:
    """Does ``text`` hold what :func:`storable` changes (a NUL, a lone surrogate)?

    >>> needs_mending("plain"), needs_mending("a\\x00")
    (False, True)
    """
    return _UNSTORABLE.search(text) is not None


def storable(text: str) -> str:
    """``text`` as UTF-8 and SQLite can keep it: NULs dropped, lone surrogates as U+FFFD.

    A lone surrogate (``"\\ud800"`` is valid JSON) cannot be encoded as UTF-8, and
    a NUL ends a string for many SQLite tools. A pair of surrogates is one character.

    >>> storable("a\\ud800b\\x00c"), storable("\\ud83d\\ude00") == "\\U0001f600"
    ('a\ufffdbc', True)
    """
    if not _UNSTORABLE.search(text):
        return text
    text = text.replace("\x00", "")
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
