"""Hand-made corpora for the RDF, export and network tests (no NLP needed).

``sample_corpus`` mirrors the seed article's kinds of claim: a meeting, support attributed to
a speaker and reported by two articles, a denial, a plan, an office held, two claims from one
sentence, a relation outside the lexicon and an actor of an unknown type.
"""

from __future__ import annotations

import random
from dataclasses import replace

from graph.lexicon import load_lexicon
from graph.records import Claim, Corpus, Document, Entity, Evidence, Relation, merge_claims

NORTH_KOREA = Entity(
    "north-korea",
    "North Korea",
    "Country",
    country="PRK",
    wikidata="Q423",
    aliases=("DPRK", "Democratic People's Republic of Korea"),
)
RUSSIA = Entity("russia", "Russia", "Country", country="RUS", wikidata="Q159")
SOUTH_KOREA = Entity("south-korea", "South Korea", "Country", country="KOR", wikidata="Q884")
KIM = Entity("kim-jong-un", "Kim Jong Un", "Person", country="PRK", sector="GOV", wikidata="Q56226")
SHOIGU = Entity("sergei-shoigu", "Sergei Shoigu", "Person", country="RUS", sector="GOV")
KCNA = Entity(
    "kcna",
    "Korean Central News Agency",
    "MediaOrganization",
    country="PRK",
    sector="MED",
    aliases=("KCNA",),
)
WAGNER = Entity("wagner-group", "Wagner Group", "Group", country="RUS", sector="MIL")
VOSTOCHNY = Entity("vostochny-cosmodrome", "Vostochny Cosmodrome", "Facility")
FOREIGN_MINISTRY = Entity(
    "china-foreign-ministry",
    "Chinese Foreign Ministry",
    "Organization",
    country="CHN",
    sector="GOV",
)  # its country is not in the corpus

TEST_RELATION = Relation(
    key="testRelation",
    label="test relation",
    parent="interactsWith",
    description="a relation the lexicon does not know",
)

DOC_A = Document(
    id="000_ecd09d62f26e1832",
    text="",
    title="North Korea Deepens Ties With Russia and China",
    author="Angeline Tan",
    date="2023-09-18",
    url="https://example.org/news/kim-putin",
    publisher="The New American",
    source="data/articles/000_ecd09d62f26e1832.txt",
)
DOC_B = Document(id="wire/2023-09-20 #7", text="", title="Moscow and Pyongyang", source="b.jsonl:3")


def _relation(key: str) -> Relation:
    return load_lexicon().relation(key)


def _ev(
    doc: Document, start: int, sentence: int, text: str, subject: str = "", obj: str = ""
) -> Evidence:
    """Evidence whose mentions get spans where they occur in the sentence."""

    def span(mention: str) -> tuple[int, int] | None:
        at = text.find(mention) if mention else -1
        return None if at < 0 else (start + at, start + at + len(mention))

    return Evidence(
        document=doc.id,
        text=text,
        start=start,
        end=start + len(text),
        sentence=sentence,
        subject_mention=subject,
        object_mention=obj,
        subject_span=span(subject),
        object_span=span(obj),
    )


SENTENCE_MEET = "Kim met Russian Defense Minister Sergei Shoigu and Russia's leaders."


def sample_claims() -> list[Claim]:
    """Unmerged claims: the same support claim comes from two documents."""
    supports = dict(
        subject=NORTH_KOREA,
        relation=_relation("supports"),
        object=RUSSIA,
        attributed_to=KIM,
        date="2023-09-13",
    )
    return [
        Claim(
            KIM,
            _relation("meets"),
            SHOIGU,
            date="2023-09-13",
            confidence=0.82,
            evidence=(_ev(DOC_A, 120, 3, SENTENCE_MEET, "Kim", "Shoigu"),),
        ),
        Claim(
            KIM,
            _relation("meets"),
            RUSSIA,
            date="2023-09-13",
            confidence=0.6,
            evidence=(_ev(DOC_A, 120, 3, SENTENCE_MEET, "Kim", "Russia"),),
        ),
        Claim(
            **supports,
            confidence=0.7,
            evidence=(
                _ev(
                    DOC_A,
                    400,
                    7,
                    "“We will always stand together with Russia,” Kim said.",
                    "We",
                    "Russia",
                ),
            ),
        ),
        Claim(
            **supports,
            confidence=0.9,
            evidence=(
                _ev(
                    DOC_B,
                    10,
                    0,
                    'Pyongyang said it "supports Moscow"\tfully.',
                    "Pyongyang",
                    "Moscow",
                ),
            ),
        ),
        Claim(
            NORTH_KOREA,
            _relation("providesMilitaryAid"),
            RUSSIA,
            polarity="negated",
            attributed_to=KCNA,
            confidence=0.75,
            evidence=(
                _ev(
                    DOC_A,
                    900,
                    15,
                    "KCNA dismissed claims that Pyongyang sends arms to Moscow.",
                    "Pyongyang",
                    "Moscow",
                ),
            ),
        ),
        Claim(
            NORTH_KOREA,
            _relation("cooperatesMilitarilyWith"),
            RUSSIA,
            modality="future",
            confidence=0.5,
            evidence=(
                _ev(DOC_B, 80, 2, "The DPRK plans joint drills with Russia.", "DPRK", "Russia"),
            ),
        ),
        Claim(
            KIM,
            _relation("leaderOf"),
            NORTH_KOREA,
            role="Supreme Leader",
            confidence=0.95,
            evidence=(
                _ev(
                    DOC_A,
                    0,
                    0,
                    "North Korean leader Kim Jong Un arrived.",
                    "Kim Jong Un",
                    "North Korean",
                ),
            ),
        ),
        Claim(
            SOUTH_KOREA,
            _relation("criticizes"),
            NORTH_KOREA,
            date="2023-09",
            confidence=0.8,
            evidence=(_ev(DOC_B, 200, 5, "Seoul condemned the ties.\nIt was firm.", "Seoul"),),
        ),
        Claim(
            WAGNER,
            TEST_RELATION,
            VOSTOCHNY,
            confidence=1.0,
            evidence=(_ev(DOC_A, 1500, 30, "Wagner <fighters> & \\others\\ visited.", "Wagner"),),
        ),
        Claim(
            FOREIGN_MINISTRY,
            _relation("praises"),
            RUSSIA,
            confidence=0.55,
            evidence=(
                _ev(
                    DOC_A,
                    1700,
                    33,
                    "China's foreign ministry praised the friendship.",
                    "China's foreign ministry",
                ),
            ),
        ),
    ]


def sample_corpus() -> Corpus:
    """A small corpus with every feature the exports must carry."""
    return Corpus(documents=(DOC_A, DOC_B), claims=merge_claims(sample_claims()))


def broken_corpus() -> Corpus:
    """The sample corpus plus a claim with no evidence (SHACL must reject it)."""
    orphan = Claim(RUSSIA, _relation("threatens"), SOUTH_KOREA, confidence=0.4)
    corpus = sample_corpus()
    return replace(corpus, claims=merge_claims([*corpus.claims, orphan]))


def roundtrip_form(corpus: Corpus) -> Corpus:
    """What ``load_corpus`` gives back for a corpus: documents without text or source,
    sorted; aliases = aliases and differing name-like mentions, sorted."""
    from graph.rdf import _name_like

    mentions: dict[str, set[str]] = {}
    for claim in corpus.claims:
        for e in claim.evidence:
            mentions.setdefault(claim.subject.key, set()).add(_name_like(e.subject_mention))
            mentions.setdefault(claim.object.key, set()).add(_name_like(e.object_mention))

    def entity(e: Entity | None) -> Entity | None:
        if e is None:
            return None
        names = {*e.aliases, *mentions.get(e.key, ())} - {e.label, ""}
        return replace(e, aliases=tuple(sorted(names)))

    documents = {d.id: replace(d, text="", source="") for d in corpus.documents}
    claims = tuple(
        sorted(
            (
                replace(
                    c,
                    subject=entity(c.subject),
                    object=entity(c.object),
                    attributed_to=entity(c.attributed_to),
                )
                for c in corpus.claims
            ),
            key=lambda c: c.id,
        )
    )
    return Corpus(documents=tuple(documents[k] for k in sorted(documents)), claims=claims)


def synthetic_corpus(
    claims: int, *, entities: int = 0, documents: int = 0, seed: int = 1
) -> Corpus:
    """A random but repeatable corpus of about ``claims`` claims for scale tests."""
    rng = random.Random(seed)
    entities = entities or max(4, claims // 4)
    documents = documents or max(1, claims // 10)
    types = ("Country", "Person", "Organization", "MediaOrganization", "Group")
    actors = [
        Entity(
            f"actor-{i}",
            f"Actor “{i}”",
            types[i % len(types)],
            country=f"C{i % 50:02d}"[:3].upper().ljust(3, "X"),
            sector=("GOV", "MIL", None)[i % 3],
            wikidata=f"Q{1000 + i}" if i % 2 else None,
        )
        for i in range(entities)
    ]
    docs = [
        Document(
            id=f"doc-{i}",
            text="",
            title=f"Title {i}",
            author=f"Author {i % 7}",
            date=f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
            publisher="Wire",
        )
        for i in range(documents)
    ]
    relations = [
        spec.relation
        for spec in load_lexicon().specs.values()
        if spec.relation.cameo and len(spec.relation.cameo) >= 3
    ]
    out = []
    for i in range(claims):
        subject, obj = rng.sample(actors, 2)
        doc = rng.choice(docs)
        start = rng.randrange(0, 50_000)
        text = f'Sentence {i}: {subject.label} and {obj.label} "did" something.'
        out.append(
            Claim(
                subject,
                rng.choice(relations),
                obj,
                polarity=rng.choice(("affirmed", "affirmed", "negated")),
                modality=rng.choice(("actual", "actual", "future", "hypothetical")),
                attributed_to=rng.choice(actors) if rng.random() < 0.3 else None,
                date=rng.choice((None, doc.date)),
                confidence=round(rng.random(), 3),
                evidence=(
                    Evidence(
                        doc.id,
                        text,
                        start,
                        start + len(text),
                        rng.randrange(200),
                        subject.label,
                        obj.label,
                    ),
                ),
            )
        )
    return Corpus(documents=tuple(docs), claims=merge_claims(out))
