"""ISO 8601 durations as the Alexa Timers API takes and reports them (``PT15M``)."""

import re

_DURATION = re.compile(
    r"^P(?:(?P<years>\d+(?:[.,]\d+)?)Y)?(?:(?P<months>\d+(?:[.,]\d+)?)M)?"
    r"(?:(?P<weeks>\d+(?:[.,]\d+)?)W)?(?:(?P<days>\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:[.,]\d+)?)H)?(?:(?P<minutes>\d+(?:[.,]\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:[.,]\d+)?)S)?)?$", re.IGNORECASE)
_UNIT_SECONDS = {"years": 365 * 86400, "months": 30 * 86400, "weeks": 7 * 86400,
                 "days": 86400, "hours": 3600, "minutes": 60, "seconds": 1}


def parse_duration(value) -> float | None:
    """Seconds in an ISO 8601 duration (``PT15M`` is 900.0); None when it is not one."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _DURATION.match(text)
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
