"""Mentions to entities: gazetteer names, metonymy, demonyms, roles and in-document coreference.

A :class:`DocResolver` walks one parsed document in order, so that "Kim" after "Kim Jong Un",
"the North Korean leader" in a 2023 article and "he" after a named person resolve to the
actor already in play. Rules, in the order tried for a noun phrase headed by a token:

1. a gazetteer name or alias ("DPRK", "Kim Jong Un", "KCNA"), a capital or seat of
   government used as an actor ("Pyongyang", "the Kremlin") → the state;
2. a surname or short name ("Kim", "Shoigu") → the person named in full earlier in the
   document, else the one gazetteer person with that short name;
3. an office title ("the Russian defence minister", "the North Korean leader", "the leader of
   …") → the holder of that office on the article's date, else the person last seen with it;
4. a generic agent with a country ("Hungarian officials", "Israeli troops") → an actor of
   that country and sector;
5. a name the NER finds that the gazetteer does not know → a new actor of its own type,
   unless it looks like junk (products, weapons, ad copy);
6. he/she/him/his/her → the person last named as an actor in this or the previous sentence;
   they/it/its → not resolved (too often wrong).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .agents import AGENTS, QUANTITIES, TITLE_MODIFIERS, TITLES, AgentRules
from .gazetteer import surface_key
from .mentions import Mention
from .records import Entity, slug

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .gazetteer import Actor, Gazetteer

PERSON_PRONOUNS = frozenset("he him his she her himself herself".split())
JUNK_PATTERN = re.compile(r"\d|^(?:the )?(?:new|latest|exclusive|subscribe|edition)\b", re.I)


@dataclass
class DocResolver(AgentRules):
    """Resolves noun phrases of one parsed document to actors, in reading order."""

    doc: Doc
    gazetteer: Gazetteer
    date: str | None = None
    by_token: dict[int, Mention] = field(default_factory=dict)
    seen_people: list[tuple[Entity, tuple[str, ...]]] = field(default_factory=list)
    titled: dict[str, Entity] = field(default_factory=dict)  # title → person last seen with it
    new_entities: dict[str, Entity] = field(default_factory=dict)
    generics: dict[str, Entity] = field(default_factory=dict)  # head noun → agent last seen

    def __post_init__(self) -> None:
        self._index_names()

    # ------------------------------------------------------------------ names in the text
    def _index_names(self) -> None:
        """Find every name span (gazetteer longest match first, then NER) in reading order."""
        doc = self.doc
        taken: set[int] = set()
        spans: list[tuple[int, int, Actor | None, str]] = []
        first_words = self.gazetteer.first_words
        i = 0
        while i < len(doc):
            found = None
            token = doc[i]
            if token.lower_ != "the" and (
                token.is_space
                or token.is_punct
                or surface_key(token.text).casefold() not in first_words
            ):
                i += 1
                continue
            for n in range(min(8, len(doc) - i), 0, -1):
                span = doc[i : i + n]
                if span[0].is_space or span[0].is_punct:
                    break
                if span[-1].is_space or any(t.is_space and "\n" in t.text for t in span):
                    continue  # a name never runs across a line break
                if n == 1 and not (span[0].pos_ in ("PROPN", "ADJ", "NOUN") or span[0].is_upper):
                    break
                actor, how = self._gazetteer_span(span)
                if actor is not None:
                    found = (i, i + n, actor, how)
                    break
            if found:
                spans.append(found)
                taken.update(range(found[0], found[1]))
                i = found[1]
            else:
                i += 1
        for ent in doc.ents:
            if any(t in taken for t in range(ent.start, ent.end)):
                continue
            if ent.label_ == "ORG" and ent[-1].lower_ in AGENTS:
                continue  # "Russia's Pacific Fleet": a sector of a state, resolved as such
            if ent.label_ in ("PERSON", "ORG", "NORP"):
                spans.append((ent.start, ent.end, None, ent.label_))
        for start, end, actor, how in sorted(spans, key=lambda s: s[0]):
            span = doc[start:end]
            mention = self._mention_for(span, actor, how)
            if mention is None:
                continue
            for t in range(start, end):
                self.by_token[t] = mention

    def _gazetteer_span(self, span: Span) -> tuple[Actor | None, str]:
        text = span.text
        gaz = self.gazetteer
        actor = gaz.by_name(text)
        if actor is not None:
            return actor, "name"
        actor = gaz.by_metonym(text)
        if actor is not None:
            return actor, "metonym"
        if len(span) <= 3:
            actor = gaz.by_capital(text)
            # a capital that also names other things counts when the NER reads it as a place
            if actor is not None and (
                not actor.ambiguous_capital or all(t.ent_type_ == "GPE" for t in span)
            ):
                return actor, "metonym"
            actor = gaz.by_demonym(text)
            if actor is not None:
                return actor, "demonym"
        return None, ""

    def _mention_for(self, span: Span, actor: Actor | None, how: str) -> Mention | None:
        if actor is not None:
            entity = actor.entity
            if entity.type == "Person":
                self._see_person(entity, actor.short_names)
            return self._make(span, entity, how)
        # NER only: PERSON, ORG, NORP the gazetteer does not know
        text = span.text.strip()
        if span[0].lower_ == "the":
            span = span[1:]
            text = span.text
        if not text or JUNK_PATTERN.search(text):
            return None
        if how == "PERSON":
            if len(span) == 1:
                person = self._short_name(text)
                if person is not None:
                    return self._make(span, person, "short")
                return None  # a lone unknown name: too ambiguous to be an actor
            if any(t.pos_ != "PROPN" for t in span) or any(t.lower_ in TITLES for t in span):
                return None
            country, sector = self._titled_country(span)
            entity = Entity(
                key=slug(text), label=text, type="Person", country=country, sector=sector
            )
            entity = self.new_entities.setdefault(entity.key, entity)
            self._see_person(entity, (span[-1].text,))
            return self._make(span, entity, "ner")
        if how == "ORG":
            if len(span) == 1 and not (span[0].is_upper and len(text) >= 2):
                return None
            if any(t.lower_ in TITLES or t.lower_ in TITLE_MODIFIERS for t in span):
                return None
            if not any(t.pos_ == "PROPN" for t in span):
                return None
            entity = Entity(key=slug(text), label=text, type="Organization")
            entity = self.new_entities.setdefault(entity.key, entity)
            return self._make(span, entity, "ner")
        return None  # NORP the gazetteer does not know: religions, parties, regions

    def _make(self, span: Span, entity: Entity, how: str) -> Mention:
        return Mention(
            entity=entity,
            start=span.start,
            end=span.end,
            text=span.text,
            char_start=span.start_char,
            char_end=span.end_char,
            how=how,
        )

    def _see_person(self, entity: Entity, short_names: tuple[str, ...]) -> None:
        previous = [names for person, names in self.seen_people if person.key == entity.key]
        names = tuple(dict.fromkeys((*short_names, *(previous[0] if previous else ()))))
        self.seen_people = [p for p in self.seen_people if p[0].key != entity.key]
        self.seen_people.append((entity, names))

    def _short_name(self, text: str) -> Entity | None:
        for entity, names in reversed(self.seen_people):
            if text in names:
                return entity
        candidates = self.gazetteer.by_short_name(text)
        if len(candidates) == 1:
            entity = candidates[0].entity
            self._see_person(entity, candidates[0].short_names)
            return entity
        return None

    # ------------------------------------------------------------------ noun phrases
    def mention(self, token: Token) -> Mention | None:
        """The actor a noun phrase headed by ``token`` denotes, or None."""
        found = self.by_token.get(token.i)
        if found is not None and found.how == "demonym" and token.tag_ in ("NNS", "NNPS"):
            # "ethnic Turks", "the Albanians of southern Serbia": a people, not a state
            return self._people(token, found)
        if found is not None:
            if found.entity.type == "Person":
                self._see_person(found.entity, ())
            # "Russia's Defense Minister Sergei Shoigu": a title head with a named apposition
            return found
        lower = token.lower_
        if lower in PERSON_PRONOUNS:
            return self._pronoun(token)
        if lower in QUANTITIES or token.pos_ == "NUM":
            # "scores of Liberian refugees", "thousands of Nigerians"
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for target in child.children:
                        if target.dep_ == "pobj":
                            return self.mention(target)
        if lower in ("nation", "country", "state", "government", "people"):
            # "his nation's support": the state of the person "his" refers to
            for child in token.children:
                if child.dep_ == "poss" and child.lower_ in PERSON_PRONOUNS:
                    person = self._pronoun(child)
                    country = self.country_entity(person.entity) if person else None
                    if country is not None:
                        return self._span_mention(token, country, "role")
        for child in token.children:
            # "the Mirotvorets database", "the KCNA news agency": a named body as modifier
            if child.dep_ in ("compound", "nmod", "amod") and token.pos_ == "NOUN":
                named = self.by_token.get(child.i)
                if named is not None and named.entity.type in ("Organization", "MediaOrganization"):
                    return named
        for child in token.children:
            if child.dep_ == "appos":
                named = self.by_token.get(child.i)
                if named is not None and named.entity.type == "Person":
                    return named
        if token.pos_ == "NOUN" and any(
            c.dep_ == "det" and c.lower_ == "the" for c in token.children
        ):
            # "the fleet" after "the Pacific Fleet": the last named actor with that head noun
            for i in range(token.i - 1, max(-1, token.i - 400), -1):
                named = self.by_token.get(i)
                if named is not None and named.entity.label.lower().split()[-1] == lower:
                    return self._span_mention(token, named.entity, "anaphor")
        title = self.title_of(token)
        if title is not None:
            role = self._role(token, title)
            if role is not None:
                return role
        return self._generic(token)

    def country_entity(self, entity: Entity) -> Entity | None:
        """The state an actor belongs to (itself for a state)."""
        if entity.type == "Country":
            return entity
        if entity.country:
            actor = self.gazetteer.country(entity.country)
            return actor.entity if actor is not None else None
        return None

    def _span_mention(self, token: Token, entity: Entity, how: str) -> Mention:
        start = token.left_edge.i
        return Mention(
            entity=entity,
            start=start,
            end=token.i + 1,
            text=self.doc[start : token.i + 1].text,
            char_start=self.doc[start].idx,
            char_end=token.idx + len(token.text),
            how=how,
        )

    def _pronoun(self, token: Token) -> Mention | None:
        if token.dep_ == "poss":
            # "X promised his nation's support": a possessive refers to its clause's subject
            head = token.head
            for _ in range(4):
                if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
                    break
                head = head.head
            for child in head.children:
                if (
                    child.dep_ == "nsubj"
                    and child.i < token.i
                    and child.lower_ not in PERSON_PRONOUNS
                ):
                    found = self.mention(child)
                    if found is not None and found.entity.type == "Person":
                        return self._span_mention(token, found.entity, "pronoun")
        sentence = token.sent
        earliest = max(0, sentence.start - 60)
        for i in range(token.i - 1, earliest - 1, -1):
            found = self.by_token.get(i)
            if found is not None and found.entity.type == "Person":
                if i < sentence.start and not _is_prev_sentence(self.doc, i, sentence):
                    break
                return Mention(
                    entity=found.entity,
                    start=token.i,
                    end=token.i + 1,
                    text=token.text,
                    char_start=token.idx,
                    char_end=token.idx + len(token.text),
                    how="pronoun",
                )
        return None

    def country_of_phrase(self, token: Token) -> Mention | None:
        """A country (or body) that modifies a noun phrase: "Russia's", "Russian", "of Russia"."""
        for child in token.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod") or (
                child.dep_ == "prep" and child.lower_ == "of"
            ):
                target = child
                if child.dep_ == "prep":
                    objects = [c for c in child.children if c.dep_ == "pobj"]
                    if not objects:
                        continue
                    target = objects[0]
                found = self.by_token.get(target.i)
                if found is not None and found.entity.type != "Person":
                    return found
                if child.dep_ == "prep":
                    inner = self.country_of_phrase(target)
                    if inner is not None:
                        return inner
        return None


def _is_prev_sentence(doc: Doc, i: int, sentence: Span) -> bool:
    previous = doc[sentence.start - 1].sent if sentence.start > 0 else None
    return previous is not None and previous.start <= i < previous.end
