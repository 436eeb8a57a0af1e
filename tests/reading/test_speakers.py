"""Whose voice: speakers are people, bodies or described sources, never words; more shapes of
attribution; speakers carried across sentences and paragraphs; unresolved rather than wrong."""

import pytest

from datasette_sources.reading.names import clean_name, trim_name
from datasette_sources.reading.sentences import split_sentences
from datasette_sources.reading.voices import label_sentences


def read(*paragraphs: str):
    return label_sentences(split_sentences(list(paragraphs)))


@pytest.mark.parametrize(
    "text,kind,speaker",
    [
        # Colon attributions: speaker, optional role or outlet, colon, quotation.
        (
            "Pollsters agree - Carl Bialik: “Keep on contacting voters late.”",
            "quote",
            "Carl Bialik",
        ),
        ("Rep. Trey Gowdy (R-S.C.): “Who told you that figure?”", "quote", "Trey Gowdy"),
        (
            "Clinton has since apologized: “I should have used two email addresses.”",
            "quote",
            "Clinton",
        ),
        # A wider cue lexicon, before and after the quotation.
        ("“We will never surrender,” Churchill declared in the House.", "quote", "Churchill"),
        ("“I hate to say it, I’m becoming mainstream,” Trump joked.", "quote", "Trump"),
        ("Trump tweeted: “Crooked Hillary is not fit to serve.”", "quote", "Trump"),
        ("Biden swiped at Trump, “He has no plan at all for this.”", "quote", "Biden"),
        (
            "“Bernie or Bust people, you are being ridiculous,” said Sarah Silverman.",
            "quote",
            "Sarah Silverman",
        ),
        (
            "According to Woodward, “The real estate world is more complex than the CIA.”",
            "quote",
            "Woodward",
        ),
        (
            "Said Comey, “The thought that an error on our part is connected is painful.”",
            "quote",
            "Comey",
        ),
        ("Trump jokingly said, “I hate to say it, I’m becoming mainstream.”", "quote", "Trump"),
        ("As Vulture put it, “Hello, it’s the Biebs and he is back.”", "quote", "Vulture"),
        # Subjects that are described sources or organisations, not names.
        (
            "Advisors to the former vice president say they are still in the race.",
            "attributed",
            "advisors to the former vice president",
        ),
        ("The company said it would appeal the ruling.", "attributed", "the company"),
        ("Critics of the plan have warned it could backfire.", "attributed", "critics of the plan"),
        # The writer speaking is the writer's voice, not an attribution.
        ("I said it would work, and it did.", "author", None),
    ],
)
def test_attribution_shapes(text, kind, speaker):
    s = read(text)[0]
    assert (s.kind, s.speaker) == (kind, speaker)


@pytest.mark.parametrize(
    "text",
    [
        "The comment in question came shortly after a presentation by William N. Bryan.",
        "His remarks set the incoming commander-in-chief against intelligence services.",
        "That said, the President encouraged Americans traveling abroad to register.",
        "When all was said and done in the 2008 primary, Obama finished just ahead.",
        "He would be Senate-confirmed and serve a five-year term.",
    ],
)
def test_nouns_and_idioms_are_no_cues(text):
    s = read(text)[0]
    assert s.kind != "attributed" and s.speaker is None


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("The", ""),
        ("When", ""),
        ("Privacy Policy", ""),
        ("JUST WATCHED Obama", "Obama"),
        ("Getty Images Trump", ""),
        ("Requiring President Donald Trump", "Donald Trump"),
        ("Because of Donald John Trump", "Donald John Trump"),
        ("Reade le", "Reade"),
        ("Indiana Gov. Mike Pence", "Mike Pence"),
        ("Joint Chiefs Chairman Gen. Martin Dempsey", "Martin Dempsey"),
        ("He la", "he"),
        ("I’ll", "i"),
        ("CBS’s Tillerson", "Tillerson"),
        ("Add Donald Trump", "Donald Trump"),
        ("and some", "some"),
        ("the freedom of those", ""),
        ("the system to collapse", ""),
        ("US", "US"),
        ("the White House", "the White House"),
    ],
)
def test_names_are_trimmed_to_a_speaker_or_nothing(raw, expected):
    assert clean_name(raw) == expected or trim_name(raw) == expected


def test_no_speaker_is_unresolved_not_a_wrong_name():
    s = read("It said the plan would work.")[0]
    assert (s.kind, s.speaker, s.speaker_type, s.cue) == ("attributed", None, "unresolved", "said")
    q = read("“We will win this fight,” it was claimed.")[0]
    assert (q.kind, q.speaker, q.speaker_type) == ("quote", None, "unresolved")


def test_a_sentence_opening_word_is_no_speaker():
    # "Elsewhere" is never capitalised inside a sentence of this article: no name.
    s = read(
        "Elsewhere in his statement, the editor explained the choice and added that ads stay."
    )[0]
    assert s.speaker != "Elsewhere"


def test_quotation_attributed_in_the_next_sentence():
    first, _ = read(
        "“Who do they think they are?” Trump said of Apple in February, when it balked."
    )
    assert (first.kind, first.speaker) == ("quote", "Trump")


def test_multi_paragraph_quotation_keeps_its_speaker():
    sentences = read(
        "Cruz continued:",
        "“You look at the questions: Donald Trump, are you a comic book villain?",
        "“How about talking about the substantive issues people care about?”",
    )
    assert [s.speaker for s in sentences[1:]] == ["Cruz", "Cruz"]


def test_quotation_alone_continues_the_last_speaker():
    sentences = read(
        "“Cyber security remains one of the biggest challenges we face,” Carson said.",
        "“Even under the best cases, our classified information is at risk.”",
    )
    assert sentences[1].speaker == "Carson"


def test_a_dash_line_names_the_quotation_above():
    sentences = read("“I helped write that bill, and I am proud of it.”", "- Sanders.")
    assert sentences[0].speaker == "Sanders"


@pytest.mark.parametrize(
    "paragraphs,expected",
    [
        (
            [
                "Secretary of State Mike Pompeo spoke on Friday.",
                "The secretary said talks would go on.",
            ],
            "Mike Pompeo",
        ),
        (
            ["Heather Nauert spoke for the department.", "“We are ready,” she said."],
            "Heather Nauert",
        ),
        (
            ["Mike Pompeo closed the consulate.", "“It was necessary,” Pompeo said."],
            "Mike Pompeo",
        ),
    ],
)
def test_pronouns_titles_and_surnames_resolve_to_the_named_person(paragraphs, expected):
    assert read(*paragraphs)[-1].speaker == expected


def test_they_is_no_one_person():
    sentences = read(
        "Dick Shanor ran the caucus in the basement.",
        "They wrote their choices on cards, they said.",
    )
    assert sentences[-1].speaker != "Dick Shanor"
