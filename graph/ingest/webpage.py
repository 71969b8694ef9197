"""HTML pages to article lines and metadata, with the standard library's tolerant parser.

What is read:

- text from paragraph-like blocks (``<p>``, ``<h1>``–``<h6>``, ``<li>``, ``<blockquote>``,
  ``<pre>``, ``<dd>``, ``<dt>``), taken from the largest ``<article>`` when there is one, else
  from ``<main>``, else from the whole page; text outside any block only when a page has no
  blocks at all. ``<br>`` starts a new line inside a block.
- nothing inside scripts, styles, navigation, headers, footers, asides, forms, figures,
  embedded frames and SVG, nor inside elements that are hidden (``hidden``,
  ``aria-hidden="true"``, ``display: none``) or are landmarks of page chrome (ARIA roles, and
  class names naming share buttons, newsletters, related links, ads, comments, ...).
- metadata from ``<meta>`` (Open Graph, article:*, author, date), ``<title>``,
  ``<link rel="canonical">``, ``<time datetime>`` and JSON-LD ``NewsArticle`` objects.

Character references are decoded by the parser; text that looks like markup (an escaped
``&lt;script&gt;`` in a paragraph) stays text and is never parsed again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .cleaning import BREAK, HEADING, ITEM, TEXT, Line, sanitize, tidy
from .dates import parse_date

# fmt: off
_SKIP = frozenset({
    "script", "style", "noscript", "template", "iframe", "svg", "math", "nav", "header",
    "footer", "aside", "form", "button", "select", "textarea", "figure", "figcaption", "object",
    "embed", "canvas", "video", "audio", "picture", "dialog", "menu",
})
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})
_BOUNDARIES = frozenset({
    "div", "section", "article", "main", "ul", "ol", "dl", "table", "tr", "td", "th", "body",
    "address", "hr", "caption",
})
_CLOSES_P = frozenset({
    "address", "article", "aside", "blockquote", "div", "dl", "fieldset", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section",
    "table", "ul", "figure", "menu",
})
_CHROME_ROLES = frozenset({
    "navigation", "banner", "contentinfo", "complementary", "search", "dialog",
})
_CHROME_CLASSES = frozenset({
    "share", "sharing", "social", "newsletter", "related", "advert", "advertisement", "ad", "ads",
    "promo", "subscribe", "subscription", "paywall", "cookie", "cookies", "comments", "comment",
    "breadcrumb", "breadcrumbs", "sidebar", "popup", "modal",
})
_ARTICLE_TYPES = frozenset({
    "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "BlogPosting", "Report",
})
# fmt: on
_BLOCKS = {"p": TEXT, "blockquote": TEXT, "pre": TEXT, "dd": TEXT, "dt": TEXT, "li": ITEM}
_BLOCKS.update({f"h{level}": HEADING for level in range(1, 7)})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_UNFINISHED = re.compile(r"<[A-Za-z/!?]")
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ")


@dataclass(slots=True)
class Webpage:
    """What a page gives: its article's lines and the metadata the page declares."""

    lines: list[Line] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    publisher: str | None = None


def read_webpage(markup: str) -> Webpage:
    """The article lines and metadata of an HTML page.

    Raises:
        ValueError: the parser gave up on the markup.

    >>> page = read_webpage("<title>T</title><nav>Home</nav><p>Kim &amp; Putin met.</p>")
    >>> page.title, [line.text for line in page.lines]
    ('T', ['Kim & Putin met.', ''])
    """
    parser = _PageParser()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, IndexError, RecursionError) as exc:  # the stdlib parser's failures
        raise ValueError(f"cannot parse the HTML: {exc or type(exc).__name__}") from None
    return parser.page()


@dataclass(slots=True)
class _Chunk:
    text: str
    kind: str
    block: bool
    article: int | None
    main: bool


class _PageParser(HTMLParser):
    """Collects text chunks with their context, and metadata, as the markup streams by."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.open_counts: dict[str, int] = {}
        self.skip_at: int | None = None
        self.articles: list[tuple[int, int]] = []  # (stack position, serial) of open <article>s
        self.article_count = 0
        self.buffer: list[str] = []
        self.chunks: list[_Chunk] = []
        self.meta: dict[str, str] = {}
        self.title: list[str] | None = None
        self.title_text: str | None = None
        self.ld_json: list[str] | None = None
        self.ld_objects: list[dict] = []
        self.times: list[tuple[bool, str]] = []

    # -- the parser's callbacks ------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self._metadata(tag, values)
        if tag == "br":
            self.buffer.append("\n")
            return
        if tag in _VOID:
            return
        if tag in _BLOCKS or tag in _BOUNDARIES or tag in _SKIP:
            self._flush()
        if tag in _CLOSES_P and self.stack and self.stack[-1] == "p":
            self._pop_to(len(self.stack) - 1)
        if tag == "li" and "li" in self.open_counts:
            self._close_open_item()
        self._push(tag)
        if self.skip_at is None and self._skipped(tag, values):
            self.skip_at = len(self.stack) - 1
        if tag == "title" and self.skip_at is None and self.title_text is None:
            self.title = []
        if tag == "script" and values.get("type", "").strip().lower() == "application/ld+json":
            self.ld_json = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS or tag in _BOUNDARIES or tag in _SKIP:
            self._flush()
        if tag == "title" and self.title is not None:
            self.title_text = tidy("".join(self.title))
            self.title = None
        if tag == "script" and self.ld_json is not None:
            self._read_ld_json("".join(self.ld_json))
            self.ld_json = None
        if self.open_counts.get(tag):
            index = len(self.stack) - 1 - self.stack[::-1].index(tag)
            self._pop_to(index)

    def handle_data(self, data: str) -> None:
        if self.ld_json is not None:
            self.ld_json.append(data)
        elif self.title is not None:
            self.title.append(data)
        elif self.skip_at is None:
            self.buffer.append(_spaces(data))

    def close(self) -> None:
        # A tag, comment or declaration cut off by the end of the file is dropped, not shown.
        if _UNFINISHED.match(self.rawdata):
            self.rawdata = ""
        super().close()
        self._flush()

    # -- the document being built ----------------------------------------------------------

    def page(self) -> Webpage:
        """The Webpage the markup read so far describes."""
        lines: list[Line] = []
        for chunk in _choose(self.chunks):
            parts = [tidy(part) for part in chunk.text.split("\n")]
            if chunk.kind in (HEADING, ITEM):
                lines.append(Line(" ".join(part for part in parts if part), chunk.kind))
            else:  # an empty line between two <br>s ends a paragraph
                lines.extend(Line(part) if part else Line("", BREAK) for part in parts)
            lines.append(Line("", BREAK))
        ld = self.ld_objects[0] if self.ld_objects else {}
        publisher = _first(self.meta.get("og:site_name"), _ld_name(ld.get("publisher")))
        date = _first_date(
            self.meta.get("article:published_time"),
            ld.get("datePublished"),
            *(self.meta.get(name) for name in _DATE_NAMES),
            *(stamp for inside, stamp in self.times if inside),
            *(stamp for _, stamp in self.times),
        )
        return Webpage(
            lines=lines,
            title=_first(
                self.meta.get("og:title"),
                self.meta.get("twitter:title"),
                _text(ld.get("headline")),
                _trim_site(self.title_text, publisher),
            ),
            author=_first(*(_author(self.meta.get(name)) for name in _AUTHOR_NAMES))
            or _ld_name(ld.get("author")),
            date=date,
            url=_first(self.meta.get("canonical"), self.meta.get("og:url"), _text(ld.get("url"))),
            publisher=publisher,
        )

    def _metadata(self, tag: str, values: dict[str, str]) -> None:
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop") or ""
            content = tidy(sanitize(values.get("content", "")))
            if key and content:
                self.meta.setdefault(key.strip().lower(), content)
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            href = tidy(sanitize(values.get("href", "")))
            if href:
                self.meta.setdefault("canonical", href)
        elif tag == "time" and values.get("datetime"):
            self.times.append((bool(self.articles), values["datetime"]))

    def _skipped(self, tag: str, values: dict[str, str]) -> bool:
        if tag in _SKIP or "hidden" in values:
            return True
        if values.get("aria-hidden", "").strip().lower() == "true":
            return True
        if _HIDDEN_STYLE.search(values.get("style", "")):
            return True
        if values.get("role", "").strip().lower() in _CHROME_ROLES:
            return True
        words = re.split(r"[\s_-]+", values.get("class", "").lower())
        return not _CHROME_CLASSES.isdisjoint(words)

    def _push(self, tag: str) -> None:
        self.stack.append(tag)
        self.open_counts[tag] = self.open_counts.get(tag, 0) + 1
        if tag == "article":
            self.article_count += 1
            self.articles.append((len(self.stack) - 1, self.article_count))

    def _pop_to(self, index: int) -> None:
        """Close the element at stack position ``index`` and everything opened inside it."""
        if any(tag in _BLOCKS or tag in _BOUNDARIES or tag in _SKIP for tag in self.stack[index:]):
            self._flush()
        for tag in self.stack[index:]:
            self.open_counts[tag] -= 1
            if not self.open_counts[tag]:
                del self.open_counts[tag]
        del self.stack[index:]
        while self.articles and self.articles[-1][0] >= index:
            self.articles.pop()
        if self.skip_at is not None and self.skip_at >= index:
            self.skip_at = None

    def _close_open_item(self) -> None:
        """A new <li> closes the open one, unless a list opened after it."""
        last_item = len(self.stack) - 1 - self.stack[::-1].index("li")
        if not any(tag in ("ul", "ol") for tag in self.stack[last_item + 1 :]):
            self._pop_to(last_item)

    def _flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer = []
        if not text.strip():
            return
        kind, block = TEXT, False
        for tag in reversed(self.stack):
            if tag in _BLOCKS:
                kind, block = _BLOCKS[tag], True
                break
        article = self.articles[0][1] if self.articles else None
        main = "main" in self.open_counts
        self.chunks.append(_Chunk(sanitize(text), kind, block, article, main))

    def _read_ld_json(self, data: str) -> None:
        try:
            value = json.loads(data)
        except (ValueError, RecursionError):
            return
        for item in _ld_items(value):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(kind, str) and kind in _ARTICLE_TYPES for kind in kinds):
                self.ld_objects.append(item)


_DATE_NAMES = (
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "published_time",
    "datepublished",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "citation_publication_date",
    "parsely-pub-date",
    "sailthru.date",
)
_AUTHOR_NAMES = (
    "author",
    "article:author",
    "byl",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
)


def _choose(chunks: list[_Chunk]) -> list[_Chunk]:
    """The chunks of the article: the largest <article>, else <main>, else all; blocks first."""
    blocks = [chunk for chunk in chunks if chunk.block] or chunks
    sizes: dict[int, int] = {}
    for chunk in blocks:
        if chunk.article is not None:
            sizes[chunk.article] = sizes.get(chunk.article, 0) + len(chunk.text)
    if sizes:
        best = max(sorted(sizes), key=lambda key: sizes[key])
        return [chunk for chunk in blocks if chunk.article == best]
    in_main = [chunk for chunk in blocks if chunk.main]
    return in_main or blocks


def _spaces(data: str) -> str:
    """Source line breaks inside a block are plain spaces in HTML."""
    return data.replace("\r", " ").replace("\n", " ")


def _ld_items(value: object, depth: int = 0) -> Iterator[dict]:
    """The JSON-LD objects in a value: itself, list members, and ``@graph`` members."""
    if depth > 4:
        return
    if isinstance(value, list):
        for member in value:
            yield from _ld_items(member, depth + 1)
    elif isinstance(value, dict):
        yield value
        yield from _ld_items(value.get("@graph"), depth + 1)


def _text(value: object) -> str | None:
    if isinstance(value, str):
        return tidy(sanitize(value)) or None
    if isinstance(value, dict):
        return _text(value.get("@id"))
    return None


def _ld_name(value: object) -> str | None:
    """A name from a JSON-LD person or organisation (or a list of them)."""
    if isinstance(value, list):
        names = [name for name in (_ld_name(member) for member in value[:10]) if name]
        return " and ".join(names) if names else None
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _author(_text(value))


def _author(value: str | None) -> str | None:
    """An author from a meta tag; profile URLs are not names."""
    if not value or re.match(r"(?:https?:)?//", value):
        return None
    return re.sub(r"^by\s+", "", value, flags=re.I) or None


def _trim_site(title: str | None, site: str | None) -> str | None:
    """A <title> without the " | Site Name" most pages add."""
    if not title or not site:
        return title or None
    for separator in _TITLE_SEPARATORS:
        suffix = separator + site
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)].strip()
    return title


def _first(*values: str | None) -> str | None:
    return next((value for value in values if value), None)


def _first_date(*values: object) -> str | None:
    for value in values:
        if isinstance(value, str):
            date = parse_date(value)
            if date is not None:
                return date
    return None
