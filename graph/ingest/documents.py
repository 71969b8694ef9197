"""Parsed text, HTML and JSON lines to ``Document``s: metadata precedence and document ids.

Metadata precedence, field by field: explicit metadata (a sidecar ``.meta.json``, the fields
of a JSON line) first, then what the file declares (Markdown front matter, HTML ``<meta>`` and
JSON-LD), then what is read from the text (a byline, a date line, a title line).

Document ids, first that applies: the given id (sidecar, JSON line or front matter); the URL;
the file's stem for a file holding one document (``data/articles/kim-putin.txt`` →
``kim-putin``); else ``sha256:`` and the first 16 hex digits of the SHA-256 of the clean text.
Each is stable while the input keeps its id, URL, name or text.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping

from ..errors import InputError
from ..records import Document, short_hash
from .cleaning import Cleaned, clean_lines, sanitize, tidy
from .dates import parse_date
from .markdown import markdown_lines, strip_inline, unescape
from .webpage import read_webpage

FIELDS = ("id", "title", "author", "date", "url", "publisher")
NO_TEXT = "no article text left after removing markup and boilerplate"


def parse_text(
    text: str,
    *,
    source: str,
    meta: Mapping[str, object] | None = None,
    fallback_id: str | None = None,
) -> Document:
    """A Document from plain text or Markdown.

    Args:
        text: the file's text.
        source: where it came from (a path, or "path:line"), for ``Document.source`` and errors.
        meta: explicit metadata (keys in ``FIELDS``; others are ignored); it wins.
        fallback_id: the id when neither an id nor a URL is given (a file's stem).

    Raises:
        InputError: bad metadata, or no text left after cleaning.

    >>> doc = parse_text("Written by [Jane Doe](#) on Sep. 1, 2023\\n\\nKim Meets Putin\\n\\n"
    ...                  "Kim met Putin.", source="a.txt", fallback_id="a")
    >>> doc.id, doc.title, doc.author, doc.date, doc.text
    ('a', 'Kim Meets Putin', 'Jane Doe', '2023-09-01', 'Kim met Putin.')
    """
    given = normalise_meta(meta or {}, source)
    front, lines = markdown_lines(sanitize(text))
    declared = normalise_meta(front, source)
    titles = (given.get("title"), declared.get("title"))
    cleaned = clean_lines(lines, titles=titles, inline=strip_inline, finish=unescape)
    return _document(cleaned, source, given, declared, fallback_id)


def parse_html(
    markup: str,
    *,
    source: str,
    meta: Mapping[str, object] | None = None,
    fallback_id: str | None = None,
) -> Document:
    """A Document from an HTML page (see ``graph.ingest.webpage`` for what is read).

    Args and Raises: as for ``parse_text``; also InputError when the markup cannot be parsed.

    >>> parse_html("<p>By Jane Doe</p><p>Kim &lt;met&gt; Putin.</p>", source="a.html").text
    'Kim <met> Putin.'
    """
    given = normalise_meta(meta or {}, source)
    try:
        page = read_webpage(markup)
    except ValueError as exc:
        raise InputError(source, str(exc)) from None
    declared = {
        key: value
        for key, value in (
            ("title", page.title),
            ("author", page.author),
            ("date", page.date),
            ("url", page.url),
            ("publisher", page.publisher),
        )
        if value
    }
    cleaned = clean_lines(page.lines, titles=(given.get("title"), page.title))
    return _document(cleaned, source, given, declared, fallback_id)


def parse_jsonl_line(
    line: str,
    *,
    source: str,
    line_number: int,
    meta: Mapping[str, object] | None = None,
) -> Document:
    """A Document from one line of JSON Lines: ``{"id", "text", "title"?, "author"?, ...}``.

    The text is cleaned like plain text. ``meta`` (a sidecar of the whole file) gives defaults
    that the line's own fields override; its id is never used. An integer id is read as its
    decimal string; other fields must be strings (or null).

    Raises:
        InputError: invalid JSON, not an object, a missing, empty or non-string "text", a field
            that is not a string, or a date that is not a date; it names ``source:line_number``.

    >>> parse_jsonl_line('{"id": "k1", "text": "Kim met Putin."}', source="a.jsonl",
    ...                  line_number=3).source
    'a.jsonl:3'
    """
    try:
        value = json.loads(line.rstrip())
    except RecursionError:
        raise InputError(source, "invalid JSON: nested too deeply", line_number) from None
    except ValueError as exc:
        reason = getattr(exc, "msg", None) or str(exc)[:120]
        column = getattr(exc, "colno", None)
        where = f" (column {column})" if column else ""
        raise InputError(source, f"invalid JSON: {reason}{where}", line_number) from None
    if not isinstance(value, dict):
        raise InputError(source, f"not a JSON object but {_json_type(value)}", line_number)
    text = value.get("text")
    if text is None:
        raise InputError(source, 'no "text" field', line_number)
    if not isinstance(text, str):
        raise InputError(source, f'"text" is {_json_type(text)}, not a string', line_number)
    if not text.strip():
        raise InputError(source, '"text" is empty', line_number)
    fields = {key: value for key, value in (meta or {}).items() if key != "id"}
    fields.update({key: value[key] for key in FIELDS if key in value})
    if isinstance(fields.get("id"), int) and not isinstance(fields["id"], bool):
        fields["id"] = str(fields["id"])
    where = f"{source}:{line_number}"
    try:
        return parse_text(text, source=where, meta=normalise_meta(fields, source, line_number))
    except InputError as exc:
        raise InputError(source, exc.reason, line_number) from None


def normalise_meta(
    raw: Mapping[str, object], source: str, line: int | None = None
) -> dict[str, str]:
    """The known metadata fields of ``raw``, as tidy strings, dates in ISO form.

    Unknown keys are ignored; null and blank values are left out.

    Raises:
        InputError: a field that is not a string, or a date that is not a date.

    >>> normalise_meta({"date": "Sep. 18, 2023", "title": " Kim  Putin ", "url": None}, "x")
    {'title': 'Kim Putin', 'date': '2023-09-18'}
    """
    out: dict[str, str] = {}
    for key in FIELDS:
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            message = f'"{key}" is {_json_type(value)}, not a string'
            raise InputError(source, message, line)
        value = tidy(sanitize(value))
        if not value:
            continue
        if key == "id":
            value = unicodedata.normalize("NFC", value)
        if key == "date":
            date = parse_date(value)
            if date is None:
                message = f'"date" is not a date: {value[:40]!r} (write it as YYYY-MM-DD)'
                raise InputError(source, message, line)
            value = date
        out[key] = value
    return out


def _document(
    cleaned: Cleaned,
    source: str,
    given: Mapping[str, str],
    declared: Mapping[str, str],
    fallback_id: str | None,
) -> Document:
    """Merge metadata by precedence and choose the id (see the module docstring)."""
    if not cleaned.text:
        raise InputError(source, NO_TEXT)
    found = {"title": cleaned.title, "author": cleaned.author, "date": cleaned.date}

    def pick(key: str) -> str | None:
        return given.get(key) or declared.get(key) or found.get(key)

    url = pick("url")
    fallback = tidy(sanitize(fallback_id or ""))
    document_id = (
        given.get("id")
        or declared.get("id")
        or url
        or unicodedata.normalize("NFC", fallback)
        or "sha256:" + short_hash(cleaned.text)
    )
    return Document(
        id=document_id,
        text=cleaned.text,
        title=pick("title"),
        author=pick("author"),
        date=pick("date"),
        url=url,
        publisher=pick("publisher"),
        source=source,
    )


def _json_type(value: object) -> str:
    """How a JSON value's type reads in a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string"
