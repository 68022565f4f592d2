"""Times of day: read from what Alexa heard (AMAZON.TIME), and said back as words."""

import datetime

from ..content.memory import MONTH_NAMES
from ..speech import number_words

#: AMAZON.TIME's parts of the day ("the evening one" arrives as "EV"), as the part of the day
#: a reminder is in (``PART_OF_DAY``).
PART_OF_DAY_BY_TIME_VALUE = {"MO": "MORNING", "AF": "AFTERNOON", "EV": "EVENING", "NI": "EVENING"}
#: Which hours each part of the day holds: "my afternoon walk".
PART_OF_DAY = {"MORNING": range(0, 12), "AFTERNOON": range(12, 17), "EVENING": range(17, 24)}


def time_of(value: str | None) -> tuple[int, int] | None:
    """(hour, minute) from an AMAZON.TIME value such as "22:00"; None for "EV", "NI" and the like."""
    if not value or len(value) != 5 or value[2] != ":":
        return None
    try:
        hour, minute = int(value[:2]), int(value[3:])
    except ValueError:
        return None
    return (hour, minute) if 0 <= hour < 24 and 0 <= minute < 60 else None


def part_of_day_of(value: str | None) -> str | None:
    """"MORNING", "AFTERNOON" or "EVENING" for an AMAZON.TIME part of the day ("EV"), else None."""
    return PART_OF_DAY_BY_TIME_VALUE.get(value) if isinstance(value, str) else None


def time_words(hour: int, minute: int) -> str:
    """'ten am', 'nine thirty pm', 'seven oh five am', 'noon'."""
    if (hour, minute) == (12, 0):
        return "noon"
    suffix = "am" if hour < 12 else "pm"
    said = number_words(hour % 12 or 12)
    if minute:
        said += " " + (f"oh {number_words(minute)}" if minute < 10 else number_words(minute))
    return f"{said} {suffix}"


def list_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def date_words(day: datetime.date) -> str:
    """'December 7'."""
    return f"{MONTH_NAMES[day.month - 1]} {day.day}"


def goes_off_at(hour: int | None, minute: int | None, time: tuple[int, int]) -> bool:
    """Whether a reminder at ``hour:minute`` is the one at ``time``, said with or without am or pm."""
    said_hour, said_minute = time
    readings = {(said_hour, said_minute), (said_hour + 12, said_minute)} if said_hour < 12 \
        else {(said_hour, said_minute)}
    return (hour or 0, minute or 0) in readings
