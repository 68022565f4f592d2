"""Every intent of every model has a handler, and every response is valid for Alexa."""

import json
import pathlib
import xml.etree.ElementTree as ElementTree

import pytest
from envelopes import envelope, intent_request, launch_request, slot

import lambda_handler
from skill.content import prompts
from skill.speech import MAX_SPEECH_CHARS

MODELS = sorted(pathlib.Path(__file__).resolve().parent.parent.glob("interaction_models/*.json"))
SSML_TAGS = {"speak", "break", "prosody", "emphasis", "say-as", "audio", "lang", "voice",
             "phoneme", "sub", "w", "p", "s", "amazon:effect", "amazon:emotion", "amazon:domain"}
MAX_RESPONSE_BYTES = 24 * 1024
BUILT_IN_EXAMPLES = {"AMAZON.DURATION": "PT15M", "AMAZON.DATE": "2026-11-24", "AMAZON.NUMBER": "3"}


def language_model(path):
    return json.loads(path.read_text())["interactionModel"]["languageModel"]


def fillings(intent, types):
    """Slot fillings worth trying: none, each value's first synonym, and words outside the list."""
    slots = intent.get("slots", [])
    yield []
    for declared in slots:
        type_name = declared["type"]
        if type_name in types:
            for value in types[type_name]["values"]:
                yield [slot(declared["name"], value["name"]["value"], value["id"], type_name)]
            yield [slot(declared["name"], "something else entirely", type_name=type_name, no_match=True)]
        else:
            yield [slot(declared["name"], BUILT_IN_EXAMPLES.get(type_name, "words"))]


def cases():
    for path in MODELS:
        model = language_model(path)
        types = {t["name"]: t for t in model["types"]}
        locale = path.stem
        yield pytest.param(locale, launch_request(), id=f"{locale}:LaunchRequest")
        for intent in model["intents"]:
            for number, slots in enumerate(fillings(intent, types)):
                yield pytest.param(locale, intent_request(intent["name"], *slots),
                                   id=f"{locale}:{intent['name']}:{number}")


def assert_valid_ssml(ssml):
    assert len(ssml) < MAX_SPEECH_CHARS
    root = ElementTree.fromstring(ssml.replace("amazon:", "amazon_"))
    assert root.tag == "speak"
    for element in root.iter():
        assert element.tag.replace("amazon_", "amazon:") in SSML_TAGS


@pytest.mark.parametrize("locale, request_body", list(cases()))
def test_every_intent_is_handled_with_valid_ssml_a_card_and_within_limits(locale, request_body):
    result = lambda_handler.handler(envelope(request_body, locale=locale), None)
    response = result["response"]
    speech = response["outputSpeech"]
    assert speech["type"] == "SSML"
    assert_valid_ssml(speech["ssml"])
    assert prompts.ERROR not in speech["ssml"], "no handler answered (the error handler did)"
    if response.get("reprompt"):
        assert_valid_ssml(response["reprompt"]["outputSpeech"]["ssml"])
    card = response.get("card")
    if card:
        text = card.get("content") or card.get("text") or ""
        assert card["type"] in ("Simple", "Standard", "AskForPermissionsConsent")
        assert len(text) < MAX_SPEECH_CHARS
    assert len(json.dumps(result).encode()) < MAX_RESPONSE_BYTES


#: Conversations to be in the middle of, as the turns that lead there.
STATES = {
    "reading a topic": [intent_request("LyingPositionsIntent")],
    "after an offer": [intent_request("StretchingIntent"), intent_request("AMAZON.YesIntent")],
    "awaiting timer permission": [intent_request(
        "StartTreatmentSessionIntent", slot("treatment", "ice", "ICE", "TreatmentType"))],
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("locale", [path.stem for path in MODELS])
def test_every_intent_in_the_middle_of_a_conversation_is_answered_within_alexas_rules(locale, state):
    """Alexa's response rules themselves are checked on every response by conftest's
    ``alexa_response_rules``; this makes every intent, and the session's end, meet
    each state. One test per locale and state, listing every request the error
    handler had to answer."""
    from envelopes import Conversation, session_ended_request

    setup = Conversation(locale=locale)
    for request in STATES[state]:
        setup.send(request)
    assert setup.session_id, "the state keeps the session open"
    requests = [case.values[1] for case in cases() if case.values[0] == locale]
    assert len(requests) > 60
    unanswered = []
    for request in requests + [session_ended_request()]:
        conversation = Conversation(locale=locale)
        conversation.session_id, conversation.attributes = setup.session_id, dict(setup.attributes)
        said = conversation.send(request)
        if prompts.ERROR in said.speech:
            unanswered.append(request.get("intent", {}).get("name", request["type"]))
    assert unanswered == []


def test_text_is_escaped_inside_ssml():
    from skill.speech import to_ssml
    assert to_ssml("heat & ice <now>") == "<speak>heat &amp; ice &lt;now&gt;</speak>"
