"""``geokg query GRAPH QUERY``: run SPARQL on a graph file or store and print the results."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click
import pyoxigraph as ox

from ..errors import QueryError, UsageError
from ..sparql import PREFIXES, QueryResult, QueryTimeout, SavedQuery

FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "jsonld", "rdfxml")
#: For a CONSTRUCT or DESCRIBE, the graph format a results format stands for.
_AS_GRAPH = {"table": "turtle", "json": "jsonld", "xml": "rdfxml"}


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise UsageError(f"--param {pair!r}: write NAME=VALUE (--param actor='Kim Jong Un')")
        if name in params:
            raise UsageError(f"--param {name} is given twice")
        params[name] = value
    return params


def compact(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    """A short display form: a prefixed name for an IRI, the lexical form of a literal.

    >>> compact(ox.NamedNode("https://w3id.org/geokg/entity/russia"))
    'ent:russia'
    """
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            local = term.value.removeprefix(namespace)
            if local != term.value and re.fullmatch(r"[\w.-]*", local):
                return f"{prefix}:{local}"
        return term.value
    return term.value if isinstance(term, ox.Literal) else str(term)


def _print_table(result: QueryResult, query: SavedQuery, quiet: bool) -> None:
    """A rich table, without the IRI columns a label column names and the parameter columns."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 200)
    if result.kind == "boolean":
        console.print("yes" if result.boolean else "no")
        return
    names = set(result.variables)
    hidden = {p.name for p in query.params} | {n for n in names if f"{n}Label" in names}
    shown = [i for i, n in enumerate(result.variables) if n not in hidden]
    table = Table(show_lines=False, header_style="bold")
    for i in shown:
        table.add_column(result.variables[i].removesuffix("Label"), overflow="fold")
    count = 0
    for row in result.rows:
        table.add_row(*(compact(row[i]) for i in shown))
        count += 1
    console.print(table)
    if not quiet:
        click.echo(f"{count} row{'s' if count != 1 else ''}", err=True)


def _print_saved(queries: list[SavedQuery]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(header_style="bold", show_lines=True)
    for column in ("query", "what it answers", "parameters"):
        table.add_column(column, overflow="fold")
    for query in queries:
        params = "\n".join(
            f"{p.name} ({p.type}{', optional' if p.optional else ''}): {p.description}"
            for p in query.params
        )
        table.add_row(query.name, query.description, params or "-")
    Console(width=None if sys.stdout.isatty() else 160).print(table)


@click.command(
    "query",
    epilog="""\b
Examples:
  geokg query output/graph.trig who-met-whom --param actor="Kim Jong Un"
  geokg query output/graph.ttl "SELECT ?s ?o WHERE { ?s geo:meets ?o }" -f csv
  geokg query --list""",
)
@click.argument("graph", required=False, type=click.Path(path_type=Path))
@click.argument("query", required=False)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a query parameter (repeatable); an actor may be given by name.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format (CONSTRUCT/DESCRIBE: a graph format).",
)
@click.option(
    "--list",
    "list_saved_queries",
    is_flag=True,
    help="List the saved queries with what they answer and their parameters.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="S",
    help="Give up after S seconds.",
)
@click.pass_context
def command(
    ctx: click.Context,
    graph: Path | None,
    query: str | None,
    params: tuple[str, ...],
    fmt: str,
    list_saved_queries: bool,
    timeout: float | None,
) -> None:
    """Run a SPARQL query on GRAPH (a .trig/.ttl/.nq/.jsonld file or a store directory).

    QUERY is SPARQL text, @FILE.rq, or the name of a saved query (see --list). Queries see
    every named graph as part of the default graph; the usual prefixes (geo, ent, rdfs,
    schema, prov, oa ...) need no PREFIX line. The table hides the IRI columns that have a
    label column; csv, tsv, json and xml give them all.
    """
    from ..results import write_result
    from ..sparql import list_saved, load_query, run_query
    from ..store import open_store, reads_named_graphs

    if list_saved_queries:
        _print_saved(list_saved())
        return
    if graph is None or query is None:
        raise UsageError("give a GRAPH and a QUERY (or --list); see geokg query --help")
    bindings = _parse_params(params)
    saved = load_query(query)
    # one query: its text says whether the named graphs are needed, so they load once or not
    store = open_store(graph, named_graphs=reads_named_graphs(saved.text))
    try:
        result = run_query(store, saved.text, params=bindings, timeout=timeout)
        if fmt == "table" and result.kind != "graph":
            _print_table(result, saved, bool(ctx.obj and ctx.obj.get("quiet")))
            return
        if result.kind == "graph":
            fmt = _AS_GRAPH.get(fmt, fmt)
        out = click.get_binary_stream("stdout")
        write_result(result, fmt, out)
        if fmt in ("json", "jsonld"):
            out.write(b"\n")
        out.flush()
    except QueryTimeout:
        raise
    except QueryError as exc:  # a malformed query is a usage error: exit 2
        raise UsageError(str(exc)) from exc
