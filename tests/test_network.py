"""The actor network: nodes, edges, analytics, determinism, GraphML."""

from __future__ import annotations

import io

import networkx as nx
import pytest
from corpus_samples import (
    KIM,
    NORTH_KOREA,
    RUSSIA,
    SOUTH_KOREA,
    sample_claims,
    sample_corpus,
    synthetic_corpus,
)

from graph.export import graphml_bytes
from graph.network import to_network
from graph.records import Corpus, merge_claims

SCALARS = (str, int, float, bool)


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return to_network(sample_corpus())


def test_nodes_are_entity_keys_with_scalar_attributes(graph: nx.MultiDiGraph) -> None:
    corpus = sample_corpus()
    assert list(graph.nodes) == [e.key for e in corpus.entities]
    kim = graph.nodes[KIM.key]
    assert kim["label"] == "Kim Jong Un" and kim["type"] == "Person"
    assert kim["country"] == "PRK" and kim["sector"] == "GOV" and kim["wikidata"] == "Q56226"
    assert kim["iri"] == KIM.iri
    for _, data in graph.nodes(data=True):
        assert all(isinstance(value, SCALARS) for value in data.values())
        assert {"degree", "pagerank", "community", "cooperation", "conflict", "balance"} <= set(
            data
        )
    assert "wikidata" not in graph.nodes["sergei-shoigu"]  # None is left out


def test_edges_are_claims_keyed_by_id(graph: nx.MultiDiGraph) -> None:
    corpus = sample_corpus()
    assert sorted(graph.edges(keys=True)) == sorted(
        (c.subject.key, c.object.key, c.id) for c in corpus.claims
    )
    supports = next(c for c in corpus.claims if c.relation.key == "supports")
    data = graph.edges[NORTH_KOREA.key, RUSSIA.key, supports.id]
    assert data["relation"] == "supports" and data["label"] == "supports"
    assert data["cameo"] == "050" and data["plover"] == "SUPPORT"
    assert data["quad_class"] == 1 and isinstance(data["goldstein"], float)
    assert data["polarity"] == "affirmed" and data["modality"] == "actual"
    assert data["date"] == "2023-09-13" and data["confidence"] == 0.9
    assert data["sources"] == 2 and data["attributed_to"] == "Kim Jong Un"
    assert data["evidence"] == supports.evidence[0].text
    for _, _, data in graph.edges(data=True):
        assert all(isinstance(value, SCALARS) for value in data.values())
    leader = next(d for _, _, d in graph.edges(data=True) if d["relation"] == "leaderOf")
    assert "cameo" not in leader and leader["role"] == "Supreme Leader"


def test_analytics_use_truthy_claims(graph: nx.MultiDiGraph) -> None:
    seoul = graph.nodes[SOUTH_KOREA.key]
    assert (seoul["cooperation"], seoul["conflict"], seoul["balance"]) == (0, 1, -1.0)
    # support (quad 1) and meetings count, the denied arms deliveries and the plan do not
    russia = graph.nodes[RUSSIA.key]
    assert russia["cooperation"] == 3 and russia["conflict"] == 0 and russia["balance"] == 1.0
    north_korea = graph.nodes[NORTH_KOREA.key]
    assert north_korea["conflict"] == 1 and north_korea["cooperation"] == 1
    assert north_korea["balance"] == 0.0
    assert north_korea["degree"] == 5
    assert sum(d["pagerank"] for _, d in graph.nodes(data=True)) == pytest.approx(1.0, abs=1e-6)
    communities = {d["community"] for _, d in graph.nodes(data=True)}
    assert communities == set(range(len(communities)))


def test_the_same_corpus_in_another_order_gives_the_same_graph() -> None:
    corpus = sample_corpus()
    shuffled = Corpus(
        documents=corpus.documents[::-1], claims=merge_claims(sample_claims()[::-1])[::-1]
    )
    first, second = to_network(corpus), to_network(shuffled)
    assert list(first.nodes(data=True)) == list(second.nodes(data=True))
    assert list(first.edges(keys=True, data=True)) == list(second.edges(keys=True, data=True))
    assert graphml_bytes(first) == graphml_bytes(second)


def test_communities_and_pagerank_on_a_larger_graph_are_repeatable() -> None:
    corpus = synthetic_corpus(400, entities=60, documents=20, seed=3)
    first, second = to_network(corpus), to_network(corpus)
    assert graphml_bytes(first) == graphml_bytes(second)
    assert max(d["community"] for _, d in first.nodes(data=True)) >= 1


def test_graphml_round_trip(graph: nx.MultiDiGraph) -> None:
    read = nx.read_graphml(io.BytesIO(graphml_bytes(graph)), force_multigraph=True)
    assert isinstance(read, nx.MultiDiGraph)
    assert list(read.nodes(data=True)) == list(graph.nodes(data=True))
    assert sorted(read.edges(keys=True, data=True)) == sorted(graph.edges(keys=True, data=True))


def test_an_empty_corpus_gives_an_empty_graph() -> None:
    graph = to_network(Corpus(documents=(), claims=()))
    assert graph.number_of_nodes() == 0
    assert nx.read_graphml(io.BytesIO(graphml_bytes(graph))).number_of_nodes() == 0
