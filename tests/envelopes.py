"""The one request-envelope builder for the whole suite.

Envelopes are plain dicts shaped exactly as Alexa sends them, so the same
builder feeds ``lambda_handler.handler``, the Flask endpoint and the simulator.
``Conversation`` carries the session (attributes, ids) from turn to turn the
way Alexa does.
"""

import copy
import datetime
import uuid
from typing import Dict, Optional

from skill.speech import to_plain_text

SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
DEFAULT_USER = "amzn1.ask.account.TESTUSER0001"
DEFAULT_DEVICE = "amzn1.ask.device.TESTDEVICE01"
TIMERS_SCOPE = "alexa::alerts:timers:skill:readwrite"


def timestamp(offset_seconds: float = 0) -> str:
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=offset_seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def slot(name: str, value: Optional[str] = None, value_id: Optional[str] = None,
         type_name: str = "Custom", no_match: bool = False) -> dict:
    """A slot as Alexa sends it; ``value_id`` adds an ER_SUCCESS_MATCH resolution."""
    result = {"name": name, "confirmationStatus": "NONE"}
    if value is None:
        return result
    result["value"] = value
    authority = f"amzn1.er-authority.echo-sdk.{SKILL_ID}.{type_name}"
    if value_id is not None:
        result["resolutions"] = {"resolutionsPerAuthority": [{
            "authority": authority,
            "status": {"code": "ER_SUCCESS_MATCH"},
            "values": [{"value": {"name": value, "id": value_id}}],
        }]}
    elif no_match:
        result["resolutions"] = {"resolutionsPerAuthority": [{
            "authority": authority,
            "status": {"code": "ER_SUCCESS_NO_MATCH"},
        }]}
    return result


def envelope(request: dict, *, new_session: bool = True, attributes: Optional[dict] = None,
             session_id: Optional[str] = None, user_id: str = DEFAULT_USER,
             locale: str = "en-US", permissions_token: Optional[str] = None,
             scopes: Optional[Dict[str, str]] = None,
             api_endpoint: str = "https://api.amazonalexa.com",
             with_session: bool = True, supports_voice_permissions: bool = True) -> dict:
    """Wrap a request in session and context as Alexa does."""
    request = dict(request)
    request.setdefault("requestId", "amzn1.echo-api.request." + uuid.uuid4().hex)
    request.setdefault("timestamp", timestamp())
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
    if not supports_voice_permissions:
        system["device"]["supportedInterfaces"] = {}
    return body


def launch_request() -> dict:
    return {"type": "LaunchRequest"}


def intent_request(name: str, *slots: dict, dialog_state: Optional[str] = None) -> dict:
    request = {"type": "IntentRequest", "intent": {
        "name": name, "confirmationStatus": "NONE",
        "slots": {s["name"]: s for s in slots},
    }}
    if dialog_state:
        request["dialogState"] = dialog_state
    return request


def session_ended_request(reason: str = "USER_INITIATED") -> dict:
    return {"type": "SessionEndedRequest", "reason": reason}


def connections_response(status: str, name: str = "AskFor", token: str = "") -> dict:
    """The answer to a voice permission request (``Connections.SendRequest`` AskFor)."""
    return {
        "type": "Connections.Response", "name": name, "token": token,
        "status": {"code": "200", "message": "OK"},
        "payload": {"permissionScope": TIMERS_SCOPE, "status": status},
    }


def skill_event(event_type: str = "AlexaSkillEvent.SkillDisabled") -> dict:
    return {"type": event_type, "eventCreationTime": timestamp(),
            "eventPublishingTime": timestamp(),
            "body": {"userInformation": {"consentToken": None}}}


class Said:
    """What Alexa would say and show for one response envelope."""

    def __init__(self, response_envelope: dict):
        self.envelope = response_envelope
        response = response_envelope.get("response") or {}
        self.response = response
        self.speech = to_plain_text((response.get("outputSpeech") or {}).get("ssml", ""))
        reprompt = ((response.get("reprompt") or {}).get("outputSpeech") or {})
        self.reprompt = to_plain_text(reprompt.get("ssml", "")) if reprompt else ""
        self.card = response.get("card") or {}
        self.ended = response.get("shouldEndSession")
        self.directives = response.get("directives") or []
        self.attributes = response_envelope.get("sessionAttributes") or {}

    @property
    def ssml(self) -> str:
        return (self.response.get("outputSpeech") or {}).get("ssml", "")

    def __repr__(self):
        return f"Said({self.speech!r}, ended={self.ended})"


class Conversation:
    """One user talking to the skill through ``lambda_handler.handler``, turn by turn.

    Keeps the session id and attributes between turns; after the skill ends
    the session, the next turn opens a new one, as Alexa does.
    """

    def __init__(self, user_id: str = DEFAULT_USER, locale: str = "en-US", **envelope_options):
        self.user_id = user_id
        self.locale = locale
        self.options = envelope_options
        self.session_id = None
        self.attributes = {}
        self.history = []

    def send(self, request: dict, **options) -> Said:
        import lambda_handler

        new_session = self.session_id is None
        if new_session:
            self.session_id = "amzn1.echo-api.session." + uuid.uuid4().hex
            self.attributes = {}
        event = envelope(request, new_session=new_session, attributes=self.attributes,
                         session_id=self.session_id, user_id=self.user_id, locale=self.locale,
                         **{**self.options, **options})
        said = Said(lambda_handler.handler(event, None))
        self.history.append(said)
        if said.ended is False or (said.ended is None and request["type"] != "SessionEndedRequest"
                                   and said.response.get("directives")):
            self.attributes = said.attributes
        else:
            self.session_id = None
        return said

    def launch(self, **options) -> Said:
        return self.send(launch_request(), **options)

    def ask(self, intent_name: str, *slots: dict, **options) -> Said:
        return self.send(intent_request(intent_name, *slots), **options)
