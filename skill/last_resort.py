"""What is said when the skill itself cannot answer: an envelope the SDK cannot
read, or an error while answering an error.

Built from plain dicts and the content's sentences, with nothing that could
have been what failed: the request is read by hand, defensively, and the
answer keeps the 911 sentence (or, for an emergency sign, says "Call 911 now."
first), exactly as the catch-all exception handler does.
"""

import logging
import re

from .content import prompts, safety
from .speech import Reply, to_ssml

#: Requests Alexa sends that take no speech in reply.
SILENT_REQUEST_TYPES = ("SessionEndedRequest", "System.ExceptionEncountered")

#: Deepest nesting a readable envelope may have. Alexa's own go about ten deep;
#: the SDK copies and walks envelopes recursively, so far deeper ones are refused
#: before it sees them.
MAX_ENVELOPE_DEPTH = 48

logger = logging.getLogger(__name__)

#: Compiled on first use (re's own cache): only errors and skill events need it.
_NAME = r"[A-Za-z][A-Za-z0-9._]{0,63}"


def loggable_name(value) -> str:
    """A request type or intent name if it looks like one of Amazon's; never free text."""
    return value if isinstance(value, str) and re.fullmatch(_NAME, value) else "unknown"


def is_silent(request_type: str) -> bool:
    return request_type in SILENT_REQUEST_TYPES or request_type.startswith("AlexaSkillEvent.")


def reply_for(intent_name) -> Reply:
    """The catch-all's words: the emergency answer for an emergency sign, else the error."""
    if intent_name in ("EmergencyIntent", "OverdoseIntent"):
        answer = safety.GENERIC_EMERGENCY
        return Reply(answer.speech, reprompt=answer.reprompt, card_title=answer.card_title)
    return Reply(prompts.ERROR, reprompt=prompts.ERROR_REPROMPT)


def too_deep(value, limit: int = MAX_ENVELOPE_DEPTH) -> bool:
    """Whether lists and dicts in ``value`` nest deeper than ``limit`` (no recursion).

    Walks one level at a time and keeps only the containers: every envelope
    goes through here, and most of its values are strings.
    """
    level = [value] if isinstance(value, (dict, list)) else []
    for _ in range(limit):
        deeper = []
        for node in level:
            for child in node.values() if isinstance(node, dict) else node:
                if isinstance(child, (dict, list)):
                    deeper.append(child)
        if not deeper:
            return False
        level = deeper
    return bool(level)


class EnvelopeTooDeep(ValueError):
    """An envelope nested deeper than any Alexa sends, outside its session attributes."""


def shallow_enough(event):
    """``event`` ready for the SDK: session attributes nested too deeply are
    reset (they are the one place a client stores what it likes); anything
    else nested too deeply raises :class:`EnvelopeTooDeep`."""
    if not too_deep(event):
        return event
    session = event.get("session") if isinstance(event, dict) else None
    if isinstance(session, dict) and "attributes" in session:
        event = {**event, "session": {**session, "attributes": {}}}
        if not too_deep(event):
            logger.warning("session attributes dropped: nested too deeply")
            return event
    raise EnvelopeTooDeep()


def request_facts(event) -> tuple:
    """``(request type, intent name)`` read by hand from a raw envelope; "unknown" when unreadable."""
    request = event.get("request") if isinstance(event, dict) else None
    request = request if isinstance(request, dict) else {}
    intent = request.get("intent")
    intent_name = intent.get("name") if isinstance(intent, dict) else None
    return loggable_name(request.get("type")), loggable_name(intent_name)


def response_envelope(event) -> dict:
    """A valid Alexa response for any ``event``: silence where Alexa allows no
    speech, else the catch-all's words."""
    request_type, intent_name = request_facts(event)
    response = {}
    if not is_silent(request_type):
        reply = reply_for(intent_name)
        response["outputSpeech"] = {"type": "SSML", "ssml": to_ssml(reply.speech)}
        if reply.reprompt:
            response["reprompt"] = {"outputSpeech": {"type": "SSML", "ssml": to_ssml(reply.reprompt)}}
        response["shouldEndSession"] = reply.ends_session
    return {"version": "1.0", "response": response}
