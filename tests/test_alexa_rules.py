"""The response-rule checker every test's responses pass through catches what it names."""

import pytest
from alexa_simulator.rules import BROKEN_RULE, INVALID_SSML, violations


def response(**fields):
    return {"version": "1.0", "response": fields}


def ssml(text):
    return {"type": "SSML", "ssml": text}


GOOD = response(outputSpeech=ssml("<speak>Rest &amp; ice.</speak>"),
                reprompt={"outputSpeech": ssml("<speak>More?</speak>")}, shouldEndSession=False,
                card={"type": "Simple", "title": "Heat or ice", "content": "Rest & ice."})


def test_a_good_response_passes():
    assert violations("IntentRequest", GOOD) == []
    assert violations("SessionEndedRequest", response()) == []


@pytest.mark.parametrize("request_type, result, kind", [
    ("IntentRequest", response(outputSpeech=ssml("<speak>Rest & ice.</speak>")), INVALID_SSML),
    ("IntentRequest", response(outputSpeech=ssml("<speak>Rest</speak")), INVALID_SSML),
    ("IntentRequest", response(outputSpeech=ssml("Rest.")), INVALID_SSML),
    ("IntentRequest", response(outputSpeech=ssml("<speak>a\x00b</speak>")), INVALID_SSML),
    ("IntentRequest", response(outputSpeech=ssml("<speak>a\ud800b</speak>")), INVALID_SSML),
    ("IntentRequest", response(outputSpeech=ssml("<speak>" + "a" * 8000 + "</speak>")), INVALID_SSML),
    ("IntentRequest", response(outputSpeech=ssml("<speak>Bye.</speak>"), shouldEndSession=True,
                               reprompt={"outputSpeech": ssml("<speak>More?</speak>")}), BROKEN_RULE),
    ("SessionEndedRequest", response(outputSpeech=ssml("<speak>Bye.</speak>")), BROKEN_RULE),
    ("IntentRequest", response(card={"type": "Simple", "content": "x" * 8000}), BROKEN_RULE),
    ("IntentRequest", response(card={"type": "Simple", "content": "a\x07b"}), BROKEN_RULE),
    ("IntentRequest", {"version": "1.0"}, BROKEN_RULE),
])
def test_each_broken_rule_is_caught(request_type, result, kind):
    assert kind in [found_kind for found_kind, _ in violations(request_type, result)]
