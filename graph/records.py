"""Frozen records passed between the stages: Document → Claim (with Entity, Relation, Evidence).

Records hold strings and offsets only (never spaCy or rdflib objects), so each stage can be
tested alone, pickled to worker processes and cached.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

BASE = "https://w3id.org/geokg/"
ENTITY_NS = BASE + "entity/"
CLAIM_NS = BASE + "claim/"
EVIDENCE_NS = BASE + "evidence/"
DOC_NS = BASE + "doc/"
RELATION_NS = BASE + "ontology#"
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


def document_iri(document_id: str) -> str:
    """The IRI of the article with this id: the id itself when IRI-safe, else its slug and a
    hash, so that distinct ids never share an IRI.

    >>> document_iri("000_ecd09d62f26e1832")
    'https://w3id.org/geokg/doc/000_ecd09d62f26e1832'
    >>> document_iri("a b") != document_iri("a-b")
    True
    """
    if _SAFE_ID.fullmatch(document_id):
        return DOC_NS + document_id
    return DOC_NS + f"{slug(document_id)}-{short_hash(document_id, length=8)}"


def short_hash(*parts: str, length: int = 16) -> str:
    """A stable hex digest of the parts (joined with a unit separator).

    >>> short_hash("a", "b") == short_hash("a", "b")
    True
    """
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True, slots=True)
class Document:
    """One article, its text cleaned of markup and boilerplate.

    ``text`` is what offsets in evidence refer to.
    """

    id: str
    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None  # ISO date, YYYY-MM-DD
    url: str | None = None
    publisher: str | None = None
    source: str = ""  # the path or "path:line" the document came from

    @property
    def iri(self) -> str:
        """The article's IRI: its id when that is IRI-safe, else a slug of it plus a hash (so
        that ids such as "a b" and "a-b" never share an IRI)."""
        return document_iri(self.id)


@dataclass(frozen=True, slots=True)
class Entity:
    """An actor: a state, a person, an organisation, a media outlet or a group.

    ``key`` is the stable slug the IRI is made from.
    ``type`` is one of Country, Person, Organization, MediaOrganization, Group.
    """

    key: str
    label: str
    type: str
    country: str | None = None  # ISO 3166-1 alpha-3
    sector: str | None = None  # CAMEO-style agent code: GOV, MIL, MED, IGO, ...
    wikidata: str | None = None  # Q-id, only when certain
    aliases: tuple[str, ...] = ()

    @property
    def iri(self) -> str:
        return ENTITY_NS + self.key


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation of the vocabulary (data/relations.toml).

    Event relations carry CAMEO code, PLOVER type, quad class and Goldstein weight;
    structural relations (office held, spokesperson for) carry ``cameo=None``.
    """

    key: str  # local name in the ontology, e.g. "meets"
    label: str
    cameo: str | None = None
    plover: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    parent: str | None = None  # key of the super-property
    description: str = ""

    @property
    def iri(self) -> str:
        return RELATION_NS + self.key


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a claim is written: the sentence, its offsets in the document, the mentions."""

    document: str  # Document.id
    text: str  # the sentence
    start: int  # character offsets of the sentence in Document.text
    end: int
    sentence: int  # 0-based index of the sentence in the document
    subject_mention: str = ""
    object_mention: str = ""
    subject_span: tuple[int, int] | None = None  # offsets in Document.text
    object_span: tuple[int, int] | None = None

    # No IRI here: an evidence node belongs to one claim (graph.rdf.evidence_iri), since two
    # claims from one sentence have different mentions.


POLARITIES = ("affirmed", "negated")
MODALITIES = ("actual", "future", "hypothetical")


@dataclass(frozen=True, slots=True)
class Claim:
    """Subject–relation–object, with its semantics and its evidence.

    The id hashes (subject, relation, object, polarity, modality, attributed-to), so the same
    claim from several articles is one claim with several pieces of evidence.
    """

    subject: Entity
    relation: Relation
    object: Entity
    polarity: str = "affirmed"
    modality: str = "actual"
    attributed_to: Entity | None = None
    date: str | None = None
    confidence: float = 0.5
    evidence: tuple[Evidence, ...] = field(default=())
    role: str | None = None  # structural claims: the office ("defence minister")

    @property
    def id(self) -> str:
        return short_hash(
            self.subject.key,
            self.relation.key,
            self.object.key,
            self.polarity,
            self.modality,
            self.attributed_to.key if self.attributed_to else "",
        )

    @property
    def iri(self) -> str:
        return CLAIM_NS + self.id

    @property
    def truthy(self) -> bool:
        """Affirmed and actual: goes into the truthy projection and the network view."""
        return self.polarity == "affirmed" and self.modality == "actual"


def slug(text: str) -> str:
    """A lower-case ASCII slug for IRIs; falls back to a hash for text with no ASCII letters.

    >>> slug("Kim Jong Un")
    'kim-jong-un'
    >>> slug("Côte d'Ivoire")
    'cote-d-ivoire'
    """
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = []
    dash = False
    for ch in ascii_text.lower():
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    result = "".join(out).strip("-")[:80].strip("-")
    if not result:
        return "x-" + short_hash(text, length=12)
    return result


@dataclass(frozen=True, slots=True)
class Corpus:
    """What a build produces: the documents and their merged claims (sorted by id)."""

    documents: tuple[Document, ...]
    claims: tuple[Claim, ...]

    @property
    def entities(self) -> tuple[Entity, ...]:
        """Every actor a claim names (subject, object, attributed-to), sorted by key."""
        seen: dict[str, Entity] = {}
        for claim in self.claims:
            for entity in (claim.subject, claim.object, claim.attributed_to):
                if entity is not None and entity.key not in seen:
                    seen[entity.key] = entity
        return tuple(seen[key] for key in sorted(seen))


def merge_claims(claims: Iterable[Claim]) -> tuple[Claim, ...]:
    """Merge claims with the same id into one with all their evidence, sorted by id.

    Evidence is deduplicated and sorted (document, start); the confidence kept is the highest;
    the earliest known date is kept.
    """
    from dataclasses import replace

    merged: dict[str, Claim] = {}
    for claim in claims:
        key = claim.id
        old = merged.get(key)
        if old is None:
            merged[key] = claim
            continue
        evidence = {
            (e.document, e.start, e.end, e.subject_span, e.object_span): e
            for e in (*old.evidence, *claim.evidence)
        }
        dates = [d for d in (old.date, claim.date) if d]
        merged[key] = replace(
            old,
            evidence=tuple(evidence[k] for k in sorted(evidence, key=_evidence_order)),
            confidence=max(old.confidence, claim.confidence),
            date=min(dates) if dates else None,
        )
    out = []
    for key in sorted(merged):
        claim = merged[key]
        ordered = tuple(sorted(claim.evidence, key=lambda e: (e.document, e.start, e.end)))
        out.append(replace(claim, evidence=ordered) if ordered != claim.evidence else claim)
    return tuple(out)


def _evidence_order(key: tuple) -> tuple:
    document, start, end, subject_span, object_span = key
    return (document, start, end, subject_span or (-1, -1), object_span or (-1, -1))
