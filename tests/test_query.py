"""Saved queries, parameters, result formats, stores and `geokg query`, on the sample graph of
tests/sparql_samples.py and on the seed build."""

from __future__ import annotations

import csv
import io
import json
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from sparql_samples import sample_store, sample_trig, write_samples

from graph.cli import main
from graph.errors import InputError, QueryError, UsageError
from graph.results import write_result
from graph.sparql import QueryTimeout, list_saved, load_query, parse_header, run_query
from graph.store import find_entity, open_store, reads_named_graphs, update_store

ENT = "https://w3id.org/geokg/entity/"
DOC = "https://w3id.org/geokg/doc/"


def rows(store: ox.Store, query: str, /, **params: str) -> list[dict[str, str]]:
    """The answer of a saved query as dicts of variable → lexical value (unbound left out)."""
    result = run_query(store, load_query(query).text, params=params)
    return [
        {v: t.value for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]


def triples(store: ox.Store, query: str, /, **params: str) -> set[tuple[str, str, str]]:
    result = run_query(store, load_query(query).text, params=params)
    return {(t.subject.value, t.predicate.value, t.object.value) for t in result.triples}


def said(answer: list[dict[str, str]], *keys: str) -> set[tuple[str, ...]]:
    return {tuple(row.get(k, "") for k in keys) for row in answer}


SPO = ("subjectLabel", "relationLabel", "objectLabel")


@pytest.fixture(scope="module", params=["trig", "ttl"])
def store(request: pytest.FixtureRequest) -> ox.Store:
    """The sample as named graphs (graph.trig) and merged into one graph (graph.ttl): every
    saved query must give the same answers on both."""
    return sample_store(merged=request.param == "ttl")


# ------------------------------------------------------------------- the saved queries


def test_saved_queries_have_headers_and_are_tested() -> None:
    queries = list_saved()
    names = {q.name for q in queries}
    for query in queries:
        path = Path("graph/queries") / f"{query.name}.rq"
        assert (Path(__file__).parent.parent / path).is_file(), query.name
        assert len(query.description) > 40, query.name
        for param in query.params:
            assert param.description, (query.name, param.name)
            assert f"?{param.name}" in query.text, (query.name, param.name)
    tested = {n.removeprefix("test_").replace("_", "-") for n in globals() if n.startswith("test_")}
    assert names <= tested, names - tested
    assert len(names) >= 10


def test_who_met_whom(store: ox.Store) -> None:
    answer = rows(store, "who-met-whom", actor="Kim Jong Un")
    assert said(answer, *SPO, "date") == {
        ("Kim Jong Un", "meets with", "Vladimir Putin", "2023-09-13"),
        ("Vladimir Putin", "meets with", "Kim Jong Un", "2023-09-13"),
        ("Kim Jong Un", "meets with", "Sergei Shoigu", "2023-09-16"),
        ("Kim Jong Un", "visits", "Russia", "2023-09-15"),
    }
    first = answer[0]
    assert first["articles"] == "2" and first["actor"] == ENT + "kim-jong-un"
    # a future visit (affirmed by KCNA, denied by Peskov) is not a meeting that took place
    assert not rows(store, "who-met-whom", actor="north-korea")
    assert len(rows(store, "who-met-whom")) == 4


def test_cooperation(store: ox.Store) -> None:
    answer = rows(store, "cooperation", actor="Pyongyang")
    assert said(answer, *SPO, "kind", "modality") == {
        ("North Korea", "supports", "Russia", "verbal", "actual"),
        ("North Korea", "cooperates militarily with", "Russia", "material", "actual"),
        ("North Korea", "provides military aid to", "Russia", "material", "actual"),
        ("Vladimir Putin", "visits", "North Korea", "verbal", "future"),
    }
    everything = said(rows(store, "cooperation"), *SPO)
    assert ("Kim Jong Un", "invites", "Vladimir Putin") in everything
    assert not any(rel == "criticizes" for _, rel, _ in everything)


def test_conflicts(store: ox.Store) -> None:
    pair = rows(store, "conflicts", actor="Pyongyang", other="Seoul")  # both directions
    assert said(pair, *SPO, "modality", "kind") == {
        ("South Korea", "criticizes", "North Korea", "actual", "verbal"),
        ("South Korea", "threatens", "North Korea", "hypothetical", "verbal"),
    }
    assert said(rows(store, "conflicts", actor="kim-jong-un"), *SPO) == {
        ('Mirotvorets "Peacemaker"', "accuses", "Kim Jong Un")
    }
    assert not rows(store, "conflicts", actor="Russia")


def test_claims_about(store: ox.Store) -> None:
    answer = rows(store, "claims-about", actor="Russia")
    assert len(answer) == 6
    denial = next(r for r in answer if r["polarity"] == "negated")
    assert denial["relationLabel"] == "provides military aid to"
    assert denial["attributedToLabel"] == "North Korea"
    assert denial["sentence"] == "Pyongyang and Moscow have both dismissed the claims."
    assert denial["article"].endswith("/doc/a3") and denial["published"] == "2023-09-21"
    support = next(r for r in answer if r["relationLabel"] == "supports")
    assert support["attributedToLabel"] == "Kim Jong Un" and support["date"] == "2023-09-13"
    assert [r["published"] for r in answer] == sorted(r["published"] for r in answer)
    # one row per piece of evidence: the meeting is written in two articles
    meetings = rows(store, "claims-about", actor="Vladimir Putin")
    assert sum(r["claim"].endswith("c000000000000001") for r in meetings) == 2


def test_claims_by_source(store: ox.Store) -> None:
    answer = rows(store, "claims-by-source", source="Korean Central News Agency")
    assert said(answer, *SPO, "modality") == {
        ("Kim Jong Un", "meets with", "Sergei Shoigu", "actual"),
        ("Kim Jong Un", "invites", "Vladimir Putin", "actual"),
        ("North Korea", "cooperates militarily with", "Russia", "actual"),
        ("Vladimir Putin", "visits", "North Korea", "future"),
    }
    assert "KCNA indicated" in next(
        r["sentence"] for r in answer if r["relationLabel"] == "invites"
    )
    assert all(r["source"] == ENT + "kcna" for r in answer)


def test_denials(store: ox.Store) -> None:
    answer = rows(store, "denials")
    assert said(answer, "deniedByLabel", *SPO, "contradicts", "affirmedBy") == {
        ("North Korea", "North Korea", "provides military aid to", "Russia", "1", "White House"),
        ("Dmitry Peskov", "Vladimir Putin", "visits", "North Korea", "1", "KCNA"),
        ("", "Yoon Suk Yeol", "meets with", "Kim Jong Un", "", ""),  # the article denies it
    }
    shells = next(r for r in answer if r["relationLabel"] == "provides military aid to")
    assert shells["contradicted"].endswith("c00000000000000b") and shells["articles"] == "1"
    peskov = rows(store, "denials", actor="Peskov")
    assert len(peskov) == 1 and peskov[0]["modality"] == "future"
    assert peskov[0]["sentence"].startswith("Peskov said Russia had no plans")
    assert len(rows(store, "denials", actor="Kim Jong Un")) == 1
    assert not rows(store, "denials", actor="South Korea")


def test_timeline(store: ox.Store) -> None:
    pair = rows(store, "timeline", actor="Kim Jong Un", other="Vladimir Putin")
    assert [(r["when"], r["subjectLabel"], r["relationLabel"]) for r in pair] == [
        ("2023-09-13", "Kim Jong Un", "meets with"),
        ("2023-09-13", "Vladimir Putin", "meets with"),
        ("2023-09-18", "Kim Jong Un", "invites"),  # undated: the article's date
    ]
    assert pair[0]["articles"] == "2" and pair[0]["firstReported"] == "2023-09-18"
    window = rows(store, "timeline", actor="kim-jong-un", since="2023-09-15", until="2023-09-16")
    assert said(window, "when", "relationLabel", "objectLabel") == {
        ("2023-09-15", "visits", "Russia"),
        ("2023-09-16", "meets with", "Sergei Shoigu"),
    }
    everyone = rows(store, "timeline", actor="Kim Jong Un")
    assert [r["when"] for r in everyone] == sorted(r["when"] for r in everyone)
    assert len(everyone) == 7


def test_claim_articles(store: ox.Store) -> None:
    answer = rows(
        store, "claim-articles", subject="Kim Jong Un", relation="consults", object="Putin"
    )
    assert said(answer, "article", "headline", "published", "authorName") == {
        (
            DOC + "a1",
            "North Korea Deepens Ties With Russia and China",
            "2023-09-18",
            "Angeline Tan",
        ),
        (DOC + "a2", "Kremlin: no plans yet for a Putin visit", "2023-09-20", ""),
    }
    a1 = next(r for r in answer if r["article"].endswith("a1"))
    assert (a1["start"], a1["end"], a1["url"]) == ("400", "470", "https://example.org/a1")
    by_id = rows(store, "claim-articles", claim="c00000000000000c")
    assert said(by_id, "polarity", "sentence") == {
        ("negated", "Pyongyang and Moscow have both dismissed the claims.")
    }


def test_actors_by_sources(store: ox.Store) -> None:
    answer = rows(store, "actors-by-sources")
    top = [(r["label"], r["articles"], r["claims"]) for r in answer[:3]]
    assert top == [("Kim Jong Un", "3", "8"), ("North Korea", "3", "8"), ("Russia", "3", "6")]
    assert answer[-1]["articles"] == "1"
    people = rows(store, "actors-by-sources", type="schema:Person")
    assert [r["label"] for r in people] == [
        "Kim Jong Un",
        "Vladimir Putin",
        "Dmitry Peskov",
        "Yoon Suk Yeol",  # 2 claims
        "Sergei Shoigu",  # 1 claim
    ]
    assert {r["class"] for r in people} == {"http://schema.org/Person"}


def test_actors(store: ox.Store) -> None:
    kims = rows(store, "actors", name="kim")
    assert [r["label"] for r in kims] == ["Kim Jong Un", "Kim Yo Jong"]
    assert kims[0]["wikidata"] == "http://www.wikidata.org/entity/Q56226"
    assert kims[0]["country"] == "PRK" and "the North Korean leader" in kims[0]["aliases"]
    assert len(rows(store, "actors")) == 12
    assert rows(store, "actors", name="Seoul")[0]["label"] == "South Korea"


def test_actor_network(store: ox.Store) -> None:
    network = triples(store, "actor-network", actor="Sergei Shoigu")
    assert (ENT + "kim-jong-un", GEO + "meets", ENT + "sergei-shoigu") in network
    assert (ENT + "sergei-shoigu", RDFS_LABEL, "Sergei Shoigu") in network
    everything = triples(store, "actor-network")
    relations = {p for _, p, _ in everything if p != RDFS_LABEL}
    assert GEO + "criticizes" in relations and GEO + "visits" in relations
    # negated and future claims are not in the truthy network
    assert (ENT + "vladimir-putin", GEO + "visits", ENT + "north-korea") not in everything


# ------------------------------------------------------------------------- parameters


def test_names_resolve_by_label_alias_key_and_iri() -> None:
    store = sample_store()
    kim = ENT + "kim-jong-un"
    for name in (
        "Kim Jong Un",
        "kim jong un",
        "the North Korean leader",
        "kim-jong-un",
        "Kim Jong-Un",
    ):
        assert find_entity(store, name).value == kim, name
    answer = rows(store, "who-met-whom", actor=f"<{kim}>")
    assert len(answer) == 4
    assert len(rows(store, "who-met-whom", actor="ent:kim-jong-un")) == 4
    with pytest.raises(UsageError, match="could be any of: kim-jong-un, kim-yo-jong"):
        find_entity(store, "Kim")
    with pytest.raises(UsageError, match="close: Vladimir Putin"):
        find_entity(store, "Vladimir Poutin")


@pytest.mark.parametrize(
    "value",
    ['x" } ; DROP ALL ; #', "Russia') } DELETE WHERE { ?s ?p ?o } #", "?actor", "<>", "\\"],
)
def test_parameters_are_inert(value: str) -> None:
    store = sample_store()
    before = len(store)
    # as a name: looked up as a literal, found nowhere
    with pytest.raises(UsageError, match="no entity called|not a valid|IRI"):
        rows(store, "who-met-whom", actor=value)
    # as a string parameter: a literal that matches nothing
    assert rows(store, "actors", name=value) == []
    # in an ad-hoc query, undeclared: typed from the value, never parsed as SPARQL
    text = "SELECT ?label ?name WHERE { ?e rdfs:label ?label FILTER(STR(?label) = STR(?name)) }"
    if value == "<>":  # read as an IRI, and refused
        with pytest.raises(UsageError, match="not a valid iri"):
            run_query(store, text, params={"name": value})
    else:
        assert list(run_query(store, text, params={"name": value}).rows) == []
    assert len(store) == before


def test_parameter_errors() -> None:
    store = sample_store()
    with pytest.raises(UsageError, match="needs --param actor"):
        rows(store, "claims-about")
    with pytest.raises(UsageError, match="unknown parameter 'who'; this query takes: actor"):
        rows(store, "claims-about", who="Russia")
    with pytest.raises(UsageError, match="not a valid date"):
        rows(store, "timeline", actor="Russia", since="2023-13-45")
    with pytest.raises(UsageError, match="no relation called"):
        rows(store, "claim-articles", relation="hugs")
    with pytest.raises(UsageError, match="SELECT clause"):
        run_query(store, "SELECT ?s WHERE { ?s ?p ?o }", params={"o": "x"})


def test_header_parsing() -> None:
    query = parse_header(
        "# name: demo\n# description: first line\n#   and the second\n"
        "# param: who (entity, optional) the actor,\n#   by name\n# param: day (date) a day\n"
        "SELECT ?who ?day WHERE { ?who ?p ?day }\n# param: late (string) ignored\n"
    )
    assert query.name == "demo" and query.description == "first line and the second"
    assert [(p.name, p.type, p.optional, p.description) for p in query.params] == [
        ("who", "entity", True, "the actor, by name"),
        ("day", "date", False, "a day"),
    ]
    with pytest.raises(UsageError, match="bad '# param:' line"):
        parse_header("# param: who (person) someone\nSELECT * {}")


def test_load_query_forms(tmp_path: Path) -> None:
    assert load_query("who-met-whom").name == "who-met-whom"
    path = tmp_path / "mine.rq"
    path.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    assert load_query(f"@{path}").name == "mine"
    assert load_query("ASK { ?s ?p ?o }").name == ""
    with pytest.raises(UsageError, match="did you mean who-met-whom"):
        load_query("who-met-who")
    with pytest.raises(UsageError, match="cannot read the query file"):
        load_query(f"@{tmp_path / 'missing.rq'}")


# -------------------------------------------------------------------- errors and limits


def test_malformed_query_reports_line_and_column() -> None:
    text = "SELECT ?s WHERE {\n  ?s geo:meets ?o .\n  OPTIONAL ?o\n}"
    with pytest.raises(QueryError) as caught:
        run_query(sample_store(), text)
    message = str(caught.value)
    assert 'line 3, column 12: expected "{"' in message
    assert message.endswith("  OPTIONAL ?o\n             ^")


def test_timeout_abandons_a_slow_query() -> None:
    part = "{{ SELECT ?{0} WHERE {{ ?{0} ?p{0} ?o{0} }} LIMIT 120 }}"
    slow = (
        "SELECT ?a WHERE { "
        + " ".join(part.format(v) for v in "adg")
        + ' FILTER(CONCAT(STR(?a), STR(?d), STR(?g)) = "none") }'
    )
    with pytest.raises(QueryTimeout, match="time limit of 0.2 s"):
        run_query(sample_store(), slow, timeout=0.2)
    # it gave up while the query still ran (in a helper thread that stops by itself)
    assert any(t.name == "geokg-query" for t in threading.enumerate())
    fast = run_query(sample_store(), "ASK { ?s geo:meets ?o }", timeout=5)
    assert fast.boolean is True


# --------------------------------------------------------------------------- formats


MIXED = """SELECT ?s ?o WHERE {
  VALUES (?s ?o) {
    (ent:a "plain, with \\"quotes\\"\\nand\\ta tab")
    (ent:b "Kim"@en)
    (ent:c "2023-09-13"^^xsd:date)
    (ent:d UNDEF)
    (ent:e 42)
  }
}"""


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_results_round_trip_through_oxigraph(fmt: str) -> None:
    store = sample_store()
    out = io.BytesIO()
    write_result(run_query(store, MIXED), fmt, out)
    parsed = ox.parse_query_results(out.getvalue(), ox.QueryResultsFormat.from_extension(fmt))
    expected = [tuple(s) for s in store.query(MIXED, prefixes=PREFIXES_FOR_TEST)]
    assert [tuple(s) for s in parsed] == expected


def test_csv_matches_oxigraph() -> None:
    store = sample_store()
    out = io.BytesIO()
    write_result(run_query(store, MIXED), "csv", out)
    native = store.query(MIXED, prefixes=PREFIXES_FOR_TEST).serialize(
        format=ox.QueryResultsFormat.CSV
    )
    assert out.getvalue() == native
    assert list(csv.reader(io.StringIO(out.getvalue().decode())))[1][1].startswith("plain, with")


def test_boolean_and_graph_formats() -> None:
    store = sample_store()
    out = io.BytesIO()
    write_result(run_query(store, "ASK { ?s geo:meets ?o }"), "json", out)
    assert json.loads(out.getvalue()) == {"head": {}, "boolean": True}
    construct = "CONSTRUCT WHERE { ?s geo:meets ?o }"
    for fmt, rdf in (
        ("turtle", ox.RdfFormat.TURTLE),
        ("ntriples", ox.RdfFormat.N_TRIPLES),
        ("jsonld", ox.RdfFormat.JSON_LD),
        ("rdfxml", ox.RdfFormat.RDF_XML),
    ):
        out = io.BytesIO()
        write_result(run_query(store, construct), fmt, out)
        assert len(set(ox.parse(out.getvalue(), rdf))) == 3, fmt
    with pytest.raises(UsageError, match="gives a graph"):
        write_result(run_query(store, construct), "csv", io.BytesIO())
    with pytest.raises(UsageError, match="gives a table"):
        write_result(run_query(store, "ASK {}"), "turtle", io.BytesIO())


# ---------------------------------------------------------------------------- stores


def test_every_file_format_gives_the_same_answers(tmp_path: Path) -> None:
    paths = write_samples(tmp_path)
    expected = said(rows(sample_store(), "who-met-whom", actor="Kim Jong Un"), *SPO, "date")
    for path in paths.values():
        store = open_store(path)
        assert said(rows(store, "who-met-whom", actor="Kim Jong Un"), *SPO, "date") == expected
    assert len(list(open_store(paths["trig"]).named_graphs())) == 3


def test_queries_that_name_graphs_see_each_article(tmp_path: Path) -> None:
    """A file is queried through its merged default graph; GRAPH and FROM still see each
    article's own graph (loaded when first named), and both give the same answers on one
    store, in either order."""
    paths = write_samples(tmp_path)
    per_article = """SELECT ?article (COUNT(DISTINCT ?claim) AS ?claims)
        WHERE { GRAPH ?article { ?claim a geo:Claim } } GROUP BY ?article ORDER BY ?article"""
    only_a3 = "SELECT (COUNT(DISTINCT ?claim) AS ?n) FROM doc:a3 WHERE { ?claim a geo:Claim }"
    everything = "SELECT (COUNT(DISTINCT ?claim) AS ?n) WHERE { ?claim a geo:Claim }"

    def answer(store: object, query: str) -> list[tuple[str, ...]]:
        return [tuple(t.value for t in row) for row in run_query(store, query).rows]

    store = open_store(paths["trig"])
    assert answer(store, everything) == [("16",)]
    assert answer(store, per_article) == [(DOC + "a1", "7"), (DOC + "a2", "4"), (DOC + "a3", "6")]
    assert answer(store, only_a3) == [("6",)]
    assert answer(store, everything) == [("16",)]
    assert len(store) == len(sample_store())  # the named graphs and their merge
    again = open_store(paths["nq"])
    assert answer(again, only_a3) == [("6",)]  # named first, then the default graph
    assert answer(again, everything) == [("16",)]
    merged = open_store(paths["ttl"])  # one graph: nothing to name
    assert answer(merged, per_article) == [] and answer(merged, everything) == [("16",)]


def test_only_queries_that_name_a_graph_need_the_named_graphs() -> None:
    assert not any(reads_named_graphs(q.text) for q in list_saved())
    assert not reads_named_graphs('SELECT * { ?s ex:graph ?graph FILTER(?s != "GRAPH") } # from')
    assert not reads_named_graphs("SELECT * { ?s <http://e/from#graph> '''FROM x''' }")
    for query in (
        "select * { graph ?g { ?s ?p ?o } }",
        "SELECT * WHERE{GRAPH?g{?s ?p ?o}}",
        "SELECT * FROM <http://e/g> { ?s ?p ?o }",
        'ASK { ?s ?p "a \\" graph" . GRAPH <g> {} }',
        "SELECT * # a comment\nFROM NAMED <g> { ?s ?p ?o }",
    ):
        assert reads_named_graphs(query), query
    assert reads_named_graphs("SELECT * {}", {"named_graphs": [ox.NamedNode("http://e/g")]})


def test_open_store_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        open_store(tmp_path / "missing.trig")
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(UsageError, match="unknown RDF file type '.txt'"):
        open_store(tmp_path / "notes.txt")
    with pytest.raises(UsageError, match="not an Oxigraph store"):
        open_store(tmp_path)
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n')
    with pytest.raises(InputError, match=r"bad.ttl: not valid Turtle: .*line 3"):
        open_store(bad)


def test_update_store_replaces_an_articles_graph(tmp_path: Path) -> None:
    paths = write_samples(tmp_path)
    store_dir = tmp_path / "store"
    update_store(store_dir, paths["trig"])
    first = len(open_store(store_dir))
    update_store(store_dir, paths["trig"])  # the same build again: nothing changes
    assert len(open_store(store_dir)) == first
    # a3 is rebuilt: one claim fewer, a new headline
    rebuilt = sample_trig().replace("Seoul condemns Moscow-Pyongyang arms talk", "Seoul speaks")
    rebuilt = rebuilt.replace("claim:c00000000000000e", "claim:c0000000000000ee")
    start = rebuilt.index("doc:a3 {")
    again = tmp_path / "again.trig"
    again.write_text(
        rebuilt[:start]
        + rebuilt[start:].replace("ent:mirotvorets geo:accuses ent:kim-jong-un .", ""),
        encoding="utf-8",
    )
    update_store(store_dir, again)
    store = open_store(store_dir)
    headlines = {r["headline"] for r in rows(store, "claim-articles", subject="Mirotvorets")}
    assert headlines == {"Seoul speaks"}
    ids = {r["claim"][-16:] for r in rows(store, "claims-about", actor="Kim Jong Un")}
    assert "c0000000000000ee" in ids and "c00000000000000e" not in ids
    assert len(list(store.named_graphs())) == 3


def test_update_store_from_a_dataset(tmp_path: Path) -> None:
    from oxrdflib import OxigraphStore
    from rdflib import Dataset

    dataset = Dataset(store=OxigraphStore(store=sample_store()))
    update_store(tmp_path / "store", dataset)
    assert len(rows(open_store(tmp_path / "store"), "denials")) == 3
    with pytest.raises(UsageError, match="not an Oxigraph store"):
        update_store(tmp_path, tmp_path / "store")


# ------------------------------------------------------------------------------- CLI


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_samples(tmp_path_factory.mktemp("sparql-samples"))


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_saved_query_table(sample_files: dict[str, Path]) -> None:
    code, out, err = invoke(
        "query", str(sample_files["trig"]), "who-met-whom", "--param", "actor=Kim Jong Un"
    )
    assert code == 0, err
    assert "Vladimir Putin" in out and "Sergei Shoigu" in out and "4 rows" in err
    assert "https://" not in out  # IRI columns that have labels are hidden


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_cli_result_formats(sample_files: dict[str, Path], fmt: str) -> None:
    code, out, err = invoke("query", str(sample_files["ttl"]), "denials", "-f", fmt)
    assert code == 0, err
    if fmt == "csv":  # lossy: Oxigraph does not read it back
        assert len(list(csv.DictReader(io.StringIO(out)))) == 3
        return
    parsed = list(ox.parse_query_results(out.encode(), ox.QueryResultsFormat.from_extension(fmt)))
    assert len(parsed) == 3


def test_cli_query_that_names_graphs(sample_files: dict[str, Path]) -> None:
    per_article = (
        "SELECT ?g (COUNT(DISTINCT ?c) AS ?n) "
        "WHERE { GRAPH ?g { ?c a geo:Claim ; rdf:subject ?who } ?who rdfs:label 'Kim Jong Un'@en } "
        "GROUP BY ?g ORDER BY ?g"
    )
    for name in ("trig", "nq"):
        code, out, err = invoke("query", str(sample_files[name]), per_article, "-f", "csv")
        assert code == 0, err
        assert out.split() == ["g,n", f"{DOC}a1,4", f"{DOC}a2,1"], name
    code, out, err = invoke("query", str(sample_files["ttl"]), per_article, "-f", "csv")
    assert code == 0 and out.split() == ["g,n"]  # one graph, nothing named


def test_open_store_told_what_the_queries_need(sample_files: dict[str, Path]) -> None:
    everything = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a geo:Claim }"
    named = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?c a geo:Claim } }"

    def count(store: object, query: str) -> str:
        return next(iter(run_query(store, query).rows))[0].value

    both = open_store(sample_files["trig"], named_graphs=True)
    assert both.merged is both.full  # one store: the named graphs and their merge
    assert (count(both, everything), count(both, named)) == ("16", "3")
    merged_only = open_store(sample_files["trig"], named_graphs=False)
    assert (count(merged_only, everything), count(merged_only, named)) == ("16", "0")


def test_cli_graph_formats(sample_files: dict[str, Path]) -> None:
    for fmt, rdf in (
        ("turtle", ox.RdfFormat.TURTLE),
        ("jsonld", ox.RdfFormat.JSON_LD),
        ("table", ox.RdfFormat.TURTLE),
    ):
        code, out, err = invoke(
            "query", str(sample_files["nq"]), "actor-network", "-f", fmt, "-p", "actor=Shoigu"
        )
        assert code == 0, err
        assert len(list(ox.parse(out.encode(), rdf))) == 3


def test_cli_list_and_errors(sample_files: dict[str, Path]) -> None:
    code, out, _ = invoke("query", "--list")
    assert code == 0
    for query in list_saved():
        assert query.name in out
    code, _, err = invoke("query", str(sample_files["trig"]), "SELECT * WHERE { ?s ?p }")
    assert code == 2 and "line 1, column" in err and "Traceback" not in err
    code, _, err = invoke("query", str(sample_files["trig"]), "who-met-whom", "-p", "actor")
    assert code == 2 and "NAME=VALUE" in err
    code, _, err = invoke("query", str(sample_files["trig"]), "who-met-whom", "-p", "actor=Kim")
    assert code == 2 and "could be any of" in err
    code, _, err = invoke("query", "missing.trig", "denials")
    assert code == 2 and "no such file" in err
    code, _, err = invoke("query", str(sample_files["trig"]))
    assert code == 2 and "give a GRAPH and a QUERY" in err


def test_cli_timeout_and_serve_usage(sample_files: dict[str, Path]) -> None:
    part = "{{ SELECT ?{0} WHERE {{ ?{0} ?p{0} ?o{0} }} LIMIT 120 }}"
    slow = (
        "SELECT ?a WHERE { "
        + " ".join(part.format(v) for v in "adg")
        + ' FILTER(CONCAT(STR(?a), STR(?d), STR(?g)) = "none") }'
    )
    code, _, err = invoke("query", str(sample_files["trig"]), slow, "--timeout", "0.2")
    assert code == 1 and "time limit of 0.2 s" in err
    code, _, err = invoke("serve", str(sample_files["trig"].with_suffix(".missing")))
    assert code == 2 and "no such file" in err


def test_cli_help_shows_a_runnable_example() -> None:
    code, out, _ = invoke("query", "--help")
    assert code == 0 and "geokg query output/graph.trig who-met-whom" in out


# ------------------------------------------------------------------- the seed build


@pytest.fixture(scope="module")
def seed(seed_output: Path) -> ox.Store:
    pytest.importorskip("graph.pipeline")
    return open_store(seed_output / "graph.trig")


@pytest.mark.slow
def test_seed_answers_what_an_analyst_asks(seed: ox.Store, seed_output: Path) -> None:
    met = said(rows(seed, "who-met-whom", actor="Kim Jong Un"), *SPO)
    assert ("Kim Jong Un", "meets with", "Vladimir Putin") in met
    assert {"Vladimir Putin", "Sergei Shoigu"} <= {o for _, _, o in met} | {s for s, _, _ in met}
    putin = next(
        r for r in rows(seed, "who-met-whom", actor="Putin") if r["objectLabel"] == "Vladimir Putin"
    )
    assert putin["date"] == "2023-09-13"

    partners = {r["objectLabel"] for r in rows(seed, "cooperation", actor="North Korea")}
    assert "Russia" in partners

    conflict = said(rows(seed, "conflicts", actor="South Korea", other="North Korea"), *SPO)
    assert any(s == "South Korea" and o == "North Korea" for s, _, o in conflict)

    about = rows(seed, "claims-about", actor="Kim Jong Un")
    meeting = next(
        r
        for r in about
        if r["relationLabel"] == "meets with" and r["objectLabel"] == "Vladimir Putin"
    )
    assert "Kim met Russian President Vladimir Putin" in meeting["sentence"]
    seed_doc = meeting["article"]  # the one article (its IRI is the slug of the file's id)
    assert seed_doc.startswith(DOC + "000") and meeting["published"] == "2023-09-18"

    kcna = said(rows(seed, "claims-by-source", source="KCNA"), *SPO)
    assert ("Kim Jong Un", "invites", "Vladimir Putin") in kcna

    denials = rows(seed, "denials")
    shells = [r for r in denials if r["relationLabel"] == "provides military aid to"]
    assert shells and {r["subjectLabel"] for r in shells} == {"North Korea"}
    assert "dismissed the claims" in shells[0]["sentence"]
    assert any(r.get("deniedByLabel") == "Dmitry Peskov" for r in denials)

    timeline = rows(seed, "timeline", actor="Kim Jong Un", other="Vladimir Putin")
    assert timeline[0]["when"] == "2023-09-13" and timeline[0]["relationLabel"] == "meets with"
    assert [r["when"] for r in timeline] == sorted(r["when"] for r in timeline)

    articles = rows(
        seed, "claim-articles", subject="Kim Jong Un", relation="meets", object="Vladimir Putin"
    )
    assert {(r["article"], r["headline"], r["authorName"]) for r in articles} == {
        (seed_doc, "North Korea Deepens Ties With Russia and China", "Angeline Tan")
    }

    ranked = [r["label"] for r in rows(seed, "actors-by-sources")]
    assert {"Kim Jong Un", "North Korea", "Russia"} <= set(ranked[:5])
    assert "Kim Jong Un" in {r["label"] for r in rows(seed, "actors", name="kim")}
    network = triples(seed, "actor-network", actor="Kim Jong Un")
    assert (ENT + "kim-jong-un", GEO + "meets", ENT + "vladimir-putin") in network

    # the same answers from graph.ttl, where everything is in one graph
    merged = open_store(seed_output / "graph.ttl")
    assert said(rows(merged, "who-met-whom", actor="Kim Jong Un"), *SPO) == met
    assert len(rows(merged, "denials")) == len(denials)


GEO = "https://w3id.org/geokg/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PREFIXES_FOR_TEST = {"ent": ENT, "xsd": "http://www.w3.org/2001/XMLSchema#"}
