"""A small geokg graph for the SPARQL tests, written as TriG text in the model of
docs/internals.md ("The RDF model as built"): three articles about Kim Jong Un, Putin, Shoigu,
Russia, North and South Korea, with negated, future, hypothetical and attributed claims.

The text is written here, not by graph/rdf.py, so the saved queries are tested against the
documented model itself. The ontology is the real one (data/ontology.ttl).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "data" / "ontology.ttl"

PREFIXES = """\
@prefix geo: <https://w3id.org/geokg/ontology#> .
@prefix ent: <https://w3id.org/geokg/entity/> .
@prefix claim: <https://w3id.org/geokg/claim/> .
@prefix ev: <https://w3id.org/geokg/evidence/> .
@prefix doc: <https://w3id.org/geokg/doc/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <http://schema.org/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix wd: <http://www.wikidata.org/entity/> .
"""

# The default graph: actors and articles (the ontology is added from data/ontology.ttl).
DEFAULT_GRAPH = """\
ent:kim-jong-un a geo:Actor, schema:Person ; rdfs:label "Kim Jong Un"@en ;
    skos:altLabel "Kim"@en, "the North Korean leader"@en ; geo:countryCode "PRK" ;
    geo:country ent:north-korea ; geo:sector "GOV" ; owl:sameAs wd:Q56226 .
ent:kim-yo-jong a geo:Actor, schema:Person ; rdfs:label "Kim Yo Jong"@en ;
    skos:altLabel "Kim"@en ; geo:countryCode "PRK" ; geo:country ent:north-korea .
ent:vladimir-putin a geo:Actor, schema:Person ; rdfs:label "Vladimir Putin"@en ;
    skos:altLabel "Putin"@en ; geo:countryCode "RUS" ; geo:country ent:russia ;
    geo:sector "GOV" ; owl:sameAs wd:Q7747 .
ent:sergei-shoigu a geo:Actor, schema:Person ; rdfs:label "Sergei Shoigu"@en ;
    skos:altLabel "Shoigu"@en, "the Russian defence minister"@en ; geo:countryCode "RUS" ;
    geo:country ent:russia ; geo:sector "MIL" .
ent:dmitry-peskov a geo:Actor, schema:Person ; rdfs:label "Dmitry Peskov"@en ;
    skos:altLabel "Peskov"@en ; geo:countryCode "RUS" ; geo:country ent:russia .
ent:yoon-suk-yeol a geo:Actor, schema:Person ; rdfs:label "Yoon Suk Yeol"@en ;
    geo:countryCode "KOR" ; geo:country ent:south-korea .
ent:north-korea a geo:Actor, schema:Country ; rdfs:label "North Korea"@en ;
    skos:altLabel "DPRK"@en, "Pyongyang"@en ; geo:iso3 "PRK" ; geo:countryCode "PRK" ;
    owl:sameAs wd:Q423 .
ent:russia a geo:Actor, schema:Country ; rdfs:label "Russia"@en ;
    skos:altLabel "Moscow"@en, "the Kremlin"@en ; geo:iso3 "RUS" ; geo:countryCode "RUS" ;
    owl:sameAs wd:Q159 .
ent:south-korea a geo:Actor, schema:Country ; rdfs:label "South Korea"@en ;
    skos:altLabel "Seoul"@en ; geo:iso3 "KOR" ; geo:countryCode "KOR" ; owl:sameAs wd:Q884 .
ent:white-house a geo:Actor, schema:Organization ; rdfs:label "White House"@en ;
    geo:countryCode "USA" ; geo:sector "GOV" .
ent:kcna a geo:Actor, schema:NewsMediaOrganization ; rdfs:label "KCNA"@en ;
    skos:altLabel "Korean Central News Agency"@en ; geo:countryCode "PRK" ; geo:sector "MED" .
ent:mirotvorets a geo:Actor ; geo:actorType "Website" ;
    rdfs:label "Mirotvorets \\"Peacemaker\\""@en ; geo:countryCode "UKR" .

doc:a1 a schema:NewsArticle ; schema:identifier "a1" ;
    schema:headline "North Korea Deepens Ties With Russia and China" ;
    schema:author <https://w3id.org/geokg/doc/a1#author> ;
    schema:datePublished "2023-09-18"^^xsd:date ; schema:publisher "The New American" ;
    schema:url <https://example.org/a1> .
<https://w3id.org/geokg/doc/a1#author> a schema:Person ; schema:name "Angeline Tan" .
doc:a2 a schema:NewsArticle ; schema:identifier "a2" ;
    schema:headline "Kremlin: no plans yet for a Putin visit" ;
    schema:datePublished "2023-09-20"^^xsd:date ; schema:publisher "Wire Service" .
doc:a3 a schema:NewsArticle ; schema:identifier "a3" ;
    schema:headline "Seoul condemns Moscow-Pyongyang arms talk" ;
    schema:datePublished "2023-09-21"^^xsd:date ; schema:publisher "Seoul Daily" .
"""

# (claim id, subject, relation, object, polarity, modality, attributed to, event date,
#  [(article, sentence index, start, end, sentence)])
# fmt: off
CLAIMS: list[tuple] = [
    ("c000000000000001", "kim-jong-un", "meets", "vladimir-putin", "Affirmed", "Actual", None,
     "2023-09-13", [("a1", 3, 400, 470, "On September 13, Kim met Russian President Vladimir "
                     "Putin."), ("a2", 0, 0, 52, "Kim and Putin met at Vostochny on Wednesday.")]),
    ("c000000000000002", "vladimir-putin", "meets", "kim-jong-un", "Affirmed", "Actual", None,
     "2023-09-13", [("a1", 3, 400, 470, "On September 13, Kim met Russian President Vladimir "
                     "Putin.")]),
    ("c000000000000003", "kim-jong-un", "meets", "sergei-shoigu", "Affirmed", "Actual", "kcna",
     "2023-09-16", [("a1", 9, 1200, 1290, "Kim and Shoigu exchanged their constructive "
                     "opinions, KCNA continued.")]),
    ("c000000000000004", "north-korea", "supports", "russia", "Affirmed", "Actual",
     "kim-jong-un", "2023-09-13", [("a1", 2, 300, 360, "\"We will always stand together with "
                                    "Russia,\" Kim said.")]),
    ("c000000000000005", "kim-jong-un", "invites", "vladimir-putin", "Affirmed", "Actual", "kcna",
     None, [("a1", 4, 471, 530, "Kim also invited Putin to the DPRK, KCNA indicated.")]),
    ("c000000000000006", "north-korea", "cooperatesMilitarilyWith", "russia", "Affirmed",
     "Actual", "kcna", None, [("a1", 0, 0, 120, "Kim Jong Un and Sergei Shoigu discussed "
                               "practical matters to enhance military collaboration.")]),
    ("c000000000000007", "kim-jong-un", "visits", "russia", "Affirmed", "Actual", None,
     "2023-09-15", [("a1", 6, 700, 800, "Kim visited a Russian fighter jet factory on "
                     "September 15.")]),
    ("c000000000000008", "vladimir-putin", "visits", "north-korea", "Negated", "Future",
     "dmitry-peskov", None, [("a2", 1, 53, 120, "Peskov said Russia had no plans yet for such a "
                              "visit.")]),
    ("c000000000000009", "vladimir-putin", "visits", "north-korea", "Affirmed", "Future", "kcna",
     None, [("a2", 2, 121, 190, "Putin accepted the invitation with pleasure, KCNA said.")]),
    ("c00000000000000a", "south-korea", "criticizes", "north-korea", "Affirmed", "Actual",
     "yoon-suk-yeol", "2023-09-17", [("a3", 0, 0, 90, "Yoon lambasted the military partnership "
                                      "as illegal and unjust.")]),
    ("c00000000000000b", "north-korea", "providesMilitaryAid", "russia", "Affirmed", "Actual",
     "white-house", None, [("a3", 1, 91, 170, "The White House said North Korea was providing "
                            "artillery shells to Russia.")]),
    ("c00000000000000c", "north-korea", "providesMilitaryAid", "russia", "Negated", "Actual",
     "north-korea", None, [("a3", 2, 171, 220, "Pyongyang and Moscow have both dismissed the "
                            "claims.")]),
    ("c00000000000000d", "south-korea", "threatens", "north-korea", "Affirmed", "Hypothetical",
     "south-korea", None, [("a3", 3, 221, 300, "The allies would make sure that there was a "
                            "price to pay.")]),
    ("c00000000000000e", "mirotvorets", "accuses", "kim-jong-un", "Affirmed", "Actual", None,
     None, [("a3", 4, 301, 380, "Mirotvorets accused Kim of being an accomplice.")]),
    ("c00000000000000f", "dmitry-peskov", "spokespersonFor", "russia", "Affirmed", "Actual",
     None, None, [("a2", 1, 53, 120, "Kremlin spokesman Dmitry Peskov said Russia had no plans "
                   "yet.")]),
    # a denial the article itself makes (no attribution), with nothing it contradicts
    ("c000000000000010", "yoon-suk-yeol", "meets", "kim-jong-un", "Negated", "Actual", None,
     None, [("a3", 5, 381, 440, "Yoon has never met Kim Jong Un in person.")]),
]
# fmt: on


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _claim_turtle(row: tuple, article: str) -> str:
    cid, subject, relation, obj, polarity, modality, by, date, evidence = row
    lines = [
        f"  claim:{cid} a rdf:Statement, geo:Claim ;",
        f"      rdf:subject ent:{subject} ; rdf:predicate geo:{relation} ; rdf:object ent:{obj} ;",
        f"      geo:polarity geo:{polarity} ; geo:modality geo:{modality} ;",
        '      geo:confidence "0.8"^^xsd:decimal ;',
    ]
    if by:
        lines.append(f"      prov:wasAttributedTo ent:{by} ;")
    if date:
        lines.append(f'      geo:eventDate "{date}"^^xsd:date ;')
    if relation == "spokespersonFor":
        lines.append('      geo:role "spokesman" ;')
    mine = [e for e in evidence if e[0] == article]
    lines.append("      prov:wasDerivedFrom " + ", ".join(f"ev:{cid}-{e[1]}" for e in mine) + " .")
    for doc, index, start, end, sentence in mine:
        ev = f"ev:{cid}-{index}"
        lines += [
            f"  {ev} a geo:Evidence ; oa:hasSource doc:{doc} ; geo:sentenceIndex {index} ;",
            f"      oa:hasSelector {ev}-quote, {ev}-position .",
            f"  {ev}-quote a oa:TextQuoteSelector ; oa:exact {_literal(sentence)} .",
            f"  {ev}-position a oa:TextPositionSelector ; oa:start {start} ; oa:end {end} .",
        ]
    if polarity == "Affirmed" and modality == "Actual":
        lines.append(f"  ent:{subject} geo:{relation} ent:{obj} .")
    return "\n".join(lines)


def sample_trig() -> str:
    """The TriG text of the sample: actors and articles, then one named graph per article."""
    parts = [PREFIXES, DEFAULT_GRAPH]
    for article in ("a1", "a2", "a3"):
        body = [
            _claim_turtle(row, article) for row in CLAIMS if any(e[0] == article for e in row[8])
        ]
        parts.append(f"doc:{article} {{\n" + "\n".join(body) + "\n}\n")
    return "\n".join(parts)


def sample_store(merged: bool = False) -> ox.Store:
    """The sample in a store as geokg opens it: named graphs as in graph.trig (and their merge in
    the default graph), or (``merged``) everything in the default graph, as in graph.ttl."""
    store = ox.Store()
    store.load(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE)
    quads = ox.parse(sample_trig(), format=ox.RdfFormat.TRIG)
    if merged:
        store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    else:
        quads = list(quads)
        store.extend(quads)
        store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    return store


def write_samples(directory: Path) -> dict[str, Path]:
    """The sample as graph.trig, graph.ttl (merged), graph.nq and graph.jsonld in ``directory``."""
    store = sample_store()
    paths = {}
    for name, fmt in (("trig", ox.RdfFormat.TRIG), ("nq", ox.RdfFormat.N_QUADS)):
        paths[name] = directory / f"graph.{name}"
        store.dump(str(paths[name]), fmt)
    merged = sample_store(merged=True)
    paths["ttl"] = directory / "graph.ttl"
    merged.dump(str(paths["ttl"]), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
    paths["jsonld"] = directory / "graph.jsonld"
    merged.dump(str(paths["jsonld"]), ox.RdfFormat.JSON_LD, from_graph=ox.DefaultGraph())
    return paths
