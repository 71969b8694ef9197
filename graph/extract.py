"""Claims from parsed sentences: who (subject) did what (relation) to whom (object).

One function per pattern, each a generator over a sentence; the relation comes from the
lexicon (data/relations.toml), the actors from the resolver, the polarity, modality,
attribution and date from :mod:`graph.semantics`. The patterns:

- verb frames: "X met Y", "X met with Y", "X was criticised by Y" (passive), "X gave Y
  drones" (recipient), "X and Y agreed" (reciprocal), conjoined subjects and objects;
- light verbs with a nominal trigger: "X voiced admiration for Y", "X promised support for Y";
- nominal triggers: "X's visit to Y", "talks between X and Y", "UN sanctions against Y";
- relation-noun objects: "X condemned the partnership between Y and Z" → X against Y and Z;
- denials: "X dismissed the claims" → each claim just reported, negated, attributed to X;
- anaphora of events: "Y accepted the invitation" → Y agrees to meet the one who invited Y;
- offices: "Russia's Defence Minister Sergei Shoigu", "Oleg Kozhemyako, governor of …".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .clauses import CONTROL_VERBS, INSISTING, ClauseRules
from .mentions import Mention
from .nominals import LIGHT_VERBS, RELATION_NOUNS, NominalRules
from .phrases import agentive, conjuncts, entity_mention, modifier_words, unique
from .records import Claim, Document, Entity, Evidence
from .resolve import DocResolver
from .semantics import CONTESTABLE_SOURCES, Semantics, analyse, chain_to_speech

if TYPE_CHECKING:
    from collections.abc import Iterator

    from spacy.tokens import Doc, Span, Token

    from .gazetteer import Gazetteer
    from .lexicon import Lexicon, VerbTrigger

#: relations whose addressee may be the subject of a that-clause ("demanded that X …")
ADDRESSEE_IN_CLAUSE = frozenset({"demandsFrom", "appealsTo"})
#: relation → (relation whose claims it answers, how): "accepted the invitation"
EVENT_ANAPHORA = {"agreesToMeet": "invites"}


@dataclass
class _State:
    """What one document's extraction remembers across sentences."""

    reported: list[tuple[int, Claim]] = field(default_factory=list)  # (sentence, claim)
    claims: list[Claim] = field(default_factory=list)
    destinations: list[tuple[int, Mention]] = field(default_factory=list)


def extract_document(
    document: Document,
    doc: Doc,
    gazetteer: Gazetteer,
    lexicon: Lexicon,
    *,
    max_sentence_chars: int = 2000,
) -> list[Claim]:
    """All claims of one parsed document, in reading order (not yet merged).

    Args:
        document: the Document the text came from (its id and date are used).
        doc: the spaCy Doc of ``document.text``.
        gazetteer: actors to resolve mentions against.
        lexicon: relations and their triggers.
    """
    resolver = DocResolver(doc=doc, gazetteer=gazetteer, date=document.date)
    state = _State()
    for index, sentence in enumerate(doc.sents):
        if len(sentence.text) > max_sentence_chars:
            continue  # run-on text (tables, lists without stops): its parse is not to be trusted
        extractor = _SentenceExtractor(document, sentence, index, resolver, lexicon, state)
        for claim in extractor.run():
            state.claims.append(claim)
    return state.claims


class _SentenceExtractor(NominalRules, ClauseRules):
    def __init__(
        self,
        document: Document,
        sentence: Span,
        index: int,
        resolver: DocResolver,
        lexicon: Lexicon,
        state: _State,
    ) -> None:
        self.document = document
        self.sentence = sentence
        self.index = index
        self.resolver = resolver
        self.lexicon = lexicon
        self.state = state
        self.consumed: set[int] = set()  # noun tokens a verb frame already used
        self.out: dict[tuple, Claim] = {}
        self._semantics: dict[int, Semantics] = {}

    # ------------------------------------------------------------------ driver
    def run(self) -> Iterator[Claim]:
        self._offices()
        for token in self.sentence:
            if token.pos_ in ("VERB", "AUX") or (token.pos_ == "NOUN" and token.dep_ == "ROOT"):
                self._verb(token)
        for token in self.sentence:
            if token.pos_ in ("NOUN", "PROPN") and token.i not in self.consumed:
                self._nominal(token)
        for token in self.sentence:
            if token.pos_ == "VERB" and token.lemma_.lower() in (
                "deny",
                "dismiss",
                "reject",
                "refute",
                "rebut",
            ):
                self._denial(token)
        yield from self.out.values()

    # ------------------------------------------------------------------ emitting
    def _emit(
        self,
        subject: Mention,
        relation_key: str,
        target: Mention,
        trigger: Token,
        confidence: float,
        *,
        role: str | None = None,
        speaker: Entity | None = None,
        said_by: list[Entity] | None = None,
    ) -> None:
        if subject.entity.key == target.entity.key:
            return
        relation = self.lexicon.relation(relation_key)
        if relation.cameo is None and role is None:
            return
        structural = relation.cameo is None
        semantics = self._semantics.get(trigger.i)
        if semantics is None:  # one analysis per trigger, however many pairs it yields
            nominal = trigger.pos_ in ("NOUN", "PROPN")
            semantics = analyse(trigger, self.document.date, nominal=nominal)
            self._semantics[trigger.i] = semantics
        speakers = said_by or self._speakers(semantics.speakers) or [speaker]
        if structural:
            speakers = [None]
        for attributed in speakers:
            claim = Claim(
                subject=subject.entity,
                relation=relation,
                object=target.entity,
                polarity="affirmed" if structural else semantics.polarity,
                modality="actual" if structural else semantics.modality,
                attributed_to=attributed,
                date=None if structural else semantics.date,
                confidence=round(max(0.3, min(0.95, confidence)), 2),
                evidence=(self._evidence(subject, target),),
                role=role,
            )
            key = (claim.id,)
            if key not in self.out:
                self.out[key] = claim
                contestable = semantics.source in CONTESTABLE_SOURCES
                if attributed is not None and not structural and contestable:
                    self.state.reported.append((self.index, claim))

    def _speakers(self, heads: tuple[Token, ...]) -> list[Entity | None]:
        found: dict[str, Entity] = {}
        for head in heads:
            for token in conjuncts(head):
                mention = self.resolver.mention(token)
                if mention is not None:
                    found.setdefault(mention.entity.key, mention.entity)
        return list(found.values())

    def _evidence(self, subject: Mention, target: Mention) -> Evidence:
        sentence = self.sentence
        start = sentence.start_char
        end = sentence.end_char
        text = sentence.text
        stripped = text.rstrip()
        end -= len(text) - len(stripped)

        def span(m: Mention) -> tuple[int, int] | None:
            inside = start <= m.char_start and m.char_end <= end
            return (m.char_start, m.char_end) if inside else None

        return Evidence(
            document=self.document.id,
            text=stripped,
            start=start,
            end=end,
            sentence=self.index,
            subject_mention=subject.text if span(subject) else subject.entity.label,
            object_mention=target.text if span(target) else target.entity.label,
            subject_span=span(subject),
            object_span=span(target),
        )

    # ------------------------------------------------------------------ actors of a verb
    def _mentions(self, token: Token) -> list[Mention]:
        out = []
        parts = conjuncts(token)
        for child in token.children:
            if child.dep_ == "appos":
                parts += conjuncts(child)[1:]
        unwrapped = []
        for part in parts:
            measured = self._measured(part)  # "scores of Sierra Leonean and Liberian refugees"
            unwrapped += conjuncts(measured) if measured.i != part.i else [part]
        for part in unwrapped:
            mention = self.resolver.mention(part)
            if mention is not None and mention.how == "generic":
                several = self.resolver.demonym_mentions(part)
                if len(several) > 1:
                    out += [self.resolver.generic_for(part, m) or m for m in several]
                    continue
            if mention is not None:
                out.append(mention)
            elif part.lower_ in RELATION_NOUNS or part.lemma_.lower() in RELATION_NOUNS:
                continue
            else:
                # "Russian and North Korean entourages": conjoined demonyms of a generic agent
                for demonym in self.resolver.demonym_mentions(part):
                    if agentive(part):
                        out.append(demonym)
        return unique(out)

    def subjects(self, verb: Token, depth: int = 0) -> tuple[list[Mention], bool]:
        """(subjects, passive) of a verb, inheriting from the governing verb when needed."""
        for child in verb.children:
            if child.dep_ == "nsubj":
                if child.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
                    return self._mentions(verb.head), False
                if child.lower_ in ("it", "they", "we"):
                    return self._self_reference(verb, child.lower_), False
                return self._mentions(child), False
        for child in verb.children:
            if child.dep_ == "agent":
                return [
                    m for c in child.children if c.dep_ == "pobj" for m in self._mentions(c)
                ], True
        if depth < 3 and verb.head.i != verb.i:
            head = verb.head
            if verb.dep_ == "pcomp" and head.pos_ == "ADP":
                head = head.head
            if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp":
                head = head.head  # "Syria is willing to withdraw": the subject of "is"
            if verb.dep_ in ("xcomp", "pcomp"):
                objects = [c for c in head.children if c.dep_ == "dobj"]
                if objects:
                    return self._mentions(objects[0]), False
            if verb.dep_ in ("xcomp", "advcl", "conj", "pcomp") and head.pos_ in ("VERB", "AUX"):
                return self.subjects(head, depth + 1)
        return [], False

    def _self_reference(self, verb: Token, pronoun: str) -> list[Mention]:
        """ "China said it would …": it/they is the speaker; "we" in a person's words is the
        speaker's state."""
        for head in chain_to_speech(verb):
            speakers = [c for c in head.children if c.dep_ == "nsubj"]
            for speaker in speakers:
                found = self._mentions(speaker)
                if not found:
                    continue
                entity = found[0].entity
                if entity.type == "Person":
                    if pronoun != "we":
                        return []
                    country = self.resolver.country_entity(entity)
                    return [entity_mention(country)] if country else []
                return found[:1]
        return []

    def _passive_targets(self, verb: Token) -> list[Mention]:
        return [m for c in verb.children if c.dep_ == "nsubjpass" for m in self._mentions(c)]

    def _prep_objects(self, token: Token, prep: str) -> list[Token]:
        found = []
        for child in token.children:
            if child.dep_ in ("prep", "dative", "agent") and child.lower_ == prep:
                found += [c for c in child.children if c.dep_ == "pobj"]
        return found

    # ------------------------------------------------------------------ verb frames
    def _verb(self, verb: Token) -> None:
        lemma = verb.lemma_.lower()
        triggers = self.lexicon.verbs.get(lemma, ())
        objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
        transfer = any(t.relation == "providesAid" for t in triggers)
        if transfer:
            # "gave a warm welcome to X": what is given is not aid but an act of its own
            kinds = [self._noun_trigger(self._measured(o)) for o in objects]
            transfer = not any(k and not k[0].startswith("provides") for k in kinds)
        # "discussing joint drills with X": the nominal says more than the verb
        if lemma in LIGHT_VERBS and not transfer and any(self._light(verb, o) for o in objects):
            return
        for trigger in sorted(triggers, key=lambda t: (-len(t.obj), t.prep is None)):
            if self._verb_frame(verb, trigger, objects):
                return
        if lemma in CONTROL_VERBS:
            self._control(verb)
            return
        if lemma in INSISTING:
            self._must(verb)
        if lemma in LIGHT_VERBS and transfer:
            for obj in objects:
                self._light(verb, obj)

    def _verb_frame(self, verb: Token, trigger: VerbTrigger, objects: list[Token]) -> bool:
        if trigger.particle and not any(
            c.dep_ == "prt" and c.lower_ == trigger.particle for c in verb.children
        ):
            return False
        anchor = verb
        if trigger.obj:
            wanted = trigger.obj[-1]
            matching = [o for o in objects if o.lemma_.lower() == wanted or o.lower_ == wanted]
            if not matching:
                return False
            anchor = matching[0]
        subjects, passive = self.subjects(verb)
        if trigger.joint:
            if len(subjects) < 2 or passive:
                return False
            for a in subjects:
                for b in subjects:
                    self._emit(a, trigger.relation, b, verb, 0.8)
            if anchor.i != verb.i:
                self.consumed.add(anchor.i)
            return True
        target_tokens: list[Token] = []
        if trigger.prep:
            target_tokens = self._prep_objects(verb, trigger.prep) or self._prep_objects(
                anchor, trigger.prep
            )
            if not target_tokens:
                return False
        elif not trigger.obj:
            datives = [c for c in verb.children if c.dep_ == "dative"]
            dative_objs = [g for d in datives for g in d.children if g.dep_ == "pobj"]
            target_tokens = [d for d in datives if d.pos_ != "ADP"] + dative_objs
            if trigger.relation == "providesAid" and not target_tokens:
                target_tokens = self._prep_objects(verb, "to")
            if not target_tokens:
                target_tokens = [o for o in objects if o.dep_ == "dobj"]
        relation = trigger.relation
        if relation == "providesAid":
            # "provided Kyiv with two Patriot batteries": what is given may be a with-phrase
            given = objects + self._prep_objects(verb, "with")
            relation = self._aid_kind(given) or relation
        spec = self.lexicon.specs[relation]
        if passive or (not subjects and not target_tokens):
            targets = self._passive_targets(verb)
            if passive and targets:
                for s in subjects:
                    for t in targets:
                        self._emit(s, relation, t, verb, 0.85)
                return True
        targets = [m for tok in target_tokens for m in self._mentions(tok)]
        confidence = 0.85
        if not targets:
            for tok in target_tokens:
                targets += self._relation_noun_targets(tok)
            confidence = 0.7
        if not targets:
            # "rejected calls by Belarus's rulers", "investigating crimes by extremists"
            targets = [m for tok in target_tokens for m in self._agents(tok)]
            confidence = 0.7
        if not targets and spec.owner_as_target:
            targets = [m for tok in target_tokens if (m := self._owner(tok)) is not None]
            confidence = 0.65
        if not targets and relation in ADDRESSEE_IN_CLAUSE and not target_tokens:
            # "demanded that the United States match …": the addressee is the clause's subject
            targets = self._clause_subjects(verb)
            confidence = 0.7
        if not targets and relation in EVENT_ANAPHORA:
            targets = self._answered(subjects, EVENT_ANAPHORA[relation])
            confidence = 0.7
        if not subjects:
            return bool(targets)
        if not targets and spec.reciprocal and len(subjects) > 1 and not trigger.prep:
            for a in subjects:
                for b in subjects:
                    self._emit(a, relation, b, verb, 0.85)
            return True
        for s in subjects:
            for t in targets:
                self._emit(s, relation, t, verb, confidence)
        if targets and anchor.i != verb.i:
            self.consumed.add(anchor.i)  # "held talks with X": the nominal is spoken for
        if relation == "invites":
            for dest in self._prep_objects(verb, "to"):
                mention = self.resolver.mention(dest)
                if mention is not None:
                    self.state.destinations.append((self.index, mention))
        return bool(targets)

    def _aid_kind(self, objects: list[Token]) -> str | None:
        for obj in objects:
            # "hundreds of drones", "a set of body armour": the item is the of-phrase
            quantity = [
                g
                for c in obj.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            ]
            for part in conjuncts(obj) + quantity:
                words = modifier_words(part)
                found = self.lexicon.noun_relation([*words, part.lower_])
                if found is None:
                    found = self.lexicon.noun_relation([*words, part.lemma_.lower()])
                if found and found[0].startswith("provides"):
                    return found[0]
        return None

    def _answered(self, subjects: list[Mention], relation: str) -> list[Mention]:
        keys = {s.entity.key for s in subjects}
        for claim in reversed(self.state.claims + list(self.out.values())):
            if claim.relation.key == relation and claim.object.key in keys:
                return [entity_mention(claim.subject)]
        return []

    def _light(self, verb: Token, obj: Token) -> bool:
        """ "X voiced admiration for Y": the nominal trigger is the verb's object.

        When the nominal has an owner of its own ("X promised his nation's support for Y"),
        the owner is the subject and the verb's subject is who says so.
        """
        obj = self._measured(obj)
        found = self._noun_trigger(obj)
        if found is None or self.lexicon.specs[found[0]].structural:
            return False
        relation, _size = found
        owner = [c for c in obj.children if c.dep_ == "poss"]
        subjects = self._mentions(owner[0]) if owner else []
        speakers: list[Mention] = []
        if subjects:
            speakers = [
                m
                for m in self.subjects(verb)[0]
                if m.entity.key not in {s.entity.key for s in subjects}
            ]
        else:
            subjects, _passive = self.subjects(verb)
        targets = self._noun_targets(obj, verb)
        if not targets and self.lexicon.specs[relation].owner_as_target:
            tokens = self._noun_target_tokens(obj) or [
                t
                for prep in ("for", "to", "with", "against", "on")
                for t in self._prep_objects(verb, prep)
            ]
            targets = [m for tok in tokens if (m := self._owner(tok))]
        if not (subjects and targets):
            if len(subjects) >= 2 and self.lexicon.specs[relation].reciprocal and not targets:
                self.consumed.add(obj.i)
                for a in subjects:
                    for b in subjects:
                        self._emit(a, relation, b, obj, 0.75)
                return True
            return False
        self.consumed.add(obj.i)
        for s in subjects:
            for t in targets:
                self._emit(
                    s, relation, t, obj, 0.75, speaker=speakers[0].entity if speakers else None
                )
        return True
