"""An audit of the reading on real news it was not tuned on: AllSides, split by a hash of its ID.

Pure functions, used by ``scripts/evaluate.py``: which part of AllSides an article
is in, the fixed audit sample, the rule that calls a stored speaker junk, and the
section (news or opinion pages) an article comes from.

The junk rule is written apart from the reading's own speaker rules, so that the
audit does not simply agree with the reader: it looks only at the speaker text as
stored, the way a reader of the scorecard would.

>>> junk_speaker("The"), junk_speaker("Privacy Policy"), junk_speaker("Mike Pence")
('function word', 'page furniture', None)
>>> junk_speaker("a senior US official"), junk_speaker("Requiring President Donald Trump")
(None, 'starts with a verb or adverb')
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from ..reading.lexicon import package_file

T = TypeVar("T")

#: The audit part: a fifth of AllSides, chosen by a hash of the article's ID.
AUDIT_SHARE = 5

#: Words that cannot be a speaker on their own, nor start a capitalised one.
FUNCTION_WORDS = frozenset(
    """
    a an the this that these those his her hers its their theirs my our your
    when while if but and or nor so yet because since as though although unless until
    in on at of for with by from to into onto about after before during over under
    not no none what which who whom whose why how where whether
    here there then now also just even still only ever never always
    it he she they we i you him them us me
    """.split()
)

#: Quantifiers that do stand for people ("Some say", "Others disagree", "One declared").
PEOPLE_QUANTIFIERS = frozenset("some many others one another several few most both all".split())

#: Particles that stand before a surname, never at the end of a speaker ("Reade le").
NAME_PARTICLES = frozenset("de da la le du del van von der bin ibn al el".split())

DEMONYMS = frozenset(
    """
    american british chinese russian iranian iraqi israeli french german japanese korean
    mexican canadian indian pakistani syrian turkish egyptian saudi palestinian ukrainian
    european african asian democratic republican conservative liberal
    """.split()
)

_DETERMINERS = frozenset(
    """the a an his her their its our my your this that these those every each all some any
    both""".split()
)

_CALENDAR = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december jan feb mar apr jun jul aug
    sep sept oct nov dec
    """.split()
)

#: Phrases of page furniture: a speaker holding one was cut from the page around the article.
FURNITURE = re.compile(
    r"\b(?:privacy policy|terms of (?:use|service)|cookie|subscribe|newsletter|advertisement|"
    r"copyright|getty images|ap photo|just watched|click here|sign up|log in|read more|"
    r"related coverage|share this|comments)\b",
    re.I,
)

#: Tags of a first word that starts no name: gerunds ("Requiring"), verbs of saying in the
#: past or present ("Said Comey"), adverbs, prepositions and conjunctions ("Unlike", "Despite").
_NOT_A_NAME = frozenset("VBG VBD VBZ RB RBR RBS IN CC WRB WDT WP".split())

_CAPITALS_NOT_A_BODY = frozenset("VBG VBD VBN VB RB RBR JJR IN DT".split())

#: First words of names and bodies that the lexicon tags otherwise.
_NAME_STARTS = frozenset(
    "north south east west northern southern acting fed planned most more".split()
)


@lru_cache(maxsize=1)
def word_tags() -> dict[str, str]:
    """Lower-case word -> its most likely tag, from textblob's copy of Brill's lexicon.

    Only the lower-case entries: "Brown" the name is NNP there, "brown" the colour JJ.
    """
    path = package_file("textblob", "en", "en-lexicon.txt")
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        bits = line.split()
        if len(bits) >= 2 and bits[0].islower():
            out.setdefault(bits[0], bits[1])
    return out


def allsides_part(article_id: str) -> str:
    """``audit`` (a fixed fifth of AllSides, by a hash of its ID) or ``development``.

    >>> allsides_part("004Gt3gcsotuiYmz") in ("audit", "development")
    True
    """
    digest = hashlib.sha1(("allsides " + article_id).encode("utf-8")).hexdigest()
    return "audit" if int(digest[:8], 16) % AUDIT_SHARE == 0 else "development"


def audit_sample(rows: Iterable[T], size: int = 300, key=lambda r: r["ID"]) -> Iterator[T]:
    """The first ``size`` rows of the audit part, in the order given.

    >>> rows = [{"ID": str(i)} for i in range(100)]
    >>> [r["ID"] for r in audit_sample(rows, 3)] == [
    ...     r["ID"] for r in rows if allsides_part(r["ID"]) == "audit"][:3]
    True
    """
    taken = 0
    for row in rows:
        if taken >= size:
            return
        if allsides_part(key(row)) == "audit":
            taken += 1
            yield row


def junk_speaker(speaker: str | None) -> str | None:
    """Why a stored speaker is not a name, organisation or described source; None if it is.

    A described source starts lower-case ("a senior US official", "the senator",
    "officials"); a name or organisation is capitalised. A speaker is junk when it
    has no letters; when it is only function words or a date word ("The", "When",
    "None", "Friday"); when a capitalised one starts with a function word ("When
    Trump", "His"), with a word in capitals that is a common English word ("EVER",
    "JUST WATCHED Obama"), or with a verb form or adverb ("Requiring President
    Donald Trump", "Said Comey"); when it ends with a function word or a lone
    lower-case particle ("Reade le", "My da"); or when it holds page furniture
    ("Privacy Policy", "Getty Images Trump").

    >>> [junk_speaker(s) for s in ["When Trump", "EVER", "Reade le", "officials", "Some"]]
    ['function word', 'common word in capitals', 'ends with a function word', None, None]
    >>> [junk_speaker(s) for s in ["JUST Obama", "the US", "South Carolina", "Both Lowey"]]
    ['common word in capitals', None, None, 'function word']
    >>> [junk_speaker(s) for s in ["Friday", "the White House", "His doctor", "Insider"]]
    ['date word', None, None, None]
    >>> [junk_speaker(s) for s in ["the man", "people who", "Most economists"]]
    [None, 'ends with a function word', None]
    >>> for s in ["I’ll", "D-N.Y", "Senate-", "Chinese", "the system to collapse"]:
    ...     print(junk_speaker(s))
    function word
    fragment of a word or a party tag
    fragment of a word or a party tag
    adjective of a people or party
    a clause, not a phrase
    """
    raw = " ".join((speaker or "").split())
    text = raw.strip(" ,.;:'\"“”‘’()-")
    if not re.search(r"[A-Za-z]", text):
        return "no letters"
    if FURNITURE.search(text) or re.match(r"Add\s", text):
        return "page furniture"
    if raw.endswith("-") or re.match(r"[DRI]-[A-Z]", text) or text.lower() in ("jr", "sr"):
        return "fragment of a word or a party tag"
    if re.match(r"(?i)(?:i|you|he|she|we|they|it)[’'](?:ll|d|s|re|m|ve)$", text):
        return "function word"
    if " " not in text and text.lower() in DEMONYMS:
        return "adjective of a people or party"
    # "the system to collapse": "to" before a verb, not before a noun phrase ("advisers to the").
    after_to = re.search(r"\bto\s+([a-z]\w*)", text)
    if text[:1].islower() and after_to and after_to.group(1) not in _DETERMINERS:
        return "a clause, not a phrase"
    words = re.findall(r"[\w’'.-]+", text)
    # "US" and "IT" in capitals are a country and a trade, not the pronoun and "it".
    lower = [w.lower().strip(".’'") if not (w.isupper() and len(w) > 1) else w for w in words]
    if all(w in FUNCTION_WORDS or w in _CALENDAR or w in PEOPLE_QUANTIFIERS for w in lower):
        if len(lower) == 1 and lower[0] in PEOPLE_QUANTIFIERS:
            return None
        return "date word" if any(w in _CALENDAR for w in lower) else "function word"
    tags = word_tags()
    first, first_lower = words[0], lower[0]
    if first[:1].isupper():
        if first_lower in FUNCTION_WORDS - {"the", "a", "an", "his", "her", "their", "its"}:
            return "function word"
        if first_lower in ("both", "either", "neither") and words[1][:1].isupper():
            return "function word"
        caps = [w for w in words if len(w) >= 4 and w.isupper()]
        common = [w for w in caps if tags.get(w.lower(), "NNP") not in ("NNP", "NNPS")]
        if common and (
            # "JUST WATCHED Obama", "CLOSE Hillary Clinton": capitals run into a name;
            any(not w.isupper() and w[:1].isupper() for w in words)
            # "SAYING", "RELATED", "MORE": a lone verb, adverb or comparative in capitals
            # (not "FAIR" or "EPIC", bodies that write their name as a word);
            or len(words) == 1
            and tags.get(lower[0].lower(), "") in _CAPITALS_NOT_A_BODY
            # "MAKE AMERICA GREAT AGAIN": a headline.
            or len(caps) >= 3
        ):
            return "common word in capitals"
        if first_lower not in _NAME_STARTS and tags.get(first_lower) in _NOT_A_NAME:
            return "starts with a verb or adverb"
    if len(lower) > 1 and (lower[-1] in FUNCTION_WORDS or lower[-1] in NAME_PARTICLES):
        return "ends with a function word"
    return None


_OPINION_URL = re.compile(
    r"/(?:opinions?|commentary|op-?eds?|editorials?|columns?|columnists?|perspectives?)(?:/|$)",
    re.I,
)
_OPINION_TITLE = re.compile(r"^\s*(?:opinion|op-ed|commentary|editorial|column)\b", re.I)
_OPINION_OUTLET = re.compile(r"opinion|editorial|guest writer|\bblog\b", re.I)


def page_section(url: str | None, title: str | None, outlet: str | None = None) -> str:
    """``opinion`` for an opinion page (by its URL path, title or outlet name), else ``news``.

    >>> page_section("https://www.nytimes.com/2020/03/02/opinion/x.html", "Why")
    'opinion'
    >>> page_section("https://thehill.com/blogs/x", "Trump signs bill"), page_section(
    ...     None, "Opinion: Why we must act")
    ('news', 'opinion')
    """
    if url and _OPINION_URL.search(url.split("?")[0]):
        return "opinion"
    if title and _OPINION_TITLE.match(title):
        return "opinion"
    if outlet and _OPINION_OUTLET.search(outlet):
        return "opinion"
    return "news"


@dataclass
class Audit:
    """Counts over the audited articles' sentences, as :meth:`add` reads them.

    >>> from datasette_sources.model import Article, Sentence
    >>> a = Article(raw="", sentences=[Sentence("x", kind="quote", speaker="The"),
    ...     Sentence("y", kind="attributed", speaker="Mike Pence"),
    ...     Sentence("z", kind="opinion", opinion_reasons=["judging words: bad"])])
    >>> audit = Audit()
    >>> audit.add(a, "Fox", "news")
    >>> audit.with_speaker, len(audit.junk), audit.opinion, audit.opinion_without_reasons
    (2, 1, 1, 0)
    """

    articles: int = 0
    sentences: int = 0
    attributed: int = 0  # quote or attributed
    with_speaker: int = 0
    unresolved: int = 0
    opinion: int = 0
    opinion_without_reasons: int = 0
    #: (reason, speaker, cue, sentence) of every junk speaker.
    junk: list[tuple[str, str, str | None, str]] = field(default_factory=list)
    #: (speaker, cue, kind, sentence) of every sentence with a speaker, for reading by hand.
    spoken: list[tuple[str, str | None, str, str]] = field(default_factory=list)
    #: outlet or section -> [opinion sentences, body sentences].
    by_outlet: dict[str, list[int]] = field(default_factory=dict)
    by_section: dict[str, list[int]] = field(default_factory=dict)

    def add(self, article, outlet: str | None, section: str) -> None:
        """Count one read article (a :class:`datasette_sources.model.Article`)."""
        self.articles += 1
        for counts in (
            self.by_outlet.setdefault(outlet or "(unknown)", [0, 0]),
            self.by_section.setdefault(section, [0, 0]),
        ):
            counts[0] += sum(1 for s in article.sentences if s.kind == "opinion")
            counts[1] += len(article.sentences)
        for s in article.sentences:
            self.sentences += 1
            if s.kind == "opinion":
                self.opinion += 1
                self.opinion_without_reasons += not s.opinion_reasons
            if s.kind not in ("quote", "attributed"):
                continue
            self.attributed += 1
            if not s.speaker:
                self.unresolved += 1
                continue
            self.with_speaker += 1
            self.spoken.append((s.speaker, s.cue, s.kind, s.text))
            why = junk_speaker(s.speaker)
            if why:
                self.junk.append((why, s.speaker, s.cue, s.text))
