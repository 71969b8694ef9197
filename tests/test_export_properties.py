"""Property tests (issue 6): any text in a name, title or sentence gives valid, faithful files.

Names, aliases, titles, authors, publishers, document ids, URLs, dates, roles, sentences and
mentions are drawn from text full of quotes, backslashes, angle brackets, newlines, control
characters (U+0000–U+001F, U+007F), non-Latin scripts and emoji. Every RDF file must parse in
pyoxigraph and give back every value exactly; GraphML must parse in networkx and give back
every value as ``xml_safe`` makes it; claims.jsonl must give back every value exactly.
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from corpus_samples import roundtrip_form
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.export import claim_lines, graphml_bytes, write_outputs, xml_safe
from graph.lexicon import load_lexicon
from graph.network import to_network
from graph.rdf import load_corpus, to_dataset
from graph.records import Claim, Corpus, Document, Entity, Evidence, merge_claims

HOSTILE = list(
    "\"'\\<>&{}[]@#%:;.,_-/|^`~ \n\r\t\x00\x01\x08\x0b\x0c\x1b\x1f\x7f\x85"
    "\u00a0\u2028\u2029\u200b\ufeff\ufffe\uffff"
)
SCRIPTS = list("Ким Чен Ын 김정은 金正恩 كيم جونغ أون קים ज़ 🇰🇵🚀👩‍👩‍👧 é̀")
TEXT = st.text(
    st.one_of(st.sampled_from(HOSTILE), st.sampled_from(SCRIPTS), st.characters(codec="utf-8")),
    max_size=24,
)
TYPES = ("Country", "Person", "Organization", "MediaOrganization", "Group", "Ship")
RELATIONS = ("meets", "supports", "criticizes", "leaderOf", "providesMilitaryAid")
PROPERTY_SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def entities(draw: st.DrawFn, index: int) -> Entity:
    kind = draw(st.sampled_from(TYPES))
    return Entity(
        key=f"e{index}",
        label=draw(TEXT),
        type=kind,
        country=draw(st.sampled_from([None, "PRK", "RUS", "KOR"])),
        sector=draw(st.sampled_from([None, "GOV", "MIL"])),
        wikidata=draw(st.sampled_from([None, f"Q{100 + index}"])),
        aliases=tuple(draw(st.lists(TEXT, max_size=3))),
    )


@st.composite
def documents(draw: st.DrawFn, index: int) -> Document:
    # the index first keeps the slugs, hence the IRIs, of the documents apart
    optional = st.one_of(st.none(), TEXT)
    return Document(
        id=f"{index}{draw(TEXT)}",
        text="",
        title=draw(optional),
        author=draw(optional),
        date=draw(st.one_of(st.none(), st.just("2023-09-18"), TEXT)),
        url=draw(st.one_of(st.none(), st.just("https://example.org/a?b=c"), TEXT)),
        publisher=draw(optional),
    )


@st.composite
def corpora(draw: st.DrawFn) -> Corpus:
    actors = [draw(entities(i)) for i in range(draw(st.integers(2, 4)))]
    docs = [draw(documents(i)) for i in range(draw(st.integers(1, 2)))]
    lexicon = load_lexicon()
    claims = []
    for _ in range(draw(st.integers(1, 4))):
        subject, obj = draw(st.permutations(actors))[:2]
        sentence = draw(TEXT)
        start = draw(st.integers(0, 10_000))
        evidence = Evidence(
            document=draw(st.sampled_from(docs)).id,
            text=sentence,
            start=start,
            end=start + len(sentence),
            sentence=draw(st.integers(0, 500)),
            subject_mention=draw(TEXT),
            object_mention=draw(TEXT),
            subject_span=draw(st.one_of(st.none(), st.just((start, start + 3)))),
        )
        claims.append(
            Claim(
                subject=subject,
                relation=lexicon.relation(draw(st.sampled_from(RELATIONS))),
                object=obj,
                polarity=draw(st.sampled_from(("affirmed", "negated"))),
                modality=draw(st.sampled_from(("actual", "future", "hypothetical"))),
                attributed_to=draw(st.one_of(st.none(), st.sampled_from(actors))),
                date=draw(st.one_of(st.none(), st.just("2023-09-13"), TEXT)),
                confidence=draw(st.floats(0, 1, allow_nan=False)),
                role=draw(st.one_of(st.none(), TEXT)),
                evidence=(evidence,),
            )
        )
    return Corpus(documents=tuple(docs), claims=merge_claims(claims))


FORMATS = {
    "graph.ttl": ox.RdfFormat.TURTLE,
    "graph.trig": ox.RdfFormat.TRIG,
    "graph.jsonld": ox.RdfFormat.JSON_LD,
}


@PROPERTY_SETTINGS
@given(corpora())
def test_rdf_files_parse_and_give_back_every_value(corpus: Corpus) -> None:
    with tempfile.TemporaryDirectory() as name:
        out = Path(name)
        write_outputs(corpus, out)
        expected = roundtrip_form(corpus)
        dataset = to_dataset(corpus).serialize(format="ox-nquads", encoding="utf-8")
        quads = {str(q) for q in ox.parse(dataset, format=ox.RdfFormat.N_QUADS)}
        trig = {str(q) for q in ox.parse(path=out / "graph.trig", format=ox.RdfFormat.TRIG)}
        assert trig == quads
        for file, fmt in FORMATS.items():
            triples = {str(q.triple) for q in ox.parse(path=out / file, format=fmt)}
            assert triples == {
                str(q.triple) for q in ox.parse(path=out / "graph.trig", format=ox.RdfFormat.TRIG)
            }
            assert load_corpus(out / file) == expected, file
        json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))


@PROPERTY_SETTINGS
@given(corpora())
def test_graphml_parses_and_gives_back_xml_safe_values(corpus: Corpus) -> None:
    graph = nx.read_graphml(io.BytesIO(graphml_bytes(to_network(corpus))), force_multigraph=True)
    for entity in corpus.entities:
        # networkx reads an empty text element as a missing attribute
        assert graph.nodes[entity.key].get("label", "") == xml_safe(entity.label)
    for claim in corpus.claims:
        data = graph.edges[claim.subject.key, claim.object.key, claim.id]
        assert data.get("evidence", "") == xml_safe(claim.evidence[0].text)
        assert data["confidence"] == claim.confidence
        if claim.attributed_to is not None:
            assert data.get("attributed_to", "") == xml_safe(claim.attributed_to.label)


@PROPERTY_SETTINGS
@given(corpora())
def test_claims_jsonl_gives_back_every_value(corpus: Corpus) -> None:
    lines = "".join(line + "\n" for line in claim_lines(corpus)).encode("utf-8").split(b"\n")
    assert lines[-1] == b""
    records = {(r["id"], r["evidence"]["start"]): r for r in map(json.loads, lines[:-1])}
    for claim in corpus.claims:
        for evidence in claim.evidence:
            record = records[(claim.iri, evidence.start)]
            assert record["evidence"]["text"] == evidence.text
            assert record["subject"]["label"] == claim.subject.label
            assert record["subject"]["mention"] == evidence.subject_mention
            assert record["object"]["mention"] == evidence.object_mention
            assert record["document"] == evidence.document
            assert record["date"] == claim.date
            assert record.get("role") == claim.role


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_xml_safe_text_is_what_an_xml_parser_reads_back(text: str) -> None:
    import xml.etree.ElementTree as ET

    element = ET.Element("d")
    element.text = xml_safe(text)
    assert (ET.fromstring(ET.tostring(element, encoding="unicode")).text or "") == xml_safe(text)
