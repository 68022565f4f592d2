"""Reminders as the person asks for them: the working hours they name, and one of several named.

Through the Lambda door, with the emulated Reminders API, in both locales. The phrasings
as Alexa hears them are in ``tests/conversations/reminders_as_asked.yaml``.
"""

import datetime

import pytest
from alexa_api_fixtures import CONSENT_TOKEN, GRANTED, alexa_api, on_the_same_clock  # noqa: F401
from envelopes import Conversation, slot

from skill.content import reminders as words
from skill.services.reminders import recurrence_rule

LOCALES = ["en-US", "en-CA"]
#: 8 am on Monday, November 30, in New York.
MONDAY_8AM = datetime.datetime(2026, 11, 30, 13, 0, tzinfo=datetime.UTC)
SITTING = slot("reminder_kind", "get up", "SITTING", "ReminderKindType")
WALK = slot("reminder_kind", "walk", "WALK", "ReminderKindType")


def time_slot(name, value):
    return slot(name, value, type_name="AMAZON.TIME")


def which(value_id):
    return slot("which", value_id.lower(), value_id, "ReminderOrdinalType")


@pytest.fixture
def api(monkeypatch, alexa_api):
    on_the_same_clock(monkeypatch, alexa_api, MONDAY_8AM)
    alexa_api.time_zone = "America/New_York"
    return alexa_api


def user(api, locale="en-US") -> Conversation:
    return Conversation(api_endpoint=api.api_endpoint, locale=locale, **GRANTED)


def sitting_hours(api) -> list[tuple[int, int]]:
    found = []
    for reminder in api.reminders.reminders.values():
        (rule,) = reminder.body["trigger"]["recurrence"]["recurrenceRules"]
        if "BYDAY=MO,TU,WE,TH,FR" in rule:
            scheduled = reminder.body["trigger"]["scheduledTime"]
            found.append((int(scheduled[11:13]), int(scheduled[14:16])))
    return sorted(found)


def hours_of(api) -> list[int]:
    return sorted(int(r.body["trigger"]["scheduledTime"][11:13]) for r in api.reminders.reminders.values())


# -- working hours ---------------------------------------------------------------------------------

@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("named, expected, said", [
    ({"start_time": "09:00", "end_time": "05:00"}, [(h, 0) for h in range(10, 17)],
     "from ten am to four pm"),                                                # "nine to five"
    ({"start_time": "07:00"}, [(h, 0) for h in range(8, 15)], "from eight am to two pm"),  # "I start at seven"
    ({"start_time": "08:30", "end_time": "04:00"}, [(h, 30) for h in range(9, 15)],
     "from nine thirty am to two thirty pm"),                                  # "from eight thirty till four"
    ({"end_time": "04:00"}, [(h, 0) for h in range(9, 16)], "from nine am to three pm"),  # "I finish at four"
])
def test_hours_named_just_after_sitting_breaks_on_the_usual_hours_move_them_at_once(api, locale, named, expected,
                                                                                     said):
    conversation = user(api, locale)
    first = conversation.ask("SetReminderIntent", SITTING)
    assert words.SITTING_OTHER_HOURS in first.speech
    assert sitting_hours(api) == [(h, 0) for h in range(10, 17)]
    answer = conversation.ask("SetReminderIntent", *(time_slot(k, v) for k, v in named.items()))
    assert f"every hour {said}" in answer.speech
    assert words.REPLACED.format(kind="sitting break") in answer.speech
    assert sitting_hours(api) == expected
    assert not answer.ended


@pytest.mark.parametrize("locale", LOCALES)
def test_hours_named_out_of_the_blue_are_offered_and_set_only_on_a_yes(api, locale):
    conversation = user(api, locale)
    offered = conversation.ask("SetReminderIntent", time_slot("start_time", "09:00"), time_slot("end_time", "05:00"))
    assert offered.speech.startswith(words.HOURS_OFFER.split("{")[0].split(". ")[0])
    assert offered.speech.endswith("every hour from ten am to four pm?")
    assert api.calls(method="POST") == [] and not offered.ended
    done = conversation.ask("AMAZON.YesIntent")
    assert done.speech.startswith("Done: on weekdays, a reminder to get up every hour from ten am to four pm")
    assert sitting_hours(api) == [(h, 0) for h in range(10, 17)]


def test_hours_named_while_sitting_breaks_are_set_offer_to_move_them_and_no_keeps_them(api):
    conversation = user(api)
    conversation.ask("SetReminderIntent", SITTING)
    conversation.ask("AMAZON.HelpIntent")  # the invitation to name hours lasts one turn
    offered = conversation.ask("SetReminderIntent", time_slot("start_time", "07:00"))
    assert offered.speech == words.HOURS_OFFER_MOVE.format(first="eight am", last="two pm")
    kept = conversation.ask("AMAZON.NoIntent")
    assert kept.speech.startswith(words.HOURS_KEPT)
    assert sitting_hours(api) == [(h, 0) for h in range(10, 17)]


def test_hours_that_cannot_be_used_are_asked_again_and_the_answer_is_taken(api):
    conversation = user(api)
    asked = conversation.ask("SetReminderIntent", time_slot("start_time", "22:00"), time_slot("end_time", "06:00"))
    assert asked.speech == words.SITTING_HOURS_UNUSABLE and not asked.ended
    done = conversation.ask("SetReminderIntent", time_slot("start_time", "08:00"), time_slot("end_time", "04:00"))
    assert "every hour from nine am to three pm" in done.speech
    assert sitting_hours(api) == [(h, 0) for h in range(9, 16)]


def test_the_working_hours_said_in_the_request_are_the_hours_used(api):
    said = user(api).ask("SetReminderIntent", SITTING, time_slot("start_time", "07:00"))  # "... I start at seven"
    assert "every hour from eight am to two pm" in said.speech
    assert sitting_hours(api) == [(h, 0) for h in range(8, 15)]


def test_a_single_time_for_sitting_breaks_asks_for_the_working_hours(api):
    conversation = user(api)
    asked = conversation.ask("SetReminderIntent", SITTING, time_slot("time", "15:00"))
    assert asked.speech == words.SITTING_AT_A_TIME and not asked.ended
    assert api.calls(method="POST") == []
    done = conversation.ask("SetReminderIntent", time_slot("start_time", "09:00"), time_slot("end_time", "05:00"))
    assert "every hour from ten am to four pm" in done.speech


def test_walks_at_a_named_time_move_the_nearest_walk_there(api):
    conversation = user(api)
    conversation.ask("PainStartedIntent", slot("start_date", "2026-11-28", type_name="AMAZON.DATE"))
    said = conversation.ask("SetReminderIntent", WALK, time_slot("time", "03:00"))  # "remind me to walk at three"
    assert "walk reminders every day at ten am, one pm and three pm" in said.speech
    assert hours_of(api) == [10, 13, 15]


def test_the_stretch_at_a_named_time_is_set_then(api):
    conversation = user(api)
    conversation.ask("BackFeelsBetterIntent")
    said = conversation.ask("SetReminderIntent", slot("reminder_kind", "stretch", "STRETCH", "ReminderKindType"),
                            time_slot("time", "10:00"))  # "remind me to stretch at ten": bedtime, so ten pm
    assert "a stretch reminder every night at ten pm" in said.speech
    assert [b["trigger"]["recurrence"]["recurrenceRules"] for b in api.reminders.bodies] == [[recurrence_rule(22, 0)]]


# -- one of several, named ---------------------------------------------------------------------------

def walks_and_stretch(api, locale="en-US") -> Conversation:
    """Walks at nine am, noon, three pm and six pm; the stretch at nine thirty pm."""
    conversation = user(api, locale)
    conversation.ask("PainStartedIntent", slot("start_date", "2026-11-28", type_name="AMAZON.DATE"))
    conversation.ask("SetReminderIntent", WALK, slot("times_a_day", "4", type_name="AMAZON.NUMBER"))
    conversation.ask("BackFeelsBetterIntent")
    conversation.ask("AMAZON.YesIntent")
    assert hours_of(api) == [9, 12, 15, 18, 21]
    return conversation


@pytest.mark.parametrize("locale", LOCALES)
def test_the_evening_one_is_asked_about_and_the_answer_moves_it(api, locale):
    conversation = walks_and_stretch(api, locale)
    asked = conversation.ask("MoveReminderIntent", time_slot("from_time", "EV"), time_slot("time", "07:00"))
    assert asked.speech.startswith("Your reminders are at six pm and nine thirty pm. Which one should move to seven pm?")
    assert api.calls(method="PUT") == []
    # "The six pm one", even heard as a stop, answers the question: nothing is deleted.
    moved = conversation.ask("StopRemindersIntent", time_slot("from_time", "18:00"))
    assert moved.speech.startswith("Done: your six pm walk reminder is now at seven pm.")
    assert api.calls(method="DELETE") == []
    assert hours_of(api) == [9, 12, 15, 19, 21]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_evening_walk_moved_to_seven_is_seven_in_the_evening(api, locale):
    conversation = walks_and_stretch(api, locale)
    moved = conversation.ask("MoveReminderIntent", WALK, which("EVENING"), time_slot("time", "07:00"))
    assert moved.speech.startswith("Done: your six pm walk reminder is now at seven pm.")
    morning = conversation.ask("MoveReminderIntent", WALK, which("FIRST"), time_slot("time", "08:00"))
    assert morning.speech.startswith("Done: your nine am walk reminder is now at eight am.")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("named, stopped, left", [
    ((WALK, which("SECOND")), "Okay, I've stopped your noon walk reminder.", [9, 15, 18, 21]),
    ((time_slot("from_time", "03:00"),), "Okay, I've stopped your three pm walk reminder.", [9, 12, 18, 21]),
    ((WALK, which("EVENING")), "Okay, I've stopped your six pm walk reminder.", [9, 12, 15, 21]),
    ((which("LAST"),), "Okay, I've stopped your nine thirty pm stretch reminder.", [9, 12, 15, 18]),
])
def test_one_reminder_named_is_stopped_and_the_others_stay(api, locale, named, stopped, left):
    conversation = walks_and_stretch(api, locale)
    said = conversation.ask("StopRemindersIntent", *named)
    assert said.speech.startswith(stopped)
    assert hours_of(api) == left


def test_the_evening_one_stopped_among_two_asks_which_and_the_answer_stops_that_one(api):
    conversation = walks_and_stretch(api)
    asked = conversation.ask("StopRemindersIntent", which("EVENING"))
    assert asked.speech.startswith("Your reminders are at six pm and nine thirty pm. Which one should I stop?")
    assert api.calls(method="DELETE") == [] and not asked.ended
    stopped = conversation.ask("MoveReminderIntent", time_slot("from_time", "21:30"))  # "the nine thirty one"
    assert stopped.speech.startswith("Okay, I've stopped your nine thirty pm stretch reminder.")
    assert hours_of(api) == [9, 12, 15, 18]


def test_a_reminder_named_that_is_not_there_is_said_and_nothing_is_stopped(api):
    conversation = walks_and_stretch(api)
    said = conversation.ask("StopRemindersIntent", WALK, time_slot("from_time", "16:00"))
    assert said.speech.startswith(words.NOT_THERE.format(
        kind="walk", time="four pm", times="nine am, noon, three pm and six pm"))
    stretch = slot("reminder_kind", "stretch", "STRETCH", "ReminderKindType")
    second = conversation.ask("StopRemindersIntent", stretch, which("SECOND"))
    assert second.speech.startswith("You have just one stretch reminder, at nine thirty pm. What else")
    assert api.calls(method="DELETE") == []
    assert hours_of(api) == [9, 12, 15, 18, 21]
