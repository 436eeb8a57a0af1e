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


def surname(key: str) -> str:
    """The last word of a person's key: what a lone surname is matched by."""
    return key.split()[-1]


Who = tuple[str, str]  # (kind, key): one speaker
#: A stored mention: (article, speaker as written, speaker type, kind, speaker id or None).
MentionRow = tuple[str, str, "str | None", str, "int | None"]


def own_key(speaker: str, speaker_type: str | None) -> Who:
    """(kind, key) of a mention by itself; a lone surname is its own key until resolved.

    >>> own_key("Sen. Ted Cruz", "named"), own_key("The White House", "institutional")
    (('person', 'ted cruz'), ('organisation', 'white house'))
    """
    kind = speaker_kind(speaker_type)
    return (kind, person_key(speaker)) if kind == "person" else (kind, other_key(speaker))


def is_lone(who: Who) -> bool:
    """Is this a person's surname alone, to be linked to a full name if one fits?"""
    return who[0] == "person" and " " not in who[1]


def dominant(full_mentions: dict[str, int]) -> str | None:
    """The full name that takes a lone surname across the corpus: the one holding at least
    DOMINANT_SHARE of the mentions by full name of everyone with that surname.

    >>> dominant({"donald trump": 19, "melania trump": 1})
    'donald trump'
    >>> dominant({"hillary clinton": 5, "bill clinton": 5}) is None
    True
    """
    if not full_mentions:
        return None
    key, n = max(full_mentions.items(), key=lambda kv: (kv[1], kv[0]))
    return key if n >= DOMINANT_SHARE * sum(full_mentions.values()) else None


def resolve_lone(
    key: str, in_article: Iterable[str], in_story: Iterable[str], dominant_key: str | None
) -> str:
    """The speaker a lone surname ``key`` stands for: the one full name with that surname
    in its article, else in its story, else the corpus's dominant one, else itself."""
    for pool in (in_article, in_story):
        found = [k for k in pool if surname(k) == key]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return key  # two people of that surname here: leave it alone
    return dominant_key or key


def full_mentions(who: Who, forms: dict[str, int]) -> int:
    """How many of a speaker's mentions name it in full (what dominance counts)."""
    if who[0] != "person" or " " not in who[1]:
        return 0
    return sum(n for form, n in forms.items() if person_key(form) == who[1])


def speaker_name(who: Who, forms: dict[str, int]) -> str:
    """The name a speaker is shown by: a person's most frequent full form ("Mike Pence",
    not "Pence"; the longer on a tie), anyone else's most frequent form (the shorter on a
    tie: "New York Post", not "the New York Post"). Ties never depend on reading order.

    >>> speaker_name(("person", "mike pence"), {"Pence": 5, "Vice President Mike Pence": 2})
    'Mike Pence'
    >>> speaker_name(("organisation", "white house"), {"the White House": 2, "White House": 2})
    'White House'
    """
    if who[0] == "person":
        shown: Counter[str] = Counter()
        for form, n in forms.items():
            if person_key(form) == who[1]:
                shown[person_name(form)] += n
        if shown:
            return max(shown.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
    return min(forms.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]


def speaker_aliases(forms: dict[str, int]) -> list[str]:
    """A speaker's forms, most frequent first (in order on a tie), at most MAX_ALIASES."""
    ranked = sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))
    return [form for form, _ in ranked[:MAX_ALIASES]]


def pair_keys(mentions: Iterable[Mention]) -> dict[tuple[str, str], Who]:
    """(article, speaker) -> its own key, as the first mention of that pair says."""
    out: dict[tuple[str, str], Who] = {}
    for m in mentions:
        pair = (m.article_id, m.speaker)
        if pair not in out:
            out[pair] = own_key(m.speaker, m.speaker_type)
    return out


def gather(mentions: Iterable[Mention]) -> tuple[list[Speaker], dict[tuple[str, str], int]]:
    """Every speaker across the mentions, most quoted first; and (article, speaker) -> id.

    All in memory; ``store.speakers`` keeps the same speakers in the database and
    changes only what a load changes.
    """
    mentions = [m for m in mentions if m.speaker and m.speaker.strip()]
    own = pair_keys(mentions)
    # Full person names by article, by story, and how often each is said in full.
    in_article: dict[str, set[str]] = defaultdict(set)
    in_story: dict[str, set[str]] = defaultdict(set)
    by_surname: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        who = own[(m.article_id, m.speaker)]
        if who[0] == "person" and " " in who[1]:
            in_article[m.article_id].add(who[1])
            if m.story_id:
                in_story[m.story_id].add(who[1])
            if person_key(m.speaker) == who[1]:
                by_surname[surname(who[1])][who[1]] += 1
    resolved: dict[tuple[str, str], Who] = {}
    forms: dict[Who, Counter[str]] = defaultdict(Counter)
    articles: dict[Who, set[str]] = defaultdict(set)
    quotes: Counter[Who] = Counter()
    for m in mentions:
        pair = (m.article_id, m.speaker)
        who = resolved.get(pair)
        if who is None:
            who = own[pair]
            if is_lone(who):
                top = dominant(dict(by_surname.get(who[1], {})))
                story = in_story[m.story_id or ""]
                who = (who[0], resolve_lone(who[1], in_article[m.article_id], story, top))
            resolved[pair] = who
        forms[who][m.speaker] += 1
        articles[who].add(m.article_id)
        quotes[who] += m.kind == "quote"
    people = [
        Speaker(
            id=speaker_id(*who),
            key=who[1],
            name=speaker_name(who, seen),
            kind=who[0],
            aliases=speaker_aliases(seen),
            article_count=len(articles[who]),
            quote_count=quotes[who],
            sentence_count=sum(seen.values()),
        )
        for who, seen in forms.items()
    ]
    people.sort(key=lambda p: (-p.quote_count, -p.sentence_count, p.name))
    return people, {pair: speaker_id(*who) for pair, who in resolved.items()}


def by_article(rows: Iterable[MentionRow]) -> dict[str, list[MentionRow]]:
    """Mention rows grouped by article, in the order they come.

    >>> sorted(by_article([("a1", "Pence", "named", "quote", None)]))
    ['a1']
    """
    out: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        out[row[0]].append(row)
    return out


def own_keys(article: list[MentionRow]) -> dict[str, Who]:
    """Each speaker's own key in one article (the first mention of it says)."""
    out: dict[str, Who] = {}
    for _, speaker, speaker_type, _, _ in article:
        if speaker not in out:
            out[speaker] = own_key(speaker, speaker_type)
    return out


def full_names(article: list[MentionRow]) -> set[str]:
    """The keys of the people one article names in full (what its lone surnames may be).

    >>> full_names([("a1", "Mike Pence", "named", "quote", None), ("a1", "Pence", "named",
    ...     "quote", None)])
    {'mike pence'}
    """
    return {who[1] for who in own_keys(article).values() if who[0] == "person" and " " in who[1]}


@dataclass
class Changes:
    """Differences to the speakers' counts, by speaker id: what ``store.speakers`` adds
    to the database in the transaction that moves the sentences.

    >>> changes = Changes()
    >>> row = ("a1", "Sen. Ted Cruz", "named", "quote", None)
    >>> changes.move([row], {"Sen. Ted Cruz": ("person", "ted cruz")})
    >>> sid = speaker_id("person", "ted cruz")
    >>> changes.sentences[sid], changes.quotes[sid], changes.articles[sid]
    (1, 1, 1)
    >>> changes.moved == [(sid, "a1", "Sen. Ted Cruz")]
    True
    """

    who: dict[int, Who] = field(default_factory=dict)
    sentences: Counter[int] = field(default_factory=Counter)
    quotes: Counter[int] = field(default_factory=Counter)
    articles: Counter[int] = field(default_factory=Counter)
    forms: dict[int, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    moved: list[tuple[int | None, str, str]] = field(default_factory=list)  # id, article, speaker

    def count(self, article: list[MentionRow], ids: dict[str, int | None], sign: int) -> None:
        """Add (sign 1) or take away (-1) one article's mentions as counted under ``ids``."""
        present = set()
        for _, speaker, _, kind, _ in article:
            sid = ids.get(speaker)
            if sid is None:
                continue
            present.add(sid)
            self.sentences[sid] += sign
            self.quotes[sid] += sign * (kind == "quote")
            self.forms[sid][speaker] += sign
        for sid in present:
            self.articles[sid] += sign

    def move(self, article: list[MentionRow], new: dict[str, Who | None]) -> None:
        """Move the speakers of one article's mentions to ``new`` (None: keep as it is)."""
        old = {}
        for _, speaker, _, _, sid in article:
            old.setdefault(speaker, sid)
        ids = dict(old)
        for speaker, who in new.items():
            if who is not None:
                ids[speaker] = speaker_id(*who)
                self.who[ids[speaker]] = who
        if ids == old:
            return
        self.count(article, old, -1)
        self.count(article, ids, 1)
        aid = article[0][0]
        self.moved += [(ids[s], aid, s) for s in ids if ids[s] != old[s]]
