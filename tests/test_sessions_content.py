"""The words of timed sessions: short, dose-free, never a promise to call, and what is said aloud."""

import re

import pytest

from alexa_api_fixtures import alexa_api, granted_conversation, user  # noqa: F401
from envelopes import slot
from skill.content import sessions as words
from skill.speech import word_count
from test_safety import claims_to_call

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
    assert words.ordinal_words(3) == "third" and words.ordinal_words(12) == "twelfth"
    assert words.ordinal_words(13) is None and words.ordinal_words(0) is None


@pytest.mark.parametrize("kind", list(START))
def test_every_session_starts_in_about_thirty_five_words_with_a_timer(user, alexa_api, kind):
    intent, slots = START[kind]
    said = user.ask(intent, *slots)
    assert word_count(said.speech) <= (40 if kind == "alternating" else 35), said.speech
    assert said.speech.count("?") <= 1


@pytest.mark.parametrize("kind", list(START))
@pytest.mark.parametrize("status", [500, 504])
def test_every_session_without_a_timer_still_fits_in_one_breath_or_two(alexa_api, kind, status):
    alexa_api.fail_next(status, method="POST")
    intent, slots = START[kind]
    said = granted_conversation(alexa_api).ask(intent, *slots)
    assert word_count(said.speech) <= (55 if kind == "alternating" else 48), said.speech
    assert "set a timer for" in said.speech and said.ended is True
