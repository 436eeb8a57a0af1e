"""A signal from another package, registered through the same pluggy hook as the built-ins."""

import pytest

from datasette_sources import hookimpl
from datasette_sources.plugins import pm
from datasette_sources.signals import Signal
from datasette_sources.store import load


class ExclamationMarks(Signal):
    name = "exclamation_marks"
    description = "Exclamation marks in the writer's own sentences"
    direction = -1
    weight = 1.5
    scale = 3
    column_type = int

    def measure(self, article):
        return sum(s.text.count("!") for s in article.sentences if s.kind != "quote")


class ExtraSignals:
    @hookimpl
    def register_signals(self):
        return [ExclamationMarks()]


@pytest.fixture
def extra_signal():
    plugin = ExtraSignals()
    pm.register(plugin, name="test-extra-signals")
    yield
    pm.unregister(plugin)


def test_extra_signal_column_row_and_score_parts(extra_signal, fresh_db, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "shout.txt").write_text(
        "Outrage at city hall\n\nThe council raised the fees again! Residents were not told! "
        "The mayor said the fees would pay for repairs."
    )
    load(fresh_db, [str(folder)])
    article = next(fresh_db["articles"].rows)
    assert article["exclamation_marks"] == 2
    row = fresh_db["signals"].get("exclamation_marks")
    assert (row["direction"], row["weight"]) == (-1, 1.5)
    part = fresh_db.execute(
        "select value, contribution from score_parts where signal = 'exclamation_marks'"
    ).fetchone()
    assert part[0] == 2 and part[1] >= 0
    total = fresh_db.execute("select sum(contribution) from score_parts").fetchone()[0]
    assert total == pytest.approx(article["score"], abs=0.02)
