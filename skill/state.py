"""Session state: every key the skill keeps in session attributes, and who writes it.

Values are plain strings, numbers and small dicts of those, because session
attributes travel as JSON between turns (an SDK object stored here comes
back as a dict next turn). ``skill.session_check`` enforces it: before any
handler runs, and again before the response leaves, it drops attributes that
are not plain JSON within its limits, or not of the type this table implies.

| key            | written by                         | meaning                                         |
| -------------- | ---------------------------------- | ----------------------------------------------- |
| ``topic``      | guidance handlers                  | id of the topic being read (``content.guide``)  |
| ``chunk``      | guidance handlers                  | index of the chunk just read                    |
| ``offer``      | any handler that asks a yes/no     | ``{"kind": ..., ...}``: what "yes" will do; it lasts one turn (see ``expire_unanswered_offer``) |
| ``last_speech``/``last_reprompt``/``last_card_title`` | ``replies.send`` | what "repeat" says again |
| ``pending_session`` | session handlers              | a timed session waiting for timer permission (also in the AskFor token) |
| ``session_timers`` | session handlers                | timers this session created: id, kind, step, pack, label, duration, ends_at |
| ``time_zone``  | ``services.clock``                 | the device's time zone, asked once per session  |
| ``misses``     | the fallback handler               | Fallbacks in a row (any other answer clears it) |
| ``emergency``  | the safety handlers                | the tier of the last 911, Poison Control or doctor-now answer: "what do I do now" keeps the call first until help is said to be coming or something else is asked (see ``expire_unanswered_offer``) |
| ``disclaimer_said`` | ``replies.send``              | the disclaimer was said in this session (so a user without memory hears it once) |
| ``health_details`` | ``skill.memory`` only           | what the person said about their back this session (the day it started, heat and ice counts, the last topic, "feels better"): ``memory.HEALTH_FIELDS``, kept here and nowhere else unless ``BSC_KEEP_HEALTH_DETAILS`` is on; gone when the session ends |

Offer kinds in use: ``more`` and ``topic`` (guidance), ``start_session`` and
``choose_treatment`` (sessions, and guidance's heat-or-ice answers and the
plan's first step), ``choose_timer`` (sessions: "heat, ice, a walk, or a
sitting break?"), ``forget_me`` and ``started_today`` (memory; the second asked by
``handlers.topics`` when a day-aware answer needs the day), and the reminders area's
``stretch_reminder``, ``choose_reminder``, ``work_hours``, ``sitting_hours``,
``move_reminder`` and ``stop_reminder`` ("which one?", answered by naming one).
"""

TOPIC = "topic"
CHUNK = "chunk"
OFFER = "offer"
LAST_SPEECH = "last_speech"
LAST_REPROMPT = "last_reprompt"
LAST_CARD_TITLE = "last_card_title"
PENDING_SESSION = "pending_session"
MISSES = "misses"
SESSION_TIMERS = "session_timers"
EMERGENCY = "emergency"
DISCLAIMER_SAID = "disclaimer_said"
#: Tiers the emergency key may hold (``content.safety``'s call_911, poison, call_doctor_now).
EMERGENCY_TIERS = ("call_911", "poison", "call_doctor_now")
HEALTH_DETAILS = "health_details"

# Offer kinds ("yes" does what the offer says; "no" declines it).
OFFER_MORE = "more"
OFFER_TOPIC = "topic"
#: "Shall I time fifteen minutes of ice?": the offer holds the session's plan.
OFFER_START = "start_session"
#: "Heat or ice?": the offer may hold a length already asked for.
OFFER_CHOOSE = "choose_treatment"
#: "Did this start today?": asked when a bed-rest or walking answer needs the day of pain.
OFFER_STARTED_TODAY = "started_today"


def session(handler_input) -> dict:
    """The session attributes; a throwaway dict for requests that carry no session.

    Skill events and ``System.ExceptionEncountered`` come without one, and the
    SDK raises on reading session attributes then: the error handler, of all
    handlers, must never trip on that.
    """
    if handler_input.request_envelope.session is None:
        return handler_input.attributes_manager.request_attributes.setdefault("no_session", {})
    return handler_input.attributes_manager.session_attributes


# Request attribute: an offer was made (or kept) during this turn.
_OFFER_MADE_THIS_TURN = "offer_made_this_turn"
# Request attribute: the call that must come first was set (or kept) during this turn.
_EMERGENCY_KEPT_THIS_TURN = "emergency_kept_this_turn"


def set_offer(handler_input, kind: str, **details) -> None:
    session(handler_input)[OFFER] = {"kind": kind, **details}
    handler_input.attributes_manager.request_attributes[_OFFER_MADE_THIS_TURN] = True


def keep_offer(handler_input) -> None:
    """Let the offer, and a call that must come first, stand one more turn ("repeat" says the
    same thing again)."""
    handler_input.attributes_manager.request_attributes[_OFFER_MADE_THIS_TURN] = True
    handler_input.attributes_manager.request_attributes[_EMERGENCY_KEPT_THIS_TURN] = True


def expire_unanswered_offer(handler_input) -> None:
    """An offer answers only the very next turn; a call that must come first stays only while
    the person asks what to do (any other answer clears it).

    "Forget me", then "help", then "yes" must not erase anything: the yes
    answers the help, not the question asked two turns ago.
    """
    request_attributes = handler_input.attributes_manager.request_attributes
    if not request_attributes.get(_OFFER_MADE_THIS_TURN):
        session(handler_input).pop(OFFER, None)
    if not request_attributes.get(_EMERGENCY_KEPT_THIS_TURN):
        session(handler_input).pop(EMERGENCY, None)


def set_emergency(handler_input, tier: str) -> None:
    """The call of this tier comes first until help is said to be coming."""
    session(handler_input)[EMERGENCY] = tier
    handler_input.attributes_manager.request_attributes[_EMERGENCY_KEPT_THIS_TURN] = True


def emergency(handler_input):
    """The tier of the call that must still come first, or None."""
    if handler_input.attributes_manager is None:
        return None  # a handler input built for dispatch alone has no attributes at all
    tier = session(handler_input).get(EMERGENCY)
    return tier if tier in EMERGENCY_TIERS else None


def clear_emergency(handler_input) -> None:
    session(handler_input).pop(EMERGENCY, None)


def pending_offer(handler_input) -> dict:
    offer = session(handler_input).get(OFFER)
    return offer if isinstance(offer, dict) else {}


def offer_kind(handler_input):
    return pending_offer(handler_input).get("kind")


def clear_offer(handler_input) -> None:
    session(handler_input).pop(OFFER, None)


def current_topic(handler_input):
    """(topic id, chunk index) being read, or (None, None).

    Session attributes come back from the device as JSON we did not check,
    so anything that does not name a real chunk counts as no topic.
    """
    from .content.guide import TOPICS  # here: a launch never reads a topic

    attributes = session(handler_input)
    topic, chunk = attributes.get(TOPIC), attributes.get(CHUNK)
    if (isinstance(topic, str) and topic in TOPICS and type(chunk) is int
            and 0 <= chunk < len(TOPICS[topic].chunks)):
        return topic, chunk
    return None, None


def set_topic(handler_input, topic_id: str, chunk: int) -> None:
    attributes = session(handler_input)
    attributes[TOPIC] = topic_id
    attributes[CHUNK] = chunk


def clear_topic(handler_input) -> None:
    attributes = session(handler_input)
    attributes.pop(TOPIC, None)
    attributes.pop(CHUNK, None)
