"""Split paragraphs into sentences: never inside a closed quotation, after an
abbreviation, an initial or a decimal.

>>> [s.text for s in split_sentences(["It rained. Then it stopped.", "New paragraph."])]
['It rained.', 'Then it stopped.', 'New paragraph.']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Sentence
from . import lexicon
from .quotations import quotation_spans

_BOUNDARY = re.compile(r"[.!?…]+(?:[\"”’'»)\]]+)?(?=\s+(?:''|``|[\"“‘'«(\[])?[A-Z0-9])")


_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def _ends_sentence(text: str, end: int, next_start: int) -> bool:
    """Is the punctuation just before ``end`` a real sentence end?"""
    head = text[:end].rstrip("\"”’'»)]")
    if not head.endswith("."):
        return True
    m = _WORD_BEFORE.search(head)
    if not m:
        return True
    word = m.group(1)
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
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(paragraph):
        end = m.end()
        if any(a < end - 1 < b - 1 for a, b in spans):
            continue
        nxt = end
        while nxt < len(paragraph) and paragraph[nxt].isspace():
            nxt += 1
        if not _ends_sentence(paragraph, end, nxt):
            continue
        piece = paragraph[start:end].strip()
        if piece:
            out.append(piece)
        start = nxt
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


#: A sentence's end in any script: 。！？ (no space follows in Chinese or Japanese), ! and ?,
#: or a full stop (Latin . and …, Arabic ؟ and ۔, Devanagari ।) before a space or the end.
_ANY_END = re.compile(r"(?:[。！？!?]+|[.…؟۔।]+(?=[\s\"”’'»)\]」』）]|$))[\"”’'»)\]」』）]*")


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
        piece = paragraph[start : m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


def split_sentences(paragraphs: Iterable[str]) -> list[Sentence]:
    """Split paragraphs into numbered :class:`Sentence` objects, kind not yet decided."""
    out: list[Sentence] = []
    for p_no, para in enumerate(paragraphs):
        for text in split_paragraph(para):
            out.append(Sentence(text=text, position=len(out), paragraph=p_no))
    return out
