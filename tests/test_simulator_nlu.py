"""The simulator's understanding: from the interaction models alone, as Alexa would resolve.

Every sample utterance of every model must resolve to its own intent; slot
values, synonyms and built-in types come out as Alexa sends them; filler,
invocation phrasing and small wording differences are forgiven; anything
else reaches AMAZON.FallbackIntent.
"""

import datetime
import os

import pytest
from alexa_simulator import nlu
from alexa_simulator.text import tokenise
from simulated import MODELS_DIR

TODAY = datetime.date(2025, 11, 25)
LOCALES = nlu.available_locales(MODELS_DIR)


def understand(utterance, locale="en-US"):
    return nlu.understand(nlu.load_model(locale, MODELS_DIR), utterance, today=TODAY)


def resolution(result, slot_name):
    slot = result.slots[slot_name]
    authority = slot["resolutions"]["resolutionsPerAuthority"][0]
    return authority


#: en-US's check is the longest test of the suite: its samples are checked in two halves, so
#: that pytest-xdist can run them side by side (en-CA's own check is small; see below).
PARTS = [("en-US", 0), ("en-US", 1)] + [(locale, 0) for locale in LOCALES if locale != "en-US"]


@pytest.mark.parametrize("locale, part", PARTS, ids=[f"{locale}-{part}" for locale, part in PARTS])
def test_every_sample_utterance_resolves_to_its_own_intent(locale, part, checked_samples):
    """And no other intent scores as well (a tie would be decided by the model's order alone).

    One check per locale over all its samples (en-US's in two halves), listing every sample
    that fails. ``nlu.sample_overlaps`` answers as ``understand`` would (the test below holds
    that), with the sample's own score as the search's floor from the start.
    """
    model = nlu.load_model(locale, MODELS_DIR)
    halves = sum(1 for other, _ in PARTS if other == locale)
    # Built-in intents' own phrases too: a custom sample must not take "the last one" from them.
    indexes = [index for index in range(len(model.samples)) if index % halves == part]
    if locale != "en-US":
        # The samples of every locale are en-US's (test_interaction_models checks it); only
        # slot values differ ("atasol" in en-CA). So a locale's own check is the samples
        # whose slots take a type that differs from en-US's: the rest are the same sentences,
        # against the same samples, as the en-US check.
        reference = nlu.load_model("en-US", MODELS_DIR)
        changed = {name for name, slot_type in model.types.items()
                   if reference.types.get(name) is None
                   or reference.types[name].phrases != slot_type.phrases}
        assert [s.text for s in model.samples] == [s.text for s in reference.samples]
        indexes = [index for index in indexes
                   if any(model.intents[model.samples[index].intent][name] in changed
                          for name in model.samples[index].slots)]
    failures = [(index, overlap) for index, overlaps in checked_samples(locale, indexes).items()
                for overlap in overlaps]
    assert failures == []


def _as_understand_answers(model, sample, utterance):
    """The per-sample verdict from ``understand``'s two best intents (the slower, plain way)."""
    result = nlu.understand(model, utterance, today=TODAY, alternatives=2)
    if result.intent != sample.intent:
        return [(result.intent, result.score, result.sample, False)]
    return [(intent, score, other, True) for intent, score, other in result.alternatives[1:]
            if intent != sample.intent and score >= result.score - 1e-9]


def _same_verdicts(model, cases):
    """Each (claimed sample, utterance) judged both ways; the kinds of verdict seen."""
    kinds = set()
    for claimed, utterance in cases:
        found = [(o.resolved, o.score, o.resolved_sample, o.tie)
                 for o in nlu.sample_overlaps(model, claimed, utterance, TODAY)]
        assert found == _as_understand_answers(model, claimed, utterance), (utterance, claimed.intent)
        kinds.add("ok" if not found else "fallback" if found[0][0] == nlu.FALLBACK
                  else "tie" if found[0][3] else "another intent")
    return kinds


@pytest.mark.parametrize("matcher", [nlu.CALIBRATED, nlu.LENIENT], ids=lambda m: m.name)
def test_the_fast_per_sample_check_says_what_understand_says(matcher):
    """A spread of samples, each said as itself, as if it were another intent's, and
    sentences no intent should take: the same verdicts and the same overlaps as
    ``understand`` gives, for every kind of verdict."""
    model = nlu.load_model("en-US", MODELS_DIR, matcher)
    cases = []
    for index in range(0, len(model.samples), 29 if matcher is nlu.CALIBRATED else 97):
        sample = model.samples[index]
        other = next(s for s in model.samples[index * 7 % len(model.samples):] + model.samples
                     if s.intent != sample.intent)
        utterance = nlu.filled_sample(model, sample, variant=index)
        cases += [(sample, utterance), (other, utterance)]
    cases += [(model.samples[n * 11], said) for n, said in enumerate(
        ["what's the weather like", "play some music", "tell me a joke", "order more paper towels",
         "the the the", "x"])]
    kinds = _same_verdicts(model, cases)
    assert {"ok", "another intent", "fallback"} <= kinds

    tied = nlu.compile_model({"interactionModel": {"languageModel": {
        "invocationName": "test skill", "types": [],
        "intents": [{"name": "AMAZON.FallbackIntent", "samples": []},
                    {"name": "WalkIntent", "samples": ["should i walk", "can i walk"]},
                    {"name": "StrollIntent", "samples": ["should i walk", "may i stroll"]}]}}},
        locale="en-US").with_matcher(matcher)
    kinds = _same_verdicts(tied, [(sample, nlu.filled_sample(tied, sample)) for sample in tied.samples])
    assert {"tie", "another intent"} <= kinds


# -- slots and entity resolution --------------------------------------------------------------

@pytest.mark.parametrize("said, medicine_id", [
    ("can I take advil", "IBUPROFEN"),
    ("how much motrin can I take", "IBUPROFEN"),
    ("is aleve okay", "NAPROXEN"),
    ("can I take tylenol", "ACETAMINOPHEN"),
    ("should I take an anti-inflammatory", "NSAID"),
    ("can i take advill", "IBUPROFEN"),  # a typing slip, as speech recognition would never make
])
def test_synonyms_resolve_to_the_value_id_with_the_canonical_name(said, medicine_id):
    result = understand(said)
    assert result.intent in ("MedicineIntent", "MedicineDoseIntent")
    authority = resolution(result, "medicine")
    assert authority["status"]["code"] == "ER_SUCCESS_MATCH"
    assert authority["values"][0]["value"]["id"] == medicine_id
    assert authority["authority"].endswith(".MedicineType")
    assert authority["authority"].startswith("amzn1.er-authority.echo-sdk.amzn1.ask.skill.")


def test_the_slot_value_is_the_words_heard_and_the_resolution_names_the_value():
    slot = understand("Can I take Advil?").slots["medicine"]
    assert slot["value"] == "advil"
    value = slot["resolutions"]["resolutionsPerAuthority"][0]["values"][0]["value"]
    assert value == {"name": "ibuprofen", "id": "IBUPROFEN"}


def test_a_value_outside_the_list_is_heard_with_no_match():
    result = understand("can I take liquid tylenol gels")
    assert result.intent == "MedicineIntent"
    assert result.slots["medicine"]["value"] == "liquid tylenol gels"
    authority = resolution(result, "medicine")
    assert authority["status"]["code"] == "ER_SUCCESS_NO_MATCH"
    assert "values" not in authority


def test_a_symptom_outside_the_list_still_reaches_the_emergency_intent():
    result = understand("is it bad that my leg feels strange")
    assert result.intent == "EmergencyIntent"
    assert resolution(result, "symptom")["status"]["code"] == "ER_SUCCESS_NO_MATCH"


@pytest.mark.parametrize("said, symptom_id", [
    ("I can't move my leg", "CANNOT_MOVE_LIMB"),
    ("i cant move my leg", "CANNOT_MOVE_LIMB"),
    ("I peed my pants", "LOSS_OF_BLADDER_OR_BOWEL_CONTROL"),
    ("I have pins and needles in my legs", "NEW_NUMBNESS_OR_TINGLING"),
    ("my legs keep giving out", "NEW_WEAKNESS"),
    ("I have a fever", "FEVER"),
])
def test_symptoms_resolve(said, symptom_id):
    result = understand(said)
    assert result.intent == "EmergencyIntent"
    assert resolution(result, "symptom")["values"][0]["value"]["id"] == symptom_id


def test_unfilled_slots_are_sent_without_a_value():
    result = understand("what can I take for the pain")
    assert result.intent == "MedicineIntent"
    assert result.slots["medicine"] == {"name": "medicine", "confirmationStatus": "NONE"}


def test_built_in_slots_arrive_converted():
    result = understand("start a fifteen minute ice session")
    assert result.intent == "StartTreatmentSessionIntent"
    assert result.slots["duration"] == {"name": "duration", "confirmationStatus": "NONE", "value": "PT15M"}
    assert resolution(result, "treatment")["values"][0]["value"]["id"] == "ICE"
    assert understand("set a 20 min heat timer").slots["duration"]["value"] == "PT20M"
    assert understand("time my walk for half an hour").slots["duration"]["value"] == "PT30M"
    assert understand("my back started hurting two days ago").slots["start_date"]["value"] == "2025-11-23"
    assert understand("it started last monday").slots["start_date"]["value"] == "2025-11-24"


def test_a_synonym_of_several_words_fills_the_slot_whole():
    result = understand("put a bag of frozen peas on for ten minutes")
    assert result.intent == "StartTreatmentSessionIntent"
    assert result.slots["treatment"]["value"] == "a bag of frozen peas"
    assert resolution(result, "treatment")["values"][0]["value"]["id"] == "ICE"
    assert result.slots["duration"]["value"] == "PT10M"


# -- forgiving what speech recognition would have removed ---------------------------------------

@pytest.mark.parametrize("said", [
    "how should I lie down",
    "How should I lie down?",
    "HOW SHOULD I LIE DOWN!!!",
    "um, how should I lie down",
    "uh how should I lie down please",
    "alexa how should i lie down",
    "can you tell me how should I lie down",
    "I want to know how should I lie down",
    "how should i lie down",
    "how shuold I lie down",
])
def test_case_punctuation_filler_and_slips_are_forgiven(said):
    result = understand(said)
    assert result.intent == "LyingPositionsIntent"
    assert result.score >= 0.8


@pytest.mark.parametrize("said, intent", [
    ("what is the best position to lie in", "LyingPositionsIntent"),
    ("is it okay to go for a walk", "ActivityIntent"),  # {pastime} = walk: the walking topic
    ("how many days of bed rest", "BedRestIntent"),
    ("when do I need to see a doctor", "WhenToCallIntent"),
    ("which pain killer is best", "MedicineIntent"),
    ("I'm putting the heating pad on now", "HeatIceIntent"),
    ("please erase my information", "ForgetMeIntent"),
    ("what's next", "WhatNextIntent"),
])
def test_small_wording_differences_still_reach_the_intent(said, intent):
    assert understand(said).intent == intent


@pytest.mark.parametrize("said, intent", [
    ("help", "AMAZON.HelpIntent"), ("stop", "AMAZON.StopIntent"), ("cancel", "AMAZON.CancelIntent"),
    ("never mind", "AMAZON.CancelIntent"), ("repeat", "AMAZON.RepeatIntent"),
    ("say that again", "AMAZON.RepeatIntent"), ("next", "AMAZON.NextIntent"),
    ("previous", "AMAZON.PreviousIntent"), ("go back", "AMAZON.PreviousIntent"),
    ("yes", "AMAZON.YesIntent"), ("yeah", "AMAZON.YesIntent"), ("no", "AMAZON.NoIntent"),
    ("nope", "AMAZON.NoIntent"), ("start over", "AMAZON.StartOverIntent"),
    ("go home", "AMAZON.NavigateHomeIntent"), ("more", "AMAZON.MoreIntent"),
    ("tell me more", "AMAZON.MoreIntent"),
])
def test_built_in_intents_have_their_usual_phrasings(said, intent):
    assert understand(said).intent == intent


@pytest.mark.parametrize("said", ["banana", "what is the capital of france", "how tall is mount everest"])
def test_anything_else_goes_to_fallback(said):
    result = understand(said)
    assert result.intent == "AMAZON.FallbackIntent"
    assert result.slots == {}


@pytest.mark.parametrize("said", [
    "what's the weather like today", "play some jazz", "order me a pizza", "tell me a joke",
    "turn on the lights", "add milk to my shopping list", "sing me a song",
])
def test_what_people_ask_alexa_for_reaches_the_intent_that_says_how(said):
    assert understand(said).intent == "OutOfScopeIntent"


def test_digits_are_read_as_spoken_numbers():
    assert understand("call 911").intent == "EmergencyIntent"
    result = understand("remind me in 30 minutes to stand up")
    assert result.intent == "SittingReminderIntent"


# -- invocation phrasing ----------------------------------------------------------------------

@pytest.mark.parametrize("said, kind, rest", [
    ("open back spasm coach", "launch", ""),
    ("Alexa, open Back Spasm Coach.", "launch", ""),
    ("launch back spasm coach", "launch", ""),
    ("start back spasm coach", "launch", ""),
    ("talk to back spasm coach", "launch", ""),
    ("back spasm coach", "launch", ""),
    ("ask back spasm coach to start a ten minute ice session", "one_shot", "start a ten minute ice session"),
    ("ask back spasm coach how should I lie down", "one_shot", "how should i lie down"),
    ("tell back spasm coach I can't move my leg", "one_shot", "i can not move my leg"),
    ("ask back spasm coach about walking", "one_shot", "walking"),
    ("open back spasm coach and tell me about walking", "one_shot", "tell me about walking"),
    ("how should I lie down using back spasm coach", "one_shot", "how should i lie down"),
    ("start a fifteen minute ice session", "none", "start a fifteen minute ice session"),
    ("exit", "exit", ""),
])
def test_invocation_phrasing(said, kind, rest):
    invocation = nlu.parse_invocation(nlu.load_model("en-US", MODELS_DIR), tokenise(said))
    assert invocation.kind == kind
    assert " ".join(invocation.rest.tokens) == rest


# -- a small model of our own: the matcher's rules, independent of the real models ------------

FIXTURE = {"interactionModel": {"languageModel": {
    "invocationName": "test skill",
    "modelConfiguration": {"fallbackIntentSensitivity": {"level": "MEDIUM"}},
    "intents": [
        {"name": "AMAZON.FallbackIntent", "samples": []},
        {"name": "AMAZON.StopIntent", "samples": []},
        {"name": "ColourIntent", "slots": [{"name": "colour", "type": "ColourType"}],
         "samples": ["my favourite colour is {colour}", "i like {colour}"]},
        {"name": "CountIntent", "slots": [{"name": "count", "type": "AMAZON.NUMBER"}],
         "samples": ["count to {count}", "i have {count} apples"]},
        {"name": "GreetingIntent", "samples": ["hello there", "good morning"]},
        {"name": "OtherGreetingIntent", "samples": ["hello there"]},
    ],
    "types": [{"name": "ColourType", "values": [
        {"id": "RED", "name": {"value": "red", "synonyms": ["crimson", "scarlet"]}},
        {"id": "DARK", "name": {"value": "dark", "synonyms": ["navy"]}},
        {"id": "BLUE", "name": {"value": "blue", "synonyms": ["navy"]}},
    ]}],
}}}


@pytest.fixture(scope="module")
def fixture_model():
    return nlu.compile_model(FIXTURE, locale="xx-XX")


def test_a_synonym_of_two_values_resolves_to_both(fixture_model):
    result = nlu.understand(fixture_model, "i like navy", today=TODAY)
    values = result.slots["colour"]["resolutions"]["resolutionsPerAuthority"][0]["values"]
    assert [v["value"]["id"] for v in values] == ["DARK", "BLUE"]


def test_numbers_fill_a_number_slot_as_digits(fixture_model):
    result = nlu.understand(fixture_model, "I have twenty three apples", today=TODAY)
    assert result.intent == "CountIntent"
    assert result.slots["count"]["value"] == "23"


def test_built_in_stop_phrases_apply_only_to_declared_built_ins(fixture_model):
    assert nlu.understand(fixture_model, "stop", today=TODAY).intent == "AMAZON.StopIntent"
    assert nlu.understand(fixture_model, "help", today=TODAY).intent == "AMAZON.FallbackIntent"


def test_the_best_score_wins_not_the_first_sample(fixture_model):
    result = nlu.understand(fixture_model, "my favourite colour is crimson", today=TODAY)
    assert result.intent == "ColourIntent"
    assert result.sample == "my favourite colour is {colour}"


def test_check_reports_a_sample_shared_by_two_intents(fixture_model):
    overlaps = nlu.check_model(fixture_model, today=TODAY)
    assert [(o.intent, o.sample, o.resolved, o.tie) for o in overlaps] == [
        ("GreetingIntent", "hello there", "OtherGreetingIntent", True),
        ("OtherGreetingIntent", "hello there", "GreetingIntent", False),
    ]


def test_understanding_is_deterministic():
    first = understand("um can I maybe take some advil for this")
    for _ in range(3):
        nlu.clear_understanding_cache()  # worked out again, not remembered
        again = understand("um can I maybe take some advil for this")
        assert (again.intent, again.score, again.slots) == (first.intent, first.score, first.slots)


def test_a_time_said_with_am_or_pm_matches_its_sample_exactly():
    """The search's bounds know AMAZON.TIME's own words ("pm"): a sample that matches exactly
    is found, not a near one ("move the {from_time} one") the bound stopped at."""
    model = nlu.compile_model({"interactionModel": {"languageModel": {
        "invocationName": "fixture", "intents": [
            {"name": "AMAZON.FallbackIntent", "samples": []},
            {"name": "PickIntent", "slots": [{"name": "at", "type": "AMAZON.TIME"}],
             "samples": ["the {at} one", "move the {at} one", "pick the {at} one please"]},
            {"name": "DropIntent", "slots": [{"name": "at", "type": "AMAZON.TIME"}],
             "samples": ["drop the {at} one"]},
        ]}}}, locale="xx-XX")
    result = nlu.understand(model, "the four pm one", today=TODAY)
    assert (result.intent, result.sample, result.score) == ("PickIntent", "the {at} one", 1.0)
    assert result.slots["at"]["value"] == "16:00"


# -- understandings shared between processes (the suite's pytest-xdist workers) ---------------

def test_shared_understandings_are_taken_only_for_the_same_model_file_words_and_matcher(tmp_path):
    """What one process left in the shared folder another takes; a changed model file, another
    matcher or other words are worked out afresh; a torn or foreign file is ignored."""
    import dataclasses
    import pickle
    import shutil

    models = tmp_path / "models"
    shutil.copytree(MODELS_DIR, models)
    folder = tmp_path / "understood"
    previous = nlu._shared
    try:
        nlu.share_understandings(str(folder))
        nlu.clear_understanding_cache()
        model = nlu.load_model("en-US", str(models))
        fresh = nlu.understand(model, "can i take advil", today=TODAY)
        assert fresh.intent == "MedicineIntent"
        [entry] = [path for path in folder.iterdir() if not path.name.endswith(".part")]

        # Another process's answer (doctored here, to tell it from one worked out afresh).
        key, stored = pickle.loads(entry.read_bytes())
        assert stored == fresh
        entry.write_bytes(pickle.dumps((key, dataclasses.replace(stored, intent="Doctored"))))
        nlu.clear_understanding_cache()
        assert nlu.understand(model, "can i take advil", today=TODAY).intent == "Doctored"
        assert nlu.understand(model.with_matcher(nlu.LENIENT), "can i take advil",
                              today=TODAY).intent == "MedicineIntent"
        assert nlu.understand(model, "can i take aleve", today=TODAY).intent == "MedicineIntent"

        # The same words against an edited model file: not the stored answer.
        path = models / "en-US.json"
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        os.utime(path, (1, 1))
        nlu.clear_understanding_cache()
        edited = nlu.load_model("en-US", str(models))
        assert edited.digest != model.digest
        assert nlu.understand(edited, "can i take advil", today=TODAY).intent == "MedicineIntent"

        # A torn file is worked out afresh.
        entry.write_bytes(b"\x80\x05 torn")
        nlu.clear_understanding_cache()
        assert nlu.understand(model, "can i take advil", today=TODAY) == fresh
    finally:
        nlu.share_understandings(previous.folder if previous else None)
        nlu.clear_understanding_cache()
