"""The reader's yardstick for scripts/cold_start.py: the ASK SDK hello-world that reads the words.

Not part of the product (never packaged, never imported by ``skill``). It is
``hello_world_skill.py`` with one thing of the skill's added: before it answers an
IntentRequest it reads the ``symptom`` slot with the skill's triage reader
(``skill.triage.read_symptom``: its import, its index, the first reading), as the
safety handler does, and says "Call 911 now." when the reading says so. Against the
bare hello-world it measures the floor of an emergency answer that must read its words
on a cold start: what the reader costs before anything else of the skill is counted.
"""

import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import get_slot_value, is_request_type
from ask_sdk_model.ui import SimpleCard

logger = logging.getLogger(__name__)
logger.setLevel(logging.INFO)

SPEECH = "Hello world!"


class ReadingHelloWorldHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return (is_request_type("LaunchRequest")(handler_input)
                or is_request_type("IntentRequest")(handler_input))

    def handle(self, handler_input):
        speech = SPEECH
        if is_request_type("IntentRequest")(handler_input):
            from skill import triage  # as the safety handler does: on the first reading

            said = get_slot_value(handler_input, "symptom")
            if said and triage.read_symptom([said]).tier == triage.CALL_911:
                speech = "Call 911 now."
        return (handler_input.response_builder
                .speak(speech)
                .set_card(SimpleCard("Hello World", speech))
                .set_should_end_session(False)
                .response)


sb = SkillBuilder()
sb.add_request_handler(ReadingHelloWorldHandler())

handler = sb.lambda_handler()
