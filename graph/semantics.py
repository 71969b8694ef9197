"""What a claim's grammar says about it: polarity, modality, who says so, and when.

Each function looks from the trigger (a verb or a nominal) up its chain of heads to the
clause that governs it:

- polarity: a negation on the trigger or on a governing verb ("did not meet", "no plans for
  a visit"), or a governing verb of denial ("denied that X armed Y") → negated;
- modality: will/shall → future; could/might/may → hypothetical; would → future in reported
  speech, else hypothetical; a governing verb or noun of intent ("plans to", "hoping to
  enhance", "possibility of") → future or hypothetical; an "if" clause → hypothetical;
- attribution: the subject of the nearest governing verb of saying ("KCNA reported that …",
  "… , Kim said"), "according to X", or the agent of a report noun ("claims by X that …");
- date: a date expression attached to the trigger's own clause, resolved against the
  article's date ("on September 13" in a 2023-09-18 article → 2023-09-13).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

SPEECH_VERBS = frozenset(
    "say tell announce state report claim declare add note indicate continue maintain insist "
    "warn reaffirm affirm admit acknowledge confirm deny allege write quote cite stress "
    "emphasize emphasise assert argue explain reveal disclose proclaim publish broadcast "
    "suggest believe think promise pledge vow predict dismiss reject refute rebut accuse "
    "blame charge".split()
)
DENIAL_VERBS = frozenset("deny dismiss reject refute rebut".split())
#: what makes a reported claim one that a later "X denied the claims" can deny
CONTESTABLE_SOURCES = frozenset(
    "claim claims allege allegation allegations accuse accusation accusations report reports "
    "charge blame suggest suggestion suggestions rumor rumors rumour rumours assert assertion "
    "publish broadcast reveal".split()
)
REPORT_NOUNS = frozenset(
    "claim claims report reports allegation allegations accusation accusations assertion "
    "suggestion suggestions rumor rumors rumour rumours statement".split()
)
#: governing verbs that make what they govern intended or planned
INTENT_VERBS = frozenset(
    "plan intend hope want seek aim promise pledge vow expect prepare consider propose wish "
    "offer agree decide threaten look discuss negotiate mull weigh".split()
)
#: governing nouns: plan-like → future, possibility-like → hypothetical
INTENT_NOUNS = {
    "plan": "future",
    "plans": "future",
    "intention": "future",
    "proposal": "future",
    "offer": "future",
    "pledge": "future",
    "promise": "future",
    "bid": "future",
    "possibility": "hypothetical",
    "prospect": "hypothetical",
    "prospects": "hypothetical",
    "risk": "hypothetical",
    "fear": "hypothetical",
    "fears": "hypothetical",
    "threat": "hypothetical",
    "chance": "hypothetical",
    "likelihood": "hypothetical",
}
WILLING = frozenset("willing ready prepared eager determined keen poised set unwilling".split())
NEGATING_VERBS = frozenset("refuse decline fail".split())
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "can"})
NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@dataclass(frozen=True, slots=True)
class Semantics:
    """What the grammar around a trigger says about the claim."""

    polarity: str
    modality: str
    speakers: tuple[Token, ...]  # noun-phrase heads of who says so (resolved by the caller)
    date: str | None
    denial: bool = False
    source: str = ""  # the verb or noun of saying: "say", "claims", "accuse", …


def lemmas(token: Token) -> set[str]:
    """The token's lemma and the plain forms of its inflection ("hoping" → hope, hop)."""
    lower = token.lower_
    forms = {token.lemma_.lower(), lower}
    for suffix in ("ing", "ed", "es", "s"):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            stem = lower[: -len(suffix)]
            forms.update((stem, stem + "e"))
    return forms


def chain(token: Token, limit: int = 12) -> list[Token]:
    """The token and its heads up to the root (at most ``limit``)."""
    out = [token]
    while out[-1].head.i != out[-1].i and len(out) < limit:
        out.append(out[-1].head)
    return out


def chain_to_speech(token: Token) -> list[Token]:
    """The verbs of saying that govern ``token``, nearest first."""
    heads = chain(token)
    out = []
    for position in range(1, len(heads)):
        head, came_from = heads[position], heads[position - 1]
        if (
            head.pos_ in ("VERB", "AUX")
            and lemmas(head) & SPEECH_VERBS
            and came_from.dep_ in ("ccomp", "parataxis", "xcomp", "advcl", "conj", "pcomp")
        ):
            out.append(head)
    return out


def analyse(trigger: Token, doc_date: str | None, *, nominal: bool = False) -> Semantics:
    """Polarity, modality, speakers and date of the claim whose trigger is ``trigger``.

    For a nominal trigger ("sanctions against X"), the tense and mood of the verb it is an
    object of do not make it modal ("would breach UN sanctions" does not make the sanctions
    hypothetical); only its own clause's do when it is the subject ("cooperation would breach").
    """
    negated = False
    modality = "actual"
    speakers: tuple[Token, ...] = ()
    denial = False
    heads = chain(trigger)
    reported = False
    source = ""
    presupposed = False  # a nominal that is an object: the mood of the verbs above is not its
    for position, token in enumerate(heads):
        # stop at the verb of saying that governs the claim: what is above is the frame
        came_from = heads[position - 1] if position else None
        is_speech = (
            position > 0
            and token.pos_ in ("VERB", "AUX")
            and lemmas(token) & SPEECH_VERBS
            and came_from is not None
            and came_from.dep_
            in ("ccomp", "parataxis", "xcomp", "advcl", "conj", "dobj", "pcomp", "prep")
        )
        if is_speech and came_from.dep_ in ("dobj",) and came_from.lower_ not in REPORT_NOUNS:
            is_speech = False
        if is_speech:
            source = token.lemma_.lower()
            speakers = _subjects(token)
            denial = token.lemma_.lower() in DENIAL_VERBS
            reported = token.tag_ in ("VBD", "VBN") or any(
                c.dep_ == "aux" and c.tag_ == "VBD" for c in token.children
            )
            if _negated_here(token):
                negated = not negated
            break
        if position and token.pos_ == "NOUN" and token.lower_ in REPORT_NOUNS:
            agents = _report_agents(token)
            if agents:
                source = token.lower_
                speakers = agents
                reported = True
                break
        if (
            nominal
            and position > 0
            and token.pos_ in ("VERB", "AUX")
            and heads[position - 1].dep_ not in ("nsubj", "nsubjpass")
            and heads[position - 1].pos_ not in ("VERB", "AUX")
        ):
            presupposed = True
        # a nominal that is only mentioned ("refused to comment on Kim's visit") is not denied
        # by the verbs above it, unless they speak of its plan ("had no plans for a visit")
        scoped = not presupposed or _intent_object(token) != "actual"
        if _negated_here(token) and scoped:
            negated = not negated
        if (
            scoped
            and position
            and heads[position - 1].dep_ == "xcomp"
            and lemmas(token) & NEGATING_VERBS
        ):
            negated = not negated  # "refused to comment on X": X was not commented on
        if presupposed:
            if (lemmas(token) & INTENT_VERBS) - lemmas(trigger):
                modality = _stronger(modality, "future")
            if token.pos_ == "ADJ" and token.lower_ in WILLING:
                modality = _stronger(modality, "future")  # "ready to host talks"
            modality = _stronger(modality, _intent_object(token))
        else:
            modality = _stronger(modality, _modality_here(token, position, trigger))
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "according":
                objects = [g for c in child.children for g in c.children if g.dep_ == "pobj"]
                objects += [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    speakers = tuple(objects)
    if not speakers:
        speakers = _report_fallback(trigger, heads)
        source = "claims" if speakers else source
    if modality == "would":
        modality = "future" if reported else "hypothetical"
    if denial:
        negated = not negated
    return Semantics(
        polarity="negated" if negated else "affirmed",
        modality=modality,
        speakers=speakers,
        date=_date(trigger, heads, doc_date),
        denial=denial,
        source=source,
    )


def _report_fallback(trigger: Token, heads: list[Token]) -> tuple[Token, ...]:
    """ "claims by X that Y did Z", when the parser hangs the that-clause elsewhere."""
    for token in heads:
        if token.pos_ not in ("VERB", "AUX"):
            continue
        marks = [c for c in token.children if c.dep_ == "mark" and c.lower_ == "that"]
        if not marks:
            continue
        mark = marks[0]
        doc = trigger.doc
        for i in range(mark.i - 1, max(trigger.sent.start, mark.i - 8) - 1, -1):
            noun = doc[i]
            if noun.pos_ == "NOUN" and noun.lower_ in REPORT_NOUNS:
                agents = list(_report_agents(noun))
                for between in doc[noun.i + 1 : mark.i]:
                    if between.lower_ in ("by", "from") and between.pos_ == "ADP":
                        agents += [c for c in between.children if c.dep_ == "pobj"]
                return tuple(agents)
        return ()
    return ()


def _subjects(verb: Token) -> tuple[Token, ...]:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.i != verb.i:
        return _subjects(verb.head)
    return tuple(subjects)


def _report_agents(noun: Token) -> tuple[Token, ...]:
    agents = [c for c in noun.children if c.dep_ == "poss"]
    for child in noun.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
            agents += [c for c in child.children if c.dep_ == "pobj"]
    return tuple(agents)


def _negated_here(token: Token) -> bool:
    for child in token.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ == "det" and child.lower_ in ("no", "neither"):
            return True
        # "had no plans for a visit", "there are no plans to meet"
        if (
            child.dep_ in ("dobj", "attr")
            and token.lemma_ in ("have", "be")
            and any(g.dep_ == "det" and g.lower_ == "no" for g in child.children)
        ):
            return True
    return False


def _intent_object(token: Token) -> str:
    """ "had plans for a visit", "see a possibility of talks": modality from the object."""
    if token.pos_ not in ("VERB", "AUX"):
        return "actual"
    for child in token.children:
        if child.dep_ in ("dobj", "attr") and child.lower_ in INTENT_NOUNS:
            return INTENT_NOUNS[child.lower_]
    return "actual"


def _modality_here(token: Token, position: int, trigger: Token) -> str:
    found = "actual"
    for child in token.children:
        if child.dep_ in ("aux", "auxpass"):
            lower = child.lower_
            if lower in FUTURE_AUX:
                found = _stronger(found, "future")
            elif lower in HYPOTHETICAL_AUX:
                found = _stronger(found, "hypothetical")
            elif lower in ("would", "'d"):
                found = _stronger(found, "would")
            elif lower == "going" or child.lemma_ == "go":
                found = _stronger(found, "future")
        if child.dep_ == "mark" and child.lower_ in ("if", "unless"):
            found = _stronger(found, "hypothetical")
    found = _stronger(found, _intent_object(token))
    if position > 0 and token.pos_ == "ADJ" and token.lower_ in WILLING:
        found = _stronger(found, "future")  # "is willing to", "is ready to"
    if position > 0:
        if token.pos_ in ("VERB", "AUX") and (lemmas(token) & INTENT_VERBS) - lemmas(trigger):
            found = _stronger(found, "future")
        if token.pos_ == "NOUN" and token.lower_ in INTENT_NOUNS:
            found = _stronger(found, INTENT_NOUNS[token.lower_])
    return found


_RANK = {"actual": 0, "future": 1, "would": 2, "hypothetical": 3}


def _stronger(a: str, b: str) -> str:
    return a if _RANK[a] >= _RANK[b] else b


def _date(trigger: Token, heads: list[Token], doc_date: str | None) -> str | None:
    """A date expression in the trigger's clause (not in a nested clause), resolved."""
    clause_tokens = {t.i for t in heads[:1]}
    # the trigger's own clause: the trigger, and for a noun its governing verb
    for token in heads[1:4]:
        clause_tokens.add(token.i)
        if token.pos_ in ("VERB", "AUX"):
            break
    sentence = trigger.sent
    for ent in sentence.ents:
        if ent.label_ != "DATE":
            continue
        root = ent.root
        attach = _attachment(root)
        if attach is not None and attach.i in clause_tokens:
            resolved = resolve_date(ent.text, doc_date)
            if resolved:
                return resolved
    return None


def _attachment(token: Token) -> Token | None:
    """The verb or noun a date phrase modifies (skipping the preposition "on", "in", ...)."""
    current = token
    for _ in range(4):
        head = current.head
        if head.i == current.i:
            return None
        if head.pos_ == "ADP":
            current = head
            continue
        return head
    return None


_DAY_MONTH = re.compile(r"^(?:on\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?(?:,?\s+(\d{4}))?$")
_MONTH_DAY = re.compile(r"^(?:on\s+)?([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def resolve_date(text: str, doc_date: str | None) -> str | None:
    """An ISO date for a date expression, relative to the article's date.

    A day without a year is the latest such day not after the article (news reports the
    past); weekdays likewise; "today", "yesterday", "tomorrow" from the article's date.

    >>> resolve_date("September 13", "2023-09-18")
    '2023-09-13'
    >>> resolve_date("December 30", "2024-01-02")
    '2023-12-30'
    >>> resolve_date("Thursday", "2023-09-18")
    '2023-09-14'
    >>> resolve_date("November 2022", "2023-09-18") is None
    True
    """
    cleaned = " ".join(text.replace(",", ", ").split()).strip().rstrip(".")
    cleaned = re.sub(r"^(?:the\s+)", "", cleaned, flags=re.I)
    base = _parse_iso(doc_date)
    lower = cleaned.lower()
    if base is not None:
        if lower in ("today", "this morning", "tonight", "this afternoon", "this evening"):
            return base.isoformat()
        if lower in ("yesterday", "last night"):
            return (base - dt.timedelta(days=1)).isoformat()
        if lower == "tomorrow":
            return (base + dt.timedelta(days=1)).isoformat()
        weekday = lower.removeprefix("on ").removeprefix("last ")
        if weekday in WEEKDAYS:
            delta = (base.weekday() - WEEKDAYS.index(weekday)) % 7 or 7
            return (base - dt.timedelta(days=delta)).isoformat()
    match = _ISO.match(cleaned)
    if match:
        return _safe_date(int(match[1]), int(match[2]), int(match[3]))
    match = _MONTH_DAY.match(cleaned)
    if match and match[1].lower() in MONTHS:
        month, day, year = MONTHS[match[1].lower()], int(match[2]), match[3]
    else:
        match = _DAY_MONTH.match(cleaned)
        if not match or match[2].lower() not in MONTHS:
            return None
        month, day, year = MONTHS[match[2].lower()], int(match[1]), match[3]
    if year:
        return _safe_date(int(year), month, day)
    if base is None:
        return None
    candidate = _safe_date(base.year, month, day)
    if candidate is None:
        return None
    if candidate > base.isoformat():
        return _safe_date(base.year - 1, month, day)
    return candidate


def _parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _safe_date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
