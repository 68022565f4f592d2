"""Alexa reminders for the skill's daily routine, through the SDK's reminder management client.

``ReminderService`` wraps ``ReminderManagementServiceClient`` for one request,
as ``TimerService`` does timers:

- every failure of the API (an error status, a time-out, no connection)
  becomes a ``ReminderApiError`` with a ``reason`` the handlers put into words
  (permission, too many reminders, server error, time-out); anything else is a
  bug and propagates as it is;
- all calls end by the request's deadline, which the service clients it is
  built with carry, and after a time-out, a permission refusal or a server
  failure no further call is tried;
- creating a series is all or nothing: if one reminder fails, the ones made
  are deleted again, so the skill never claims a reminder it did not set.

A reminder is one ``SCHEDULED_ABSOLUTE`` trigger at a local time of day in the
user's time zone, repeating by an RRULE (``FREQ=DAILY`` or ``FREQ=WEEKLY``
with ``BYDAY``) between ``startDateTime`` and ``endDateTime``: the series ends
by itself. Every reminder the API lists is this skill's own; which kind each
one is, the skill keeps by its id (``skill.reminders.records``), never by
its words. Logs name operations and outcomes only.
"""

import datetime
import logging
from collections.abc import Sequence
from typing import NamedTuple

from ask_sdk_model.services.reminder_management import (
    AlertInfo,
    PushNotification,
    PushNotificationStatus,
    Recurrence,
    ReminderRequest,
    SpokenInfo,
    SpokenText,
    Trigger,
    TriggerType,
)

from .api_calls import NOT_FOUND, ApiError, GuardedCalls

logger = logging.getLogger(__name__)


def _mend_sdk_alert_info_type() -> None:
    """Let the SDK read reminders back: ``AlertInfo`` names a module that does not exist.

    ask-sdk-model (1.82.0 and earlier) declares ``AlertInfo.spoken_info`` as
    ``...reminder_management.alert_info_spoken_info.SpokenInfo``; no such module
    ships, so deserializing any reminder with ``alertInfo`` (every GET, as Amazon
    returns them) raises ``SerializationException``. The class meant is
    ``spoken_info.SpokenInfo``; this registers it under the declared name, once.
    """
    import sys
    import types

    name = "ask_sdk_model.services.reminder_management.alert_info_spoken_info"
    if name not in sys.modules:
        try:
            __import__(name)
        except ImportError:
            shim = types.ModuleType(name)
            shim.SpokenInfo = SpokenInfo
            sys.modules[name] = shim


_mend_sdk_alert_info_type()

REMINDERS_SCOPE = "alexa::alerts:reminders:skill:readwrite"


class ReminderApiError(ApiError):
    """A Reminders API call failed; ``reason`` is one of ``api_calls``' reasons."""


class ReminderSpec(NamedTuple):
    """One recurring reminder: a local time of day, which days, from and until when, what is said."""

    hour: int
    minute: int
    text: str
    starts: datetime.date
    ends: datetime.date
    #: None: every day; else two-letter RRULE days ("MO", "TU", ...).
    days: tuple[str, ...] | None = None


class ReminderState(NamedTuple):
    """One of this skill's reminders, as the API lists it."""

    id: str
    text: str
    hour: int | None
    minute: int | None
    status: str
    #: The last local day of the series (None: not known, or no end).
    ends: datetime.date | None = None
    #: Two-letter RRULE days of a weekly series; None: every day (or not known).
    days: tuple[str, ...] | None = None


def recurrence_rule(hour: int, minute: int, days: Sequence[str] | None = None) -> str:
    """The RRULE for a reminder at ``hour:minute`` every day, or on ``days`` each week."""
    if days:
        return (f"FREQ=WEEKLY;BYDAY={','.join(days)};BYHOUR={hour};BYMINUTE={minute};"
                f"BYSECOND=0;INTERVAL=1")
    return f"FREQ=DAILY;BYHOUR={hour};BYMINUTE={minute};BYSECOND=0;INTERVAL=1"


def reminder_request(spec: ReminderSpec, locale: str, time_zone: str,
                     now: datetime.datetime) -> ReminderRequest:
    """The SDK's ``ReminderRequest`` for ``spec`` (naive local times, as the API wants them)."""
    first = datetime.datetime.combine(spec.starts, datetime.time(spec.hour, spec.minute))
    last = datetime.datetime.combine(spec.ends, datetime.time(23, 59))
    return ReminderRequest(
        request_time=now.astimezone(datetime.UTC).replace(tzinfo=None, microsecond=0),
        trigger=Trigger(
            object_type=TriggerType.SCHEDULED_ABSOLUTE,
            scheduled_time=first,
            time_zone_id=time_zone,
            recurrence=Recurrence(
                start_date_time=first, end_date_time=last,
                recurrence_rules=[recurrence_rule(spec.hour, spec.minute, spec.days)])),
        alert_info=AlertInfo(spoken_info=SpokenInfo(content=[SpokenText(locale=locale, text=spec.text)])),
        push_notification=PushNotification(status=PushNotificationStatus.ENABLED))


def _days_of(rules) -> tuple[str, ...] | None:
    """The BYDAY days of the first weekly RRULE in ``rules`` (None: every day, or none said)."""
    for rule in rules or ():
        parts = dict(part.split("=", 1) for part in str(rule).split(";") if "=" in part)
        if parts.get("FREQ") == "WEEKLY" and parts.get("BYDAY"):
            return tuple(parts["BYDAY"].split(","))
    return None


def _state_of(reminder) -> ReminderState:
    texts = getattr(getattr(getattr(reminder, "alert_info", None), "spoken_info", None), "content", None) or []
    text = next((t.text for t in texts if getattr(t, "text", None)), "")
    trigger = getattr(reminder, "trigger", None)
    scheduled = getattr(trigger, "scheduled_time", None)
    recurrence = getattr(trigger, "recurrence", None)
    ends = getattr(recurrence, "end_date_time", None)
    status = getattr(getattr(reminder, "status", None), "value", None) or "ON"
    return ReminderState(reminder.alert_token, text,
                         scheduled.hour if scheduled else None,
                         scheduled.minute if scheduled else None, status,
                         ends=ends.date() if isinstance(ends, datetime.datetime) else None,
                         days=_days_of(getattr(recurrence, "recurrence_rules", None)))


class ReminderService:
    """The Reminders API for one request. Methods raise ``ReminderApiError`` only."""

    def __init__(self, service_clients):
        """``service_clients``: the request's ``ServiceClientFactory`` (None: no API client),
        whose calls end by the request's deadline."""
        self._client = None
        if service_clients is not None:
            try:
                self._client = service_clients.get_reminder_management_service()
            except ValueError:  # no API endpoint or token in the envelope
                logger.warning("reminder service unavailable: no API configuration")
        self._calls = GuardedCalls(self._client, ReminderApiError, "reminders")

    def create_all(self, specs: Sequence[ReminderSpec], locale: str, time_zone: str,
                   now: datetime.datetime) -> list[str]:
        """Create every reminder, or none: on failure, delete the ones made and raise."""
        made: list[str] = []
        try:
            for spec in specs:
                request = reminder_request(spec, locale, time_zone, now)
                response = self._call("create", lambda c, r=request: c.create_reminder(r))
                made.append(response.alert_token)
        except ReminderApiError:
            for alert_token in made:
                try:
                    self.delete(alert_token, undo=True)
                except ReminderApiError:
                    logger.warning("could not undo a partly created reminder series")
            raise
        return made

    def all(self, include_finished: bool = False) -> list[ReminderState]:
        """Every reminder of this skill for this user that is still on (and the finished ones too)."""
        response = self._call("list", lambda c: c.get_reminders())
        alerts = getattr(response, "alerts", None) or []
        return [s for s in (_state_of(a) for a in alerts) if include_finished or s.status != "COMPLETED"]

    def delete(self, alert_token: str, undo: bool = False) -> bool:
        """Delete one reminder: True if it was there."""
        try:
            self._call("delete", lambda c: c.delete_reminder(alert_token), force=undo)
        except ReminderApiError as error:
            if error.reason != NOT_FOUND:
                raise
            return False
        return True

    def update(self, alert_token: str, spec: ReminderSpec, locale: str, time_zone: str,
               now: datetime.datetime) -> None:
        request = reminder_request(spec, locale, time_zone, now)
        self._call("update", lambda c: c.update_reminder(alert_token, request))

    def _call(self, operation: str, call, force: bool = False):
        return self._calls.call(operation, call, force)
