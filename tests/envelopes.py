"""The one request-envelope builder for the whole suite.

Envelopes are plain dicts shaped exactly as Alexa sends them, so the same
builder feeds ``lambda_handler.handler``, the Flask endpoint and the simulator.
``Conversation`` carries the session (attributes, ids) from turn to turn the
way Alexa does.
"""

import uuid

# The envelope builders live in the skill's simulator, which needs them at run
# time; the suite imports them from here as it always has.
from skill.simulator.envelopes import (  # noqa: F401  (re-exported)
    DEFAULT_DEVICE,
    DEFAULT_USER,
    REMINDERS_SCOPE,
    SKILL_ID,
    TIMERS_SCOPE,
    Said,
    connections_response,
    envelope,
    intent_request,
    launch_request,
    session_continues,
    session_ended_request,
    skill_event,
    slot,
    timestamp,
)


class Conversation:
    """One user talking to the skill through ``lambda_handler.handler``, turn by turn.

    Keeps the session id and attributes between turns; after the skill ends
    the session, the next turn opens a new one, as Alexa does.
    """

    def __init__(self, user_id: str = DEFAULT_USER, locale: str = "en-US", **envelope_options):
        self.user_id = user_id
        self.locale = locale
        self.options = envelope_options
        self.session_id = None
        self.attributes = {}
        self.history = []

    def send(self, request: dict, **options) -> Said:
        import lambda_handler

        new_session = self.session_id is None
        if new_session:
            self.session_id = "amzn1.echo-api.session." + uuid.uuid4().hex
            self.attributes = {}
        event = envelope(request, new_session=new_session, attributes=self.attributes,
                         session_id=self.session_id, user_id=self.user_id, locale=self.locale,
                         **{**self.options, **options})
        said = Said(lambda_handler.handler(event, None))
        self.history.append(said)
        if session_continues(request["type"], said):
            self.attributes = said.attributes
        else:
            self.session_id = None
        return said

    def launch(self, **options) -> Said:
        return self.send(launch_request(), **options)

    def ask(self, intent_name: str, *slots: dict, **options) -> Said:
        return self.send(intent_request(intent_name, *slots), **options)
