"""What day it is for the user: "today" in the time zone of the device they speak to.

Session counts and the day of the back pain turn on the user's date, not the
server's. The time zone comes from Alexa's settings API (the SDK's UPS
service, ``GET /v2/devices/{deviceId}/settings/System.timeZone``; no
permission needed). It is asked at most once per session and kept in the
session attributes under ``time_zone``; a request without a session (skill
events) keeps it for the request only.

``when_words`` says how long ago a day was, counted from the user's today:
the one place the skill turns a past day into words.

Whenever the time zone cannot be had (no API client, no device id, the API
failing or slow, an unknown zone name) the answer is UTC, and the log says so
without the device id or the error text (the SDK's error text contains the
request URL, which names the device).
"""

import datetime
import logging
from typing import Optional

logger = logging.getLogger(__name__)

#: Session attribute holding the time zone name used for this session.
TIME_ZONE_KEY = "time_zone"
#: Request attribute caching it within one request (also for sessionless requests).
_REQUEST_KEY = "bsc.time_zone"
FALLBACK_TIME_ZONE = "UTC"


def utc_now() -> datetime.datetime:
    """Now, in UTC (tests replace this to stand at a fixed moment)."""
    return datetime.datetime.now(datetime.timezone.utc)


def _session_attributes(handler_input) -> Optional[dict]:
    if getattr(handler_input.request_envelope, "session", None) is None:
        return None
    try:
        return handler_input.attributes_manager.session_attributes
    except Exception:  # noqa: BLE001 - no session: nothing to cache in
        return None


def _zone(name):
    if not isinstance(name, str) or not name:
        return None
    try:
        from zoneinfo import ZoneInfo  # only once a time zone is known

        return ZoneInfo(name)
    except Exception:  # noqa: BLE001 - unknown or malformed zone name
        return None


def _ask_alexa_for_time_zone(handler_input) -> Optional[str]:
    try:
        factory = handler_input.service_client_factory
    except Exception:  # noqa: BLE001 - the SDK raises ValueError when built without an API client
        factory = None
    if factory is None:
        logger.info("no Alexa API client; using UTC for the user's date")
        return None
    system = getattr(getattr(handler_input.request_envelope, "context", None), "system", None)
    device_id = getattr(getattr(system, "device", None), "device_id", None)
    if not device_id:
        logger.info("request names no device; using UTC for the user's date")
        return None
    try:
        answer = factory.get_ups_service().get_system_time_zone(device_id)
    except Exception as exc:  # noqa: BLE001 - any failure means UTC, never a crash
        status = getattr(exc, "status_code", None)
        logger.warning("time zone lookup failed (%s%s); using UTC for the user's date",
                       type(exc).__name__, f" {status}" if status is not None else "")
        return None
    if _zone(answer) is None:
        logger.warning("time zone lookup gave no usable zone; using UTC for the user's date")
        return None
    return answer


def user_time_zone_name(handler_input) -> str:
    """The IANA name of the user's time zone, or ``"UTC"`` when it cannot be had."""
    request_attributes = handler_input.attributes_manager.request_attributes
    name = request_attributes.get(_REQUEST_KEY)
    if name:
        return name
    session = _session_attributes(handler_input)
    cached = session.get(TIME_ZONE_KEY) if session is not None else None
    if _zone(cached) is not None:
        name = cached
    else:
        # Ask once per session; a failure is cached too, so a broken API
        # costs one timeout per session, not one per turn.
        name = _ask_alexa_for_time_zone(handler_input) or FALLBACK_TIME_ZONE
        if session is not None:
            session[TIME_ZONE_KEY] = name
    request_attributes[_REQUEST_KEY] = name
    return name


def user_today(handler_input) -> datetime.date:
    """Today's date where the user is (UTC when their time zone is unknown). Never raises."""
    try:
        zone = _zone(user_time_zone_name(handler_input)) or datetime.timezone.utc
    except Exception as exc:  # noqa: BLE001
        logger.warning("time zone unavailable (%s); using UTC for the user's date",
                       type(exc).__name__)
        zone = datetime.timezone.utc
    return utc_now().astimezone(zone).date()


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
