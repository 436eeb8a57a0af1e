"""What a speaker's name is: cleaned of what is not a name, and what kind of source it names.

A speaker is ``named`` ("Mike Pompeo"), ``anonymous`` ("a senior US official")
or ``institutional`` ("the State Department"); a function word, a date, page
furniture or a fragment cut from a headline is no speaker at all ("").

>>> clean_name("Secretary of State Mike Pompeo"), classify_speaker("a senior US official")
('Mike Pompeo', 'anonymous')
>>> clean_name("JUST WATCHED Obama"), clean_name("The")
('Obama', '')
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon

#: Words a noun phrase before a cue may start with that are no part of it ("But", "When").
LEADING_WORDS = re.compile(
    r"^(?:But|And|So|Still|However|Yet|Meanwhile|Also|Then|Now|Later|Earlier|While|When|As|"
    r"After|Before|On|In|At|Yesterday|Today|Tonight|Last|This|That|Though|Although|Instead|"
    r"Separately|Similarly|Likewise|Indeed|Moreover|Further|Furthermore|Following|Here|"
    r"There|Said)\s+"
)


_POSSESSOR = re.compile(r"^(?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*[’']s\s+(?=.*[A-Z])")


DETERMINERS = (
    "a an the one two three four five six several multiple many some other another numerous "
    "unnamed anonymous various most few"
).split()


@lru_cache(maxsize=4096)
def clean_name(name: str) -> str:
    """'Secretary of State Mike Pompeo' -> 'Mike Pompeo'; "Iran's President X" -> 'X'.

    What is left is a name, a body or a description, a pronoun in lower case, or
    "" when nothing of a speaker is left ("The", "When", "JUST WATCHED").

    >>> clean_name("Indiana Gov. Mike Pence"), clean_name("Because of Donald John Trump")
    ('Mike Pence', 'Donald John Trump')
    >>> clean_name("He la"), clean_name("The"), clean_name("Privacy Policy")
    ('he', '', '')
    """
    name = name.strip(" ,.;:’'\"“”")
    name = re.sub(r"[’']s$", "", name)
    prev = None
    while prev != name:
        prev = name
        name = LEADING_WORDS.sub("", name)
        if classify_speaker(name) != "named" or len(name.split()) < 3:
            break
        name = _POSSESSOR.sub("", name)
    prev = None
    while prev != name:
        prev = name
        stripped = lexicon.TITLES.sub("", name).strip()
        if stripped and stripped[0].isupper():
            name = stripped
    return trim_name(name.strip(" ,.;:"))


#: Words that open a noun phrase: "advisers to the president" (not "the system to collapse").
_NP_STARTS = frozenset(
    """the a an his her their its our my your this that these those every each all some any
    both""".split()
)
_CONTRACTION = re.compile(r"[’'](?:ll|d|s|re|m|ve)$", re.I)
_FURNITURE = re.compile(
    r"\b(?:Privacy Policy|Terms of (?:Use|Service)|Getty Images|AP Photo|Sign Up|Newsletter)\b"
)


def trim_name(name: str) -> str:
    """A speaker without the words around its name that are no part of it.

    Drops what a capitalised run picks up in front of a name (a conjunction, a
    preposition, a pronoun, a word in capitals such as "JUST WATCHED", a gerund
    cut from a headline), the titles and roles before a person's name, and a
    particle or date word after it. A lone pronoun comes back in lower case; ""
    means no speaker is left.

    >>> [trim_name(n) for n in ["JUST WATCHED Obama", "Kushner de", "Requiring President Trump"]]
    ['Obama', 'Kushner', 'Trump']
    >>> [trim_name(n) for n in ["Joint Chiefs Chairman Gen. Martin Dempsey", "the senator", "US"]]
    ['Martin Dempsey', 'the senator', 'US']
    >>> [trim_name(n) for n in ["and some", "he and others", "the allies", "the freedom of those"]]
    ['some', 'others', 'the allies', '']
    """
    if not name:
        return name
    if not name[0].isupper():
        # "and some", "as many", "he and others": the description without its lead-in.
        words = name.split()
        while len(words) > 1 and words[0] in lexicon.NOT_NAME_WORDS:
            if words[0] in ("the", "a", "an", "his", "her", "their", "its", "our"):
                break
            words.pop(0)
        # A description is a noun phrase: one cut mid-phrase ("the freedom of those",
        # "a check on a") or holding a finite verb ("house Democrats plan to…") is not.
        if len(words) > 1 and (
            len(words) > 12
            or words[-1] in lexicon.NOT_NAME_WORDS
            and words[-1] not in ("some", "others", "many")
            or any(lexicon.common_word_tag(w) in ("VBD", "VBZ", "VBP", "MD") for w in words)
            or any(
                a == "to" and b not in _NP_STARTS for a, b in zip(words, words[1:], strict=False)
            )
        ):
            return ""  # "the system to collapse": a clause, not who spoke
        return " ".join(words)
    if _FURNITURE.search(name):
        return ""
    name = lexicon.FURNITURE_PREFIX.sub("", name) or name  # "POLITICO" alone is an outlet
    words = name.split()
    if len(words) == 1 and _CONTRACTION.search(name):
        bare = _CONTRACTION.sub("", name).lower()  # "I’ll say it", "He’d said"
        return bare if bare in lexicon.PRONOUNS else ""
    for i, word in enumerate(words[:-1]):
        # "CBS’s Tillerson", "Iowa State University's Dianne Bystrom": the person.
        if word.endswith(("’s", "'s")) and words[i + 1][:1].isupper() and i < 4:
            words = words[i + 1 :]
            break
    while len(words) > 1 and (
        words[-1].lower() in lexicon.NAME_PARTICLES
        or words[-1].lower().strip(".,") in lexicon.CALENDAR_WORDS
        or words[-1].lower() in lexicon.NOT_NAME_WORDS
        and not (words[-1].isupper() and len(words[-1]) > 1)
    ):
        words.pop()
    while words:
        word = words[0]
        bare = word.strip(".,’'\"“”").lower()
        if bare.endswith(("’s", "'s")):
            bare = bare[:-2]  # "Here’s Clinton"
        acronym = word.isupper() and 1 < len(word) <= 3  # "US", "UN", not "WHEN"
        pronoun = _CONTRACTION.sub("", bare)  # "I’ll", "He’d"
        if (
            len(words) == 1
            and pronoun in lexicon.PRONOUNS
            and pronoun not in ("his", "her", "their")
        ):
            return pronoun
        function_word = bare in lexicon.NOT_NAME_WORDS and not acronym
        if function_word and (bare != "the" or len(words) < 2) or bare in lexicon.CALENDAR_WORDS:
            words.pop(0)
        elif (
            len(words) > 1
            and word[:1].isupper()
            and lexicon.common_word_tag(bare) in ("VBG", "VBD", "VBZ", "RB", "IN")
            and words[1][:1].isupper()
        ):
            words.pop(0)  # "Requiring President Donald Trump", "Said Comey"
        else:
            break
    if not words or not any(w[:1].isupper() for w in words):
        return " ".join(words) if words and words[0].islower() else ""
    if len(words) == 1 and words[0].strip(".").lower() in ("jr", "sr", "ii", "iii"):
        return ""  # the end of "Donald Trump Jr.", cut off its name
    # The person after the last title: "South Carolina Republican Sen. Tim Scott".
    for i in range(len(words) - 2, -1, -1):
        rest = words[i + 1 :]
        if (
            words[i].lower() in lexicon.TITLE_WORDS
            and all(w[:1].isupper() or w.lower() in lexicon.NAME_PARTICLES for w in rest)
            and not any(w.lower() in lexicon.INSTITUTION_WORDS for w in rest)
            and words[i] != words[0].lower()
        ):
            words = rest
            break
    return " ".join(words)


@lru_cache(maxsize=4096)
def classify_speaker(name: str) -> str:
    """named | anonymous | institutional, from the words of a speaker description."""
    words = [w.lower().strip(".,’'") for w in name.split()]
    if not words:
        return "anonymous"
    if words[0] in DETERMINERS and words[0] != "the":
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
        or len(words) > 1
        and words[-1] in lexicon.PLACE_HEADS
        or (len(words) <= 2 and words[-1] in lexicon.PLACES)
        or (words[0] == "the" and len(words) > 1)
    ):
        return "institutional"
    if name.replace(".", "").isupper() and len(name) <= 8:
        return "institutional"
    if not name[:1].isupper():
        return "anonymous"
    return "named"
