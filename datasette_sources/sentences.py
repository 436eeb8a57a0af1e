"""Split a body into sentences and say whose voice each one is in.

Every sentence gets a ``kind``:

- ``quote``: it carries a direct quotation of someone's words;
- ``attributed``: reported speech or paraphrase with a cue ("said", "according to");
- ``opinion``: the writer's own judgement, prediction or speculation;
- ``author``: the writer's plain statement.

>>> [s.kind for s in label(split(["Iran is playing an extremely dangerous game."]))]
['opinion']
>>> s = label(split(['"We will respond," Pompeo said.']))[0]
>>> s.kind, s.speaker, s.cue
('quote', 'Pompeo', 'said')
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import lexicon
from .model import Sentence

_OPEN = "“«„"
_CLOSE = "”»“"
_BOUNDARY = re.compile(r"[.!?…]+(?:[\"”’'»)\]]+)?(?=\s+[\"“‘'«(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_SIC = re.compile(r"\[\s*sic\s*\]|\(\s*sic\s*\)", re.I)
_BRACKETS = re.compile(r"\[[^\[\]]{1,60}\]")
_WORDS = re.compile(r"[A-Za-z’'-]+")


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the quotations in ``text``, quote marks included.

    Curly, straight and guillemet double quotes; single curly quotes when they
    open at a word start; a quotation never closed runs to the end.

    >>> t = 'He said "yes, we will" and left.'
    >>> [t[a:b] for a, b in quotation_spans(t)]
    ['"yes, we will"']
    """
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "“«„" or c == '"':
            closer = {"“": "”", "«": "»", "„": "“", '"': '"'}[c]
            j = text.find(closer, i + 1)
            if c == "“":
                # A curly quote opened but closed with a straight one, or never.
                k = text.find('"', i + 1)
                if j == -1 or (k != -1 and k < j and text.find("“", i + 1, k) == -1):
                    j = k
            if j == -1:
                spans.append((i, n))
                break
            spans.append((i, j + 1))
            i = j + 1
            continue
        if c == "‘" and (i == 0 or not text[i - 1].isalnum()):
            m = re.compile(r"’(?![A-Za-z])").search(text, i + 1)
            if m:
                spans.append((i, m.end()))
                i = m.end()
                continue
        i += 1
    return spans


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
    next_word = _WORDS.match(text, next_start + (1 if text[next_start] in "\"“‘'«([" else 0))
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
    spans = [(a, b) for a, b in quotation_spans(paragraph) if b < len(paragraph) or paragraph[-1] in "\"”»’"]
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


def split(paragraphs: Iterable[str]) -> list[Sentence]:
    """Split paragraphs into numbered :class:`Sentence` objects, kind not yet decided."""
    out: list[Sentence] = []
    for p_no, para in enumerate(paragraphs):
        for text in split_paragraph(para):
            out.append(Sentence(text=text, position=len(out), paragraph=p_no))
    return out


# --- speakers -----------------------------------------------------------------

_NAME_TOKEN = r"(?:[A-Z][\w’'.-]*|al-[A-Z][\w-]*|bin|ibn|de|da|van|von|der|la|le|du|Abu|Abd)"
_NAME = re.compile(rf"{_NAME_TOKEN}(?:\s+(?:of\s+(?:the\s+)?)?{_NAME_TOKEN})*")
_LEADING = re.compile(r"^(?:But|And|So|Still|However|Yet|Meanwhile|Also|Then|Now|Later|Earlier)\s+")
_DET_NP = re.compile(
    r"\b((?:a|an|the|one|two|three|four|five|several|multiple|many|some|other|another|"
    r"two|three|numerous|unnamed|anonymous)\b(?:\s+[\w’'-]+){0,5}?\s+("
    + "|".join(sorted(lexicon.ANONYMOUS_HEADS, key=len, reverse=True))
    + r"))\b(?:\s+(?:familiar with|close to|in|at|of|from|who|for)\b[^,;]*)?",
    re.I,
)
_BARE_ANON = re.compile(
    r"\b((?:[A-Z][\w.]*\s+)?(?:officials|sources|residents|diplomats|experts|analysts|critics|"
    r"witnesses|aides|insiders|observers|lawmakers|many|some|others))\b",
)


def _clean_name(name: str) -> str:
    name = name.strip(" ,.;:’'")
    name = re.sub(r"[’']s$", "", name)
    name = _LEADING.sub("", name)
    prev = None
    while prev != name:
        prev = name
        name = lexicon.TITLES.sub("", name).strip()
    return name


def _classify_speaker(name: str) -> str:
    words = [w.lower().strip(".,") for w in name.split()]
    if not words:
        return "anonymous"
    if words[0] in ("a", "an", "one", "two", "three", "four", "five", "several", "multiple",
                    "many", "some", "other", "another", "numerous", "unnamed", "anonymous"):
        return "anonymous"
    if words[-1] in lexicon.ANONYMOUS_HEADS and not (name[:1].isupper() and len(words) > 1
                                                      and words[-1] in ("spokesman", "spokeswoman")):
        return "anonymous"
    if any(w in lexicon.INSTITUTION_WORDS for w in words) or (
        len(words) == 1 and words[0] in lexicon.PLACES
    ) or (words[0] == "the" and len(words) > 1):
        return "institutional"
    if name.isupper() and len(name) <= 6:
        return "institutional"
    return "named"


def _np_before(text: str) -> str | None:
    """The noun phrase that ends ``text``: the subject of a cue that follows."""
    text = text.rstrip(" ,")
    if not text:
        return None
    m = re.search(r"\b(he|she|they|it|we|i)$", text, re.I)
    if m:
        return m.group(1).lower()
    tail = text[-160:]
    d = None
    for d in _DET_NP.finditer(tail):
        pass
    if d and d.end() >= len(tail) - 2:
        return d.group(0).strip()
    names = list(_NAME.finditer(tail))
    if names and names[-1].end() >= len(tail) - 1:
        name = names[-1].group(0)
        # Widen to "the State Department" / "Iran's Foreign Ministry spokesman".
        m2 = re.search(r"\b(the\s+)?" + re.escape(name) + r"$", tail)
        if m2 and m2.group(1):
            return "the " + name
        return name
    b = None
    for b in _BARE_ANON.finditer(tail):
        pass
    if b and b.end() >= len(tail) - 1:
        return b.group(1)
    return None


def _np_after(text: str) -> str | None:
    """The noun phrase that starts ``text``: the subject of an inverted cue."""
    text = text.lstrip(" ,")
    m = re.match(r"(he|she|they|it|we|i)\b", text, re.I)
    if m:
        return m.group(1).lower()
    d = _DET_NP.match(text)
    if d:
        return d.group(0).strip()
    m = re.match(r"(?:the\s+)?(?:[a-z-]+\s+){0,3}?(" + _NAME.pattern + ")", text)
    if m and m.start(1) < 40:
        return m.group(0) if m.group(0).lower().startswith("the ") else m.group(1)
    return None


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with its quotations blanked out, same length."""
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            chars[i] = " "
    return "".join(chars)


def _quoted_words(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b].strip("\"“”«»„‘’ ") for a, b in spans]


def _find_cue(outside: str) -> re.Match | None:
    best = None
    for m in lexicon.CUE.finditer(outside):
        word = m.group(0).split()[0].lower()
        if word in ("called", "calls", "questions", "thought", "posted", "states", "state",
                    "charged", "reported", "reports", "praised", "condemns", "condemned",
                    "dismissed", "rejected", "describes", "described", "estimates"):
            # Common outside speech; count only next to a quotation or a name + that.
            if not re.search(r"\b" + word + r"\b\s+(that|to\b)", outside[m.start():]) and \
                    not re.search(r"[,:]\s*$", outside[: m.start()]):
                continue
        best = m
        break
    return best


def attribute(s: Sentence) -> None:
    """Find the cue and speaker of one sentence and set quotations, kind and voice."""
    text = s.text
    spans = quotation_spans(text)
    quoted = _quoted_words(text, spans)
    s.quotations = [q for q in quoted if len(q.split()) >= 1]
    outside = _mask(text, spans)
    cue = _find_cue(outside)
    speaker = None
    if cue:
        s.cue = cue.group(0)
        before = outside[: cue.start()]
        after = outside[cue.end():]
        c0 = cue.group(0).lower()
        if c0.startswith("according to"):
            speaker = _np_after(after)
        elif c0.startswith(("in a ", "in an ")):
            speaker = _np_before(before.rstrip()) or _np_after(after)
            if speaker is None:
                m = re.search(r"(\b[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)[^.]*$", before)
                speaker = m.group(1) if m else None
        elif re.match(r"(?:is|are|was|were) ", c0):
            speaker = "unnamed sources"
        else:
            speaker = _np_before(before)
            if speaker is None or re.search(r"[,”\"]\s*$", before):
                after_np = _np_after(after)
                if re.search(r"[,”\"]\s*$", before) and after_np:
                    speaker = after_np
                elif speaker is None:
                    speaker = after_np
    if speaker:
        speaker = _clean_name(speaker) if speaker not in lexicon.PRONOUNS else speaker
        s.speaker = speaker or None
    # A quotation of four words or more, or one the cue introduces, is a quote.
    long_quote = any(len(q.split()) >= 4 for q in quoted)
    if long_quote and (cue or len(quoted) and _is_speech_shaped(text, spans)):
        s.kind = "quote"
    elif cue and s.speaker:
        s.kind = "attributed"
    elif long_quote:
        s.kind = "quote"
    elif cue and s.cue.lower().startswith(("according to", "in a statement")):
        s.kind = "attributed"
    s.has_sic = bool(_SIC.search(text))
    s.brackets = [b for b in _BRACKETS.findall(text)]


def _is_speech_shaped(text: str, spans: list[tuple[int, int]]) -> bool:
    """A quotation that is most of the sentence, or ends in its own punctuation."""
    inside = sum(b - a for a, b in spans)
    if inside >= 0.6 * len(text):
        return True
    return any(text[a:b].rstrip("\"”»’ ")[-1:] in ",.?!" for a, b in spans)


def _opinion_markers(text: str, outside: str) -> list[str]:
    markers: list[str] = []
    words = [w.lower().strip("’'") for w in _WORDS.findall(outside)]
    for i, w in enumerate(words):
        if w in lexicon.EVALUATIVE:
            markers.append(w)
        elif w in lexicon.INTENSIFIERS and i + 1 < len(words) and words[i + 1] in lexicon.EVALUATIVE:
            markers.append(w)
    markers += [m.group(0).lower() for m in lexicon.IDIOMS.finditer(outside)]
    if lexicon.FIRST_PERSON.search(outside.replace("U.S.", "").replace("US ", "")):
        fp = [m.group(0) for m in lexicon.FIRST_PERSON.finditer(outside)]
        fp = [w for w in fp if w != "US" and w != "I" or w == "I"]
        if any(w.lower() in ("we", "our", "us", "i", "my", "me") and w != "US" for w in fp):
            markers.append("first person")
    return markers


def label(sentences: list[Sentence]) -> list[Sentence]:
    """Decide the kind, speaker and cue of every sentence, in article order.

    Pronoun speakers are resolved to the nearest named speaker before them;
    a quotation that runs on after "said X." keeps X as its speaker.
    """
    last_named: str | None = None
    for i, s in enumerate(sentences):
        attribute(s)
        prev = sentences[i - 1] if i else None
        if s.kind == "quote" and not s.speaker and prev and prev.paragraph == s.paragraph \
                and prev.kind == "quote" and prev.speaker:
            s.speaker, s.cue = prev.speaker, s.cue or prev.cue
        elif s.kind == "quote" and not s.speaker and prev and prev.paragraph == s.paragraph:
            # "... made it clear. “They’re going to be held accountable.”"
            if prev.speaker:
                s.speaker = prev.speaker
        if s.speaker in lexicon.PRONOUNS:
            s.speaker = last_named if s.speaker not in ("it", "we", "i") else s.speaker
            if s.speaker in ("it", "we", "i"):
                s.speaker = None
        if s.speaker:
            s.speaker_type = _classify_speaker(s.speaker)
            s.anonymous = s.speaker_type == "anonymous"
            if s.speaker_type == "named":
                last_named = s.speaker
        else:
            mentioned = _last_person(s.text)
            if mentioned:
                last_named = mentioned
        spans = quotation_spans(s.text)
        outside = _mask(s.text, spans)
        s.hedges = [m.group(0).lower() for m in lexicon.HEDGES.finditer(outside)]
        if s.kind == "author":
            s.opinion_markers = _opinion_markers(s.text, outside)
            strong = [m for m in s.opinion_markers]
            weak = re.findall(r"\b(may|might|could|would)\b", outside)
            if strong or (s.hedges and not s.cue) or len(weak) >= 2:
                s.kind = "opinion"
    _resolve_surnames(sentences)
    return sentences


def _last_person(text: str) -> str | None:
    names = [m.group(0) for m in _NAME.finditer(text) if len(m.group(0).split()) >= 2]
    names = [_clean_name(n) for n in names]
    names = [n for n in names if n and _classify_speaker(n) == "named" and len(n.split()) >= 2]
    return names[-1] if names else None


def _resolve_surnames(sentences: list[Sentence]) -> None:
    """Give every speaker its fullest form in the article: 'Pompeo' -> 'Mike Pompeo'."""
    full: dict[str, str] = {}
    for s in sentences:
        for m in _NAME.finditer(s.text):
            name = _clean_name(m.group(0))
            parts = name.split()
            if len(parts) >= 2 and _classify_speaker(name) == "named":
                full.setdefault(parts[-1], name)
                if len(name) > len(full[parts[-1]]):
                    full[parts[-1]] = name
    for s in sentences:
        if s.speaker and s.speaker_type == "named":
            last = s.speaker.split()[-1]
            if last in full and full[last].endswith(s.speaker):
                s.speaker = full[last]
