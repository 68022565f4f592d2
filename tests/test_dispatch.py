"""Lazy registration (``skill.handlers``) picks the same handler as registering every one in order."""

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

from skill import build_skill, handlers
from skill.handlers import (
    conversation,
    guidance,
    lifecycle,
    memory,
    offers,
    reminders,
    safety,
    sessions,
)
from skill.handlers.lazy import LazyHandlers
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
#: Requests whose answer turns on what the last turn offered: (label, request, session attributes).
IN_CONTEXT = [
    ("ice, said to heat or ice",
     intent_request("HeatIceIntent", slot("chosen", "ice", "ICE", "TreatmentType")),
     {"offer": {"kind": "choose_treatment"}}),
    ("ice, asked about", intent_request("HeatIceIntent", slot("treatment", "ice", "ICE", "TreatmentType")),
     {}),
    ("cancel, right after a timer was set", intent_request("AMAZON.CancelIntent"),
     {"offer": {"kind": "topic", "topic": "lying_positions", "just_started": True}}),
    ("how long, while this session's timer runs", intent_request("HowLongIntent"),
     {"session_timers": [{"id": "t1", "kind": "ice", "ends_at": "2999-01-01T00:00:00Z"}]}),
    *[(f"{name}, said to walks, stretching or sitting breaks", intent_request(name), {"offer": {"kind": "choose_reminder"}})
      for name in ("WalkingIntent", "StartWalkTimerIntent", "StretchingIntent", "SittingIntent",
                   "SittingReminderIntent")],
    *[(f"{name}, said to heat, ice, a walk or a sitting break", intent_request(name), {"offer": {"kind": "choose_timer"}})
      for name in ("WalkingIntent", "SittingIntent")],
    ("a walk heard as an everyday activity, said to heat, ice, a walk or a sitting break",
     intent_request("ActivityIntent", slot("pastime", "a walk", "WALK", "EverydayActivityType")),
     {"offer": {"kind": "choose_timer"}}),
    ("walks heard as an everyday activity, said to walks, stretching or sitting breaks",
     intent_request("ActivityIntent", slot("pastime", "walks", "WALK", "EverydayActivityType")),
     {"offer": {"kind": "choose_reminder"}}),
    ("the one pm one, said to which one should I stop", intent_request("MoveReminderIntent"),
     {"offer": {"kind": "stop_reminder"}}),
    ("the evening one heard as a stop, said to which one should move", intent_request("StopRemindersIntent"),
     {"offer": {"kind": "move_reminder"}}),
]

_SKILL = build_skill(Settings(storage="none"))


def _handler_input(request, attributes=None):
    request_envelope = _SKILL.serializer.deserialize(
        payload=json.dumps(envelope(request, attributes=attributes or {})),
        obj_type="ask_sdk_model.RequestEnvelope")
    return HandlerInput(request_envelope=request_envelope,
                        attributes_manager=AttributesManager(request_envelope))


def _every_handler_in_order():
    """How the handlers were registered before they were loaded lazily."""
    yes, no = offers.answer_handlers(reminders.OFFER_ANSWERS, sessions.OFFER_ANSWERS,
                                     memory.OFFER_ANSWERS, guidance.OFFER_ANSWERS,
                                     lifecycle.OFFER_ANSWERS)
    return ([safety.EmergencySignHandler(), safety.SignInStoryHandler(), safety.OverdoseHandler(),
             safety.CallForMeHandler(), safety.HelpIsComingHandler(), safety.CallStaysFirstHandler()]
            + list(reminders.HANDLERS + sessions.HANDLERS + memory.HANDLERS + guidance.HANDLERS
                   + conversation.HANDLERS)
            + [yes, no] + list(lifecycle.HANDLERS) + [safety.FallbackHandler()])


def _first(handler_list, handler_input):
    for handler in handler_list:
        chosen = handler.chosen(handler_input) if isinstance(handler, LazyHandlers) else (
            handler if handler.can_handle(handler_input) else None)
        if chosen is not None:
            return type(chosen)
    return None


@pytest.mark.parametrize("label, request_, attributes",
                         [(label, request_, {}) for label, request_ in REQUESTS] + IN_CONTEXT,
                         ids=[label for label, _ in REQUESTS] + [label for label, *_ in IN_CONTEXT])
def test_the_same_handler_answers_as_when_each_was_registered_in_order(label, request_, attributes):
    handler_input = _handler_input(request_, attributes)
    assert _first(handlers.request_handlers(), handler_input) is _first(
        _every_handler_in_order(), handler_input)


def test_every_claim_names_a_request_one_of_the_areas_handlers_answers():
    by_key = {}
    for _label, request_, attributes in [(label, request_, {}) for label, request_ in REQUESTS] + IN_CONTEXT:
        handler_input = _handler_input(request_, attributes)
        key = request_.get("intent", {}).get("name") or request_["type"]
        by_key.setdefault(key, []).append(handler_input)
    for area in handlers.request_handlers():
        if isinstance(area, LazyHandlers):
            for key in area.claims:
                assert any(area.chosen(h) for h in by_key[key]), key
