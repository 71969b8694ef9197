"""Bylines and date lines: who wrote an article and when, read from lines of its text.

A byline is a whole line: "Written by NAME on DATE", "By NAME", "By NAME, AGENCY | DATE",
"Author: NAME", or "NAME | DATE". A date line is a date alone, perhaps labelled ("Published:
Sep. 18, 2023"). Both are furniture that pages repeat at every page break, so every such line
is removed from the text; the first author and date found become the article's metadata.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .dates import parse_date

MAX_BYLINE = 150

_BY = re.compile(
    r"(?:(?:written|posted|published|reported|story|words|text|report|article)\s+)?by\s*:?\s+"
    r"(?P<rest>.+)",
    re.I,
)
_LABELLED = re.compile(r"(?:authors?|byline|writer|reporter)\s*:\s*(?P<rest>.+)", re.I)
_SEGMENT = re.compile(r"\s*(?:\||·|•|—|–|\s-\s|\bon\b)\s*")
_PAIR = re.compile(r"\s*[|·•]\s*")
_AND = re.compile(r"(?:^|\s)(?:and|&)\s")
_DATE_LABEL = re.compile(
    r"(?P<label>(?:first\s+|last\s+)?(?:published|posted|updated|modified|dated?|released)"
    r"(?:\s+on)?\s*:?\s*)?(?P<date>.+)",
    re.I,
)
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
_PREFIXED = re.compile(r"(?:al|el|ad|ash|as|at|bin|ibn|de|di|d'|o')[-’']?\w", re.I)
_PARTICLES = frozenset({  # lower-case words inside names: "Ursula von der Leyen"
    "de", "da", "das", "do", "dos", "del", "della", "di", "du", "van", "von", "der", "den", "ter",
    "la", "le", "bin", "binti", "ibn", "al", "el", "y", "e",
})  # fmt: skip


class Byline(NamedTuple):
    """What a byline or a date line says; either field may be None."""

    author: str | None
    date: str | None
    updated: bool = False  # a date labelled "Updated": the publication date is better


def read_byline(line: str) -> Byline | None:
    """The author and date a byline or date line gives, or None for any other line.

    >>> read_byline("Written by Angeline Tan on September 18, 2023")
    Byline(author='Angeline Tan', date='2023-09-18', updated=False)
    >>> read_byline("By Jane Doe, Reuters")
    Byline(author='Jane Doe', date=None, updated=False)
    >>> read_byline("By September, troops had left.") is None
    True
    """
    text = line.strip()
    if not text or len(text) > MAX_BYLINE:
        return None
    match = _BY.fullmatch(text) or _LABELLED.fullmatch(text)
    if match is not None:
        return _after_by(match["rest"])
    return _name_and_date(text) or _date_line(text)


def is_names(text: str) -> bool:
    """Whether ``text`` is one or more personal or organisation names.

    Names are capitalised words (particles such as "de", "van", "bin" allowed inside),
    listed with commas, "and" or "&".

    >>> is_names("Sergei Shoigu and Kim Jong Un")
    True
    >>> is_names("the minister")
    False
    """
    parts = [part for part in re.split(r"\s*,\s*|\s+(?:and|&)\s+", text.strip())]
    return bool(parts) and all(_is_name(part) for part in parts)


def _is_name(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 6:
        return False
    for index, word in enumerate(words):
        if 0 < index < len(words) - 1 and word.lower() in _PARTICLES:
            continue
        if _NAME_WORD.fullmatch(word) is None:
            return False
        if word[0].islower() and _PREFIXED.match(word) is None:
            return False
    return True


def _after_by(rest: str) -> Byline | None:
    """Read "NAME[, NAME and NAME][, AGENCY][ on | - DATE]" after "By"."""
    segments = _SEGMENT.split(rest.strip())
    pieces = [piece.strip() for piece in segments[0].split(",")]
    # "A, B and C" is one list of authors; otherwise what follows a comma is an agency or a date.
    end = next((i + 1 for i, piece in enumerate(pieces) if _AND.search(piece)), 1)
    author = ", ".join(pieces[:end])
    if not is_names(author):
        return None
    date = None
    for extra in [*pieces[end:], *segments[1:]]:
        dated = _date_line(extra)
        if dated is not None:
            date = date or dated.date
        elif not is_names(extra):
            return None
    return Byline(author, date)


def _name_and_date(text: str) -> Byline | None:
    """Read "NAME | DATE" or "DATE | NAME"."""
    parts = _PAIR.split(text)
    if len(parts) != 2:
        return None
    for name, when in (parts, parts[::-1]):
        date = parse_date(when)
        if date is not None and is_names(name):
            return Byline(name, date)
    return None


def _date_line(text: str) -> Byline | None:
    """Read a date alone on its line, perhaps labelled "Published" or "Updated"."""
    match = _DATE_LABEL.fullmatch(text.strip())
    if match is None:
        return None
    date = parse_date(match["date"])
    if date is None:
        return None
    label = (match["label"] or "").lower()
    return Byline(None, date, updated="updated" in label or "modified" in label)
