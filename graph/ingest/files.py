"""Input paths to Documents: directory expansion, sidecar metadata, format choice, batch checks.

- A directory is read recursively, in sorted order of the paths below it; hidden files and
  directories, sidecars and files without a known extension are passed over.
- A file named explicitly is read whatever its extension: one with a known extension is read
  as that format; any other is sniffed (JSON Lines if it starts with a JSON object, HTML if it
  starts with markup, else text). A sidecar named explicitly (a shell glob) is passed over.
- The same file reached twice is read once.
- A sidecar ``<file>.meta.json`` (or ``<stem>.meta.json``) gives explicit metadata for the
  file; for a JSON Lines file it gives defaults for every line (its id aside).
- Each batch checks what the parsers cannot see alone: the size limit of a document, and ids
  used twice (the later document is reported, naming where the first came from).
"""

from __future__ import annotations

import codecs
import io
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError, UsageError
from ..records import Document
from ..settings import Settings
from .decoding import BINARY, decode_bytes, is_binary_signature, read_text_file, too_large
from .documents import normalise_meta, parse_html, parse_jsonl_line, parse_text

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
SIDECAR = ".meta.json"
READ_FACTOR = 8  # a file over READ_FACTOR bytes per allowed character is not read at all
SNIFF_BYTES = 4096
MAX_SIDECAR_BYTES = 1_000_000

Read = tuple[Document, int | None] | InputError


def iter_documents(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    settings: Settings | None = None,
) -> Iterator[Document | InputError]:
    """The Documents in ``paths`` (files and directories), in a deterministic order.

    Inputs that cannot be read or parsed come out as InputError values, in their place, for
    the caller to report in one line each and go on; they are never raised.

    Args:
        paths: files and directories, in the order to read them; a single path is accepted.
        settings: limits (``max_document_chars``); the defaults when None.

    Raises:
        UsageError: a path does not exist (raised at the call, before anything is read).
    """
    entries = expand_paths(paths)
    return _documents(entries, settings or Settings())


def expand_paths(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
) -> list[Path | InputError]:
    """The files to read for ``paths``, in order, with errors for unreadable directories.

    Raises:
        UsageError: a path does not exist.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    given = [Path(path) for path in paths]
    missing = [path for path in given if not _exists(path)]
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise UsageError(f"no such file or directory: {missing[0]}{more}")
    entries: list[Path | InputError] = []
    seen: set[str] = set()
    for path in given:
        for entry in _walk(path) if path.is_dir() else [path]:
            if isinstance(entry, Path):
                key = os.path.realpath(entry)
                if entry.name.lower().endswith(SIDECAR) or key in seen:
                    continue
                seen.add(key)
            entries.append(entry)
    return entries


def read_sidecar(path: Path) -> dict[str, str]:
    """The explicit metadata in the sidecar of ``path``, or {} when it has none.

    Raises:
        InputError: the sidecar is not a JSON object of string fields (it is named).
    """
    for candidate in (path.with_name(path.name + SIDECAR), path.with_name(path.stem + SIDECAR)):
        if not candidate.is_file():
            continue
        source = str(candidate)
        text = read_text_file(candidate, max_bytes=MAX_SIDECAR_BYTES)
        try:
            value = json.loads(text)
        except (ValueError, RecursionError) as exc:
            reason = getattr(exc, "msg", None) or "cannot be decoded"
            raise InputError(source, f"invalid JSON in the metadata sidecar: {reason}") from None
        if not isinstance(value, dict):
            raise InputError(source, "the metadata sidecar is not a JSON object")
        return normalise_meta(value, source)
    return {}


def _documents(
    entries: list[Path | InputError], settings: Settings
) -> Iterator[Document | InputError]:
    first_seen: dict[str, str] = {}
    for entry in entries:
        if isinstance(entry, InputError):
            yield entry
            continue
        for item in _read(entry, settings):
            if isinstance(item, InputError):
                yield item
                continue
            document, line = item
            yield _check(document, str(entry), line, settings, first_seen) or document


def _check(
    document: Document, path: str, line: int | None, settings: Settings, first_seen: dict[str, str]
) -> InputError | None:
    """An error if the document is over the size limit or its id was read before."""
    limit = settings.max_document_chars
    if len(document.text) > limit:
        return InputError(path, too_large(len(document.text), limit), line)
    first = first_seen.get(document.id)
    if first is not None:
        message = (
            f"duplicate document id {document.id!r}, first read from {first}: skipped "
            "(give one of them its own id)"
        )
        return InputError(path, message, line)
    first_seen[document.id] = document.source
    return None


def _read(path: Path, settings: Settings) -> Iterator[Read]:
    """The documents of one file, or the errors that stopped them."""
    source = str(path)
    try:
        if not path.is_file():
            raise InputError(source, "not a regular file: skipped")
        meta = read_sidecar(path)
        kind = _kind(path)
        if kind == "jsonl":
            yield from _read_jsonl(path, meta, settings)
            return
        text = read_text_file(path, max_bytes=READ_FACTOR * settings.max_document_chars)
        parse = parse_html if kind == "html" else parse_text
        yield parse(text, source=source, meta=meta, fallback_id=path.stem), None
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(source, f"cannot read the file: {exc.strerror or exc}")


def _kind(path: Path) -> str:
    """The format of a file ("text", "html" or "jsonl"): by extension, else by content."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    with path.open("rb") as handle:
        prefix = handle.read(SNIFF_BYTES)
    return sniff(prefix, str(path))


def sniff(prefix: bytes, source: str) -> str:
    """The format the first bytes of a file show: "jsonl", "html" or "text".

    Raises:
        InputError: JSON that is not one object per line.

    >>> sniff(b'{"id": "a", "text": "Kim met Putin."}\\n', "x"), sniff(b"<!DOCTYPE html>", "x")
    ('jsonl', 'html')
    """
    wide = _wide_encoding(prefix)
    text = prefix.decode(wide or "utf-8-sig", errors="replace").lstrip("\ufeff \t\r\n")
    lowered = text[:200].lower()
    if text.startswith(("{", "[")):
        first, newline, _ = text.partition("\n")
        if newline:
            try:
                ok = isinstance(json.loads(first), dict)
            except (ValueError, RecursionError):
                ok = False
            if not ok:
                raise InputError(source, "JSON but not JSON Lines (one object a line): skipped")
        return "jsonl"
    if lowered.startswith(("<!doctype html", "<html", "<head", "<body", "<meta", "<article")):
        return "html"
    if text.startswith("<") and any(tag in text.lower() for tag in ("</p>", "</div>", "<br")):
        return "html"
    return "text"


def _read_jsonl(path: Path, meta: dict[str, str], settings: Settings) -> Iterator[Read]:
    """The documents of a JSON Lines file, line by line, without reading it whole."""
    source = str(path)
    limit = READ_FACTOR * settings.max_document_chars
    with path.open("rb") as handle:
        head = handle.read(8192)
        wide = _wide_encoding(head)
        if not wide and (b"\x00" in head or is_binary_signature(head)):
            yield InputError(source, BINARY)
            return
        handle.seek(0)
        stream = io.TextIOWrapper(handle, encoding=wide, errors="replace") if wide else handle
        for number, raw in _lines(stream, limit):
            if raw is None:
                yield InputError(source, too_large(limit + 1, limit, unit="bytes"), number)
                continue
            if not raw.strip():
                continue
            try:
                text = raw if isinstance(raw, str) else decode_bytes(raw, source)
                document = parse_jsonl_line(text, source=source, line_number=number, meta=meta)
            except InputError as exc:
                yield InputError(source, exc.reason, number)
                continue
            yield document, number


def _lines(
    stream: io.TextIOWrapper | io.BufferedReader, limit: int
) -> Iterator[tuple[int, str | bytes | None]]:
    """(number, line) for each line; line None for a line longer than ``limit`` (skipped)."""
    number = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        newline = "\n" if isinstance(raw, str) else b"\n"
        if len(raw) > limit and not raw.endswith(newline):
            while True:
                rest = stream.readline(limit)
                if not rest or rest.endswith(newline):
                    break
            yield number, None
            continue
        yield number, raw


def _wide_encoding(head: bytes) -> str | None:
    """The wide encoding ("utf-32" or "utf-16") a byte-order mark at the start names."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _walk(root: Path) -> list[Path | InputError]:
    """The readable files below ``root`` in sorted path order, then any directory errors."""
    found: list[Path] = []
    errors: list[OSError] = []
    for directory, subdirs, files in os.walk(root, onerror=errors.append):
        subdirs[:] = sorted(name for name in subdirs if not name.startswith("."))
        for name in files:
            lowered = name.lower()
            if name.startswith(".") or lowered.endswith(SIDECAR):
                continue
            if Path(lowered).suffix in KNOWN_SUFFIXES:
                found.append(Path(directory, name))
    found.sort(key=lambda path: path.relative_to(root).parts)
    problems = [
        InputError(str(error.filename or root), f"cannot read the directory: {error.strerror}")
        for error in errors
    ]
    return [*found, *problems]


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return True  # there but unreadable: reading it will say why
    except ValueError:
        return False
