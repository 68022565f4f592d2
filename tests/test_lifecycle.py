"""Launch, help, stop, cancel, home, session end, fallback and errors."""

import logging

import pytest
from envelopes import (
    DEFAULT_USER,
    Conversation,
    envelope,
    intent_request,
    session_ended_request,
    skill_event,
)

import lambda_handler
from skill.content import prompts
from skill.content.safety import EMERGENCY_REMINDER
from skill.speech import first_sentence


def test_first_launch_welcomes_with_the_disclaimer_and_two_examples():
    said = Conversation().launch()
    assert said.speech.startswith(prompts.WELCOME_FIRST)
    assert prompts.DISCLAIMER in said.speech
    assert "not a substitute for a doctor" in said.speech and "call 911" in said.speech
    assert said.speech.count("?") == 2
    assert said.ended is False
    assert said.reprompt == prompts.WELCOME_REPROMPT
    assert said.reprompt not in said.speech


def test_help_without_a_topic_lists_what_the_skill_can_do():
    said = Conversation().ask("AMAZON.HelpIntent")
    assert said.speech == prompts.HELP_GENERAL
    assert said.ended is False
    assert "911" in said.reprompt


def test_help_inside_a_topic_explains_how_to_move_through_it():
    conversation = Conversation()
    conversation.ask("LyingPositionsIntent")
    said = conversation.ask("AMAZON.HelpIntent")
    assert said.speech.startswith("We're on lying positions.")
    assert "next" in said.speech and "previous" in said.speech


@pytest.mark.parametrize("intent_name", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_stop_and_cancel_exit_at_once(intent_name):
    conversation = Conversation()
    conversation.ask("LyingPositionsIntent")
    said = conversation.ask(intent_name)
    assert said.speech == prompts.GOODBYE
    assert said.ended is True
    assert "reprompt" not in said.response


def test_navigate_home_forgets_the_topic():
    conversation = Conversation()
    conversation.ask("WalkingIntent")
    said = conversation.ask("AMAZON.NavigateHomeIntent")
    assert said.speech == prompts.HOME and said.ended is False
    assert conversation.ask("AMAZON.NextIntent").speech == prompts.NOTHING_TO_CONTINUE


def test_fallback_steers_back_and_keeps_the_911_sentence():
    conversation = Conversation()
    conversation.launch()
    said = conversation.ask("AMAZON.FallbackIntent")
    assert EMERGENCY_REMINDER in said.speech
    assert "what should I do for my back" in said.speech
    assert said.ended is False
    assert EMERGENCY_REMINDER in said.reprompt


def test_a_second_miss_in_a_row_is_worded_differently_and_offers_the_plan():
    conversation = Conversation()
    conversation.launch()
    first = conversation.ask("AMAZON.FallbackIntent")
    second = conversation.ask("AMAZON.FallbackIntent")
    assert second.speech != first.speech
    assert EMERGENCY_REMINDER in second.speech and "step by step" in second.speech
    plan = conversation.ask("AMAZON.YesIntent")
    assert plan.card["title"] == "Step by step"
    assert plan.speech.startswith("Step one")


def test_every_miss_says_call_911_first_since_a_missed_emergency_arrives_as_a_fallback():
    """Alexa sends FallbackIntent without the words: "my legs went numb" said in a way the
    model did not catch is a fallback, and its first sentence must still send the person to 911."""
    conversation = Conversation()
    conversation.launch()
    misses = [conversation.ask("AMAZON.FallbackIntent"), conversation.ask("AMAZON.FallbackIntent"),
              Conversation().ask("AMAZON.FallbackIntent")]  # and as a one-shot, with no launch
    for said in misses:
        assert first_sentence(said.speech) == "If this is an emergency, call 911."
        assert "911" in said.reprompt


def test_a_miss_after_an_answer_counts_as_the_first_again():
    conversation = Conversation()
    conversation.ask("AMAZON.FallbackIntent")
    conversation.ask("LyingPositionsIntent")
    again = conversation.ask("AMAZON.FallbackIntent")
    assert again.speech == prompts.FALLBACK


def test_session_ended_request_gets_an_empty_response():
    result = lambda_handler.handler(envelope(session_ended_request(), new_session=False), None)
    assert "outputSpeech" not in result["response"]


def test_skill_disabled_event_is_accepted_without_a_session():
    result = lambda_handler.handler(envelope(skill_event(), with_session=False), None)
    assert result["version"] == "1.0"
    assert "outputSpeech" not in result["response"]


def test_an_error_in_a_handler_answers_kindly_with_911_and_logs_no_user_data(monkeypatch, caplog):
    from skill.handlers import topics

    def broken_read(*args, **kwargs):
        raise KeyError("i can't move my leg said the user")

    monkeypatch.setattr(topics, "read_topic", broken_read)
    with caplog.at_level(logging.DEBUG):
        said = Conversation().ask("WalkingIntent")
    assert said.speech == prompts.ERROR
    assert first_sentence(said.speech) == "Sorry, something went wrong on my side."
    assert EMERGENCY_REMINDER in said.speech
    assert said.ended is False
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "KeyError" in logged
    assert "move my leg" not in logged
    assert DEFAULT_USER not in logged


def test_unknown_intent_name_is_answered_by_the_error_handler():
    result = lambda_handler.handler(envelope(intent_request("NoSuchIntent")), None)
    said = result["response"]["outputSpeech"]["ssml"]
    assert EMERGENCY_REMINDER in said


def test_alexa_reporting_an_unusable_response_gets_an_empty_answer_without_a_session():
    request = {"type": "System.ExceptionEncountered",
               "error": {"type": "INVALID_RESPONSE", "message": "bad"},
               "cause": {"requestId": "amzn1.echo-api.request.1"}}
    result = lambda_handler.handler(envelope(request, with_session=False), None)
    assert result["version"] == "1.0"
    assert "outputSpeech" not in result["response"]


def test_a_request_the_skill_cannot_serve_without_a_session_still_gets_a_spoken_answer():
    result = lambda_handler.handler(envelope(intent_request("NoSuchIntent"), with_session=False), None)
    assert EMERGENCY_REMINDER in result["response"]["outputSpeech"]["ssml"]
