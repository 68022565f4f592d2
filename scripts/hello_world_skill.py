"""The yardstick for scripts/benchmark.py: the smallest ask-sdk-core skill.

Not part of the product (never packaged, never imported by ``skill``). It is the
ASK SDK's own hello-world: a ``SkillBuilder`` with one handler that answers a
LaunchRequest, and here every IntentRequest too, so it can answer the same
envelopes as the product; ``handler = sb.lambda_handler()`` is its Lambda entry
point. Whatever this costs is the floor any ask-sdk-core skill pays.
"""

import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import is_request_type
from ask_sdk_model.ui import SimpleCard

logger = logging.getLogger(__name__)
logger.setLevel(logging.INFO)

SPEECH = "Hello world!"


class HelloWorldHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return (is_request_type("LaunchRequest")(handler_input)
                or is_request_type("IntentRequest")(handler_input))

    def handle(self, handler_input):
        return (handler_input.response_builder
                .speak(SPEECH)
                .set_card(SimpleCard("Hello World", SPEECH))
                .set_should_end_session(False)
                .response)


sb = SkillBuilder()
sb.add_request_handler(HelloWorldHandler())

handler = sb.lambda_handler()
