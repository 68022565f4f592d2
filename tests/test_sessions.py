"""Timed heat, ice, walk and sitting sessions through real envelopes, with the local Alexa API.

The skill runs unchanged: ``lambda_handler.handler`` -> the SDK's timer
management client -> the skill's ``AlexaApiClient`` -> HTTP -> the emulator.
"""

import doors
import pytest
from alexa_api_fixtures import alexa_api, granted_conversation, new_user, user  # noqa: F401
from envelopes import connections_response, slot

from skill.content import guide, prompts
from skill.content import memory as memory_words
from skill.content import sessions as words
from skill.services.iso8601 import format_duration, parse_duration
from skill.speech import join, word_count


def treatment(value_id, heard=None):
    heard = heard or {"HEAT": "heat", "ICE": "ice", "ALTERNATING": "heat and ice"}[value_id]
    return slot("treatment", heard, value_id, "TreatmentType")


def duration(value):
    return slot("duration", value, type_name="AMAZON.DURATION")


def start(conversation, value_id="ICE", length=None, heard=None):
    slots = [treatment(value_id, heard)] if value_id else []
    if length is not None:
        slots.append(duration(length))
    return conversation.ask("StartTreatmentSessionIntent", *slots)


def only_timer(emulator):
    timers = emulator.active_timers()
    assert len(timers) == 1, timers
    return timers[0]


# -- starting a heat or ice session ---------------------------------------------------------------

def test_fifteen_minute_ice_session_sets_a_timer_and_reads_the_session(user, alexa_api):
    said = start(user, "ICE", "PT15M")
    assert said.speech.startswith("Okay, fifteen minutes of ice. Your timer is set.")
    assert "thin cloth" in said.speech and "ice pack" in said.speech
    assert "lie however hurts least" in said.speech
    assert said.speech.endswith(words.OFFER_POSITIONS)
    assert word_count(said.speech) <= 35
    assert said.ended is False and said.reprompt == words.OFFER_POSITIONS_REPROMPT
    assert said.card["title"] == "Ice session" and "thin cloth" in said.card["content"]
    timer = only_timer(alexa_api)
    assert timer["duration"] == "PT15M" and timer["status"] == "ON" and timer["timerLabel"] == "Ice"
    assert alexa_api.timer_announcements()[timer["id"]] == words.ANNOUNCE_END["ice"]


def test_heat_session_names_the_heat_and_its_announcement(user, alexa_api):
    said = start(user, "HEAT", "PT20M")
    assert said.speech.startswith("Okay, twenty minutes of heat.")
    assert "heat pack" in said.speech
    timer = only_timer(alexa_api)
    assert timer["duration"] == "PT20M"
    assert alexa_api.timer_announcements()[timer["id"]].startswith("Time to take the heat off")


def test_yes_after_starting_reads_the_guides_lying_positions(user):
    start(user, "ICE", "PT15M")
    said = user.ask("AMAZON.YesIntent")
    assert said.speech.startswith(guide.LYING_POSITIONS.chunks[0])


def test_no_duration_uses_fifteen_minutes_and_says_so(user, alexa_api):
    said = start(user, "ICE")
    assert said.speech.startswith("Okay, fifteen minutes of ice, a middle length.")
    assert only_timer(alexa_api)["duration"] == "PT15M"


@pytest.mark.parametrize("garbage", ["?", "banana", "PT", "P1DT", "-PT5M"])
def test_unreadable_duration_uses_the_default_and_says_it_missed_it(user, alexa_api, garbage):
    said = start(user, "HEAT", garbage)
    assert said.speech.startswith("I missed the length: fifteen minutes of heat.")
    assert only_timer(alexa_api)["duration"] == "PT15M"


@pytest.mark.parametrize("length, nearest", [
    ("PT1H", "twenty minutes"), ("PT25M", "twenty minutes"), ("P1D", "twenty minutes"),
    ("PT5M", "ten minutes"), ("PT90S", "ten minutes"), ("PT0M", "ten minutes"),
])
def test_length_outside_the_guide_is_offered_at_the_nearest_and_not_started(user, alexa_api,
                                                                           length, nearest):
    said = start(user, "ICE", length)
    assert said.speech == " ".join((words.TREATMENT_RANGE, f"Shall I time {nearest} of ice instead?"))
    assert said.ended is False and said.reprompt == words.OFFER_REPROMPT
    assert alexa_api.active_timers() == []
    assert alexa_api.calls("POST") == []


@pytest.mark.parametrize("zero", ["PT0M", "PT0S", "PT0H"])
def test_zero_minutes_is_offered_the_guides_ten_and_nothing_runs_until_yes(user, alexa_api, zero):
    # "Start ice for zero minutes": a length was heard, so it is not the fifteen minute default.
    said = start(user, "ICE", zero)
    assert said.speech == " ".join((words.TREATMENT_RANGE, "Shall I time ten minutes of ice instead?"))
    assert said.ended is False and alexa_api.calls("POST") == []
    said = user.ask("AMAZON.YesIntent")
    assert said.speech.startswith("Okay, ten minutes of ice. Your timer is set.")
    assert only_timer(alexa_api)["duration"] == "PT10M"


def test_zero_minutes_held_while_asking_heat_or_ice_is_offered_ten_too(user, alexa_api):
    assert user.ask("StartTreatmentSessionIntent", duration("PT0M")).speech == words.ASK_TREATMENT
    said = start(user, "HEAT")
    assert said.speech == " ".join((words.TREATMENT_RANGE, "Shall I time ten minutes of heat instead?"))
    assert alexa_api.calls("POST") == []


def test_a_zero_minute_walk_is_offered_five(user, alexa_api):
    said = user.ask("StartWalkTimerIntent", duration("PT0M"))
    assert said.speech == " ".join((words.WALK_RANGE, "Shall I time a five minute walk instead?"))
    assert alexa_api.calls("POST") == []


@pytest.mark.parametrize("length, minutes", [("PT10M", 10), ("PT20M", 20), ("PT9M40S", 10),
                                             ("PT0.25H", 15)])
def test_lengths_inside_the_guide_start_at_once(user, alexa_api, length, minutes):
    start(user, "ICE", length)
    assert only_timer(alexa_api)["duration"] == f"PT{minutes}M"


def test_yes_to_the_nearest_length_starts_it(user, alexa_api):
    start(user, "ICE", "PT1H")
    said = user.ask("AMAZON.YesIntent")
    assert said.speech.startswith("Okay, twenty minutes of ice. Your timer is set.")
    assert only_timer(alexa_api)["duration"] == "PT20M"


def test_no_to_the_nearest_length_sets_nothing_and_listens(user, alexa_api):
    start(user, "ICE", "PT1H")
    said = user.ask("AMAZON.NoIntent")
    assert said.speech.startswith(words.DECLINED)
    assert said.ended is False
    assert alexa_api.active_timers() == []


def test_a_forged_offer_outside_the_guide_never_starts(user, alexa_api):
    start(user, "ICE", "PT1H")
    user.attributes["offer"] = {"kind": "start_session", "treatment": "ice", "minutes": 45}
    said = user.ask("AMAZON.YesIntent")
    assert "timer is set" not in said.speech
    assert alexa_api.active_timers() == []


def test_missing_treatment_asks_heat_or_ice_and_keeps_the_length(user, alexa_api):
    said = user.ask("StartTreatmentSessionIntent", duration("PT20M"))
    assert said.speech == words.ASK_TREATMENT and said.ended is False
    assert alexa_api.calls("POST") == []
    said = start(user, "HEAT")
    assert said.speech.startswith("Okay, twenty minutes of heat.")
    assert only_timer(alexa_api)["duration"] == "PT20M"


def test_an_answer_of_switch_to_ice_after_heat_or_ice_starts_ice(user, alexa_api):
    user.ask("StartTreatmentSessionIntent")
    said = user.ask("SwitchTreatmentIntent", treatment("ICE"))
    assert said.speech.startswith("Okay, fifteen minutes of ice, a middle length.")
    assert only_timer(alexa_api)["timerLabel"] == "Ice"


def test_a_new_session_replaces_the_running_one(user, alexa_api):
    start(user, "ICE", "PT15M")
    said = start(user, "ICE", "PT10M")
    assert words.REPLACED in said.speech
    assert only_timer(alexa_api)["duration"] == "PT10M"


# -- heat and ice together -----------------------------------------------------------------------

def test_alternating_session_sets_a_switch_and_an_end_timer(user, alexa_api):
    said = start(user, "ALTERNATING")
    assert said.speech.startswith("Timers set: ten minutes each, heat then ice.")
    assert "Put the heat pack over a thin cloth" in said.speech
    assert word_count(said.speech) <= 35
    assert "When Alexa says to switch, change to the ice pack." in said.card["content"]
    timers = alexa_api.active_timers()
    assert [t["duration"] for t in timers] == ["PT10M", "PT20M"]
    announcements = alexa_api.timer_announcements()
    assert announcements[timers[0]["id"]] == words.ANNOUNCE_SWITCH["ice"]
    assert announcements[timers[1]["id"]] == words.ANNOUNCE_END["ice"]


def test_alternating_switches_and_time_left_follows_the_phase(user, alexa_api):
    start(user, "ALTERNATING")
    alexa_api.advance(minutes=4)
    assert user.ask("SessionTimeLeftIntent").speech.startswith(
        "You have about six minutes until you switch to ice.")
    fired = alexa_api.advance(minutes=6)
    assert [f.text for f in fired] == [words.ANNOUNCE_SWITCH["ice"]]
    assert user.ask("SessionTimeLeftIntent").speech.startswith(
        "You have about ten minutes left on the ice.")
    fired = alexa_api.advance(minutes=10)
    assert [f.text for f in fired] == [words.ANNOUNCE_END["ice"]]
    assert user.ask("SessionTimeLeftIntent").speech.startswith(words.NO_SESSION)


def test_ice_then_heat_starts_with_ice(user, alexa_api):
    said = start(user, "ALTERNATING", heard="ice then heat")
    assert said.speech.startswith("Timers set: ten minutes each, ice then heat.")
    first = alexa_api.active_timers()[0]
    assert alexa_api.timer_announcements()[first["id"]] == words.ANNOUNCE_SWITCH["heat"]


def test_ice_first_session_remembered_only_by_id_still_ends_on_the_heat(alexa_api):
    first = granted_conversation(alexa_api)
    start(first, "ALTERNATING", heard="ice then heat")
    first.ask("AMAZON.StopIntent")
    alexa_api.advance(minutes=12)
    said = granted_conversation(alexa_api).ask("SessionTimeLeftIntent")
    assert said.speech.startswith("You have about eight minutes left on the heat.")


def test_alternating_length_is_the_whole_session_split_in_two(user, alexa_api):
    start(user, "ALTERNATING", "PT30M")
    assert [t["duration"] for t in alexa_api.active_timers()] == ["PT15M", "PT30M"]


def test_alternating_too_short_offers_ten_minutes_each(user, alexa_api):
    said = start(user, "ALTERNATING", "PT15M")
    assert said.speech == " ".join((words.ALTERNATING_RANGE, "Shall I time ten minutes of each instead?"))
    assert alexa_api.active_timers() == []
    user.ask("AMAZON.YesIntent")
    assert [t["duration"] for t in alexa_api.active_timers()] == ["PT10M", "PT20M"]


# -- time left, stop, switch -------------------------------------------------------------------

def test_time_left_counts_down_on_the_apis_clock(user, alexa_api):
    start(user, "ICE", "PT15M")
    alexa_api.advance(minutes=6)
    said = user.ask("SessionTimeLeftIntent")
    assert said.speech == "You have about nine minutes left on the ice. " + prompts.ANYTHING_ELSE
    alexa_api.advance(minutes=8, seconds=50)
    assert user.ask("SessionTimeLeftIntent").speech.startswith(
        "You have less than a minute left on the ice.")


def test_time_left_with_nothing_running(user, alexa_api):
    said = user.ask("SessionTimeLeftIntent")
    assert said.speech.startswith(words.NO_SESSION)
    assert said.ended is False


def test_time_left_after_the_timer_ended_drops_it(user, alexa_api):
    start(user, "ICE", "PT10M")
    fired = alexa_api.advance(minutes=10)
    assert [f.text for f in fired] == [words.ANNOUNCE_END["ice"]]
    said = user.ask("SessionTimeLeftIntent")
    assert said.speech.startswith(words.NO_SESSION)
    assert said.attributes.get("session_timers") == []


def test_time_left_in_a_later_session_comes_from_memory_and_the_api(alexa_api):
    first = granted_conversation(alexa_api)
    start(first, "HEAT", "PT20M")
    first.ask("AMAZON.StopIntent")
    alexa_api.advance(minutes=5)
    later = granted_conversation(alexa_api)
    said = later.ask("SessionTimeLeftIntent")
    assert said.speech.startswith("You have about fifteen minutes left on the heat.")


def test_time_left_finds_timers_the_skill_forgot(alexa_api, monkeypatch):
    doors.reconfigure(monkeypatch, storage="none")
    first = granted_conversation(alexa_api)
    start(first, "ICE", "PT15M")
    first.ask("AMAZON.StopIntent")
    later = granted_conversation(alexa_api)
    said = later.ask("SessionTimeLeftIntent")
    assert said.speech.startswith("You have about fifteen minutes left on the ice.")
    assert alexa_api.calls("GET", "/v1/alerts/timers")[-1].path == "/v1/alerts/timers"


def test_stop_the_session_cancels_its_timer_and_keeps_listening(user, alexa_api):
    start(user, "ICE", "PT15M")
    said = user.ask("StopSessionIntent")
    assert said.speech.startswith("Okay, I've cancelled your ice timer. You can take the pack off now.")
    assert said.ended is False
    assert alexa_api.active_timers() == []
    assert user.ask("StopSessionIntent").speech.startswith(words.NOTHING_TO_STOP)


def test_stop_cancels_a_session_from_an_earlier_visit(alexa_api):
    first = granted_conversation(alexa_api)
    start(first, "ALTERNATING")
    first.ask("AMAZON.StopIntent")
    said = granted_conversation(alexa_api).ask("StopSessionIntent")
    assert said.speech.startswith("Okay, I've cancelled your heat and ice timer.")
    assert alexa_api.active_timers() == []


@pytest.mark.parametrize("intent_name", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_alexa_stop_and_cancel_leave_the_skill_but_not_the_timer(user, alexa_api, intent_name):
    start(user, "ICE", "PT15M")
    user.ask("LyingPositionsIntent")
    said = user.ask(intent_name)
    assert said.speech == prompts.GOODBYE_TIMER_RUNNING and said.ended is True
    assert len(alexa_api.active_timers()) == 1


def test_cancel_said_right_after_a_timer_is_set_cancels_that_timer_and_stays(user, alexa_api):
    # Alexa's CancelIntent may cancel a task and stay in the skill: "actually, cancel that".
    start(user, "ICE", "PT15M")
    said = user.ask("AMAZON.CancelIntent")
    assert said.speech.startswith("Okay, I've cancelled your ice timer.") and said.ended is False
    assert alexa_api.active_timers() == []
    stopped = user.ask("AMAZON.StopIntent")
    assert stopped.speech == prompts.GOODBYE and stopped.ended is True


def test_switch_to_heat_cancels_the_ice_and_starts_heat(user, alexa_api):
    start(user, "ICE", "PT15M")
    said = user.ask("SwitchTreatmentIntent", treatment("HEAT"))
    assert said.speech.startswith("Okay, switching to heat: fifteen minutes. Your timer is set.")
    assert words.REPLACED not in said.speech and "thin cloth" in said.speech
    timer = only_timer(alexa_api)
    assert timer["timerLabel"] == "Heat" and timer["duration"] == "PT15M"


def test_a_length_asked_for_before_heat_or_ice_is_kept_when_the_answer_is_a_switch(user, alexa_api):
    start(user, "HEAT", "PT15M")
    # "Start a session for twenty minutes" -> "Heat or ice?" -> "ice", heard as a switch.
    assert user.ask("StartTreatmentSessionIntent", duration("PT20M")).speech == words.ASK_TREATMENT
    said = user.ask("SwitchTreatmentIntent", treatment("ICE"))
    assert said.speech.startswith("Okay, switching to ice: twenty minutes. Your timer is set.")
    timer = only_timer(alexa_api)
    assert timer["timerLabel"] == "Ice" and timer["duration"] == "PT20M"


def test_a_held_length_outside_the_guide_is_offered_and_yes_still_switches(user, alexa_api):
    start(user, "HEAT", "PT15M")
    user.ask("StartTreatmentSessionIntent", duration("PT1H"))
    said = user.ask("SwitchTreatmentIntent", treatment("ICE"))
    assert said.speech == " ".join((words.TREATMENT_RANGE, "Shall I time twenty minutes of ice instead?"))
    assert only_timer(alexa_api)["timerLabel"] == "Heat"
    said = user.ask("AMAZON.YesIntent")
    assert said.speech.startswith("Okay, switching to ice: twenty minutes. Your timer is set.")
    timer = only_timer(alexa_api)
    assert timer["timerLabel"] == "Ice" and timer["duration"] == "PT20M"


def test_a_held_length_for_heat_and_ice_is_split_when_switching(user, alexa_api):
    start(user, "ICE", "PT15M")
    user.ask("StartTreatmentSessionIntent", duration("PT30M"))
    said = user.ask("SwitchTreatmentIntent", treatment("ALTERNATING"))
    assert said.speech.startswith("Okay, switching to heat and ice.")
    assert [t["duration"] for t in alexa_api.active_timers()] == ["PT15M", "PT30M"]


def test_switch_from_ice_to_heat_and_ice_starts_both_parts(user, alexa_api):
    start(user, "ICE", "PT15M")
    said = user.ask("SwitchTreatmentIntent", treatment("ALTERNATING"))
    assert said.speech.startswith("Okay, switching to heat and ice. Timers set: ten minutes each,")
    assert [t["duration"] for t in alexa_api.active_timers()] == ["PT10M", "PT20M"]


def test_switch_to_what_is_already_on_says_so(user, alexa_api):
    start(user, "ICE", "PT15M")
    alexa_api.advance(minutes=3)
    said = user.ask("SwitchTreatmentIntent", treatment("ICE"))
    assert said.speech.startswith("You're already on ice. You have about twelve minutes left on the ice.")
    assert len(alexa_api.active_timers()) == 1


def test_switch_with_nothing_running_starts_that_treatment(user, alexa_api):
    said = user.ask("SwitchTreatmentIntent", treatment("HEAT"))
    assert said.speech.startswith("Okay, fifteen minutes of heat, a middle length.")
    assert only_timer(alexa_api)["timerLabel"] == "Heat"


# -- walks and sitting breaks ----------------------------------------------------------------------

def test_walk_without_a_length_is_five_minutes_and_says_so(user, alexa_api):
    said = user.ask("StartWalkTimerIntent")
    assert said.speech.startswith("Okay, a five minute walk, a gentle start.")
    assert "flat ground" in said.speech and "hills and stairs" in said.speech
    assert said.ended is False  # open for "cancel that"; Alexa closes it on silence
    timer = only_timer(alexa_api)
    assert timer["duration"] == "PT5M" and timer["timerLabel"] == "Walk"
    assert alexa_api.timer_announcements()[timer["id"]] == words.ANNOUNCE_END["walk"]


def test_the_walk_ends_with_rest_not_a_walk_back(user, alexa_api):
    # The guide's five to ten minutes is the whole walk: the end must not send the user off again.
    user.ask("StartWalkTimerIntent", duration("PT10M"))
    assert alexa_api.advance(minutes=9, seconds=59) == []
    (fired,) = alexa_api.advance(seconds=1)
    assert fired.text == "Your walk time is up. Rest in a comfortable position."
    assert "back" not in fired.text.lower()


def test_ten_minute_walk(user, alexa_api):
    said = user.ask("StartWalkTimerIntent", duration("PT10M"))
    assert said.speech.startswith("Okay, a ten minute walk. Your timer is set.")
    assert only_timer(alexa_api)["duration"] == "PT10M"


@pytest.mark.parametrize("length, nearest", [("PT20M", "ten"), ("PT2M", "five"), ("PT1H", "ten")])
def test_walk_outside_five_to_ten_minutes_is_offered_at_the_nearest(user, alexa_api, length, nearest):
    said = user.ask("StartWalkTimerIntent", duration(length))
    assert said.speech == " ".join((words.WALK_RANGE, f"Shall I time a {nearest} minute walk instead?"))
    assert alexa_api.active_timers() == []
    user.ask("AMAZON.YesIntent")
    assert only_timer(alexa_api)["duration"] == ("PT10M" if nearest == "ten" else "PT5M")


def test_sitting_reminder_is_thirty_minutes_and_asks_to_be_asked_again(user, alexa_api):
    said = user.ask("SittingReminderIntent")
    assert said.speech.startswith(words.SITTING_SET)
    assert said.speech.endswith(words.SITTING_AGAIN + " " + words.ANYTHING_ELSE)
    assert said.ended is False  # set from a chair: the session stays open, and "no" says goodbye
    timer = only_timer(alexa_api)
    assert timer["duration"] == "PT30M" and timer["timerLabel"] == "Sitting break"
    assert user.ask("AMAZON.NoIntent").ended is True
    fired = alexa_api.advance(minutes=30)
    assert [f.text for f in fired] == [words.ANNOUNCE_END["sitting"]]


def test_walk_and_heat_run_side_by_side_and_stop_cancels_both(user, alexa_api):
    start(user, "HEAT", "PT15M")
    user.ask("StartWalkTimerIntent", duration("PT10M"))
    user.ask("SessionTimeLeftIntent")
    said = user.ask("SessionTimeLeftIntent")
    assert "left on the heat" in said.speech and "left on your walk" in said.speech
    said = user.ask("StopSessionIntent")
    assert said.speech.startswith("Okay, I've cancelled your timers. You can take the pack off now.")
    assert alexa_api.active_timers() == []


# -- counts ---------------------------------------------------------------------------------------
# Counted for the conversation by default (skill.memory), or kept between sessions with
# BSC_KEEP_HEALTH_DETAILS on: each test runs both ways, and the words say which.

@pytest.fixture(params=[False, True], ids=["counted for the conversation", "kept between sessions"])
def kept(request, alexa_api, monkeypatch):
    doors.reconfigure(monkeypatch, keep_health_details=request.param)
    return request.param


def as_said(kept, text):
    """``text`` as written for counts kept "today", in the words of this setting."""
    return text if kept else text.replace(" today", " in this conversation")


def counted_aloud(speech) -> bool:
    return "session today" in speech or "session in this conversation" in speech


def test_second_ice_session_today_is_counted_aloud(user, alexa_api, kept):
    first = start(user, "ICE", "PT10M")
    assert not counted_aloud(first.speech)
    alexa_api.advance(minutes=10)
    second = start(user, "ICE", "PT10M")
    assert as_said(kept, "That's your second ice session today.") in second.speech
    assert word_count(second.speech) <= 35
    alexa_api.advance(minutes=10)
    assert as_said(kept, "That's your third ice session today.") in start(user, "ICE", "PT10M").speech
    assert not counted_aloud(start(user, "HEAT", "PT10M").speech)


def sessions_today(conversation, value_id=None):
    slots = [treatment(value_id)] if value_id else []
    return conversation.ask("SessionCountIntent", *slots).speech


def test_restarting_a_running_session_of_the_same_kind_is_not_counted_again(user, alexa_api, kept):
    start(user, "ICE", "PT15M")
    alexa_api.advance(minutes=2)
    said = start(user, "ICE", "PT10M")  # a new length for the same ice session
    assert words.REPLACED in said.speech and not counted_aloud(said.speech)
    assert sessions_today(user, "ICE").startswith(
        as_said(kept, "You've done one ice session with me today."))
    alexa_api.advance(minutes=10)
    assert as_said(kept, "That's your second ice session today.") in start(user, "ICE", "PT10M").speech


def test_restarting_heat_and_ice_while_it_runs_is_not_counted_again(user, alexa_api, kept):
    start(user, "ALTERNATING")
    start(user, "ALTERNATING", "PT30M")
    assert sessions_today(user).startswith("You've done one alternating heat and ice session with me")


def test_a_switch_mid_session_is_one_session_not_two(user, alexa_api, kept):
    start(user, "ICE", "PT15M")
    said = user.ask("SwitchTreatmentIntent", treatment("HEAT"))
    assert not counted_aloud(said.speech)
    user.ask("SwitchTreatmentIntent", treatment("ALTERNATING"))
    assert sessions_today(user).startswith(as_said(kept, "You've done one ice session with me today."))
    alexa_api.advance(minutes=20)
    assert as_said(kept, "That's your second ice session today.") in start(user, "ICE", "PT10M").speech


def test_starting_the_other_kind_while_one_runs_is_a_new_session(user, alexa_api, kept):
    start(user, "ICE", "PT15M")
    start(user, "HEAT", "PT15M")
    assert sessions_today(user).startswith(
        as_said(kept, "You've done two sessions with me today: one heat and one ice."))


def test_a_session_that_replaces_its_own_kind_without_a_timer_is_not_counted_either(
        user, alexa_api, kept):
    start(user, "ICE", "PT15M")
    alexa_api.fail_next(500, method="POST")
    said = start(user, "ICE", "PT20M")
    assert said.speech.startswith(words.NO_TIMER_REASON["server"]) and not counted_aloud(said.speech)
    assert said.ended  # read without a timer, the session closes
    count = sessions_today(user, "ICE")
    if kept:
        assert count.startswith("You've done one ice session with me today.")
    else:  # a new conversation: this one's counts went with the last
        assert count.startswith(join(memory_words.SESSIONS_NONE_NOW, memory_words.SESSIONS_NOT_KEPT))


def test_the_count_is_not_said_with_the_cancelled_timer_but_still_kept(user, alexa_api, kept):
    start(user, "HEAT", "PT10M")
    alexa_api.advance(minutes=10)
    start(user, "ICE", "PT15M")
    said = start(user, "HEAT", "PT15M")  # the second heat today, replacing the ice
    assert words.REPLACED in said.speech and not counted_aloud(said.speech)
    assert word_count(said.speech) <= 35
    assert sessions_today(user, "HEAT").startswith(
        as_said(kept, "You've done two heat sessions with me today."))


def test_without_storage_counts_last_the_conversation_and_nothing_is_said_of_today(
        alexa_api, monkeypatch, kept):
    doors.reconfigure(monkeypatch, storage="none")
    conversation = granted_conversation(alexa_api)
    heard = []
    for _ in range(3):
        heard.append(start(conversation, "ICE", "PT10M").speech)
        alexa_api.advance(minutes=10)  # over, so the next is a session of its own
    assert all("timer is set" in said and "today" not in said for said in heard)
    if kept:  # to be kept between sessions, and no store: not counted at all
        assert not any(counted_aloud(said) for said in heard)
    else:  # the conversation holds the count whatever the store
        assert "That's your third ice session in this conversation." in heard[-1]


# -- emergencies still come first ---------------------------------------------------------------

def test_an_emergency_mid_session_gets_call_911_first(user, alexa_api):
    start(user, "ICE", "PT15M")
    said = user.ask("EmergencyIntent", slot("symptom", "I can't move my leg", "CANNOT_MOVE_LIMB",
                                            "SymptomType"))
    assert said.speech.startswith("Call 911 now.")
    # The session stays open so that "repeat" says it again; nothing else is started.
    assert said.ended is False and not said.directives


# -- the whole story, end to end ---------------------------------------------------------------------

def test_a_whole_session_permission_timer_time_left_announcement_and_cancel(new_user, alexa_api):
    heard = []
    alexa_api.on_timer_fired = lambda text, timer: heard.append(text)
    asked = start(new_user, "ICE", "PT15M")
    token = asked.directives[0]["token"]
    said = new_user.send(connections_response("ACCEPTED", token=token), permissions_token="granted")
    assert said.speech.startswith("Thanks. Okay, fifteen minutes of ice. Your timer is set.")
    alexa_api.advance(minutes=5)
    said = new_user.ask("SessionTimeLeftIntent", permissions_token="granted")
    assert said.speech.startswith("You have about ten minutes left on the ice.")
    alexa_api.advance(minutes=10)
    assert heard == [words.ANNOUNCE_END["ice"]]
    said = new_user.ask("StartTreatmentSessionIntent", treatment("HEAT"), duration("PT10M"),
                        permissions_token="granted")
    assert "timer is set" in said.speech
    said = new_user.ask("StopSessionIntent", permissions_token="granted")
    assert said.speech.startswith("Okay, I've cancelled your heat timer.")
    assert alexa_api.active_timers() == []


# -- durations ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, seconds", [
    ("PT15M", 900), ("PT1H", 3600), ("PT5M", 300), ("PT25M", 1500), ("P1D", 86400),
    ("PT90S", 90), ("PT1H30M", 5400), ("PT0.5H", 1800), ("P1W", 604800), ("pt20m", 1200),
])
def test_durations_are_read_as_alexa_sends_them(value, seconds):
    assert parse_duration(value) == seconds


# Alexa sends AMAZON.DURATION as ISO 8601 only: spoken words are not a duration here.
@pytest.mark.parametrize("value", [None, "", "?", "PT", "P", "P1DT", "banana", "PT-5M", "fifteen",
                                   "15 minutes", "fifteen minutes", "half an hour", 900])
def test_unreadable_durations_are_none(value):
    assert parse_duration(value) is None


def test_durations_are_written_for_the_timers_api():
    assert [format_duration(s) for s in (900, 3600, 5400, 90, 0)] == ["PT15M", "PT1H", "PT1H30M",
                                                                     "PT1M30S", "PT0S"]

