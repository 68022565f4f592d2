"""Alexa timers for the skill's sessions, through the SDK's timer management client.

``TimerService`` wraps ``TimerManagementServiceClient`` for one request:

- every failure of the API (an error status, a time-out, no connection)
  becomes a ``TimerApiError`` with a ``reason`` the handlers can put into
  words (permission, too many timers, device offline, server error,
  time-out); anything else is a bug in our code and propagates as it is, to
  the catch-all handler and the log, never heard as "the timers aren't answering";
- it is built with the request's service clients, whose every call ends by
  the request's deadline (``alexa_api.service_clients_until``), and after a
  time-out or server failure the remaining calls are not attempted, so a
  slow API can never spend Alexa's 8-second budget;
- creating several timers is all or nothing: if one fails, the ones already
  made are cancelled, so the skill never claims a timer it did not create.
"""

import datetime
import logging
from collections.abc import Sequence
from typing import NamedTuple

from ask_sdk_model.services.timer_management import (
    AnnounceOperation,
    CreationBehavior,
    DisplayExperience,
    NotificationConfig,
    TextToAnnounce,
    TimerRequest,
    TriggeringBehavior,
    Visibility,
)

from .api_calls import NOT_FOUND, TOO_MANY, ApiError, GuardedCalls
from .iso8601 import format_duration, parse_duration

logger = logging.getLogger(__name__)

def whole_minutes(seconds: float) -> int:
    """Seconds rounded to the nearest whole minute, halves up (90 s is 2 minutes)."""
    return int(seconds / 60 + 0.5)


# -- what can go wrong ------------------------------------------------------------------------

class TimerApiError(ApiError):
    """A Timers API call failed; ``reason`` is one of ``api_calls``' reasons."""

    def __init__(self, reason: str, status: int | None = None):
        super().__init__(reason, status)
        #: Timers a failed ``create_all`` made but could not cancel again.
        self.leftover: list[CreatedTimer] = []


# -- the service --------------------------------------------------------------------------------

class TimerSpec(NamedTuple):
    """One timer to create: how long, its label on screens, and what Alexa says when it ends."""

    seconds: int
    label: str
    announcement: str


class CreatedTimer(NamedTuple):
    """A timer the Timers API confirmed it created."""

    id: str
    label: str
    ends_at: datetime.datetime


class TimerState(NamedTuple):
    """What the API says about one timer now."""

    id: str
    status: str               # "ON", "PAUSED" or "OFF"
    label: str | None
    remaining_seconds: float | None


def _as_utc(moment: datetime.datetime | None) -> datetime.datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC)


def _server_now(headers) -> datetime.datetime:
    """The API's own "now" from its Date header (immune to our clock's drift), else ours."""
    import email.utils  # heavy at import, and only this needs it

    for key, value in headers or []:
        if key.lower() == "date":
            try:
                return _as_utc(email.utils.parsedate_to_datetime(value))
            except (TypeError, ValueError):
                break
    return datetime.datetime.now(datetime.UTC)


def _state_of(timer, now: datetime.datetime) -> TimerState:
    status = getattr(getattr(timer, "status", None), "value", None) or str(timer.status or "OFF")
    remaining = None
    if status == "PAUSED":
        remaining = parse_duration(timer.remaining_time_when_paused)
    elif status == "ON" and timer.trigger_time is not None:
        remaining = max(0.0, (_as_utc(timer.trigger_time) - now).total_seconds())
    return TimerState(timer.id, status, timer.timer_label, remaining)


class TimerService:
    """The Timers API for one request. Methods raise ``TimerApiError`` only."""

    def __init__(self, service_clients):
        """``service_clients``: the request's ``ServiceClientFactory`` (None: no API client),
        whose calls end by the request's deadline."""
        self._client = None
        if service_clients is not None:
            try:
                self._client = service_clients.get_timer_management_service()
            except ValueError:  # the SDK's answer to an envelope without an API endpoint or token
                logger.warning("timer service unavailable: no API configuration")
        self._calls = GuardedCalls(self._client, TimerApiError, "timers")

    @property
    def available(self) -> bool:
        return self._client is not None

    # -- operations --------------------------------------------------------------------------

    def create_all(self, specs: Sequence[TimerSpec], locale: str) -> list[CreatedTimer]:
        """Create every timer, or none: on failure, cancel the ones made and raise."""
        created: list[CreatedTimer] = []
        try:
            for spec in specs:
                created.append(self._create_one(spec, locale))
        except TimerApiError as error:
            for timer in created:
                try:
                    self.cancel(timer.id, undo=True)
                except TimerApiError:
                    logger.warning("could not undo a partly created session")
                    error.leftover.append(timer)
            raise
        return created

    def state(self, timer_id: str) -> TimerState | None:
        """The timer's state, or None when the API no longer knows it."""
        try:
            response = self._call("get", lambda c: c.get_timer(timer_id, full_response=True))
        except TimerApiError as error:
            if error.reason == NOT_FOUND:
                return None
            raise
        if response.body is None:
            return None
        return _state_of(response.body, _server_now(response.headers))

    def all_states(self) -> list[TimerState]:
        """Every timer this skill has on the user's devices, soonest first."""
        response = self._call("list", lambda c: c.get_timers(full_response=True))
        now = _server_now(response.headers)
        timers = getattr(response.body, "timers", None) or []
        return [_state_of(timer, now) for timer in timers]

    def cancel(self, timer_id: str, undo: bool = False) -> bool:
        """Cancel one timer: True if it was still set, False if the API no longer knew it.

        ``undo`` tries even after an earlier failure in this request (within the deadline).
        """
        try:
            self._call("delete", lambda c: c.delete_timer(timer_id), force=undo)
        except TimerApiError as error:
            if error.reason != NOT_FOUND:
                raise
            return False
        return True

    # -- helpers --------------------------------------------------------------------------------

    def _create_one(self, spec: TimerSpec, locale: str) -> CreatedTimer:
        request = TimerRequest(
            duration=format_duration(spec.seconds),
            timer_label=spec.label,
            creation_behavior=CreationBehavior(
                display_experience=DisplayExperience(visibility=Visibility.VISIBLE)),
            triggering_behavior=TriggeringBehavior(
                operation=AnnounceOperation(text_to_announce=[
                    TextToAnnounce(locale=locale, text=spec.announcement)]),
                notification_config=NotificationConfig(play_audible=True)),
        )
        try:
            response = self._call("create", lambda c: c.create_timer(request, full_response=True))
        except TimerApiError as error:
            # Labels must be unique: an old timer of ours with this label (from a session the
            # skill has forgotten) is cancelled and the create tried once more.
            if error.reason != TOO_MANY or not self._cancel_label_clash(spec.label):
                raise
            response = self._call("create", lambda c: c.create_timer(request, full_response=True))
        timer = response.body
        now = _server_now(response.headers)
        ends_at = _as_utc(timer.trigger_time) or now + datetime.timedelta(seconds=spec.seconds)
        return CreatedTimer(timer.id, spec.label, ends_at)

    def _cancel_label_clash(self, label: str) -> bool:
        try:
            clashing = [t for t in self.all_states() if t.label == label]
            for timer in clashing:
                self.cancel(timer.id)
        except TimerApiError:
            return False
        return bool(clashing)

    def _call(self, operation: str, call, force: bool = False):
        return self._calls.call(operation, call, force)
