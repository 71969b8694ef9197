"""ingest: files to Documents — the seed article, formats, encodings, bad input, batches."""

from __future__ import annotations

import doctest
import importlib
import json
import random
import re
import shutil
from pathlib import Path

import pytest

from graph.errors import InputError, UsageError
from graph.ingest import (
    iter_documents,
    parse_date,
    parse_html,
    parse_jsonl_line,
    parse_text,
    read_text_file,
)
from graph.records import Document
from graph.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "data" / "articles"
SEED = ARTICLES / "000_ecd09d62f26e1832.txt"
FIXTURES = Path(__file__).resolve().parent / "data" / "ingest"

BODY = (
    "Kim met Putin in Vladivostok on Wednesday. The two leaders discussed military "
    "cooperation and the war in Ukraine for several hours, officials said.\n\n"
    "China's foreign ministry said it welcomed closer ties between its two neighbours and "
    "called for calm on the peninsula.\n\n"
    "Seoul said any arms deal would breach United Nations sanctions.\n"
)


def documents(*paths: Path | str, settings: Settings | None = None) -> list[Document]:
    items = list(iter_documents(paths, settings))
    errors = [item for item in items if isinstance(item, InputError)]
    assert not errors, errors
    return items  # type: ignore[return-value]


def errors_of(*paths: Path | str, settings: Settings | None = None) -> list[InputError]:
    return [item for item in iter_documents(paths, settings) if isinstance(item, InputError)]


def text_of(text: str, **meta: str) -> str:
    return parse_text(text, source="test.txt", meta=meta).text


# -- the seed article ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Document:
    (document,) = documents(ARTICLES)
    return document


def test_seed_is_one_document_with_its_metadata(seed: Document) -> None:
    assert seed.id == "000_ecd09d62f26e1832"
    assert seed.title == "North Korea Deepens Ties With Russia and China"
    assert seed.author == "Angeline Tan"
    assert seed.date == "2023-09-18"
    assert seed.publisher == "The New American"
    assert seed.url is None
    assert seed.source == str(SEED)


@pytest.mark.parametrize(
    "furniture",
    ["](#)", "](", "Written by", "AP Images", "(left)", "Subscribe", "24 Issues Per Year",
     "What's Included", "exclusive digital access", "Cancel anytime", "\n\n\n"],
)  # fmt: skip
def test_seed_text_has_no_markup_or_furniture(seed: Document, furniture: str) -> None:
    assert furniture not in seed.text


def test_seed_keeps_only_the_editorial_brackets(seed: Document) -> None:
    # The journalist's own insertion in a quotation is text, not link markup.
    assert re.findall(r"\[[^\]]*\]", seed.text) == ["[with Russia]"]
    assert seed.text.count("[") == 1


def test_seed_title_line_is_not_in_the_body(seed: Document) -> None:
    assert seed.title is not None
    assert seed.title not in seed.text
    assert seed.text.startswith("North Korea's leader Kim Jong Un and Russia's Defense Minister")


def test_seed_keeps_the_body(seed: Document) -> None:
    assert (
        "Kim and Shoigu inspected Russian nuclear-capable strategic bombers, warships, and "
        "hypersonic missiles on September 16." in seed.text
    )
    assert 'under the name "Kim CHen Yn," accusing Kim' in seed.text
    assert "Oleg Kozhemyako, governor of Russia's far-eastern Primorsky region" in seed.text
    last = seed.text.split("\n\n")[-1]
    assert last.startswith("Mirotvorets exposes the personal data")
    assert last.endswith("which has been in operation since August 2014.")


def test_seed_keeps_curly_quotes_as_written(seed: Document) -> None:
    assert "“eliminated”" in seed.text
    assert "Kyiv’s Western supporters" in seed.text


def test_seed_paragraphs_are_tidy(seed: Document) -> None:
    paragraphs = seed.text.split("\n\n")
    assert len(paragraphs) == 25
    for paragraph in paragraphs:
        assert paragraph == " ".join(paragraph.split())


def test_seed_without_sidecar_reads_title_author_and_date(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / SEED.name)
    (document,) = documents(tmp_path)
    assert document.id == "000_ecd09d62f26e1832"  # the file's stem
    assert document.title == "North Korea Deepens Ties With Russia and China"
    assert (document.author, document.date, document.publisher) == (
        "Angeline Tan",
        "2023-09-18",
        None,
    )


def test_seed_sidecar_is_not_an_input() -> None:
    assert [doc.source for doc in documents(ARTICLES)] == [str(SEED)]


# -- bylines, titles, credits, end matter (general rules) ----------------------------------------


@pytest.mark.parametrize(
    ("line", "author", "date"),
    [
        ("By Jane Doe", "Jane Doe", None),
        ("BY JANE DOE", "JANE DOE", None),
        ("By Jane Doe, Reuters", "Jane Doe", None),
        ("By Jane Doe and John Roe | Sep. 18, 2023", "Jane Doe and John Roe", "2023-09-18"),
        ("By Ana de la Cruz, Lee Min-ho and Omar al-Hassan",
         "Ana de la Cruz, Lee Min-ho and Omar al-Hassan", None),
        ("Written by [Jane Doe](https://x.example/jd) on 18 September 2023",
         "Jane Doe", "2023-09-18"),
        ("Posted by Jane Doe on 2023-09-18T10:00:00Z", "Jane Doe", "2023-09-18"),
        ("Jane Doe | September 18, 2023", "Jane Doe", "2023-09-18"),
        ("Author: Jane Doe", "Jane Doe", None),
        ("Published: Monday, September 18, 2023 at 10:05 AM EDT", None, "2023-09-18"),
    ],
)  # fmt: skip
def test_bylines_give_author_and_date_and_leave_the_text(
    line: str, author: str | None, date: str | None
) -> None:
    document = parse_text(f"{line}\n\n{BODY}", source="a.txt")
    assert (document.author, document.date) == (author, date)
    assert document.text.startswith("Kim met Putin in Vladivostok")


@pytest.mark.parametrize(
    "line",
    ["By contrast, Seoul said nothing.", "By September, troops had left the border.",
     "By the end of the week the talks had stalled", "Jane Doe | the ministry"],
)  # fmt: skip
def test_sentences_starting_with_by_are_not_bylines(line: str) -> None:
    document = parse_text(f"{BODY}\n{line}\n\nMore text follows here.", source="a.txt")
    assert document.author is None
    assert line in document.text


def test_updated_date_is_used_only_without_a_published_date() -> None:
    text = f"Updated: Sep. 20, 2023\n\nPublished: Sep. 18, 2023\n\n{BODY}"
    assert parse_text(text, source="a.txt").date == "2023-09-18"
    assert parse_text(f"Updated: Sep. 20, 2023\n\n{BODY}", source="a.txt").date == "2023-09-20"


def test_repeated_bylines_are_removed_everywhere() -> None:
    byline = "By Jane Doe | Sep. 18, 2023"
    paragraphs = BODY.strip().split("\n\n")
    text = "\n\n".join([byline, paragraphs[0], byline, paragraphs[1], byline, paragraphs[2]])
    document = parse_text(text, source="a.txt")
    assert "Jane Doe" not in document.text
    assert document.text.split("\n\n") == paragraphs


def test_first_short_unpunctuated_line_is_the_title() -> None:
    document = parse_text(f"Kim and Putin Meet in the Far East\n\n{BODY}", source="a.txt")
    assert document.title == "Kim and Putin Meet in the Far East"
    assert document.text.startswith("Kim met Putin")


@pytest.mark.parametrize(
    "first",
    ["Kim met Putin on Wednesday.", "One", '"We will stand together," Kim said'],
)
def test_a_first_line_that_is_not_a_headline_stays_text(first: str) -> None:
    document = parse_text(f"{first}\n\n{BODY}", source="a.txt")
    assert document.title is None
    assert document.text.startswith(first)


def test_a_single_paragraph_has_no_title() -> None:
    document = parse_text("Kim meets Putin", source="a.txt")
    assert (document.title, document.text) == (None, "Kim meets Putin")


def test_a_given_title_removes_the_title_line_and_wins() -> None:
    text = f"KIM AND PUTIN MEET!\n\n{BODY}"
    document = parse_text(text, source="a.txt", meta={"title": "Kim and Putin meet"})
    assert document.title == "Kim and Putin meet"
    assert document.text.startswith("Kim met Putin")


CREDITS = [
    ("AP Images", "Russia's Sergei Shoigu (left) and Kim Jong Un"),
    ("Photo: Kim Hong-Ji/Reuters", "Yoon Suk Yeol at a briefing in Seoul"),
    ("Ed Jones/AFP via Getty Images", "Vladimir Putin and Kim Jong Un"),
    ("(AP Photo/Ahn Young-joon)", "A television screen in Seoul shows the launch"),
    ("Getty Images", "Mao Ning (center)"),
]


def with_block(block: str) -> str:
    paragraphs = BODY.strip().split("\n\n")
    return "\n\n".join([paragraphs[0], block, *paragraphs[1:]])


@pytest.mark.parametrize(("credit", "caption"), CREDITS)
def test_photo_credits_go_with_their_captions(credit: str, caption: str) -> None:
    for block in (f"{credit}\n{caption}", f"{caption}\n{credit}"):
        assert text_of(with_block(block)) == text_of(BODY), block


@pytest.mark.parametrize(("credit", "caption"), [CREDITS[0], CREDITS[2], CREDITS[4]])
def test_captions_across_a_blank_line_must_look_like_captions(credit: str, caption: str) -> None:
    assert text_of(with_block(f"{credit}\n\n{caption}")) == text_of(BODY)
    assert text_of(with_block(f"{caption}\n\n{credit}")) == text_of(BODY)
    kept = "A television screen in Seoul shows the launch"
    assert kept in text_of(with_block(f"{credit}\n\n{kept}"))


def test_caption_with_its_credit_on_one_line_is_removed() -> None:
    line = "Kim Jong Un inspects a warship in Vladivostok. (KCNA via Reuters)"
    assert text_of(f"{BODY}\n{line}\n\nThe visit lasted a week.").count("warship") == 0


def test_sentences_naming_agencies_are_kept() -> None:
    lines = ["Reuters reported that the talks had stalled.", "AFP said the border was quiet."]
    text = text_of(BODY + "\n" + "\n\n".join(lines))
    assert all(line in text for line in lines)


def test_a_full_sentence_next_to_a_credit_is_kept() -> None:
    text = text_of(f"{BODY}\nGetty Images\nThe ministry said the talks would resume in May.")
    assert "Getty Images" not in text
    assert "The ministry said the talks would resume in May." in text


def test_end_matter_is_cut_from_its_marker_through_the_end() -> None:
    tail = (
        "Sign up for our Asia newsletter\n\nThe best of the week, every Friday.\n\n"
        "- Exclusive analysis\n- Delivered daily\n\nComments (12)\n\nGreat article!"
    )
    assert text_of(f"{BODY}\n{tail}") == text_of(BODY)


@pytest.mark.parametrize(
    "marker",
    ["Subscribe to The Daily Wire", "Related articles", "Newsletter", "Share this article",
     "Comments", "You may also like", "Read more:", "© 2023 Example News", "Tags: Korea, Russia"],
)  # fmt: skip
def test_end_markers_near_the_end(marker: str) -> None:
    assert text_of(f"{BODY}\n{marker}\n\nA teaser of another story here.") == text_of(BODY)


def test_an_early_marker_drops_only_its_line() -> None:
    text = text_of(f"Related articles\n\n{BODY}")
    assert text == text_of(BODY)


@pytest.mark.parametrize(
    "line",
    ["Reporting by Jane Doe in Seoul; Editing by John Roe", "Additional reporting by Li Wei",
     "Click to share on X (Opens in new window)", "Story continues below advertisement"],
)  # fmt: skip
def test_staff_credits_and_prompts_are_dropped(line: str) -> None:
    paragraphs = BODY.strip().split("\n\n")
    assert text_of("\n\n".join([paragraphs[0], line, *paragraphs[1:]])).split("\n\n") == paragraphs


def test_ad_slots_are_dropped_where_they_stand() -> None:
    paragraphs = BODY.strip().split("\n\n")
    text = "\n\n".join(
        [paragraphs[0], "ADVERTISEMENT", paragraphs[1], "Advertisement", paragraphs[2]]
    )
    assert text_of(text).split("\n\n") == paragraphs


# -- Markdown and plain text ---------------------------------------------------------------------


def test_markdown_article() -> None:
    (document,) = documents(FIXTURES / "markdown-article.md")
    assert document.id == "markdown-article"
    assert document.title == "Seoul Protests Pyongyang's Missile Launch"
    assert (document.author, document.date) == ("Jane Doe and John Roe", "2023-09-20")
    paragraphs = document.text.split("\n\n")
    assert paragraphs[0] == (
        "South Korea's foreign ministry condemned the launch on Wednesday, calling it a clear "
        "violation of UN Security Council resolutions."
    )
    assert '"We will respond firmly," the ministry said in a statement.' in paragraphs
    assert "Reaction abroad" in paragraphs
    assert "Washington called for restraint." in paragraphs
    assert "Beijing urged calm on all sides." in paragraphs
    assert paragraphs[-1].endswith("likely before the end of the year.")
    gone = ["Kim Hong-Ji", "(center)", "Advertisement", "newsletter", "Exclusive", "launch.jpg",
            "**", "`", "#", "](", "By Jane"]  # fmt: skip
    assert [piece for piece in gone if piece in document.text] == []


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("See [the report](https://x.example/r \"Report\") now.", "See the report now."),
        ("A ![map](map.png)map and [ref][1].\n\n[1]: https://x.example", "A map and ref."),
        ("**Bold**, *it*, __strong__, _em_, ~~old~~, `code`.", "Bold, it, strong, em, old, code."),
        ("snake_case_name and 2*3*4 stay", "snake_case_name and 2*3*4 stay"),
        ("### Heading ###", "Heading"),
        ("> quoted\n> text", "quoted text"),
        ("1. first\n2) second\n• third", "first\n\nsecond\n\nthird"),
        ("Escaped \\*stars\\* and 1\\. dot", "Escaped *stars* and 1. dot"),
        ("Q&amp;A &#8217;quoted&#8217; R&D &para", "Q&A ’quoted’ R&D &para"),
        ("Visit <https://x.example/a>.", "Visit https://x.example/a."),
        ("```\ncode line\n```", "code line"),
        ("Nested [[inner](a)](b) link", "Nested inner link"),
    ],
)  # fmt: skip
def test_markdown_inline_and_block_syntax(markdown: str, text: str) -> None:
    assert text_of(markdown) == text


def test_whitespace_is_normalised() -> None:
    raw = "\n\n  First line\r\nwrapped\there.\u00a0Yes.  \r\n\r\n\r\n\r\n\tSecond\u2028para. \n\n\n"
    assert text_of(raw) == "First line wrapped here. Yes.\n\nSecond para."


def test_control_and_invisible_characters_are_removed() -> None:
    assert text_of("Kim\x00 met\x07 Pu\u200btin\ufeff.\x1b") == "Kim met Putin."


def test_front_matter_is_metadata_and_a_sidecar_wins(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(
        '---\ntitle: Kim Visits Russia\nauthor: "Jane Doe"\ndate: 2023-09-13\n'
        "url: https://x.example/kim\ntags:\n  - korea\n---\n\n" + BODY,
        encoding="utf-8",
    )
    (document,) = documents(path)
    assert (document.title, document.author, document.date) == (
        "Kim Visits Russia",
        "Jane Doe",
        "2023-09-13",
    )
    assert document.id == "https://x.example/kim"
    assert document.text == text_of(BODY)
    (tmp_path / "story.md.meta.json").write_text(
        '{"title": "Given", "id": "k-1"}', encoding="utf-8"
    )
    (document,) = documents(path)
    assert (document.title, document.id, document.author) == ("Given", "k-1", "Jane Doe")


def test_a_leading_rule_is_not_front_matter() -> None:
    assert text_of("---\nKim met Putin.\n---\nThey talked.") == "Kim met Putin.\n\nThey talked."


# -- HTML ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def web() -> Document:
    (document,) = documents(FIXTURES / "web-article.html")
    return document


def test_html_metadata(web: Document) -> None:
    assert web.title == "Tokyo and Manila Sign Defence Pact"
    assert web.author == "Maria Santos"
    assert web.date == "2023-11-03"
    assert web.url == "https://pacific-wire.example/2023/11/tokyo-manila-pact"
    assert web.id == web.url
    assert web.publisher == "Pacific Wire"


def test_html_text_is_the_article_only(web: Document) -> None:
    assert web.text.split("\n\n") == [
        "Japan and the Philippines signed a reciprocal access agreement on Friday, allowing each "
        'other’s troops to train on their territory — a pact Beijing criticised as "bloc '
        'confrontation".',
        "The ministers said the tag <script>alert(1)</script> had no place in a treaty text & "
        "laughed.",
        "“This agreement strengthens peace in the region,” the Philippine defence secretary said.",
        "Talks covered:",
        "joint exercises",
        "maritime patrols",
        "Café owners in Manila welcomed the news. Others were unsure.",
    ]


@pytest.mark.parametrize(
    "hidden",
    ["not article text", "color: red", "Home", "Share", "Hidden paragraph", "Screen-reader",
     "Invisible", "Enable JavaScript", "Video text", "Fumio Kishida", "Related", "China warns",
     "Search", "All rights reserved", "Maria Santos", "track("],
)  # fmt: skip
def test_html_drops_page_chrome(web: Document, hidden: str) -> None:
    assert hidden not in web.text


def test_html_escaped_script_is_text_and_real_script_is_gone() -> None:
    markup = (
        "<html><body><script>document.write('<p>injected</p>')</script>"
        "<p>Seoul said &lt;script&gt;alert('x')&lt;/script&gt; was typed by a reporter.</p>"
        "<p>Tokyo agreed.</p></body></html>"
    )
    document = parse_html(markup, source="x.html")
    assert document.text == (
        "Seoul said <script>alert('x')</script> was typed by a reporter.\n\nTokyo agreed."
    )


def test_html_prefers_the_largest_article_then_main() -> None:
    teaser = "<article><p>Short teaser about another story.</p></article>"
    story = "<article><p>" + "Kim met Putin in Vladivostok. " * 5 + "</p></article>"
    document = parse_html(f"<body>{teaser}{story}<p>Footer words.</p></body>", source="x.html")
    assert document.text.startswith("Kim met Putin") and "teaser" not in document.text
    document = parse_html("<p>Outside text.</p><main><p>Inside main.</p></main>", source="x.html")
    assert document.text == "Inside main."


def test_html_without_blocks_falls_back_to_loose_text() -> None:
    document = parse_html("<div>Kim met Putin.<br><br>They talked.</div>", source="x.html")
    assert document.text == "Kim met Putin.\n\nThey talked."


def test_html_json_ld_metadata() -> None:
    markup = (
        '<script type="application/ld+json">{"@graph": [{"@type": "WebSite"}, '
        '{"@type": ["NewsArticle"], "headline": "Seoul Protests", '
        '"datePublished": "2023-09-18", "author": [{"name": "Jane Doe"}, {"name": "Li Wei"}], '
        '"publisher": {"name": "Wire"}}]}</script><p>Seoul protested the launch.</p>'
    )
    document = parse_html(markup, source="x.html")
    assert (document.title, document.date, document.author, document.publisher) == (
        "Seoul Protests",
        "2023-09-18",
        "Jane Doe and Li Wei",
        "Wire",
    )


def test_html_time_element_and_title_suffix() -> None:
    markup = (
        "<title>Kim meets Putin - Wire</title><meta property='og:site_name' content='Wire'>"
        "<article><time datetime='2023-09-13T09:00:00Z'>Sept 13</time><p>Kim met Putin.</p>"
        "</article>"
    )
    document = parse_html(markup, source="x.html")
    assert (document.title, document.date) == ("Kim meets Putin", "2023-09-13")


def test_html_unfinished_markup_at_the_end_is_dropped() -> None:
    assert parse_html("<p>Kim met Putin.</p><p class='x", source="x.html").text == "Kim met Putin."


def test_html_sidecar_wins_over_page_metadata(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "web-article.html", tmp_path / "page.html")
    (tmp_path / "page.meta.json").write_text(
        json.dumps({"title": "Given title", "author": "Given Author", "url": None}),
        encoding="utf-8",
    )
    (document,) = documents(tmp_path)
    assert (document.title, document.author) == ("Given title", "Given Author")
    assert document.url == "https://pacific-wire.example/2023/11/tokyo-manila-pact"


def test_html_declared_charset_is_used_for_non_utf8_bytes(tmp_path: Path) -> None:
    path = tmp_path / "ru.html"
    path.write_bytes('<meta charset="windows-1251"><p>Москва и Пхеньян.</p>'.encode("cp1251"))
    (document,) = documents(path)
    assert document.text == "Москва и Пхеньян."


# -- JSON Lines ----------------------------------------------------------------------------------


def test_jsonl_batch_good_and_bad_lines() -> None:
    path = FIXTURES / "batch.jsonl"
    items = list(iter_documents([path]))
    summary = [
        (item.line, item.reason) if isinstance(item, InputError) else (item.source, item.id)
        for item in items
    ]
    assert summary == [
        (f"{path}:1", "wire-1"),
        (3, "invalid JSON: Expecting ',' delimiter (column 69)"),
        (4, "not a JSON object but an array"),
        (5, 'no "text" field'),
        (6, '"text" is empty'),
        (7, '"title" is a number, not a string'),
        (8, "\"date\" is not a date: 'last Tuesday' (write it as YYYY-MM-DD)"),
        (9, f"duplicate document id 'wire-1', first read from {path}:1: skipped "
            "(give one of them its own id)"),
        (f"{path}:10", "wire-7"),
        (11, '"text" is a number, not a string'),
        (f"{path}:12", "9"),
        (f"{path}:13", "sha256:0b23953b40f2d33a"),
    ]  # fmt: skip
    assert str(items[1]) == f"{path}:3: invalid JSON: Expecting ',' delimiter (column 69)"
    first, wire7 = items[0], items[8]
    assert isinstance(first, Document) and isinstance(wire7, Document)
    assert (first.title, first.date, first.publisher) == ("Kim meets Putin", "2023-09-13", "Wire")
    assert (wire7.author, wire7.date, wire7.url) == (
        "Li Wei",
        "2023-09-18",
        "https://wire.example/7",
    )


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{", "invalid JSON: Expecting property name enclosed in double quotes (column 2)"),
        ('"just a string"', "not a JSON object but a string"),
        ("null", "not a JSON object but null"),
        ('{"text": null}', 'no "text" field'),
        ('{"text": ["a"]}', '"text" is an array, not a string'),
        ('{"text": "ok", "author": {"name": "x"}}', '"author" is an object, not a string'),
        ('{"text": "ok", "date": true}', '"date" is a boolean, not a string'),
        ('{"text": "ok", "date": "2023-02-30"}',
         "\"date\" is not a date: '2023-02-30' (write it as YYYY-MM-DD)"),
        ("[" * 100_000, "invalid JSON: nested too deeply"),
        ('{"text": "Subscribe"}', "no article text left after removing markup and boilerplate"),
    ],
)  # fmt: skip
def test_jsonl_bad_lines(line: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_jsonl_line(line, source="b.jsonl", line_number=7)
    assert (caught.value.path, caught.value.line, caught.value.reason) == ("b.jsonl", 7, reason)
    assert str(caught.value) == f"b.jsonl:7: {reason}"


def test_jsonl_dates_are_normalised() -> None:
    for written in (
        "September 18, 2023",
        "18 September 2023",
        "2023-09-18T10:00:00Z",
        "Sep. 18, 2023",
    ):
        line = json.dumps({"id": "a", "text": "Kim met Putin.", "date": written})
        assert parse_jsonl_line(line, source="b.jsonl", line_number=1).date == "2023-09-18"


def test_jsonl_sidecar_gives_defaults_for_every_line(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    lines = [
        {"id": "a", "text": "Kim met Putin."},
        {"id": "b", "text": "Seoul protested.", "publisher": "Own"},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    (tmp_path / "wire.jsonl.meta.json").write_text(
        '{"id": "x", "publisher": "Wire"}', encoding="utf-8"
    )
    assert [(doc.id, doc.publisher) for doc in documents(path)] == [("a", "Wire"), ("b", "Own")]


def test_jsonl_utf16_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "wide.ndjson"
    body = '{"id": "a", "text": "Kim met Putin."}\r\n\r\n{"id": "b", "text": "Café “talks”."}\r\n'
    path.write_bytes(body.encode("utf-16"))
    assert [(doc.id, doc.text, doc.source) for doc in documents(path)] == [
        ("a", "Kim met Putin.", f"{path}:1"),
        ("b", "Café “talks”.", f"{path}:3"),
    ]


def test_jsonl_overlong_line_is_skipped_and_the_next_read(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    long_line = json.dumps({"id": "long", "text": "word " * 500})
    path.write_text(long_line + "\n" + json.dumps({"id": "short", "text": "Short."}) + "\n")
    items = list(iter_documents([path], Settings(max_document_chars=100)))
    assert isinstance(items[0], InputError) and items[0].line == 1
    assert "Settings.max_document_chars" in items[0].reason
    assert isinstance(items[1], Document) and items[1].id == "short"


def test_jsonl_binary_file_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.jsonl"
    path.write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4)
    assert [(error.line, error.reason) for error in errors_of(path)] == [
        (None, "binary file, not text: skipped")
    ]


def test_jsonl_line_with_bad_bytes_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b'{"id": "a", "text": "Caf\xe9 talks."}\n'
        b"\x01\x02\x03\x04\x05\x06\n"
        b'{"id": "b", "text": "Ok."}\n'
    )
    items = list(iter_documents([path]))
    assert isinstance(items[0], Document) and items[0].text == "Café talks."
    assert isinstance(items[1], InputError) and (items[1].line, items[1].reason) == (
        2,
        "binary file, not text: skipped",
    )
    assert isinstance(items[2], Document) and items[2].id == "b"


# -- encodings -----------------------------------------------------------------------------------

ENCODED = "Kim’s “fresh heyday” in Pyongyang – café déjà vu"


@pytest.mark.parametrize(
    "data",
    [
        ENCODED.encode("utf-8"),
        b"\xef\xbb\xbf" + ENCODED.encode("utf-8"),
        ENCODED.encode("utf-16"),
        b"\xff\xfe" + ENCODED.encode("utf-16-le"),
        b"\xfe\xff" + ENCODED.encode("utf-16-be"),
        ENCODED.encode("utf-32"),
        ENCODED.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "utf-32", "cp1252"],
)
def test_encodings(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    assert read_text_file(path) == ENCODED
    (document,) = documents(path)
    assert document.text == ENCODED


def test_latin1_bytes_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Señor Müller à Genève, 5 °C".encode("latin-1"))
    assert read_text_file(path) == "Señor Müller à Genève, 5 °C"


def test_mostly_utf8_with_a_stray_windows_quote(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Café in Seoul".encode() + b" \x93quoted\x94")
    assert read_text_file(path) == "Café in Seoul “quoted”"


# -- binary, empty, oversize ---------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"


@pytest.mark.parametrize(
    "data",
    [
        PNG,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"PK\x03\x04\x14\x00\x00\x00",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
        b"\x7fELF\x02\x01\x01\x00",
        random.Random(7).randbytes(4096),
        random.Random(8).randbytes(4096).replace(b"\x00", b""),
        b"Kim\x00met\x00Putin",
        bytes(range(1, 32)) * 8,
    ],
    ids=["png", "pdf", "zip", "gzip", "elf", "random", "random-no-nul", "nul", "controls"],
)
def test_binary_files_are_skipped(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match="binary file, not text: skipped"):
        read_text_file(path)
    assert [error.reason for error in errors_of(path)] == ["binary file, not text: skipped"]


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n", b"\xef\xbb\xbf", b"\xff\xfe"])
def test_empty_files(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(data)
    assert [str(error) for error in errors_of(path)] == [f"{path}: empty file"]


def test_a_file_of_furniture_only_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("By Jane Doe\n\nAP Images\n\nAdvertisement\n")
    assert [error.reason for error in errors_of(path)] == [
        "no article text left after removing markup and boilerplate"
    ]


def test_oversize_document(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Kim met Putin. " * 20)
    (error,) = errors_of(path, settings=Settings(max_document_chars=100))
    assert error.reason == (
        "document too large: 299 characters, over the limit of 100 "
        "(raise Settings.max_document_chars, or split the file)"
    )


def test_oversize_file_is_not_even_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("x" * 1000)
    (error,) = errors_of(path, settings=Settings(max_document_chars=100))
    assert error.reason.startswith("file too large: 1,000 bytes, more than the 800 bytes")


# -- paths, directories, sidecars, ids -----------------------------------------------------------


def test_missing_path_is_a_usage_error_before_anything_is_read(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(BODY)
    missing = tmp_path / "nope.txt"
    with pytest.raises(UsageError) as caught:
        iter_documents([tmp_path, missing])  # raised at the call, not on iteration
    assert str(caught.value) == f"no such file or directory: {missing}"
    assert "\n" not in str(caught.value)


def test_directory_expansion_is_sorted_recursive_and_filtered(tmp_path: Path) -> None:
    names = ["b.txt", "a.md", "sub/c.html", "sub/deeper/d.TXT", "Z.markdown", "e.jsonl",
             ".hidden.txt", ".git/x.txt", "notes.pdf", "image.png", "a.md.meta.json"]  # fmt: skip
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".meta.json"):
            path.write_text('{"title": "From the sidecar"}')
        elif name.endswith(".jsonl"):
            path.write_text(
                '{"id": "e1", "text": "Line one."}\n{"id": "e2", "text": "Line two."}\n'
            )
        elif name.endswith(".html"):
            path.write_text(f"<p>{name} text.</p>")
        else:
            path.write_text(f"{name} text.")
    first = [(doc.source, doc.id) for doc in documents(tmp_path)]
    assert first == [
        (str(tmp_path / "Z.markdown"), "Z"),
        (str(tmp_path / "a.md"), "a"),
        (str(tmp_path / "b.txt"), "b"),
        (f"{tmp_path / 'e.jsonl'}:1", "e1"),
        (f"{tmp_path / 'e.jsonl'}:2", "e2"),
        (str(tmp_path / "sub" / "c.html"), "c"),
        (str(tmp_path / "sub" / "deeper" / "d.TXT"), "d"),
    ]
    assert [(doc.source, doc.id) for doc in documents(tmp_path)] == first
    assert documents(tmp_path / "a.md")[0].title == "From the sidecar"


def test_explicit_paths_keep_their_order_and_are_read_once(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(f"{name} text.")
    order = documents(tmp_path / "b.txt", tmp_path, tmp_path / "a.txt")
    assert [doc.id for doc in order] == ["b", "a"]


def test_explicit_files_are_read_whatever_their_extension(tmp_path: Path) -> None:
    (tmp_path / "page.dat").write_text("<!DOCTYPE html><p>Kim met Putin.</p><script>x()</script>")
    (tmp_path / "lines").write_text('{"id": "L1", "text": "Seoul protested."}\n')
    (tmp_path / "notes.log").write_text("Tokyo agreed.\n")
    (tmp_path / "data.json").write_text('{\n  "id": "j"\n}\n')
    items = list(iter_documents([tmp_path / "page.dat", tmp_path / "lines", tmp_path / "notes.log",
                                 tmp_path / "data.json"]))  # fmt: skip
    assert [(item.id, item.text) for item in items[:3]] == [
        ("page", "Kim met Putin."), ("L1", "Seoul protested."), ("notes", "Tokyo agreed.")
    ]  # fmt: skip
    assert isinstance(items[3], InputError) and "not JSON Lines" in items[3].reason
    assert list(iter_documents([tmp_path])) == []  # none has a known extension


def test_explicit_sidecars_are_passed_over(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "a.meta.json").write_text('{"author": "Jane Doe"}')
    paths = sorted(tmp_path.iterdir())  # what a shell glob gives
    assert [(doc.id, doc.author) for doc in documents(*paths)] == [("a", "Jane Doe")]


def test_sidecar_metadata_wins_over_the_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"Written by Jane Doe on Sep. 1, 2023\n\nA Headline Here\n\n{BODY}")
    (tmp_path / "a.txt.meta.json").write_text(
        '{"author": "John Roe", "date": "18 September 2023", "publisher": "Wire", "id": "given"}'
    )
    (document,) = documents(path)
    assert (document.id, document.author, document.date) == ("given", "John Roe", "2023-09-18")
    assert (document.title, document.publisher) == ("A Headline Here", "Wire")
    assert document.text == text_of(BODY)


@pytest.mark.parametrize(
    ("sidecar", "reason"),
    [
        ("{", "invalid JSON in the metadata sidecar: "
              "Expecting property name enclosed in double quotes"),
        ("[1]", "the metadata sidecar is not a JSON object"),
        ('{"date": "soon"}', "\"date\" is not a date: 'soon' (write it as YYYY-MM-DD)"),
        ('{"title": 3}', '"title" is a number, not a string'),
        ("", "empty file"),
    ],
)  # fmt: skip
def test_bad_sidecar_skips_its_file_and_names_the_sidecar(
    tmp_path: Path, sidecar: str, reason: str
) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "a.meta.json").write_text(sidecar)
    (tmp_path / "b.txt").write_text(BODY)
    items = list(iter_documents([tmp_path]))
    assert isinstance(items[0], InputError)
    assert (items[0].path, items[0].reason) == (str(tmp_path / "a.meta.json"), reason)
    assert isinstance(items[1], Document) and items[1].id == "b"


def test_duplicate_ids_across_files_name_the_first(tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(BODY)
    items = list(iter_documents([tmp_path]))
    assert isinstance(items[0], Document) and items[0].id == "story"
    assert isinstance(items[1], InputError)
    assert str(items[1]) == (
        f"{tmp_path / 'two' / 'story.txt'}: duplicate document id 'story', first read from "
        f"{tmp_path / 'one' / 'story.txt'}: skipped (give one of them its own id)"
    )


def test_bad_files_are_reported_in_place_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "b.txt").write_bytes(PNG)
    (tmp_path / "c.txt").write_text("")
    (tmp_path / "d.html").write_text("<p>Seoul protested.</p>")
    items = list(iter_documents([tmp_path]))
    assert [type(item).__name__ for item in items] == [
        "Document",
        "InputError",
        "InputError",
        "Document",
    ]
    assert [str(item) for item in items if isinstance(item, InputError)] == [
        f"{tmp_path / 'b.txt'}: binary file, not text: skipped",
        f"{tmp_path / 'c.txt'}: empty file",
    ]


def test_ids_are_stable_and_follow_the_rule(tmp_path: Path) -> None:
    assert parse_text(BODY, source="x", fallback_id="my-story").id == "my-story"
    with_url = parse_text(BODY, source="x", meta={"url": "https://x.example/a"}, fallback_id="s")
    assert with_url.id == "https://x.example/a"
    hashed = parse_text(BODY, source="x").id
    assert re.fullmatch(r"sha256:[0-9a-f]{16}", hashed)
    assert parse_text("\n\n" + BODY.replace(". ", ".  "), source="y").id == hashed


@pytest.mark.parametrize(
    ("written", "iso"),
    [("September 18, 2023", "2023-09-18"), ("18 September 2023", "2023-09-18"),
     ("2023-09-18T10:00:00Z", "2023-09-18"), ("Sep. 18, 2023", "2023-09-18"),
     ("Sept 18th, 2023", "2023-09-18"), ("Mon, 18 Sep 2023 10:00:00 GMT", "2023-09-18"),
     ("2023/09/18", "2023-09-18"), ("09/18/2023", None), ("2023-02-29", None), ("soon", None)],
)  # fmt: skip
def test_parse_date(written: str, iso: str | None) -> None:
    assert parse_date(written) == iso


def test_iter_documents_accepts_a_single_path() -> None:
    assert [doc.id for doc in iter_documents(ARTICLES)] == ["000_ecd09d62f26e1832"]


@pytest.mark.parametrize(
    "module",
    ["boilerplate", "bylines", "cleaning", "dates", "decoding", "documents", "files", "markdown",
     "webpage"],
)  # fmt: skip
def test_docstring_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"graph.ingest.{module}"))
    assert result.failed == 0 and result.attempted > 0
