"""Offices and generic agents: "the Russian defence minister", "Hungarian officials".

The tables say which nouns name an office (and the relation of a structural claim about it)
and which name a sector of a state (government, military, police, rebels, …); the mixin
:class:`AgentRules` resolves such noun phrases for :class:`graph.resolve.DocResolver`:

- an office title with a country ("Russia's defence minister") → the holder of that office on
  the article's date (gazetteer), else the state's government;
- "the leader" with no country → the person last named with that title in the document;
- a generic agent with a country ("Israeli troops", "security forces in Guinea", "Darfur
  rebels") → an actor of that state and sector; governments are the state itself;
- a person the gazetteer does not know, named with a title ("Iraqi President Saddam
  Hussein"), takes the country of the title.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .mentions import Mention
from .records import Entity

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

#: title words → relation of the structural claim and the sector of the holder
TITLES: dict[str, tuple[str, str]] = {
    "leader": ("leaderOf", "GOV"),
    "supreme leader": ("leaderOf", "GOV"),
    "president": ("leaderOf", "GOV"),
    "prime minister": ("leaderOf", "GOV"),
    "premier": ("leaderOf", "GOV"),
    "chancellor": ("leaderOf", "GOV"),
    "king": ("leaderOf", "GOV"),
    "queen": ("leaderOf", "GOV"),
    "emir": ("leaderOf", "GOV"),
    "chairman": ("leaderOf", "GOV"),
    "head": ("leaderOf", "GOV"),
    "secretary-general": ("leaderOf", "IGO"),
    "secretary general": ("leaderOf", "IGO"),
    "spokesman": ("spokespersonFor", "GOV"),
    "spokeswoman": ("spokespersonFor", "GOV"),
    "spokesperson": ("spokespersonFor", "GOV"),
    "press secretary": ("spokespersonFor", "GOV"),
    "minister": ("holdsOfficeIn", "GOV"),
    "foreign minister": ("holdsOfficeIn", "GOV"),
    "defence minister": ("holdsOfficeIn", "GOV"),
    "defense minister": ("holdsOfficeIn", "GOV"),
    "secretary of state": ("holdsOfficeIn", "GOV"),
    "ambassador": ("holdsOfficeIn", "GOV"),
    "envoy": ("holdsOfficeIn", "GOV"),
    "governor": ("leaderOf", "GOV"),
    "mayor": ("leaderOf", "GOV"),
    "general": ("holdsOfficeIn", "MIL"),
    "commander": ("holdsOfficeIn", "MIL"),
    "diplomat": ("holdsOfficeIn", "GOV"),
    "official": ("holdsOfficeIn", "GOV"),
}

#: words that may precede a title inside it ("foreign ministry spokesperson", "defense minister")
TITLE_MODIFIERS = frozenset(
    "foreign defence defense interior finance prime deputy vice acting supreme chief "
    "ministry minister affairs state press trade economy economic security national".split()
)

#: generic agent nouns (plural or collective) → sector
AGENTS: dict[str, str] = {
    "official": "GOV",
    "officials": "GOV",
    "government": "GOV",
    "authorities": "GOV",
    "administration": "GOV",
    "ministry": "GOV",
    "diplomats": "GOV",
    "diplomat": "GOV",
    "leaders": "GOV",
    "leadership": "GOV",
    "delegation": "GOV",
    "rulers": "GOV",
    "regime": "GOV",
    "junta": "GOV",
    "cabinet": "GOV",
    "ministers": "GOV",
    "envoy": "GOV",
    "envoys": "GOV",
    "negotiators": "GOV",
    "embassy": "GOV",
    "entourages": "GOV",
    "entourage": "GOV",
    "side": "GOV",
    "sides": "GOV",
    "spokesman": "GOV",
    "spokesperson": "GOV",
    "lawmakers": "LEG",
    "parliament": "LEG",
    "legislature": "LEG",
    "parliamentarians": "LEG",
    "troops": "MIL",
    "soldiers": "MIL",
    "forces": "MIL",
    "army": "MIL",
    "military": "MIL",
    "navy": "MIL",
    "fleet": "MIL",
    "air force": "MIL",
    "warplanes": "MIL",
    "jets": "MIL",
    "warships": "MIL",
    "vessels": "MIL",
    "officers": "MIL",
    "servicemen": "MIL",
    "security forces": "MIL",
    "units": "MIL",
    "militia": "REB",
    "militias": "REB",
    "police": "COP",
    "policemen": "COP",
    "rebels": "REB",
    "insurgents": "REB",
    "militants": "REB",
    "guerrillas": "REB",
    "guerrilla": "REB",
    "extremists": "REB",
    "separatists": "REB",
    "fighters": "REB",
    "gunmen": "REB",
    "armed groups": "REB",
    "opposition": "OPP",
    "dissidents": "OPP",
    "activists": "OPP",
    "protesters": "OPP",
    "demonstrators": "OPP",
    "activist": "OPP",
    "dissident": "OPP",
    "media": "MED",
    "newspaper": "MED",
    "agency": "MED",
    "journalists": "MED",
    "businessmen": "BUS",
    "companies": "BUS",
    "firms": "BUS",
    "workers": "LAB",
    "unions": "LAB",
    "people": "CVL",
    "citizens": "CVL",
    "civilians": "CVL",
    "nationals": "CVL",
    "population": "CVL",
    "villagers": "CVL",
    "refugees": "REF",
    "migrants": "REF",
    "students": "EDU",
    "court": "JUD",
    "judges": "JUD",
    "intelligence": "SPY",
    "hackers": "SPY",
}

SECTOR_LABELS = {
    "GOV": "government",
    "MIL": "military",
    "COP": "police",
    "REB": "rebels",
    "OPP": "opposition",
    "MED": "media",
    "BUS": "business",
    "LEG": "legislature",
    "CVL": "civilians",
    "REF": "refugees",
    "EDU": "students",
    "JUD": "judiciary",
    "SPY": "intelligence",
    "LAB": "labour",
}

QUANTITIES = frozenset(
    "scores hundreds thousands dozens millions tens number numbers group groups members member "
    "some many most all part majority delegation team".split()
)


class AgentRules:
    """Office and agent resolution; mixed into :class:`graph.resolve.DocResolver`."""

    def title_of(self, token: Token) -> str | None:
        """The office title a noun phrase headed by ``token`` names ("defence minister")."""
        words = [
            c.lower_
            for c in token.children
            if c.dep_ in ("compound", "amod") and c.i < token.i and c.lower_ in TITLE_MODIFIERS
        ]
        lower = token.lower_
        for candidate in (" ".join((*words, lower)), " ".join((*words[-1:], lower)), lower):
            if candidate in TITLES:
                return candidate
        if lower in TITLES:
            return lower
        return None

    def title_phrase(self, token: Token) -> str:
        """The whole office title of a phrase: "foreign ministry spokesperson"."""
        words = [
            c.lower_
            for c in token.subtree
            if c.i < token.i and c.lower_ in TITLE_MODIFIERS and c.head.i in (token.i, c.i + 1)
        ]
        return " ".join((*words, token.lower_))

    def _role(self, token: Token, title: str) -> Mention | None:
        where = self.country_of_phrase(token)
        holders: tuple = ()
        if where is not None:
            of_key = where.entity.key
            holders = self.gazetteer.office_holders(title, of_key, self.date)
            if not holders and where.entity.country:
                country = self.gazetteer.country(where.entity.country)
                if country is not None:
                    holders = self.gazetteer.office_holders(title, country.entity.key, self.date)
        if len(holders) == 1:
            entity = holders[0].entity
        elif where is None and any(c.lower_ in ("the", "this", "that") for c in token.children):
            entity = self.titled.get(title) or self._last_person_with_title(title)
            if entity is None:
                return None
        elif where is not None and where.entity.type == "Country":
            # "a senior British minister", "Taiwan's vice foreign minister": an official of
            # that state whom the gazetteer cannot name stands for its government
            generic = generic_actor(where.entity, TITLES[title][1])
            if generic is None:
                return None
            return self._span_mention(token, generic, "role")
        else:
            return None
        self._see_person(entity, ())
        return self._span_mention(token, entity, "role")

    def _last_person_with_title(self, title: str) -> Entity | None:
        wanted = {title, *title.split()}
        for entity, _names in reversed(self.seen_people):
            for office in self.gazetteer.offices_of(entity.key):
                words = {office.title, *office.title.split(), *office.variants}
                if wanted & words and office.held_on(self.date):
                    return entity
        return None

    def note_title(self, title: str, person: Entity) -> None:
        """Remember that ``person`` was named with ``title`` in this document."""
        self.titled[title] = person
        for word in title.split():
            if word in TITLES:
                self.titled.setdefault(word, person)

    def _titled_country(self, span: Span) -> tuple[str | None, str | None]:
        """ "Iraqi President Saddam Hussein", "Niger's ambassador Brah Mohamane": the country
        and sector of a person the gazetteer does not know, from the title before the name."""
        root = span.root
        if root.dep_ == "appos" and root.head.lower_ in TITLES:
            # "Niger's ambassador Brah Mohamane": the title is the head of the apposition
            where = self.country_of_phrase(root.head)
            if where is not None and where.entity.type == "Country":
                return where.entity.country, TITLES[root.head.lower_][1]
        for child in root.children:
            # "Salaheddine Sidhoum, Algeria's leading human rights activist"
            if child.dep_ == "appos" and (child.lower_ in TITLES or child.lower_ in AGENTS):
                where = self.country_of_phrase(child)
                if where is not None and where.entity.type == "Country":
                    sector = (TITLES.get(child.lower_) or ("", AGENTS[child.lower_]))[1]
                    return where.entity.country, sector
        before = [t for t in root.subtree if t.i < span.start]
        titles = [t for t in before if t.lower_ in TITLES]
        if not titles:
            return None, None
        sector = TITLES[titles[-1].lower_][1]
        for token in reversed(before):
            found = self.by_token.get(token.i)
            if found is not None and found.entity.type == "Country":
                return found.entity.country, sector
        return None, None

    def _generic(self, token: Token) -> Mention | None:
        lower = token.lower_
        compound = " ".join(
            [
                c.lower_
                for c in token.children
                if c.dep_ in ("compound", "amod") and c.i < token.i and c.i not in self.by_token
            ]
            + [lower]
        )
        sector = AGENTS.get(compound) or AGENTS.get(lower)
        if sector is None:
            return None
        where = self.country_of_phrase(token) or self._located(token)
        if where is not None and where.entity.type == "Person":
            where = None
        if where is None:
            # "the Bush administration": the state of the person who leads it
            for child in token.children:
                if child.dep_ != "compound" or sector != "GOV":
                    continue
                named = self.by_token.get(child.i)
                if named is not None:
                    country = self.country_entity(named.entity)
                else:  # a surname several people share, all of one state ("Bush")
                    country = self._namesakes_country(child.text)
                if country is not None:
                    return self._span_mention(token, country, "generic")
            # "the fleet" after "Russia's Pacific Fleet": the same agent
            if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children):
                previous = self.generics.get(lower)
                if previous is not None:
                    return self._span_mention(token, previous, "generic")
            return None
        owner = where.entity
        if owner.type == "AdministrativeArea":
            # "Darfur rebels", "Chechen separatists": an agent of the region's state
            owner = self.country_entity(owner) or owner
        entity = generic_actor(owner, sector)
        if entity is None:
            return None
        self.generics[lower] = entity
        return self._span_mention(token, entity, "generic")

    def _namesakes_country(self, surname: str) -> Entity | None:
        """The state of every gazetteer person with this short name, when they share one."""
        people = self.gazetteer.by_short_name(surname)
        countries = {person.entity.country for person in people}
        if len(countries) != 1 or None in countries:
            return None
        actor = self.gazetteer.country(countries.pop())
        return actor.entity if actor is not None else None

    def generic_for(self, token: Token, country: Mention) -> Mention | None:
        """The generic agent of ``token``'s kind ("entourages") for one of its countries."""
        lower = token.lower_
        sector = AGENTS.get(lower)
        if sector is None:
            return None
        entity = generic_actor(country.entity, sector)
        return None if entity is None else self._span_mention(token, entity, "generic")

    def _located(self, token: Token) -> Mention | None:
        """ "security forces in Guinea", "gunmen from Niger": the state an agent is in."""
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "from"):
                for target in child.children:
                    found = self.by_token.get(target.i) if target.dep_ == "pobj" else None
                    if found is not None and found.entity.type == "Country":
                        return found
        return None

    def _people(self, token: Token, demonym: Mention) -> Mention | None:
        if any(c.lower_ in ("ethnic", "ethnically") for c in token.children):
            return None
        where = self._located(token) or self._of_country(token)
        if where is not None and where.entity.key != demonym.entity.key:
            entity = generic_actor(where.entity, "CVL")
            return None if entity is None else self._span_mention(token, entity, "generic")
        return demonym

    def _of_country(self, token: Token) -> Mention | None:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for target in child.subtree:
                    found = self.by_token.get(target.i)
                    if found is not None and found.entity.type == "Country":
                        return found
        return None

    def demonym_mentions(self, token: Token) -> list[Mention]:
        """Countries named by conjoined demonyms of a phrase ("Russian and North Korean X")."""
        out = []
        for child in token.children:
            if child.dep_ in ("amod", "compound", "nmod"):
                for part in (child, *[c for c in child.subtree if c.dep_ == "conj"]):
                    found = self.by_token.get(part.i)
                    if found is not None and found.how == "demonym":
                        out.append(found)
        return out


def generic_actor(country: Entity, sector: str) -> Entity | None:
    """The actor standing for a country's sector ("Russia (military)"); the state for GOV.

    Governments are the state itself: a claim by "Hungarian officials" is coded HUN GOV, and
    the graph keeps one node per state rather than a node per ministry.
    """
    if country.type != "Country":
        return country if country.type in ("Organization", "MediaOrganization") else None
    if sector == "GOV":
        return country
    label = f"{country.label} ({SECTOR_LABELS.get(sector, sector.lower())})"
    return Entity(
        key=f"{country.key}-{sector.lower()}",
        label=label,
        type="Group",
        country=country.country,
        sector=sector,
    )
