"""The DynamoDB yardstick for scripts/cold_start.py: the ASK SDK's hello-world with its own adapter.

Not part of the product (never packaged, never imported by ``skill``). It is what the
ASK SDK's documentation shows for persistent attributes: a ``CustomSkillBuilder``
with ``ask_sdk_dynamodb``'s ``DynamoDbAdapter`` on its defaults (the default boto3
session's ``dynamodb`` resource; a local server is named by ``AWS_ENDPOINT_URL``),
and one handler that reads the user's persistent attributes (one GetItem) before it
answers every LaunchRequest and IntentRequest. Whatever this costs is the floor any
ask-sdk skill with DynamoDB memory pays on a cold start.
"""

import os

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_core.utils import is_request_type
from ask_sdk_dynamodb.adapter import DynamoDbAdapter
from ask_sdk_model.ui import SimpleCard

SPEECH = "Hello world!"


class HelloWorldHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return (is_request_type("LaunchRequest")(handler_input)
                or is_request_type("IntentRequest")(handler_input))

    def handle(self, handler_input):
        visits = handler_input.attributes_manager.persistent_attributes.get("visits", 0)
        speech = SPEECH if visits else SPEECH + " Welcome."
        return (handler_input.response_builder
                .speak(speech)
                .set_card(SimpleCard("Hello World", speech))
                .set_should_end_session(False)
                .response)


adapter = DynamoDbAdapter(table_name=os.environ.get("HELLO_WORLD_TABLE", "hello-world-memory"),
                          create_table=False)
sb = CustomSkillBuilder(persistence_adapter=adapter)
sb.add_request_handler(HelloWorldHandler())

handler = sb.lambda_handler()
