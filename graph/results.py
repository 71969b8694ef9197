"""SPARQL results written in the standard formats: SPARQL 1.1 results as CSV, TSV, JSON or
XML, and graphs (CONSTRUCT/DESCRIBE) as Turtle, N-Triples, JSON-LD or RDF/XML.

The writers take rows of Oxigraph terms as :func:`graph.sparql.run_query` gives them, lazily
or already in memory, and write each row as it is read. (The endpoint's worker processes use
Oxigraph's own serialisers on its raw results instead; the tests check the two agree.)
"""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from .errors import UsageError
from .sparql import PREFIXES, XSD, QueryResult, Term

#: Output formats: SELECT/ASK results, and graphs from CONSTRUCT/DESCRIBE.
RESULT_FORMATS = ("csv", "tsv", "json", "xml")
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_SRX = "http://www.w3.org/2005/sparql-results#"


def write_result(result: QueryResult, fmt: str, out: Any) -> None:
    """Write a result to a binary stream: SPARQL 1.1 results as CSV, TSV, JSON or XML, or a
    graph as Turtle, N-Triples, JSON-LD or RDF/XML. Rows are written as they are read.

    Raises:
        UsageError: the format does not fit the kind of result (CSV for a CONSTRUCT).
        QueryError: the query fails while its results are read.
    """
    if result.kind == "graph":
        if fmt not in GRAPH_FORMATS:
            raise UsageError(
                f"a CONSTRUCT or DESCRIBE gives a graph: use --format "
                f"{', '.join(GRAPH_FORMATS)}, not {fmt}"
            )
        prefixes = PREFIXES if fmt == "turtle" else None
        ox.serialize(result.triples, out, GRAPH_FORMATS[fmt], prefixes=prefixes)
        return
    if fmt not in RESULT_FORMATS:
        raise UsageError(
            f"a SELECT or ASK gives a table: use --format {', '.join(RESULT_FORMATS)}, not {fmt}"
        )
    writer = {"csv": _write_csv, "tsv": _write_tsv, "json": _write_json, "xml": _write_xml}[fmt]
    writer(result, out)


def _csv_cell(term: Term | None) -> str:
    if term is None:
        return ""
    text = term.value if not isinstance(term, ox.BlankNode | ox.Triple) else str(term)
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _write_csv(result: QueryResult, out: Any) -> None:
    if result.kind == "boolean":
        out.write(b"true\r\n" if result.boolean else b"false\r\n")
        return
    out.write((",".join(_csv_cell(ox.Literal(v)) for v in result.variables) + "\r\n").encode())
    for row in result.rows:
        out.write((",".join(_csv_cell(t) for t in row) + "\r\n").encode("utf-8"))


def _write_tsv(result: QueryResult, out: Any) -> None:
    if result.kind == "boolean":
        out.write(b"true\n" if result.boolean else b"false\n")
        return
    out.write(("\t".join("?" + v for v in result.variables) + "\n").encode())
    for row in result.rows:  # N-Triples term syntax, which escapes tabs and newlines
        out.write(("\t".join("" if t is None else str(t) for t in row) + "\n").encode("utf-8"))


def json_term(term: Term) -> dict[str, Any]:
    """A term as a SPARQL 1.1 JSON results binding."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        parts = ("subject", "predicate", "object")
        return {"type": "triple", "value": {p: json_term(getattr(term, p)) for p in parts}}
    out: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def _write_json(result: QueryResult, out: Any) -> None:
    if result.kind == "boolean":
        out.write(json.dumps({"head": {}, "boolean": result.boolean}).encode())
        return
    out.write(b'{"head":{"vars":' + json.dumps(list(result.variables)).encode())
    out.write(b'},"results":{"bindings":[')
    names = result.variables
    for i, row in enumerate(result.rows):
        binding = {n: json_term(t) for n, t in zip(names, row, strict=True) if t is not None}
        out.write((b"," if i else b"") + json.dumps(binding, ensure_ascii=False).encode())
    out.write(b"]}}")


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        inner = "".join(
            f"<{p}>{_xml_term(getattr(term, p))}</{p}>" for p in ("subject", "predicate", "object")
        )
        return f"<triple>{inner}</triple>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD + "string":
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _write_xml(result: QueryResult, out: Any) -> None:
    out.write(f'<?xml version="1.0"?>\n<sparql xmlns="{_SRX}"><head>'.encode())
    if result.kind == "boolean":
        out.write(f"</head><boolean>{str(result.boolean).lower()}</boolean></sparql>\n".encode())
        return
    names = result.variables
    out.write("".join(f"<variable name={quoteattr(n)}/>" for n in names).encode())
    out.write(b"</head><results>")
    for row in result.rows:
        cells = "".join(
            f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
            for n, t in zip(names, row, strict=True)
            if t is not None
        )
        out.write(f"<result>{cells}</result>\n".encode())
    out.write(b"</results></sparql>\n")
