"""Which skill the suite's Lambda door serves: one built from explicit settings.

``conftest.lambda_door`` serves each test's ``settings``; a test that needs others
(no storage, a short Alexa API time-out, the simulator's loopback API) calls
``reconfigure(monkeypatch, **changes)``, and the door serves a skill built from the
changed settings from the next request on, as a freshly started process would.
Every door made is closed after the test.
"""

import lambda_handler
from skill.door import SkillDoor
from skill.settings import Settings

_opened: list[SkillDoor] = []


def serve(monkeypatch, settings: Settings | None) -> SkillDoor:
    """Let ``lambda_handler.handler`` serve a skill built from ``settings`` for this test
    (None: from the environment, read on the first request, as on AWS Lambda)."""
    door = SkillDoor(Settings.from_env if settings is None else (lambda: settings))
    _opened.append(door)
    monkeypatch.setattr(lambda_handler, "door", door)
    return door


def reconfigure(monkeypatch, **changes) -> SkillDoor:
    """Serve a skill built from the current settings with ``changes``."""
    return serve(monkeypatch, lambda_handler.door.settings._replace(**changes))


def current() -> SkillDoor:
    return lambda_handler.door


def close_all() -> None:
    while _opened:
        _opened.pop().close()
