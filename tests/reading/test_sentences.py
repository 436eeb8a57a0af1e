"""Sentence splitting and the voice of each sentence."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from datasette_sources.reading import sentences
from datasette_sources.reading.quotations import quotation_spans
from datasette_sources.reading.sentences import split_paragraph, split_sentences
from datasette_sources.reading.voices import label_sentences


@pytest.mark.parametrize(
    "paragraph,expected",
    [
        (
            "The U.S. Consulate was hit. Nobody was hurt.",
            ["The U.S. Consulate was hit.", "Nobody was hurt."],
        ),
        ("It happened on Sept. 28 in Basra.", ["It happened on Sept. 28 in Basra."]),
        ("Col. Sean Ryan told CNN. He left.", ["Col. Sean Ryan told CNN.", "He left."]),
        ("John F. Kennedy spoke. Then he left.", ["John F. Kennedy spoke.", "Then he left."]),
        ("Growth was 2.5 percent. Prices rose.", ["Growth was 2.5 percent.", "Prices rose."]),
        ("They met at 5 p.m. The talks failed.", ["They met at 5 p.m.", "The talks failed."]),
        (
            "Sanctions hit the U.S. The talks failed.",
            ["Sanctions hit the U.S.", "The talks failed."],
        ),
        (
            "“They’re going to be held accountable. If they’re responsible, we’ll act.”",
            ["“They’re going to be held accountable. If they’re responsible, we’ll act.”"],
        ),
        (
            '"We are ready. We will act," he said. Then he left.',
            ['"We are ready. We will act," he said.', "Then he left."],
        ),
        ("Dr. Smith and Mr. Jones met Gen. Lee.", ["Dr. Smith and Mr. Jones met Gen. Lee."]),
    ],
)
def test_split_paragraph(paragraph, expected):
    assert split_paragraph(paragraph) == expected


@pytest.mark.parametrize(
    "text,quotes",
    [
        ('He said "yes we will" today.', ['"yes we will"']),
        ("He said “yes we will” today.", ["“yes we will”"]),
        ("calling it a ‘ludicrous justification,’ according to", ["‘ludicrous justification,’"]),
        ("the world’s disapproval", []),
        ("“Never closed and it runs on", ["“Never closed and it runs on"]),
    ],
)
def test_quotation_spans(text, quotes):
    assert [text[a:b] for a, b in quotation_spans(text)] == quotes


@pytest.mark.parametrize(
    "paragraphs,kinds,speakers",
    [
        (['"We will respond to any attack," Pompeo said.'], ["quote"], ["Pompeo"]),
        (["“We will respond to any attack,” said Mike Pompeo."], ["quote"], ["Mike Pompeo"]),
        (
            ["The minister resigned, according to two senior officials."],
            ["attributed"],
            ["two senior officials"],
        ),
        (["Iran is playing an extremely dangerous game."], ["opinion"], [None]),
        (["The consulate closed on Friday."], ["author"], [None]),
        # Scare quotes in the writer's own judgement do not make a quote.
        (["This “temporary relocation” is a disgraceful retreat."], ["opinion"], [None]),
        # A hedge inside a quotation is not the writer's.
        (['"It is almost certainly a dangerous game," Smith said.'], ["quote"], ["Smith"]),
        # A pronoun takes the person named before it.
        (
            [
                "Spokeswoman Heather Nauert spoke on Friday.",
                "“We condemn violence against diplomats,” she said.",
            ],
            ["author", "quote"],
            [None, "Heather Nauert"],
        ),
        # A quotation that runs on keeps its speaker.
        (
            ["“Threats have increased,” said Pompeo. “There have been repeated incidents.”"],
            ["quote", "quote"],
            ["Pompeo", "Pompeo"],
        ),
        (
            ["The State Department said the consulate would close."],
            ["attributed"],
            ["the State Department"],
        ),
    ],
)
def test_label(paragraphs, kinds, speakers):
    sentences = label_sentences(split_sentences(paragraphs))
    assert [s.kind for s in sentences] == kinds
    assert [s.speaker for s in sentences] == speakers


@pytest.mark.parametrize(
    "text,speaker_type",
    [
        ("The plan failed, a senior US official told CNN.", "anonymous"),
        ("The plan failed, the State Department said.", "institutional"),
        ("The plan failed, Mike Pompeo said.", "named"),
    ],
)
def test_speaker_types(text, speaker_type):
    (s,) = label_sentences(split_sentences([text]))
    assert s.speaker_type == speaker_type
    assert s.anonymous == (speaker_type == "anonymous")


def test_sic_and_brackets():
    (s,) = label_sentences(
        split_sentences(["He blamed Iranian poxy [sic] militias and attacks on [U.S.] staff."])
    )
    assert s.has_sic
    assert s.brackets == ["[sic]", "[U.S.]"]


@pytest.mark.parametrize(
    "paragraph,speaker,cue",
    [
        ("Pompeo said on Sept. 28 that the consulate would close.", "Pompeo", "said"),
        ("The senator said on Friday that he would vote no.", "the senator", "said"),
        ("Officials said in March that talks had stalled.", "Officials", "said"),
        ("Bolton said on CNN that Iran was responsible.", "Bolton", "said on CNN"),
        ("Trump wrote on Twitter that the deal was dead.", "Trump", "wrote on Twitter"),
    ],
)
def test_a_date_after_the_cue_is_not_part_of_it(paragraph, speaker, cue):
    (sentence,) = label_sentences(split_sentences([paragraph]))
    assert (sentence.speaker, sentence.cue) == (speaker, cue)


#: The sentence-end pattern as first written, its look-behind first (slower: no prefix).
BOUNDARY_AS_WRITTEN = re.compile(
    r"(?<![.!?…])[.!?…]+(?:[\"”’'»)\]]+)?(?=\s+(?:''|``|[\"“‘'«(\[])?[A-Z0-9])"
)


@settings(max_examples=1000, database=None)
@given(st.text(alphabet=st.sampled_from(list(".!?…\"”’'»)] \t\nAa0(“‘«[`x")), max_size=40))
def test_sentence_ends_are_found_as_first_written(text):
    found = [m.span() for m in sentences._BOUNDARY.finditer(text)]
    assert found == [m.span() for m in BOUNDARY_AS_WRITTEN.finditer(text)]
