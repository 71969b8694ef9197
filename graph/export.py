"""The output files of a build, byte-identical for the same corpus and written atomically.

Every RDF file comes from one sorted list of quads: the quads ``to_dataset`` loads into its
Oxigraph store (``rdf.corpus_quads``; ``dataset_quads`` does the same for any Dataset),
deduplicated and sorted (graph, subject, rdf:type first, predicate, object), then handed to
Oxigraph's streaming Turtle / TriG writers, which group consecutive triples of a subject.
Oxigraph's own store order follows insertion order, so the sort is ours. JSON-LD is written
here from the same sorted triples with a compact ``@context`` (prefixes and one short term per
property). No timestamps, no blank nodes: the same corpus gives the same bytes.

GraphML cannot carry every character an RDF literal can: XML 1.0 forbids most C0 control
characters, and XML parsers read a carriage return as a line feed. In graph.graphml only,
CR LF and CR become LF, and the characters XML 1.0 forbids (U+0000–U+0008, U+000B, U+000C,
U+000E–U+001F, U+FFFE, U+FFFF) become U+FFFD; see ``xml_safe``. The RDF files and
claims.jsonl keep every character exactly (escaped).
"""

from __future__ import annotations

import gc
import io
import json
import os
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset

from .errors import InputError
from .lexicon import Lexicon
from .ontology import PREFIXES, RDF_NS, XSD_NS, serialize, term_key
from .records import Claim, Corpus, Entity, Evidence

OUTPUT_FILES = ("graph.ttl", "graph.trig", "graph.jsonld", "graph.graphml", "claims.jsonl")
_TYPE = RDF_NS + "type"
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TERM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same directory, are flushed to disk, and the
    file is renamed over ``path``; on any failure the temporary file is removed and ``path``
    is left as it was.

    Raises:
        OSError: the directory is missing or not writable, or the disk is full.
    """
    path = Path(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    # os.open with 0o666 lets the umask decide the mode, as for any ordinary file.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable; not every platform can open a directory
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of short-lived objects.

    Nothing here makes reference cycles; the collector would only rescan the growing heap
    again and again (a third of the export time at 10,000 claims).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_outputs(
    corpus: Corpus, out_dir: Path, *, html: str | None = None, lexicon: Lexicon | None = None
) -> list[Path]:
    """Write graph.ttl, graph.trig, graph.jsonld, graph.graphml, claims.jsonl (and graph.html).

    Every file is rendered before the first is written, and each is written atomically, so a
    failure or a kill leaves each output either as it was or complete.

    Args:
        corpus: documents and merged claims.
        out_dir: created when missing.
        html: the viewer page; graph.html is written only when given.
        lexicon: passed to ``to_dataset`` (default: data/ontology.ttl).

    Returns:
        The paths written, in the order above.

    Raises:
        DataError: data/ontology.ttl is missing or invalid.
        OSError: the output directory cannot be created or written.
    """
    from .network import to_network
    from .rdf import corpus_quads

    # The quads to_dataset would load into its store: sorting them here skips a store round
    # trip that costs as much as everything else (the tests check both give the same quads).
    with gc_paused():
        quads, triples = sort_quads(corpus_quads(corpus, lexicon))
        rendered = {
            "graph.ttl": turtle_bytes(triples),
            "graph.trig": trig_bytes(quads),
            "graph.jsonld": jsonld_bytes(triples),
            "graph.graphml": graphml_bytes(to_network(corpus)),
            "claims.jsonl": "".join(line + "\n" for line in claim_lines(corpus)).encode(),
        }
        del quads, triples
    if html is not None:
        rendered["graph.html"] = html.encode("utf-8")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in rendered.items():
        write_atomic(out / name, data)
        written.append(out / name)
    return written


# ------------------------------------------------------------------------------ RDF files


def sort_quads(quads: Iterable[ox.Quad]) -> tuple[list[ox.Quad], list[ox.Triple]]:
    """Quads without repeats, sorted, and the union of their graphs as sorted triples.

    Order: the default graph first, then named graphs by IRI; within a graph by subject,
    rdf:type first, then predicate, then object (its N-Triples form). Each term's key is
    computed once; sorting on tuples of str is what makes 250,000 quads take a second.
    """
    keyed: dict[tuple[str, str, str, str], ox.Quad] = {}
    for quad in quads:
        graph = quad.graph_name
        predicate = quad.predicate.value
        key = (
            "" if type(graph) is ox.DefaultGraph else term_key(graph),
            term_key(quad.subject),
            "" if predicate == _TYPE else predicate,
            str(quad.object),
        )
        keyed[key] = quad
    merged: dict[tuple[str, str, str], ox.Quad] = {}
    for key, quad in keyed.items():
        merged.setdefault(key[1:], quad)
    return ([keyed[k] for k in sorted(keyed)], [merged[k].triple for k in sorted(merged)])


def dataset_quads(dataset: Dataset) -> tuple[list[ox.Quad], list[ox.Triple]]:
    """``sort_quads`` of any rdflib Dataset (dumped through Oxigraph's N-Quads writer)."""
    data = dataset.serialize(format="ox-nquads", encoding="utf-8")
    return sort_quads(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def turtle_bytes(triples: list[ox.Triple]) -> bytes:
    """Turtle of already sorted triples."""
    return serialize(triples, ox.RdfFormat.TURTLE)


def trig_bytes(quads: list[ox.Quad]) -> bytes:
    """TriG of already sorted quads: the default graph, then one block per named graph."""
    return serialize(quads, ox.RdfFormat.TRIG)


def compact_iri(iri: str) -> str:
    """``prefix:local`` when a prefix of geokg's covers the IRI, else the IRI itself.

    >>> compact_iri("https://w3id.org/geokg/entity/russia")
    'ent:russia'
    """
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = prefix
    local = iri[len(PREFIXES[best]) :] if best else ""
    if not best or local.startswith("//"):
        return iri
    return f"{best}:{local}"


class _Compact(dict):
    """compact_iri with a memory: the same few thousand IRIs recur a hundred times each."""

    def __missing__(self, iri: str) -> str:
        self[iri] = value = compact_iri(iri)
        return value


_IRI = ("@type", "@id")
_STRING = XSD_NS + "string"
_INTEGER = XSD_NS + "integer"


def _kind(term: ox.NamedNode | ox.Literal) -> tuple[str, str]:
    if type(term) is not ox.Literal:
        return _IRI
    if term.language:
        return ("@language", term.language)
    return ("@type", term.datatype.value)


def _context(triples: list[ox.Triple], compact: _Compact) -> tuple[dict, dict]:
    """The @context, and for each property its key and the one value kind it coerces."""
    kinds: dict[str, set[tuple[str, str]]] = {}
    for triple in triples:
        kinds.setdefault(triple.predicate.value, set()).add(_kind(triple.object))
    names: dict[str, list[str]] = {}
    for predicate in kinds:
        names.setdefault(re.split(r"[#/]", predicate)[-1], []).append(predicate)
    reserved = {*PREFIXES, "id", "type"}
    context: dict[str, Any] = {**PREFIXES, "id": "@id", "type": "@type"}
    keys: dict[str, tuple[str, tuple[str, str] | None]] = {}
    terms = {}
    for predicate, found in kinds.items():
        if predicate == _TYPE and found == {_IRI}:
            keys[predicate] = ("type", _IRI)
            continue
        name = re.split(r"[#/]", predicate)[-1]
        if len(names[name]) > 1 or name in reserved or not _TERM_NAME.fullmatch(name):
            keys[predicate] = (compact[predicate], None)
            continue
        coerce = next(iter(found)) if len(found) == 1 else None
        if coerce == ("@type", _STRING):
            coerce = None  # plain JSON strings are xsd:string already
        definition = {"@id": compact[predicate]}
        if coerce is not None:
            kind, value = coerce
            definition[kind] = compact[value] if kind == "@type" and value != "@id" else value
        terms[name] = definition
        keys[predicate] = (name, coerce)
    context.update(sorted(terms.items()))
    return context, keys


def _value(
    term: ox.NamedNode | ox.Literal, coerce: tuple[str, str] | None, compact: _Compact
) -> Any:
    if type(term) is not ox.Literal:
        iri = compact[term.value] if type(term) is ox.NamedNode else str(term)
        return iri if coerce == _IRI else {"@id": iri}
    text = term.value
    if term.language:
        if coerce == ("@language", term.language):
            return text
        return {"@value": text, "@language": term.language}
    datatype = term.datatype.value
    if datatype == _STRING:
        return text if coerce is None else {"@value": text}
    if coerce == ("@type", datatype):
        if (
            datatype == _INTEGER
            and text.isascii()
            and text.isdigit()
            and (text == "0" or not text.startswith("0"))
        ):
            return int(text)  # a JSON number reads back as the same xsd:integer
        return text
    return {"@value": text, "@type": compact[datatype]}


def jsonld_bytes(triples: list[ox.Triple]) -> bytes:
    """Compact JSON-LD of sorted triples: one node object per subject in ``@graph``.

    The context is indented; each node object is one line, so diffs show changed nodes.
    """
    compact = _Compact()
    context, keys = _context(triples, compact)
    lines: list[str] = []
    node: dict[str, Any] = {}
    subject = None

    def flush() -> None:
        if subject is not None:
            name = compact[subject.value] if type(subject) is ox.NamedNode else str(subject)
            out: dict[str, Any] = {"id": name}
            for key in sorted(node, key=lambda k: (k != "type", k)):
                values = node[key]
                out[key] = values[0] if len(values) == 1 else values
            lines.append(json.dumps(out, ensure_ascii=False))

    for triple in triples:
        if triple.subject != subject:
            flush()
            subject, node = triple.subject, {}
        key, coerce = keys[triple.predicate.value]
        node.setdefault(key, []).append(_value(triple.object, coerce, compact))
    flush()
    head = json.dumps({"@context": context}, ensure_ascii=False, indent=1)[:-2]
    return (head + ',\n "@graph": [\n' + ",\n".join(lines) + "\n ]\n}\n").encode("utf-8")


# ------------------------------------------------------------------------ reading graphs back

_FORMATS = {
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def read_quads(path: Path) -> list[ox.Quad]:
    """The quads of a graph file geokg wrote (.trig .ttl .nq .nt .jsonld), of an output
    directory (its graph.trig) or of an Oxigraph store directory.

    Raises:
        InputError: the file cannot be read or parsed, or its suffix is unknown.
        UsageError: a directory that is neither an output directory nor a store.
    """
    path = Path(path)
    if path.is_dir() and (path / "graph.trig").is_file():
        path = path / "graph.trig"
    elif path.is_dir():
        from .store import open_store

        return list(open_store(path).quads_for_pattern(None, None, None, None))
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(_FORMATS))
        raise InputError(str(path), f"unknown graph format; use one of {known}")
    try:
        return list(ox.parse(path=path, format=fmt))
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    except (SyntaxError, ValueError) as exc:
        raise InputError(str(path), f"not valid {fmt.name}: {exc}") from exc


# ------------------------------------------------------------------ GraphML and claims.jsonl


def xml_safe(text: str) -> str:
    """Text as XML 1.0 can carry it: CR LF and CR → LF, forbidden characters → U+FFFD.

    >>> xml_safe("a\\x00b\\r\\nc")
    'a\\ufffdb\\nc'
    """
    return _XML_FORBIDDEN.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def graphml_bytes(graph: nx.MultiDiGraph) -> bytes:
    """GraphML of the actor network, its text made XML-safe (``xml_safe``)."""

    def clean(data: dict[str, Any]) -> dict[str, Any]:
        return {k: xml_safe(v) if isinstance(v, str) else v for k, v in data.items()}

    safe = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        safe.add_node(xml_safe(node), **clean(data))
    for source, target, key, data in graph.edges(keys=True, data=True):
        safe.add_edge(xml_safe(source), xml_safe(target), key=xml_safe(str(key)), **clean(data))
    buffer = io.BytesIO()
    nx.write_graphml(safe, buffer, encoding="utf-8")
    return buffer.getvalue()


def entity_json(entity: Entity, mention: str | None) -> dict[str, Any]:
    """An actor as claims.jsonl shows it."""
    return {
        "iri": entity.iri,
        "label": entity.label,
        "type": entity.type,
        "wikidata": entity.wikidata,
        "country": entity.country,
        "sector": entity.sector,
        "mention": mention,
    }


def claim_json(claim: Claim, evidence: Evidence) -> dict[str, Any]:
    """One (claim, evidence) pair as the claim JSON of the contract (architecture.md)."""
    relation = claim.relation
    record = {
        "id": claim.iri,
        "document": evidence.document,
        "subject": entity_json(claim.subject, evidence.subject_mention),
        "relation": {
            "iri": relation.iri,
            "label": relation.label,
            "cameo": relation.cameo,
            "plover": relation.plover,
            "quad_class": relation.quad_class,
            "goldstein": relation.goldstein,
        },
        "object": entity_json(claim.object, evidence.object_mention),
        "polarity": claim.polarity,
        "modality": claim.modality,
        "attributed_to": (
            entity_json(claim.attributed_to, None) if claim.attributed_to is not None else None
        ),
        "date": claim.date,
        "confidence": claim.confidence,
        "evidence": {
            "text": evidence.text,
            "start": evidence.start,
            "end": evidence.end,
            "sentence": evidence.sentence,
        },
    }
    if claim.role is not None:
        record["role"] = claim.role
    return record


def claim_lines(corpus: Corpus) -> list[str]:
    """claims.jsonl as sorted lines (no newline): one per (claim, evidence), keys sorted.

    A claim without evidence has no line: the contract's claim always has evidence.
    """
    return sorted(
        json.dumps(claim_json(claim, evidence), ensure_ascii=False, sort_keys=True)
        for claim in corpus.claims
        for evidence in claim.evidence
    )
