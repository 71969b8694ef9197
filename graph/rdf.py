"""Corpus → RDF: the rdflib Dataset of docs/internals.md ("The RDF model as built"), and back.

The default graph holds the ontology (data/ontology.ttl), the actors and the articles; one
named graph per article (named by its IRI) holds the claims it gives evidence for, that
evidence with its selectors, and the truthy triples of its affirmed, actual claims. There are
no blank nodes: every node has a stable IRI, so the same corpus always gives the same quads.

Quads are built as pyoxigraph terms and loaded into an Oxigraph store in one call, which the
Dataset wraps (oxrdflib): building rdflib terms one by one is several times slower.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date as _date
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset

from .errors import InputError
from .lexicon import Lexicon
from .ontology import (
    GEO,
    OA_NS,
    OWL_NS,
    PREFIXES,
    PROV_NS,
    RDF_NS,
    RDFS_NS,
    SCHEMA_NS,
    SKOS_NS,
    WD_NS,
    decimal_lexical,
    load_ontology,
    ontology_triples,
    relation_triples,
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
    short_hash,
    slug,
)

_n = ox.NamedNode
A = _n(RDF_NS + "type")
LABEL, COMMENT = _n(RDFS_NS + "label"), _n(RDFS_NS + "comment")
SUBPROPERTY = _n(RDFS_NS + "subPropertyOf")
NOTATION = _n(SKOS_NS + "notation")
G_PLOVER, G_QUAD, G_GOLDSTEIN = _n(GEO.plover), _n(GEO.quadClass), _n(GEO.goldstein)
ALT_LABEL = _n(SKOS_NS + "altLabel")
SAME_AS = _n(OWL_NS + "sameAs")
STATEMENT = _n(RDF_NS + "Statement")
SUBJECT, PREDICATE, OBJECT = (_n(RDF_NS + name) for name in ("subject", "predicate", "object"))
DERIVED_FROM = _n(PROV_NS + "wasDerivedFrom")
ATTRIBUTED_TO = _n(PROV_NS + "wasAttributedTo")
HAS_SOURCE, HAS_SELECTOR = _n(OA_NS + "hasSource"), _n(OA_NS + "hasSelector")
QUOTE_SELECTOR = _n(OA_NS + "TextQuoteSelector")
POSITION_SELECTOR = _n(OA_NS + "TextPositionSelector")
EXACT, START, END = _n(OA_NS + "exact"), _n(OA_NS + "start"), _n(OA_NS + "end")
ARTICLE, PERSON = _n(SCHEMA_NS + "NewsArticle"), _n(SCHEMA_NS + "Person")
S = {name: _n(SCHEMA_NS + name) for name in (
    "identifier", "headline", "author", "name", "datePublished", "publisher", "url")}
G = {name: _n(GEO[name]) for name in (
    "Claim", "Evidence", "Actor", "iso3", "country", "countryCode", "sector", "actorType",
    "polarity", "modality", "eventDate", "confidence", "role", "sentenceIndex",
    "subjectMention", "objectMention", "subjectStart", "subjectEnd", "objectStart",
    "objectEnd")}
POLARITY = {"affirmed": _n(GEO.Affirmed), "negated": _n(GEO.Negated)}
MODALITY = {"actual": _n(GEO.Actual), "future": _n(GEO.Future),
            "hypothetical": _n(GEO.Hypothetical)}

#: Entity.type → its class (besides geo:Actor, which every actor also has).
CLASS_BY_TYPE: dict[str, str] = {
    "Country": SCHEMA_NS + "Country",
    "Person": SCHEMA_NS + "Person",
    "Organization": SCHEMA_NS + "Organization",
    "MediaOrganization": SCHEMA_NS + "NewsMediaOrganization",
    "AdministrativeArea": SCHEMA_NS + "AdministrativeArea",
    "Group": str(GEO.Group),
}
_WIKIDATA_ID = re.compile(r"[QP][1-9][0-9]*")
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
        claim.id, evidence.document, str(evidence.start), str(evidence.end),
        repr(evidence.subject_span), repr(evidence.object_span))


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


class _Quads:
    """Collects quads; ``graph`` None is the default graph."""

    def __init__(self) -> None:
        self.quads: list[ox.Quad] = []

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal,
            graph: ox.NamedNode | None = None) -> None:
        self.quads.append(ox.Quad(s, p, o, graph if graph is not None else ox.DefaultGraph()))


def corpus_quads(corpus: Corpus, lexicon: Lexicon | None = None) -> list[ox.Quad]:
    """Every quad of the corpus's dataset (unsorted, may repeat)."""
    out = _Quads()
    ontology = ontology_triples(lexicon) if lexicon is not None else load_ontology()
    declared = {str(t.subject) for t in ontology}
    for triple in ontology:
        out.add(triple.subject, triple.predicate, triple.object)
    documents = {document.id: document for document in corpus.documents}
    for claim in corpus.claims:
        for evidence in claim.evidence:
            if evidence.document not in documents:  # keep the source findable anyway
                documents[evidence.document] = Document(id=evidence.document, text="")
        if str(_n(claim.relation.iri)) not in declared:
            declared.add(str(_n(claim.relation.iri)))
            for triple in relation_triples(claim.relation):
                out.add(triple.subject, triple.predicate, triple.object)
    for document in documents.values():
        _add_document(out, document)
    entities = corpus.entities
    countries = {e.country: e.iri for e in entities if e.type == "Country" and e.country}
    mentions = _mentions(corpus.claims)
    for entity in entities:
        _add_entity(out, entity, countries, mentions.get(entity.key, ()))
    for claim in corpus.claims:
        _add_claim(out, claim)
    return out.quads


def to_dataset(corpus: Corpus, lexicon: Lexicon | None = None) -> Dataset:
    """The RDF dataset of a corpus, in an Oxigraph store behind rdflib.

    Args:
        corpus: documents and merged claims.
        lexicon: the ontology is built from this lexicon; by default it is read from
            data/ontology.ttl. Relations that claims use but the ontology lacks are declared
            from their Relation records.

    Raises:
        DataError: data/ontology.ttl is missing or invalid.
    """
    store = ox.Store()
    store.extend(corpus_quads(corpus, lexicon))
    dataset = Dataset(store=OxigraphStore(store=store))
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True, replace=True)
    return dataset


def _mentions(claims: Iterable[Claim]) -> dict[str, set[str]]:
    seen: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        for evidence in claim.evidence:
            if evidence.subject_mention:
                seen[claim.subject.key].add(evidence.subject_mention)
            if evidence.object_mention:
                seen[claim.object.key].add(evidence.object_mention)
    return seen


def _add_entity(out: _Quads, entity: Entity, countries: dict[str, str],
                mentions: Iterable[str]) -> None:
    node = _n(entity.iri)
    actor = G["Actor"]
    cls = CLASS_BY_TYPE.get(entity.type)
    out.add(node, A, actor)
    if cls is None:
        out.add(node, G["actorType"], ox.Literal(entity.type))
    else:
        out.add(node, A, _n(cls))
    out.add(node, LABEL, ox.Literal(entity.label, language="en"))
    for alias in {*entity.aliases, *mentions} - {entity.label}:
        out.add(node, ALT_LABEL, ox.Literal(alias, language="en"))
    if entity.country:
        code = ox.Literal(entity.country)
        out.add(node, G["countryCode"], code)
        if entity.type == "Country":
            out.add(node, G["iso3"], code)
        else:
            country = countries.get(entity.country) or _gazetteer_country(entity.country)
            if country is not None:
                out.add(node, G["country"], _n(country))
    if entity.sector:
        out.add(node, G["sector"], ox.Literal(entity.sector))
    if entity.wikidata and _WIKIDATA_ID.fullmatch(entity.wikidata):
        out.add(node, SAME_AS, _n(WD_NS + entity.wikidata))


def _gazetteer_country(iso3: str) -> str | None:
    """The IRI of the country entity for a code, from the gazetteer when there is one."""
    try:
        from .gazetteer import load_gazetteer

        found = load_gazetteer().country(iso3)
    except (ImportError, AttributeError, KeyError, LookupError, TypeError):
        return None
    entity = getattr(found, "entity", found)
    iri = getattr(entity, "iri", None)
    if iri is None and isinstance(entity, str):
        iri = ENTITY_NS + entity
    return iri if isinstance(iri, str) else None


def _add_document(out: _Quads, document: Document) -> None:
    node = _n(document.iri)
    out.add(node, A, ARTICLE)
    out.add(node, S["identifier"], ox.Literal(document.id))
    if document.title is not None:
        out.add(node, S["headline"], ox.Literal(document.title))
    if document.author is not None:
        author = _n(document.iri + "#author")
        out.add(node, S["author"], author)
        out.add(author, A, PERSON)
        out.add(author, S["name"], ox.Literal(document.author))
    if document.date is not None:
        out.add(node, S["datePublished"], date_literal(document.date))
    if document.publisher is not None:
        out.add(node, S["publisher"], ox.Literal(document.publisher))
    if document.url is not None:
        try:
            url: ox.NamedNode | ox.Literal = _n(document.url)
        except ValueError:  # not an IRI: keep the text exactly, as a literal
            url = ox.Literal(document.url)
        out.add(node, S["url"], url)


def _add_claim(out: _Quads, claim: Claim) -> None:
    node = _n(claim.iri)
    subject, relation, obj = _n(claim.subject.iri), _n(claim.relation.iri), _n(claim.object.iri)
    head = [
        (A, STATEMENT), (A, G["Claim"]),
        (SUBJECT, subject), (PREDICATE, relation), (OBJECT, obj),
        (G["polarity"], POLARITY[claim.polarity]), (G["modality"], MODALITY[claim.modality]),
        (G["confidence"], typed(decimal_lexical(claim.confidence), "decimal")),
    ]
    if claim.attributed_to is not None:
        head.append((ATTRIBUTED_TO, _n(claim.attributed_to.iri)))
    if claim.date is not None:
        head.append((G["eventDate"], date_literal(claim.date)))
    if claim.role is not None:
        head.append((G["role"], ox.Literal(claim.role)))
    by_document: dict[str, list[Evidence]] = defaultdict(list)
    for evidence in claim.evidence:
        by_document[evidence.document].append(evidence)
    graphs: list[tuple[ox.NamedNode | None, list[Evidence]]] = [
        (_n(DOC_NS + slug(doc)), items) for doc, items in by_document.items()]
    if not graphs:  # a claim nobody states: kept in the default graph, where SHACL flags it
        graphs = [(None, [])]
    for graph, items in graphs:
        for predicate, value in head:
            out.add(node, predicate, value, graph)
        if claim.truthy:
            out.add(subject, relation, obj, graph)
        for evidence in items:
            ev = _n(evidence_iri(claim, evidence))
            out.add(node, DERIVED_FROM, ev, graph)
            _add_evidence(out, ev, evidence, graph)


def _add_evidence(out: _Quads, ev: ox.NamedNode, evidence: Evidence,
                  graph: ox.NamedNode | None) -> None:
    quote, position = _n(ev.value + "-quote"), _n(ev.value + "-position")
    out.add(ev, A, G["Evidence"], graph)
    out.add(ev, HAS_SOURCE, _n(DOC_NS + slug(evidence.document)), graph)
    out.add(ev, G["sentenceIndex"], _integer(evidence.sentence), graph)
    out.add(ev, HAS_SELECTOR, quote, graph)
    out.add(ev, HAS_SELECTOR, position, graph)
    out.add(quote, A, QUOTE_SELECTOR, graph)
    out.add(quote, EXACT, ox.Literal(evidence.text), graph)
    out.add(position, A, POSITION_SELECTOR, graph)
    out.add(position, START, _integer(evidence.start), graph)
    out.add(position, END, _integer(evidence.end), graph)
    if evidence.subject_mention:
        out.add(ev, G["subjectMention"], ox.Literal(evidence.subject_mention), graph)
    if evidence.object_mention:
        out.add(ev, G["objectMention"], ox.Literal(evidence.object_mention), graph)
    for span, first, last in ((evidence.subject_span, "subjectStart", "subjectEnd"),
                              (evidence.object_span, "objectStart", "objectEnd")):
        if span is not None:
            out.add(ev, G[first], _integer(span[0]), graph)
            out.add(ev, G[last], _integer(span[1]), graph)


# ------------------------------------------------------------------------------ reading back

_FORMATS = {".trig": ox.RdfFormat.TRIG, ".ttl": ox.RdfFormat.TURTLE,
            ".nq": ox.RdfFormat.N_QUADS, ".nt": ox.RdfFormat.N_TRIPLES,
            ".jsonld": ox.RdfFormat.JSON_LD}


def read_quads(path: Path) -> list[ox.Quad]:
    """The quads of a graph file geokg wrote (.trig .ttl .nq .nt .jsonld) or of a store.

    Raises:
        InputError: the file cannot be read or parsed, or its suffix is unknown.
    """
    path = Path(path)
    if path.is_dir():
        try:
            from .store import open_store
        except ImportError as exc:
            raise InputError(str(path), "is a directory; give a graph file such as "
                             "output/graph.trig") from exc
        store = open_store(path)
        if isinstance(store, Dataset):  # an rdflib Dataset over the store: dump it
            data = store.serialize(format="ox-nquads", encoding="utf-8")
            return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
        return list(store.quads_for_pattern(None, None, None, None))
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


def load_corpus(path: Path) -> Corpus:
    """Read a graph geokg wrote back into a Corpus.

    Documents come back without their text (graphs do not hold it) and sorted by id; claims
    sorted by id with their evidence sorted; an actor's aliases are its ``skos:altLabel``s
    (the aliases it had plus the mentions seen in evidence), sorted.

    Raises:
        InputError: the file cannot be read or parsed, or a claim lacks its subject,
            relation, object, polarity or modality.
    """
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

    def one(self, node: str, predicate: ox.NamedNode) -> str | None:
        found = self.all(node, predicate)
        return found[0].value if found else None

    def types(self, node: str) -> set[str]:
        return {term.value for term in self.data.get(node, {}).get(A.value, ())}

    def having_type(self, cls: ox.NamedNode) -> list[str]:
        return sorted(s for s, preds in self.data.items() if cls in preds.get(A.value, ()))


def corpus_from_quads(quads: Iterable[ox.Quad], where: str = "<graph>") -> Corpus:
    """The Corpus a set of quads describes (see load_corpus).

    Raises:
        InputError: a claim lacks its subject, relation, object, polarity or modality.
    """
    index = _Index(quads)
    documents = {iri: _read_document(index, iri) for iri in index.having_type(ARTICLE)}
    relations: dict[str, Relation] = {}
    entities: dict[str, Entity] = {}
    polarity = {term.value: name for name, term in POLARITY.items()}
    modality = {term.value: name for name, term in MODALITY.items()}
    claims = []
    for iri in index.having_type(G["Claim"]):
        found = {key: index.one(iri, term) for key, term in (
            ("subject", SUBJECT), ("relation", PREDICATE), ("object", OBJECT),
            ("polarity", G["polarity"]), ("modality", G["modality"]))}
        for key, value in found.items():
            if value is None:
                raise InputError(where, f"claim <{iri}> has no {key}")
        attributed = index.one(iri, ATTRIBUTED_TO)
        confidence = index.one(iri, G["confidence"])

        def entity(node: str) -> Entity:
            if node not in entities:
                entities[node] = _read_entity(index, node)
            return entities[node]

        relation_iri = found["relation"]
        if relation_iri not in relations:
            relations[relation_iri] = _read_relation(index, relation_iri)
        evidence = [_read_evidence(index, node.value, documents)
                    for node in index.all(iri, DERIVED_FROM)]
        evidence.sort(key=lambda e: (e.document, e.start, e.end, e.subject_span or (-1, -1),
                                     e.object_span or (-1, -1)))
        claims.append(Claim(
            subject=entity(found["subject"]), relation=relations[relation_iri],
            object=entity(found["object"]),
            polarity=polarity.get(found["polarity"], found["polarity"]),
            modality=modality.get(found["modality"], found["modality"]),
            attributed_to=entity(attributed) if attributed else None,
            date=index.one(iri, G["eventDate"]),
            confidence=float(confidence) if confidence is not None else 0.5,
            evidence=tuple(evidence), role=index.one(iri, G["role"])))
    return Corpus(
        documents=tuple(sorted(documents.values(), key=lambda d: d.id)),
        claims=tuple(sorted(claims, key=lambda c: c.id)))


def _local(iri: str, namespace: str) -> str:
    return iri[len(namespace):] if iri.startswith(namespace) else slug(iri)


def _read_document(index: _Index, iri: str) -> Document:
    author = index.one(iri, S["author"])
    return Document(
        id=index.one(iri, S["identifier"]) or _local(iri, DOC_NS), text="",
        title=index.one(iri, S["headline"]),
        author=index.one(author, S["name"]) if author else None,
        date=index.one(iri, S["datePublished"]), url=index.one(iri, S["url"]),
        publisher=index.one(iri, S["publisher"]))


def _read_entity(index: _Index, iri: str) -> Entity:
    types = index.types(iri)
    kind = index.one(iri, G["actorType"])
    if kind is None:
        kind = next((name for name, cls in CLASS_BY_TYPE.items() if cls in types), "Actor")
    wikidata = index.one(iri, SAME_AS)
    return Entity(
        key=_local(iri, ENTITY_NS), label=index.one(iri, LABEL) or _local(iri, ENTITY_NS),
        type=kind, country=index.one(iri, G["iso3"]) or index.one(iri, G["countryCode"]),
        sector=index.one(iri, G["sector"]),
        wikidata=wikidata[len(WD_NS):] if wikidata and wikidata.startswith(WD_NS) else None,
        aliases=tuple(sorted(t.value for t in index.all(iri, ALT_LABEL))))


def _read_relation(index: _Index, iri: str) -> Relation:
    key = _local(iri, RELATION_NS)
    quad = index.one(iri, G_QUAD)
    goldstein = index.one(iri, G_GOLDSTEIN)
    parent = index.one(iri, SUBPROPERTY)
    return Relation(
        key=key, label=index.one(iri, LABEL) or key, cameo=index.one(iri, NOTATION),
        plover=index.one(iri, G_PLOVER), quad_class=int(quad) if quad is not None else None,
        goldstein=float(goldstein) if goldstein is not None else None,
        parent=_local(parent, RELATION_NS) if parent else None,
        description=index.one(iri, COMMENT) or "")


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
        document=document, text=text, start=start, end=end,
        sentence=int(sentence) if sentence is not None else 0,
        subject_mention=index.one(iri, G["subjectMention"]) or "",
        object_mention=index.one(iri, G["objectMention"]) or "",
        subject_span=span("subjectStart", "subjectEnd"),
        object_span=span("objectStart", "objectEnd"))
