"""``geokg serve``: a read-only SPARQL 1.1 Protocol endpoint over a graph, with a query page.

::

    client ──HTTP──▶ ThreadingHTTPServer (a thread per connection)
                        │  parse the request, check it is a query, pick a worker
                        ▼
                     WorkerPool ──pipe──▶ worker process: open_store(graph) → query
                        │                     → serialise in the negotiated format
                        ◀── bytes, or a spool file for large results
                     past the time limit: the worker is killed and replaced, the client gets 503

Oxigraph cannot cancel a running query, so queries run in worker processes that can be
killed; each loads the same copy of a graph file into memory (taken when the server starts,
so a rebuild does not change what a replaced worker answers from), or opens a store
directory read-only; when a build is added to that store while it is served, each worker is
replaced by one that sees it before it answers again. Results larger than a few megabytes go
through a spool file and are sent from it, not held in memory.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .errors import InputError
from .sparql import list_saved
from .store import open_store, rdf_format
from .workers import WorkerPool

ASSETS = Path(__file__).resolve().parent / "assets"
MAX_BODY = 10 * 1024 * 1024


def query_page() -> bytes:
    """The query page: graph/assets/query.html with the saved queries as examples."""
    examples = [
        {"name": q.name, "description": q.description, "text": q.text} for q in list_saved()
    ]
    data = json.dumps(examples, ensure_ascii=False).replace("</", "<\\/")
    html = (ASSETS / "query.html").read_text(encoding="utf-8")
    return html.replace("/*SAVED_QUERIES*/[]", data).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    """The protocol: GET/POST /sparql, OPTIONS (CORS preflight), GET / (the query page)."""

    protocol_version = "HTTP/1.1"
    server_version = "geokg"
    timeout = 120  # seconds an idle keep-alive connection is kept
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base's name)
        if self.server.log:
            super().log_message(format, *args)

    def _send(
        self,
        status: int,
        body: bytes | Path = b"",
        media: str = "text/plain; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Send a response whose body is bytes or a spool file (sent, then removed)."""
        handle = open(body, "rb") if isinstance(body, Path) else None  # noqa: SIM115
        try:
            size = os.fstat(handle.fileno()).st_size if handle else len(body)
            self.send_response(status)
            for name, value in {
                "Access-Control-Allow-Origin": "*",
                "Content-Type": media,
                "Content-Length": str(size),
                **(headers or {}),
            }.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command == "HEAD":
                return
            if handle is not None:
                shutil.copyfileobj(handle, self.wfile, 1 << 20)
            else:
                self.wfile.write(body)  # type: ignore[arg-type]
        finally:
            if handle is not None:
                handle.close()
                os.unlink(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message.rstrip() + "\n").encode("utf-8"))

    def do_OPTIONS(self) -> None:  # noqa: N802 (the base class names handlers so)
        self._send(
            204,
            headers={
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Content-Type, Accept",
                "Access-Control-Max-Age": "86400",
                "Allow": "GET, POST, OPTIONS",
            },
        )

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(
                200,
                self.server.page,
                "text/html; charset=utf-8",
                {
                    "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; "
                    "style-src 'unsafe-inline'; connect-src 'self'"
                },
            )
        elif url.path == "/sparql":
            self._query(parse_qs(url.query, keep_blank_values=True))
        else:
            self._error(404, f"nothing at {url.path}; the SPARQL endpoint is /sparql")

    do_HEAD = do_GET  # noqa: N815

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._error(404, f"nothing at {url.path}; the SPARQL endpoint is /sparql")
            return
        params = parse_qs(url.query, keep_blank_values=True)
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._error(411, "a POST needs a Content-Length")
            return
        if length > MAX_BODY:
            self.close_connection = True
            self._error(413, f"the request body is over {MAX_BODY // 1_048_576} MB")
            return
        body = self.rfile.read(length)
        media = self.headers.get_content_type()
        charset = self.headers.get_content_charset() or "utf-8"
        try:
            text = body.decode(charset)
        except (UnicodeDecodeError, LookupError):
            self._error(400, f"the request body is not {charset} text")
            return
        if media == "application/x-www-form-urlencoded":
            for name, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
        elif media == "application/sparql-query":
            params["query"] = [*params.get("query", []), text]
        elif media == "application/sparql-update":
            params["update"] = [text]
        else:
            self._error(
                415,
                "POST a query as application/x-www-form-urlencoded (query=...) "
                "or as application/sparql-query",
            )
            return
        self._query(params)

    def _query(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._error(403, "this endpoint is read-only: SPARQL updates are refused")
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._error(
                400,
                "give exactly one SPARQL query, as query=... (GET or form POST) "
                "or as an application/sparql-query body",
            )
            return
        formats = params.get("format") or [None]
        request = {
            "query": queries[0],
            "accept": self.headers.get("Accept", "*/*"),
            "format": formats[0],
            "default_graphs": params.get("default-graph-uri", []),
            "named_graphs": params.get("named-graph-uri", []),
        }
        reply = self.server.pool.run(request, self.server.query_timeout)
        if reply[0] == "error":
            self._error(reply[1], reply[2])
            return
        _, media, how, payload = reply
        self._send(200, Path(payload) if how == "file" else payload, media, {"Vary": "Accept"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # the listen backlog: bursts of hundreds of clients
    pool: WorkerPool
    page: bytes
    query_timeout: float
    log: bool


class _Server6(_Server):
    address_family = socket.AF_INET6


#: At most this many workers by default for a graph file: each holds the graph in memory
#: (about 15 times the size of a TriG file: 585 MB for a million quads, 39 MB of TriG).
FILE_WORKERS = 4


def default_workers(graph: Path) -> int:
    """How many query workers serve ``graph`` when not told: one per CPU (at least 2), and no
    more than :data:`FILE_WORKERS` for a file, whose graph each worker holds in memory."""
    cpus = max(2, os.cpu_count() or 2)
    return cpus if graph.is_dir() else min(cpus, FILE_WORKERS)


class Endpoint:
    """A read-only SPARQL endpoint over a graph file or a store directory.

    Its workers are started with ``spawn``: a script that creates an Endpoint must do so
    under ``if __name__ == "__main__":``.

    >>> with Endpoint(Path("output/graph.trig"), port=0) as endpoint:  # doctest: +SKIP
    ...     endpoint.start()
    ...     print(endpoint.url)  # http://127.0.0.1:PORT/sparql

    Raises:
        UsageError: the graph path is missing or has an unknown extension.
        InputError: the graph cannot be parsed, or the store cannot be opened.
        OSError: the address cannot be bound.
    """

    def __init__(
        self,
        graph: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 7878,
        timeout: float = 30.0,
        workers: int | None = None,
        log: bool = False,
    ) -> None:
        self._temp = tempfile.TemporaryDirectory(prefix="geokg-serve-")
        self._thread: threading.Thread | None = None
        self.pool: WorkerPool | None = None
        try:
            source = self._prepare(Path(graph))
            spool = Path(self._temp.name) / "spool"
            spool.mkdir()
            size = workers or default_workers(source)
            self.pool = WorkerPool(source, size, spool, shown=str(graph))
            server_class = _Server6 if ":" in host else _Server
            self.server = server_class((host, port), _Handler)
        except BaseException:
            self.close()
            raise
        self.server.pool = self.pool
        self.server.page = query_page()
        self.server.query_timeout = timeout
        self.server.log = log

    def _prepare(self, graph: Path) -> Path:
        """The graph the workers open: a store directory as it is, a file as a private copy."""
        if graph.is_dir() or not graph.exists():
            open_store(graph)  # a store: fails early if unreadable; else the UsageError
            return graph
        rdf_format(graph)  # an unknown extension fails here, before any worker starts
        copy = Path(self._temp.name) / f"graph{graph.suffix.lower()}"
        try:
            shutil.copyfile(graph, copy)
        except OSError as exc:
            raise InputError(str(graph), f"cannot read it: {exc}") from exc
        return copy

    @property
    def url(self) -> str:
        """The URL of the SPARQL endpoint."""
        host, port = self.server.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/sparql"

    def serve_forever(self) -> None:
        """Answer requests until :meth:`close` (from another thread) or an interrupt."""
        self.server.serve_forever(poll_interval=0.2)

    def start(self) -> Endpoint:
        """Answer requests in a background thread."""
        self._thread = threading.Thread(target=self.serve_forever, name="geokg-serve", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop answering, stop the workers and remove the temporary store."""
        server = getattr(self, "server", None)
        if server is not None:
            if self._thread is not None:
                server.shutdown()
                self._thread.join(10)
            server.server_close()
        if self.pool is not None:
            self.pool.close()
        self._temp.cleanup()

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def serve(
    graph: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: float = 30.0,
    workers: int | None = None,
    log: bool = True,
) -> None:
    """Serve ``graph`` until interrupted (Ctrl-C), printing the URL on stderr.

    Raises:
        UsageError: the graph path is missing or has an unknown extension.
        InputError: the graph cannot be parsed, or the store cannot be opened.
        OSError: the address cannot be bound.
    """
    with Endpoint(
        graph, host=host, port=port, timeout=timeout, workers=workers, log=log
    ) as endpoint:
        page = endpoint.url.removesuffix("sparql")
        print(
            f"geokg: SPARQL endpoint at {endpoint.url} (query page at {page}); Ctrl-C stops it",
            file=sys.stderr,
        )
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            endpoint.serve_forever()
        except KeyboardInterrupt:
            print("geokg: stopped", file=sys.stderr)
        finally:
            signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # so that `kill` cleans up like Ctrl-C does
