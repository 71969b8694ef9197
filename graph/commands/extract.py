"""`geokg extract`: print claims as JSON lines."""

from __future__ import annotations

from pathlib import Path

import click

from ..settings import Settings
from . import processes_option


@click.command("extract")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl"]),
    default="jsonl",
    show_default=True,
    help="Output format: one claim JSON object a line.",
)
@processes_option
@click.pass_context
def command(ctx: click.Context, inputs: tuple[Path, ...], fmt: str, processes: int) -> None:
    """Extract claims from INPUTS and print them, one JSON object a line.

    \b
    Example:
      geokg extract data/articles --format jsonl | head -n 3
    """
    from ..export import claim_lines
    from ..pipeline import extract_corpus

    quiet = bool(ctx.obj and ctx.obj.get("quiet"))
    result = extract_corpus(inputs, Settings(processes=processes, quiet=quiet))
    for line in claim_lines(result.corpus):
        click.echo(line)
    ctx.exit(1 if result.skipped else 0)
