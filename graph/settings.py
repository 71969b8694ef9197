"""Explicit configuration: a frozen Settings passed to every stage that needs one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True, slots=True)
class Settings:
    """How geokg reads, parses and writes.

    Attributes:
        data_dir: where the gazetteer, lexicon, ontology and shapes live.
        max_document_chars: longer documents are skipped with a clear message.
        max_sentence_chars: longer sentences are not parsed for claims.
        processes: worker processes for extraction (1 = in this process).
        batch_size: documents per spaCy batch.
        cache_dir: where parsed documents are cached (None = no cache).
        quiet: no progress bars or summaries on stderr.
    """

    data_dir: Path = DATA_DIR
    max_document_chars: int = 2_000_000
    max_sentence_chars: int = 2_000
    processes: int = 1
    batch_size: int = 32
    cache_dir: Path | None = None
    quiet: bool = False
