"""Dispatch order (``skill.handlers``): which area's handler answers a request, in and out of context.

Safety answers an emergency whatever the conversation offered; a request that one area's
intent names but another area's offer expects goes to the area that made the offer; every
request the models can send gets a handler.
"""

import json
import os

import pytest
from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from envelopes import (
    REMINDERS_SCOPE,
    connections_response,
    envelope,
    intent_request,
    launch_request,
    session_ended_request,
    skill_event,
    slot,
)

from skill import build_skill
from skill.handlers import safety
from skill.reminders.records import REMINDERS_PERMISSION
from skill.settings import Settings

MODELS = [os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "interaction_models",
                       f"{locale}.json") for locale in ("en-US", "en-CA")]
BUILT_IN = ("AMAZON.YesIntent", "AMAZON.NoIntent", "AMAZON.HelpIntent", "AMAZON.StopIntent",
            "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent", "AMAZON.FallbackIntent",
            "AMAZON.NextIntent", "AMAZON.MoreIntent", "AMAZON.PreviousIntent",
            "AMAZON.StartOverIntent", "AMAZON.RepeatIntent", "AMAZON.PauseIntent", "NoSuchIntent")


def _intent_names():
    names = set(BUILT_IN)
    for path in MODELS:
        with open(path, encoding="utf-8") as handle:
            model = json.load(handle)["interactionModel"]["languageModel"]
        names.update(intent["name"] for intent in model["intents"])
    return sorted(names)


REQUESTS = (
    [(name, intent_request(name)) for name in _intent_names()]
    + [("launch", launch_request()), ("session ended", session_ended_request()),
       ("skill disabled", skill_event()), ("skill enabled", skill_event("AlexaSkillEvent.SkillEnabled")),
       ("timer permission", connections_response("ACCEPTED", token="anything")),
       ("reminder permission", connections_response("ACCEPTED", token=REMINDERS_PERMISSION.token_prefix + "x",
                                                    scope=REMINDERS_SCOPE)),
       ("other connection", connections_response("ACCEPTED", name="Buy")),
       ("exception encountered", {"type": "System.ExceptionEncountered",
                                  "error": {"type": "INVALID_RESPONSE", "message": "x"}})]
)
#: Requests whose answer turns on what the last turn offered:
#: (label, request, session attributes, the area whose handler answers).
IN_CONTEXT = [
    ("ice, said to heat or ice",
     intent_request("HeatIceIntent", slot("treatment", "ice", "ICE", "TreatmentType")),
     {"offer": {"kind": "choose_treatment"}}, "sessions"),
    ("ice, asked about", intent_request("HeatIceIntent", slot("treatment", "ice", "ICE", "TreatmentType")),
     {}, "guidance"),
    ("cancel, right after a timer was set", intent_request("AMAZON.CancelIntent"),
     {"offer": {"kind": "topic", "topic": "lying_positions", "just_started": True}}, "sessions"),
    ("cancel, with nothing just set", intent_request("AMAZON.CancelIntent"), {}, "lifecycle"),
    *[(f"{name}, said to walks, stretching or sitting breaks", intent_request(name),
       {"offer": {"kind": "choose_reminder"}}, "reminders")
      for name in ("WalkingIntent", "StartWalkTimerIntent", "StretchingIntent", "SittingIntent",
                   "SittingReminderIntent")],
    *[(f"{name}, said to heat, ice, a walk or a sitting break", intent_request(name),
       {"offer": {"kind": "choose_timer"}}, "sessions")
      for name in ("WalkingIntent", "SittingIntent")],
    ("the one pm one, said to which one should I stop", intent_request("MoveReminderIntent"),
     {"offer": {"kind": "stop_reminder"}}, "reminders"),
    ("the evening one heard as a stop, said to which one should move", intent_request("StopRemindersIntent"),
     {"offer": {"kind": "move_reminder"}}, "reminders"),
]
#: Every kind of pending offer the tests above use, and none.
OFFERS = [{}] + [attributes for _label, _request, attributes, _area in IN_CONTEXT if attributes]

_SKILL = build_skill(Settings(storage="none"))


def _handler_input(request, attributes=None):
    request_envelope = _SKILL.serializer.deserialize(
        payload=json.dumps(envelope(request, attributes=attributes or {})),
        obj_type="ask_sdk_model.RequestEnvelope")
    return HandlerInput(request_envelope=request_envelope,
                        attributes_manager=AttributesManager(request_envelope))


def _answering(handler_input):
    """The handler the skill asks first that can answer (dispatch is registration order)."""
    for handler in _SKILL.request_dispatcher.request_mappers[0].request_handler_chains:
        if handler.request_handler.can_handle(handler_input):
            return handler.request_handler
    return None


#: Requests no handler claims (no model sends them): the catch-all exception handler answers.
UNCLAIMED = {"AMAZON.PauseIntent", "NoSuchIntent", "other connection"}


@pytest.mark.parametrize("label, request_", REQUESTS, ids=[label for label, _ in REQUESTS])
def test_every_request_the_models_can_send_has_a_handler(label, request_):
    handler = _answering(_handler_input(request_))
    assert (handler is None) is (label in UNCLAIMED), (label, type(handler))


@pytest.mark.parametrize("label, request_, attributes, area", IN_CONTEXT,
                         ids=[label for label, *_ in IN_CONTEXT])
def test_the_area_that_made_the_offer_answers_in_context(label, request_, attributes, area):
    handler = _answering(_handler_input(request_, attributes))
    assert type(handler).__module__ == f"skill.handlers.{area}", (label, type(handler))


@pytest.mark.parametrize("attributes", OFFERS, ids=lambda attributes: str(attributes.get("offer")))
def test_an_emergency_is_answered_by_safety_whatever_was_offered(attributes):
    request_ = intent_request("EmergencyIntent", slot("symptom", "can't move my leg"))
    assert type(_answering(_handler_input(request_, attributes))) is safety.EmergencySignHandler
