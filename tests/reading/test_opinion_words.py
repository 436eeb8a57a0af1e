"""The opinion model's merged word table scores exactly as the lexicons looked up one by one."""

import random
from types import MappingProxyType

import pytest

from datasette_sources.reading import lexicon
from datasette_sources.reading import opinion_model as om
from datasette_sources.reading import opinion_words as ow
from datasette_sources.reading.tokens import WORD_TOKEN


def features_one_by_one(outside: str) -> dict[str, float]:
    """The word features as the model computed them before the merged table: every
    word looked up in each lexicon and list in turn (the reference for the table)."""
    subj_lex, val_lex, pos = ow.subjectivity_lexicon(), ow.valence_lexicon(), ow.part_of_speech()
    tokens = WORD_TOKEN.findall(outside)
    words = [w.lower() for w in tokens]
    n = max(1, len(words))
    subj, pol, val, tags = [], [], [], {}
    counts = dict.fromkeys(
        ("eval", "intens", "modal", "neg", "superl", "comp", "ly", "be", "stance"), 0
    )
    first = second = generic = False
    for token, w in zip(tokens, words, strict=True):
        sp = subj_lex.get(w)
        if sp is not None:
            pol.append(sp[0])
            subj.append(sp[1])
        if w in val_lex:
            val.append(val_lex[w])
        tag = pos.get(w, "NN")
        tags[tag[:2]] = tags.get(tag[:2], 0) + 1
        if tag[0] == "W":
            tags["W"] = tags.get("W", 0) + 1
        if tag in ("VBD", "VBN"):
            tags["past"] = tags.get("past", 0) + 1
        elif tag in ("VBZ", "VBP"):
            tags["present"] = tags.get("present", 0) + 1
        for key, words_of in (
            ("eval", lexicon.EVALUATIVE),
            ("intens", lexicon.INTENSIFIERS),
            ("modal", om.MODALS),
            ("neg", om.NEGATIONS),
            ("be", ow.BE_WORDS),
            ("stance", om.STANCE_WORDS),
        ):
            counts[key] += w in words_of
        counts["superl"] += w in ("most", "least") or (w.endswith("est") and len(w) > 4)
        counts["comp"] += w in ("more", "less")
        counts["ly"] += len(w) >= 6 and w.endswith("ly")
        first = first or (w in om.FIRST_PERSON_WORDS and token != "US")
        second = second or w in om.SECOND_PERSON_WORDS
        generic = generic or w in om.GENERIC_WORDS

    def share(tag, scale):
        return min(1.0, tags.get(tag, 0) / n * scale)

    def cap(x, top):
        return min(top, x) / top

    return {
        "tb_subj_mean": sum(subj) / len(subj) if subj else 0.0,
        "tb_subj_max": max(subj) if subj else 0.0,
        "tb_subj_sum": cap(sum(subj), 3),
        "tb_pol_mean": sum(pol) / len(pol) if pol else 0.0,
        "vader_sum": cap(sum(val), 8),
        "vader_max": cap(max(val) if val else 0.0, 4),
        "vader_n": cap(len(val), 5),
        **{k: cap(counts[k], 3) for k in ("eval", "intens", "modal", "stance", "ly")},
        **{k: cap(counts[k], 2) for k in ("neg", "superl", "comp", "be")},
        "first": 1.0 if first else 0.0,
        "second": 1.0 if second else 0.0,
        "generic": 1.0 if generic else 0.0,
        "propn": min(1.0, sum(1 for w in tokens[1:] if w[0].isupper()) / n * 3),
        "len": cap(n, 60),
        "pos_adj": share("JJ", 4),
        "pos_adv": share("RB", 5),
        "pos_md": share("MD", 10),
        "pos_prp": share("PR", 5),
        "pos_vbd": share("past", 5),
        "pos_vbz": share("present", 5),
        "pos_cd": share("CD", 10),
        "pos_wh": share("W", 10),
    }


def random_sentences(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    pool = sorted(ow.word_table().counts)
    pool += ["US", "Us", "us", "xyzzyly", "Greatest", "zorbest", "we’re", "-dangerous", "it's"]
    return [
        " ".join(
            (w.upper() if rng.random() < 0.1 else w.capitalize() if rng.random() < 0.2 else w)
            for w in rng.choices(pool, k=rng.randint(0, 40))
        )
        for _ in range(n)
    ]


@pytest.mark.parametrize("sentence", random_sentences(400))
def test_the_merged_table_gives_the_same_features(sentence):
    got = om.features(sentence)
    for name, value in features_one_by_one(sentence).items():
        assert got[name] == value, name  # equal to the bit: the same additions in order


def score_by_name(sentence: str, model) -> tuple[float, list]:
    """The model's probability as it was first written: each feature's weight looked up by name."""
    import math

    z = model["intercept"]
    parts = []
    for name, value in om.features(sentence).items():
        if value:
            c = model["features"].get(name, 0.0) * value
            z += c
            if c > 0:
                parts.append((c, name))
    for t in om.bag_of_words(sentence):
        weight = model["vocabulary"].get(t)
        if weight:
            c = model.get("bow_scale", 1.0) * weight
            z += c
            if c > 0:
                parts.append((c, "word:" + t))
    return 1.0 / (1.0 + math.exp(-z)), sorted(parts, reverse=True)


@pytest.mark.parametrize("sentence", random_sentences(200, seed=11))
def test_the_weight_vector_scores_as_the_named_weights_do(sentence):
    model = om.load_model()
    assert om.score_opinion(sentence, model=model) == score_by_name(sentence, model)


def test_a_plain_dict_model_is_read_afresh_each_time():
    """Only read-only models are prepared once: a dict may be changed between two calls."""
    model = {k: dict(v) if hasattr(v, "items") else v for k, v in om.load_model().items()}
    before = om.score_opinion("It is a disgrace.", model=model)[0]
    model["intercept"] += 5
    assert om.score_opinion("It is a disgrace.", model=model)[0] > before


def test_every_word_of_the_table_counts_as_word_entry_says():
    table = ow.word_table()
    for w, packed in table.counts.items():
        assert packed == ow.packed_counts(ow.word_entry(w).counts), w


def test_us_the_country_is_no_first_person():
    assert om.features("The US said no.")["first"] == 0.0
    assert om.features("They told us no.")["first"] == 1.0


def test_what_cached_functions_return_cannot_be_changed():
    """A cached lexicon, table or model changed by one caller would change every later reading."""
    table = ow.word_table()
    for mapping in (
        ow.subjectivity_lexicon(),
        ow.valence_lexicon(),
        ow.part_of_speech(),
        table.counts,
        table.valence,
        om.load_model(),
        om.load_model()["features"],
        om.load_model()["vocabulary"],
    ):
        assert isinstance(mapping, MappingProxyType)
        with pytest.raises(TypeError):
            mapping["dangerous"] = 0  # type: ignore[index]
