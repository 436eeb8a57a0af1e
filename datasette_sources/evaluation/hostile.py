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

from collections.abc import Callable


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
}


def hostile_text(pattern: str, size: int) -> str:
    """``size`` characters of ``pattern`` (a name of :data:`PATTERNS`)."""
    return PATTERNS[pattern](size)
