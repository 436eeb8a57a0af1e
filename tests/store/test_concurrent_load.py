"""Two loads of the same input into one database at once: they wait for each other,
skip what the other wrote, and leave what one load leaves."""

from __future__ import annotations

import shutil

from conftest import SEEDS, copies_of_the_seeds, dump_tables, run_load_command, start_load_command


def test_two_loads_of_the_same_input_at_once(tmp_path):
    folder = copies_of_the_seeds(tmp_path / "in", 20)
    shutil.copytree(SEEDS, folder / "seeds")
    single = run_load_command(str(tmp_path / "single.db"), str(folder))
    assert single.returncode == 0 and single.stdout.startswith("loaded 25,")

    both = tmp_path / "both.db"
    # One article per transaction, so that the two interleave (before the write lock,
    # this failed with "UNIQUE constraint failed: sentences.article_id" 3 times in 3).
    procs = [start_load_command(str(both), str(folder), "--batch-size", "1") for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    for proc, (_, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err and "IntegrityError" not in err
    counts = [dict(part.split(" ") for part in out.strip().split(", ")) for out, _ in outs]
    # Every article was written by one of them, and left alone by the other.
    assert sum(int(c["loaded"]) for c in counts) == 25
    assert sum(int(c["unchanged"]) for c in counts) == 25
    assert dump_tables(both) == dump_tables(tmp_path / "single.db")
