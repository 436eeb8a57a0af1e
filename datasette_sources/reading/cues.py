"""Where a cue can stand: the cue patterns tried only at the words that open one.

:data:`lexicon.CUE` alternates some 330 verbs and phrases, and ``EXTRA_CUES`` the
cues no verb list holds ("fired back", "took aim at", ", citing"). Scanning such an
alternation at every position of every sentence cost more than the rest of finding
cues; every cue opens with a whole word (as ``\\b`` sees words), so the patterns are
tried only where one of those words stands, with the same matches.

>>> [m.group(0) for m in cue_matches("officials said on Monday")]
['said']
"""

from __future__ import annotations

import re

from . import lexicon

#: Cues no verb list holds: "fired back", "made clear", "took aim at", ", citing".
EXTRA_CUES = re.compile(
    r"\b(?:(?:fired|shot|hit|pushed) back|went on|made (?:it )?clear|"
    r"points? out|pointed out|chimed in|chimes in|weighed in|weighs in|piped up|"
    r"summed (?:it )?up|put it|puts it|swiped at|took aim at|takes aim at|"
    r"issued an? (?:\w+ )?(?:warning|statement)|"
    r"(?:, )?citing|calling (?:it|them|him|her|the \w+)|(?:was|were) quoted|"
    r"what (?:many|some|critics|others|observers) (?:have )?(?:seen|see|call|called|consider|"
    r"described|describe)|"
    r"(?:spoke|speaking) (?:to|with) [A-Z]\w*)\b"
)


#: A word as ``\b`` sees it. Every cue opens with a whole one (its first letter
#: lower-cased at the sentence's start): one of these for lexicon.CUE, of the
#: other for EXTRA_CUES (", citing" too: the comma comes before the word).
_WORD_CHARACTERS = re.compile(r"\w+")
CUE_STARTS = lexicon.SPEECH_VERBS | frozenset("according in is are was were".split())
EXTRA_STARTS = frozenset(
    "fired shot hit pushed went made point points pointed chimed chimes weighed weighs piped "
    "summed put puts swiped took takes issued citing calling was were what spoke speaking".split()
)


def cue_matches(searched: str) -> list[re.Match]:
    """The matches of ``lexicon.CUE.finditer(searched)``, tried only where a word that
    opens a cue stands: scanning the long alternation of cues at every position of
    every sentence cost more than all the rest of find_cues.

    >>> [m.group(0) for m in cue_matches("he said on Monday it was said to be")]
    ['said', 'was said to']
    """
    found: list[re.Match] = []
    end = 0
    for w in _WORD_CHARACTERS.finditer(searched):
        if w.start() >= end and w.group() in CUE_STARTS:
            m = lexicon.CUE.match(searched, w.start())
            if m:
                found.append(m)
                end = m.end()
    return found


def extra_cue_matches(searched: str) -> list[re.Match]:
    """The matches of ``EXTRA_CUES.finditer(searched)``; none without a word that opens one.

    >>> [m.group(0) for m in extra_cue_matches("the minister pointed out, citing reports")]
    ['pointed out', ', citing']
    """
    if EXTRA_STARTS.isdisjoint(_WORD_CHARACTERS.findall(searched)):
        return []
    return list(EXTRA_CUES.finditer(searched))
