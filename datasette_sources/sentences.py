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
from functools import lru_cache

from . import lexicon
from .model import Sentence

_OPEN = "“«„"
_CLOSE = "”»“"
_BOUNDARY = re.compile(r"[.!?…]+(?:[\"”’'»)\]]+)?(?=\s+(?:''|``|[\"“‘'«(\[])?[A-Z0-9])")
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
    return list(_quotation_spans(text))


_QUOTE_OPENERS = re.compile(r"''|``|[“«„\"‘]")
_SINGLE_CLOSER = re.compile(r"’(?![A-Za-z])")


@lru_cache(maxsize=1024)
def _quotation_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        hit = _QUOTE_OPENERS.search(text, i)
        if not hit:
            break
        i = hit.start()
        c = hit.group(0)
        if len(c) == 2:
            # ''typewriter quotes'' and ``TeX quotes'', as some wires write them.
            j = text.find("''", i + 2)
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
            m = _SINGLE_CLOSER.search(text, i + 1)
            if m:
                spans.append((i, m.end()))
                i = m.end()
                continue
        i += 1
    return tuple(spans)


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


def split(paragraphs: Iterable[str]) -> list[Sentence]:
    """Split paragraphs into numbered :class:`Sentence` objects, kind not yet decided."""
    out: list[Sentence] = []
    for p_no, para in enumerate(paragraphs):
        for text in split_paragraph(para):
            out.append(Sentence(text=text, position=len(out), paragraph=p_no))
    return out


# --- speakers -----------------------------------------------------------------

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
_ROLE_TAIL = re.compile(r"\bthe\s+(?:[a-z]+\s+)?(" + "|".join(lexicon.ROLES) + r")\s*$", re.I)
_PRONOUN_TAIL = re.compile(r"\b(he|she|they|it|we|i)\s*$", re.I)


@lru_cache(maxsize=4096)
def _clean_name(name: str) -> str:
    """'Secretary of State Mike Pompeo' -> 'Mike Pompeo'; "Iran's President X" -> 'X'."""
    name = name.strip(" ,.;:’'\"“”")
    name = re.sub(r"[’']s$", "", name)
    prev = None
    while prev != name:
        prev = name
        name = _LEADING.sub("", name)
        if _classify_speaker(name) != "named" or len(name.split()) < 3:
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
def _classify_speaker(name: str) -> str:
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


def _np_before(text: str) -> str | None:
    """The noun phrase that ends ``text``: the subject of a cue that follows it."""
    # "Pompeo, in a recent CNN interview, made it clear": skip the aside.
    aside = re.search(r",[^,]{1,80},$", text.rstrip())
    if aside and aside.start() > 0:
        found = _np_before(text[: aside.start()])
        if found:
            return found
    text = _strip_aux(text[-240:])
    if not text.strip():
        return None
    m = _PRONOUN_TAIL.search(text)
    if m:
        return m.group(1).lower()
    m = _ROLE_TAIL.search(text)
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


def _np_after(text: str) -> str | None:
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


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with its quotations blanked out, same length."""
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def _quoted(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b].strip("\"“”«»„‘’'` ") for a, b in spans]


_SMALL_WORDS = frozenset("a an the of and or in on at to for with by from as vs".split())


def _is_title(quoted: str) -> bool:
    """'13 Hours: The Secret Soldiers of Benghazi': a quoted title, not someone's words."""
    words = [w for w in re.findall(r"[\w’'-]+", quoted) if w.lower() not in _SMALL_WORDS]
    if len(words) < 2:
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return capitalised >= 0.8 * len(words) and not quoted.rstrip().endswith((".", "?", "!"))


_WEAK_CUES = frozenset(
    "continued continues pressed sang sings resisted believe charge "
    "called calls questions thought posted states state charged reported reports praised "
    "condemns condemned dismissed rejected describes described estimates observed observes "
    "mentioned mentions answered indicated indicates agreed agrees blamed blames".split()
)
_EXTRA_CUES = re.compile(
    r"\b(?:(?:fired|shot|hit|pushed) back|went on|made (?:it )?clear|"
    r"issued an? (?:\w+ )?(?:warning|statement)|"
    r"(?:, )?citing|calling (?:it|them|him|her|the \w+)|(?:was|were) quoted|"
    r"what (?:many|some|critics|others|observers) (?:have )?(?:seen|see|call|called|consider|"
    r"described|describe)|"
    r"(?:spoke|speaking) (?:to|with) [A-Z]\w*)\b"
)


_DASH_SPEAKER = re.compile(
    r"[―—–-]{1,2}\s*((?:[A-Z][\w’'.-]*\s*){1,4}?)(?:,[^,]{0,80})?\s*[.)]?\s*$"
)
_COLON_SPEAKER = re.compile(r"^\s*((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'.-]*)\s*:\s*(?=[“\"‘'`])")
#: The first words of every cue, so that sentences with none skip the cue search.
_CUE_WORDS = lexicon.SPEECH_VERBS | frozenset(
    "according fired shot hit pushed went made issued citing calling what spoke speaking "
    "statement interview email letter tweet post release conference speech memo report filing "
    "believed thought understood expected quoted".split()
)
_AFTER_QUOTATION = re.compile(r"[”\"'’],?\s+(?:[\w.’'-]+\s+){0,3}$")


def _cues(outside: str, text: str | None = None) -> list[re.Match]:
    """Every cue in the text outside quotations, in order, without overlaps."""
    text = outside if text is None else text
    if not _CUE_WORDS.intersection(_WORDS.findall(outside.lower())):
        return []  # no word that could start a cue: most sentences, cheaply
    found = []
    for m in lexicon.CUE.finditer(outside):
        word = m.group(0).split()[0].lower()
        if word in _WEAK_CUES:
            # Common outside speech; a cue only before "that"/"to" or after a quotation.
            after = outside[m.end() : m.end() + 30]
            if (
                not re.match(r"\s*(?:on \w+\s+|in \w+\s+)?(?:that|to\b|it\b)", after)
                and not re.search(r"[,:]\s*$", outside[: m.start()])
                and not _AFTER_QUOTATION.search(text[max(0, m.start() - 60) : m.start()])
            ):
                continue
        found.append(m)
    found += list(_EXTRA_CUES.finditer(outside))
    found.sort(key=lambda m: m.start())
    out: list[re.Match] = []
    for m in found:
        if out and m.start() < out[-1].end():
            continue
        out.append(m)
    return out


_INTRODUCTORY = re.compile(
    r"^\s*(?:in|on|at|after|before|when|while|as|during|following|here|there|since|until|"
    r"although|though|because|if|despite|with|without|earlier|later|last|this|speaking|"
    r"asked|responding|according)\b[^,]*,\s*",
    re.I,
)


def _subject(clause: str) -> str | None:
    """The subject a clause starts with, past any introductory phrase."""
    clause = clause.lstrip()
    for _ in range(3):
        m = _INTRODUCTORY.match(clause)
        if not m:
            break
        clause = clause[m.end() :]
    return _np_after(_LEADING.sub("", clause))


def _speaker_for(
    cue: re.Match, text: str, outside: str, spans: list[tuple[int, int]]
) -> str | None:
    c0 = cue.group(0).lower().lstrip(", ")
    before, after = outside[: cue.start()], outside[cue.end() :]
    if c0.startswith(("according to", "citing")):
        return _np_after(after)
    if c0.startswith("what "):
        return c0.split()[1]
    if re.match(
        r"(?:is|are|was|were) (?:believed|said|reported|thought|understood|expected|"
        r"alleged)",
        c0,
    ):
        return "unnamed sources"
    if c0.startswith(("in a ", "in an ")):
        return None  # a modifier of another cue, or of the sentence's subject
    # "…,” said Pompeo" / "…,” Pompeo said" / "Pompeo said".
    # Inverted only straight after a quotation: "…,” said Pompeo".
    inverted = re.search(r"(?:[”\"’'],?|^)\s*$", text[: cue.start()]) is not None
    if inverted:
        return _np_after(after) or None
    if c0.endswith("ing") and re.search(r",\s*$", before):
        # "Albright urged women to vote for Clinton, saying…": the subject speaks.
        return _subject(before)
    segment = re.split(r"[“”\"]", before)[-1] if spans else before
    speaker = _np_before(segment)
    if speaker is None:
        speaker = _np_after(after) if re.search(r"[,:]\s*$", before) else None
    return speaker


def attribute(s: Sentence) -> None:
    """Find the cues and speakers of one sentence and set its quotations and kind."""
    text = s.text
    spans = quotation_spans(text)
    quoted = _quoted(text, spans)
    s.quotations = quoted
    outside = _mask(text, spans)
    attributions: list[tuple[str, str | None, str, int]] = []
    statement_cue = None
    for cue in _cues(outside, text):
        speaker = _speaker_for(cue, text, outside, spans)
        if cue.group(0).lower().startswith(("in a ", "in an ")):
            statement_cue = cue
            continue
        if speaker:
            attributions.append((speaker, cue.group(0).lstrip(", "), "", cue.start()))
    if not attributions and spans:
        # "“…” ― Carlos Raúl" and "Marco Rubio: ‘…’": a dash or a colon as the cue.
        dash = _DASH_SPEAKER.search(text)
        colon = _COLON_SPEAKER.match(text)
        if dash and dash.start() >= spans[-1][1] - 1:
            attributions.append((dash.group(1), "―", "", dash.start()))
        elif colon:
            attributions.append((colon.group(1), ":", "", colon.end()))
    if statement_cue and not attributions:
        # "Pompeo cited threats in a statement": the subject is the speaker.
        subj = _np_before(outside[: statement_cue.start()].split(",")[0]) or _np_after(outside)
        if subj:
            attributions.append((subj, statement_cue.group(0), "", statement_cue.start()))
    cleaned = []
    for speaker, cue_text, _, at in attributions:
        name = speaker if speaker in lexicon.PRONOUNS else _clean_name(speaker)
        if not name:
            continue
        if name.startswith("The "):
            name = "the " + name[4:]
        kind = "pronoun" if name in lexicon.PRONOUNS else _classify_speaker(name)
        cleaned.append((name, cue_text, kind, at))
    # The speaker of the sentence is the one whose cue sits nearest its quotation.
    # A quotation of four words or more, or a whole utterance ('"We are ready," he said').
    long_spans = [
        sp
        for sp, q in zip(spans, quoted, strict=True)
        if not _is_title(q)
        and len(q.split()) >= 4
        or cleaned
        and len(q.split()) >= 2
        and text[sp[0] : sp[1]].rstrip("\"”»’' ")[-1:] in ",.?!"
    ]
    if cleaned and long_spans:
        qa, qb = long_spans[0]
        cleaned.sort(key=lambda a: min(abs(a[3] - qa), abs(a[3] - qb)))
    s.attributions = [(n, c, k) for n, c, k, _ in cleaned]
    if s.attributions:
        s.speaker, s.cue, s.speaker_type = s.attributions[0]
    if long_spans and (s.attributions or _is_speech_shaped(text, spans)):
        s.kind = "quote"
    elif s.attributions:
        s.kind = "attributed"
    elif long_spans and _is_speech_shaped(text, spans):
        s.kind = "quote"
    s.has_sic = bool(_SIC.search(text))
    s.brackets = list(_BRACKETS.findall(text))


def _is_speech_shaped(text: str, spans: list[tuple[int, int]]) -> bool:
    """A quotation that is most of the sentence, or ends in its own punctuation."""
    inside = sum(b - a for a, b in spans)
    if inside >= 0.6 * len(text):
        return True
    return any(text[a:b].rstrip('"”»’ ')[-1:] in ",.?!" for a, b in spans)


def _opinion_markers(outside: str) -> tuple[list[str], int]:
    """The writer's-voice markers of opinion, and how many of them are idioms."""
    markers: list[str] = []
    words = [w.lower().strip("’'") for w in _WORDS.findall(outside)]
    for i, w in enumerate(words):
        if (
            w in lexicon.EVALUATIVE
            or w in lexicon.INTENSIFIERS
            and i + 1 < len(words)
            and words[i + 1] in lexicon.EVALUATIVE
        ):
            markers.append(w)
    idioms = [m.group(0).lower() for m in lexicon.IDIOMS.finditer(outside)]
    markers += idioms
    for m in lexicon.FIRST_PERSON.finditer(outside):
        w = m.group(0)
        if w == "US" or (w == "I" and outside[m.end() : m.end() + 1] == "."):
            continue  # the country, or an initial
        markers.append("first person: " + w.lower())
        break
    return markers, len(idioms)


def _titled_person(sentences: list[Sentence], role: str) -> str | None:
    """The latest person named right after ``role`` ("Secretary of State Mike Pompeo")."""
    pattern = re.compile(
        r"\b(?i:" + re.escape(role) + r")\b(?:\s+of\s+[A-Z]\w+)?\s+((?:[A-Z][\w’'.-]*\s*){2,4})"
    )
    for s in reversed(sentences):
        for m in reversed(list(pattern.finditer(s.text))):
            name = _clean_name(m.group(1).strip())
            if len(name.split()) >= 2 and _classify_speaker(name) == "named":
                return name
    return None


@lru_cache(maxsize=256)
def _persons(text: str) -> list[tuple[int, str]]:
    """Named people mentioned in ``text`` (two words or more), with their offsets."""
    out = []
    for m in _NAME.finditer(text):
        name = _clean_name(m.group(0))
        if len(name.split()) >= 2 and _classify_speaker(name) == "named":
            out.append((m.start(), name))
    return out


_DEFAULT = object()


def label(sentences: list[Sentence], opinion_model: object = _DEFAULT) -> list[Sentence]:
    """Decide the kind, speakers and cue of every sentence, in article order.

    A pronoun speaker ("he said") takes the nearest named person before it;
    a quotation that runs on after "said X." keeps X as its speaker. Sentences
    in the writer's own voice are judged opinion or not by the rules and the
    model in :mod:`datasette_sources.subjectivity` (``opinion_model=None``: rules only).
    """
    if opinion_model is _DEFAULT:
        from .subjectivity import load_model

        opinion_model = load_model()
    last_person: str | None = None
    for i, s in enumerate(sentences):
        attribute(s)
        outside = _mask(s.text, quotation_spans(s.text))
        resolved = []
        for name, cue, kind in s.attributions:
            role = _ROLE_TAIL.search(name) if kind != "pronoun" else None
            if role and role.start() == 0:
                # "the secretary said": the person an earlier sentence gave that title.
                person = _titled_person(sentences[: i + 1], role.group(1))
                if person:
                    name, kind = person, "named"
            if kind == "pronoun":
                if name in ("it", "we", "i"):
                    continue
                at = s.text.find(cue) if cue else len(s.text)
                here = [p for off, p in _persons(outside[: max(0, at)])]
                name = here[-1] if here else last_person
                if not name:
                    continue
                kind = "named"
            resolved.append((name, cue, kind))
        s.attributions = resolved
        s.speaker = s.cue = s.speaker_type = None
        if resolved:
            s.speaker, s.cue, s.speaker_type = resolved[0]
        elif s.kind == "attributed":
            s.kind = "author"
        prev = sentences[i - 1] if i else None
        if (
            s.kind == "quote"
            and not s.speaker
            and prev
            and prev.paragraph == s.paragraph
            and prev.speaker
        ):
            # The quotation runs on: "…,” said Pompeo. “There have been…”
            s.speaker, s.cue, s.speaker_type = prev.speaker, prev.cue, prev.speaker_type
            s.attributions = [(s.speaker, s.cue, s.speaker_type)]
        elif (
            s.kind == "quote"
            and not s.speaker
            and prev
            and prev.speaker
            and (prev.text.rstrip().endswith(":"))
        ):
            # "Vitter demanded:" then the quotation, in a paragraph of its own.
            s.speaker, s.cue, s.speaker_type = prev.speaker, prev.cue, prev.speaker_type
            s.attributions = [(s.speaker, s.cue, s.speaker_type)]
        s.anonymous = any(k == "anonymous" for _, _, k in s.attributions)
        people = _persons(outside)
        for name, _, kind in s.attributions:
            if kind == "named":
                people.append((len(s.text), name))
        if people:
            last_person = max(people)[1]
        s.hedges = [m.group(0).lower() for m in lexicon.HEDGES.finditer(outside)]
        if s.kind == "author":
            s.opinion_markers, idioms = _opinion_markers(outside)
            weak = re.findall(r"\b(may|might|could|would)\b", outside)
            rule = bool(s.opinion_markers or s.hedges or len(weak) >= 2)
            if opinion_model is None:
                s.kind = "opinion" if rule else "author"
            else:
                from .subjectivity import opinion_probability

                s.opinion_score = round(
                    opinion_probability(
                        s.text,
                        outside,
                        rule_opinion=rule,
                        model=opinion_model,
                        hedges=len(s.hedges),
                        idioms=idioms,
                    ),
                    4,
                )
                threshold = opinion_model.get("threshold", 0.5)  # type: ignore[union-attr]
                s.kind = "opinion" if s.opinion_score >= threshold else "author"
    # A quotation that opens one sentence and is attributed at the end of the next:
    # "''They didn't tell us. We learned it later,'' said Yaakov Amidror."
    for s, nxt in zip(sentences, sentences[1:], strict=False):
        if (
            s.kind == "quote"
            and not s.speaker
            and nxt.kind == "quote"
            and nxt.speaker
            and nxt.paragraph == s.paragraph
        ):
            s.speaker, s.cue, s.speaker_type = nxt.speaker, nxt.cue, nxt.speaker_type
            s.attributions = [(s.speaker, s.cue, s.speaker_type)]
    _resolve_surnames(sentences)
    return sentences


def _resolve_surnames(sentences: list[Sentence]) -> None:
    """Give every named speaker its fullest form in the article: 'Pompeo' -> 'Mike Pompeo'."""
    full: dict[str, str] = {}
    for s in sentences:
        for _, name in _persons(s.text):
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
