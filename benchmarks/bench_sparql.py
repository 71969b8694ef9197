"""Time every saved query on a generated graph of about a million triples, four ways:

- geokg: ``open_store`` (the file in memory; a query that names no graph runs on a store
  holding the merged default graph alone) and ``run_query`` (parameters given by name, looked
  up and bound), reading every row;
- raw pyoxigraph: a store prepared the same way, the same query text, the parameters already
  bound as terms (geokg/raw is what geokg's own layer costs);
- naive pyoxigraph: the file loaded as it is, its named graphs then copied into the default
  graph, the same query (what geokg's store layout saves);
- rdflib: its own in-memory ``Dataset`` (default union), the same query text and bindings,
  each query in a forked process that is stopped after --rdflib-limit seconds; its SPARQL
  parser is set up before (rdflib builds it on the first query, ~0.1 s that no query pays
  twice).

Each time is the best of --repeats runs.

The graph is built by geokg itself (``graph.rdf.to_dataset`` on a generated corpus), so it has
the shape of real output: entities with aliases, articles with metadata, claims with
polarity, modality, attribution and dates, evidence with selectors, one named graph per
article. Usage::

    python benchmarks/bench_sparql.py                 # ~1M triples
    python benchmarks/bench_sparql.py --size 4000     # a quick run
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing as mp
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.lexicon import load_lexicon  # noqa: E402
from graph.records import Claim, Corpus, Document, Entity, Evidence, merge_claims  # noqa: E402
from graph.sparql import PREFIXES, bind_params, list_saved, run_query  # noqa: E402
from graph.store import open_store  # noqa: E402

#: Relations drawn for claims, with weights roughly as they occur in news.
RELATIONS = {
    "meets": 12,
    "visits": 6,
    "phones": 2,
    "negotiatesWith": 3,
    "supports": 8,
    "praises": 5,
    "cooperatesWith": 6,
    "cooperatesMilitarilyWith": 3,
    "providesMilitaryAid": 3,
    "providesAid": 2,
    "signsAgreementWith": 2,
    "invites": 2,
    "appealsTo": 3,
    "comments": 4,
    "criticizes": 9,
    "accuses": 6,
    "rejects": 4,
    "threatens": 4,
    "sanctions": 3,
    "protestsAgainst": 2,
    "spokespersonFor": 1,
}
TYPES = [
    ("Person", "GOV", 40),
    ("Organization", "GOV", 25),
    ("MediaOrganization", "MED", 10),
    ("Group", None, 10),
    ("Country", None, 15),
]
WORDS = (
    "talks forces border envoy summit minister sanctions treaty missile trade aid troops "
    "statement official spokesman ceasefire embassy exercise pipeline vote council"
).split()


def generate(claims: int, seed: int = 7) -> Corpus:
    """A corpus with ``claims`` claims, claims/5.6 entities and as many articles (Zipf-like
    popularity: a few actors are in many claims, most in few)."""
    rng = random.Random(seed)
    lexicon = load_lexicon()
    n_entities = n_docs = max(40, claims * 10 // 56)
    countries = [f"C{i:02d}" for i in range(200)]
    entities = []
    for i in range(n_entities):
        kind, sector, _ = rng.choices(TYPES, weights=[t[2] for t in TYPES])[0]
        code = countries[i % len(countries)] if kind != "Country" else countries[i % 200]
        entities.append(
            Entity(
                key=f"actor-{i}",
                label=f"Actor {i}",
                type=kind,
                country=code,
                sector=sector,
                wikidata=f"Q{100000 + i}" if i % 3 == 0 else None,
                aliases=(f"A{i}", f"the {rng.choice(WORDS)} of {i}"),
            )
        )
    weights = [1 / (rank + 1) ** 0.8 for rank in range(n_entities)]
    documents = [
        Document(
            id=f"doc-{i:06d}",
            text="",
            title=f"Report {i} on {rng.choice(WORDS)}",
            author=f"Writer {i % 300}",
            date=f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
            publisher=f"Outlet {i % 50}",
            url=f"https://news.example/{i}",
        )
        for i in range(n_docs)
    ]
    relations = [lexicon.relation(key) for key in RELATIONS]
    out = []
    for i in range(claims):
        subject, obj = rng.choices(entities, weights=weights, k=2)
        if subject.key == obj.key:
            obj = entities[(int(obj.key.split("-")[1]) + 1) % n_entities]
        relation = rng.choices(relations, weights=list(RELATIONS.values()))[0]
        evidence = []
        for doc in rng.sample(documents, rng.choices((1, 2, 3), weights=(80, 15, 5))[0]):
            start = rng.randrange(0, 20000)
            text = f"Sentence {i}: " + " ".join(rng.choices(WORDS, k=14)) + "."
            evidence.append(
                Evidence(
                    document=doc.id,
                    text=text,
                    start=start,
                    end=start + len(text),
                    sentence=start // 120,
                    subject_mention=subject.label,
                    object_mention=obj.label,
                    subject_span=(start, start + 5),
                    object_span=(start + 20, start + 25),
                )
            )
        attributed = rng.choices(entities, weights=weights)[0] if rng.random() < 0.4 else None
        out.append(
            Claim(
                subject=subject,
                relation=relation,
                object=obj,
                polarity="negated" if rng.random() < 0.05 else "affirmed",
                modality=rng.choices(("actual", "future", "hypothetical"), weights=(85, 10, 5))[0],
                attributed_to=attributed,
                date=f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}" if rng.random() < 0.6 else None,
                confidence=round(rng.uniform(0.3, 0.95), 2),
                evidence=tuple(evidence),
            )
        )
    return Corpus(documents=tuple(documents), claims=merge_claims(out))


def parameters(rank: int = 0) -> dict[str, dict[str, str]]:
    """Parameters an analyst would give: the busiest actors, by name (``rank`` moves every
    actor that many places down the ranking: Actor 0 becomes Actor ``rank``)."""
    chosen = {
        "who-met-whom": {"actor": "Actor 0"},
        "cooperation": {"actor": "Actor 1"},
        "conflicts": {"actor": "Actor 0", "other": "Actor 1"},
        "claims-about": {"actor": "Actor 2"},
        "claims-by-source": {"source": "Actor 0"},
        "denials": {},
        "timeline": {"actor": "Actor 0", "other": "Actor 2"},
        "claim-articles": {"subject": "Actor 0", "relation": "meets"},
        "actors-by-sources": {},
        "actors": {"name": "Actor 12"},
        "actor-network": {"actor": "Actor 3"},
    }
    return {
        name: {
            key: re.sub(r"\d+$", lambda m: str(int(m.group()) + rank), value)
            for key, value in given.items()
        }
        for name, given in chosen.items()
    }


def best_of(repeats: int, work) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        count = work()
        times.append(time.perf_counter() - started)
    return min(times), count


def count_rows(result: Any) -> int:
    if isinstance(result, ox.QuerySolutions):
        return sum(1 for _ in result)
    if isinstance(result, ox.QueryTriples):
        return sum(1 for _ in result)
    if hasattr(result, "kind"):  # a geokg QueryResult
        return sum(1 for _ in (result.triples if result.kind == "graph" else result.rows))
    return len(list(result)) if not isinstance(result, bool) else 1


def _rdflib_child(conn: Any, dataset: Any, text: str, bindings: dict, repeats: int) -> None:
    for _ in range(repeats):
        started = time.perf_counter()
        rows = len(list(dataset.query(text, initBindings=bindings)))
        conn.send((time.perf_counter() - started, rows))


def time_rdflib(
    dataset: Any, text: str, bindings: dict, limit: float, repeats: int
) -> tuple[float | None, int]:
    """The best of ``repeats`` runs of a query in rdflib, in a forked process that is stopped
    when ``limit`` seconds have passed (the runs finished by then count)."""
    context = mp.get_context("fork")
    parent, child = context.Pipe()
    process = context.Process(target=_rdflib_child, args=(child, dataset, text, bindings, repeats))
    process.start()
    child.close()
    deadline = time.monotonic() + limit
    times, rows = [], 0
    while len(times) < repeats:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not parent.poll(remaining):
            break
        seconds, rows = parent.recv()
        times.append(seconds)
    process.kill()
    process.join()
    return (min(times), rows) if times else (None, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=28_000, help="claims (default: ~1M triples)")
    parser.add_argument("--repeats", type=int, default=3, help="best of N runs, for each engine")
    parser.add_argument("--rdflib-limit", type=float, default=120.0, metavar="S")
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument(
        "--rank",
        type=int,
        default=0,
        help="ask about actors this far down the ranking (default 0: the busiest)",
    )
    args = parser.parse_args()

    from graph.rdf import to_dataset

    started = time.perf_counter()
    corpus = generate(args.size)
    work = Path(tempfile.mkdtemp(prefix="geokg-bench-"))
    path = work / "graph.trig"
    to_dataset(corpus).serialize(destination=str(path), format="ox-trig")
    entities = len(corpus.entities)
    print(
        f"generated {len(corpus.claims)} claims, {entities} actors, "
        f"{len(corpus.documents)} articles in {time.perf_counter() - started:.1f} s"
    )
    params = parameters(args.rank)
    queries = [q for q in list_saved() if q.name in params]

    quads = sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TRIG))
    graphs = len({q.graph_name for q in ox.parse(path=str(path), format=ox.RdfFormat.TRIG)})
    started = time.perf_counter()
    store = open_store(path)
    print(
        f"{quads} quads in {graphs - 1} named graphs and the default graph; geokg load "
        f"{time.perf_counter() - started:.1f} s ({len(store.merged)} triples merged)"
    )
    started = time.perf_counter()
    raw = ox.Store()  # prepared as geokg does: the default graph alone, the merge of all graphs
    raw.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object)
        for q in ox.parse(path=str(path), format=ox.RdfFormat.TRIG)
    )
    print(f"raw pyoxigraph load {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    naive = ox.Store()  # the file as it is, its graphs then merged into the default graph
    naive.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
    naive.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    print(f"naive pyoxigraph load {time.perf_counter() - started:.1f} s")

    # The stores stay loaded and their runs alternate, so none gains from running later.
    results: dict[str, dict[str, Any]] = {q.name: {} for q in queries}
    bound: dict[str, dict] = {}
    for query in queries:
        given = params[query.name]
        bound[query.name] = subs = bind_params(store, query, given)
        runs: dict[str, list[float]] = {"geokg": [], "raw": [], "naive": []}
        counts: dict[str, int] = {}
        for _ in range(args.repeats):
            seconds, counts["geokg"] = best_of(
                1, lambda q=query, g=given, st=store: count_rows(run_query(st, q.text, params=g))
            )
            runs["geokg"].append(seconds)
            for name, other in (("raw", raw), ("naive", naive)):
                seconds, counts[name] = best_of(
                    1,
                    lambda q=query, s=subs, st=other: count_rows(
                        st.query(q.text, prefixes=PREFIXES, substitutions=s or None)
                    ),
                )
                runs[name].append(seconds)
        for name, times in runs.items():
            results[query.name][name] = (min(times), counts[name])
    del store, raw, naive
    gc.collect()

    if not args.skip_rdflib:
        from rdflib import Dataset, Literal, URIRef

        started = time.perf_counter()
        dataset = Dataset(default_union=True)
        dataset.parse(str(path), format="trig")
        print(f"rdflib load {time.perf_counter() - started:.1f} s")
        # rdflib imports and builds its SPARQL parser on the first query: done here, once, so
        # that no query's time includes it (the forked runs inherit it).
        started = time.perf_counter()
        dataset.query("ASK { ?s ?p ?o }").askAnswer  # noqa: B018
        print(f"rdflib first query (parser set-up) {time.perf_counter() - started:.2f} s")
        for query in queries:
            bindings = {}
            for var, term in bound[query.name].items():
                bindings[var.value] = (
                    URIRef(term.value) if isinstance(term, ox.NamedNode) else Literal(term.value)
                )
            seconds, rows = time_rdflib(
                dataset, query.text, bindings, args.rdflib_limit, args.repeats
            )
            results[query.name]["rdflib"] = (seconds, rows)
            if seconds is None:
                print(f"rdflib: {query.name} skipped after {args.rdflib_limit:g} s")

    print()
    print(
        f"{'query':<18} {'rows':>7} {'geokg ms':>9} {'raw ms':>8} {'rdflib ms':>10} "
        f"{'rdflib/geokg':>12} {'geokg/raw':>9} {'naive ms':>9}"
    )
    for query in queries:
        got = results[query.name]
        (geokg, rows), (rawt, raw_rows) = got["geokg"], got["raw"]
        naive_ms = got["naive"][0] * 1000
        line = f"{query.name:<18} {rows:>7} {geokg * 1000:>9.1f} {rawt * 1000:>8.1f} "
        if "rdflib" in got and got["rdflib"][0] is not None:
            seconds, rd_rows = got["rdflib"]
            mark = "" if rd_rows == rows else f"  (rdflib: {rd_rows} rows)"
            line += f"{seconds * 1000:>10.0f} {seconds / geokg:>11.0f}x "
        else:
            mark = ""
            line += f"{'> limit' if 'rdflib' in got else '-':>10} {'-':>12} "
        line += f"{geokg / rawt:>8.2f}x {naive_ms:>9.1f}"
        if raw_rows != rows:
            mark += f"  (raw: {raw_rows} rows)"
        print(line + mark)
    print(
        f"\n{quads} quads; {entities} actors; {len(corpus.claims)} claims; "
        f"{len(corpus.documents)} articles"
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
