"""The relation vocabulary and its triggers, loaded from data/relations.toml and data/cameo.tsv.

Every event relation sits in a hierarchy that makes any granularity queryable::

    meets ⊂ consult (CAMEO root 04) ⊂ verbalCooperation (quad class 1) ⊂ interactsWith

Structural relations (office held, spokesperson for) sit under ``affiliatedWith``.
"""

from __future__ import annotations

import csv
import hashlib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import DataError
from .records import Relation
from .settings import DATA_DIR

#: CAMEO root class → (ontology key, label) of the root relation.
ROOTS: dict[str, tuple[str, str]] = {
    "01": ("makeStatement", "makes a public statement about"),
    "02": ("appeal", "appeals to"),
    "03": ("expressIntentToCooperate", "expresses intent to cooperate with"),
    "04": ("consult", "consults"),
    "05": ("cooperateDiplomatically", "cooperates diplomatically with"),
    "06": ("cooperateMaterially", "cooperates materially with"),
    "07": ("provideAid", "provides aid to"),
    "08": ("yield", "yields to"),
    "09": ("investigate", "investigates"),
    "10": ("demand", "makes demands of"),
    "11": ("disapprove", "disapproves of"),
    "12": ("reject", "rejects"),
    "13": ("threaten", "threatens"),
    "14": ("protest", "protests against"),
    "15": ("exhibitForcePosture", "exhibits force posture toward"),
    "16": ("reduceRelations", "reduces relations with"),
    "17": ("coerce", "uses coercion against"),
    "18": ("assault", "assaults"),
    "19": ("fight", "fights"),
    "20": ("useMassViolence", "uses unconventional mass violence against"),
}
#: quad class → (ontology key, label).
QUADS: dict[int, tuple[str, str]] = {
    1: ("verbalCooperation", "verbal cooperation with"),
    2: ("materialCooperation", "material cooperation with"),
    3: ("verbalConflict", "verbal conflict with"),
    4: ("materialConflict", "material conflict with"),
}
TOP = ("interactsWith", "interacts with")

#: CAMEO codes an intended action is coded as ("offered to send aid" → 033, "threatened to
#: attack" → 138): the CAMEO manual codes the expression of intent, not the action.
_INTENT_CODES = {
    "04": "036",
    "05": "032",
    "057": "032",
    "06": "031",
    "061": "0311",
    "062": "0312",
    "063": "0313",
    "064": "0314",
    "07": "033",
    "071": "0331",
    "072": "0332",
    "073": "0333",
    "074": "0334",
    "08": "035",
    "081": "0351",
    "084": "0353",
    "085": "0354",
    "086": "0355",
    "087": "0356",
    "0874": "0356",
}
_THREAT_CODES = {
    "14": "130",
    "15": "138",
    "16": "131",
    "161": "1311",
    "163": "1312",
    "17": "137",
    "18": "138",
    "19": "138",
    "20": "138",
}

PREPOSITIONS = frozenset(
    "with to on upon at against for from in into of about between toward towards by over along "
    "near across inside around".split()
)
PARTICLES = frozenset("down up out off away back".split())


def event_code(relation: Relation, modality: str) -> str | None:
    """The CAMEO code of the event a claim reports: the relation's own, except that an intended
    (future) action is coded as the intent to do it ("offered to send aid" → 033, "threatened
    to attack" → 138).

    >>> from graph.records import Relation
    >>> event_code(Relation("providesAid", "provides aid to", cameo="070"), "future")
    '033'
    >>> event_code(Relation("attacks", "attacks", cameo="190"), "future")
    '138'
    >>> event_code(Relation("attacks", "attacks", cameo="190"), "hypothetical")
    '190'
    """
    code = relation.cameo
    if code is None or modality != "future":
        return code
    for table in (_INTENT_CODES, _THREAT_CODES):
        for size in (4, 3, 2):
            if code[:size] in table and len(code) >= size:
                return table[code[:size]]
    return code


def quad_class_of(code: str) -> int:
    """The quad class of a CAMEO code: 1 (01–05), 2 (06–09), 3 (10–14), 4 (15–20)."""
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


@dataclass(frozen=True, slots=True)
class VerbTrigger:
    """A verb pattern: lemma, optional required object words, particle and target preposition.

    ``"hold talks with"`` → lemma "hold", obj ("talks",), prep "with".
    """

    lemma: str
    relation: str
    obj: tuple[str, ...] = ()
    particle: str | None = None
    prep: str | None = None
    joint: bool = False  # only between conjoined subjects; the object is a topic


@dataclass(frozen=True, slots=True)
class RelationSpec:
    """What extraction needs to know about a relation beyond its Relation record."""

    relation: Relation
    reciprocal: bool = False
    owner_as_target: bool = False
    structural: bool = False


class Lexicon:
    """Relations by key, verb triggers by lemma, noun triggers by lower-case phrase."""

    def __init__(
        self,
        specs: dict[str, RelationSpec],
        verbs: dict[str, tuple[VerbTrigger, ...]],
        nouns: dict[str, str],
        version: str,
    ) -> None:
        self.specs = specs
        self.verbs = verbs
        self.nouns = nouns
        self.version = version
        self.max_noun_words = max((len(n.split()) for n in nouns), default=1)

    @property
    def relations(self) -> dict[str, Relation]:
        return {key: spec.relation for key, spec in self.specs.items()}

    def relation(self, key: str) -> Relation:
        """The relation with this key.

        Raises:
            KeyError: no such relation.
        """
        return self.specs[key].relation

    def noun_relation(self, words: list[str]) -> tuple[str, int] | None:
        """The relation of the longest noun trigger that ends ``words`` (lower-case lemmas).

        Returns (relation key, number of words matched), or None.
        """
        for size in range(min(self.max_noun_words, len(words)), 0, -1):
            key = self.nouns.get(" ".join(words[-size:]))
            if key is not None:
                return key, size
        return None


def _read_cameo(path: Path) -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        rows[row["code"]] = row
    return rows


def _parse_verb(entry: str, relation: str, where: str) -> VerbTrigger:
    words = entry.lower().split()
    if not words:
        raise DataError(f"{where}: empty verb trigger")
    lemma, rest = words[0], words[1:]
    prep = rest.pop() if rest and rest[-1] in PREPOSITIONS else None
    particle = rest.pop(0) if rest and rest[0] in PARTICLES else None
    return VerbTrigger(
        lemma=lemma, relation=relation, obj=tuple(rest), particle=particle, prep=prep
    )


@lru_cache(maxsize=4)
def load_lexicon(data_dir: Path = DATA_DIR) -> Lexicon:
    """Load and check the relation lexicon.

    Raises:
        DataError: a relation has an unknown CAMEO code, an unknown parent, or no label.
    """
    toml_path = data_dir / "relations.toml"
    cameo_path = data_dir / "cameo.tsv"
    try:
        raw_toml = toml_path.read_bytes()
        table = tomllib.loads(raw_toml.decode("utf-8"))
        cameo = _read_cameo(cameo_path)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"{toml_path}: {exc}") from exc
    version = hashlib.sha256(raw_toml + cameo_path.read_bytes()).hexdigest()[:16]

    specs: dict[str, RelationSpec] = {}

    def add(relation: Relation, **flags: bool) -> None:
        specs[relation.key] = RelationSpec(relation=relation, **flags)

    add(Relation(key=TOP[0], label=TOP[1], description="any interaction between two actors"))
    for quad, (key, label) in QUADS.items():
        add(Relation(key=key, label=label, quad_class=quad, parent=TOP[0]))
    for code, (key, label) in ROOTS.items():
        row = cameo[code]
        quad = int(row["quad_class"])
        add(
            Relation(
                key=key,
                label=label,
                cameo=code,
                plover=row["plover"] or None,
                quad_class=quad,
                goldstein=float(row["goldstein"]) if row["goldstein"] else None,
                parent=QUADS[quad][0],
            )
        )

    verbs: dict[str, list[VerbTrigger]] = {}
    nouns: dict[str, str] = {}
    for key, entry in table.items():
        where = f"{toml_path}: [{key}]"
        if key in specs:
            raise DataError(f"{where}: the key is reserved for a class of the hierarchy")
        if not isinstance(entry, dict) or not entry.get("label"):
            raise DataError(f"{where}: every relation needs a label")
        structural = bool(entry.get("structural", False))
        code = entry.get("cameo")
        if structural:
            relation = Relation(key=key, label=entry["label"], parent=entry.get("parent"))
        else:
            if code not in cameo:
                raise DataError(f"{where}: unknown CAMEO code {code!r}")
            row = cameo[code]
            relation = Relation(
                key=key,
                label=entry["label"],
                cameo=code,
                plover=row["plover"] or None,
                quad_class=int(row["quad_class"]),
                goldstein=float(row["goldstein"]) if row["goldstein"] else None,
                parent=entry.get("parent") or ROOTS[code[:2]][0],
            )
        add(
            relation,
            reciprocal=bool(entry.get("reciprocal", False)),
            owner_as_target=bool(entry.get("owner_as_target", False)),
            structural=structural,
        )
        for verb in entry.get("verbs", []):
            trigger = _parse_verb(verb, key, where)
            verbs.setdefault(trigger.lemma, []).append(trigger)
        for verb in entry.get("joint_verbs", []):
            trigger = _parse_verb(verb, key, where)
            if trigger.prep is not None:
                raise DataError(f"{where}: joint verb {verb!r} cannot name a preposition")
            verbs.setdefault(trigger.lemma, []).append(
                VerbTrigger(trigger.lemma, key, trigger.obj, trigger.particle, None, joint=True)
            )
        for noun in entry.get("nouns", []):
            phrase = " ".join(noun.lower().split())
            if phrase in nouns and nouns[phrase] != key:
                raise DataError(f"{where}: noun {noun!r} is already a trigger of {nouns[phrase]}")
            nouns[phrase] = key
    for key, spec in specs.items():
        parent = spec.relation.parent
        if parent is not None and parent not in specs:
            raise DataError(f"{toml_path}: [{key}] has unknown parent {parent!r}")
    return Lexicon(
        specs=specs,
        verbs={lemma: tuple(triggers) for lemma, triggers in sorted(verbs.items())},
        nouns=dict(sorted(nouns.items())),
        version=version,
    )
