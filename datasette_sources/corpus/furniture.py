"""Page furniture learned per outlet: the lines an outlet prints on many of its pages.

A newsletter promo, "Support Vox's explanatory journalism", a copyright line, an
author's standing bio: a line that recurs, word for word, across articles of one
outlet about different things is the outlet's page, not the article. Articles are
counted by the :func:`~datasette_sources.reading.furniture.line_key` of each line;
:func:`is_furniture` says when a line has recurred enough. Reading then puts those
lines in ``parts`` (:mod:`datasette_sources.reading.anatomy`), so they count
neither as sentences nor as copying.

>>> keys = article_line_keys("A promo line here\\n\\nThe mayor resigned on Monday.")
>>> len(keys)
2
>>> is_furniture(articles=3, days=3, dated=3), is_furniture(articles=3, days=1, dated=3)
(True, False)
"""

from __future__ import annotations

from ..reading.furniture import words_key

#: A line is furniture once this many articles of one outlet print it...
MIN_ARTICLES = 3
#: ... on at least this many different days, when all of them are dated (one
#: newsroom's updates of one story share paragraphs within a day or two).
MIN_DAYS = 3
#: Longer lines are article text, however often they recur.
MAX_WORDS = 120


def article_line_keys(text: str) -> set[int]:
    """The keys of the lines of a plain-text article that could be page furniture."""
    keys = set()
    for line in text.splitlines():
        words = line.split()
        if not words or len(words) > MAX_WORDS:
            continue
        if len(words) == 1 and line.rstrip()[-1:] in ".!?":
            continue  # "Right." in a transcript is speech, however often it recurs
        keys.add(words_key(words))
    return keys


def is_furniture(articles: int, days: int, dated: int) -> bool:
    """Has a line recurred enough to be furniture: printed by ``articles`` articles of
    one outlet, ``dated`` of them dated, on ``days`` different days?"""
    if articles < MIN_ARTICLES:
        return False
    return dated < articles or days >= MIN_DAYS
