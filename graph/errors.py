"""The one error hierarchy of geokg.

::

    GeoKGError                 anything geokg reports to a user
    ├── UsageError             a bad option or a missing path (CLI exit 2)
    ├── InputError             one input cannot be read or parsed (skipped, CLI exit 1)
    ├── DataError              a file in data/ (gazetteer, lexicon, ontology) is invalid
    └── QueryError             a SPARQL query cannot be parsed or run

The CLI catches these once and prints ``error: <message>``; tracebacks only with ``--debug``.
"""

from __future__ import annotations


class GeoKGError(Exception):
    """Base class of every error geokg reports to a user."""


class UsageError(GeoKGError):
    """A bad option, argument or missing path."""


class InputError(GeoKGError):
    """One input document cannot be read or parsed.

    Args:
        path: the file the input came from.
        message: what is wrong and, where possible, how to fix it.
        line: the 1-based line number (JSONL), if any.
    """

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class DataError(GeoKGError):
    """A data file shipped with geokg (gazetteer, lexicon, ontology) is invalid."""


class QueryError(GeoKGError):
    """A SPARQL query cannot be parsed or run."""
