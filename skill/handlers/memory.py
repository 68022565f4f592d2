"""What the skill remembers, asked for by voice.

"My back started hurting yesterday", "how many ice sessions have I done
today", "where were we", and "forget me" (erased only after a yes). The
words are in ``content.memory``; what is stored, and how, in ``skill.memory``.
"""

import datetime
import re

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.utils import is_intent_name

from .. import state
from ..content import guide, prompts
from ..content import memory as words
from ..memory import KINDS
from ..services.clock import when_words
from ..speech import Reply, join, number_words, word_count
from ..turn import memory_for, turn_of
from . import guidance, offers, reminders, replies
from .slots import TREATMENT_KIND_BY_ID, resolved_slot, slot_value

#: Offer kind: "yes" erases the user's memory, "no" keeps it.
OFFER_FORGET_ME = "forget_me"

#: TreatmentType slot ids -> session kinds.

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NO_YEAR_DATE = re.compile(r"^XXXX-(\d{2})-(\d{2})$")

#: Most words in the answer to "where were we", the lead included.
RESUME_MAX_WORDS = 35

# Outcomes of reading the start_date slot.
UNCLEAR = "unclear"
FUTURE = "future"


def pain_start_from_slot(value: str | None, today: datetime.date
                         ) -> tuple[datetime.date | None, str | None]:
    """(start date, None) or (None, UNCLEAR / FUTURE) for an AMAZON.DATE value.

    Only a single day will do: weeks ("2026-W47"), weekends, months, seasons,
    years and decades are unclear. Alexa resolves a bare weekday ("it started
    Monday") to the coming one, so a day two to six days ahead is taken to be
    the same weekday of the week before. Tomorrow's date is not moved back:
    it is what Alexa sends for "it started tomorrow", so it gets the gentle
    "that day hasn't come yet" (a weekday said the day before it gets the
    same, as the two cannot be told apart). Alexa resolves a month and day
    said without a year ("November twentieth") to the next one, so a day up
    to a year ahead is taken to be that day of the year before. The answer
    names the day, so a wrong guess is heard and can be corrected.
    """
    if not value:
        return None, UNCLEAR
    if value == "PRESENT_REF":
        return today, None
    start = None
    if _FULL_DATE.match(value):
        try:
            start = datetime.date.fromisoformat(value)
        except ValueError:
            return None, UNCLEAR
    else:
        no_year = _NO_YEAR_DATE.match(value)
        if no_year:
            try:
                start = datetime.date(today.year, int(no_year.group(1)), int(no_year.group(2)))
            except ValueError:
                return None, UNCLEAR
            if start > today:
                try:
                    start = start.replace(year=today.year - 1)
                except ValueError:  # 29 February
                    return None, UNCLEAR
    if start is None:
        return None, UNCLEAR
    ahead = (start - today).days
    if 2 <= ahead <= 6:
        start -= datetime.timedelta(days=7)
    elif 7 <= ahead <= 366:
        try:
            start = start.replace(year=start.year - 1)
        except ValueError:  # 29 February
            return None, UNCLEAR
    if start > today:
        return None, FUTURE
    return start, None


class PainStartedHandler(AbstractRequestHandler):
    """'My back started hurting yesterday': remember the day, and say what it changes."""

    def can_handle(self, handler_input):
        return is_intent_name("PainStartedIntent")(handler_input)

    def handle(self, handler_input):
        return answer_pain_start(handler_input, slot_value(handler_input, "start_date"))


def answer_pain_start(handler_input, said_date: str | None):
    """Remember the day the pain started (an AMAZON.DATE value) and say what it changes."""
    today = turn_of(handler_input).today
    start, problem = pain_start_from_slot(said_date, today)
    if problem is not None:
        question = words.PAIN_START_FUTURE if problem == FUTURE else words.PAIN_START_ASK_DAY
        return replies.send(handler_input, Reply(
            question, reprompt=words.PAIN_START_ASK_REPROMPT))
    memory = memory_for(handler_input)
    memory.set_pain_start(start)
    saved = memory.save()  # "I've noted that" only once it is stored
    first_day = (today - start).days < 1
    return replies.send(handler_input, Reply(
        join(words.PAIN_START_HEARD.format(when=when_words(start, today)),
             words.PAIN_START_DAY_ONE if first_day else words.PAIN_START_LATER_DAY,
             prompts.ANYTHING_ELSE if saved else words.PAIN_START_NOT_SAVED),
        reprompt=words.PAIN_START_REPROMPT))


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
        if word_count(join(lead, said, guidance.invitation_after(topic, chunk))) <= RESUME_MAX_WORDS:
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
        first_words = guidance.pain_day_words(handler_input, topic_id) if chunk == 0 else None
        return guidance.read_topic(
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
    erased = memory_for(handler_input).forget()
    if erased:
        state.clear_topic(handler_input)  # "where were we" now has nothing to pick up
    if erased is None:
        said = words.FORGET_NOTHING_STORED
    else:
        said = words.FORGET_DONE if erased else words.FORGET_FAILED
    return replies.send(handler_input, Reply(
        join(said, reminders.forget_reminders_words(handler_input), prompts.ANYTHING_ELSE),
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
