"""One tokenisation per sentence, lower-cased scans and cue gates: the same results as before.

Each shortcut of the reading core is compared with the plain way it replaced, on the
seeds' sentences and on sentences made at random from the word lists (with odd
capitals, apostrophes, hyphens and the characters that lower-casing treats
differently from a case-insensitive match).
"""

import random
import re
from pathlib import Path

import pytest

from datasette_sources.reading import lexicon, names, speakers
from datasette_sources.reading.anatomy import read_page
from datasette_sources.reading.cues import EXTRA_CUES, cue_matches, extra_cue_matches
from datasette_sources.reading.opinion import (
    FIRST_PERSON_PHRASES,
    HEDGE_PHRASES,
    IDIOM_PHRASES,
)
from datasette_sources.reading.opinion_model import bag_of_words
from datasette_sources.reading.sentences import split_sentences
from datasette_sources.reading.tokens import CASE_ODD, WORD_TOKEN, Phrases, SentenceWords

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed_sentences() -> list[str]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        art = read_page(path.read_text(encoding="utf-8"))
        out += [s.text for s in split_sentences(art.paragraphs)]
    return out


def random_sentences(n: int, seed: int = 16) -> list[str]:
    """Sentences of word-list words, cue words, names and noise, in random case."""
    rng = random.Random(seed)
    vocabulary = (
        sorted(
            lexicon.EVALUATIVE
            | lexicon.INTENSIFIERS
            | lexicon.SPEECH_VERBS
            | names.BARE_HEAD_WORDS
            | lexicon.ANONYMOUS_HEADS
        )
        + (
            "it seems likely almost certainly the a two some officials said according to in a "
            "statement is believed to should must it is why how can Trump Pompeo U.S. 2019 "
            "May Monday 'we' our-us don't it's -said said- fired back pointed out , citing "
            "what many call put it took aim at"
        ).split()
        * 3
    )
    # Hedges and idioms, often enough to be met in most sentences.
    vocabulary += (
        "likely unlikely probably possibly perhaps maybe arguably apparently surely clearly "
        "obviously undoubtedly no doubt some say many believe critics say of course so-called "
        "needs to ought to make no mistake banking on playing game"
    ).split() * 5
    noise = [",", ".", "“", "”", '"', "’", "'", "-", ":", " ", "(", ")", *CASE_ODD]
    out = []
    for _ in range(n):
        words = []
        for _ in range(rng.randint(1, 30)):
            w = rng.choice(vocabulary)
            shape = rng.random()
            if shape < 0.15:
                w = w.upper()
            elif shape < 0.35:
                w = w.capitalize()
            elif shape < 0.4:
                i = rng.randrange(len(w) + 1)
                w = w[:i] + rng.choice(noise) + w[i:]
            words.append(w)
            if rng.random() < 0.2:
                words.append(rng.choice(noise))
        out.append(" ".join(words))
    return out


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    return seed_sentences() + random_sentences(3000)


def test_the_sample_holds_what_the_shortcuts_guard(sentences):
    """Odd characters, hedges and cues all occur, so the comparisons below test something."""
    assert sum(not SentenceWords(s).caseless for s in sentences) > 50
    assert sum(bool(lexicon.HEDGES.search(s)) for s in sentences) > 500
    assert sum(bool(lexicon.IDIOMS.search(s)) for s in sentences) > 200
    assert sum(bool(lexicon.CUE.search(s)) for s in sentences) > 500


def test_words_are_the_tokens_each_pattern_found(sentences):
    for s in sentences:
        w = SentenceWords(s)
        assert w.runs == tuple(lexicon.WORD.findall(s))
        assert w.tokens == tuple(WORD_TOKEN.findall(s))
        assert w.words == tuple(t.lower() for t in WORD_TOKEN.findall(s))
        assert w.marker_words == tuple(r.lower().strip("’'") for r in lexicon.WORD.findall(s))
        if w.caseless:
            assert len(w.lower) == len(s)


@pytest.mark.parametrize(
    "phrases, pattern",
    [
        (HEDGE_PHRASES, lexicon.HEDGES),
        (IDIOM_PHRASES, lexicon.IDIOMS),
        (FIRST_PERSON_PHRASES, lexicon.FIRST_PERSON),
    ],
)
def test_lower_cased_scans_find_what_re_i_finds(sentences, phrases, pattern):
    for s in sentences:
        words = SentenceWords(s)
        expected = [m.group(0).lower() for m in pattern.finditer(s)]
        assert phrases.find(words) == expected, s
        assert phrases.search(words) == bool(expected)
        assert list(phrases.spans(words)) == [m.span() for m in pattern.finditer(s)], s


def test_named_phrases_say_which_occur():
    stance = Phrases(r"(?P<presc>\bmust\b)|(?P<rhet>\bwhy\b)")
    assert stance.kinds(SentenceWords("Why? They MUST go.")) == {"presc", "rhet"}
    assert stance.kinds(SentenceWords("Nothing here.")) == set()


def test_cues_are_found_only_where_a_cue_word_stands(sentences):
    for s in sentences:
        searched = s[:1].lower() + s[1:]
        assert [m.span() for m in cue_matches(searched)] == [
            m.span() for m in lexicon.CUE.finditer(searched)
        ], s
        assert [m.span() for m in extra_cue_matches(searched)] == [
            m.span() for m in EXTRA_CUES.finditer(searched)
        ], s


def test_descriptions_are_searched_wherever_they_could_match(sentences):
    """A text whose words hold no description's head word has no match to miss."""
    for s in sentences:
        words = names.description_words(s)
        if words is None:
            continue
        if words.isdisjoint(names.DESCRIPTION_HEADS) or words.isdisjoint(names.DETERMINER_WORDS):
            assert not speakers._DET_NP.search(s), s
        if words.isdisjoint(names.BARE_HEAD_WORDS):
            assert not speakers._BARE_ANON.search(s), s


def test_the_bag_of_words_from_lower_cased_text_is_the_same_set(sentences):
    for s in sentences:
        plain = {t.lower() for t in re.findall(r"\b[a-zA-Z][a-zA-Z']+\b", s)}
        assert bag_of_words(s, SentenceWords(s)) == plain == bag_of_words(s)
