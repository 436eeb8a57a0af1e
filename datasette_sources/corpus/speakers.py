"""One name per person: the speakers of every article, gathered across the corpus.

Articles name the same person many ways: "Vice President Mike Pence", "Mike Pence",
"Pence"; "President Trump", "Donald J. Trump". Each mention is reduced to a key
(titles and roles stripped, middle initials and names dropped, case folded), and a
surname said alone is linked to the full name it stands for:

1. in the same article, when the article names exactly one person with that surname;
2. else in the same story, when the story names exactly one;
3. else across the corpus, when one full name holds at least
   :data:`DOMINANT_SHARE` of the full-name mentions with that surname ("Trump"
   is Donald Trump, "Clinton" stays "Clinton": Hillary and Bill share it).

Organisations ("the White House") are one speaker per name. Described sources
("a senior US official", "officials") are grouped by their wording: such a row is
a way of citing, not one person.

Pure: mentions in, speakers and a mention -> speaker map out; ``store.speakers``
reads the mentions from the database and writes the table.

>>> mentions = [
...     Mention("a1", "s1", "Vice President Mike Pence", "named", "quote"),
...     Mention("a1", "s1", "Pence", "named", "attributed"),
...     Mention("a2", "s1", "Pence", "named", "quote"),
...     Mention("a3", None, "the White House", "institutional", "attributed"),
... ]
>>> people, of = gather(mentions)
>>> [(p.name, p.kind, p.article_count, p.quote_count) for p in people]
[('Mike Pence', 'person', 2, 2), ('the White House', 'organisation', 1, 0)]
>>> of[("a2", "Pence")] == of[("a1", "Vice President Mike Pence")]
True
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

#: Share of a surname's full-name mentions one person must hold to take a lone surname.
DOMINANT_SHARE = 0.9
#: Aliases kept per speaker (the most frequent forms).
MAX_ALIASES = 20

#: Titles and roles dropped from the front of a person's name.
_TITLES = frozenset(
    """
    mr mrs ms miss dr prof sir dame lord lady rev reverend president vice vice-president
    secretary senator sen rep representative congressman congresswoman gov governor mayor
    speaker leader majority minority whip chairman chairwoman chair ceo justice chief judge
    ambassador minister prime foreign premier chancellor director general gen adm admiral
    col colonel lt maj capt sgt attorney former then acting deputy house senate state
    pope king queen prince princess sheikh ayatollah commissioner spokesman spokeswoman
    spokesperson adviser advisor candidate nominee democratic republican
    """.split()
)
_SUFFIXES = frozenset("jr sr ii iii iv".split())
_PARTY_TAIL = re.compile(r"\s*(?:\([A-Z]-[^)]{1,20}\)|,\s*[A-Z]-[A-Z][\w.]*)\s*$")
_POSSESSIVE = re.compile(r"[’']s?$")


class Mention(NamedTuple):
    """One sentence's speaker as the load stored it."""

    article_id: str
    story_id: str | None
    speaker: str
    speaker_type: str | None  # named | institutional | anonymous
    kind: str  # quote | attributed


@dataclass
class Speaker:
    """A row of the ``speakers`` table."""

    id: int
    key: str
    name: str
    kind: str  # person | organisation | described
    aliases: list[str] = field(default_factory=list)
    article_count: int = 0
    quote_count: int = 0
    sentence_count: int = 0


def speaker_kind(speaker_type: str | None) -> str:
    """person | organisation | described, from the reading's speaker type.

    >>> [speaker_kind(t) for t in ("named", "institutional", "anonymous")]
    ['person', 'organisation', 'described']
    """
    return {"named": "person", "institutional": "organisation"}.get(speaker_type or "", "described")


def person_name(name: str) -> str:
    """A person's name without titles, party tag or possessive.

    >>> person_name("Vice President Mike Pence"), person_name("Sen. Ted Cruz (R-Texas)")
    ('Mike Pence', 'Ted Cruz')
    >>> person_name("Mr. Trump’s"), person_name("Donald Trump Jr.")
    ('Trump', 'Donald Trump Jr.')
    """
    name = _POSSESSIVE.sub("", _PARTY_TAIL.sub("", " ".join(name.split())))
    words = name.split()
    while len(words) > 1 and words[0].lower().strip(".,") in _TITLES:
        words.pop(0)
    return " ".join(words).strip(" ,")


def person_key(name: str) -> str:
    """How two forms of one person's name are matched: first and last name, case folded.

    Middle names and initials drop out ("Donald J. Trump", "Hillary Rodham Clinton");
    a suffix stays ("Donald Trump Jr." is not his father).

    >>> person_key("Donald J. Trump"), person_key("Hillary Rodham Clinton")
    ('donald trump', 'hillary clinton')
    >>> person_key("Donald Trump Jr."), person_key("Pence")
    ('donald trump jr', 'pence')
    """
    words = [w.lower().strip(".,") for w in person_name(name).replace(".", ". ").split()]
    words = [w for w in words if w]
    suffix = [words.pop()] if len(words) > 1 and words[-1] in _SUFFIXES else []
    if len(words) > 2:
        words = [words[0], words[-1]]
    if len(words) == 2 and len(words[0]) == 1 and len(words[1]) > 1:
        words = [words[1]]  # "J. Smith": an initial alone says little; the surname
    return " ".join(words + suffix)


def other_key(name: str) -> str:
    """The key of an organisation or a described source: its words, no leading article.

    >>> other_key("The White House"), other_key("a senior US official")
    ('white house', 'senior us official')
    """
    words = re.sub(r"[^\w\s’'-]", " ", name.lower()).split()
    while words and words[0] in ("the", "a", "an"):
        words.pop(0)
    return " ".join(words)


def speaker_id(kind: str, key: str) -> int:
    """A stable id: the same speaker keeps it from one load to the next.

    >>> speaker_id("person", "mike pence") == speaker_id("person", "mike pence")
    True
    """
    digest = hashlib.sha1(f"{kind}\n{key}".encode()).hexdigest()
    return int(digest[:12], 16)


def _surname(key: str) -> str:
    return key.split()[-1]


def gather(mentions: Iterable[Mention]) -> tuple[list[Speaker], dict[tuple[str, str], int]]:
    """Every speaker across the mentions, most quoted first; and (article, speaker) -> id."""
    mentions = [m for m in mentions if m.speaker and m.speaker.strip()]
    kinds = {m: speaker_kind(m.speaker_type) for m in set(mentions)}
    # Full person names (two words or more) by article, by story and across the corpus.
    in_article: dict[str, set[str]] = defaultdict(set)
    in_story: dict[str, set[str]] = defaultdict(set)
    full_counts: Counter[str] = Counter()
    for m in mentions:
        if kinds[m] != "person":
            continue
        key = person_key(m.speaker)
        if " " in key:
            in_article[m.article_id].add(key)
            if m.story_id:
                in_story[m.story_id].add(key)
            full_counts[key] += 1
    by_surname: dict[str, Counter[str]] = defaultdict(Counter)
    for key, n in full_counts.items():
        by_surname[_surname(key)][key] += n

    def dominant(surname: str) -> str | None:
        counts = by_surname.get(surname)
        if not counts:
            return None
        key, n = counts.most_common(1)[0]
        return key if n >= DOMINANT_SHARE * sum(counts.values()) else None

    def resolve(m: Mention) -> tuple[str, str]:
        kind = kinds[m]
        if kind != "person":
            return kind, other_key(m.speaker)
        key = person_key(m.speaker)
        if " " in key:
            return kind, key
        for pool in (in_article.get(m.article_id), in_story.get(m.story_id or "")):
            found = [k for k in pool or () if _surname(k) == key]
            if len(found) == 1:
                return kind, found[0]
            if len(found) > 1:
                return kind, key  # two people of that surname here: leave it alone
        return kind, dominant(key) or key

    forms: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    full_forms: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    articles: dict[tuple[str, str], set[str]] = defaultdict(set)
    quotes: Counter[tuple[str, str]] = Counter()
    sentences: Counter[tuple[str, str]] = Counter()
    resolved: dict[tuple[str, str], tuple[str, str]] = {}
    for m in mentions:
        who = resolved.get((m.article_id, m.speaker))
        if who is None:
            who = resolved[(m.article_id, m.speaker)] = resolve(m)
        forms[who][m.speaker] += 1
        if who[0] == "person" and person_key(m.speaker) == who[1]:
            full_forms[who][person_name(m.speaker)] += 1
        articles[who].add(m.article_id)
        sentences[who] += 1
        quotes[who] += m.kind == "quote"
    people = []
    for who, seen in forms.items():
        kind, key = who
        shown = full_forms.get(who) or Counter({seen.most_common(1)[0][0]: 1})
        # The most frequent full form, the longer on a tie: "Mike Pence", not "Pence".
        name = max(shown.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
        people.append(
            Speaker(
                id=speaker_id(kind, key),
                key=key,
                name=name,
                kind=kind,
                aliases=[f for f, _ in seen.most_common(MAX_ALIASES)],
                article_count=len(articles[who]),
                quote_count=quotes[who],
                sentence_count=sentences[who],
            )
        )
    people.sort(key=lambda p: (-p.quote_count, -p.sentence_count, p.name))
    ids = {who: speaker_id(*who) for who in forms}
    return people, {pair: ids[who] for pair, who in resolved.items()}
