"""Alexa's rules for a response envelope, checked the same way everywhere.

A skill's tests can run every response through :func:`violations` (this project's
suite does, in an autouse fixture), and a fuzzer can count what it finds.

- every outputSpeech (speech and reprompt) is SSML that parses as XML, with
  ``<speak>`` at the root, no code point XML forbids, under 8,000 characters;
- card title and text under 8,000 characters, with nothing XML forbids;
- a response that ends the session carries no reprompt;
- a SessionEndedRequest gets no speech, reprompt or card;
- the whole response under 24 KB.
"""

import json
import re
import xml.etree.ElementTree as ElementTree

MAX_SPEECH_CHARS = 8000
MAX_RESPONSE_BYTES = 24 * 1024
_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

#: Kinds of violation, as the fuzz script counts them.
INVALID_SSML = "invalid SSML"
BROKEN_RULE = "broken rule"


def _ssml_problem(ssml):
    if not isinstance(ssml, str):
        return "SSML is not text"
    if len(ssml) >= MAX_SPEECH_CHARS:
        return f"SSML of {len(ssml)} characters"
    if _XML_FORBIDDEN.search(ssml):
        return "SSML holds a code point XML forbids"
    try:
        root = ElementTree.fromstring(ssml.replace("amazon:", "amazon_"))
    except ElementTree.ParseError:
        return "SSML does not parse as XML"
    if root.tag != "speak":
        return "SSML root is not <speak>"
    return None


def _speech_problem(output_speech):
    if not isinstance(output_speech, dict):
        return "outputSpeech is not an object"
    if output_speech.get("type") == "PlainText":
        text = output_speech.get("text")
        ok = isinstance(text, str) and len(text) < MAX_SPEECH_CHARS and not _XML_FORBIDDEN.search(text)
        return None if ok else "PlainText speech too long or unspeakable"
    return _ssml_problem(output_speech.get("ssml"))


def violations(request_type, result) -> list:
    """``[(kind, what)]`` for a response envelope ``result`` answering ``request_type``."""
    if not isinstance(result, dict) or not isinstance(result.get("response"), dict):
        return [(BROKEN_RULE, "no response object")]
    found = []
    response = result["response"]
    speech = response.get("outputSpeech")
    reprompt = (response.get("reprompt") or {}).get("outputSpeech")
    for where, output in (("speech", speech), ("reprompt", reprompt)):
        if output is not None:
            problem = _speech_problem(output)
            if problem:
                found.append((INVALID_SSML, f"{where}: {problem}"))
    if response.get("shouldEndSession") is True and reprompt is not None:
        found.append((BROKEN_RULE, "session ended with a reprompt"))
    if request_type == "SessionEndedRequest" and (speech or reprompt or response.get("card")):
        found.append((BROKEN_RULE, "SessionEndedRequest answered with speech or a card"))
    card = response.get("card") or {}
    for field in ("title", "content", "text"):
        value = card.get(field)
        if value is not None and (not isinstance(value, str) or len(value) >= MAX_SPEECH_CHARS
                                  or _XML_FORBIDDEN.search(value)):
            found.append((BROKEN_RULE, f"card {field} too long or unspeakable"))
    try:
        size = len(json.dumps(result).encode("utf-8"))
    except (TypeError, ValueError, UnicodeEncodeError):
        found.append((BROKEN_RULE, "response is not JSON"))
    else:
        if size >= MAX_RESPONSE_BYTES:
            found.append((BROKEN_RULE, f"response of {size} bytes"))
    return found
