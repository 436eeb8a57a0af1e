"""``datasette-sources evaluate``: does the score rank labelled articles the right way round?

Nothing here measures anything: :mod:`datasette_sources.store.evaluations`
matches the labels, :mod:`datasette_sources.evaluation` measures, and the
rows go to the ``evaluations`` table.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..evaluation import fit as fitting
from ..evaluation.labels import KEYS, LabelsError, read_labels
from ..evaluation.protocol import ALL, MEAN_WITHIN, SCORE, AucRow
from ..evaluation.run import CROSS_VALIDATED, Run, evaluate
from ..plugins import all_signals
from ..store.evaluations import labelled_articles, write_run
from ..store.weights import weights_in_force
from ..store.writing import write_lock
from .options import open_database, read_weights, weights_option

#: Exit status when no key of the labels file names an article of the database.
EXIT_NOTHING_MATCHED = 1


@click.command(name="evaluate")
@click.argument("db_path", metavar="DB", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--labels",
    "labels_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="CSV or JSON Lines: an article key (id, url or path), label (1 = the reliable "
    "side, 0 = the other), optional group (e.g. outlet) and stratum (e.g. lean)",
)
@click.option(
    "--key",
    type=click.Choice(KEYS),
    help="Which key column to match on when the file has several [default: id, url, path]",
)
@weights_option(
    "Evaluate the score these weights would give (a YAML or JSON file of name: weight) "
    "instead of the stored score; nothing is rescored"
)
@click.option(
    "--fit",
    "fit_path",
    type=click.Path(dir_okay=False, writable=True),
    help="Propose weights from the labels and write them to this file, for "
    "'rescore --weights'; the database's weights are not changed",
)
@click.option(
    "--folds",
    type=click.IntRange(min=2),
    default=fitting.FOLDS,
    show_default=True,
    help="Cross-validation folds for --fit (whole groups per fold when the labels have groups)",
)
@click.option(
    "--leave-group-out",
    is_flag=True,
    help="With --fit: every group (outlet) is its own cross-validation fold",
)
@click.option(
    "--bootstrap",
    type=click.IntRange(min=0),
    default=1000,
    show_default=True,
    help="Bootstrap resamples for the 95%% intervals (0: no intervals)",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the resampling")
@click.option("--no-store", is_flag=True, help="Print only; add nothing to the evaluations table")
def evaluate_command(
    db_path: str,
    labels_path: str,
    key: str | None,
    weights_file: str | None,
    fit_path: str | None,
    folds: int,
    leave_group_out: bool,
    bootstrap: int,
    seed: int,
    no_store: bool,
):
    """Measure how well the score and each signal separate labelled articles.

    For every measure it prints the ROC AUC (the chance that an article
    labelled 1 ranks above one labelled 0; 0.5 is no better than chance) with
    a bootstrap 95% interval, overall, within each stratum and as their mean,
    and, when the labels give groups, at outlet level (each outlet's mean).
    A signal's AUC is taken in its documented direction: above 0.5 means it
    points the way the score expects. The results are added to the
    evaluations table and shown at /-/sources/<db>/evaluation.

    \b
    Examples:
        datasette-sources evaluate sources.db --labels labels.csv
        datasette-sources evaluate sources.db --labels labels.jsonl --weights mine.yml
        datasette-sources evaluate sources.db --labels labels.csv --fit proposed.yml
        datasette-sources rescore sources.db --weights proposed.yml

    \b
    Exit status:
        0  evaluated
        1  no key of the labels file names an article of DB
        2  usage error (bad labels file, bad option, DB without articles)
    """
    if leave_group_out and not fit_path:
        raise click.UsageError("--leave-group-out goes with --fit")
    try:
        labels = read_labels(labels_path, key)
    except LabelsError as e:
        raise click.BadParameter(str(e), param_hint="--labels") from e
    db = open_database(db_path)
    if not db["articles"].exists():
        raise click.BadParameter(f"{db_path!r} has no articles table", param_hint="DB")
    signals = all_signals()
    overrides = read_weights(weights_file) if weights_file else None
    weights = weights_in_force(db, signals, overrides)
    matching = labelled_articles(db, labels, signals, weights if overrides else None)
    n = len(labels.rows)
    click.echo(
        f"{labels_path}: {n} label{'s' if n != 1 else ''} by {labels.key}; "
        f"matched {len(matching.articles)}, unmatched {len(matching.unmatched)}, "
        f"ambiguous {len(matching.ambiguous)}"
    )
    for what, keys in (("unmatched", matching.unmatched), ("ambiguous", matching.ambiguous)):
        if keys:
            shown = ", ".join(keys[:5]) + (" ..." if len(keys) > 5 else "")
            click.echo(f"{what}: {shown}", err=True)
    if not matching.articles:
        columns = {"id": "articles.id or articles.source_id", "url": "articles.url"}
        click.echo(
            f"error: no {labels.key} in {labels_path} names an article in {db_path} "
            f"(looked up in {columns.get(labels.key, 'articles.path')})",
            err=True,
        )
        click.get_current_context().exit(EXIT_NOTHING_MATCHED)
    try:
        run = evaluate(
            matching.articles,
            signals,
            weights,
            labels_file=str(labels_path),
            labels_sha256=labels.sha256,
            labels_key=labels.key,
            unmatched=len(matching.unmatched) + len(matching.ambiguous),
            resamples=bootstrap,
            seed=seed,
            fit=bool(fit_path),
            folds=folds,
            leave_group_out=leave_group_out,
        )
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--labels") from e
    report(run)
    if fit_path:
        notes = [
            f"Weights proposed by datasette-sources evaluate --fit from {labels_path}",
            f"({run.matched} labelled articles). {run.fit_method}.",
            "Apply with: datasette-sources rescore DB --weights " + Path(fit_path).name,
        ]
        Path(fit_path).write_text(fitting.weights_document(run.proposed or {}, notes))
        click.echo(f"proposed weights written to {fit_path} (the database's weights are unchanged)")
    if not no_store:
        # As a load does: another process writing to the database is waited for.
        waiting = f"waiting: another process is writing to {db_path}"
        with write_lock(db, lambda: click.echo(waiting, err=True)):
            write_run(db, run)
        click.echo(f"stored as run {run.run_id} in the evaluations table")


def report(run: Run) -> None:
    """The run as plain text tables: the score first, then signals by AUC."""
    levels = ["article"] + (["outlet"] if any(r.level == "outlet" for r in run.rows) else [])
    for level in levels:
        strata = [
            s for s in dict.fromkeys(r.stratum for r in run.rows if r.level == level) if s != ALL
        ]
        click.echo("")
        click.echo(f"{level} level" + (f" (strata: {', '.join(strata)})" if strata else ""))
        header = f"{'measure':<26}{'dir':>4} {'weight':>7} {'AUC':>6} {'95% interval':>14}"
        header += f" {'scored AUC':>10} {'n':>6} {'varying':>8}"
        if strata and MEAN_WITHIN in strata:
            header += f" {'within':>7}"
        click.echo(header)
        rows = [r for r in run.rows if r.level == level and r.stratum == ALL]
        first = [r for r in rows if r.signal in (SCORE, CROSS_VALIDATED)]
        rest = sorted(
            (r for r in rows if r.signal not in (SCORE, CROSS_VALIDATED)),
            key=lambda r: -(r.auc if r.auc is not None else 0),
        )
        for r in first + rest:
            within = run.row(r.signal, level, MEAN_WITHIN)
            line = _line(r, run.proposed)
            if within is not None:
                line += f" {_num(within.auc):>7}"
            click.echo(line)
    if run.mixed_groups:
        click.echo(
            f"\n{len(run.mixed_groups)} group(s) carry both labels and are left out at outlet "
            f"level: {', '.join(run.mixed_groups[:5])}"
        )


def _line(r: AucRow, proposed: dict[str, float] | None) -> str:
    direction = {1: "+", -1: "-"}.get(r.direction, "")
    weight = "" if r.weight is None else f"{r.weight:g}"
    if proposed and r.signal in proposed:
        weight += f">{proposed[r.signal]:g}"
    span = f"{_num(r.auc_low)}-{_num(r.auc_high)}" if r.auc_low is not None else ""
    varying = "" if r.share_varying is None else f"{r.share_varying:.0%}"
    return (
        f"{r.signal:<26}{direction:>4} {weight:>7} {_num(r.auc):>6} {span:>14}"
        f" {_num(r.scored_auc):>10} {r.n:>6} {varying:>8}"
    )


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:.2f}"
