"""A conversation that follows the person: follow-ups answered from what was just said, questions
about everyday activities, and honest scope for what the skill does not do.

Follow-ups carry no topic of their own ("which is better", "how long", "now what", "what was
the second one", "is that it"); each is answered from the session: the topic and chunk being
read (``state.current_topic``, in the session's ``chunk_order``), the offer standing, what the
last answer named (``state.subject``), and the heat, ice or walk timers this session set.
Right after a 911 or doctor-now answer (``state.emergency``), every follow-up says the call
first and nothing else. A follow-up with nothing to follow gets what to ask, never the 911
refrain. Every word is in ``skill/content/conversation.py``.

"How long" while a timer of this session is running is the sessions area's to answer (time
left), so it claims that situation first (``handlers/__init__``).
"""

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.utils import is_intent_name

from .. import state
from ..content import conversation as words
from ..content import guide, prompts
from ..content import sessions as session_words
from ..sessions import timer_records
from ..speech import Reply, join
from ..turn import memory_for
from . import replies
from .slots import resolved_slot
from .topics import (
    first_order,
    following_chunk,
    fresh_offer,
    offer_words,
    preceding_chunk,
    read_chunk,
    read_topic,
)

FOLLOW_UPS = ("CompareIntent", "HowLongIntent", "WhatNextIntent", "PackOffIntent", "WhichPartIntent",
              "IsThatAllIntent")
ACTIVITY_INTENTS = ("ActivityIntent", "ActivityHowIntent", "ActivityWhenIntent", "ActivityHowLongIntent")

#: What each step of the plan is about, for a follow-up said while it is read.
_PLAN_STEP_AREA = {0: "heat_ice", 1: "medicine", 2: "lying_positions", 3: "walking"}


# -- what the conversation is about ---------------------------------------------------------------

def _treatment_timer(handler_input):
    """(record, running) of this session's latest heat or ice timer, or (None, False)."""
    for record, running in timer_records.this_session(handler_input):
        if record.get("kind") in ("heat", "ice", "alternating"):
            return record, running
    return None, False


def _ended_unanswered(handler_input) -> bool:
    """Whether this session's latest heat or ice timer has ended and "now what" has not yet heard
    what comes after it."""
    record, running = _treatment_timer(handler_input)
    return (record is not None and not running
            and state.session(handler_input).get(state.AFTER_TIMER) != record.get("id"))


def area_of(handler_input) -> str | None:
    """What the person is most likely asking about: a topic id, "walk" for a walk timer offered,
    or None when nothing was said or offered."""
    offer = state.pending_offer(handler_input)
    if offer.get("kind") == state.OFFER_START:
        return "walking" if offer.get("treatment") == "walk" else "heat_ice"
    if offer.get("kind") == state.OFFER_CHOOSE:
        return "heat_ice"
    topic_id, chunk = state.current_topic(handler_input)
    if topic_id == "plan":
        return _PLAN_STEP_AREA.get(chunk, "plan")
    if topic_id == "first_moves":
        return "heat_ice"
    if topic_id is not None:
        return topic_id
    record, _running = _treatment_timer(handler_input)
    if record is not None:
        return "heat_ice"
    return None


def _offered_minutes(offer: dict):
    minutes = offer.get("minutes")
    return minutes if type(minutes) is int and minutes > 0 else None


# -- answering --------------------------------------------------------------------------------------

def _say(handler_input, speech, reprompt=words.FOLLOW_UP_REPROMPT, card_title=None):
    return replies.send(handler_input, Reply(speech, reprompt=reprompt, card_title=card_title))


def _help_instead(handler_input, speech):
    """A follow-up with nothing to follow: what can be asked (no 911 refrain)."""
    state.clear_offer(handler_input)
    return _say(handler_input, speech)


def _with_next_step(handler_input, speech, card_title, candidates):
    """``speech``, then the most useful offer not yet made this session (or "what else")."""
    offered = fresh_offer(handler_input, candidates)
    if offered is None:
        state.clear_offer(handler_input)
        return _say(handler_input, join(speech, prompts.ANYTHING_ELSE), prompts.HELP_GENERAL, card_title)
    state.set_offer(handler_input, state.OFFER_TOPIC, topic=offered)
    return _say(handler_input, join(speech, offer_words(None, offered)), prompts.HELP_GENERAL, card_title)


def _call_first(handler_input):
    """Right after a 911 or doctor-now answer: the call, first and alone."""
    tier = state.emergency(handler_input)
    state.set_emergency(handler_input, tier)  # still first next turn, if the person asks again
    return replies.send(handler_input, Reply(
        words.CALL_FIRST[tier], reprompt=words.CALL_FIRST_REPROMPT, card_title=words.CALL_FIRST_CARD))


def _later_day(handler_input) -> bool:
    day = memory_for(handler_input).pain_day()
    return day is not None and day >= 2


class _FollowUp(AbstractRequestHandler):
    """A follow-up intent: the call first after a safety answer, else ``answer``."""

    intent = ""

    def can_handle(self, handler_input):
        return is_intent_name(self.intent)(handler_input)

    def handle(self, handler_input):
        if state.emergency(handler_input) is not None:
            return _call_first(handler_input)
        return self.answer(handler_input)

    def answer(self, handler_input):
        raise NotImplementedError


class CompareHandler(_FollowUp):
    """'Which is better', 'which one': heat or ice, the pain relievers, the positions."""

    intent = "CompareIntent"

    def answer(self, handler_input):
        area = area_of(handler_input)
        if area == "heat_ice":
            return self._heat_or_ice(handler_input)
        if area == "medicine":
            return read_topic(handler_input, "medicine", 0, first_words=words.COMPARE_MEDICINE)
        if area == "lying_positions":
            return self._positions(handler_input)
        if area in ("bed_rest", "walking"):
            return read_topic(handler_input, area, 0, first_words=words.COMPARE_REST_WALK)
        if area == "when_to_call":
            return read_topic(handler_input, "when_to_call", 0, first_words=words.COMPARE_WHEN_TO_CALL)
        return _help_instead(handler_input, words.COMPARE_NO_CONTEXT)

    @staticmethod
    def _heat_or_ice(handler_input):
        kind = state.offer_kind(handler_input)
        if kind in (state.OFFER_START, state.OFFER_CHOOSE):
            # "Heat or ice?" or "Want me to time it?", then "which is better?": the answer, and
            # the question stands.
            offer = state.pending_offer(handler_input)
            state.set_offer(handler_input, offer.pop("kind"), **offer)
            ask = words.START_IT if kind == state.OFFER_START else words.WHICH_SHALL_I_TIME
            reprompt = (session_words.OFFER_REPROMPT if kind == state.OFFER_START
                        else session_words.ASK_TREATMENT_REPROMPT)
            return _say(handler_input, join(words.COMPARE_HEAT_ICE, ask), reprompt, words.COMPARE_CARD)
        return read_topic(handler_input, "heat_ice", 0, first_words=words.COMPARE_HEAT_ICE,
                          card_title=words.COMPARE_CARD)

    @staticmethod
    def _positions(handler_input):
        topic_id, chunk = state.current_topic(handler_input)
        if topic_id == "lying_positions":
            following = following_chunk(handler_input, topic_id, chunk)
            state.set_offer(handler_input, state.OFFER_MORE if following is not None else state.OFFER_TOPIC,
                            **({} if following is not None else {"topic": "sitting"}))
            tail = guide.LYING_POSITIONS.more_prompt if following is not None else prompts.ANYTHING_ELSE
            if following is None:
                state.clear_offer(handler_input)
            return _say(handler_input, join(words.COMPARE_POSITIONS, tail), prompts.TOPIC_REPROMPT,
                        guide.LYING_POSITIONS.card_title)
        return read_topic(handler_input, "lying_positions", 0, first_words=words.COMPARE_POSITIONS,
                          tail=words.POSITION_OTHERS)


#: "How long" in each area: the guide's figure, said first.
_HOW_LONG = {
    "heat_ice": words.HOW_LONG_HEAT_ICE,
    "walking": words.HOW_LONG_WALK,
    "sitting": words.HOW_LONG_SITTING,
    "lying_positions": words.HOW_LONG_LYING,
    "bed_rest": words.HOW_LONG_BED_REST,
    "stretching": words.HOW_LONG_STRETCHING,
    "medicine": words.HOW_LONG_MEDICINE,
}
#: The topic (and chunk) a "how long" answer belongs to, for "more" after it.
_HOW_LONG_TOPIC = {"heat_ice": ("heat_ice", 0), "walking": ("walking", 0), "sitting": ("sitting", 0),
                   "lying_positions": ("lying_positions", None), "bed_rest": ("bed_rest", 0),
                   "stretching": ("stretching", 1), "medicine": ("medicine", 0)}


class HowLongHandler(_FollowUp):
    """'How long', 'for how long', 'how often': the guide's figure for what was just said."""

    intent = "HowLongIntent"

    def answer(self, handler_input):
        offer = state.pending_offer(handler_input)
        if offer.get("kind") == state.OFFER_START and _offered_minutes(offer):
            # "Want me to time fifteen minutes of ice?" "How long?": the length, and the offer stands.
            minutes = _offered_minutes(offer)
            walk = offer.get("treatment") == "walk"
            template = words.HOW_LONG_OFFERED_WALK if walk else words.HOW_LONG_OFFERED
            length = session_words.minute_adjective(minutes) if walk else session_words.minutes_words(minutes)
            state.set_offer(handler_input, offer.pop("kind"), **offer)
            return _say(handler_input, join(template.format(minutes=length), words.START_IT),
                        session_words.OFFER_REPROMPT, words.HOW_LONG_CARD)
        if offer.get("kind") == state.OFFER_CHOOSE:
            state.set_offer(handler_input, offer.pop("kind"), **offer)
            return _say(handler_input, join(words.HOW_LONG_HEAT_ICE, words.WHICH_SHALL_I_TIME),
                        session_words.ASK_TREATMENT_REPROMPT, words.HOW_LONG_CARD)
        area = area_of(handler_input)
        said = _HOW_LONG.get(area)
        if said is None:
            return _help_instead(handler_input, words.HOW_LONG_NO_CONTEXT)
        topic_id, chunk = _HOW_LONG_TOPIC[area]
        current, current_chunk = state.current_topic(handler_input)
        if chunk is None:  # no chunk says it: keep the place in the topic being read
            chunk = current_chunk if current == topic_id else 0
        if area == "medicine":
            state.set_topic(handler_input, "medicine", 0)
            state.set_offer(handler_input, state.OFFER_MORE)
            return _say(handler_input, join(said, guide.MEDICINE.more_prompt), prompts.TOPIC_REPROMPT,
                        guide.DOSE_CARD)
        return read_topic(handler_input, topic_id, chunk, first_words=said, card_title=words.HOW_LONG_CARD)


class WhatNextHandler(_FollowUp):
    """'What comes next', 'now what': the next part of the topic, the offer standing, or the next
    useful step; right after this session's heat or ice timer has ended, what comes after it."""

    intent = "WhatNextIntent"

    def answer(self, handler_input):
        topic_id, chunk = state.current_topic(handler_input)
        if _ended_unanswered(handler_input):
            return pack_off(handler_input)
        # With the pack on and timed, what comes next is the next step, not more on heat or ice.
        timed = topic_id == "heat_ice" and _treatment_timer(handler_input)[1]
        if topic_id is not None and not timed:
            following = following_chunk(handler_input, topic_id, chunk)
            if following is not None:
                return read_chunk(handler_input, topic_id, following)
        offer = state.pending_offer(handler_input)
        if offer.get("kind") == state.OFFER_TOPIC and offer.get("topic") in guide.TOPICS:
            return read_chunk(handler_input, offer["topic"], 0)
        if topic_id is None and not state.topic_done(handler_input, "first_moves"):
            return read_chunk(handler_input, "first_moves")
        offered = fresh_offer(handler_input, self._candidates(handler_input), topic_id)
        if offered is not None:
            return read_chunk(handler_input, offered, 0)
        if topic_id is not None:
            state.clear_offer(handler_input)
            return _say(handler_input, join(words.WHAT_NEXT_END.format(topic=guide.TOPICS[topic_id].name),
                                            prompts.ANYTHING_ELSE), prompts.HELP_GENERAL)
        return _help_instead(handler_input, words.THAT_IS_ALL_NO_TOPIC)

    @staticmethod
    def _candidates(handler_input):
        if _later_day(handler_input):
            return ("walking", "sitting", "stretching", "prevention", "when_to_call")
        return ("plan", "lying_positions", "heat_ice", "medicine", "when_to_call", "walking")


class PackOffHandler(_FollowUp):
    """'The pack is off, now what', 'the timer went off', 'the ice has melted': what comes after
    heat or ice, and the next useful step."""

    intent = "PackOffIntent"

    def answer(self, handler_input):
        return pack_off(handler_input)


def pack_off(handler_input):
    """Rest, heat or ice again later, then the most useful offer not made yet."""
    state.clear_topic(handler_input)
    record, running = _treatment_timer(handler_input)
    if record is not None and not running:
        state.session(handler_input)[state.AFTER_TIMER] = record.get("id")
    return _with_next_step(handler_input, words.PACK_OFF, words.PACK_OFF_CARD,
                           ("walking", "sitting", "stretching") if _later_day(handler_input)
                           else ("lying_positions", "medicine", "plan", "when_to_call"))


#: PartType value ids that name a part by its place in the topic.
_ORDINALS = {"FIRST": 0, "SECOND": 1, "THIRD": 2, "FOURTH": 3}


class WhichPartHandler(_FollowUp):
    """'The first one again', 'what was the second one', 'what about the other one'."""

    intent = "WhichPartIntent"

    def answer(self, handler_input):
        topic_id, chunk = state.current_topic(handler_input)
        heard, part = None, None
        for slot_name, topic_named in (("position_part", "lying_positions"), ("step_part", "plan")):
            heard, part = resolved_slot(handler_input, slot_name)
            if heard:
                # "The third position": the positions, whatever was being read.
                if topic_id != topic_named:
                    topic_id, chunk = topic_named, 0
                break
        else:
            heard, part = resolved_slot(handler_input, "part")
        part = part or words.kind_of_words(heard, words.PART_WORDS) or "OTHER"
        if topic_id is None:
            return _help_instead(handler_input, words.ITEM_NO_CONTEXT)
        topic = guide.TOPICS[topic_id]
        if part in _ORDINALS:
            index = _ORDINALS[part]
            if index >= len(topic.chunks):
                state.keep_offer(handler_input)
                return _say(handler_input, join(words.ONLY_SO_MANY.format(
                    count=len(topic.chunks), topic=topic.name), prompts.ANYTHING_ELSE), prompts.TOPIC_REPROMPT)
            return read_chunk(handler_input, topic_id, index)
        if part == "LAST":
            return read_chunk(handler_input, topic_id, len(topic.chunks) - 1)
        if part == "PREVIOUS":
            preceding = preceding_chunk(handler_input, topic_id, chunk)
            return read_chunk(handler_input, topic_id, chunk if preceding is None else preceding)
        return self._other(handler_input, topic_id, chunk)

    @staticmethod
    def _other(handler_input, topic_id, chunk):
        """'The other one': the other of heat and ice, of the two medicines, or the next part."""
        subject = state.subject(handler_input)
        if topic_id == "heat_ice" and subject in words.OTHER_TREATMENT:
            other = "ice" if subject == "heat" else "heat"
            response = read_topic(handler_input, "heat_ice", 0, first_words=words.OTHER_TREATMENT[subject])
            state.set_subject(handler_input, other)
            return response
        if topic_id == "medicine" and chunk in (0, 1):
            return read_chunk(handler_input, "medicine", 1 - chunk)
        following = following_chunk(handler_input, topic_id, chunk)
        if following is None:
            following = state.chunk_order(handler_input, topic_id, len(guide.TOPICS[topic_id].chunks))[0]
        return read_chunk(handler_input, topic_id, following)


class IsThatAllHandler(_FollowUp):
    """'Is that it', 'is that all': the rest of the topic, or the next useful thing."""

    intent = "IsThatAllIntent"

    def answer(self, handler_input):
        topic_id, chunk = state.current_topic(handler_input)
        if topic_id is None:
            return _help_instead(handler_input, words.THAT_IS_ALL_NO_TOPIC)
        following = following_chunk(handler_input, topic_id, chunk)
        if following is not None:
            return read_chunk(handler_input, topic_id, following, lead=words.THERE_IS_MORE)
        topic = guide.TOPICS[topic_id]
        return _with_next_step(handler_input, words.THAT_IS_ALL.format(topic=topic.name), topic.card_title,
                               (topic.offer_next_topic, *topic.later_offers) if topic.offer_next_topic else ())


# -- everyday activities ---------------------------------------------------------------------------

#: Activities the guide speaks to directly: (topic, chunk said first) per kind of question.
_ACTIVITY_TOPIC = {
    "WALK": {"ActivityHowIntent": ("walking", 1)},
    "SIT": {},
    "STRETCH": {"ActivityWhenIntent": ("stretching", 1), "ActivityHowLongIntent": ("stretching", 1)},
    "STAIRS": {},
    "ACTIVE": {},
}
_ACTIVITY_DEFAULT_TOPIC = {"WALK": ("walking", 0), "SIT": ("sitting", 0), "STRETCH": ("stretching", 0),
                           "STAIRS": ("walking", 1), "ACTIVE": ("walking", 0)}
#: "How long can I ..." of an activity the guide gives a figure for: the figure's area.
_HOW_LONG_OF_ACTIVITY = {"WALK": "walking", "ACTIVE": "walking", "SIT": "sitting", "STRETCH": "stretching"}
#: The topic offered after an honest limit about each activity.
_ACTIVITY_OFFER = {"DRIVE": "sitting", "TRAVEL": "sitting", "STAND": "sitting", "WORK": "walking",
                   "EXERCISE": "walking", "HOUSEWORK": "prevention", "BEND": "prevention",
                   "BATH": "heat_ice"}


class ActivityHandler(AbstractRequestHandler):
    """'Can I drive to the office?', 'how do I pick up a box?', 'when should I stretch?',
    'can I go up stairs?': the guide's specific point first, or an honest limit."""

    def can_handle(self, handler_input):
        return any(is_intent_name(name)(handler_input) for name in ACTIVITY_INTENTS)

    def handle(self, handler_input):
        if state.emergency(handler_input) is not None:
            return _call_first(handler_input)
        intent = handler_input.request_envelope.request.intent.name
        heard, activity = resolved_slot(handler_input, "pastime")
        activity = activity or words.kind_of_words(heard, words.ACTIVITY_WORDS)
        if activity == "LIFT":
            return self._lifting(handler_input)
        if intent == "ActivityHowLongIntent" and activity in _HOW_LONG_OF_ACTIVITY:
            # "How long should I walk?": the guide's figure first.
            area = _HOW_LONG_OF_ACTIVITY[activity]
            topic_id, chunk = _HOW_LONG_TOPIC[area]
            return read_topic(handler_input, topic_id, chunk, first_words=_HOW_LONG[area],
                              card_title=guide.TOPICS[topic_id].card_title)
        if activity in _ACTIVITY_DEFAULT_TOPIC:
            topic_id, chunk = _ACTIVITY_TOPIC[activity].get(intent) or _ACTIVITY_DEFAULT_TOPIC[activity]
            if activity == "STAIRS":
                return read_topic(handler_input, "walking", 1, first_words=words.STAIRS_FIRST,
                                  order=first_order("walking", 1))
            if chunk == 0:
                return read_chunk(handler_input, topic_id, 0)
            return read_chunk(handler_input, topic_id, chunk, order=first_order(topic_id, chunk))
        return self._not_in_guide(handler_input, activity)

    @staticmethod
    def _lifting(handler_input):
        return read_topic(handler_input, "prevention", 1, first_words=words.LIFTING,
                          card_title=words.LIFTING_CARD, order=first_order("prevention", 1))

    @staticmethod
    def _not_in_guide(handler_input, activity):
        if activity in words.ACTIVITY_NAMES:
            said = join(words.ACTIVITY_NOT_IN_GUIDE.format(name=words.ACTIVITY_NAMES[activity]),
                        words.ACTIVITY_NEAREST[activity])
        else:
            said = join(words.ACTIVITY_UNNAMED, words.ACTIVITY_NEAREST_UNNAMED)
        state.clear_topic(handler_input)
        preferred = _ACTIVITY_OFFER.get(activity)
        # The card names what the answer does say: the nearest topic's facts, after the limit.
        card_title = guide.TOPICS[preferred].card_title if preferred else words.ACTIVITY_CARD
        return _with_next_step(handler_input, said, card_title,
                               ((preferred,) if preferred else ()) + ("first_moves", "plan"))


# -- what the skill does not do ----------------------------------------------------------------------

#: The slot a request was heard in says its kind when its words do not.
_SCOPE_BY_SLOT = {"media": "MUSIC", "item": "SHOPPING", "screen": "WATCH"}


class WillCallHandler(_FollowUp):
    """'Okay, I'll call the doctor', 'we'll ring them': the call stays theirs (the skill cannot
    dial), with the signs that make it a 911 call meanwhile. After a 911 answer: the call first."""

    intent = "WillCallIntent"

    def answer(self, handler_input):
        return replies.send(handler_input, Reply(words.WILL_CALL, reprompt=words.WILL_CALL_REPROMPT))


class FeelingHandler(_FollowUp):
    """'I'm a bit scared', 'I feel like an idiot', 'this is the worst': a feeling said, not a question.

    A kind word and the one next step that fits: fear gets the warning signs on offer (knowing
    them is what makes the rest safe to wait out), anything else the plan. The feeling travels in
    a slot named ``story`` so that the safety reader reads it first, as it reads every story:
    a sign said as a feeling ("I'm scared, my leg went numb") is answered before this."""

    intent = "FeelingIntent"

    def answer(self, handler_input):
        _, feeling = resolved_slot(handler_input, "story")
        speech, topic = words.FEELING.get(feeling, words.FEELING["LOW"])
        if state.topic_done(handler_input, topic):
            speech, topic = words.FEELING_ANYTHING_ELSE, None
        if topic is None:
            state.set_offer(handler_input, state.OFFER_ANYTHING_ELSE)
        else:
            state.set_offer(handler_input, state.OFFER_TOPIC, topic=topic)
        return replies.send(handler_input, Reply(speech, reprompt=prompts.HELP_GENERAL))


class OutOfScopeHandler(AbstractRequestHandler):
    """'What's the weather', 'play some music', 'order me a heating pad': one sentence of what the
    skill does and how to ask Alexa instead. Nothing starts, and the session stays open."""

    def can_handle(self, handler_input):
        return is_intent_name("OutOfScopeIntent")(handler_input)

    def handle(self, handler_input):
        kind = None
        for slot_name, slot_kind in _SCOPE_BY_SLOT.items():
            if resolved_slot(handler_input, slot_name)[0]:
                kind = slot_kind
        heard, request_id = resolved_slot(handler_input, "request")
        kind = kind or request_id or words.kind_of_words(heard, words.SCOPE_WORDS) or "OTHER"
        what, way_forward = words.SCOPE_WHAT.get(kind, words.SCOPE_WHAT["OTHER"])
        state.keep_offer(handler_input)  # an offer made just before still stands
        return replies.send(handler_input, Reply(
            join(words.SCOPE.format(what=what, way_forward=way_forward), words.SCOPE_TAIL),
            reprompt=words.SCOPE_REPROMPT, card_title=words.SCOPE_CARD))


HANDLERS = (
    CompareHandler(),
    HowLongHandler(),
    WhatNextHandler(),
    PackOffHandler(),
    WhichPartHandler(),
    IsThatAllHandler(),
    ActivityHandler(),
    WillCallHandler(),
    FeelingHandler(),
    OutOfScopeHandler(),
)
