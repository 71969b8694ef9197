"""Corpus → the actor network: a networkx MultiDiGraph with scalar attributes only.

Nodes are entity keys; each claim is one edge (key = claim id), whatever its polarity and
modality, so a viewer can show denials and plans too. The analytics describe what the
sources affirm as fact: PageRank, communities and the cooperation/conflict balance use the
truthy claims only (affirmed and actual); ``degree`` counts every claim.

Attributes that would be None are left out, so ``networkx.write_graphml`` takes the graph as
it is, and insertion is sorted, so the same corpus gives the same graph.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from .records import Claim, Corpus, Entity

#: Seed of the Louvain community detection (it is randomised; the seed makes it repeatable).
COMMUNITY_SEED = 7


def _scalars(**values: Any) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def _node_attributes(entity: Entity) -> dict[str, Any]:
    return _scalars(
        label=entity.label,
        type=entity.type,
        country=entity.country,
        sector=entity.sector,
        wikidata=entity.wikidata,
        iri=entity.iri,
    )


def _edge_attributes(claim: Claim) -> dict[str, Any]:
    relation = claim.relation
    evidence = claim.evidence[0].text if claim.evidence else None
    return _scalars(
        relation=relation.key,
        label=relation.label,
        cameo=relation.cameo,
        plover=relation.plover,
        quad_class=relation.quad_class,
        goldstein=float(relation.goldstein) if relation.goldstein is not None else None,
        polarity=claim.polarity,
        modality=claim.modality,
        date=claim.date,
        confidence=float(claim.confidence),
        sources=len({e.document for e in claim.evidence}),
        attributed_to=claim.attributed_to.label if claim.attributed_to else None,
        evidence=evidence,
        role=claim.role,
        iri=claim.iri,
    )


def to_network(corpus: Corpus) -> nx.MultiDiGraph:
    """The actor network of a corpus.

    Node attributes: label, type, country, sector, wikidata, iri, degree, pagerank,
    community (0 = the largest), cooperation and conflict (numbers of truthy claims of quad
    class 1–2 and 3–4 the actor takes part in) and balance ((cooperation − conflict) /
    (cooperation + conflict), 0.0 without any). Edge attributes: relation (key), label,
    cameo, plover, quad_class, goldstein, polarity, modality, date, confidence, sources
    (distinct documents), attributed_to (label), evidence (first sentence), role, iri.

    >>> from graph.records import Corpus
    >>> to_network(Corpus(documents=(), claims=())).number_of_nodes()
    0
    """
    graph = nx.MultiDiGraph()
    for entity in corpus.entities:
        graph.add_node(entity.key, **_node_attributes(entity))
    truthy = nx.DiGraph()
    truthy.add_nodes_from(graph.nodes)
    cooperation = dict.fromkeys(graph.nodes, 0)
    conflict = dict.fromkeys(graph.nodes, 0)
    for claim in sorted(corpus.claims, key=lambda c: c.id):
        source, target = claim.subject.key, claim.object.key
        graph.add_edge(source, target, key=claim.id, **_edge_attributes(claim))
        if not claim.truthy:
            continue
        weight = truthy.get_edge_data(source, target, {"weight": 0})["weight"]
        truthy.add_edge(source, target, weight=weight + 1)
        quad = claim.relation.quad_class
        tally = cooperation if quad in (1, 2) else conflict if quad in (3, 4) else None
        if tally is not None:
            tally[source] += 1
            if target != source:
                tally[target] += 1
    ranks = nx.pagerank(truthy, weight="weight") if len(truthy) else {}
    communities = _communities(truthy)
    for node, data in graph.nodes(data=True):
        coop, conf = cooperation[node], conflict[node]
        data.update(
            degree=graph.degree(node),
            pagerank=round(ranks.get(node, 0.0), 8),
            community=communities[node],
            cooperation=coop,
            conflict=conf,
            balance=round((coop - conf) / (coop + conf), 6) if coop + conf else 0.0,
        )
    return graph


def _communities(truthy: nx.DiGraph) -> dict[str, int]:
    """Louvain communities of the undirected truthy graph, numbered largest first."""
    undirected = nx.Graph()
    undirected.add_nodes_from(sorted(truthy.nodes))
    for source, target, data in sorted(truthy.edges(data=True)):
        if source == target:
            continue
        old = undirected.get_edge_data(source, target, {"weight": 0})["weight"]
        undirected.add_edge(source, target, weight=old + data["weight"])
    if undirected.number_of_edges() == 0:
        groups = [{node} for node in undirected.nodes]
    else:
        groups = nx.community.louvain_communities(undirected, weight="weight", seed=COMMUNITY_SEED)
    ordered = sorted((sorted(group) for group in groups), key=lambda g: (-len(g), g[0]))
    return {node: index for index, group in enumerate(ordered) for node in group}
