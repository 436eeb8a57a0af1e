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

from ..model import Sentence
from .attribution import attribute
from .opinion import SHIPPED_MODEL, mark_opinions
from .quotations import mask_quotations, quotation_spans
from .speakers import ROLE_TAIL, TitledPeople, persons_named, resolve_surnames


def label_sentences(
    sentences: list[Sentence], opinion_model: object = SHIPPED_MODEL
) -> list[Sentence]:
    """Decide the kind, speakers and cue of every sentence of one article, in order.

    The stages, each over the whole article: attribution sentence by sentence;
    speakers resolved across sentences; opinion in the writer's own voice
    (``opinion_model=None``: by the rules alone).
    """
    for s in sentences:
        attribute(s)
    resolve_speakers(sentences)
    mark_opinions(sentences, opinion_model)
    return sentences


def resolve_speakers(sentences: list[Sentence]) -> list[Sentence]:
    """Speakers that need the sentences around them.

    A pronoun ("he said") takes the nearest named person before it; "the secretary"
    the person an earlier sentence gave that title; a quotation that runs on after
    "said X." keeps X; a surname takes the fullest form of the name in the article.
    Attributed sentences left with no speaker are the writer's own (``author``).
    """
    last_person: str | None = None
    titled = TitledPeople(sentences)
    for i, s in enumerate(sentences):
        outside = mask_quotations(s.text, quotation_spans(s.text))
        resolved = []
        for name, cue, kind in s.attributions:
            role = ROLE_TAIL.search(name) if kind != "pronoun" else None
            if role and role.start() == 0:
                # "the secretary said": the person an earlier sentence gave that title.
                person = titled.latest(i, role.group(1))
                if person:
                    name, kind = person, "named"
            if kind == "pronoun":
                if name in ("it", "we", "i"):
                    continue
                at = s.text.find(cue) if cue else len(s.text)
                here = [p for off, p in persons_named(outside[: max(0, at)])]
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
        people = list(persons_named(outside))
        for name, _, kind in s.attributions:
            if kind == "named":
                people.append((len(s.text), name))
        if people:
            last_person = max(people)[1]
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
    resolve_surnames(sentences)
    return sentences
