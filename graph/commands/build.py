"""`geokg build`: articles in, graph files out."""

from __future__ import annotations

from pathlib import Path

import click

from ..settings import Settings
from . import processes_option


@click.command("build")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Directory for the output files.",
)
@processes_option
@click.option("--rebuild", is_flag=True, help="Parse every document again, ignoring the cache.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the parse cache.")
@click.option(
    "--max-document-chars",
    type=click.IntRange(1000),
    default=Settings().max_document_chars,
    show_default=True,
    help="Longer documents are skipped, each named on stderr.",
)
@click.option(
    "--max-sentence-chars",
    type=click.IntRange(100),
    default=Settings().max_sentence_chars,
    show_default=True,
    help="Longer sentences are not read for claims (a warning names the file).",
)
@click.option(
    "--store",
    type=click.Path(path_type=Path),
    default=None,
    help="Also add the build to a persistent Oxigraph store in this directory.",
)
@click.pass_context
def command(
    ctx: click.Context,
    inputs: tuple[Path, ...],
    out_dir: Path,
    processes: int,
    rebuild: bool,
    no_cache: bool,
    max_document_chars: int,
    max_sentence_chars: int,
    store: Path | None,
) -> None:
    """Build articles (files or directories) into graph files in OUTPUT.

    Writes graph.ttl, graph.trig, graph.jsonld, graph.graphml, claims.jsonl and graph.html.
    Inputs default to data/articles. Exit 1 if any input was skipped.

    \b
    Example:
      geokg build data/articles -o output
    """
    from ..pipeline import build

    quiet = bool(ctx.obj and ctx.obj.get("quiet"))
    settings = Settings(
        processes=processes,
        quiet=quiet,
        max_document_chars=max_document_chars,
        max_sentence_chars=max_sentence_chars,
        cache_dir=None if no_cache else out_dir / ".geokg-cache",
    )
    report = build(
        inputs or (Path("data/articles"),), out_dir, settings, rebuild=rebuild, store=store
    )
    if not quiet:
        claims = report.corpus.claims
        click.echo(
            f"built {len(report.corpus.documents)} document(s), {len(claims)} claim(s), "
            f"{len(report.corpus.entities)} actor(s) into {out_dir}/"
            + (f"; skipped {len(report.skipped)} input(s)" if report.skipped else ""),
            err=True,
        )
    ctx.exit(1 if report.skipped else 0)
