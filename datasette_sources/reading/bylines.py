"""Bylines split into people: "By", roles, outlet names and wire services taken out.

A byline comes as a page line ("By Jane Doe and John Roe | CNN"), as an input
column (``author``, ``authors``, ``byline``, ``creator``) holding a string, a JSON
list, or a list of objects with a name, or as a saved page's author metadata.
:func:`split_byline` turns any of them into the people who wrote the article and
the organisations the byline names (an outlet, a desk, a wire service).

>>> from datasette_sources.reading.outlet_names import default_outlet_names
>>> split_byline("By Madeline Kenney, Sun-Times Wire, Associated Press, Staff Writer",
...              default_outlet_names())
Byline(people=['Madeline Kenney'], organisations=['Sun-Times Wire', 'Associated Press'])
>>> split_byline('[{"name": "Jane Doe"}, {"name": "John Roe"}]', default_outlet_names()).people
['Jane Doe', 'John Roe']
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .outlet_names import OutletNames

_BY = re.compile(r"^(?:(?:written|words|story|reporting|text|posted|compiled)\s+)?by\s+", re.I)
# A separator starts at the first of a run of white space (the look-behind), and takes
# the run once: "\s*" before "\s+and" or "\s*&" tried every way to share a long run.
_SPLIT = re.compile(
    r"(?<!\s)\s*(?:;|,\s*and\s+|,|(?<=\s)and\s+|&\s*|(?<=\s)\|\s+|(?<=\s)/\s+|\n)\s*"
)
#: Job titles and beats that bylines carry after or instead of a name.
_ROLE = re.compile(
    r"^(?:[\w.'’-]+\s+){0,3}(?:writer|reporter|correspondent|editor|columnist|contributor|"
    r"producer|analyst|journalist|photographer|author|staff|team|desk|bureau|board|"
    r"editors|writers|reporters|contributors)(?:\s+(?:at|for|of|with|covering)\b.*)?$|"
    r"^(?:national security|national affairs|politics|health|business|technology|science|"
    r"world|opinion|sports|entertainment|economy|climate|education|investigations)$",
    re.I,
)
#: A section label printed before the name: "Opinion Bernie Sanders".
_SECTION = re.compile(r"^(?:opinion|analysis|commentary|perspective|review)\b\s*[:|-]?\s*", re.I)
#: Words that make a byline entry an organisation rather than a person.
_ORG_WORD = re.compile(
    r"\b(?:News|Press|Times|Post|Staff|Wires?|Board|Foundation|Agency|Network|Media|Team|"
    r"Herald|Journal|Tribune|Gazette|Institute|Center|Centre|Group|Service|Desk|Bureau|"
    r"Magazine|Radio|TV|Editors|Reports?|Newsroom|Inc|LLC|Ltd)\b|\.(?:com|org|net)\b",
)
#: A person's name: two to five words, each capitalised or a particle (de, van, al-...).
_PERSON = re.compile(
    r"^(?:(?:[A-Z][\w’'.-]*|de|da|del|della|der|di|du|la|le|van|von|bin|al|el|ibn|y)\s+){1,4}"
    r"[A-Z][\w’'.-]*$"
)
_QUOTE_MARKS = "\"“”'"
# A quoted name whose apostrophe the source dropped ("Cortney OBrien"): O' restored.
_O_NAME = re.compile(r"\bO([A-Z][a-z]{2,})\b")


#: Lists in lists of a byline value followed: real ones nest two or three deep.
MAX_DEPTH = 10
#: Characters of one name or organisation in a byline, at most.
MAX_ENTRY = 300


@dataclass
class Byline:
    """Who a byline names: people, and organisations (outlets, desks, wires)."""

    people: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)


def byline_entries(value: Any, depth: int = 0) -> list[str]:
    """A byline value as given (text, JSON text, list, list of objects) -> its raw entries.

    >>> byline_entries(["Jane Doe", {"name": "John Roe"}, {"@type": "Person"}])
    ['Jane Doe', 'John Roe']
    >>> byline_entries('["Jane Doe"]'), byline_entries("By Jane Doe")
    (['Jane Doe'], ['By Jane Doe'])
    """
    if value is None or depth > MAX_DEPTH:
        return []
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in "[{":
            try:
                return byline_entries(json.loads(text), depth + 1)
            except (ValueError, RecursionError):  # not JSON, or nested past Python's reach
                pass
        return [text] if text else []
    if isinstance(value, dict):
        name = value.get("name") or value.get("display_name") or value.get("title")
        return byline_entries(name, depth + 1) if isinstance(name, (str, list)) else []
    if isinstance(value, (list, tuple)):
        return [entry for item in value for entry in byline_entries(item, depth + 1)]
    return []


def byline_text(value: Any) -> str | None:
    """A byline value as one line of text ('; ' between entries), for ``Record.byline``.

    >>> byline_text([{"name": "Jane Doe"}, "John Roe"]), byline_text("")
    ('Jane Doe; John Roe', None)
    """
    return "; ".join(byline_entries(value)) or None


def unquoted(piece: str) -> str | None:
    """What is inside the quote marks that open and close ``piece``, or None.

    Scanned from each end: a regular expression of a run of marks, anything, and a
    run of marks tries every split of a long run of marks.

    >>> unquoted('"Jane Doe"'), unquoted("''Jo''"), unquoted('""'), unquoted("Jane")
    ('Jane Doe', 'Jo', '', None)
    """
    if len(piece) < 2 or piece[0] not in _QUOTE_MARKS or piece[-1] not in _QUOTE_MARKS:
        return None
    if "\n" in piece:
        return None
    start, end = 0, len(piece)
    while start < end and piece[start] in _QUOTE_MARKS:
        start += 1
    while end > start and piece[end - 1] in _QUOTE_MARKS:
        end -= 1
    return piece[start:end]


def _clean(piece: str) -> tuple[str, bool]:
    """One entry with quotes, 'By' and stray punctuation gone; and whether it was quoted."""
    piece = piece.strip(" \t.,:;-–—")
    quoted = unquoted(piece)
    if quoted is not None:
        piece = quoted.strip()
    piece = _BY.sub("", piece).strip(" .,:;-–—")
    if _SECTION.match(piece) and _PERSON.match(_SECTION.sub("", piece)):
        piece = _SECTION.sub("", piece)
    piece = re.sub(r"\s*\((?:[^)]*)\)", "", piece)  # "(CNN)", "(@handle)"
    return piece, quoted is not None


def split_byline(value: Any, names: OutletNames, outlet: str | None = None) -> Byline:
    """The people and organisations a byline names, in order, each once."""
    out = Byline()
    for entry in byline_entries(value):
        for raw in _SPLIT.split(entry):
            if len(raw) > MAX_ENTRY:
                continue  # not a name: no byline's entry is this long
            piece, quoted = _clean(raw)
            if not piece or _ROLE.match(piece):
                continue
            if quoted:
                piece = _O_NAME.sub(r"O’\1", piece)
            if names.known(piece) or names.same(piece, outlet) or _ORG_WORD.search(piece):
                if piece not in out.organisations:
                    out.organisations.append(piece)
            elif (
                _PERSON.match(piece)
                and not any(c.isdigit() for c in piece)
                and piece not in out.people
            ):
                out.people.append(piece)
    return out
