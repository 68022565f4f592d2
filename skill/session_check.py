"""Session attributes are checked before any handler reads them, and again
before they are sent back.

They come back from the device as JSON the skill wrote, but nothing proves it:
a forged or corrupted envelope can carry anything there. A global request
interceptor (registered first in ``build_skill``) drops every attribute that
fails the checks below, so handlers only ever see plain JSON values of the
shapes ``skill.state`` documents, small enough to speak and to send back.

The same checks run on what a turn leaves in the session (a global response
interceptor), so whatever a handler stored, the response stays inside
Alexa's limits. A dropped attribute is logged by its name (only if it is one of ours or looks
like an identifier) and the reason: never its value.
"""

import logging
import math
import re
from json.encoder import encode_basestring_ascii

from ask_sdk_core.dispatch_components import (
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)

from . import state
from .speech import MAX_SPEECH_CHARS

logger = logging.getLogger(__name__)

#: Deepest nesting of one value: a list of timer records holding dicts is 2.
MAX_DEPTH = 4
#: Longest string anywhere: read back by "repeat", it must fit Alexa's limit
#: even if every character were escaped to five (``&amp;``).
MAX_STRING_CHARS = (MAX_SPEECH_CHARS - len("<speak></speak>")) // 5 - 1
#: Most keys of the session, and most items in one list or dict.
MAX_KEYS = 32
MAX_ITEMS = 64
#: All attributes together, roughly as JSON bytes (Alexa's whole response must stay under 24 KB).
MAX_TOTAL_CHARS = 12 * 1024
MAX_KEY_CHARS = 64
#: Integers JSON carries exactly everywhere.
MAX_SAFE_INT = 2 ** 53

_OPTIONAL_TEXT = (str, type(None))
#: Keys the skill writes, and the types their values must have.
KNOWN_TYPES = {
    state.LAST_SPEECH: _OPTIONAL_TEXT,
    state.LAST_REPROMPT: _OPTIONAL_TEXT,
    state.LAST_CARD_TITLE: _OPTIONAL_TEXT,
    state.TOPIC: (str,),
    state.CHUNK: (int,),
    state.OFFER: (dict,),
    state.PENDING_SESSION: (dict,),
    state.SESSION_TIMERS: (list,),
    state.EMERGENCY: (str,),
    state.SIGN_HEARD: (str,),
    state.TURNS: (int,),
    state.OFFERS_DONE: (list,),
    state.CHUNK_ORDER: (list,),
    state.SUBJECT: (str,),
    state.AFTER_TIMER: (str,),
    state.DISCLAIMER_SAID: (bool,),
    state.HEALTH_DETAILS: (dict,),
    "time_zone": (str,),
}

#: Compiled on first use (re's own cache): only a dropped attribute needs it.
_LOGGABLE_KEY = r"[A-Za-z_][A-Za-z0-9_]{0,40}"
#: Only text that is not ASCII can hold one; compiled on first use (re's cache).
_LONE_SURROGATE = "[\ud800-\udfff]"


class Invalid(Exception):
    """Why a value was refused: a fixed phrase, never the value."""


def _size(value, depth: int) -> int:
    """Characters ``value`` adds up to; raises Invalid for what JSON or speech cannot carry."""
    if depth > MAX_DEPTH:
        raise Invalid("nested too deeply")
    if value is None or isinstance(value, bool):
        return 5
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INT:
            raise Invalid("number too large")
        return 20
    if isinstance(value, float):
        if not math.isfinite(value):
            raise Invalid("number not finite")
        return 20
    if isinstance(value, str):
        if len(value) > MAX_STRING_CHARS:
            raise Invalid("text too long")
        if not value.isascii() and re.search(_LONE_SURROGATE, value):
            raise Invalid("text not encodable")
        return len(encode_basestring_ascii(value))  # as json.dumps writes it
    if isinstance(value, list):
        if len(value) > MAX_ITEMS:
            raise Invalid("too many items")
        return 2 + sum(_size(item, depth + 1) for item in value)
    if isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            raise Invalid("too many items")
        total = 2
        for key, item in value.items():
            if not isinstance(key, str) or len(key) > MAX_KEY_CHARS:
                raise Invalid("bad key inside")
            total += len(key) + 2 + _size(item, depth + 1)
        return total
    raise Invalid("not a JSON value")


def _refusal(key, value) -> tuple[str | None, int]:
    """``(why the attribute key must go, or None if it may stay; its size when it may)``."""
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_CHARS:
        return "bad key", 0
    expected = KNOWN_TYPES.get(key)
    if expected is not None and (not isinstance(value, expected)
                                 or (int in expected and isinstance(value, bool))):
        return "wrong type", 0
    try:
        return None, _size(value, 0)
    except Invalid as why:
        return str(why), 0


def loggable_key(key) -> str:
    return key if isinstance(key, str) and re.fullmatch(_LOGGABLE_KEY, key) else "(unnamed key)"


def clean(attributes) -> tuple:
    """``(kept, dropped)``: the attributes that pass, and ``[(loggable key, reason)]``."""
    if not isinstance(attributes, dict):
        return {}, [("(all)", "not an object")]
    kept, dropped, total = {}, [], 0
    for key, value in attributes.items():
        reason, size = _refusal(key, value)
        if reason is None:
            if len(kept) >= MAX_KEYS:
                reason = "too many keys"
            elif total + size > MAX_TOTAL_CHARS:
                reason = "over the size budget"
            else:
                total += size
                kept[key] = value
                continue
        dropped.append((loggable_key(key), reason))
    return kept, dropped


def _drop_invalid(handler_input, when: str) -> None:
    if handler_input.request_envelope.session is None:
        return
    manager = handler_input.attributes_manager
    kept, dropped = clean(manager.session_attributes)
    for key, reason in dropped:
        logger.warning("session attribute %s dropped %s: %s", key, when, reason)
    if dropped:
        manager.session_attributes = kept


class SessionAttributesCheck(AbstractRequestInterceptor):
    """Drop every session attribute that fails the checks, before any handler runs."""

    def process(self, handler_input):
        _drop_invalid(handler_input, "on arrival")


class OutgoingSessionAttributesCheck(AbstractResponseInterceptor):
    """Drop what fails the checks before the response is sent (e.g. a slot's
    raw words stored in an offer), so the response keeps Alexa's limits."""

    def process(self, handler_input, response):
        _drop_invalid(handler_input, "before sending")
