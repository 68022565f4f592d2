"""The timers permission: asked by voice, answered by Connections.Response, refused or revoked."""

import json
import logging

import pytest
from alexa_api_fixtures import CONSENT_TOKEN, alexa_api, granted_conversation, new_user  # noqa: F401
from envelopes import TIMERS_SCOPE, Conversation, connections_response, slot

from skill.content import sessions as words
from skill.speech import word_count

GRANTED = {"permissions_token": CONSENT_TOKEN}


def ice(length="PT15M"):
    return [slot("treatment", "ice", "ICE", "TreatmentType"),
            slot("duration", length, type_name="AMAZON.DURATION")]


def ask_for_ice(conversation, length="PT15M"):
    return conversation.ask("StartTreatmentSessionIntent", *ice(length))


def ask_for(said):
    (directive,) = said.directives
    return directive


def answer(conversation, status, token, **options):
    return conversation.send(connections_response(status, token=token), **options)


def assert_no_timer_claimed(said):
    assert "timer is set" not in said.speech and "timers set" not in said.speech.lower()


def assert_permission_card(said):
    assert said.card == {"type": "AskForPermissionsConsent", "permissions": [TIMERS_SCOPE]}


# -- asking -------------------------------------------------------------------------------------

def test_without_permission_the_skill_asks_by_voice_and_remembers_the_session(new_user, alexa_api):
    said = ask_for_ice(new_user)
    directive = ask_for(said)
    assert directive["type"] == "Connections.SendRequest" and directive["name"] == "AskFor"
    assert directive["payload"] == {"@type": "AskForPermissionsConsentRequest", "@version": "1",
                                    "permissionScope": TIMERS_SCOPE}
    assert said.speech == words.ASK_PERMISSION and word_count(said.speech) <= 35
    assert said.ended is None and "reprompt" not in said.response
    assert "shouldEndSession" not in said.response
    assert said.card == {"type": "Simple", "title": "Ice session", "content": words.ASK_PERMISSION}
    assert "last_speech" not in said.attributes  # "repeat" is not asked of Alexa's prompt
    pending = {"treatment": "ice", "minutes": 15, "defaulted": None, "first": "heat"}
    assert said.attributes["pending_session"] == pending
    assert json.loads(directive["token"].split(":", 1)[1]) == pending
    assert alexa_api.calls(path_prefix="/v1/alerts/timers") == []


def test_a_denied_scope_is_asked_for_even_with_a_consent_token(alexa_api):
    conversation = Conversation(api_endpoint=alexa_api.api_endpoint, permissions_token="old-token",
                                scopes={TIMERS_SCOPE: "DENIED"})
    said = ask_for_ice(conversation)
    assert ask_for(said)["name"] == "AskFor"


def test_a_granted_scope_goes_straight_to_the_timer(alexa_api):
    conversation = Conversation(api_endpoint=alexa_api.api_endpoint, permissions_token=CONSENT_TOKEN,
                                scopes={TIMERS_SCOPE: "GRANTED"})
    said = ask_for_ice(conversation)
    assert not said.directives and "Your timer is set." in said.speech


# -- the answer ---------------------------------------------------------------------------------

def test_accepted_creates_the_timer_and_reads_the_session(new_user, alexa_api):
    token = ask_for(ask_for_ice(new_user))["token"]
    said = answer(new_user, "ACCEPTED", token, **GRANTED)
    assert said.speech.startswith("Thanks. Okay, fifteen minutes of ice. Your timer is set.")
    assert "thin cloth" in said.speech and said.ended is False
    assert [t["duration"] for t in alexa_api.active_timers()] == ["PT15M"]
    assert "pending_session" not in said.attributes


def test_accepted_works_from_the_token_when_session_attributes_are_lost(new_user, alexa_api):
    token = ask_for(ask_for_ice(new_user, "PT20M"))["token"]
    new_user.attributes = {}
    said = answer(new_user, "ACCEPTED", token, **GRANTED)
    assert said.speech.startswith("Thanks. Okay, twenty minutes of ice.")
    assert [t["duration"] for t in alexa_api.active_timers()] == ["PT20M"]


@pytest.mark.parametrize("token", ["", "not ours", 'bsc-session:{"treatment":"ice","minutes":45}',
                                   "bsc-session:{broken json"])
def test_accepted_with_nothing_usable_pending_sets_no_timer(alexa_api, token):
    said = answer(Conversation(api_endpoint=alexa_api.api_endpoint), "ACCEPTED", token, **GRANTED)
    assert said.speech == words.ACCEPTED_NOTHING_PENDING
    assert alexa_api.active_timers() == []


@pytest.mark.parametrize("status, reason", [("DENIED", "denied"), ("NOT_ANSWERED", "not_answered")])
def test_declined_still_reads_the_session_and_says_how_to_set_a_timer(new_user, alexa_api, status, reason):
    token = ask_for(ask_for_ice(new_user))["token"]
    said = answer(new_user, status, token)
    assert said.speech.startswith(words.NO_TIMER_REASON[reason])
    assert "thin cloth" in said.speech
    assert said.speech.endswith("Then say: Alexa, set a timer for fifteen minutes.")
    assert_no_timer_claimed(said)
    assert_permission_card(said)
    assert said.ended is True
    assert alexa_api.active_timers() == []


START = {
    "ice": ("StartTreatmentSessionIntent", ice("PT20M")),
    "alternating": ("StartTreatmentSessionIntent",
                    [slot("treatment", "heat and ice", "ALTERNATING", "TreatmentType")]),
    "walk": ("StartWalkTimerIntent", [slot("duration", "PT10M", type_name="AMAZON.DURATION")]),
    "sitting": ("SittingReminderIntent", []),
}


@pytest.mark.parametrize("kind", list(START))
@pytest.mark.parametrize("status", ["DENIED", "NOT_ANSWERED"])
def test_declined_acknowledges_once_not_okay_okay(new_user, alexa_api, kind, status):
    intent, slots = START[kind]
    said = answer(new_user, status, ask_for(new_user.ask(intent, *slots))["token"])
    assert said.speech.lower().count("okay") <= 1, said.speech
    if kind == "ice":
        assert said.speech.startswith(words.NO_TIMER_REASON[status.lower()])
        assert "Okay, twenty minutes" not in said.speech and "twenty minutes" in said.speech


def test_declined_alternating_session_explains_the_switch_by_hand(new_user, alexa_api):
    said = new_user.ask("StartTreatmentSessionIntent",
                        slot("treatment", "heat and ice", "ALTERNATING", "TreatmentType"))
    said = answer(new_user, "DENIED", ask_for(said)["token"])
    assert "Put the heat pack over a thin cloth" in said.speech
    assert said.speech.endswith("Then say: Alexa, set a timer for ten minutes. Repeat with the ice.")


@pytest.mark.parametrize("code", ["400", "500"])
def test_a_device_that_cannot_ask_by_voice_gets_the_card_and_the_self_timer(new_user, alexa_api, code):
    token = ask_for(ask_for_ice(new_user))["token"]
    request = connections_response("ACCEPTED", token=token)
    request["status"] = {"code": code, "message": "voice permission not supported"}
    request["payload"] = {}
    said = new_user.send(request)
    assert said.speech.startswith(words.NO_TIMER_REASON["no_voice_permission"])
    assert said.speech.endswith("Then say: Alexa, set a timer for fifteen minutes.")
    assert_permission_card(said)
    assert_no_timer_claimed(said)


@pytest.mark.parametrize("status", [401, 403])
def test_permission_revoked_behind_a_consent_token_gets_the_card(alexa_api, status):
    alexa_api.deny_permission(status)
    said = ask_for_ice(granted_conversation(alexa_api))
    assert said.speech.startswith(words.NO_TIMER_REASON["permission"])
    assert said.speech.endswith("Then say: Alexa, set a timer for fifteen minutes.")
    assert_permission_card(said)
    assert_no_timer_claimed(said)


@pytest.mark.parametrize("status", [401, 403])
def test_accepted_but_refused_by_the_api_gets_the_card(new_user, alexa_api, status):
    token = ask_for(ask_for_ice(new_user))["token"]
    alexa_api.deny_permission(status)
    said = answer(new_user, "ACCEPTED", token, **GRANTED)
    assert said.speech.startswith("Thanks. " + words.NO_TIMER_REASON["permission"])
    assert_permission_card(said)
    assert_no_timer_claimed(said)


def test_walk_timer_waits_for_permission_too(new_user, alexa_api):
    said = new_user.ask("StartWalkTimerIntent", slot("duration", "PT10M", type_name="AMAZON.DURATION"))
    said = answer(new_user, "ACCEPTED", ask_for(said)["token"], **GRANTED)
    assert said.speech.startswith("Thanks. Okay, a ten minute walk. Your timer is set.")
    assert [t["timerLabel"] for t in alexa_api.active_timers()] == ["Walk"]


def test_time_left_and_stop_without_permission_say_so(new_user, alexa_api):
    assert new_user.ask("SessionTimeLeftIntent").speech.startswith(words.NO_SESSION)
    assert new_user.ask("StopSessionIntent").speech.startswith(words.NOTHING_TO_STOP)
    assert alexa_api.calls(path_prefix="/v1/alerts/timers") == []


def test_time_left_after_permission_was_withdrawn_says_how_to_allow_it(alexa_api):
    conversation = granted_conversation(alexa_api)
    ask_for_ice(conversation)
    said = conversation.ask("SessionTimeLeftIntent", permissions_token=None)
    assert said.speech.startswith(words.TIMERS_NEED_PERMISSION)
    said = conversation.ask("StopSessionIntent", permissions_token=None)
    assert said.speech.startswith(words.STOP_NEEDS_PERMISSION)


# -- emergencies come first, even while Alexa waits for a permission answer -----------------------

@pytest.mark.parametrize("symptom_id, words_heard", [("CANNOT_MOVE_LIMB", "I can't move my leg"),
                                                     (None, None)])
def test_an_emergency_while_permission_is_pending_gets_call_911_first(new_user, alexa_api,
                                                                      symptom_id, words_heard):
    ask_for_ice(new_user)
    said = new_user.ask("EmergencyIntent", slot("symptom", words_heard, symptom_id, "SymptomType"))
    assert said.speech.startswith("Call 911 now.")
    assert said.ended is False and not said.directives


def test_a_late_permission_answer_after_an_emergency_is_handled_from_its_token(new_user, alexa_api):
    token = ask_for(ask_for_ice(new_user))["token"]
    new_user.ask("EmergencyIntent", slot("symptom"))
    said = answer(new_user, "DENIED", token)
    assert said.speech.startswith(words.NO_TIMER_REASON["denied"])
    assert_no_timer_claimed(said)


# -- logs ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("status, logged", [
    ("ACCEPTED", "ACCEPTED"), ("DENIED", "DENIED"), ("NOT_ANSWERED", "NOT_ANSWERED"),
    ("Bearer secret-token\nFORGED LOG LINE", "other"), ({"nested": "anything"}, "other"), (None, "other"),
])
def test_the_permission_answer_is_logged_only_when_it_is_one_alexa_sends(new_user, alexa_api, caplog,
                                                                         status, logged):
    token = ask_for(ask_for_ice(new_user))["token"]
    request = connections_response("DENIED", token=token)
    request["payload"]["status"] = status
    request["status"]["code"] = "200\nFORGED" if status is None else "200"
    caplog.set_level(logging.INFO, logger="skill.handlers.sessions")
    new_user.send(request, **(GRANTED if status == "ACCEPTED" else {}))
    (line,) = [r.getMessage() for r in caplog.records if "permission answer" in r.getMessage()]
    assert line == "timer permission answer: {} (code {})".format(
        logged, "other" if status is None else "200")
    assert "secret" not in caplog.text and "FORGED" not in caplog.text and "nested" not in caplog.text
