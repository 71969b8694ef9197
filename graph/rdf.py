"""Corpus → RDF: the rdflib Dataset of docs/internals.md ("The RDF model as built"), and back.

The default graph holds the ontology (data/ontology.ttl), the actors and the articles; one
named graph per article (named by its IRI) holds the claims it gives evidence for, that
evidence with its selectors, and the truthy triples of its affirmed, actual claims. There are
no blank nodes: every node has a stable IRI, so the same corpus always gives the same quads.

Quads are built as pyoxigraph terms and loaded into an Oxigraph store in one call, which the
Dataset wraps (oxrdflib): building rdflib terms one by one is several times slower.
"""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date as _date
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset

from .errors import InputError
from .lexicon import Lexicon
from .ontology import (
    GEO,
    PREFIXES,
    SCHEMA_NS,
    WD_NS,
    decimal_lexical,
    load_ontology,
    ontology_triples,
    relation_triples,
    term,
    typed,
)
from .records import (
    DOC_NS,
    ENTITY_NS,
    EVIDENCE_NS,
    RELATION_NS,
    Claim,
    Corpus,
    Document,
    Entity,
    Evidence,
    Relation,
    document_iri,
    short_hash,
    slug,
)

_n = ox.NamedNode
A, STATEMENT = term("rdf:type"), term("rdf:Statement")
SUBJECT, PREDICATE, OBJECT = term("rdf:subject"), term("rdf:predicate"), term("rdf:object")
LABEL, COMMENT = term("rdfs:label"), term("rdfs:comment")
SUBPROPERTY, SAME_AS = term("rdfs:subPropertyOf"), term("owl:sameAs")
NOTATION, ALT_LABEL = term("skos:notation"), term("skos:altLabel")
DERIVED_FROM, ATTRIBUTED_TO = term("prov:wasDerivedFrom"), term("prov:wasAttributedTo")
HAS_SOURCE, HAS_SELECTOR = term("oa:hasSource"), term("oa:hasSelector")
QUOTE_SELECTOR, POSITION_SELECTOR = term("oa:TextQuoteSelector"), term("oa:TextPositionSelector")
EXACT, START, END = term("oa:exact"), term("oa:start"), term("oa:end")
ARTICLE, PERSON = term("schema:NewsArticle"), term("schema:Person")
S = {
    name: term("schema:" + name)
    for name in ("identifier", "headline", "author", "name", "datePublished", "publisher", "url")
}
#: Every geo: term the model writes; GEO fails on a typo here, at import.
G = {
    name: _n(GEO[name])
    for name in (
        "Claim",
        "Evidence",
        "Actor",
        "iso3",
        "country",
        "countryCode",
        "sector",
        "actorType",
        "polarity",
        "modality",
        "eventDate",
        "confidence",
        "role",
        "sentenceIndex",
        "subjectMention",
        "objectMention",
        "subjectStart",
        "subjectEnd",
        "objectStart",
        "objectEnd",
        "plover",
        "quadClass",
        "goldstein",
    )
}
POLARITY = {"affirmed": _n(GEO.Affirmed), "negated": _n(GEO.Negated)}
MODALITY = {
    "actual": _n(GEO.Actual),
    "future": _n(GEO.Future),
    "hypothetical": _n(GEO.Hypothetical),
}

#: Entity.type → its class (besides geo:Actor, which every actor also has).
CLASS_BY_TYPE: dict[str, str] = {
    "Country": SCHEMA_NS + "Country",
    "Person": SCHEMA_NS + "Person",
    "Organization": SCHEMA_NS + "Organization",
    "MediaOrganization": SCHEMA_NS + "NewsMediaOrganization",
    "AdministrativeArea": SCHEMA_NS + "AdministrativeArea",
    "Group": str(GEO.Group),
}
_WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")
_PARTIAL_DATES = (
    (re.compile(r"[0-9]{4}-[0-9]{2}"), "gYearMonth"),
    (re.compile(r"[0-9]{4}"), "gYear"),
)


def evidence_iri(claim: Claim, evidence: Evidence) -> str:
    """The IRI of one piece of evidence *for one claim*.

    ``Evidence.id`` names a sentence; two claims from one sentence differ in their mentions,
    so the node that carries the mentions hashes the claim id and the spans too.
    """
    return EVIDENCE_NS + short_hash(
        claim.id,
        evidence.document,
        str(evidence.start),
        str(evidence.end),
        repr(evidence.subject_span),
        repr(evidence.object_span),
    )


def date_literal(text: str) -> ox.Literal:
    """``xsd:date`` (or gYearMonth, gYear) when the text is one, else a plain string."""
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        try:
            _date.fromisoformat(text)
            return typed(text, "date")
        except ValueError:
            return ox.Literal(text)
    for pattern, datatype in _PARTIAL_DATES:
        if pattern.fullmatch(text):
            return typed(text, datatype)
    return ox.Literal(text)


def _integer(value: int) -> ox.Literal:
    return typed(str(value), "integer")


_DEFAULT = ox.DefaultGraph()


def _extend(out: list[ox.Quad], graph: ox.NamedNode | ox.DefaultGraph, rows: Iterable[Any]) -> None:
    out.extend(ox.Quad(s, p, o, graph) for s, p, o in rows)


def corpus_quads(corpus: Corpus, lexicon: Lexicon | None = None) -> list[ox.Quad]:
    """Every quad of the corpus's dataset (unsorted, may repeat).

    Raises:
        DataError: data/ontology.ttl or the gazetteer is missing or invalid.
    """
    out: list[ox.Quad] = []
    ontology = ontology_triples(lexicon) if lexicon is not None else load_ontology()
    _extend(out, _DEFAULT, ontology)
    declared = {t.subject.value for t in ontology}
    documents = {document.id: document for document in corpus.documents}
    for claim in corpus.claims:
        for evidence in claim.evidence:  # a source missing from the corpus is still named
            documents.setdefault(evidence.document, Document(id=evidence.document, text=""))
        if claim.relation.iri not in declared:
            declared.add(claim.relation.iri)
            _extend(out, _DEFAULT, relation_triples(claim.relation))
    for document in documents.values():
        _extend(out, _DEFAULT, _document_rows(document))
    entities = list(corpus.entities)
    countries = {e.country: e.iri for e in entities if e.type == "Country" and e.country}
    for code in sorted({e.country for e in entities if e.country} - set(countries)):
        country = _gazetteer_country(code)  # so that geo:country links to a described node
        if country is not None:
            countries[code] = country.iri
            entities.append(country)
    mentions: dict[str, set[str]] = defaultdict(set)
    for claim in corpus.claims:
        for evidence in claim.evidence:
            mentions[claim.subject.key].add(_name_like(evidence.subject_mention))
            mentions[claim.object.key].add(_name_like(evidence.object_mention))
    for entity in entities:
        _extend(out, _DEFAULT, _entity_rows(entity, countries, mentions.get(entity.key, set())))
    for claim in corpus.claims:
        _add_claim(out, claim)
    return out


def to_dataset(corpus: Corpus, lexicon: Lexicon | None = None) -> Dataset:
    """The RDF dataset of a corpus, in an Oxigraph store behind rdflib.

    Args:
        corpus: documents and merged claims.
        lexicon: the ontology is built from this lexicon; by default it is read from
            data/ontology.ttl. Relations that claims use but the ontology lacks are declared
            from their Relation records.

    Raises:
        DataError: data/ontology.ttl or the gazetteer is missing or invalid.
    """
    store = ox.Store()
    store.extend(corpus_quads(corpus, lexicon))
    dataset = Dataset(store=OxigraphStore(store=store))
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True, replace=True)
    return dataset


def _name_like(mention: str) -> str:
    """A mention worth keeping as an alias: a name ("Pyongyang", "DPRK", "Kim"), not a pronoun
    or a description ("his", "the North Korean leader", "Russian")."""
    words = mention.split()
    if not words or not all(word[:1].isupper() or not word[:1].isalpha() for word in words):
        return ""
    if len(words) == 1 and words[0].lower() in {"he", "she", "it", "they", "we", "i", "his", "her"}:
        return ""
    return mention


def _entity_rows(entity: Entity, countries: dict[str, str], mentions: set[str]) -> list:
    node = _n(entity.iri)
    cls = CLASS_BY_TYPE.get(entity.type)
    rows = [(node, A, G["Actor"]), (node, LABEL, ox.Literal(entity.label, language="en"))]
    if cls is None:
        rows.append((node, G["actorType"], ox.Literal(entity.type)))
    else:
        rows.append((node, A, _n(cls)))
    rows += [
        (node, ALT_LABEL, ox.Literal(alias, language="en"))
        for alias in {*entity.aliases, *mentions} - {entity.label, ""}
    ]
    if entity.country:
        code = ox.Literal(entity.country)
        rows.append((node, G["countryCode"], code))
        if entity.type == "Country":
            rows.append((node, G["iso3"], code))
        elif entity.country in countries:
            rows.append((node, G["country"], _n(countries[entity.country])))
    if entity.sector:
        rows.append((node, G["sector"], ox.Literal(entity.sector)))
    if entity.wikidata and _WIKIDATA_ID.fullmatch(entity.wikidata):
        rows.append((node, SAME_AS, _n(WD_NS + entity.wikidata)))
    return rows


def _gazetteer_country(iso3: str) -> Entity | None:
    """The gazetteer's entity of the country with this code, if it has one.

    Raises:
        DataError: the gazetteer is invalid.
    """
    from .gazetteer import load_gazetteer

    actor = load_gazetteer().country(iso3)
    return actor.entity if actor is not None and actor.entity.type == "Country" else None


def _document_rows(document: Document) -> list:
    node = _n(document.iri)
    rows = [(node, A, ARTICLE), (node, S["identifier"], ox.Literal(document.id))]
    if document.title is not None:
        rows.append((node, S["headline"], ox.Literal(document.title)))
    if document.author is not None:
        author = _n(document.iri + "#author")
        rows += [
            (node, S["author"], author),
            (author, A, PERSON),
            (author, S["name"], ox.Literal(document.author)),
        ]
    if document.date is not None:
        rows.append((node, S["datePublished"], date_literal(document.date)))
    if document.publisher is not None:
        rows.append((node, S["publisher"], ox.Literal(document.publisher)))
    if document.url is not None:
        # a web address becomes an IRI; anything else (no scheme, "javascript:", a scheme that
        # reads as a prefix in JSON-LD) is kept exactly, as a literal
        url: ox.NamedNode | ox.Literal = ox.Literal(document.url)
        if document.url.lower().startswith(("http://", "https://")):
            with contextlib.suppress(ValueError):
                url = _n(document.url)
        rows.append((node, S["url"], url))
    return rows


def _add_claim(out: list[ox.Quad], claim: Claim) -> None:
    node = _n(claim.iri)
    subject, relation, obj = _n(claim.subject.iri), _n(claim.relation.iri), _n(claim.object.iri)
    head = [
        (node, A, STATEMENT),
        (node, A, G["Claim"]),
        (node, SUBJECT, subject),
        (node, PREDICATE, relation),
        (node, OBJECT, obj),
        (node, G["polarity"], POLARITY[claim.polarity]),
        (node, G["modality"], MODALITY[claim.modality]),
        (node, G["confidence"], typed(decimal_lexical(claim.confidence), "decimal")),
    ]
    if claim.attributed_to is not None:
        head.append((node, ATTRIBUTED_TO, _n(claim.attributed_to.iri)))
    if claim.date is not None:
        head.append((node, G["eventDate"], date_literal(claim.date)))
    if claim.role is not None:
        head.append((node, G["role"], ox.Literal(claim.role)))
    if claim.truthy:
        head.append((subject, relation, obj))
    by_document: dict[str, list[Evidence]] = defaultdict(list)
    for evidence in claim.evidence:
        by_document[evidence.document].append(evidence)
    if not by_document:  # a claim nobody states: kept in the default graph, SHACL flags it
        _extend(out, _DEFAULT, head)
    for document, items in by_document.items():
        graph = _n(document_iri(document))
        _extend(out, graph, head)
        for evidence in items:
            ev = _n(evidence_iri(claim, evidence))
            _extend(out, graph, [(node, DERIVED_FROM, ev), *_evidence_rows(ev, evidence)])


def _evidence_rows(ev: ox.NamedNode, evidence: Evidence) -> list:
    quote, position = _n(ev.value + "-quote"), _n(ev.value + "-position")
    rows = [
        (ev, A, G["Evidence"]),
        (ev, HAS_SOURCE, _n(document_iri(evidence.document))),
        (ev, G["sentenceIndex"], _integer(evidence.sentence)),
        (ev, HAS_SELECTOR, quote),
        (ev, HAS_SELECTOR, position),
        (quote, A, QUOTE_SELECTOR),
        (quote, EXACT, ox.Literal(evidence.text)),
        (position, A, POSITION_SELECTOR),
        (position, START, _integer(evidence.start)),
        (position, END, _integer(evidence.end)),
    ]
    if evidence.subject_mention:
        rows.append((ev, G["subjectMention"], ox.Literal(evidence.subject_mention)))
    if evidence.object_mention:
        rows.append((ev, G["objectMention"], ox.Literal(evidence.object_mention)))
    for span, first, last in (
        (evidence.subject_span, "subjectStart", "subjectEnd"),
        (evidence.object_span, "objectStart", "objectEnd"),
    ):
        if span is not None:
            rows += [(ev, G[first], _integer(span[0])), (ev, G[last], _integer(span[1]))]
    return rows


# ------------------------------------------------------------------------------ reading back


def load_corpus(path: Path) -> Corpus:
    """Read a graph geokg wrote back into a Corpus.

    ``path`` is a graph.trig / graph.ttl / graph.nq / graph.jsonld file, an output directory
    (its graph.trig) or an Oxigraph store directory. Documents come back without their text
    (graphs do not hold it) and sorted by id; claims sorted by id with their evidence sorted;
    an actor's aliases are its ``skos:altLabel``s (the aliases it had plus the mentions seen
    in evidence), sorted.

    Raises:
        InputError: the file cannot be read or parsed, or a claim lacks its subject,
            relation, object, polarity or modality.
        UsageError: a directory that is neither an output directory nor a store.
    """
    from .export import gc_paused, read_quads

    with gc_paused():
        return corpus_from_quads(read_quads(path), str(path))


class _Index:
    """Subject → predicate → objects, over all graphs (a claim in several graphs is one)."""

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self.data: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
        for quad in quads:
            self.data[quad.subject.value][quad.predicate.value].add(quad.object)

    def all(self, node: str, predicate: ox.NamedNode) -> list:
        found = self.data.get(node, {}).get(predicate.value, ())
        return sorted(found, key=str)

    def one(self, node: str, predicate: ox.NamedNode, default: str | None = None) -> str | None:
        found = self.all(node, predicate)
        return found[0].value if found else default

    def types(self, node: str) -> set[str]:
        return {term.value for term in self.data.get(node, {}).get(A.value, ())}

    def having_type(self, cls: ox.NamedNode) -> list[str]:
        return sorted(s for s, preds in self.data.items() if cls in preds.get(A.value, ()))


def corpus_from_quads(quads: Iterable[ox.Quad], where: str = "<graph>") -> Corpus:
    """The Corpus a set of quads describes (see load_corpus).

    Raises:
        InputError: a claim lacks its subject, relation, object, polarity or modality, or a
            number or an offset is not one.
    """
    try:
        return _corpus(_Index(quads), where)
    except (ValueError, KeyError) as exc:
        raise InputError(where, f"not a geokg graph: {exc}") from exc


def _corpus(index: _Index, where: str) -> Corpus:
    documents = {iri: _read_document(index, iri) for iri in index.having_type(ARTICLE)}
    read: dict[str, Entity | Relation] = {}  # actors and relations, each read once

    def node(iri: str, reader: Callable[[_Index, str], Any]) -> Any:
        if iri not in read:
            read[iri] = reader(index, iri)
        return read[iri]

    polarity = {term.value: name for name, term in POLARITY.items()}
    modality = {term.value: name for name, term in MODALITY.items()}
    claims = []
    for iri in index.having_type(G["Claim"]):
        found = {
            key: index.one(iri, term)
            for key, term in (
                ("subject", SUBJECT),
                ("relation", PREDICATE),
                ("object", OBJECT),
                ("polarity", G["polarity"]),
                ("modality", G["modality"]),
            )
        }
        missing = [key for key, value in found.items() if value is None]
        if missing:
            raise InputError(where, f"claim <{iri}> has no {missing[0]}")
        attributed, confidence = index.one(iri, ATTRIBUTED_TO), index.one(iri, G["confidence"])
        evidence = sorted(
            (_read_evidence(index, ev.value, documents) for ev in index.all(iri, DERIVED_FROM)),
            key=lambda e: (
                e.document,
                e.start,
                e.end,
                e.subject_span or (-1, -1),
                e.object_span or (-1, -1),
            ),
        )
        claims.append(
            Claim(
                subject=node(found["subject"], _read_entity),
                relation=node(found["relation"], _read_relation),
                object=node(found["object"], _read_entity),
                polarity=polarity.get(found["polarity"], found["polarity"]),
                modality=modality.get(found["modality"], found["modality"]),
                attributed_to=node(attributed, _read_entity) if attributed else None,
                date=index.one(iri, G["eventDate"]),
                confidence=float(confidence) if confidence is not None else 0.5,
                evidence=tuple(evidence),
                role=index.one(iri, G["role"]),
            )
        )
    return Corpus(
        documents=tuple(sorted(documents.values(), key=lambda d: d.id)),
        claims=tuple(sorted(claims, key=lambda c: c.id)),
    )


def _local(iri: str, namespace: str) -> str:
    return iri[len(namespace) :] if iri.startswith(namespace) else slug(iri)


def _read_document(index: _Index, iri: str) -> Document:
    author = index.one(iri, S["author"])
    return Document(
        id=index.one(iri, S["identifier"], _local(iri, DOC_NS)),
        text="",
        title=index.one(iri, S["headline"]),
        author=index.one(author, S["name"]) if author else None,
        date=index.one(iri, S["datePublished"]),
        url=index.one(iri, S["url"]),
        publisher=index.one(iri, S["publisher"]),
    )


def _read_entity(index: _Index, iri: str) -> Entity:
    types = index.types(iri)
    kind = index.one(iri, G["actorType"])
    if kind is None:
        kind = next((name for name, cls in CLASS_BY_TYPE.items() if cls in types), "Actor")
    wikidata = index.one(iri, SAME_AS)
    return Entity(
        key=_local(iri, ENTITY_NS),
        label=index.one(iri, LABEL, _local(iri, ENTITY_NS)),
        type=kind,
        country=index.one(iri, G["iso3"]) or index.one(iri, G["countryCode"]),
        sector=index.one(iri, G["sector"]),
        wikidata=wikidata[len(WD_NS) :] if wikidata and wikidata.startswith(WD_NS) else None,
        aliases=tuple(sorted(t.value for t in index.all(iri, ALT_LABEL))),
    )


def _read_relation(index: _Index, iri: str) -> Relation:
    key = _local(iri, RELATION_NS)
    quad = index.one(iri, G["quadClass"])
    goldstein = index.one(iri, G["goldstein"])
    parent = index.one(iri, SUBPROPERTY)
    return Relation(
        key=key,
        label=index.one(iri, LABEL, key),
        cameo=index.one(iri, NOTATION),
        plover=index.one(iri, G["plover"]),
        quad_class=int(quad) if quad is not None else None,
        goldstein=float(goldstein) if goldstein is not None else None,
        parent=_local(parent, RELATION_NS) if parent else None,
        description=index.one(iri, COMMENT) or "",
    )


def _read_evidence(index: _Index, iri: str, documents: dict[str, Document]) -> Evidence:
    source = index.one(iri, HAS_SOURCE) or ""
    document = documents[source].id if source in documents else _local(source, DOC_NS)
    text, start, end = "", 0, 0
    for selector in index.all(iri, HAS_SELECTOR):
        types = index.types(selector.value)
        if QUOTE_SELECTOR.value in types:
            text = index.one(selector.value, EXACT) or ""
        if POSITION_SELECTOR.value in types:
            start = int(index.one(selector.value, START) or 0)
            end = int(index.one(selector.value, END) or 0)

    def span(first: str, last: str) -> tuple[int, int] | None:
        a, b = index.one(iri, G[first]), index.one(iri, G[last])
        return (int(a), int(b)) if a is not None and b is not None else None

    sentence = index.one(iri, G["sentenceIndex"])
    return Evidence(
        document=document,
        text=text,
        start=start,
        end=end,
        sentence=int(sentence) if sentence is not None else 0,
        subject_mention=index.one(iri, G["subjectMention"]) or "",
        object_mention=index.one(iri, G["objectMention"]) or "",
        subject_span=span("subjectStart", "subjectEnd"),
        object_span=span("objectStart", "objectEnd"),
    )
