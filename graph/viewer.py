"""The interactive viewer: one self-contained HTML page of a Corpus.

The page inlines vis-network (read at render time from the installed, pinned pyvis package)
and the viewer's own script and style (``graph/assets/``). The corpus goes in as one JSON
block that the script reads with ``JSON.parse`` and writes into the DOM as text only, never
as markup. A Content-Security-Policy forbids every request, so the page works from a file with
no network and nothing in an article can make it load or run anything.

>>> from graph.records import Corpus
>>> page = render_html(Corpus(documents=(), claims=()), title="empty")
>>> page.startswith("<!DOCTYPE html>") and "<title>empty</title>" in page
True
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import DataError
from .records import Claim, Corpus, Document, Entity, Evidence

__all__ = ["CSP", "importance", "json_for_script", "render_html", "safe_link", "viewer_data"]

#: No request of any kind: scripts and styles are inline, images only as data: URIs.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)

ASSETS = Path(__file__).resolve().parent / "assets"
VIS_DIR = "templates/lib/vis-9.1.2"

_QID = re.compile(r"Q[1-9][0-9]{0,11}")
_MARKER = re.compile(r"@@([a-z_]+)@@")
# Sequences that would end an inline <script>/<style> element or open a comment inside it.
_SCRIPT_BREAK = re.compile(r"<(?=/script|!--)", re.IGNORECASE)
_STYLE_BREAK = re.compile(r"<(?=/style)", re.IGNORECASE)
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


def render_html(corpus: Corpus, *, title: str = "geokg") -> str:
    """Render the corpus as one self-contained, offline HTML page.

    The same corpus and title always give the same bytes.

    Args:
        corpus: the documents and merged claims to show.
        title: the page title and the heading of the viewer.

    Raises:
        DataError: the viewer's assets or the vis-network files of pyvis are missing.
    """
    parts = {
        "csp": html.escape(CSP),
        "title": html.escape(title),
        "vis_css": _inline_style(_vis_asset("vis-network.css")),
        "vis_js": _inline_script(_vis_asset("vis-network.min.js")),
        "css": _inline_style(_asset("viewer.css")),
        "js": _inline_script(_asset("viewer.js")),
        "data": json_for_script(viewer_data(corpus, title=title)),
    }
    # One pass over the template: inserted text is never scanned for markers again.
    return _MARKER.sub(lambda match: parts[match.group(1)], _asset("viewer.html"))


def json_for_script(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c`` etc. so no string can end the element or open a
    comment; U+2028/9 are escaped for old JavaScript parsers.

    >>> json_for_script({"name": "</script><b>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_UNSAFE.sub(lambda match: _JSON_ESCAPES[match.group(0)], text)


def viewer_data(corpus: Corpus, *, title: str = "geokg") -> dict[str, Any]:
    """The JSON the page reads: actors, relations, documents, claims and country names.

    Only plain values; the page decides colours and shapes. Deterministic: entities sorted by
    key, claims in corpus order (sorted by id), documents by id.
    """
    entities = corpus.entities
    neighbours: dict[str, set[str]] = defaultdict(set)
    claim_count: dict[str, int] = defaultdict(int)
    for claim in corpus.claims:
        subject, obj = claim.subject.key, claim.object.key
        claim_count[subject] += 1
        if obj != subject:
            claim_count[obj] += 1
            neighbours[subject].add(obj)
            neighbours[obj].add(subject)
    top = max((len(n) for n in neighbours.values()), default=0)

    relations = {}
    for claim in corpus.claims:
        rel = claim.relation
        relations[rel.key] = {
            "label": rel.label,
            "cameo": rel.cameo,
            "plover": rel.plover,
            "quad": rel.quad_class,
            "goldstein": rel.goldstein,
        }

    return {
        "title": title,
        "actors": [_actor(e, len(neighbours[e.key]), claim_count[e.key], top) for e in entities],
        "relations": {key: relations[key] for key in sorted(relations)},
        "documents": {d.id: _document(d) for d in sorted(corpus.documents, key=lambda d: d.id)},
        "claims": [_claim(c) for c in corpus.claims],
        "countries": _countries(entities),
    }


def importance(degree: int, top: int) -> float:
    """Node size from the number of distinct counterparts, on a square-root scale.

    >>> importance(0, 10), importance(10, 10)
    (10.0, 34.0)
    """
    if top <= 0:
        return 10.0
    return round(10.0 + 24.0 * math.sqrt(degree / top), 2)


def safe_link(url: str | None) -> str | None:
    """The URL if a browser may follow it as a web link (http or https with a host), else None.

    >>> safe_link("https://example.org/a"), safe_link("javascript:alert(1)")
    ('https://example.org/a', None)
    """
    if not url or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _actor(entity: Entity, degree: int, claims: int, top: int) -> dict[str, Any]:
    qid = entity.wikidata if entity.wikidata and _QID.fullmatch(entity.wikidata) else None
    return {
        "id": entity.key,
        "label": entity.label,
        "type": entity.type,
        "aliases": [a for a in dict.fromkeys(entity.aliases) if a != entity.label],
        "country": entity.country,
        "sector": entity.sector,
        "wikidata": qid,
        "degree": degree,
        "claims": claims,
        "size": importance(degree, top),
    }


def _document(document: Document) -> dict[str, Any]:
    return {
        "title": document.title,
        "author": document.author,
        "date": document.date,
        "publisher": document.publisher,
        "url": document.url,
        "link": safe_link(document.url),
    }


def _claim(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "s": claim.subject.key,
        "o": claim.object.key,
        "r": claim.relation.key,
        "pol": claim.polarity,
        "mod": claim.modality,
        "att": claim.attributed_to.key if claim.attributed_to else None,
        "date": claim.date,
        "conf": round(claim.confidence, 3),
        "role": claim.role,
        "ev": [_evidence(e) for e in claim.evidence],
    }


def _evidence(evidence: Evidence) -> dict[str, Any]:
    text = evidence.text
    return {
        "doc": evidence.document,
        "text": text,
        "n": evidence.sentence,
        "sm": evidence.subject_mention,
        "om": evidence.object_mention,
        "ss": _mark(evidence, evidence.subject_span, evidence.subject_mention),
        "os": _mark(evidence, evidence.object_span, evidence.object_mention),
    }


def _mark(evidence: Evidence, span: tuple[int, int] | None, mention: str) -> list[int] | None:
    """Where a mention sits in the sentence, in UTF-16 code units (JavaScript string indices).

    Uses the span when it falls inside the sentence, else the mention's first occurrence.
    """
    text = evidence.text
    start = end = -1
    if span is not None:
        start, end = span[0] - evidence.start, span[1] - evidence.start
    if not 0 <= start < end <= len(text):
        start = text.find(mention) if mention else -1
        if start < 0:
            return None
        end = start + len(mention)
    return [_utf16(text, start), _utf16(text, end)]


def _utf16(text: str, index: int) -> int:
    if text.isascii():
        return index
    return len(text[:index].encode("utf-16-le")) // 2


def _countries(entities: tuple[Entity, ...]) -> dict[str, dict[str, str | None]]:
    """ISO 3166 alpha-3 code → the label and key of its Country actor (the code if none)."""
    states = {e.country: e for e in entities if e.type == "Country" and e.country}
    codes = sorted({e.country for e in entities if e.country})
    return {
        code: {
            "label": states[code].label if code in states else code,
            "actor": states[code].key if code in states else None,
        }
        for code in codes
    }


def _inline_script(code: str) -> str:
    # "<\/script" means the same in every JavaScript context where "</script" can appear.
    return _SCRIPT_BREAK.sub("<\\\\", code)


def _inline_style(css: str) -> str:
    return _STYLE_BREAK.sub("\\\\3c ", css)


@lru_cache(maxsize=8)
def _asset(name: str) -> str:
    try:
        return (ASSETS / name).read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"{ASSETS / name}: viewer asset missing ({exc}); reinstall geokg") from exc


@lru_cache(maxsize=4)
def _vis_asset(name: str) -> str:
    try:
        return (resources.files("pyvis") / VIS_DIR / name).read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError) as exc:
        raise DataError(
            f"pyvis/{VIS_DIR}/{name}: vis-network file missing ({exc}); "
            "install the pinned pyvis (pip install pyvis==0.3.2)"
        ) from exc
