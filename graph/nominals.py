"""Nominal triggers: "X's visit to Y", "talks between X and Y", "UN sanctions against Y".

A mixin of the sentence extractor (:mod:`graph.extract`): each method reads the parse around a
noun and emits claims through the extractor's ``_emit``. The patterns:

- the nominal's own arguments: a possessive or "by" phrase is the subject, a with/to/for/
  against/on phrase the target; "between X and Y" makes a reciprocal claim;
- a nominal with no subject of its own takes the subject of the verb it hangs from ("Russia
  had no plans for such a visit");
- a target that is not an actor gives way to its owner or agent ("a U.S. request", "calls by
  Belarus's rulers", "Russia's aviation");
- relation nouns as objects: "condemned the partnership between Y and Z" → Y and Z;
- conditional responses: "X reaffirmed that any attack by Y will be met with a response".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .agents import QUANTITIES
from .mentions import Mention
from .phrases import anaphoric, modifier_words, possessive, unique
from .semantics import REPORT_NOUNS, chain_to_speech

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .records import Entity

#: verbs that carry a nominal trigger as their object ("voice admiration for", "hold talks")
LIGHT_VERBS = frozenset(
    "express voice offer promise pledge extend give announce reaffirm hold conduct make launch "
    "stage carry discuss plan propose seek want hope enhance deepen strengthen boost expand "
    "develop continue resume begin start sign reach provide lend show declare renew step "
    "increase intensify bolster pursue call receive exchange".split()
)
#: prepositions that introduce the target of a nominal trigger
NOUN_TARGET_PREPS = ("with", "to", "for", "against", "on", "toward", "towards", "at", "of", "into")
#: nouns that name a relationship: "the partnership between X and Y"
RELATION_NOUNS = frozenset(
    "partnership ties relations relationship cooperation collaboration alliance friendship "
    "deal agreement pact accord rapprochement axis".split()
)
MEASURES = frozenset("days weeks months hours years rounds series wave waves spate".split())


class NominalRules:
    """Rules around nouns; mixed into the sentence extractor, whose state they use."""

    def _noun_trigger(self, token: Token) -> tuple[str, int] | None:
        words = modifier_words(token)
        found = self.lexicon.noun_relation([*words, token.lower_])
        if found is None:
            found = self.lexicon.noun_relation([*words, token.lemma_.lower()])
        return found

    def _noun_target_tokens(self, noun: Token) -> list[Token]:
        out = []
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in NOUN_TARGET_PREPS:
                out += [c for c in child.children if c.dep_ == "pobj"]
        return out

    def _noun_targets(self, noun: Token, governor: Token | None = None) -> list[Mention]:
        tokens = self._noun_target_tokens(noun)
        if not tokens and governor is not None:
            for prep in ("with", "to", "for", "against", "on"):
                tokens += self._prep_objects(governor, prep)
        return [m for tok in tokens for m in self._mentions(tok)]

    def _between(self, noun: Token) -> list[Mention]:
        pairs = []
        for tok in self._prep_objects(noun, "between") + self._prep_objects(noun, "among"):
            pairs += self._mentions(tok)
            if not pairs:
                pairs += self.resolver.demonym_mentions(tok)
        return unique(pairs)

    def _nominal(self, noun: Token) -> None:
        found = self._noun_trigger(noun)
        if found is None:
            return
        relation, _size = found
        spec = self.lexicon.specs[relation]
        if spec.structural:
            return
        between = self._between(noun)
        if len(between) >= 2:
            if spec.reciprocal:
                for a in between:
                    for b in between:
                        self._emit(a, relation, b, noun, 0.7)
            return
        subjects: list[Mention] = []
        for child in noun.children:
            if child.dep_ == "poss":
                subjects += self._mentions(child)
            if child.dep_ in ("prep", "agent") and child.lower_ == "by":
                subjects += [
                    m for c in child.children if c.dep_ == "pobj" for m in self._mentions(c)
                ]
        targets = self._noun_targets(noun)
        modifiers = [
            m
            for c in noun.children
            if c.dep_ in ("compound", "amod", "nmod") and c.i < noun.i
            for m in [self.resolver.by_token.get(c.i)]
            if m is not None
        ]
        for child in noun.children:
            # "the US-led war", "a Saudi-backed offensive": the leader is the actor
            if child.dep_ == "amod" and child.lemma_.lower() in ("lead", "back", "sponsor"):
                leaders = [self.resolver.by_token.get(t.i) for t in child.subtree if t.i < child.i]
                subjects += [m for m in leaders if m is not None]
        if targets and not subjects:
            subjects = modifiers
        elif subjects and not targets:
            targets = modifiers
        if not targets:
            # "in protest against violations by Algerian security forces"
            targets = [m for tok in self._noun_target_tokens(noun) for m in self._agents(tok)]
        if not targets and spec.owner_as_target:
            targets = [m for tok in self._noun_target_tokens(noun) if (m := self._owner(tok))]
        if not targets and relation == "visits" and anaphoric(noun):
            recent = [m for i, m in self.state.destinations if self.index - i <= 3]
            targets = recent[-1:]
        said_by = None
        if not subjects and not targets and relation == "threatensForce":
            subjects, targets, said_by = self._conditional_response(noun)
        if not subjects:
            subjects = self._governing_subjects(noun)
        for s in unique(subjects):
            for t in unique(targets):
                self._emit(s, relation, t, noun, 0.65, said_by=said_by)

    def _conditional_response(
        self, noun: Token
    ) -> tuple[list[Mention], list[Mention], list[Entity] | None]:
        """ "X reaffirmed that any attack by Y will be met with a decisive response" → X
        threatens Y; who reports X's words (if anyone) is who says so."""
        speech = chain_to_speech(noun)
        if not speech:
            return [], [], None
        targets: list[Mention] = []
        for token in self.sentence:
            found = self._noun_trigger(token) if token.pos_ == "NOUN" else None
            if found and self.lexicon.relation(found[0]).quad_class == 4:
                for child in token.children:
                    if child.dep_ in ("prep", "agent") and child.lower_ == "by":
                        targets += [
                            m for c in child.children if c.dep_ == "pobj" for m in self._mentions(c)
                        ]
        subjects = [m for c in speech[0].children if c.dep_ == "nsubj" for m in self._mentions(c)]
        said_by = None
        if len(speech) > 1:
            outer = [
                m.entity for c in speech[1].children if c.dep_ == "nsubj" for m in self._mentions(c)
            ]
            said_by = outer or None
        return subjects, targets, said_by

    def _governing_subjects(self, noun: Token) -> list[Mention]:
        """The subject of the verb a nominal hangs from ("X had no plans for a visit")."""
        current = noun
        for _ in range(6):
            head = current.head
            if head.i == current.i:
                return []
            if head.pos_ in ("VERB", "AUX"):
                if current.dep_ in ("dobj", "pobj", "attr", "oprd", "prep") or (
                    head.lemma_ in LIGHT_VERBS
                ):
                    return self.subjects(head)[0]
                return []
            if head.pos_ == "NOUN" and head.lower_ in REPORT_NOUNS:
                return []
            current = head
        return []

    def _relation_noun_targets(self, token: Token) -> list[Mention]:
        """ "condemned the partnership between X and Y" → X and Y (or, for "such a
        partnership", the pair named between in the same sentence)."""
        if token.lemma_.lower() not in RELATION_NOUNS and token.lower_ not in RELATION_NOUNS:
            return []
        pair = self._between(token)
        if len(pair) >= 2:
            return pair
        if any(c.lower_ in ("such", "this", "that") for c in token.children):
            for other in self.sentence:
                if other.i != token.i and (
                    other.lemma_.lower() in RELATION_NOUNS or other.lower_ in RELATION_NOUNS
                ):
                    pair = self._between(other)
                    if len(pair) >= 2:
                        return pair
        return []

    def _agents(self, token: Token) -> list[Mention]:
        """The actors of a "by" or "from" phrase on a noun ("a demand from the US President")."""
        out: list[Mention] = []
        for child in token.children:
            if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
                for target in child.children:
                    if target.dep_ == "pobj":
                        out += self._mentions(target)
        return out

    def _owner(self, token: Token) -> Mention | None:
        """The actor that owns a non-actor phrase ("Russia's aviation", "a Russian factory")."""
        for child in token.subtree:
            if child.i >= token.i and child.i != token.i:
                break
            mention = self.resolver.by_token.get(child.i)
            if mention is None:
                continue
            if mention.entity.type in ("Country", "Group", "Organization"):
                return mention
            if mention.entity.type == "Person" and possessive(child):
                return mention  # "President Assad's failure"
        for child in token.children:
            # "the computers of South Korean army officers", "a force in Liberia"
            if child.dep_ == "prep" and child.lower_ in ("of", "in"):
                for target in child.children:
                    if target.dep_ != "pobj":
                        continue
                    found = self._mentions(target)
                    if found and found[0].entity.type != "Person":
                        return found[0]
        return None

    def _measured(self, token: Token) -> Token:
        """ "10 days of war games", "a series of strikes": the noun that is measured."""
        if token.lower_ in MEASURES or token.lower_ in QUANTITIES:
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for target in child.children:
                        if target.dep_ == "pobj":
                            return target
        return token
