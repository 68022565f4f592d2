"""The offline model validator: both locales pass, and a model breaking any one rule fails it.

``scripts/check_interaction_model.py`` is what ``make deploy`` (its preflight and the skill
package build) runs before anything reaches Amazon; here it runs on both locales, and on
small models that each break exactly one rule.
"""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import check_interaction_model as validator

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "check_interaction_model.py"
MODEL_FILES = sorted((ROOT / "interaction_models").glob("*.json"))


@pytest.mark.parametrize("path", MODEL_FILES, ids=[p.stem for p in MODEL_FILES])
def test_each_locale_passes_every_rule(path):
    assert validator.check_files([path]) == []


def test_the_manifest_example_phrases_come_from_the_models():
    assert validator.check_files(MODEL_FILES, ROOT / "skill-package" / "skill.json") == []


def minimal_model():
    """A small model that passes every rule."""
    return {"interactionModel": {"languageModel": {
        "invocationName": "back spasm coach",
        "modelConfiguration": {"fallbackIntentSensitivity": {"level": "MEDIUM"}},
        "intents": [
            {"name": "AMAZON.HelpIntent", "samples": ["what can i say"]},
            {"name": "AMAZON.StopIntent", "samples": []},
            {"name": "AMAZON.CancelIntent", "samples": []},
            {"name": "AMAZON.NavigateHomeIntent", "samples": []},
            {"name": "AMAZON.FallbackIntent", "samples": []},
            {"name": "HeatIceIntent", "slots": [{"name": "treatment", "type": "TreatmentType"}],
             "samples": ["should i use {treatment}", "is heat or ice better", "my doctor's e. r. said heat"]},
            {"name": "LookUpIntent", "slots": [{"name": "query", "type": "AMAZON.SearchQuery"}],
             "samples": ["look up {query}"]},
        ],
        "types": [{"name": "TreatmentType", "values": [
            {"id": "HEAT", "name": {"value": "heat", "synonyms": ["heating pad", "mom's hot water bottle"]}},
            {"id": "ICE", "name": {"value": "ice", "synonyms": ["frozen peas"]}},
        ]}],
    }}}


def lm(model):
    return model["interactionModel"]["languageModel"]


def intent(model, name):
    return next(i for i in lm(model)["intents"] if i["name"] == name)


def add_sample(name, sample):
    return lambda m: intent(m, name)["samples"].append(sample)


def set_invocation(name):
    return lambda m: lm(m).update(invocationName=name)


def add_synonym(value_id, synonym):
    def change(m):
        value = next(v for v in lm(m)["types"][0]["values"] if v["id"] == value_id)
        value["name"]["synonyms"].append(synonym)
    return change


def add_intent(name, samples, slots=()):
    return lambda m: lm(m)["intents"].append({"name": name, "slots": list(slots), "samples": samples})


def many_synonyms(m):
    lm(m)["types"][0]["values"][0]["name"]["synonyms"] += [
        "heat " + " ".join("abcdefghij"[int(d)] for d in str(n)) for n in range(50000)]


BREAKS = {
    "model-shape": lambda m: lm(m).pop("intents"),
    "invocation-characters": set_invocation("Back Spasm Coach"),
    "invocation-words": set_invocation("spasmcoach"),
    "invocation-launch-words": set_invocation("open spasm coach"),
    "invocation-articles": set_invocation("the coach"),
    "names": add_intent("Heat-Ice", ["heat or ice please"]),
    "slot-type-defined": lambda m: intent(m, "HeatIceIntent")["slots"].__setitem__(
        0, {"name": "treatment", "type": "RemedyType"}),
    "sample-characters": add_sample("HeatIceIntent", "is heat better, or ice"),
    "sample-digits": add_sample("HeatIceIntent", "is heat better after 2 days"),
    "sample-apostrophe": add_sample("HeatIceIntent", "is my {treatment}'s timer on"),
    "sample-period": add_sample("HeatIceIntent", "heat is better. is it"),
    "sample-braces": add_sample("HeatIceIntent", "more {treatment}s please"),
    "sample-slot-declared": add_sample("HeatIceIntent", "use {treatment} for {minutes}"),
    "sample-slot-once": add_sample("HeatIceIntent", "{treatment} or {treatment}"),
    "slot-used": lambda m: intent(m, "HeatIceIntent")["slots"].append(
        {"name": "minutes", "type": "AMAZON.DURATION"}),
    "sample-spacing": add_sample("HeatIceIntent", "is heat  better"),
    "sample-length": add_sample("HeatIceIntent", " ".join(["heat"] * 41)),
    "sample-lower-case": add_sample("HeatIceIntent", "Is heat better"),
    "sample-duplicate-across": add_intent("ColdIntent", ["is heat or ice better"]),
    "sample-duplicate-within": add_sample("HeatIceIntent", "Should I use {treatment}".lower()),
    "custom-intent-samples": add_intent("EmptyIntent", []),
    "built-in-required": lambda m: lm(m)["intents"].remove(intent(m, "AMAZON.StopIntent")),
    "built-in-phrase": add_sample("HeatIceIntent", "help"),
    "search-query": add_sample("LookUpIntent", "{query}"),
    "slot-value-characters": add_synonym("HEAT", "heat (hot)"),
    "slot-value-unique": add_synonym("HEAT", "frozen peas"),
    "slot-values-total": many_synonyms,
}


def test_the_minimal_model_passes():
    assert validator.check_model(minimal_model()) == []


def test_every_rule_has_a_model_that_breaks_it_and_a_source():
    assert set(BREAKS) | {"example-phrases"} == set(validator.RULES)
    for rule in validator.RULES.values():
        assert rule.summary and rule.source, rule.id


@pytest.mark.parametrize("rule", sorted(BREAKS))
def test_a_model_breaking_one_rule_fails_that_rule_alone(rule):
    model = copy.deepcopy(minimal_model())
    BREAKS[rule](model)
    found = {problem.rule for problem in validator.check_model(model, "broken.json")}
    assert found == {rule}


@pytest.mark.parametrize("sample", [
    "my {person}'s {body_part} is {symptom}",  # the samples Amazon's build refused
    "can i take my {person}'s {medicine}",
    "my {body_part}'s gone {symptom}",
])
def test_an_apostrophe_right_after_a_slot_is_refused(sample):
    model = minimal_model()
    lm(model)["intents"].append({"name": "PossessiveIntent", "samples": [sample], "slots": [
        {"name": n, "type": "AMAZON.SearchQuery" if n == "x" else "TreatmentType"}
        for n in ("person", "body_part", "symptom", "medicine") if "{" + n + "}" in sample]})
    problems = validator.check_model(model)
    assert "sample-apostrophe" in {p.rule for p in problems}
    assert any("right after" in p.message for p in problems)


@pytest.mark.parametrize("word", ["i'm", "can't", "doctor's", "parents'", "e.", "x-ray"])
def test_words_alexa_accepts_pass(word):
    model = minimal_model()
    intent(model, "HeatIceIntent")["samples"].append(f"{word} heat please")
    assert validator.check_model(model) == []


def manifest(*phrases):
    return {"manifest": {"publishingInformation": {"locales": {"en-US": {"examplePhrases": list(phrases)}}}}}


@pytest.mark.parametrize("phrases, ok", [
    (("Alexa, open back spasm coach", "Alexa, ask back spasm coach should i use heating pad"), True),
    (("Alexa, open back spasm coach", "Alexa, ask back spasm coach to look up anything at all"), True),
    (("Alexa, open back spasm coach", "Alexa, ask back spasm coach should i use a sauna"), False),
    (("Alexa, ask back spasm coach is heat or ice better",), False),
    (("Alexa, open back spasm coach", "Alexa, ask some other skill is heat or ice better"), False),
    ((), False),
])
def test_example_phrases_must_open_the_skill_then_say_a_sample(phrases, ok):
    found = validator.check_example_phrases(manifest(*phrases), {"en-US": minimal_model()})
    assert (found == []) is ok, found
    assert all(p.rule == "example-phrases" for p in found)


def run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)


def test_the_command_passes_the_project_and_fails_a_broken_model_naming_rule_and_place(tmp_path):
    assert run().returncode == 0
    broken = minimal_model()
    intent(broken, "HeatIceIntent")["samples"].append("can i take my {treatment}'s pills")
    path = tmp_path / "en-US.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    result = run(path)
    assert result.returncode == 1
    assert "en-US.json HeatIceIntent" in result.stderr and "[sample-apostrophe]" in result.stderr


def test_the_command_lists_every_rule_with_its_source():
    listed = run("--rules")
    assert listed.returncode == 0
    for rule in validator.RULES.values():
        assert f"{rule.id}: " in listed.stdout
    assert listed.stdout.count("source: ") == len(validator.RULES)


def test_the_skill_package_build_refuses_a_model_amazon_would_not_build(tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    for path in MODEL_FILES:
        document = json.loads(path.read_text(encoding="utf-8"))
        intent(document, "MedicineIntent")["samples"].append("can i take my {person}'s {medicine}")
        (models / path.name).write_text(json.dumps(document), encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_skill_package.py"),
                             "--dry-run", "--models-dir", str(models), "--output-dir", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Amazon would refuse to build" in result.stderr and "[sample-apostrophe]" in result.stderr
    assert not (tmp_path / "out" / "skill.json").exists()
