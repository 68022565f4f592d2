"""The guide's topics, read in short chunks, and the navigation around them.

"More", "next", "yes", "previous", "repeat" and "start over" work on the
topic in session state, so they behave the same after a one-shot question.
"""

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.utils import is_intent_name

from .. import state
from ..content import guide, prompts
from ..memory import memory_for
from ..speech import Reply, join
from . import replies
from .slots import resolved_slot

#: Which question reads which topic.
TOPIC_BY_INTENT = {
    "HeatIceIntent": "heat_ice",
    "LyingPositionsIntent": "lying_positions",
    "SittingIntent": "sitting",
    "BedRestIntent": "bed_rest",
    "WalkingIntent": "walking",
    "StretchingIntent": "stretching",
    "PreventionIntent": "prevention",
    "WhenToCallIntent": "when_to_call",
}


def invitation_after(topic, chunk_index) -> str:
    """What is said after a chunk: an offer of more, of the related topic, or of anything else."""
    if chunk_index < len(topic.chunks) - 1:
        return topic.more_prompt
    if topic.offer_next_topic:
        return prompts.OFFER_TOPIC.format(topic=guide.TOPICS[topic.offer_next_topic].name)
    return prompts.ANYTHING_ELSE


def read_topic(handler_input, topic_id, chunk_index=0, first_words=None, lead=None):
    """Read one chunk of a topic, then offer the next chunk or a related topic.

    ``first_words`` replaces the chunk's own words (a day-aware or
    medicine-specific answer); ``lead`` is said before them.
    """
    topic = guide.TOPICS[topic_id]
    words = first_words or topic.chunks[chunk_index]
    state.set_topic(handler_input, topic_id, chunk_index)
    memory_for(handler_input).set_last_topic(topic_id)
    invitation = invitation_after(topic, chunk_index)
    if chunk_index < len(topic.chunks) - 1:
        state.set_offer(handler_input, state.OFFER_MORE)
        reprompt = prompts.TOPIC_REPROMPT
    elif topic.offer_next_topic:
        state.set_offer(handler_input, state.OFFER_TOPIC, topic=topic.offer_next_topic)
        reprompt = join(prompts.NOTHING_MORE.format(topic=topic.name), invitation)
    else:
        state.clear_offer(handler_input)
        reprompt = prompts.HELP_GENERAL
    return replies.send(handler_input, Reply(
        join(lead, words, invitation),
        reprompt=reprompt,
        card_title=topic.card_title,
        card_text=join(lead, words),
    ))


def pain_day_words(handler_input, topic_id):
    """Bed rest and walking change after the first day of pain, when we know it."""
    day = memory_for(handler_input).pain_day()
    if day is None:
        return None
    if topic_id == "bed_rest":
        if day <= 1:
            return guide.BED_REST_FIRST_DAY
        return guide.BED_REST_LATER_DAY.format(when=memory_for(handler_input).pain_start_words())
    if topic_id == "walking" and day >= 2:
        return guide.WALKING_LATER_DAY
    return None


class GuideTopicHandler(AbstractRequestHandler):
    """'How should I lie down?', 'Should I walk?', 'When should I call a doctor?'"""

    def can_handle(self, handler_input):
        return any(is_intent_name(name)(handler_input) for name in TOPIC_BY_INTENT)

    def handle(self, handler_input):
        topic_id = TOPIC_BY_INTENT[handler_input.request_envelope.request.intent.name]
        return read_topic(handler_input, topic_id,
                          first_words=pain_day_words(handler_input, topic_id))


class MedicineHandler(AbstractRequestHandler):
    """'What can I take?', 'Can I take Advil?', 'How much Tylenol?' (never a dose)."""

    def can_handle(self, handler_input):
        return is_intent_name("MedicineIntent")(handler_input)

    def handle(self, handler_input):
        heard, medicine_id = resolved_slot(handler_input, "medicine")
        if medicine_id in guide.MEDICINE_BY_SLOT_ID:
            words = guide.MEDICINE_BY_SLOT_ID[medicine_id]
        elif heard:
            words = guide.MEDICINE_NOT_IN_GUIDE
        else:
            words = None
        return read_topic(handler_input, "medicine", first_words=words)


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
        if topic_id is None:
            return replies.send(handler_input, Reply(
                prompts.NOTHING_TO_CONTINUE, reprompt=prompts.HELP_GENERAL))
        topic = guide.TOPICS[topic_id]
        if chunk + 1 < len(topic.chunks):
            return read_topic(handler_input, topic_id, chunk + 1)
        offer = state.pending_offer(handler_input)
        if offer.get("kind") == state.OFFER_TOPIC and offer.get("topic") in guide.TOPICS:
            # "Would you like to hear about sitting?" "Next." goes on to sitting.
            return read_topic(handler_input, offer["topic"], 0)
        return replies.send(handler_input, Reply(
            join(prompts.ALREADY_AT_END.format(topic=topic.name), prompts.ANYTHING_ELSE),
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
        if chunk == 0:
            topic = guide.TOPICS[topic_id]
            return read_topic(handler_input, topic_id, 0,
                              lead=prompts.ALREADY_AT_START.format(topic=topic.name))
        return read_topic(handler_input, topic_id, chunk - 1)


class StartOverHandler(AbstractRequestHandler):
    """'Start over': the current topic from the top, or the welcome."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.StartOverIntent")(handler_input)

    def handle(self, handler_input):
        topic_id, _ = state.current_topic(handler_input)
        if topic_id is None:
            return replies.send(handler_input, Reply(
                prompts.WELCOME_EXAMPLES, reprompt=prompts.WELCOME_REPROMPT))
        return read_topic(handler_input, topic_id, 0)


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


class YesHandler(AbstractRequestHandler):
    """'Yes' to "want to hear more?" or "would you like to hear about walking?"."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.YesIntent")(handler_input)

    def handle(self, handler_input):
        offer = state.pending_offer(handler_input)
        topic_id, chunk = state.current_topic(handler_input)
        if offer.get("kind") == state.OFFER_MORE and topic_id is not None:
            return read_topic(handler_input, topic_id, chunk + 1)
        if offer.get("kind") == state.OFFER_TOPIC and offer.get("topic") in guide.TOPICS:
            return read_topic(handler_input, offer["topic"], 0)
        return replies.send(handler_input, Reply(
            prompts.NOTHING_OFFERED, reprompt=prompts.WELCOME_REPROMPT))


class NoHandler(AbstractRequestHandler):
    """'No' to an offer: let it go and ask what else would help."""

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.NoIntent")(handler_input)

    def handle(self, handler_input):
        return replies.send(handler_input, Reply(
            join(prompts.NO_THANKS, prompts.ANYTHING_ELSE), reprompt=prompts.HELP_GENERAL))


HANDLERS = (
    GuideTopicHandler(),
    MedicineHandler(),
    NextHandler(),
    PreviousHandler(),
    StartOverHandler(),
    RepeatHandler(),
    YesHandler(),
    NoHandler(),
)
