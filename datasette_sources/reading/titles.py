"""The person an article gave a title: "the mayor said" after "Mayor Ana Ruiz spoke".

>>> from datasette_sources.model import Sentence
>>> titled_person([Sentence("Secretary of State Mike Pompeo spoke.")], "secretary")
'Mike Pompeo'
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Sentence
from .names import classify_speaker, clean_name


def titled_person(sentences: list[Sentence], role: str) -> str | None:
    """The latest person named right after ``role`` ("Secretary of State Mike Pompeo")."""
    pattern = _titled_pattern(role)
    for s in reversed(sentences):
        person = _titled_in(s.text, pattern)
        if person:
            return person
    return None


@lru_cache(maxsize=64)
def _titled_pattern(role: str) -> re.Pattern[str]:
    return re.compile(
        r"\b(?i:" + re.escape(role) + r")\b(?:\s+of\s+[A-Z]\w+)?\s+((?:[A-Z][\w’'.-]*\s*){2,4})"
    )


def _titled_in(text: str, pattern: re.Pattern[str]) -> str | None:
    for m in reversed(list(pattern.finditer(text))):
        name = clean_name(m.group(1).strip())
        if len(name.split()) >= 2 and classify_speaker(name) == "named":
            return name
    return None


class TitledPeople:
    """:func:`titled_person` over the first sentences of an article, asked again and
    again as a reader moves on: each sentence is searched once per role, not once per
    question (an article of n "the mayor said" sentences would cost n * n searches).

    >>> sentences = [Sentence("Mayor Ana Ruiz spoke."), Sentence("The mayor said no.")]
    >>> TitledPeople(sentences).latest(1, "mayor")
    'Ana Ruiz'
    """

    def __init__(self, sentences: list[Sentence]):
        self.sentences = sentences
        self.known: dict[str, tuple[int, str | None]] = {}  # role -> (up to, person)

    def latest(self, upto: int, role: str) -> str | None:
        """``titled_person(sentences[: upto + 1], role)``."""
        key = role.lower()
        done, person = self.known.get(key, (-1, None))
        if upto < done:
            return titled_person(self.sentences[: upto + 1], role)
        pattern = _titled_pattern(key)
        for i in range(upto, done, -1):
            found = _titled_in(self.sentences[i].text, pattern)
            if found:
                person = found
                break
        self.known[key] = (upto, person)
        return person
