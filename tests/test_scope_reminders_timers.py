"""Honest scope for reminders and timers: nothing starts, and no session ends, that was not asked for.

A reminder or a timer for anything but the skill's own (walks, stretching, sitting breaks;
heat, ice, a walk, a sitting break) gets one sentence of what the skill does and how to ask
Alexa herself, with no API call, no permission question and no card. A bare "set a
reminder" or "set a timer" asks which of the skill's own is meant, and the answer is
understood. "I feel like walking a bit" is about walking: the guide's walking words and an
offer to time a walk, which a "yes" starts. Through the Lambda door, in both locales; the
phrasings as Alexa hears them are in ``tests/conversations/scope_reminders_timers.yaml``.
"""

import pytest
from alexa_api_fixtures import CONSENT_TOKEN, GRANTED, alexa_api  # noqa: F401
from envelopes import Conversation, slot

from skill.content import prompts
from skill.content import reminders as reminder_words
from skill.content import sessions as session_words

LOCALES = ["en-US", "en-CA"]


def task(words, value_id=None):
    return slot("task", words, value_id, "ReminderTaskType", no_match=value_id is None)


def timer_for(words, value_id=None):
    return slot("timer_for", words, value_id, "TimerSubjectType", no_match=value_id is None)


def conversation(alexa_api, locale, granted=True):
    return Conversation(api_endpoint=alexa_api.api_endpoint, locale=locale, **(GRANTED if granted else {}))


def nothing_done(alexa_api, said):
    """No Alexa API was asked to do anything, no permission asked for, and the session is open."""
    assert [c for c in alexa_api.calls() if c.method != "GET"] == []
    assert not [d for d in said.directives if d.get("type") == "Connections.SendRequest"]
    assert said.card.get("type") != "AskForPermissionsConsent"
    assert not said.ended


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("granted", [True, False], ids=["permission granted", "never granted"])
@pytest.mark.parametrize("asked", [
    (task("take my medicine", "MEDICINE"), slot("time", "18:00", type_name="AMAZON.TIME")),  # "... at six"
    (task("take my gabapentin"),),                # words no value matched, naming a medicine
    (task("take two pills every four hours"),),
    (slot("medicine", "lyrica", "PRESCRIPTION", "MedicineType"),),  # "remind me to take my {medicine}"
], ids=["medicine at six", "a medicine not in the list", "pills every four hours", "a medicine named"])
def test_a_medicine_reminder_says_what_the_skill_does_and_how_to_ask_alexa(alexa_api, locale, granted, asked):
    said = conversation(alexa_api, locale, granted).ask("SetReminderIntent", *asked)
    assert said.speech == f"{reminder_words.FOR_MEDICINE} {prompts.ANYTHING_ELSE}"
    assert "Alexa, remind me to take my medicine" in said.speech
    assert "six" not in said.speech  # a time the person may not have said is never put in their mouth
    nothing_done(alexa_api, said)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("asked", [task("call my mom", "OTHER"), task("water the plants tomorrow")])
def test_a_reminder_for_anything_else_says_what_the_skill_does(alexa_api, locale, asked):
    said = conversation(alexa_api, locale).ask("SetReminderIntent", asked)
    assert said.speech == f"{reminder_words.FOR_OTHER} {prompts.ANYTHING_ELSE}"
    nothing_done(alexa_api, said)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("intent", ["StopRemindersIntent", "MoveReminderIntent"])
def test_stopping_or_moving_a_medicine_reminder_touches_none_of_the_skills(alexa_api, locale, intent):
    said = conversation(alexa_api, locale).ask(intent, task("medicine"))
    assert said.speech.startswith(reminder_words.NOT_MINE)
    nothing_done(alexa_api, said)


@pytest.mark.parametrize("locale", LOCALES)
def test_remind_me_to_walk_sets_walk_reminders(alexa_api, locale):
    talk = conversation(alexa_api, locale)
    talk.ask("PainStartedIntent", slot("start_date", "2026-11-28", type_name="AMAZON.DATE"))
    said = talk.ask("SetReminderIntent", task("walk", "WALK"))
    assert said.speech.startswith("Done: walk reminders every day at ten am, one pm and four pm")
    assert len(alexa_api.reminders.reminders) == 3


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("answer, intent, made", [
    ("walks", "WalkingIntent", 3), ("sitting breaks", "SittingIntent", 7), ("stretching", "StretchingIntent", 0),
])
def test_a_bare_set_a_reminder_asks_which_and_the_answer_sets_it(alexa_api, locale, answer, intent, made):
    talk = conversation(alexa_api, locale)
    talk.ask("PainStartedIntent", slot("start_date", "2026-11-28", type_name="AMAZON.DATE"))
    asked = talk.ask("SetReminderIntent")
    assert asked.speech == reminder_words.WHICH_KIND
    nothing_done(alexa_api, asked)
    said = talk.ask(intent)
    assert len(alexa_api.reminders.reminders) == made
    if made:
        assert said.speech.startswith("Done:")
    else:  # the guide: stretching once the spasm eases
        assert said.speech == reminder_words.STRETCH_NOT_YET
    assert not said.ended


def test_the_question_which_reminder_lasts_one_turn(alexa_api):
    talk = conversation(alexa_api, "en-US")
    talk.ask("SetReminderIntent")
    talk.ask("AMAZON.HelpIntent")
    said = talk.ask("WalkingIntent")  # a walking question now, not an answer
    assert alexa_api.reminders.reminders == {}
    assert not said.speech.startswith("Done")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("asked, expected", [
    ((timer_for("my pasta"),), session_words.TIMER_FOR_OTHER),
    ((timer_for("the laundry", "OTHER"), slot("duration", "PT40M", type_name="AMAZON.DURATION")),
     session_words.TIMER_FOR_OTHER),
    ((timer_for("my pills", "MEDICINE"),), session_words.TIMER_FOR_MEDICINE),
    ((timer_for("my next dose of advil"),), session_words.TIMER_FOR_MEDICINE),
])
def test_a_timer_for_anything_else_says_what_the_skill_times(alexa_api, locale, asked, expected):
    said = conversation(alexa_api, locale).ask("SetTimerIntent", *asked)
    assert said.speech == f"{expected} {prompts.ANYTHING_ELSE}"
    nothing_done(alexa_api, said)


@pytest.mark.parametrize("locale", LOCALES)
def test_a_treatment_alexa_heard_as_something_else_is_not_asked_heat_or_ice(alexa_api, locale):
    """"Set a timer for my pasta" heard as the heat-or-ice intent, with "pasta" as the treatment."""
    said = conversation(alexa_api, locale).ask(
        "StartTreatmentSessionIntent", slot("treatment", "pasta", type_name="TreatmentType", no_match=True))
    assert said.speech.startswith(session_words.TIMER_FOR_OTHER)
    nothing_done(alexa_api, said)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("answer, label", [
    (("HeatIceIntent", slot("chosen", "heat", "HEAT", "TreatmentType")), "Heat"),
    (("WalkingIntent",), "Walk"),
    (("SittingIntent",), "Sitting break"),
])
def test_a_bare_set_a_timer_asks_which_and_the_answer_starts_it(alexa_api, locale, answer, label):
    talk = conversation(alexa_api, locale)
    asked = talk.ask("SetTimerIntent", slot("duration", "PT10M", type_name="AMAZON.DURATION"))
    assert asked.speech == session_words.ASK_WHICH_TIMER
    nothing_done(alexa_api, asked)
    talk.ask(*answer)
    (timer,) = alexa_api.active_timers()
    assert timer["timerLabel"] == label
    if label != "Sitting break":
        assert timer["duration"] == "PT10M"  # the length said with "set a timer" is kept


@pytest.mark.parametrize("locale", LOCALES)
def test_i_feel_like_walking_is_about_walking_and_a_yes_times_the_walk(alexa_api, locale):
    talk = conversation(alexa_api, locale)
    offered = talk.ask("FeelLikeWalkingIntent")
    assert offered.speech == session_words.WALK_OFFER.format(minutes="five minute")
    nothing_done(alexa_api, offered)
    started = talk.ask("AMAZON.YesIntent")
    assert started.speech.startswith("Okay, a five minute walk. Your timer is set.")
    (timer,) = alexa_api.active_timers()
    assert timer["duration"] == "PT5M" and timer["timerLabel"] == "Walk"


def test_no_to_timing_a_walk_starts_nothing_and_listens(alexa_api):
    talk = conversation(alexa_api, "en-US")
    talk.ask("FeelLikeWalkingIntent")
    said = talk.ask("AMAZON.NoIntent")
    assert said.speech.startswith(session_words.DECLINED)
    nothing_done(alexa_api, said)


@pytest.mark.parametrize("locale", LOCALES)
def test_take_a_break_heard_in_the_medicine_slot_is_a_sitting_break_reminder(alexa_api, locale):
    """"Remind me to take a break every thirty minutes" fits "remind me to take {medicine}":
    words that match no medicine and name one of the skill's own kinds are that kind."""
    said = conversation(alexa_api, locale).ask(
        "SetReminderIntent", slot("medicine", "a break", None, "MedicineType", no_match=True),
        slot("period", "PT30M", type_name="AMAZON.DURATION"))
    assert reminder_words.FOR_MEDICINE not in said.speech
    assert "sitting" in said.speech.lower() or "hours" in said.speech.lower()
    assert not said.ended
