"""Export speed on a synthetic corpus (default 10,000 claims), against Oxigraph's own dump.

    .venv/bin/python benchmarks/bench_export.py [CLAIMS]

Prints the time of each stage of ``write_outputs`` and of reading the files back, and the
ratio of geokg's sorted TriG to Oxigraph dumping the same Dataset unsorted (the fastest
possible writer, whose order depends on insertion order, so it cannot be used as is).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import networkx as nx  # noqa: E402
import pyoxigraph as ox  # noqa: E402
from corpus_samples import synthetic_corpus  # noqa: E402

from graph import export, network, rdf  # noqa: E402


def timed(label: str, func, *args):
    start, cpu = time.perf_counter(), time.process_time()
    result = func(*args)
    seconds = time.perf_counter() - start
    print(f"  {label:<40} {seconds:6.2f} s  (CPU {time.process_time() - cpu:5.2f} s)")
    return result, seconds


def main() -> int:
    claims = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    corpus = synthetic_corpus(claims)
    print(
        f"corpus: {len(corpus.claims)} claims, {len(corpus.entities)} actors, "
        f"{len(corpus.documents)} documents"
    )
    print("stages of write_outputs:")
    quads, _ = timed("build quads (corpus_quads)", rdf.corpus_quads, corpus)
    (ordered, triples), _ = timed("deduplicate and sort", export.sort_quads, quads)
    _, trig_seconds = timed("TriG", export.trig_bytes, ordered)
    timed("Turtle", export.turtle_bytes, triples)
    timed("JSON-LD", export.jsonld_bytes, triples)
    graph, _ = timed("network (PageRank, Louvain)", network.to_network, corpus)
    timed("GraphML", export.graphml_bytes, graph)
    timed("claims.jsonl", export.claim_lines, corpus)
    print(f"  ({len(ordered)} quads, {len(triples)} merged triples)")
    with tempfile.TemporaryDirectory() as name:
        out = Path(name)
        _, write_seconds = timed(
            "write_outputs, all files (fsync)", export.write_outputs, corpus, out
        )
        print("reading back:")
        for file, fmt in (
            ("graph.ttl", ox.RdfFormat.TURTLE),
            ("graph.trig", ox.RdfFormat.TRIG),
            ("graph.jsonld", ox.RdfFormat.JSON_LD),
        ):
            size = (out / file).stat().st_size / 1e6
            timed(
                f"pyoxigraph parse {file} ({size:.1f} MB)",
                lambda p, f: sum(1 for _ in ox.parse(path=p, format=f)),
                out / file,
                fmt,
            )
        timed("load_corpus(graph.trig)", rdf.load_corpus, out / "graph.trig")
        timed("networkx read_graphml", nx.read_graphml, out / "graph.graphml")
    print("baseline:")
    dataset, _ = timed("to_dataset (Oxigraph store)", rdf.to_dataset, corpus)
    _, raw = timed(
        "Oxigraph dump, unsorted TriG",
        lambda: dataset.serialize(format="ox-trig", encoding="utf-8"),
    )
    print(
        f"sorted TriG writer / unsorted dump: {trig_seconds / raw:.2f}x "
        f"(sorting itself is the 'deduplicate and sort' line)"
    )
    print(f"write_outputs: {write_seconds:.2f} s for {len(corpus.claims)} claims")
    return 0


if __name__ == "__main__":
    sys.exit(main())
