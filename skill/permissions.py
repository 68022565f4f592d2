"""Asking for an Alexa permission by voice, and reading Alexa's answer.

The protocol, for any permission scope (timers and reminders both use it):
the skill sends ``Connections.SendRequest`` named ``AskFor`` with the scope and a
token of its own, Alexa asks the user, and the answer comes back as a
``Connections.Response`` named ``AskFor`` carrying the same token and a payload
status (ACCEPTED, DENIED or NOT_ANSWERED). The token is the scope's prefix and
small plain JSON: what to pick up again when the answer arrives.

Whether a scope is held is one rule for every scope (``scope_granted``): the
scope's own status when Alexa lists one; otherwise the consent token, but only
when Alexa lists no scopes at all. Alexa sends one consent token for whatever
the user has granted the skill, and the ``scopes`` map names each permission's
status: a token beside a map that does not name our scope says nothing about
it. Read that way, a scope Alexa leaves unlisted costs one voice prompt, which
Alexa answers ACCEPTED at once if it was granted after all; the looser reading
would call the API, take a 401 or 403, and lose the voice prompt. Either way an
API call can still be refused (the permission revoked since): every feature
handles a 401 or 403 too.

Nothing here speaks; the words, and what each answer leads to, belong to the
feature that asked.
"""

import json
from typing import NamedTuple

from ask_sdk_core.utils import is_request_type
from ask_sdk_model.permission_status import PermissionStatus
from ask_sdk_model.ui import AskForPermissionsConsentCard

#: What Alexa answers to the voice permission request (``Connections.Response`` payload status).
ANSWERS = ("ACCEPTED", "DENIED", "NOT_ANSWERED")
#: Longest token read back; anything longer is not one of ours.
MAX_TOKEN_CHARS = 500


class PermissionAnswer(NamedTuple):
    """Alexa's answer, reduced to what may be logged and acted on.

    ``status`` is one of ``ANSWERS`` or "other"; ``code`` is the three-digit
    status code, or "other". Anything else the payload holds is never kept.
    """

    status: str
    code: str

    @property
    def understood(self) -> bool:
        """Alexa answered normally (code 200) with one of the answers it sends."""
        return self.code == "200" and self.status in ANSWERS


def is_permission_answer(handler_input) -> bool:
    """The request is Alexa's answer to a voice permission request (any scope)."""
    return (is_request_type("Connections.Response")(handler_input)
            and getattr(handler_input.request_envelope.request, "name", None) == "AskFor")


def answer_of(request) -> PermissionAnswer:
    """Read a ``Connections.Response``; the payload comes from outside, so only known values pass."""
    payload = request.payload if isinstance(request.payload, dict) else {}
    code = str(getattr(getattr(request, "status", None), "code", "200") or "200")
    status = payload.get("status")
    return PermissionAnswer(status if status in ANSWERS else "other",
                            code if code.isdigit() and len(code) == 3 else "other")


def scope_granted(handler_input, scope: str) -> bool:
    """Whether the user has granted ``scope``, by the one rule above."""
    user = getattr(handler_input.request_envelope.context.system, "user", None)
    permissions = getattr(user, "permissions", None)
    if permissions is None:
        return False
    scopes = permissions.scopes or {}
    listed = scopes.get(scope)
    if listed is not None and listed.status is not None:
        return listed.status == PermissionStatus.GRANTED
    return not scopes and bool(permissions.consent_token)


class VoicePermission:
    """One permission scope, asked for by voice, and the token that carries a request through it."""

    def __init__(self, scope: str, token_prefix: str):
        self.scope = scope
        self.token_prefix = token_prefix

    def granted(self, handler_input) -> bool:
        """Whether the user has granted the scope (a 401/403 from the API can still say otherwise)."""
        return scope_granted(handler_input, self.scope)

    def is_answer(self, handler_input) -> bool:
        """The request is Alexa's answer to this scope's voice request (its token is ours)."""
        token = getattr(handler_input.request_envelope.request, "token", None)
        return (is_permission_answer(handler_input) and isinstance(token, str)
                and token.startswith(self.token_prefix))

    def token_for(self, data: dict) -> str:
        return self.token_prefix + json.dumps(data, separators=(",", ":"), sort_keys=True)

    def data_from_token(self, token):
        """What ``token_for`` was given, if ``token`` is one of this scope's; else None."""
        if (not isinstance(token, str) or not token.startswith(self.token_prefix)
                or len(token) > MAX_TOKEN_CHARS):
            return None
        try:
            return json.loads(token[len(self.token_prefix):])
        except ValueError:
            return None

    def ask_directive(self, data: dict):
        """The ``Connections.SendRequest`` that hands the conversation to Alexa's permission prompt."""
        # Imported here: the connections models are only needed to ask, and cost a cold start.
        from ask_sdk_model.interfaces.connections import SendRequestDirective

        return SendRequestDirective(
            name="AskFor",
            payload={"@type": "AskForPermissionsConsentRequest", "@version": "1",
                     "permissionScope": self.scope},
            token=self.token_for(data))

    def consent_card(self) -> AskForPermissionsConsentCard:
        """The home card that lets the user grant the scope in the Alexa app."""
        return AskForPermissionsConsentCard(permissions=[self.scope])

