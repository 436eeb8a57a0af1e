"""One name per person: speakers gathered across articles, stories and the corpus."""

import pytest

from datasette_sources.corpus.speakers import Mention, gather, person_key, person_name


def m(article, story, speaker, speaker_type="named", kind="quote"):
    return Mention(article, story, speaker, speaker_type, kind)


@pytest.mark.parametrize(
    "name,key",
    [
        ("Vice President Mike Pence", "mike pence"),
        ("Mike Pence", "mike pence"),
        ("Donald J. Trump", "donald trump"),
        ("President Trump", "trump"),
        ("Mr. Trump’s", "trump"),
        ("Hillary Rodham Clinton", "hillary clinton"),
        ("Donald Trump Jr.", "donald trump jr"),
        ("Sen. Ted Cruz (R-Texas)", "ted cruz"),
        ("Mitch McConnell, R-Ky.", "mitch mcconnell"),
    ],
)
def test_person_keys(name, key):
    assert person_key(name) == key


def test_titles_go_but_names_stay():
    assert person_name("Senate Majority Leader Mitch McConnell") == "Mitch McConnell"
    assert person_name("King") == "King"  # a surname alone is not stripped to nothing


def ids_of(mentions):
    people, of = gather(mentions)
    return people, {(a, s): of[(a, s)] for a, s in of}


def test_surname_links_to_the_full_name_in_the_same_article():
    people, of = ids_of([m("a", None, "Vice President Mike Pence"), m("a", None, "Pence")])
    assert len(people) == 1 and people[0].name == "Mike Pence"
    assert of[("a", "Pence")] == of[("a", "Vice President Mike Pence")]
    assert set(people[0].aliases) == {"Vice President Mike Pence", "Pence"}


def test_surname_links_through_the_story_when_unambiguous():
    people, of = ids_of([m("a", "s", "Mike Pence"), m("b", "s", "Pence")])
    assert of[("b", "Pence")] == of[("a", "Mike Pence")]


def test_two_people_of_one_surname_in_a_story_stay_apart():
    people, of = ids_of(
        [m("a", "s", "Hillary Clinton"), m("b", "s", "Bill Clinton"), m("c", "s", "Clinton")]
    )
    assert of[("c", "Clinton")] not in {of[("a", "Hillary Clinton")], of[("b", "Bill Clinton")]}


def test_a_dominant_full_name_takes_a_lone_surname_across_the_corpus():
    mentions = [m(f"d{i}", None, "Donald Trump") for i in range(19)]
    mentions += [m("x", None, "Melania Trump"), m("y", None, "Trump")]
    people, of = ids_of(mentions)
    assert of[("y", "Trump")] == of[("d0", "Donald Trump")]
    # Not when no name holds nine in ten mentions of the surname.
    mentions = [
        m("h1", None, "Hillary Clinton"),
        m("b1", None, "Bill Clinton"),
        m("z", None, "Clinton"),
    ]
    people, of = ids_of(mentions)
    assert (
        len({of[("h1", "Hillary Clinton")], of[("b1", "Bill Clinton")], of[("z", "Clinton")]}) == 3
    )


def test_organisations_and_described_sources_keep_their_wording():
    people, of = ids_of(
        [
            m("a", None, "the White House", "institutional", "attributed"),
            m("b", None, "The White House", "institutional", "attributed"),
            m("a", None, "a senior US official", "anonymous", "attributed"),
        ]
    )
    kinds = {p.name: p.kind for p in people}
    assert len(people) == 2
    assert set(kinds.values()) == {"organisation", "described"}
    assert of[("a", "the White House")] == of[("b", "The White House")]


def test_counts_and_order():
    people, _ = gather(
        [
            m("a", None, "Mike Pompeo"),
            m("a", None, "Mike Pompeo", kind="attributed"),
            m("b", None, "Mike Pompeo"),
            m("c", None, "Jane Smith"),
        ]
    )
    assert [(p.name, p.article_count, p.quote_count, p.sentence_count) for p in people] == [
        ("Mike Pompeo", 2, 2, 3),
        ("Jane Smith", 1, 1, 1),
    ]


def test_ids_are_stable_across_runs():
    a, _ = gather([m("a", None, "Mike Pompeo"), m("b", None, "Jane Smith")])
    b, _ = gather([m("z", None, "Jane Smith"), m("y", None, "Mike Pompeo")])
    assert {p.name: p.id for p in a} == {p.name: p.id for p in b}
