"""Request handlers, one module per area, and the order ``skill.build_skill`` registers them in.

The areas (``safety``, ``reminders``, ``sessions``, ``memory``, ``guidance``,
``conversation``, ``lifecycle``) are peers: none imports another. What two of them share lives
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

Safety's handlers are always loaded: an emergency on a cold start waits for nothing. Every
other area is imported on the first request it may answer (``lazy``), so opening the skill
loads the launch handler and not the triage table, timers or reminders. Each area's claims
name every intent and request type its handlers answer; ``tests/test_dispatch.py`` checks
them against the handlers themselves.
"""

from .lazy import LazyExceptionHandlers, LazyHandlers, module_handlers

#: Areas whose "yes" and "no" answers ``offers`` gathers (their ``OFFER_ANSWERS``).
OFFER_OWNERS = ("reminders", "sessions", "memory", "guidance", "lifecycle")

#: Follow-ups, everyday activities and what the skill does not do (``conversation``).
_CONVERSATION = {"CompareIntent", "HowLongIntent", "WhatNextIntent", "PackOffIntent", "WhichPartIntent", "FeelingIntent",
                 "IsThatAllIntent", "ActivityIntent", "ActivityHowIntent", "ActivityWhenIntent",
                 "ActivityHowLongIntent", "OutOfScopeIntent", "WillCallIntent"}

_AREAS = (
    ("reminders", {"Connections.Response", "SetReminderIntent", "ListRemindersIntent",
                   "StopRemindersIntent", "MoveReminderIntent", "BackFeelsBetterIntent",
                   # "walks", said to "walks, stretching or sitting breaks?" ("a walk" may be
                   # heard as an everyday activity)
                   "WalkingIntent", "StartWalkTimerIntent", "StretchingIntent", "SittingIntent",
                   "SittingReminderIntent", "ActivityIntent"}),
    ("sessions", {"Connections.Response", "StartTreatmentSessionIntent", "SwitchTreatmentIntent",
                  "StartWalkTimerIntent", "SittingReminderIntent", "SessionTimeLeftIntent",
                  "StopSessionIntent", "HeatIceIntent", "AMAZON.CancelIntent", "SetTimerIntent",
                  "FeelLikeWalkingIntent",
                  # "a walk", said to "heat, ice, a walk, or a sitting break?"
                  "WalkingIntent", "SittingIntent", "ActivityIntent",
                  # "How long?" while this session's timer runs: the time left.
                  "HowLongIntent"}),
    ("memory", {"PainStartedIntent", "RecallPainStartIntent", "SessionCountIntent",
                "ResumeTopicIntent", "WhatYouKnowIntent", "ForgetMeIntent"}),
    ("guidance", {"WhatToDoIntent", "GuidedPlanIntent", "LyingPositionsIntent", "SittingIntent",
                  "BedRestIntent", "WalkingIntent", "StretchingIntent", "PreventionIntent",
                  "WhenToCallIntent", "HeatIceIntent", "MedicineIntent", "MedicineDoseIntent",
                  "RecoveryTimeIntent", "OtherCareIntent", "AMAZON.NextIntent", "AMAZON.MoreIntent", "SkipPartIntent",
                  "AMAZON.PreviousIntent", "AMAZON.StartOverIntent", "AMAZON.RepeatIntent"}),
    ("conversation", _CONVERSATION),
)
_LIFECYCLE = {"LaunchRequest", "AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent", "ThanksIntent",
              "AMAZON.NavigateHomeIntent", "SessionEndedRequest", "System.ExceptionEncountered"}


def _yes_and_no():
    import importlib

    from .offers import answer_handlers

    return answer_handlers(*(importlib.import_module(f"{__name__}.{area}").OFFER_ANSWERS
                             for area in OFFER_OWNERS))


def request_handlers() -> list:
    """Every request handler, in dispatch order."""
    from . import safety

    return [
        safety.EmergencySignHandler(),
        safety.SignInStoryHandler(),
        safety.OverdoseHandler(),
        safety.CallForMeHandler(),
        safety.HelpIsComingHandler(),
        # Before every area: after a 911 answer, "what do I do now" hears the call first.
        safety.CallStaysFirstHandler(),
        *(LazyHandlers(module_handlers(area), claims) for area, claims in _AREAS),
        LazyHandlers(_yes_and_no, {"AMAZON.YesIntent", "AMAZON.NoIntent"}),
        LazyHandlers(module_handlers("lifecycle"), _LIFECYCLE, prefixes=("AlexaSkillEvent.",)),
        safety.FallbackHandler(),
    ]


def exception_handlers() -> list:
    """Every exception handler, in order: Alexa API errors, then the catch-all."""
    from . import safety

    return [
        LazyExceptionHandlers(module_handlers("sessions", "EXCEPTION_HANDLERS")),
        safety.CatchAllExceptionHandler(),
    ]
