"""The seed article yields what a careful analyst reads out of it (shared/eval/README.md)."""

from __future__ import annotations

import pytest

from graph.records import Claim, Corpus


def find(corpus: Corpus, subject: str, relation: str, obj: str, **where) -> list[Claim]:
    out = []
    for claim in corpus.claims:
        if (claim.subject.label, claim.object.label) != (subject, obj):
            continue
        if relation not in (claim.relation.key, claim.relation.parent):
            continue
        if all(
            (
                getattr(claim, key).label
                if key == "attributed_to" and claim.attributed_to
                else getattr(claim, key)
            )
            == value
            for key, value in where.items()
        ):
            out.append(claim)
    return out


def has(corpus: Corpus, subject: str, relation: str, obj: str, **where) -> Claim:
    found = find(corpus, subject, relation, obj, **where)
    assert found, f"missing: {subject} {relation} {obj} {where}; have: " + "; ".join(
        sorted(
            f"{c.subject.label} {c.relation.key} {c.object.label} {c.polarity}/{c.modality}"
            for c in corpus.claims
        )
    )
    return found[0]


def test_meetings(seed_corpus):
    putin = has(seed_corpus, "Kim Jong Un", "meets", "Vladimir Putin")
    assert putin.date == "2023-09-13"
    assert putin.truthy
    assert find(seed_corpus, "Kim Jong Un", "meets", "Sergei Shoigu")
    assert has(seed_corpus, "Kim Jong Un", "invites", "Vladimir Putin").attributed_to
    assert has(seed_corpus, "Vladimir Putin", "agreesToMeet", "Kim Jong Un")


def test_no_visit_planned_is_negated_and_attributed_to_peskov(seed_corpus):
    claim = has(seed_corpus, "Russia", "visits", "North Korea")
    assert claim.polarity == "negated"
    assert claim.modality == "future"
    assert claim.attributed_to is not None and claim.attributed_to.label == "Dmitry Peskov"
    assert not claim.truthy


def test_support_and_praise(seed_corpus):
    support = has(seed_corpus, "North Korea", "supports", "Russia")
    assert support.attributed_to is not None and support.attributed_to.label == "Kim Jong Un"
    assert has(seed_corpus, "Kim Jong Un", "praises", "Russia")
    china = has(seed_corpus, "China", "cooperatesWith", "North Korea")
    assert china.modality == "future"


def test_military_cooperation_and_aid(seed_corpus):
    drills = has(
        seed_corpus,
        "Russia",
        "cooperatesMilitarilyWith",
        "North Korea",
        attributed_to="Sergei Shoigu",
    )
    assert drills.modality == "future"
    gift = has(seed_corpus, "Oleg Kozhemyako", "providesMilitaryAid", "Kim Jong Un")
    assert gift.relation.cameo == "072"


def test_conflict(seed_corpus):
    assert has(seed_corpus, "Yoon Suk Yeol", "criticizes", "North Korea")
    assert has(seed_corpus, "Yoon Suk Yeol", "criticizes", "Russia")
    for side in ("United States", "South Korea"):
        threat = has(seed_corpus, side, "threatensForce", "North Korea")
        assert threat.attributed_to is not None and threat.attributed_to.label == "Yoon Suk Yeol"
    assert has(seed_corpus, "Mirotvorets", "accuses", "Kim Jong Un")


def test_shells_claim_and_its_denials(seed_corpus):
    claims = find(seed_corpus, "North Korea", "providesMilitaryAid", "Russia")
    affirmed = [c for c in claims if c.polarity == "affirmed"]
    denied = {c.attributed_to.label for c in claims if c.polarity == "negated"}
    assert affirmed and affirmed[0].attributed_to.label == "United States"
    assert denied == {"North Korea", "Russia"}


@pytest.mark.parametrize(
    ("person", "relation", "body", "role"),
    [
        ("Sergei Shoigu", "holdsOfficeIn", "Russia", "defense minister"),
        ("Dmitry Peskov", "spokespersonFor", "Russia", "spokesman"),
        ("Mao Ning", "spokespersonFor", "China", "foreign ministry spokesperson"),
        ("Yoon Suk Yeol", "leaderOf", "South Korea", "president"),
        ("Oleg Kozhemyako", "leaderOf", "Primorsky Krai", "governor"),
        ("Kim Jong Un", "leaderOf", "North Korea", "leader"),
    ],
)
def test_offices(seed_corpus, person, relation, body, role):
    claim = has(seed_corpus, person, relation, body)
    assert claim.role == role


def test_every_claim_has_evidence_in_the_article(seed_corpus):
    (document,) = seed_corpus.documents
    for claim in seed_corpus.claims:
        for evidence in claim.evidence:
            assert document.text[evidence.start : evidence.end] == evidence.text
            for span in (evidence.subject_span, evidence.object_span):
                if span is not None:
                    assert 0 <= span[0] < span[1] <= len(document.text)


def test_no_junk_or_duplicate_entities(seed_corpus):
    labels = {entity.label for entity in seed_corpus.entities}
    forbidden = {
        "Kim",
        "Putin",
        "Shoigu",
        "Yoon",
        "Pyongyang",
        "Moscow",
        "Washington",
        "DPRK",
        "U.S.",
        "Angeline Tan",
        "AP Images",
        "The New American",
        "Kim CHen Yn",
        "Kremlin",
        "White House",
    }
    assert not labels & forbidden
    assert not any(
        word in label.lower()
        for label in labels
        for word in ("missile", "bomber", "drone", "vest", "subscribe", "edition")
    )
    assert {
        "Kim Jong Un",
        "Vladimir Putin",
        "Sergei Shoigu",
        "North Korea",
        "Russia",
        "China",
        "South Korea",
        "United States",
    } <= labels
    # every state and named person the article's claims name is linked to Wikidata
    states = [e for e in seed_corpus.entities if e.type == "Country"]
    assert states and all(e.wikidata for e in states)
