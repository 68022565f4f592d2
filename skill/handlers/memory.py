"""What the skill remembers, asked for by voice.

"My back started hurting yesterday", "how many ice sessions have I done
today", "where were we", and "forget me" (erased only after a yes). The
words are in ``content.memory``; what is stored, and how, in ``skill.memory``.
"""

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.utils import is_intent_name

from .. import state
from ..content import guide, prompts
from ..content import memory as words
from ..memory import KINDS
from ..reminders.records import forget_words as forget_reminders_words
from ..speech import Reply, join, number_words, word_count
from ..turn import memory_for
from . import offers, replies
from .pain_start import answer_pain_start
from .slots import TREATMENT_KIND_BY_ID, resolved_slot, slot_value
from .topics import invitation_after, pain_day_words, read_topic

#: Offer kind: "yes" erases the user's memory, "no" keeps it.
OFFER_FORGET_ME = "forget_me"

#: Most words in the answer to "where were we", the lead included.
RESUME_MAX_WORDS = 35


class PainStartedHandler(AbstractRequestHandler):
    """'My back started hurting yesterday': remember the day, and say what it changes."""

    def can_handle(self, handler_input):
        return is_intent_name("PainStartedIntent")(handler_input)

    def handle(self, handler_input):
        return answer_pain_start(handler_input, slot_value(handler_input, "start_date"))


def _sessions(count: int) -> str:
    return "session" if count == 1 else "sessions"


def _breakdown(counts) -> str:
    """'two ice and one heat': most done first."""
    done = sorted((kind for kind in KINDS if counts.get(kind)),
                  key=lambda kind: (-counts[kind], KINDS.index(kind)))
    parts = [f"{number_words(counts[kind])} {kind}" for kind in done]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def session_count_words(counts, kind: str | None) -> str:
    """What to say about today's counts (``counts`` None: unknown) for one kind or all."""
    if counts is None:
        return join(words.SESSIONS_UNKNOWN, words.SESSIONS_TIP)
    if kind is None and len(counts) == 1:
        kind = next(iter(counts))
    if kind is None:
        total = sum(counts.values())
        if total == 0:
            return join(words.SESSIONS_NONE, words.SESSIONS_TIP)
        return words.SESSIONS_TOTAL.format(
            count=number_words(total), sessions=_sessions(total), breakdown=_breakdown(counts))
    count = counts.get(kind, 0)
    if count == 0:
        return join(words.SESSIONS_NONE_OF_KIND.format(kind=words.KIND_NAMES[kind]),
                    words.SESSIONS_TIP)
    return words.SESSIONS_OF_KIND.format(
        count=number_words(count), kind=words.KIND_NAMES[kind], sessions=_sessions(count))


class SessionCountHandler(AbstractRequestHandler):
    """'How many ice sessions have I done today?' (no treatment named: all of them)."""

    def can_handle(self, handler_input):
        return is_intent_name("SessionCountIntent")(handler_input)

    def handle(self, handler_input):
        _heard, treatment_id = resolved_slot(handler_input, "treatment")
        kind = TREATMENT_KIND_BY_ID.get(treatment_id)
        counts = memory_for(handler_input).sessions_today_by_kind()
        none_yet = counts is not None and not (counts.get(kind) if kind else counts)
        return replies.send(handler_input, Reply(
            join(session_count_words(counts, kind), prompts.ANYTHING_ELSE),
            reprompt=words.SESSIONS_START_ONE if none_yet else words.SESSIONS_REPROMPT))


def resume_lead(topic, chunk: int, said: str) -> str | None:
    """The longest lead that keeps the answer within RESUME_MAX_WORDS, or None.

    None: the part is long, and is read just as asking for the topic reads it.
    """
    for lead in (words.RESUME_LEAD, words.RESUME_LEAD_SHORT):
        lead = lead.format(topic=topic.name)
        if word_count(join(lead, said, invitation_after(topic, chunk))) <= RESUME_MAX_WORDS:
            return lead
    return None


class ResumeTopicHandler(AbstractRequestHandler):
    """'Where were we?': the topic being read, or the one read last time."""

    def can_handle(self, handler_input):
        return is_intent_name("ResumeTopicIntent")(handler_input)

    def handle(self, handler_input):
        topic_id, chunk = state.current_topic(handler_input)
        if topic_id is None:
            topic_id, chunk = memory_for(handler_input).last_topic(), 0
        if topic_id not in guide.TOPICS:
            return replies.send(handler_input, Reply(
                words.RESUME_NOTHING, reprompt=words.RESUME_NOTHING_REPROMPT))
        topic = guide.TOPICS[topic_id]
        first_words = pain_day_words(handler_input, topic_id) if chunk == 0 else None
        return read_topic(
            handler_input, topic_id, chunk, first_words=first_words,
            lead=resume_lead(topic, chunk, first_words or topic.chunks[chunk]))


class ForgetMeHandler(AbstractRequestHandler):
    """'Forget me', 'delete my data': ask first; only a yes erases."""

    def can_handle(self, handler_input):
        return is_intent_name("ForgetMeIntent")(handler_input)

    def handle(self, handler_input):
        state.set_offer(handler_input, OFFER_FORGET_ME)
        return replies.send(handler_input, Reply(
            words.FORGET_CONFIRM, reprompt=words.FORGET_CONFIRM_REPROMPT))


def _yes_to_forget_me(handler_input, offer):
    """'Yes' to "do you want me to erase all of that?"."""
    # The reminders first: memory knows which the skill set, and Alexa API calls end
    # before the time kept for storage.
    reminders_said = forget_reminders_words(handler_input)
    erased = memory_for(handler_input).forget()
    if erased:
        state.clear_topic(handler_input)  # "where were we" now has nothing to pick up
    if erased is None:
        said = words.FORGET_NOTHING_STORED
    else:
        said = words.FORGET_DONE if erased else words.FORGET_FAILED
    return replies.send(handler_input, Reply(
        join(said, reminders_said, prompts.ANYTHING_ELSE),
        reprompt=prompts.HELP_GENERAL))


def _no_to_forget_me(handler_input, offer):
    """'No' to "do you want me to erase all of that?": keep it."""
    return replies.send(handler_input, Reply(
        join(words.FORGET_KEPT, prompts.ANYTHING_ELSE), reprompt=prompts.HELP_GENERAL))


#: What "yes" and "no" do to this module's offer (``handlers.offers`` dispatches).
OFFER_ANSWERS = {OFFER_FORGET_ME: offers.OfferAnswers(yes=_yes_to_forget_me, no=_no_to_forget_me)}


HANDLERS = (
    PainStartedHandler(),
    SessionCountHandler(),
    ResumeTopicHandler(),
    ForgetMeHandler(),
)
