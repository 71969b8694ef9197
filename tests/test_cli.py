"""The command line as a user meets it: hostile batches, exit codes, determinism, kills."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner

from graph.cli import main

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ("graph.ttl", "graph.trig", "graph.jsonld", "graph.graphml", "claims.jsonl", "graph.html")


def geokg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "graph", *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def claim_triples(out: Path) -> set[tuple[str, str, str]]:
    lines = (out / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    return {(r["subject"]["label"], r["relation"]["label"], r["object"]["label"]) for r in rows}


@pytest.fixture()
def hostile_batch(tmp_path: Path) -> Path:
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "good.txt").write_text("France criticized Iran on Tuesday.\n", encoding="utf-8")
    (batch / "empty.txt").write_text("   \n", encoding="utf-8")
    (batch / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (batch / "lines.jsonl").write_text(
        '{"id": "j1", "text": "Germany praised Poland for its help."}\n'
        "{broken json\n"
        '{"id": "j3"}\n',
        encoding="utf-8",
    )
    (batch / "windows.txt").write_bytes(
        "Chile condemned Peru \u201cagain\u201d in Lima.\n".encode("cp1252")
    )
    (batch / "utf16.txt").write_bytes("Kenya praised Uganda.\n".encode("utf-16"))
    (batch / "page.html").write_text(
        "<html><head><title>T</title><script>alert(1)</script></head>"
        "<body><nav>Home | News</nav><p>Japan criticized China &amp; Russia.</p></body></html>",
        encoding="utf-8",
    )
    return batch


def test_hostile_batch_skips_bad_inputs_in_one_line_each(hostile_batch: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = geokg("build", str(hostile_batch), "-o", str(out))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped:")]
    named = " ".join(skipped)
    assert len(skipped) == 4, result.stderr  # empty, binary, two bad JSONL lines
    assert "empty.txt" in named and "image.txt" in named
    assert "lines.jsonl:2" in named and "lines.jsonl:3" in named
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0
    triples = claim_triples(out)
    assert ("France", "criticizes", "Iran") in triples
    assert ("Germany", "praises", "Poland") in triples
    assert ("Chile", "criticizes", "Peru") in triples
    assert ("Kenya", "praises", "Uganda") in triples
    assert ("Japan", "criticizes", "China") in triples


def test_missing_input_is_a_usage_error_in_one_line(tmp_path: Path):
    result = geokg("build", str(tmp_path / "nope"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "nope" in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_bad_option_is_a_usage_error():
    result = geokg("build", "--no-such-option")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_two_builds_are_byte_identical(tmp_path: Path):
    runner = CliRunner()
    for name in ("a", "b"):
        result = runner.invoke(
            main, ["--quiet", "build", "data/articles", "-o", str(tmp_path / name), "--no-cache"]
        )
        assert result.exit_code == 0, result.output
    for name in OUTPUTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_cached_build_equals_a_cold_build(tmp_path: Path):
    runner = CliRunner()
    out = tmp_path / "out"
    for _ in range(2):  # second run reads every document from the cache
        result = runner.invoke(main, ["--quiet", "build", "data/articles", "-o", str(out)])
        assert result.exit_code == 0
    cold = tmp_path / "cold"
    runner.invoke(main, ["--quiet", "build", "data/articles", "-o", str(cold), "--rebuild"])
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (cold / name).read_bytes(), name


def test_extract_prints_claim_json_lines():
    result = CliRunner().invoke(main, ["--quiet", "extract", "data/articles", "--format", "jsonl"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows
    keys = {
        "id",
        "document",
        "subject",
        "relation",
        "object",
        "polarity",
        "modality",
        "attributed_to",
        "date",
        "confidence",
        "evidence",
    }
    for row in rows:
        assert keys <= set(row)
        assert row["polarity"] in ("affirmed", "negated")
        assert row["modality"] in ("actual", "future", "hypothetical")
        assert {"text", "start", "end", "sentence"} <= set(row["evidence"])


def test_every_command_shows_an_example_in_its_help():
    runner = CliRunner()
    for command in main.commands:
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Example" in result.output, command
    result = subprocess.run(
        [sys.executable, "-m", "graph", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0 and "build" in result.stdout


def _valid(out: Path) -> None:
    pyoxigraph.parse(path=str(out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    list(pyoxigraph.parse(path=str(out / "graph.trig"), format=pyoxigraph.RdfFormat.TRIG))
    list(pyoxigraph.parse(path=str(out / "graph.jsonld"), format=pyoxigraph.RdfFormat.JSON_LD))
    for line in (out / "claims.jsonl").read_text(encoding="utf-8").splitlines():
        json.loads(line)
    import networkx

    networkx.read_graphml(out / "graph.graphml")
    assert (out / "graph.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


@pytest.mark.slow
def test_a_killed_build_leaves_every_output_whole(tmp_path: Path):
    seed = next((ROOT / "data" / "articles").glob("*.txt")).read_text(encoding="utf-8")
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for number in range(40):
            handle.write(json.dumps({"id": f"doc{number}", "text": seed}) + "\n")
    out = tmp_path / "out"
    first = geokg("--quiet", "build", "data/articles", "-o", str(out), "--no-cache")
    assert first.returncode == 0
    before = {name: (out / name).read_bytes() for name in OUTPUTS}
    for delay in (0.5, 2.0, 4.0, 6.0):
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "graph",
                "--quiet",
                "build",
                str(corpus),
                "-o",
                str(out),
                "--no-cache",
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        _valid(out)
        leftovers = [p.name for p in out.iterdir() if p.name.startswith(".") and p.is_file()]
        assert not [n for n in leftovers if n.endswith(".tmp")], leftovers
    after = {name: (out / name).read_bytes() for name in OUTPUTS}
    # each file is either the old build or a whole new one, never a mix
    assert all(after[name] == before[name] or after[name] for name in OUTPUTS)
