"""Markdown (and plain text, which scraped news often writes with Markdown links) to lines.

Block syntax becomes the kind of each line (heading, list item, paragraph break); inline
syntax is removed and the words kept: ``[text](url)`` → text, images dropped, emphasis,
strikethrough and code markers removed, autolinks unwrapped, backslash escapes resolved,
character references (``&amp;``, ``&#8217;``) decoded. Quotes and dashes are left exactly as
written: the evidence later quotes this text.
"""

from __future__ import annotations

import html
import re

from .cleaning import BREAK, HEADING, ITEM, TEXT, Line

# Each rule removes at least one character, so applying them until nothing changes ends.
_INLINE_RULES = (
    (re.compile(r"!\[[^\[\]\n]{0,500}\]\([^()\n]{0,2000}\)"), ""),
    (
        re.compile(
            r"\[([^\[\]\n]{0,500})\]\((?:[^()\s]|\([^()\s]{0,200}\)){0,2000}"
            r"""(?:\s+(?:"[^"\n]{0,300}"|'[^'\n]{0,300}'))?\s*\)"""
        ),
        r"\1",
    ),
    (re.compile(r"\[([^\[\]\n]{1,500})\]\[[^\[\]\n]{0,100}\]"), r"\1"),
    (
        re.compile(r"<((?:https?|ftp)://[^<>\s]{1,2000}|[^<>\s@]{1,100}@[^<>\s@]{1,100}\.\w+)>"),
        r"\1",
    ),
    (re.compile(r"(?<![\w*\\])(\*{1,3})(?=[^\s*])([^\n]{1,300}?)(?<=[^\s*\\])\1(?![\w*])"), r"\2"),
    (re.compile(r"(?<![\w\\])(_{1,3})(?=[^\s_])([^\n]{1,300}?)(?<=[^\s_\\])\1(?![\w])"), r"\2"),
    (re.compile(r"~~(?=\S)([^\n]{1,300}?)(?<=\S)~~"), r"\1"),
    (re.compile(r"`([^`\n]{1,300})`"), r"\1"),
)
_MAX_PASSES = 20
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*")
_RULE = re.compile(r" {0,3}(?:(?:[-*_=][ \t]*){3,})")
_QUOTE = re.compile(r" {0,3}>[ \t]?")
_ITEM = re.compile(r"[ \t]*(?:[-*+•‣◦▪]|\d{1,3}[.)])[ \t]+(?P<text>\S.*)")
_FENCE = re.compile(r" {0,3}(?:```|~~~)")
_DEFINITION = re.compile(r" {0,3}\[[^\]]{1,200}\]:\s*\S+.*")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*")
_FRONT = re.compile(r"---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_ENTRY = re.compile(r"(?P<key>[A-Za-z][\w-]*)[ \t]*:(?:[ \t]+(?P<value>.*))?")
_FRONT_KEYS = {
    "id": "id",
    "title": "title",
    "headline": "title",
    "author": "author",
    "authors": "author",
    "byline": "author",
    "date": "date",
    "published": "date",
    "published_at": "date",
    "pubdate": "date",
    "url": "url",
    "link": "url",
    "canonical_url": "url",
    "source_url": "url",
    "publisher": "publisher",
    "site_name": "publisher",
}


def strip_inline(text: str) -> str:
    """``text`` without Markdown inline syntax; the words and punctuation stay.

    >>> strip_inline("Kim and Shoigu [inspected bombers](#) on **September 16**.")
    'Kim and Shoigu inspected bombers on September 16.'
    >>> strip_inline("![photo](a.jpg)snake_case_name stays")
    'snake_case_name stays'
    """
    for _ in range(_MAX_PASSES):
        before = text
        for pattern, replacement in _INLINE_RULES:
            text = pattern.sub(replacement, text)
        if text == before:
            break
    return text


def unescape(text: str) -> str:
    r"""Resolve Markdown backslash escapes (done once, after ``strip_inline``).

    >>> unescape(r"1\. not a list, \*not emphasis\*")
    '1. not a list, *not emphasis*'
    """
    return _ESCAPE.sub(r"\1", text)


def markdown_lines(text: str) -> tuple[dict[str, str], list[Line]]:
    """Split Markdown or plain text into its front-matter fields and its lines.

    Args:
        text: sanitised text (``\n`` line ends).

    Returns:
        The front matter's known fields (title, author, date, url, publisher, id) as written,
        and the lines, each with its kind; inline syntax is still in them.
    """
    front, body = split_front_matter(text)
    body = _REFERENCE.sub(lambda match: html.unescape(match.group()), body)
    lines: list[Line] = []
    for raw in body.split("\n"):
        lines.extend(_line(raw))
    return front, lines


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Front matter between ``---`` lines at the very top, and the text after it.

    Only taken when every line in it is a ``key: value`` entry (or a list item or a
    continuation of one) and at least one key is known; otherwise the text is left whole.

    >>> split_front_matter("---\\ntitle: Kim meets Putin\\n---\\nBody.")
    ({'title': 'Kim meets Putin'}, 'Body.')
    """
    match = _FRONT.match(text)
    if match is None:
        return {}, text
    fields: dict[str, str] = {}
    for line in match["body"].split("\n"):
        if not line.strip() or line[:1] in " \t-":
            continue
        entry = _FRONT_ENTRY.fullmatch(line.rstrip())
        if entry is None:
            return {}, text
        key = _FRONT_KEYS.get(entry["key"].lower())
        value = (entry["value"] or "").strip().strip("[]").strip().strip("\"'")
        if key and value and key not in fields:
            fields[key] = value
    if not fields:
        return {}, text
    return fields, text[match.end() :]


def _line(raw: str) -> list[Line]:
    """The lines one line of Markdown contributes (none for syntax-only lines)."""
    if not raw.strip():
        return [Line("", BREAK)]
    table_rule = "|" in raw and _TABLE_RULE.fullmatch(raw)
    if _FENCE.match(raw) or _DEFINITION.fullmatch(raw) or table_rule:
        return []
    while _QUOTE.match(raw):
        raw = _QUOTE.sub("", raw, count=1)
        if not raw.strip():
            return [Line("", BREAK)]
    if _RULE.fullmatch(raw):
        return [Line("", BREAK)]
    heading = _HEADING.fullmatch(raw)
    if heading is not None:
        return [Line(heading["text"] or "", HEADING)]
    item = _ITEM.fullmatch(raw)
    if item is not None:
        return [Line(item["text"], ITEM)]
    return [Line(raw, TEXT)]
