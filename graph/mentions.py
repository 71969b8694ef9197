"""A mention: the span of a document that names an actor, and how it was resolved."""

from __future__ import annotations

from dataclasses import dataclass

from .records import Entity


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the document that names an actor."""

    entity: Entity
    start: int  # token index in the Doc
    end: int  # exclusive
    text: str
    char_start: int
    char_end: int
    how: str  # name | short | metonym | demonym | role | generic | ner | pronoun
