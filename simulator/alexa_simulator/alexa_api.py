"""A local Alexa API: a real HTTP server that behaves like the Alexa APIs a skill calls.

A skill's real code runs against it unchanged: the SDK's
``TimerManagementServiceClient`` and ``UpsServiceClient`` over the skill's own
API client, through real sockets. Put ``emulator.api_endpoint``
(``http://127.0.0.1:<port>``) in the envelope's ``context.System.apiEndpoint``,
and configure the skill to accept plain http on loopback (Amazon's endpoint is
https; how a skill allows the emulator is its own setting).

What it emulates (paths as in the SDK's service clients):

- Timers API: ``POST /v1/alerts/timers`` (create), ``GET /v1/alerts/timers``
  (list, soonest first), ``GET|DELETE /v1/alerts/timers/{id}``,
  ``DELETE /v1/alerts/timers`` (all), ``POST /v1/alerts/timers/{id}/pause``
  and ``/resume``. Amazon's documented constraints: labels unique among
  active timers (400), at most ten timers counting the user's own (400),
  durations up to two hours (400). Error bodies are ``{"code", "message"}``
  as the SDK's ``Error`` model expects; the exact ``code`` strings Amazon
  sends are not all documented, so the skill must key on the status only.
- Reminders API: ``/v1/alerts/reminders``, in ``alexa_simulator.reminders_api``
  (create, list, get, update, delete; RRULE recurrence in the reminder's time
  zone; its own permission: ``deny_permission(403, scope=REMINDERS_SCOPE)``).
  Occurrences fire as time moves, and ``on_reminder_fired(text, fired)`` hears
  what Alexa would say ("Here's your reminder" and the text).
- Settings API: ``GET /v2/devices/{deviceId}/settings/System.timeZone``
  (a JSON string such as ``"America/New_York"``).
- Authorization: ``Bearer <token>`` must be one of ``valid_tokens`` (401
  otherwise). Timer permission can be withheld (``deny_permission(401)``, the
  usual answer when the user never granted it, or ``403``).
- Faults: ``fail_next(status)`` answers the next call(s) with 500, 504 or
  anything else; ``delay_next(seconds)`` holds the next call(s) past the
  client's time-out (a held create still happens afterwards, as it would
  on Amazon's side).
- Time: ``clock="real"``, ``"fast"`` (one emulated minute per real second,
  or ``speed=``) or ``"manual"`` (time moves only on ``advance()``, for tests).
  When a timer ends it is removed (later GETs say 404) and
  ``on_timer_fired(announcement_text, fired_timer)`` is called with the text
  Alexa would announce; ``fired`` keeps them all.

Usage::

    with AlexaApiEmulator(clock="manual") as api:
        ...  # envelopes with api_endpoint=api.api_endpoint
        api.advance(minutes=15)
        assert api.fired[0].text.startswith("Time to take")

The HTTP ``Date`` header follows the emulated clock, so a client can measure
time left against the server's "now" (the skill does).
"""

import contextlib
import datetime
import email.utils
import json
import logging
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from .iso8601 import format_duration, parse_duration
from .reminders_api import PREFIX as REMINDERS_PREFIX
from .reminders_api import FiredReminder, RemindersEmulation

logger = logging.getLogger(__name__)

DEFAULT_TOKEN = "test-api-access-token"
#: Amazon's documented limits ("Best Practices for Timers").
MAX_TIMERS = 10
MAX_DURATION_SECONDS = 2 * 60 * 60

def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Clock:
    """Emulated time: "real", "fast" (``speed`` emulated seconds per real second) or "manual"."""

    def __init__(self, mode: str = "real", speed: float = 60.0,
                 start: datetime.datetime | None = None):
        if mode not in ("real", "fast", "manual"):
            raise ValueError("clock mode must be real, fast or manual")
        self.mode = mode
        self.speed = 1.0 if mode == "real" else float(speed)
        start = start or datetime.datetime.now(datetime.UTC)
        if start.tzinfo is None:
            raise ValueError("the clock's start must be timezone-aware")
        self._start = start.astimezone(datetime.UTC)
        self._real_start = time.monotonic()
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> datetime.datetime:
        with self._lock:
            elapsed = self._offset
            if self.mode != "manual":
                elapsed += (time.monotonic() - self._real_start) * self.speed
        return self._start + datetime.timedelta(seconds=elapsed)

    def advance(self, seconds: float) -> None:
        """Jump ahead (any mode); the only way time moves on a manual clock."""
        if seconds < 0:
            raise ValueError("time only moves forward")
        with self._lock:
            self._offset += seconds

    def real_seconds(self, emulated_seconds: float) -> float:
        """How long, in real seconds, an emulated span takes to pass (inf when manual)."""
        return float("inf") if self.mode == "manual" else emulated_seconds / self.speed


@dataclass
class FiredTimer:
    """A timer that went off: what Alexa would have announced."""

    id: str
    label: str | None
    text: str
    locale: str | None
    duration: str
    fired_at: datetime.datetime


@dataclass
class _Timer:
    id: str
    duration: str
    label: str | None
    operation: dict
    created: datetime.datetime
    trigger: datetime.datetime
    updated: datetime.datetime
    status: str = "ON"
    remaining_when_paused: float | None = None

    def as_json(self) -> dict:
        body = {"id": self.id, "status": self.status, "duration": self.duration,
                "createdTime": _iso(self.created), "updatedTime": _iso(self.updated)}
        if self.label:
            body["timerLabel"] = self.label
        if self.status == "PAUSED":
            body["remainingTimeWhenPaused"] = format_duration(self.remaining_when_paused or 0)
        else:
            body["triggerTime"] = _iso(self.trigger)
        return body

    def announcement(self, locale_preference: str | None = None):
        """(text, locale) Alexa would say when this timer ends."""
        if self.operation.get("type") == "ANNOUNCE":
            texts = self.operation.get("textToAnnounce") or []
            chosen = next((t for t in texts if t.get("locale") == locale_preference), None)
            chosen = chosen or (texts[0] if texts else {})
            return chosen.get("text", ""), chosen.get("locale")
        if self.operation.get("type") == "LAUNCH_TASK":
            texts = self.operation.get("textToConfirm") or [{}]
            return texts[0].get("text", ""), texts[0].get("locale")
        return (f"Your {self.label} timer is done." if self.label else "Your timer is done."), None


@dataclass
class _Fault:
    status: int | None = None
    delay: float = 0.0
    method: str | None = None
    path_prefix: str | None = None
    count: int = 1
    body: dict | None = None

    def matches(self, method: str, path: str) -> bool:
        return ((self.method is None or self.method == method)
                and (self.path_prefix is None or path.startswith(self.path_prefix)))


@dataclass
class RequestRecord:
    """One call the emulator answered (no headers or bodies: tokens stay out of it)."""

    method: str
    path: str
    status: int


def _error(code: str, message: str) -> dict:
    return {"code": code, "message": message}


class AlexaApiEmulator:
    """A local HTTP implementation of the Alexa Timers, Settings and Directive APIs."""

    def __init__(self, *, clock="real", speed: float = 60.0, max_timers: int = MAX_TIMERS,
                 time_zone: str = "America/New_York",
                 valid_tokens: Iterable[str] = (DEFAULT_TOKEN,),
                 on_timer_fired: Callable[[str, FiredTimer], None] | None = None,
                 on_progressive: Callable[[str], None] | None = None,
                 host: str = "127.0.0.1", port: int = 0, locale: str = "en-US",
                 on_reminder_fired: Callable[[str, FiredReminder], None] | None = None):
        self.clock = clock if isinstance(clock, Clock) else Clock(clock, speed=speed)
        self.max_timers = max_timers
        #: Timers the user set by voice outside the skill; they count towards the limit.
        self.personal_timers = 0
        self.time_zone = time_zone
        self.valid_tokens = set(valid_tokens)
        self.on_timer_fired = on_timer_fired
        self.on_progressive = on_progressive
        #: SSML of every progressive response (``VoicePlayer.Speak``) received, in order.
        self.progressive: list[str] = []
        self.locale = locale
        self.permission_denied_status: int | None = None
        self.fired: list[FiredTimer] = []
        self.requests: list[RequestRecord] = []
        #: TCP connections accepted (a client that reuses connections opens few).
        self.connections_opened = 0
        self._timers: dict[str, _Timer] = {}
        #: The Reminders API (``alexa_simulator.reminders_api``), with its own permission.
        self.reminders = RemindersEmulation()
        self.on_reminder_fired = on_reminder_fired
        self._reminders_checked = self.clock.now()
        self._faults: list[_Fault] = []
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._host, self._port = host, port
        self._server: ThreadingHTTPServer | None = None
        self._threads: list[threading.Thread] = []

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> "AlexaApiEmulator":
        if self._server is not None:
            return self
        self._stopping.clear()
        server = ThreadingHTTPServer((self._host, self._port), _handler_for(self))
        server.daemon_threads = True
        server.block_on_close = False
        self._server = server
        serving = threading.Thread(target=self._serve, args=(server,),
                                   name="alexa-api-emulator", daemon=True)
        serving.start()
        self._threads = [serving]
        if self.clock.mode != "manual":
            ticking = threading.Thread(target=self._tick, name="alexa-api-emulator-clock", daemon=True)
            ticking.start()
            self._threads.append(ticking)
        return self

    def _serve(self, server) -> None:
        # Waits for each connection without polling (a poll wakes this thread, and takes
        # the GIL from the skill, hundreds of times a second); ``stop`` connects to wake it.
        while not self._stopping.is_set():
            server.handle_request()

    def stop(self) -> None:
        server, self._server = self._server, None
        self._stopping.set()
        if server is not None:
            with contextlib.suppress(OSError):
                socket.create_connection(server.server_address[:2], timeout=1).close()
        for thread in self._threads:
            thread.join(timeout=1)
        self._threads = []
        if server is not None:
            server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def api_endpoint(self) -> str:
        if self._server is None:
            raise RuntimeError("start the emulator first")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # -- controls for tests and the simulator ------------------------------------------------------

    def grant_permission(self, scope: str | None = None) -> None:
        """Grant the timers permission, or the one ``scope`` names (timers or reminders)."""
        if scope is not None and "reminders" in scope:
            self.reminders.grant()
        else:
            self.permission_denied_status = None

    def deny_permission(self, status: int = 401, scope: str | None = None) -> None:
        """Answer every Timers API call (or Reminders, by ``scope``) with ``status`` (401 or 403)."""
        if status not in (401, 403):
            raise ValueError("permission is refused with 401 or 403")
        if scope is not None and "reminders" in scope:
            self.reminders.deny(status)
        else:
            self.permission_denied_status = status

    def fail_next(self, status: int = 500, *, count: int = 1, method: str | None = None,
                  path_prefix: str | None = None, body: dict | None = None) -> None:
        """The next ``count`` matching calls answer ``status`` (500, 504 device offline, ...)."""
        with self._lock:
            self._faults.append(_Fault(status=status, method=method, path_prefix=path_prefix,
                                       count=count, body=body))

    def delay_next(self, seconds: float, *, count: int = 1, method: str | None = None,
                   path_prefix: str | None = None) -> None:
        """Hold the next ``count`` matching calls for ``seconds`` of real time, then answer."""
        with self._lock:
            self._faults.append(_Fault(delay=seconds, method=method, path_prefix=path_prefix,
                                       count=count))

    def advance(self, seconds: float = 0, *, minutes: float = 0) -> list[FiredTimer]:
        """Move emulated time forward and fire every timer that ends; the ones fired."""
        self.clock.advance(seconds + minutes * 60)
        fired = self.fire_due_timers()
        self.fire_due_reminders()
        return fired

    def active_timers(self) -> list[dict]:
        """Timers on the emulated device, as the API would list them."""
        with self._lock:
            return [t.as_json() for t in self._sorted_timers()]

    def timer_announcements(self) -> dict[str, str]:
        """Active timer id -> the text Alexa will announce when it ends."""
        with self._lock:
            return {t.id: t.announcement(self.locale)[0] for t in self._timers.values()}

    def calls(self, method: str | None = None, path_prefix: str = "") -> list[RequestRecord]:
        with self._lock:
            return [r for r in self.requests
                    if (method is None or r.method == method) and r.path.startswith(path_prefix)]

    def reset(self) -> None:
        with self._lock:
            self._timers.clear()
            self._faults.clear()
            self.fired.clear()
            self.requests.clear()
            self.personal_timers = 0
            self.permission_denied_status = None
            self.reminders = RemindersEmulation()

    # -- time ------------------------------------------------------------------------------------

    def fire_due_timers(self) -> list[FiredTimer]:
        now = self.clock.now()
        fired = []
        with self._lock:
            for timer in self._sorted_timers():
                if timer.status == "ON" and timer.trigger <= now:
                    del self._timers[timer.id]
                    text, locale = timer.announcement(self.locale)
                    event = FiredTimer(timer.id, timer.label, text, locale, timer.duration, now)
                    self.fired.append(event)
                    fired.append(event)
        for event in fired:
            logger.info("emulated timer ended after %s", event.duration)
            if self.on_timer_fired is not None:
                try:
                    self.on_timer_fired(event.text, event)
                except Exception:  # a failing listener must not stop the clock
                    logger.exception("on_timer_fired listener failed")
        return fired

    def fire_due_reminders(self) -> list[FiredReminder]:
        """Fire every reminder occurrence that has come since the last check; the ones fired."""
        now = self.clock.now()
        with self._lock:
            fired = self.reminders.fire_due(self._reminders_checked, now, self.locale)
            self._reminders_checked = now
        for event in fired:
            logger.info("emulated reminder went off")
            if self.on_reminder_fired is not None:
                try:
                    self.on_reminder_fired(event.text, event)
                except Exception:  # a failing listener must not stop the clock
                    logger.exception("on_reminder_fired listener failed")
        return fired

    def _tick(self):
        while not self._stopping.wait(0.05):
            self.fire_due_timers()
            self.fire_due_reminders()

    def _sorted_timers(self) -> list[_Timer]:
        def remaining(timer):
            if timer.status == "PAUSED":
                return timer.remaining_when_paused or 0
            return (timer.trigger - self.clock.now()).total_seconds()
        return sorted(self._timers.values(), key=remaining)

    # -- the API --------------------------------------------------------------------------------

    def handle(self, method: str, raw_path: str, headers, body: bytes):
        """(status, JSON-able body or None) for one HTTP call."""
        path = urlsplit(raw_path).path.rstrip("/") or "/"
        fault = self._take_fault(method, path)
        if fault is not None and fault.delay:
            if self._stopping.wait(fault.delay):
                return None  # shutting down: drop the call
        if fault is not None and fault.status:
            status = fault.status
            default_body = _error("DEVICE_OFFLINE" if status == 504 else "INTERNAL_SERVER_ERROR",
                                  "Device offline" if status == 504 else "Internal Server Error")
            return self._record(method, path, status, fault.body or default_body)

        token = (headers.get("Authorization") or "").partition("Bearer ")[2].strip()
        if token not in self.valid_tokens:
            return self._record(method, path, 401, _error("UNAUTHORIZED", "Request Unauthorized."))

        settings = re.fullmatch(r"/v2/devices/([^/]+)/settings/System\.timeZone", path)
        if settings and method == "GET":
            return self._record(method, path, 200, self.time_zone)
        if path == "/v1/directives" and method == "POST":
            return self._record(method, path, *self._progressive_response(body))
        if path == "/v1/alerts/timers" or path.startswith("/v1/alerts/timers/"):
            if self.permission_denied_status is not None:
                status = self.permission_denied_status
                message = "Request Unauthorized." if status == 401 else "Forbidden"
                return self._record(method, path, status, _error(
                    "UNAUTHORIZED" if status == 401 else "FORBIDDEN", message))
            return self._record(method, path, *self._timers_api(method, path, body))
        if path == REMINDERS_PREFIX or path.startswith(REMINDERS_PREFIX + "/"):
            with self._lock:
                return self._record(method, path, *self.reminders.handle(
                    method, path, body, self.clock.now()))
        return self._record(method, path, 404, _error("NOT_FOUND", "No such resource"))

    def _progressive_response(self, body):
        """``VoicePlayer.Speak`` through the Directive service: 204, and the speech is heard."""
        try:
            request = json.loads(body or b"{}")
            request_id = request["header"]["requestId"]
            directive = request["directive"]
            speech = directive["speech"]
        except (ValueError, KeyError, TypeError):
            return 400, _error("INVALID_DIRECTIVE", "Malformed directive request")
        if directive.get("type") != "VoicePlayer.Speak" or not request_id or not isinstance(speech, str):
            return 400, _error("INVALID_DIRECTIVE", "Only VoicePlayer.Speak is supported")
        with self._lock:
            self.progressive.append(speech)
        if self.on_progressive is not None:
            self.on_progressive(speech)
        return 204, None

    def _timers_api(self, method, path, body):
        parts = [unquote(p) for p in path.split("/")[4:]]  # after /v1/alerts/timers
        with self._lock:
            if not parts:
                if method == "POST":
                    return self._create(body)
                if method == "GET":
                    timers = [t.as_json() for t in self._sorted_timers()]
                    return 200, {"totalCount": len(timers), "timers": timers, "nextToken": None}
                if method == "DELETE":
                    self._timers.clear()
                    return 200, None
                return 405, _error("METHOD_NOT_ALLOWED", "Method not allowed")
            timer = self._timers.get(parts[0])
            if timer is None:
                return 404, _error("TIMER_NOT_FOUND", "Timer not found")
            if len(parts) == 1 and method == "GET":
                return 200, timer.as_json()
            if len(parts) == 1 and method == "DELETE":
                del self._timers[timer.id]
                return 200, None
            if len(parts) == 2 and method == "POST" and parts[1] in ("pause", "resume"):
                return self._pause_or_resume(timer, parts[1])
            return 405, _error("METHOD_NOT_ALLOWED", "Method not allowed")

    def _create(self, body):
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            return 400, _error("INVALID_REQUEST", "Body is not JSON")
        if not isinstance(request, dict):
            return 400, _error("INVALID_REQUEST", "Body is not an object")
        seconds = parse_duration(request.get("duration"))
        if seconds is None or seconds <= 0 or seconds > MAX_DURATION_SECONDS:
            return 400, _error("INVALID_DURATION", "Duration must be more than zero and at most PT2H")
        if not isinstance(request.get("creationBehavior"), dict):
            return 400, _error("INVALID_REQUEST", "creationBehavior is required")
        triggering = request.get("triggeringBehavior")
        operation = triggering.get("operation") if isinstance(triggering, dict) else None
        if not isinstance(operation, dict) or operation.get("type") not in (
                "NOTIFY_ONLY", "ANNOUNCE", "LAUNCH_TASK"):
            return 400, _error("INVALID_REQUEST", "triggeringBehavior.operation.type is required")
        if operation["type"] == "ANNOUNCE":
            texts = operation.get("textToAnnounce")
            if (not isinstance(texts, list) or not texts
                    or not all(isinstance(t, dict) and t.get("locale") and t.get("text") for t in texts)):
                return 400, _error("INVALID_REQUEST", "textToAnnounce needs a locale and a text")
        label = request.get("timerLabel")
        if label and any(t.label == label for t in self._timers.values()):
            return 400, _error("INVALID_REQUEST", "A timer with this label already exists")
        if len(self._timers) + self.personal_timers >= self.max_timers:
            return 400, _error("MAX_TIMERS_EXCEEDED",
                               f"Cannot create more than {self.max_timers} timers")
        now = self.clock.now()
        timer = _Timer(id=str(uuid.uuid4()), duration=request["duration"], label=label or None,
                       operation=operation, created=now, updated=now,
                       trigger=now + datetime.timedelta(seconds=seconds))
        self._timers[timer.id] = timer
        return 200, timer.as_json()

    def _pause_or_resume(self, timer, action):
        now = self.clock.now()
        if action == "pause":
            if timer.status != "ON":
                return 400, _error("INVALID_STATE", "Only a running timer can be paused")
            timer.remaining_when_paused = max(0.0, (timer.trigger - now).total_seconds())
            timer.status = "PAUSED"
        else:
            if timer.status != "PAUSED":
                return 400, _error("INVALID_STATE", "Only a paused timer can be resumed")
            timer.trigger = now + datetime.timedelta(seconds=timer.remaining_when_paused or 0)
            timer.remaining_when_paused = None
            timer.status = "ON"
        timer.updated = now
        return 200, None

    def _take_fault(self, method, path) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    fault.count -= 1
                    if fault.count <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def _record(self, method, path, status, body=None):
        # Ids in paths are the emulator's own; no user data reaches this log.
        with self._lock:
            self.requests.append(RequestRecord(method, re.sub(
                r"/v1/alerts/(timers|reminders)/[^/]+", r"/v1/alerts/\1/{id}", path), status))
        return status, body


def _handler_for(emulator: AlexaApiEmulator):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "AlexaApiEmulator/1"

        def setup(self):
            super().setup()
            with emulator._lock:
                if not emulator._stopping.is_set():  # not the connection that wakes it to stop
                    emulator.connections_opened += 1
            # Headers and body go out in separate writes; without this, delayed ACKs add ~40 ms.
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def _serve(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            result = emulator.handle(self.command, self.path, self.headers, body)
            if result is None:
                self.close_connection = True
                return
            status, payload = result
            data = b"" if payload is None else json.dumps(payload).encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if data:
                    self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                # The skill gave up waiting for a held answer, as it must at its deadline.
                self.close_connection = True

        do_GET = do_POST = do_DELETE = do_PUT = _serve

        def date_time_string(self, timestamp=None):
            # The Date header follows the emulated clock, as Amazon's follows real time.
            return email.utils.format_datetime(emulator.clock.now(), usegmt=True)

        def log_message(self, format, *args):  # quiet: tests and the simulator own the output
            logger.debug("emulator: " + format, *args)

    return Handler


__all__ = ["AlexaApiEmulator", "Clock", "FiredTimer", "RequestRecord", "DEFAULT_TOKEN",
           "parse_duration"]
