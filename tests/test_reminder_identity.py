"""The skill knows its reminders by their ids, never by their words.

The reminder-identity test: reword every sentence a reminder speaks, and every live
reminder is still listed by its kind, moved, stopped, and deleted by "forget me" and
when the skill is disabled. A reminder whose kind the skill does not know is still
listed, moved, stopped and deleted, as "a reminder". All through the Lambda door, with
the SDK's real reminder client against the emulated Reminders API.
"""

import datetime
import json
import sqlite3

import doors
import pytest
from alexa_api_fixtures import CONSENT_TOKEN, GRANTED, alexa_api, on_the_same_clock  # noqa: F401
from envelopes import (
    DEFAULT_USER,
    Conversation,
    envelope,
    skill_event,
    slot,
)

from skill.content import reminders as words

#: 11 pm on November 30 in Los Angeles.
LA_11PM = datetime.datetime(2026, 12, 1, 7, 0, tzinfo=datetime.UTC)
REWORDED = {
    "walk": "A short, gentle walk now: flat ground, five to ten minutes.",
    "stretch": "Bedtime: a few gentle stretches for your back.",
    "sitting": "You've been sitting a while. Stand up and move about, or lie down.",
}


def kind(value, value_id):
    return slot("reminder_kind", value, value_id, "ReminderKindType")


def time_slot(name, value):
    return slot(name, value, type_name="AMAZON.TIME")


@pytest.fixture
def la(monkeypatch, alexa_api):
    on_the_same_clock(monkeypatch, alexa_api, LA_11PM)
    alexa_api.time_zone = "America/Los_Angeles"
    return alexa_api


def routine(alexa_api, locale="en-US") -> Conversation:
    """Walks three times a day, the bedtime stretch, and sitting breaks from nine to noon."""
    conversation = Conversation(api_endpoint=alexa_api.api_endpoint, locale=locale, **GRANTED)
    conversation.ask("PainStartedIntent", slot("start_date", "2026-11-28", type_name="AMAZON.DATE"))
    conversation.ask("SetReminderIntent", kind("walk", "WALK"))
    conversation.ask("BackFeelsBetterIntent")
    conversation.ask("AMAZON.YesIntent")
    conversation.ask("SetReminderIntent", kind("get up", "SITTING"), time_slot("start_time", "09:00"),
                     time_slot("end_time", "12:00"))
    assert len(alexa_api.reminders.reminders) == 3 + 1 + 2
    return conversation


def texts(alexa_api) -> list[str]:
    return sorted(r.text("en-US")[0] for r in alexa_api.reminders.reminders.values())


def hours(alexa_api) -> list[int]:
    return sorted(int(r.body["trigger"]["scheduledTime"][11:13]) for r in alexa_api.reminders.reminders.values())


def stored_kinds(user_id=DEFAULT_USER) -> dict:
    """The reminder kinds memory keeps for ``user_id`` (the SQLite record's one field)."""
    import hashlib

    connection = sqlite3.connect(doors.current().settings.sqlite_path)
    try:
        rows = dict(connection.execute("SELECT id, attributes FROM memory").fetchall())
    finally:
        connection.close()
    record = json.loads(rows.get(hashlib.sha256(user_id.encode()).hexdigest(), "{}"))
    return record.get("reminder_kinds", {})


@pytest.mark.parametrize("locale", ["en-US", "en-CA"])
def test_reworded_reminders_are_still_listed_moved_stopped_and_forgotten(la, monkeypatch, locale):
    conversation = routine(la, locale)
    monkeypatch.setattr(words, "REMINDER_TEXT", REWORDED)
    assert not set(texts(la)) & set(REWORDED.values())  # the live ones still say the old words

    listed = conversation.ask("ListRemindersIntent")
    assert listed.speech.startswith(
        "You have walk reminders at ten am, one pm and four pm, a stretch reminder at nine thirty pm "
        "and sitting break reminders at ten am and eleven am.")

    moved = conversation.ask("MoveReminderIntent", kind("stretch", "STRETCH"), time_slot("time", "22:00"))
    assert moved.speech.startswith("Done: your stretch reminder is now at ten pm.")
    assert REWORDED["stretch"] in texts(la)  # a known kind, moved, says the skill's words of now

    moved = conversation.ask("MoveReminderIntent", kind("walk", "WALK"), slot("which", "last", "LAST", "ReminderOrdinalType"),
                             time_slot("time", "17:00"))
    assert moved.speech.startswith("Done: your four pm walk reminder is now at five pm.")

    stopped = conversation.ask("StopRemindersIntent", kind("walk", "WALK"))
    assert stopped.speech.startswith(words.STOPPED.format(kind="walk"))
    assert hours(la) == [10, 11, 22]  # the sitting breaks and the stretch are untouched

    conversation.ask("ForgetMeIntent")
    forgotten = conversation.ask("AMAZON.YesIntent")
    assert words.FORGET_ALSO_STOPPED in forgotten.speech
    assert la.reminders.reminders == {}


def test_reworded_reminders_are_deleted_when_the_skill_is_disabled(la, monkeypatch):
    import lambda_handler

    routine(la)
    monkeypatch.setattr(words, "REMINDER_TEXT", REWORDED)
    lambda_handler.handler(envelope(skill_event(), with_session=False, api_endpoint=la.api_endpoint,
                                    **GRANTED), None)
    assert la.reminders.reminders == {}
    assert stored_kinds() == {}


def test_memory_keeps_each_reminders_kind_by_its_id_and_forgets_the_ids_the_api_drops(la):
    conversation = routine(la)
    ids = set(la.reminders.reminders)
    assert set(stored_kinds()) == ids
    assert sorted(stored_kinds().values()) == ["sitting"] * 2 + ["stretch"] + ["walk"] * 3
    # The user deletes the stretch reminder in the Alexa app: the next list forgets its id.
    (stretch,) = [i for i, k in stored_kinds().items() if k == "stretch"]
    del la.reminders.reminders[stretch]
    conversation.ask("ListRemindersIntent")
    assert set(stored_kinds()) == ids - {stretch}


def make_reminder_the_skill_cannot_name(alexa_api, text="Time to check in with your back.", hour=18):
    """A reminder of the skill's (the API lists it) whose kind memory does not know."""
    body = {"requestTime": "2026-12-01T07:00:00",
            "trigger": {"type": "SCHEDULED_ABSOLUTE", "scheduledTime": f"2026-12-01T{hour}:00:00",
                        "timeZoneId": "America/Los_Angeles",
                        "recurrence": {"startDateTime": f"2026-12-01T{hour}:00:00",
                                       "endDateTime": "2026-12-07T23:59:00",
                                       "recurrenceRules": [f"FREQ=DAILY;BYHOUR={hour};BYMINUTE=0;BYSECOND=0;INTERVAL=1"]}},
            "alertInfo": {"spokenInfo": {"content": [{"locale": "en-US", "text": text}]}},
            "pushNotification": {"status": "ENABLED"}}
    status, made = alexa_api.reminders.handle("POST", "/v1/alerts/reminders", json.dumps(body).encode(),
                                              alexa_api.clock.now())
    assert status == 200
    return made["alertToken"]


def test_a_reminder_whose_kind_is_not_known_is_listed_moved_and_stopped_as_a_reminder(la):
    conversation = Conversation(api_endpoint=la.api_endpoint, **GRANTED)
    unknown = make_reminder_the_skill_cannot_name(la)
    listed = conversation.ask("ListRemindersIntent")
    assert listed.speech.startswith("You have a reminder at six pm.")

    moved = conversation.ask("MoveReminderIntent", time_slot("from_time", "18:00"), time_slot("time", "19:00"))
    assert moved.speech.startswith("Done: your reminder is now at seven pm. It still stops after December 7.")
    assert la.reminders.reminders[unknown].text("en-US")[0] == "Time to check in with your back."  # its own words

    stopped = conversation.ask("StopRemindersIntent")
    assert stopped.speech.startswith(words.STOPPED_ALL)
    assert la.reminders.reminders == {}


def test_a_kind_asked_for_when_memory_knows_none_names_them_by_time_and_deletes_nothing_unasked(la):
    conversation = routine(la)
    # Memory is lost (storage erased behind the skill's back): the API still lists all six.
    connection = sqlite3.connect(doors.current().settings.sqlite_path)
    connection.execute("DELETE FROM memory")
    connection.commit()
    connection.close()
    asked = conversation.ask("StopRemindersIntent", kind("walk", "WALK"))
    assert asked.speech.startswith("I can't tell which of your reminders are walk reminders. Yours are at ten am, "
                                   "eleven am, one pm, four pm and nine thirty pm.")
    assert not asked.ended and len(la.reminders.reminders) == 6
    stopped = conversation.ask("MoveReminderIntent", time_slot("from_time", "16:00"))  # "the four pm one"
    assert stopped.speech.startswith("Okay, I've stopped your four pm reminder.")
    assert hours(la) == [10, 10, 11, 13, 21]
    listed = conversation.ask("ListRemindersIntent")
    assert listed.speech.startswith("You have reminders at ten am, eleven am, one pm and nine thirty pm.")
    # The two at ten am (a walk and a sitting break, not told apart now) are named together.
    moved = conversation.ask("MoveReminderIntent", time_slot("from_time", "10:00"), time_slot("time", "09:30"))
    assert moved.speech.startswith("Done: your reminders are now at nine thirty am.")
    assert hours(la) == [9, 9, 11, 13, 21]


def test_memory_keeps_only_known_kinds_by_short_ids_and_at_most_forty():
    from skill.memory import MAX_REMINDERS, clean_record

    raw = {"reminder_kinds": {"a": "walk", "b": "stretch", "c": "sitting", "d": "medicine", "": "walk",
                              "x" * 201: "walk", "e": None, "f": ["walk"]}}
    assert clean_record(raw) == {"reminder_kinds": {"a": "walk", "b": "stretch", "c": "sitting"}}
    many = {"reminder_kinds": {f"id-{n}": "walk" for n in range(MAX_REMINDERS + 5)}}
    kept = clean_record(many)["reminder_kinds"]
    assert len(kept) == MAX_REMINDERS and "id-44" in kept and "id-0" not in kept
    assert clean_record({"reminder_kinds": "walk"}) == {}
