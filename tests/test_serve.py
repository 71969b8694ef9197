"""`geokg serve`: the SPARQL 1.1 Protocol, content negotiation, read-only, time limits, CORS,
concurrency and the query page, on the sample graph of tests/sparql_samples.py (loopback only)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest
from sparql_samples import write_samples
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    POST,
    POSTDIRECTLY,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)

from graph.errors import InputError, UsageError
from graph.server import Endpoint, default_workers
from graph.store import update_store
from graph.workers import NotAcceptable, negotiate

ENT = "https://w3id.org/geokg/entity/"
MEETINGS = "SELECT ?s ?o WHERE { ?s geo:meets ?o } ORDER BY ?s ?o"
DISTINCT_MEETINGS = "SELECT DISTINCT ?s ?o WHERE { ?s geo:meets ?o } ORDER BY ?s ?o"
EXPECTED = [
    (ENT + "kim-jong-un", ENT + "sergei-shoigu"),
    (ENT + "kim-jong-un", ENT + "vladimir-putin"),
    (ENT + "vladimir-putin", ENT + "kim-jong-un"),
]
CONSTRUCT = "CONSTRUCT { ?s geo:meets ?o } WHERE { ?s geo:meets ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_samples(tmp_path_factory.mktemp("serve-samples"))


@pytest.fixture(scope="module")
def endpoint(files: dict[str, Path]):
    with Endpoint(files["trig"], port=0, timeout=2.0, workers=3) as served:
        served.start()
        yield served


def fetch(
    url: str,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def get(endpoint: Endpoint, query: str, accept: str = "*/*", **params: str):
    qs = urllib.parse.urlencode({"query": query, **params})
    return fetch(f"{endpoint.url}?{qs}", headers={"Accept": accept})


def pairs(solutions) -> list[tuple[str, str]]:
    return [(s["s"].value, s["o"].value) for s in solutions]


def test_bound_to_loopback(endpoint: Endpoint) -> None:
    assert endpoint.url.startswith("http://127.0.0.1:")


# ----------------------------------------------------------------- standard clients


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select(endpoint: Endpoint, fmt: str) -> None:
    client = SPARQLWrapper(endpoint.url)
    client.setQuery(DISTINCT_MEETINGS)
    client.setReturnFormat(fmt)
    result = client.query().convert()
    if fmt == JSON:
        got = [(b["s"]["value"], b["o"]["value"]) for b in result["results"]["bindings"]]
    elif fmt == XML:
        got = [
            tuple(u.firstChild.data for u in r.getElementsByTagName("uri"))
            for r in result.getElementsByTagName("result")
        ]
    elif fmt == CSV:
        got = [(row["s"], row["o"]) for row in csv.DictReader(io.StringIO(result.decode()))]
    else:
        got = pairs(ox.parse_query_results(result, ox.QueryResultsFormat.TSV))
    assert got == EXPECTED


@pytest.mark.parametrize("method", [URLENCODED, POSTDIRECTLY])
def test_sparqlwrapper_post_and_ask(endpoint: Endpoint, method: str) -> None:
    client = SPARQLWrapper(endpoint.url)
    client.setMethod(POST)
    client.setRequestMethod(method)
    client.setQuery("ASK { ent:kim-jong-un geo:meets ent:vladimir-putin }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


@pytest.mark.parametrize("fmt", [TURTLE, JSONLD, XML])
def test_sparqlwrapper_construct(endpoint: Endpoint, fmt: str) -> None:
    client = SPARQLWrapper(endpoint.url)
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(fmt)
    result = client.query().convert()
    if fmt == TURTLE:
        triples = list(ox.parse(result, ox.RdfFormat.TURTLE))
        got = sorted((t.subject.value, t.object.value) for t in triples)
    else:  # an rdflib Graph
        got = sorted((str(s), str(o)) for s, _, o in result)
    assert got == EXPECTED


# ----------------------------------------------------------------------- plain HTTP


@pytest.mark.parametrize(
    ("accept", "media", "fmt"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "application/sparql-results+xml", "xml"),
        ("text/tab-separated-values", "text/tab-separated-values", "tsv"),
        ("text/html;q=0.5, application/json", "application/sparql-results+json", "json"),
    ],
)
def test_get_negotiates_results(endpoint: Endpoint, accept: str, media: str, fmt: str) -> None:
    status, headers, body = get(endpoint, DISTINCT_MEETINGS, accept)
    assert status == 200 and headers["Content-Type"].startswith(media)
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert pairs(ox.parse_query_results(body, ox.QueryResultsFormat.from_extension(fmt))) == (
        EXPECTED
    )


def test_csv_and_format_parameter(endpoint: Endpoint) -> None:
    status, headers, body = get(endpoint, DISTINCT_MEETINGS, "text/csv")
    assert status == 200 and headers["Content-Type"] == "text/csv; charset=utf-8"
    assert [tuple(r) for r in csv.reader(io.StringIO(body.decode()))][1:] == EXPECTED
    status, headers, body = get(endpoint, DISTINCT_MEETINGS, "text/csv", format="json")
    assert headers["Content-Type"] == "application/sparql-results+json"
    assert len(json.loads(body)["results"]["bindings"]) == 3


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("*/*", ox.RdfFormat.TURTLE),
    ],
)
def test_construct_negotiates_graphs(endpoint: Endpoint, accept: str, fmt: ox.RdfFormat) -> None:
    status, headers, body = get(endpoint, CONSTRUCT, accept)
    assert status == 200 and headers["Content-Type"].startswith(fmt.media_type)
    got = sorted((t.subject.value, t.object.value) for t in ox.parse(body, fmt))
    assert got == EXPECTED


def test_both_post_forms(endpoint: Endpoint) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    form = urllib.parse.urlencode({"query": DISTINCT_MEETINGS}).encode()
    status, _, body = fetch(
        endpoint.url, form, {**accept, "Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3
    status, _, body = fetch(
        endpoint.url,
        DISTINCT_MEETINGS.encode(),
        {**accept, "Content-Type": "application/sparql-query; charset=utf-8"},
    )
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3


def test_graphs_of_the_protocol(endpoint: Endpoint) -> None:
    """The default graph is the merge of all; default-graph-uri and named-graph-uri narrow it."""
    status, _, body = get(endpoint, MEETINGS, "application/sparql-results+json")
    assert len(json.loads(body)["results"]["bindings"]) == 3  # in 2 articles, counted once
    a2 = "https://w3id.org/geokg/doc/a2"
    status, _, body = get(endpoint, MEETINGS, "application/json", **{"default-graph-uri": a2})
    assert [b["o"]["value"] for b in json.loads(body)["results"]["bindings"]] == [
        ENT + "vladimir-putin"
    ]
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s geo:meets ?o } } ORDER BY ?g"
    status, _, body = get(endpoint, named, "application/json")
    assert [b["g"]["value"][-2:] for b in json.loads(body)["results"]["bindings"]] == ["a1", "a2"]


def test_updates_are_refused(endpoint: Endpoint) -> None:
    update = "DELETE WHERE { ?s ?p ?o }"
    status, _, body = fetch(
        endpoint.url,
        urllib.parse.urlencode({"update": update}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 403 and b"read-only" in body
    status, _, body = fetch(
        endpoint.url, update.encode(), {"Content-Type": "application/sparql-update"}
    )
    assert status == 403
    status, _, body = get(endpoint, update)  # an update sent as a query does not parse
    assert status == 400
    status, _, body = get(endpoint, "ASK { ?s ?p ?o }", "application/json")
    assert json.loads(body)["boolean"] is True


def test_bad_requests(endpoint: Endpoint) -> None:
    status, _, body = get(endpoint, "SELECT * WHERE { ?s ?p }")
    assert status == 400 and b"line 1, column" in body
    status, _, body = get(endpoint, DISTINCT_MEETINGS, "image/png")
    assert status == 406 and b"text/csv" in body
    status, _, _ = fetch(endpoint.url)
    assert status == 400
    status, _, _ = fetch(endpoint.url, b"query=x", {"Content-Type": "text/plain"})
    assert status == 415
    status, _, _ = fetch(endpoint.url.replace("/sparql", "/nothing"))
    assert status == 404
    status, _, body = get(endpoint, "ASK {}", **{"default-graph-uri": "not an iri"})
    assert status == 400 and b"cannot run" in body


def test_cors_preflight(endpoint: Endpoint) -> None:
    status, headers, _ = fetch(
        endpoint.url,
        method="OPTIONS",
        headers={"Origin": "http://example.org", "Access-Control-Request-Method": "POST"},
    )
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in headers["Access-Control-Allow-Headers"]


def test_query_page(endpoint: Endpoint) -> None:
    status, headers, body = fetch(endpoint.url.removesuffix("sparql"))
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<textarea" in page and "who-met-whom" in page and "actors-by-sources" in page
    assert "innerHTML" not in page and ".textContent" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing from the network
    assert "connect-src 'self'" in headers["Content-Security-Policy"]


def test_large_results_are_streamed_from_a_spool_file(endpoint: Endpoint) -> None:
    big = (
        "SELECT ?a ?d WHERE { { SELECT ?a WHERE { ?a ?b ?c } LIMIT 300 } "
        "{ SELECT ?d WHERE { ?d ?e ?f } LIMIT 300 } }"
    )
    status, headers, body = get(endpoint, big, "application/sparql-results+json")
    assert status == 200 and int(headers["Content-Length"]) > 4 * 1024 * 1024
    assert len(json.loads(body)["results"]["bindings"]) == 90_000


# ------------------------------------------------------------------ limits and load


def test_runaway_query_is_cut_off_while_others_are_answered(endpoint: Endpoint) -> None:
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["reply"] = get(endpoint, RUNAWAY, "application/json")
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    status, _, body = get(endpoint, DISTINCT_MEETINGS, "application/json")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3
    assert thread.is_alive()  # answered while the runaway query was still running
    thread.join(30)
    status, _, body = outcome["reply"]  # type: ignore[misc]
    assert status == 503 and b"time limit of 2 s" in body
    assert outcome["seconds"] >= 2  # type: ignore[operator]
    for _ in range(5):  # the killed worker is replaced; every query is answered
        assert get(endpoint, "ASK { ?s ?p ?o }", "application/json")[0] == 200


def test_400_concurrent_queries(endpoint: Endpoint) -> None:
    def one(i: int) -> tuple[int, int]:
        query = f"SELECT DISTINCT ?s ?o ({i} AS ?i) WHERE {{ ?s geo:meets ?o }}"
        status, _, body = get(endpoint, query, "application/sparql-results+json")
        bindings = json.loads(body)["results"]["bindings"] if status == 200 else []
        ok = len(bindings) == 3 and all(b["i"]["value"] == str(i) for b in bindings)
        return status, ok

    with ThreadPoolExecutor(max_workers=400) as pool:
        answers = list(pool.map(one, range(400)))
    assert answers == [(200, True)] * 400


# ------------------------------------------------------------------ stores and CLI


def test_serves_a_store_directory_and_every_file_format(
    files: dict[str, Path], tmp_path: Path
) -> None:
    update_store(tmp_path / "store", files["trig"])
    for graph in (tmp_path / "store", files["ttl"], files["jsonld"]):
        with Endpoint(graph, port=0, workers=1) as served:
            served.start()
            _, _, body = get(served, DISTINCT_MEETINGS, "text/tab-separated-values")
            assert pairs(ox.parse_query_results(body, ox.QueryResultsFormat.TSV)) == EXPECTED


def test_a_served_store_shows_a_build_added_to_it(files: dict[str, Path], tmp_path: Path) -> None:
    """`geokg build --store DIR` into a store that `geokg serve DIR` has open: the next
    queries see the new article, with no restart."""
    store = tmp_path / "store"
    update_store(store, files["trig"])
    later = tmp_path / "later.trig"
    later.write_text(
        "PREFIX ent: <https://w3id.org/geokg/entity/>\n"
        "PREFIX geo: <https://w3id.org/geokg/ontology#>\n"
        "<https://w3id.org/geokg/doc/a4> { ent:sergei-shoigu geo:meets ent:kim-jong-un . }\n",
        encoding="utf-8",
    )
    with Endpoint(store, port=0, workers=2) as served:
        served.start()
        _, _, body = get(served, DISTINCT_MEETINGS, "text/tab-separated-values")
        assert pairs(ox.parse_query_results(body, ox.QueryResultsFormat.TSV)) == EXPECTED
        update_store(store, later)
        for _ in range(4):  # every worker, each in turn
            status, _, body = get(served, DISTINCT_MEETINGS, "text/tab-separated-values")
            got = pairs(ox.parse_query_results(body, ox.QueryResultsFormat.TSV))
            assert status == 200 and got == sorted(
                [*EXPECTED, (ENT + "sergei-shoigu", ENT + "kim-jong-un")]
            )


def test_serve_rejects_a_missing_graph(tmp_path: Path) -> None:
    temp = Path(tempfile.gettempdir())
    before = set(temp.glob("geokg-serve-*"))
    with pytest.raises(UsageError, match="no such file"):
        Endpoint(tmp_path / "missing.trig", port=0)
    assert set(temp.glob("geokg-serve-*")) <= before  # its temporary directory is gone


def test_serve_names_a_malformed_graph_and_where_it_breaks(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n')
    temp = Path(tempfile.gettempdir())
    before = set(temp.glob("geokg-serve-*"))
    with pytest.raises(InputError, match=r"bad.ttl: not valid Turtle: .*line 3") as caught:
        Endpoint(bad, port=0, workers=1)
    assert "geokg-serve-" not in str(caught.value)  # the user's file, not the private copy
    assert set(temp.glob("geokg-serve-*")) <= before


def test_a_rebuild_while_serving_changes_no_answer(files: dict[str, Path], tmp_path: Path) -> None:
    """Workers load the copy taken at start: one that replaces a killed worker answers the same
    as before, although the file was rebuilt in between."""
    graph = tmp_path / "graph.trig"
    graph.write_bytes(files["trig"].read_bytes())
    with Endpoint(graph, port=0, timeout=1.0, workers=1) as served:
        served.start()
        _, _, before = get(served, DISTINCT_MEETINGS, "text/tab-separated-values")
        graph.write_text("", encoding="utf-8")  # a rebuild that found nothing
        status, _, _ = get(served, RUNAWAY, "application/json")
        assert status == 503  # the worker was killed, a new one loads the graph
        deadline = time.monotonic() + 60
        while True:
            status, _, after = get(served, DISTINCT_MEETINGS, "text/tab-separated-values")
            if status == 200 or time.monotonic() > deadline:
                break
        assert status == 200 and after == before


def test_workers_that_hold_a_file_are_few_by_default(
    files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each worker holds a graph file in memory, so a many-core machine does not start one per
    core for a file; a store directory's workers share it on disk."""
    monkeypatch.setattr("os.cpu_count", lambda: 32)
    assert default_workers(files["trig"]) == 4
    assert default_workers(tmp_path) == 32
    monkeypatch.setattr("os.cpu_count", lambda: None)
    assert default_workers(files["trig"]) == default_workers(tmp_path) == 2


def test_negotiation_rules() -> None:
    assert negotiate("solutions", "") == "json"
    assert negotiate("graph", "") == "turtle"
    assert negotiate("solutions", "text/*;q=0.9, application/xml;q=0.1") == "csv"
    assert negotiate("graph", "application/json") == "jsonld"
    assert negotiate("boolean", "text/csv", "xml") == "xml"
    with pytest.raises(NotAcceptable):
        negotiate("graph", "text/csv")
    with pytest.raises(NotAcceptable):
        negotiate("solutions", "*/*", "turtle")


@pytest.mark.slow
def test_cli_serve_in_a_subprocess(files: dict[str, Path]) -> None:
    """`python -m graph serve` starts, answers, and cleans up when terminated."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "graph",
            "serve",
            str(files["ttl"]),
            "--port",
            "0",
            "--timeout",
            "5",
            "--workers",
            "1",
        ],
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        line = process.stderr.readline()  # type: ignore[union-attr]
        url = re.search(r"http://127\.0\.0\.1:\d+/sparql", line)
        assert url, line
        status, _, body = fetch(
            url.group(0) + "?" + urllib.parse.urlencode({"query": DISTINCT_MEETINGS}),
            headers={"Accept": "application/json"},
        )
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "stopped" in err


@pytest.mark.browser
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="/usr/bin/chromium is missing")
def test_query_page_in_a_browser(endpoint: Endpoint) -> None:
    """The page runs a saved query and shows its table, asking nothing of the network."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    origin = endpoint.url.removesuffix("/sparql")
    outside: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))

            def guard(route) -> None:
                if route.request.url.startswith(origin):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            page.route("**/*", guard)
            page.goto(origin + "/")
            page.select_option("#examples", "who-met-whom")
            page.click("#run")
            page.wait_for_selector("#results table tbody tr")
            assert page.locator("#results tbody tr").count() == 4
            assert "Vladimir Putin" in page.locator("#results").inner_text()
            assert page.locator("#status").inner_text().startswith("4 rows")
            page.fill("#query", "SELECT * WHERE { ?s ?p }")
            page.click("#run")
            page.wait_for_selector("#status.error")
            assert "400" in page.locator("#status").inner_text()
        finally:
            browser.close()
    assert outside == [] and [e for e in errors if "400" not in e] == []
