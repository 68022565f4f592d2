"""What day it is for the user: "today" in the time zone of the device they speak to.

Session counts and the day of the back pain turn on the user's date, not the
server's. The time zone comes from Alexa's settings API (the SDK's UPS
service, ``GET /v2/devices/{deviceId}/settings/System.timeZone``; no
permission needed). It is asked at most once per session and kept in the
session attributes under ``time_zone``; a request without a session (skill
events) keeps it for the request only. ``skill.turn`` reads the clock once
per request and asks for the zone at most once, only when the date is needed.

``when_words`` says how long ago a day was, counted from the user's today:
the one place the skill turns a past day into words.

Whenever the time zone cannot be had (no API client, no device id, the API
failing or slow, an unknown zone name) the answer is UTC, and the log says so
without the device id or the error text (the SDK's error text contains the
request URL, which names the device).
"""

import datetime
import logging

logger = logging.getLogger(__name__)

#: Session attribute holding the time zone name used for this session.
TIME_ZONE_KEY = "time_zone"
FALLBACK_TIME_ZONE = "UTC"


def utc_now() -> datetime.datetime:
    """This machine's now, in UTC: only for a request that carries no usable timestamp."""
    return datetime.datetime.now(datetime.UTC)


def request_moment(handler_input) -> datetime.datetime:
    """Now, for this request: the moment Alexa stamped on it (``request.timestamp``), in UTC.

    Alexa stamps every request as it sends it, so this is the device's now; a simulator
    stamps the simulated device's clock, and the whole skill (timers, dates, reminders,
    the day of the pain) follows it. A request without a usable timestamp uses this
    machine's clock. The turn (``skill.turn``) reads it once per request.
    """
    request = getattr(getattr(handler_input, "request_envelope", None), "request", None)
    stamp = getattr(request, "timestamp", None)
    if isinstance(stamp, str):  # the SDK normally reads it into a datetime already
        from .iso8601 import parse_timestamp

        stamp = parse_timestamp(stamp)
    if not isinstance(stamp, datetime.datetime):
        return utc_now()
    if stamp.tzinfo is None:
        return stamp.replace(tzinfo=datetime.UTC)
    return stamp.astimezone(datetime.UTC)


def zone(name):
    """The ``tzinfo`` of an IANA zone name; None for an unknown or malformed name."""
    if not isinstance(name, str) or not name or len(name) > 64:
        return None
    try:
        from zoneinfo import ZoneInfo  # only once a time zone is known

        return ZoneInfo(name)
    except (ValueError, LookupError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return None


def _ask_alexa_for_time_zone(service_clients, request_envelope) -> str | None:
    from ask_sdk_core.exceptions import ApiClientException
    from ask_sdk_model.services import ServiceException

    from .alexa_api import raise_if_bug

    if service_clients is None:
        logger.info("no Alexa API client; using UTC for the user's date")
        return None
    system = getattr(getattr(request_envelope, "context", None), "system", None)
    device_id = getattr(getattr(system, "device", None), "device_id", None)
    if not device_id:
        logger.info("request names no device; using UTC for the user's date")
        return None
    try:
        answer = service_clients.get_ups_service().get_system_time_zone(device_id)
    except ValueError:  # the SDK's answer to an envelope without an API endpoint or token
        logger.info("no Alexa API configuration; using UTC for the user's date")
        return None
    except (ServiceException, ApiClientException) as exc:
        raise_if_bug(exc)
        status = getattr(exc, "status_code", None)
        logger.warning("time zone lookup failed (%s%s); using UTC for the user's date",
                       type(exc).__name__, f" {status}" if status is not None else "")
        return None
    if zone(answer) is None:
        logger.warning("time zone lookup gave no usable zone; using UTC for the user's date")
        return None
    return answer


def time_zone_name(handler_input, service_clients) -> str:
    """The IANA name of the user's time zone, or ``"UTC"`` when it cannot be had.

    ``service_clients``: the request's ``ServiceClientFactory``, whose calls end
    by the request's deadline (None: no API client). Asked once per session
    and kept in the session attributes; a failure is kept too, so a broken
    API costs one time-out per session, not one per turn. The turn
    (``skill.turn``) asks at most once per request.
    """
    from .. import state

    session = state.session(handler_input)
    cached = session.get(TIME_ZONE_KEY)
    if zone(cached) is not None:
        return cached
    name = (_ask_alexa_for_time_zone(service_clients, handler_input.request_envelope)
            or FALLBACK_TIME_ZONE)
    session[TIME_ZONE_KEY] = name
    return name


def when_words(start: datetime.date, today: datetime.date) -> str:
    """'today', 'yesterday', 'three days ago', or 'on November 3' for longer ago.

    A day after ``today`` (only a time zone change makes one) is 'today'.
    The year is said only when it is not this year's.
    """
    from ..content.memory import MONTH_NAMES
    from ..speech import number_words

    days = (today - start).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{number_words(days)} days ago"
    on = f"on {MONTH_NAMES[start.month - 1]} {start.day}"
    return on if start.year == today.year else f"{on}, {start.year}"
