"""Incremental builds: rebuild time of a corpus with one article changed, against a cold build.

    python benchmarks/bench_incremental.py [--articles 1000]

Writes a generated corpus of news-style articles to a temporary directory (one JSONL file a
hundred articles), then in the same run times: a cold build (empty cache), a warm rebuild with
nothing changed, and a rebuild after one article changed. Prints seconds and the ratios to the
cold build. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from graph.pipeline import build
from graph.settings import Settings

STATES = [
    "France",
    "Germany",
    "Japan",
    "India",
    "Brazil",
    "Kenya",
    "Egypt",
    "Turkey",
    "Iran",
    "Poland",
    "Chile",
    "Peru",
    "Canada",
    "Mexico",
    "Nigeria",
    "Vietnam",
    "Israel",
    "Qatar",
]
VERBS = [
    "criticized",
    "praised",
    "met",
    "accused",
    "threatened",
    "welcomed",
    "sanctioned",
    "invited",
    "condemned",
    "supported",
]
FILLER = [
    "Officials gave no further details.",
    "The statement came after weeks of tension in the region.",
    "Analysts said the move was expected.",
    "Markets were calm on the news.",
]


def article(number: int, rng: random.Random) -> dict[str, str]:
    sentences = []
    for _ in range(8):
        a, b = rng.sample(STATES, 2)
        sentences.append(f"{a} {rng.choice(VERBS)} {b} on Tuesday.")
        sentences.append(rng.choice(FILLER))
    return {
        "id": f"a{number:05d}",
        "text": " ".join(sentences),
        "date": "2024-03-14",
        "title": f"Report {number}",
    }


def write_corpus(folder: Path, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    rows = [article(n, rng) for n in range(count)]
    paths = []
    for start in range(0, count, 100):
        path = folder / f"part{start // 100:03d}.jsonl"
        path.write_text(
            "".join(json.dumps(r) + "\n" for r in rows[start : start + 100]), encoding="utf-8"
        )
        paths.append(path)
    return paths


def timed(inputs: list[Path], out: Path, cache: Path, **kwargs) -> tuple[float, int]:
    start = time.perf_counter()
    report = build(inputs, out, Settings(quiet=True, cache_dir=cache), **kwargs)
    return time.perf_counter() - start, report.parsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs = write_corpus(folder, args.articles)
        out, cache = folder / "out", folder / "cache"
        timed(inputs[:1], folder / "warmup", folder / "warmup-cache")  # load the model once
        cold, cold_parsed = timed(inputs, out, cache)
        warm, warm_parsed = timed(inputs, out, cache)
        rows = [json.loads(line) for line in inputs[0].read_text(encoding="utf-8").splitlines()]
        rows[0]["text"] += " Spain praised Portugal on Monday."
        inputs[0].write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        one, one_parsed = timed(inputs, out, cache)
    print(f"incremental builds, {args.articles} articles")
    print(f"{'build':<28}{'seconds':>10}{'parsed':>8}{'ratio to cold':>15}")
    for name, seconds, parsed in (
        ("cold (empty cache)", cold, cold_parsed),
        ("warm (nothing changed)", warm, warm_parsed),
        ("one article changed", one, one_parsed),
    ):
        print(f"{name:<28}{seconds:>10.2f}{parsed:>8}{seconds / cold:>15.3f}")


if __name__ == "__main__":
    main()
