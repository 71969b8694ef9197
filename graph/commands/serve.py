"""``geokg serve GRAPH``: a read-only SPARQL 1.1 Protocol endpoint at /sparql."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(
    "serve",
    epilog="""\b
Example:
  geokg serve output/graph.trig --port 7878
  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s geo:meets ?o }' \\
       http://127.0.0.1:7878/sparql""",
)
@click.argument("graph", type=click.Path(path_type=Path))
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 0.0.0.0 exposes the graph to the network.",
)
@click.option(
    "--port",
    default=7878,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    metavar="S",
    type=click.FloatRange(min=0, min_open=True),
    help="Stop a query after S seconds and answer 503.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    metavar="N",
    help="Query worker processes; each holds a graph file in memory  [default: the number of "
    "CPUs, at least 2; at most 4 for a file]",
)
@click.pass_context
def command(
    ctx: click.Context, graph: Path, host: str, port: int, timeout: float, workers: int | None
) -> None:
    """Serve GRAPH (a .trig/.ttl/.nq/.jsonld file or a store directory) over SPARQL.

    GET or POST queries to /sparql; results come as JSON, XML, CSV or TSV (CONSTRUCT and
    DESCRIBE: Turtle, N-Triples, JSON-LD or RDF/XML) by content negotiation or format=.
    Updates are refused. Open / in a browser for a query page with the saved queries.
    """
    from ..server import serve

    quiet = bool(ctx.obj and ctx.obj.get("quiet"))
    serve(graph, host=host, port=port, timeout=timeout, workers=workers, log=not quiet)
