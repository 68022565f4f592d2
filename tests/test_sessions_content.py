"""The words of timed sessions: short, dose-free, never a promise to call, and what is said aloud."""

import re

import pytest
from alexa_api_fixtures import (  # noqa: F401
    CONSENT_TOKEN,
    alexa_api,
    granted_conversation,
    use_short_timeout,
    user,
)
from envelopes import Conversation, connections_response, slot
from test_safety import claims_to_call

from skill.content import sessions as words
from skill.speech import ordinal_words, word_count

SPOKEN = {name: value for name, value in vars(words).items()
          if isinstance(value, str) and name.isupper() and name != "TIMERS_SCOPE"}
SPOKEN.update({f"{name}[{key}]": text
               for name, table in vars(words).items() if isinstance(table, dict) and name.isupper()
               for key, text in table.items()})

START = {
    "ice": ("StartTreatmentSessionIntent", [slot("treatment", "ice", "ICE", "TreatmentType")]),
    "heat": ("StartTreatmentSessionIntent", [slot("treatment", "heat", "HEAT", "TreatmentType")]),
    "alternating": ("StartTreatmentSessionIntent",
                    [slot("treatment", "heat and ice", "ALTERNATING", "TreatmentType")]),
    "walk": ("StartWalkTimerIntent", []),
    "sitting": ("SittingReminderIntent", []),
}


@pytest.mark.parametrize("name", sorted(SPOKEN))
def test_no_session_words_claim_to_call_or_name_a_dose(name):
    text = SPOKEN[name]
    assert not claims_to_call(text), text
    assert not re.search(r"milligram|\bmg\b|tablet|pill|dose", text, re.I), text
    if not name.startswith("CARD_"):  # cards number their steps; speech spells numbers out
        assert not re.search(r"\d", text.replace("911", "")), text


@pytest.mark.parametrize("kind", ["heat", "ice", "walk", "sitting"])
def test_announcements_are_short_and_say_what_to_do(kind):
    assert word_count(words.ANNOUNCE_END[kind]) <= 25
    assert words.ANNOUNCE_END[kind].startswith(("Time to", "Your walk", "You've been sitting"))


def test_every_switch_announcement_reminds_of_the_cloth():
    for text in words.ANNOUNCE_SWITCH.values():
        assert "thin cloth" in text and word_count(text) <= 25


def test_the_guides_numbers_are_the_ones_used():
    assert (words.TREATMENT_MIN_MINUTES, words.TREATMENT_MAX_MINUTES) == (10, 20)
    assert words.TREATMENT_MIN_MINUTES <= words.TREATMENT_DEFAULT_MINUTES <= words.TREATMENT_MAX_MINUTES
    assert (words.WALK_MIN_MINUTES, words.WALK_MAX_MINUTES) == (5, 10)
    assert words.WALK_MIN_MINUTES <= words.WALK_DEFAULT_MINUTES <= words.WALK_MAX_MINUTES
    assert words.SITTING_MINUTES == 30
    phase = words.ALTERNATING_DEFAULT_PHASE_MINUTES
    assert words.TREATMENT_MIN_MINUTES <= phase and 2 * phase <= words.TREATMENT_MAX_MINUTES


@pytest.mark.parametrize("n, spoken", [(1, "one minute"), (15, "fifteen minutes"), (45, "forty-five minutes"),
                                       (105, "one hundred and five minutes")])
def test_minutes_are_said_in_words(n, spoken):
    assert words.minutes_words(n) == spoken


@pytest.mark.parametrize("seconds, spoken", [(0, "less than a minute"), (59, "less than a minute"),
                                             (60, "about one minute"), (89, "about one minute"),
                                             (90, "about two minutes"), (840, "about fourteen minutes")])
def test_time_left_is_said_roughly(seconds, spoken):
    assert words.remaining_words(seconds) == spoken


def test_ordinals_stop_where_they_would_sound_odd():
    assert ordinal_words(3) == "third" and ordinal_words(12) == "twelfth"
    assert ordinal_words(13) is None and ordinal_words(0) is None


# -- one breath: the first response of every session, on every path -------------------------------

#: Words a session's first response may take: the user is lying down, maybe in pain.
ONE_BREATH = 35


def treatment(value_id, heard=None):
    heard = heard or {"HEAT": "heat", "ICE": "ice", "ALTERNATING": "heat and ice"}[value_id]
    return slot("treatment", heard, value_id, "TreatmentType")


def duration(value):
    return slot("duration", value, type_name="AMAZON.DURATION")


def start(conversation, value_id="ICE", length=None, heard=None, **options):
    slots = [treatment(value_id, heard)] + ([duration(length)] if length else [])
    return conversation.ask("StartTreatmentSessionIntent", *slots, **options)


def a_day_of(kind, api):
    """A user who has done one session of ``kind`` today, now ended: the next one is counted aloud."""
    conversation = granted_conversation(api)
    assert "set" in start(conversation, kind, None if kind == "ALTERNATING" else "PT10M").speech
    api.advance(minutes=25)
    return conversation


def permission_answer(api, status, first=None, count=False, code="200", accept_then=None):
    """A new user asks (after a session without a timer when ``count``), and Alexa answers.

    ``accept_then`` runs between the question and the answer (to make the Timers API fail).
    """
    conversation = Conversation(api_endpoint=api.api_endpoint)
    first = first or (lambda c: start(c, "ICE", "banana"))
    if count:
        asked = first(conversation)
        conversation.send(connections_response("DENIED", token=asked.directives[0]["token"]))
    asked = first(conversation)
    request = connections_response(status, token=asked.directives[0]["token"])
    request["status"]["code"] = code
    if accept_then:
        accept_then()
    granted = {"permissions_token": CONSENT_TOKEN} if status == "ACCEPTED" else {}
    return conversation.send(request, **granted)


def alternating(heard="heat and ice", length=None):
    return lambda c: start(c, "ALTERNATING", length, heard=heard)


def walk(length=None):
    return lambda c: c.ask("StartWalkTimerIntent", *([duration(length)] if length else []))


def sitting(c):
    return c.ask("SittingReminderIntent")


def failing(api, status, method="POST"):
    return lambda: api.fail_next(status, method=method)


FIRST_RESPONSES = {
    # with a timer
    "ice": lambda api, mp: start(granted_conversation(api), "ICE", "PT15M"),
    "ice, counted": lambda api, mp: start(a_day_of("ICE", api), "ICE", "PT15M"),
    "ice, no length, counted": lambda api, mp: start(a_day_of("ICE", api), "ICE"),
    "ice, length missed, counted": lambda api, mp: start(a_day_of("ICE", api), "ICE", "banana"),
    "ice restarted": lambda api, mp: restart(api, "ICE", "banana"),
    "heat replacing ice, counted": lambda api, mp: replacing_other_kind(api),
    "switch to heat": lambda api, mp: switch(api, "ICE", "HEAT"),
    "switch to heat and ice": lambda api, mp: switch(api, "ICE", "ALTERNATING"),
    "heat and ice": lambda api, mp: start(granted_conversation(api), "ALTERNATING"),
    "heat and ice, counted": lambda api, mp: start(a_day_of("ALTERNATING", api), "ALTERNATING",
                                                   heard="ice then heat"),
    "heat and ice restarted": lambda api, mp: restart(api, "ALTERNATING", "PT30M"),
    "walk, no length": lambda api, mp: walk()(granted_conversation(api)),
    "walk, length missed": lambda api, mp: walk("banana")(granted_conversation(api)),
    "sitting": lambda api, mp: sitting(granted_conversation(api)),
    # asking for permission, and Alexa's answer
    "asking permission": lambda api, mp: start(Conversation(api_endpoint=api.api_endpoint), "ICE"),
    "accepted, length missed, counted": lambda api, mp: permission_answer(api, "ACCEPTED", count=True),
    "accepted heat and ice, counted": lambda api, mp: permission_answer(
        api, "ACCEPTED", alternating("ice then heat"), count=True),
    "accepted walk": lambda api, mp: permission_answer(api, "ACCEPTED", walk("banana")),
    "declined, counted": lambda api, mp: permission_answer(api, "DENIED", count=True),
    "not answered, counted": lambda api, mp: permission_answer(api, "NOT_ANSWERED", count=True),
    "declined heat and ice, counted": lambda api, mp: permission_answer(
        api, "DENIED", alternating(length="PT40M"), count=True),
    "declined walk": lambda api, mp: permission_answer(api, "DENIED", walk("banana")),
    "declined sitting": lambda api, mp: permission_answer(api, "DENIED", sitting),
    "no voice permission, counted": lambda api, mp: permission_answer(api, "ACCEPTED", count=True,
                                                                      code="400"),
    "no voice permission, heat and ice": lambda api, mp: permission_answer(
        api, "ACCEPTED", alternating(), code="400"),
    # the Timers API fails
    "accepted, then refused, counted": lambda api, mp: permission_answer(
        api, "ACCEPTED", count=True, accept_then=lambda: api.deny_permission(403)),
    "accepted heat and ice, then refused": lambda api, mp: permission_answer(
        api, "ACCEPTED", alternating(), accept_then=lambda: api.deny_permission(403)),
    "accepted sitting, then timed out": lambda api, mp: permission_answer(
        api, "ACCEPTED", sitting, accept_then=lambda: slow(api, mp)),
    "accepted walk, then timed out": lambda api, mp: permission_answer(
        api, "ACCEPTED", walk(), accept_then=lambda: slow(api, mp)),
    "accepted heat and ice, then timed out": lambda api, mp: permission_answer(
        api, "ACCEPTED", alternating(), accept_then=lambda: slow(api, mp)),
}
for _reason, _status in (("server", 500), ("offline", 504), ("too many", 400), ("revoked", 401)):
    for _kind, _first in (("ice, counted", None), ("heat and ice, counted", "ALTERNATING"),
                          ("walk", walk("PT10M")), ("sitting", sitting)):
        FIRST_RESPONSES[f"{_reason}: {_kind}"] = (
            lambda api, mp, status=_status, first=_first: failed(api, status, first))


def slow(api, monkeypatch):
    use_short_timeout(monkeypatch)
    api.delay_next(5.0, method="POST")


def failed(api, status, first):
    if first is None or isinstance(first, str):
        conversation = a_day_of(first or "ICE", api)
        first = (lambda c, kind=first or "ICE": start(c, kind))
    else:
        conversation = granted_conversation(api)
    if status == 401:
        api.deny_permission(401)
    else:
        api.fail_next(status, method="POST")
    return first(conversation)


def replacing_other_kind(api):
    conversation = a_day_of("HEAT", api)
    start(conversation, "ICE", "PT15M")
    said = start(conversation, "HEAT", "PT15M")
    assert words.REPLACED in said.speech
    return said


def restart(api, kind, length):
    conversation = a_day_of(kind, api)
    start(conversation, kind)
    said = start(conversation, kind, length)
    assert words.REPLACED in said.speech
    return said


def switch(api, running, to):
    conversation = a_day_of(to, api) if to != "ALTERNATING" else granted_conversation(api)
    start(conversation, running, "PT15M")
    return conversation.ask("SwitchTreatmentIntent", treatment(to))


@pytest.mark.parametrize("path", list(FIRST_RESPONSES))
def test_every_first_response_of_a_session_fits_in_one_breath(alexa_api, monkeypatch, path):
    said = FIRST_RESPONSES[path](alexa_api, monkeypatch)
    assert word_count(said.speech) <= ONE_BREATH, f"{word_count(said.speech)}: {said.speech}"
    assert said.speech.count("?") <= 1


@pytest.mark.parametrize("kind", list(START))
@pytest.mark.parametrize("status", [500, 504])
def test_every_session_without_a_timer_still_says_how_to_set_one(alexa_api, kind, status):
    alexa_api.fail_next(status, method="POST")
    intent, slots = START[kind]
    said = granted_conversation(alexa_api).ask(intent, *slots)
    assert "set a timer for" in said.speech and said.ended is True
