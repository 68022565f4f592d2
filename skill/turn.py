"""One request's turn: its deadline, one reading of the clock, its memory, its Alexa API calls.

Alexa waits 8 seconds for an answer. ``StartTurn``, the first request
interceptor, starts the turn when the request arrives and fixes its
deadline, ``TURN_BUDGET_SECONDS`` later; every outbound call of the request
takes its time from that one deadline, whatever is slow:

- Alexa API calls (timers, the time zone) end by ``api_calls_end``, which
  keeps ``WRITE_RESERVE_SECONDS`` back for the memory write; the API client
  enforces it on every call of the thread (``AlexaApiClient.end_calls_by``);
- the memory read gets at most ``READ_SECONDS``, and the write what is left.

So the whole answer is sent within the budget with a margin to Alexa's 8
seconds even when every outside service hangs (``scripts/benchmark.py``
measures it). The web endpoint may hand the moment the request arrived in
(``context.arrived_at``, ``time.monotonic()``) so that verifying it counts too;
on Lambda, a function time-out shorter than the budget
(``context.get_remaining_time_in_millis()``) ends the turn sooner.

The clock is read once (``now``: the moment Alexa stamped on the request, so a
simulated device's clock is the skill's too); the user's time zone is asked at most once,
and only when the date is needed (``today``). Memory (``skill.memory``) reads
the record at most once and writes it at most once: ``FinishTurn``, the
response interceptor, writes what the handlers changed. The interceptors hold
the persistence adapter; nothing reads the SDK's private attributes.
"""

import datetime
import time

from ask_sdk_core.dispatch_components import (
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)

from .services import clock

#: Seconds from the request's arrival within which everything outbound is done.
TURN_BUDGET_SECONDS = 6.5
#: Kept back from Alexa API calls for the one memory write at the end.
WRITE_RESERVE_SECONDS = 1.5
#: The most the memory read may take.
READ_SECONDS = 2.0
#: Kept before a Lambda function's own time-out, to send the answer.
LAMBDA_MARGIN_SECONDS = 0.3

_REQUEST_KEY = "bsc.turn"


class Turn:
    """What one request shares: deadline, clock, memory. Made by ``StartTurn``."""

    def __init__(self, handler_input, adapter=None, started: float | None = None):
        from .memory import Memory, NoMemory

        self.handler_input = handler_input
        self.started = time.monotonic() if started is None else started
        self.deadline = self.started + TURN_BUDGET_SECONDS
        self.now: datetime.datetime = clock.request_moment(handler_input)  # the request's stamp
        self._time_zone: str | None = None
        self._today: datetime.date | None = None
        self._timers = None
        self.memory = NoMemory() if adapter is None else Memory(adapter, self)

    @property
    def api_calls_end(self) -> float:
        """When Alexa API calls must be done (``time.monotonic()``)."""
        return self.deadline - WRITE_RESERVE_SECONDS

    def remaining(self, reserve: float = 0.0) -> float:
        """Seconds left before the deadline, less ``reserve``; never negative."""
        return max(0.0, self.deadline - reserve - time.monotonic())

    def read_seconds(self) -> float:
        """How long the memory read may take."""
        return min(READ_SECONDS, self.remaining(WRITE_RESERVE_SECONDS))

    @property
    def timers(self):
        """The request's one ``TimerService``: after a time-out, no further timer call is tried."""
        if self._timers is None:
            from .services.timers import TimerService

            self._timers = TimerService(self.handler_input, ends=self.api_calls_end)
        return self._timers

    @property
    def time_zone(self) -> str:
        """The user's IANA time zone ("UTC" when it cannot be had); asked at most once."""
        if self._time_zone is None:
            self._time_zone = clock.time_zone_name(self.handler_input)
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
        turn = request_attributes[_REQUEST_KEY] = Turn(handler_input)
    return turn


def start_turn(handler_input, adapter=None, api_client=None, started=None) -> Turn:
    """Begin the request's turn (what ``StartTurn`` does; tools and tests call it directly)."""
    context = handler_input.context
    if started is None:
        started = getattr(context, "arrived_at", None)
        started = started if isinstance(started, float) else None
    turn = Turn(handler_input, adapter, started)
    # On Lambda, a function timeout shorter than the budget ends the turn sooner.
    remaining_ms = getattr(context, "get_remaining_time_in_millis", None)
    if callable(remaining_ms):
        left = remaining_ms()
        if isinstance(left, (int, float)) and not isinstance(left, bool):
            turn.deadline = min(turn.deadline, time.monotonic() + left / 1000 - LAMBDA_MARGIN_SECONDS)
    handler_input.attributes_manager.request_attributes[_REQUEST_KEY] = turn
    end_calls_by = getattr(api_client, "end_calls_by", None)
    if end_calls_by is not None:
        end_calls_by(turn.api_calls_end)
    return turn


class StartTurn(AbstractRequestInterceptor):
    """First interceptor of every request: start the turn, with the skill's adapter and API client."""

    def __init__(self, adapter=None, api_client=None):
        if adapter is not None and not callable(getattr(adapter, "update_attributes", None)):
            import logging

            logging.getLogger(__name__).warning(
                "persistence adapter has no atomic update; memory is off")
            adapter = None
        self.adapter = adapter
        self.api_client = api_client

    def process(self, handler_input):
        start_turn(handler_input, self.adapter, self.api_client)


class FinishTurn(AbstractResponseInterceptor):
    """Last step of every answered request: write what the turn changed in memory, once."""

    def process(self, handler_input, response):
        turn_of(handler_input).memory.save()
