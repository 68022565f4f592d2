"""One simulated Echo: what the developer types becomes the requests Alexa would send.

``Device.say("what is the tide today")`` does what Alexa does with a spoken
utterance:

- works out how the skill was addressed ("open tide tables" is a
  LaunchRequest; "ask tide tables when is high tide" and a bare question with no
  session open are one-shots, an IntentRequest with ``session.new`` true;
  "exit" ends the session with a SessionEndedRequest; saying nothing is
  silence: the reprompt, then the session closes);
- resolves the words with the model (``nlu``) and sends the envelope
  (``envelopes``) to the target it was given: a callable from a request
  envelope (a dict) to a response envelope (a dict), such as a skill in this
  process, or the URL of an HTTP endpoint (``HttpTarget``);
- keeps the session (id, attributes) while the skill keeps it open, and opens
  a new one after the skill ends it;
- plays Alexa's part in voice permissions: when the skill sends
  ``Connections.SendRequest`` AskFor, the user is asked (``permission``), the
  skill gets the ``Connections.Response``, and once granted every envelope
  carries the consent token;
- runs the Alexa APIs the skill calls on a local emulator
  (``alexa_simulator.alexa_api``, plain http on 127.0.0.1: the skill must be
  configured to accept that) and reports timer announcements.

Every envelope's ``request.timestamp`` is the device's clock, as Alexa stamps
each request with the moment it sends it: a skill that takes "now" from there
keeps the device's time (``advance`` moves it for timers and skill alike).

Each ``say`` returns one plain dict (see ``Device.say``); the command line
prints it, the conversation tests assert on it.
"""

import datetime
import http.client
import json
import math
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable

from . import nlu
from .alexa_api import AlexaApiEmulator
from .envelopes import (
    REMINDERS_SCOPE,
    TIMERS_SCOPE,
    Said,
    connections_response,
    envelope,
    launch_request,
    session_continues,
    session_ended_request,
)
from .speech import to_plain_text
from .text import tokenise

#: The user the simulator plays by default (the skill's memory persists for this user).
SIMULATOR_USER = "amzn1.ask.account.SIMULATOR-DEVELOPER"
CONSENT_TOKEN = "simulator-consent-token"
ANSWERS = {"yes": "ACCEPTED", "no": "DENIED", "none": "NOT_ANSWERED",
           "accepted": "ACCEPTED", "denied": "DENIED", "not_answered": "NOT_ANSWERED"}
SILENCE = {"", "<silence>", "(silence)", "..."}
#: The furthest one ``advance`` moves the clock (a year): far enough for any reminder.
MAX_ADVANCE_SECONDS = 366 * 86400


class TargetError(RuntimeError):
    """The skill could not be reached or answered with something other than a response."""


class HttpTarget:
    """An HTTP endpoint (a skill's web service, verification off): POST the envelope as JSON."""

    def __init__(self, url: str, timeout: float = 10.0):
        parts = urllib.parse.urlsplit(url or "")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise TargetError(f"not an http or https URL: {url!r} (for example http://127.0.0.1:5000/)")
        try:
            parts.port  # noqa: B018 - raises ValueError for a port out of range
        except ValueError:
            raise TargetError(f"not a valid port in {url!r}") from None
        self.url = url
        self.timeout = timeout

    def __call__(self, request_envelope: dict) -> dict:
        body = json.dumps(request_envelope).encode("utf-8")
        try:
            request = urllib.request.Request(self.url, data=body, method="POST",
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                found = json.loads(answer.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace")[:300]
            raise TargetError(f"{self.url} answered HTTP {error.code}: {detail}") from None
        except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as error:
            raise TargetError(f"could not reach {self.url}: {error}") from None
        if not isinstance(found, dict):
            raise TargetError(f"{self.url} answered with JSON that is not a response envelope")
        return found


def as_target(target) -> Callable[[dict], dict]:
    """A target from a callable or an http(s) URL."""
    if isinstance(target, str):
        return HttpTarget(target)
    if not callable(target):
        raise TargetError(f"a target is a callable or a URL, not {type(target).__name__}")
    return target


def _slots_for_output(slots: dict[str, dict]) -> dict[str, dict]:
    return {name: value for name, value in slots.items()}


class Device:
    """A simulated Echo in front of the skill (see the module docstring).

    ``permission``: how the user answers Alexa's voice permission prompt:
    "yes", "no", "none" (silence), or a callable ``(scope) -> "yes"|"no"|"none"``.
    ``clock``: "real", "fast" (a minute passes in a second, or ``speed``
    emulated seconds per real second) or "manual" (time moves only with
    ``advance``). ``on_event``: called with each event
    dict as it happens (timer announcements arrive from another thread).
    """

    def __init__(self, *, target: Callable[[dict], dict] | str, models_dir: str,
                 locale: str = "en-US", matcher: nlu.Matcher = nlu.CALIBRATED,
                 clock: str = "real", speed: float = 60.0, permission="yes",
                 already_granted: bool = False, user_id: str | None = None,
                 time_zone: str = "America/New_York",
                 on_event: Callable[[dict], None] | None = None):
        self.locale = locale
        self.model = nlu.load_model(locale, models_dir, matcher)
        self.target = as_target(target)
        self.permission = permission
        self.user_id = user_id or SIMULATOR_USER
        self.on_event = on_event
        self.api = AlexaApiEmulator(clock=clock, speed=speed, time_zone=time_zone, locale=locale,
                                    on_timer_fired=self._timer_fired,
                                    on_progressive=self._progressive_spoken,
                                    on_reminder_fired=self._reminder_fired)
        self.granted = already_granted
        #: Permissions the user has granted the skill (timers and reminders each ask for their own).
        self.granted_scopes = {TIMERS_SCOPE, REMINDERS_SCOPE} if already_granted else set()
        self.session_id: str | None = None
        self.attributes: dict = {}
        self.last_reprompt: str | None = None
        self.reprompted = False
        self.history: list[dict] = []
        self._pending_events: list[dict] = []
        self._events_lock = threading.Lock()
        self._started = False

    @property
    def target_name(self) -> str:
        """The URL of an HTTP target, else "in-process"."""
        return self.target.url if isinstance(self.target, HttpTarget) else "in-process"

    @property
    def skill_name(self) -> str:
        """The skill's name as Alexa says it: its invocation name, in title case."""
        return " ".join(word.capitalize() for word in self.model.invocation) or "this skill"

    # -- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> "Device":
        if self._started:
            return self
        self.api.start()
        if not self.granted:
            self.api.deny_permission(401)
        if REMINDERS_SCOPE not in self.granted_scopes:
            self.api.deny_permission(401, scope=REMINDERS_SCOPE)
        self._started = True
        return self

    def close(self) -> None:
        if not self._started:
            return
        self.api.stop()
        self._started = False

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()

    # -- time --------------------------------------------------------------------------------------

    def now(self) -> datetime.datetime:
        return self.api.clock.now()

    def today(self) -> datetime.date:
        """The device's local date (what AMAZON.DATE is relative to)."""
        try:
            from zoneinfo import ZoneInfo
            return self.now().astimezone(ZoneInfo(self.api.time_zone)).date()
        except Exception:  # no tz database: UTC is close enough for a simulator
            return self.now().date()

    def advance(self, seconds: float) -> list[dict]:
        """Move the device's clock on; the timer announcements that came due.

        Raises ``ValueError`` for a negative span (time only moves forward) or one past a year.
        """
        if not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or seconds < 0:
            raise ValueError("time only moves forward: give a length of time such as 15m")
        if seconds > MAX_ADVANCE_SECONDS:
            raise ValueError("the clock moves at most a year at a time")
        self.api.advance(seconds)
        return self.take_events()

    def wait_for_timers(self) -> list[dict]:
        """Let time run until every running timer has gone off; their announcements."""
        while True:
            running = [t for t in self.api.active_timers() if t.get("status") == "ON"]
            if not running:
                break
            trigger = min(datetime.datetime.strptime(t["triggerTime"], "%Y-%m-%dT%H:%M:%SZ")
                          .replace(tzinfo=datetime.UTC) for t in running)
            self.api.advance(max(1.0, (trigger - self.now()).total_seconds() + 1))
        return self.take_events()

    def _timer_fired(self, text: str, fired) -> None:
        event = {"type": "timer", "text": text, "at": fired.fired_at.strftime("%Y-%m-%dT%H:%M:%SZ")}
        with self._events_lock:
            self._pending_events.append(event)
        if self.on_event is not None:
            self.on_event(event)

    def _reminder_fired(self, text: str, fired) -> None:
        """A reminder went off: Alexa says "Here's your reminder" and its text."""
        event = {"type": "reminder", "text": f"Here's your reminder. {text}",
                 "at": fired.fired_at.strftime("%Y-%m-%dT%H:%M:%SZ")}
        with self._events_lock:
            self._pending_events.append(event)
        if self.on_event is not None:
            self.on_event(event)

    def revoke(self, scope: str) -> None:
        """The user turns a permission off in the Alexa app."""
        self.granted_scopes.discard(scope)
        if scope == TIMERS_SCOPE:
            self.granted = False
        self.api.deny_permission(401, scope=scope)

    def _progressive_spoken(self, ssml: str) -> None:
        """A progressive response: Alexa speaks it while the skill is still working."""
        event = {"type": "progressive", "text": to_plain_text(ssml)}
        with self._events_lock:
            self._pending_events.append(event)
        if self.on_event is not None:
            self.on_event(event)

    def take_events(self) -> list[dict]:
        with self._events_lock:
            events, self._pending_events = self._pending_events, []
        return events

    # -- talking -----------------------------------------------------------------------------------

    @property
    def session_open(self) -> bool:
        return self.session_id is not None

    def say(self, utterance: str) -> dict:
        """One utterance, as Alexa would handle it; a dict describing what happened.

        Keys: ``utterance``, ``request_type`` (None when nothing was sent),
        ``intent``, ``slots`` (as sent), ``score`` and ``sample`` (how the words
        matched), ``runner_up`` (the next-best intent, its score and sample, or None), ``new_session``, ``speech``, ``reprompt``, ``card``,
        ``end_session``, ``directives``, ``followups`` (requests Alexa sent
        on its own after this one, such as ``Connections.Response``, each with
        the same response keys) and ``events`` (permission prompts, timer
        announcements, notes).
        """
        if not self._started:
            self.start()
        text = (utterance or "").strip()
        turn = {"utterance": utterance, "request_type": None, "intent": None, "slots": {},
                "score": None, "sample": None, "runner_up": None, "new_session": None, "speech": "",
                "reprompt": "", "card": None, "end_session": None, "directives": [],
                "followups": [], "events": self.take_events()}
        if text.lower() in SILENCE:
            self._silence(turn)
        else:
            tokens = tokenise(text)
            invocation = nlu.parse_invocation(self.model, tokens)
            if invocation.kind == "exit":
                self._exit(turn)
            elif invocation.kind == "launch":
                self._drop_session()
                self._send(turn, launch_request())
            else:
                if invocation.kind == "one_shot":
                    self._drop_session()
                # Two alternatives are all a turn shows (the intent and the runner-up); a
                # third would only make the search prove one more intent's place.
                understanding = nlu.understand(self.model, invocation.rest, today=self.today(),
                                               alternatives=2)
                turn.update(intent=understanding.intent, slots=_slots_for_output(understanding.slots),
                            score=understanding.score, sample=understanding.sample,
                            runner_up=_runner_up(understanding))
                self._send(turn, understanding.intent_request())
        turn["events"].extend(self.take_events())
        self.history.append(turn)
        return turn

    def _silence(self, turn):
        if not self.session_open:
            turn["events"].append({"type": "note", "text": "nothing happens: no session is open"})
            return
        if self.last_reprompt and not self.reprompted:
            self.reprompted = True
            turn.update(request_type=None, speech=self.last_reprompt, reprompt=self.last_reprompt)
            turn["events"].append({"type": "note", "text": "silence: Alexa says the reprompt"})
            return
        turn["events"].append({"type": "note", "text": "silence: the session closes"})
        self._send(turn, session_ended_request("EXCEEDED_MAX_REPROMPTS"))

    def _exit(self, turn):
        if not self.session_open:
            turn["events"].append({"type": "note", "text": "nothing happens: no session is open"})
            return
        self._send(turn, session_ended_request("USER_INITIATED"))

    def _drop_session(self):
        self.session_id = None
        self.attributes = {}

    def _envelope(self, request: dict, new_session: bool) -> dict:
        request = dict(request)
        request.setdefault("timestamp", self.now().strftime("%Y-%m-%dT%H:%M:%SZ"))
        options = {}
        if self.granted:
            self.granted_scopes.add(TIMERS_SCOPE)
        if self.granted_scopes:
            options = {"permissions_token": CONSENT_TOKEN,
                       "scopes": {scope: "GRANTED" if scope in self.granted_scopes else "DENIED"
                                  for scope in (TIMERS_SCOPE, REMINDERS_SCOPE)}}
        return envelope(request, new_session=new_session, attributes=self.attributes,
                        session_id=self.session_id, user_id=self.user_id, locale=self.locale,
                        api_endpoint=self.api.api_endpoint, **options)

    def _exchange(self, request: dict):
        """Send ``request`` in the current session (opening one if none) and keep the session."""
        new_session = self.session_id is None
        if new_session:
            self.session_id = "amzn1.echo-api.session." + uuid.uuid4().hex
            self.attributes = {}
        said = Said(self.target(self._envelope(request, new_session)))
        if session_continues(request["type"], said):
            self.attributes = said.attributes
        else:
            self._drop_session()
        return said, new_session

    def _send(self, turn: dict, request: dict) -> None:
        said, new_session = self._exchange(request)
        turn.update(request_type=request["type"], new_session=new_session)
        turn.update(_response_fields(said))
        self._after_response(said)
        for directive in said.directives:
            if directive.get("type") == "Connections.SendRequest" and directive.get("name") == "AskFor":
                self._answer_permission(turn, directive)

    def _after_response(self, said: Said) -> None:
        self.last_reprompt = said.reprompt or None
        self.reprompted = False

    def _answer_permission(self, turn: dict, directive: dict) -> None:
        scope = (directive.get("payload") or {}).get("permissionScope", TIMERS_SCOPE)
        # A callable is asked with what the skill said first, so a console can print
        # the skill's words before Alexa's own permission question.
        choice = self.permission(scope, turn.get("speech")) if callable(self.permission) else self.permission
        status = ANSWERS.get(str(choice).strip().lower(), "NOT_ANSWERED")
        turn["events"].append({"type": "permission", "scope": scope, "answer": status})
        if status == "ACCEPTED":
            self.granted_scopes.add(scope)
            if scope == TIMERS_SCOPE:
                self.granted = True
            self.api.grant_permission(scope)
        if self.session_id is None:  # the skill closed the session: Alexa opens a new one
            self.attributes = {}
        followup = connections_response(status, token=directive.get("token") or "", scope=scope)
        said, new_session = self._exchange(followup)
        fields = _response_fields(said)
        fields.update(request_type="Connections.Response", status=status, new_session=new_session)
        turn["followups"].append(fields)
        self._after_response(said)
        for nested in said.directives:
            if nested.get("type") == "Connections.SendRequest" and nested.get("name") == "AskFor":
                turn["events"].append({"type": "note",
                                       "text": "the skill asked for permission again; not answered"})


def _runner_up(understanding: nlu.Understanding) -> dict | None:
    """The best other intent than the one sent (with the best score when Fallback was sent)."""
    for intent, score, sample in understanding.alternatives:
        if intent != understanding.intent:
            return {"intent": intent, "score": score, "sample": sample}
    return None


def _response_fields(said: Said) -> dict:
    return {
        "speech": said.speech,
        "reprompt": said.reprompt,
        "card": said.card or None,
        "end_session": said.ended,
        "directives": said.directives,
    }


def heard(turn: dict) -> str:
    """Everything the skill said for one utterance, followups included, in order."""
    parts = [turn.get("speech") or ""] + [f.get("speech") or "" for f in turn.get("followups", [])]
    return " ".join(p for p in parts if p)
