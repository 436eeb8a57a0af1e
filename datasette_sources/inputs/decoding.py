"""Bytes -> text: encodings of news files as they come (UTF-8, Windows-1252, Latin-1)."""

from __future__ import annotations

import codecs


def decode(data: bytes) -> tuple[str, str]:
    """Bytes of a text article -> (text, encoding), or ValueError with the reason.

    UTF-8 first; otherwise Windows-1252, the usual encoding of "Latin-1" news
    files (it agrees with ISO-8859-1 on letters and also has curly quotes).

    >>> decode("Café".encode("latin-1"))
    ('Café', 'cp1252')
    """
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
