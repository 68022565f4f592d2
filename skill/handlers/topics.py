"""Reading the guide's topics aloud, a chunk at a time, and what is offered after each chunk.

Shared by the handler areas that read a topic: guidance (questions and
navigation), memory ("where were we") and safety (everyday words get the
first moves). It imports no handler area.
"""

from .. import state
from ..content import guide, prompts
from ..content import memory as memory_words
from ..speech import Reply, join
from ..turn import memory_for
from . import replies


def invitation_after(topic, chunk_index) -> str:
    """What is said after a chunk: an offer of a timer, of more, of the related topic, or of anything else."""
    if chunk_index == topic.timer_offer_chunk:
        return guide.PLAN_TIMER_OFFER
    if chunk_index < len(topic.chunks) - 1:
        return topic.more_prompt
    if topic.offer_next_topic:
        return topic.next_topic_prompt or prompts.OFFER_TOPIC.format(
            topic=guide.TOPICS[topic.offer_next_topic].name)
    return prompts.ANYTHING_ELSE


#: Answers whose advice turns on the day of the pain: when it is not known (not said in
#: this conversation, nor kept), they end by asking "did this start today?".
_ASKS_THE_DAY = {("bed_rest", 0), ("walking", 0)}


def _asks_the_day(handler_input, topic_id, chunk_index) -> bool:
    return ((topic_id, chunk_index) in _ASKS_THE_DAY
            and memory_for(handler_input).pain_day() is None)


def invitation_for(handler_input, topic, chunk_index) -> str:
    """What ``read_topic`` says after this chunk for this user: the day question, or ``invitation_after``."""
    if _asks_the_day(handler_input, topic.id, chunk_index):
        return memory_words.PAIN_DAY_QUESTION
    return invitation_after(topic, chunk_index)


def read_topic(handler_input, topic_id, chunk_index=0, first_words=None, lead=None,
               card_title=None):
    """Read one chunk of a topic, then offer the next chunk or a related topic.

    ``first_words`` replaces the chunk's own words (a day-aware or
    medicine-specific answer); ``lead`` is said before them.
    """
    topic = guide.TOPICS[topic_id]
    card_title = card_title or topic.card_title
    words = first_words or topic.chunks[chunk_index]
    state.set_topic(handler_input, topic_id, chunk_index)
    memory_for(handler_input).set_last_topic(topic_id)
    invitation = invitation_for(handler_input, topic, chunk_index)
    if invitation == memory_words.PAIN_DAY_QUESTION:
        # "Yes" keeps today as the day; "no" asks which (the memory area answers them).
        state.set_offer(handler_input, state.OFFER_STARTED_TODAY)
        reprompt = memory_words.PAIN_DAY_REPROMPT
    elif chunk_index == topic.timer_offer_chunk:
        state.set_offer(handler_input, state.OFFER_CHOOSE)
        reprompt = guide.PLAN_TIMER_REPROMPT
    elif chunk_index < len(topic.chunks) - 1:
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
        card_title=card_title,
        card_text=join(lead, words),
        self_care=True,
    ))


#: Topics (and the chunk) whose words change after the first day of pain.
_DAY_AWARE = {("bed_rest", 0), ("walking", 0), ("first_moves", 0), ("plan", 3)}


def pain_day_words(handler_input, topic_id, chunk_index=0):
    """Bed rest, walking, the first moves and the plan's last step change after the first day."""
    if (topic_id, chunk_index) not in _DAY_AWARE:
        return None
    day = memory_for(handler_input).pain_day()
    if day is None:
        return None
    if topic_id == "bed_rest":
        if day <= 1:
            return guide.BED_REST_FIRST_DAY
        return guide.BED_REST_LATER_DAY.format(when=memory_for(handler_input).pain_start_words())
    if topic_id == "plan":
        return guide.PLAN_LATER_FIRST_DAY if day <= 1 else guide.PLAN_LATER_PAST_FIRST_DAY
    if day >= 2:
        return {"walking": guide.WALKING_LATER_DAY,
                "first_moves": guide.FIRST_MOVES_LATER_DAY}[topic_id]
    return None


def read_chunk(handler_input, topic_id, chunk_index=0, lead=None):
    """Read a chunk in the words for the user's day of pain."""
    return read_topic(handler_input, topic_id, chunk_index,
                      first_words=pain_day_words(handler_input, topic_id, chunk_index), lead=lead)
