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
    """What is said after a chunk read in order, offers not yet made taken as fresh: an offer
    of a timer, of more, of the related topic, or of anything else."""
    if chunk_index == topic.timer_offer_chunk:
        return guide.PLAN_TIMER_OFFER
    if chunk_index < len(topic.chunks) - 1:
        return topic.more_prompt
    if topic.offer_next_topic:
        return offer_words(topic, topic.offer_next_topic)
    return prompts.ANYTHING_ELSE


def offer_words(topic, offered: str) -> str:
    """How ``offered`` is offered after ``topic`` (None: after something that is no topic)."""
    if topic is not None and offered == topic.offer_next_topic and topic.next_topic_prompt:
        return topic.next_topic_prompt
    return guide.OFFER_PHRASES.get(offered) or prompts.OFFER_TOPIC.format(
        topic=guide.TOPICS[offered].name)


def fresh_offer(handler_input, candidates, current=None):
    """The first of ``candidates`` (topic ids) not heard, taken or declined this session, or None."""
    for topic_id in candidates:
        if (topic_id in guide.TOPICS and topic_id != current
                and not state.topic_done(handler_input, topic_id)):
            return topic_id
    return None


def next_topic_after(handler_input, topic):
    """The topic to offer once ``topic`` has been read to its end, or None."""
    if not topic.offer_next_topic:
        return None
    return fresh_offer(handler_input, (topic.offer_next_topic, *topic.later_offers), topic.id)


def following_chunk(handler_input, topic_id, chunk_index):
    """The chunk read after ``chunk_index`` (in the session's order for the topic), or None."""
    order = state.chunk_order(handler_input, topic_id, len(guide.TOPICS[topic_id].chunks))
    position = order.index(chunk_index) if chunk_index in order else len(order) - 1
    return order[position + 1] if position + 1 < len(order) else None


def preceding_chunk(handler_input, topic_id, chunk_index):
    """The chunk read before ``chunk_index``, or None at the start."""
    order = state.chunk_order(handler_input, topic_id, len(guide.TOPICS[topic_id].chunks))
    position = order.index(chunk_index) if chunk_index in order else 0
    return order[position - 1] if position > 0 else None


#: Answers whose advice turns on the day of the pain: when it is not known (not said in
#: this conversation, nor kept), they end by asking "did this start today?".
_ASKS_THE_DAY = {("bed_rest", 0), ("walking", 0)}


def _asks_the_day(handler_input, topic_id, chunk_index) -> bool:
    return ((topic_id, chunk_index) in _ASKS_THE_DAY
            and memory_for(handler_input).pain_day() is None
            and not state.offer_done(handler_input, state.OFFER_STARTED_TODAY))


def _day_question(handler_input) -> str:
    """"Did this start today?", said with why to someone back for another talk."""
    memory = memory_for(handler_input)
    returning = memory.heard_disclaimer() and not state.session(handler_input).get(state.DISCLAIMER_SAID)
    return memory_words.PAIN_DAY_QUESTION_RETURNING if returning else memory_words.PAIN_DAY_QUESTION


def invitation_for(handler_input, topic, chunk_index) -> str:
    """What ``read_topic`` says after this chunk for this user: the day question, or ``invitation_after``."""
    if _asks_the_day(handler_input, topic.id, chunk_index):
        return _day_question(handler_input)
    return invitation_after(topic, chunk_index)


def read_topic(handler_input, topic_id, chunk_index=0, first_words=None, lead=None,
               card_title=None, order=None, tail=None):
    """Read one chunk of a topic, then offer the next chunk or a related topic.

    ``first_words`` replaces the chunk's own words (a day-aware or
    medicine-specific answer); ``lead`` is said before them. ``order``: the order the
    topic's chunks are read in from now on (a named part first). ``tail`` replaces the
    offer of more (said after the words, before any offer of another topic).
    """
    topic = guide.TOPICS[topic_id]
    card_title = card_title or topic.card_title
    words = first_words or topic.chunks[chunk_index]
    state.set_topic(handler_input, topic_id, chunk_index, order=order)
    state.mark_offer_done(handler_input, "topic:" + topic_id)
    memory_for(handler_input).set_last_topic(topic_id)
    following = following_chunk(handler_input, topic_id, chunk_index)
    if _asks_the_day(handler_input, topic_id, chunk_index):
        # "Yes" keeps today as the day; "no" asks which (the memory area answers them).
        # Asked once a session: a person who let it pass is not asked again.
        state.set_offer(handler_input, state.OFFER_STARTED_TODAY)
        state.mark_offer_done(handler_input, state.OFFER_STARTED_TODAY)
        invitation, reprompt = _day_question(handler_input), memory_words.PAIN_DAY_REPROMPT
    elif chunk_index == topic.timer_offer_chunk and not state.offer_done(handler_input, "timer"):
        state.set_offer(handler_input, state.OFFER_CHOOSE)
        invitation, reprompt = guide.PLAN_TIMER_OFFER, guide.PLAN_TIMER_REPROMPT
    elif following is not None:
        state.set_offer(handler_input, state.OFFER_MORE)
        invitation, reprompt = tail or topic.more_prompt, prompts.TOPIC_REPROMPT
    else:
        offered = next_topic_after(handler_input, topic)
        if offered:
            state.set_offer(handler_input, state.OFFER_TOPIC, topic=offered)
            invitation = offer_words(topic, offered)
            reprompt = join(prompts.NOTHING_MORE.format(topic=topic.name), invitation)
        else:
            state.clear_offer(handler_input)
            invitation, reprompt = prompts.ANYTHING_ELSE, prompts.HELP_GENERAL
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


def read_chunk(handler_input, topic_id, chunk_index=0, lead=None, order=None):
    """Read a chunk in the words for the user's day of pain."""
    return read_topic(handler_input, topic_id, chunk_index,
                      first_words=pain_day_words(handler_input, topic_id, chunk_index), lead=lead,
                      order=order)


def first_order(topic_id, first):
    """The chunks of a topic with ``first`` read first, then the rest in their order."""
    count = len(guide.TOPICS[topic_id].chunks)
    return [first] + [i for i in range(count) if i != first]
