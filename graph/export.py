"""The output files of a build, byte-identical for the same corpus and written atomically.

Every RDF file is written from one sorted list of quads: the Dataset of ``to_dataset`` is
dumped as N-Quads by Oxigraph, parsed back into pyoxigraph terms, deduplicated and sorted
(graph, subject, rdf:type first, predicate, object), then handed to Oxigraph's streaming
Turtle / TriG writers, which group consecutive triples of a subject. Oxigraph's own store
order is not a promise, so the sort is ours. JSON-LD is written here from the same sorted
triples with a compact ``@context`` (prefixes and one short term per property).

GraphML cannot carry every character an RDF literal can: XML 1.0 forbids most C0 control
characters, and XML parsers read a carriage return as a line feed. In graph.graphml only,
CR LF and CR become LF, and the characters XML 1.0 forbids (U+0000–U+0008, U+000B, U+000C,
U+000E–U+001F, U+FFFE, U+FFFF) become U+FFFD; see ``xml_safe``. The RDF files and
claims.jsonl keep every character exactly (escaped).
"""

from __future__ import annotations

import io
import json
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset

from .lexicon import Lexicon
from .ontology import PREFIXES, RDF_NS, XSD_NS, serialize, term_key, triple_order
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


def write_outputs(corpus: Corpus, out_dir: Path, *, html: str | None = None,
                  lexicon: Lexicon | None = None) -> list[Path]:
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
    from .rdf import to_dataset

    quads = dataset_quads(to_dataset(corpus, lexicon))
    triples = merged_triples(quads)
    rendered = {
        "graph.ttl": turtle_bytes(triples),
        "graph.trig": trig_bytes(quads),
        "graph.jsonld": jsonld_bytes(triples),
        "graph.graphml": graphml_bytes(to_network(corpus)),
        "claims.jsonl": "".join(line + "\n" for line in claim_lines(corpus)).encode("utf-8"),
    }
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


def quad_order(quad: ox.Quad) -> tuple[int, str, str, str, str]:
    """Sort key: default graph first, then graph, subject, rdf:type first, predicate, object."""
    named = not isinstance(quad.graph_name, ox.DefaultGraph)
    predicate = "" if quad.predicate.value == _TYPE else quad.predicate.value
    return (int(named), term_key(quad.graph_name) if named else "", term_key(quad.subject),
            predicate, str(quad.object))


def dataset_quads(dataset: Dataset) -> list[ox.Quad]:
    """The quads of a Dataset, without repeats, in ``quad_order``."""
    data = dataset.serialize(format="ox-nquads", encoding="utf-8")
    return sorted(set(ox.parse(data, format=ox.RdfFormat.N_QUADS)), key=quad_order)


def merged_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The union of all graphs as sorted triples (graph.ttl and graph.jsonld)."""
    return sorted({quad.triple for quad in quads}, key=triple_order)


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
    local = iri[len(PREFIXES[best]):] if best else ""
    if not best or local.startswith("//"):
        return iri
    return f"{best}:{local}"


def _kind(term: Any) -> tuple[str, str]:
    if isinstance(term, ox.Literal):
        if term.language:
            return ("@language", term.language)
        return ("@type", term.datatype.value)
    return ("@type", "@id")


def _context(triples: list[ox.Triple]) -> tuple[dict[str, Any], dict[str, tuple[str, Any]]]:
    """The @context, and for each property its key and the one value kind it coerces."""
    kinds: dict[str, set[tuple[str, str]]] = {}
    for triple in triples:
        kinds.setdefault(triple.predicate.value, set()).add(_kind(triple.object))
    names: dict[str, list[str]] = {}
    for predicate in kinds:
        name = re.split(r"[#/]", predicate)[-1]
        names.setdefault(name, []).append(predicate)
    reserved = {*PREFIXES, "id", "type"}
    context: dict[str, Any] = dict(PREFIXES)
    context.update({"id": "@id", "type": "@type"})
    keys: dict[str, tuple[str, Any]] = {}
    terms = {}
    for predicate, found in kinds.items():
        if predicate == _TYPE and found == {("@type", "@id")}:
            keys[predicate] = ("type", None)
            continue
        name = re.split(r"[#/]", predicate)[-1]
        coerce = next(iter(found)) if len(found) == 1 else None
        if coerce == ("@type", XSD_NS + "string"):
            coerce = None  # plain JSON strings are xsd:string already
        if len(names[name]) > 1 or name in reserved or not _TERM_NAME.fullmatch(name):
            keys[predicate] = (compact_iri(predicate), None)
            continue
        definition: dict[str, str] = {"@id": compact_iri(predicate)}
        if coerce is not None:
            kind, value = coerce
            definition[kind] = value if value == "@id" or kind == "@language" else (
                compact_iri(value))
        terms[name] = definition
        keys[predicate] = (name, coerce)
    context.update(sorted(terms.items()))
    return context, keys


def _value(term: Any, coerce: tuple[str, str] | None) -> Any:
    if not isinstance(term, ox.Literal):
        iri = compact_iri(term.value)
        return iri if coerce == ("@type", "@id") else {"@id": iri}
    kind = _kind(term)
    if kind == coerce:
        if term.datatype.value == XSD_NS + "integer" and term.value == str(_int(term.value)):
            return int(term.value)
        return term.value
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD_NS + "string":
        return term.value if coerce is None else {"@value": term.value}
    return {"@value": term.value, "@type": compact_iri(term.datatype.value)}


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def jsonld_bytes(triples: list[ox.Triple]) -> bytes:
    """Compact JSON-LD of sorted triples: one node object per subject in ``@graph``."""
    context, keys = _context(triples)
    nodes: list[dict[str, Any]] = []
    current: dict[str, list[Any]] = {}
    subject = None
    for triple in [*triples, None]:
        if triple is None or triple.subject != subject:
            if subject is not None:
                node: dict[str, Any] = {"id": compact_iri(subject.value)}
                for key in sorted(current, key=lambda k: (k != "type", k)):
                    values = current[key]
                    node[key] = values[0] if len(values) == 1 else values
                nodes.append(node)
            if triple is None:
                break
            subject, current = triple.subject, {}
        key, coerce = keys[triple.predicate.value]
        value = compact_iri(triple.object.value) if key == "type" else _value(triple.object,
                                                                               coerce)
        current.setdefault(key, []).append(value)
    document = {"@context": context, "@graph": nodes}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


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
    return {"iri": entity.iri, "label": entity.label, "type": entity.type,
            "wikidata": entity.wikidata, "country": entity.country, "sector": entity.sector,
            "mention": mention}


def claim_json(claim: Claim, evidence: Evidence) -> dict[str, Any]:
    """One (claim, evidence) pair as the claim JSON of the contract (architecture.md)."""
    relation = claim.relation
    record = {
        "id": claim.iri,
        "document": evidence.document,
        "subject": entity_json(claim.subject, evidence.subject_mention),
        "relation": {"iri": relation.iri, "label": relation.label, "cameo": relation.cameo,
                     "plover": relation.plover, "quad_class": relation.quad_class,
                     "goldstein": relation.goldstein},
        "object": entity_json(claim.object, evidence.object_mention),
        "polarity": claim.polarity,
        "modality": claim.modality,
        "attributed_to": (entity_json(claim.attributed_to, None)
                          if claim.attributed_to is not None else None),
        "date": claim.date,
        "confidence": claim.confidence,
        "evidence": {"text": evidence.text, "start": evidence.start, "end": evidence.end,
                     "sentence": evidence.sentence},
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
