"""Weights: defaults, --weights on load, rescore without re-reading text."""

import pytest

from datasette_sources.cli import cli


@pytest.fixture
def loaded(runner, db_path, seeds):
    result = runner.invoke(cli, ["load", db_path, str(seeds)])
    assert result.exit_code == 0, result.output
    return db_path


def _state(db):
    return {
        "scores": {r["id"]: r["score"] for r in db["articles"].rows},
        "parts": {
            (r["article_id"], r["signal"]): r["contribution"] for r in db["score_parts"].rows
        },
        "sentences": list(db.query("select * from sentences order by article_id, position")),
    }


def test_rescore_with_new_weights(runner, loaded, tmp_path):
    import sqlite_utils

    db = sqlite_utils.Database(loaded)
    before = _state(db)
    weights = tmp_path / "weights.yml"
    weights.write_text("hedging: 4\nattribution_density: 0.5\n")
    result = runner.invoke(cli, ["rescore", loaded, "--weights", str(weights)])
    assert result.exit_code == 0, result.output
    assert "rescored 5 articles" in result.output
    after = _state(db)
    assert after["scores"] != before["scores"]
    assert after["sentences"] == before["sentences"]  # no text re-read, nothing relabelled
    signals = {r["name"]: r["weight"] for r in db["signals"].rows}
    assert (signals["hedging"], signals["attribution_density"]) == (4.0, 0.5)
    for article_id, score in after["scores"].items():
        total = sum(v for (a, _), v in after["parts"].items() if a == article_id)
        assert total == pytest.approx(score, abs=0.02)
    assert {s for _, s in after["parts"]} >= {"hedging", "attribution_density"}


def test_rescore_reads_weights_from_metadata_yml(runner, loaded, tmp_path):
    import sqlite_utils

    metadata = tmp_path / "metadata.yml"
    metadata.write_text("plugins:\n  datasette-sources:\n    weights:\n      sic_count: 9\n")
    assert runner.invoke(cli, ["rescore", loaded, "--weights", str(metadata)]).exit_code == 0
    db = sqlite_utils.Database(loaded)
    assert db["signals"].get("sic_count")["weight"] == 9.0


def test_weights_on_load_and_kept_in_force(runner, db_path, seeds, tmp_path):
    import sqlite_utils

    weights = tmp_path / "w.json"
    weights.write_text('{"opinion_sentences": 10}')
    assert (
        runner.invoke(cli, ["load", db_path, str(seeds), "--weights", str(weights)]).exit_code == 0
    )
    db = sqlite_utils.Database(db_path)
    assert db["signals"].get("opinion_sentences")["weight"] == 10.0
    # a later rescore without --weights keeps the formula in force
    assert runner.invoke(cli, ["rescore", db_path]).exit_code == 0
    assert db["signals"].get("opinion_sentences")["weight"] == 10.0


@pytest.mark.parametrize(
    "content,message",
    [
        ("nope: 2\n", "unknown signal nope"),
        ("hedging: lots\n", "numeric weights"),
        ("[unclosed\n", "not YAML or JSON"),
    ],
)
def test_bad_weights_are_clear_errors(runner, loaded, tmp_path, content, message):
    weights = tmp_path / "bad.yml"
    weights.write_text(content)
    result = runner.invoke(cli, ["rescore", loaded, "--weights", str(weights)])
    assert result.exit_code == 2
    assert message in result.output
