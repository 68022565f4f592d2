"""Request envelopes shaped exactly as Alexa sends them, and what a response says.

The simulator builds every request with these, and a skill's own tests can too, so
tests, simulator and endpoint all see the same shapes. Pure functions and plain
dicts; nothing here calls a skill.
"""

import copy
import datetime
import uuid
from collections.abc import Sequence

from .speech import to_plain_text

SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
DEFAULT_USER = "amzn1.ask.account.TESTUSER0001"
DEFAULT_DEVICE = "amzn1.ask.device.TESTDEVICE01"
TIMERS_SCOPE = "alexa::alerts:timers:skill:readwrite"
REMINDERS_SCOPE = "alexa::alerts:reminders:skill:readwrite"


def now() -> datetime.datetime:
    """The moment Alexa stamps on a request built without one (a test may hold it still)."""
    return datetime.datetime.now(datetime.UTC)


def timestamp(offset_seconds: float = 0, at: datetime.datetime | None = None) -> str:
    """A request timestamp as Alexa writes it: ``at`` (``now()`` when None) plus ``offset_seconds``."""
    moment = (at or now()) + datetime.timedelta(seconds=offset_seconds)
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def slot(name: str, value: str | None = None, value_id: str | None = None,
         type_name: str = "Custom", no_match: bool = False,
         resolved_name: str | None = None,
         matches: Sequence[tuple[str, str]] | None = None) -> dict:
    """A slot as Alexa sends it.

    ``value`` is the words Alexa heard (or, for built-in types, the converted
    value such as ``PT15M``). ``value_id`` adds an ER_SUCCESS_MATCH resolution
    whose name is ``resolved_name`` (the type's canonical value; defaults to
    ``value``); ``matches`` gives several ``(name, id)`` values when the words
    are a synonym of more than one. ``no_match`` adds ER_SUCCESS_NO_MATCH.
    """
    result = {"name": name, "confirmationStatus": "NONE"}
    if value is None:
        return result
    result["value"] = value
    authority = f"amzn1.er-authority.echo-sdk.{SKILL_ID}.{type_name}"
    if value_id is not None and not matches:
        matches = [(resolved_name or value, value_id)]
    if matches:
        result["resolutions"] = {"resolutionsPerAuthority": [{
            "authority": authority,
            "status": {"code": "ER_SUCCESS_MATCH"},
            "values": [{"value": {"name": match_name, "id": match_id}}
                       for match_name, match_id in matches],
        }]}
    elif no_match:
        result["resolutions"] = {"resolutionsPerAuthority": [{
            "authority": authority,
            "status": {"code": "ER_SUCCESS_NO_MATCH"},
        }]}
    return result


def envelope(request: dict, *, new_session: bool = True, attributes: dict | None = None,
             session_id: str | None = None, user_id: str = DEFAULT_USER,
             locale: str = "en-US", permissions_token: str | None = None,
             scopes: dict[str, str] | None = None,
             api_endpoint: str = "https://api.amazonalexa.com",
             with_session: bool = True, at: datetime.datetime | None = None) -> dict:
    """Wrap a request in session and context as Alexa does.

    ``at``: the moment Alexa stamps on the request (``request.timestamp``; now when None).
    """
    request = dict(request)
    request.setdefault("requestId", "amzn1.echo-api.request." + uuid.uuid4().hex)
    request.setdefault("timestamp", timestamp(at=at))
    request.setdefault("locale", locale)
    user = {"userId": user_id}
    if permissions_token:
        user["permissions"] = {"consentToken": permissions_token}
        if scopes:
            user["permissions"]["scopes"] = {scope: {"status": status} for scope, status in scopes.items()}
    system = {
        "application": {"applicationId": SKILL_ID},
        "user": user,
        "device": {"deviceId": DEFAULT_DEVICE, "supportedInterfaces": {}},
        "apiEndpoint": api_endpoint,
        "apiAccessToken": "test-api-access-token",
    }
    body = {"version": "1.0", "context": {"System": system}, "request": request}
    if with_session:
        body["session"] = {
            "new": new_session,
            "sessionId": session_id or "amzn1.echo-api.session." + uuid.uuid4().hex,
            "application": {"applicationId": SKILL_ID},
            "user": copy.deepcopy(user),
            "attributes": copy.deepcopy(attributes or {}),
        }
    return body


def launch_request() -> dict:
    return {"type": "LaunchRequest"}


def intent_request(name: str, *slots: dict, dialog_state: str | None = None) -> dict:
    request = {"type": "IntentRequest", "intent": {
        "name": name, "confirmationStatus": "NONE",
        "slots": {s["name"]: s for s in slots},
    }}
    if dialog_state:
        request["dialogState"] = dialog_state
    return request


def session_ended_request(reason: str = "USER_INITIATED") -> dict:
    return {"type": "SessionEndedRequest", "reason": reason}


def connections_response(status: str, name: str = "AskFor", token: str = "",
                         scope: str = TIMERS_SCOPE) -> dict:
    """The answer to a voice permission request (``Connections.SendRequest`` AskFor)."""
    return {
        "type": "Connections.Response", "name": name, "token": token,
        "status": {"code": "200", "message": "OK"},
        "payload": {"permissionScope": scope, "status": status},
    }


def skill_event(event_type: str = "AlexaSkillEvent.SkillDisabled") -> dict:
    return {"type": event_type, "eventCreationTime": timestamp(),
            "eventPublishingTime": timestamp(),
            "body": {"userInformation": {"consentToken": None}}}


def _spoken(output_speech: dict | None) -> str:
    output_speech = output_speech or {}
    if output_speech.get("type") == "PlainText" or ("text" in output_speech and "ssml" not in output_speech):
        return " ".join((output_speech.get("text") or "").split())
    return to_plain_text(output_speech.get("ssml") or "")


class Said:
    """What Alexa would say and show for one response envelope."""

    def __init__(self, response_envelope: dict):
        self.envelope = response_envelope
        response = response_envelope.get("response") or {}
        self.response = response
        self.speech = _spoken(response.get("outputSpeech"))
        self.reprompt = _spoken((response.get("reprompt") or {}).get("outputSpeech"))
        self.card = response.get("card") or {}
        self.ended = response.get("shouldEndSession")
        self.directives = response.get("directives") or []
        self.attributes = response_envelope.get("sessionAttributes") or {}

    @property
    def ssml(self) -> str:
        return (self.response.get("outputSpeech") or {}).get("ssml", "")

    def __repr__(self):
        return f"Said({self.speech!r}, ended={self.ended})"


def session_continues(request_type: str, said: Said) -> bool:
    """Whether Alexa keeps the session open after this response.

    Open when the skill says ``shouldEndSession: false``, or leaves it out
    while handing the conversation to Alexa with a directive (a voice
    permission request answered by ``Connections.Response``); closed otherwise.
    """
    if said.ended is False:
        return True
    return (said.ended is None and request_type != "SessionEndedRequest"
            and bool(said.response.get("directives")))


class Conversation:
    """One user talking to a target with hand-built requests, turn by turn (no understanding).

    ``target``: a callable from a request envelope to a response envelope. Keeps the
    session id and attributes between turns; after the skill ends the session, the
    next turn opens a new one, as Alexa does. ``envelope_options`` go to every
    ``envelope`` (a turn's own options on top).
    """

    def __init__(self, target, user_id: str = DEFAULT_USER, locale: str = "en-US",
                 **envelope_options):
        self.target = target
        self.user_id = user_id
        self.locale = locale
        self.options = envelope_options
        self.session_id = None
        self.attributes = {}
        self.history = []

    def send(self, request: dict, **options) -> Said:
        new_session = self.session_id is None
        if new_session:
            self.session_id = "amzn1.echo-api.session." + uuid.uuid4().hex
            self.attributes = {}
        event = envelope(request, new_session=new_session, attributes=self.attributes,
                         session_id=self.session_id, user_id=self.user_id, locale=self.locale,
                         **{**self.options, **options})
        said = Said(self.target(event))
        self.history.append(said)
        if session_continues(request["type"], said):
            self.attributes = said.attributes
        else:
            self.session_id = None
        return said

    def launch(self, **options) -> Said:
        return self.send(launch_request(), **options)

    def ask(self, intent_name: str, *slots: dict, **options) -> Said:
        return self.send(intent_request(intent_name, *slots), **options)
