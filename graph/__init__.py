"""geokg: knowledge graphs of geopolitical relations from news articles.

The public API; the command line (``geokg``) is a thin shell over it::

    from graph import build, extract_corpus
    report = build(["data/articles"], "output")
"""

from __future__ import annotations

from .errors import DataError, GeoKGError, InputError, QueryError, UsageError
from .pipeline import BuildReport, ExtractResult, build, extract_corpus, extract_texts
from .records import Claim, Corpus, Document, Entity, Evidence, Relation, merge_claims
from .settings import Settings

__all__ = [
    "BuildReport",
    "Claim",
    "Corpus",
    "DataError",
    "Document",
    "Entity",
    "Evidence",
    "ExtractResult",
    "GeoKGError",
    "InputError",
    "QueryError",
    "Relation",
    "Settings",
    "UsageError",
    "build",
    "extract_corpus",
    "extract_texts",
    "merge_claims",
]
