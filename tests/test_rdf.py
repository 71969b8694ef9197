"""The RDF model (docs/internals.md, "The RDF model as built"), the ontology and the shapes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from corpus_samples import (
    DOC_A,
    DOC_B,
    FOREIGN_MINISTRY,
    KCNA,
    KIM,
    RUSSIA,
    SENTENCE_MEET,
    SHOIGU,
    VOSTOCHNY,
    WAGNER,
    broken_corpus,
    roundtrip_form,
    sample_corpus,
)
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from graph.errors import InputError
from graph.lexicon import load_lexicon
from graph.ontology import (
    GEO,
    ONTOLOGY_IRI,
    ONTOLOGY_PATH,
    geo_terms,
    missing_terms,
    ontology_turtle,
    validate,
)
from graph.rdf import corpus_quads, date_literal, load_corpus, to_dataset
from graph.records import Corpus

PREFIXES = """
PREFIX geo: <https://w3id.org/geokg/ontology#>
PREFIX ent: <https://w3id.org/geokg/entity/>
PREFIX doc: <https://w3id.org/geokg/doc/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <http://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """The sample corpus's quads in a plain pyoxigraph store, for SPARQL checks."""
    result = ox.Store()
    result.extend(corpus_quads(sample_corpus()))
    return result


def ask(store: ox.Store, where: str) -> bool:
    return bool(store.query(PREFIXES + "ASK { " + where + " }"))


def select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return sorted(tuple(term.value for term in row) for row in store.query(PREFIXES + query))


# --------------------------------------------------------------------------------- ontology


def test_ontology_file_is_current() -> None:
    lexicon = load_lexicon()
    assert missing_terms(lexicon) == []
    assert ONTOLOGY_PATH.read_bytes() == ontology_turtle(lexicon), (
        "data/ontology.ttl is out of date: run `python -m graph.ontology`"
    )


def test_geo_fails_on_a_typo_and_lists_every_term() -> None:
    with pytest.raises(AttributeError):
        _ = GEO.Cliam
    assert str(GEO["yield"]) == "https://w3id.org/geokg/ontology#yield"
    declared = {
        quad.subject.value.removeprefix(str(GEO._NS))
        for quad in ox.parse(path=ONTOLOGY_PATH, format=ox.RdfFormat.TURTLE)
        if quad.subject.value.startswith(str(GEO._NS))
    }
    assert declared == set(geo_terms())


def test_every_relation_is_a_labelled_object_property_in_the_hierarchy() -> None:
    graph = ox.Store()
    graph.load(path=ONTOLOGY_PATH, format=ox.RdfFormat.TURTLE)
    for key, spec in load_lexicon().specs.items():
        relation = spec.relation
        assert ask(graph, f'geo:{key} a owl:ObjectProperty ; rdfs:label "{relation.label}"@en')
        if relation.cameo:
            assert ask(graph, f'geo:{key} skos:notation "{relation.cameo}"')
        if relation.parent:
            assert ask(graph, f"geo:{key} rdfs:subPropertyOf geo:{relation.parent}")
    assert ask(graph, "geo:meets rdfs:subPropertyOf+ geo:interactsWith")
    assert ask(graph, 'geo:meets geo:plover "CONSULT" ; geo:quadClass 1')
    assert ask(graph, "geo:leaderOf rdfs:subPropertyOf+ geo:affiliatedWith")
    assert not ask(graph, "geo:leaderOf skos:notation ?code")
    assert ask(graph, f"<{ONTOLOGY_IRI}> a owl:Ontology ; owl:versionInfo ?version")


# ------------------------------------------------------------------------------- the model


def test_default_graph_holds_ontology_actors_and_articles(store: ox.Store) -> None:
    def in_default(where: str) -> bool:
        return bool(store.query(PREFIXES + f"ASK {{ {where} }}", default_graph=ox.DefaultGraph()))

    assert in_default(f"<{ONTOLOGY_IRI}> a owl:Ontology")
    for node in ("ent:north-korea", "doc:000_ecd09d62f26e1832", "geo:meets"):
        assert in_default(f"{node} a ?class ; ?p ?o")
        assert not ask(store, f"GRAPH ?g {{ {node} a|rdfs:label ?o }}")
    assert not in_default("?claim a geo:Claim")


def test_one_named_graph_per_article(store: ox.Store) -> None:
    graphs = {graph.value for graph in store.named_graphs()}
    assert graphs == {DOC_A.iri, DOC_B.iri}


def test_a_claim_from_two_articles_is_in_both_graphs_with_its_own_evidence(store: ox.Store) -> None:
    rows = select(
        store,
        """SELECT ?g ?doc WHERE { GRAPH ?g {
        ?c rdf:subject ent:north-korea ; rdf:predicate geo:supports ; rdf:object ent:russia ;
           prov:wasAttributedTo ent:kim-jong-un ; prov:wasDerivedFrom ?ev .
        ?ev oa:hasSource ?doc } }""",
    )
    assert rows == sorted([(DOC_A.iri, DOC_A.iri), (DOC_B.iri, DOC_B.iri)])


def test_claim_qualifiers_evidence_and_selectors(store: ox.Store) -> None:
    assert ask(
        store,
        """GRAPH doc:000_ecd09d62f26e1832 {
        ?c a rdf:Statement, geo:Claim ; rdf:subject ent:kim-jong-un ; rdf:predicate geo:meets ;
           rdf:object ent:sergei-shoigu ; geo:polarity geo:Affirmed ; geo:modality geo:Actual ;
           geo:eventDate "2023-09-13"^^xsd:date ; geo:confidence 0.82 ;
           prov:wasDerivedFrom ?ev .
        ?ev a geo:Evidence ; oa:hasSource doc:000_ecd09d62f26e1832 ; geo:sentenceIndex 3 ;
            geo:subjectMention "Kim" ; geo:objectMention "Shoigu" ;
            geo:subjectStart 120 ; geo:subjectEnd 123 ; geo:objectStart 160 ; geo:objectEnd 166 ;
            oa:hasSelector ?quote, ?position .
        ?quote a oa:TextQuoteSelector ; oa:exact ?text .
        ?position a oa:TextPositionSelector ; oa:start 120 ; oa:end ?end .
        FILTER(STRENDS(STR(?quote), "-quote") && STRENDS(STR(?position), "-position"))
    }""",
    )
    text = select(store, "SELECT ?t WHERE { GRAPH ?g { ?q oa:exact ?t } }")
    assert (SENTENCE_MEET,) in text


def test_two_claims_from_one_sentence_keep_their_own_mentions(store: ox.Store) -> None:
    rows = select(
        store,
        """SELECT ?object ?mention WHERE { GRAPH ?g {
        ?c rdf:subject ent:kim-jong-un ; rdf:predicate geo:meets ; rdf:object ?object ;
           prov:wasDerivedFrom ?ev . ?ev geo:objectMention ?mention } }""",
    )
    assert rows == [(RUSSIA.iri, "Russia"), (SHOIGU.iri, "Shoigu")]


def test_truthy_triples_only_for_affirmed_actual_claims(store: ox.Store) -> None:
    assert ask(store, "GRAPH ?g { ent:kim-jong-un geo:meets ent:sergei-shoigu }")
    assert ask(store, "GRAPH ?g { ent:kim-jong-un geo:leaderOf ent:north-korea }")
    negated_or_future = ("geo:providesMilitaryAid", "geo:cooperatesMilitarilyWith")
    for relation in negated_or_future:
        assert ask(store, f"GRAPH ?g {{ ?c rdf:predicate {relation} }}")
        assert not ask(store, f"GRAPH ?g {{ ent:north-korea {relation} ent:russia }}")
    assert ask(
        store,
        """GRAPH ?g { ?c rdf:predicate geo:providesMilitaryAid ;
        geo:polarity geo:Negated ; prov:wasAttributedTo ent:kcna }""",
    )
    assert ask(
        store,
        """GRAPH ?g { ?c rdf:predicate geo:leaderOf ;
        geo:role "Supreme Leader" }""",
    )


def test_no_blank_nodes(store: ox.Store) -> None:
    for quad in store:
        for term in (quad.subject, quad.object, quad.graph_name):
            assert not isinstance(term, ox.BlankNode)


def test_actors_classes_labels_and_links(store: ox.Store) -> None:
    assert ask(
        store,
        """ent:north-korea a schema:Country, geo:Actor ;
        rdfs:label "North Korea"@en ; skos:altLabel "DPRK"@en, "Pyongyang"@en ;
        geo:iso3 "PRK" ; geo:countryCode "PRK" ; owl:sameAs wd:Q423""",
    )
    assert ask(
        store,
        """ent:sergei-shoigu a schema:Person, geo:Actor ; geo:country ent:russia ;
        geo:countryCode "RUS" ; geo:sector "GOV" ; skos:altLabel "Shoigu"@en""",
    )
    assert not ask(store, "ent:sergei-shoigu owl:sameAs ?x")
    assert ask(store, f"<{KCNA.iri}> a schema:NewsMediaOrganization")
    assert ask(store, f"<{WAGNER.iri}> a geo:Group, geo:Actor")
    assert ask(store, f'<{VOSTOCHNY.iri}> a geo:Actor ; geo:actorType "Facility"')
    assert select(store, f"SELECT ?t WHERE {{ <{VOSTOCHNY.iri}> a ?t }}") == [(str(GEO.Actor),)]
    # the mention equal to the label is not repeated as an alias
    assert not ask(store, 'ent:russia skos:altLabel "Russia"@en')


def test_country_of_an_actor_not_in_the_corpus_comes_from_the_gazetteer(store: ox.Store) -> None:
    pytest.importorskip("graph.gazetteer")
    rows = select(
        store,
        f"""SELECT ?country ?label WHERE {{ <{FOREIGN_MINISTRY.iri}>
        geo:country ?country ; geo:countryCode "CHN" . ?country geo:iso3 "CHN" ;
        rdfs:label ?label }}""",
    )
    assert len(rows) == 1


def test_articles(store: ox.Store) -> None:
    assert ask(
        store,
        f"""doc:000_ecd09d62f26e1832 a schema:NewsArticle ;
        schema:identifier "{DOC_A.id}" ; schema:headline "{DOC_A.title}" ;
        schema:datePublished "2023-09-18"^^xsd:date ; schema:publisher "The New American" ;
        schema:url <{DOC_A.url}> ; schema:author ?author .
        ?author a schema:Person ; schema:name "Angeline Tan" .
        FILTER(?author = <{DOC_A.iri}#author>)""",
    )
    assert ask(store, f'<{DOC_B.iri}> schema:identifier "{DOC_B.id}"')
    assert not ask(store, f"<{DOC_B.iri}> schema:datePublished|schema:author ?x")


def test_dates_are_typed_only_when_valid() -> None:
    assert date_literal("2023-09-13").datatype.value.endswith("#date")
    assert date_literal("2023-09").datatype.value.endswith("#gYearMonth")
    assert date_literal("2023").datatype.value.endswith("#gYear")
    for text in ("2023-02-30", "September 2023", "13/09/2023"):
        literal = date_literal(text)
        assert literal.value == text and literal.datatype.value.endswith("#string")


def test_a_url_that_is_not_an_iri_is_kept_as_text(tmp_path: Path) -> None:
    corpus = sample_corpus()
    odd = replace(DOC_A, url="example.org/a page?q=<1>")
    corpus = Corpus(documents=(odd, DOC_B), claims=corpus.claims)
    store = ox.Store()
    store.extend(corpus_quads(corpus))
    assert ask(store, f'doc:000_ecd09d62f26e1832 schema:url "{odd.url}"')


def test_dataset_is_an_oxigraph_store_behind_rdflib() -> None:
    dataset = to_dataset(sample_corpus())
    assert type(dataset.store).__name__ == "OxigraphStore"
    label = dataset.value(URIRef(KIM.iri), RDFS.label)
    assert label == Literal("Kim Jong Un", lang="en")
    rows = list(dataset.query(PREFIXES + "SELECT ?g WHERE { GRAPH ?g { ?c a geo:Claim } }"))
    assert {str(row[0]) for row in rows} == {DOC_A.iri, DOC_B.iri}


def test_a_lexicon_can_be_given_instead_of_the_ontology_file() -> None:
    store = ox.Store()
    store.extend(corpus_quads(sample_corpus(), load_lexicon()))
    assert ask(store, 'geo:meets a owl:ObjectProperty ; skos:notation "040"')
    # a relation the lexicon does not know is declared from its record
    assert ask(
        store,
        'geo:testRelation a owl:ObjectProperty ; rdfs:label "test relation"@en ;'
        " rdfs:subPropertyOf geo:interactsWith",
    )


# ------------------------------------------------------------------------------ SHACL shapes


def test_shapes_accept_the_sample_with_a_warning_for_the_undated_article() -> None:
    conforms, report = validate(to_dataset(sample_corpus()))
    assert conforms, report
    assert "Warning" in report and DOC_B.iri in report


def test_shapes_reject_a_claim_without_evidence() -> None:
    conforms, report = validate(to_dataset(broken_corpus()))
    assert not conforms
    assert "derived from at least one geo:Evidence" in report


def test_shapes_reject_an_undeclared_relation() -> None:
    dataset = to_dataset(sample_corpus())
    for graph in list(dataset.graphs()):
        graph.remove((URIRef(GEO.meets), RDFS.label, None))
    conforms, report = validate(dataset)
    assert not conforms
    assert "declared as an owl:ObjectProperty with an rdfs:label" in report


def test_shapes_reject_evidence_without_a_quote() -> None:
    corpus = sample_corpus()
    claims = tuple(
        replace(c, evidence=tuple(replace(e, text="") for e in c.evidence)) for c in corpus.claims
    )
    conforms, report = validate(to_dataset(replace(corpus, claims=claims)))
    assert not conforms
    assert "oa:TextQuoteSelector with a non-empty oa:exact" in report


# ---------------------------------------------------------------------------- reading back


@pytest.mark.parametrize("name", ["graph.trig", "graph.ttl", "graph.jsonld", "graph.nq"])
def test_load_corpus_round_trip(tmp_path: Path, name: str) -> None:
    from graph.export import write_outputs

    corpus = sample_corpus()
    write_outputs(corpus, tmp_path)
    (tmp_path / "graph.nq").write_bytes(
        to_dataset(corpus).serialize(format="ox-nquads", encoding="utf-8")
    )
    loaded = load_corpus(tmp_path / name)
    assert loaded == roundtrip_form(corpus)
    # what comes back writes the same graph again
    again = tmp_path / "again"
    write_outputs(loaded, again)
    assert load_corpus(again / "graph.trig") == loaded


def test_load_corpus_of_an_output_directory(tmp_path: Path) -> None:
    from graph.export import write_outputs

    write_outputs(sample_corpus(), tmp_path)
    assert load_corpus(tmp_path) == load_corpus(tmp_path / "graph.trig")


def test_load_corpus_errors_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.trig"
    with pytest.raises(InputError, match="nothing.trig: cannot read"):
        load_corpus(missing)
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(InputError, match="broken.ttl: not valid Turtle"):
        load_corpus(broken)
    odd = tmp_path / "graph.csv"
    odd.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown graph format; use one of"):
        load_corpus(odd)
    half = tmp_path / "half.ttl"
    half.write_text(
        "<https://w3id.org/geokg/claim/x> a <https://w3id.org/geokg/ontology#Claim> .\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="half.ttl: claim <.*> has no subject"):
        load_corpus(half)


def test_evidence_for_a_document_missing_from_the_corpus_still_names_its_source() -> None:
    corpus = sample_corpus()
    only_a = Corpus(documents=(DOC_A,), claims=corpus.claims)
    store = ox.Store()
    store.extend(corpus_quads(only_a))
    assert ask(store, f'<{DOC_B.iri}> a schema:NewsArticle ; schema:identifier "{DOC_B.id}"')


# ------------------------------------------------------------------------------ seed build


@pytest.fixture
def seed_dir(request: pytest.FixtureRequest) -> Path:
    """The seed build's output directory; skipped while graph.pipeline does not exist."""
    pytest.importorskip("graph.pipeline")
    return request.getfixturevalue("seed_output")


def test_seed_build_conforms_to_the_shapes(seed_dir: Path) -> None:
    from oxrdflib import OxigraphStore
    from rdflib import Dataset

    written = ox.Store()
    written.load(path=seed_dir / "graph.trig", format=ox.RdfFormat.TRIG)
    conforms, report = validate(Dataset(store=OxigraphStore(store=written)))
    assert conforms, report
    graphs = {graph.value for graph in written.named_graphs()}
    articles = {
        row[0].value
        for row in written.query(PREFIXES + "SELECT ?a WHERE { ?a a schema:NewsArticle }")
    }
    assert graphs == articles and len(graphs) >= 1


def test_seed_build_reads_back_into_the_same_graph(seed_dir: Path) -> None:
    from graph.export import sort_quads

    loaded = load_corpus(seed_dir / "graph.trig")
    assert loaded.claims and loaded.documents
    written, _ = sort_quads(ox.parse(path=seed_dir / "graph.trig", format=ox.RdfFormat.TRIG))
    again, _ = sort_quads(corpus_quads(loaded))
    assert set(map(str, again)) == set(map(str, written))
