"""`geokg evaluate`: precision, recall and F1 of extraction against a gold file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..settings import Settings

if TYPE_CHECKING:
    from ..evaluate import EvaluationReport, GoldEvent, Prediction


@click.command("evaluate")
@click.argument("gold", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A table for people, or one JSON object for scripts.",
)
@click.option(
    "--errors", is_flag=True, help="Also list the misses and false hits, sentence by sentence."
)
@click.option(
    "--claims",
    "policy",
    type=click.Choice(["all", "affirmed", "truthy"]),
    default="all",
    show_default=True,
    help="Which claims count: all event claims, affirmed ones, or affirmed and actual.",
)
@click.pass_context
def command(ctx: click.Context, gold: Path, fmt: str, errors: bool, policy: str) -> None:
    """Score extraction on GOLD, a JSONL file of hand-coded sentences.

    Reports micro precision, recall and F1 at three levels: (source, target) countries, plus
    quad class, plus CAMEO root (../shared/eval/README.md). Exit 1 if a gold line was skipped.

    \b
    Example:
      geokg evaluate ../shared/eval/plover-dev.jsonl
    """
    from ..errors import InputError
    from ..evaluate import evaluate, iter_gold

    quiet = bool(ctx.obj and ctx.obj.get("quiet"))
    sentences, skipped = [], []
    for item in iter_gold(gold):
        if isinstance(item, InputError):
            skipped.append(item)
            if not quiet:
                click.echo(f"skipped: {item}", err=True)
        else:
            sentences.append(item)
    report = evaluate(sentences, Settings(quiet=True), policy=policy, skipped=skipped)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(errors=errors), sort_keys=True, ensure_ascii=False))
    else:
        if errors:
            _print_errors(report)
        _print_table(report, gold)
    ctx.exit(1 if skipped else 0)


def _print_table(report: EvaluationReport, gold: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..evaluate import LEVEL_LABELS

    table = Table(title=f"geokg evaluate {gold}", title_justify="left")
    table.add_column("level")
    for name in ("tp", "fp", "fn", "precision", "recall", "F1"):
        table.add_column(name, justify="right")
    for score in report.scores:
        table.add_row(
            LEVEL_LABELS[score.level],
            str(score.tp),
            str(score.fp),
            str(score.fn),
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
        )
    console = Console(highlight=False, soft_wrap=True)
    console.print(table)
    console.print(
        f"{len(report.sentences)} sentences; gold events {report.gold_events} "
        f"({report.gold_counted} between states); event claims {report.claims} "
        f"({report.claims_counted} counted, claims: {report.policy})"
    )


def _print_errors(report: EvaluationReport) -> None:
    """Each sentence with a miss or a false hit (dyad + quad class), in plain text."""
    for result in report.errors:
        click.echo(f"{result.id}\n  {result.text}")
        for event in result.gold:
            click.echo(f"  gold       {_gold(event)}")
        for prediction in result.predicted:
            click.echo(f"  predicted  {_prediction(prediction)}")
        for event in result.missed:
            click.echo(f"  MISSED     {_gold(event)}")
        for prediction in result.false_hits:
            click.echo(f"  FALSE      {_prediction(prediction)}")
        click.echo("")


def _gold(event: GoldEvent) -> str:
    counted = "" if event.item is not None else "  (not counted: non-state actor)"
    return (
        f"{event.source or '-'} → {event.target or '-'}  q{event.quad_class or '?'} "
        f"{event.code or '-'} {event.plover or ''}  "
        f"[{event.source_text} → {event.target_text}]{counted}"
    )


def _prediction(p: Prediction) -> str:
    flags = ", ".join(x for x in (p.polarity, p.modality) if x not in ("affirmed", "actual"))
    counted = "" if p.counted else "  (not counted)"
    return (
        f"{p.source or '-'} → {p.target or '-'}  q{p.quad_class or '?'} {p.cameo} {p.relation}"
        f"{f' ({flags})' if flags else ''}  [{p.subject_mention} → {p.object_mention}]{counted}"
    )
