"""The simulator's built-in slot grammars convert words as Alexa does."""

import datetime

import pytest
from alexa_simulator import builtin_slots
from alexa_simulator.text import tokenise

TODAY = datetime.date(2025, 11, 25)  # a Tuesday


def words(text):
    return list(tokenise(text).tokens)


@pytest.mark.parametrize("said, iso", [
    ("fifteen minutes", "PT15M"),
    ("a quarter of an hour", "PT15M"),
    ("quarter of an hour", "PT15M"),
    ("twenty min", "PT20M"),
    ("an hour and a half", "PT1H30M"),
    ("one and a half hours", "PT1H30M"),
    ("ninety seconds", "PT90S"),
    ("two hours", "PT2H"),
    ("10 minutes", "PT10M"),
    ("10-minute", "PT10M"),
    ("half an hour", "PT30M"),
    ("a half hour", "PT30M"),
    ("three quarters of an hour", "PT45M"),
    ("two and a half minutes", "PT2M30S"),
    ("an hour and twenty minutes", "PT1H20M"),
    ("five hours ten minutes", "PT5H10M"),
    ("a minute", "PT1M"),
    ("a couple of minutes", "PT2M"),
    ("three days", "P3D"),
    ("two weeks", "P2W"),
    ("a day and a half", "P1DT12H"),
    ("twenty five minutes", "PT25M"),
])
def test_durations_convert_to_iso_8601(said, iso):
    assert builtin_slots.parse_duration(words(said)) == iso


@pytest.mark.parametrize("said", ["minutes", "banana", "fifteen", "a", "half"])
def test_words_that_are_not_a_duration_are_not_read_as_one(said):
    assert builtin_slots.parse_duration(words(said)) is None


@pytest.mark.parametrize("said, digits", [
    ("twenty three", "23"),
    ("23", "23"),
    ("zero", "0"),
    ("nine", "9"),
    ("ninety nine", "99"),
    ("one hundred", "100"),
    ("a hundred and five", "105"),
    ("two thousand twenty five", "2025"),
    ("one thousand and one", "1001"),
])
def test_numbers_become_digits(said, digits):
    assert builtin_slots.parse_number(words(said)) == digits


@pytest.mark.parametrize("said", ["twenty twenty", "three five", "hundred"])
def test_number_word_sequences_that_are_not_one_number(said):
    assert builtin_slots.parse_number(words(said)) is None


@pytest.mark.parametrize("said, iso", [
    ("today", "2025-11-25"),
    ("now", "2025-11-25"),
    ("yesterday", "2025-11-24"),
    ("last night", "2025-11-24"),
    ("the day before yesterday", "2025-11-23"),
    ("tomorrow", "2025-11-26"),
    ("two days ago", "2025-11-23"),
    ("a week ago", "2025-11-18"),
    ("three weeks ago", "2025-11-04"),
    ("last monday", "2025-11-24"),
    ("last tuesday", "2025-11-18"),
    ("this past friday", "2025-11-21"),
    # Said without a year, a date is the next one on or after today, as on an Echo.
    ("monday", "2025-12-01"),
    ("on sunday", "2025-11-30"),
    ("november twentieth", "2026-11-20"),
    ("november twenty fifth", "2025-11-25"),
    ("the twentieth of november", "2026-11-20"),
    ("december 3rd", "2025-12-03"),
    ("november twentieth twenty twenty five", "2025-11-20"),
    ("november 20 2025", "2025-11-20"),
    ("the first", "2025-12-01"),
    ("2025-11-20", "2025-11-20"),
    ("this week", "2025-W48"),
    ("last week", "2025-W47"),
    ("next week", "2025-W49"),
    ("this weekend", "2025-W48-WE"),
    ("last weekend", "2025-W47-WE"),
    ("this month", "2025-11"),
    ("last month", "2025-10"),
    ("last year", "2024"),
    ("december", "2025-12"),
    ("january", "2026-01"),
])
def test_dates_are_relative_to_the_device_date(said, iso):
    assert builtin_slots.parse_date(words(said), TODAY) == iso


def test_may_alone_is_a_word_but_may_fifth_is_a_date():
    assert builtin_slots.parse_date(words("may"), TODAY) is None
    assert builtin_slots.parse_date(words("may fifth"), TODAY) == "2026-05-05"


def test_spans_are_found_inside_a_sentence():
    tokens = words("time my walk for half an hour please")
    spans = builtin_slots.duration_spans(tokens)
    assert spans[(4, 7)] == "PT30M"
    assert (3, 7) not in spans


@pytest.mark.parametrize("said, value", [
    ("evening", "EV"), ("morning", "MO"), ("afternoon", "AF"), ("night", "NI"),
    ("four pm", "16:00"), ("nine thirty", "09:30"), ("noon", "12:00"),
])
def test_times_and_parts_of_the_day_are_read_as_amazon_time_gives_them(said, value):
    assert value in builtin_slots.time_spans(words(said)).values()
