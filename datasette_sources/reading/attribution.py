"""Attribution in one sentence: its cues ("said", "according to"), their speakers, its quotations.

>>> s = Sentence('"We will respond," Pompeo said.')
>>> attribute(s)
>>> s.kind, s.speaker, s.cue
('quote', 'Pompeo', 'said')
"""

from __future__ import annotations

import re

from ..model import Sentence
from . import lexicon
from .quotations import (
    is_quoted_title,
    is_speech_shaped,
    mask_quotations,
    quotation_spans,
    quoted_texts,
)
from .speakers import classify_speaker, clause_subject, clean_name, speaker_after, speaker_before

_SIC = re.compile(r"\[\s*sic\s*\]|\(\s*sic\s*\)", re.I)


_BRACKETS = re.compile(r"\[[^\[\]]{1,60}\]")


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


# The checks below look back from a cue over white space only: a search of the whole
# text before each cue would cost a sentence's length for each of its cues.
def last_visible(text: str, end: int) -> str:
    """The last character before ``end`` that is not white space ('' if none).

    >>> last_visible("Smith,  ", 8), last_visible("   ", 3)
    (',', '')
    """
    while end and text[end - 1].isspace():
        end -= 1
    return text[end - 1] if end else ""


def after_quotation_or_start(text: str, at: int) -> bool:
    """Does ``at`` follow a closing quote mark (and a comma), or only white space?

    >>> after_quotation_or_start('"We will," said', 10), after_quotation_or_start("He said", 3)
    (True, False)
    """
    end = at
    while end and text[end - 1].isspace():
        end -= 1
    if end and text[end - 1] == ",":
        end -= 1
        return bool(end) and text[end - 1] in "”\"’'"
    return not end or text[end - 1] in "”\"’'"


def find_cues(outside: str, text: str | None = None) -> list[re.Match]:
    """Every cue in the text outside quotations, in order, without overlaps."""
    text = outside if text is None else text
    if not _CUE_WORDS.intersection(lexicon.WORD.findall(outside.lower())):
        return []  # no word that could start a cue: most sentences, cheaply
    found = []
    for m in lexicon.CUE.finditer(outside):
        word = m.group(0).split()[0].lower()
        if word in _WEAK_CUES:
            # Common outside speech; a cue only before "that"/"to" or after a quotation.
            after = outside[m.end() : m.end() + 30]
            if (
                not re.match(r"\s*(?:on \w+\s+|in \w+\s+)?(?:that|to\b|it\b)", after)
                and last_visible(outside, m.start()) not in (",", ":")
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


def _speaker_for(
    cue: re.Match, text: str, outside: str, spans: list[tuple[int, int]]
) -> str | None:
    c0 = cue.group(0).lower().lstrip(", ")
    before, after = outside[: cue.start()], outside[cue.end() :]
    if c0.startswith(("according to", "citing")):
        return speaker_after(after)
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
    inverted = after_quotation_or_start(text, cue.start())
    if inverted:
        return speaker_after(after) or None
    if c0.endswith("ing") and last_visible(outside, cue.start()) == ",":
        # "Albright urged women to vote for Clinton, saying…": the subject speaks.
        return clause_subject(before)
    segment = before[max(before.rfind(q) for q in '“”"') + 1 :] if spans else before
    speaker = speaker_before(segment)
    if speaker is None:
        speaker = speaker_after(after) if last_visible(outside, cue.start()) in (",", ":") else None
    return speaker


def attribute(s: Sentence) -> None:
    """Find the cues and speakers of one sentence and set its quotations and kind."""
    text = s.text
    spans = quotation_spans(text)
    quoted = quoted_texts(text, spans)
    s.quotations = quoted
    outside = mask_quotations(text, spans)
    attributions: list[tuple[str, str | None, str, int]] = []
    statement_cue = None
    for cue in find_cues(outside, text):
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
        subj = speaker_before(outside[: statement_cue.start()].split(",")[0]) or speaker_after(
            outside
        )
        if subj:
            attributions.append((subj, statement_cue.group(0), "", statement_cue.start()))
    cleaned = []
    for speaker, cue_text, _, at in attributions:
        name = speaker if speaker in lexicon.PRONOUNS else clean_name(speaker)
        if not name:
            continue
        if name.startswith("The "):
            name = "the " + name[4:]
        kind = "pronoun" if name in lexicon.PRONOUNS else classify_speaker(name)
        cleaned.append((name, cue_text, kind, at))
    # The speaker of the sentence is the one whose cue sits nearest its quotation.
    # A quotation of four words or more, or a whole utterance ('"We are ready," he said').
    long_spans = [
        sp
        for sp, q in zip(spans, quoted, strict=True)
        if not is_quoted_title(q)
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
    if long_spans and (s.attributions or is_speech_shaped(text, spans)):
        s.kind = "quote"
    elif s.attributions:
        s.kind = "attributed"
    elif long_spans and is_speech_shaped(text, spans):
        s.kind = "quote"
    s.has_sic = bool(_SIC.search(text))
    s.brackets = list(_BRACKETS.findall(text))
