"""Open a geokg graph for SPARQL, and keep a persistent store that later builds add to.

A GRAPH argument is either an RDF file (``.ttl``, ``.trig``, ``.nq``, ``.nt``, ``.jsonld``,
``.rdf``), parsed into memory with its named graphs kept (:class:`QueryStore`), or a directory
holding an on-disk Oxigraph store (``geokg build --store DIR``), opened read-only.

In every store geokg queries, the default graph is the RDF merge of the whole dataset: the
triples of each named graph (one per article) are also in the default graph, once. So a query
without ``GRAPH`` sees every claim exactly once, whether it came from ``graph.ttl`` (one
graph) or ``graph.trig`` (a graph per article), and ``GRAPH ?article { … }`` still tells
which article says what. Oxigraph's own "default graph as union" option is not used: in 0.5
it keeps one copy of a triple per graph holding it, so a claim reported by three articles
matches each of its patterns three times and joins multiply (oxigraph/oxigraph#1919, fixed
after 0.5).

A persistent store holds many builds: re-building an article replaces its named graph (and
the default graph's copy of it); the article metadata and ontology terms a build describes
replace the old ones; entity descriptions are merged (an alias seen in an earlier build is
kept). Adding the same build twice changes nothing.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from .errors import InputError, UsageError
from .records import DOC_NS, ENTITY_NS, RELATION_NS, slug

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

#: File extension → the Oxigraph format it is parsed with.
FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nquads": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ntriples": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}
#: Subjects of the default graph whose description a new build replaces rather than extends:
#: articles (and their authors, ``doc/…#author``) and ontology terms.
REPLACED_SUBJECTS = (DOC_NS, RELATION_NS.rstrip("#"))


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF format of a file, from its extension.

    Raises:
        UsageError: the extension is not one geokg reads.
    """
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise UsageError(f"{path}: unknown RDF file type {path.suffix!r}; geokg reads {known}")
    return fmt


def is_store_dir(path: Path) -> bool:
    """True when ``path`` is a directory that looks like an on-disk Oxigraph store."""
    return path.is_dir() and (path / "CURRENT").is_file()


def open_store(path: Path, *, named_graphs: bool | None = None) -> QueryStore:
    """Open a graph file or a store directory for querying.

    Files are parsed into memory (see :class:`QueryStore`); a store directory is opened
    read-only, so a server and many readers can share it.

    Args:
        path: a graph file or a store directory.
        named_graphs: for a file, whether the queries to come name graphs, when the caller
            knows (:func:`reads_named_graphs`): True loads one store with the named graphs and
            their merge at once, False never loads the named graphs (a query that names one
            then sees none); None (the default) loads them on the first query that needs them.

    Raises:
        UsageError: the path does not exist, is a directory that is not an Oxigraph store, or
            has an unknown extension.
        InputError: the file cannot be parsed (the parser's message, with its line and column)
            or the store cannot be opened.
    """
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path}: no such file or directory")
    if path.is_dir():
        if not is_store_dir(path):
            raise UsageError(
                f"{path}: a directory, but not an Oxigraph store; give a graph file "
                "(graph.trig, graph.ttl …) or a directory made by `geokg build --store DIR`"
            )
        try:
            store = ox.Store.read_only(str(path))
        except OSError as exc:
            raise InputError(str(path), f"cannot open the store: {exc}") from exc
        return QueryStore(store, store)
    fmt = rdf_format(path)
    if named_graphs:
        store = _with_graphs(path, fmt)
        return QueryStore(store, store)
    merged = ox.Store()
    named = False

    def as_default(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
        nonlocal named
        for quad in quads:
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                named = True
                quad = ox.Quad(quad.subject, quad.predicate, quad.object)
            yield quad

    with _reading(path, fmt):
        merged.bulk_extend(as_default(ox.parse(path=str(path), format=fmt)))
    if not named or named_graphs is False:
        return QueryStore(merged, merged)
    return QueryStore(merged, lambda: _with_graphs(path, fmt, merged))


def _with_graphs(path: Path, fmt: ox.RdfFormat, merged: ox.Store | None = None) -> ox.Store:
    """The file in a store with its named graphs, and their merge (``merged``, when already
    made) as the default graph."""
    store = ox.Store()
    load_file(store, path, fmt)
    if merged is None:
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    else:
        store.bulk_extend(merged)
    return store


#: What cannot hold a keyword, taken out before looking for one: IRIs, strings (long and
#: short, with escapes) and comments.
_NOT_KEYWORDS = re.compile(
    r"<[^<>\"{}|^`\\\s]*>"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|#[^\n]*",
    re.DOTALL,
)
#: The keywords without which a query cannot read a named graph: a ``GRAPH`` pattern, or a
#: dataset given by ``FROM`` / ``FROM NAMED`` (not a variable, nor part of a prefixed name).
_DATASET_WORDS = re.compile(r"(?<![\w?$:])(?:GRAPH|FROM)(?![\w:])", re.IGNORECASE)
_DATASET_OPTIONS = ("default_graph", "named_graphs", "use_default_graph_as_union")


def reads_named_graphs(query: str, options: dict | None = None) -> bool:
    """True when a query may read named graphs, by its text or by the dataset it is given.

    The words in a string, an IRI or a comment do not count. Where this reading could be
    wrong it errs towards True, which costs speed, never an answer.

    >>> reads_named_graphs("SELECT * { ?s ?p ?o }  # from each graph")
    False
    >>> reads_named_graphs("SELECT * FROM NAMED <g> { GRAPH ?g { ?s ?p ?o } }")
    True
    """
    return bool(_DATASET_WORDS.search(_NOT_KEYWORDS.sub(" ", query))) or any(
        options.get(name) for name in _DATASET_OPTIONS if options
    )


class QueryStore:
    """A geokg graph opened for SPARQL: its default graph is the merge of every graph.

    A query that names no graph (no ``GRAPH``, no ``FROM``) runs on a store that holds the
    merged default graph alone. Oxigraph's in-memory store finds a triple by walking the quads
    that share a term with it, so the per-article copies of a claim (one per named graph) would
    slow every lookup; without them the saved queries ran 1.2 to 1.6 times faster on a million
    triples (``benchmarks/bench_sparql.py``). The store with the named graphs (and the same
    merged default graph) is loaded on the first query that needs it. A store directory serves
    both (its indexes keep the default graph apart).

    It offers the part of :class:`pyoxigraph.Store` that geokg reads with: ``query``,
    ``quads_for_pattern``, ``named_graphs`` and ``len``.
    """

    def __init__(self, merged: ox.Store, full: ox.Store | Callable[[], ox.Store]) -> None:
        self.merged = merged
        self._full = full
        self._lock = threading.Lock()

    @property
    def full(self) -> ox.Store:
        """The store with the named graphs as well (loaded when first asked for)."""
        with self._lock:
            if not isinstance(self._full, ox.Store):
                self._full = self._full()
            return self._full

    def query(self, query: str, **options: Any) -> Any:
        """``pyoxigraph.Store.query`` on the store the query needs."""
        store = self.full if reads_named_graphs(query, options) else self.merged
        return store.query(query, **options)

    def quads_for_pattern(
        self,
        subject: Any = None,
        predicate: Any = None,
        object: Any = None,  # noqa: A002 - pyoxigraph's name
        graph_name: Any = None,
    ) -> Iterator[ox.Quad]:
        """The quads matching a pattern; the default graph's from the merged store."""
        store = self.merged if isinstance(graph_name, ox.DefaultGraph) else self.full
        return store.quads_for_pattern(subject, predicate, object, graph_name)

    def named_graphs(self) -> Iterator[ox.NamedNode | ox.BlankNode]:
        return self.full.named_graphs()

    def __len__(self) -> int:
        return len(self.full)


#: What the query functions take: a :class:`QueryStore` or a plain Oxigraph store.
Readable = QueryStore | ox.Store


def load_file(store: ox.Store, path: Path, fmt: ox.RdfFormat | None = None) -> None:
    """Parse an RDF file into ``store``, keeping its named graphs.

    Raises:
        UsageError: the extension is unknown.
        InputError: the file cannot be read or parsed.
    """
    fmt = fmt or rdf_format(path)
    with _reading(path, fmt):
        store.bulk_load(path=str(path), format=fmt)


@contextlib.contextmanager
def _reading(path: Path, fmt: ox.RdfFormat) -> Iterator[None]:
    """Turn the parser's errors while reading ``path`` into an :class:`InputError` naming it
    (with the parser's line and column)."""
    try:
        yield
    except SyntaxError as exc:
        raise InputError(str(path), f"not valid {fmt.name}: {exc.msg}") from exc
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"cannot read {fmt.name}: {exc}") from exc


def update_store(store_dir: Path, source: Path | rdflib.Dataset) -> int:
    """Add a build to the persistent store in ``store_dir`` (created if missing).

    Each named graph of ``source`` (one per article) replaces the graph of the same name in the
    store, so re-building an article does not duplicate its claims. In the default graph, the
    descriptions of the articles and of the ontology terms that ``source`` describes are
    replaced; entity descriptions are merged (an alias seen in an earlier build is kept).

    Args:
        store_dir: the store directory.
        source: a build's ``graph.trig`` (or any file :func:`open_store` reads), or the rdflib
            Dataset of a build.

    Returns:
        The number of quads added from ``source``.

    Raises:
        UsageError: ``store_dir`` exists but is not an Oxigraph store, or ``source`` is missing.
        InputError: ``source`` cannot be parsed, or the store cannot be written (for example
            while a server has it open).
    """
    store_dir = Path(store_dir)
    if store_dir.exists() and (
        not store_dir.is_dir() or (any(store_dir.iterdir()) and not is_store_dir(store_dir))
    ):
        raise UsageError(f"{store_dir}: exists and is not an Oxigraph store directory")
    quads = _source_quads(source)
    try:
        store = ox.Store(str(store_dir))
    except OSError as exc:
        raise InputError(str(store_dir), f"cannot open the store for writing: {exc}") from exc
    try:
        _replace(store, quads)
        store.flush()
    except OSError as exc:
        raise InputError(str(store_dir), f"cannot write the store: {exc}") from exc
    finally:
        del store
    return len(quads)


def _source_quads(source: Path | rdflib.Dataset) -> list[ox.Quad]:
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
        fmt = rdf_format(path)
        with _reading(path, fmt):
            return list(ox.parse(path=str(path), format=fmt))
    # An rdflib Dataset: through N-Quads, Oxigraph's own serializer when oxrdflib backs it.
    ox_backed = type(source.store).__module__.startswith("oxrdflib")
    data = source.serialize(format="ox-nquads" if ox_backed else "nquads", encoding="utf-8")
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def _replace(store: ox.Store, quads: Iterable[ox.Quad]) -> None:
    quads = list(quads)
    default = ox.DefaultGraph()
    named = [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
    graphs = {q.graph_name for q in named if store.contains_named_graph(q.graph_name)}
    old = {
        (q.subject, q.predicate, q.object)
        for graph in graphs
        for q in store.quads_for_pattern(None, None, None, graph)
    }
    for graph in graphs:
        store.remove_graph(graph)
    for triple in old:  # the default graph's copy goes unless another article still has it
        holders = store.quads_for_pattern(*triple, None)
        if all(isinstance(q.graph_name, ox.DefaultGraph) for q in holders):
            store.remove(ox.Quad(*triple, default))
    replaced = {
        q.subject
        for q in quads
        if isinstance(q.graph_name, ox.DefaultGraph)
        and isinstance(q.subject, ox.NamedNode)
        and q.subject.value.startswith(REPLACED_SUBJECTS)
    }
    stale = [
        q for subject in replaced for q in store.quads_for_pattern(subject, None, None, default)
    ]
    for quad in stale:
        store.remove(quad)
    store.extend([*quads, *(ox.Quad(q.subject, q.predicate, q.object, default) for q in named)])


# ------------------------------------------------------------------- finding things by name

_LOOKUP_PREFIXES = f"""
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX ent: <{ENTITY_NS}>
PREFIX geo: <{RELATION_NS}>
"""
# ?name is always an Oxigraph substitution, never pasted in.
_BY_LABEL = (
    _LOOKUP_PREFIXES
    + """
SELECT ?name ?entity ?rank WHERE {
  { ?entity rdfs:label ?label BIND(0 AS ?rank) }
  UNION { ?entity skos:altLabel ?label BIND(1 AS ?rank) }
  FILTER(STRSTARTS(STR(?entity), STR(ent:)) && LCASE(STR(?label)) = ?name)
}"""
)
_RELATION_BY_NAME = (
    _LOOKUP_PREFIXES
    + """
SELECT ?name ?relation WHERE {
  ?relation a owl:ObjectProperty ; rdfs:label ?label .
  FILTER(LCASE(STR(?label)) = ?name || LCASE(STRAFTER(STR(?relation), STR(geo:))) = ?name)
}"""
)
_ALL_NAMES = (
    _LOOKUP_PREFIXES
    + """
SELECT DISTINCT ?label WHERE {
  ?entity rdfs:label|skos:altLabel ?label . FILTER(STRSTARTS(STR(?entity), STR(ent:)))
}"""
)


_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_ALT_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")


def _lookup(store: Readable, query: str, name: str) -> ox.QuerySolutions:
    return store.query(query, substitutions={ox.Variable("name"): ox.Literal(name.lower())})


def _exists(store: Readable, node: ox.NamedNode) -> bool:
    found = store.quads_for_pattern(node, None, None, ox.DefaultGraph())
    return next(iter(found), None) is not None


def find_entity(store: Readable, name: str) -> ox.NamedNode:
    """The entity a name, an alias or a key stands for.

    A key (``north-korea``) wins, then a label, then an alias, each first as written (an index
    lookup), then ignoring case; last the slug of the name (``Kim Jong-Un`` → ``kim-jong-un``).

    Raises:
        UsageError: no entity has that name (the message lists close names), or several do.
    """
    key = ox.NamedNode(ENTITY_NS + slug(name))
    if re.fullmatch(r"[a-z0-9][a-z0-9-]*", name) and _exists(store, key):
        return key
    for predicate in (_LABEL, _ALT_LABEL):
        exact = {
            q.subject.value
            for text in (ox.Literal(name, language="en"), ox.Literal(name))
            for q in store.quads_for_pattern(None, predicate, text, ox.DefaultGraph())
            if q.subject.value.startswith(ENTITY_NS)
        }
        if exact:
            return _one(name, exact)
    ranked: dict[str, int] = {}
    for row in _lookup(store, _BY_LABEL, name):
        iri, rank = row["entity"].value, int(row["rank"].value)
        ranked[iri] = min(rank, ranked.get(iri, rank))
    if ranked:
        best = min(ranked.values())
        return _one(name, {iri for iri, rank in ranked.items() if rank == best})
    if _exists(store, key):
        return key
    names = {row["label"].value for row in store.query(_ALL_NAMES)}
    lowered = {n.lower(): n for n in names}
    near = difflib.get_close_matches(name.lower(), list(lowered), n=5, cutoff=0.75)
    near += [low for low in sorted(lowered) if name.lower() in low and low not in near][:5]
    hint = f"; close: {', '.join(lowered[n] for n in near[:5])}" if near else ""
    raise UsageError(
        f"no entity called {name!r} in the graph{hint} (the saved query 'actors' lists them)"
    )


def _one(name: str, iris: set[str]) -> ox.NamedNode:
    if len(iris) > 1:
        keys = ", ".join(sorted(iri.removeprefix(ENTITY_NS) for iri in iris))
        raise UsageError(f"{name!r} could be any of: {keys}; give the key instead")
    return ox.NamedNode(next(iter(iris)))


def find_relation(store: Readable, name: str) -> ox.NamedNode:
    """The relation of the ontology with this key (``meets``) or label (``meets with``).

    Raises:
        UsageError: no relation, or several, go by that name.
    """
    iris = sorted({row["relation"].value for row in _lookup(store, _RELATION_BY_NAME, name)})
    if len(iris) == 1:
        return ox.NamedNode(iris[0])
    if iris:
        raise UsageError(f"{name!r} could be any of: {', '.join(iris)}")
    raise UsageError(f"no relation called {name!r}; give its key (meets) or label (meets with)")
