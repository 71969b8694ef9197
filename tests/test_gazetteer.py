"""The gazetteer: the shipped data in data/gazetteer/ and the lookups the resolver relies on."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from graph.errors import DataError
from graph.gazetteer import FILES, Gazetteer, Office, load_gazetteer
from graph.settings import DATA_DIR

GAZETTEER_DIR = DATA_DIR / "gazetteer"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "countries-wikidata.csv"

# ISO 3166-1 alpha-3 codes of the 193 member states of the United Nations.
_UN_MEMBER_CODES = """
    AFG AGO ALB AND ARE ARG ARM ATG AUS AUT AZE BDI BEL BEN BFA BGD
    BGR BHR BHS BIH BLR BLZ BOL BRA BRB BRN BTN BWA CAF CAN CHE CHL
    CHN CIV CMR COD COG COL COM CPV CRI CUB CYP CZE DEU DJI DMA DNK
    DOM DZA ECU EGY ERI ESP EST ETH FIN FJI FRA FSM GAB GBR GEO GHA
    GIN GMB GNB GNQ GRC GRD GTM GUY HND HRV HTI HUN IDN IND IRL IRN
    IRQ ISL ISR ITA JAM JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO
    LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAR MCO MDA MDG MDV MEX
    MHL MKD MLI MLT MMR MNE MNG MOZ MRT MUS MWI MYS NAM NER NGA NIC
    NLD NOR NPL NRU NZL OMN PAK PAN PER PHL PLW PNG POL PRK PRT PRY
    QAT ROU RUS RWA SAU SDN SEN SGP SLB SLE SLV SMR SOM SRB SSD STP
    SUR SVK SVN SWE SWZ SYC SYR TCD TGO THA TJK TKM TLS TON TTO TUN
    TUR TUV TZA UGA UKR URY USA UZB VCT VEN VNM VUT WSM YEM ZAF ZMB
    ZWE
"""
UN_MEMBERS = frozenset(_UN_MEMBER_CODES.split())


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def keys(actors) -> list[str]:
    return [actor.key for actor in actors]


def data_rows(name: str) -> list[dict[str, str]]:
    """The data rows of a shipped file, read with the csv module alone (not the loader)."""
    with (GAZETTEER_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


# --- the data -----------------------------------------------------------------------------


def test_every_un_member_state_is_present_with_iso3_and_wikidata(gaz):
    assert len(UN_MEMBERS) == 193
    members = {a.entity.country: a for a in gaz.actors.values() if a.status == "member"}
    assert set(members) == UN_MEMBERS
    for iso3, actor in members.items():
        assert actor.entity.type == "Country"
        assert re.fullmatch(r"Q[0-9]+", actor.entity.wikidata or ""), iso3
        assert gaz.country(iso3) is actor


def test_state_wikidata_ids_equal_the_checked_reference(gaz):
    if not REFERENCE.is_file():
        pytest.skip(f"{REFERENCE} is not available")
    with REFERENCE.open(encoding="utf-8", newline="") as handle:
        reference = {row["iso3"]: row["wikidata"] for row in csv.DictReader(handle)}
    states = [a for a in gaz.actors.values() if a.status is not None]
    compared = [a for a in states if a.entity.country in reference]
    assert len(compared) >= 193
    for actor in compared:
        assert actor.entity.wikidata == reference[actor.entity.country], actor.key


@pytest.mark.parametrize(
    "key, iso3, wikidata, status",
    [
        ("taiwan", "TWN", "Q865", "partial"),
        ("palestine", "PSE", "Q219060", "observer"),
        ("kosovo", "XKX", "Q1246", "partial"),
        ("vatican", "VAT", "Q237", "observer"),
        ("hong-kong", "HKG", "Q8646", "territory"),
    ],
)
def test_states_outside_the_un_that_news_names_as_actors(gaz, key, iso3, wikidata, status):
    actor = gaz.country(iso3)
    assert actor is not None and actor.key == key
    assert (actor.entity.wikidata, actor.status) == (wikidata, status)


def test_keys_are_unique_across_files_and_slug_shaped():
    seen: dict[str, str] = {}
    for name in (name for name in FILES if name != "offices.csv"):
        for row in data_rows(name):
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row["key"]), row["key"]
            assert row["key"] not in seen, f"{row['key']} in {name} and {seen.get(row['key'])}"
            seen[row["key"]] = name


def test_rows_are_sorted_so_diffs_stay_small():
    for name in FILES:
        rows = data_rows(name)
        if name == "offices.csv":
            order = [(r["person"], r["start"], r["title"], r["of"]) for r in rows]
        else:
            order = [r["key"] for r in rows]
        assert order == sorted(order), name


def test_wikidata_ids_given_for_people_are_well_formed():
    for name in ("people.csv", "organizations.csv"):
        for row in data_rows(name):
            assert row["wikidata"] == "" or re.fullmatch(r"Q[1-9][0-9]*", row["wikidata"])


# --- lookups ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, key",
    [
        ("U.S.", "united-states"),
        ("US", "united-states"),
        ("the United States", "united-states"),
        ("DPRK", "north-korea"),
        ("Democratic People's Republic of Korea", "north-korea"),
        ("Democratic People’s Republic of Korea", "north-korea"),
        ("Britain", "united-kingdom"),
        ("the Netherlands", "netherlands"),
        ("Cote d’Ivoire", "cote-d-ivoire"),
        ("NORTH KOREA", "north-korea"),
        ("NATO", "nato"),
        ("Nato", "nato"),
        ("KCNA", "kcna"),
        ("the Associated Press", "associated-press"),
        ("Kim Jong-un", "kim-jong-un"),
        ("Primorsky region", "primorsky-krai"),
        ("Mirotvorets", "mirotvorets"),
    ],
)
def test_names_and_aliases_resolve(gaz, text, key):
    actor = gaz.by_name(text)
    assert actor is not None and actor.key == key


@pytest.mark.parametrize("text", ["us", "Congo", "Congolese", "Atlantis", ""])
def test_name_lookup_refuses_to_guess(gaz, text):
    assert gaz.by_name(text) is None
    assert gaz.by_demonym(text) is None


@pytest.mark.parametrize(
    "lookup, text, key",
    [
        ("by_demonym", "North Korean", "north-korea"),
        ("by_demonym", "Russian", "russia"),
        ("by_demonym", "Russians", "russia"),
        ("by_demonym", "Chinese", "china"),
        ("by_capital", "Pyongyang", "north-korea"),
        ("by_capital", "Kyiv", "ukraine"),
        ("by_capital", "Kiev", "ukraine"),
        ("by_capital", "Washington, D.C.", "united-states"),
        ("by_capital", "Moscow", "russia"),
        ("by_metonym", "the Kremlin", "russia"),
        ("by_metonym", "Kremlin", "russia"),
        ("by_metonym", "the White House", "united-states"),
        ("by_metonym", "Downing Street", "united-kingdom"),
        ("by_metonym", "Élysée", "france"),
        ("by_combining_form", "Russo", "russia"),
        ("by_combining_form", "Sino-", "china"),
        ("by_combining_form", "Indo", "india"),
    ],
)
def test_demonyms_capitals_seats_and_prefixes_resolve(gaz, lookup, text, key):
    actor = getattr(gaz, lookup)(text)
    assert actor is not None and actor.key == key


def test_ambiguous_names_and_capitals_are_flagged(gaz):
    assert gaz.by_name("Georgia").ambiguous
    assert gaz.by_name("Jordan").ambiguous
    assert not gaz.by_name("Russia").ambiguous
    assert gaz.by_capital("Washington").ambiguous_capital
    assert gaz.by_capital("Victoria").ambiguous_capital


def test_short_names_give_every_person_they_may_mean(gaz):
    assert keys(gaz.by_short_name("Shoigu")) == ["sergei-shoigu"]
    kims = keys(gaz.by_short_name("Kim"))
    assert {"kim-jong-un", "kim-yo-jong"} <= set(kims)
    assert all(gaz.entity(key).type == "Person" for key in kims)
    assert gaz.by_short_name("Nobody") == ()


def test_entities_carry_type_country_and_sector(gaz):
    shoigu = gaz.entity("sergei-shoigu")
    assert (shoigu.label, shoigu.type, shoigu.country, shoigu.sector) == (
        "Sergei Shoigu",
        "Person",
        "RUS",
        "GOV",
    )
    assert gaz.entity("kim-jong-un").wikidata == "Q56226"
    kcna = gaz.entity("kcna")
    assert (kcna.type, kcna.country, kcna.sector) == ("MediaOrganization", "PRK", "MED")
    assert gaz.entity("russia").type == "Country"
    assert gaz.entity("primorsky-krai").type == "AdministrativeArea"
    assert gaz.actors["primorsky-krai"].part_of == "russia"
    with pytest.raises(KeyError, match="no-such-actor"):
        gaz.entity("no-such-actor")


# --- offices ------------------------------------------------------------------------------


def test_office_holders_follow_the_dates(gaz):
    assert keys(gaz.office_holders("defence minister", "russia", "2023-09-18")) == ["sergei-shoigu"]
    assert keys(gaz.office_holders("Defense Minister", "RUS", "2023-09-18")) == ["sergei-shoigu"]
    later = keys(gaz.office_holders("defence minister", "russia", "2025-01-01"))
    assert "sergei-shoigu" not in later
    assert later == ["andrei-belousov"]
    assert keys(gaz.office_holders("defence minister", "russia", "2024")) == [
        "andrei-belousov",
        "sergei-shoigu",
    ]


@pytest.mark.parametrize(
    "title, of, date, key",
    [
        ("Kremlin spokesman", "russia", "2023-09-18", "dmitry-peskov"),
        ("press secretary", "russia", "2013", "dmitry-peskov"),
        ("spokeswoman", "china-foreign-ministry", "2023-09-12", "mao-ning"),
        ("president", "south-korea", "2023-09-17", "yoon-suk-yeol"),
        ("governor", "primorsky-krai", "2023-09-17", "oleg-kozhemyako"),
        ("leader", "north-korea", "2023-09-13", "kim-jong-un"),
        ("president", "russia", "2005-06-01", "vladimir-putin"),
        ("prime minister", "russia", "2010-06-01", "vladimir-putin"),
        ("president", "russia", "2023-09-13", "vladimir-putin"),
    ],
)
def test_seed_article_offices(gaz, title, of, date, key):
    assert keys(gaz.office_holders(title, of, date)) == [key]


def test_offices_end(gaz):
    assert gaz.office_holders("president", "south-korea", "2025-05-01") == ()
    assert keys(gaz.office_holders("president", "russia", "2010-06-01")) == ["dmitry-medvedev"]
    assert [o.title for o in gaz.offices_of("vladimir-putin")] == [
        "prime minister",
        "president",
        "prime minister",
        "president",
    ]
    assert gaz.offices_of("sergei-shoigu")[0].end == "2024-05-12"
    assert gaz.offices_of("someone-the-ner-found") == ()


def test_partial_dates_cover_their_whole_year_or_month():
    office = Office("p", "president", "x", start="2012", end="2024-05", variants=())
    assert office.held_on("2012-01-01")
    assert office.held_on("2024-05-31")
    assert not office.held_on("2011-12-31")
    assert not office.held_on("2024-06-01")
    assert office.held_on("2024")  # the year overlaps the office
    assert not office.held_on(None)  # it has ended
    assert Office("p", "king", "x", "2022-09-08", None).held_on(None)
    with pytest.raises(ValueError, match="2023-02-30"):
        office.held_on("2023-02-30")


# --- spaCy patterns -----------------------------------------------------------------------


def test_entity_ruler_patterns_are_sorted_and_stable(gaz):
    patterns = gaz.entity_ruler_patterns()
    assert patterns == gaz.entity_ruler_patterns()
    order = [(p["label"], p["id"], [t["ORTH"] for t in p["pattern"]]) for p in patterns]
    assert order == sorted(order)
    assert {p["label"] for p in patterns} == {"GPE", "NORP", "ORG", "PERSON"}
    surfaces = {" ".join(t["ORTH"] for t in p["pattern"]): p["id"] for p in patterns}
    assert surfaces["U.S."] == "united-states"
    assert surfaces["Kim Jong Un"] == "kim-jong-un"
    assert "Congo" not in surfaces  # two states
    assert "Georgia" not in surfaces  # flagged ambiguous
    assert "Washington" not in surfaces


def test_entity_ruler_patterns_find_the_seed_actors(gaz):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(gaz.entity_ruler_patterns())
    doc = nlp(
        "North Korea's leader Kim Jong Un met Russian President Vladimir Putin, KCNA said; "
        "the U.S. and the Kremlin disagree, and Pyongyang’s ties with Moscow grow."
    )
    found = {(ent.text, ent.label_, ent.ent_id_) for ent in doc.ents}
    assert {
        ("North Korea", "GPE", "north-korea"),
        ("Kim Jong Un", "PERSON", "kim-jong-un"),
        ("Russian", "NORP", "russia"),
        ("Vladimir Putin", "PERSON", "vladimir-putin"),
        ("KCNA", "ORG", "kcna"),
        ("U.S.", "GPE", "united-states"),
        ("Kremlin", "ORG", "russia"),
        ("Pyongyang", "GPE", "north-korea"),
        ("Moscow", "GPE", "russia"),
    } <= found


# --- loading and validation ---------------------------------------------------------------


def test_loading_is_cached_per_directory_and_versioned_by_content(gaz, tmp_path):
    assert load_gazetteer() is gaz
    assert load_gazetteer(GAZETTEER_DIR) is gaz
    copy = tmp_path / "copy"
    shutil.copytree(GAZETTEER_DIR, copy)
    assert load_gazetteer(copy).version == gaz.version
    changed = tmp_path / "changed"
    shutil.copytree(GAZETTEER_DIR, changed)
    with (changed / "people.csv").open("a", encoding="utf-8") as handle:
        handle.write("zz-test-person,Zz Test,,,RUS,GOV,\n")
    assert load_gazetteer(changed).version != gaz.version
    assert re.fullmatch(r"[0-9a-f]{64}", gaz.version)


@pytest.mark.parametrize(
    "name, line, message",
    [
        ("people.csv", "vladimir-putin,Another Putin,,,RUS,GOV,", "already defined at people.csv"),
        ("people.csv", "Bad Key,Someone,,,RUS,GOV,", "not a key"),
        ("people.csv", "zz-test-person,Zz Test,,,XXX,GOV,", "country XXX"),
        ("people.csv", "zz-test-person,Zz Test,,,RUS,GOV,Q12x", "Q-id"),
        ("people.csv", "zz-test-person,Zz Test,,,RUS,BOSS,", "sector 'BOSS'"),
        ("people.csv", "zz-test-person,Zz Test,,RUS,GOV,", "fields where 7"),
        ("offices.csv", "vladimir-putin,president,russia,2023-13-01,,", "no month 13"),
        ("offices.csv", "vladimir-putin,president,russia,2024,2023,", "after end"),
        ("offices.csv", "nobody-at-all,president,russia,2020,,", "person 'nobody-at-all'"),
        ("offices.csv", "vladimir-putin,president,atlantis,2020,,", "of 'atlantis'"),
        ("organizations.csv", "zz-org,Zz,,Club,RUS,GOV,,,false", "type 'Club'"),
        ("organizations.csv", "zz-org,Zz,,Group,RUS,REB,,atlantis,false", "part_of 'atlantis'"),
        ("countries.csv", "zz-land,Zz,RUS,,member,,,,,,,false,false", "iso3 RUS"),
        ("countries.csv", "zz-land,Zz,ZZZ,,member,,,,,,,maybe,false", "true or false"),
    ],
)
def test_a_bad_row_is_reported_with_file_and_line(tmp_path, name, line, message):
    shutil.copytree(GAZETTEER_DIR, tmp_path / "gazetteer")
    path = tmp_path / "gazetteer" / name
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    number = text.count("\n") + 1
    with pytest.raises(DataError, match=re.escape(f"{name}:{number}: ")) as caught:
        load_gazetteer(tmp_path / "gazetteer")
    assert message in str(caught.value)


def test_a_wrong_header_or_missing_file_is_reported(tmp_path):
    shutil.copytree(GAZETTEER_DIR, tmp_path / "bad-header")
    path = tmp_path / "bad-header" / "people.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("key,name,aliases", "id,name,aliases", 1),
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"people\.csv:\d+: the header must be key,name"):
        load_gazetteer(tmp_path / "bad-header")
    shutil.copytree(GAZETTEER_DIR, tmp_path / "missing")
    (tmp_path / "missing" / "offices.csv").unlink()
    with pytest.raises(DataError, match=r"offices\.csv: missing"):
        load_gazetteer(tmp_path / "missing")
