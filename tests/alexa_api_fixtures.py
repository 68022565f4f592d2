"""Fixtures for talking to the skill with the local Alexa API emulator behind it.

Import what you use into a test module (``from alexa_api_fixtures import alexa_api, user``);
pytest registers imported fixtures for that module.

- ``alexa_api``: a started ``AlexaApiEmulator`` on a manual clock; the skill is
  built with settings that accept its plain-http loopback endpoint and give up on
  a call after ``CLIENT_TIMEOUT`` seconds, generous enough for a loaded test
  machine. Tests of time-outs call ``use_short_timeout(monkeypatch)`` just before
  the slow call.
- ``user``: a ``Conversation`` whose envelopes point at the emulator and carry
  a timers consent token (permission granted).
- ``new_user``: the same without a consent token (permission never granted).
"""

import doors
import pytest
from alexa_simulator.alexa_api import AlexaApiEmulator
from envelopes import REMINDERS_SCOPE, TIMERS_SCOPE, Conversation

#: Seconds the skill waits for an Alexa API call in tests (the real default is 3).
CLIENT_TIMEOUT = 2.0
#: The time-out for tests of time-outs: the emulator holds the call far longer.
SHORT_TIMEOUT = 0.15
CONSENT_TOKEN = "test-consent-token"
#: A session whose user granted both timers and reminders (the session's permissions).
GRANTED = {"permissions_token": CONSENT_TOKEN,
           "scopes": {TIMERS_SCOPE: "GRANTED", REMINDERS_SCOPE: "GRANTED"}}


@pytest.fixture
def alexa_api(monkeypatch):
    doors.reconfigure(monkeypatch, dev_loopback_alexa_api=True, alexa_api_timeout=CLIENT_TIMEOUT)
    emulator = AlexaApiEmulator(clock="manual")
    emulator.start()
    try:
        yield emulator
    finally:
        emulator.stop()


def on_the_same_clock(monkeypatch, emulator, moment) -> None:
    """Alexa's clock and the emulator's stand at ``moment`` (then move only as the emulator's does).

    Envelopes carry the emulator's time, as a device's do, so dates in the reminders the
    skill sets and the API's own idea of "now" agree whatever day the suite runs on.
    (For reminders going off as time moves, use a simulated device, whose clock this is.)
    """
    from alexa_simulator.alexa_api import Clock
    from envelopes import alexa_clock

    emulator.clock = Clock("manual", start=moment)
    alexa_clock(monkeypatch, emulator.clock.now)


def use_short_timeout(monkeypatch):
    """From the next request on, the skill gives up on an Alexa API call after SHORT_TIMEOUT."""
    doors.reconfigure(monkeypatch, alexa_api_timeout=SHORT_TIMEOUT)


def granted_conversation(emulator, **options):
    return Conversation(api_endpoint=emulator.api_endpoint, permissions_token=CONSENT_TOKEN,
                        **options)


@pytest.fixture
def user(alexa_api):
    return granted_conversation(alexa_api)


@pytest.fixture
def new_user(alexa_api):
    return Conversation(api_endpoint=alexa_api.api_endpoint)


def granted_options():
    """Envelope options for a turn after the user granted permission."""
    return {"permissions_token": CONSENT_TOKEN, "scopes": {TIMERS_SCOPE: "GRANTED"}}
