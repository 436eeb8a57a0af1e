"""The five seeds, read against a careful editor's reading of them (tests/data/seeds_gold.json)."""

import json

import pytest
from conftest import REPO, SEEDS

from datasette_sources.evaluation.gold import check_article
from datasette_sources.reading import read_article

GOLD = json.loads((REPO / "tests" / "data" / "seeds_gold.json").read_text())


def _read(name):
    return read_article((SEEDS / name).read_text(encoding="utf-8"), path=name)


CHECKS = [
    (name, c.what)
    for name, gold in GOLD["articles"].items()
    for c in check_article(name, _read(name), gold)
]


@pytest.fixture(scope="module")
def readings():
    return {name: _read(name) for name in GOLD["articles"]}


@pytest.mark.parametrize("name,what", CHECKS, ids=[f"{n[:3]}-{w[:40]}" for n, w in CHECKS])
def test_gold(readings, name, what):
    checks = {c.what: c for c in check_article(name, readings[name], GOLD["articles"][name])}
    check = checks[what]
    assert check.ok, check.detail


def test_seeds_are_the_shared_seeds_byte_for_byte():
    # Checksums of ../shared/seeds as handed to the project: seeds/ must not drift.
    import hashlib

    for line in (REPO / "tests" / "data" / "seeds.sha256").read_text().splitlines():
        digest, name = line.split()
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest, name


def test_sic_only_in_001(readings):
    counts = {n[:3]: a.signals["sic_count"] for n, a in readings.items()}
    assert counts == {"000": 0, "001": 1, "002": 0, "003": 0, "004": 0}


def test_001_has_the_most_opinion_sentences(readings):
    opinions = {n[:3]: a.signals["opinion_sentences"] for n, a in readings.items()}
    assert max(opinions, key=opinions.get) == "001"
    assert all(v < opinions["001"] for k, v in opinions.items() if k != "001")
