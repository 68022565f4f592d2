"""A door that takes request envelopes as dicts: the skill built once, answers that never raise.

``SkillDoor(read_settings)`` builds its skill on the first request, from the settings
``read_settings()`` gives then (the environment, for Lambda), and keeps it: nothing is
read again per request. Calling the door answers one envelope with one response
envelope, whatever it is given: an envelope the SDK cannot read (not a dict, missing
fields, wrong types, nesting far deeper than Alexa's), settings that cannot be used,
or a failure outside the skill's own exception handling get a valid Alexa response
with the catch-all's words (``skill.last_resort``) and one log line naming the
exception type: never the envelope, which holds user ids, tokens and what was said.
Settings refused at build are tried again on the next request.
"""

import json
import logging
import threading
from collections.abc import Callable

from . import build_skill, close_skill, last_resort
from .settings import ConfigError, Settings

log = logging.getLogger("lambda_handler")


class SkillDoor:
    """One skill behind one door (see the module docstring)."""

    def __init__(self, read_settings: Callable[[], Settings]):
        self._read_settings = read_settings
        self._settings: Settings | None = None
        self._skill = None
        self._lock = threading.Lock()

    @property
    def settings(self) -> Settings:
        """The door's settings, read once, on first use."""
        if self._settings is None:
            with self._lock:
                if self._settings is None:
                    self._settings = self._read_settings()
        return self._settings

    def skill(self):
        """The door's skill, built once, on first use, from ``settings``."""
        if self._skill is None:
            settings = self.settings
            with self._lock:
                if self._skill is None:
                    self._skill = build_skill(settings)
        return self._skill

    def __call__(self, event, context=None) -> dict:
        """Answer one Alexa request envelope (a dict) with a response envelope (a dict)."""
        try:
            event = last_resort.shallow_enough(event)
            skill = self.skill()
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

    def close(self) -> None:
        """Close the skill's storage, if it was built (tools and tests)."""
        with self._lock:
            skill, self._skill = self._skill, None
        if skill is not None:
            close_skill(skill)
