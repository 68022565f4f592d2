"""AWS Lambda entry point: ``lambda_handler.handler``."""

import json
import logging

from skill import get_skill

logging.getLogger().setLevel(logging.INFO)


def handler(event, context):
    """Answer one Alexa request envelope (a dict) with a response envelope (a dict)."""
    skill = get_skill()
    request_envelope = skill.serializer.deserialize(
        payload=json.dumps(event), obj_type="ask_sdk_model.RequestEnvelope")
    response_envelope = skill.invoke(request_envelope=request_envelope, context=context)
    return skill.serializer.serialize(response_envelope)

