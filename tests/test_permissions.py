"""One voice-permission protocol, one "granted" rule: timers and reminders read the same envelope alike.

For each state of ``context.System.user.permissions`` Alexa may send, the timers
("start ice") and the reminders ("yes" to a bedtime stretch reminder) either both go
ahead and call their API, or both ask by voice (``Connections.SendRequest`` AskFor with
their own scope) and call nothing. Through the Lambda door, against the emulated APIs.
"""

import pytest
from alexa_api_fixtures import CONSENT_TOKEN, alexa_api  # noqa: F401
from envelopes import REMINDERS_SCOPE, TIMERS_SCOPE, Conversation, slot

OTHER_SCOPE = "alexa::devices:all:geolocation:read"

#: (what Alexa sends, whether the scope asked about counts as granted), for scope SCOPE.
STATES = [
    ({"permissions_token": CONSENT_TOKEN, "scopes": {"SCOPE": "GRANTED"}}, True),
    ({"permissions_token": CONSENT_TOKEN, "scopes": {"SCOPE": "DENIED"}}, False),
    # A consent token beside a scopes map that does not name ours says nothing about ours.
    ({"permissions_token": CONSENT_TOKEN, "scopes": {OTHER_SCOPE: "GRANTED"}}, False),
    # No scopes listed at all: the consent token is all there is.
    ({"permissions_token": CONSENT_TOKEN}, True),
    ({}, False),
]


def _for(scope: str, options: dict) -> dict:
    options = dict(options)
    if "scopes" in options:
        options["scopes"] = {scope if name == "SCOPE" else name: status for name, status in options["scopes"].items()}
    return options


def start_ice(alexa_api, options):
    said = Conversation(api_endpoint=alexa_api.api_endpoint, **_for(TIMERS_SCOPE, options)).ask(
        "StartTreatmentSessionIntent", slot("treatment", "ice", "ICE", "TreatmentType"))
    return said, alexa_api.calls(path_prefix="/v1/alerts/timers")


def set_a_stretch_reminder(alexa_api, options):
    conversation = Conversation(api_endpoint=alexa_api.api_endpoint, **_for(REMINDERS_SCOPE, options))
    conversation.ask("BackFeelsBetterIntent")
    said = conversation.ask("AMAZON.YesIntent")
    return said, alexa_api.calls(path_prefix="/v1/alerts/reminders")


@pytest.mark.parametrize("feature, scope", [(start_ice, TIMERS_SCOPE), (set_a_stretch_reminder, REMINDERS_SCOPE)],
                         ids=["timers", "reminders"])
@pytest.mark.parametrize("options, granted", STATES, ids=["granted", "denied", "other scope only",
                                                          "token without scopes", "nothing"])
def test_timers_and_reminders_read_the_permission_alike(alexa_api, feature, scope, options, granted):
    said, calls = feature(alexa_api, options)
    asks = [d for d in said.directives if d.get("type") == "Connections.SendRequest"]
    if granted:
        assert asks == [] and calls
    else:
        assert [d["payload"]["permissionScope"] for d in asks] == [scope]
        assert calls == []
