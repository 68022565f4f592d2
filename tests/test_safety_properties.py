"""Properties that must hold in every conversation, checked with hypothesis.

1. Whatever came before (random intents, slots, permission answers, even
   corrupted session state), an emergency sign gets the safe answer.
2. Nothing the skill can say claims that it or Alexa will place a call.
"""

import json
import pathlib
import string

from envelopes import (
    Conversation,
    connections_response,
    intent_request,
    launch_request,
    slot,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_safety import TIER_OF_SYMPTOM, assert_safe_answer, claims_to_call, symptom

from skill.content import safety
from skill.speech import MAX_SPEECH_CHARS
from skill.triage import read_symptom

MODEL = json.loads((pathlib.Path(__file__).resolve().parent.parent
                    / "interaction_models" / "en-US.json").read_text())["interactionModel"]["languageModel"]
TYPES = {t["name"]: t for t in MODEL["types"]}
INTENTS = [i for i in MODEL["intents"] if i["name"] != "EmergencyIntent"]

words = st.text(alphabet=string.ascii_lowercase + " '", min_size=1, max_size=20)


@st.composite
def slot_for(draw, name, type_name):
    choice = draw(st.sampled_from(["absent", "match", "no_match", "raw"]))
    if choice == "absent":
        return slot(name)
    if type_name in TYPES and choice == "match":
        value = draw(st.sampled_from(TYPES[type_name]["values"]))
        spoken = draw(st.sampled_from([value["name"]["value"], *value["name"].get("synonyms", [])]))
        return slot(name, spoken, value["id"], type_name)
    if type_name == "AMAZON.DURATION":
        return slot(name, draw(st.sampled_from(["PT15M", "PT1H", "PT5M", "PT90S", "P1D", "PT0M", "?", "PT200M"])))
    if type_name == "AMAZON.DATE":
        return slot(name, draw(st.sampled_from(["2026-11-24", "2026-W47", "2027-01-01", "XXXX", "PRESENT_REF"])))
    return slot(name, draw(words), type_name=type_name, no_match=(choice == "no_match"))


@st.composite
def any_request(draw):
    kind = draw(st.sampled_from(["intent"] * 6 + ["launch", "permission"]))
    if kind == "launch":
        return launch_request()
    if kind == "permission":
        return connections_response(draw(st.sampled_from(["ACCEPTED", "DENIED", "NOT_ANSWERED"])))
    intent = draw(st.sampled_from(INTENTS))
    slots = [draw(slot_for(s["name"], s["type"])) for s in intent.get("slots", [])]
    return intent_request(intent["name"], *slots)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 50) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)
corrupted_attributes = st.dictionaries(
    st.sampled_from(["topic", "chunk", "offer", "last_speech", "last_reprompt", "pending_session"]),
    json_values, max_size=4)

def answer_tier(heard):
    """The tier of the answer to unresolved words: with no word in them at all (an apostrophe),
    the skill answers as to "I need an ambulance", a symptom slot left empty."""
    reading = read_symptom([heard])
    return safety.CALL_911 if reading.tier == "generic" else reading.tier


#: A fall counts only when the words say so (the value alone could be a near miss such as "feel").
WORDS_OF = {"INJURY": "fell down the stairs", "PAIN": "my back hurts"}

emergency_signs = st.one_of(
    st.just((symptom(), safety.CALL_911)),
    st.sampled_from(sorted(TIER_OF_SYMPTOM)).map(
        lambda symptom_id: (symptom(WORDS_OF.get(symptom_id, "words as heard"), symptom_id),
                            TIER_OF_SYMPTOM[symptom_id])),
    # Words Alexa could not resolve: whatever the triage table reads in them, its answer.
    words.map(lambda heard: (symptom(heard, no_match=True), answer_tier(heard))),
)

PROPERTY_SETTINGS = settings(max_examples=60, deadline=None,
                             suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY_SETTINGS
@given(before=st.lists(any_request(), max_size=6), corruption=st.none() | corrupted_attributes,
       sign=emergency_signs)
def test_any_conversation_then_an_emergency_sign_gets_the_safe_answer(before, corruption, sign):
    conversation = Conversation()
    for request in before:
        said = conversation.send(request)
        assert said.speech or said.response.get("directives") or request["type"] != "IntentRequest"
    if corruption is not None and conversation.session_id is not None:
        conversation.attributes = {**conversation.attributes, **corruption}
    emergency_slot, tier = sign
    assert_safe_answer(conversation.ask("EmergencyIntent", emergency_slot), tier)


@PROPERTY_SETTINGS
@given(turns=st.lists(any_request(), min_size=1, max_size=8), corruption=st.none() | corrupted_attributes)
def test_no_response_claims_to_call_and_every_response_is_well_formed(turns, corruption):
    conversation = Conversation()
    for request in turns:
        if corruption is not None and conversation.session_id is not None:
            conversation.attributes = {**conversation.attributes, **corruption}
        said = conversation.send(request)
        for text in (said.speech, said.reprompt, said.card.get("content", "")):
            assert not claims_to_call(text), text
            assert len(text) < MAX_SPEECH_CHARS
        if said.ssml:
            assert said.ssml.startswith("<speak>") and said.ssml.endswith("</speak>")


def every_sentence_the_skill_has():
    """Every string in every module of skill.content, however deeply it is nested."""
    import importlib
    import pkgutil

    import skill.content

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, (list, tuple, set, frozenset)):  # NamedTuples too
            for item in value:
                yield from strings(item)

    for module_info in pkgutil.iter_modules(skill.content.__path__):
        module = importlib.import_module(f"skill.content.{module_info.name}")
        for name, value in vars(module).items():
            if not name.startswith("__"):  # module docstrings are notes, not speech
                yield from strings(value)


def test_no_word_in_the_content_claims_to_call():
    sentences = list(every_sentence_the_skill_has())
    assert len(sentences) > 100  # every content module was read
    offenders = [text for text in sentences if claims_to_call(text)]
    assert offenders == []
