"""Query worker processes for the endpoint: each opens the graph for reading (a file into
memory, as ``geokg query`` does; a store directory read-only), runs one query at a time and
serialises its results in the format the client negotiated.

Oxigraph cannot cancel a running query, so a query that overruns its time limit is stopped by
killing its worker, which the pool then replaces; the other workers carry on answering. Results
larger than a few megabytes are written to a spool file that the server sends and removes.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .errors import GeoKGError, InputError
from .sparql import PREFIXES, syntax_message
from .store import QueryStore, open_store

SPOOL_AFTER = 4 * 1024 * 1024
#: Format key → (media type sent, Oxigraph format); results first, then graphs.
RESULTS = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "csv": ("text/csv; charset=utf-8", ox.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values; charset=utf-8", ox.QueryResultsFormat.TSV),
}
GRAPHS = {
    "turtle": ("text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
    "ntriples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
_RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/xml": "xml",
}
_GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
#: ``format=`` values (SPARQLWrapper sends some of these) → format key, per kind of result.
_FORMAT_WORDS = {
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdfxml"),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "turtle": (None, "turtle"),
    "ttl": (None, "turtle"),
    "n3": (None, "turtle"),
    "nt": (None, "ntriples"),
    "ntriples": (None, "ntriples"),
    "json-ld": (None, "jsonld"),
    "jsonld": (None, "jsonld"),
    "rdf+xml": (None, "rdfxml"),
    "rdfxml": (None, "rdfxml"),
    "rdf": (None, "rdfxml"),
}


class NotAcceptable(Exception):
    """No format the client accepts fits the result."""


def negotiate(kind: str, accept: str, fmt: str | None = None) -> str:
    """The format key for a result of ``kind`` ("solutions", "boolean" or "graph").

    ``fmt`` (the ``format=`` parameter: a word or a media type) wins over the Accept header;
    without either, JSON for results and Turtle for graphs.

    Raises:
        NotAcceptable: nothing the client accepts fits.
    """
    graph = kind == "graph"
    table, default = (_GRAPH_TYPES, "turtle") if graph else (_RESULT_TYPES, "json")
    if fmt:
        word = fmt.strip().lower()
        key = _FORMAT_WORDS[word][graph] if word in _FORMAT_WORDS else table.get(word)
        if key is None:
            raise NotAcceptable(f"format={fmt} does not fit a {_kind_name(kind)}")
        return key
    ranges = []
    for position, part in enumerate(accept.split(",")):
        media, *options = (piece.strip().lower() for piece in part.split(";"))
        q = 1.0
        for option in options:
            if option.startswith("q="):
                try:
                    q = float(option[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((-q, position, media))
    if not ranges:
        return default
    for _, _, media in sorted(ranges):
        if media in table:
            return table[media]
        major = media.split("/")[0]
        if media == "*/*" or (media.endswith("/*") and default in _keys_of(table, major)):
            return default
        if media.endswith("/*") and _keys_of(table, major):
            return _keys_of(table, major)[0]
    wanted = ", ".join(sorted({*table}))
    raise NotAcceptable(f"cannot give a {_kind_name(kind)} as {accept!r}; ask for one of {wanted}")


def _keys_of(table: dict[str, str], major: str) -> list[str]:
    return [key for media, key in table.items() if media.split("/")[0] == major]


def _kind_name(kind: str) -> str:
    return "graph (CONSTRUCT/DESCRIBE)" if kind == "graph" else "SELECT/ASK result"


# ----------------------------------------------------------------------------- worker side


class _Spool:
    """A binary sink that keeps small outputs in memory and spills large ones to a file."""

    def __init__(self, directory: str) -> None:
        self.directory = directory
        self.buffer = bytearray()
        self.file: Any = None

    def write(self, data: bytes) -> int:
        if self.file is None and len(self.buffer) + len(data) > SPOOL_AFTER:
            self.file = tempfile.NamedTemporaryFile(dir=self.directory, delete=False)  # noqa: SIM115
            self.file.write(self.buffer)
            self.buffer = bytearray()
        if self.file is not None:
            self.file.write(data)
        else:
            self.buffer += data
        return len(data)

    def flush(self) -> None:
        if self.file is not None:
            self.file.flush()

    def payload(self) -> tuple[str, bytes | str]:
        if self.file is None:
            return "bytes", bytes(self.buffer)
        self.file.close()
        return "file", self.file.name


def answer(store: QueryStore, request: dict[str, Any], spool: str) -> tuple:
    """Run one protocol request on ``store``: ("ok", media type, "bytes"|"file", payload) or
    ("error", HTTP status, message)."""
    text = request["query"]
    options: dict[str, Any] = {"prefixes": PREFIXES}
    try:
        if request.get("default_graphs"):  # else the store's own: the merge of all graphs
            options["default_graph"] = [ox.NamedNode(g) for g in request["default_graphs"]]
        if request.get("named_graphs"):
            options["named_graphs"] = [ox.NamedNode(g) for g in request["named_graphs"]]
        result = store.query(text, **options)
    except SyntaxError as exc:
        return "error", 400, syntax_message(text, str(exc.msg or exc))
    except (ValueError, RuntimeError, OSError) as exc:
        return "error", 400, f"the query cannot run: {exc}"
    kind = (
        "graph"
        if isinstance(result, ox.QueryTriples)
        else "boolean"
        if isinstance(result, ox.QueryBoolean)
        else "solutions"
    )
    try:
        key = negotiate(kind, request.get("accept") or "*/*", request.get("format"))
    except NotAcceptable as exc:
        return "error", 406, str(exc)
    media, fmt = (GRAPHS if kind == "graph" else RESULTS)[key]
    sink = _Spool(spool)
    try:
        if key == "turtle":
            ox.serialize(result, sink, fmt, prefixes=PREFIXES)
        else:
            result.serialize(sink, fmt)
    except (OSError, ValueError, RuntimeError) as exc:
        return "error", 500, f"the query failed while running: {exc}"
    return ("ok", media, *sink.payload())


def _worker_main(conn: Any, graph: str, spool: str) -> None:
    """A worker process: open the graph (a file into memory, a store directory read-only),
    then answer requests until the pipe closes."""
    try:
        try:
            store = open_store(Path(graph))
        except GeoKGError as exc:
            conn.send(("failed", getattr(exc, "reason", str(exc))))
            return
        conn.send(("ready",))
        while True:
            request = conn.recv()
            try:
                reply = answer(store, request, spool)
            except Exception as exc:  # a bug must not take the worker down with it
                reply = ("error", 500, f"the query failed: {type(exc).__name__}: {exc}")
            conn.send(reply)
    except (EOFError, OSError, KeyboardInterrupt):  # the server went away: so do we
        return


class _Worker:
    def __init__(self, context: Any, graph: str, spool: str, shown: str) -> None:
        self.shown = shown
        self.version: tuple | None = None
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main,
            args=(child, graph, spool),
            daemon=True,
            name="geokg-sparql-worker",
        )
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float = 600.0) -> None:
        """Wait until the worker has the graph open (loading a large file takes a while).

        Raises:
            InputError: the graph cannot be opened (the parser's message), or the worker died
                or gave no sign within ``timeout`` seconds.
        """
        try:
            if self.conn.poll(timeout):
                message = self.conn.recv()
            else:
                message = ("failed", f"a query worker gave no sign in {timeout:g} s")
        except (EOFError, OSError):  # it died before opening the graph
            self.process.join(5)
            message = ("failed", f"a query worker exited with code {self.process.exitcode}")
        if message[0] != "ready":
            self.kill()
            raise InputError(self.shown, message[1])

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """Worker processes, each with the graph open for reading; one that overruns is killed and
    replaced. When a store directory changes (``geokg build --store`` into it while it is
    served), each worker is replaced by one that opens the new state before its next query.

    Args:
        graph: a graph file (each worker loads it into memory) or a store directory (each
            opens it read-only).
        size: the number of workers.
        spool: the directory for large results.
        shown: the name the graph goes by in messages.
    """

    def __init__(self, graph: Path, size: int, spool: Path, shown: str | None = None) -> None:
        self._context = mp.get_context("spawn")
        self._graph = Path(graph)
        self._args = (str(graph), str(spool), shown or str(graph))
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._closed = False
        workers = [self._start() for _ in range(max(1, size))]
        for worker in workers:
            worker.wait_ready()
            self._idle.put(worker)

    def _start(self) -> _Worker:
        version = self._version()  # before it opens: a change while it opens is seen later
        worker = _Worker(self._context, *self._args)
        worker.version = version
        self._all.add(worker)
        return worker

    def _version(self) -> tuple | None:
        """What changes when a store directory is written to (None for a file: the copy a
        server takes never changes)."""
        if not self._graph.is_dir():
            return None
        try:
            with os.scandir(self._graph) as entries:
                files = [
                    (entry.name, stat.st_mtime_ns, stat.st_size)
                    for entry in entries
                    if not entry.name.startswith(("LOG", "LOCK"))  # RocksDB's own logs and lock
                    for stat in (entry.stat(),)
                ]
        except OSError:
            return None
        return tuple(sorted(files))

    def _renewed(self, stale: _Worker) -> _Worker:
        """A worker on the store as it is now, in place of one that opened an older state."""
        stale.kill()
        self._all.discard(stale)
        worker = self._start()
        try:
            worker.wait_ready()
        except InputError:
            self._all.discard(worker)
            raise
        return worker

    def _replace(self, dead: _Worker) -> None:
        dead.kill()
        self._all.discard(dead)
        self._replace_later()

    def _replace_later(self) -> None:
        """Start a worker in the background, retrying until one opens the graph."""

        def refill() -> None:
            while not self._closed:
                try:
                    worker = self._start()
                    worker.wait_ready()
                except InputError as exc:
                    print(f"geokg serve: {exc}; retrying", file=sys.stderr)
                    time.sleep(1.0)
                    continue
                if self._closed:
                    worker.kill()
                else:
                    self._idle.put(worker)
                return

        threading.Thread(target=refill, name="geokg-refill", daemon=True).start()

    def run(self, request: dict[str, Any], timeout: float) -> tuple:
        """Answer a request within ``timeout`` seconds of a worker taking it."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return "error", 503, f"every query worker stayed busy for {timeout:g} s; try again"
        if worker.version != self._version():
            try:
                worker = self._renewed(worker)
            except InputError as exc:
                self._replace_later()
                return "error", 503, f"the store changed and cannot be reopened yet: {exc}"
        healthy = False
        try:
            worker.conn.send(request)
            if worker.conn.poll(timeout):
                reply = worker.conn.recv()
                healthy = True
                return reply
            return (
                "error",
                503,
                f"the query ran past the time limit of {timeout:g} s and was stopped",
            )
        except (EOFError, OSError) as exc:
            return "error", 500, f"the query worker died ({exc}); it has been replaced"
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                self._replace(worker)

    def close(self) -> None:
        self._closed = True
        for worker in list(self._all):
            worker.kill()
        self._all.clear()
