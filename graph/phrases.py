"""Noun-phrase helpers shared by the extraction rules: conjuncts, possessives, mentions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .agents import AGENTS
from .mentions import Mention

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .records import Entity

ANAPHORIC_DETS = frozenset({"such", "this", "that", "the", "these", "those"})


def conjuncts(token: Token) -> list[Token]:
    out = [token]
    for child in token.children:
        if child.dep_ == "conj":
            out += conjuncts(child)
    return out


def unique(mentions: list[Mention]) -> list[Mention]:
    seen: dict[str, Mention] = {}
    for mention in mentions:
        seen.setdefault(mention.entity.key, mention)
    return list(seen.values())


def possessive(token: Token) -> bool:
    return (
        token.dep_ == "poss"
        or any(c.dep_ == "case" for c in token.children)
        or (token.head.dep_ == "poss")
    )


def agentive(token: Token) -> bool:
    return token.lower_ in AGENTS


def anaphoric(noun: Token) -> bool:
    return any(
        c.dep_ in ("det", "predet", "amod") and c.lower_ in ANAPHORIC_DETS for c in noun.children
    )


def entity_mention(entity: Entity) -> Mention:
    return Mention(
        entity=entity, start=-1, end=-1, text=entity.label, char_start=-1, char_end=-1, how="memory"
    )


def modifier_words(token: Token) -> list[str]:
    """The lower-case words of the compound and adjective modifiers before a noun, nested ones
    included ("air defence systems" → ["air", "defence"])."""
    out = []
    for child in token.children:
        if child.dep_ in ("compound", "amod") and child.i < token.i:
            out += modifier_words(child)
            out.append(child.lemma_.lower() if child.pos_ != "PROPN" else child.lower_)
    return out
