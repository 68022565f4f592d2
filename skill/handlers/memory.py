"""What the skill keeps, asked for by voice.

"My back started hurting yesterday", "do you remember when this started",
"how many ice sessions have I done today", "where were we", "what do you know
about me" (what is kept, with its values, and how to erase it), and "forget
me" (erased only after a yes to its own question). The words are in
``content.memory``; what is kept, for how long, and how, in ``skill.memory``.
"""

import datetime
import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.utils import is_intent_name

from .. import state
from ..content import guide, prompts
from ..content import memory as words
from ..content import reminders as reminder_words
from ..memory import (
    BACK_BETTER,
    DISCLAIMER_HEARD,
    KINDS,
    LAST_TOPIC,
    PAIN_START,
    SESSIONS,
    TIMERS,
)
from ..reminders import records as reminder_records
from ..reminders.records import forget_words as forget_reminders_words
from ..services import clock
from ..services.iso8601 import parse_date, parse_timestamp
from ..services.reminders import ReminderApiError
from ..speech import Reply, join, list_words, number_words, time_words, word_count
from ..turn import memory_for, turn_of
from . import offers, replies
from .pain_start import answer_pain_start
from .slots import TREATMENT_KIND_BY_ID, resolved_slot, slot_value
from .topics import invitation_for, pain_day_words, read_topic

logger = logging.getLogger(__name__)

#: Offer kind: "yes" erases the user's memory, "no" keeps it.
OFFER_FORGET_ME = "forget_me"
#: Offer kind: "did this start today?" ("yes" keeps today; "no" asks which day).
OFFER_STARTED_TODAY = state.OFFER_STARTED_TODAY

#: Most words in an answer, said in one breath.
ONE_BREATH_WORDS = 35

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


def session_count_words(counts, kind: str | None, this_conversation: bool = False) -> str:
    """What to say about today's counts (``counts`` None: unknown) for one kind or all.

    ``this_conversation``: the counts are this conversation's only (the default data policy).
    """
    if counts is None:
        return join(words.SESSIONS_UNKNOWN, words.SESSIONS_TIP)
    if kind is None and len(counts) == 1:
        kind = next(iter(counts))
    done = sum(counts.values()) if kind is None else counts.get(kind, 0)
    if this_conversation and done == 0:
        return join(words.SESSIONS_NONE_NOW, words.SESSIONS_NOT_KEPT, words.SESSIONS_TIP)
    if kind is None:
        if done == 0:
            return join(words.SESSIONS_NONE, words.SESSIONS_TIP)
        template = words.SESSIONS_TOTAL_NOW if this_conversation else words.SESSIONS_TOTAL
        said = template.format(count=number_words(done), sessions=_sessions(done),
                               breakdown=_breakdown(counts))
    elif done == 0:
        return join(words.SESSIONS_NONE_OF_KIND.format(kind=words.KIND_NAMES[kind]),
                    words.SESSIONS_TIP)
    else:
        template = words.SESSIONS_OF_KIND_NOW if this_conversation else words.SESSIONS_OF_KIND
        said = template.format(count=number_words(done), kind=words.KIND_NAMES[kind],
                               sessions=_sessions(done))
    return join(said, words.SESSIONS_NOT_KEPT) if this_conversation else said


class SessionCountHandler(AbstractRequestHandler):
    """'How many ice sessions have I done today?' (no treatment named: all of them)."""

    def can_handle(self, handler_input):
        return is_intent_name("SessionCountIntent")(handler_input)

    def handle(self, handler_input):
        _heard, treatment_id = resolved_slot(handler_input, "treatment")
        kind = TREATMENT_KIND_BY_ID.get(treatment_id)
        memory = memory_for(handler_input)
        counts = memory.sessions_today_by_kind()
        none_yet = counts is not None and not (counts.get(kind) if kind else counts)
        said = session_count_words(counts, kind, this_conversation=not memory.keeps_health_details)
        return replies.send(handler_input, Reply(
            join(said, prompts.ANYTHING_ELSE),
            reprompt=words.SESSIONS_START_ONE if none_yet else words.SESSIONS_REPROMPT))


def resume_lead(handler_input, topic, chunk: int, said: str) -> str | None:
    """The longest lead that keeps the answer within RESUME_MAX_WORDS, or None.

    None: the part is long, and is read just as asking for the topic reads it.
    """
    invitation = invitation_for(handler_input, topic, chunk)
    for lead in (words.RESUME_LEAD, words.RESUME_LEAD_SHORT):
        lead = lead.format(topic=topic.name)
        if word_count(join(lead, said, invitation)) <= RESUME_MAX_WORDS:
            return lead
    return None


class ResumeTopicHandler(AbstractRequestHandler):
    """'Where were we?': the topic being read, or the one read last (this conversation's,
    or last time's when health details are kept between conversations)."""

    def can_handle(self, handler_input):
        return is_intent_name("ResumeTopicIntent")(handler_input)

    def handle(self, handler_input):
        topic_id, chunk = state.current_topic(handler_input)
        memory = memory_for(handler_input)
        if topic_id is None:
            topic_id, chunk = memory.last_topic(), 0
        if topic_id not in guide.TOPICS:
            nothing = words.RESUME_NOTHING if memory.keeps_health_details else words.RESUME_NOTHING_KEPT
            return replies.send(handler_input, Reply(nothing, reprompt=words.RESUME_NOTHING_REPROMPT))
        topic = guide.TOPICS[topic_id]
        first_words = pain_day_words(handler_input, topic_id) if chunk == 0 else None
        return read_topic(
            handler_input, topic_id, chunk, first_words=first_words,
            lead=resume_lead(handler_input, topic, chunk, first_words or topic.chunks[chunk]))


class RecallPainStartHandler(AbstractRequestHandler):
    """'Do you remember when this started?': the day, if said (this conversation, or kept);
    else why it is not known, and "did it start today?"."""

    def can_handle(self, handler_input):
        return is_intent_name("RecallPainStartIntent")(handler_input)

    def handle(self, handler_input):
        memory = memory_for(handler_input)
        when = memory.pain_start_words()
        if when is not None:
            return replies.send(handler_input, Reply(
                join(words.RECALL_KNOWN.format(when=when), prompts.ANYTHING_ELSE),
                reprompt=prompts.HELP_GENERAL))
        why = words.RECALL_NOT_TOLD if memory.keeps_health_details else words.RECALL_NOT_KEPT
        state.set_offer(handler_input, OFFER_STARTED_TODAY)
        return replies.send(handler_input, Reply(
            join(why, words.PAIN_DAY_QUESTION), reprompt=words.PAIN_DAY_REPROMPT))


def _yes_started_today(handler_input, offer):
    """'Yes' to "did this start today?": today is the day, and what that changes."""
    return answer_pain_start(handler_input, "PRESENT_REF")


def _no_not_today(handler_input, offer):
    """'No' to "did this start today?": which day, then?"""
    return replies.send(handler_input, Reply(
        words.PAIN_START_ASK_DAY, reprompt=words.PAIN_START_ASK_REPROMPT))


# -- "What do you know about me?" --------------------------------------------------------

def _local_time_words(handler_input, moment: datetime.datetime) -> str:
    turn = turn_of(handler_input)
    local = moment.astimezone(clock.zone(turn.time_zone) or datetime.UTC)
    return time_words(local.hour, local.minute)


#: Levels of detail of "what do you know about me", fullest first: each one said only when
#: the one before would not fit in one breath.
ALL_VALUES, THIS_CONVERSATION_SUMMED, NO_TIMES, COUNTS = range(4)


def _timer_items(handler_input, timers, detail: int) -> list[str]:
    """Each timer kept: with its end time, without it (NO_TIMES), or counted (COUNTS)."""
    if not timers:
        return []
    if detail >= COUNTS and len(timers) > 1:
        return [words.KNOW_COUNT.format(count=number_words(len(timers)), things="timers")]
    now = turn_of(handler_input).now
    items = []
    for timer in timers:
        name = words.TIMER_NAMES.get(timer.get("kind"), "a")
        ends_at = parse_timestamp(timer.get("ends_at"))
        if detail >= NO_TIMES or ends_at is None:
            items.append(words.KNOW_TIMER_PLAIN.format(name=name))
        else:
            template = words.KNOW_TIMER if ends_at > now else words.KNOW_TIMER_ENDED
            items.append(template.format(name=name, time=_local_time_words(handler_input, ends_at)))
    return items


def _reminder_items(reminders, detail: int) -> list[str]:
    """The skill's reminders by kind: with their times, without (NO_TIMES), or counted (COUNTS)."""
    if not reminders:
        return []
    if detail >= COUNTS and len(reminders) > 1:
        return [words.KNOW_COUNT.format(count=number_words(len(reminders)), things="reminders")]
    items = []
    for kind in (*reminder_words.KIND_NAME, None):
        of_kind = [reminder for k, reminder in reminders if k == kind]
        if not of_kind:
            continue
        # A reminder whose kind is not known (memory lost) is still one the skill set.
        name = reminder_words.KIND_NAME.get(kind, reminder_words.OTHER_KIND_NAME)
        times = sorted((r.hour or 0, r.minute or 0) for r in of_kind)
        if detail >= NO_TIMES:
            items.append(words.KNOW_REMINDERS_OF_KIND.format(kind=name))
        elif len(times) >= 3 and all(later == (hour + 1, minute) for (hour, minute), later
                                     in zip(times, times[1:], strict=False)):
            items.append(reminder_words.HOURLY_OF_KIND.format(
                kind=name, first=time_words(*times[0]), last=time_words(*times[-1])))
        else:
            template = reminder_words.ONE_OF_KIND if len(times) == 1 else reminder_words.SEVERAL_OF_KIND
            items.append(template.format(kind=name, times=list_words([time_words(*t) for t in times])))
    return items


def _health_items(handler_input, details, kept: bool) -> list[str]:
    """What the person said about their back, as kept (``kept``) or as this conversation holds it."""
    today = turn_of(handler_input).today
    items = []
    start = parse_date(details.get(PAIN_START))
    if start is not None:
        when = clock.when_words(start, today)
        items.append((words.KNOW_PAIN_START if kept else words.KNOW_STARTED).format(when=when))
    counts = details.get(SESSIONS, {}).get(today.isoformat(), {})
    total = sum(counts.values())
    if total:
        template = words.KNOW_SESSIONS if kept else words.KNOW_SESSIONS_NOW
        items.append(template.format(breakdown=_breakdown(counts), sessions=_sessions(total)))
    if kept and details.get(LAST_TOPIC) in guide.TOPICS:
        items.append(words.KNOW_LAST_TOPIC.format(topic=guide.TOPICS[details[LAST_TOPIC]].name))
    if details.get(BACK_BETTER):
        items.append(words.KNOW_BACK_BETTER if kept else words.KNOW_BETTER_NOW)
    return items


def what_i_keep_words(handler_input, stored: dict, this_conversation: dict, kept_health: bool,
                      reminders, detail: int) -> str:
    """The account of what is kept, at one level of detail (ALL_VALUES to COUNTS)."""
    items = [words.KNOW_NOTICE] if stored.get(DISCLAIMER_HEARD) else []
    if kept_health:
        items += _health_items(handler_input, stored, kept=True)
    set_by_me = (_timer_items(handler_input, stored.get(TIMERS, []), detail)
                 + _reminder_items(reminders or [], detail))
    if set_by_me:
        items.append(words.KNOW_SET.format(things=list_words(set_by_me)))
    kept = words.KNOW_KEPT.format(items=list_words(items)) if items else words.KNOW_NOTHING
    if kept_health:
        about_back = None
    else:
        now = _health_items(handler_input, this_conversation, kept=False)
        if not now:
            about_back = words.KNOW_NO_HEALTH
        elif detail >= THIS_CONVERSATION_SUMMED:
            about_back = words.KNOW_THIS_CONVERSATION_SHORT
        else:
            about_back = words.KNOW_THIS_CONVERSATION.format(items=list_words(now))
    unchecked = words.KNOW_REMINDERS_UNCHECKED if reminders is None else None
    erase = words.KNOW_HOW_TO_ERASE if items or this_conversation else None
    return join(kept, about_back, unchecked, erase)


def _reminders_set(handler_input):
    """(kind, state) of the skill's reminders; [] without the permission; None when unknown."""
    if not reminder_records.permitted(handler_input):
        return []
    try:
        return reminder_records.listed(handler_input)
    except ReminderApiError as error:
        logger.info("reminders not listed for what-I-keep: %s", error.reason)
        return None


class WhatYouKnowHandler(AbstractRequestHandler):
    """'What do you know about me?': what is kept, with its values, and how to erase it.

    Erasing is its own request ("forget me", then a yes to its own question): nothing
    said here makes a later "yes" erase anything.
    """

    def can_handle(self, handler_input):
        return is_intent_name("WhatYouKnowIntent")(handler_input)

    def handle(self, handler_input):
        memory = memory_for(handler_input)
        stored = memory.stored()
        if stored is None:
            return replies.send(handler_input, Reply(
                words.KNOW_UNREADABLE, reprompt=prompts.HELP_GENERAL))
        reminders = _reminders_set(handler_input)
        for detail in (ALL_VALUES, THIS_CONVERSATION_SUMMED, NO_TIMES, COUNTS):
            said = what_i_keep_words(handler_input, stored, memory.this_session(),
                                     memory.keeps_health_details, reminders, detail)
            if word_count(said) <= ONE_BREATH_WORDS:
                break
        state.clear_offer(handler_input)
        return replies.send(handler_input, Reply(said, reprompt=words.KNOW_REPROMPT))


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


#: What "yes" and "no" do to this module's offers (``handlers.offers`` dispatches).
OFFER_ANSWERS = {
    OFFER_FORGET_ME: offers.OfferAnswers(yes=_yes_to_forget_me, no=_no_to_forget_me),
    OFFER_STARTED_TODAY: offers.OfferAnswers(yes=_yes_started_today, no=_no_not_today),
}


HANDLERS = (
    PainStartedHandler(),
    RecallPainStartHandler(),
    SessionCountHandler(),
    ResumeTopicHandler(),
    WhatYouKnowHandler(),
    ForgetMeHandler(),
)
