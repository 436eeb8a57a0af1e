"""Split paragraphs into sentences: never inside a closed quotation, after an
abbreviation, an initial or a decimal.

>>> [s.text for s in split_sentences(["It rained. Then it stopped.", "New paragraph."])]
['It rained.', 'Then it stopped.', 'New paragraph.']
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from ..model import Sentence
from . import lexicon
from .quotations import quotation_spans

# A run of end punctuation is tried from its first character only (the look-behind):
# tried from every character, a run of n dots costs n * n steps. The look-behind comes
# after the first mark ("no mark before this one"), so that the pattern opens with a set
# of characters and the engine skips in C to the next mark instead of trying every position.
_BOUNDARY = re.compile(
    r"[.!?…](?<![.!?…].)[.!?…]*(?:[\"”’'»)\]]+)?(?=\s+(?:''|``|[\"“‘'«(\[])?[A-Z0-9])"
)


_CLOSERS = "\"”’'»)]"
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


#: Longer than any sentence of real news (the longest in 3,300 articles of PolNeAR,
#: BASIL, AllSides and Horne 2017 has 2,581 characters): a longer run without a
#: sentence end is cut at white space, so that no stage reads one endless sentence.
MAX_SENTENCE = 5000


def word_before_dot(text: str, dot: int) -> str | None:
    """The word of letters and dots just before the full stop at ``dot``: 'Gen', 'U.S'.

    Scans back over that word only, so splitting a paragraph costs its length,
    not its length times its sentence ends.

    >>> word_before_dot("met Gen. Lee", 7), word_before_dot("the U.S. talks", 7)
    ('Gen', 'U.S')
    >>> word_before_dot("at 2.5.", 6) is None
    True
    """
    start = dot
    while start > 0 and text[start - 1] in _WORD_CHARS:
        start -= 1
    while start < dot and not text[start].isalpha():
        start += 1  # the word starts with a letter: "..U.S." is "U.S."
    return text[start:dot] if start < dot else None


def _ends_sentence(text: str, end: int, next_start: int) -> bool:
    """Is the punctuation just before ``end`` a real sentence end?"""
    stop = end
    while stop > 0 and text[stop - 1] in _CLOSERS:
        stop -= 1
    if not stop or text[stop - 1] != ".":
        return True
    word = word_before_dot(text, stop - 1)
    if not word:
        return True
    low = word.lower().rstrip(".")
    next_word = lexicon.WORD.match(text, next_start + (1 if text[next_start] in "\"“‘'«([" else 0))
    following = next_word.group(0).lower() if next_word else ""
    if len(word) == 1 and word.isupper():
        return False  # an initial: John F. Kennedy
    if "." in word.rstrip("."):
        # U.S. or p.m.: ends a sentence only if the next word starts one.
        if low in lexicon.DOTTED or re.fullmatch(r"(?:[a-z]\.)+[a-z]", low):
            return following in lexicon.SENTENCE_STARTERS
        return True
    if low in lexicon.ABBREVIATIONS:
        # "Sept. 28", "Col. Sean Ryan": not an end; "in Sept. The..." is.
        return following in lexicon.SENTENCE_STARTERS and low not in ("mr", "mrs", "ms", "dr")
    return True


def split_paragraph(paragraph: str) -> list[str]:
    """Split one paragraph into sentences.

    Never inside a quotation that closes in the paragraph, nor after
    abbreviations, initials or decimals.

    >>> split_paragraph("The U.S. Consulate was hit on Sept. 7. Col. Sean Ryan said so.")
    ['The U.S. Consulate was hit on Sept. 7.', 'Col. Sean Ryan said so.']
    """
    spans = [
        (a, b)
        for a, b in quotation_spans(paragraph)
        if b < len(paragraph) or paragraph[-1] in "\"”»’'"
    ]
    starts = [a for a, _ in spans]
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(paragraph):
        end = m.end()
        # Inside a quotation? Spans are in order and apart: only the last one opened counts.
        inside = bisect_left(starts, end - 1) - 1
        if inside >= 0 and end < spans[inside][1]:
            continue
        nxt = end
        while nxt < len(paragraph) and paragraph[nxt].isspace():
            nxt += 1
        if not _ends_sentence(paragraph, end, nxt):
            continue
        out += cut_long(paragraph[start:end].strip())
        start = nxt
    out += cut_long(paragraph[start:].strip())
    return out


def cut_long(sentence: str, limit: int = MAX_SENTENCE) -> list[str]:
    """``[sentence]``, or pieces of at most ``limit`` characters cut at white space.

    >>> cut_long("one two three four", limit=9)
    ['one two', 'three', 'four']
    >>> cut_long(""), cut_long("abcdefgh", limit=3)
    ([], ['abc', 'def', 'gh'])
    """
    if len(sentence) <= limit:
        return [sentence] if sentence else []
    pieces = []
    start, n = 0, len(sentence)
    while start < n:
        stop = start + limit
        if stop < n:
            space = max(sentence.rfind(" ", start, stop + 1), sentence.rfind("\n", start, stop + 1))
            if space > start:
                stop = space
        piece = sentence[start:stop].strip()
        if piece:
            pieces.append(piece)
        start = stop
        while start < n and sentence[start].isspace():
            start += 1
    return pieces


#: A sentence's end in any script: 。！？ (no space follows in Chinese or Japanese), ! and ?,
#: or a full stop (Latin . and …, Arabic ؟ and ۔, Devanagari ।) before a space or the end.
#: Runs are tried from their first mark only (the look-behinds), as in ``_BOUNDARY``.
_ANY_END = re.compile(
    r"(?:(?<![。！？!?])[。！？!?]+|(?<![.…؟۔।])[.…؟۔।]+(?=[\s\"”’'»)\]」』）]|$))"
    r"[\"”’'»)\]」』）]*"
)


def split_any_script(paragraph: str) -> list[str]:
    """Split a paragraph of any script at its sentence ends (for text not read as English).

    >>> split_any_script("市长辞职了。议会将开会！谁来接任？")
    ['市长辞职了。', '议会将开会！', '谁来接任？']
    >>> split_any_script("استقال رئيس البلدية. هل سيجتمع المجلس؟ نعم")
    ['استقال رئيس البلدية.', 'هل سيجتمع المجلس؟', 'نعم']
    """
    out: list[str] = []
    start = 0
    for m in _ANY_END.finditer(paragraph):
        out += cut_long(paragraph[start : m.end()].strip())
        start = m.end()
    out += cut_long(paragraph[start:].strip())
    return out


def split_sentences(paragraphs: Iterable[str]) -> list[Sentence]:
    """Split paragraphs into numbered :class:`Sentence` objects, kind not yet decided."""
    out: list[Sentence] = []
    for p_no, para in enumerate(paragraphs):
        for text in split_paragraph(para):
            out.append(Sentence(text=text, position=len(out), paragraph=p_no))
    return out
