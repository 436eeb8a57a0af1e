"""Quotations inside a sentence: where they are, what they say, and a key to trace them.

>>> t = 'He said "yes, we will" and left.'
>>> [t[a:b] for a, b in quotation_spans(t)], mask_quotations(t, quotation_spans(t))
(['"yes, we will"'], 'He said                and left.')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the quotations in ``text``, quote marks included.

    Curly, straight and guillemet double quotes; single curly quotes when they
    open at a word start; a quotation never closed runs to the end.

    >>> t = 'He said "yes, we will" and left.'
    >>> [t[a:b] for a, b in quotation_spans(t)]
    ['"yes, we will"']
    """
    if len(text) > 10_000:  # not a sentence: not worth a place in the cache
        return list(_quotation_spans.__wrapped__(text))
    return list(_quotation_spans(text))


_QUOTE_OPENERS = re.compile(r"''|``|[“«„\"‘]")


_SINGLE_CLOSER = re.compile(r"’(?![A-Za-z])")


class NextFinder:
    """``text.find(needle, start)`` for starts that never decrease, in linear time overall.

    The quotation sweep asks where the next closing mark is from ever later
    places; a plain ``find`` would scan the same unclosed stretch again for every
    opening mark (n marks, n * n steps). Each answer is kept until the sweep
    passes it, and "none" is kept for good.

    >>> f = NextFinder("a”b”c", "”")
    >>> f.find(0), f.find(1), f.find(2), f.find(4)
    (1, 1, 3, -1)
    """

    def __init__(self, text: str, needle: str | re.Pattern[str]):
        self.text, self.needle = text, needle
        self.start, self.found = -1, -1

    def find(self, start: int) -> int:
        if self.start >= 0 and self.start <= start and (self.found == -1 or self.found >= start):
            return self.found
        if isinstance(self.needle, str):
            self.found = self.text.find(self.needle, start)
        else:
            m = self.needle.search(self.text, start)
            self.found = m.start() if m else -1
        self.start = start
        return self.found


#: A closing mark of the wrong kind: ” after a straight opener, or “ after a word's end.
_MISMATCHED_CLOSER = re.compile(r"”|(?<=[\w,.?!])“(?=\s|$)")


@lru_cache(maxsize=1024)
def _quotation_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    closers = {c: NextFinder(text, c) for c in ("”", "»", "“", '"', "''")}
    single = NextFinder(text, _SINGLE_CLOSER)
    i, n = 0, len(text)
    while i < n:
        hit = _QUOTE_OPENERS.search(text, i)
        if not hit:
            break
        i = hit.start()
        c = hit.group(0)
        if len(c) == 2:
            # ''typewriter quotes'' and ``TeX quotes'', as some wires write them.
            j = closers["''"].find(i + 2)
            if j == -1:
                spans.append((i, n))
                break
            spans.append((i, j + 2))
            i = j + 2
            continue
        if c == '"' and i and text[i - 1].isdigit():
            i += 1  # an inch mark: 6'3"
            continue
        if c in "“«„" or c == '"':
            closer = {"“": "”", "«": "»", "„": "“", '"': '"'}[c]
            j = closers[closer].find(i + 1)
            if c == "“":
                # A curly quote opened but closed with a straight one, or never.
                k = closers['"'].find(i + 1)
                if j == -1 or (k != -1 and k < j and not -1 < closers["“"].find(i + 1) < k):
                    j = k
            if c in '“"':
                # Closed with the other kind of mark: '"…,” he said', '“…,“ said X',
                # and '"…,” he said. “…"' (there the straight mark closes the next one).
                m = _MISMATCHED_CLOSER.search(text, i + 1, j if j != -1 else n)
                if m and (j == -1 or text.find("“", m.end(), j) != -1):
                    j = m.start()
            if j == -1:
                spans.append((i, n))
                break
            spans.append((i, j + 1))
            i = j + 1
            continue
        if c == "‘" and (i == 0 or not text[i - 1].isalnum()):
            j = single.find(i + 1)
            if j != -1:
                spans.append((i, j + 1))  # the closer is one character
                i = j + 1
                continue
        i += 1
    return tuple(spans)


def mask_quotations(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with its quotations blanked out, same length.

    >>> mask_quotations('a "b" c "d"', [(2, 5), (8, 11)])
    'a     c    '
    """
    pieces, at = [], 0
    for a, b in spans:
        a = max(a, at)  # spans in order and apart, as quotation_spans gives them
        pieces += [text[at:a], " " * (b - a)]
        at = max(at, b)
    pieces.append(text[at:])
    return "".join(pieces)


def quoted_texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b].strip("\"“”«»„‘’'` ") for a, b in spans]


_SMALL_WORDS = frozenset("a an the of and or in on at to for with by from as vs".split())


def is_quoted_title(quoted: str) -> bool:
    """'13 Hours: The Secret Soldiers of Benghazi': a quoted title, not someone's words."""
    words = [w for w in re.findall(r"[\w’'-]+", quoted) if w.lower() not in _SMALL_WORDS]
    if len(words) < 2:
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return capitalised >= 0.8 * len(words) and not quoted.rstrip().endswith((".", "?", "!"))


def is_speech_shaped(text: str, spans: list[tuple[int, int]]) -> bool:
    """A quotation that is most of the sentence, or ends in its own punctuation."""
    inside = sum(b - a for a, b in spans)
    if inside >= 0.6 * len(text):
        return True
    return any(text[a:b].rstrip('"”»’ ')[-1:] in ",.?!" for a, b in spans)


def quote_key(text: str) -> str:
    """A normalised form of a quotation, to trace it across outlets.

    Curly and straight marks, [sic], bracketed insertions, ellipses, case and
    punctuation do not matter.

    >>> quote_key("“Iranian poxy [sic] militias …”") == quote_key('"Iranian poxy militias"')
    True
    """
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\[\s*sic\s*\]", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"\[([^\]]*)\]", r" \1 ", text)
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"[^\w\s']", " ", text)
    return " ".join(text.split())
