"""The default data policy: nothing about the person's back outlives the session.

With the default settings the skill stores between sessions only what it needs to work
(``skill.memory.WORKING_FIELDS``: the disclaimer was heard, the timers it set); what the
person says about their back (the day it started, the heat and ice sessions, the last
topic, "my back feels better") lasts the session, in its attributes. These tests read
the stores directly (the SQLite file, the DynamoDB item on moto's server) after real
conversations; ``BSC_KEEP_HEALTH_DETAILS`` on brings back the stored behaviour, which
``tests/test_memory.py`` holds in full. Records written with health fields (by an
earlier version, or with the setting on) are not read by default, and lose those fields
at the first request that reads them. ``docs/privacy-and-data.md`` is checked against the
fields the code keeps.
"""

import datetime
import json
import pathlib
import re
from zoneinfo import ZoneInfo

import doors
import pytest
from alexa_api_fixtures import CONSENT_TOKEN, GRANTED, alexa_api  # noqa: F401
from envelopes import Conversation, slot
from test_memory import NO_ALEXA_API, stored_record, stored_rows, user_key
from test_storage import dynamodb, raw_item  # noqa: F401

from skill import memory
from skill.content import guide, prompts
from skill.content import memory as words
from skill.settings import ConfigError, Settings
from skill.speech import time_words, word_count

ROOT = pathlib.Path(__file__).resolve().parent.parent
ICE = ("StartTreatmentSessionIntent", slot("treatment", "ice", "ICE", "TreatmentType"),
       slot("duration", "PT10M", type_name="AMAZON.DURATION"))
HEALTH_NAMES = ("pain_start", "sessions", "last_topic", "back_better")


def granted(alexa_api, **options):
    return Conversation(api_endpoint=alexa_api.api_endpoint, **{**GRANTED, **options})


def days_ago(n: int, zone: str = "UTC") -> str:
    """The date ``n`` days before the user's today (UTC's without the Alexa API, else its zone)."""
    today = datetime.datetime.now(ZoneInfo(zone)).date()
    return (today - datetime.timedelta(days=n)).isoformat()


def a_ten_minute_timer_ends_on_the_hour(alexa_api) -> str:
    """Move the emulator's clock so a ten-minute timer set now ends on the hour; that hour, said."""
    now = alexa_api.clock.now()
    seconds = (3600 - (now.minute * 60 + now.second + now.microsecond / 1e6) - 600) % 3600
    alexa_api.advance(seconds=seconds)
    ends = (alexa_api.clock.now() + datetime.timedelta(minutes=10)).astimezone(ZoneInfo(alexa_api.time_zone))
    return time_words(ends.hour, 0)


def the_issues_conversation(user, alexa_api):
    """Says when the pain started and does two ice sessions, then ends the session."""
    user.launch()
    said = user.ask("PainStartedIntent", slot("start_date", days_ago(1, alexa_api.time_zone)))
    assert said.speech.startswith(words.PAIN_START_HEARD.format(when="yesterday"))
    assert words.PAIN_START_NOT_SAVED not in said.speech  # kept, for the conversation
    assert "timer is set" in user.ask(*ICE).speech
    alexa_api.advance(minutes=10)
    second = user.ask(*ICE).speech
    assert "timer is set" in second
    assert user.ask("BedRestIntent").speech.startswith(
        guide.BED_REST_LATER_DAY.format(when="yesterday"))
    assert user.ask("AMAZON.StopIntent").ended
    return second


def sqlite_files() -> bytes:
    """Every byte SQLite holds for the store: the database file and its write-ahead log."""
    path = pathlib.Path(doors.current().settings.sqlite_path)
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())


# --- The issue's "done": no health detail in the store after the session ----------------

def test_by_default_sqlite_holds_no_health_detail_after_the_session(alexa_api):
    user = granted(alexa_api)
    second = the_issues_conversation(user, alexa_api)
    assert "That's your second ice session in this conversation." in second
    record = stored_record()
    assert set(record) == {"disclaimer_heard", "timers"}
    assert all(set(timer) <= set(memory.TIMER_FIELDS) for timer in record["timers"])
    raw = sqlite_files()
    for name in HEALTH_NAMES:
        assert name.encode() not in raw, name
    # The next conversation knows nothing of the back, and says so.
    assert user.ask("RecallPainStartIntent").speech.startswith(words.RECALL_NOT_KEPT)
    count = user.ask("SessionCountIntent").speech
    assert count.startswith(words.SESSIONS_NONE_NOW) and words.SESSIONS_NOT_KEPT in count


def test_by_default_dynamodb_holds_no_health_detail_after_the_session(alexa_api, dynamodb):  # noqa: F811
    the_issues_conversation(granted(alexa_api), alexa_api)
    fields = {name for name in raw_item(dynamodb) if name.startswith("m:")}
    assert fields == {"m:disclaimer_heard", "m:timers"}


def test_with_the_setting_on_the_same_conversation_is_stored_as_before(alexa_api, monkeypatch):
    doors.reconfigure(monkeypatch, keep_health_details=True)
    user = granted(alexa_api)
    second = the_issues_conversation(user, alexa_api)
    assert "That's your second ice session today." in second
    record = stored_record()
    assert record["pain_start"] == days_ago(1, alexa_api.time_zone)
    assert sum(record["sessions"][days_ago(0, alexa_api.time_zone)].values()) == 2
    assert record["last_topic"] == "bed_rest"
    said = user.ask("RecallPainStartIntent").speech  # a new session: stored, so known
    assert said.startswith(words.RECALL_KNOWN.format(when="yesterday"))


def test_by_default_health_details_travel_in_the_session_attributes_only():
    user = Conversation(api_endpoint=NO_ALEXA_API)
    user.launch()
    user.ask("PainStartedIntent", slot("start_date", days_ago(2)))
    user.ask("WalkingIntent")
    user.ask("BackFeelsBetterIntent")
    details = user.attributes["health_details"]
    assert details == {"pain_start": days_ago(2), "last_topic": "walking",
                       "back_better": days_ago(0)}
    assert set(stored_record()) == {"disclaimer_heard"}


def test_forged_health_details_in_the_session_are_read_only_as_far_as_they_make_sense():
    user = Conversation(api_endpoint=NO_ALEXA_API)
    user.launch()
    user.attributes["health_details"] = {"pain_start": "soon", "sessions": {"x": "y"},
                                         "last_topic": "<script>", "user_id": "someone"}
    said = user.ask("BedRestIntent").speech
    assert said.startswith(guide.BED_REST.chunks[0]) and said.endswith(words.PAIN_DAY_QUESTION)
    assert user.attributes["health_details"] == {"last_topic": "bed_rest"}


def test_with_storage_off_the_day_still_lasts_the_conversation(monkeypatch):
    doors.reconfigure(monkeypatch, storage="none")
    user = Conversation(api_endpoint=NO_ALEXA_API)
    said = user.ask("PainStartedIntent", slot("start_date", days_ago(1)))
    assert words.PAIN_START_NOT_SAVED not in said.speech
    assert user.ask("BedRestIntent").speech.startswith(guide.BED_REST_LATER_DAY.format(when="yesterday"))
    user.ask("ForgetMeIntent")
    assert user.ask("AMAZON.YesIntent").speech.startswith(words.FORGET_DONE)
    assert user.ask("RecallPainStartIntent").speech.startswith(words.RECALL_NOT_KEPT)


# --- Records written with health fields: not read, and written away ----------------------

def record_as_stored_before(monkeypatch):
    """What the skill stored with health details kept (every earlier version did)."""
    doors.reconfigure(monkeypatch, keep_health_details=True)
    user = Conversation(api_endpoint=NO_ALEXA_API)
    user.launch()
    user.ask("PainStartedIntent", slot("start_date", days_ago(3)))
    user.ask("WalkingIntent")
    user.ask("BackFeelsBetterIntent")
    user.ask("AMAZON.StopIntent")
    doors.reconfigure(monkeypatch, keep_health_details=False)  # the new default, as a new process


def test_a_returning_users_old_health_fields_are_not_read_and_go_at_the_first_read(monkeypatch):
    record_as_stored_before(monkeypatch)
    assert set(stored_record()) == {"disclaimer_heard", "pain_start", "last_topic", "back_better"}
    user = Conversation(api_endpoint=NO_ALEXA_API)
    # Not read: the day is asked, nothing is picked up, nothing is listed.
    said = user.ask("BedRestIntent").speech
    assert said.startswith(guide.BED_REST.chunks[0]) and said.endswith(words.PAIN_DAY_QUESTION_RETURNING)
    user.ask("AMAZON.StopIntent")
    assert user.ask("ResumeTopicIntent").speech == words.RESUME_NOTHING_KEPT
    known = user.ask("WhatYouKnowIntent").speech
    assert "started" not in known and "walking" not in known and "easing" not in known
    # That request read the record, and wrote it back without them.
    assert stored_record() == {"disclaimer_heard": True}
    assert prompts.DISCLAIMER not in user.launch().speech  # what the skill needs stays


def test_a_launch_is_the_first_read_that_writes_old_health_fields_away(monkeypatch):
    record_as_stored_before(monkeypatch)
    [(_, before)] = stored_rows()
    said = Conversation(api_endpoint=NO_ALEXA_API).launch()
    assert said.speech.startswith(prompts.WELCOME_RETURNING)
    assert stored_record() == {"disclaimer_heard": True}
    [(_, after)] = stored_rows()
    assert after != before
    said = Conversation(api_endpoint=NO_ALEXA_API).launch()
    assert [row for _, row in stored_rows()] == [after]  # then a welcome back is a read only


def test_old_health_fields_in_dynamodb_go_at_the_first_read(alexa_api, dynamodb, monkeypatch):  # noqa: F811
    doors.reconfigure(monkeypatch, keep_health_details=True)
    the_issues_conversation(granted(alexa_api), alexa_api)
    names = {name for name in raw_item(dynamodb) if name.startswith("m:")}
    assert {"m:pain_start", "m:last_topic"} <= names
    assert any(name.startswith("m:#:sessions:") for name in names)
    door = doors.reconfigure(monkeypatch, keep_health_details=False)
    # The new process's store is set up before the launch (on a loaded machine building the
    # boto3 client can outlast a request's read), and a write that met a slow store lands.
    assert door.skill().persistence_adapter.table_name
    granted(alexa_api).launch()
    assert door.skill().persistence_adapter.drain(30.0)
    assert {name for name in raw_item(dynamodb) if name.startswith("m:")} == {
        "m:disclaimer_heard", "m:timers"}


# --- "What do you know about me?" ------------------------------------------------------

def test_what_do_you_know_says_what_is_kept_with_its_values_and_a_yes_erases_nothing(alexa_api):
    user = granted(alexa_api)
    user.launch()
    hour = a_ten_minute_timer_ends_on_the_hour(alexa_api)
    user.ask(*ICE)
    user.ask("AMAZON.StopIntent")
    said = user.ask("WhatYouKnowIntent")  # a new conversation: only what is stored
    assert said.speech == (f"I keep that you've heard my health notice and that I set an ice timer "
                           f"until {hour}. Nothing about your back is kept. Say forget me to erase it.")
    assert said.ended is False and said.reprompt == words.KNOW_REPROMPT
    before = stored_record()
    assert not user.ask("AMAZON.YesIntent").speech.startswith(words.FORGET_DONE)
    assert stored_record() == before


def test_what_do_you_know_adds_what_this_conversation_holds(alexa_api):
    user = granted(alexa_api)
    user.launch()
    hour = a_ten_minute_timer_ends_on_the_hour(alexa_api)
    user.ask(*ICE)
    said = user.ask("WhatYouKnowIntent").speech
    assert said == (f"I keep that you've heard my health notice and that I set an ice timer until "
                    f"{hour}. Until we finish, I know you've done one ice session. "
                    f"Say forget me to erase it.")


def test_what_do_you_know_names_the_reminders_set_with_their_times(alexa_api):
    user = granted(alexa_api)
    user.launch()
    user.ask("PainStartedIntent", slot("start_date", days_ago(2, alexa_api.time_zone)))
    user.ask("SetReminderIntent", slot("reminder_kind", "walk", "WALK", "ReminderKindType"))
    user.ask("AMAZON.StopIntent")
    said = user.ask("WhatYouKnowIntent").speech  # a new conversation
    assert said == ("I keep that you've heard my health notice and that I set walk reminders "
                    "at ten am, one pm and four pm. Nothing about your back is kept. "
                    "Say forget me to erase it.")


def test_what_do_you_know_includes_what_this_conversation_holds_in_one_breath(alexa_api):
    user = granted(alexa_api)
    user.launch()
    user.ask("PainStartedIntent", slot("start_date", days_ago(2, alexa_api.time_zone)))
    user.ask("SetReminderIntent", slot("reminder_kind", "walk", "WALK", "ReminderKindType"))
    user.ask(*ICE)
    said = user.ask("WhatYouKnowIntent").speech
    assert said == ("I keep that you've heard my health notice and that I set an ice timer and "
                    "walk reminders. Until we finish, I know what you've told me. "
                    "Say forget me to erase it.")  # the values would take more than one breath
    assert word_count(said) <= 35


def test_what_do_you_know_with_the_setting_on_lists_the_stored_health_details(monkeypatch):
    doors.reconfigure(monkeypatch, keep_health_details=True)
    user = Conversation(api_endpoint=NO_ALEXA_API)
    user.launch()
    user.ask("PainStartedIntent", slot("start_date", days_ago(1)))
    user.ask("WalkingIntent")
    said = user.ask("WhatYouKnowIntent").speech
    assert said == ("I keep that you've heard my health notice, that your pain started yesterday "
                    "and that we last talked about walking. Say forget me to erase it.")


def test_what_do_you_know_when_nothing_is_kept_and_when_the_store_fails(monkeypatch):
    assert Conversation(api_endpoint=NO_ALEXA_API).ask("WhatYouKnowIntent").speech == \
        " ".join((words.KNOW_NOTHING, words.KNOW_NO_HEALTH))
    from skill.services.sqlite_storage import SqliteAdapter
    from skill.services.storage import StorageError

    def broken(self, *args, **kwargs):
        raise StorageError("store unreachable")

    monkeypatch.setattr(SqliteAdapter, "read", broken)
    said = Conversation(api_endpoint=NO_ALEXA_API).ask("WhatYouKnowIntent")
    assert said.speech == words.KNOW_UNREADABLE and said.ended is False


def test_what_do_you_know_says_when_the_reminders_cannot_be_checked(alexa_api):
    user = granted(alexa_api)
    user.launch()
    alexa_api.fail_next(500, method="GET", count=5)
    said = user.ask("WhatYouKnowIntent").speech
    assert words.KNOW_REMINDERS_UNCHECKED in said and "health notice" in said


def test_forget_me_is_its_own_request_and_erases_this_conversations_details_too(alexa_api):
    user = granted(alexa_api)
    user.launch()
    user.ask("PainStartedIntent", slot("start_date", days_ago(1, alexa_api.time_zone)))
    user.ask("WhatYouKnowIntent")
    asked = user.ask("ForgetMeIntent")
    assert asked.speech == words.FORGET_CONFIRM
    assert user.ask("AMAZON.YesIntent").speech.startswith(words.FORGET_DONE)
    assert stored_rows() == [] or stored_record() is None
    assert "health_details" not in user.attributes
    assert user.ask("RecallPainStartIntent").speech.startswith(words.RECALL_NOT_KEPT)


# --- "Do you remember when this started?", and the day asked when an answer needs it ----

def test_do_you_remember_when_this_started_within_and_across_conversations():
    user = Conversation(api_endpoint=NO_ALEXA_API)
    asked = user.ask("RecallPainStartIntent")
    assert asked.speech == " ".join((words.RECALL_NOT_KEPT, words.PAIN_DAY_QUESTION))
    assert asked.reprompt == words.PAIN_DAY_REPROMPT
    yes = user.ask("AMAZON.YesIntent").speech
    assert yes.startswith(words.PAIN_START_HEARD.format(when="today"))
    assert words.PAIN_START_DAY_ONE in yes
    assert user.ask("RecallPainStartIntent").speech.startswith(words.RECALL_KNOWN.format(when="today"))


def test_with_the_setting_on_an_unknown_day_is_not_told_rather_than_not_kept(monkeypatch):
    doors.reconfigure(monkeypatch, keep_health_details=True)
    said = Conversation(api_endpoint=NO_ALEXA_API).ask("RecallPainStartIntent").speech
    assert said.startswith(words.RECALL_NOT_TOLD)


@pytest.mark.parametrize("intent, chunk", [("BedRestIntent", guide.BED_REST.chunks[0]),
                                           ("WalkingIntent", guide.WALKING.chunks[0])])
def test_a_day_aware_answer_asks_the_day_yes_keeps_today_no_asks_which(intent, chunk):
    user = Conversation(api_endpoint=NO_ALEXA_API)
    user.launch()  # the disclaimer is heard here, so the answer below is the chunk and the question
    said = user.ask(intent)
    assert said.speech == " ".join((chunk, words.PAIN_DAY_QUESTION))
    assert said.reprompt == words.PAIN_DAY_REPROMPT
    assert word_count(said.speech) <= 35
    assert words.PAIN_START_DAY_ONE in user.ask("AMAZON.YesIntent").speech
    assert user.ask(intent).speech.endswith(words.PAIN_DAY_QUESTION) is False  # now known

    other = Conversation(user_id="amzn1.ask.account.OTHER", api_endpoint=NO_ALEXA_API)
    other.launch()
    other.ask(intent)
    no = other.ask("AMAZON.NoIntent")
    assert no.speech == words.PAIN_START_ASK_DAY and no.ended is False
    other.ask("PainStartedIntent", slot("start_date", days_ago(4)))
    assert guide.BED_REST_LATER_DAY.format(when="four days ago") in other.ask("BedRestIntent").speech


def test_next_still_reads_on_after_the_day_question():
    user = Conversation(api_endpoint=NO_ALEXA_API)
    user.ask("BedRestIntent")
    assert user.ask("AMAZON.NextIntent").speech.startswith(guide.BED_REST.chunks[1])


# --- The setting, and the documents that say what is kept --------------------------------

def test_the_setting_is_off_by_default_and_read_like_every_on_off_setting():
    assert Settings().keep_health_details is False
    assert Settings.from_env({}).keep_health_details is False
    assert Settings.from_env({"BSC_KEEP_HEALTH_DETAILS": "1"}).keep_health_details is True
    with pytest.raises(ConfigError, match="BSC_KEEP_HEALTH_DETAILS must be true or false"):
        Settings.from_env({"BSC_KEEP_HEALTH_DETAILS": "ture"})


def test_every_field_the_record_can_hold_is_either_working_or_health():
    assert set(memory.WORKING_FIELDS).isdisjoint(memory.HEALTH_FIELDS)
    assert set(memory.ALL_FIELDS) == set(memory._CLEANERS)
    everything = {"disclaimer_heard": True, "pain_start": "2026-11-20", "last_topic": "walking",
                  "sessions": {"2026-11-20": {"ice": 1}}, "back_better": "2026-11-21",
                  "timers": [{"id": "t"}], "reminder_kinds": {"r1": "walk"}}
    assert set(memory.clean_record(everything)) == set(memory.ALL_FIELDS)
    assert set(memory.clean_record(everything, fields=memory.stored_fields(False))) == {
        "disclaimer_heard", "timers", "reminder_kinds"}
    assert memory.stored_fields(True) == memory.ALL_FIELDS


def _privacy_doc_fields(heading: str) -> set[str]:
    text = (ROOT / "docs" / "privacy-and-data.md").read_text(encoding="utf-8")
    section = text.split(heading, 1)[1].split("\n#", 1)[0]
    return set(re.findall(r"^\| `(\w+)` \|", section, re.MULTILINE))


def test_the_privacy_doc_lists_exactly_the_fields_stored_in_each_mode():
    assert _privacy_doc_fields("## Stored by default") == set(memory.stored_fields(False))
    assert _privacy_doc_fields("## Stored only with BSC_KEEP_HEALTH_DETAILS") == set(
        memory.HEALTH_FIELDS)


def test_the_privacy_page_and_the_manifest_say_health_details_are_not_kept():
    page = (ROOT / "skill" / "public" / "privacy.md").read_text(encoding="utf-8")
    assert "not kept" in page and "health notice" in page and "timers" in page
    manifest = json.loads((ROOT / "skill-package" / "skill.json").read_text(encoding="utf-8"))
    for locale in manifest["manifest"]["publishingInformation"]["locales"].values():
        assert "What you tell it about your back is used during that conversation and not kept" in \
            locale["description"]
    instructions = manifest["manifest"]["publishingInformation"]["testingInstructions"]
    assert "nothing about the user's back or care outlives the session" in instructions
    assert manifest["manifest"]["privacyAndCompliance"]["usesHealthInfo"] is False


def test_no_key_of_the_store_is_the_user_id():
    Conversation(api_endpoint=NO_ALEXA_API).launch()
    assert [key for key, _ in stored_rows()] == [user_key()]
