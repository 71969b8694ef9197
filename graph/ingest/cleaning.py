"""From lines of an article (read from text, Markdown or HTML) to its clean text and metadata.

The steps, each a small function over a list of ``Line``:

1. bylines and date lines are read (first author, first publication date) and removed,
   wherever they stand: pages repeat them at every page break;
2. photo credits are removed with the caption next to them, and ad slots where they stand;
3. end matter is cut: from a marker line ("Subscribe to ...", "Related articles", ...) in the
   second half of the text through the end, adverts and their feature lists included;
4. lines are joined into paragraphs (one line of text each, single spaces), separated by one
   blank line;
5. the title: leading paragraphs equal to a title given in metadata are dropped; with no title
   given, a first paragraph that reads like a headline (a heading, or a short line without
   final punctuation, followed by more text) becomes the title.

The result's ``text`` is ``Document.text``: what the NLP stage reads and what evidence offsets
refer to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from . import boilerplate
from .bylines import read_byline

TEXT, HEADING, ITEM, BREAK = "text", "heading", "item", "break"
TAIL_START = 0.5  # end-matter markers count from this share of the text onwards
MAX_TITLE = 150
MAX_HEADING_TITLE = 300

_NEWLINE = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\t]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_TITLE_END = tuple(".,;:!…")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of an article and what kind of line it is (TEXT, HEADING, ITEM or BREAK)."""

    text: str
    kind: str = TEXT


@dataclass(frozen=True, slots=True)
class Cleaned:
    """An article's clean text and the metadata read from it."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None


def sanitize(text: str) -> str:
    r"""Line ends to ``\n``; control, invisible and unpaired surrogate characters removed.

    What is left is valid in XML 1.0 and encodable as UTF-8.

    >>> sanitize("a\r\nb\x00c\u200bd")
    'a\nb cd'
    >>> sanitize("\ud800") == "\ufffd"
    True
    """
    text = _NEWLINE.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    return _SURROGATE.sub("\ufffd", text)


def tidy(text: str) -> str:
    """Whitespace runs to single spaces, none at the ends.

    >>> tidy("  Kim\\u00a0 met   Putin ")
    'Kim met Putin'
    """
    return " ".join(text.split())


def clean_lines(
    lines: Iterable[Line],
    *,
    titles: Iterable[str | None] = (),
    inline: Callable[[str], str] | None = None,
    finish: Callable[[str], str] | None = None,
) -> Cleaned:
    """Clean an article given as lines (see the module docstring for the steps).

    Args:
        lines: the article's lines in order.
        titles: titles known from metadata; leading paragraphs equal to one are dropped and
            no title is looked for in the text.
        inline: removes inline markup from a line or paragraph (Markdown), if any.
        finish: applied once to each finished paragraph (Markdown escapes), if any.

    >>> clean_lines([Line("By Jane Doe"), Line("Kim meets Putin"), Line("", BREAK),
    ...              Line("Kim met Putin."), Line("AP Images")])
    Cleaned(text='Kim met Putin.', title='Kim meets Putin', author='Jane Doe', date=None)
    """
    prepared = [Line(tidy(inline(line.text) if inline else line.text), line.kind) for line in lines]
    author, date, kept = _take_bylines(prepared)
    kept = _drop_credits(kept)
    kept = _cut_end_matter(kept)
    paragraphs = _paragraphs(kept, inline, finish)
    known = [title for title in titles if title]
    title = None
    if known:
        paragraphs = _drop_titles(paragraphs, known)
    elif len(paragraphs) > 1 and _is_title(paragraphs[0]):
        title, paragraphs = paragraphs[0].text, paragraphs[1:]
    text = "\n\n".join(paragraph.text for paragraph in paragraphs)
    return Cleaned(text=text, title=title, author=author, date=date)


def _take_bylines(lines: list[Line]) -> tuple[str | None, str | None, list[Line]]:
    """The first author and publication date in bylines, and the lines without bylines."""
    author = date = updated = None
    kept = []
    for line in lines:
        byline = read_byline(line.text) if line.kind != BREAK else None
        if byline is None:
            kept.append(line)
            continue
        author = author or byline.author
        if byline.updated:
            updated = updated or byline.date
        else:
            date = date or byline.date
        kept.append(Line("", BREAK))
    return author, date or updated, kept


def _drop_credits(lines: list[Line]) -> list[Line]:
    """Lines without photo credits, their captions and ad slots."""
    drop: set[int] = set()
    first = next((i for i, line in enumerate(lines) if line.kind != BREAK), -1)
    for index, line in enumerate(lines):
        if line.kind == BREAK:
            continue
        if boilerplate.is_ad_slot(line.text) or boilerplate.is_captioned_credit(line.text):
            drop.add(index)
        elif boilerplate.is_credit(line.text):
            drop.add(index)
            caption = _caption_of(lines, index, protected={first} | drop)
            if caption is not None:
                drop.add(caption)
    return [Line("", BREAK) if i in drop else line for i, line in enumerate(lines)]


def _caption_of(lines: Sequence[Line], credit: int, *, protected: set[int]) -> int | None:
    """The index of the caption next to the credit at ``credit``, if there is one.

    The line right after the credit comes first, then the one right before, then the same
    across one blank line (where the caption must look like one on its own).
    """
    for step in (1, -1):
        index = credit + step
        if (
            0 <= index < len(lines)
            and lines[index].kind == TEXT
            and index not in protected
            and boilerplate.is_caption(lines[index].text, same_block=True)
        ):
            return index
    for step in (1, -1):
        index = credit + step
        while 0 <= index < len(lines) and lines[index].kind == BREAK:
            index += step
        if (
            0 <= index < len(lines)
            and abs(index - credit) > 1
            and lines[index].kind == TEXT
            and index not in protected
            and boilerplate.is_caption(lines[index].text, same_block=False)
        ):
            return index
    return None


def _cut_end_matter(lines: list[Line]) -> list[Line]:
    """Lines up to the first end-matter marker in the tail; earlier markers alone dropped."""
    total = sum(len(line.text) for line in lines) or 1
    seen = 0
    kept = []
    for line in lines:
        if line.kind != BREAK and boilerplate.is_end_marker(line.text):
            if seen >= TAIL_START * total:
                break
            kept.append(Line("", BREAK))
        else:
            kept.append(line)
        seen += len(line.text)
    return kept


def _paragraphs(
    lines: list[Line],
    inline: Callable[[str], str] | None,
    finish: Callable[[str], str] | None,
) -> list[Line]:
    """Join runs of text lines into paragraphs; headings and list items stand alone."""
    paragraphs: list[Line] = []
    run: list[str] = []

    def close(text: str, kind: str) -> None:
        text = inline(text) if inline else text
        text = tidy(finish(text) if finish else text)
        if text:
            paragraphs.append(Line(text, kind))

    for line in lines:
        if line.kind == TEXT and line.text:
            run.append(line.text)
            continue
        if run:
            close(" ".join(run), TEXT)
            run = []
        if line.kind in (HEADING, ITEM):
            close(line.text, line.kind)
    if run:
        close(" ".join(run), TEXT)
    return paragraphs


def _is_title(paragraph: Line) -> bool:
    """Whether a first paragraph reads like a headline."""
    text = paragraph.text
    if paragraph.kind == HEADING:
        return len(text) <= MAX_HEADING_TITLE
    if paragraph.kind != TEXT or len(text) > MAX_TITLE or not any(c.isalpha() for c in text):
        return False
    words = text.split()
    ends = text.rstrip("\"”’'»)")
    return 2 <= len(words) <= 25 and not ends.endswith(_TITLE_END) and text[0] not in "\"“‘'«"


def _drop_titles(paragraphs: list[Line], titles: list[str]) -> list[Line]:
    """Paragraphs without the leading ones that repeat a known title."""
    keys = {_title_key(title) for title in titles}
    start = 0
    while start < len(paragraphs) - 1 and _title_key(paragraphs[start].text) in keys:
        start += 1
    return paragraphs[start:]


def _title_key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())
