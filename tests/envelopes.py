"""The one request-envelope builder for the whole suite.

Envelopes are plain dicts shaped exactly as Alexa sends them, so the same
builder feeds ``lambda_handler.handler``, the Flask endpoint and the simulator.
``Conversation`` carries the session (attributes, ids) from turn to turn the
way Alexa does.
"""

import alexa_simulator.envelopes

# The envelope builders are the simulator's (an installed dependency of the tests),
# which builds every request with them; the suite imports them from here.
from alexa_simulator.envelopes import (  # noqa: F401  (re-exported)
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


def alexa_clock(monkeypatch, now) -> None:
    """Alexa stamps every request built from here on with ``now()``: the skill's clock."""
    monkeypatch.setattr(alexa_simulator.envelopes, "now", now)


class Conversation(alexa_simulator.envelopes.Conversation):
    """One user talking to the skill through ``lambda_handler.handler``, turn by turn
    (the skill the suite's Lambda door serves: see ``doors``)."""

    def __init__(self, user_id: str = DEFAULT_USER, locale: str = "en-US", **envelope_options):
        super().__init__(_through_the_lambda_door, user_id, locale, **envelope_options)


def _through_the_lambda_door(event: dict) -> dict:
    import lambda_handler

    return lambda_handler.handler(event, None)
