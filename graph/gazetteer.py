"""The gazetteer: known actors, the names news uses for them, and their dated offices.

Four CSV files in ``data/gazetteer/``, edited by people (each starts with ``#`` lines saying
what it holds and where its facts come from; lists inside a cell are separated by ``|``):

- ``countries.csv``: states and state-like actors, with ISO 3166-1 alpha-3 codes, Wikidata
  ids, aliases, demonyms, capitals, seats of government ("the Kremlin") and compound prefixes
  ("Sino-").
- ``people.csv``: officials and leaders, with the state they serve and a CAMEO-style sector.
- ``organizations.csv``: international organisations, media, ministries, armed forces, armed
  groups and regions that act.
- ``offices.csv``: who held which office of which actor, from when to when.

:func:`load_gazetteer` validates the files once per directory and returns a
:class:`Gazetteer`, which answers the resolver's questions: which actor a name, demonym,
capital, seat of government or prefix means; who held an office on a date; which spaCy
EntityRuler patterns recognise the actors.

>>> gaz = load_gazetteer()
>>> gaz.by_capital("Pyongyang").entity.key
'north-korea'
>>> [a.entity.key for a in gaz.office_holders("defense minister", "russia", "2023-09-18")]
['sergei-shoigu']
"""

from __future__ import annotations

import calendar
import csv
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.errors import DataError
from graph.records import Entity
from graph.settings import DATA_DIR

COUNTRIES = "countries.csv"
PEOPLE = "people.csv"
ORGANIZATIONS = "organizations.csv"
OFFICES = "offices.csv"
FILES = (COUNTRIES, PEOPLE, ORGANIZATIONS, OFFICES)

COLUMNS: dict[str, tuple[str, ...]] = {
    COUNTRIES: (
        "key", "name", "iso3", "wikidata", "status", "part_of", "aliases", "demonyms",
        "capitals", "metonyms", "combining_forms", "ambiguous_name", "ambiguous_capital",
    ),
    PEOPLE: ("key", "name", "aliases", "short_names", "country", "sector", "wikidata"),
    ORGANIZATIONS: (
        "key", "name", "aliases", "type", "country", "sector", "wikidata", "part_of", "ambiguous",
    ),
    OFFICES: ("person", "title", "of", "start", "end", "title_variants"),
}  # fmt: skip

STATUSES = frozenset({"member", "observer", "partial", "territory", "former"})
ORGANIZATION_TYPES = frozenset({"Organization", "MediaOrganization", "AdministrativeArea", "Group"})
# CAMEO agent codes (the "sector" of an actor).
SECTORS = frozenset({
    "AGR", "BUS", "COP", "CRM", "CVL", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "IGO", "INS",
    "JUD", "LAB", "LEG", "MED", "MIL", "MNC", "NGO", "OPP", "PTY", "RAD", "REB", "REF", "REL",
    "SEP", "SPY", "UAF",
})  # fmt: skip

_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_QID = re.compile(r"Q[0-9]+")
_ISO3 = re.compile(r"[A-Z]{3}")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# Typographic variants news text uses for the same characters.
_PLAIN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'", "`": "'",
    "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-", "\u00a0": " ",
})  # fmt: skip
# Spelling and gender variants of words in office titles.
_TITLE_WORDS = {
    "defense": "defence",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "advisor": "adviser",
    "organization": "organisation",
}


def date_bounds(text: str) -> tuple[str, str]:
    """The first and the last day a full or partial ISO date covers.

    >>> date_bounds("2024")
    ('2024-01-01', '2024-12-31')
    >>> date_bounds("2024-02")
    ('2024-02-01', '2024-02-29')

    Raises:
        ValueError: if the text is not YYYY, YYYY-MM or YYYY-MM-DD naming a real day.
    """
    match = _DATE.fullmatch(text)
    if match is None or int(match[1]) == 0:
        raise ValueError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
    year = int(match[1])
    if match[2] is None:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    month = int(match[2])
    if not 1 <= month <= 12:
        raise ValueError(f"no month {month} in {text!r}")
    last = calendar.monthrange(year, month)[1]
    if match[3] is None:
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    if not 1 <= int(match[3]) <= last:
        raise ValueError(f"no day {match[3]} in {year:04d}-{month:02d}: {text!r}")
    return text, text


@lru_cache(maxsize=65536)
def surface_key(text: str) -> str:
    """The form in which names are compared.

    Curly quotes become straight, accents and dots go, runs of spaces become one, and a leading
    "the " is dropped. Case is kept: "US" the state is not "us" the pronoun.

    >>> surface_key("the U.S.")
    'US'
    >>> surface_key("Côte d’Ivoire")
    "Cote d'Ivoire"
    """
    text = _fold_accents(text.translate(_PLAIN)).replace(".", "")
    text = " ".join(text.split())
    if text[:4].lower() == "the " and len(text) > 4:
        text = text[4:]
    return text


def normalize_title(title: str) -> str:
    """The form in which office titles are compared.

    >>> normalize_title("Defense Minister")
    'defence minister'
    >>> normalize_title("the Secretary-General")
    'secretary general'
    """
    text = _fold_accents(title.translate(_PLAIN)).lower().replace("-", " ").replace(".", "")
    words = [_TITLE_WORDS.get(word, word) for word in text.split()]
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def _fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True, slots=True)
class Office:
    """An office a person held: its title, whose office it is, and when.

    ``start`` and ``end`` are ISO dates, possibly partial ("2012", "2018-09"); ``None`` means
    unknown (start) or still held (end).

    >>> office = Office("sergei-shoigu", "defence minister", "russia", "2012-11-06", "2024-05-12")
    >>> office.held_on("2023-09-18"), office.held_on("2025-01-01"), office.held_on(None)
    (True, False, False)
    """

    person: str
    title: str
    of: str
    start: str | None
    end: str | None
    variants: tuple[str, ...] = ()

    def held_on(self, date: str | None) -> bool:
        """Whether the office was held on the date (any day of it, for a partial date).

        A partial start counts from its first day ("2012" from 2012-01-01) and a partial end
        to its last ("2024" through 2024-12-31). ``None`` asks whether it is held now, that is
        whether it has no end.

        Raises:
            ValueError: if the date is not YYYY, YYYY-MM or YYYY-MM-DD.
        """
        if date is None:
            return self.end is None
        first, last = date_bounds(date)
        start = date_bounds(self.start)[0] if self.start else "0001-01-01"
        end = date_bounds(self.end)[1] if self.end else "9999-12-31"
        return start <= last and first <= end

    def matches(self, title: str) -> bool:
        """Whether a title as written ("Defense Minister") names this office.

        >>> Office("p", "spokesperson", "x", None, None).matches("Spokeswoman")
        True
        """
        wanted = normalize_title(title)
        return any(normalize_title(t) == wanted for t in (self.title, *self.variants))


@dataclass(frozen=True, slots=True)
class Actor:
    """One actor of the gazetteer: its Entity and every way news names it.

    ``ambiguous`` marks a country whose name also means something else (Georgia, Jordan) or an
    organisation with such an alias (ICC); ``ambiguous_capital`` a country with such a capital
    (Washington, Victoria). ``status`` is set for rows of countries.csv only (member, observer,
    partial, territory, former).
    """

    entity: Entity
    names: tuple[str, ...]
    short_names: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    combining_forms: tuple[str, ...] = ()
    ambiguous: bool = False
    ambiguous_capital: bool = False
    part_of: str | None = None
    offices: tuple[Office, ...] = ()
    status: str | None = None

    @property
    def key(self) -> str:
        return self.entity.key


class _Index:
    """Surface form → keys of the actors it may name."""

    def __init__(self) -> None:
        self.exact: dict[str, set[str]] = {}
        self.folded: dict[str, set[str]] = {}
        self.acronyms: dict[str, set[str]] = {}

    def add(self, surface: str, key: str) -> None:
        form = surface_key(surface)
        if not form:
            return
        self.exact.setdefault(form, set()).add(key)
        self.folded.setdefault(form.casefold(), set()).add(key)
        if len(form) >= 4 and form.isalpha() and form.isupper():
            self.acronyms.setdefault(form.casefold(), set()).add(key)

    def keys(self, text: str) -> tuple[str, ...]:
        form = surface_key(text)
        hits = self.exact.get(form)
        if hits is None and len(form) > 1:
            if form.isupper():  # a headline in capitals: "NORTH KOREA", "KREMLIN"
                hits = self.folded.get(form.casefold())
            elif form.isalpha() and form[0].isupper() and form[1:].islower():
                # House styles that write long acronyms as words: "Nato", "Opec".
                hits = self.acronyms.get(form.casefold())
        return tuple(sorted(hits or ()))


class Gazetteer:
    """Every known actor, with lookups by the names, demonyms, capitals and offices news uses.

    Built by :func:`load_gazetteer` and shared through its cache: treat it as read-only.
    Lookups that should name one actor return ``None`` when the text names none or several
    ("Congo" is two states): the resolver decides those from context.

    Attributes:
        actors: every actor by key.
    """

    def __init__(self, actors: dict[str, Actor], version: str) -> None:
        self.actors = actors
        self._version = version
        self._names, self._demonyms, self._capitals = _Index(), _Index(), _Index()
        self._metonyms, self._short_names = _Index(), _Index()
        self._combining: dict[str, set[str]] = {}
        self._iso3: dict[str, str] = {}
        self._offices: dict[str, list[Office]] = {}
        for key, actor in actors.items():
            for index, surfaces in (
                (self._names, actor.names),
                (self._demonyms, actor.demonyms),
                (self._capitals, actor.capitals),
                (self._metonyms, actor.metonyms),
                (self._short_names, actor.short_names),
            ):
                for surface in surfaces:
                    index.add(surface, key)
            for prefix in actor.combining_forms:
                self._combining.setdefault(prefix.casefold(), set()).add(key)
            if actor.status is not None and actor.entity.country:
                self._iso3[actor.entity.country] = key
            for office in actor.offices:
                self._offices.setdefault(office.of, []).append(office)

    def __repr__(self) -> str:
        return f"<Gazetteer {len(self.actors)} actors, version {self._version[:12]}>"

    @property
    def version(self) -> str:
        """SHA-256 of the data files' bytes: a cache key that changes when the data does."""
        return self._version

    def by_name(self, text: str) -> Actor | None:
        """The actor a name or alias means ("U.S.", "the Netherlands", "DPRK", "Nato").

        >>> load_gazetteer().by_name("the U.S.").entity.key
        'united-states'
        """
        return self._one(self._names.keys(text))

    def by_demonym(self, word: str) -> Actor | None:
        """The actor an adjective or plural of nationality means ("North Korean", "Russians")."""
        return self._one(self._demonyms.keys(word))

    def by_capital(self, word: str) -> Actor | None:
        """The state whose capital this is ("Pyongyang", "Kiev"); check ``ambiguous_capital``."""
        return self._one(self._capitals.keys(word))

    def by_metonym(self, text: str) -> Actor | None:
        """The state a seat of government stands for ("the Kremlin", "Downing Street")."""
        return self._one(self._metonyms.keys(text))

    def by_combining_form(self, prefix: str) -> Actor | None:
        """The state a compound prefix means ("Russo" in Russo-Ukrainian, "Sino-").

        >>> load_gazetteer().by_combining_form("Sino-").entity.key
        'china'
        """
        form = surface_key(prefix).rstrip("-").casefold()
        return self._one(tuple(sorted(self._combining.get(form, ()))))

    def by_short_name(self, text: str) -> tuple[Actor, ...]:
        """Every person a short name may mean ("Kim" is several), sorted by key."""
        return tuple(self.actors[key] for key in self._short_names.keys(text))

    def office_holders(self, title: str, of: str, date: str | None = None) -> tuple[Actor, ...]:
        """Who held an office on a date, sorted by key (several for a partial date).

        Args:
            title: the title as written; matched after normalising spelling ("defense" =
                "defence") against the office's title and its variants.
            of: key of the country or organisation, or a state's ISO alpha-3 code.
            date: an ISO date, possibly partial; ``None`` asks for current holders.

        Raises:
            ValueError: if the date is not YYYY, YYYY-MM or YYYY-MM-DD.
        """
        owner = of if of in self.actors else self._iso3.get(of.upper(), of)
        keys = {
            office.person
            for office in self._offices.get(owner, ())
            if office.matches(title) and office.held_on(date)
        }
        return tuple(self.actors[key] for key in sorted(keys))

    def offices_of(self, person_key: str) -> tuple[Office, ...]:
        """A person's offices, earliest first; none for a key the gazetteer does not know.

        >>> [o.title for o in load_gazetteer().offices_of("sergei-shoigu")]
        ['defence minister', 'secretary of the security council']
        """
        actor = self.actors.get(person_key)
        return actor.offices if actor is not None else ()

    def country(self, iso3: str) -> Actor | None:
        """The actor of countries.csv with this ISO 3166-1 alpha-3 code ("PRK")."""
        key = self._iso3.get(iso3.upper())
        return self.actors[key] if key else None

    def entity(self, key: str) -> Entity:
        """The Entity record of an actor.

        Raises:
            KeyError: if no actor has this key.
        """
        return self._actor(key).entity

    @property
    def first_words(self) -> frozenset[str]:
        """The case-folded first words of every name, demonym, capital and metonym: a window
        of text can name an actor only if it starts with one of these."""
        cached = getattr(self, "_first_words", None)
        if cached is None:
            words: set[str] = set()
            for index in (self._names, self._demonyms, self._capitals, self._metonyms):
                for form in index.exact:
                    words.add(form.split()[0].casefold())
            cached = frozenset(words)
            self._first_words = cached
        return cached

    def entity_ruler_patterns(self) -> list[dict[str, Any]]:
        """spaCy EntityRuler token patterns for every unambiguous name, sorted.

        Names, aliases and capitals of states give GPE, demonyms NORP, seats of government
        ORG, people PERSON, organisations ORG (regions GPE); each pattern's ``id`` is the
        actor's key. Left out, for the resolver to decide in context: surfaces that name
        several actors, flagged ambiguous names and capitals, short names.

        Placed before the statistical "ner", the ruler labels every listed name and gives it
        its id, but also a short name inside a longer unlisted one ("America" in "Latin
        America", "Ireland" in "Northern Ireland"); placed after it with
        ``overwrite_ents=False``, the model's spans win and the patterns only fill its gaps.
        """
        return _ruler_patterns(self.actors.values())

    def _one(self, keys: tuple[str, ...]) -> Actor | None:
        return self.actors[keys[0]] if len(keys) == 1 else None

    def _actor(self, key: str) -> Actor:
        try:
            return self.actors[key]
        except KeyError:
            raise KeyError(f"no actor {key!r} in the gazetteer") from None


def load_gazetteer(data_dir: Path | None = None) -> Gazetteer:
    """Read and validate the gazetteer, once per directory (later calls hit a cache).

    Args:
        data_dir: the directory holding the four CSV files; default
            ``graph.settings.DATA_DIR / "gazetteer"``.

    Raises:
        DataError: naming the file and line of the first invalid row (a malformed or
            duplicate key, an unknown reference, a bad date, code or Wikidata id).
    """
    directory = Path(data_dir) if data_dir is not None else DATA_DIR / "gazetteer"
    return _load(directory.resolve())


@lru_cache(maxsize=8)
def _load(directory: Path) -> Gazetteer:
    digest = hashlib.sha256()
    rows: dict[str, list[_Row]] = {}
    for name in FILES:
        path = directory / name
        try:
            data = path.read_bytes()
            text = data.decode("utf-8")
        except FileNotFoundError:
            raise DataError(f"{path}: missing; the gazetteer needs {', '.join(FILES)}") from None
        except UnicodeDecodeError as exc:
            raise DataError(f"{path}: not UTF-8 (byte {exc.start}); save it as UTF-8") from None
        digest.update(name.encode() + b"\0" + data + b"\0")
        rows[name] = list(_read_rows(path, text, COLUMNS[name]))

    builder = _Builder()
    for row in rows[COUNTRIES]:
        builder.country(row)
    for row in rows[ORGANIZATIONS]:
        builder.organization(row)
    for row in rows[PEOPLE]:
        builder.person(row)
    for row in rows[OFFICES]:
        builder.office(row)
    return Gazetteer(builder.finish(), digest.hexdigest())


@dataclass(frozen=True, slots=True)
class _Row:
    """One data line of a CSV file, with where it came from for error messages."""

    path: Path
    line: int
    values: dict[str, str]

    def error(self, message: str) -> DataError:
        return DataError(f"{self.path}:{self.line}: {message}")

    def text(self, column: str) -> str:
        value = self.values[column]
        if not value:
            raise self.error(f"{column} is empty")
        return value

    def key(self, column: str, required: bool = True) -> str | None:
        value = self.values[column]
        if not value and not required:
            return None
        if not _KEY.fullmatch(value):
            raise self.error(
                f"{column} {value!r} is not a key: lower-case ASCII words joined by '-'"
            )
        return value

    def iso3(self, column: str, required: bool = True) -> str | None:
        value = self.values[column]
        if not value and not required:
            return None
        if not _ISO3.fullmatch(value):
            raise self.error(f"{column} {value!r} is not an ISO 3166-1 alpha-3 code like 'PRK'")
        return value

    def wikidata(self) -> str | None:
        value = self.values["wikidata"]
        if value and not _QID.fullmatch(value):
            raise self.error(
                f"wikidata {value!r} is not a Q-id like 'Q423'; leave it empty if unsure"
            )
        return value or None

    def choice(self, column: str, allowed: frozenset[str], required: bool = True) -> str | None:
        value = self.values[column]
        if not value and not required:
            return None
        if value not in allowed:
            raise self.error(f"{column} {value!r} is not one of {', '.join(sorted(allowed))}")
        return value

    def flag(self, column: str) -> bool:
        value = self.values[column]
        if value not in ("", "true", "false"):
            raise self.error(f"{column} {value!r} must be true or false")
        return value == "true"

    def items(self, column: str) -> tuple[str, ...]:
        value = self.values[column]
        if not value:
            return ()
        items = tuple(item.strip() for item in value.split("|"))
        if not all(items):
            raise self.error(f"{column} has an empty item (a stray '|'): {value!r}")
        return items

    def date(self, column: str) -> str | None:
        value = self.values[column]
        if not value:
            return None
        try:
            date_bounds(value)
        except ValueError as exc:
            raise self.error(f"{column}: {exc}") from None
        return value


def _read_rows(path: Path, text: str, columns: tuple[str, ...]) -> Iterator[_Row]:
    """The data rows of a file: after ``#`` comments and blank lines, a header, then rows."""
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            fields = [field.strip() for field in next(csv.reader([line], strict=True))]
        except csv.Error as exc:
            raise DataError(f"{path}:{number}: {exc}; quote a value that holds a comma") from None
        if not header_seen:
            if tuple(fields) != columns:
                raise DataError(f"{path}:{number}: the header must be {','.join(columns)}")
            header_seen = True
            continue
        if len(fields) != len(columns):
            raise DataError(
                f"{path}:{number}: {len(fields)} fields where {len(columns)} are expected "
                f"({','.join(columns)}); quote a value that holds a comma"
            )
        yield _Row(path, number, dict(zip(columns, fields, strict=True)))
    if not header_seen:
        raise DataError(f"{path}: no header line ({','.join(columns)})")


class _Builder:
    """Turns validated rows into actors, checking keys and references across the files."""

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}
        self.where: dict[str, str] = {}  # key -> "file:line" of its row
        self.iso3: dict[str, str] = {}
        self.references: list[tuple[_Row, str, str]] = []  # (row, column, key), checked last
        self.offices: list[tuple[_Row, Office]] = []

    def country(self, row: _Row) -> None:
        key = self._new_key(row)
        iso3 = row.iso3("iso3")
        assert iso3 is not None
        if iso3 in self.iso3:
            raise row.error(f"iso3 {iso3} is already used by {self.iso3[iso3]}")
        self.iso3[iso3] = key
        status = row.choice("status", STATUSES)
        part_of = self._reference(row, "part_of")
        aliases = row.items("aliases")
        entity = Entity(
            key=key,
            label=row.text("name"),
            type="AdministrativeArea" if status == "territory" else "Country",
            country=iso3,
            wikidata=row.wikidata(),
            aliases=aliases,
        )
        self.actors[key] = Actor(
            entity=entity,
            names=(entity.label, *aliases),
            demonyms=row.items("demonyms"),
            capitals=row.items("capitals"),
            metonyms=row.items("metonyms"),
            combining_forms=row.items("combining_forms"),
            ambiguous=row.flag("ambiguous_name"),
            ambiguous_capital=row.flag("ambiguous_capital"),
            part_of=part_of,
            status=status,
        )

    def organization(self, row: _Row) -> None:
        key = self._new_key(row)
        aliases = row.items("aliases")
        entity = Entity(
            key=key,
            label=row.text("name"),
            type=str(row.choice("type", ORGANIZATION_TYPES)),
            country=self._country(row),
            sector=row.choice("sector", SECTORS),
            wikidata=row.wikidata(),
            aliases=aliases,
        )
        self.actors[key] = Actor(
            entity=entity,
            names=(entity.label, *aliases),
            ambiguous=row.flag("ambiguous"),
            part_of=self._reference(row, "part_of"),
        )

    def person(self, row: _Row) -> None:
        key = self._new_key(row)
        aliases = row.items("aliases")
        entity = Entity(
            key=key,
            label=row.text("name"),
            type="Person",
            country=self._country(row),
            sector=row.choice("sector", SECTORS),
            wikidata=row.wikidata(),
            aliases=aliases,
        )
        self.actors[key] = Actor(
            entity=entity, names=(entity.label, *aliases), short_names=row.items("short_names")
        )

    def office(self, row: _Row) -> None:
        person = row.key("person")
        assert person is not None
        actor = self.actors.get(person)
        if actor is None or actor.entity.type != "Person":
            raise row.error(f"person {person!r} is not a key in {PEOPLE}")
        office = Office(
            person=person,
            title=row.text("title"),
            of=str(self._reference(row, "of", required=True)),
            start=row.date("start"),
            end=row.date("end"),
            variants=row.items("title_variants"),
        )
        if office.title != office.title.lower():
            raise row.error(f"title {office.title!r} must be lower-case")
        if office.start and office.end:
            first, last = date_bounds(office.start)[0], date_bounds(office.end)[1]
            if first > last:
                raise row.error(f"start {office.start} is after end {office.end}")
        self.offices.append((row, office))

    def finish(self) -> dict[str, Actor]:
        for row, column, key in self.references:
            if key not in self.actors:
                raise row.error(f"{column} {key!r} is not a key in {', '.join(FILES[:3])}")
        held: dict[str, list[Office]] = {}
        for _row, office in self.offices:
            held.setdefault(office.person, []).append(office)
        for person, offices in held.items():
            offices.sort(key=lambda o: (o.start or "", o.title, o.of))
            self.actors[person] = replace(self.actors[person], offices=tuple(offices))
        return dict(sorted(self.actors.items()))

    def _new_key(self, row: _Row) -> str:
        key = row.key("key")
        assert key is not None
        if key in self.where:
            raise row.error(f"key {key!r} is already defined at {self.where[key]}")
        self.where[key] = f"{row.path.name}:{row.line}"
        return key

    def _country(self, row: _Row) -> str | None:
        iso3 = row.iso3("country", required=False)
        if iso3 is not None and iso3 not in self.iso3:
            raise row.error(f"country {iso3} is not an iso3 code in {COUNTRIES}")
        return iso3

    def _reference(self, row: _Row, column: str, required: bool = False) -> str | None:
        key = row.key(column, required=required)
        if key is not None:
            self.references.append((row, column, key))
        return key


def _ruler_surfaces(actor: Actor) -> Iterator[tuple[str, str]]:
    """(surface, label) pairs of an actor for the EntityRuler, best label first."""
    kind = actor.entity.type
    if actor.status is not None:  # a row of countries.csv
        names = actor.names[1:] if actor.ambiguous else actor.names
        yield from ((name, "GPE") for name in names)
        if not actor.ambiguous_capital:
            yield from ((capital, "GPE") for capital in actor.capitals)
        yield from ((metonym, "ORG") for metonym in actor.metonyms)
        yield from ((demonym, "NORP") for demonym in actor.demonyms)
    elif kind == "Person":
        yield from ((name, "PERSON") for name in actor.names)
    elif not actor.ambiguous:
        label = "GPE" if kind == "AdministrativeArea" else "ORG"
        yield from ((name, label) for name in actor.names)


def _ruler_patterns(actors: Iterable[Actor]) -> list[dict[str, Any]]:
    owners: dict[str, dict[str, str]] = {}  # surface -> {actor key: label}
    for actor in actors:
        for surface, label in _ruler_surfaces(actor):
            text = " ".join(surface.split())
            if text[:4].lower() == "the " and len(text) > 4:  # the entity excludes "the"
                text = text[4:]
            owners.setdefault(text, {}).setdefault(actor.key, label)
    tokenizer = _tokenizer()
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for text, labelled in owners.items():
        if len(labelled) != 1:  # a surface two actors share is the resolver's to decide
            continue
        ((key, label),) = labelled.items()
        for variant in {text, text.replace("'", "\u2019")}:
            seen.add((label, key, tuple(token.text for token in tokenizer(variant))))
    return [
        {"label": label, "pattern": [{"ORTH": orth} for orth in orths], "id": key}
        for label, key, orths in sorted(seen)
    ]


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    """spaCy's English tokenizer, so patterns split text the way the pipeline does."""
    import spacy

    return spacy.blank("en").tokenizer
