"""Whatever arrives, the user hears an answer: malformed envelopes, forged session
attributes, text SSML cannot carry, numbers of any size."""

import json
import logging
import xml.etree.ElementTree as ElementTree

import pytest
from envelopes import (
    DEFAULT_USER,
    Conversation,
    Said,
    envelope,
    intent_request,
    launch_request,
    session_ended_request,
    slot,
)

import lambda_handler
from skill.content import prompts
from skill.speech import first_sentence, number_words, to_ssml


def nested(depth, leaf=None):
    value = leaf
    for _ in range(depth):
        value = {"a": value}
    return value


def with_attributes(request, attributes):
    """An envelope whose session carries ``attributes`` as given (no copy, no check)."""
    body = envelope(request)
    body["session"]["attributes"] = attributes
    return body


def assert_valid_answer(result):
    assert isinstance(result, dict)
    json.dumps(result)  # what Lambda does with it
    response = result["response"]
    for speech in (response.get("outputSpeech"), (response.get("reprompt") or {}).get("outputSpeech")):
        if speech:
            assert ElementTree.fromstring(speech["ssml"]).tag == "speak"
    return Said(result)


LAUNCH = envelope(launch_request())
MALFORMED = {
    "none": None,
    "a number": 7,
    "a string": "LaunchRequest",
    "a list": [LAUNCH],
    "an empty object": {},
    "no request": {k: v for k, v in LAUNCH.items() if k != "request"},
    "request is a string": {**LAUNCH, "request": "LaunchRequest"},
    "no context": {k: v for k, v in LAUNCH.items() if k != "context"},
    "context is null": {**LAUNCH, "context": None},
    "intent request without intent": envelope({"type": "IntentRequest"}),
    "unknown request type": envelope({"type": "Nonsense.Request"}),
    "slots are a list": envelope({"type": "IntentRequest",
                                  "intent": {"name": "MedicineIntent", "slots": [1, 2]}}),
    "nested 5000 deep": {**LAUNCH, "extra": nested(5000)},
    "a huge string": {**LAUNCH, "version": "1" * 2_000_000},
    "a lone surrogate in a slot": envelope(intent_request(
        "MedicineIntent", slot("medicine", "adv\ud800il\x00\x07"))),
    "not JSON at all": {**LAUNCH, "extra": {1, 2}},
}


@pytest.mark.parametrize("event", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_envelope_gets_a_valid_answer_not_an_exception(event):
    assert_valid_answer(lambda_handler.handler(event, None))


def test_unreadable_envelope_is_answered_with_the_911_sentence_and_logged_by_type_only(caplog):
    event = {**envelope(launch_request(), user_id=DEFAULT_USER), "context": "secret words"}
    with caplog.at_level(logging.INFO):
        said = assert_valid_answer(lambda_handler.handler(event, None))
    assert "call 911" in said.speech
    assert said.ended is False and said.reprompt
    lines = [record.getMessage() for record in caplog.records]
    assert any("SerializationException" in line for line in lines)
    assert not any("secret" in line or DEFAULT_USER in line for line in lines)


def test_unreadable_emergency_still_says_call_911_first():
    event = {**envelope(intent_request("EmergencyIntent", slot("symptom", "can't move my leg"))),
             "context": None}
    said = assert_valid_answer(lambda_handler.handler(event, None))
    assert first_sentence(said.speech) == "Call 911 now."
    assert said.ended is False  # kept open, as every safety answer is, so "repeat" works


def test_unreadable_session_ended_request_gets_no_speech():
    event = {**envelope(session_ended_request()), "context": None}
    result = lambda_handler.handler(event, None)
    assert result["response"] == {}


def test_catch_all_answers_a_request_with_no_request_in_it(caplog):
    event = {k: v for k, v in envelope(launch_request()).items() if k != "request"}
    with caplog.at_level(logging.ERROR):
        said = assert_valid_answer(lambda_handler.handler(event, None))
    assert said.speech == prompts.ERROR
    # The skill's own catch-all answered: nothing fell through to the Lambda door.
    assert not any("not answered by the skill" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("intent, first", [("AMAZON.HelpIntent", "Sorry"),
                                           ("EmergencyIntent", "Call 911 now.")])
def test_catch_all_answers_even_when_its_answer_cannot_be_sent_the_normal_way(monkeypatch, intent, first):
    from skill import state

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    # Every handler fails, and so does the reply path the catch-all normally uses.
    monkeypatch.setattr(state, "expire_unanswered_offer", broken)
    monkeypatch.setattr(state, "session", broken)
    said = assert_valid_answer(lambda_handler.handler(envelope(intent_request(intent)), None))
    assert said.speech.startswith(first)
    assert "911" in said.speech


# --- session attributes ----------------------------------------------------------

FORGED_ATTRIBUTES = {
    "nested 40 deep": {"topic": "lying", "x": nested(40)},
    "nested 900 deep": {"x": nested(900)},
    "a huge string": {"last_speech": "a" * 100_000},
    "wrong types": {"topic": 5, "chunk": "two", "offer": [], "last_speech": 3,
                    "session_timers": {"id": 1}, "pending_session": "ice"},
    "a boolean chunk": {"topic": "lying", "chunk": True},
    "a huge number": {"chunk": 10 ** 400},
    "too many keys": {f"k{i}": i for i in range(500)},
    "a long list": {"session_timers": list(range(10_000))},
    "lone surrogates": {"last_speech": "hi \ud800 there", "\udfff": 1},
}


@pytest.mark.parametrize("attributes", FORGED_ATTRIBUTES.values(), ids=FORGED_ATTRIBUTES.keys())
@pytest.mark.parametrize("intent", ["AMAZON.RepeatIntent", "AMAZON.NextIntent", "AMAZON.YesIntent",
                                    "SessionTimeLeftIntent", "AMAZON.HelpIntent"])
def test_forged_session_attributes_are_dropped_before_any_handler_reads_them(attributes, intent):
    event = with_attributes(intent_request(intent), attributes)
    said = assert_valid_answer(lambda_handler.handler(event, None))
    assert said.speech != prompts.ERROR, "a handler answered, not the error handler"
    assert len(json.dumps(said.attributes)) < 20_000


def test_dropped_attributes_are_logged_by_name_and_reason_only(caplog):
    attributes = {"last_speech": "private words " + "x" * 9000, "topic": 12,
                  "private words as a key": nested(10)}
    with caplog.at_level(logging.WARNING):
        lambda_handler.handler(with_attributes(intent_request("AMAZON.RepeatIntent"), attributes), None)
    lines = [r.getMessage() for r in caplog.records if r.name == "skill.session_check"]
    assert "session attribute last_speech dropped on arrival: text too long" in lines
    assert "session attribute topic dropped on arrival: wrong type" in lines
    assert "session attribute (unnamed key) dropped on arrival: nested too deeply" in lines
    assert not any("private" in line for line in lines)


def test_whatever_a_handler_stores_the_response_keeps_alexas_size_limit():
    # A duration slot of raw words (Alexa sends ISO 8601; a forged request need not).
    said = Conversation().ask("StartTreatmentSessionIntent", slot("duration", "\x00" * 10_000))
    assert len(json.dumps(said.envelope)) < 24 * 1024


def test_valid_attributes_pass_untouched():
    conversation = Conversation()
    conversation.ask("LyingPositionsIntent")
    before = conversation.attributes
    said = conversation.ask("AMAZON.NextIntent")
    assert "Second" in said.speech
    assert before["topic"] == said.attributes["topic"]


@pytest.mark.parametrize("stored, spoken", [
    ("Rest \x00now\x07.", "Rest now ."),
    ("Heat & ice <b>now</b>", "Heat & ice <b>now</b>"),
    ("Tab\tand\nnewline\x7f\x85\ufffe\uffff.", "Tab and newline ."),
    ("Emoji \U0001F600 stays.", "Emoji \U0001F600 stays."),
])
def test_repeat_speaks_stored_text_as_valid_ssml_without_what_ssml_cannot_carry(stored, spoken):
    event = with_attributes(intent_request("AMAZON.RepeatIntent"), {"last_speech": stored})
    said = assert_valid_answer(lambda_handler.handler(event, None))
    assert said.speech == spoken
    assert all(ch not in said.ssml for ch in "\x00\x07\x7f\x85\ufffe\uffff")
    assert all(ch not in said.card["content"] for ch in "\x00\x07\x7f\x85\ufffe\uffff")


def test_repeat_of_a_stored_lone_surrogate_says_there_is_nothing_to_repeat():
    event = with_attributes(intent_request("AMAZON.RepeatIntent"), {"last_speech": "hi \ud800"})
    said = assert_valid_answer(lambda_handler.handler(event, None))
    assert said.speech == prompts.NOTHING_TO_REPEAT


def test_ssml_is_made_safe_for_any_text():
    for code_point in list(range(0, 0x110000, 97)) + [0xD800, 0xDFFF, 0xFFFE, 0xFFFF, 0x0B, 0x1F]:
        ssml = to_ssml(f"a{chr(code_point)}b")
        assert ElementTree.fromstring(ssml).tag == "speak"
        ssml.encode("utf-8")


# --- numbers of any size -----------------------------------------------------------

@pytest.mark.parametrize("number, words", [
    (0, "zero"), (15, "fifteen"), (45, "forty-five"), (105, "one hundred and five"),
    (999, "nine hundred and ninety-nine"), (1000, "one thousand"),
    (1005, "one thousand and five"), (1200, "one thousand two hundred"),
    (2000, "two thousand"), (2001, "two thousand and one"),
    (12_345, "twelve thousand three hundred and forty-five"),
    (1_000_000, "one million"), (3_000_000_017, "three billion and seventeen"),
])
def test_numbers_of_any_size_are_said_in_words(number, words):
    assert number_words(number) == words


def test_even_absurd_numbers_are_said():
    assert number_words(10 ** 40).endswith("decillion")
    assert number_words(-3) == "minus three"
