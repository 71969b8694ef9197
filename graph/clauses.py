"""Clause-level rules: offices, denials, demands in that-clauses and control verbs.

A mixin of the sentence extractor (:mod:`graph.extract`):

- offices: "Russia's Defence Minister Sergei Shoigu", "Oleg Kozhemyako, governor of …" give
  structural claims (the office, with its title as ``role``);
- denials: "X dismissed the claims" → each contestable claim just reported, negated and
  attributed to X (a denial is a claim of its own, next to the claim it denies);
- demands: "X declared that Y must …" → X demands of Y;
- control verbs: "X threatened to cut off supplies to Y", "X refused to respond to a demand
  from Y": the first verb is the event and its target is inside the clause it governs.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .agents import TITLES
from .mentions import Mention
from .phrases import entity_mention, unique
from .semantics import REPORT_NOUNS

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .records import Claim, Evidence

#: verbs whose event is the verb itself, with the target inside the clause they govern
CONTROL_VERBS = {"threaten": "threatens", "refuse": "rejects", "decline": "rejects"}
#: declining to speak is a statement (CAMEO 011), not a rejection of anyone
SPEAKING = frozenset("comment say speak elaborate confirm disclose reveal discuss specify".split())
#: verbs of saying that make "Y must …" in their clause a demand of Y
INSISTING = frozenset("say declare reiterate insist state stress warn tell repeat".split())


class ClauseRules:
    """Rules over whole clauses; mixed into the sentence extractor, whose state they use."""

    def _clause_subjects(self, verb: Token) -> list[Mention]:
        for child in verb.children:
            if child.dep_ == "ccomp":
                for subject in child.children:
                    if subject.dep_ in ("nsubj", "nsubjpass"):
                        return self._mentions(subject)
        return []

    def _must(self, verb: Token) -> None:
        """ "X declared that Y must drop barriers": X demands of Y."""
        for clause in verb.children:
            if clause.dep_ != "ccomp":
                continue
            if not any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in clause.children):
                continue
            targets = [m for c in clause.children if c.dep_ == "nsubj" for m in self._mentions(c)]
            subjects, _passive = self.subjects(verb)
            for s in subjects:
                for t in targets:
                    self._emit(s, "demandsFrom", t, verb, 0.65)

    def _control(self, verb: Token) -> None:
        """ "Iran threatened to cut off electricity to Azerbaijan", "Haniyeh refused to respond
        to a demand from the US": the first verb is the event, its target is in the clause."""
        relation = CONTROL_VERBS.get(verb.lemma_.lower())
        clauses = [c for c in verb.children if c.dep_ == "xcomp"]
        if relation is None or not clauses or clauses[0].lemma_.lower() in SPEAKING:
            return
        subjects, _passive = self.subjects(verb)
        if not subjects:
            return
        keys = {m.entity.key for m in subjects}
        targets: list[Mention] = []
        for token in clauses[0].subtree:
            if token.dep_ in ("dobj", "pobj", "dative"):
                found = self._mentions(token) or self._agents(token)
                if not found and (owner := self._owner(token)) is not None:
                    found = [owner]
                targets += [m for m in found if m.entity.key not in keys]
        for s in subjects:
            for t in unique(targets)[:1]:
                self._emit(s, relation, t, verb, 0.6)

    def _denial(self, verb: Token) -> None:
        objects = [c for c in verb.children if c.dep_ == "dobj" and c.lower_ in REPORT_NOUNS]
        if not objects:
            return
        deniers, _ = self.subjects(verb)
        if not deniers:
            return
        recent = [c for i, c in self.state.reported if 0 <= self.index - i <= 2]
        for claim in recent:
            for denier in deniers:
                if claim.attributed_to and claim.attributed_to.key == denier.entity.key:
                    continue
                negated = replace(
                    claim,
                    polarity="negated" if claim.polarity == "affirmed" else "affirmed",
                    attributed_to=denier.entity,
                    confidence=round(min(claim.confidence, 0.75), 2),
                    evidence=(self._denial_evidence(claim, denier),),
                )
                self.out.setdefault((negated.id,), negated)

    def _denial_evidence(self, claim: Claim, denier: Mention) -> Evidence:
        subject = (
            denier if denier.entity.key == claim.subject.key else entity_mention(claim.subject)
        )
        target = denier if denier.entity.key == claim.object.key else entity_mention(claim.object)
        return self._evidence(subject, target)

    def _offices(self) -> None:
        """Structural claims for people named with their office in this sentence."""
        for token in self.sentence:
            mention = self.resolver.by_token.get(token.i)
            if mention is None or mention.entity.type != "Person" or token.i != mention.end - 1:
                continue
            # "Kremlin spokesman Dmitry Peskov", "Russia's Defense Minister Sergei Shoigu"
            head = token
            title_token = None
            if token.dep_ == "appos" and self.resolver.title_of(token.head):
                title_token = token.head
            for child in token.children:
                if child.dep_ == "appos" and self.resolver.title_of(child):
                    title_token = child
            if title_token is None:
                for child in self.sentence.doc[self.sentence.start : mention.start]:
                    compound = child.head.i == head.i and child.dep_ == "compound"
                    if compound and self.resolver.title_of(child):
                        title_token = child
            if title_token is None:
                continue
            title = self.resolver.title_of(title_token)
            assert title is not None
            relation, _sector = TITLES[title]
            where = self.resolver.country_of_phrase(title_token)
            role_text = self.resolver.title_phrase(title_token)
            if where is None:
                # "Foreign Ministry Spokesperson Mao Ning": the body is the person's own state
                country = self.resolver.country_entity(mention.entity)
                if country is None or mention.entity.type != "Person":
                    continue
                where = entity_mention(country)
            self.resolver.note_title(title, mention.entity)
            title_mention = Mention(
                entity=where.entity,
                start=where.start,
                end=where.end,
                text=where.text,
                char_start=where.char_start,
                char_end=where.char_end,
                how=where.how,
            )
            self._emit(mention, relation, title_mention, token, 0.9, role=role_text)
