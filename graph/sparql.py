"""SPARQL over a geokg graph: saved queries, safely bound parameters.

Queries run on the stores of :mod:`graph.store`, whose default graph is the merge of all
graphs: one query gives the same answers on ``graph.ttl``, ``graph.trig`` and a persistent
store. The article behind a claim is reached through its evidence
(``prov:wasDerivedFrom/oa:hasSource``); ``GRAPH ?g { … }`` works too where named graphs exist.

Parameters are never pasted into query text: they are Oxigraph substitutions (SPARQL-dev
SEP-0007), typed from the query's header (``# param: actor (entity) …``). What Oxigraph 0.5
requires of a query, and what makes it fast, which every saved query follows:

- a parameter is a variable of the outer ``SELECT`` (or of a ``CONSTRUCT``'s pattern), and of
  the ``SELECT`` of every sub-query that uses it;
- a parameter is never read with ``BOUND()`` or ``BIND()`` (Oxigraph leaves those unbound);
- the planner does not know a substituted variable is bound: it orders a group's triple
  patterns as if it were free, keeping the written order among equals. So a required parameter
  sits in the first triple pattern of the group that does the work, and no pattern of that
  group has a constant object (the planner would start from it); inside a ``UNION`` each
  branch repeats the patterns it drives. An optional parameter is tested in a ``FILTER`` with
  ``COALESCE(…, true)`` (or ``FILTER EXISTS``), so that leaving it out means "any" without
  repeating rows; such a filter runs after the group's joins;
- the work is done in a sub-query and the result decorated after it with ``OPTIONAL``s of one
  triple pattern each, which Oxigraph runs row by row; a two-pattern ``OPTIONAL`` is joined by
  hashing its whole answer, so a second step nests (``OPTIONAL { ?a p ?b OPTIONAL { ?b q ?c }
  }``). Entity labels are fetched row by row where the rows' entities are spread out, and
  through ``OPTIONAL { SELECT ?x ?label WHERE { ?x rdfs:label ?label } }`` (one hash join)
  where most rows share a few hubs, whose row-by-row lookups are slow in Oxigraph's memory
  store (see :class:`graph.store.QueryStore`).

An ``entity`` parameter takes a name, an alias, an entity key or an IRI; a name is looked up
by label and alias in a separate query, itself parameterised (:func:`graph.store.find_entity`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .errors import QueryError, UsageError
from .records import BASE, CLAIM_NS, ENTITY_NS, RELATION_NS
from .store import Readable, find_entity, find_relation

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
XSD = "http://www.w3.org/2001/XMLSchema#"
#: Prefixes every query may use without declaring them (they are also written in Turtle).
PREFIXES: dict[str, str] = {
    "geo": RELATION_NS,
    "ent": ENTITY_NS,
    "claim": CLAIM_NS,
    "ev": BASE + "evidence/",
    "doc": BASE + "doc/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": XSD,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "http://schema.org/",
    "oa": "http://www.w3.org/ns/oa#",
    "wd": "http://www.wikidata.org/entity/",
}
PARAM_TYPES = ("entity", "relation", "claim", "iri", "string", "date", "integer")
_HEADER = re.compile(r"#\s*(name|description|param):\s*(.*)")
_PARAM = re.compile(r"([A-Za-z_]\w*)\s*\(\s*(\w+)\s*(,\s*optional\s*)?\)\s*(.*)")
_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S)

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class QueryTimeout(QueryError):
    """A query ran past its time limit."""


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter a query declares in its header."""

    name: str
    type: str = "string"
    optional: bool = False
    description: str = ""


@dataclass(frozen=True, slots=True)
class SavedQuery:
    """A query with its header: name, what it answers, its parameters, and its text."""

    name: str
    description: str
    params: tuple[Param, ...]
    text: str


@dataclass(frozen=True, slots=True)
class QueryResult:
    """What a query gives: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE).

    ``rows`` and ``triples`` are iterated once; with a time limit they are already in memory.
    """

    kind: str  # "solutions" | "boolean" | "graph"
    variables: tuple[str, ...] = ()
    rows: Iterable[tuple[Term | None, ...]] = ()
    triples: Iterable[ox.Triple] = ()
    boolean: bool | None = None
    params: dict[str, Term] = field(default_factory=dict)


def parse_header(text: str, where: str = "query") -> SavedQuery:
    """Read the ``# name:``, ``# description:`` and ``# param:`` lines that open a query.

    Lines indented after ``#`` continue the field above them.

    Raises:
        UsageError: a param line is malformed or names an unknown type.
    """
    fields: dict[str, str] = {"name": "", "description": ""}
    params: list[str] = []
    last: str | None = None
    for line in text.lstrip().splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        match = _HEADER.match(stripped)
        if match:
            last = match.group(1)
            if last == "param":
                params.append(match.group(2).strip())
            else:
                fields[last] = match.group(2).strip()
        elif last and stripped[1:].strip() and stripped[1:2].isspace():
            extra = stripped[1:].strip()
            if last == "param":
                params[-1] += " " + extra
            else:
                fields[last] += " " + extra
        else:
            last = None
    return SavedQuery(
        name=fields["name"],
        description=fields["description"],
        params=tuple(_parse_param(p, where) for p in params),
        text=text,
    )


def _parse_param(spec: str, where: str) -> Param:
    match = _PARAM.fullmatch(spec)
    if not match or match.group(2) not in PARAM_TYPES:
        raise UsageError(
            f"{where}: bad '# param:' line {spec!r}; write '# param: NAME (TYPE[, optional]) "
            f"what it is', TYPE one of {', '.join(PARAM_TYPES)}"
        )
    name, kind, optional, description = match.groups()
    return Param(name, kind, bool(optional), description.strip())


def list_saved(directory: Path = QUERIES_DIR) -> list[SavedQuery]:
    """The saved queries shipped with geokg (``graph/queries/*.rq``), sorted by name.

    Raises:
        UsageError: a query file has a malformed ``# param:`` line.
    """
    queries = []
    for path in sorted(directory.glob("*.rq")):
        query = parse_header(path.read_text(encoding="utf-8"), str(path))
        queries.append(query if query.name else _renamed(query, path.stem))
    return queries


def _renamed(query: SavedQuery, name: str) -> SavedQuery:
    return SavedQuery(name, query.description, query.params, query.text)


def load_query(spec: str, directory: Path = QUERIES_DIR) -> SavedQuery:
    """A query from SPARQL text, ``@file.rq``, or the name of a saved query.

    Raises:
        UsageError: the file is missing, or ``spec`` looks like a name no saved query has.
    """
    if spec.startswith("@"):
        path = Path(spec[1:])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{path}: cannot read the query file: {exc}") from exc
        query = parse_header(text, str(path))
        return query if query.name else _renamed(query, path.stem)
    if re.fullmatch(r"[A-Za-z][\w-]*", spec.strip()):
        saved = {q.name: q for q in list_saved(directory)}
        name = spec.strip()
        if name in saved:
            return saved[name]
        close = difflib.get_close_matches(name, list(saved), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UsageError(f"no saved query {name!r}{hint}; `geokg query --list` shows them")
    return parse_header(spec)


def run_query(
    store: Readable,
    query: str,
    *,
    params: dict[str, str] | None = None,
    timeout: float | None = None,
) -> QueryResult:
    """Run a SPARQL query, binding ``params`` to the variables its header declares.

    The store is one :func:`graph.store.open_store` gives (its default graph the merge of all).

    Without a time limit the rows are produced lazily as they are read. With ``timeout``
    (seconds) they are computed in a helper thread and the call gives up when the limit
    passes; Oxigraph cannot cancel a query, so the helper stops at the next solution it yields
    (a long sort or aggregate finishes first, in the background).

    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode(ENTITY_NS + "a"), ox.NamedNode(RELATION_NS + "meets"),
    ...                   ox.NamedNode(ENTITY_NS + "b")))
    >>> result = run_query(store, "SELECT ?x ?y WHERE { ?x geo:meets ?y }",
    ...                    params={"y": "https://w3id.org/geokg/entity/b"})
    >>> [row[0].value for row in result.rows]
    ['https://w3id.org/geokg/entity/a']

    Raises:
        QueryError: the query is not valid SPARQL (the message gives line and column), or it
            fails while running.
        QueryTimeout: it runs past ``timeout``.
        UsageError: a parameter is unknown, missing, malformed, or names no entity.
    """
    header = parse_header(query)
    substitutions = bind_params(store, header, params or {})
    if timeout is None:
        return _execute(store, query, substitutions, None)
    stop = threading.Event()
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            result = _execute(store, query, substitutions, stop)
            box["result"] = QueryResult(
                result.kind,
                result.variables,
                list(result.rows),
                list(result.triples),
                result.boolean,
                result.params,
            )
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=work, name="geokg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        stop.set()
        raise QueryTimeout(f"the query ran past the time limit of {timeout:g} s and was abandoned")
    if "error" in box:
        raise box["error"]
    return box["result"]


def _execute(
    store: Readable,
    query: str,
    substitutions: dict[ox.Variable, Term],
    stop: threading.Event | None,
) -> QueryResult:
    try:
        raw = store.query(
            query,
            prefixes=PREFIXES,
            substitutions=substitutions or None,
        )
    except SyntaxError as exc:
        raise QueryError(syntax_message(query, str(exc.msg if exc.msg else exc))) from exc
    except RuntimeError as exc:
        if "SELECT projection" in str(exc):
            raise UsageError(f"a parameter must be a variable of the SELECT clause: {exc}") from exc
        raise QueryError(f"the query failed: {exc}") from exc
    except (OSError, ValueError) as exc:
        raise QueryError(f"the query failed: {exc}") from exc
    bound = {var.value: term for var, term in substitutions.items()}
    if isinstance(raw, ox.QuerySolutions):
        names = tuple(v.value for v in raw.variables)
        return QueryResult("solutions", names, _guarded(raw, stop, tuple), params=bound)
    if isinstance(raw, ox.QueryBoolean):
        return QueryResult("boolean", boolean=bool(raw), params=bound)
    return QueryResult("graph", triples=_guarded(raw, stop, lambda t: t), params=bound)


def _guarded(results: Iterable[Any], stop: threading.Event | None, convert) -> Iterator[Any]:
    try:
        for item in results:
            if stop is not None and stop.is_set():
                return
            yield convert(item)
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the query failed while running: {exc}") from exc


def syntax_message(query: str, message: str) -> str:
    """The parser's message, with the line and column it points to and that line quoted."""
    match = _POSITION.match(message)
    if not match:
        return f"the query is not valid SPARQL: {message}"
    line, column, reason = int(match.group(1)), int(match.group(2)), match.group(3).strip()
    if len(reason) > 120:  # Oxigraph lists every token it would accept
        reason = reason[: reason.rfind(",", 0, 110)] + ", …"
    lines = query.splitlines()
    shown = ""
    if 1 <= line <= len(lines):
        shown = f"\n  {lines[line - 1]}\n  {' ' * max(column - 1, 0)}^"
    return f"the query is not valid SPARQL: line {line}, column {column}: {reason}{shown}"


# ----------------------------------------------------------------------------- parameters


def bind_params(
    store: Readable, query: SavedQuery, given: dict[str, str]
) -> dict[ox.Variable, Term]:
    """Turn ``name=value`` strings into typed RDF terms for the query's variables.

    Parameters the header does not declare are typed from their value (an IRI, a date, an
    integer or a string).

    Raises:
        UsageError: a required parameter is missing, a value is malformed, an entity or
            relation cannot be found, or (for a saved query) a parameter is unknown.
    """
    declared = {p.name: p for p in query.params}
    unknown = [name for name in given if name not in declared]
    if unknown and query.params:
        raise UsageError(
            f"unknown parameter {unknown[0]!r}; this query takes: {', '.join(declared)}"
        )
    missing = [p.name for p in query.params if not p.optional and p.name not in given]
    if missing:
        what = f"the query {query.name!r}" if query.name else "the query"
        raise UsageError(f"{what} needs --param {'=… --param '.join(missing)}=…")
    substitutions: dict[ox.Variable, Term] = {}
    for name, value in given.items():
        param = declared.get(name) or Param(name, _guess_type(value))
        substitutions[ox.Variable(name)] = to_term(store, param, value)
    return substitutions


def _guess_type(value: str) -> str:
    if re.fullmatch(r"<[^<>\s]*>|[a-z][\w+.-]*://\S*|urn:\S+", value):
        return "iri"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return "date"
    return "integer" if re.fullmatch(r"[+-]?\d+", value) else "string"


def to_term(store: Readable, param: Param, value: str) -> Term:
    """The RDF term a parameter value stands for.

    Raises:
        UsageError: the value does not fit the parameter's type, or names nothing in the graph.
    """
    text = value.strip()
    try:
        if param.type == "string":
            return ox.Literal(value)
        if param.type == "date":
            return ox.Literal(
                dt.date.fromisoformat(text).isoformat(), datatype=ox.NamedNode(XSD + "date")
            )
        if param.type == "integer":
            return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))
        iri = _as_iri(text)
        if param.type == "claim" and iri is None and re.fullmatch(r"[0-9a-f]{16}", text):
            iri = CLAIM_NS + text
        if iri is not None:
            return ox.NamedNode(iri)
        if param.type == "entity":
            return find_entity(store, text)
        if param.type == "relation":
            return find_relation(store, text)
    except ValueError as exc:
        problem = f"--param {param.name}: {value!r} is not a valid {param.type}: {exc}"
        raise UsageError(problem) from exc
    raise UsageError(f"--param {param.name}: {value!r} is not an IRI (nor a known {param.type})")


def _as_iri(text: str) -> str | None:
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    if re.fullmatch(r"[a-z][\w+.-]*://\S+|urn:\S+", text):
        return text
    return None
