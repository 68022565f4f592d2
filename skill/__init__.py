"""Back Spasm Coach: one skill object, built in one place, served by three doors.

``build_skill()`` wires the handlers in priority order (safety first; the order and
what is imported when are in ``skill.handlers``), the
Alexa API client and the persistence adapter, and the turn's interceptors
(``skill.turn``) that give every request its deadline, clock and memory. ``get_skill()`` keeps one
skill per configuration for Lambda, the Flask endpoint and the simulator.
"""

import threading

from ask_sdk_core.skill_builder import CustomSkillBuilder

from .settings import Settings

_skills = {}
_skills_lock = threading.Lock()


def build_skill(settings: Settings = None):
    """A new ``CustomSkill`` for ``settings`` (read from the environment when omitted)."""
    from . import handlers
    from .services.alexa_api import build_api_client
    from .services.persistence import build_persistence_adapter
    from .session_check import OutgoingSessionAttributesCheck, SessionAttributesCheck
    from .turn import FinishTurn, StartTurn

    settings = settings or Settings.from_env()
    api_client = build_api_client(settings)
    adapter = build_persistence_adapter(settings)
    builder = CustomSkillBuilder(api_client=api_client, persistence_adapter=adapter)
    if settings.skill_id:
        builder.skill_id = settings.skill_id
    builder.add_global_request_interceptor(SessionAttributesCheck())  # before anything reads them
    # The turn holds the adapter; memory is read and written through it only.
    builder.add_global_request_interceptor(StartTurn(adapter, api_client))
    builder.add_global_response_interceptor(FinishTurn())
    builder.add_global_response_interceptor(OutgoingSessionAttributesCheck())

    for handler in handlers.request_handlers():  # in dispatch order: safety first
        builder.add_request_handler(handler)
    for exception_handler in handlers.exception_handlers():
        builder.add_exception_handler(exception_handler)
    return builder.create()


def clear_skill_cache():
    """Forget every built skill and close its storage (tests and tools that change configuration)."""
    with _skills_lock:
        skills = list(_skills.values())
        _skills.clear()
    for skill in skills:
        close = getattr(skill.persistence_adapter, "close", None)
        if close is not None:
            close()


def get_skill():
    """The skill for the current environment, built once per distinct configuration."""
    settings = Settings.current()
    skill = _skills.get(settings)
    if skill is None:
        with _skills_lock:
            skill = _skills.get(settings)
            if skill is None:
                skill = _skills[settings] = build_skill(settings)
    return skill
