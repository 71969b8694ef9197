"""`geokg view`: an existing graph in, the interactive HTML viewer out."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import GeoKGError, UsageError


@click.command("view")
@click.argument("graph", type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("graph.html"),
    show_default=True,
    help="The HTML file to write.",
)
@click.option("--title", default=None, help="Page title (default: the graph file's name).")
@click.pass_context
def command(ctx: click.Context, graph: Path, output: Path, title: str | None) -> None:
    """Render GRAPH (a .trig/.ttl/.jsonld/.nq file or a store directory) as one HTML page.

    The page is self-contained and works offline: open the file in a browser.

    \b
    Example:
      geokg view output/graph.trig -o graph.html
    """
    from ..export import write_atomic
    from ..rdf import load_corpus
    from ..viewer import render_html

    if not output.parent.is_dir():
        raise UsageError(f"{output}: the directory {output.parent} does not exist; create it")
    corpus = load_corpus(graph)
    page = render_html(corpus, title=title or f"geokg · {graph.name}")
    try:
        write_atomic(output, page.encode("utf-8"))
    except OSError as exc:
        raise GeoKGError(f"{output}: cannot write: {exc.strerror or exc}") from exc
    if not (ctx.obj and ctx.obj.get("quiet")):
        click.echo(
            f"wrote {output} ({len(corpus.entities)} actor(s), {len(corpus.claims)} claim(s))",
            err=True,
        )
