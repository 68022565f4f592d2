"""Back Spasm Coach: one skill object, built in one place, served by three doors.

``build_skill(settings)`` wires the handlers in priority order (safety first; the order and
what is imported when are in ``skill.handlers``), the Alexa API client and the persistence
adapter, and the turn's interceptors (``skill.turn``) that give every request its deadline,
clock and memory. Each door reads its ``Settings`` once and builds its skill once:
``lambda_handler`` and ``skill.local`` through ``skill.door.SkillDoor``, the web endpoint in
``skill.web.app_from_environment``.
"""

from ask_sdk_core.skill_builder import CustomSkillBuilder

from .settings import Settings


def build_skill(settings: Settings):
    """A new ``CustomSkill`` configured by ``settings`` (nothing else is read)."""
    from . import handlers
    from .services.alexa_api import build_api_client
    from .services.persistence import build_persistence_adapter
    from .session_check import OutgoingSessionAttributesCheck, SessionAttributesCheck
    from .state import CountTurn
    from .turn import FinishTurn, StartTurn

    api_client = build_api_client(settings)
    adapter = build_persistence_adapter(settings)
    builder = CustomSkillBuilder(api_client=api_client, persistence_adapter=adapter)
    if settings.skill_id:
        builder.skill_id = settings.skill_id
    builder.add_global_request_interceptor(SessionAttributesCheck())  # before anything reads them
    builder.add_global_request_interceptor(CountTurn())
    # The turn holds the adapter; memory is read and written through it only.
    builder.add_global_request_interceptor(
        StartTurn(adapter, api_client, keep_health_details=settings.keep_health_details))
    builder.add_global_response_interceptor(FinishTurn())
    builder.add_global_response_interceptor(OutgoingSessionAttributesCheck())

    for handler in handlers.request_handlers():  # in dispatch order: safety first
        builder.add_request_handler(handler)
    for exception_handler in handlers.exception_handlers():
        builder.add_exception_handler(exception_handler)
    return builder.create()


def close_skill(skill) -> None:
    """Close what ``skill`` holds open (its storage), for tools and tests that build many."""
    close = getattr(skill.persistence_adapter, "close", None)
    if close is not None:
        close()
