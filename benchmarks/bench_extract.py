"""Extraction throughput against bare spaCy parsing of the same text, in the same run.

Not a test: prints a table of sentences per second and the ratios the issue asks for.

    .venv/bin/python benchmarks/bench_extract.py [--sentences 3000] [--repeat 3] [--processes 2]

The corpus is made at run time (benchmarks/corpus.py): template sentences over gazetteer
actors and lexicon verbs, plus the seed article and gold sentences of ../shared/ when present
(``--no-shared`` leaves them out), grouped into articles of twelve sentences. Rows:

    spacy        graph.nlp.load_pipeline() → nlp.pipe over the texts (the parse geokg pays for)
    extract      graph.pipeline.extract_texts on one core (parse + resolution + extraction)
    corpus/1     graph.pipeline.extract_corpus on a JSONL file, one process (adds ingest, merge)
    corpus/N     the same with N worker processes

Each row is the best of ``--repeat`` runs after a warm-up; the model, gazetteer and lexicon
are loaded before timing (worker processes inherit them when the platform forks).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate_sentences, make_documents, shared_texts  # noqa: E402

from graph.nlp import load_pipeline  # noqa: E402
from graph.pipeline import extract_corpus, extract_texts  # noqa: E402
from graph.records import Document  # noqa: E402
from graph.settings import Settings  # noqa: E402


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The shortest wall-clock time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def write_jsonl(documents: list[Document], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for document in documents:
            handle.write(json.dumps({"id": document.id, "text": document.text}) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=3000, help="template sentences")
    parser.add_argument("--repeat", type=int, default=3, help="runs per row; the best is kept")
    parser.add_argument("--processes", type=int, default=2, help="workers for the corpus/N row")
    parser.add_argument("--no-shared", action="store_true", help="leave out ../shared texts")
    args = parser.parse_args()

    texts = generate_sentences(args.sentences, seed=0)
    extra = [] if args.no_shared else shared_texts()
    documents = make_documents(texts + extra)
    settings = Settings(quiet=True)
    one = Settings(quiet=True, processes=1)
    many = Settings(quiet=True, processes=args.processes)

    nlp = load_pipeline()
    plain = [d.text for d in documents]
    # warm-up: model, gazetteer, lexicon and the first batches
    extract_texts(documents[:20], settings)
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(plain, batch_size=settings.batch_size))

    def bare() -> None:
        for _ in nlp.pipe(plain, batch_size=settings.batch_size):
            pass

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.jsonl"
        write_jsonl(documents, path)
        rows = {
            "spacy": best_of(args.repeat, bare),
            "extract": best_of(args.repeat, lambda: extract_texts(documents, settings)),
            "corpus/1": best_of(args.repeat, lambda: extract_corpus([path], one)),
            f"corpus/{args.processes}": best_of(args.repeat, lambda: extract_corpus([path], many)),
        }
        claims = sum(len(c) for c in extract_texts(documents, settings))

    print(
        f"corpus: {len(documents)} documents, {sentences} sentences "
        f"({len(texts)} generated, {len(extra)} shared texts), {claims} claims; "
        f"best of {args.repeat}; {load_pipeline.__module__}.load_pipeline(): "
        f"{nlp.meta.get('name')} {nlp.meta.get('version')}"
    )
    print(f"{'row':<12}{'seconds':>10}{'sentences/s':>14}")
    for name, seconds in rows.items():
        print(f"{name:<12}{seconds:>10.3f}{sentences / seconds:>14.1f}")
    spacy, extract = rows["spacy"], rows["extract"]
    parallel = rows[f"corpus/{args.processes}"]
    print(f"extract / spacy (one core):        {spacy / extract:.2f}  (issue: >= 0.70)")
    print(f"corpus/{args.processes} / corpus/1 (processes):     {rows['corpus/1'] / parallel:.2f}")
    print(f"corpus/{args.processes} / extract:                  {extract / parallel:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
