"""Reminders between conversations: the conversation about walks, bedtime stretches and sitting breaks.

"Remind me to walk three times a day", "I work nine to five", "what reminders
do I have", "move the evening one to six", "stop my second walk reminder".
What a series is and when it goes off is ``skill.reminders.plan``; times in
words, ``skill.reminders.times``; which reminders are the skill's and of what
kind (by their ids, never their words), ``skill.reminders.records``; every
word, ``skill/content/reminders.py``. Without the reminders permission the
skill asks by voice (``skill.permissions``, the same protocol and the same
"granted" rule as timers) and picks the plan up again from Alexa's answer;
every failure of the API is answered in words, with the permission card where
it helps. A reminder for anything but the skill's three kinds (a medicine, a
call) is answered with what the skill can do and how to ask Alexa herself:
nothing is set, no permission asked for.

Walk reminders only past the first day of the pain, stretch reminders only
once the user has said the back feels better (``skill.memory``). Session state
written here: the offers below (``skill/state.py``). Logs name kinds and
outcomes only.
"""

import datetime
import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.utils import is_intent_name

from .. import state
from ..content import prompts
from ..content import reminders as words
from ..permissions import answer_of
from ..reminders import records
from ..reminders.plan import (
    KIND_BY_ID,
    KINDS,
    Kind,
    ReminderPlan,
    hourly_times,
    moved_spec,
    new_time_as_meant,
    shifted,
    specs_for,
    time_as_meant,
    usable_working_day,
)
from ..reminders.records import REMINDERS_PERMISSION, Reminder
from ..reminders.times import (
    PART_OF_DAY,
    date_words,
    list_words,
    part_of_day_of,
    time_of,
    time_words,
)
from ..reminders.which import (
    NONE_THEN,
    NOT_THAT_MANY,
    NOT_THERE,
    ORDINAL_INDEX,
    Named,
    Picked,
    one_kind,
    pick,
)
from ..services import clock
from ..services.api_calls import PERMISSION
from ..services.iso8601 import parse_date, parse_duration
from ..services.reminders import ReminderApiError
from ..speech import Reply, join, number_words
from ..turn import memory_for, turn_of
from . import offers, replies
from .slots import (
    intent_named,
    mentions_medicine,
    names_something,
    resolved_slot,
    slot_value,
)

logger = logging.getLogger(__name__)

#: Offer kinds (``skill/state.py``). "Shall I set a bedtime stretch reminder?"
OFFER_STRETCH = "stretch_reminder"
#: "Which one should move?": holds the reminder kind and the new time; answered by MoveReminderIntent.
OFFER_MOVE = "move_reminder"
#: "Which one should I stop?": holds the reminder kind; answered by MoveReminderIntent's
#: "the four pm one" as well as by StopRemindersIntent.
OFFER_STOP = "stop_reminder"
#: "That would stop all of them. Shall I stop them all?": yes stops every reminder of the skill's.
OFFER_STOP_ALL = "stop_all_reminders"
#: After "how do I stop my reminders?": "no, keep them" keeps them and the session open.
OFFER_STOP_HOW = "stop_how"
#: "Walks, stretching or sitting breaks?": the answer ("walks") sets that kind.
OFFER_CHOOSE_KIND = "choose_reminder"
#: The last turn invited working hours: the hours said next are taken at once.
OFFER_WORK_HOURS = "work_hours"
#: "Shall I set sitting break reminders from nine to five?": holds the plan.
OFFER_SITTING_HOURS = "sitting_hours"

#: Intents that answer "walks, stretching or sitting breaks?" by naming one.
KIND_OF_ANSWER = {"WalkingIntent": "walk", "StartWalkTimerIntent": "walk", "StretchingIntent": "stretch",
                  "SittingIntent": "sitting", "SittingReminderIntent": "sitting"}
#: Words heard in the kind slot that matched no value, read as a kind.
KIND_WORDS = {"walk": {"walk", "walks", "walking", "stroll"},
              "stretch": {"stretch", "stretches", "stretching"},
              "sitting": {"sit", "sitting", "stand", "standing", "chair", "desk", "position",
                          "break", "breaks"}}


# -- reading the request ---------------------------------------------------------------------------

def kind_heard(handler_input) -> Kind:
    """What the ``reminder_kind`` slot (or ``task``: "remind me to {task}", or ``medicine``) names.

    Nothing, when both are empty. Words that matched no value are read too: a medicine
    named, one of the skill's kinds named, or else something the skill does not remind of.
    """
    heard, value_id = resolved_slot(handler_input, "reminder_kind")
    if value_id in KIND_BY_ID:
        return Kind(KIND_BY_ID[value_id])
    task, task_id = resolved_slot(handler_input, "task")
    if task_id in KIND_BY_ID:
        return Kind(KIND_BY_ID[task_id])
    medicine_heard, medicine_id = resolved_slot(handler_input, "medicine")
    if medicine_id is not None or task_id == "MEDICINE":
        return Kind(not_ours="medicine")
    if medicine_heard:
        # "Remind me to take {medicine}" also hears "take a break", "take a walk": words that
        # matched no medicine and name one of the skill's kinds are that kind.
        if not mentions_medicine(medicine_heard):
            for kind, kind_words in KIND_WORDS.items():
                if set(medicine_heard.lower().split()) & kind_words:
                    return Kind(kind)
        return Kind(not_ours="medicine")
    if task_id is not None:
        return Kind(not_ours="other")
    said = " ".join(w for w in (heard, task) if w)
    if not names_something(said):  # "set up my daily routine"
        return Kind()
    if mentions_medicine(said):
        return Kind(not_ours="medicine")
    for kind, kind_words in KIND_WORDS.items():
        if set(said.lower().split()) & kind_words:
            return Kind(kind)
    return Kind(not_ours="other")


def _time_slot(handler_input, name):
    return time_of(slot_value(handler_input, name))


def plan_from_request(handler_input, kind) -> ReminderPlan:
    """The plan for what was said: walks a day, the period and any time, kept inside the guide's range."""
    adjusted = []
    per_day = words.DEFAULT_WALKS_A_DAY
    said = slot_value(handler_input, "times_a_day")
    if kind == "walk" and said is not None:
        try:
            asked = int(said)
        except ValueError:
            asked = None
        if asked in words.WALK_TIMES:
            per_day = asked
        elif asked is not None:
            per_day = 4 if asked > 4 else 3
            adjusted.append("per_day")
    days = words.DEFAULT_DAYS
    period = slot_value(handler_input, "period")
    seconds = parse_duration(period) if period else None
    # "For an hour" is no length for a series of days (it comes from "push it back an hour").
    if seconds is not None and seconds >= 86400:
        asked_days = round(seconds / 86400)
        days = min(words.MAX_DAYS, max(words.MIN_DAYS, asked_days))
        if days != asked_days:
            adjusted.append("days")
    work_hours = at = on = None
    if kind == "sitting":
        work_hours = usable_working_day(_time_slot(handler_input, "start_time"),
                                        _time_slot(handler_input, "end_time"))
    elif _time_slot(handler_input, "time") is not None:
        at = time_as_meant(kind, _time_slot(handler_input, "time"))
    if kind != "sitting" and said is None and seconds is None:
        on = _one_day(handler_input)
        heard_later, later_today = resolved_slot(handler_input, "later_today")
        part = part_of_day_of(slot_value(handler_input, "time"))
        if at is None and heard_later:
            # "Remind me to walk this afternoon", "... tonight", "... later": one reminder, not a series.
            later_part = later_today if later_today in PART_OF_DAY else None
            on, at = _later_today(handler_input, later_part, usual=None if later_part else words.ONE_DAY_TIME[kind])
        elif on is not None and at is None and part is not None:
            at = words.ONE_DAY_PART_TIME[part]
        elif on is not None and at is None and on == _local_now(handler_input).date():
            # "Remind me to walk tonight": today, never at a time already gone.
            on, at = _later_today(handler_input, None, usual=words.ONE_DAY_TIME[kind])
    return ReminderPlan(kind, per_day, days, tuple(adjusted), work_hours, at, on)


def _later_today(handler_input, part: str | None, usual=None) -> tuple[datetime.date, tuple[int, int]]:
    """The day and time of one reminder "this afternoon" (or "tonight", ``part`` None): the usual
    time, or the next whole hour still inside that part of the day (of the waking day), or the
    usual time tomorrow once it is over."""
    now = _local_now(handler_input)
    usual = usual or words.ONE_DAY_PART_TIME[part]
    hours = PART_OF_DAY[part] if part else words.WAKING_HOURS
    if (now.hour, now.minute) < usual:
        return now.date(), usual
    if now.hour + 1 in hours:
        return now.date(), (now.hour + 1, 0)
    return now.date() + datetime.timedelta(days=1), usual


def _one_day(handler_input) -> datetime.date | None:
    """The day named for one reminder ("remind me tomorrow morning to walk"): today or later."""
    day = parse_date(slot_value(handler_input, "day"))
    return day if day is not None and day >= _local_now(handler_input).date() else None


def _locale(handler_input) -> str:
    return getattr(handler_input.request_envelope.request, "locale", None) or "en-US"


def _local_now(handler_input) -> datetime.datetime:
    turn = turn_of(handler_input)
    return turn.now.astimezone(clock.zone(turn.time_zone) or datetime.UTC)


# -- saying it ---------------------------------------------------------------------------------------

def _said(template: str, **values) -> str:
    """``template`` filled in, its spaces tidied (a kind not known is named by nothing)."""
    return " ".join(template.format(**values).split())


def _name(kind: str | None) -> str:
    return words.KIND_NAME.get(kind, words.UNKNOWN_KIND_NAME)


def _answer(handler_input, speech: str, reprompt: str = prompts.HELP_GENERAL, more: bool = True):
    """Say ``speech`` (and "what else?" when ``more``), keeping the session open."""
    return replies.send(handler_input, Reply(join(speech, prompts.ANYTHING_ELSE) if more else speech,
                                             reprompt=reprompt))


def _times_of(reminders) -> str:
    """'ten am, one pm and four pm': each time once, earliest first."""
    return list_words([time_words(*t) for t in sorted({r.time for r in reminders})])


def _failure_reply(handler_input, reason: str, lead: str | None = None):
    speech = join(lead, words.NO_REMINDER_REASON.get(reason, words.NO_REMINDER_REASON["server"]))
    response = replies.send(handler_input, Reply(
        join(speech, prompts.ANYTHING_ELSE), reprompt=prompts.HELP_GENERAL,
        card_title=words.CARD_TITLE, card_text=join(speech, words.CARD_FOOTER)))
    if reason in ("denied", "not_answered", PERMISSION):
        handler_input.response_builder.set_card(REMINDERS_PERMISSION.consent_card())
    return response


def _cant_check(handler_input, error: ReminderApiError):
    response = _answer(handler_input, words.CANT_CHECK.get(error.reason, words.CANT_CHECK["server"]))
    if error.reason == PERMISSION:
        handler_input.response_builder.set_card(REMINDERS_PERMISSION.consent_card())
    return response


# -- setting a series ----------------------------------------------------------------------------------

def set_reminders(handler_input, plan: ReminderPlan, lead: str | None = None,
                  permission_just_granted: bool = False):
    """Set ``plan``'s reminders: ask for permission, or create them and say so in one breath.

    A new series of a kind replaces the old one: the new reminders are made first, so a
    failure leaves the old series as it was.
    """
    state.clear_offer(handler_input)
    if not permission_just_granted and not records.permitted(handler_input):
        return ask_for_reminder_permission(handler_input, plan, lead=lead)
    specs = specs_for(plan, _local_now(handler_input))
    turn = turn_of(handler_input)
    try:
        # One reminder on one day is added beside a series, never in place of it.
        earlier = [] if plan.on else records.of_kind(records.listed(handler_input), plan.kind)
        made = turn.reminders.create_all(specs, _locale(handler_input), turn.time_zone, turn.now)
    except ReminderApiError as error:
        logger.info("%s reminders not set: %s", plan.kind, error.reason)
        return _failure_reply(handler_input, error.reason, lead=lead)
    records.remember_set(handler_input, plan.kind, made)
    try:
        records.delete(handler_input, earlier)
        left = 0
    except records.NotAllDeleted as error:
        left = error.left
    logger.info("%s reminders set: %d (replacing %d, %d left)", plan.kind, len(specs), len(earlier), left)
    if plan.on:
        said = words.SET_ONE_DAY[plan.kind].format(
            day=_day_words(specs[0].starts, _local_now(handler_input).date()),
            time=time_words(specs[0].hour, specs[0].minute))
    else:
        said = words.SET[plan.kind].format(
            times=list_words([time_words(s.hour, s.minute) for s in specs]), until=date_words(specs[0].ends),
            first=time_words(specs[0].hour, specs[0].minute), last=time_words(specs[-1].hour, specs[-1].minute))
    name = _name(plan.kind)
    extra = []
    if earlier:
        extra.append((words.REPLACE_INCOMPLETE if left else words.REPLACED).format(kind=name))
    if "per_day" in plan.adjusted:
        extra.append(words.WALK_TIMES_ADJUSTED.format(count=number_words(plan.per_day)))
    if "days" in plan.adjusted:
        extra.append(words.PERIOD_ADJUSTED.format(days=number_words(plan.days)))
    if plan.kind == "sitting":
        extra.append(words.SITTING_HONEST)
        # One breath: hours just named need no "other hours"; unnamed ones invite them.
        if plan.work_hours is None:
            extra.append(words.SITTING_OTHER_HOURS)
    else:
        extra.append(words.CHANGE_IT.format(kind=name))
    speech = join(lead, said, *extra)
    response = replies.send(handler_input, Reply(
        join(speech, prompts.ANYTHING_ELSE), reprompt=prompts.HELP_GENERAL,
        card_title=words.CARD_TITLE, card_text=join(speech, words.CARD_FOOTER)))
    if plan.kind == "sitting" and plan.work_hours is None:
        state.set_offer(handler_input, OFFER_WORK_HOURS)
    return response


def _day_words(day: datetime.date, today: datetime.date) -> str:
    if day == today:
        return words.TODAY
    if day == today + datetime.timedelta(days=1):
        return words.TOMORROW
    return words.ON_DAY.format(date=date_words(day))


def ask_for_reminder_permission(handler_input, plan: ReminderPlan, lead: str | None = None):
    """Hand over to Alexa's voice permission prompt; the plan travels in the token."""
    logger.info("asking for reminders permission for %s reminders", plan.kind)
    return replies.hand_over(handler_input, join(lead, words.ASK_PERMISSION), words.CARD_TITLE,
                             REMINDERS_PERMISSION.ask_directive(plan.as_dict()))


def gate(handler_input, kind) -> str | None:
    """Why this kind is not offered now (words to say), or None when it helps now."""
    # Walks are never gated: the guide ties only bed rest to the first day.
    if kind == "stretch" and not memory_for(handler_input).back_feels_better():
        return words.STRETCH_NOT_YET
    return None


def _ask_for_hours(handler_input, speech: str, reprompt: str):
    """Ask which hours the user works; the hours said next are taken at once."""
    response = replies.send(handler_input, Reply(speech, reprompt=reprompt))
    state.set_offer(handler_input, OFFER_WORK_HOURS)
    return response


def set_kind(handler_input, kind: str):
    """Set a series of ``kind`` as asked, once it helps now and its hours can be used."""
    not_now = gate(handler_input, kind)
    if not_now is not None:
        return replies.send(handler_input, Reply(not_now, reprompt=prompts.HELP_GENERAL))
    if kind == "sitting":
        values = [slot_value(handler_input, n) for n in ("start_time", "end_time")]
        start, end = (time_of(v) for v in values)
        named = any(values)
        # A start or an end alone is a day of the usual length; a word that is no time ("night") is not.
        if named and (usable_working_day(start, end) is None
                      or any(v is not None and time_of(v) is None for v in values)):
            return _ask_for_hours(handler_input, words.SITTING_HOURS_UNUSABLE, words.SITTING_HOURS_REPROMPT)
        if not named and slot_value(handler_input, "time"):
            return _ask_for_hours(handler_input, words.SITTING_AT_A_TIME, words.SITTING_HOURS_REPROMPT)
    return set_reminders(handler_input, plan_from_request(handler_input, kind))


# -- handlers: setting -----------------------------------------------------------------------------------

class SetReminderHandler(AbstractRequestHandler):
    """'Remind me to walk three times a day', 'remind me to stretch at ten', 'set a reminder',
    'I work nine to five'.

    A reminder the skill does not set ("remind me to take my medicine at six") gets what
    the skill can do and how to ask Alexa herself; "set a reminder" alone asks which;
    working hours alone are the sitting breaks' hours (``working_hours``).
    """

    def can_handle(self, handler_input):
        return is_intent_name("SetReminderIntent")(handler_input)

    def handle(self, handler_input):
        if slot_value(handler_input, "better"):
            # "My back feels better, can you remind me to stretch": kept, as "my back feels
            # better" alone would be, so the stretch reminder it opens is set now.
            memory_for(handler_input).mark_back_feels_better()
        kind = kind_heard(handler_input)
        if kind.not_ours:
            logger.info("a reminder the skill does not set was asked for: %s", kind.not_ours)
            return _answer(handler_input, words.FOR_MEDICINE if kind.not_ours == "medicine" else words.FOR_OTHER)
        if kind.ours is None and any(slot_value(handler_input, n) for n in ("start_time", "end_time")):
            return working_hours(handler_input)
        if kind.ours is None:
            response = replies.send(handler_input, Reply(words.WHICH_KIND, reprompt=words.WHICH_KIND_REPROMPT))
            state.set_offer(handler_input, OFFER_CHOOSE_KIND)
            return response
        return set_kind(handler_input, kind.ours)


class ChosenReminderKindHandler(AbstractRequestHandler):
    """'Walks', said to "walks, stretching or sitting breaks?" (Alexa hears a walking question).

    Asked before guidance's topics, which answer the same intents at any other time.
    """

    def can_handle(self, handler_input):
        return intent_named(handler_input) in KIND_OF_ANSWER and state.offer_kind(handler_input) == OFFER_CHOOSE_KIND

    def handle(self, handler_input):
        state.clear_offer(handler_input)
        return set_kind(handler_input, KIND_OF_ANSWER[intent_named(handler_input)])


class ReminderPermissionResponseHandler(AbstractRequestHandler):
    """Alexa's answer to the reminders permission request (its token is a reminders plan)."""

    def can_handle(self, handler_input):
        return REMINDERS_PERMISSION.is_answer(handler_input)

    def handle(self, handler_input):
        request = handler_input.request_envelope.request
        plan = ReminderPlan.from_dict(REMINDERS_PERMISSION.data_from_token(request.token))
        answer = answer_of(request)
        logger.info("reminders permission answer: %s (code %s)", answer.status, answer.code)
        if answer.understood and answer.status == "ACCEPTED":
            if plan is None:
                return replies.send(handler_input, Reply(
                    words.ACCEPTED_NOTHING_PENDING, reprompt=prompts.ANYTHING_ELSE))
            return set_reminders(handler_input, plan, lead=words.THANKS, permission_just_granted=True)
        reason = {"DENIED": "denied", "NOT_ANSWERED": "not_answered"}.get(answer.status, PERMISSION)
        return _failure_reply(handler_input, reason if answer.understood else PERMISSION)


def working_hours(handler_input):
    """'I work nine to five', 'I start at seven', 'I work from eight thirty till four'.

    Said when the skill has just asked for them (or just set sitting breaks on the usual
    hours), they are the hours the sitting break reminders use at once; said out of the
    blue, the skill offers to set (or move) them, and nothing changes until a yes.
    """
    values = [slot_value(handler_input, n) for n in ("start_time", "end_time")]
    start, end = (time_of(v) for v in values)
    day = usable_working_day(start, end)
    if day is None or any(v is not None and time_of(v) is None for v in values):
        return _ask_for_hours(handler_input, words.SITTING_HOURS_UNUSABLE, words.SITTING_HOURS_REPROMPT)
    plan = ReminderPlan("sitting", work_hours=day)
    if state.offer_kind(handler_input) == OFFER_WORK_HOURS:
        return set_reminders(handler_input, plan)
    times = hourly_times(day)
    moving = _sitting_set(handler_input)
    template = words.HOURS_OFFER_MOVE if moving else words.HOURS_OFFER
    speech = template.format(first=time_words(*times[0]), last=time_words(*times[-1]))
    response = replies.send(handler_input, Reply(speech, reprompt=words.HOURS_OFFER_REPROMPT))
    (start_hour, start_minute), (end_hour, end_minute) = day
    state.set_offer(handler_input, OFFER_SITTING_HOURS, start=f"{start_hour:02d}:{start_minute:02d}",
                    end=f"{end_hour:02d}:{end_minute:02d}", moving=moving)
    return response


def _sitting_set(handler_input) -> bool:
    """Whether sitting break reminders are set (as far as can be told now)."""
    if not records.permitted(handler_input):
        return False
    try:
        return bool(records.of_kind(records.listed(handler_input), "sitting"))
    except ReminderApiError:
        return False


class BackFeelsBetterHandler(AbstractRequestHandler):
    """'My back feels better': remember it (stretching time) and offer a bedtime stretch reminder."""

    def can_handle(self, handler_input):
        return is_intent_name("BackFeelsBetterIntent")(handler_input)

    def handle(self, handler_input):
        memory_for(handler_input).mark_back_feels_better()
        state.set_offer(handler_input, OFFER_STRETCH)
        return replies.send(handler_input, Reply(words.FEELS_BETTER, reprompt=words.FEELS_BETTER_REPROMPT))


# -- which reminder ------------------------------------------------------------------------------------

def named_in(handler_input, pending_offer: str) -> tuple[Kind, Named]:
    """The kind and the one reminder named, topped up by a "which one?" asked last turn."""
    kind = kind_heard(handler_input)
    pending = state.pending_offer(handler_input)
    if kind == Kind() and pending.get("kind") == pending_offer and pending.get("reminder_kind") in KINDS:
        kind = Kind(pending["reminder_kind"])
    from_value = slot_value(handler_input, "from_time")
    _, which = resolved_slot(handler_input, "which")
    part = part_of_day_of(from_value) or (which if which in PART_OF_DAY else None)
    return kind, Named(time_of(from_value), part, which if which in ORDINAL_INDEX else None)


def _names_one(handler_input) -> bool:
    """Whether one reminder is named by when or by which ("the evening one", "the four pm one")."""
    return bool(slot_value(handler_input, "which") or slot_value(handler_input, "from_time"))


def choose(reminders: list[Reminder], named: Named, kind: str | None) -> Picked:
    """``which.pick``, with what to say when none fits (its ``problem``, in words)."""
    picked = pick(reminders, named)
    name, times = _name(kind), _times_of(reminders)
    if picked.problem == NOT_THERE:
        return Picked([], _said(words.NOT_THERE, kind=name, times=times,
                                time=time_words(*time_as_meant(kind, named.from_time))))
    if picked.problem == NOT_THAT_MANY:
        template = words.NOT_THAT_MANY if len(reminders) > 1 else words.ONLY_ONE
        return Picked([], _said(template, count=number_words(len(reminders)), kind=name, times=times))
    if picked.problem == NONE_THEN:
        return Picked([], _said(words.NONE_THEN, part=words.PART_OF_DAY_NAME[named.part], kind=name, times=times))
    return picked


def _kind_not_known(handler_input, kind: str, ours: list[Reminder], pending_offer: str, **held):
    """Memory does not know which reminders are of ``kind``: name them all by their times."""
    example = time_words(*ours[-1].time)
    response = replies.send(handler_input, Reply(
        _said(words.KIND_NOT_KNOWN, kind=_name(kind), times=_times_of(ours), example=example),
        reprompt=_said(words.KIND_NOT_KNOWN_REPROMPT, example=example)))
    state.set_offer(handler_input, pending_offer, **held)
    return response


# -- handlers: listing and stopping ----------------------------------------------------------------

def _kind_list_words(name: str, reminders) -> str:
    """'a stretch reminder at ten pm', 'walk reminders at ten am, one pm and four pm',
    'sitting break reminders every hour from ten am to four pm'."""
    if len(reminders) == 1:
        return _said(words.ONE_OF_KIND, kind=name, times=_times_of(reminders))
    ordered = sorted(r.time for r in reminders)
    hourly = all(later == (hour + 1, minute) for (hour, minute), later in zip(ordered, ordered[1:], strict=False))
    if hourly and len(ordered) >= 3:
        return _said(words.HOURLY_OF_KIND, kind=name, first=time_words(*ordered[0]),
                     last=time_words(*ordered[-1]))
    return _said(words.SEVERAL_OF_KIND, kind=name, times=_times_of(reminders))


class ListRemindersHandler(AbstractRequestHandler):
    """'What reminders do I have?': every reminder of the skill's the API lists, by kind."""

    def can_handle(self, handler_input):
        return is_intent_name("ListRemindersIntent")(handler_input)

    def handle(self, handler_input):
        if not records.permitted(handler_input):
            return _cant_check(handler_input, ReminderApiError(PERMISSION))
        try:
            ours = records.listed(handler_input)
        except ReminderApiError as error:
            return _cant_check(handler_input, error)
        if not ours:
            return _answer(handler_input, words.NONE_SET)
        return _answer(handler_input, words.LIST.format(items=list_words(_reminder_items(ours))))


def _reminder_items(reminders) -> list[str]:
    """Each kind's reminders in words, as the list says them."""
    items = [_kind_list_words(_name(kind), of_kind) for kind in KINDS
             if (of_kind := records.of_kind(reminders, kind))]
    unknown = [r for r in reminders if r.kind is None]
    if unknown:
        other = words.OTHER_KIND_NAME if items and len(unknown) > 1 else words.UNKNOWN_KIND_NAME
        items.append(_kind_list_words(other, unknown))
    return items


def _check_stop_all(handler_input, ours):
    response = replies.send(handler_input, Reply(
        words.STOP_ALL_CHECK.format(items=list_words(_reminder_items(ours))),
        reprompt=words.STOP_ALL_CHECK_REPROMPT))
    state.set_offer(handler_input, OFFER_STOP_ALL)
    return response


def _stop_all_yes(handler_input, offer):
    """'Yes' to "shall I stop them all?"."""
    try:
        ours = records.listed(handler_input)
        if ours:
            records.delete(handler_input, ours)
    except ReminderApiError as error:
        logger.info("stopping reminders failed: %s", error.reason)
        if error.reason == PERMISSION:
            return _cant_check(handler_input, error)
        return _answer(handler_input, words.STOP_FAILED)
    logger.info("stopped %d reminder(s)", len(ours))
    return _answer(handler_input, words.STOPPED_ALL if ours else words.NONE_SET)


def _stop_how_yes(handler_input, offer):
    """'Yes' after "how do I stop my reminders?": which to stop, said by the person."""
    return _answer(handler_input, words.STOP_HOW_YES, more=False)


def _stop_all_no(handler_input, offer):
    """'No' to "shall I stop them all?": nothing is stopped."""
    return _answer(handler_input, words.KEPT_ALL)


class StopRemindersHandler(AbstractRequestHandler):
    """'Stop my walk reminders', 'cancel all my reminders', 'stop the evening one',
    'stop my second walk reminder'; and "the four pm one", said to "which one should I stop?"."""

    def can_handle(self, handler_input):
        pending = state.offer_kind(handler_input)
        if is_intent_name("StopRemindersIntent")(handler_input):
            # "The evening one", said to "which one should move?", may be heard as a stop:
            # it answers the question asked (``MoveReminderHandler``), and nothing is deleted.
            # A stop that names no one reminder ("turn off all my reminders") answers no "which".
            return pending != OFFER_MOVE or not _names_one(handler_input)
        return is_intent_name("MoveReminderIntent")(handler_input) and pending == OFFER_STOP

    def handle(self, handler_input):
        if slot_value(handler_input, "how_to"):
            # "How do I turn off all my reminders?": a question about stopping, not a stop.
            response = _answer(handler_input, words.STOP_HOW)
            state.set_offer(handler_input, OFFER_STOP_HOW)
            return response
        asked, named = named_in(handler_input, OFFER_STOP)
        checked = state.offer_kind(handler_input) == OFFER_STOP_ALL
        state.clear_offer(handler_input)
        if asked.not_ours:
            return _answer(handler_input, words.NOT_MINE)
        if not records.permitted(handler_input):
            return _cant_check(handler_input, ReminderApiError(PERMISSION))
        kind = asked.ours
        try:
            ours = records.listed(handler_input)
        except ReminderApiError as error:
            return _cant_check(handler_input, error)
        of_kind = records.of_kind(ours, kind)
        if kind is not None and not of_kind:
            if any(r.kind is None for r in ours):
                return _kind_not_known(handler_input, kind, ours, OFFER_STOP)
            return _answer(handler_input, _said(words.NONE_OF_KIND, kind=_name(kind)))
        if not ours:
            return _answer(handler_input, words.NONE_SET)
        if kind is None and not named.one and not checked and len(ours) > 1:
            # Every reminder at once, with no undo: asked back first ("stop them all" or
            # "yes" stops them; "no" keeps them).
            return _check_stop_all(handler_input, ours)
        chosen = choose(of_kind, named, kind)
        if chosen.problem:
            return _answer(handler_input, chosen.problem)
        # Several at the very time named ("the ten am one") are stopped together.
        if named.one and len(chosen.reminders) > 1 and named.from_time is None:
            return self._ask_which(handler_input, one_kind(chosen.reminders), chosen.reminders)
        try:
            records.delete(handler_input, chosen.reminders)
        except ReminderApiError as error:
            logger.info("stopping reminders failed: %s", error.reason)
            if error.reason == PERMISSION:
                return _cant_check(handler_input, error)
            return _answer(handler_input, words.STOP_FAILED)
        logger.info("stopped %d reminder(s)", len(chosen.reminders))
        return _answer(handler_input, self._stopped_words(kind, named, chosen.reminders))

    @staticmethod
    def _stopped_words(kind, named, stopped) -> str:
        if not named.one:
            return _said(words.STOPPED, kind=_name(kind)) if kind else words.STOPPED_ALL
        kinds = {r.kind for r in stopped}
        name = _name(kinds.pop() if len(kinds) == 1 else None)
        if len(stopped) == 1:
            return _said(words.STOPPED_ONE, time=time_words(*stopped[0].time), kind=name)
        return _said(words.STOPPED_SOME, kind=name, times=_times_of(stopped))

    @staticmethod
    def _ask_which(handler_input, kind, candidates):
        example = time_words(*candidates[-1].time)
        speech = _said(words.STOP_WHICH_ONE, kind=_name(kind), times=_times_of(candidates), example=example)
        response = replies.send(handler_input, Reply(
            speech, reprompt=_said(words.STOP_WHICH_ONE_REPROMPT, example=example)))
        state.set_offer(handler_input, OFFER_STOP, **({"reminder_kind": kind} if kind else {}))
        return response


# -- handlers: moving -------------------------------------------------------------------------------------

def _shift_from_slots(handler_input) -> int | None:
    """Minutes later (negative: earlier), from "push it back an hour"."""
    for name, sign in (("later_by", 1), ("earlier_by", -1)):
        value = slot_value(handler_input, name)
        seconds = parse_duration(value) if value else None
        if seconds and 0 < seconds <= 12 * 3600:
            return sign * round(seconds / 60)
    return None


class MoveReminderHandler(AbstractRequestHandler):
    """'Move my stretch reminder to ten pm', 'move my one pm walk reminder to two pm',
    'change my afternoon walk to three', 'move the evening one to six', 'push my walks back an hour'.

    The series keeps its days and its end: moving a reminder does not start it again.
    With several and no word of which, the skill names them and asks; the answer ("the
    one pm one", "the evening one") comes back within one turn, even when Alexa hears it
    as a stop. A shift said of several moves them all.
    """

    def can_handle(self, handler_input):
        if is_intent_name("MoveReminderIntent")(handler_input):
            return True
        return (is_intent_name("StopRemindersIntent")(handler_input) and state.offer_kind(handler_input) == OFFER_MOVE
                and _names_one(handler_input))

    def handle(self, handler_input):
        if slot_value(handler_input, "how_to"):
            # "How do I change a reminder?": how, and nothing moves.
            return _answer(handler_input, words.MOVE_HOW)
        asked, named = named_in(handler_input, OFFER_MOVE)
        pending = state.pending_offer(handler_input)
        said_time = _time_slot(handler_input, "time")
        #: A time the skill already said back with am or pm ("which one should move to five pm?").
        held_time = time_of(pending.get("time")) if pending.get("kind") == OFFER_MOVE and said_time is None else None
        shift = _shift_from_slots(handler_input)
        state.clear_offer(handler_input)
        if asked.not_ours:
            return _answer(handler_input, words.NOT_MINE)
        kind = asked.ours
        if kind is None and not named.one and said_time is None and held_time is None and shift is None:
            return replies.send(handler_input, Reply(words.MOVE_WHICH_KIND, reprompt=words.MOVE_WHICH_KIND))
        if not records.permitted(handler_input):
            return _cant_check(handler_input, ReminderApiError(PERMISSION))
        try:
            ours = records.listed(handler_input)
        except ReminderApiError as error:
            return _cant_check(handler_input, error)
        if kind is None:
            of_kind = ours
            if not named.one and len({r.kind for r in ours}) > 1:
                return replies.send(handler_input, Reply(words.MOVE_WHICH_KIND, reprompt=words.MOVE_WHICH_KIND))
        else:
            of_kind = records.of_kind(ours, kind)
            if not of_kind and any(r.kind is None for r in ours):
                new_time = held_time or (time_as_meant(None, said_time) if said_time else None)
                held = {"time": "{:02d}:{:02d}".format(*new_time)} if new_time else {}
                return _kind_not_known(handler_input, kind, ours, OFFER_MOVE, **held)
        if not of_kind:
            return _answer(handler_input, _said(words.MOVE_NONE, kind=_name(kind)))
        chosen = choose(of_kind, named, kind)
        if chosen.problem:
            return _answer(handler_input, chosen.problem)
        candidates = chosen.reminders
        group_kind = kind or one_kind(candidates)
        if shift is not None and said_time is None and held_time is None:
            return _answer(handler_input, self._shift_all(handler_input, group_kind, candidates, shift))
        if len(candidates) > 1 and named.from_time is not None and (said_time or held_time):
            if kind is None and len({r.kind for r in candidates}) > 1:
                # "The one pm one" when a walk and a sitting break are both at one: which kind
                # is asked, never both moved.
                return replies.send(handler_input, Reply(words.MOVE_WHICH_KIND, reprompt=words.MOVE_WHICH_KIND))
            # Several of a kind at the very time named ("the ten am one") move together.
            new_time = held_time or new_time_as_meant(group_kind, said_time, candidates[0].time)
            return _answer(handler_input, self._move_all(handler_input, group_kind, candidates, new_time))
        if len(candidates) > 1:
            middle = candidates[len(candidates) // 2].time
            new_time = held_time or (new_time_as_meant(group_kind, said_time, middle) if said_time else None)
            return self._ask_which(handler_input, group_kind, candidates, new_time)
        (reminder,) = candidates
        if said_time is None and held_time is None:
            return replies.send(handler_input, Reply(words.MOVE_WHICH_TIME, reprompt=words.MOVE_WHICH_TIME))
        new_time = held_time or new_time_as_meant(reminder.kind, said_time, reminder.time)
        return _answer(handler_input, self._move_one(handler_input, reminder.kind, reminder, new_time,
                                                     one_of_several=len(of_kind) > 1))

    @staticmethod
    def _ask_which(handler_input, kind, candidates, new_time):
        name, times = _name(kind), _times_of(candidates)
        example = time_words(*candidates[-1].time)
        if new_time is None:
            later = time_words((candidates[-1].time[0] + 1) % 24, candidates[-1].time[1])
            speech = _said(words.MOVE_WHICH_ONE_AND_TIME, kind=name, times=times, example=example, later=later)
            return replies.send(handler_input, Reply(speech, reprompt=speech))
        time = time_words(*new_time)
        response = replies.send(handler_input, Reply(
            _said(words.MOVE_WHICH_ONE, kind=name, times=times, time=time, example=example),
            reprompt=_said(words.MOVE_WHICH_ONE_REPROMPT, kind=name, time=time, example=example)))
        state.set_offer(handler_input, OFFER_MOVE, time=f"{new_time[0]:02d}:{new_time[1]:02d}",
                        **({"reminder_kind": kind} if kind else {}))
        return response

    @staticmethod
    def _update(handler_input, kind, reminder: Reminder, new_time):
        """Move ``reminder`` to ``new_time``; its new spec, or None when its series ends first."""
        spec = moved_spec(kind, reminder.state, new_time, _local_now(handler_input))
        if spec.starts > spec.ends:
            return None
        turn = turn_of(handler_input)
        turn.reminders.update(reminder.id, spec, _locale(handler_input), turn.time_zone, turn.now)
        return spec

    def _move_one(self, handler_input, kind, reminder: Reminder, new_time, one_of_several) -> str:
        name, before = _name(kind), time_words(*reminder.time)
        try:
            spec = self._update(handler_input, kind, reminder, new_time)
        except ReminderApiError as error:
            logger.info("moving a reminder failed: %s", error.reason)
            return words.MOVE_FAILED.format(time=before)
        if spec is None:
            return _said(words.MOVE_SERIES_OVER, kind=name)
        template = words.MOVED_ONE_OF_SEVERAL if one_of_several else words.MOVED
        return _said(template, kind=name, time=time_words(*new_time), time_before=before,
                     until=date_words(spec.ends))

    def _shift_all(self, handler_input, kind, reminders, minutes) -> str:
        """Move every one of ``reminders`` by ``minutes``; what to say."""
        if len(reminders) == 1:
            return self._move_one(handler_input, kind, reminders[0], shifted(reminders[0].state, minutes),
                                  one_of_several=False)
        return self._move_all(handler_input, kind, reminders, minutes=minutes)

    def _move_all(self, handler_input, kind, reminders, new_time=None, minutes=0) -> str:
        """Move every one of ``reminders`` to ``new_time``, or by ``minutes``; what to say."""
        moved = []
        for reminder in reminders:
            try:
                spec = self._update(handler_input, reminder.kind, reminder,
                                    new_time or shifted(reminder.state, minutes))
            except ReminderApiError as error:
                logger.info("moving reminders failed after %d: %s", len(moved), error.reason)
                return _said(words.MOVE_SOME_FAILED, kind=_name(kind))
            if spec is not None:
                moved.append(spec)
        if not moved:
            return _said(words.MOVE_SERIES_OVER, kind=_name(kind))
        return _said(words.MOVED_ALL, kind=_name(kind), until=date_words(moved[0].ends),
                     times=list_words([time_words(*t) for t in sorted({(s.hour, s.minute) for s in moved})]))


# -- yes and no to this module's offers ------------------------------------------------------------

def _stretch_reminder_yes(handler_input, offer):
    """'Yes' to "shall I set a bedtime stretch reminder?"."""
    return set_reminders(handler_input, ReminderPlan("stretch"))


def _okay_no_reminder(handler_input, offer):
    """'No' to setting reminders."""
    return _answer(handler_input, words.FEELS_BETTER_DECLINED)


def _choose_kind_yes(handler_input, offer):
    """'Yes' to "walks, stretching or sitting breaks?": ask again which."""
    response = replies.send(handler_input, Reply(words.WHICH_KIND, reprompt=words.WHICH_KIND_REPROMPT))
    state.set_offer(handler_input, OFFER_CHOOSE_KIND)
    return response


def _work_hours_yes(handler_input, offer):
    """'Yes' to the invitation to name working hours: ask for them."""
    return _ask_for_hours(handler_input, words.HOURS_ASK, words.SITTING_HOURS_REPROMPT)


def _sitting_hours_yes(handler_input, offer):
    """'Yes' to "shall I set sitting break reminders from nine to five?"."""
    plan = ReminderPlan.from_dict({"kind": "sitting", "per_day": words.DEFAULT_WALKS_A_DAY,
                                   "days": words.DEFAULT_DAYS,
                                   "work_hours": [time_of(offer.get("start")), time_of(offer.get("end"))]})
    if plan is None:
        return offers.nothing_offered(handler_input, offer)
    return set_reminders(handler_input, plan)


def _sitting_hours_no(handler_input, offer):
    """'No' to setting (or moving) sitting break reminders to the hours named."""
    return _answer(handler_input, words.HOURS_KEPT if offer.get("moving") is True else words.FEELS_BETTER_DECLINED)


#: What "yes" and "no" do to this module's offers (``handlers.offers``). OFFER_MOVE and
#: OFFER_STOP ("which one?") are answered by naming one, not by yes or no.
OFFER_ANSWERS = {
    OFFER_STRETCH: offers.OfferAnswers(_stretch_reminder_yes, _okay_no_reminder),
    OFFER_CHOOSE_KIND: offers.OfferAnswers(_choose_kind_yes, _okay_no_reminder),
    OFFER_WORK_HOURS: offers.OfferAnswers(_work_hours_yes),
    OFFER_SITTING_HOURS: offers.OfferAnswers(_sitting_hours_yes, _sitting_hours_no),
    OFFER_STOP_ALL: offers.OfferAnswers(_stop_all_yes, _stop_all_no),
    OFFER_STOP_HOW: offers.OfferAnswers(_stop_how_yes, _stop_all_no),
}

#: Registered before the sessions handlers: the permission answer is routed by its token.
HANDLERS = (
    ReminderPermissionResponseHandler(),
    SetReminderHandler(),
    ChosenReminderKindHandler(),
    ListRemindersHandler(),
    StopRemindersHandler(),
    MoveReminderHandler(),
    BackFeelsBetterHandler(),
)
