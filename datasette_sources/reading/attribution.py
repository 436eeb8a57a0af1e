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
from .cues import cue_matches, extra_cue_matches
from .names import classify_speaker, clean_name
from .quotations import (
    is_quoted_title,
    is_speech_shaped,
    mask_quotations,
    quotation_spans,
    quoted_texts,
)
from .speakers import clause_subject, speaker_after, speaker_before
from .tokens import SentenceWords

_SIC = re.compile(r"\[\s*sic\s*\]|\(\s*sic\s*\)", re.I)


_BRACKETS = re.compile(r"\[[^\[\]]{1,60}\]")


_WEAK_CUES = frozenset(
    "continued continues pressed sang sings resisted believe charge "
    "called calls questions thought posted states state charged reported reports praised "
    "condemns condemned dismissed rejected describes described estimates observed observes "
    "mentioned mentions answered indicated indicates agreed agrees blamed blames "
    "reflected repeated advised recommended touted touts reacted cried remembered wondered "
    "wonders thanked answers mocked mocks railed chanted".split()
)


#: Cue words that are also nouns: after a determiner they are the thing said, not the saying
#: ("The remarks spurred condemnation", "His claims", "In tweets later on Friday").
_NOUN_CUES = frozenset(
    "comment comments remarks remark claim claims demand demands state states tweet tweets "
    "note notes question questions call calls report reports charge charges promise promises "
    "pledge pledges vow vows estimate estimates answer answers reply replies post posts "
    "warning warnings statement insists concern concerns denies believe".split()
)
_DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|his|her|their|its|our|my|your|that|this|these|those|in|of|such|whose|"
    r"any|no|some|many|several|recent|latest|earlier|later|new|own|public|private|angry|"
    r"those|with|for|by|and)|[’']s)\s+$",
    re.I,
)


#: Phrases with a speech verb that report nobody: "That said,", "all was said and done".
_NOT_CUES = re.compile(
    r"\b(?:that said|having said that|(?:all|everything) (?:is|was) said and done|needless to "
    r"say|so to speak|so-called|to say nothing of|goes without saying|suffice it to say|"
    r"truth be told|as the saying goes|easier said than done|said to be|what is called)\b"
)  # searched in the lower-cased text

#: After a weak cue: "that", "it", or "to" someone ("reported to the police"), not "to" a verb
#: ("few journalists thought to ask").
_THAT_FOLLOWS = re.compile(
    r"\s*(?:on \w+\s+|in \w+\s+)?(?:that|it\b|to\s+(?:[A-Z]|(?:the|a|an|his|her|their|its)\b))"
)
#: "we'll be told", "was asked": the subject hears the words, it does not speak them.
_PASSIVE_BEFORE = re.compile(r"\b(?:be|been|being|is|are|was|were|get|gets|got)\s+$")
_QUOTE_FOLLOWS = re.compile(r"[^.;“”\"]{0,60}?[:,]?\s*[“\"]")
_PASSIVE_BY = re.compile(r"\s+by\s+(?=\S)")
_DATE_FOLLOWS = re.compile(r"\s*(?:" + "|".join(sorted(lexicon.CALENDAR_WORDS)) + ")", re.I)


#: Up to four capitalised words after a dash, ending the text. (Words apart by white space:
#: "(?:[A-Z][\w.-]*\s*){1,4}" could split one long word in n ** 3 ways, and did, on a
#: hyphenated run of capitals.)
_DASH_SPEAKER = re.compile(
    r"[―—–-]{1,2}\s*((?:[A-Z][\w’'.-]*\s+){0,3}?[A-Z][\w’'.-]*\s*)(?:,[^,]{0,80})?\s*[.)]?\s*$"
)
#: Characters from the end of a sentence a dash speaker is looked for in (it ends the text).
DASH_SPEAKER_REACH = 300


_COLON_SPEAKER = re.compile(r"^\s*((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'.-]*)\s*:\s*(?=[“\"‘'`])")


#: The first words of every cue, so that sentences with none skip the cue search.
_CUE_WORDS = lexicon.SPEECH_VERBS | frozenset(
    "according fired shot hit pushed went made issued citing calling what spoke speaking "
    "statement interview email letter tweet post release conference speech memo report filing "
    "believed thought understood expected quoted points pointed chimed chimes weighed weighs "
    "piped summed swiped".split()
)
#: The multi-word cues whose first word is too common for the word gate: "put it", "took aim".
_PHRASE_GATE = re.compile(r"\b(?:puts? it|t(?:ook|akes) aim)\b")


#: Cues whose object is who was spoken to: ", told CBS News" names the listener.
_ADDRESSED = frozenset("told tells tell asked asks informed warned urged thanked".split())

#: A name, and nothing else, closing the clause after a cue: ", said Mr. Bauer, now …".
_NAME_CLOSES = re.compile(r"\s*(?:[A-Z][\w.’'-]*\s+){0,4}[A-Z][\w.’'-]*\s*(?:[,.;]|$)")


#: "… and joked", "… but told his supporters": a second verb whose subject opens the clause.
_COORDINATED = re.compile(r"[^,]\s(?:and|but|then|before)(?:\s+\w+ly)?\s*$")


#: ", a veteran consultant who …," or ", 44, a home-care aide," closing the text before a cue.
_TRAILING_APPOSITION = re.compile(
    r",\s+(?:(?:a|an|the|who|whose|which|\d+)\b|(?:[A-Z][\w.’'-]*\s)*(?:[a-z][\w’'-]*\s){0,3}"
    r"(?:of|for|at)\b)[^;:]{0,200},\s*$"
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


def find_cues(
    outside: str, text: str | None = None, words: SentenceWords | None = None
) -> list[re.Match]:
    """Every cue in the text outside quotations, in order, without overlaps.

    ``words``: the words of ``outside``, when the caller has them already.
    """
    text = outside if text is None else text
    if words is None or words.text != outside:
        words = SentenceWords(outside)
    lower = words.lower
    runs = words.lower_runs if words.caseless else lexicon.WORD.findall(lower)
    if not _CUE_WORDS.intersection(runs) and not (
        ("put" in lower or "aim" in lower) and _PHRASE_GATE.search(lower)
    ):
        return []  # no word that could start a cue: most sentences, cheaply
    # A cue that opens the sentence is capitalised: "According to X", "Said Comey".
    searched = outside[:1].lower() + outside[1:]
    found = []
    for m in cue_matches(searched):
        word = m.group(0).split()[0].lower()
        if outside[m.start() - 1 : m.start()] == "-":
            continue  # "Senate-confirmed"
        start = max(0, m.start() - 24)
        idiom = _NOT_CUES.search(lower, start, m.end() + 24)
        if idiom and idiom.start() <= m.start() < idiom.end():
            continue  # "That said,", "needless to say"
        if word in _NOUN_CUES and _DETERMINER_BEFORE.search(
            outside[max(0, m.start() - 12) : m.start()]
        ):
            continue
        if word in _WEAK_CUES:
            # Common outside speech; a cue only before "that"/"to", next to a quotation.
            after = outside[m.end() : m.end() + 30]
            if (
                not _THAT_FOLLOWS.match(after)
                and last_visible(outside, m.start()) not in (",", ":")
                and not _AFTER_QUOTATION.search(text[max(0, m.start() - 60) : m.start()])
                and not _QUOTE_FOLLOWS.match(text[m.end() : m.end() + 80])
            ):
                continue
        found.append(m)
    found += extra_cue_matches(searched)
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
    if c0.split()[0] in _ADDRESSED and _PASSIVE_BEFORE.search(before):
        return None  # "we’ll be told there’s a new variant"
    passive = _PASSIVE_BY.match(after)
    if passive and c0.split()[0].endswith("ed"):
        # "a ban urged by a president from his own party": the agent speaks.
        return speaker_after(after[passive.end() :])
    # "…,” said Pompeo" / "…,” Pompeo said" / "Pompeo said".
    # Inverted only straight after a quotation: "…,” said Pompeo".
    inverted = after_quotation_or_start(text, cue.start())
    if inverted or (
        last_visible(outside, cue.start()) == ","
        and c0.split()[0] not in _ADDRESSED
        and _NAME_CLOSES.match(after)
        and not _DATE_FOLLOWS.match(after)
    ):
        # "…,” said Pompeo", and "The system … to collapse, said Mr. Bauer, now …".
        return speaker_after(after) or None
    if c0.split()[0].endswith("ing") and last_visible(outside, cue.start()) == ",":
        # "Albright urged women to vote for Clinton, saying…": the subject speaks.
        return clause_subject(before)
    if _COORDINATED.search(before[-30:]):
        # "Silverman was joined on stage by Al Franken and joked, …": the subject again.
        return clause_subject(before)
    segment = before[max(before.rfind(q) for q in '“”"') + 1 :] if spans else before
    # An apposition is at most a few hundred characters: search those, not the whole text.
    appos = (
        _TRAILING_APPOSITION.search(segment, max(0, len(segment) - 400))
        if segment.rstrip().endswith(",")
        else None
    )
    if appos:
        # "Alex Castellanos, a veteran consultant who …, said": the name before the comma.
        segment = segment[: appos.start()]
    speaker = speaker_before(segment)
    if speaker is None:
        speaker = speaker_after(after) if last_visible(outside, cue.start()) in (",", ":") else None
    return speaker


def colon_before_quotation(text: str, spans: list[tuple[int, int]]) -> int | None:
    """Where a colon introduces a quotation ("X agreed: “…”"), or None.

    >>> colon_before_quotation('Pollsters agree - Carl Bialik: "Keep calling."', [(31, 46)])
    29
    """
    for a, _ in spans:
        end = a  # looked back over white space only, not the whole text before each span
        while end and text[end - 1].isspace():
            end -= 1
        if end > 1 and text[end - 1] == ":":
            return end - 1
    return None


_PARENTHESIS_END = re.compile(r"\s*\([^()]{0,40}\)\s*$")
_WHEN_END = re.compile(r"\s+(?:in|on|at)\s+(?:[A-Z]\w+\.?\s*)?\d{0,4}\s*$")


def colon_speaker(before: str) -> str | None:
    """The speaker of "… X: “quotation”": the name the colon follows, else the clause's subject.

    >>> colon_speaker("The timing doesn’t surprise Republican pollster Daron Shaw")
    'Daron Shaw'
    >>> colon_speaker("Clinton has since apologized for what happened")
    'Clinton'
    """
    # The endings cut below are short: searched for in the last 300 characters, since
    # a search of the whole text tries every start in a run of white space.
    head, before = before[:-300], before[-300:]
    before = _WHEN_END.sub("", _PARENTHESIS_END.sub("", before))
    # "RUSSIAN PRESIDENT VLADIMIR PUTIN, SAYING:" (a wire's soundbite line).
    before = head + re.sub(r",?\s+(?:saying|said|says)\s*$", "", before, flags=re.I)
    # "Headline words - Carl Bialik:", "More from Jones:": the part after the dash.
    before = re.split(r"\s[-–—]\s*|\bfrom\s+(?=[A-Z])", before)[-1]
    speaker = speaker_before(before)
    if speaker and classify_speaker(clean_name(speaker)) != "anonymous":
        return speaker
    subject = clause_subject(before)
    if subject and subject.lower() not in ("it", "this", "that", "there", "here"):
        return subject
    return speaker


def attribute(s: Sentence, words: SentenceWords | None = None) -> None:
    """Find the cues and speakers of one sentence and set its quotations and kind.

    ``words``: the sentence's words outside its quotations, when the caller has them.
    """
    text = s.text
    spans = quotation_spans(text)
    quoted = quoted_texts(text, spans)
    s.quotations = quoted
    outside = words.text if words is not None else mask_quotations(text, spans)
    attributions: list[tuple[str, str | None, str, int]] = []
    statement_cue = None
    for cue in find_cues(outside, text, words):
        speaker = _speaker_for(cue, text, outside, spans)
        if cue.group(0).lower().startswith(("in a ", "in an ")):
            statement_cue = cue
            continue
        if speaker:
            attributions.append((speaker, cue.group(0).lstrip(", "), "", cue.start()))
    if not attributions and spans:
        # "“…” ― Carlos Raúl" and "Marco Rubio: ‘…’": a dash or a colon as the cue.
        dash = _DASH_SPEAKER.search(text, max(0, len(text) - DASH_SPEAKER_REACH))
        colon = _COLON_SPEAKER.match(text)
        if dash and dash.start() >= spans[-1][1] - 1:
            attributions.append((dash.group(1), "―", "", dash.start()))
        elif colon:
            attributions.append((colon.group(1), ":", "", colon.end()))
        else:
            at = colon_before_quotation(text, spans)
            speaker = colon_speaker(outside[:at]) if at is not None else None
            if speaker:
                attributions.append((speaker, ":", "", at))
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
    if s.kind in ("quote", "attributed") and not s.speaker:
        s.speaker_type = "unresolved"
    # Both need a bracket: most sentences have none, and skip the scans.
    s.has_sic = ("[" in text or "(" in text) and bool(_SIC.search(text))
    s.brackets = list(_BRACKETS.findall(text)) if "[" in text else []
