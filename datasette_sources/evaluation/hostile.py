"""Hostile article texts: what an attacker or an unlucky scrape feeds the reader.

Each pattern makes a text of about ``size`` characters that has, at some time,
sent a reading stage into super-linear time (runs of punctuation, quote marks,
tiny sentences, one endless word...). ``scripts/bench_hostile.py`` times them
at 100 KB, 1 MB and 4 MB; the tests check that reading time grows linearly.

>>> hostile_text("quotes_and_words", 12)
'"word "word '
>>> len(hostile_text("dots", 1000)), hostile_text("dots", 5)
(1000, '.....')
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path


def _repeat(unit: str) -> Callable[[int], str]:
    def make(size: int) -> str:
        return (unit * (size // len(unit) + 1))[:size]

    return make


def _mixed_scripts(size: int) -> str:
    words = ["Москва", "北京市", "القاهرة", "Αθήνα", "दिल्ली", "Zürich", "said", "“Ja,”", "l’été"]
    return _repeat(" ".join(words) + ". ")(size)


def _control_characters(size: int) -> str:
    # Every C0 control but NUL, and DEL, between words: valid in JSON strings.
    unit = "".join(f"w{chr(c)}" for c in [*range(1, 32), 127])
    return _repeat(unit)(size)


#: name -> a function of the size in characters.
PATTERNS: dict[str, Callable[[int], str]] = {
    "dots": _repeat("."),
    "double_quotes": _repeat('"'),
    "quotes_and_words": _repeat('"word '),
    "curly_quotes": _repeat("“‘word’ "),
    "apostrophes": _repeat("'"),
    "typewriter_quotes": _repeat("''a ``b "),
    "tiny_sentences": _repeat("It is. "),
    "abbreviations": _repeat("Mr. U.S. Sept. "),
    "long_word": _repeat("a"),
    "no_sentence_end": _repeat("word "),
    "capitals": _repeat("A "),
    "names": _repeat("Mike Pompeo "),
    "cue_words": _repeat("officials said "),
    "role_cues": _repeat("Mayor Ana Ruiz spoke. The mayor said it would pass. "),
    "commas": _repeat(", "),
    "asides": _repeat(",a," * 200 + " said "),
    "camel_word": _repeat("Aa"),
    "breadcrumbs": _repeat("Home / World / "),
    "bylines": _repeat("By Jane Doe, John Roe and Ann Poe\n"),
    "dates": _repeat("Sep 29, 2018 7:06 PM 2018-09-29T19:06 "),
    "parentheses": _repeat("(("),
    "brackets": _repeat("[(["),
    "dashes": _repeat("— "),
    "newlines": _repeat("\n"),
    "short_lines": _repeat("word\n"),
    "blank_paragraphs": _repeat("A line here.\n\n"),
    "digits": _repeat("1.2,"),
    "mixed_scripts": _mixed_scripts,
    "control_characters": _control_characters,
    # Shapes of the attributions, bylines and page furniture read since issues 11 and 12.
    "colon_quotes": _repeat(
        'Mayor Ana Ruiz: "We will." The timing surprised pollster Jo Li: "No." '
    ),
    "dash_speakers": _repeat("“We will go on” —" + "Ab-" * 100 + "! "),
    "link_cards": _repeat(
        "Sen. Ann Lee Ann LeeLee urges aid MORE said it. " + "A." * 200 + " MORE "
    ),
    "relatives": _repeat("people who " * 30 + "said it. "),
    "appositions": _repeat("Alex Ruiz, a veteran consultant of the party, said " * 20 + ". "),
    "coordinated": _repeat("Ann Lee joked and said, “fine,” and " * 20 + "left. "),
}


def hostile_text(pattern: str, size: int) -> str:
    """``size`` characters of ``pattern`` (a name of :data:`PATTERNS`)."""
    return PATTERNS[pattern](size)


#: The large records of the issue: a saved page, one CSV field and one JSON line.
BIG_RECORDS = {"page.html": 20_000_000, "field.csv": 50_000_000, "line.jsonl": 30_000_000}

_BODY = "The council approved the budget on Tuesday, the mayor said. “It is a good day,” she said."

#: The start of a PNG file: not text.
_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def write_hostile_files(folder: Path, size: int, big: dict[str, int] | None = None) -> list[Path]:
    """Write every hostile input we know of into ``folder``; return the paths.

    Each pattern as a ``.txt`` file of ``size`` characters; the large records
    (``big``: name -> characters, :data:`BIG_RECORDS` by default), each file
    with a small good record after the large one; and the other bad inputs:
    lone surrogates, NULs, JSON nested 5,000 deep, UTF-16 files with a
    byte-order mark, a JSON array cut off, an image, an empty file, an
    unsupported type and, where the system has them, a named pipe.

    >>> import tempfile
    >>> paths = write_hostile_files(Path(tempfile.mkdtemp()), 100, big={"page.html": 500})
    >>> sorted(p.name for p in paths)[:3]
    ['abbreviations.txt', 'apostrophes.txt', 'appositions.txt']
    """
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, str | bytes] = {f"{name}.txt": hostile_text(name, size) for name in PATTERNS}
    for name, chars in (BIG_RECORDS if big is None else big).items():
        files[f"big_{name}"] = big_record(name, chars)
    files.update(
        {
            "surrogates.jsonl": '{"title": "\\ud800", "url": "\\udfff", '
            '"text": "Lone \\ud800 surrogates\\u0000, officials said."}\n',
            "nul.txt": b"A title\n\nA body\x00 with a NUL in it, he said.",
            "deep.json": "[" * 5000 + "]" * 5000,
            "deep.jsonl": '{"text": ' + "[" * 5000 + "]" * 5000 + "}\n",
            "utf16.txt": f"UTF-16 text\n\n{_BODY} In UTF-16.".encode("utf-16"),
            "utf16.csv": f'title,text\nUTF-16,"{_BODY} A row."\n'.encode("utf-16"),
            "utf32.jsonl": json.dumps({"title": "UTF-32", "text": _BODY + " 32."}).encode("utf-32"),
            "broken.json": '[{"title": "Fine", "text": "' + _BODY + ' Fine."}, {"tit',
            "image.txt": _PNG,
            "empty.txt": "",
            "notes.pdf": b"%PDF-1.4",
        }
    )
    paths = []
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
        paths.append(path)
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.txt")
        paths.append(folder / "pipe.txt")
    return paths


def big_record(name: str, chars: int) -> str:
    """A large record of about ``chars`` characters, then a small good one."""
    if name.endswith(".html"):
        para = "<p>The council met on Tuesday and the mayor said the budget would pass.</p>\n"
        return "<html><body><article>" + para * (chars // len(para)) + "</article></body></html>"
    if name.endswith(".csv"):
        return f'title,text\nBig,"{"word " * (chars // 5)}"\nSmall,"{_BODY} Small row."\n'
    return (
        json.dumps({"title": "Big", "text": "word " * (chars // 5)})
        + "\n"
        + json.dumps({"title": "Small", "text": _BODY + " Small line."}, ensure_ascii=False)
        + "\n"
    )
