"""Time saved queries through ``geokg serve`` over HTTP, two ways, on the graph of
bench_sparql.py (about a million triples):

- the graph file served (each worker holds it in memory, as ``geokg query`` does);
- the same graph as an on-disk store directory (``geokg build --store``), opened read-only:
  the baseline, and how a graph file was served before workers held it in memory.

Each time is the best of --repeats requests, the answer read whole (JSON). Usage::

    python benchmarks/bench_serve.py                 # ~1M triples
    python benchmarks/bench_serve.py --size 4000     # a quick run
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_sparql import generate  # noqa: E402

from graph.server import Endpoint  # noqa: E402
from graph.sparql import list_saved  # noqa: E402
from graph.store import update_store  # noqa: E402

#: Saved queries timed with their parameters left out (the endpoint takes plain SPARQL), and
#: an analyst's own selective query.
TIMED = ("who-met-whom", "cooperation", "denials", "actors-by-sources")
SELECTIVE = """SELECT ?claim ?relation ?object ?sentence WHERE {
  ?claim rdf:subject ent:actor-0 ; rdf:predicate ?relation ; rdf:object ?object ;
         prov:wasDerivedFrom/oa:hasSelector/oa:exact ?sentence .
}"""


def best_of(url: str, text: str, repeats: int) -> tuple[float, int]:
    data = urllib.parse.urlencode({"query": text}).encode()
    times, size = [], 0
    for _ in range(repeats):
        request = urllib.request.Request(
            url, data=data, headers={"Accept": "application/sparql-results+json"}
        )
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=300) as response:
            size = len(response.read())
        times.append(time.perf_counter() - started)
    return min(times), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=28_000, help="claims (default: ~1M triples)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    from graph.rdf import to_dataset

    work = Path(tempfile.mkdtemp(prefix="geokg-bench-serve-"))
    try:
        path = work / "graph.trig"
        to_dataset(generate(args.size)).serialize(destination=str(path), format="ox-trig")
        update_store(work / "store", path)
        texts = {q.name: q.text for q in list_saved() if q.name in TIMED}
        texts["claims of actor-0"] = SELECTIVE
        times: dict[str, dict[str, float]] = {name: {} for name in texts}
        for label, graph in (("file", path), ("store", work / "store")):
            started = time.perf_counter()
            with Endpoint(graph, port=0, workers=1, timeout=300) as served:
                served.start()
                print(f"{label}: ready in {time.perf_counter() - started:.1f} s", flush=True)
                for name, text in texts.items():
                    times[name][label], _ = best_of(served.url, text, args.repeats)
        print(f"\n{'query':<18} {'file ms':>9} {'store ms':>9} {'store/file':>10}")
        for name, got in times.items():
            ratio = got["store"] / got["file"]
            file_ms, store_ms = got["file"] * 1000, got["store"] * 1000
            print(f"{name:<18} {file_ms:>9.1f} {store_ms:>9.1f} {ratio:>9.1f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
