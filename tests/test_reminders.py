"""Reminders between conversations, through the real request-envelope path and the emulated API.

The bodies the skill sends are compared with ``ask_sdk_model``'s own reminder classes,
serialized by the SDK; failures, time zones, the permission answer and deletion are each
checked against the emulator's record of what reached it.
"""

import datetime
import logging

import pytest
from alexa_api_fixtures import (  # noqa: F401
    CONSENT_TOKEN,
    GRANTED,
    alexa_api,
    on_the_same_clock,
    use_short_timeout,
)
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.services.reminder_management import (
    AlertInfo,
    PushNotification,
    PushNotificationStatus,
    Recurrence,
    ReminderRequest,
    SpokenInfo,
    SpokenText,
    Trigger,
    TriggerType,
)
from envelopes import (
    REMINDERS_SCOPE,
    TIMERS_SCOPE,
    Conversation,
    connections_response,
    envelope,
    skill_event,
    slot,
)

from skill.content import reminders as words
from skill.services.reminders import REMINDERS_SCOPE as SERVICE_SCOPE
from skill.services.reminders import recurrence_rule

#: 11 pm on November 30 in Los Angeles: already December 1 in UTC.
LA_11PM = datetime.datetime(2026, 12, 1, 7, 0, tzinfo=datetime.UTC)
WALK = slot("reminder_kind", "walk", "WALK", "ReminderKindType")
STRETCH = slot("reminder_kind", "stretch", "STRETCH", "ReminderKindType")


@pytest.fixture
def at_11pm_in_los_angeles(monkeypatch, alexa_api):
    on_the_same_clock(monkeypatch, alexa_api, LA_11PM)
    alexa_api.time_zone = "America/Los_Angeles"
    return LA_11PM


def user(alexa_api, locale="en-US", **options):
    return Conversation(api_endpoint=alexa_api.api_endpoint, locale=locale, **{**GRANTED, **options})


def pain_started(conversation, day: str):
    return conversation.ask("PainStartedIntent", slot("start_date", day, type_name="AMAZON.DATE"))


def ask_for_walks(conversation, *extra):
    return conversation.ask("SetReminderIntent", WALK, *extra)


def sdk_body(request: ReminderRequest) -> dict:
    return DefaultSerializer().serialize(request)


# -- the exact bodies ------------------------------------------------------------------------------

@pytest.mark.parametrize("locale", ["en-US", "en-CA"])
def test_walk_reminders_west_of_utc_at_11pm_start_tomorrow_in_the_users_own_time_zone(
        alexa_api, at_11pm_in_los_angeles, locale):
    conversation = user(alexa_api, locale)
    pain_started(conversation, "2026-11-29")
    said = ask_for_walks(conversation)
    assert "ten am, one pm and four pm, until December 7" in said.speech

    bodies = alexa_api.reminders.bodies
    assert len(bodies) == 3
    rules = {10: "FREQ=DAILY;BYHOUR=10;BYMINUTE=0;BYSECOND=0;INTERVAL=1",
             13: "FREQ=DAILY;BYHOUR=13;BYMINUTE=0;BYSECOND=0;INTERVAL=1",
             16: "FREQ=DAILY;BYHOUR=16;BYMINUTE=0;BYSECOND=0;INTERVAL=1"}
    for body, hour in zip(bodies, (10, 13, 16), strict=True):
        first = datetime.datetime(2026, 12, 1, hour, 0)
        expected = ReminderRequest(
            request_time=datetime.datetime(2026, 12, 1, 7, 0),
            trigger=Trigger(
                object_type=TriggerType.SCHEDULED_ABSOLUTE, scheduled_time=first,
                time_zone_id="America/Los_Angeles",
                recurrence=Recurrence(
                    start_date_time=first, end_date_time=datetime.datetime(2026, 12, 7, 23, 59),
                    recurrence_rules=[rules[hour]])),
            alert_info=AlertInfo(spoken_info=SpokenInfo(content=[SpokenText(
                locale=locale, text="Time for a short walk on level ground, five to ten minutes.")])),
            push_notification=PushNotification(status=PushNotificationStatus.ENABLED))
        assert body == sdk_body(expected)
        # The local time carries no offset: the API reads it in timeZoneId.
        assert body["trigger"]["scheduledTime"] == first.isoformat()


def test_sitting_reminders_repeat_on_weekdays_within_working_hours(alexa_api):
    said = user(alexa_api).ask("SetReminderIntent", slot("reminder_kind", "get up", "SITTING", "ReminderKindType"))
    rules = [b["trigger"]["recurrence"]["recurrenceRules"] for b in alexa_api.reminders.bodies]
    assert rules == [["FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=10;BYMINUTE=0;BYSECOND=0;INTERVAL=1"],
                     ["FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=11;BYMINUTE=0;BYSECOND=0;INTERVAL=1"],
                     ["FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=12;BYMINUTE=0;BYSECOND=0;INTERVAL=1"],
                     ["FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=13;BYMINUTE=0;BYSECOND=0;INTERVAL=1"],
                     ["FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=14;BYMINUTE=0;BYSECOND=0;INTERVAL=1"],
                     ["FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=15;BYMINUTE=0;BYSECOND=0;INTERVAL=1"],
                     ["FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=16;BYMINUTE=0;BYSECOND=0;INTERVAL=1"]]
    assert "every hour from ten am to four pm" in said.speech
    assert words.SITTING_HONEST in said.speech and words.SITTING_OTHER_HOURS in said.speech


def test_recurrence_rules_are_what_the_api_documents():
    assert recurrence_rule(21, 30) == "FREQ=DAILY;BYHOUR=21;BYMINUTE=30;BYSECOND=0;INTERVAL=1"
    assert recurrence_rule(9, 0, ("MO", "FR")) == "FREQ=WEEKLY;BYDAY=MO,FR;BYHOUR=9;BYMINUTE=0;BYSECOND=0;INTERVAL=1"


def test_every_reminder_text_is_short_plain_and_within_the_guide():
    for kind, text in words.REMINDER_TEXT.items():
        assert 0 < len(text) <= words.MAX_REMINDER_TEXT, kind
        assert not set(text) & set("<>&{}"), kind
        assert "911" not in text and "call" not in text.lower()  # no reminder replaces the 911 rule
    assert words.REMINDERS_SCOPE == SERVICE_SCOPE == REMINDERS_SCOPE


def test_the_series_length_asked_for_is_kept_within_four_weeks(alexa_api, at_11pm_in_los_angeles):
    conversation = user(alexa_api)
    pain_started(conversation, "2026-11-29")
    said = ask_for_walks(conversation, slot("period", "P10W", type_name="AMAZON.DURATION"),
                         slot("times_a_day", "9", type_name="AMAZON.NUMBER"))
    ends = {b["trigger"]["recurrence"]["endDateTime"] for b in alexa_api.reminders.bodies}
    assert ends == {"2026-12-28T23:59:00"}
    assert len(alexa_api.reminders.bodies) == 4
    assert "twenty-eight days" in said.speech or "twenty eight days" in said.speech
    assert "I've set four" in said.speech


def test_moving_the_stretch_reminder_updates_it_in_place(alexa_api, at_11pm_in_los_angeles):
    conversation = user(alexa_api)
    conversation.ask("BackFeelsBetterIntent")
    conversation.ask("AMAZON.YesIntent")
    (made,) = alexa_api.reminders.reminders
    said = conversation.ask("MoveReminderIntent", STRETCH, slot("time", "22:00", type_name="AMAZON.TIME"))
    assert "now at ten pm" in said.speech
    assert list(alexa_api.reminders.reminders) == [made]
    moved = alexa_api.reminders.bodies[-1]
    assert moved["trigger"]["recurrence"]["recurrenceRules"] == [recurrence_rule(22, 0)]
    assert moved["trigger"]["scheduledTime"] == "2026-12-01T22:00:00"
    assert [c.method for c in alexa_api.calls(path_prefix="/v1/alerts/reminders/")] == ["PUT"]


SITTING = slot("reminder_kind", "get up", "SITTING", "ReminderKindType")


def time_slot(name, value):
    return slot(name, value, type_name="AMAZON.TIME")


def weekday_hours(alexa_api):
    rules = [b["trigger"]["recurrence"]["recurrenceRules"] for b in alexa_api.reminders.bodies]
    assert all(r[0].startswith("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;") for r in rules)
    return [int(r[0].split("BYHOUR=")[1].split(";")[0]) for r in rules]


@pytest.mark.parametrize("start, end, hours, said", [
    ("08:00", "04:00", range(9, 16), "every hour from nine am to three pm"),   # "from eight to four"
    ("09:00", "17:00", range(10, 17), "every hour from ten am to four pm"),    # "from nine am to five pm"
    ("07:00", "15:00", range(8, 15), "every hour from eight am to two pm"),
    ("01:00", "05:00", range(14, 17), "every hour from two pm to four pm"),    # "from one to five"
    ("12:00", "08:00", range(13, 20), "every hour from one pm to seven pm"),   # "from noon to eight"
])
def test_sitting_reminders_keep_to_the_working_hours_the_user_names(alexa_api, start, end, hours, said):
    speech = user(alexa_api).ask("SetReminderIntent", SITTING, time_slot("start_time", start),
                                 time_slot("end_time", end)).speech
    assert weekday_hours(alexa_api) == list(hours)
    assert said in speech and words.SITTING_HONEST in speech
    assert words.SITTING_OTHER_HOURS not in speech


@pytest.mark.parametrize("named", [
    {"start_time": "09:00", "end_time": "10:00"},   # one hour: no break inside it
    {"start_time": "06:00", "end_time": "23:00"},   # seventeen hours
    {"start_time": "22:00", "end_time": "06:00"},   # past midnight
    {"start_time": "09:00", "end_time": "NI"},      # "night": no time of day
])
def test_working_hours_that_cannot_be_used_are_asked_again_and_nothing_is_set(alexa_api, named):
    said = user(alexa_api).ask("SetReminderIntent", SITTING,
                               *(time_slot(name, value) for name, value in named.items()))
    assert said.speech == words.SITTING_HOURS_UNUSABLE
    assert not said.ended
    assert alexa_api.calls(path_prefix="/v1/alerts/reminders") == []


def test_a_new_series_of_a_kind_replaces_the_old_one(alexa_api, at_11pm_in_los_angeles):
    conversation = user(alexa_api)
    pain_started(conversation, "2026-11-29")
    ask_for_walks(conversation, slot("times_a_day", "4", type_name="AMAZON.NUMBER"))
    said = ask_for_walks(conversation, slot("times_a_day", "3", type_name="AMAZON.NUMBER"))
    assert words.REPLACED.format(kind="walk") in said.speech
    hours = sorted(r.body["trigger"]["scheduledTime"][11:13] for r in alexa_api.reminders.reminders.values())
    assert hours == ["10", "13", "16"]
    listed = conversation.ask("ListRemindersIntent")
    assert "walk reminders at ten am, one pm and four pm" in listed.speech


def test_a_new_series_that_fails_leaves_the_old_one_as_it_was(alexa_api, at_11pm_in_los_angeles):
    conversation = user(alexa_api)
    pain_started(conversation, "2026-11-29")
    ask_for_walks(conversation)
    before = set(alexa_api.reminders.reminders)
    alexa_api.fail_next(500, method="POST", path_prefix="/v1/alerts/reminders")
    said = ask_for_walks(conversation, slot("times_a_day", "4", type_name="AMAZON.NUMBER"))
    assert words.NO_REMINDER_REASON["server"] in said.speech
    assert set(alexa_api.reminders.reminders) == before


def test_an_old_series_that_cannot_all_be_deleted_is_said(alexa_api, at_11pm_in_los_angeles):
    conversation = user(alexa_api)
    pain_started(conversation, "2026-11-29")
    ask_for_walks(conversation)
    alexa_api.fail_next(500, method="DELETE", path_prefix="/v1/alerts/reminders/")
    said = ask_for_walks(conversation, slot("times_a_day", "4", type_name="AMAZON.NUMBER"))
    assert words.REPLACE_INCOMPLETE.format(kind="walk") in said.speech
    assert words.REPLACED.format(kind="walk") not in said.speech
    assert len(alexa_api.reminders.reminders) == 4 + 3


def walks_set(alexa_api):
    conversation = user(alexa_api)
    pain_started(conversation, "2026-11-29")
    ask_for_walks(conversation)
    return conversation


def reminder_at(alexa_api, hour):
    (found,) = [r for r in alexa_api.reminders.reminders.values()
                if int(r.body["trigger"]["scheduledTime"][11:13]) == hour]
    return found


def test_one_of_several_walk_reminders_moves_and_the_series_keeps_its_end(
        alexa_api, at_11pm_in_los_angeles, monkeypatch):
    conversation = walks_set(alexa_api)
    # Two days on, the one pm walk moves to two pm: it still ends on December 7.
    alexa_api.clock.advance(datetime.timedelta(days=2, hours=-10).total_seconds())
    one_pm = reminder_at(alexa_api, 13).id
    said = conversation.ask("MoveReminderIntent", WALK, time_slot("from_time", "13:00"),
                            time_slot("time", "14:00"))
    assert said.speech.startswith("Done: your one pm walk reminder is now at two pm. It still stops after December 7.")
    assert len(alexa_api.calls(method="PUT")) == 1
    assert reminder_at(alexa_api, 14).id == one_pm  # updated in place, not made again
    recurrence = alexa_api.reminders.bodies[-1]["trigger"]["recurrence"]
    assert recurrence["endDateTime"] == "2026-12-07T23:59:00"
    assert recurrence["startDateTime"] == "2026-12-02T14:00:00"
    assert recurrence["recurrenceRules"] == [recurrence_rule(14, 0)]
    assert {reminder_at(alexa_api, h).id for h in (10, 16)}.isdisjoint({one_pm})


def test_with_several_the_skill_asks_which_and_takes_the_answer_next_turn(alexa_api, at_11pm_in_los_angeles):
    conversation = walks_set(alexa_api)
    asked = conversation.ask("MoveReminderIntent", WALK, time_slot("time", "14:00"))
    assert asked.speech.startswith("Your walk reminders are at ten am, one pm and four pm. "
                                   "Which one should move to two pm?")
    assert not asked.ended and alexa_api.calls(method="PUT") == []
    said = conversation.ask("MoveReminderIntent", time_slot("from_time", "13:00"))  # "the one pm one"
    assert said.speech.startswith("Done: your one pm walk reminder is now at two pm.")
    assert reminder_at(alexa_api, 14)
    # The question lasts one turn: later, "the four pm one" alone is a new request that asks again.
    conversation.ask("AMAZON.HelpIntent")
    later = conversation.ask("MoveReminderIntent", time_slot("from_time", "16:00"))
    assert later.speech.startswith(words.MOVE_WHICH_TIME)


@pytest.mark.parametrize("which, hour_moved", [("FIRST", 10), ("SECOND", 13), ("LAST", 16)])
def test_a_walk_reminder_named_by_its_place_moves(alexa_api, at_11pm_in_los_angeles, which, hour_moved):
    conversation = walks_set(alexa_api)
    said = conversation.ask("MoveReminderIntent", WALK, slot("which", which.lower(), which, "ReminderOrdinalType"),
                            time_slot("time", "18:00"))
    assert said.speech.startswith("Done: your ")
    assert reminder_at(alexa_api, 18)
    assert not [r for r in alexa_api.reminders.reminders.values()
                if int(r.body["trigger"]["scheduledTime"][11:13]) == hour_moved]


def test_a_reminder_that_is_not_there_is_said_with_the_ones_that_are(alexa_api, at_11pm_in_los_angeles):
    conversation = walks_set(alexa_api)
    said = conversation.ask("MoveReminderIntent", WALK, time_slot("from_time", "15:00"), time_slot("time", "17:00"))
    assert said.speech.startswith(words.NOT_THERE.format(
        kind="walk", time="three pm", times="ten am, one pm and four pm"))
    fourth = conversation.ask("MoveReminderIntent", WALK, slot("which", "fourth", "FOURTH", "ReminderOrdinalType"),
                              time_slot("time", "17:00"))
    assert "You have three walk reminders" in fourth.speech
    assert alexa_api.calls(method="PUT") == []


def test_a_reminder_named_only_by_its_time_is_found_by_it(alexa_api, at_11pm_in_los_angeles):
    conversation = walks_set(alexa_api)
    said = conversation.ask("MoveReminderIntent", time_slot("from_time", "16:00"), time_slot("time", "17:00"))
    assert said.speech.startswith("Done: your four pm walk reminder is now at five pm.")


def test_a_moved_sitting_reminder_stays_on_weekdays(alexa_api):
    conversation = user(alexa_api)
    conversation.ask("SetReminderIntent", SITTING, time_slot("start_time", "09:00"), time_slot("end_time", "12:00"))
    said = conversation.ask("MoveReminderIntent", SITTING, slot("which", "last", "LAST", "ReminderOrdinalType"),
                            time_slot("time", "11:30"))
    assert said.speech.startswith("Done: your eleven am sitting break reminder is now at eleven thirty am.")
    rule = alexa_api.reminders.bodies[-1]["trigger"]["recurrence"]["recurrenceRules"]
    assert rule == [recurrence_rule(11, 30, ("MO", "TU", "WE", "TH", "FR"))]


# -- permission --------------------------------------------------------------------------------------

def test_without_permission_the_skill_asks_for_reminders_and_the_answer_comes_back_to_it(alexa_api):
    conversation = Conversation(api_endpoint=alexa_api.api_endpoint)
    conversation.ask("BackFeelsBetterIntent")  # memory, so stretching is offered
    said = conversation.ask("AMAZON.YesIntent")
    (directive,) = said.directives
    assert directive["payload"]["permissionScope"] == REMINDERS_SCOPE
    assert directive["token"].startswith("bsc-reminders:")
    assert said.speech == words.ASK_PERMISSION
    assert alexa_api.calls(path_prefix="/v1/alerts/reminders") == []

    after = conversation.send(connections_response("ACCEPTED", token=directive["token"], scope=REMINDERS_SCOPE),
                              **GRANTED)
    assert after.speech.startswith("Thanks. Done: a stretch reminder every night at nine thirty pm")
    assert len(alexa_api.reminders.reminders) == 1


def test_the_working_hours_travel_through_the_permission_question(alexa_api):
    conversation = Conversation(api_endpoint=alexa_api.api_endpoint)
    asked = conversation.ask("SetReminderIntent", SITTING, time_slot("start_time", "08:00"),
                             time_slot("end_time", "04:00"))
    (directive,) = asked.directives
    after = conversation.send(connections_response("ACCEPTED", token=directive["token"], scope=REMINDERS_SCOPE),
                              **GRANTED)
    assert "every hour from nine am to three pm" in after.speech
    assert weekday_hours(alexa_api) == list(range(9, 16))


@pytest.mark.parametrize("answer, words_said", [("DENIED", words.NO_REMINDER_REASON["denied"]),
                                                ("NOT_ANSWERED", words.NO_REMINDER_REASON["not_answered"])])
def test_a_refused_or_unanswered_permission_sends_the_reminders_card(alexa_api, answer, words_said):
    token = 'bsc-reminders:{"adjusted":[],"days":7,"kind":"stretch","per_day":3}'
    said = Conversation(api_endpoint=alexa_api.api_endpoint).send(
        connections_response(answer, token=token, scope=REMINDERS_SCOPE))
    assert said.speech.startswith(words_said)
    assert said.card == {"type": "AskForPermissionsConsent", "permissions": [REMINDERS_SCOPE]}
    assert alexa_api.reminders.reminders == {}


def test_a_timer_token_still_goes_to_the_timers(alexa_api):
    token = 'bsc-session:{"defaulted":null,"first":"heat","minutes":15,"treatment":"ice"}'
    said = Conversation(api_endpoint=alexa_api.api_endpoint).send(connections_response("DENIED", token=token))
    assert "no timer" in said.speech.lower()
    assert said.card["permissions"] == [TIMERS_SCOPE]


def test_a_revoked_permission_is_said_and_the_card_sent(alexa_api):
    alexa_api.deny_permission(403, scope=REMINDERS_SCOPE)
    conversation = user(alexa_api)
    conversation.ask("BackFeelsBetterIntent")
    said = conversation.ask("AMAZON.YesIntent")
    assert words.NO_REMINDER_REASON["permission"] in said.speech
    assert said.card == {"type": "AskForPermissionsConsent", "permissions": [REMINDERS_SCOPE]}
    listed = conversation.ask("ListRemindersIntent")
    assert words.CANT_CHECK["permission"] in listed.speech


# -- failures ---------------------------------------------------------------------------------------------

def stretch_reminder(alexa_api):
    conversation = user(alexa_api)
    conversation.ask("BackFeelsBetterIntent")
    return conversation.ask("AMAZON.YesIntent")


def test_the_api_down_is_said_and_nothing_is_claimed(alexa_api):
    alexa_api.fail_next(500, path_prefix="/v1/alerts/reminders")
    said = stretch_reminder(alexa_api)
    assert words.NO_REMINDER_REASON["server"] in said.speech and "Done" not in said.speech


def test_throttling_is_said_as_try_again_later(alexa_api):
    alexa_api.fail_next(429, path_prefix="/v1/alerts/reminders")
    said = stretch_reminder(alexa_api)
    assert words.NO_REMINDER_REASON["server"] in said.speech


def test_a_slow_api_is_given_up_on_within_the_turn(alexa_api, monkeypatch):
    import time

    use_short_timeout(monkeypatch)
    alexa_api.delay_next(3, path_prefix="/v1/alerts/reminders")
    started = time.monotonic()
    said = stretch_reminder(alexa_api)
    assert words.NO_REMINDER_REASON["timeout"] in said.speech
    assert time.monotonic() - started < 2.5


def test_too_many_reminders_is_said_and_a_partial_series_is_undone(alexa_api, at_11pm_in_los_angeles):
    alexa_api.reminders.max_reminders = 2
    conversation = user(alexa_api)
    pain_started(conversation, "2026-11-29")
    said = ask_for_walks(conversation)
    assert words.NO_REMINDER_REASON["too_many"] in said.speech
    assert alexa_api.reminders.reminders == {}


def test_no_user_data_reaches_the_log(alexa_api, caplog):
    caplog.set_level(logging.DEBUG)
    stretch_reminder(alexa_api)
    for record in caplog.records:
        message = record.getMessage()
        assert CONSENT_TOKEN not in message and "TESTUSER" not in message
        assert "alerts/reminders/" not in message and "stretch every day" not in message


# -- deletion --------------------------------------------------------------------------------------------

def test_skill_disabled_deletes_the_skills_reminders(alexa_api):
    stretch_reminder(alexa_api)
    assert len(alexa_api.reminders.reminders) == 1
    import lambda_handler

    lambda_handler.handler(envelope(skill_event(), with_session=False, api_endpoint=alexa_api.api_endpoint,
                                    **GRANTED), None)
    assert alexa_api.reminders.reminders == {}


def test_forget_me_deletes_the_reminders_and_says_so(alexa_api):
    conversation = user(alexa_api)
    conversation.ask("BackFeelsBetterIntent")
    conversation.ask("AMAZON.YesIntent")
    conversation.ask("ForgetMeIntent")
    said = conversation.ask("AMAZON.YesIntent")
    assert words.FORGET_ALSO_STOPPED in said.speech
    assert alexa_api.reminders.reminders == {}


def test_a_stop_of_a_reminder_the_skill_never_sets_deletes_nothing(alexa_api):
    """"Stop my medicine reminder" is not "stop all my reminders": the skill's stay."""
    stretch_reminder(alexa_api)
    said = user(alexa_api).ask("StopRemindersIntent", slot("task", "medicine", None, "ReminderTaskType"))
    assert said.speech.startswith(words.NOT_MINE)
    assert len(alexa_api.reminders.reminders) == 1
    assert alexa_api.calls(method="DELETE") == []
