"""Timed heat, ice, walking and sitting-break sessions: the conversation.

"Start a fifteen minute ice session": the skill reads the session (the
thin cloth, where the pack goes, how to lie) and sets an Alexa timer whose
announcement, in the skill's words, says when to take the pack off. Without
the timers permission it asks by voice (``skill.permissions``) and picks the
session up again from Alexa's answer; when there is no timer (declined, no
answer, revoked, too many timers, API down, slow or offline) it still reads
the session and says how to set a timer by voice.

What a session may be is ``skill.sessions.plan``; the timers the skill keeps,
and finding them again, ``skill.sessions.timer_records``; every word is in
``skill/content/sessions.py``. Session state written here
(``state.PENDING_SESSION``, ``state.SESSION_TIMERS`` and the ``start_session``
and ``choose_treatment`` offers) is described in ``skill/state.py``.
Logs name kinds and outcomes only: no ids, tokens or words.
"""

import logging

from ask_sdk_core.dispatch_components import (
    AbstractExceptionHandler,
    AbstractRequestHandler,
)
from ask_sdk_core.exceptions import ApiClientException
from ask_sdk_core.response_helper import ResponseFactory
from ask_sdk_core.utils import get_request_type, is_intent_name
from ask_sdk_model.services import ServiceException

from .. import state
from ..content import prompts
from ..content import sessions as words
from ..permissions import VoicePermission, answer_of, is_permission_answer
from ..services.api_calls import PERMISSION
from ..services.iso8601 import parse_timestamp
from ..services.timers import TimerApiError, TimerSpec
from ..sessions import timer_records
from ..sessions.plan import (
    DEFAULT_MINUTES,
    GROUP_ORDER,
    TREATMENTS,
    Kind,
    Plan,
    group_of_kind,
    kind_of,
    plan_session,
)
from ..speech import Reply, join, number_words, ordinal_words, word_count
from ..turn import memory_for, turn_of
from . import offers, replies
from .slots import (
    TREATMENT_KIND_BY_ID,
    intent_named,
    mentions_medicine,
    names_something,
    resolved_slot,
    slot_value,
)

logger = logging.getLogger(__name__)


OFFER_START = state.OFFER_START
OFFER_CHOOSE = state.OFFER_CHOOSE
#: "Heat, ice, a walk, or a sitting break?", asked of a bare "set a timer"; may hold a length.
OFFER_CHOOSE_TIMER = "choose_timer"
TIMERS_PERMISSION = VoicePermission(words.TIMERS_SCOPE, token_prefix="bsc-session:")

#: TimerSubjectType value id -> what is timed. MEDICINE and OTHER are timers the skill does not set.
TIMER_KIND_BY_ID = {**TREATMENT_KIND_BY_ID, "WALK": "walk", "SITTING": "sitting"}
#: Words heard for what to time that matched no value, read as one of the skill's own.
TIMER_WORDS = {"heat": {"heat", "hot", "warm", "heating"}, "ice": {"ice", "cold", "frozen", "icing"},
               "walk": {"walk", "walking", "stroll"}, "sitting": {"sitting", "sit", "standing"}}
#: Intents that answer "heat, ice, a walk, or a sitting break?" by naming one (heat and ice
#: arrive as HeatIceIntent's ``chosen`` slot, answered by ``ChosenTreatmentHandler``).
TIMER_KIND_OF_ANSWER = {"WalkingIntent": "walk", "StartWalkTimerIntent": "walk",
                        "SittingIntent": "sitting", "SittingReminderIntent": "sitting"}


# -- reading the request -------------------------------------------------------------------------

def _treatment_from_slot(handler_input, name="treatment"):
    """(kind or None, which pack first for heat and ice together)."""
    heard, value_id = resolved_slot(handler_input, name)
    kind = TREATMENT_KIND_BY_ID.get(value_id)
    first = "heat"
    if kind == "alternating" and heard:
        spoken = heard.lower().split()
        if spoken and spoken[0] in ("ice", "cold", "icing"):
            first = "ice"
    return kind, first


def timer_subject(handler_input, slot_name):
    """(what to time, or None; "medicine" or "other" for a timer the skill does not set)."""
    heard, value_id = resolved_slot(handler_input, slot_name)
    if value_id in TIMER_KIND_BY_ID:
        return TIMER_KIND_BY_ID[value_id], None
    if value_id == "MEDICINE" or mentions_medicine(heard):
        return None, "medicine"
    if value_id is not None:
        return None, "other"
    if not names_something(heard):  # "start a session"
        return None, None
    said = set(heard.lower().split())
    for kind, kind_words in TIMER_WORDS.items():
        if said & kind_words:
            return kind, None
    return None, "other"


def not_ours(handler_input, what: str):
    """A timer the skill does not set: what it times, and how to ask Alexa herself."""
    logger.info("a timer the skill does not set was asked for: %s", what)
    speech = words.TIMER_FOR_MEDICINE if what == "medicine" else words.TIMER_FOR_OTHER
    return replies.send(handler_input, Reply(join(speech, prompts.ANYTHING_ELSE),
                                             reprompt=prompts.HELP_GENERAL))


def _locale(handler_input):
    return getattr(handler_input.request_envelope.request, "locale", None) or "en-US"


def timers_permitted(handler_input) -> bool:
    """Whether the user has granted the timers permission (a 401/403 can still say otherwise)."""
    return TIMERS_PERMISSION.granted(handler_input)


# -- saying it -------------------------------------------------------------------------------------

def _is_new_session(plan, replaced_kinds=frozenset()) -> bool:
    """Whether ``plan`` is a session of its own, to be counted.

    Not when it replaces a running session of the same kind ("start ice" again, to change
    the length), and not a switch: heat then ice, switched mid-session, is one session.
    """
    return plan.defaulted != "switch" and plan.kind not in replaced_kinds


def _count_sentence(handler_input, plan) -> str | None:
    """Count this heat or ice session; "That's your third ice session today." when known.

    Counted for this conversation only unless health details are stored, and said so.
    """
    if plan.kind not in TREATMENTS:
        return None
    memory = memory_for(handler_input)
    count = memory.record_session(plan.kind.value)
    if count is None or count < 2:
        return None
    name = words.TREATMENT_NAME[plan.kind]
    ordinal = ordinal_words(count)
    if memory.keeps_health_details:
        one, many = words.COUNT_TODAY, words.COUNT_TODAY_MANY
    else:
        one, many = words.COUNT_THIS_CONVERSATION, words.COUNT_THIS_CONVERSATION_MANY
    if ordinal:
        return one.format(ordinal=ordinal, treatment=name)
    return many.format(count=number_words(count), treatment=name)


def _opening(plan, with_timer: bool) -> str | None:
    """The first sentence(s): what is being timed, and whether a timer is set.

    None for heat or ice without a timer: the pack and the self-timer sentence name it.
    """
    if plan.kind in TREATMENTS and not with_timer:
        return None
    if plan.kind == "alternating":
        opening = words.ALTERNATING_SET.format(phase=words.minutes_words(plan.minutes),
                                               first=plan.first, second=plan.second)
        if plan.defaulted == "switch":
            return join(words.SWITCHING.format(treatment=words.TREATMENT_NAME["alternating"]), opening)
        return opening
    if plan.kind == "walk":
        if with_timer:
            template = {"unsaid": words.WALK_SET_DEFAULT, "unheard": words.WALK_SET_UNHEARD}.get(
                plan.defaulted, words.WALK_SET)
        else:
            template = words.WALK_WITHOUT_TIMER
        return template.format(minutes=words.minute_adjective(plan.minutes))
    if plan.kind == "sitting":
        return words.SITTING_SET if with_timer else words.SITTING_WITHOUT_TIMER
    template = {"unsaid": words.TIMER_SET_DEFAULT, "unheard": words.TIMER_SET_UNHEARD,
                "switch": words.TIMER_SET_SWITCH}.get(plan.defaulted, words.TIMER_SET)
    return template.format(minutes=words.minutes_words(plan.minutes),
                           treatment=words.TREATMENT_NAME[plan.kind])


def _with_count(before: str, count: str | None, after: str) -> str:
    """``before``, the day's count, ``after``; without the count if it would not fit in one breath."""
    with_count = join(before, count, after)
    return with_count if word_count(with_count) <= words.ONE_BREATH_WORDS else join(before, after)


def _instructions(plan) -> str:
    if plan.kind == "walk":
        return words.WALK_TIPS
    if plan.kind == "sitting":
        return words.SITTING_TIPS
    pack = plan.first if plan.kind == "alternating" else plan.kind
    return words.HOW_TO.format(pack=words.PACK[pack])


def _self_timer(plan) -> str:
    if plan.kind == "alternating":
        return words.SELF_TIMER_ALTERNATING.format(phase=words.minutes_words(plan.minutes),
                                                   second=plan.second)
    return words.SELF_TIMER.format(minutes=words.minutes_words(plan.minutes))


def _card_text(plan, with_timer: bool) -> str:
    if plan.kind == "alternating":
        text = words.CARD_ALTERNATING.format(
            phase=words.minutes_words(plan.minutes), first=plan.first,
            second=plan.second, first_pack=words.PACK[plan.first], second_pack=words.PACK[plan.second])
    elif plan.kind == "walk":
        text = words.CARD_WALK.format(minutes=words.minute_adjective(plan.minutes))
    elif plan.kind == "sitting":
        text = words.CARD_SITTING
    else:
        text = words.CARD_TREATMENT.format(
            minutes=words.minutes_words(plan.minutes),
            treatment=words.TREATMENT_NAME[plan.kind], pack=words.PACK[plan.kind])
    if not with_timer:
        text += "\n" + words.CARD_SELF_TIMER.format(minutes=words.minutes_words(plan.minutes))
    return text[0].upper() + text[1:]


def _permission_card(handler_input):
    handler_input.response_builder.set_card(TIMERS_PERMISSION.consent_card())


# -- the session flow ----------------------------------------------------------------------------

def start_session(handler_input, plan: Plan, lead: str | None = None,
                  permission_just_granted: bool = False):
    """Start ``plan``: ask for permission, or set its timers and read it, or read it without."""
    state.clear_offer(handler_input)
    if not permission_just_granted and not timers_permitted(handler_input):
        return ask_for_timer_permission(handler_input, plan, lead=lead)

    service = turn_of(handler_input).timers
    replaced = timer_records.cancel_group(handler_input, service, plan.group)
    new_session = _is_new_session(plan, replaced)
    specs = plan.specs()
    try:
        created = service.create_all(
            [TimerSpec(s["seconds"], s["label"], s["announcement"]) for s in specs],
            _locale(handler_input))
    except TimerApiError as error:
        logger.info("%s session without a timer: %s", plan.kind, error.reason)
        if error.leftover:
            spec_of = {s["label"]: s for s in specs}
            timer_records.remember(handler_input, [timer_records.record_of(plan, spec_of[t.label], t) for t in error.leftover])
        return read_without_timer(handler_input, plan, error.reason, lead=lead,
                                  new_session=new_session)
    timer_records.remember(handler_input, [timer_records.record_of(plan, spec, timer)
                                           for spec, timer in zip(specs, created, strict=False)])
    logger.info("%s session started with %d timer(s)", plan.kind, len(created))

    count = _count_sentence(handler_input, plan) if new_session else None
    # "Switching to heat" says the old timer went already; and with "I've cancelled your
    # earlier timer" (a new session of the other kind) the count is not said, to keep it short.
    say_replaced = bool(replaced) and plan.defaulted != "switch"
    speech = join(lead, _opening(plan, with_timer=True), words.REPLACED if say_replaced else None,
                  _instructions(plan))
    card_title = words.CARD_TITLE[plan.kind]
    if plan.kind in TREATMENTS:
        # just_started: "cancel that", said next, means these timers (CancelJustStartedHandler).
        state.set_offer(handler_input, state.OFFER_TOPIC, topic="lying_positions", just_started=plan.group)
        return replies.send(handler_input, Reply(
            _with_count(speech, None if say_replaced else count, words.OFFER_POSITIONS),
            reprompt=words.OFFER_POSITIONS_REPROMPT,
            card_title=card_title, card_text=_card_text(plan, True)))
    # The session stays open for anything else ("wait, not now, cancel that": this timer
    # alone; "how long until my break"); Alexa closes it on silence, and "no" says goodbye.
    state.set_offer(handler_input, state.OFFER_ANYTHING_ELSE, just_started=plan.group)
    if plan.kind == "walk":
        return replies.send(handler_input, Reply(
            join(speech, words.WALK_BYE), reprompt=words.ANYTHING_ELSE,
            card_title=card_title, card_text=_card_text(plan, True)))
    return replies.send(handler_input, Reply(
        join(speech, words.SITTING_AGAIN, words.ANYTHING_ELSE), reprompt=words.ANYTHING_ELSE,
        card_title=card_title, card_text=_card_text(plan, True)))


def read_without_timer(handler_input, plan: Plan, reason: str, lead: str | None = None,
                       new_session: bool | None = None):
    """Read the session with no timer: why, what to do, and how to set a timer by voice.

    ``new_session``: whether to count it (by default, unless it is a switch).
    """
    if new_session is None:
        new_session = _is_new_session(plan)
    count = _count_sentence(handler_input, plan) if new_session else None
    reason_words = words.NO_TIMER_REASON.get(reason, words.NO_TIMER_REASON["server"])
    speech = _with_count(
        join(lead, reason_words, _opening(plan, with_timer=False), _instructions(plan)),
        count, _self_timer(plan))
    response = replies.send(handler_input, Reply(
        speech, card_title=words.CARD_TITLE[plan.kind], card_text=_card_text(plan, False),
        end_session=True))
    if reason in ("denied", "not_answered", "permission", "no_voice_permission"):
        _permission_card(handler_input)
    return response


def ask_for_timer_permission(handler_input, plan: Plan, lead: str | None = None):
    """Hand over to Alexa's voice permission prompt; the session waits in state and the token."""
    state.session(handler_input)[state.PENDING_SESSION] = plan.as_dict()
    logger.info("asking for timer permission for a %s session", plan.kind)
    return replies.hand_over(handler_input, join(lead, words.ASK_PERMISSION), words.CARD_TITLE[plan.kind],
                             TIMERS_PERMISSION.ask_directive(plan.as_dict()))


# -- handlers: starting -----------------------------------------------------------------------------

class StartTreatmentSessionHandler(AbstractRequestHandler):
    """'Start a fifteen minute ice session', 'heat my back', 'switch between heat and ice'."""

    def can_handle(self, handler_input):
        return is_intent_name("StartTreatmentSessionIntent")(handler_input)

    def handle(self, handler_input):
        kind, first = _treatment_from_slot(handler_input)
        duration = slot_value(handler_input, "duration")
        offer = state.pending_offer(handler_input)
        if duration is None and offer.get("kind") == OFFER_CHOOSE and isinstance(offer.get("duration"), str):
            duration = offer["duration"]
        if kind is None and offer.get("kind") == OFFER_START and Plan.from_dict(offer) is not None:
            # "Want me to time fifteen minutes of ice?" "Could you time it for me?": that plan.
            plan = Plan.from_dict(offer)
            if duration is None:
                return start_session(handler_input, plan)
            return begin(handler_input, plan.kind, duration, plan.first)
        if kind is None and state.current_topic(handler_input)[0] == "walking":
            # "How far should I walk?" ... "Time it for me": a walk, not heat or ice.
            return begin(handler_input, "walk", duration)
        if kind is None and state.subject(handler_input) in TREATMENT_KIND_BY_ID.values():
            # "Can I use a heating pad?" ... "Set it for twenty minutes": the pack just named.
            kind = state.subject(handler_input)
        if kind is None:
            # Words Alexa heard for the treatment that name none ("set a timer for my pasta").
            heard, other = timer_subject(handler_input, "treatment")
            if other:
                return not_ours(handler_input, other)
            if heard is not None:
                return begin(handler_input, heard, duration)
            return ask_heat_or_ice(handler_input, duration)
        return begin(handler_input, kind, duration, first)


class SetTimerHandler(AbstractRequestHandler):
    """'Set a timer', 'set a timer for ten minutes', 'set a timer for my pasta'.

    What to time named: that session (heat, ice, a walk, a sitting break), or, for
    anything else, what the skill times and how to ask Alexa herself. Nothing named:
    the skill asks which of its own, keeping any length said; nothing starts unasked.
    """

    def can_handle(self, handler_input):
        return is_intent_name("SetTimerIntent")(handler_input)

    def handle(self, handler_input):
        kind, other = timer_subject(handler_input, "timer_for")
        duration = slot_value(handler_input, "duration")
        if other:
            return not_ours(handler_input, other)
        if kind is not None:
            return begin(handler_input, kind, duration)
        state.set_offer(handler_input, OFFER_CHOOSE_TIMER, **({"duration": duration} if duration else {}))
        return replies.send(handler_input, Reply(words.ASK_WHICH_TIMER, reprompt=words.ASK_WHICH_TIMER_REPROMPT))


class ChosenTimerKindHandler(AbstractRequestHandler):
    """'A walk', said to "heat, ice, a walk, or a sitting break?" (Alexa hears a walking question).

    Asked before guidance's topics, which answer the same intents at any other time.
    """

    def can_handle(self, handler_input):
        return (intent_named(handler_input) in TIMER_KIND_OF_ANSWER
                and state.offer_kind(handler_input) == OFFER_CHOOSE_TIMER)

    def handle(self, handler_input):
        held = state.pending_offer(handler_input).get("duration")
        kind = TIMER_KIND_OF_ANSWER[intent_named(handler_input)]
        return begin(handler_input, kind, slot_value(handler_input, "duration")
                     or (held if isinstance(held, str) else None))


class FeelLikeWalkingHandler(AbstractRequestHandler):
    """'I feel like walking a bit', 'I'm going for a walk': the guide's walking advice, and an
    offer to time a walk. Nothing starts until a yes."""

    def can_handle(self, handler_input):
        return is_intent_name("FeelLikeWalkingIntent")(handler_input)

    def handle(self, handler_input):
        plan, _ = plan_session("walk", None)
        plan = plan._replace(defaulted=None)  # the length is the one offered, not one left unsaid
        state.set_offer(handler_input, OFFER_START, **plan.as_dict())
        return replies.send(handler_input, Reply(
            words.WALK_OFFER.format(minutes=words.minute_adjective(plan.minutes)),
            reprompt=words.OFFER_REPROMPT))


def ask_heat_or_ice(handler_input, duration=None):
    state.set_offer(handler_input, OFFER_CHOOSE, **({"duration": duration} if duration else {}))
    return replies.send(handler_input, Reply(words.ASK_TREATMENT,
                                             reprompt=words.ASK_TREATMENT_REPROMPT))


def begin(handler_input, kind, duration, first="heat", switching=False):
    """Plan from what was said; start it, or offer the nearest length the guide allows.

    ``switching``: it replaces the other pack, and says so ("Okay, switching to ice").
    """
    plan, nearest = plan_session(kind, duration, first)
    if switching:
        if plan is not None and plan.defaulted != "unheard":
            plan = plan._replace(defaulted="switch")
        nearest = nearest and nearest._replace(defaulted="switch")
    if plan is not None:
        return start_session(handler_input, plan)
    state.set_offer(handler_input, OFFER_START, **nearest.as_dict())
    if kind == "alternating":
        speech = join(words.ALTERNATING_RANGE,
                      words.OFFER_ALTERNATING.format(phase=words.minutes_words(nearest.minutes)))
    elif kind == "walk":
        speech = join(words.WALK_RANGE,
                      words.OFFER_WALK.format(minutes=words.minute_adjective(nearest.minutes)))
    else:
        speech = join(words.TREATMENT_RANGE, words.OFFER_TREATMENT.format(
            minutes=words.minutes_words(nearest.minutes), treatment=words.TREATMENT_NAME[kind]))
    return replies.send(handler_input, Reply(speech, reprompt=words.OFFER_REPROMPT))


class ChosenTreatmentHandler(AbstractRequestHandler):
    """'Ice', 'heat please', said to "heat or ice?": the session starts.

    Only the bare choice starts it: ``HeatIceIntent``'s samples that are nothing but a choice
    ("ice", "heat please", "let's do ice") fill the ``chosen`` slot, every question or
    statement about a pack ("should I switch to heat", "can I use a magic bag", "I don't have
    any ice") fills ``treatment``, answered by guidance's facts with an offer to time it:
    nothing starts until a yes. (A slot, not an intent of its own: one more intent moved the
    simulator's word weights enough to cut an emergency sentence's symptom span.) Asked
    before guidance, which answers the bare choice at any other time.
    """

    def can_handle(self, handler_input):
        if not is_intent_name("HeatIceIntent")(handler_input) or slot_value(handler_input, "treatment"):
            return False
        kind, _ = _treatment_from_slot(handler_input, "chosen")
        return kind is not None and (state.offer_kind(handler_input) in (OFFER_CHOOSE, OFFER_CHOOSE_TIMER)
                                     or _pack_offered(handler_input))

    def handle(self, handler_input):
        kind, _ = _treatment_from_slot(handler_input, "chosen")
        held = state.pending_offer(handler_input).get("duration")
        offered = _pack_offered(handler_input)
        if offered is not None:
            # "Want me to time fifteen minutes of heat?" "Ice." (or "heat, please"): that length.
            return begin(handler_input, kind, f"PT{offered.minutes}M")
        return begin(handler_input, kind, slot_value(handler_input, "duration")
                     or (held if isinstance(held, str) else None))


def _pack_offered(handler_input) -> Plan | None:
    """The heat or ice session offered last turn ("want me to time fifteen minutes of heat?")."""
    offer = state.pending_offer(handler_input)
    plan = Plan.from_dict(offer) if offer.get("kind") == OFFER_START else None
    return plan if plan is not None and plan.kind in TREATMENTS else None


class StartWalkTimerHandler(AbstractRequestHandler):
    """'Time a ten minute walk', 'I'm going for a walk'."""

    def can_handle(self, handler_input):
        return is_intent_name("StartWalkTimerIntent")(handler_input)

    def handle(self, handler_input):
        return begin(handler_input, "walk", slot_value(handler_input, "duration"))


class SittingReminderHandler(AbstractRequestHandler):
    """'Remind me to get up': a thirty-minute timer to change position."""

    def can_handle(self, handler_input):
        return is_intent_name("SittingReminderIntent")(handler_input)

    def handle(self, handler_input):
        return start_session(handler_input, Plan(Kind.SITTING, DEFAULT_MINUTES[Kind.SITTING]))


class SwitchTreatmentHandler(AbstractRequestHandler):
    """'Switch to heat': cancel the running heat or ice timer and start the other."""

    def can_handle(self, handler_input):
        return is_intent_name("SwitchTreatmentIntent")(handler_input)

    def handle(self, handler_input):
        kind, first = _treatment_from_slot(handler_input)
        offer = state.pending_offer(handler_input)
        duration = offer.get("duration") if offer.get("kind") == OFFER_CHOOSE else None
        if kind is None:
            return ask_heat_or_ice(handler_input, duration if isinstance(duration, str) else None)
        running = _running_treatment(handler_input)
        current = {record.get("kind") for record, _ in running}
        if running and current == {kind} and kind != "alternating":
            return replies.send(handler_input, Reply(
                join(words.ALREADY_ON.format(treatment=words.TREATMENT_NAME[kind]),
                     *[_time_left_sentence(r, s) for r, s in timer_records.soonest_per_group(running)],
                     prompts.ANYTHING_ELSE),
                reprompt=prompts.HELP_GENERAL))
        # A length held by "heat or ice?" ("start a session for twenty minutes") is kept;
        # without one, a switch runs for the default length.
        return begin(handler_input, kind, duration if isinstance(duration, str) else None, first,
                     switching=bool(running))


# -- handlers: permission ---------------------------------------------------------------------------

class TimerPermissionResponseHandler(AbstractRequestHandler):
    """Alexa's answer to the voice permission request: accepted, denied or not answered."""

    def can_handle(self, handler_input):
        return is_permission_answer(handler_input)

    def handle(self, handler_input):
        request = handler_input.request_envelope.request
        attributes = state.session(handler_input)
        plan = (Plan.from_dict(attributes.pop(state.PENDING_SESSION, None))
                or Plan.from_dict(TIMERS_PERMISSION.data_from_token(request.token)))
        answer = answer_of(request)
        logger.info("timer permission answer: %s (code %s)", answer.status, answer.code)

        if not answer.understood:
            reason = "no_voice_permission"
        elif answer.status == "ACCEPTED":
            if plan is None:
                return replies.send(handler_input, Reply(
                    words.ACCEPTED_NOTHING_PENDING, reprompt=prompts.ANYTHING_ELSE))
            return start_session(handler_input, plan, lead=words.THANKS, permission_just_granted=True)
        elif answer.status == "DENIED":
            reason = "denied"
        else:
            reason = "not_answered"
        if plan is None:
            response = replies.send(handler_input, Reply(
                words.CARD_SENT_NOTHING_PENDING, reprompt=prompts.ANYTHING_ELSE))
            _permission_card(handler_input)
            return response
        return read_without_timer(handler_input, plan, reason)


# -- handlers: how long, and stop -----------------------------------------------------------------------

def _time_left_sentence(record, timer_state) -> str:
    remaining = words.remaining_words(timer_state.remaining_seconds or 0)
    if timer_state.status == "PAUSED":
        return words.TIME_LEFT_PAUSED.format(label=(record.get("label") or "session").lower(),
                                             remaining=remaining)
    return _sentence_for(record, remaining)


def _sentence_for(record, remaining) -> str:
    kind, step = record.get("kind"), record.get("step") or "end"
    if kind_of(kind) is None or (kind == "alternating" and not record.get("step")):
        return words.TIME_LEFT_GENERIC.format(remaining=remaining)
    if kind == "walk":
        return words.TIME_LEFT_WALK.format(remaining=remaining)
    if kind == "sitting":
        return words.TIME_LEFT_SITTING.format(remaining=remaining)
    if step.startswith("switch_to_") and step[len("switch_to_"):] in ("heat", "ice"):
        return words.TIME_LEFT_SWITCH.format(remaining=remaining, next=step[len("switch_to_"):])
    pack = record.get("pack") if record.get("pack") in ("heat", "ice") else None
    pack = pack or (kind if kind in ("heat", "ice") else "ice")
    return words.TIME_LEFT_END.format(remaining=remaining, what=words.ON_THE_BACK[pack])


def _running_treatment(handler_input):
    """The heat or ice timers still set, as (record, state); empty when unknown or none."""
    records = [r for r in timer_records.known_timers(handler_input) if timer_records.group_of(r) == "treatment"]
    if not records or not timers_permitted(handler_input):
        return []
    live, _ = timer_records.check(handler_input, turn_of(handler_input).timers, records)
    return live


class SessionTimeLeftHandler(AbstractRequestHandler):
    """'How much time is left?', 'when do I switch?'"""

    def can_handle(self, handler_input):
        return is_intent_name("SessionTimeLeftIntent")(handler_input)

    def handle(self, handler_input):
        records = timer_records.known_timers(handler_input)
        if not timers_permitted(handler_input):
            speech = words.TIMERS_NEED_PERMISSION if records else words.NO_SESSION
            return self._answer(handler_input, speech)
        service = turn_of(handler_input).timers
        try:
            live, reached = timer_records.check(handler_input, service, records)
            if reached and not records:
                live = timer_records.recover_from_list(service)
        except TimerApiError:
            live, reached = [], False
        if not reached:
            return self._answer(handler_input, self._estimate(records, turn_of(handler_input).now))
        if not live:
            return self._answer(handler_input, words.NO_SESSION)
        return self._answer(handler_input, join(
            *[_time_left_sentence(r, s) for r, s in timer_records.soonest_per_group(live)]))

    @staticmethod
    def _estimate(records, now) -> str:
        """By our own count, when the API cannot be reached; honest that it is a count."""
        upcoming = []
        for record in records:
            ends_at = parse_timestamp(record.get("ends_at"))
            if ends_at is not None and ends_at > now:
                upcoming.append((ends_at, record))
        if not upcoming:
            return words.TIME_LEFT_UNKNOWN
        ends_at, record = min(upcoming, key=lambda pair: pair[0])
        sentence = _sentence_for(record, words.remaining_words((ends_at - now).total_seconds()))
        return words.TIME_LEFT_UNCHECKED.format(sentence=sentence[0].lower() + sentence[1:])

    @staticmethod
    def _answer(handler_input, speech):
        return replies.send(handler_input, Reply(join(speech, prompts.ANYTHING_ELSE),
                                                 reprompt=prompts.HELP_GENERAL))


class HowLongWhileTimingHandler(AbstractRequestHandler):
    """'How long?' while a timer set in this session is running: the time left on it.

    Asked before the conversation area's follow-up, which answers "how long" at any other
    time with the guide's figure for what was just said.
    """

    def can_handle(self, handler_input):
        return (is_intent_name("HowLongIntent")(handler_input)
                and state.emergency(handler_input) is None
                and timer_records.one_running_this_session(handler_input))

    def handle(self, handler_input):
        return SessionTimeLeftHandler().handle(handler_input)


class StopSessionHandler(AbstractRequestHandler):
    """'Stop the session', 'cancel the timer': cancel this skill's timers (not the skill itself)."""

    def can_handle(self, handler_input):
        return is_intent_name("StopSessionIntent")(handler_input)

    def handle(self, handler_input, group: str | None = None):
        """``group``: only that group's timers (the one just started), whatever was said."""
        state.session(handler_input).pop(state.PENDING_SESSION, None)
        records = timer_records.known_timers(handler_input)
        if not timers_permitted(handler_input):
            return self._answer(handler_input, words.STOP_NEEDS_PERMISSION if records
                                else words.NOTHING_TO_STOP)
        service = turn_of(handler_input).timers
        cancelled = []
        try:
            if not records:
                records = [record for record, _ in timer_records.recover_from_list(service)]
            named = group or _named_group(handler_input)
            if named is not None:
                # "Stop the heat timer": that session's timers only, not the sitting break too.
                records = [r for r in records if timer_records.group_of(r) == named]
            for record in records:
                if service.cancel(record["id"]):
                    cancelled.append(record)
                timer_records.forget(handler_input, record["id"])
        except TimerApiError as error:
            logger.info("stopping the session failed: %s", error.reason)
            speech = (words.STOP_NEEDS_PERMISSION if error.reason == PERMISSION
                      else words.STOP_FAILED)
            return self._answer(handler_input, speech)
        running = cancelled
        if not running:
            return self._answer(handler_input, words.NOTHING_TO_STOP)
        groups = [g for g in GROUP_ORDER if any(timer_records.group_of(r) == g for r in running)]
        if len(groups) > 1:
            speech = join(words.STOPPED_SEVERAL,
                          words.TAKE_PACK_OFF if "treatment" in groups else None)
        elif groups[0] == "treatment":
            kind = next(r["kind"] for r in running if timer_records.group_of(r) == "treatment")
            speech = words.STOPPED["treatment"].format(what=words.TREATMENT_NAME[kind])
        else:
            speech = words.STOPPED[groups[0]]
        logger.info("stopped %d timer(s)", len(cancelled))
        return self._answer(handler_input, speech)

    @staticmethod
    def _answer(handler_input, speech):
        return replies.send(handler_input, Reply(join(speech, prompts.ANYTHING_ELSE),
                                                 reprompt=prompts.HELP_GENERAL))


def _named_group(handler_input):
    """The group of timers a stop names ("the heat timer", "the sitting break"), or None."""
    _words, value_id = resolved_slot(handler_input, "subject")
    kind = TIMER_KIND_BY_ID.get(value_id) if value_id else None
    return group_of_kind(kind_of(kind)) if kind else None


class CancelJustStartedHandler(AbstractRequestHandler):
    """'Actually, cancel that', 'never mind, don't do that', said right after a heat or ice
    timer or a sitting break was set: that timer, not the skill, and not another running timer.
    Asked before lifecycle's stop and cancel, which answer it at any other time."""

    def can_handle(self, handler_input):
        return (is_intent_name("AMAZON.CancelIntent")(handler_input)
                and bool(state.pending_offer(handler_input).get("just_started")))

    def handle(self, handler_input):
        group = state.pending_offer(handler_input).get("just_started")
        return StopSessionHandler().handle(handler_input, group if isinstance(group, str) else None)


# -- handlers: yes and no to this module's offers ---------------------------------------------------

def _yes_to_start(handler_input, offer):
    """'Yes' to "shall I time twenty minutes instead?"."""
    plan = Plan.from_dict(offer)
    if plan is not None:
        return start_session(handler_input, plan)
    return _yes_to_choose(handler_input, offer)


def _yes_to_choose(handler_input, offer):
    """'Yes' to "heat or ice?": ask again which, keeping any length already said."""
    duration = offer.get("duration")
    return ask_heat_or_ice(handler_input, duration if isinstance(duration, str) else None)


def _no_to_a_session(handler_input, offer):
    """'No' to one of this module's offers: no timer, and what else."""
    return replies.send(handler_input, Reply(join(words.DECLINED, prompts.ANYTHING_ELSE),
                                             reprompt=prompts.HELP_GENERAL))


#: What "yes" and "no" do to this module's offers (``handlers.offers`` dispatches).
def _yes_to_choose_timer(handler_input, offer):
    """'Yes' to "heat, ice, a walk, or a sitting break?": ask again which."""
    duration = offer.get("duration")
    state.set_offer(handler_input, OFFER_CHOOSE_TIMER, **({"duration": duration} if isinstance(duration, str) else {}))
    return replies.send(handler_input, Reply(words.ASK_WHICH_TIMER, reprompt=words.ASK_WHICH_TIMER_REPROMPT))


OFFER_ANSWERS = {
    OFFER_START: offers.OfferAnswers(yes=_yes_to_start, no=_no_to_a_session),
    OFFER_CHOOSE: offers.OfferAnswers(yes=_yes_to_choose, no=_no_to_a_session),
    OFFER_CHOOSE_TIMER: offers.OfferAnswers(yes=_yes_to_choose_timer, no=_no_to_a_session),
}


# -- the last line of defence ------------------------------------------------------------------------

class AlexaApiExceptionHandler(AbstractExceptionHandler):
    """An Alexa API error that escaped a handler: answer kindly, keep the 911 sentence."""

    def can_handle(self, handler_input, exception):
        return isinstance(exception, (ServiceException, ApiClientException, TimerApiError))

    def handle(self, handler_input, exception):
        logger.error("Alexa API error escaped while handling %s: %s (status %s)",
                     get_request_type(handler_input), type(exception).__name__,
                     getattr(exception, "status_code", getattr(exception, "status", None)))
        handler_input.response_builder = ResponseFactory()
        return replies.send(handler_input, Reply(
            words.SERVICE_ERROR, reprompt=words.SERVICE_ERROR_REPROMPT), remember=False)


HANDLERS = (
    TimerPermissionResponseHandler(),
    StartTreatmentSessionHandler(),
    SetTimerHandler(),
    ChosenTimerKindHandler(),
    FeelLikeWalkingHandler(),
    SwitchTreatmentHandler(),
    StartWalkTimerHandler(),
    SittingReminderHandler(),
    SessionTimeLeftHandler(),
    StopSessionHandler(),
    ChosenTreatmentHandler(),
    CancelJustStartedHandler(),
    HowLongWhileTimingHandler(),
)
EXCEPTION_HANDLERS = (AlexaApiExceptionHandler(),)
