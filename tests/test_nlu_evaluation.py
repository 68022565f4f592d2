"""scripts/nlu_evaluation.py: annotation sets, the ASK CLI sequence, and the comparison.

Amazon is not reachable here: the exports are checked against ask-smapi-model's
classes, the runner against a fake ``ask`` command, and the comparison against
result documents built from ask-smapi-model's classes and serialised with its
serializer.
"""

import csv
import datetime
import importlib
import io
import json
import os
import re
import subprocess
import sys
from enum import Enum

import pytest
from alexa_simulator import nlu
from ask_sdk_model_runtime import DefaultSerializer
from ask_smapi_model.v1.skill.evaluations import (
    ProfileNluResponse,
    ProfileNluSelectedIntent,
)
from ask_smapi_model.v1.skill.nlu.annotation_sets import CreateNLUAnnotationSetResponse
from ask_smapi_model.v1.skill.nlu.evaluations import (
    Actual,
    ConfirmationStatus,
    EvaluateResponse,
    Expected,
    ExpectedIntent,
    GetNLUEvaluationResponse,
    GetNLUEvaluationResultsResponse,
    Inputs,
    Intent,
    PagedResultsResponsePaginationContext,
    ResultsStatus,
    Status,
)
from ask_smapi_model.v1.skill.nlu.evaluations import TestCase as NluTestCase
from simulated import MODELS_DIR

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
nlu_evaluation = importlib.import_module("nlu_evaluation")
from nlueval import annotations, ask_runner, compare

FIXTURE_PHRASINGS = os.path.join(ROOT, "tests", "fixtures", "phrasings.jsonl")
CONVERSATIONS = os.path.join(ROOT, "tests", "conversations")
NEEDS = os.path.join(ROOT, "tests", "phrasings", "needs.json")
DAY = datetime.date(2026, 11, 30)
EVALUATIONS = "ask_smapi_model.v1.skill.nlu.evaluations"
SERIALIZER = DefaultSerializer()


def unknown_keys(payload, type_name, path="$"):
    """The keys in ``payload`` that the ask-smapi-model type ``type_name`` does not have."""
    if type_name.startswith("list["):
        assert isinstance(payload, list), f"{path} is not a list"
        return [k for i, item in enumerate(payload) for k in unknown_keys(item, type_name[5:-1], f"{path}[{i}]")]
    if type_name.startswith("dict("):
        assert isinstance(payload, dict), f"{path} is not an object"
        inner = type_name[5:-1].split(", ", 1)[1]
        return [k for key, item in payload.items() for k in unknown_keys(item, inner, f"{path}.{key}")]
    if "." not in type_name:
        return []  # str, float, datetime, object
    module, name = type_name.rsplit(".", 1)
    cls = getattr(importlib.import_module(module), name)
    if issubclass(cls, Enum):
        return []
    assert isinstance(payload, dict), f"{path} is not an object"
    attribute_of = {key: attribute for attribute, key in cls.attribute_map.items()}
    found = []
    for key, value in payload.items():
        if key not in attribute_of:
            found.append(f"{path}.{key}")
        else:
            found += unknown_keys(value, cls.deserialized_types[attribute_of[key]], f"{path}.{key}")
    return found


def serialised(model_object) -> str:
    return json.dumps(SERIALIZER.serialize(model_object), indent=1)


# ---------------------------------------------------------------- export

@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("annotations"))
    warnings = []
    written = {}
    for locale in nlu.available_locales(MODELS_DIR):
        found = annotations.build(locale, [FIXTURE_PHRASINGS], CONVERSATIONS, NEEDS, DAY, warnings.append)
        written[locale] = annotations.write(out, locale, found, annotations.reference_timestamp(DAY))
    return written, warnings


def test_both_locales_are_exported(exported):
    written, _ = exported
    assert set(written) >= {"en-US", "en-CA"}


@pytest.mark.parametrize("locale", nlu.available_locales(MODELS_DIR))
def test_json_export_has_the_smapi_shape_and_only_the_models_intents_and_slots(exported, locale):
    model = nlu.load_model(locale, MODELS_DIR)
    with open(exported[0][locale]["json"], encoding="utf-8") as handle:
        document = json.load(handle)
    assert set(document) == {"data"} and document["data"]
    for entry in document["data"]:
        assert set(entry) == {"inputs", "expected"}
        assert unknown_keys(entry["inputs"], f"{EVALUATIONS}.inputs.Inputs") == []
        assert unknown_keys(entry["expected"], f"list[{EVALUATIONS}.expected.Expected]") == []
        inputs = SERIALIZER.deserialize(json.dumps(entry["inputs"]), f"{EVALUATIONS}.inputs.Inputs")
        expected = SERIALIZER.deserialize(json.dumps(entry["expected"]), f"list[{EVALUATIONS}.expected.Expected]")
        assert inputs.utterance == entry["inputs"]["utterance"] and inputs.utterance.strip()
        assert inputs.reference_timestamp.date() == DAY
        assert len(expected) == 1 and isinstance(expected[0], Expected)
        intent = expected[0].intent
        assert intent.name in model.intents, f"{intent.name} is not in the {locale} model"
        for slot_name, slot in (intent.slots or {}).items():
            assert slot_name in model.intents[intent.name]
            assert slot.value
        assert "back spasm coach" not in inputs.utterance


@pytest.mark.parametrize("locale", nlu.available_locales(MODELS_DIR))
def test_csv_export_says_the_same_under_the_documented_header(exported, locale):
    paths = exported[0][locale]
    with open(paths["json"], encoding="utf-8") as handle:
        data = json.load(handle)["data"]
    with open(paths["csv"], encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    assert header[:3] == ["utterance", "referenceTimestamp", "intent"]
    assert all(re.fullmatch(r"slot\[\w+\]", column) for column in header[3:])
    assert len(rows) - 1 == len(data)
    for row, entry in zip(rows[1:], data, strict=True):
        intent = entry["expected"][0]["intent"]
        slots = {column[5:-1]: value for column, value in zip(header[3:], row[3:], strict=True) if value}
        assert row[:3] == [entry["inputs"]["utterance"], "2026-11-30T12:00:00.000Z", intent["name"]]
        assert slots == {name: slot["value"] for name, slot in intent.get("slots", {}).items()}


def _conversation_file(tmp_path, steps, locale="en-US"):
    path = tmp_path / "c.yaml"
    path.write_text(json.dumps([{"name": "c", "locale": locale, "steps": steps}]))
    return str(tmp_path)


def test_conversation_steps_lose_the_invocation_and_take_slot_values_as_alexa_fills_them(tmp_path):
    directory = _conversation_file(tmp_path, [
        {"say": "open back spasm coach", "request_type": "LaunchRequest"},
        {"say": "ask back spasm coach how should I lie down", "intent": "LyingPositionsIntent"},
        {"say": "how much motrin can I take", "slots": {"medicine": {"id": "IBUPROFEN"}}},
        {"say": "can I take Motrin?", "intent": "MedicineIntent", "slots": {"medicine": {"id": "IBUPROFEN"}}},
        {"say": "start a fifteen minute ice session", "intent": "StartTreatmentSessionIntent",
         "slots": {"duration": "PT15M", "treatment": {"id": "ICE"}}},
        {"say": "what can I take for the pain", "intent": "MedicineIntent", "slots": {"medicine": None}},
    ])
    found = annotations.build("en-US", [], directory, NEEDS, DAY, pytest.fail)
    assert [(a.utterance, a.intent, a.slots) for a in found] == [
        ("how should i lie down", "LyingPositionsIntent", {}),
        ("can i take motrin", "MedicineIntent", {"medicine": "motrin"}),
        ("start a fifteen minute ice session", "StartTreatmentSessionIntent",
         {"duration": "PT15M", "treatment": "ice"}),
        ("what can i take for the pain", "MedicineIntent", {}),
    ]


def test_conversations_count_for_their_own_locale_only(tmp_path):
    directory = _conversation_file(tmp_path, [{"say": "is it okay to take atasol", "intent": "MedicineIntent"}],
                                   locale="en-CA")
    assert annotations.build("en-US", [], directory, NEEDS, DAY, pytest.fail) == []
    assert [a.utterance for a in annotations.build("en-CA", [], directory, NEEDS, DAY, pytest.fail)] == [
        "is it okay to take atasol"]


def test_a_need_whose_intent_the_model_lacks_is_skipped_with_a_warning(tmp_path):
    needs = tmp_path / "needs.json"
    needs.write_text(json.dumps({"heat_ice": "HeatIceIntent", "duration": "NoSuchIntent",
                                 "out_of_scope": "AMAZON.FallbackIntent"}))
    warnings = []
    found = annotations.build("en-CA", [FIXTURE_PHRASINGS], None, str(needs), DAY, warnings.append)
    assert [(a.utterance, a.intent) for a in found] == [
        ("should i put ice on my back", "HeatIceIntent"),
        ("what's the weather like tomorrow", "AMAZON.FallbackIntent")]
    assert any("NoSuchIntent is not in the en-CA model" in w for w in warnings)
    assert any("'first_moves' is not in needs.json" in w for w in warnings)


def test_every_phrasing_need_maps_to_one_intent():
    with open(os.path.join(ROOT, "tests", "phrasings", "README.md"), encoding="utf-8") as handle:
        documented = set(re.findall(r"^\| `(\w+)` \| [^|]+ \| [^|]+ \|$", handle.read(), re.M))
    needs = annotations.load_needs(NEEDS)
    assert documented and set(needs) == documented
    assert all(re.fullmatch(r"(AMAZON\.)?[A-Za-z]+Intent", intent) for intent in needs.values())


def test_the_script_exports_from_the_command_line(tmp_path):
    done = subprocess.run(
        [sys.executable, os.path.join(ROOT, "scripts", "nlu_evaluation.py"), "export", "--out", str(tmp_path),
         "--locale", "en-CA", "--phrasings", FIXTURE_PHRASINGS, "--conversations", "",
         "--reference-date", "2026-11-30"], capture_output=True, text=True, cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "en-CA:" in done.stdout and "warning:" in done.stderr
    assert sorted(os.listdir(tmp_path)) == [
        "annotations.en-CA.csv", "annotations.en-CA.json", "annotations.en-CA.origins.json"]


# ---------------------------------------------------------------- the ASK CLI sequence

class FakeAsk:
    """Answers ``ask smapi ...`` with documents built from ask-smapi-model, and records the calls."""

    def __init__(self, statuses=(Status.IN_PROGRESS, Status.PASSED), pages=None):
        self.calls = []
        self.statuses = list(statuses)
        self.pages = list(pages or [results_page([], next_token="page-2"), results_page([])])

    def __call__(self, arguments):
        self.calls.append(arguments)
        command = arguments[1]
        if command == "create-nlu-annotation-set":
            return serialised(CreateNLUAnnotationSetResponse(id="set-1"))
        if command == "update-annotations-for-nlu-annotation-sets":
            body = arguments[arguments.index("--update-nlu-annotation-set-annotations-request") + 1]
            assert body.startswith("file:") and os.path.exists(body[len("file:"):])
            return "Command executed successfully!\n"
        if command == "create-nlu-evaluations":
            return serialised(EvaluateResponse(id="eval-1"))
        if command == "get-nlu-evaluation":
            return serialised(GetNLUEvaluationResponse(status=self.statuses.pop(0), error_message="broken"))
        if command == "get-result-for-nlu-evaluations":
            return self.pages.pop(0)
        if command == "profile-nlu":
            return serialised(ProfileNluResponse(
                session_ended=False, selected_intent=ProfileNluSelectedIntent(name="HeatIceIntent")))
        raise AssertionError(f"unexpected command {arguments}")


def results_page(cases, next_token=None) -> str:
    return serialised(GetNLUEvaluationResultsResponse(
        test_cases=cases, total_failed=sum(c.status == ResultsStatus.FAILED for c in cases),
        pagination_context=PagedResultsResponsePaginationContext(next_token=next_token)))


def test_run_issues_the_documented_commands_in_order_and_saves_every_response(tmp_path):
    annotations_file = tmp_path / "annotations.en-US.json"
    annotations_file.write_text('{"data": []}')
    results = tmp_path / "results"
    fake, sleeps = FakeAsk(), []
    runner = ask_runner.Runner("amzn1.ask.skill.TEST", str(results), ask=fake, profile="dev",
                               sleep=sleeps.append, poll_seconds=7)
    run = runner.evaluate("en-US", str(annotations_file), name="set-name")
    common = ["--skill-id", "amzn1.ask.skill.TEST"]
    assert fake.calls == [
        ["smapi", "create-nlu-annotation-set", *common, "--locale", "en-US", "--name", "set-name", "--profile", "dev"],
        ["smapi", "update-annotations-for-nlu-annotation-sets", *common, "--annotation-id", "set-1",
         "--content-type", "application/json", "--update-nlu-annotation-set-annotations-request",
         f"file:{annotations_file}", "--profile", "dev"],
        ["smapi", "create-nlu-evaluations", *common, "--stage", "development", "--locale", "en-US",
         "--source-annotation-id", "set-1", "--profile", "dev"],
        ["smapi", "get-nlu-evaluation", *common, "--evaluation-id", "eval-1", "--profile", "dev"],
        ["smapi", "get-nlu-evaluation", *common, "--evaluation-id", "eval-1", "--profile", "dev"],
        ["smapi", "get-result-for-nlu-evaluations", *common, "--evaluation-id", "eval-1", "--profile", "dev"],
        ["smapi", "get-result-for-nlu-evaluations", *common, "--evaluation-id", "eval-1",
         "--next-token", "page-2", "--profile", "dev"],
    ]
    assert sleeps == [7]
    assert run["status"] == "PASSED" and run["annotation_id"] == "set-1" and run["evaluation_id"] == "eval-1"
    assert sorted(os.listdir(results)) == [
        "create-nlu-annotation-set.json", "create-nlu-evaluations.json", "get-nlu-evaluation.json",
        "get-result-for-nlu-evaluations-001.json", "get-result-for-nlu-evaluations-002.json",
        "run.json", "update-annotations-for-nlu-annotation-sets.txt"]
    assert json.loads((results / "create-nlu-annotation-set.json").read_text()) == {"id": "set-1"}
    assert json.loads((results / "run.json").read_text())["result_pages"] == [
        "get-result-for-nlu-evaluations-001.json", "get-result-for-nlu-evaluations-002.json"]


def test_a_csv_set_is_sent_as_text_csv(tmp_path):
    annotations_file = tmp_path / "annotations.en-US.csv"
    annotations_file.write_text("utterance,referenceTimestamp,intent\n")
    fake = FakeAsk(statuses=[Status.FAILED])
    ask_runner.Runner("S", str(tmp_path / "r"), ask=fake).evaluate("en-US", str(annotations_file), "n")
    update = fake.calls[1]
    assert update[update.index("--content-type") + 1] == "text/csv"
    assert "--profile" not in update


def test_an_evaluation_that_errors_stops_the_run(tmp_path):
    annotations_file = tmp_path / "a.json"
    annotations_file.write_text('{"data": []}')
    runner = ask_runner.Runner("S", str(tmp_path / "r"), ask=FakeAsk(statuses=[Status.ERROR]), sleep=pytest.fail)
    with pytest.raises(ask_runner.EvaluationError, match="ERROR: broken"):
        runner.evaluate("en-US", str(annotations_file), "n")


def test_run_from_the_command_line_exports_then_uploads_the_fresh_set(tmp_path, capsys):
    fake = FakeAsk()
    results = tmp_path / "results"
    args = nlu_evaluation.parser().parse_args(
        ["run", "--skill-id", "S", "--locale", "en-CA", "--results", str(results)])
    assert nlu_evaluation.command_run(args, ask=fake, sleep=lambda seconds: None) == 0  # no real waiting
    update = fake.calls[1]
    uploaded = update[update.index("--update-nlu-annotation-set-annotations-request") + 1][len("file:"):]
    assert uploaded == str(results / "annotations.en-CA.json")
    assert json.loads((results / "annotations.en-CA.json").read_text())["data"]
    assert "compare --results" in capsys.readouterr().out


def test_profile_puts_alexa_beside_the_simulator(capsys):
    fake = FakeAsk()
    args = nlu_evaluation.parser().parse_args(["profile", "--skill-id", "S", "should I use heat or ice"])
    assert nlu_evaluation.command_profile(args, ask=fake) == 0
    assert fake.calls == [["smapi", "profile-nlu", "--skill-id", "S", "--stage", "development",
                           "--locale", "en-US", "--utterance", "should I use heat or ice"]]
    assert "Alexa: HeatIceIntent; simulator: HeatIceIntent" in capsys.readouterr().out


# ---------------------------------------------------------------- the comparison

def plain_samples(intent):
    """Samples of ``intent`` without slots: the simulator resolves each to ``intent`` (see --check)."""
    with open(os.path.join(ROOT, "interaction_models", "en-US.json"), encoding="utf-8") as handle:
        model = json.load(handle)["interactionModel"]["languageModel"]
    samples = next(i["samples"] for i in model["intents"] if i["name"] == intent)
    return [s for s in samples if "{" not in s]


def make_case(utterance, expected, alexa):
    status = ResultsStatus.PASSED if expected == alexa else ResultsStatus.FAILED
    return NluTestCase(
        status=status,
        inputs=Inputs(utterance=utterance, reference_timestamp=datetime.datetime(2026, 11, 30, 12,
                                                                                 tzinfo=datetime.UTC)),
        actual=Actual(intent=Intent(name=alexa, confirmation_status=ConfirmationStatus.NONE, slots={})),
        expected=[Expected(intent=ExpectedIntent(name=expected))])


@pytest.fixture
def recorded_results(tmp_path):
    heat, lying, walking = plain_samples("HeatIceIntent"), plain_samples("LyingPositionsIntent"), \
        plain_samples("WalkingIntent")
    cases = [
        make_case(heat[0], "HeatIceIntent", "HeatIceIntent"),
        make_case(lying[0], "LyingPositionsIntent", "SittingIntent"),          # Alexa wrong
        make_case(walking[0], "WalkingIntent", nlu.FALLBACK),                  # Alexa fell back
        make_case(heat[1], "HeatIceIntent", "HeatIceIntent"),
    ]
    pages = {"get-result-for-nlu-evaluations-001.json": results_page(cases[:2], next_token="p2"),
             "get-result-for-nlu-evaluations-002.json": results_page(cases[2:])}
    for name, text in pages.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "run.json").write_text(json.dumps({"locale": "en-US", "result_pages": sorted(pages)}))
    return tmp_path, (heat, lying, walking)


def test_compare_counts_agreement_per_intent(recorded_results):
    results, (heat, lying, walking) = recorded_results
    found = compare.rows(compare.load_test_cases(str(results)), nlu.load_model("en-US", MODELS_DIR))
    assert [(r.utterance, r.expected, r.alexa, r.simulator) for r in found] == [
        (heat[0], "HeatIceIntent", "HeatIceIntent", "HeatIceIntent"),
        (lying[0], "LyingPositionsIntent", "SittingIntent", "LyingPositionsIntent"),
        (walking[0], "WalkingIntent", nlu.FALLBACK, "WalkingIntent"),
        (heat[1], "HeatIceIntent", "HeatIceIntent", "HeatIceIntent"),
    ]
    figures = {intent: (t.count, t.alexa_right, t.simulator_right, t.agree)
               for intent, t in compare.tallies(found).items()}
    assert figures == {"HeatIceIntent": (2, 2, 2, 2), "LyingPositionsIntent": (1, 0, 1, 0),
                       "WalkingIntent": (1, 0, 1, 0), "all": (4, 2, 4, 2)}


def test_compare_prints_the_figures_and_each_disagreement(recorded_results, capsys):
    results, (heat, lying, walking) = recorded_results
    assert nlu_evaluation.main(["compare", "--results", str(results)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^HeatIceIntent +2 +2 +2 +2$", out, re.M)
    assert re.search(r"^all +4 +2 +4 +2$", out, re.M)
    assert f"Alexa sent 1 of 4 to {nlu.FALLBACK}" in out
    disagreements = out.split("Disagreements, Alexa and the simulator (2):\n")[1].splitlines()
    assert disagreements == [
        f"  {lying[0]!r}: expected LyingPositionsIntent, Alexa SittingIntent, simulator LyingPositionsIntent",
        f"  {walking[0]!r}: expected WalkingIntent, Alexa {nlu.FALLBACK}, simulator WalkingIntent"]


def test_the_recorded_documents_have_the_smapi_shape(recorded_results):
    results, _ = recorded_results
    for name in ("get-result-for-nlu-evaluations-001.json", "get-result-for-nlu-evaluations-002.json"):
        document = json.loads((results / name).read_text())
        assert unknown_keys(document, compare.RESULTS_TYPE) == []
    assert unknown_keys({"testCases": [{"actual": {"intnet": {}}}]}, compare.RESULTS_TYPE) == [
        "$.testCases[0].actual.intnet"]


def test_csv_keeps_an_utterance_with_a_comma_in_one_field():
    text = annotations.to_csv([annotations.Annotation("a, b", "X", {})], "T")
    assert list(csv.reader(io.StringIO(text))) == [["utterance", "referenceTimestamp", "intent"], ["a, b", "T", "X"]]
