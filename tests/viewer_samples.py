"""Corpora for the viewer's tests and benchmark: a small Korea–Russia one, a hostile one, and
synthetic ones of any size. Built from records directly, so they need no NLP model."""

from __future__ import annotations

import random

from graph.records import Claim, Corpus, Document, Entity, Evidence, Relation, merge_claims

# ---------------------------------------------------------------- relations (a lexicon subset)

MEETS = Relation("meets", "meets", cameo="040", plover="CONSULT", quad_class=1, goldstein=1.0)
VISITS = Relation("visits", "visits", cameo="042", plover="CONSULT", quad_class=1, goldstein=1.9)
PRAISES = Relation(
    "praises", "praises", cameo="051", plover="COOPERATE", quad_class=1, goldstein=3.4
)
COOPERATES_MIL = Relation(
    "cooperatesMilitarilyWith",
    "cooperates militarily with",
    cameo="062",
    plover="COOPERATE",
    quad_class=2,
    goldstein=7.4,
)
MILITARY_AID = Relation(
    "providesMilitaryAid",
    "provides military aid to",
    cameo="072",
    plover="AID",
    quad_class=2,
    goldstein=8.3,
)
CRITICIZES = Relation(
    "criticizes", "criticizes", cameo="111", plover="ACCUSE", quad_class=3, goldstein=-2.0
)
ACCUSES = Relation("accuses", "accuses", cameo="112", plover="ACCUSE", quad_class=3, goldstein=-2.0)
SANCTIONS = Relation(
    "sanctions", "imposes sanctions on", cameo="163", plover="REDUCE", quad_class=4, goldstein=-8.0
)
ATTACKS = Relation(
    "attacks", "attacks", cameo="190", plover="ASSAULT", quad_class=4, goldstein=-10.0
)
HOLDS_OFFICE = Relation("holdsOfficeIn", "holds office in", parent="affiliatedWith")
SPOKESPERSON = Relation("spokespersonFor", "spokesperson for", parent="holdsOfficeIn")
EVENT_RELATIONS = (
    MEETS,
    VISITS,
    PRAISES,
    COOPERATES_MIL,
    MILITARY_AID,
    CRITICIZES,
    ACCUSES,
    SANCTIONS,
    ATTACKS,
)

# ---------------------------------------------------------------- actors

NORTH_KOREA = Entity(
    "north-korea",
    "North Korea",
    "Country",
    country="PRK",
    wikidata="Q423",
    aliases=("DPRK", "Pyongyang", "Democratic People's Republic of Korea"),
)
RUSSIA = Entity(
    "russia",
    "Russia",
    "Country",
    country="RUS",
    wikidata="Q159",
    aliases=("Moscow", "the Kremlin", "Russian Federation"),
)
SOUTH_KOREA = Entity(
    "south-korea",
    "South Korea",
    "Country",
    country="KOR",
    wikidata="Q884",
    aliases=("Seoul", "Republic of Korea"),
)
USA = Entity(
    "united-states",
    "United States",
    "Country",
    country="USA",
    wikidata="Q30",
    aliases=("Washington", "the White House"),
)
UKRAINE = Entity("ukraine", "Ukraine", "Country", country="UKR", wikidata="Q212", aliases=("Kyiv",))
KIM = Entity(
    "kim-jong-un",
    "Kim Jong Un",
    "Person",
    country="PRK",
    sector="GOV",
    wikidata="Q56226",
    aliases=("Kim", "the North Korean leader"),
)
PUTIN = Entity(
    "vladimir-putin",
    "Vladimir Putin",
    "Person",
    country="RUS",
    sector="GOV",
    wikidata="Q7747",
    aliases=("Putin",),
)
SHOIGU = Entity(
    "sergei-shoigu",
    "Sergei Shoigu",
    "Person",
    country="RUS",
    sector="MIL",
    aliases=("Shoigu", "Sergueï Choïgou", "the Russian defence minister"),
)
PESKOV = Entity(
    "dmitry-peskov", "Dmitry Peskov", "Person", country="RUS", sector="GOV", aliases=("Peskov",)
)
KCNA = Entity(
    "kcna",
    "KCNA",
    "MediaOrganization",
    country="PRK",
    sector="MED",
    aliases=("Korean Central News Agency",),
)
PRIMORSKY = Entity(
    "primorsky-krai",
    "Primorsky Krai",
    "AdministrativeArea",
    country="RUS",
    aliases=("Primorsky region",),
)
KOZHEMYAKO = Entity(
    "oleg-kozhemyako",
    "Oleg Kozhemyako",
    "Person",
    country="RUS",
    sector="GOV",
    aliases=("Kozhemyako",),
)
DEFENCE_MINISTRY = Entity(
    "russian-ministry-of-defence",
    "Russian Ministry of Defence",
    "Organization",
    country="RUS",
    sector="MIL",
)
PARTISANS = Entity("ukrainian-partisans", "Ukrainian partisans", "Group", country="UKR")

# ---------------------------------------------------------------- documents

DOC_A = Document(
    id="000_ecd09d62f26e1832",
    title="North Korea Deepens Ties With Russia and China",
    author="Angeline Tan",
    date="2023-09-18",
    publisher="The New American",
    url="https://thenewamerican.com/world-news/north-korea-deepens-ties",
    text="",
)
DOC_B = Document(
    id="wire-0917",
    title="Kim tours Russian fleet",
    author="Staff",
    date="2023-09-17",
    publisher="Wire Service",
    text="",
)
DOC_C = Document(
    id="seoul-0914",
    title="Seoul condemns Moscow–Pyongyang arms talk",
    author="Lee Min-ji",
    date="2023-09-14",
    publisher="Seoul Daily",
    url="https://example.org/seoul-0914",
    text="",
)


def _evidence(
    doc: Document, sentence: str, index: int, subject: str, obj: str, offset: int = 1000
) -> Evidence:
    """Evidence whose spans are document offsets, as extraction gives them."""
    s_at, o_at = sentence.find(subject), sentence.find(obj)
    assert s_at >= 0 and o_at >= 0, (subject, obj, sentence)
    return Evidence(
        document=doc.id,
        text=sentence,
        start=offset + index * 300,
        end=offset + index * 300 + len(sentence),
        sentence=index,
        subject_mention=subject,
        object_mention=obj,
        subject_span=(offset + index * 300 + s_at, offset + index * 300 + s_at + len(subject)),
        object_span=(offset + index * 300 + o_at, offset + index * 300 + o_at + len(obj)),
    )


# Each row: subject, relation, object, claim fields, and its evidence as
# (document, sentence, sentence index, subject mention, object mention).
SAMPLE_CLAIMS = [
    (KIM, MEETS, PUTIN, {"date": "2023-09-13", "confidence": 0.9, "attributed_to": KCNA}, [
        (DOC_A, "On September 13, Kim met Russian President Vladimir Putin to discuss "
         "military matters.", 4, "Kim", "Vladimir Putin"),
        (DOC_B, "Kim and Putin met at the Vostochny cosmodrome, state media said.", 2, "Kim",
         "Putin"),
    ]),
    (KIM, COOPERATES_MIL, SHOIGU, {"date": "2023-09-16", "confidence": 0.8}, [
        (DOC_A, "Kim and Shoigu inspected Russian nuclear-capable strategic bombers on "
         "September 16.", 7, "Kim", "Shoigu"),
    ]),
    (PUTIN, VISITS, NORTH_KOREA, {"polarity": "negated", "modality": "future",
                                  "attributed_to": PESKOV, "confidence": 0.7}, [
        (DOC_A, "Peskov maintained that Putin had no tangible plans yet for a visit to the DPRK.",
         5, "Putin", "DPRK"),
    ]),
    (NORTH_KOREA, MILITARY_AID, RUSSIA, {"modality": "hypothetical", "confidence": 0.6,
                                         "attributed_to": USA}, [
        (DOC_A, "Washington fears that North Korea could boost Russia's military in Ukraine.",
         9, "North Korea", "Russia"),
    ]),
    (RUSSIA, COOPERATES_MIL, NORTH_KOREA, {"modality": "future", "date": "2023-09-18",
                                           "attributed_to": SHOIGU, "confidence": 0.7}, [
        (DOC_A, "Shoigu admitted that Moscow is discussing joint military drills with North "
         "Korea.", 14, "Moscow", "North Korea"),
    ]),
    (KIM, PRAISES, RUSSIA, {"date": "2023-09-15", "confidence": 0.8, "attributed_to": KCNA}, [
        (DOC_A, "The North Korean leader voiced his admiration for Russia's aviation technology.",
         8, "The North Korean leader", "Russia"),
    ]),
    (KOZHEMYAKO, MILITARY_AID, KIM, {"date": "2023-09-17", "confidence": 0.85}, [
        (DOC_B, "Oleg Kozhemyako gave Kim a bulletproof vest and six drones.", 3,
         "Oleg Kozhemyako", "Kim"),
    ]),
    (SOUTH_KOREA, CRITICIZES, RUSSIA, {"date": "2023-09-14", "confidence": 0.8}, [
        (DOC_C, "Seoul condemned Moscow for its military dealings with Pyongyang.", 0, "Seoul",
         "Moscow"),
    ]),
    (SOUTH_KOREA, CRITICIZES, NORTH_KOREA, {"date": "2023-09-14", "confidence": 0.8}, [
        (DOC_C, "Seoul condemned Moscow for its military dealings with Pyongyang.", 0, "Seoul",
         "Pyongyang"),
    ]),
    (UKRAINE, ACCUSES, KIM, {"confidence": 0.6}, [
        (DOC_A, "A Ukrainian website accused Kim of supplying shells.", 16, "Ukrainian", "Kim"),
    ]),
    (USA, SANCTIONS, RUSSIA, {"date": "2023-09-14", "confidence": 0.75}, [
        (DOC_C, "The United States imposed new sanctions on Russia.", 3, "The United States",
         "Russia"),
    ]),
    (PARTISANS, ATTACKS, DEFENCE_MINISTRY, {"date": "2023-09-10", "confidence": 0.5}, [
        (DOC_C, "Ukrainian partisans attacked a depot of the Russian Ministry of Defence.", 5,
         "Ukrainian partisans", "Russian Ministry of Defence"),
    ]),
    (SHOIGU, HOLDS_OFFICE, RUSSIA, {"role": "defence minister", "confidence": 0.95}, [
        (DOC_A, "Russia's Defense Minister Sergei Shoigu discussed practical matters.", 1,
         "Sergei Shoigu", "Russia"),
    ]),
    (PESKOV, SPOKESPERSON, RUSSIA, {"role": "Kremlin spokesman", "confidence": 0.95}, [
        (DOC_A, "Kremlin spokesman Dmitry Peskov maintained that Russia had no plans.", 5,
         "Dmitry Peskov", "Kremlin"),
    ]),
    (KOZHEMYAKO, HOLDS_OFFICE, PRIMORSKY, {"role": "governor", "confidence": 0.9}, [
        (DOC_A, "Oleg Kozhemyako, governor of Russia's far-eastern Primorsky region, gave Kim "
         "six drones.", 20, "Oleg Kozhemyako", "Primorsky region"),
    ]),
]  # fmt: skip


def sample_corpus() -> Corpus:
    """Korea–Russia claims with aliases, offices, negated and future claims, several sources."""
    claims = [
        Claim(subject, relation, obj, evidence=tuple(_evidence(*row) for row in rows), **fields)
        for subject, relation, obj, fields, rows in SAMPLE_CLAIMS
    ]
    return Corpus(documents=(DOC_A, DOC_B, DOC_C), claims=merge_claims(claims))


# ---------------------------------------------------------------- hostile text

PAYLOADS = (
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=1;console.error('pwned')\">",
    '"><svg onload=window.__pwned=1>',
    "</script><script>window.__pwned=1</script>",
    "javascript:window.__pwned=1",
    "' onmouseover='window.__pwned=1",
    "\u2028<!-- --></style>",
)


def hostile_corpus() -> Corpus:
    """Every text field of a claim carries markup that would run if parsed as HTML."""
    evil = " ".join(PAYLOADS[:4])

    def actor(key: str, kind: str, payload: str) -> Entity:
        return Entity(
            key,
            f"{key} {payload}",
            kind,
            country="PRK",
            wikidata='Q1"><script>window.__pwned=1</script>',
            sector="<b>GOV</b>",
            aliases=(f"alias {payload}", PAYLOADS[5]),
        )

    a = actor("alpha", "Person", PAYLOADS[0])
    b = actor("bravo", "Country", PAYLOADS[1])
    c = actor("charlie", "MediaOrganization", PAYLOADS[2])
    d = actor("delta", "Group", PAYLOADS[3])
    doc = Document(
        id="evil</script>doc",
        text="",
        title=f"Title {evil}",
        author=f"Author {PAYLOADS[1]}",
        date="2023-01-02",
        publisher=f"Outlet {PAYLOADS[2]}",
        url=PAYLOADS[4],
    )
    doc2 = Document(
        id="evil-2",
        text="",
        title=f"Second {PAYLOADS[6]}",
        url='https://example.org/"><script>window.__pwned=1</script>',
    )
    sentence = f"{a.label} met {b.label} and said {evil} {PAYLOADS[6]}"
    ev = _evidence(doc, sentence, 0, a.label, b.label)
    ev2 = Evidence(
        document=doc2.id,
        text=f"{c.label} blamed {d.label}",
        start=0,
        end=10,
        sentence=3,
        subject_mention=c.label,
        object_mention=d.label,
        subject_span=(0, len(c.label)),
        object_span=(999, 2000),
    )
    claims = [
        Claim(
            a,
            MEETS,
            b,
            date="2023-01-01",
            attributed_to=c,
            evidence=(ev,),
            role=f"role {PAYLOADS[0]}",
        ),
        Claim(c, ACCUSES, d, date="2023-01-02", evidence=(ev2,)),
        Claim(b, ATTACKS, d, polarity="negated", evidence=(ev,)),
        Claim(d, HOLDS_OFFICE, c, role=PAYLOADS[3], evidence=(ev2,)),
    ]
    return Corpus(documents=(doc, doc2), claims=merge_claims(claims))


# ---------------------------------------------------------------- synthetic, for scale

KINDS = (
    "Country",
    "Person",
    "Person",
    "Organization",
    "MediaOrganization",
    "Group",
    "AdministrativeArea",
)


def synthetic_corpus(n_claims: int, n_actors: int | None = None, seed: int = 7) -> Corpus:
    """A random but reproducible corpus: hubs (a few busy actors), dates over a year."""
    rng = random.Random(seed)
    n_actors = n_actors or max(10, min(2000, n_claims // 5))
    countries = [f"C{i:02d}" for i in range(max(2, n_actors // 20))]
    actors = [
        Entity(
            f"actor-{i:04d}",
            f"Actor {i} {rng.choice(['Lee', 'Ivanov', 'Kim', 'Smith'])}",
            KINDS[i % len(KINDS)],
            country=rng.choice(countries),
            aliases=(f"A{i}",),
            wikidata=f"Q{1000 + i}",
        )
        for i in range(n_actors)
    ]
    docs = tuple(
        Document(
            id=f"doc-{i:05d}",
            text="",
            title=f"Article {i}",
            author="Reporter",
            date=f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
            publisher="Outlet",
            url=f"https://example.org/{i}",
        )
        for i in range(max(1, n_claims // 4))
    )
    weights = [1.0 / (1 + i) ** 0.8 for i in range(n_actors)]  # a few hubs, a long tail
    claims: dict[str, Claim] = {}
    i = -1
    while len(claims) < n_claims:
        i += 1
        s, o = rng.choices(actors, weights=weights, k=2)
        if s is o:
            o = actors[(actors.index(s) + 1 + i) % n_actors]
        rel = EVENT_RELATIONS[i % len(EVENT_RELATIONS)]
        doc = docs[i % len(docs)]
        sentence = f"{s.label} and {o.label} did something notable, claim {i}."
        evidence = tuple(
            _evidence(
                doc if k == 0 else docs[(i + k * 7) % len(docs)], sentence, i % 40, s.label, o.label
            )
            for k in range(1 + (i % 5 == 0))
        )
        claim = Claim(
            s,
            rel,
            o,
            polarity="negated" if i % 23 == 0 else "affirmed",
            modality="future" if i % 17 == 0 else "actual",
            date=None if i % 11 == 0 else f"2023-{1 + i % 12:02d}-{1 + (i * 7) % 28:02d}",
            confidence=0.5 + (i % 5) / 10,
            evidence=evidence,
            attributed_to=actors[i % n_actors] if i % 3 == 0 else None,
        )
        claims.setdefault(claim.id, claim)  # a repeated claim would merge: draw another
    return Corpus(documents=docs, claims=merge_claims(claims.values()))
