"""One request's turn: its deadline, one reading of the clock, its memory, its Alexa API calls.

Alexa waits 8 seconds for an answer. ``StartTurn``, the first request
interceptor, starts the turn and fixes its one ``deadline``,
``TURN_BUDGET_SECONDS`` after the request arrived: at the web door that is
when the request reached the endpoint, before it was verified (the door hands
the moment in as ``Arrived``); elsewhere it is now. On Lambda, a function
time-out shorter than the budget (``context.get_remaining_time_in_millis()``)
ends the turn sooner. The deadline never changes after that, and every call
that can wait is handed the time it may use, taken from it:

- Alexa API calls (timers, reminders, the time zone) end by ``calls_by``,
  which keeps ``WRITE_RESERVE_SECONDS`` back for the memory write: the turn's
  service clients are built around the shared API client with that moment
  (``alexa_api.service_clients_until``), and the timer and reminder services
  are built with those clients;
- the memory read ends by ``calls_by`` too (and takes at most
  ``memory.READ_SECONDS``); the write and erasing end by the deadline.

So the whole answer is sent within the budget with a margin to Alexa's 8
seconds even when every outside service hangs (``scripts/benchmark.py``
measures it). Nothing below this module imports it: services and memory are
given what they need.

The clock is read once (``now``: the moment Alexa stamped on the request, so a
simulated device's clock is the skill's too); the user's time zone is asked at most once,
and only when the date is needed (``today``). Memory (``skill.memory``) reads
the record at most once and writes it at most once: ``FinishTurn``, the
response interceptor, writes what the handlers changed. The interceptors hold
the persistence adapter; nothing reads the SDK's private attributes.
"""

import datetime
import logging
import time
from typing import TYPE_CHECKING, NamedTuple

from ask_sdk_core.dispatch_components import (
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)

from . import state
from .deadline import Deadline
from .services import alexa_api, clock

if TYPE_CHECKING:
    from .memory import Memory

logger = logging.getLogger(__name__)

#: Seconds from the request's arrival within which everything outbound is done.
TURN_BUDGET_SECONDS = 6.5
#: Kept back from Alexa API calls (and the memory read) for the one memory write at the end.
WRITE_RESERVE_SECONDS = 1.5
#: Kept before a Lambda function's own time-out, to send the answer.
LAMBDA_MARGIN_SECONDS = 0.3

_REQUEST_KEY = "bsc.turn"


class Arrived(NamedTuple):
    """What a door hands ``skill.invoke`` as its context when time passed before the skill
    saw the request (the web door verifies it first): when it arrived (``time.monotonic()``)."""

    at: float


class Turn:
    """What one request shares: deadline, clock, memory, Alexa API services. Made by ``start_turn``."""

    def __init__(self, handler_input, deadline: Deadline, adapter=None, api_client=None,
                 keep_health_details: bool = False):
        self.handler_input = handler_input
        #: When the answer must be ready: the one deadline of this request.
        self.deadline = deadline
        self.now: datetime.datetime = clock.request_moment(handler_input)  # the request's stamp
        #: The SDK's service clients with every call ending by ``calls_by`` (None: no API client).
        self.service_clients = alexa_api.service_clients_until(
            alexa_api.sdk_service_clients(handler_input), api_client, self.calls_by)
        self._time_zone: str | None = None
        self._today: datetime.date | None = None
        self._timers = None
        self._reminders = None
        self._adapter = adapter
        self._keep_health_details = keep_health_details
        self._memory = None

    @property
    def calls_by(self) -> Deadline:
        """When Alexa API calls and the memory read must be done: the write's time kept back."""
        return self.deadline.earlier_by(WRITE_RESERVE_SECONDS)

    # Memory, and the timer and reminder services, are made on first use: an answer that
    # needs none of them (an emergency) does not import them on a cold start.
    @property
    def memory(self) -> "Memory":
        """The request's one ``Memory`` for its user (see ``skill.memory``)."""
        if self._memory is None:
            from .memory import Memory

            handler_input = self.handler_input
            has_session = handler_input.request_envelope.session is not None
            self._memory = Memory(
                self._adapter, handler_input.request_envelope, now=self.now,
                today=lambda: self.today, read_by=self.calls_by, write_by=self.deadline,
                session=(lambda: state.session(handler_input)) if has_session else None,
                keep_health_details=self._keep_health_details)
        return self._memory

    def save_memory(self) -> None:
        """Write what this turn changed in memory, if it was used at all."""
        if self._memory is not None:
            self._memory.save()

    # The timer and reminder services are imported on first use: their SDK models cost a
    # cold start, and most requests (an emergency among them) call neither API.
    @property
    def timers(self):
        """The request's one ``TimerService``: after a time-out, no further timer call is tried."""
        if self._timers is None:
            from .services.timers import TimerService

            self._timers = TimerService(self.service_clients)
        return self._timers

    @property
    def reminders(self):
        """The request's one ``ReminderService``: after a time-out, no further call is tried."""
        if self._reminders is None:
            from .services.reminders import ReminderService

            self._reminders = ReminderService(self.service_clients)
        return self._reminders

    @property
    def time_zone(self) -> str:
        """The user's IANA time zone ("UTC" when it cannot be had); asked at most once."""
        if self._time_zone is None:
            self._time_zone = clock.time_zone_name(self.handler_input, self.service_clients)
        return self._time_zone

    @property
    def today(self) -> datetime.date:
        """The user's date now (UTC's when their time zone is unknown)."""
        if self._today is None:
            zone = clock.zone(self.time_zone) or datetime.UTC
            self._today = self.now.astimezone(zone).date()
        return self._today


def turn_of(handler_input) -> Turn:
    """This request's turn; one without memory if no ``StartTurn`` ran (tools, tests)."""
    request_attributes = handler_input.attributes_manager.request_attributes
    turn = request_attributes.get(_REQUEST_KEY)
    if turn is None:
        turn = request_attributes[_REQUEST_KEY] = Turn(
            handler_input, Deadline.after(TURN_BUDGET_SECONDS))
    return turn


def memory_for(handler_input) -> "Memory":
    """The memory for this request's user: the turn's (a ``Memory``; see ``skill.memory``)."""
    return turn_of(handler_input).memory


def deadline_for(context, started: float | None = None) -> Deadline:
    """The turn's deadline: the budget from arrival, or sooner if a Lambda time-out comes first.

    ``started``: when the request arrived (``time.monotonic()``); else the
    door's ``Arrived`` context says, else now.
    """
    if started is None:
        started = context.at if isinstance(context, Arrived) else time.monotonic()
    deadline = Deadline.after(TURN_BUDGET_SECONDS, start=started)
    remaining_ms = getattr(context, "get_remaining_time_in_millis", None)
    if callable(remaining_ms):
        left = remaining_ms()
        if isinstance(left, (int, float)) and not isinstance(left, bool):
            deadline = deadline.sooner(Deadline.after(left / 1000 - LAMBDA_MARGIN_SECONDS))
    return deadline


def start_turn(handler_input, adapter=None, api_client=None, started=None,
               keep_health_details: bool = False) -> Turn:
    """Begin the request's turn (what ``StartTurn`` does; tools and tests call it directly)."""
    turn = Turn(handler_input, deadline_for(handler_input.context, started), adapter, api_client,
                keep_health_details)
    handler_input.attributes_manager.request_attributes[_REQUEST_KEY] = turn
    return turn


class StartTurn(AbstractRequestInterceptor):
    """First interceptor of every request: start the turn, with the skill's adapter and API
    client, and whether health details are stored between sessions (``Settings``)."""

    def __init__(self, adapter=None, api_client=None, keep_health_details: bool = False):
        if adapter is not None and not callable(getattr(adapter, "update_attributes", None)):
            logger.warning("persistence adapter has no atomic update; memory is off")
            adapter = None
        self.adapter = adapter
        self.api_client = api_client
        self.keep_health_details = keep_health_details

    def process(self, handler_input):
        start_turn(handler_input, self.adapter, self.api_client,
                   keep_health_details=self.keep_health_details)


class FinishTurn(AbstractResponseInterceptor):
    """Last step of every answered request: write what the turn changed in memory, once."""

    def process(self, handler_input, response):
        turn_of(handler_input).save_memory()
