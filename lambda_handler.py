"""AWS Lambda entry point: ``lambda_handler.handler``.

It never raises, whatever it is given. An envelope the SDK cannot read (not
a dict, missing fields, wrong types, nesting far deeper than Alexa's) or a
failure outside the skill's own exception handling gets a valid Alexa
response with the catch-all's words (``skill.last_resort``), and one log
line naming the exception type: never the envelope, which holds user ids,
tokens and what the user said.
"""

import gc
import json
import logging

# A cold start makes only long-lived objects (modules, classes, the SDK's models):
# collecting garbage among them is wasted time, so the collector waits until they
# are loaded, and then leaves them out of every later collection.
_collecting = gc.isenabled()
gc.disable()
try:
    from skill import get_skill, last_resort
    from skill.settings import ConfigError
finally:
    gc.freeze()
    if _collecting:
        gc.enable()

logging.getLogger().setLevel(logging.INFO)
log = logging.getLogger("lambda_handler")


def handler(event, context):
    """Answer one Alexa request envelope (a dict) with a response envelope (a dict)."""
    try:
        event = last_resort.shallow_enough(event)
        skill = get_skill()
        request_envelope = skill.serializer.deserialize(
            payload=json.dumps(event), obj_type="ask_sdk_model.RequestEnvelope")
        response_envelope = skill.invoke(request_envelope=request_envelope, context=context)
        return skill.serializer.serialize(response_envelope)
    except Exception as exc:  # noqa: BLE001 - an answer beats an error Alexa reads aloud
        request_type, _ = last_resort.request_facts(event)
        log.error("envelope not answered by the skill: %s (request type %s)",
                  type(exc).__name__, request_type)
        if isinstance(exc, ConfigError):  # names a variable and its value: never user data
            log.error("configuration refused: %s", exc)
        return last_resort.response_envelope(event)
