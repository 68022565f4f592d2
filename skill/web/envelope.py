"""Reading the raw body into an Alexa request envelope, or saying why not."""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from ..last_resort import EnvelopeTooDeep, shallow_enough
from .errors import BadRequest

_SAFE_REQUEST_TYPE = re.compile(r"[A-Za-z][A-Za-z0-9._]{0,63}")

#: Deeper than this, a body is refused before it is parsed. ``json.loads`` recurses once
#: per level; near Python's recursion limit, a garbage collection that runs meanwhile
#: fails the clean-up of whatever it collects. Alexa's envelopes nest about ten deep.
MAX_PARSE_DEPTH = 500
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def nested_deeper_than(text: str, limit: int) -> bool:
    """Whether JSON ``text`` opens more than ``limit`` arrays and objects inside one another."""
    if text.count("{") + text.count("[") <= limit:
        return False  # every envelope Alexa sends: no scan
    depth = 0
    for bracket in _BRACKET.finditer(_JSON_STRING.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > limit:
            return True
    return False


def parse_body(body: bytes) -> dict:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("request body is not UTF-8") from None
    if nested_deeper_than(text, MAX_PARSE_DEPTH):
        raise BadRequest("request body is nested too deeply")
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        raise BadRequest("request body is not JSON") from None
    if not isinstance(envelope, dict):
        raise BadRequest("request body is not a JSON object")
    try:
        return shallow_enough(envelope)
    except EnvelopeTooDeep:
        raise BadRequest("request body is nested too deeply") from None


def _require_string(container: Mapping, key: str, where: str) -> None:
    value = container.get(key)
    if not isinstance(value, str) or not value:
        raise BadRequest(f"request envelope is missing {where}{key}")


def check_required_fields(envelope: Mapping[str, Any]) -> None:
    """The fields every Alexa request carries and this endpoint relies on."""
    _require_string(envelope, "version", "")
    request = envelope.get("request")
    if not isinstance(request, dict):
        raise BadRequest("request envelope is missing request")
    for key in ("type", "requestId", "timestamp"):
        _require_string(request, key, "request.")
    # The SDK reads context.System on every request (api endpoint, token,
    # application id) and fails on envelopes without it; Alexa always sends it.
    context = envelope.get("context")
    if not isinstance(context, dict) or not isinstance(context.get("System"), dict):
        raise BadRequest("request envelope is missing context.System")
    if "session" in envelope and not isinstance(envelope["session"], dict):
        raise BadRequest("request envelope field session is not an object")


def loggable_request_type(envelope: Any) -> str:
    """The request type if it looks like one Amazon sends; never free text."""
    request = envelope.get("request") if isinstance(envelope, dict) else None
    value = request.get("type") if isinstance(request, dict) else None
    if isinstance(value, str) and _SAFE_REQUEST_TYPE.fullmatch(value):
        return value
    return "unknown"
