"""A synthetic news corpus for benchmarks: sentences made from templates at run time.

Actors come from the gazetteer (country names, capitals, demonym + agent nouns, organisations)
and verbs from the relation lexicon, so the sentences exercise the same paths as real news
(active and passive voice, conjoined actors, reported speech, negation, modality) while no
sentence of the gold set or the seed article is stored in the repository. ``shared_texts``
adds the real sentences of ``../shared/`` when that folder is present.

    >>> sentences = generate_sentences(5, seed=1)
    >>> len(sentences), all(s.endswith(".") for s in sentences)
    (5, True)
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from graph.records import Document

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"

#: past tense and past participle of the irregular verbs the lexicon uses
IRREGULAR = {
    "break": ("broke", "broken"),
    "cut": ("cut", "cut"),
    "fight": ("fought", "fought"),
    "fly": ("flew", "flown"),
    "freeze": ("froze", "frozen"),
    "give": ("gave", "given"),
    "hold": ("held", "held"),
    "meet": ("met", "met"),
    "seek": ("sought", "sought"),
    "send": ("sent", "sent"),
    "shoot": ("shot", "shot"),
    "sit": ("sat", "sat"),
    "speak": ("spoke", "spoken"),
    "stand": ("stood", "stood"),
    "strike": ("struck", "struck"),
    "withdraw": ("withdrew", "withdrawn"),
    "expel": ("expelled", "expelled"),
    "make": ("made", "made"),
    "take": ("took", "taken"),
    "say": ("said", "said"),
}
#: first words of names that take "the"
ARTICLE_WORDS = frozenset(
    {"United", "European", "International", "Organization", "World", "Islamic"}
)
AGENTS = ("officials", "troops", "police", "diplomats", "lawmakers", "rebels", "forces")
WHEN = (
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "last week",
    "this month",
    "on Saturday",
    "earlier this year",
    "late on Sunday",
)
TOPICS = (
    "the border dispute",
    "the nuclear programme",
    "fishing rights",
    "the refugee crisis",
    "trade barriers",
    "the ceasefire",
    "arms sales",
    "the election",
    "water sharing",
)
SPEAKERS = (
    "a spokesman said",
    "officials said",
    "state media reported",
    "the foreign ministry said",
    "diplomats said",
    "a government source said",
)
FILLER = (
    "Grain prices rose sharply across the region {when}, traders said.",
    "Heavy rain closed several roads near the coast {when}.",
    "The talks on {topic} are expected to resume after the holiday.",
    "Analysts said the outcome would depend on the weather and on turnout.",
    "The report, published {when}, runs to more than two hundred pages.",
)


def past(lemma: str, participle: bool = False) -> str:
    """The past tense (or participle) of a verb lemma, by rule or from :data:`IRREGULAR`.

    >>> past("meet"), past("condemn"), past("deny"), past("slap"), past("welcome")
    ('met', 'condemned', 'denied', 'slapped', 'welcomed')
    """
    if lemma in IRREGULAR:
        return IRREGULAR[lemma][1 if participle else 0]
    if lemma.endswith("e"):
        return lemma + "d"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ied"
    if len(lemma) <= 4 and re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):
        return lemma + lemma[-1] + "ed"
    return lemma + "ed"


def _actors() -> tuple[list[str], list[str], list[str]]:
    """(names usable as a subject or object, capitals, demonyms) from the gazetteer."""
    from graph.gazetteer import load_gazetteer

    actors = load_gazetteer().actors
    names, capitals, demonyms = [], [], []
    for key in sorted(actors):
        actor = actors[key]
        if actor.status == "member" and not actor.ambiguous:
            names.append(_with_article(actor.entity.label))
            capitals.extend(actor.capitals[:1])
            demonyms.extend(actor.demonyms[:1])
        elif actor.status is None and actor.entity.type == "Organization" and actor.names:
            short = actor.names[-1]
            names.append(short if len(short) <= 6 else _with_article(actor.entity.label))
    return names, capitals, demonyms


def _with_article(name: str) -> str:
    """ "the United Kingdom", "the International Committee of the Red Cross"; "Egypt"."""
    words = name.split()
    if len(words) > 1 and (" of " in name or words[0] in ARTICLE_WORDS):
        return "the " + name
    return name


def _verbs() -> list[tuple[str, str, bool]]:
    """(lemma, words after the verb and before the target, transitive) from the lexicon."""
    from graph.lexicon import load_lexicon

    out = []
    for lemma, triggers in load_lexicon().verbs.items():
        for trigger in triggers:
            if trigger.joint:
                continue
            rest = " ".join(w for w in (trigger.particle, *trigger.obj, trigger.prep) if w)
            out.append((lemma, rest, not rest))
    return out


def generate_sentences(count: int, *, seed: int = 0) -> list[str]:
    """``count`` news-style sentences, the same for the same seed."""
    rng = random.Random(seed)
    names, capitals, demonyms = _actors()
    verbs = _verbs()

    def actor() -> str:
        roll = rng.random()
        if roll < 0.55:
            return rng.choice(names)
        if roll < 0.75:
            return rng.choice(capitals)
        return f"{rng.choice(demonyms)} {rng.choice(AGENTS)}"

    def vp(tense: str) -> tuple[str, bool]:
        lemma, rest, transitive = rng.choice(verbs)
        verb = lemma if tense == "bare" else past(lemma, tense == "participle")
        return " ".join(w for w in (verb, rest) if w), transitive

    sentences = []
    while len(sentences) < count:
        a, b = actor(), actor()
        if a == b:
            continue
        when, topic, speaker = rng.choice(WHEN), rng.choice(TOPICS), rng.choice(SPEAKERS)
        form = rng.randrange(8)
        if form == 0:
            text = f"{a} {vp('past')[0]} {b} {when}, {speaker}."
        elif form == 1:
            phrase, transitive = vp("participle")
            if not transitive:
                continue
            text = f"{b} was {phrase} by {a} {when} over {topic}."
        elif form == 2:
            text = f"{a} and {rng.choice(names)} {vp('past')[0]} {b} {when} over {topic}."
        elif form == 3:
            text = (
                f"The {rng.choice(demonyms)} foreign minister said {a} would "
                f"{vp('bare')[0]} {b} if the talks on {topic} failed."
            )
        elif form == 4:
            text = f"{a} did not {vp('bare')[0]} {b} {when}, {speaker}."
        elif form == 5:
            text = (
                f"{a} {vp('past')[0]} {b} during a visit to {rng.choice(capitals)} "
                f"{when}, in a move that surprised observers of {topic}."
            )
        elif form == 6:
            text = f"{a} is ready to {vp('bare')[0]} {b}, {speaker} {when}."
        else:
            text = rng.choice(FILLER).format(when=when, topic=topic)
        sentences.append(text[0].upper() + text[1:])
    return sentences


def shared_texts() -> list[str]:
    """Sentences and paragraphs of ../shared/seeds/*.txt and ../shared/eval/*.jsonl, if present.

    Read at run time only, never stored in the repository.
    """
    texts: list[str] = []
    for path in sorted(SHARED.glob("seeds/*.txt")):
        paragraphs = path.read_text(encoding="utf-8").split("\n\n")
        texts.extend(p.strip() for p in paragraphs if len(p.split()) >= 8)
    for path in sorted(SHARED.glob("eval/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def make_documents(texts: list[str], per_document: int = 12) -> list[Document]:
    """Group texts into articles of ``per_document`` texts, four to a paragraph."""
    documents = []
    for number, start in enumerate(range(0, len(texts), per_document)):
        chunk = texts[start : start + per_document]
        paragraphs = [" ".join(chunk[i : i + 4]) for i in range(0, len(chunk), 4)]
        documents.append(Document(id=f"bench-{number:05d}", text="\n\n".join(paragraphs)))
    return documents
