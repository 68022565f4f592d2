"""Every failure of the Reminders API, on every path that calls it, gets one clear spoken sentence.

Paths: setting a series, listing, moving, stopping, "forget me", disabling the skill, and
working hours named. Failures: the permission missing or revoked (401, 403), too many
reminders (400 on create), the server down or throttled (500, 429), no answer in time,
and a reminder no longer there (404). Nothing is ever claimed that the API did not do,
and the session stays open for the next question. Through the Lambda door.
"""

import datetime
import time

import doors
import pytest
from alexa_api_fixtures import (  # noqa: F401
    CONSENT_TOKEN,
    GRANTED,
    alexa_api,
    on_the_same_clock,
    use_short_timeout,
)
from envelopes import (
    REMINDERS_SCOPE,
    Conversation,
    envelope,
    skill_event,
    slot,
)

from skill.content import reminders as words
from skill.content.memory import FORGET_DONE

MONDAY_8AM = datetime.datetime(2026, 11, 30, 13, 0, tzinfo=datetime.UTC)
REMINDERS = "/v1/alerts/reminders"
STRETCH = slot("reminder_kind", "stretch", "STRETCH", "ReminderKindType")
PERMISSION_CARD = {"type": "AskForPermissionsConsent", "permissions": [REMINDERS_SCOPE]}


@pytest.fixture
def api(monkeypatch, alexa_api):
    on_the_same_clock(monkeypatch, alexa_api, MONDAY_8AM)
    alexa_api.time_zone = "America/New_York"
    return alexa_api


def with_a_stretch_reminder(api) -> Conversation:
    conversation = Conversation(api_endpoint=api.api_endpoint, **GRANTED)
    conversation.ask("BackFeelsBetterIntent")
    assert conversation.ask("AMAZON.YesIntent").speech.startswith("Done: a stretch reminder")
    return conversation


def fail(api, failure, method=None, monkeypatch=None):
    """Make the next matching Reminders API call fail as ``failure`` says."""
    if failure in (401, 403):
        api.deny_permission(failure, scope=REMINDERS_SCOPE)
    elif failure == "timeout":
        use_short_timeout(monkeypatch)
        api.delay_next(3, method=method, path_prefix=REMINDERS)
    else:
        api.fail_next(failure, method=method, path_prefix=REMINDERS)


def time_slot(name, value):
    return slot(name, value, type_name="AMAZON.TIME")


#: (failure, what is said) for a call that lists or changes reminders.
CHECKING = [(401, words.CANT_CHECK["permission"]), (403, words.CANT_CHECK["permission"]),
            (500, words.CANT_CHECK["server"]), (429, words.CANT_CHECK["server"]),
            ("timeout", words.CANT_CHECK["timeout"])]


@pytest.mark.parametrize("failure, said", CHECKING)
def test_listing_fails_in_words(api, monkeypatch, failure, said):
    conversation = with_a_stretch_reminder(api)
    fail(api, failure, "GET", monkeypatch)
    started = time.monotonic()
    answer = conversation.ask("ListRemindersIntent")
    assert answer.speech.startswith(said) and not answer.ended
    assert time.monotonic() - started < 2.5
    assert (answer.card == PERMISSION_CARD) == (failure in (401, 403))


@pytest.mark.parametrize("failure, said", [*CHECKING[:2], (500, words.STOP_FAILED), ("timeout", words.STOP_FAILED)])
def test_stopping_fails_in_words_and_claims_nothing(api, monkeypatch, failure, said):
    conversation = with_a_stretch_reminder(api)
    fail(api, failure, "DELETE", monkeypatch)
    answer = conversation.ask("StopRemindersIntent", STRETCH)
    assert answer.speech.startswith(said) and "I've stopped" not in answer.speech
    assert len(api.reminders.reminders) == 1


def test_stopping_a_reminder_already_gone_is_not_a_failure(api):
    conversation = with_a_stretch_reminder(api)
    api.fail_next(404, method="DELETE", path_prefix=REMINDERS)
    answer = conversation.ask("StopRemindersIntent", STRETCH)
    assert answer.speech.startswith(words.STOPPED.format(kind="stretch"))


@pytest.mark.parametrize("failure, said", [
    (500, "I couldn't move it just now, so it stays at nine thirty pm."),
    (404, "I couldn't move it just now, so it stays at nine thirty pm."),  # deleted in the app meanwhile
    ("timeout", "I couldn't move it just now, so it stays at nine thirty pm."),
    (403, words.CANT_CHECK["permission"]),
])
def test_moving_fails_in_words_and_the_reminder_stays(api, monkeypatch, failure, said):
    conversation = with_a_stretch_reminder(api)
    fail(api, failure, "PUT", monkeypatch)
    answer = conversation.ask("MoveReminderIntent", STRETCH, time_slot("time", "22:00"))
    assert answer.speech.startswith(said) and "Done" not in answer.speech


@pytest.mark.parametrize("failure, said", [
    (400, words.NO_REMINDER_REASON["too_many"]), (500, words.NO_REMINDER_REASON["server"]),
    (429, words.NO_REMINDER_REASON["server"]), ("timeout", words.NO_REMINDER_REASON["timeout"]),
    (401, words.NO_REMINDER_REASON["permission"]), (403, words.NO_REMINDER_REASON["permission"]),
])
def test_hours_named_and_accepted_fail_in_words_and_nothing_is_set(api, monkeypatch, failure, said):
    conversation = Conversation(api_endpoint=api.api_endpoint, **GRANTED)
    conversation.ask("SetReminderIntent", time_slot("start_time", "09:00"), time_slot("end_time", "05:00"))
    fail(api, failure, "POST", monkeypatch)
    answer = conversation.ask("AMAZON.YesIntent")
    assert said in answer.speech and "Done" not in answer.speech
    assert api.reminders.reminders == {}


@pytest.mark.parametrize("failure", [500, "timeout", 403])
def test_forget_me_with_the_api_failing_erases_memory_and_says_reminders_may_be_left(api, monkeypatch, failure):
    conversation = with_a_stretch_reminder(api)
    conversation.ask("ForgetMeIntent")
    fail(api, failure, "GET", monkeypatch)
    answer = conversation.ask("AMAZON.YesIntent")
    assert answer.speech.startswith(FORGET_DONE)
    assert words.FORGET_REMINDERS_LEFT in answer.speech


@pytest.mark.parametrize("failure", [500, "timeout"])
def test_disabling_the_skill_with_the_api_failing_still_erases_memory(api, monkeypatch, failure):
    import lambda_handler

    # Health details stored between sessions, so that erasing them is something to see.
    doors.reconfigure(monkeypatch, keep_health_details=True)
    conversation = with_a_stretch_reminder(api)
    conversation.session_id = None  # the next request opens a new conversation
    fail(api, failure, "GET", monkeypatch)
    lambda_handler.handler(envelope(skill_event(), with_session=False, api_endpoint=api.api_endpoint,
                                    **GRANTED), None)
    # Memory is gone: the back feeling better is forgotten, so no stretch reminder yet.
    again = conversation.ask("SetReminderIntent", STRETCH)
    assert again.speech.startswith(words.STRETCH_NOT_YET)
