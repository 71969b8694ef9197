"""The gold-set scorer: hand-made gold and predictions, the gold reader, and the CLI.

The sentences here are written for these tests; the dev gold set is only read from
../shared/eval/ when it exists.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from graph.errors import InputError, UsageError
from graph.evaluate import (
    GoldEvent,
    GoldSentence,
    actor_country,
    iter_gold,
    load_gold,
    predictions,
    quad_of_root,
    score,
)
from graph.records import Claim, Entity, Evidence, Relation

DEV_GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "plover-dev.jsonl"
#: dyad + quad-class F1 the extractor reaches on the dev set, less a small margin; raise it as
#: the extractor improves (the issue's target is 0.70)
DEV_FLOOR = 0.70  # issue 3: dyad + quad-class F1 of at least 0.70 on the dev set

RELATIONS = {
    "agrees": Relation("agrees", "agrees", cameo="030", quad_class=1),
    "meets": Relation("meets", "meets", cameo="040", quad_class=1),
    "criticizes": Relation("criticizes", "criticizes", cameo="111", quad_class=3),
    "accuses": Relation("accuses", "accuses", cameo="112", quad_class=3),
    "threatens": Relation("threatens", "threatens", cameo="130", quad_class=3),
    "fights": Relation("fights", "fights", cameo="190", quad_class=4),
    "leaderOf": Relation("leaderOf", "leader of"),  # structural: no CAMEO code
}


def actor(label: str, country: str | None, sector: str | None = None) -> Entity:
    kind = "Country" if country and sector is None else "Organization"
    return Entity(
        key=label.lower().replace(" ", "-"), label=label, type=kind, country=country, sector=sector
    )


def claim(subject: Entity, relation: str, obj: Entity, **semantics: str) -> Claim:
    evidence = Evidence(
        document="t",
        text="a sentence",
        start=0,
        end=10,
        sentence=0,
        subject_mention=subject.label,
        object_mention=obj.label,
    )
    return Claim(
        subject=subject, relation=RELATIONS[relation], object=obj, evidence=(evidence,), **semantics
    )


def event(
    source: str | None, target: str | None, code: str | None, quad: int | None = None
) -> GoldEvent:
    if quad is None and code is not None:
        quad = quad_of_root(code[:2])
    return GoldEvent(source=source, target=target, code=code, quad_class=quad)


def sentence(id: str, *events: GoldEvent) -> GoldSentence:
    return GoldSentence(id=id, text=f"text of {id}", events=events)


JORDAN, BRITAIN = actor("Jordan", "JOR"), actor("Britain", "GBR")
JAPAN, CHINA, USA, IRAN = (
    actor("Japan", "JPN"),
    actor("China", "CHN"),
    actor("United States", "USA"),
    actor("Iran", "IRN"),
)
SUDAN_GOV, SUDAN_REBELS = actor("Sudanese government", "SDN", "GOV"), actor("rebels", "SDN", "REB")
CHAD = actor("Chad", "TCD")
UN = actor("United Nations", None, "IGO")


def f1(tp: int, fp: int, fn: int) -> Fraction:
    return Fraction(2 * tp, 2 * tp + fp + fn)


# --------------------------------------------------------------------------- actor codes
@pytest.mark.parametrize(
    ("code", "country"),
    [
        ("USA", "USA"),
        ("RUS", "RUS"),
        ("HUNGOV", "HUN"),
        ("SRBCVLalb", "SRB"),
        ("JAP", "JPN"),
        ("ITLGOV", "ITA"),
        ("VTNMIL", "VNM"),
        ("IGO", None),
        ("IGOMIL", None),
        ("NGOJUD", None),
        ("IMG", None),
        (None, None),
        ("", None),
        ("EUR", None),
    ],
)
def test_actor_code_to_country(code: str | None, country: str | None) -> None:
    assert actor_country(code) == country


def test_quad_class_of_each_root() -> None:
    assert [quad_of_root(f"{n:02d}") for n in range(1, 21)] == [1] * 5 + [2] * 4 + [3] * 5 + [4] * 6
    assert quad_of_root("00") is None and quad_of_root("ab") is None


# ------------------------------------------------------------------------------ scoring
def test_exact_precision_recall_and_f1_at_each_level() -> None:
    gold = [
        # reciprocal agreement: both directions
        sentence("s1", event("JOR", "GBR", "0312"), event("GBR", "JOR", "0312")),
        # CAMEO variant JAP; the IGO event is not counted
        sentence("s2", event("JAP", "CHNGOV", "111"), event("IGO", "USA", "040")),
        # the same country on both sides is kept
        sentence("s3", event("SDNGOV", "SDNREB", "1123")),
        # same quad class, another root
        sentence("s4", event("USAGOV", "IRN", "130")),
    ]
    predicted = [
        [claim(JORDAN, "agrees", BRITAIN), claim(BRITAIN, "agrees", JORDAN)],
        [claim(JAPAN, "meets", CHINA), claim(UN, "meets", USA)],
        [claim(SUDAN_GOV, "accuses", SUDAN_REBELS), claim(SUDAN_GOV, "fights", CHAD)],
        [claim(USA, "criticizes", IRAN)],
    ]
    report = score(gold, predicted)

    dyad, quad, root = (report.score(level) for level in ("dyad", "dyad+quad", "dyad+root"))
    assert (dyad.tp, dyad.fp, dyad.fn) == (5, 1, 0)
    assert (quad.tp, quad.fp, quad.fn) == (4, 2, 1)
    assert (root.tp, root.fp, root.fn) == (3, 3, 2)
    assert dyad.precision == pytest.approx(5 / 6) and dyad.recall == 1.0
    assert quad.precision == pytest.approx(2 / 3) and quad.recall == pytest.approx(4 / 5)
    assert root.precision == pytest.approx(1 / 2) and root.recall == pytest.approx(3 / 5)
    assert dyad.f1 == pytest.approx(float(f1(5, 1, 0)))  # 10/11
    assert quad.f1 == pytest.approx(float(f1(4, 2, 1)))  # 8/11
    assert root.f1 == pytest.approx(float(f1(3, 3, 2)))  # 6/11
    assert (report.gold_events, report.gold_counted) == (6, 5)
    assert (report.claims, report.claims_counted) == (7, 6)


def test_errors_are_listed_at_the_dyad_and_quad_level() -> None:
    gold = [
        sentence("s2", event("JAP", "CHNGOV", "111")),
        sentence("s1", event("JOR", "GBR", "030")),
    ]
    predicted = [[claim(JAPAN, "meets", CHINA)], [claim(JORDAN, "agrees", BRITAIN)]]
    report = score(gold, predicted)

    assert [s.id for s in report.sentences] == ["s1", "s2"]  # sorted by id
    (wrong,) = report.errors
    assert wrong.id == "s2"
    assert [(e.source, e.target, e.code) for e in wrong.missed] == [("JAP", "CHNGOV", "111")]
    assert [(p.source, p.target, p.relation) for p in wrong.false_hits] == [("JPN", "CHN", "meets")]


def test_one_direction_of_a_reciprocal_event_is_half_the_recall() -> None:
    gold = [sentence("s", event("JOR", "GBR", "0312"), event("GBR", "JOR", "0312"))]
    report = score(gold, [[claim(JORDAN, "agrees", BRITAIN)]])
    for level in ("dyad", "dyad+quad", "dyad+root"):
        s = report.score(level)
        assert (s.tp, s.fp, s.fn) == (1, 0, 1)
        assert s.precision == 1.0 and s.recall == 0.5


def test_non_state_actors_are_left_out_on_both_sides() -> None:
    gold = [sentence("s", event("IGO", "JAP", "031"), event("NGO", None, "112"))]
    predicted = [[claim(UN, "agrees", JAPAN), claim(JAPAN, "meets", CHINA)]]
    report = score(gold, predicted)
    dyad = report.score("dyad")
    # nothing to find; the claim between two states is a false hit, the UN claim is not counted
    assert (dyad.tp, dyad.fp, dyad.fn) == (0, 1, 0)
    assert dyad.precision == dyad.recall == dyad.f1 == 0.0
    (un_claim,) = [p for p in report.sentences[0].predicted if p.subject == "United Nations"]
    assert not un_claim.counted


def test_gold_event_without_code_counts_only_for_the_dyad() -> None:
    gold = [sentence("s", event("EGYCOP", "EGYREB", None))]
    report = score(gold, [[]])
    assert report.score("dyad").fn == 1
    assert report.score("dyad+quad").fn == 0 and report.score("dyad+root").fn == 0


def test_same_triple_from_two_claims_counts_once() -> None:
    gold = [sentence("s", event("JPN", "CHN", "111"))]
    predicted = [[claim(JAPAN, "criticizes", CHINA), claim(JAPAN, "accuses", CHINA)]]
    report = score(gold, predicted)
    quad, root = report.score("dyad+quad"), report.score("dyad+root")
    assert (quad.tp, quad.fp, quad.fn) == (1, 0, 0)
    assert (root.tp, root.fp, root.fn) == (1, 0, 0)  # 111 and 112 share the root 11


def test_structural_claims_are_not_predictions() -> None:
    assert predictions([claim(JAPAN, "leaderOf", CHINA)]) == ()


@pytest.mark.parametrize(
    ("policy", "counted"),
    [
        ("all", {"agrees", "meets", "threatens"}),
        ("affirmed", {"agrees", "threatens"}),
        ("truthy", {"agrees"}),
    ],
)
def test_claim_policy_decides_which_polarities_and_modalities_count(
    policy: str, counted: set[str]
) -> None:
    claims = [
        claim(JAPAN, "agrees", CHINA),
        claim(JAPAN, "meets", CHINA, polarity="negated"),
        claim(JAPAN, "threatens", CHINA, modality="future"),
    ]
    assert {p.relation for p in predictions(claims, policy) if p.counted} == counted


def test_unknown_policy_and_mismatched_lengths_are_errors() -> None:
    with pytest.raises(ValueError, match="unknown claim policy 'some'"):
        predictions([], "some")
    with pytest.raises(ValueError, match="1 gold sentences but 0 prediction lists"):
        score([sentence("s")], [])


def test_report_as_json_is_deterministic() -> None:
    gold = [sentence("s", event("JAP", "CHNGOV", "111"))]
    data = score(gold, [[claim(JAPAN, "meets", CHINA)]]).to_dict(errors=True)
    text = json.dumps(data, sort_keys=True)
    assert json.loads(text) == data
    assert set(data["levels"]) == {"dyad", "dyad+quad", "dyad+root"}
    assert data["levels"]["dyad"] == {
        "description": "source, target",
        "tp": 1,
        "fp": 0,
        "fn": 0,
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
    }
    (error,) = data["errors"]
    assert error["missed"][0]["source"] == "JAP" and error["false_hits"][0]["relation"] == "meets"


# ------------------------------------------------------------------------------ reading
GOOD = {
    "id": "g1",
    "text": "Chile praised Peru.",
    "date": None,
    "events": [
        {
            "source": "CHLGOV",
            "target": "PER",
            "code": "051",
            "quad_class": 1,
            "plover_event": "SUPPORT",
            "source_text": "Chile",
            "target_text": "Peru",
        }
    ],
}


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_gold_reads_sentences_and_events(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "gold.jsonl",
        json.dumps(GOOD),
        "",
        json.dumps({**GOOD, "id": "g2", "date": "2024-05-01", "events": []}),
    )
    first, second = load_gold(path)
    assert first == GoldSentence(
        id="g1",
        text="Chile praised Peru.",
        date=None,
        events=(GoldEvent("CHLGOV", "PER", "051", 1, "SUPPORT", "Chile", "Peru"),),
    )
    assert second.date == "2024-05-01" and second.events == ()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        (json.dumps({**GOOD, "id": ""}), "'id' must be a non-empty string"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "text"}), "'text' must be a non-empty"),
        (json.dumps({**GOOD, "date": "yesterday"}), "'date' must be YYYY-MM-DD or null"),
        (json.dumps({**GOOD, "events": {}}), "'events' must be a list"),
        (
            json.dumps({**GOOD, "events": [{**GOOD["events"][0], "quad_class": 5}]}),
            "event 1: 'quad_class' must be 1, 2, 3, 4 or null",
        ),
        (
            json.dumps({**GOOD, "events": [{**GOOD["events"][0], "source": 7}]}),
            "event 1: 'source' must be a string or null",
        ),
        (json.dumps(GOOD), "id 'g1' appears twice"),
    ],
)
def test_load_gold_names_the_file_and_line_of_a_bad_line(
    tmp_path: Path, line: str, message: str
) -> None:
    path = write_lines(tmp_path / "gold.jsonl", json.dumps(GOOD), line)
    with pytest.raises(InputError) as caught:
        load_gold(path)
    assert caught.value.line == 2 and caught.value.path == str(path)
    assert str(caught.value).startswith(f"{path}:2: ")
    assert message in str(caught.value)


def test_iter_gold_skips_bad_lines_and_goes_on(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "gold.jsonl", "oops", json.dumps(GOOD))
    first, second = iter_gold(path)
    assert isinstance(first, InputError) and first.line == 1
    assert isinstance(second, GoldSentence) and second.id == "g1"


def test_missing_gold_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such gold file"):
        load_gold(tmp_path / "absent.jsonl")


# ------------------------------------------------------------------- CLI and real runs
TINY = [
    {
        "id": "t1",
        "text": "Argentina criticized Chile on Monday over the fishing dispute.",
        "date": "2024-02-07",
        "events": [{"source": "ARGGOV", "target": "CHL", "code": "111", "quad_class": 3}],
    },
    {
        "id": "t2",
        "text": "Kenya and Tanzania signed a trade agreement in Nairobi.",
        "date": None,
        "events": [
            {"source": "KEN", "target": "TZA", "code": "057", "quad_class": 1},
            {"source": "TZA", "target": "KEN", "code": "057", "quad_class": 1},
        ],
    },
    {
        "id": "t3",
        "text": "The United Nations sent food aid to Haiti.",
        "date": None,
        "events": [{"source": "IGO", "target": "HTI", "code": "073", "quad_class": 2}],
    },
]


def run_cli(*args: str):
    from click.testing import CliRunner

    from graph.cli import main

    return CliRunner().invoke(main, list(args))


def test_cli_json_report_on_a_tiny_gold_file(tmp_path: Path) -> None:
    pytest.importorskip("graph.gazetteer")
    path = write_lines(tmp_path / "tiny.jsonl", *(json.dumps(row) for row in TINY))
    result = run_cli("evaluate", str(path), "--format", "json", "--errors")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == sorted(data)
    assert data["sentences"] == 3 and data["gold_events"] == 4 and data["gold_counted"] == 3
    for level, gold_items in (("dyad", 3), ("dyad+quad", 3), ("dyad+root", 3)):
        counts = data["levels"][level]
        assert counts["tp"] + counts["fn"] == gold_items
    assert isinstance(data["errors"], list)


def test_cli_table_and_a_skipped_line(tmp_path: Path) -> None:
    pytest.importorskip("graph.gazetteer")
    path = write_lines(tmp_path / "tiny.jsonl", json.dumps(TINY[0]), "{broken")
    result = run_cli("evaluate", str(path), "--errors")
    assert result.exit_code == 1
    assert f"skipped: {path}:2: not valid JSON" in result.stderr
    for label in ("source, target", "source, target, quad class", "source, target, CAMEO root"):
        assert label in result.stdout


def test_cli_missing_file_is_exit_2(tmp_path: Path) -> None:
    result = run_cli("evaluate", str(tmp_path / "absent.jsonl"))
    assert result.exit_code == 2
    assert "error: " in result.stderr and "no such gold file" in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(not DEV_GOLD.exists(), reason="../shared/eval/plover-dev.jsonl not present")
def test_dev_set_dyad_and_quad_f1_stays_above_the_floor() -> None:
    pytest.importorskip("graph.gazetteer")
    from graph.evaluate import evaluate

    report = evaluate(load_gold(DEV_GOLD))
    assert len(report.sentences) == 95
    quad = report.score("dyad+quad")
    assert quad.f1 >= DEV_FLOOR, f"dyad+quad F1 {quad.f1:.3f} < floor {DEV_FLOOR}"


def test_every_state_of_the_gazetteer_is_a_country_code() -> None:
    gazetteer = pytest.importorskip("graph.gazetteer").load_gazetteer()
    codes = {a.entity.country for a in gazetteer.actors.values() if a.status and a.entity.country}
    assert codes and {code for code in codes if actor_country(code) != code} == set()
