"""Who speaks: the noun phrase next to a cue, cleaned to a name, and what kind of source it is.

A speaker is ``named`` ("Mike Pompeo"), ``anonymous`` ("a senior US official")
or ``institutional`` ("the State Department").

>>> clean_name("Secretary of State Mike Pompeo"), classify_speaker("a senior US official")
('Mike Pompeo', 'anonymous')
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Sentence
from . import lexicon

_NAME_TOKEN = (
    r"(?:(?:[A-Z]\.)+|[A-Z][\w’'.-]*|al-[A-Z][\w-]*|el-[A-Z][\w-]*|bin|ibn|de|da|van|von|der|"
    r"la|le|du|dos|del)"
)


_NAME = re.compile(rf"(?<![\w’'-]){_NAME_TOKEN}(?:\s+(?:of\s+(?:the\s+)?|for\s+)?{_NAME_TOKEN})*")


_LEADING = re.compile(
    r"^(?:But|And|So|Still|However|Yet|Meanwhile|Also|Then|Now|Later|Earlier|While|When|As|"
    r"After|Before|On|In|At|Yesterday|Today|Tonight|Last|This|That|Though|Although|Instead|"
    r"Separately|Similarly|Likewise|Indeed|Moreover|Further|Furthermore|Following|Here|"
    r"There|Said)\s+"
)


_POSSESSOR = re.compile(r"^(?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*[’']s\s+(?=.*[A-Z])")


_DETERMINERS = (
    "a an the one two three four five six several multiple many some other another numerous "
    "unnamed anonymous various most few"
).split()


_DET_NP = re.compile(
    r"\b((?:"
    + "|".join(_DETERMINERS)
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
    r"(?:officials|sources|residents|diplomats|experts|analysts|critics|witnesses|aides|"
    r"insiders|observers|lawmakers|investigators|officers|advisers|activists|protesters|"
    r"protestors|people|many|some|others|forces|militias|groups|rebels|authorities|"
    r"forecasters|researchers|economists|scientists|doctors|prosecutors|police|organizers|"
    r"organisers|historians|pollsters|strategists|advocates|supporters|opponents|lawyers|"
    r"attorneys|scholars|voters|leaders|executives|employees|workers|students|parents|"
    r"neighbors|neighbours|relatives|friends|families|victims|survivors|farmers|traders))\b",
    re.I,
)


#: Auxiliaries and adverbs between a subject and its cue: "officials have also said".
_AUX_WORDS = frozenset(
    """
    has have had would will also not did does do is was were are reportedly previously later
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
        if cut < 0 or text[cut + 1 :].lower() not in _AUX_WORDS:
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


ROLE_TAIL = re.compile(r"\bthe\s+(?:[a-z]+\s+)?(" + "|".join(lexicon.ROLES) + r")\s*$", re.I)


_PRONOUN_TAIL = re.compile(r"\b(he|she|they|it|we|i)\s*$", re.I)


@lru_cache(maxsize=4096)
def clean_name(name: str) -> str:
    """'Secretary of State Mike Pompeo' -> 'Mike Pompeo'; "Iran's President X" -> 'X'."""
    name = name.strip(" ,.;:’'\"“”")
    name = re.sub(r"[’']s$", "", name)
    prev = None
    while prev != name:
        prev = name
        name = _LEADING.sub("", name)
        if classify_speaker(name) != "named" or len(name.split()) < 3:
            break
        name = _POSSESSOR.sub("", name)
    prev = None
    while prev != name:
        prev = name
        stripped = lexicon.TITLES.sub("", name).strip()
        if stripped and stripped[0].isupper():
            name = stripped
    return name.strip(" ,.;:")


@lru_cache(maxsize=4096)
def classify_speaker(name: str) -> str:
    """named | anonymous | institutional, from the words of a speaker description."""
    words = [w.lower().strip(".,’'") for w in name.split()]
    if not words:
        return "anonymous"
    if words[0] in _DETERMINERS and words[0] != "the":
        return "anonymous"
    if words[-1] in lexicon.ANONYMOUS_HEADS:
        if (
            words[-1] in ("spokesman", "spokeswoman", "spokesperson")
            and name[:1].isupper()
            and words[0] != "the"
        ):
            return "institutional"
        return "anonymous"
    if words[0] == "unnamed":
        return "anonymous"
    if (
        any(w in lexicon.INSTITUTION_WORDS for w in words)
        or (len(words) <= 2 and words[-1] in lexicon.PLACES)
        or (words[0] == "the" and len(words) > 1)
    ):
        return "institutional"
    if name.replace(".", "").isupper() and len(name) <= 8:
        return "institutional"
    if not name[:1].isupper():
        return "anonymous"
    return "named"


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
    for end in reversed(ends[1:]):
        found = _speaker_ending(text[:end])
        if found:
            return found
    return _speaker_ending(text)


def _speaker_ending(text: str) -> str | None:
    text = _strip_aux(text[-240:])
    if not text.strip():
        return None
    m = _PRONOUN_TAIL.search(text)
    if m:
        return m.group(1).lower()
    m = ROLE_TAIL.search(text)
    if m and not text[m.start() :].split()[1][:1].isupper():
        return m.group(0).lower()  # "the secretary": resolved to a person in label()
    tail = text[-160:]
    d = (list(_DET_NP.finditer(tail)) or [None])[-1]
    if d and d.end() >= len(tail.rstrip()) - 1:
        return d.group(0).strip()
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
    return None


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
    r"asked|responding|according)\b[^,]*,\s*",
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
    return speaker_after(_LEADING.sub("", clause))


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


@lru_cache(maxsize=256)
def persons_named(text: str) -> tuple[tuple[int, str], ...]:
    """Named people mentioned in ``text`` (two words or more), with their offsets.

    A tuple: the result is cached, so a caller must not be able to change it for the next.

    >>> persons_named("Mike Pompeo met Hassan Rouhani.")
    ((0, 'Mike Pompeo'), (16, 'Hassan Rouhani'))
    """
    out = []
    for m in _NAME.finditer(text):
        name = clean_name(m.group(0))
        if len(name.split()) >= 2 and classify_speaker(name) == "named":
            out.append((m.start(), name))
    return tuple(out)


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
