"""Memory with health details kept between sessions, through real request envelopes.

These tests run with ``keep_health_details`` on (``BSC_KEEP_HEALTH_DETAILS``, a private
development skill): the skill remembers the day the pain started, the sessions counted and
the last topic across sessions. ``tests/test_data_policy.py`` holds the default, where
those last one session. Each test has its own SQLite file (conftest). The clock stands
still at FIXED_NOW; Alexa's settings API is unreachable unless a test starts the local
emulator, so "today" is the UTC date unless said otherwise.
"""

import datetime
import hashlib
import json
import logging
import pathlib
import re
import sqlite3

import doors
import pytest
from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from envelopes import (
    DEFAULT_USER,
    Conversation,
    alexa_clock,
    envelope,
    launch_request,
    skill_event,
    slot,
)
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from skill import memory as memory_module
from skill.content import guide, prompts
from skill.content import memory as words
from skill.content.prompts import DISCLAIMER
from skill.handlers import memory as memory_handlers
from skill.handlers import pain_start
from skill.memory import Memory, NoMemory, clean_record
from skill.services import clock
from skill.services.persistence import build_persistence_adapter
from skill.services.storage import StorageError
from skill.speech import join, to_ssml, word_count
from skill.turn import memory_for, start_turn, turn_of

FIXED_NOW = datetime.datetime(2026, 11, 25, 15, 0, tzinfo=datetime.UTC)  # a Wednesday
TODAY = FIXED_NOW.date()
#: A port nothing listens on: the settings API call fails at once, so the date is UTC.
NO_ALEXA_API = "https://127.0.0.1:9"


@pytest.fixture
def settings(settings):
    """Health details stored between sessions, as with ``BSC_KEEP_HEALTH_DETAILS=1``."""
    return settings._replace(keep_health_details=True)


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    alexa_clock(monkeypatch, lambda: FIXED_NOW)


def days_ago(n: int) -> str:
    return (TODAY - datetime.timedelta(days=n)).isoformat()


def talk(user_id: str = DEFAULT_USER, **options) -> Conversation:
    options.setdefault("api_endpoint", NO_ALEXA_API)
    return Conversation(user_id=user_id, **options)


def stored_rows(path=None):
    """Every (key, JSON) row in the memory table; [] before the table exists."""
    path = path or doors.current().settings.sqlite_path
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT id, attributes FROM memory").fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        connection.close()


def user_key(user_id: str = DEFAULT_USER) -> str:
    return hashlib.sha256(user_id.encode()).hexdigest()


#: Where the SQLite adapter keeps its write marks beside the record.
WRITE_MARKS = "~applied"


def stored_record(user_id: str = DEFAULT_USER) -> dict:
    """What is remembered of ``user_id`` (without the store's write marks); None if nothing."""
    rows = dict(stored_rows())
    if user_key(user_id) not in rows:
        return None
    record_ = json.loads(rows[user_key(user_id)])
    record_.pop(WRITE_MARKS, None)
    return record_


def handler_input_for(request: dict, adapter=None, **envelope_options) -> HandlerInput:
    """A HandlerInput for one request, as the SDK builds it (memory-level tests)."""
    envelope_options.setdefault("api_endpoint", NO_ALEXA_API)
    body = envelope(request, **envelope_options)
    request_envelope = DefaultSerializer().deserialize(json.dumps(body), "ask_sdk_model.RequestEnvelope")
    if adapter is None:
        adapter = build_persistence_adapter(doors.current().settings)
    handler_input = HandlerInput(request_envelope=request_envelope,
                                 attributes_manager=AttributesManager(request_envelope))
    start_turn(handler_input, adapter,
               keep_health_details=doors.current().settings.keep_health_details)
    return handler_input


def fresh_memory(user_id: str = DEFAULT_USER, adapter=None) -> Memory:
    """The memory one new request of ``user_id`` would get (its changes stored by ``save()``)."""
    return memory_for(handler_input_for(launch_request(), adapter, user_id=user_id))


class CountingAdapter:
    """Wraps an adapter and counts its calls (to prove laziness and caching)."""

    def __init__(self, inner):
        self.inner, self.calls = inner, []

    def __getattr__(self, name):
        method = getattr(self.inner, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)
        return counted


# --- Disclaimer and welcome ---------------------------------------------------------

def test_first_launch_says_the_disclaimer_and_a_returning_user_hears_the_shorter_welcome():
    user = talk()
    first = user.launch()
    assert prompts.DISCLAIMER in first.speech
    assert first.speech.startswith(prompts.WELCOME_FIRST)
    user.ask("AMAZON.StopIntent")

    second = user.launch()
    assert second.speech.startswith(prompts.WELCOME_RETURNING)
    assert prompts.DISCLAIMER not in second.speech
    assert word_count(second.speech) < word_count(first.speech)


def test_another_user_still_hears_the_disclaimer():
    talk().launch()
    assert prompts.DISCLAIMER in talk(user_id="amzn1.ask.account.SOMEONEELSE").launch().speech


# --- When the pain started ----------------------------------------------------------

def test_pain_started_yesterday_makes_the_next_sessions_bed_rest_answer_the_later_day_one():
    user = talk()
    said = user.ask("PainStartedIntent", slot("start_date", days_ago(1)))
    assert said.speech.startswith(words.PAIN_START_HEARD.format(when="yesterday"))
    assert words.PAIN_START_LATER_DAY in said.speech
    assert "Now that you're past the first day," in said.speech
    assert said.ended is False
    user.ask("AMAZON.StopIntent")

    bed_rest = user.ask("BedRestIntent")
    assert bed_rest.speech.startswith(guide.BED_REST_LATER_DAY.format(when="yesterday"))
    walking = talk().ask("WalkingIntent")
    assert walking.speech.startswith(guide.WALKING_LATER_DAY)


def test_pain_started_today_keeps_first_day_bed_rest_advice():
    user = talk()
    said = user.ask("PainStartedIntent", slot("start_date", TODAY.isoformat()))
    assert words.PAIN_START_DAY_ONE in said.speech
    assert talk().ask("BedRestIntent").speech.startswith(guide.BED_REST_FIRST_DAY)
    assert stored_record()["pain_start"] == TODAY.isoformat()


def test_without_a_known_start_bed_rest_gives_the_general_answer():
    assert talk().ask("BedRestIntent").speech.startswith(guide.BED_REST.chunks[0])


@pytest.mark.parametrize("value, when", [
    ("PRESENT_REF", "today"),
    (days_ago(3), "three days ago"),
    (days_ago(20), "on November 5"),
    ("2025-10-01", "on October 1, 2025"),
    ("XXXX-11-20", "five days ago"),
])
def test_pain_start_is_confirmed_in_words_for_the_ear(value, when):
    said = talk().ask("PainStartedIntent", slot("start_date", value))
    assert said.speech.startswith(words.PAIN_START_HEARD.format(when=when))


def test_a_weekday_alexa_resolved_to_the_coming_week_is_taken_as_last_week():
    # "It started Friday", said on Wednesday 25 November: Alexa sends Friday the 27th.
    said = talk().ask("PainStartedIntent", slot("start_date", "2026-11-27"))
    assert said.speech.startswith(words.PAIN_START_HEARD.format(when="five days ago"))
    assert stored_record()["pain_start"] == "2026-11-20"


def test_it_started_tomorrow_is_gently_corrected_not_stored_as_six_days_ago():
    # Alexa sends tomorrow's date for "it started tomorrow": a day still to come.
    user = talk()
    said = user.ask("PainStartedIntent", slot("start_date", "2026-11-26"))
    assert said.speech == words.PAIN_START_FUTURE
    assert said.reprompt == words.PAIN_START_ASK_REPROMPT
    assert said.ended is False
    assert stored_rows() == []
    assert user.ask("BedRestIntent").speech.startswith(guide.BED_REST.chunks[0])


@pytest.mark.parametrize("value, stored, when", [
    ("2026-11-27", "2026-11-20", "five days ago"),  # "Friday": two days ahead
    ("2026-12-01", "2026-11-24", "yesterday"),  # "Tuesday": six days ahead
])
def test_a_weekday_two_to_six_days_ahead_is_last_weeks(value, stored, when):
    said = talk().ask("PainStartedIntent", slot("start_date", value))
    assert said.speech.startswith(words.PAIN_START_HEARD.format(when=when))
    assert stored_record()["pain_start"] == stored


@pytest.mark.parametrize("ago, when", [
    (1, "yesterday"), (2, "two days ago"), (14, "on November 11"), (21, "on November 4"),
    (400, "on October 21, 2025")])
def test_memory_names_the_start_day_in_the_words_the_confirmation_used(ago, when):
    said = talk().ask("PainStartedIntent", slot("start_date", days_ago(ago)))
    assert said.speech.startswith(words.PAIN_START_HEARD.format(when=when))
    assert fresh_memory().pain_start_words() == when
    assert NoMemory().pain_start_words() is None


@pytest.mark.parametrize("ago", [2, 21])
def test_bed_rest_names_the_start_day_as_the_confirmation_did(ago):
    user = talk()
    heard = user.ask("PainStartedIntent", slot("start_date", days_ago(ago))).speech
    when = fresh_memory().pain_start_words()
    assert heard.startswith(words.PAIN_START_HEARD.format(when=when))
    assert user.ask("BedRestIntent").speech.startswith(
        guide.BED_REST_LATER_DAY.format(when=when))


@pytest.mark.parametrize("value", [
    "2026-W47", "2026-W47-WE", "2026-11", "2026", "202X", "2026-WI", "2026-13-45", "garbage", None])
def test_a_week_month_or_unclear_start_date_is_asked_again_kindly_and_nothing_is_stored(value):
    user = talk()
    said = user.ask("PainStartedIntent", slot("start_date", value))
    assert said.speech == words.PAIN_START_ASK_DAY
    assert said.reprompt == words.PAIN_START_ASK_REPROMPT
    assert said.ended is False
    assert stored_rows() == []


def test_a_month_and_day_alexa_resolved_to_next_year_is_taken_as_this_years():
    # "It started November twentieth", said on 25 November: Alexa sends next year's.
    said = talk().ask("PainStartedIntent", slot("start_date", "2027-11-20"))
    assert said.speech.startswith(words.PAIN_START_HEARD.format(when="five days ago"))
    assert stored_record()["pain_start"] == "2026-11-20"


def test_a_start_date_still_to_come_is_gently_corrected_and_not_stored():
    said = talk().ask("PainStartedIntent", slot("start_date", "2028-03-01"))
    assert said.speech == words.PAIN_START_FUTURE
    assert said.ended is False
    assert stored_rows() == []


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.one_of(st.none(), st.text(max_size=12),
                 st.dates().map(lambda d: d.isoformat()),
                 st.sampled_from(["PRESENT_REF", "XXXX-02-29", "2026-W01", "XXXX-12-31"])),
       st.dates(min_value=datetime.date(2001, 1, 1), max_value=datetime.date(2098, 12, 31)))
def test_reading_a_start_date_never_raises_and_never_gives_a_future_day(value, today):
    start, problem = pain_start.pain_start_from_slot(value, today)
    assert (start is None) != (problem is None)
    if start is not None:
        assert start <= today


# --- Heat and ice sessions today ---------------------------------------------------------

def record(*kinds, user_id=DEFAULT_USER):
    memory = fresh_memory(user_id)
    return [memory.record_session(kind) for kind in kinds]


def test_recorded_sessions_count_up_per_kind_and_across_requests():
    assert record("ice", "ice", "heat") == [1, 2, 1]
    assert record("ice", "ALTERNATING") == [3, 1]
    memory = fresh_memory()
    assert memory.sessions_today("ice") == 3
    assert memory.sessions_today("heat") == 1
    assert memory.sessions_today() == 5
    assert memory.record_session("walking") is None
    assert memory.sessions_today("walking") is None


def test_how_many_ice_sessions_counts_todays_sessions_through_the_intent():
    record("ice", "ice", "heat")
    said = talk().ask("SessionCountIntent", slot("treatment", "ice packs", "ICE", "TreatmentType"))
    assert said.speech.startswith("You've done two ice sessions with me today.")
    said = talk().ask("SessionCountIntent", slot("treatment", "heat", "HEAT", "TreatmentType"))
    assert said.speech.startswith("You've done one heat session with me today.")


def test_how_many_sessions_with_no_treatment_named_gives_the_total_and_each_kind():
    record("ice", "heat", "ice", "alternating")
    said = talk().ask("SessionCountIntent", slot("treatment"))
    assert said.speech.startswith(
        "You've done four sessions with me today: two ice, one heat and one alternating.")


def test_no_sessions_yet_says_so_with_the_guides_rhythm():
    said = talk().ask("SessionCountIntent", slot("treatment", "ice", "ICE", "TreatmentType"))
    assert said.speech.startswith(join(
        words.SESSIONS_NONE_OF_KIND.format(kind="ice"), words.SESSIONS_TIP))
    said = talk().ask("SessionCountIntent")
    assert said.speech.startswith(words.SESSIONS_NONE)


def test_sessions_started_by_voice_are_counted_by_the_count_intent_in_a_later_session(monkeypatch):
    fixtures = pytest.importorskip("alexa_api_fixtures")
    from skill.handlers import sessions
    if not sessions.HANDLERS:
        pytest.skip("timed sessions are not built yet")
    doors.reconfigure(monkeypatch, dev_loopback_alexa_api=True)
    with fixtures.AlexaApiEmulator(clock="manual") as api:
        user = Conversation(api_endpoint=api.api_endpoint, **fixtures.granted_options())
        for treatment in ("ICE", "HEAT", "ICE"):
            user.ask("StartTreatmentSessionIntent",
                     slot("treatment", treatment.lower(), treatment, "TreatmentType"),
                     slot("duration", "PT15M"))
        user.ask("AMAZON.StopIntent")
        said = user.ask("SessionCountIntent")
    assert said.speech.startswith(
        "You've done three sessions with me today: two ice and one heat.")


def test_sessions_are_counted_by_day_and_old_days_are_pruned(monkeypatch):
    for day in range(6, -1, -1):  # six days ago up to today
        moment = FIXED_NOW - datetime.timedelta(days=day)
        alexa_clock(monkeypatch, lambda moment=moment: moment)
        assert record("ice", "ice") == [1, 2]
    assert sorted(stored_record()["sessions"]) == [days_ago(2), days_ago(1), days_ago(0)]
    alexa_clock(monkeypatch, lambda: FIXED_NOW + datetime.timedelta(days=1))
    assert fresh_memory().sessions_today() == 0


# --- Where were we -----------------------------------------------------------------

TOPIC_INTENTS = {
    "HeatIceIntent": "heat_ice", "MedicineIntent": "medicine",
    "LyingPositionsIntent": "lying_positions", "SittingIntent": "sitting",
    "BedRestIntent": "bed_rest", "WalkingIntent": "walking", "StretchingIntent": "stretching",
    "WhatToDoIntent": "first_moves", "GuidedPlanIntent": "plan",
    "PreventionIntent": "prevention", "WhenToCallIntent": "when_to_call"}


def test_where_were_we_picks_up_the_last_topic_in_a_new_session():
    user = talk()
    user.ask("LyingPositionsIntent")
    user.ask("AMAZON.StopIntent")

    said = user.ask("ResumeTopicIntent")
    topic = guide.TOPICS["lying_positions"]
    assert said.speech.startswith(join(words.RESUME_LEAD_SHORT.format(topic=topic.name),
                                       topic.chunks[0]))
    assert word_count(said.speech) <= 35
    assert user.ask("AMAZON.NextIntent").speech.startswith(topic.chunks[1])


def _leads(topic):
    return (words.RESUME_LEAD.format(topic=topic.name),
            words.RESUME_LEAD_SHORT.format(topic=topic.name))


def assert_resumed_within_35_words(said, own, topic):
    """``said`` is ``own`` (what asking for that part says) after a lead that fits, if any fits.

    ``own`` was a new user's first self-care answer, so it carried the disclaimer; the resumed
    answer does not (the disclaimer is said once)."""
    own_speech = own.speech.replace(" " + DISCLAIMER, "")
    assert said.speech.endswith(own_speech)
    assert word_count(said.speech) <= max(35, word_count(own_speech))
    lead = said.speech[:-len(own_speech)].strip()
    if lead:
        assert lead in _leads(topic)
        assert word_count(said.speech) <= 35
    else:  # not even the short lead fits
        assert word_count(join(_leads(topic)[1], own_speech)) > 35


@pytest.mark.parametrize("topic_id, chunk", [
    (topic.id, chunk) for topic in guide.TOPICS.values() for chunk in range(len(topic.chunks))])
def test_where_were_we_adds_a_lead_only_within_35_words(topic_id, chunk):
    intent = {v: k for k, v in TOPIC_INTENTS.items()}[topic_id]
    user = talk()
    own = user.ask(intent)
    for _ in range(chunk):
        own = user.ask("AMAZON.NextIntent")
    said = user.ask("ResumeTopicIntent")
    if own.speech.endswith(words.PAIN_DAY_QUESTION):
        # "Did this start today?" is asked once a session: read again, the part offers more.
        own.speech = own.speech[:-len(words.PAIN_DAY_QUESTION)] + guide.TOPICS[topic_id].more_prompt
    assert_resumed_within_35_words(said, own, guide.TOPICS[topic_id])


@pytest.mark.parametrize("topic_id", ["bed_rest", "walking"])
@pytest.mark.parametrize("ago", [0, 1, 21, 400])
def test_where_were_we_in_a_new_session_keeps_day_aware_words_within_35(topic_id, ago):
    intent = {v: k for k, v in TOPIC_INTENTS.items()}[topic_id]
    user = talk()
    user.ask("PainStartedIntent", slot("start_date", days_ago(ago)))
    own = user.ask(intent)
    user.ask("AMAZON.StopIntent")
    said = user.ask("ResumeTopicIntent")
    if own.speech.endswith(words.PAIN_DAY_QUESTION):
        # "Did this start today?" is asked once a session: read again, the part offers more.
        own.speech = own.speech[:-len(words.PAIN_DAY_QUESTION)] + guide.TOPICS[topic_id].more_prompt
    assert_resumed_within_35_words(said, own, guide.TOPICS[topic_id])


def test_where_were_we_in_the_same_session_rereads_the_current_part():
    user = talk()
    user.ask("HeatIceIntent")
    user.ask("AMAZON.NextIntent")
    said = user.ask("ResumeTopicIntent")
    assert guide.TOPICS["heat_ice"].chunks[1] in said.speech


def test_where_were_we_with_nothing_remembered_offers_examples():
    said = talk().ask("ResumeTopicIntent")
    assert said.speech == words.RESUME_NOTHING
    assert said.ended is False


def test_resuming_bed_rest_on_a_later_day_is_day_aware():
    user = talk()
    user.ask("PainStartedIntent", slot("start_date", days_ago(2)))
    day_aware = user.ask("BedRestIntent").speech
    user.ask("AMAZON.StopIntent")
    said = user.ask("ResumeTopicIntent")
    later_day = guide.BED_REST_LATER_DAY.split("{when}")[-1]
    assert later_day in day_aware
    assert later_day in said.speech
    assert said.speech.split(later_day)[0].endswith(day_aware.split(later_day)[0])


# --- Forgetting ----------------------------------------------------------------------

def remember_everything(user: Conversation):
    user.launch()
    user.ask("PainStartedIntent", slot("start_date", days_ago(1)))
    user.ask("WalkingIntent")
    record("ice")
    memory = fresh_memory()
    memory.add_timer({"id": "timer-1", "kind": "ice", "ends_at": "2026-11-25T15:15:00Z"})
    assert memory.save()
    assert set(stored_record()) == {
        "disclaimer_heard", "pain_start", "last_topic", "sessions", "timers"}


def test_forget_me_asks_first_and_a_yes_erases_everything():
    user = talk()
    remember_everything(user)
    asked = user.ask("ForgetMeIntent")
    assert asked.speech == words.FORGET_CONFIRM
    assert asked.ended is False
    assert stored_record() is not None  # nothing erased before the yes

    done = user.ask("AMAZON.YesIntent")
    assert done.speech.startswith(words.FORGET_DONE)
    assert stored_rows() == []
    assert user.ask("ResumeTopicIntent").speech == words.RESUME_NOTHING
    user.ask("AMAZON.StopIntent")
    assert prompts.DISCLAIMER in user.launch().speech
    assert talk().ask("BedRestIntent").speech.startswith(guide.BED_REST.chunks[0])


def test_forget_me_then_no_keeps_everything():
    user = talk()
    remember_everything(user)
    before = stored_record()
    user.ask("ForgetMeIntent")
    kept = user.ask("AMAZON.NoIntent")
    assert kept.speech.startswith(words.FORGET_KEPT)
    assert stored_record() == before
    # The offer is spent: a later yes is not an erase.
    assert not user.ask("AMAZON.YesIntent").speech.startswith(words.FORGET_DONE)
    assert stored_record() == before


def test_a_yes_two_turns_after_forget_me_erases_nothing():
    user = talk()
    remember_everything(user)
    before = stored_record()
    user.ask("ForgetMeIntent")
    user.ask("AMAZON.HelpIntent")
    assert not user.ask("AMAZON.YesIntent").speech.startswith(words.FORGET_DONE)
    assert stored_record() == before


def test_a_yes_to_a_guidance_offer_is_not_taken_for_forget_me():
    user = talk()
    user.ask("HeatIceIntent")
    said = user.ask("AMAZON.YesIntent")
    assert said.speech.startswith(guide.TOPICS["heat_ice"].chunks[1])
    assert stored_record() is not None


def test_disabling_the_skill_erases_the_users_memory():
    user = talk()
    remember_everything(user)
    talk(user_id="amzn1.ask.account.SOMEONEELSE").launch()
    # Skill events come without a session: the user id is read from context.System.user.
    said = Conversation().send(skill_event("AlexaSkillEvent.SkillDisabled"),
                               with_session=False, api_endpoint=NO_ALEXA_API)
    assert said.speech == ""
    assert stored_record() is None
    assert stored_record("amzn1.ask.account.SOMEONEELSE") is not None


# --- What is stored, and how ------------------------------------------------------------

def test_the_store_holds_only_the_listed_fields_keyed_by_a_hash_never_the_user_id():
    remember_everything(talk())
    memory = fresh_memory()
    memory.add_timer({"id": "timer-2", "kind": "heat", "ends_at": "2026-11-25T16:00:00Z",
                      "utterance": "the user's words", "token": "secret", "label": "x" * 500})
    assert memory.save()
    rows = stored_rows()
    assert [key for key, _ in rows] == [user_key()]
    record_ = json.loads(rows[0][1])
    marks = record_.pop(WRITE_MARKS)  # hashes of request ids, so a retried write lands once
    assert all(re.fullmatch(r"[0-9a-f]{20}", mark) for mark in marks)
    assert set(record_) <= {"disclaimer_heard", "pain_start", "sessions", "timers", "last_topic"}
    assert all(set(timer) <= set(memory_module.TIMER_FIELDS) for timer in record_["timers"])
    assert "label" not in record_["timers"][-1]  # too long to be one of the skill's labels
    with open(doors.current().settings.sqlite_path, "rb") as database:
        raw = database.read()
    assert DEFAULT_USER.encode() not in raw
    assert b"the user's words" not in raw and b"secret" not in raw


def test_a_salt_makes_the_key_an_hmac(monkeypatch):
    import hmac

    doors.reconfigure(monkeypatch, user_id_salt="pepper")
    talk().launch()
    expected = hmac.new(b"pepper", DEFAULT_USER.encode(), hashlib.sha256).hexdigest()
    assert [key for key, _ in stored_rows()] == [expected]


def test_timers_are_remembered_replaced_by_id_removed_and_capped():
    memory = fresh_memory()
    memory.add_timer({"id": "a", "kind": "ice", "ends_at": "2026-11-25T15:15:00Z"})
    memory.add_timer({"id": "a", "kind": "heat", "ends_at": "2026-11-25T15:20:00Z"})
    memory.add_timer({"id": "b", "kind": "walking", "duration": "PT10M"})
    memory.add_timer({"kind": "no id"})
    assert memory.save()
    assert fresh_memory().active_timers() == [
        {"id": "a", "kind": "heat", "ends_at": "2026-11-25T15:20:00Z"},
        {"id": "b", "kind": "walking", "duration": "PT10M"}]
    memory = fresh_memory()
    memory.remove_timer("a")
    assert memory.save()
    assert [t["id"] for t in fresh_memory().active_timers()] == ["b"]
    for n in range(15):
        memory.add_timer({"id": f"t{n}"})
    assert memory.save()
    assert len(fresh_memory().active_timers()) == memory_module.MAX_TIMERS


def test_a_timer_record_as_the_session_handlers_keep_it_comes_back_whole():
    timer = {"id": "amzn1.timer.1", "kind": "alternating", "step": "switch_to_ice", "pack": "heat",
             "label": "Switch to ice", "ends_at": "2026-11-25T15:15:00Z"}
    memory = fresh_memory()
    memory.add_timer(timer)
    assert memory.save()
    assert fresh_memory().active_timers() == [timer]


def test_timers_long_past_their_end_are_dropped_on_the_next_write():
    memory = fresh_memory()
    memory.add_timer({"id": "old", "ends_at": "2026-11-24T01:00:00Z"})
    memory.add_timer({"id": "new", "ends_at": "2026-11-25T15:10:00+00:00"})
    assert memory.save()
    assert [t["id"] for t in fresh_memory().active_timers()] == ["new"]


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=15),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["disclaimer_heard", "pain_start", "sessions", "timers", "last_topic",
                         "id", "ice", "heat", "2026-11-25", "other"]), children, max_size=5),
    max_leaves=20))
def test_cleaning_any_record_never_raises_and_keeps_only_known_fields(raw):
    cleaned = clean_record(raw, FIXED_NOW)
    assert set(cleaned) <= {"disclaimer_heard", "pain_start", "sessions", "timers", "last_topic"}
    assert clean_record(cleaned, FIXED_NOW) == cleaned
    json.dumps(cleaned)


# --- Lazy, cached, and never in the way --------------------------------------------------

def test_memory_is_read_once_per_request_only_when_asked_and_written_once():
    adapter = CountingAdapter(build_persistence_adapter(doors.current().settings))
    handler_input = handler_input_for(launch_request(), adapter)
    memory = memory_for(handler_input)
    assert adapter.calls == []
    assert memory_for(handler_input) is memory
    memory.heard_disclaimer()
    memory.last_topic()
    memory.pain_day()
    assert adapter.calls == ["read"]
    memory.mark_disclaimer_heard()
    memory.set_last_topic("walking")
    memory.set_last_topic("walking")
    memory.add_timer({"id": "t1", "kind": "ice"})
    assert memory.last_topic() == "walking"  # a change is heard at once, and written at the end
    assert adapter.calls == ["read"]
    assert memory.save() and memory.save()
    assert adapter.calls == ["read", "update_attributes"]
    stored = fresh_memory()
    assert (stored.heard_disclaimer(), stored.last_topic()) == (True, "walking")


def test_an_emergency_never_touches_storage(monkeypatch):
    touched = []
    from skill.services.sqlite_storage import SqliteAdapter

    for name in ("get_attributes", "save_attributes", "delete_attributes", "update_attributes"):
        original = getattr(SqliteAdapter, name)
        monkeypatch.setattr(SqliteAdapter, name,
                            lambda self, *a, _o=original, _n=name, **k: touched.append(_n) or _o(self, *a, **k))
    said = talk().ask("EmergencyIntent", slot("symptom", "can't move my leg", "CANNOT_MOVE_LIMB"))
    assert said.speech.startswith("Call 911 now.")
    assert touched == []


def test_with_storage_off_the_skill_works_and_says_what_it_cannot_do(monkeypatch):
    doors.reconfigure(monkeypatch, storage="none")
    user = talk()
    assert prompts.DISCLAIMER in user.launch().speech
    said = user.ask("PainStartedIntent", slot("start_date", days_ago(1)))
    assert words.PAIN_START_LATER_DAY in said.speech
    assert words.PAIN_START_NOT_SAVED in said.speech
    assert user.ask("SessionCountIntent").speech.startswith(words.SESSIONS_UNKNOWN)
    assert user.ask("ResumeTopicIntent").speech == words.RESUME_NOTHING
    user.ask("ForgetMeIntent")
    assert user.ask("AMAZON.YesIntent").speech.startswith(words.FORGET_NOTHING_STORED)
    user.ask("AMAZON.StopIntent")
    assert prompts.DISCLAIMER in user.launch().speech


class EndpointError(Exception):
    """Like urllib3's and botocore's errors: a ``reason`` that names the endpoint."""

    def __init__(self):
        super().__init__("https://dynamodb.example-1.amazonaws.com/ failed")
        self.reason = "connect to https://dynamodb.example-1.amazonaws.com/ timed out"


def test_a_storage_failure_logs_only_a_safe_reason_and_the_answer_goes_on(monkeypatch, caplog):
    from skill.services.sqlite_storage import SqliteAdapter

    def broken(self, *args, **kwargs):
        raise StorageError("store unreachable")

    monkeypatch.setattr(SqliteAdapter, "read", broken)
    caplog.set_level(logging.WARNING, logger="skill.memory")
    said = talk().ask("SessionCountIntent")
    assert said.speech.startswith(words.SESSIONS_UNKNOWN)
    (line,) = [r.getMessage() for r in caplog.records if "memory unavailable" in r.getMessage()]
    assert "(store unreachable during load)" in line


def test_a_bug_below_memory_is_not_taken_for_a_storage_failure(monkeypatch, caplog):
    # Only storage errors mean "answer without memory"; anything else is our bug,
    # answered kindly by the catch-all and logged with its type, not its message.
    from skill.services.sqlite_storage import SqliteAdapter

    def broken(self, *args, **kwargs):
        raise EndpointError()

    monkeypatch.setattr(SqliteAdapter, "read", broken)
    said = talk().ask("SessionCountIntent")
    assert said.speech == prompts.ERROR
    assert "unhandled EndpointError" in caplog.text
    assert "memory unavailable" not in caplog.text
    assert "amazonaws" not in caplog.text and "https" not in caplog.text


@pytest.mark.parametrize("locale", ["en-US", "en-CA"])
def test_without_memory_every_intent_is_answered_and_none_with_the_error(monkeypatch, locale):
    """With no store at all (``BSC_STORAGE=none``), every intent of the model, bare, gets a
    spoken answer through the Lambda door; none is the "something went wrong" answer."""
    import json as json_

    from simulated import MODELS_DIR

    doors.reconfigure(monkeypatch, storage="none")
    model = json_.loads((pathlib.Path(MODELS_DIR) / f"{locale}.json").read_text(encoding="utf-8"))
    errored = []
    for intent in model["interactionModel"]["languageModel"]["intents"]:
        said = talk(locale=locale).ask(intent["name"])
        if said.speech == prompts.ERROR or not said.speech:
            errored.append(intent["name"])
    assert errored == []


# --- The user's time zone -------------------------------------------------------------

def test_without_an_api_client_today_is_the_utc_date_and_the_log_says_so(caplog):
    caplog.set_level(logging.INFO)
    handler_input = handler_input_for(launch_request())
    assert turn_of(handler_input).today == TODAY
    assert "using UTC" in caplog.text


def test_a_failing_settings_api_means_utc_asked_once_per_session(caplog):
    caplog.set_level(logging.INFO)
    user = talk()
    user.ask("PainStartedIntent", slot("start_date", days_ago(1)))
    assert user.attributes[clock.TIME_ZONE_KEY] == "UTC"
    user.ask("SessionCountIntent")
    assert caplog.text.count("time zone lookup failed") == 1
    assert "127.0.0.1" not in caplog.text and "TESTDEVICE" not in caplog.text


def test_today_follows_the_devices_time_zone_through_the_local_alexa_api(monkeypatch):
    emulator_module = pytest.importorskip("alexa_simulator.alexa_api")
    doors.reconfigure(monkeypatch, dev_loopback_alexa_api=True)
    # 03:00 UTC on the 25th is still the evening of the 24th in Los Angeles.
    alexa_clock(monkeypatch, lambda: datetime.datetime(
        2026, 11, 25, 3, 0, tzinfo=datetime.UTC))
    with emulator_module.AlexaApiEmulator(time_zone="America/Los_Angeles") as api:
        user = Conversation(api_endpoint=api.api_endpoint)
        said = user.ask("PainStartedIntent", slot("start_date", "2026-11-24"))
        assert said.speech.startswith(words.PAIN_START_HEARD.format(when="today"))
        assert user.attributes[clock.TIME_ZONE_KEY] == "America/Los_Angeles"
        record_memory = memory_for(handler_input_for(
            launch_request(), api_endpoint=api.api_endpoint))
    assert record_memory.pain_day() == 2  # no API client here: UTC says it is the 25th


# --- Words ---------------------------------------------------------------------------

def _all_words():
    return {name: value for name, value in vars(words).items()
            if name.isupper() and isinstance(value, str)}


@pytest.mark.parametrize("name", sorted(_all_words()))
def test_every_memory_sentence_is_short_and_valid_ssml(name):
    """(Whether it copies the guide: ``test_content``'s copyright gate reads every project file.)"""
    text = _all_words()[name]
    assert word_count(text) <= 35
    to_ssml(text)


#: Comparisons the guide never makes: it says what to do, not what works better.
_CLAIMS = re.compile(r"\b(better|best|more than|help more|works? well|beats?|serves?)\b", re.I)


@pytest.mark.parametrize("name", sorted(_all_words()))
def test_no_memory_sentence_claims_one_thing_works_better(name):
    assert not _CLAIMS.search(_all_words()[name])


@pytest.mark.parametrize("start, said_advice", [
    (TODAY.isoformat(), words.PAIN_START_DAY_ONE), (days_ago(1), words.PAIN_START_LATER_DAY)])
def test_the_pain_start_answer_says_only_what_the_guide_says_in_one_breath(start, said_advice):
    said = talk().ask("PainStartedIntent", slot("start_date", start))
    assert said_advice in said.speech
    assert "bed rest" in said.speech.lower() and "short walks" in said.speech
    assert not _CLAIMS.search(said.speech)
    assert word_count(said.speech) <= 35


def test_no_sessions_yet_gives_the_guides_rhythm_without_a_claim():
    said = talk().ask("SessionCountIntent", slot("treatment", "heat", "HEAT", "TreatmentType"))
    assert "ten to twenty minutes each time, several times a day" in said.speech
    assert not _CLAIMS.search(said.speech)
    assert word_count(said.speech) <= 35


def _composed_answers():
    today = TODAY
    for value in ("PRESENT_REF", days_ago(1), days_ago(9), "2024-01-30"):
        start, _ = pain_start.pain_start_from_slot(value, today)
        heard = words.PAIN_START_HEARD.format(when=clock.when_words(start, today))
        advice = words.PAIN_START_DAY_ONE if start == today else words.PAIN_START_LATER_DAY
        for ending in (prompts.ANYTHING_ELSE, words.PAIN_START_NOT_SAVED):
            yield join(heard, advice, ending)
    for counts in (None, {}, {"ice": 12}, {"heat": 3, "ice": 11, "alternating": 10}):
        for kind in (None, "heat", "ice", "alternating"):
            yield join(memory_handlers.session_count_words(counts, kind), prompts.ANYTHING_ELSE)
    for said in (words.FORGET_DONE, words.FORGET_FAILED, words.FORGET_NOTHING_STORED,
                 words.FORGET_KEPT):
        yield join(said, prompts.ANYTHING_ELSE)


@pytest.mark.parametrize("answer", list(_composed_answers()))
def test_every_composed_memory_answer_fits_in_one_breath(answer):
    assert word_count(answer) <= 35, answer
