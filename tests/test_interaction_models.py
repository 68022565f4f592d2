"""The interaction models, the manifest and the package build: what Alexa and certification check.

Parametrized over every ``interaction_models/<locale>.json``. Whether each intent has a
handler is the integrator's test, not this file's.
"""

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = ROOT / "interaction_models"
MODEL_FILES = sorted(MODELS_DIR.glob("*.json"))
MANIFEST_PATH = ROOT / "skill-package" / "skill.json"
BUILD_SCRIPT = ROOT / "scripts" / "build_skill_package.py"
ASK_RESOURCES = ROOT / "ask-resources.json"

INVOCATION_NAME = "back spasm coach"
TIMERS_PERMISSION = "alexa::alerts:timers:skill:readwrite"

REQUIRED_BUILT_INS = {
    "AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent",
    "AMAZON.FallbackIntent", "AMAZON.RepeatIntent", "AMAZON.NextIntent", "AMAZON.PreviousIntent",
    "AMAZON.StartOverIntent", "AMAZON.YesIntent", "AMAZON.NoIntent", "AMAZON.MoreIntent",
}

SYMPTOM_IDS = {
    "CANNOT_MOVE_LIMB", "LOSS_OF_BLADDER_OR_BOWEL_CONTROL", "NEW_NUMBNESS_OR_TINGLING", "NEW_WEAKNESS",
    "NEW_OR_WORSE_PAIN", "FEVER", "WEIGHT_LOSS", "FEELING_UNWELL", "NOT_IMPROVING",
    "STUCK", "PAIN", "INJURY", "DESCRIPTION",
}
MEDICINE_IDS = {"IBUPROFEN", "NAPROXEN", "NSAID", "ACETAMINOPHEN", "ASPIRIN", "MUSCLE_RELAXANT",
                "OPIOID", "CANNABIS", "ALCOHOL", "PRESCRIPTION", "TOPICAL", "COMBINATION"}
TREATMENT_IDS = {"HEAT", "ICE", "ALTERNATING"}

#: Phrases the built-in intents own; a custom sample must not be one of them.
BUILT_IN_PHRASES = {
    "help", "help me", "can you help me", "stop", "off", "shut up", "cancel", "never mind", "forget it",
    "next", "skip", "previous", "go back", "back", "yes", "yeah", "sure", "no", "nope", "repeat",
    "say that again", "repeat that", "start over", "restart", "start again", "more", "continue",
    "go on", "resume", "pause", "home", "go home", "exit", "quit",
}

SLOT = re.compile(r"\{([A-Za-z0-9_]+)\}")
#: Lower-case words, apostrophes, single spaces, and single-letter abbreviations ("e. r.").
SAMPLE_TEXT = re.compile(r"^(?:[a-z']+|[a-z]\.)(?: (?:[a-z']+|[a-z]\.))*$")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def language_model(path):
    return load(path)["interactionModel"]["languageModel"]


def locale_of(path):
    return Path(path).stem


def fold(text):
    return " ".join(text.lower().split())


def normalised(sample, slot_types=None):
    """Fold case and whitespace, and name slots by type: "is {medicine} okay" -> "is {MedicineType} okay".

    Two samples that differ only in a slot's name are the same sample to Alexa; two that
    differ in a slot's type ("my {body_part} {symptom}", "my {person} {symptom}") are not.
    """
    slot_types = slot_types or {}
    return SLOT.sub(lambda m: "{" + slot_types.get(m.group(1), "") + "}", fold(sample))


def intents_by_name(lm):
    return {intent["name"]: intent for intent in lm["intents"]}


def types_by_name(lm):
    return {t["name"]: t for t in lm.get("types", [])}


def custom_intents(lm):
    return [i for i in lm["intents"] if not i["name"].startswith("AMAZON.")]


def synonym_index(slot_type):
    """{spoken form: value id} over each value's name and synonyms."""
    index = {}
    for value in slot_type["values"]:
        for word in [value["name"]["value"], *value["name"].get("synonyms", [])]:
            index[fold(word)] = value["id"]
    return index


def _assignments(pattern, words):
    """Every way the sample's words and {slots} can cover the utterance's words."""
    if not pattern:
        return [{}] if not words else []
    head, rest = pattern[0], pattern[1:]
    slot = SLOT.fullmatch(head)
    if not slot:
        return _assignments(rest, words[1:]) if words and words[0] == head else []
    found = []
    for end in range(1, len(words) + 1):
        for tail in _assignments(rest, words[end:]):
            found.append({slot.group(1): " ".join(words[:end]), **tail})
    return found


def resolve(lm, intent_name, utterance):
    """A literal matcher, as strict as a sample-to-regex simulator.

    Returns one dict per way a sample matches the utterance: slot name -> resolved value id for
    custom types (None when the words are no value or synonym), or the words for AMAZON types.
    """
    intent = intents_by_name(lm)[intent_name]
    slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
    types = types_by_name(lm)
    words = fold(utterance).split()
    matches = []
    for sample in intent["samples"]:
        for heard in _assignments(fold(sample).split(), words):
            ids = {}
            for slot, spoken in heard.items():
                slot_type = types.get(slot_types[slot])
                ids[slot] = synonym_index(slot_type).get(spoken) if slot_type else spoken
            matches.append(ids)
    return matches


model_params = pytest.mark.parametrize("model_path", MODEL_FILES, ids=[locale_of(p) for p in MODEL_FILES])


# --- the files --------------------------------------------------------------------------------

def test_both_locales_have_a_model():
    assert {locale_of(p) for p in MODEL_FILES} == {"en-US", "en-CA"}


@model_params
def test_model_has_the_shape_the_console_and_ask_cli_accept(model_path):
    model = load(model_path)
    assert set(model) == {"interactionModel"}
    lm = model["interactionModel"]["languageModel"]
    assert set(lm) <= {"invocationName", "intents", "types", "modelConfiguration"}
    for intent in lm["intents"]:
        assert set(intent) <= {"name", "slots", "samples"}, intent["name"]
        assert isinstance(intent["samples"], list)
        assert all(isinstance(s, str) for s in intent["samples"])
        for slot in intent.get("slots", []):
            assert set(slot) <= {"name", "type", "samples"}, (intent["name"], slot)
    for slot_type in lm["types"]:
        assert slot_type["values"], slot_type["name"]
        for value in slot_type["values"]:
            assert set(value) == {"id", "name"}
            assert isinstance(value["name"]["value"], str) and value["name"]["value"]
            assert all(isinstance(s, str) for s in value["name"].get("synonyms", []))
    level = lm.get("modelConfiguration", {}).get("fallbackIntentSensitivity", {}).get("level")
    assert level in {None, "LOW", "MEDIUM", "HIGH"}


@model_params
def test_invocation_name_is_back_spasm_coach(model_path):
    assert language_model(model_path)["invocationName"] == INVOCATION_NAME


@model_params
def test_intent_names_are_unique(model_path):
    names = [i["name"] for i in language_model(model_path)["intents"]]
    assert len(names) == len(set(names))


@model_params
def test_all_required_built_in_intents_are_present(model_path):
    names = set(intents_by_name(language_model(model_path)))
    assert REQUIRED_BUILT_INS <= names


@model_params
def test_fallback_and_navigate_home_keep_amazons_own_phrasing(model_path):
    intents = intents_by_name(language_model(model_path))
    assert intents["AMAZON.FallbackIntent"] == {"name": "AMAZON.FallbackIntent", "samples": []}
    assert intents["AMAZON.NavigateHomeIntent"]["samples"] == []


def test_every_locale_declares_the_same_intents_and_slots():
    """The handlers serve every locale alike (that each intent is answered, slots filled:
    test_model_coverage, through the request envelope), so the locales must agree."""
    declared = {path.stem: {i["name"]: {s["name"]: s["type"] for s in i.get("slots", [])}
                            for i in language_model(path)["intents"]} for path in MODEL_FILES}
    assert all(intents == declared["en-US"] for intents in declared.values())


# --- sample utterances ------------------------------------------------------------------------

@model_params
def test_every_custom_intent_has_at_least_twenty_samples(model_path):
    for intent in custom_intents(language_model(model_path)):
        assert len(intent["samples"]) >= 20, (intent["name"], len(intent["samples"]))


@model_params
def test_emergency_intent_has_at_least_sixty_samples_with_and_without_a_symptom(model_path):
    samples = intents_by_name(language_model(model_path))["EmergencyIntent"]["samples"]
    assert len(samples) >= 60
    with_symptom = [s for s in samples if "{symptom}" in s]
    generic = [s for s in samples if not SLOT.search(s)]
    assert len(with_symptom) >= 30
    assert len(generic) >= 15
    for phrase in ("i need an ambulance", "is this an emergency", "help me it's an emergency",
                   "call an ambulance", "this is an emergency", "i think this is an emergency"):
        assert phrase in generic


@model_params
def test_no_sample_is_repeated_within_or_across_intents(model_path):
    lm = language_model(model_path)
    owners = {}
    clashes = []
    for intent in lm["intents"]:
        slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent["samples"]:
            key = normalised(sample, slot_types)
            if key in owners:
                clashes.append((sample, owners[key], intent["name"]))
            owners[key] = intent["name"]
    assert clashes == []


@model_params
def test_samples_are_lower_case_words_with_no_digits_or_punctuation(model_path):
    bad = []
    for intent in language_model(model_path)["intents"]:
        for sample in intent["samples"]:
            text = SLOT.sub("slot", sample)
            if sample != sample.strip() or "  " in sample or not SAMPLE_TEXT.match(text):
                bad.append((intent["name"], sample))
    assert bad == []


@model_params
def test_every_slot_in_a_sample_is_declared_and_its_type_exists(model_path):
    lm = language_model(model_path)
    custom_types = set(types_by_name(lm))
    for intent in lm["intents"]:
        declared = {s["name"]: s["type"] for s in intent.get("slots", [])}
        used = set()
        for sample in intent["samples"]:
            names = SLOT.findall(sample)
            assert len(names) == len(set(names)), (intent["name"], sample)
            for name in names:
                assert name in declared, (intent["name"], sample)
            used.update(names)
        for name, slot_type in declared.items():
            assert slot_type.startswith("AMAZON.") or slot_type in custom_types, (intent["name"], name)
            assert name in used, f"{intent['name']} declares {{{name}}} but no sample uses it"


@model_params
def test_no_custom_sample_is_a_built_in_intents_phrase(model_path):
    for intent in custom_intents(language_model(model_path)):
        for sample in intent["samples"]:
            assert fold(sample) not in BUILT_IN_PHRASES, (intent["name"], sample)


@model_params
def test_heat_or_ice_question_and_session_commands_are_kept_apart(model_path):
    lm = language_model(model_path)
    assert resolve(lm, "HeatIceIntent", "should i use heat or ice")
    assert resolve(lm, "StartTreatmentSessionIntent", "switch between heat and ice") == [
        {"treatment": "ALTERNATING"}]
    assert resolve(lm, "SwitchTreatmentIntent", "switch to heat") == [{"treatment": "HEAT"}]
    assert not resolve(lm, "StartTreatmentSessionIntent", "should i use heat or ice")
    assert not resolve(lm, "SwitchTreatmentIntent", "switch between heat and ice")


SESSION_REQUESTS = [
    ("start a fifteen minute ice session", "ICE"),
    ("ice my back for twenty minutes", "ICE"),
    ("start heat", "HEAT"),
    ("time my heating pad for ten minutes", "HEAT"),
    ("set a frozen peas timer", "ICE"),
    ("start contrast", "ALTERNATING"),
]


@model_params
def test_session_requests_resolve_their_treatment(model_path):
    lm = language_model(model_path)
    failures = [(utterance, treatment) for utterance, treatment in SESSION_REQUESTS
                if not any(m.get("treatment") == treatment
                           for m in resolve(lm, "StartTreatmentSessionIntent", utterance))]
    assert failures == []


@model_params
def test_medicine_questions_resolve_the_medicine(model_path):
    lm = language_model(model_path)
    assert {"medicine": "IBUPROFEN"} in resolve(lm, "MedicineDoseIntent", "how much advil can i take")
    assert {"medicine": "ACETAMINOPHEN", "amount": "two"} in resolve(
        lm, "MedicineDoseIntent", "can i take two tylenol")
    assert {"medicine": "IBUPROFEN", "other_medicine": "ACETAMINOPHEN"} in resolve(
        lm, "MedicineIntent", "can i take advil and tylenol together")
    assert {"medicine": "MUSCLE_RELAXANT"} in resolve(lm, "MedicineIntent", "can i take muscle relaxers")
    assert {"medicine": "ACETAMINOPHEN"} in resolve(lm, "MedicineIntent", "can i take tylenol")
    assert {"medicine": "NAPROXEN"} in resolve(lm, "MedicineIntent", "is aleve okay")
    assert {"medicine": "NSAID"} in resolve(lm, "MedicineIntent", "is an anti inflammatory okay")
    # The guide names no aspirin, so it is a medicine outside the list (no value id).
    assert {"medicine": "ASPIRIN"} in resolve(lm, "MedicineIntent", "is aspirin okay")
    assert {"medicine": None} in resolve(lm, "MedicineIntent", "is dolomite okay")
    assert {} in resolve(lm, "MedicineIntent", "what can i take for the pain")


# --- slot types -------------------------------------------------------------------------------

@model_params
def test_slot_value_ids_are_unique_within_each_type(model_path):
    for slot_type in language_model(model_path)["types"]:
        ids = [v["id"] for v in slot_type["values"]]
        assert len(ids) == len(set(ids)), slot_type["name"]
        assert all(re.fullmatch(r"[A-Z][A-Z_]*", i) for i in ids), ids


@model_params
def test_no_spoken_form_belongs_to_two_values_of_a_type(model_path):
    for slot_type in language_model(model_path)["types"]:
        words = Counter(fold(w) for v in slot_type["values"]
                        for w in [v["name"]["value"], *v["name"].get("synonyms", [])])
        assert [w for w, n in words.items() if n > 1] == [], slot_type["name"]


@model_params
def test_slot_values_are_spoken_forms(model_path):
    for slot_type in language_model(model_path)["types"]:
        for value in slot_type["values"]:
            for word in [value["name"]["value"], *value["name"].get("synonyms", [])]:
                assert SAMPLE_TEXT.match(word), (slot_type["name"], word)


@model_params
def test_slot_types_have_exactly_the_ids_the_handlers_use(model_path):
    types = types_by_name(language_model(model_path))
    assert {v["id"] for v in types["SymptomType"]["values"]} == SYMPTOM_IDS
    assert {v["id"] for v in types["MedicineType"]["values"]} == MEDICINE_IDS
    assert {v["id"] for v in types["TreatmentType"]["values"]} == TREATMENT_IDS
    from skill.handlers.reminders import ORDINAL_INDEX, PART_OF_DAY

    assert {v["id"] for v in types["ReminderOrdinalType"]["values"]} == set(ORDINAL_INDEX) | set(PART_OF_DAY)


@model_params
def test_medicine_synonyms_map_brands_to_the_right_drug(model_path):
    index = synonym_index(types_by_name(language_model(model_path))["MedicineType"])
    expected = {"advil": "IBUPROFEN", "motrin": "IBUPROFEN", "aleve": "NAPROXEN", "naprosyn": "NAPROXEN",
                "anaprox": "NAPROXEN", "tylenol": "ACETAMINOPHEN", "paracetamol": "ACETAMINOPHEN",
                "panadol": "ACETAMINOPHEN", "aspirin": "ASPIRIN", "flexeril": "MUSCLE_RELAXANT", "anti inflammatory": "NSAID",
                "nsaids": "NSAID"}
    for word, medicine_id in expected.items():
        assert index.get(word) == medicine_id, word


@model_params
def test_treatment_synonyms(model_path):
    index = synonym_index(types_by_name(language_model(model_path))["TreatmentType"])
    for word in ("heat", "heating pad", "hot pack", "warm compress", "hot water bottle", "heat wrap"):
        assert index[word] == "HEAT"
    for word in ("ice", "ice pack", "cold pack", "frozen peas", "cold compress", "gel pack"):
        assert index[word] == "ICE"
    for word in ("heat and ice", "ice and heat", "alternating", "both", "contrast", "hot and cold"):
        assert index[word] == "ALTERNATING"


@model_params
def test_every_symptom_has_many_ways_to_say_it(model_path):
    for value in types_by_name(language_model(model_path))["SymptomType"]["values"]:
        minimum = 6 if value["id"] in {"FEVER", "WEIGHT_LOSS"} else 12
        assert len(value["name"]["synonyms"]) >= minimum, value["id"]


#: Said the way a frightened person says it -> the SymptomType id it must reach. Every sign of the
#: guide's "when to call" section appears here at least once.
FRIGHTENED = [
    ("i can't move my leg", "CANNOT_MOVE_LIMB"),
    ("my leg won't move", "CANNOT_MOVE_LIMB"),
    ("help i can't move my arm", "CANNOT_MOVE_LIMB"),
    ("i think i'm paralyzed", "CANNOT_MOVE_LIMB"),
    ("i can't lift my leg", "CANNOT_MOVE_LIMB"),
    ("i wet myself", "LOSS_OF_BLADDER_OR_BOWEL_CONTROL"),
    ("i think i peed myself", "LOSS_OF_BLADDER_OR_BOWEL_CONTROL"),
    ("i've lost control of my bowels", "LOSS_OF_BLADDER_OR_BOWEL_CONTROL"),
    ("i can't hold my pee", "LOSS_OF_BLADDER_OR_BOWEL_CONTROL"),
    ("i can't feel my legs", "NEW_NUMBNESS_OR_TINGLING"),
    ("my legs are numb", "NEW_NUMBNESS_OR_TINGLING"),
    ("i have pins and needles in my legs", "NEW_NUMBNESS_OR_TINGLING"),
    ("i'm having numbness in my belly", "NEW_NUMBNESS_OR_TINGLING"),
    ("i've got a numb butt", "NEW_NUMBNESS_OR_TINGLING"),
    ("my legs are giving out", "NEW_WEAKNESS"),
    ("my leg keeps buckling", "NEW_WEAKNESS"),
    ("i have weak legs", "NEW_WEAKNESS"),
    ("i have pain shooting down my leg", "NEW_OR_WORSE_PAIN"),
    ("i've got worse pain in my belly", "NEW_OR_WORSE_PAIN"),
    ("i have new pain in my buttocks", "NEW_OR_WORSE_PAIN"),
    ("i have a fever", "FEVER"),
    ("i've got chills and a fever", "FEVER"),
    ("i'm losing weight", "WEIGHT_LOSS"),
    ("i've lost weight", "WEIGHT_LOSS"),
    ("i don't feel well", "FEELING_UNWELL"),
    ("i feel sick", "FEELING_UNWELL"),
    ("it's not improving", "NOT_IMPROVING"),  # "it isn't improving": near "it's {symptom}", tested in safety_reading.yaml
    ("it's not getting better", "NOT_IMPROVING"),
    ("my back still hurts after a week", "NOT_IMPROVING"),
    ("it's getting worse", "NOT_IMPROVING"),
    ("i can't get up", "STUCK"),
    ("i can't walk", "STUCK"),
    ("i'm stuck on the floor", "STUCK"),
]


@model_params
def test_frightened_phrasings_reach_their_symptom(model_path):
    lm = language_model(model_path)
    failures = [(utterance, symptom_id) for utterance, symptom_id in FRIGHTENED
                if {"symptom": symptom_id} not in resolve(lm, "EmergencyIntent", utterance)]
    assert failures == []


#: Said with a possessive, which Alexa's build refuses right after a slot ("my {person}'s"):
#: the possessive is a slot value instead ("husband's" is a PersonType synonym).
POSSESSIVES = [
    ("EmergencyIntent", "my husband's leg went numb",
     {"person": "PARTNER", "body_part": "LEG", "symptom": "NEW_NUMBNESS_OR_TINGLING"}),
    ("EmergencyIntent", "my mom's leg is numb",
     {"person": "PARENT", "body_part": "LEG", "symptom": "NEW_NUMBNESS_OR_TINGLING"}),
    ("EmergencyIntent", "my leg's numb", {"body_part": "LEG", "symptom": "NEW_NUMBNESS_OR_TINGLING"}),
    ("EmergencyIntent", "my leg's gone numb", {"body_part": "LEG", "symptom": "NEW_NUMBNESS_OR_TINGLING"}),
    ("MedicineIntent", "can i take my wife's advil", {"person": "PARTNER", "medicine": "IBUPROFEN"}),
    ("MedicineIntent", "is it okay to take some of my dad's tylenol",
     {"person": "PARENT", "medicine": "ACETAMINOPHEN"}),
]


@model_params
@pytest.mark.parametrize("intent, utterance, expected", POSSESSIVES, ids=[u for _, u, _ in POSSESSIVES])
def test_possessives_are_slot_values_not_text_after_a_slot(model_path, intent, utterance, expected):
    matches = resolve(language_model(model_path), intent, utterance)
    assert any(all(m.get(k) == v for k, v in expected.items()) for m in matches), matches


@model_params
@pytest.mark.parametrize("utterance", ["i'm having a back spasm", "i threw my back out"])
def test_everyday_back_pain_openers_ask_what_to_do_not_unknown_symptoms(model_path, utterance):
    lm = language_model(model_path)
    assert utterance in intents_by_name(lm)["WhatToDoIntent"]["samples"]


@model_params
def test_my_back_hurts_reaches_the_symptom_carrier_as_plain_back_pain(model_path):
    # Its tier depends on where it hurts: the back is everyday care (tests/test_safety.py).
    matches = resolve(language_model(model_path), "EmergencyIntent", "my back hurts")
    assert {"body_part": "BACK", "symptom": "PAIN"} in matches


@model_params
def test_generic_emergencies_carry_no_symptom(model_path):
    lm = language_model(model_path)
    for utterance in ("i need an ambulance", "call nine one one", "it's an emergency"):
        matches = resolve(lm, "EmergencyIntent", utterance)
        # An exact slot-less sample exists; looser matches ("i {symptom}") resolve to no symptom
        # value, or to DESCRIPTION (words the reader reads itself), never to a tier below 911.
        assert {} in matches
        assert all(m.get("symptom") in (None, "DESCRIPTION") for m in matches), matches


# --- the two locales --------------------------------------------------------------------------

def _shape(path):
    lm = language_model(path)
    intents = {i["name"]: sorted((s["name"], s["type"]) for s in i.get("slots", [])) for i in lm["intents"]}
    types = {t["name"]: sorted(v["id"] for v in t["values"]) for t in lm["types"]}
    return lm["invocationName"], intents, types


def test_en_ca_has_the_same_intents_slots_and_types_as_en_us():
    assert _shape(MODELS_DIR / "en-CA.json") == _shape(MODELS_DIR / "en-US.json")


def test_en_ca_samples_are_essentially_those_of_en_us():
    us = intents_by_name(language_model(MODELS_DIR / "en-US.json"))
    ca = intents_by_name(language_model(MODELS_DIR / "en-CA.json"))
    for name, intent in us.items():
        assert set(ca[name]["samples"]) == set(intent["samples"]), name


# --- the manifest -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def manifest():
    return load(MANIFEST_PATH)["manifest"]


def test_manifest_locales_match_the_model_files(manifest):
    locales = {locale_of(p) for p in MODEL_FILES}
    assert set(manifest["publishingInformation"]["locales"]) == locales
    assert set(manifest["privacyAndCompliance"]["locales"]) == locales


def test_manifest_declares_the_timers_permission(manifest):
    assert {"name": TIMERS_PERMISSION} in manifest["permissions"]


def test_descriptions_carry_the_health_disclaimer_and_911(manifest):
    for locale, info in manifest["publishingInformation"]["locales"].items():
        assert "not a substitute" in info["description"], locale
        assert "911" in info["description"], locale
        assert "911" in info["summary"], locale
        assert info["name"] == "Back Spasm Coach"
        assert len(info["summary"]) <= 160
        assert len(info["description"]) <= 4000


def test_descriptions_never_claim_the_skill_calls_for_help(manifest):
    for info in manifest["publishingInformation"]["locales"].values():
        text = info["description"].lower()
        assert not re.search(r"\b(will|can|we'll|it'll) (call|dial|contact) (911|an ambulance|emergency)", text)
        assert "save your life" not in text and "saves lives" not in text


def test_example_phrases_are_spoken_by_the_model(manifest):
    lm = language_model(MODELS_DIR / "en-US.json")
    samples = [normalised(s) for i in lm["intents"] for s in i["samples"]]
    patterns = [re.compile("^" + re.escape(s).replace(r"\{\}", ".+") + "$") for s in samples]
    for info in manifest["publishingInformation"]["locales"].values():
        phrases = info["examplePhrases"]
        assert 1 <= len(phrases) <= 3
        assert phrases[0] == f"Alexa, open {INVOCATION_NAME}"
        for phrase in phrases[1:]:
            m = re.match(rf"^Alexa, ask {INVOCATION_NAME} (?:to )?(.+)$", phrase)
            assert m, phrase
            spoken = fold(m.group(1))
            assert any(p.match(spoken) for p in patterns), phrase


def test_publishing_and_privacy_settings(manifest):
    publishing = manifest["publishingInformation"]
    assert manifest["manifestVersion"] == "1.0"
    assert publishing["category"] == "HEALTH_AND_FITNESS"
    assert publishing["isAvailableWorldwide"] is False
    assert publishing["distributionCountries"] == ["US", "CA"]
    assert publishing["testingInstructions"]
    privacy = manifest["privacyAndCompliance"]
    assert privacy["allowsPurchases"] is False
    assert privacy["isChildDirected"] is False
    assert privacy["isExportCompliant"] is True
    assert privacy["containsAds"] is False
    assert privacy["usesHealthInfo"] is False
    assert isinstance(privacy["usesPersonalInfo"], bool)
    for urls in privacy["locales"].values():
        assert set(urls) == {"privacyPolicyUrl", "termsOfUseUrl"}
        assert all(u.startswith("https://") for u in urls.values())


def test_custom_endpoint_and_skill_disabled_event(manifest):
    endpoint = manifest["apis"]["custom"]["endpoint"]
    assert endpoint["uri"].startswith("https://")
    assert endpoint["sslCertificateType"] == "Trusted"
    assert manifest["apis"]["custom"]["interfaces"] == []
    events = manifest["events"]
    assert {"eventName": "SKILL_DISABLED"} in events["subscriptions"]
    assert "publications" not in events
    assert events["endpoint"]["uri"].startswith("https://")


def test_icons_referenced_by_the_manifest_are_pngs_of_the_right_size(manifest):
    sizes = {"smallIconUri": 108, "largeIconUri": 512}
    for info in manifest["publishingInformation"]["locales"].values():
        for key, size in sizes.items():
            path = MANIFEST_PATH.parent / info[key][len("file://"):]
            data = path.read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
            assert (width, height) == (size, size), path


def test_ask_resources_point_the_cli_at_the_built_package():
    resources = load(ASK_RESOURCES)
    assert resources["askcliResourcesVersion"] == "2020-03-31"
    assert resources["profiles"]["default"]["skillMetadata"]["src"] == "./build/skill-package"
    # The web-service profile has no code and no infrastructure: its endpoint is a URL.
    web = resources["profiles"]["web"]
    assert web["skillMetadata"]["src"] == "./build/skill-package-web"
    assert "code" not in web and "skillInfrastructure" not in web


# --- the package build ------------------------------------------------------------------------

#: Who runs the skill, as a real deploy must say on its privacy and terms pages.
OPERATOR = {"BSC_OPERATOR_NAME": "Ann Operator", "BSC_OPERATOR_CONTACT": "ann@example.org"}


def run_build(*args, **env):
    environment = {**os.environ, **OPERATOR, **env}
    return subprocess.run([sys.executable, str(BUILD_SCRIPT), *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60, env=environment)


def test_build_writes_a_valid_skill_package(tmp_path):
    out = tmp_path / "skill-package"
    result = run_build("--output-dir", out, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "example.com" in result.stderr  # warns that placeholders are still set
    built = load(out / "skill.json")
    assert built == load(MANIFEST_PATH)
    for path in MODEL_FILES:
        assert load(out / "interactionModels" / "custom" / path.name) == load(path)
    assert sorted(p.name for p in (out / "interactionModels" / "custom").iterdir()) == \
        sorted(p.name for p in MODEL_FILES)
    for info in built["manifest"]["publishingInformation"]["locales"].values():
        assert (out / info["smallIconUri"][len("file://"):]).is_file()


def test_build_sets_a_web_service_endpoint(tmp_path):
    result = run_build("--output-dir", tmp_path, "--endpoint", "https://coach.example.org/alexa")
    assert result.returncode == 0, result.stderr
    built = load(tmp_path / "skill.json")["manifest"]
    expected = {"uri": "https://coach.example.org/alexa", "sslCertificateType": "Trusted"}
    assert built["apis"]["custom"]["endpoint"] == expected
    assert built["events"]["endpoint"] == expected


def test_build_sets_a_lambda_endpoint(tmp_path):
    arn = "arn:aws:lambda:us-east-1:123456789012:function:back-spasm-coach"
    result = run_build("--output-dir", tmp_path, "--lambda-arn", arn,
                       "--public-base-url", "https://coach.example.org")
    assert result.returncode == 0, result.stderr
    built = load(tmp_path / "skill.json")["manifest"]
    assert built["apis"]["custom"]["endpoint"] == {"uri": arn}
    assert built["events"]["endpoint"] == {"uri": arn}


@pytest.mark.parametrize("args", [
    ("--endpoint", "http://insecure.example.org/alexa"),
    ("--lambda-arn", "not-an-arn"),
    ("--endpoint", "https://a.example.org/", "--lambda-arn",
     "arn:aws:lambda:us-east-1:123456789012:function:x"),
])
def test_build_rejects_bad_endpoints(tmp_path, args):
    result = run_build("--output-dir", tmp_path, *args)
    assert result.returncode == 1
    assert "error" in result.stderr
    assert not (tmp_path / "skill.json").exists()


def test_build_rejects_a_locale_without_a_model(tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    (models / "en-US.json").write_text((MODELS_DIR / "en-US.json").read_text(encoding="utf-8"))
    result = run_build("--output-dir", tmp_path / "out", "--models-dir", models)
    assert result.returncode == 1
    assert "en-CA" in result.stderr


def test_build_rejects_malformed_json(tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    for path in MODEL_FILES:
        (models / path.name).write_text(path.read_text(encoding="utf-8"))
    (models / "en-CA.json").write_text('{"interactionModel": ')
    result = run_build("--output-dir", tmp_path / "out", "--models-dir", models)
    assert result.returncode == 1
    assert "not well-formed JSON" in result.stderr


def ask_states(tmp_path, endpoint):
    """An .ask/ask-states.json as `ask deploy` leaves it after a stack deploy."""
    path = tmp_path / "ask-states.json"
    outputs = [{"OutputKey": "MemoryTableName", "OutputValue": "table"}]
    if endpoint:
        outputs.append({"OutputKey": "SkillEndpoint", "OutputValue": endpoint})
    path.write_text(json.dumps({"askcliStatesVersion": "2020-03-31", "profiles": {"default": {
        "skillId": "amzn1.ask.skill.0000",
        "skillInfrastructure": {"@ask-cli/cfn-deployer": {"deployState": {"default": {
            "stackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/s/1", "outputs": outputs}}}},
    }}}), encoding="utf-8")
    return path


def test_a_redeploy_package_keeps_the_stacks_endpoint_and_events(tmp_path):
    arn = "arn:aws:lambda:us-east-1:123456789012:function:ask-BackSpasmCoach-default-skillStack-1"
    result = run_build("--output-dir", tmp_path / "pkg", "--lambda-from-ask-deploy",
                       "--public-base-url", "https://coach.example.org",
                       "--ask-states", ask_states(tmp_path, arn))
    assert result.returncode == 0, result.stderr
    assert f"Endpoint: {arn}" in result.stdout
    built = load(tmp_path / "pkg" / "skill.json")["manifest"]
    assert built["apis"]["custom"]["endpoint"] == {"uri": arn}
    assert built["events"] == {"endpoint": {"uri": arn}, "subscriptions": [{"eventName": "SKILL_DISABLED"}]}
    # What the cfn-deployer subscribes to is what the package already says.
    subscriptions = load(ASK_RESOURCES)["profiles"]["default"]["skillInfrastructure"]["userConfig"][
        "skillEvents"]["subscriptions"]
    assert [{"eventName": name} for name in subscriptions] == built["events"]["subscriptions"]


def test_a_first_deploy_package_leaves_the_endpoint_to_the_stack(tmp_path):
    for states in (tmp_path / "missing.json", ask_states(tmp_path, None)):
        result = run_build("--output-dir", tmp_path / "pkg", "--lambda-from-ask-deploy",
                           "--public-base-url", "https://coach.example.org", "--ask-states", states)
        assert result.returncode == 0, result.stderr
        built = load(tmp_path / "pkg" / "skill.json")["manifest"]
        assert "endpoint" not in built["apis"]["custom"] and "events" not in built
        assert "Endpoint: none yet" in result.stdout


def test_a_stack_output_that_is_no_lambda_arn_is_refused(tmp_path):
    result = run_build("--output-dir", tmp_path / "pkg", "--lambda-from-ask-deploy",
                       "--public-base-url", "https://coach.example.org",
                       "--ask-states", ask_states(tmp_path, "https://not-a-function"))
    assert result.returncode == 1 and "is not a Lambda ARN" in result.stderr


def test_a_real_package_names_who_runs_the_skill_and_the_lambda_path_gets_static_pages(tmp_path):
    unset = {"BSC_OPERATOR_NAME": "", "BSC_OPERATOR_CONTACT": ""}
    refused = run_build("--output-dir", tmp_path / "pkg", "--lambda-arn",
                        "arn:aws:lambda:us-east-1:123456789012:function:f",
                        "--public-base-url", "https://coach.example.org", **unset)
    assert refused.returncode == 1
    assert "BSC_OPERATOR_NAME and BSC_OPERATOR_CONTACT" in refused.stderr
    assert not (tmp_path / "pkg" / "skill.json").exists()
    made = run_build("--output-dir", tmp_path / "pkg", "--lambda-arn",
                     "arn:aws:lambda:us-east-1:123456789012:function:f",
                     "--public-base-url", "https://coach.example.org")
    assert made.returncode == 0, made.stderr
    privacy = (tmp_path / "public-pages" / "privacy" / "index.html").read_text(encoding="utf-8")
    assert "run by Ann Operator" in privacy and "ann@example.org" in privacy
    assert '<a href="https://coach.example.org/terms">terms of use</a>' in privacy


#: Words that deny or report a sign: the reader (skill/triage.py) must hear them.
_SIGN_SCOPE_WORDS = {"no", "not", "never", "nothing", "none", "nor", "without", "cannot", "can't",
                     "won't", "don't", "didn't", "haven't", "hasn't", "isn't", "couldn't"}


@pytest.mark.parametrize("model_file", MODEL_FILES, ids=lambda p: p.stem)
def test_no_sample_with_a_symptom_slot_carries_a_negation_word_outside_its_slots(model_file):
    """A negation word the model uses as carrier phrasing is matched as carrier and dropped, so
    the skill never hears it: "I've got no movement in my knee" reached the skill as "movement"
    once "i've never had {symptom}" was a sample (the simulator weighs a word by where the model
    uses it, as Alexa's slot model does). Negations go to the skill inside a slot, always."""
    model = json.loads(model_file.read_text(encoding="utf-8"))
    carrying = [(intent["name"], sample)
                for intent in model["interactionModel"]["languageModel"]["intents"]
                for sample in intent.get("samples", []) if "{symptom}" in sample
                and set(re.sub(r"\{\w+\}", " ", sample).split()) & _SIGN_SCOPE_WORDS]
    assert carrying == []
