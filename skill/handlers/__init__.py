"""Request handlers, one module per area, and the order ``skill.build_skill`` registers them in.

The areas (``safety``, ``reminders``, ``sessions``, ``memory``, ``guidance``,
``lifecycle``) are peers: none imports another. What two of them share lives
in a room below them that imports no area: ``topics`` (reading the guide's
topics), ``pain_start`` (the day the pain started), and ``replies``,
``offers``, ``slots``; or in a package below ``skill.handlers``, as the
skill's reminders, known by their ids, and deleting them all are in
``skill.reminders.records``.
Where one area's intent is answered by another in one situation ("ice" said to
"heat or ice?", "cancel" right after a timer was set), the answering area's
handler is asked first and claims that situation (``can_handle``), so no area
calls into another. ``tests/test_architecture.py`` holds this.

Dispatch order is registration order: safety before everything else. "Yes" and "no" are
answered by the pending offer (``offers``), whatever the order. Reminders come before
sessions: a permission answer whose token is a reminder plan is theirs.

Every area is imported when the skill is built and each handler is registered
itself, in this order. What a cold start leaves for later is named where it is
done (``docs/performance.md``): the triage reader's table, the timer and
reminder services' SDK models, and boto3.
"""

from . import guidance, lifecycle, memory, offers, reminders, safety, sessions

#: Areas whose "yes" and "no" answers ``offers`` gathers (their ``OFFER_ANSWERS``).
_OFFER_OWNERS = (reminders, sessions, memory, guidance)


def request_handlers() -> list:
    """Every request handler, in dispatch order."""
    yes, no = offers.answer_handlers(*(area.OFFER_ANSWERS for area in _OFFER_OWNERS))
    return [
        safety.EmergencySignHandler(),
        safety.CallForMeHandler(),
        *reminders.HANDLERS,
        *sessions.HANDLERS,
        *memory.HANDLERS,
        *guidance.HANDLERS,
        yes,
        no,
        *lifecycle.HANDLERS,
        safety.FallbackHandler(),
    ]


def exception_handlers() -> list:
    """Every exception handler, in order: Alexa API errors, then the catch-all."""
    return [*sessions.EXCEPTION_HANDLERS, safety.CatchAllExceptionHandler()]
