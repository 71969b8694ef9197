"""The viewer page without a browser: self-contained, escaped, deterministic."""

from __future__ import annotations

import json
import re
import sys
import types
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from viewer_samples import MEETS, PAYLOADS, hostile_corpus, sample_corpus

from graph.records import Claim, Corpus, Document, Entity, Evidence
from graph.viewer import CSP, json_for_script, render_html, safe_link, viewer_data

DATA_BLOCK = re.compile(
    r'<script type="application/json" id="geokg-data">(.*?)</script>', re.DOTALL
)


def data_block(page: str) -> str:
    match = DATA_BLOCK.search(page)
    assert match, "no JSON data block"
    return match.group(1)


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(sample_corpus(), title="Korea–Russia")


@pytest.fixture(scope="module")
def hostile_page() -> str:
    return render_html(hostile_corpus(), title=PAYLOADS[0])


@pytest.mark.parametrize(
    "pattern",
    [
        r"<script[^>]*\ssrc\s*=",
        r"<link\b",
        r"@import",
        r"url\(\s*['\"]?\s*(?:https?:)?//",
        r"<(?:img|iframe|embed|object|source|video|audio)\b[^>]*\ssrc\s*=",
        r"\s(?:src|href|action|srcset)\s*=\s*['\"]?\s*(?:https?:)?//",
    ],
)
def test_page_makes_no_request(page: str, hostile_page: str, pattern: str) -> None:
    for html in (page, hostile_page):
        assert not re.search(pattern, html, re.IGNORECASE), pattern


def test_page_has_strict_csp_before_any_script_or_style(page: str) -> None:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    assert CSP.replace("'", "&#x27;") in page or meta in page
    at = page.find("Content-Security-Policy")
    assert 0 < at < page.find("<style") < page.find("<script")
    assert "default-src 'none'" in CSP and "connect-src" not in CSP  # falls back to none
    for directive in ("script-src 'unsafe-inline'", "style-src 'unsafe-inline'", "img-src data:"):
        assert directive in CSP


def test_page_inlines_vis_network_and_own_assets(page: str) -> None:
    assert "vis-network" in page and "@version 9.1.2" in page
    assert "window.geokg" in page  # graph/assets/viewer.js
    assert ".panel-body" in page  # graph/assets/viewer.css
    # Three script elements, each closed once; no comment opener that would change how the
    # HTML parser finds the end of a script.
    assert page.lower().count("</script") == 3 and "<!--" not in page
    assert page.count("<style") == 2 and page.lower().count("</style") == 2


def test_hostile_strings_cannot_leave_the_json_block(hostile_page: str) -> None:
    block = data_block(hostile_page)
    assert not re.search(r"[<>&\u2028\u2029]", block)
    data = json.loads(block)
    labels = {a["label"] for a in data["actors"]}
    assert "alpha <script>window.__pwned=1</script>" in labels
    sentence = data["claims"][0]["ev"][0]["text"]
    assert "</script>" in sentence or any("</script>" in c["ev"][0]["text"] for c in data["claims"])
    # Everything outside the data block comes from our template and vis-network, not the corpus.
    outside = DATA_BLOCK.sub("", hostile_page)
    for payload in PAYLOADS[:4]:
        assert payload not in outside
    assert "<title>&lt;script&gt;window.__pwned=1&lt;/script&gt;</title>" in hostile_page


def test_only_web_urls_become_links() -> None:
    assert safe_link("https://example.org/a?b=c") == "https://example.org/a?b=c"
    assert safe_link("http://example.org") == "http://example.org"
    for bad in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:x",
        "data:text/html,x",
        "vbscript:x",
        "file:///etc/passwd",
        "//example.org",
        "https://",
        "https:x",
        "java\tscript:x",
        "",
        None,
    ):
        assert safe_link(bad) is None, bad
    data = viewer_data(hostile_corpus())
    assert {d["link"] for d in data["documents"].values()} == {
        'https://example.org/"><script>window.__pwned=1</script>',
        None,
    }


def test_wikidata_ids_are_checked() -> None:
    data = viewer_data(hostile_corpus())
    assert {a["wikidata"] for a in data["actors"]} == {None}
    sample = {a["id"]: a["wikidata"] for a in viewer_data(sample_corpus())["actors"]}
    assert sample["kim-jong-un"] == "Q56226" and sample["sergei-shoigu"] is None


def test_output_is_deterministic() -> None:
    corpus = sample_corpus()
    shuffled = Corpus(documents=tuple(reversed(corpus.documents)), claims=corpus.claims)
    assert render_html(corpus) == render_html(sample_corpus()) == render_html(shuffled)
    assert render_html(corpus, title="a") != render_html(corpus, title="b")


def test_data_describes_actors_claims_and_sources() -> None:
    data = viewer_data(sample_corpus(), title="t")
    actors = {a["id"]: a for a in data["actors"]}
    assert actors["north-korea"]["aliases"][:2] == ["DPRK", "Pyongyang"]
    assert actors["kim-jong-un"]["size"] > actors["ukraine"]["size"] > 0
    assert actors["kcna"]["claims"] == 0  # named only as a source
    assert data["countries"]["PRK"] == {"label": "North Korea", "actor": "north-korea"}
    claims = {(c["s"], c["r"], c["o"]): c for c in data["claims"]}
    met = claims[("kim-jong-un", "meets", "vladimir-putin")]
    assert met["att"] == "kcna" and len(met["ev"]) == 2 and met["date"] == "2023-09-13"
    first = met["ev"][0]
    assert first["text"][first["ss"][0] : first["ss"][1]] == "Kim"
    assert first["text"][first["os"][0] : first["os"][1]] == "Vladimir Putin"
    visit = claims[("vladimir-putin", "visits", "north-korea")]
    assert (visit["pol"], visit["mod"]) == ("negated", "future")
    office = claims[("sergei-shoigu", "holdsOfficeIn", "russia")]
    assert office["role"] == "defence minister"
    assert data["relations"]["holdsOfficeIn"]["quad"] is None
    assert data["relations"]["meets"] == {
        "label": "meets",
        "cameo": "040",
        "plover": "CONSULT",
        "quad": 1,
        "goldstein": 1.0,
    }


def _one_claim(sentence: str, subject: str, obj: str, spans=None) -> dict:
    a = Entity("a", subject, "Person")
    b = Entity("b", obj, "Country")
    s_at, o_at = sentence.find(subject), sentence.find(obj)
    ev = Evidence(
        document="d",
        text=sentence,
        start=100,
        end=100 + len(sentence),
        sentence=0,
        subject_mention=subject,
        object_mention=obj,
        subject_span=spans[0] if spans else (100 + s_at, 100 + s_at + len(subject)),
        object_span=spans[1] if spans else (100 + o_at, 100 + o_at + len(obj)),
    )
    corpus = Corpus(
        documents=(Document(id="d", text=""),), claims=(Claim(a, MEETS, b, evidence=(ev,)),)
    )
    return viewer_data(corpus)["claims"][0]["ev"][0]


def test_mention_marks_count_utf16_units() -> None:
    # JavaScript indexes strings in UTF-16 code units: an emoji before a mention shifts it by 2.
    ev = _one_claim("🇰🇵 Kim met Шойгу today.", "Kim", "Шойгу")
    utf16 = ev["text"].encode("utf-16-le")
    for key, name in (("ss", "Kim"), ("os", "Шойгу")):
        start, end = ev[key]
        assert utf16[2 * start : 2 * end].decode("utf-16-le") == name


def test_mention_marks_fall_back_to_the_mention_text() -> None:
    ev = _one_claim("Kim met Putin.", "Kim", "Putin", spans=((5, 9), (9000, 9010)))
    assert ev["ss"] == [0, 3] and ev["os"] == [8, 13]
    ev = _one_claim("Kim met Putin.", "Kim", "Putin", spans=(None, None))
    assert ev["ss"] == [0, 3]
    assert _one_claim("Kim met Putin.", "Kim", "Putin")["os"] == [8, 13]


def test_empty_corpus_renders() -> None:
    page = render_html(Corpus(documents=(), claims=()))
    data = json.loads(data_block(page))
    assert data["actors"] == [] and data["claims"] == []


names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40
)


@settings(max_examples=60, deadline=None)
@given(label=names, alias=names, title=names)
def test_any_text_round_trips_through_the_json_block(label: str, alias: str, title: str) -> None:
    corpus = sample_corpus()
    kim = corpus.claims[0].subject
    odd = replace(kim, label=label, aliases=(alias,))
    claims = tuple(
        replace(c, subject=odd) if c.subject.key == kim.key else c for c in corpus.claims
    )
    docs = tuple(replace(d, title=title) for d in corpus.documents)
    page = render_html(Corpus(documents=docs, claims=claims), title=title)
    block = data_block(page)
    assert not re.search(r"[<>&\u2028\u2029]", block)
    data = json.loads(block)
    assert data["title"] == title
    assert any(a["label"] == label for a in data["actors"])


def test_json_for_script_escapes_markup() -> None:
    text = json_for_script(["</script>", "<!--", "a&b", "\u2028\u2029"])
    assert text == '["\\u003c/script\\u003e","\\u003c!--","a\\u0026b","\\u2028\\u2029"]'
    assert json.loads(text) == ["</script>", "<!--", "a&b", "\u2028\u2029"]


def test_view_command_writes_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.cli import main

    graph_file = tmp_path / "graph.trig"
    graph_file.write_text("# stand-in; load_corpus is replaced below\n", encoding="utf-8")
    seen = []

    def load_corpus(path):
        seen.append(Path(path))
        return sample_corpus()

    monkeypatch.setitem(sys.modules, "graph.rdf", types.SimpleNamespace(load_corpus=load_corpus))
    out = tmp_path / "view.html"
    result = CliRunner().invoke(main, ["view", str(graph_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert seen == [graph_file]
    expected = render_html(sample_corpus(), title="geokg · graph.trig")
    assert out.read_text(encoding="utf-8") == expected
    assert "wrote" in result.output and "14 actor(s)" in result.output
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []

    missing = CliRunner().invoke(main, ["view", str(graph_file), "-o", str(tmp_path / "no/x.html")])
    assert missing.exit_code == 2 and "does not exist" in missing.output
    absent = CliRunner().invoke(main, ["view", str(tmp_path / "absent.trig")])
    assert absent.exit_code == 2


def test_view_command_reads_a_real_graph(tmp_path: Path) -> None:
    rdf = pytest.importorskip("graph.rdf")
    from graph.cli import main
    from graph.lexicon import load_lexicon

    graph_file = tmp_path / "graph.trig"
    dataset = rdf.to_dataset(sample_corpus(), load_lexicon())
    graph_file.write_bytes(dataset.serialize(format="ox-trig", encoding="utf-8"))
    out = tmp_path / "graph.html"
    result = CliRunner().invoke(main, ["-q", "view", str(graph_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(data_block(out.read_text(encoding="utf-8")))
    assert {a["label"] for a in data["actors"]} >= {"Kim Jong Un", "Vladimir Putin", "KCNA"}
    assert len(data["claims"]) == len(sample_corpus().claims)
