"""Bytes to text: byte-order marks, UTF-8, a Windows-1252 fallback, and binary files refused.

The order of the checks:

1. a known binary signature (PDF, ZIP, PNG, GZIP, ELF, ...) → binary;
2. a byte-order mark → UTF-8, UTF-16 or UTF-32 as it says (bad sequences become U+FFFD);
3. a NUL byte anywhere → binary (text never has one; UTF-16 without a BOM is refused too);
4. otherwise UTF-8 where the bytes are valid UTF-8 and Windows-1252 for the bytes that are not.

Why Windows-1252 and not Latin-1: in files that are not UTF-8, the bytes 0x80–0x9F are almost
always Windows "smart" punctuation (’ “ ” – — …). Latin-1 reads them as invisible C1 control
characters, which the evidence would then quote; cp1252 reads them as the characters the writer
typed. The five bytes cp1252 leaves undefined fall back to Latin-1 and count as control
characters below. Decoding valid UTF-8 runs as UTF-8 keeps a mostly-UTF-8 file with one stray
Windows quote readable instead of turning every accent into mojibake.

Last, text whose share of control characters is above ``CONTROL_SHARE`` is called binary.
"""

from __future__ import annotations

import codecs
import functools
import re
from pathlib import Path

from ..errors import InputError

BINARY = "binary file, not text: skipped"
EMPTY = "empty file"
CONTROL_SHARE = 0.05

_SIGNATURES = (
    b"%PDF-",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"\x89PNG\r\n\x1a\n",
    b"\x1f\x8b",
    b"\x7fELF",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"\x28\xb5\x2f\xfd",
    b"\x00asm",
    b"\xca\xfe\xba\xbe",
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
    b"SQLite format 3\x00",
    b"OggS",
    b"ID3",
    b"\x1a\x45\xdf\xa3",
)
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")

# UTF-32 marks first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# One or more well-formed UTF-8 sequences (no overlongs, no surrogates, nothing past U+10FFFF).
_UTF8_RUN = re.compile(
    rb"(?:[\x00-\x7f]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]"
    rb"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2})+"
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)


def read_text_file(path: str | Path, *, max_bytes: int | None = None) -> str:
    """The text of a file, decoded as the module docstring describes.

    Args:
        path: the file to read.
        max_bytes: refuse (without reading it) a file larger than this.

    Raises:
        InputError: the file cannot be read, is binary, is empty or is too large.
    """
    source = str(path)
    try:
        if max_bytes is not None:
            size = Path(path).stat().st_size
            if size > max_bytes:
                raise InputError(source, too_large(size, max_bytes, unit="bytes"))
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot read the file: {exc.strerror or exc}") from None
    return decode_bytes(data, source, fallback=declared_charset(data))


def decode_bytes(data: bytes, source: str, *, fallback: str | None = None) -> str:
    """Decode ``data`` (the contents of ``source``) to text.

    Args:
        data: the raw bytes.
        source: the path named in errors.
        fallback: an encoding the file declares (an HTML ``<meta charset>``), tried when the
            bytes are not UTF-8, before Windows-1252.

    Raises:
        InputError: binary or empty content.

    >>> decode_bytes("caf\\u00e9 \\u2019".encode("cp1252"), "x.txt")
    'café ’'
    >>> decode_bytes(b"\\xef\\xbb\\xbfKim", "x.txt")
    'Kim'
    """
    if is_binary_signature(data):
        raise InputError(source, BINARY)
    text = _decode_marked(data)
    if text is None:
        if b"\x00" in data:
            raise InputError(source, BINARY)
        text = _decode_unmarked(data, fallback)
    if not text.strip():
        raise InputError(source, EMPTY)
    if "\x00" in text or len(_CONTROL.findall(text)) > CONTROL_SHARE * len(text):
        raise InputError(source, BINARY)
    return text


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in a ``<meta>`` near its top, if Python knows it.

    >>> declared_charset(b'<meta charset="windows-1251">')
    'cp1251'
    """
    match = _CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def too_large(size: int, limit: int, *, unit: str = "characters") -> str:
    """The message for a document over the size limit, with how to raise the limit."""
    if unit == "bytes":
        return (
            f"file too large: {size:,} bytes, more than the {limit:,} bytes read for a document "
            "(raise Settings.max_document_chars, or split the file)"
        )
    return (
        f"document too large: {size:,} {unit}, over the limit of {limit:,} "
        "(raise Settings.max_document_chars, or split the file)"
    )


def is_binary_signature(data: bytes) -> bool:
    """Whether ``data`` starts with the signature of a known binary format."""
    return data.startswith(_SIGNATURES) or _BZIP2.match(data) is not None


def _decode_marked(data: bytes) -> str | None:
    """Text decoded by its byte-order mark, or None when there is no mark."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    return None


def _decode_unmarked(data: bytes, fallback: str | None) -> str:
    """UTF-8 if valid; else the declared encoding if it decodes; else UTF-8 runs + cp1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if fallback and fallback not in {"utf-8", "ascii"}:
        try:
            return data.decode(fallback)
        except (UnicodeDecodeError, LookupError):
            pass
    parts = []
    position = 0
    for run in _UTF8_RUN.finditer(data):
        parts.append(_cp1252(data[position : run.start()]))
        parts.append(run.group().decode("utf-8"))
        position = run.end()
    parts.append(_cp1252(data[position:]))
    return "".join(parts)


def _cp1252(data: bytes) -> str:
    """Windows-1252, with the five bytes it leaves undefined read as Latin-1."""
    return data.decode("latin-1").translate(_cp1252_table())


@functools.cache
def _cp1252_table() -> dict[int, str]:
    table = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return table
