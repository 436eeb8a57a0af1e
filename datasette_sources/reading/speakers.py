"""Who speaks: the noun phrase next to a cue, and the people an article names.

The phrase found here is cleaned to a name, and told named, anonymous or
institutional, by :mod:`.names`.

>>> speaker_before("“We will respond,” Secretary of State Mike Pompeo"), speaker_after(
...     " a senior US official told CNN")
('Secretary of State Mike Pompeo', 'a senior US official')
>>> clean_name("Secretary of State Mike Pompeo")
'Mike Pompeo'
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Sentence
from . import lexicon
from .names import (
    BARE_HEAD_WORDS,
    BARE_HEADS,
    DESCRIPTION_HEADS,
    DETERMINER_WORDS,
    DETERMINERS,
    LEADING_WORDS,
    classify_speaker,
    clean_name,
    description_words,
)

_NAME_TOKEN = (
    r"(?:(?:[A-Z]\.)+|[A-Z][\w’'.-]*|al-[A-Z][\w-]*|el-[A-Z][\w-]*|"
    r"(?:bin|ibn|de|da|van|von|der|la|le|du|dos|del)\b)"
)


_NAME = re.compile(rf"(?<![\w’'-]){_NAME_TOKEN}(?:\s+(?:of\s+(?:the\s+)?|for\s+)?{_NAME_TOKEN})*")


_DET_NP = re.compile(
    r"\b((?:"
    + "|".join(DETERMINERS)
    + r")\b(?:\s+(?!and\b|or\b|but\b|statement\b)[\w’'.-]+){0,5}?\s+("
    + "|".join(sorted(lexicon.ANONYMOUS_HEADS, key=len, reverse=True))
    + r"))\b(?:\s+(?:familiar with|close to|in|at|of|from|for|with knowledge of)\b[^,;]*?"
    r"(?=\s*(?:,|$|\b(?:said|told|say|says|have|has|had|who|that|would|will)\b)))?",
    re.I,
)


_BARE_ANON = re.compile(
    r"\b((?:(?:[A-Z][\w.-]*|senior|top|local|federal|state|military|defense|defence|"
    r"intelligence|government|administration|security|police|health|party|western|"
    r"european|american|other)\s+){0,3}"
    r"(?:" + BARE_HEADS + r"))\b",
    re.I,
)

#: Auxiliaries and adverbs between a subject and its cue: "officials have also said".
_AUX_WORDS = frozenset(
    """
    has have had would will also not did does do is was were are be being reportedly previously
    later
    earlier then again repeatedly publicly privately separately recently further quickly
    immediately never always already still just been could should may might can cannot
    can’t can't wouldn’t wouldn't didn’t didn't won’t won't once originally initially first
    last only even both all himself herself themselves flatly firmly strongly openly
    explicitly directly officially formally monday tuesday wednesday thursday friday saturday
    sunday today tonight yesterday morning afternoon evening night week later earlier
    """.split()
)


def _strip_aux(text: str) -> str:
    """``text`` without the auxiliaries and adverbs that end it."""
    text = text.rstrip(" ,")
    while True:
        cut = text.rfind(" ")
        word = text[cut + 1 :].lower()
        # "Trump jokingly said", "Clinton emphatically proclaimed": any -ly adverb too.
        if cut < 0 or word not in _AUX_WORDS and not (len(word) > 4 and word.endswith("ly")):
            return text
        text = text[:cut].rstrip(" ,")


_APPOSITION = re.compile(
    r"[^,.;]{0,80}?\b(?:spokesman|spokeswoman|spokesperson|minister|official|adviser|advisor|"
    r"director|secretary|chief|head|leader|president|ambassador),\s+"
    r"([A-Z][\w’'.-]+(?:\s+(?:al-|bin\s+|de\s+)?[A-Z][\w’'.-]+)+)"
)


_ROLE_WORDS = (
    r"(?:manager|spokesman|spokeswoman|spokesperson|aide|adviser|advisor|ally|director|"
    r"strategist|chairman|chairwoman|secretary|constituent|supporter|official|senator|governor|"
    r"chief|president|leader|deputy|lawyer|attorney|economist|analyst|pollster|consultant|"
    r"founder|executive|member|candidate|nominee|rival|staffer|surrogate|friend|professor|"
    r"head|representative|ambassador|minister|commissioner|correspondent|editor|author)"
)


#: "Clinton campaign manager Robby Mook", "Clinton’s top foreign policy aide Jake Sullivan".
_ROLE_THEN_NAME = re.compile(
    r"(?:(?:the|former|then|a)\s+)?(?:[A-Z][\w.-]*(?:[’']s)?\s+){0,3}(?:[a-z][\w-]*\s+){0,4}?"
    + _ROLE_WORDS
    + r",?\s+(?P<name>(?:[A-Z]\.\s*)?[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,3})"
)


#: "Chinese physicist Fang Lizhi", "Harvard law professor Jane Doe": the name after a description.
_DESCRIBED_NAME = re.compile(
    r"(?:the\s+)?[A-Z][\w’'.-]*\s+(?:[a-z][\w-]*\s+){1,3}"
    r"(?P<name>(?:[A-Z]\.\s*)?[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,3})"
)


ROLE_TAIL = re.compile(r"\bthe\s+(?:[a-z]+\s+)?(" + "|".join(lexicon.ROLES) + r")\s*$", re.I)


_PRONOUN_TAIL = re.compile(r"\b(he|she|they|it|we|i)\s*$", re.I)


_GLUED = re.compile(r"[a-z]{2}(?=[A-Z][A-Za-z])")
_PARTY_TAG = re.compile(r"(?:\s*\([^()]{1,30}\)|,\s*[DRI]-[A-Z][\w.]*,?)\s*$")

#: "the allure of Donald Trump is people": a verb inside is two phrases, not one.
_VERB_INSIDE = re.compile(r"\b(?:is|are|was|were|has|have|had)\b")


_ASIDE = re.compile(r",[^,]{1,80},$")
MAX_ASIDES = 8


def _aside_start(text: str, end: int) -> int:
    """Where the aside that ends ``text[:end]`` (", in an interview,") starts, or -1."""
    while end and text[end - 1].isspace():
        end -= 1
    # An aside is at most 82 characters: search those, not the whole text.
    m = _ASIDE.search(text, max(0, end - 82), end)
    return m.start() if m else -1


def speaker_before(text: str) -> str | None:
    """The noun phrase that ends ``text``: the subject of a cue that follows it.

    >>> speaker_before("Pompeo, in a recent CNN interview,")
    'Pompeo'
    """
    # "Pompeo, in a recent CNN interview, made it clear": skip the aside, and the
    # asides before it, nearest the name first. Real sentences have one or two; a
    # run of thousands (",a,,a,...") would cost a search for each, so at most 8.
    ends = [len(text)]
    while len(ends) <= MAX_ASIDES and (start := _aside_start(text, ends[-1])) > 0:
        ends.append(start)
    found = None
    for k, end in enumerate(ends):
        widget = _before_widget(text[:end])
        if widget is not False:
            found, ends = widget, ends[:k]
            break
    # The furthest aside back first: "Pompeo, in an interview, said" is Pompeo.
    for end in reversed(ends):
        found = found or _speaker_ending(text[:end])
    return found


def _before_widget(text: str) -> str | None | bool:
    """The speaker before a related-stories widget that ends ``text``, or False if none."""
    if "MORE" in text[-40:] and _PARTY_TAG.sub("", text[-300:].rstrip()).endswith(" MORE"):
        # One outlet's related-stories widget runs between a name and its cue:
        # "John Cornyn John CornynGOP senators balk at … MORE said": the name before it.
        glued = _GLUED.search(text)
        if glued:
            return speaker_before(text[: glued.end()])
    return False


def _speaker_ending(text: str) -> str | None:
    text = _strip_aux(text[-240:])
    if text.endswith((")", ",", ".")):
        text = _PARTY_TAG.sub("", text)  # "Charles E. Schumer (D-N.Y.)", "McConnell, R-Ky.,"
    if not text.strip():
        return None
    m = _PRONOUN_TAIL.search(text)
    if m:
        return m.group(1).lower()
    if re.search(r"\s(?:who|that)$", text):
        # "people who say", "officials that said": the antecedent speaks.
        return speaker_before(text.rsplit(" ", 1)[0])
    m = ROLE_TAIL.search(text)
    if m and not text[m.start() :].split()[1][:1].isupper():
        return m.group(0).lower()  # "the secretary": resolved to a person in label()
    tail = text[-160:]
    # The two descriptions are long case-insensitive scans: only where their words are.
    words = description_words(tail)
    d = None
    if words is None or not (
        words.isdisjoint(DESCRIPTION_HEADS) or words.isdisjoint(DETERMINER_WORDS)
    ):
        d = (list(_DET_NP.finditer(tail)) or [None])[-1]
    if d and d.end() >= len(tail.rstrip()) - 1 and not _VERB_INSIDE.search(d.group(0)):
        return d.group(0).strip()
    b = None
    if words is None or not words.isdisjoint(BARE_HEAD_WORDS):
        b = (list(_BARE_ANON.finditer(tail)) or [None])[-1]
    names = list(_NAME.finditer(tail))
    # A bare description ("U.S. officials") ending the text, unless a name ends later.
    if b and b.end() >= len(tail.rstrip()) - 1 and (not names or names[-1].end() <= b.end()):
        return b.group(1)
    if names and names[-1].end() >= len(tail.rstrip()) - 1:
        name = names[-1].group(0)
        before_name = tail[: names[-1].start()]
        if re.search(r"\bthe\s+$", before_name, re.I):
            return "the " + name
        # "State Department spokeswoman Heather Nauert": the person, not the office.
        return name
    return subject_phrase(text)


_CLAUSE_START = re.compile(r"(?:^|[;:(]|\s[-–—]+\s|\b(?:that|but|while|because|as|if)\s)")
_RELATIVE = re.compile(r"\s(?:who|whom|that|which)\b.*$")
_SUBJECT = re.compile(
    r"(?:(?:the|a|an|this|these|those|its|his|her|their|our|some|many|several|most|other|"
    r"both|all|few|two|three|four|five|\d+)\s+)?(?P<head>(?:[\w’'.-]+\s+){0,4}?[\w’'-]+?)"
    r"(?P<pp>\s+(?:of|at|to|for|from|in|with|on|close to|familiar with|within|inside|near|"
    r"across|behind|around)\s+[^,;]{1,60}?)?",
    re.I,
)


_TIME_LEAD = re.compile(
    r"^(?:(?:last|this|next|earlier|later|on|in)\s+(?:year|week|month|spring|summer|fall|"
    r"autumn|winter|night|morning|evening|\w+day)|yesterday|today|now|then|still|also),?\s+",
    re.I,
)


#: Tags no word before a subject's head has: verbs, adverbs, prepositions, relatives.
_NOT_MODIFIERS = frozenset("VB VBD VBZ VBP VBN VBG MD RB RBR IN WDT WP TO".split())

#: Heads of phrases that open a sentence without speaking: times, and "time" itself.
_NOT_SUBJECTS = _AUX_WORDS | frozenset(
    "year years week weeks month months day days time times hour hours decade decades "
    "era season moment point case fact way end".split()
)


def subject_phrase(text: str) -> str | None:
    """The common noun phrase that is the subject of a cue after ``text``, in lower case.

    For the subjects no name or listed description fits: "The company said",
    "Advisors to the former vice president say", "Critics of the plan have warned".

    >>> subject_phrase("The company"), subject_phrase("Advisors to the former vice president")
    ('the company', 'advisors to the former vice president')
    >>> subject_phrase("The judge ruled the law was void and"), subject_phrase("Last year")
    (None, None)
    """
    if _RELATIVE.search(text):
        # "the Democratic lawmakers who wrote and passed the law called": the antecedent.
        found = subject_phrase(_RELATIVE.sub("", text))
        if found:
            return found
    starts = [m.end() for m in _CLAUSE_START.finditer(text)]
    clause = _TIME_LEAD.sub("", _strip_aux(text[starts[-1] if starts else 0 :].strip(" ,")))
    clause = LEADING_WORDS.sub("", clause)
    if len(clause.split()) > 10:
        return None
    m = _SUBJECT.fullmatch(clause)
    if not m:
        return None
    words = m.group("head").split()
    head = words[-1].lower().strip(".’'")
    tag = lexicon.common_word_tag(head)
    if tag not in ("NN", "NNS") or head in lexicon.CALENDAR_WORDS or head in _NOT_SUBJECTS:
        return None
    # Every word before the head must be a modifier, not a verb: "the law was void" is no subject.
    for w in words[:-1]:
        if lexicon.common_word_tag(w.lower()) in _NOT_MODIFIERS:
            return None
    pp = m.group("pp") or ""
    if re.match(r"\s+to\s+(\w+)", pp) and lexicon.common_word_tag(pp.split()[1].lower()) == "VB":
        return None  # "proceeds to ask": a verb, not a phrase "to" someone
    first = clause.split()[0].lower()
    if lexicon.common_word_tag(first) not in (None, "NNP", "NNPS"):
        clause = clause[:1].lower() + clause[1:]
    return clause


def speaker_after(text: str) -> str | None:
    """The noun phrase that starts ``text``: the subject of an inverted cue."""
    text = text.lstrip(" ,")
    appos = _APPOSITION.match(text)
    if appos:
        return appos.group(1)
    m = re.match(r"(he|she|they|it|we|i)\b", text, re.I)
    if m:
        return m.group(1).lower()
    d = _DET_NP.match(text)
    if d:
        return d.group(0).strip()
    b = _BARE_ANON.match(text)
    if b and not _NAME.match(text):
        return b.group(1)
    role = _ROLE_THEN_NAME.match(text)
    if role:
        return role.group("name")
    described = _DESCRIBED_NAME.match(text)
    if described and all(
        lexicon.common_word_tag(w) in ("NN", "NNS", "JJ")
        for w in text[: described.start("name")].split()[1:]
        if w != "the"
    ):
        return described.group("name")  # "Chinese physicist Fang Lizhi"
    m = re.match(
        r"(?:the\s+)?(?:(?:state-run|state|official|semi-official|[a-z]+-[a-z]+|"
        r"country’s|country's)\s+)*(" + _NAME.pattern + r")(?:\s+(?:[a-z]+\s+){0,2}"
        r"(?:spokesman|spokeswoman|spokesperson|minister|official|adviser|director),\s+"
        r"(?P<appos>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+)+))?",
        text,
    )
    if m and m.group("appos"):
        return m.group("appos")
    if m:
        return ("the " + m.group(1)) if m.group(0).lower().startswith("the ") else m.group(1)
    m = re.match(
        r"(?:the|a|an|its|his|her|their)\s+(?:[\w’'-]+\s+){0,4}?(" + _NAME.pattern + ")", text
    )
    if m and m.start(1) < 50:
        return m.group(1)
    return None


_INTRODUCTORY = re.compile(
    r"^\s*(?:in|on|at|after|before|when|while|as|during|following|here|there|since|until|"
    r"although|though|because|if|despite|with|without|earlier|later|last|this|speaking|"
    r"asked|responding|according|elsewhere|beyond|towards?|upon|among|amid|along|across|"
    r"ahead|back|nonetheless|nevertheless|otherwise|regardless|instead|meanwhile|still|"
    r"also|indeed|however|moreover|yet|for|by|from|unlike|like|given|once|under|over|"
    r"within|against|throughout|between|\w+ly|\w+ing\s+[a-z])\b[^,]*,\s*",
    re.I,
)


def clause_subject(clause: str) -> str | None:
    """The subject a clause starts with, past any introductory phrase."""
    clause = clause.lstrip()
    for _ in range(3):
        m = _INTRODUCTORY.match(clause)
        if not m:
            break
        clause = clause[m.end() :]
    prev = None
    while prev != clause:  # "And then Trump went on the attack": both words go
        prev, clause = clause, LEADING_WORDS.sub("", clause)
    return speaker_after(clause)


@lru_cache(maxsize=256)
def persons_named(text: str) -> tuple[tuple[int, str], ...]:
    """Named people mentioned in ``text`` (two words or more), with their offsets.

    A tuple: the result is cached, so a caller must not be able to change it for the next.

    >>> persons_named("Mike Pompeo met Hassan Rouhani.")
    ((0, 'Mike Pompeo'), (16, 'Hassan Rouhani'))
    """
    out = []
    for m in _NAME.finditer(text):
        name = _person(m.group(0))
        if name:
            out.append((m.start(), name))
    return tuple(out)


@lru_cache(maxsize=8192)
def _person(name: str) -> str | None:
    """The person a capitalised run of words (``name``, as found) names, or None: the same
    names recur across an article and its neighbours, and cleaning each again was most
    of persons_named."""
    person = clean_name(name)
    if len(person.split()) >= 2 and classify_speaker(person) == "named":
        return person
    return None


def resolve_surnames(sentences: list[Sentence]) -> None:
    """Give every named speaker its fullest form in the article: 'Pompeo' -> 'Mike Pompeo'."""
    full: dict[str, str] = {}
    for s in sentences:
        for _, name in persons_named(s.text):
            last = name.split()[-1]
            if len(name) > len(full.get(last, "")):
                full[last] = name
    for s in sentences:
        fixed = []
        for name, cue, kind in s.attributions:
            if kind == "named":
                last = name.split()[-1]
                if last in full and full[last].endswith(name):
                    name = full[last]
            fixed.append((name, cue, kind))
        s.attributions = fixed
        if fixed:
            s.speaker, s.cue, s.speaker_type = fixed[0]
