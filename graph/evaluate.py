"""Precision, recall and F1 of extraction against gold "who did what to whom" sentences.

The gold format and the scoring rule are those of ``../shared/eval/README.md``: each gold
line is one sentence with hand-coded events (source and target actor codes, a CAMEO code, a
quad class). Extraction runs on each sentence as a document of its own, and per sentence the
*set* of gold items is compared with the *set* of predicted items at three levels:

======================  ==========================================
level                   item
======================  ==========================================
``dyad``                (source country, target country)
``dyad+quad``           (source country, target country, quad class)
``dyad+root``           (source country, target country, CAMEO root)
======================  ==========================================

Counts are summed over sentences (micro average). Choices the README leaves open:

- **Countries.** An actor code counts when its first three letters are an ISO 3166-1
  alpha-3 code or one of the CAMEO spellings in :data:`CAMEO_VARIANTS`; IGO, NGO, IMG and
  other non-state codes, and null actors, leave their event out of the count. A predicted
  claim counts when its subject and object both have a ``country`` and its relation a CAMEO
  code.
- **Same country on both sides.** Kept: about a quarter of the gold events are internal
  (``SDNGOV`` against ``SDNREB``, ``EGYCOP`` against ``EGYMOS``), so a claim from a state's
  government to its own rebels is a hit, not noise.
- **Which claims.** By default every event claim counts whatever its polarity and modality
  (:data:`CLAIM_POLICIES`): CAMEO codes "agreed to", "offered to", "threatened to" and "refused
  to" as events in themselves, so a future or negated claim still says who acted on whom.
  ``affirmed`` and ``truthy`` (affirmed and actual) are there to measure the difference.
- **Gold events with no code.** They count at the ``dyad`` level only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import InputError, UsageError
from .lexicon import event_code, quad_class_of
from .records import Claim, Document
from .settings import Settings

LEVELS = ("dyad", "dyad+quad", "dyad+root")
LEVEL_LABELS = {
    "dyad": "source, target",
    "dyad+quad": "source, target, quad class",
    "dyad+root": "source, target, CAMEO root",
}
#: which predicted claims count: every event claim, affirmed ones, affirmed and actual ones
CLAIM_POLICIES = ("all", "affirmed", "truthy")
DEFAULT_POLICY = "all"

#: CAMEO actor codes that spell a state differently from ISO 3166-1 alpha-3
CAMEO_VARIANTS = {
    "JAP": "JPN",  # Japan
    "ITL": "ITA",  # Italy
    "VTN": "VNM",  # Viet Nam
    "KSV": "XKX",  # Kosovo: no ISO code; XKX is the code in common use
    "USR": "SUN",  # the Soviet Union: SUN is its withdrawn ISO code, as in the gazetteer
}
#: ISO 3166-1 alpha-3 codes of states and territories (../shared/reference/), plus the codes
#: the gazetteer gives Kosovo (XKX) and the Soviet Union (SUN)
_ISO_CODES = """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR
    BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD
    COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP
    EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM
    GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN
    KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO
    MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER
    NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE
    PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR
    SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA
    UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE XKX SUN
"""
ISO_ALPHA3 = frozenset(_ISO_CODES.split())


def actor_country(code: str | None) -> str | None:
    """The ISO alpha-3 country of a gold actor code, or None for a non-state or null actor.

    >>> actor_country("HUNGOV"), actor_country("JAP"), actor_country("IGOMIL"), actor_country(None)
    ('HUN', 'JPN', None, None)
    """
    if not code:
        return None
    prefix = code[:3].upper()
    if prefix in CAMEO_VARIANTS:
        return CAMEO_VARIANTS[prefix]
    return prefix if prefix in ISO_ALPHA3 else None


def quad_of_root(root: str | None) -> int | None:
    """The quad class of a two-digit CAMEO root (01–05 → 1, 06–09 → 2, 10–14 → 3, 15–20 → 4).

    >>> quad_of_root("03"), quad_of_root("19"), quad_of_root(None)
    (1, 4, None)
    """
    if not root or not root.isdigit():
        return None
    value = int(root)
    if not 1 <= value <= 20:
        return None
    return 1 if value <= 5 else 2 if value <= 9 else 3 if value <= 14 else 4


def _item(
    source: str | None, target: str | None, code: str | None, quad: int | None
) -> Item | None:
    """The scored form of an event between two countries; None when either is missing."""
    if source is None or target is None:
        return None
    root = code[:2] if code and len(code) >= 2 and code[:2].isdigit() else None
    return Item(source, target, quad if quad is not None else quad_of_root(root), root)


def _check_policy(policy: str) -> None:
    if policy not in CLAIM_POLICIES:
        choices = ", ".join(CLAIM_POLICIES)
        raise ValueError(f"unknown claim policy {policy!r}: use one of {choices}")


# ----------------------------------------------------------------------------- records
@dataclass(frozen=True, slots=True)
class Item:
    """One scored event, at every level: countries, quad class and CAMEO root."""

    source: str
    target: str
    quad_class: int | None
    root: str | None

    def key(self, level: str) -> tuple | None:
        """What the item is compared on at ``level``; None when it has nothing to compare."""
        if level == "dyad":
            return (self.source, self.target)
        if level == "dyad+quad":
            return None if self.quad_class is None else (self.source, self.target, self.quad_class)
        return None if self.root is None else (self.source, self.target, self.root)


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One hand-coded event of a gold sentence, as the gold file gives it."""

    source: str | None
    target: str | None
    code: str | None = None
    quad_class: int | None = None
    plover: str | None = None
    source_text: str = ""
    target_text: str = ""

    @property
    def item(self) -> Item | None:
        """The scored form, or None when either actor is not a state."""
        source, target = actor_country(self.source), actor_country(self.target)
        return _item(source, target, self.code, self.quad_class)


@dataclass(frozen=True, slots=True)
class GoldSentence:
    """One gold line: a sentence and its events."""

    id: str
    text: str
    date: str | None = None
    events: tuple[GoldEvent, ...] = ()


@dataclass(frozen=True, slots=True)
class Prediction:
    """One event claim extracted from a gold sentence, in the terms it is scored on."""

    subject: str  # entity labels
    object: str
    source: str | None  # countries
    target: str | None
    relation: str  # relation key
    cameo: str
    quad_class: int | None
    polarity: str
    modality: str
    subject_mention: str = ""
    object_mention: str = ""
    evidence: str = ""
    counted: bool = True  # both actors have a country and the claim policy admits it

    @property
    def item(self) -> Item | None:
        """The scored form, or None when the prediction is not counted."""
        if not self.counted:
            return None
        return _item(self.source, self.target, self.cameo, self.quad_class)


@dataclass(frozen=True, slots=True)
class Score:
    """Micro counts at one level, with precision, recall and F1 (0.0 where undefined)."""

    level: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class SentenceResult:
    """Gold and predictions of one sentence, and its errors at the dyad+quad level.

    ``missed`` are counted gold events whose (source, target, quad class) no counted prediction
    has; ``false_hits`` are counted predictions whose triple no gold event has.
    """

    id: str
    text: str
    gold: tuple[GoldEvent, ...]
    predicted: tuple[Prediction, ...]
    missed: tuple[GoldEvent, ...] = ()
    false_hits: tuple[Prediction, ...] = ()


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """Scores at each level (in :data:`LEVELS` order) and the sentences, sorted by id."""

    scores: tuple[Score, ...]
    sentences: tuple[SentenceResult, ...]
    policy: str = DEFAULT_POLICY
    gold_events: int = 0  # all gold events
    gold_counted: int = 0  # gold events between two states
    claims: int = 0  # event claims extracted
    claims_counted: int = 0
    skipped: tuple[InputError, ...] = field(default=())

    def score(self, level: str) -> Score:
        """The score at ``level`` (one of :data:`LEVELS`).

        Raises:
            KeyError: not a level.
        """
        for score in self.scores:
            if score.level == level:
                return score
        raise KeyError(level)

    @property
    def errors(self) -> tuple[SentenceResult, ...]:
        """The sentences with a miss or a false hit."""
        return tuple(s for s in self.sentences if s.missed or s.false_hits)

    def to_dict(self, *, errors: bool = False) -> dict:
        """A JSON-ready summary (scores rounded to 4 places); sentences with errors if asked."""
        out: dict = {
            "policy": self.policy,
            "sentences": len(self.sentences),
            "gold_events": self.gold_events,
            "gold_counted": self.gold_counted,
            "claims": self.claims,
            "claims_counted": self.claims_counted,
            "skipped": [str(error) for error in self.skipped],
            "levels": {
                s.level: {
                    "description": LEVEL_LABELS[s.level],
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                }
                for s in self.scores
            },
        }
        if errors:
            out["errors"] = [_sentence_dict(s) for s in self.errors]
        return out


def _sentence_dict(result: SentenceResult) -> dict:
    def gold(event: GoldEvent) -> dict:
        return {**asdict(event), "counted": event.item is not None}

    return {
        "id": result.id,
        "text": result.text,
        "gold": [gold(e) for e in result.gold],
        "predicted": [asdict(p) for p in result.predicted],
        "missed": [gold(e) for e in result.missed],
        "false_hits": [asdict(p) for p in result.false_hits],
    }


# ------------------------------------------------------------------------------ reading
def iter_gold(path: str | Path) -> Iterator[GoldSentence | InputError]:
    """Gold sentences of a JSONL file in order, with an InputError in place of each bad line.

    Blank lines are ignored; a repeated id is a bad line.

    Raises:
        UsageError: the file does not exist or cannot be read.
    """
    where = str(path)
    try:
        with Path(path).open(encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except FileNotFoundError as exc:
        raise UsageError(f"{where}: no such gold file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{where}: cannot read the gold file: {exc}") from exc
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            sentence = _parse_line(line)
        except ValueError as exc:
            yield InputError(where, f"{exc}; line skipped", line=number)
            continue
        if sentence.id in seen:
            yield InputError(where, f"id {sentence.id!r} appears twice; line skipped", line=number)
            continue
        seen.add(sentence.id)
        yield sentence


def load_gold(path: str | Path) -> list[GoldSentence]:
    """All gold sentences of a JSONL file (format: ``../shared/eval/README.md``).

    Raises:
        UsageError: the file does not exist or cannot be read.
        InputError: a line is not a gold sentence (the message names the file and line).
    """
    sentences = []
    for item in iter_gold(path):
        if isinstance(item, InputError):
            raise item
        sentences.append(item)
    return sentences


def _parse_line(line: str) -> GoldSentence:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    for key in ("id", "text"):
        if not isinstance(row.get(key), str) or not row[key].strip():
            raise ValueError(f"{key!r} must be a non-empty string")
    date = row.get("date")
    if date is not None:
        try:
            dt.date.fromisoformat(date)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"'date' must be YYYY-MM-DD or null, not {date!r}") from exc
    events = row.get("events", [])
    if not isinstance(events, list):
        raise ValueError("'events' must be a list")
    return GoldSentence(
        id=row["id"],
        text=row["text"],
        date=date,
        events=tuple(_parse_event(event, n) for n, event in enumerate(events, start=1)),
    )


def _parse_event(event: object, number: int) -> GoldEvent:
    if not isinstance(event, dict):
        raise ValueError(f"event {number} is not a JSON object")
    for key in ("source", "target", "code", "plover_event", "source_text", "target_text"):
        if event.get(key) is not None and not isinstance(event[key], str):
            raise ValueError(f"event {number}: {key!r} must be a string or null")
    quad = event.get("quad_class")
    if quad is not None and (isinstance(quad, bool) or quad not in (1, 2, 3, 4)):
        raise ValueError(f"event {number}: 'quad_class' must be 1, 2, 3, 4 or null, not {quad!r}")
    return GoldEvent(
        source=event.get("source") or None,
        target=event.get("target") or None,
        code=event.get("code") or None,
        quad_class=quad,
        plover=event.get("plover_event") or None,
        source_text=event.get("source_text") or "",
        target_text=event.get("target_text") or "",
    )


# ------------------------------------------------------------------------------ scoring
def predictions(claims: Sequence[Claim], policy: str = DEFAULT_POLICY) -> tuple[Prediction, ...]:
    """The event claims of one sentence in scored form, sorted; structural claims left out.

    Raises:
        ValueError: ``policy`` is not one of :data:`CLAIM_POLICIES`.
    """
    _check_policy(policy)
    out = []
    for claim in claims:
        relation = claim.relation
        if not relation.cameo:
            continue
        admitted = (
            policy == "all"
            or (policy == "affirmed" and claim.polarity == "affirmed")
            or (policy == "truthy" and claim.truthy)
        )
        evidence = claim.evidence[0] if claim.evidence else None
        source, target = claim.subject.country, claim.object.country
        code = event_code(relation, claim.modality) or relation.cameo
        out.append(
            Prediction(
                subject=claim.subject.label,
                object=claim.object.label,
                source=source,
                target=target,
                relation=relation.key,
                cameo=code,
                quad_class=quad_class_of(code),
                polarity=claim.polarity,
                modality=claim.modality,
                subject_mention=evidence.subject_mention if evidence else "",
                object_mention=evidence.object_mention if evidence else "",
                evidence=evidence.text if evidence else "",
                counted=admitted and source is not None and target is not None,
            )
        )
    return tuple(sorted(set(out), key=_prediction_order))


def _prediction_order(p: Prediction) -> tuple:
    return (
        not p.counted,
        p.source or "",
        p.target or "",
        p.cameo,
        p.relation,
        p.subject,
        p.object,
        p.polarity,
        p.modality,
        p.subject_mention,
        p.object_mention,
    )


def score(
    gold: Sequence[GoldSentence],
    predicted: Sequence[Sequence[Claim]],
    *,
    policy: str = DEFAULT_POLICY,
    skipped: Sequence[InputError] = (),
) -> EvaluationReport:
    """Score the claims extracted from each gold sentence (``predicted[i]`` for ``gold[i]``).

    A pure function: :func:`evaluate` runs the extraction and calls it.

    Raises:
        ValueError: the two sequences differ in length, or the policy is unknown.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold sentences but {len(predicted)} prediction lists")
    counts = {level: [0, 0, 0] for level in LEVELS}  # tp, fp, fn
    results = []
    gold_events = gold_counted = claims = claims_counted = 0
    for sentence, claim_list in zip(gold, predicted, strict=True):
        found = predictions(claim_list, policy)
        gold_items = [(event, event.item) for event in sentence.events]
        found_items = [(p, p.item) for p in found]
        gold_events += len(sentence.events)
        gold_counted += sum(item is not None for _, item in gold_items)
        claims += len(found)
        claims_counted += sum(item is not None for _, item in found_items)
        for level in LEVELS:
            want = {_key(item, level) for _, item in gold_items} - {None}
            have = {_key(item, level) for _, item in found_items} - {None}
            tally = counts[level]
            tally[0] += len(want & have)
            tally[1] += len(have - want)
            tally[2] += len(want - have)
        # errors are listed at the headline level, dyad + quad class
        want = {_key(item, "dyad+quad") for _, item in gold_items} - {None}
        have = {_key(item, "dyad+quad") for _, item in found_items} - {None}
        results.append(
            SentenceResult(
                id=sentence.id,
                text=sentence.text,
                gold=sentence.events,
                predicted=found,
                missed=tuple(
                    e
                    for e, item in gold_items
                    if (key := _key(item, "dyad+quad")) and key not in have
                ),
                false_hits=tuple(
                    p
                    for p, item in found_items
                    if (key := _key(item, "dyad+quad")) and key not in want
                ),
            )
        )
    return EvaluationReport(
        scores=tuple(Score(level, *counts[level]) for level in LEVELS),
        sentences=tuple(sorted(results, key=lambda r: r.id)),
        policy=policy,
        gold_events=gold_events,
        gold_counted=gold_counted,
        claims=claims,
        claims_counted=claims_counted,
        skipped=tuple(skipped),
    )


def _key(item: Item | None, level: str) -> tuple | None:
    return None if item is None else item.key(level)


def evaluate(
    gold: Sequence[GoldSentence],
    settings: Settings | None = None,
    *,
    policy: str = DEFAULT_POLICY,
    skipped: Sequence[InputError] = (),
) -> EvaluationReport:
    """Run extraction on every gold sentence (one batch, one document each) and score it.

    Each sentence becomes a Document with the gold id and date; ``skipped`` (bad gold lines)
    is carried into the report.

    Raises:
        ValueError: the policy is unknown.
    """
    from .pipeline import extract_texts

    _check_policy(policy)
    settings = settings or Settings(quiet=True)
    documents = [Document(id=s.id, text=s.text, date=s.date, source=f"gold:{s.id}") for s in gold]
    predicted = extract_texts(documents, settings) if documents else []
    return score(gold, predicted, policy=policy, skipped=skipped)
