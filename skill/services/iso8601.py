"""ISO 8601 as the skill meets it: durations, end times and dates. One parser each.

- Durations: the AMAZON.DURATION slot sends them (``PT15M``, ``PT1H30M``,
  ``P1D``) and the Timers API takes and reports them. Alexa never sends
  spoken words here; only the simulator's built-in slot code reads words.
- Timestamps: a timer's end as the skill stores it (``2026-11-25T15:15:00Z``)
  in the session and in memory; an offset instead of ``Z`` is read too.
- Dates: the stored day the pain started, and the keys of session counts.

Every parser returns None for anything it cannot read; none raises.
"""

import datetime
import re

_DURATION_PATTERN = (
    r"^P(?:(?P<years>\d+(?:[.,]\d+)?)Y)?(?:(?P<months>\d+(?:[.,]\d+)?)M)?"
    r"(?:(?P<weeks>\d+(?:[.,]\d+)?)W)?(?:(?P<days>\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:[.,]\d+)?)H)?(?:(?P<minutes>\d+(?:[.,]\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:[.,]\d+)?)S)?)?$")
_UNIT_SECONDS = {"years": 365 * 86400, "months": 30 * 86400, "weeks": 7 * 86400,
                 "days": 86400, "hours": 3600, "minutes": 60, "seconds": 1}
_TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def parse_duration(value) -> float | None:
    """Seconds in an ISO 8601 duration (``PT15M`` is 900.0); None when it is not one."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    # Compiled on first use (re caches it): a launch never reads a duration.
    match = re.match(_DURATION_PATTERN, text, re.IGNORECASE)
    if not match or not any(match.groupdict().values()) or text.upper().endswith("T"):
        return None
    return sum(float(amount.replace(",", ".")) * _UNIT_SECONDS[unit]
               for unit, amount in match.groupdict().items() if amount)


def format_duration(seconds: float) -> str:
    """``PT15M`` for 900 seconds (whole seconds; hours, minutes and seconds only)."""
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + (f"{secs}S" if secs or text == "PT" else "")


def parse_timestamp(value) -> datetime.datetime | None:
    """An aware UTC moment from ``2026-11-25T15:15:00Z`` (or with an offset); None otherwise.

    A moment without a zone is taken to be UTC, as the skill only ever stores UTC.
    """
    if not isinstance(value, str) or not 10 < len(value) <= 40:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC)


def format_timestamp(moment: datetime.datetime) -> str:
    """``2026-11-25T15:15:00Z``: how the skill stores a moment (UTC, whole seconds)."""
    return moment.astimezone(datetime.UTC).strftime(_TIMESTAMP_FORMAT)


def parse_date(value) -> datetime.date | None:
    """A date from ``2026-11-25`` (or a date or datetime object); None otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None
