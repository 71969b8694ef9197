"""Property tests of ingest: hostile bytes, text and JSON lines never crash it, and the text it
produces is clean, stable under a second cleaning, and free of markup the parser made."""

from __future__ import annotations

import contextlib
import html
import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import InputError
from graph.ingest import iter_documents, parse_html, parse_jsonl_line, parse_text
from graph.records import Document

BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SUFFIXES = [".txt", ".md", ".html", ".jsonl", ".dat", ""]
_LEFTOVER_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# Pieces that exercise the cleaning rules, mixed with arbitrary text.
PIECES = st.sampled_from(
    [
        "[link](#)", "![img](a.png)", "**", "*", "_", "`", "~~", "# ", "> ", "- ", "1. ", "---",
        "By Jane Doe", "Written by Jane Doe on September 18, 2023", "Jane Doe | Sep. 18, 2023",
        "AP Images", "Photo: Kim/Reuters", "(left)", "Subscribe to the Wire", "Advertisement",
        "Related articles", "<p>", "</p>", "<script>", "&amp;", "&#8217;", "“", "”", "’", "\\",
        "\n", "\n\n", "\r\n", "\t", "\u00a0", "\u2028", "\x00", "\x1b", "\ud800", "\ufeff",
        "Kim met Putin.", "Seoul", "{", "}", '"', "<", ">", "&",
    ]
)  # fmt: skip
HOSTILE_TEXT = st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=40).map("".join)


def assert_clean(document: Document) -> None:
    """What every Document's text must be, whatever the input."""
    text = document.text
    assert text and text == text.strip()
    assert _LEFTOVER_CONTROL.search(text) is None
    assert "\n\n\n" not in text
    for paragraph in text.split("\n\n"):
        assert paragraph == " ".join(paragraph.split())
    text.encode("utf-8")  # no unpaired surrogates


def outcomes(items: list[Document | InputError]) -> None:
    for item in items:
        assert isinstance(item, Document | InputError), item
        if isinstance(item, Document):
            assert_clean(item)


@BOUNDED
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_give_documents_or_input_errors(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        outcomes(list(iter_documents([path])))


@BOUNDED
@given(text=HOSTILE_TEXT, suffix=st.sampled_from(SUFFIXES), encoding=st.sampled_from(
    ["utf-8", "utf-8-sig", "utf-16", "cp1252"]))  # fmt: skip
def test_encoded_hostile_text_files(text: str, suffix: str, encoding: str) -> None:
    data = (
        text.encode(encoding, errors="replace")
        if encoding == "cp1252"
        else text.encode(encoding, errors="surrogatepass")
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        outcomes(list(iter_documents([Path(folder)])) + list(iter_documents([path])))


@BOUNDED
@given(text=HOSTILE_TEXT)
def test_parsers_raise_only_input_errors(text: str) -> None:
    for parse in (parse_text, parse_html):
        with contextlib.suppress(InputError):
            assert_clean(parse(text, source="x", meta={}))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | HOSTILE_TEXT,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(["id", "text", "title", "date", "url", "x"]), children,
                      max_size=4),
    max_leaves=10,
)  # fmt: skip


@BOUNDED
@given(value=JSON_VALUES, cut=st.integers(min_value=0, max_value=200), noise=HOSTILE_TEXT)
def test_json_lines_raise_only_input_errors(value: object, cut: int, noise: str) -> None:
    line = json.dumps(value)
    for candidate in (line, line[:cut], line + noise, noise):
        try:
            assert_clean(parse_jsonl_line(candidate, source="x.jsonl", line_number=1))
        except InputError as exc:
            assert exc.line == 1


WORDS = st.sampled_from(
    ["Kim", "met", "Putin", "in", "Seoul", "the", "[talks](#)", "**armed**", "_forces_",
     "Reuters", "said", "“friendship”", "Kyiv’s", "AP", "Images", "Subscribe", "By", "Jane",
     "Doe", "(left)", "on", "September", "18,", "2023", "and", "`code`", "Q&A"]
)  # fmt: skip
LINES = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)
SENTENCE_LINES = LINES.map(lambda line: line + ".")
ARTICLES = st.lists(st.one_of(LINES, SENTENCE_LINES), min_size=1, max_size=12).map("\n\n".join)
SENTINEL = {"title": "zzq sentinel title qqz"}  # a given title: no title is looked for


@BOUNDED
@given(text=ARTICLES)
def test_cleaning_clean_text_changes_nothing(text: str) -> None:
    try:
        once = parse_text(text, source="x", meta=SENTINEL).text
    except InputError:
        return
    assert parse_text(once, source="x", meta=SENTINEL).text == once


@BOUNDED
@given(text=st.text(max_size=300))
def test_escaped_text_in_a_paragraph_stays_text(text: str) -> None:
    try:
        document = parse_html(f"<p>{html.escape(text)}</p>", source="x.html")
    except InputError:
        return
    assert document.text.count("<") <= text.count("<")
    assert document.text.count(">") <= text.count(">")


TAGS = st.sampled_from(
    ["p", "div", "span", "b", "li", "ul", "h1", "script", "style", "nav", "article", "main",
     "blockquote", "br", "img", "table", "td", "svg", "template", "a"]
)  # fmt: skip
SAFE_TEXT = st.text(
    alphabet=st.characters(blacklist_characters="<>&", blacklist_categories=["Cs"]), max_size=30
)
ELEMENTS = st.recursive(
    SAFE_TEXT,
    lambda children: st.tuples(TAGS, st.lists(children, max_size=4), st.booleans()).map(
        lambda parts: f"<{parts[0]}>" + "".join(parts[1]) + (f"</{parts[0]}>" if parts[2] else "")
    ),
    max_leaves=20,
)


@BOUNDED
@given(markup=ELEMENTS)
def test_parsed_html_never_shows_markup(markup: str) -> None:
    try:
        document = parse_html(markup, source="x.html")
    except InputError:
        return
    assert_clean(document)
    assert "<" not in document.text and ">" not in document.text
