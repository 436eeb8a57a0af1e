"""Page furniture inside the article's lines: what an outlet prints around every article.

Two kinds. Lines an outlet repeats on many of its pages ("Get the Monitor Stories
you care about delivered to your inbox", "Support Vox's explanatory journalism",
an author's standing bio) are learned from the outlet's articles
(:mod:`datasette_sources.corpus.furniture`) and known here by :func:`line_key`.
Link cards are printed inside sentences: a site that shows a person's card on
hover leaves, after the name, the full name and the latest headlines, up to
"MORE" (:func:`take_link_cards`). Both go to page parts, not the body.

>>> line_key("Support Vox’s  explanatory journalism") == line_key("support vox’s explanatory journalism")
True
"""  # noqa: E501

from __future__ import annotations

import hashlib
import re

# "President Trump Donald John TrumpSanders poised for big Super Tuesday ... MORE’s
# administration": the name as shown, then the card (the full name, ending with
# the same word and glued to the first headline, then headlines) up to " MORE". A name
# shown, and each word of the card's name, is at most 41 characters: tried at every
# length of a long word, it cost n ** 3.
_LINK_CARD = re.compile(
    r"(?P<shown>\b[A-Z][\w.'’-]{1,40}) ?(?P<card>(?:\(?[A-Za-z][\w.'’-]{0,40}\)? ){1,4}(?P=shown)"
    r"(?=[A-Z0-9'\"‘“])[^\n]{0,600}? MORE)\b"
)


def line_key(line: str) -> int:
    """A line's key for learning furniture: case and spacing do not matter (56 bits)."""
    return words_key(line.split())


def words_key(words: list[str]) -> int:
    """:func:`line_key` of a line already split into its words (``line.split()``).

    ``str.split`` splits on the characters ``\\s`` matches, so joining the words with
    one space folds the spacing as a search and replace of ``\\s+`` would.

    >>> words_key("A  line\\there ".split()) == line_key(" a line here")
    True
    """
    folded = " ".join(words).lower()
    return int.from_bytes(hashlib.blake2b(folded.encode("utf-8"), digest_size=7).digest(), "big")


def take_link_cards(line: str) -> tuple[str, list[str]]:
    """``line`` without the link cards printed inside it, and the cards.

    >>> take_link_cards("Sen. Elizabeth Warren Elizabeth WarrenWarren urges aid MORE (D-Mass.) spoke.")
    ('Sen. Elizabeth Warren (D-Mass.) spoke.', ['Elizabeth WarrenWarren urges aid MORE'])
    >>> take_link_cards("Ask for more. MORE tea.")
    ('Ask for more. MORE tea.', [])
    """  # noqa: E501
    if " MORE" not in line:
        return line, []
    cards: list[str] = []

    def keep_name(m: re.Match[str]) -> str:
        cards.append(m.group("card"))
        return m.group("shown")

    return _LINK_CARD.sub(keep_name, line), cards
