"""The geokg ontology: its vocabulary as code (``GEO``) and data/ontology.ttl built from it.

data/ontology.ttl is generated, never edited by hand: the fixed terms below (classes, claim
qualifiers, evidence and actor properties) plus every relation of the lexicon
(data/relations.toml) as an ``owl:ObjectProperty`` with its label, CAMEO code, PLOVER type,
quad class, Goldstein weight and super-property. After changing the lexicon, run::

    python -m graph.ontology          # rewrites data/ontology.ttl
    python -m graph.ontology --check  # exit 1 if the file or GEO is out of date

A test runs the check too. ``GEO`` lists every term with ``_fail = True``, so a typo in code
(``GEO.Cliam``) fails at import instead of writing a wrong IRI.
"""

import sys
from functools import lru_cache
from pathlib import Path
from typing import Final

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from .errors import DataError
from .lexicon import Lexicon, load_lexicon
from .records import CLAIM_NS, DOC_NS, ENTITY_NS, EVIDENCE_NS, RELATION_NS, Relation
from .settings import DATA_DIR

ONTOLOGY_IRI: Final = "https://w3id.org/geokg/ontology"
ONTOLOGY_PATH: Final = DATA_DIR / "ontology.ttl"
SHAPES_PATH: Final = DATA_DIR / "shapes.ttl"

RDF_NS: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS: Final = "http://www.w3.org/2000/01/rdf-schema#"
OWL_NS: Final = "http://www.w3.org/2002/07/owl#"
XSD_NS: Final = "http://www.w3.org/2001/XMLSchema#"
SKOS_NS: Final = "http://www.w3.org/2004/02/skos/core#"
PROV_NS: Final = "http://www.w3.org/ns/prov#"
SCHEMA_NS: Final = "http://schema.org/"
OA_NS: Final = "http://www.w3.org/ns/oa#"
WD_NS: Final = "http://www.wikidata.org/entity/"

#: The prefixes of every file geokg writes, in the order they are declared.
PREFIXES: Final[dict[str, str]] = {
    "geo": RELATION_NS,
    "ent": ENTITY_NS,
    "claim": CLAIM_NS,
    "ev": EVIDENCE_NS,
    "doc": DOC_NS,
    "rdf": RDF_NS,
    "rdfs": RDFS_NS,
    "owl": OWL_NS,
    "xsd": XSD_NS,
    "skos": SKOS_NS,
    "prov": PROV_NS,
    "schema": SCHEMA_NS,
    "oa": OA_NS,
    "wd": WD_NS,
}


class GEO(DefinedNamespace):
    """Every term of the geokg ontology; an unknown name raises AttributeError."""

    _NS = Namespace(RELATION_NS)
    _fail = True
    # The relations (data/relations.toml and the hierarchy of graph/lexicon.py): data, not
    # code, so listed by name; a test and `python -m graph.ontology --check` keep the list equal
    # to the lexicon. Reach them as GEO.meets or GEO["yield"].
    _extras = [
        "yield",
        "interactsWith",
        "verbalCooperation",
        "materialCooperation",
        "verbalConflict",
        "materialConflict",
        "makeStatement",
        "appeal",
        "expressIntentToCooperate",
        "consult",
        "cooperateDiplomatically",
        "cooperateMaterially",
        "provideAid",
        "investigate",
        "demand",
        "disapprove",
        "reject",
        "threaten",
        "protest",
        "exhibitForcePosture",
        "reduceRelations",
        "coerce",
        "assault",
        "fight",
        "useMassViolence",
        "affiliatedWith",
        "holdsOfficeIn",
        "leaderOf",
        "spokespersonFor",
        "partOf",
        "comments",
        "declinesComment",
        "deniesResponsibility",
        "expressesSympathy",
        "agreesWithView",
        "appealsTo",
        "appealsForAid",
        "invites",
        "intendsToCooperate",
        "agreesWith",
        "offersAid",
        "agreesToMeet",
        "meets",
        "phones",
        "visits",
        "hostsVisitOf",
        "mediates",
        "negotiatesWith",
        "supports",
        "praises",
        "defendsVerbally",
        "recognizes",
        "apologizesTo",
        "signsAgreementWith",
        "cooperatesWith",
        "cooperatesEconomicallyWith",
        "cooperatesMilitarilyWith",
        "sharesIntelligenceWith",
        "providesAid",
        "providesEconomicAid",
        "providesMilitaryAid",
        "providesHumanitarianAid",
        "grantsAsylum",
        "yieldsTo",
        "releases",
        "easesSanctionsOn",
        "withdrawsFrom",
        "investigates",
        "demandsFrom",
        "criticizes",
        "accuses",
        "complainsAbout",
        "sues",
        "rejects",
        "vetoes",
        "threatens",
        "threatensForce",
        "protestsAgainst",
        "mobilizesAgainst",
        "reducesRelationsWith",
        "expelsDiplomatsOf",
        "sanctions",
        "suspendsAidTo",
        "coerces",
        "arrests",
        "expels",
        "assaults",
        "fights",
        "attacks",
        "blockades",
        "massViolenceAgainst",
        "easesRestrictions",
        "hacks",
        "increasesForcesIn",
        "seizesPropertyOf",
        "blocks",
    ]

    # classes and individuals
    Claim: URIRef
    Evidence: URIRef
    Actor: URIRef
    Group: URIRef
    Polarity: URIRef
    Affirmed: URIRef
    Negated: URIRef
    Modality: URIRef
    Actual: URIRef
    Future: URIRef
    Hypothetical: URIRef
    # actor properties
    iso3: URIRef
    country: URIRef
    countryCode: URIRef
    sector: URIRef
    actorType: URIRef
    # claim properties
    polarity: URIRef
    modality: URIRef
    eventDate: URIRef
    confidence: URIRef
    role: URIRef
    # evidence properties
    sentenceIndex: URIRef
    subjectMention: URIRef
    objectMention: URIRef
    subjectStart: URIRef
    subjectEnd: URIRef
    objectStart: URIRef
    objectEnd: URIRef
    # relation annotations
    plover: URIRef
    quadClass: URIRef
    goldstein: URIRef


def geo_terms() -> frozenset[str]:
    """The local names GEO declares (its annotations and extras)."""
    return frozenset(GEO.__annotations__) | frozenset(GEO._extras)


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _en(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def typed(value: str, datatype: str) -> ox.Literal:
    """A literal of an XSD datatype given by its local name (``typed("3", "integer")``)."""
    return ox.Literal(value, datatype=_n(XSD_NS + datatype))


def decimal_lexical(value: float) -> str:
    """The canonical xsd:decimal form of a float (XSD 1.1, as Oxigraph stores it).

    No exponent, no trailing zeros, no point for whole numbers; so what the Dataset holds and
    what the files say are the same literal.

    >>> decimal_lexical(0.82), decimal_lexical(1e-05), decimal_lexical(-7.0), decimal_lexical(-0.0)
    ('0.82', '0.00001', '-7', '0')
    """
    from decimal import Decimal

    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


A = _n(RDF_NS + "type")
LABEL = _n(RDFS_NS + "label")
COMMENT = _n(RDFS_NS + "comment")
SUBPROPERTY = _n(RDFS_NS + "subPropertyOf")
SUBCLASS = _n(RDFS_NS + "subClassOf")
DOMAIN = _n(RDFS_NS + "domain")
RANGE = _n(RDFS_NS + "range")
OBJECT_PROPERTY = _n(OWL_NS + "ObjectProperty")
NOTATION = _n(SKOS_NS + "notation")

# (local name, kind, label, comment, domain, range). Kinds: class, Polarity / Modality (the
# class of an individual), object, datatype, annotation. Domain and range are CURIE-like
# "prefix:name" strings or "".
_TERMS: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        "Claim",
        "class",
        "claim",
        "A reified subject–relation–object statement with its "
        "polarity, modality, attribution, date and evidence.",
        "",
        "rdf:Statement",
    ),
    (
        "Evidence",
        "class",
        "evidence",
        "The sentence of one article that states a claim, "
        "with its position and the mentions of the actors.",
        "",
        "",
    ),
    (
        "Actor",
        "class",
        "actor",
        "A state, person, organisation, outlet or group that takes part in claims.",
        "",
        "",
    ),
    (
        "Group",
        "class",
        "group",
        "An armed, political or social group that is not a formal organisation.",
        "",
        "geo:Actor",
    ),
    ("Polarity", "class", "polarity", "Whether a claim is affirmed or negated.", "", ""),
    ("Affirmed", "Polarity", "affirmed", "The source says the relation holds.", "", ""),
    (
        "Negated",
        "Polarity",
        "negated",
        'The source says the relation does not hold ("no plans", "dismissed the claims").',
        "",
        "",
    ),
    ("Modality", "class", "modality", "Whether a claim is actual, future or hypothetical.", "", ""),
    ("Actual", "Modality", "actual", "Happened or holds now.", "", ""),
    ("Future", "Modality", "future", "Announced, planned or intended.", "", ""),
    (
        "Hypothetical",
        "Modality",
        "hypothetical",
        'Conditional or speculative ("would breach").',
        "",
        "",
    ),
    (
        "iso3",
        "datatype",
        "ISO 3166-1 alpha-3 code",
        "The code of a state.",
        "schema:Country",
        "xsd:string",
    ),
    (
        "country",
        "object",
        "country",
        "The state an actor belongs to.",
        "geo:Actor",
        "schema:Country",
    ),
    (
        "countryCode",
        "datatype",
        "country code",
        "ISO 3166-1 alpha-3 code of the state an "
        "actor belongs to (a state's own code for a state).",
        "geo:Actor",
        "xsd:string",
    ),
    (
        "sector",
        "datatype",
        "sector",
        "CAMEO-style agent code: GOV, MIL, MED, IGO, NGO, ...",
        "geo:Actor",
        "xsd:string",
    ),
    (
        "actorType",
        "datatype",
        "actor type",
        "The entity type of an actor that has no class "
        "of its own (as the named-entity recogniser gave it).",
        "geo:Actor",
        "xsd:string",
    ),
    ("polarity", "object", "polarity", "geo:Affirmed or geo:Negated.", "geo:Claim", "geo:Polarity"),
    (
        "modality",
        "object",
        "modality",
        "geo:Actual, geo:Future or geo:Hypothetical.",
        "geo:Claim",
        "geo:Modality",
    ),
    (
        "eventDate",
        "datatype",
        "event date",
        "When the claimed event happened, resolved against the article's date.",
        "geo:Claim",
        "xsd:date",
    ),
    (
        "confidence",
        "datatype",
        "confidence",
        "How sure extraction is, from 0 to 1.",
        "geo:Claim",
        "xsd:decimal",
    ),
    (
        "role",
        "datatype",
        "role",
        'The office of a structural claim ("defence minister").',
        "geo:Claim",
        "xsd:string",
    ),
    (
        "sentenceIndex",
        "datatype",
        "sentence index",
        "0-based index of the sentence in the article.",
        "geo:Evidence",
        "xsd:integer",
    ),
    (
        "subjectMention",
        "datatype",
        "subject mention",
        "How the sentence names the subject.",
        "geo:Evidence",
        "xsd:string",
    ),
    (
        "objectMention",
        "datatype",
        "object mention",
        "How the sentence names the object.",
        "geo:Evidence",
        "xsd:string",
    ),
    (
        "subjectStart",
        "datatype",
        "subject start",
        "Character offset in the article where the subject mention starts.",
        "geo:Evidence",
        "xsd:integer",
    ),
    (
        "subjectEnd",
        "datatype",
        "subject end",
        "Character offset in the article where the subject mention ends.",
        "geo:Evidence",
        "xsd:integer",
    ),
    (
        "objectStart",
        "datatype",
        "object start",
        "Character offset in the article where the object mention starts.",
        "geo:Evidence",
        "xsd:integer",
    ),
    (
        "objectEnd",
        "datatype",
        "object end",
        "Character offset in the article where the object mention ends.",
        "geo:Evidence",
        "xsd:integer",
    ),
    ("plover", "annotation", "PLOVER type", "The PLOVER event type of a relation.", "", ""),
    (
        "quadClass",
        "annotation",
        "quad class",
        "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.",
        "",
        "",
    ),
    (
        "goldstein",
        "annotation",
        "Goldstein weight",
        "Conflict (-10) to cooperation (+10) weight of a relation.",
        "",
        "",
    ),
)

_KIND_CLASS = {
    "class": OWL_NS + "Class",
    "object": OWL_NS + "ObjectProperty",
    "datatype": OWL_NS + "DatatypeProperty",
    "annotation": OWL_NS + "AnnotationProperty",
}


def term(curie: str) -> ox.NamedNode:
    """The IRI of a ``prefix:name`` with geokg's prefixes (``term("oa:exact")``).

    Raises:
        KeyError: the prefix is not one of ``PREFIXES``.
    """
    prefix, _, name = curie.partition(":")
    return _n(PREFIXES[prefix] + name)


def relation_triples(relation: Relation) -> list[ox.Triple]:
    """The declaration of one relation as an owl:ObjectProperty.

    >>> from graph.records import Relation
    >>> len(relation_triples(Relation(key="meets", label="meets with", cameo="040")))
    3
    """
    node = _n(relation.iri)
    out = [ox.Triple(node, A, OBJECT_PROPERTY), ox.Triple(node, LABEL, _en(relation.label))]
    if relation.description:
        out.append(ox.Triple(node, COMMENT, _en(relation.description)))
    if relation.cameo is not None:
        out.append(ox.Triple(node, NOTATION, ox.Literal(relation.cameo)))
    if relation.plover is not None:
        out.append(ox.Triple(node, _n(GEO.plover), ox.Literal(relation.plover)))
    if relation.quad_class is not None:
        out.append(ox.Triple(node, _n(GEO.quadClass), typed(str(relation.quad_class), "integer")))
    if relation.goldstein is not None:
        weight = typed(decimal_lexical(relation.goldstein), "decimal")
        out.append(ox.Triple(node, _n(GEO.goldstein), weight))
    if relation.parent is not None:
        out.append(ox.Triple(node, SUBPROPERTY, _n(RELATION_NS + relation.parent)))
    return out


def ontology_triples(lexicon: Lexicon) -> list[ox.Triple]:
    """The whole ontology for a lexicon: header, fixed terms and relations, sorted."""
    head = _n(ONTOLOGY_IRI)
    out = [
        ox.Triple(head, A, _n(OWL_NS + "Ontology")),
        ox.Triple(head, LABEL, _en("geokg ontology")),
        ox.Triple(
            head,
            COMMENT,
            _en(
                "Geopolitical relations extracted from news: reified claims with polarity, "
                "modality, attribution and evidence, and the relation vocabulary with CAMEO "
                "codes, PLOVER types, quad classes and Goldstein weights."
            ),
        ),
        ox.Triple(head, _n(OWL_NS + "versionInfo"), ox.Literal(lexicon.version)),
    ]
    for name, kind, label, comment, domain, range_ in _TERMS:
        node = _n(GEO[name])
        kind_iri = _KIND_CLASS.get(kind)
        if kind_iri is None:  # an individual of geo:Polarity or geo:Modality
            out.append(ox.Triple(node, A, _n(OWL_NS + "NamedIndividual")))
            out.append(ox.Triple(node, A, _n(GEO[kind])))
        else:
            out.append(ox.Triple(node, A, _n(kind_iri)))
        out.append(ox.Triple(node, LABEL, _en(label)))
        out.append(ox.Triple(node, COMMENT, _en(comment)))
        if domain:
            out.append(ox.Triple(node, DOMAIN, term(domain)))
        if range_:
            link = SUBCLASS if kind == "class" else RANGE
            out.append(ox.Triple(node, link, term(range_)))
    for key in sorted(lexicon.specs):
        out.extend(relation_triples(lexicon.specs[key].relation))
    return sorted(set(out), key=triple_order)


def triple_order(triple: ox.Triple) -> tuple[str, str, str]:
    """Sort key of a triple: subject, then rdf:type first, then predicate and object."""
    predicate = "" if triple.predicate == A else triple.predicate.value
    return (term_key(triple.subject), predicate, str(triple.object))


def term_key(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """Sort key of a term: an IRI by its text (so ``ev:x`` sorts before ``ev:x-quote``)."""
    return term.value if type(term) is ox.NamedNode else str(term)


def serialize(statements: list, fmt: ox.RdfFormat) -> bytes:
    """Turtle or TriG of statements in the order given, with geokg's prefixes.

    Oxigraph declares the prefixes in an order of its own; they are rewritten in the order
    of ``PREFIXES`` so that the bytes depend on nothing but the statements.
    """
    body = ox.serialize(statements, format=fmt, prefixes=PREFIXES)
    start = 0
    while body.startswith(b"@prefix ", start):
        start = body.index(b"\n", start) + 1
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    return head.encode() + b"\n" + body[start:]


def ontology_turtle(lexicon: Lexicon) -> bytes:
    """data/ontology.ttl for a lexicon, byte for byte."""
    header = (
        b"# The geokg ontology. Generated by `python -m graph.ontology` from graph/ontology.py\n"
        b"# and data/relations.toml: do not edit by hand.\n"
    )
    return header + serialize(ontology_triples(lexicon), ox.RdfFormat.TURTLE)


@lru_cache(maxsize=4)
def load_ontology(path: Path = ONTOLOGY_PATH) -> tuple[ox.Triple, ...]:
    """The triples of an ontology file (data/ontology.ttl by default).

    Raises:
        DataError: the file is missing or is not valid Turtle; run
            ``python -m graph.ontology`` to rewrite it.
    """
    try:
        return tuple(quad.triple for quad in ox.parse(path=path, format=ox.RdfFormat.TURTLE))
    except (OSError, SyntaxError, ValueError) as exc:
        raise DataError(f"{path}: {exc} (run `python -m graph.ontology` to rewrite it)") from exc


def validate(dataset: Dataset, shapes: Path = SHAPES_PATH) -> tuple[bool, str]:
    """Check a dataset (``graph.rdf.to_dataset``) against the SHACL shapes with pySHACL.

    All graphs are merged first: claims refer to actors and articles of the default graph.
    Warnings (an article without a date) leave the graph conforming.

    Returns:
        Whether the graph conforms, and pySHACL's report as text.

    Raises:
        DataError: the shapes file is missing or invalid.
    """
    import pyshacl
    from rdflib import Graph

    try:
        shapes_graph = Graph().parse(shapes, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise DataError(f"{shapes}: {exc}") from exc
    nquads = dataset.serialize(format="ox-nquads", encoding="utf-8")
    triples = {quad.triple for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)}
    merged = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    conforms, _, text = pyshacl.validate(merged, shacl_graph=shapes_graph, allow_warnings=True)
    return bool(conforms), str(text)


def missing_terms(lexicon: Lexicon) -> list[str]:
    """Relations of the lexicon that GEO does not list (should be empty)."""
    return sorted(set(lexicon.specs) - geo_terms())


def main(argv: list[str] | None = None) -> int:
    """Rewrite data/ontology.ttl, or with ``--check`` report whether it is current."""
    args = sys.argv[1:] if argv is None else argv
    lexicon = load_lexicon()
    missing = missing_terms(lexicon)
    if missing:
        print(f"error: add to GEO in graph/ontology.py: {', '.join(missing)}", file=sys.stderr)
        return 1
    data = ontology_turtle(lexicon)
    if "--check" in args:
        current = ONTOLOGY_PATH.exists() and ONTOLOGY_PATH.read_bytes() == data
        if not current:
            print(
                f"error: {ONTOLOGY_PATH} is out of date: run python -m graph.ontology",
                file=sys.stderr,
            )
        return 0 if current else 1
    from .export import write_atomic

    write_atomic(ONTOLOGY_PATH, data)
    print(f"wrote {ONTOLOGY_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
