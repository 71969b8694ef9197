"""ingest: files (plain text, Markdown, HTML, JSON Lines) to ``Document``s.

The modules, in the order data flows through them:

- ``files``: paths to files, sidecar metadata, format by extension or content, batch checks
  (``iter_documents``);
- ``decoding``: bytes to text, binary files refused (``read_text_file``);
- ``markdown`` and ``webpage``: text and HTML to lines with their kinds, and declared metadata;
- ``bylines`` and ``boilerplate``: what a line is (byline, credit, caption, advert, end matter);
- ``cleaning``: lines to clean paragraphs, title, author and date;
- ``documents``: metadata precedence and document ids (``parse_text``, ``parse_html``,
  ``parse_jsonl_line``);
- ``dates``: publication dates to ISO form (``parse_date``).
"""

from __future__ import annotations

from .dates import parse_date
from .decoding import read_text_file
from .documents import parse_html, parse_jsonl_line, parse_text
from .files import KNOWN_SUFFIXES, iter_documents

__all__ = [
    "KNOWN_SUFFIXES",
    "iter_documents",
    "parse_date",
    "parse_html",
    "parse_jsonl_line",
    "parse_text",
    "read_text_file",
]
