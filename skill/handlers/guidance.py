"""The guide's topics, read in short chunks, and the navigation around them.

"More", "next", "yes", "previous", "repeat" and "start over" work on the
topic in session state, so they behave the same after a one-shot question.
"""

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.utils import is_intent_name

from .. import state
from ..content import conversation as conversation_words
from ..content import guide, prompts
from ..content import medicine as medicine_words
from ..content import sessions as session_words
from ..sessions.plan import plan_session
from ..speech import Reply, join, number_words
from . import offers, replies
from .medicine_said import said_any
from .slots import TREATMENT_KIND_BY_ID, resolved_slot, slot_value
from .topics import (
    first_order,
    following_chunk,
    fresh_offer,
    offer_words,
    preceding_chunk,
    read_chunk,
    read_topic,
)

#: Which question reads which topic.
TOPIC_BY_INTENT = {
    "WhatToDoIntent": "first_moves",
    "GuidedPlanIntent": "plan",
    "LyingPositionsIntent": "lying_positions",
    "SittingIntent": "sitting",
    "BedRestIntent": "bed_rest",
    "WalkingIntent": "walking",
    "StretchingIntent": "stretching",
    "PreventionIntent": "prevention",
    "WhenToCallIntent": "when_to_call",
}


class GuideTopicHandler(AbstractRequestHandler):
    """'How should I lie down?', 'Should I walk?', 'When should I call a doctor?'"""

    def can_handle(self, handler_input):
        return any(is_intent_name(name)(handler_input) for name in TOPIC_BY_INTENT)

    def handle(self, handler_input):
        topic_id = TOPIC_BY_INTENT[handler_input.request_envelope.request.intent.name]
        if topic_id == "lying_positions":
            heard, position_id = resolved_slot(handler_input, "position")
            if heard:
                return read_named_position(handler_input, position_id or conversation_words.kind_of_words(
                    heard, conversation_words.POSITION_WORDS), heard)
        return read_chunk(handler_input, topic_id)


def read_named_position(handler_input, position_id, heard=None):
    """'Can I lie on my front?': that position first, then the ones not read yet, on "next".

    A place instead of a position ("how should I lie on the couch") hears the four positions;
    a position the guide does not name ("in a recliner") hears the four it names.
    """
    chunk = conversation_words.POSITION_CHUNK.get(position_id)
    if chunk is None and conversation_words.kind_of_words(heard, conversation_words.PLACE_WORDS):
        return read_chunk(handler_input, "lying_positions")
    if chunk is None:
        state.set_topic(handler_input, "lying_positions", 0)
        state.mark_offer_done(handler_input, "topic:lying_positions")
        state.set_offer(handler_input, state.OFFER_MORE)
        return replies.send(handler_input, Reply(
            join(conversation_words.POSITION_NOT_IN_GUIDE, conversation_words.POSITION_OTHERS),
            reprompt=prompts.TOPIC_REPROMPT, card_title=guide.LYING_POSITIONS.card_title))
    return read_topic(handler_input, "lying_positions", chunk,
                      first_words=conversation_words.POSITION_ANSWER[position_id],
                      order=_order_after_naming(handler_input, chunk),
                      tail=conversation_words.POSITION_OTHERS)


def _order_after_naming(handler_input, named):
    """The positions' order once ``named`` is asked for: it, then those not read yet in the
    current reading, then the ones already heard."""
    topic_id, current = state.current_topic(handler_input)
    count = len(guide.LYING_POSITIONS.chunks)
    if topic_id != "lying_positions":
        return first_order("lying_positions", named)
    order = state.chunk_order(handler_input, "lying_positions", count)
    position = order.index(current)
    not_yet = [c for c in order[position + 1:] if c != named]
    heard = [c for c in order[:position + 1] if c != named]
    return [named] + not_yet + heard


class HeatIceHandler(AbstractRequestHandler):
    """'Heat or ice?', 'Can I use a heating pad?': the facts, then an offer to time one.

    Asked by name, a timer is offered, never started: "yes" starts it. A bare choice
    (the ``chosen`` slot, "ice") said in answer to "heat or ice?" starts the session: that
    answer is the sessions area's (``sessions.ChosenTreatmentHandler``, asked first); said
    at any other time it is answered here, like the question.
    """

    def can_handle(self, handler_input):
        return is_intent_name("HeatIceIntent")(handler_input)

    def handle(self, handler_input):
        _heard, treatment_id = resolved_slot(handler_input, "treatment")
        if treatment_id is None:
            _heard, treatment_id = resolved_slot(handler_input, "chosen")
        kind = TREATMENT_KIND_BY_ID.get(treatment_id)
        # "Can I leave the heat on all night?", "can I sleep with a heating pad?": longer than
        # the guide's ten to twenty minutes, so the answer starts with a plain no.
        too_long = slot_value(handler_input, "long_use") is not None
        if kind is None:
            if too_long:
                state.clear_topic(handler_input)
                state.set_offer(handler_input, state.OFFER_TOPIC, topic="first_moves")
                return replies.send(handler_input, Reply(
                    join(guide.HEAT_ICE_OUT_OF_RANGE, guide.OFFER_FIRST_MOVES), reprompt=prompts.HELP_GENERAL,
                    card_title=guide.HEAT_ICE.card_title, self_care=True))
            return read_chunk(handler_input, "heat_ice")
        duration = slot_value(handler_input, "duration")
        # A question, even with a length in it ("is fifteen minutes of ice enough?"): the facts,
        # then an offer of the length asked for, or the nearest the guide allows.
        plan, nearest = plan_session(kind, duration)
        if too_long:
            plan, nearest = None, plan or nearest
        offered = (plan or nearest)._replace(defaulted=None)
        state.set_topic(handler_input, "heat_ice", 0)
        state.set_subject(handler_input, kind)
        state.mark_offer_done(handler_input, "topic:heat_ice")
        named = guide.HEAT_ICE_NAMED[treatment_id] if plan is not None else guide.HEAT_ICE_OUT_OF_RANGE
        if state.offer_done(handler_input, "timer"):
            # A timer was offered (and taken or declined) already: not again; more instead.
            state.set_offer(handler_input, state.OFFER_MORE)
            return replies.send(handler_input, Reply(
                join(named, guide.HEAT_ICE.more_prompt), reprompt=prompts.TOPIC_REPROMPT,
                card_title=guide.HEAT_ICE.card_title, self_care=True))
        state.set_offer(handler_input, state.OFFER_START, **offered.as_dict())
        template = guide.TIME_IT_OFFER_EACH if kind == "alternating" else guide.TIME_IT_OFFER
        return replies.send(handler_input, Reply(
            join(named, template.format(minutes=session_words.minutes_words(offered.minutes),
                                        treatment=session_words.TREATMENT_NAME[kind])),
            reprompt=guide.TIME_IT_REPROMPT, card_title=guide.HEAT_ICE.card_title, self_care=True))


#: What an honest limit offers, in order, skipping what this session has already had.
_AFTER_A_LIMIT = ("first_moves", "plan", "lying_positions", "heat_ice", "when_to_call")


def _honest_limit(handler_input, words, card_title):
    """What the guide does not cover, said plainly, then an offer of what it does."""
    state.clear_topic(handler_input)
    offered = fresh_offer(handler_input, _AFTER_A_LIMIT)
    if offered is None:
        state.clear_offer(handler_input)
        return replies.send(handler_input, Reply(
            join(words, prompts.ANYTHING_ELSE), reprompt=prompts.HELP_GENERAL, card_title=card_title))
    state.set_offer(handler_input, state.OFFER_TOPIC, topic=offered)
    return replies.send(handler_input, Reply(
        join(words, offer_words(None, offered)), reprompt=prompts.HELP_GENERAL, card_title=card_title))


class MedicineHandler(AbstractRequestHandler):
    """'What can I take?', 'Can I take Advil?', 'I can't take ibuprofen', 'I'm pregnant, can I
    take Aleve?', 'Can I take Tylenol 3?', 'Advil with Tylenol?', 'Can I take it with Tylenol?'.

    A reason to be careful, a combination product or someone else's medicine never hears
    "works best": a doctor or pharmacist first (``content.medicine``). A story told with the
    question ("I've got some old muscle relaxers, what can I take") is read for the same
    reasons, and for a medicine the person cannot take.
    """

    def can_handle(self, handler_input):
        return is_intent_name("MedicineIntent")(handler_input)

    def handle(self, handler_input):
        heard, medicine_id = resolved_slot(handler_input, "medicine")
        other_heard, _ = resolved_slot(handler_input, "other_medicine")
        someone, _ = resolved_slot(handler_input, "person")
        # "Can he take his usual painkillers": someone else, said as he or she.
        for_someone = resolved_slot(handler_input, "for_person")[0] or resolved_slot(handler_input, "pronoun")[0]
        caution, _ = resolved_slot(handler_input, "caution")
        cannot_take, _ = resolved_slot(handler_input, "restriction")
        if other_heard:
            return _honest_limit(handler_input, guide.MIXING_MEDICINES, guide.OTHER_MEDICINE_CARD)
        if someone:
            return _honest_limit(handler_input, guide.SOMEONE_ELSES_MEDICINE, guide.OTHER_MEDICINE_CARD)
        if medicine_id == "COMBINATION" or said_any(heard, medicine_words.COMBINATION_WORDS):
            return _honest_limit(handler_input, medicine_words.COMBINATION, guide.OTHER_MEDICINE_CARD)
        # "Can my fourteen year old take Aleve": someone named by their age is someone else.
        for_someone = for_someone or slot_value(handler_input, "their_age")
        age = slot_value(handler_input, "age")
        if for_someone:
            return _honest_limit(handler_input, medicine_words.CAREFUL_FOR_SOMEONE, guide.MEDICINE.card_title)
        if age and age.isdigit() and any(int(age) in ages for ages in medicine_words.CAREFUL_AGES):
            return _honest_limit(handler_input, medicine_words.CAREFUL_AT_THAT_AGE, guide.MEDICINE.card_title)
        story = " ".join(filter(None, (slot_value(handler_input, name) for name in ("story", "aside")))) or None
        if said_any(story, medicine_words.CAUTION_WORDS + medicine_words.STORY_OTHER_MEDICINE_WORDS):
            return _honest_limit(handler_input, medicine_words.CAREFUL, guide.MEDICINE.card_title)
        if not cannot_take and said_any(story, medicine_words.STORY_CANNOT_TAKE_WORDS):
            # "I'm allergic to ibuprofen, so what can I take": the story says what cannot be taken.
            cannot_take = story
            if medicine_id is None and said_any(story, medicine_words.NSAID_WORDS):
                medicine_id = "NSAID"
            elif medicine_id is None and said_any(story, medicine_words.ACETAMINOPHEN_WORDS):
                medicine_id = "ACETAMINOPHEN"
            elif medicine_id is None:
                return _honest_limit(handler_input, medicine_words.CAREFUL, guide.MEDICINE.card_title)
        if caution or said_any(cannot_take, medicine_words.CAUTION_WORDS):
            return _honest_limit(handler_input, medicine_words.CAREFUL, guide.MEDICINE.card_title)
        if cannot_take and medicine_id in ("IBUPROFEN", "NAPROXEN", "NSAID", None):
            return read_topic(handler_input, "medicine", first_words=medicine_words.CANT_TAKE_NSAIDS)
        if cannot_take and medicine_id == "ACETAMINOPHEN":
            return _honest_limit(handler_input, medicine_words.CANT_TAKE_ACETAMINOPHEN,
                                 guide.MEDICINE.card_title)
        if medicine_id in guide.MEDICINE_BY_SLOT_ID:
            return read_topic(handler_input, "medicine", first_words=guide.MEDICINE_BY_SLOT_ID[medicine_id])
        if medicine_id in guide.OTHER_MEDICINE_NAMES:
            return _honest_limit(handler_input, guide.OTHER_MEDICINE.format(
                name=guide.OTHER_MEDICINE_NAMES[medicine_id]), guide.OTHER_MEDICINE_CARD)
        if heard:
            return _honest_limit(handler_input, guide.MEDICINE_NOT_IN_GUIDE, guide.OTHER_MEDICINE_CARD)
        return read_topic(handler_input, "medicine")




#: Numbers that are as likely a person's age as an amount, when no medicine is named with them.
_AGE_LIKE = range(13, 111)


def _may_be_an_age(handler_input, amount: int) -> bool:
    """'He's seventy two, is that okay': a number in the range of ages with no medicine named."""
    _, medicine_id = resolved_slot(handler_input, "medicine")
    named = medicine_id in guide.MEDICINE_BY_SLOT_ID or medicine_id in guide.OTHER_MEDICINE_NAMES
    return amount in _AGE_LIKE and not named


class MedicineDoseHandler(AbstractRequestHandler):
    """'How much ibuprofen can I take?', 'Can I take three Advil?': the label, never a number."""

    def can_handle(self, handler_input):
        return is_intent_name("MedicineDoseIntent")(handler_input)

    def handle(self, handler_input):
        amount = slot_value(handler_input, "amount")
        for_someone = resolved_slot(handler_input, "for_person")[0] or resolved_slot(handler_input, "pronoun")[0]
        if for_someone:
            words = guide.DOSE_FOR_SOMEONE
        elif amount is not None and amount.isdigit() and _may_be_an_age(handler_input, int(amount)):
            words = guide.AGE_OR_AMOUNT
        elif amount is not None and amount.isdigit():
            words = guide.DOSE_WITH_NUMBER.format(amount=number_words(int(amount)))
        else:
            words = guide.DOSE
        state.set_topic(handler_input, "medicine", 0)
        state.set_offer(handler_input, state.OFFER_MORE)
        return replies.send(handler_input, Reply(
            join(words, guide.MEDICINE.more_prompt), reprompt=prompts.TOPIC_REPROMPT,
            card_title=guide.DOSE_CARD, self_care=True))


class RecoveryTimeHandler(AbstractRequestHandler):
    """'How long does a back spasm last?': the guide does not say; what it says instead."""

    def can_handle(self, handler_input):
        return is_intent_name("RecoveryTimeIntent")(handler_input)

    def handle(self, handler_input):
        lasted = slot_value(handler_input, "duration")
        words = guide.RECOVERY_TIME_LASTED if lasted else guide.RECOVERY_TIME
        return _honest_limit(handler_input, words, guide.RECOVERY_TIME_CARD)


class OtherCareHandler(AbstractRequestHandler):
    """'Should I see a chiropractor?', 'Is it a slipped disc?': not in the guide; ask a doctor."""

    def can_handle(self, handler_input):
        return is_intent_name("OtherCareIntent")(handler_input)

    def handle(self, handler_input):
        heard, care_id = resolved_slot(handler_input, "care")
        name = guide.OTHER_CARE_NAMES.get(care_id)
        if heard and care_id is None:
            # Words Alexa matched to no kind of care ("a warm shower"): not a question of causes.
            name = guide.OTHER_CARE_UNNAMED
        words = guide.OTHER_CARE.format(name=name) if name else guide.OTHER_CARE_DIAGNOSIS
        return _honest_limit(handler_input, words, guide.OTHER_CARE_CARD)


def _is_any_intent(*names):
    def predicate(handler_input):
        return any(is_intent_name(name)(handler_input) for name in names)
    return predicate


class NextHandler(AbstractRequestHandler):
    """'Next', 'more', 'go on'."""

    def can_handle(self, handler_input):
        return _is_any_intent("AMAZON.NextIntent", "AMAZON.MoreIntent")(handler_input)

    def handle(self, handler_input):
        topic_id, chunk = state.current_topic(handler_input)
        offer = state.pending_offer(handler_input)
        offered_topic = offer.get("topic") if offer.get("kind") == state.OFFER_TOPIC else None
        if topic_id is None:
            if offered_topic in guide.TOPICS:
                # "Want other positions?" (after being stuck) "Next." reads them.
                return read_chunk(handler_input, offered_topic, 0)
            return replies.send(handler_input, Reply(
                prompts.NOTHING_TO_CONTINUE, reprompt=prompts.HELP_GENERAL))
        topic = guide.TOPICS[topic_id]
        following = following_chunk(handler_input, topic_id, chunk)
        if following is not None:
            return read_chunk(handler_input, topic_id, following)
        if offered_topic in guide.TOPICS:
            # "Would you like to hear about sitting?" "Next." goes on to sitting.
            return read_chunk(handler_input, offered_topic, 0)
        return replies.send(handler_input, Reply(
            join(prompts.ALREADY_AT_END.format(topic=topic.name), prompts.ANYTHING_ELSE),
            reprompt=prompts.HELP_GENERAL, card_title=topic.card_title))


class SkipPartHandler(AbstractRequestHandler):
    """'That one hurts, skip it', 'I can't do that one', 'not that one': the next part, said as skipped.

    Inside the positions or the stretches the person goes by what hurts least, so the one
    just read is dropped without a word of advice about it; with nothing being read there
    is nothing to skip, and the answer says what can be asked.
    """

    def can_handle(self, handler_input):
        return is_intent_name("SkipPartIntent")(handler_input)

    def handle(self, handler_input):
        topic_id, chunk = state.current_topic(handler_input)
        if topic_id is None:
            return replies.send(handler_input, Reply(
                join(prompts.NOTHING_TO_SKIP, prompts.NOTHING_TO_CONTINUE), reprompt=prompts.HELP_GENERAL))
        topic = guide.TOPICS[topic_id]
        following = following_chunk(handler_input, topic_id, chunk)
        if following is not None:
            return read_chunk(handler_input, topic_id, following, lead=prompts.SKIPPED)
        return replies.send(handler_input, Reply(
            join(prompts.SKIPPED, prompts.SKIPPED_THE_LAST.format(topic=topic.name), prompts.ANYTHING_ELSE),
            reprompt=prompts.HELP_GENERAL, card_title=topic.card_title))


class PreviousHandler(AbstractRequestHandler):
    """'Previous', 'go back'."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.PreviousIntent")(handler_input)

    def handle(self, handler_input):
        topic_id, chunk = state.current_topic(handler_input)
        if topic_id is None:
            return replies.send(handler_input, Reply(
                prompts.NOTHING_TO_GO_BACK, reprompt=prompts.HELP_GENERAL))
        preceding = preceding_chunk(handler_input, topic_id, chunk)
        if preceding is None:
            topic = guide.TOPICS[topic_id]
            return read_chunk(handler_input, topic_id, chunk,
                              lead=prompts.ALREADY_AT_START.format(topic=topic.name))
        return read_chunk(handler_input, topic_id, preceding)


class StartOverHandler(AbstractRequestHandler):
    """'Start over': the current topic from the top, or the welcome."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.StartOverIntent")(handler_input)

    def handle(self, handler_input):
        topic_id, _ = state.current_topic(handler_input)
        if topic_id is None:
            return replies.send(handler_input, Reply(
                prompts.WELCOME_EXAMPLES, reprompt=prompts.WELCOME_REPROMPT))
        return read_chunk(handler_input, topic_id, 0,
                          order=list(range(len(guide.TOPICS[topic_id].chunks))))


class RepeatHandler(AbstractRequestHandler):
    """'Repeat', 'say that again': the last thing said, word for word."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.RepeatIntent")(handler_input)

    def handle(self, handler_input):
        attributes = state.session(handler_input)
        last_speech = attributes.get(state.LAST_SPEECH)
        if not isinstance(last_speech, str) or not last_speech:
            return replies.send(handler_input, Reply(
                prompts.NOTHING_TO_REPEAT, reprompt=prompts.WELCOME_REPROMPT))
        last_reprompt = attributes.get(state.LAST_REPROMPT)
        state.keep_offer(handler_input)
        return replies.send(handler_input, Reply(
            last_speech,
            reprompt=last_reprompt if isinstance(last_reprompt, str) else prompts.ANYTHING_ELSE,
            card_title=attributes.get(state.LAST_CARD_TITLE)))


# -- yes and no to this module's offers (``handlers.offers`` decides which offer is answered) --

def _yes_to_more(handler_input, offer):
    """'Yes' to "want to hear more?": the next chunk of the topic being read."""
    topic_id, chunk = state.current_topic(handler_input)
    following = None if topic_id is None else following_chunk(handler_input, topic_id, chunk)
    if following is None:
        return offers.nothing_offered(handler_input)
    return read_chunk(handler_input, topic_id, following)


def _yes_to_topic(handler_input, offer):
    """'Yes' to "would you like to hear about walking?"."""
    if offer.get("topic") in guide.TOPICS:
        return read_chunk(handler_input, offer["topic"], 0)
    return offers.nothing_offered(handler_input)


OFFER_ANSWERS = {
    state.OFFER_MORE: offers.OfferAnswers(yes=_yes_to_more),
    state.OFFER_TOPIC: offers.OfferAnswers(yes=_yes_to_topic),
}


HANDLERS = (
    GuideTopicHandler(),
    HeatIceHandler(),
    MedicineHandler(),
    MedicineDoseHandler(),
    RecoveryTimeHandler(),
    OtherCareHandler(),
    NextHandler(),
    SkipPartHandler(),
    PreviousHandler(),
    StartOverHandler(),
    RepeatHandler(),
)
