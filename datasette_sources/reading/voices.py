"""Whose voice is each sentence in: attribution, then speakers across sentences, then opinion.

Every sentence gets a ``kind``:

- ``quote``: it carries a direct quotation of someone's words;
- ``attributed``: reported speech or paraphrase with a cue ("said", "according to");
- ``opinion``: the writer's own judgement, prediction or speculation;
- ``author``: the writer's plain statement.

>>> from datasette_sources.reading.sentences import split_sentences
>>> text = "Iran is playing an extremely dangerous game."
>>> [s.kind for s in label_sentences(split_sentences([text]))]
['opinion']
>>> s = label_sentences(split_sentences(['"We will respond," Pompeo said.']))[0]
>>> s.kind, s.speaker, s.cue
('quote', 'Pompeo', 'said')
"""

from __future__ import annotations

import re

from ..model import Sentence
from . import lexicon
from .attribution import attribute
from .names import classify_speaker, clean_name
from .opinion import SHIPPED_MODEL, mark_opinions, sentence_words
from .quotations import mask_quotations, quotation_spans
from .speakers import (
    ROLE_TAIL,
    clause_subject,
    persons_named,
    resolve_surnames,
)
from .titles import TitledPeople


def label_sentences(
    sentences: list[Sentence], opinion_model: object = SHIPPED_MODEL
) -> list[Sentence]:
    """Decide the kind, speakers and cue of every sentence of one article, in order.

    The stages, each over the whole article: attribution sentence by sentence;
    speakers resolved across sentences; opinion in the writer's own voice
    (``opinion_model=None``: by the rules alone).
    """
    # Each sentence's words outside its quotations, found once for every stage.
    words = [sentence_words(s) for s in sentences]
    for s, w in zip(sentences, words, strict=True):
        attribute(s, w)
    resolve_speakers(sentences)
    mark_opinions(sentences, opinion_model, words)
    return sentences


def resolve_speakers(sentences: list[Sentence]) -> list[Sentence]:
    """Speakers that need the sentences around them.

    A pronoun ("he said") takes the nearest named person before it; "the secretary"
    the person an earlier sentence gave that title; a quotation that runs on after
    "said X." keeps X; a surname takes the fullest form of the name in the article.
    Attributed sentences left with no speaker keep their kind, with speaker type
    ``unresolved``; only "I said" and "we argued" are the writer's own (``author``).
    """
    last_person: str | None = None
    titled = TitledPeople(sentences)
    for i, s in enumerate(sentences):
        outside = mask_quotations(s.text, quotation_spans(s.text))
        resolved = []
        # "I said", "we argued" alone: the writer's own voice.
        writer = bool(s.attributions) and all(a[0] in ("we", "i") for a in s.attributions)
        for name, cue, kind in s.attributions:
            role = ROLE_TAIL.search(name) if kind != "pronoun" else None
            if role and role.start() == 0:
                # "the secretary said": the person an earlier sentence gave that title.
                person = titled.latest(i, role.group(1))
                if person:
                    name, kind = person, "named"
            if kind == "pronoun":
                if name in ("it", "we", "i", "they"):
                    continue  # "they" is no one person; "it" and "we" name nobody here
                at = s.text.find(cue) if cue else len(s.text)
                here = [p for off, p in persons_named(outside[: max(0, at)])]
                name = here[-1] if here else last_person
                if not name:
                    continue
                kind = "named"
            resolved.append((name, cue, kind))
        s.attributions = resolved
        cue = s.cue
        s.speaker = s.speaker_type = None
        if resolved:
            s.speaker, s.cue, s.speaker_type = resolved[0]
        elif s.kind == "attributed" and writer:
            s.kind, s.cue = "author", None
        elif s.kind == "quote" or (s.kind == "attributed" and _reports(cue)):
            # "It said…" with nothing to resolve "it" to: reported, by someone unknown.
            s.cue, s.speaker_type = cue, "unresolved"
        elif s.kind == "attributed":
            s.kind, s.cue = "author", None  # "It also reveals the limits of…": no speech
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
        people = list(persons_named(outside))
        for name, _, kind in s.attributions:
            if kind == "named":
                people.append((len(s.text), name))
        if people:
            last_person = max(people)[1]
    carry_speakers(sentences)
    resolve_surnames(sentences)
    drop_capitalised_words(sentences)
    return sentences


#: Tags of ordinary words that a sentence's first capital can make look like a name.
_ORDINARY_TAGS = frozenset("VBG VBD VBN VBZ VB RB RBR IN WRB CC DT JJR MD".split())


def drop_capitalised_words(sentences: list[Sentence]) -> None:
    """Unresolve one-word speakers that are ordinary words capitalised by the sentence start.

    "Continuing, …", "Elsewhere in his statement, …", "Mused one ally: …": a word
    that the article never capitalises inside a sentence is no name ("Manning" is,
    when the article also writes "Chelsea Manning" or "said Manning").
    """
    suspects = {
        s.speaker
        for s in sentences
        if s.speaker
        and s.speaker_type in ("named", "institutional")
        and " " not in s.speaker
        and (
            lexicon.common_word_tag(s.speaker.lower()) in _ORDINARY_TAGS
            or s.speaker.lower() in lexicon.DEMONYMS
        )
    }
    if not suspects:
        return
    names = {
        w
        for s in sentences
        for w in suspects
        if re.search(
            # "said Manning", "Mark Cuban" (not "The Chinese"): a name inside a sentence.
            (
                r"\b(?!The\b|A\b|An\b)[A-Z][\w’'.-]*\s+"
                if w.lower() in lexicon.DEMONYMS
                else r"(?<=[\w,’'] )"
            )
            + re.escape(w)
            + r"\b",
            s.text,
        )
    }
    for s in sentences:
        if s.speaker in suspects and s.speaker not in names:
            s.attributions = [a for a in s.attributions if a[0] != s.speaker]
            s.speaker = s.cue = s.speaker_type = None
            if s.attributions:
                s.speaker, s.cue, s.speaker_type = s.attributions[0]


#: Verbs that report speech even when who spoke cannot be resolved ("It said…").
_REPORTING = frozenset(
    "said says say told tells announced stated reported wrote writes added noted claimed "
    "argued warned denied confirmed according".split()
)


def _reports(cue: str | None) -> bool:
    return bool(cue) and cue.split()[0].lower() in _REPORTING


_QUOTE_MARK = re.compile(r"[“”\"«»„]|''|``")
_DASH_LINE = re.compile(r"^\s*[-–—―]{1,2}\s*([A-Z][^.;:]{1,80}?)\.?\s*$")


def _take(s: Sentence, source: Sentence) -> None:
    s.speaker, s.cue, s.speaker_type = source.speaker, source.cue, source.speaker_type
    s.attributions = [(s.speaker, s.cue, s.speaker_type)]
    s.anonymous = s.speaker_type == "anonymous"


def _attributes_at_start(s: Sentence) -> bool:
    """Does ``s`` open with its speaker and cue ("Trump said of Apple…", "said Kunin.")?"""
    if not s.speaker or not s.cue:
        return False
    at = s.text.find(s.cue)
    return 0 <= at <= 60 and not _QUOTE_MARK.search(s.text[:at])


def _open_at_end(s: Sentence) -> bool:
    """Does a quotation open in ``s`` and not close: a quotation running into the next paragraph?"""
    spans = quotation_spans(s.text)
    if not spans or spans[-1][1] < len(s.text):
        return False
    a = spans[-1][0]
    tail = s.text.rstrip()
    return not (len(tail) - a > 1 and (tail[-1] in '”"»' or tail.endswith("''")))


def carry_speakers(sentences: list[Sentence]) -> None:
    """Quotations whose speaker is named in another sentence or paragraph.

    - The next sentence of the paragraph attributes it: "“Who do they think they
      are?” Trump said of Apple in February." (also "“…” said Kunin.").
    - It opens a paragraph after "Cruz continued:" or "Stated Stone:", or after a
      paragraph whose quotation is still open (a quotation of several paragraphs
      marks only its start in each), or after a paragraph ending with a quotation
      by X when it is a paragraph of quotation alone: X goes on speaking.
    - A paragraph "- Sanders." after a quotation names its speaker.
    """
    for s, nxt in zip(sentences, sentences[1:], strict=False):
        if (
            s.kind == "quote"
            and not s.speaker
            and nxt.paragraph == s.paragraph
            and nxt.speaker
            and (nxt.kind == "quote" or _attributes_at_start(nxt))
        ):
            _take(s, nxt)
    # Is each paragraph quotation alone: every sentence a quote with no cue of its own?
    alone: dict[int, bool] = {}
    for x in sentences:
        alone[x.paragraph] = alone.get(x.paragraph, True) and x.kind == "quote" and not x.cue
    for i, s in enumerate(sentences):
        if s.kind != "quote" or s.speaker or i == 0:
            continue
        prev = sentences[i - 1]
        if prev.paragraph == s.paragraph:
            if prev.kind == "quote" and prev.speaker:
                _take(s, prev)  # the run-on rule, again, after the rules below
            continue
        quotation_alone = alone[s.paragraph]
        if prev.speaker and (
            prev.text.rstrip().endswith(":")
            or _open_at_end(prev)
            and prev.kind == "quote"
            or quotation_alone
            and prev.kind == "quote"
            and _QUOTE_MARK.match(s.text.lstrip())
        ):
            _take(s, prev)
        elif prev.text.rstrip().endswith(":") and not prev.speaker:
            subject = clause_subject(prev.text)
            name = clean_name(subject) if subject and subject not in lexicon.PRONOUNS else ""
            if name and classify_speaker(name) == "named":
                s.speaker, s.cue, s.speaker_type = name, None, "named"
                s.attributions = [(name, None, "named")]
    for i, s in enumerate(sentences[1:], start=1):
        dash = _DASH_LINE.match(s.text)
        if not dash:
            continue
        name = clean_name(dash.group(1).split(",")[0])
        if not name or classify_speaker(name) == "anonymous":
            continue
        j = i - 1
        while j >= 0 and sentences[j].kind == "quote" and not sentences[j].speaker:
            sentences[j].speaker, sentences[j].cue = name, "―"
            sentences[j].speaker_type = classify_speaker(name)
            sentences[j].attributions = [(name, "―", sentences[j].speaker_type)]
            j -= 1
