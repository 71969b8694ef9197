"""Output files: parse in independent engines, same content as the Dataset, deterministic,
atomic; claims.jsonl follows the contract; GraphML reads back in networkx."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from corpus_samples import DOC_A, DOC_B, KIM, sample_claims, sample_corpus

from graph import export
from graph.export import claim_lines, write_atomic, write_outputs
from graph.ontology import ONTOLOGY_IRI
from graph.rdf import to_dataset
from graph.records import Corpus, merge_claims

ROOT = Path(__file__).resolve().parent.parent
FILES = ["graph.ttl", "graph.trig", "graph.jsonld", "graph.graphml", "claims.jsonl"]
FORMATS = {
    "graph.ttl": ox.RdfFormat.TURTLE,
    "graph.trig": ox.RdfFormat.TRIG,
    "graph.jsonld": ox.RdfFormat.JSON_LD,
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("out")
    write_outputs(sample_corpus(), directory, html="<!doctype html><title>g</title>")
    return directory


def dataset_quads(corpus: Corpus) -> list[ox.Quad]:
    """The quads the Dataset of ``to_dataset`` holds."""
    data = to_dataset(corpus).serialize(format="ox-nquads", encoding="utf-8")
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def test_write_outputs_writes_every_file(out: Path) -> None:
    assert sorted(p.name for p in out.iterdir()) == sorted([*FILES, "graph.html"])
    assert (out / "graph.html").read_text(encoding="utf-8").startswith("<!doctype html>")


def test_without_html_no_viewer_is_written(tmp_path: Path) -> None:
    written = write_outputs(sample_corpus(), tmp_path / "new" / "dir")
    assert [p.name for p in written] == FILES


def test_pyoxigraph_reads_what_the_dataset_holds(out: Path) -> None:
    # No blank nodes, so comparing sets of N-Quads lines compares the graphs (isomorphism).
    expected = dataset_quads(sample_corpus())
    trig = {str(q) for q in ox.parse(path=out / "graph.trig", format=ox.RdfFormat.TRIG)}
    assert trig == {str(q) for q in expected}
    for name in ("graph.ttl", "graph.jsonld"):
        triples = {str(q.triple) for q in ox.parse(path=out / name, format=FORMATS[name])}
        assert triples == {str(q.triple) for q in expected}, name


@pytest.mark.parametrize(
    ("name", "fmt"), [("graph.ttl", "turtle"), ("graph.trig", "trig"), ("graph.jsonld", "json-ld")]
)
def test_rdflib_parsers_read_the_same_triples(out: Path, name: str, fmt: str) -> None:
    dataset = rdflib.Dataset()
    dataset.parse(out / name, format=fmt)
    read = {(s.n3(), p.n3(), o.n3()) for s, p, o, _ in dataset.quads((None, None, None, None))}
    oxigraph = {
        tuple(rdflib.util.from_n3(str(term)).n3() for term in q.triple)
        for q in ox.parse(path=out / name, format=FORMATS[name])
    }
    assert read == oxigraph


def test_trig_has_one_named_graph_per_article_and_the_ontology_in_the_default_graph(
    out: Path,
) -> None:
    quads = list(ox.parse(path=out / "graph.trig", format=ox.RdfFormat.TRIG))
    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    assert graphs == {DOC_A.iri, DOC_B.iri}
    default = [q for q in quads if isinstance(q.graph_name, ox.DefaultGraph)]
    assert any(q.subject.value == ONTOLOGY_IRI for q in default)
    assert any(q.subject.value == KIM.iri for q in default)


def test_outputs_are_byte_identical_whatever_the_order_of_the_input(tmp_path: Path) -> None:
    corpus = sample_corpus()
    shuffled = Corpus(
        documents=corpus.documents[::-1], claims=merge_claims(sample_claims()[::-1])[::-1]
    )
    write_outputs(corpus, tmp_path / "a")
    write_outputs(corpus, tmp_path / "b")
    write_outputs(shuffled, tmp_path / "c")
    for name in FILES:
        first = (tmp_path / "a" / name).read_bytes()
        assert first == (tmp_path / "b" / name).read_bytes(), name
        assert first == (tmp_path / "c" / name).read_bytes(), name


def test_outputs_do_not_depend_on_the_process(tmp_path: Path) -> None:
    """Hash seeds and Oxigraph's internal maps differ between processes; the bytes may not."""
    script = (
        "import sys; sys.path.insert(0, 'tests'); from pathlib import Path;"
        "from corpus_samples import sample_corpus; from graph.export import write_outputs;"
        "write_outputs(sample_corpus(), Path(sys.argv[1]))"
    )
    for seed, name in (("1", "p1"), ("2", "p2")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / name)], cwd=ROOT, env=env, check=True
        )
    for name in FILES:
        assert (tmp_path / "p1" / name).read_bytes() == (tmp_path / "p2" / name).read_bytes()


def test_turtle_starts_with_geokg_prefixes_and_has_no_blank_nodes(out: Path) -> None:
    text = (out / "graph.ttl").read_text(encoding="utf-8")
    assert text.startswith("@prefix geo: <https://w3id.org/geokg/ontology#> .\n")
    assert "_:" not in text


def test_jsonld_is_compact_json_for_web_developers(out: Path) -> None:
    document = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    context = document["@context"]
    assert context["geo"] == "https://w3id.org/geokg/ontology#"
    assert context["label"] == {"@id": "rdfs:label", "@language": "en"}
    assert context["subject"] == {"@id": "rdf:subject", "@type": "@id"}
    nodes = {node["id"]: node for node in document["@graph"]}
    kim = nodes["ent:kim-jong-un"]
    assert kim["label"] == "Kim Jong Un" and kim["sameAs"] == "wd:Q56226"
    assert set(kim["type"]) == {"schema:Person", "geo:Actor"}
    position = next(n for key, n in nodes.items() if key.endswith("-position"))
    assert isinstance(position["start"], int)


def test_claims_jsonl_follows_the_contract(out: Path) -> None:
    lines = (out / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    records = [json.loads(line) for line in lines]
    corpus = sample_corpus()
    assert len(records) == sum(len(c.evidence) for c in corpus.claims)
    entity_keys = {"iri", "label", "type", "wikidata", "country", "sector", "mention"}
    for line, record in zip(lines, records, strict=True):
        assert line == json.dumps(record, ensure_ascii=False, sort_keys=True)
        assert {
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
        } <= set(record)
        assert set(record["subject"]) == entity_keys == set(record["object"])
        assert set(record["relation"]) == {
            "iri",
            "label",
            "cameo",
            "plover",
            "quad_class",
            "goldstein",
        }
        assert set(record["evidence"]) == {"text", "start", "end", "sentence"}
        assert record["polarity"] in ("affirmed", "negated")
        assert record["modality"] in ("actual", "future", "hypothetical")
        assert record["document"] in (DOC_A.id, DOC_B.id)
        if record["attributed_to"] is not None:
            assert set(record["attributed_to"]) == entity_keys
            assert record["attributed_to"]["mention"] is None
    supports = [r for r in records if r["relation"]["label"] == "supports"]
    assert {r["document"] for r in supports} == {DOC_A.id, DOC_B.id}
    assert {r["subject"]["mention"] for r in supports} == {"We", "Pyongyang"}
    assert supports[0]["attributed_to"]["label"] == "Kim Jong Un"
    leader = next(r for r in records if r["relation"]["label"] == "leader of")
    assert leader["role"] == "Supreme Leader" and leader["relation"]["cameo"] is None
    assert all("role" not in r for r in records if r is not leader)


def test_claim_lines_are_what_claims_jsonl_holds(out: Path) -> None:
    text = (out / "claims.jsonl").read_text(encoding="utf-8")
    assert text == "".join(line + "\n" for line in claim_lines(sample_corpus()))


def test_graphml_reads_back_in_networkx(out: Path) -> None:
    from graph.network import to_network

    graph = to_network(sample_corpus())
    read = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    assert list(read.nodes) == list(graph.nodes)
    assert sorted(read.edges(keys=True)) == sorted(graph.edges(keys=True))
    for node, data in graph.nodes(data=True):
        assert read.nodes[node] == data
    for source, target, key, data in graph.edges(keys=True, data=True):
        assert read.edges[source, target, key] == data


# ------------------------------------------------------------------------ atomic writes


def test_write_atomic_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("failing", ["replace", "fsync", "write"])
def test_write_atomic_leaves_the_old_file_whole_when_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "claims.jsonl"
    target.write_bytes(b"old content\n")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if failing == "write":  # half the bytes reach the disk, then it is full
        real_fdopen = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda fd, mode: _HalfWriter(real_fdopen(fd, mode)))
    else:
        monkeypatch.setattr(os, failing, boom)
    with pytest.raises(OSError):
        write_atomic(target, b"new content\n" * 1000)
    monkeypatch.undo()
    assert target.read_bytes() == b"old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.jsonl"]


class _HalfWriter:
    """A file that writes half of what it is given, then fails as a full disk does."""

    def __init__(self, handle) -> None:
        self.handle = handle

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise OSError(28, "No space left on device")


def test_a_failed_export_leaves_every_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_outputs(sample_corpus(), tmp_path)
    before = {name: (tmp_path / name).read_bytes() for name in FILES}

    def fail(*args: object) -> bytes:
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(export, "graphml_bytes", fail)
    smaller = replace(sample_corpus(), claims=sample_corpus().claims[:2])
    with pytest.raises(RuntimeError):
        write_outputs(smaller, tmp_path)
    assert {name: (tmp_path / name).read_bytes() for name in FILES} == before


def test_a_killed_writer_leaves_the_old_file_or_the_new_one(tmp_path: Path) -> None:
    """SIGKILL a process that rewrites a file in a loop; the file is always one whole version."""
    target = tmp_path / "graph.trig"
    versions = [bytes([65 + i]) * 3_000_000 for i in range(3)]
    target.write_bytes(versions[0])
    script = (
        "import sys; from pathlib import Path; from graph.export import write_atomic\n"
        "versions = [bytes([65 + i]) * 3_000_000 for i in range(3)]\n"
        "i = 0\n"
        "while True:\n"
        "    i += 1\n"
        "    write_atomic(Path(sys.argv[1]), versions[i % 3])\n"
    )
    for delay in (0.3, 0.55, 0.8):
        child = subprocess.Popen([sys.executable, "-c", script, str(target)], cwd=ROOT)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert target.read_bytes() in versions
