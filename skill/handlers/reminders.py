"""Reminders between conversations: walks, bedtime stretches, sitting breaks.

"Remind me to walk three times a day": the skill picks times that fit the
guide in the user's time zone, sets recurring Alexa reminders (through
``services.reminders``) that end by themselves after a week (or the period
asked for), and says it all in one breath. Without the reminders permission
it asks by voice (``Connections.SendRequest`` AskFor, token prefixed
``TOKEN_PREFIX``) and picks the plan up again from the ``Connections.Response``;
every API failure is answered in words, with the permission card where it helps.

Walk reminders only past the first day of the pain, stretch reminders only
once the user has said the back feels better (``skill.memory``). Nothing
about reminders is kept in the session or in memory but that one date: the
API lists the skill's own reminders, and each one's kind is read back from
its spoken text. Logs name kinds and outcomes only.
"""

import datetime
import json
import logging
from typing import NamedTuple, Optional

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model.ui import AskForPermissionsConsentCard, SimpleCard

from .. import state
from ..content import prompts
from ..content import reminders as words
from ..services import clock
from ..services.api_calls import PERMISSION
from ..services.iso8601 import parse_duration
from ..services.reminders import (
    REMINDERS_SCOPE,
    ReminderApiError,
    ReminderService,
    ReminderSpec,
)
from ..speech import Reply, join, number_words, to_ssml
from ..turn import memory_for, turn_of
from . import offers, replies
from .our_reminders import our_reminders, reminders_permitted
from .slots import resolved_slot, slot_value

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "bsc-reminders:"
KINDS = ("walk", "stretch", "sitting")
KIND_BY_ID = {"WALK": "walk", "STRETCH": "stretch", "SITTING": "sitting"}
#: Offer kind: "yes" sets a bedtime stretch reminder.
OFFER_STRETCH = "stretch_reminder"


class ReminderPlan(NamedTuple):
    """A series to set: its kind, walks a day (walks), working hours (sitting), for how many days."""

    kind: str
    per_day: int = words.DEFAULT_WALKS_A_DAY
    days: int = words.DEFAULT_DAYS
    #: What was changed from what the user asked: "per_day", "days" (said once, when set).
    adjusted: tuple = ()
    #: Sitting breaks: the working day as ((hour, minute), (hour, minute)); None: the default.
    work_hours: tuple | None = None

    def as_dict(self) -> dict:
        return {"kind": self.kind, "per_day": self.per_day, "days": self.days,
                "adjusted": list(self.adjusted),
                "work_hours": [list(t) for t in self.work_hours] if self.work_hours else None}

    @classmethod
    def from_dict(cls, data) -> Optional["ReminderPlan"]:
        if not isinstance(data, dict) or data.get("kind") not in KINDS:
            return None
        per_day, days = data.get("per_day"), data.get("days")
        if per_day not in words.WALK_TIMES or not isinstance(days, int) or isinstance(days, bool):
            return None
        if not words.MIN_DAYS <= days <= words.MAX_DAYS:
            return None
        adjusted = tuple(a for a in data.get("adjusted") or () if a in ("per_day", "days"))
        work_hours = data.get("work_hours")
        if work_hours is not None:
            try:
                work_hours = tuple((int(h), int(m)) for h, m in work_hours)
            except (TypeError, ValueError):
                return None
            if working_day_minutes(work_hours) is None:
                return None
        return cls(data["kind"], per_day, days, adjusted, work_hours)

    def times(self):
        if self.kind == "walk":
            return words.WALK_TIMES[self.per_day]
        if self.kind == "stretch":
            return (words.STRETCH_TIME,)
        return hourly_times(self.work_hours or words.DEFAULT_WORK_HOURS)


def working_day_minutes(work_hours) -> int | None:
    """The length of a working day ((hour, minute), (hour, minute)) in minutes; None if unusable."""
    if len(work_hours) != 2:
        return None
    (start_hour, start_minute), (end_hour, end_minute) = work_hours
    if not (0 <= start_hour < 24 and 0 <= end_hour < 24 and 0 <= start_minute < 60 and 0 <= end_minute < 60):
        return None
    length = (end_hour * 60 + end_minute) - (start_hour * 60 + start_minute)
    if not words.MIN_WORK_HOURS * 60 <= length <= words.MAX_WORK_HOURS * 60:
        return None
    return length


def hourly_times(work_hours) -> tuple:
    """On the hour inside the working day: an hour after it starts, to an hour before it ends."""
    (start_hour, minute), _ = work_hours
    length = working_day_minutes(work_hours)
    return tuple((start_hour + n, minute) for n in range(1, length // 60) if start_hour + n < 24)


def working_day_as_meant(start, end):
    """Times said without am or pm, read as the working day people mean ("nine to five": 9 to 17).

    ``start`` and ``end`` are (hour, minute) as AMAZON.TIME gave them; an end at or
    before the start is in the afternoon, and a start before six is too ("one to five").
    """
    (start_hour, start_minute), (end_hour, end_minute) = start, end
    if start_hour < words.EARLIEST_MORNING_START and end_hour < 12:
        start_hour += 12
    if (end_hour, end_minute) <= (start_hour, start_minute) and end_hour < 12:
        end_hour += 12
    return (start_hour, start_minute), (end_hour, end_minute)


# -- reading the request ---------------------------------------------------------------------------

def _kind_from_slot(handler_input) -> str | None:
    heard, value_id = resolved_slot(handler_input, "reminder_kind")
    if value_id in KIND_BY_ID:
        return KIND_BY_ID[value_id]
    heard = (heard or "").lower()
    for word, kind in (("walk", "walk"), ("stretch", "stretch"), ("sit", "sitting"), ("get up", "sitting")):
        if word in heard:
            return kind
    return None


def plan_from_request(handler_input, kind) -> ReminderPlan:
    """The plan for what was said: walks a day and the period, kept inside the guide's range."""
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
    work_hours = None
    if kind == "sitting":
        start = _time_from_slot(slot_value(handler_input, "start_time"))
        end = _time_from_slot(slot_value(handler_input, "end_time"))
        if start is not None and end is not None:
            work_hours = working_day_as_meant(start, end)
    return ReminderPlan(kind, per_day, days, tuple(adjusted), work_hours)


def work_hours_unusable(handler_input) -> bool:
    """Whether the user named working hours that cannot be used (a start alone, too short, too long)."""
    start, end = (slot_value(handler_input, name) for name in ("start_time", "end_time"))
    if start is None and end is None:
        return False
    start, end = _time_from_slot(start), _time_from_slot(end)
    if start is None or end is None:
        return True
    return working_day_minutes(working_day_as_meant(start, end)) is None


def _locale(handler_input) -> str:
    return getattr(handler_input.request_envelope.request, "locale", None) or "en-US"


def reminder_service(handler_input) -> ReminderService:
    """The request's one ``ReminderService`` (after a time-out, no further call is tried)."""
    return turn_of(handler_input).reminders


# -- saying times ------------------------------------------------------------------------------------

def time_words(hour: int, minute: int) -> str:
    """'ten am', 'nine thirty pm', 'noon'."""
    if (hour, minute) == (12, 0):
        return "noon"
    suffix = "am" if hour < 12 else "pm"
    twelve = hour % 12 or 12
    said = number_words(twelve)
    if minute:
        said += " " + (f"oh {number_words(minute)}" if minute < 10 else number_words(minute))
    return f"{said} {suffix}"


def list_words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _date_words(day: datetime.date) -> str:
    from ..content.memory import MONTH_NAMES

    return f"{MONTH_NAMES[day.month - 1]} {day.day}"


# -- setting a series ----------------------------------------------------------------------------------

def specs_for(plan: ReminderPlan, local_now: datetime.datetime) -> list[ReminderSpec]:
    """The reminders of ``plan``, starting today if its first time is still ahead, else tomorrow."""
    times = plan.times()
    today = local_now.date()
    first = min(times)
    starts = today if (local_now.hour, local_now.minute) < first else today + datetime.timedelta(days=1)
    ends = starts + datetime.timedelta(days=plan.days - 1)
    days = words.WORK_DAYS if plan.kind == "sitting" else None
    return [ReminderSpec(hour, minute, words.REMINDER_TEXT[plan.kind], starts, ends, days)
            for hour, minute in times]


def _local_now(handler_input) -> datetime.datetime:
    turn = turn_of(handler_input)
    zone = clock.zone(turn.time_zone) or datetime.UTC
    return turn.now.astimezone(zone)


def _failure_reply(handler_input, reason: str, lead: str | None = None):
    speech = join(lead, words.NO_REMINDER_REASON.get(reason, words.NO_REMINDER_REASON["server"]))
    response = replies.send(handler_input, Reply(
        join(speech, prompts.ANYTHING_ELSE), reprompt=prompts.HELP_GENERAL,
        card_title=words.CARD_TITLE, card_text=join(speech, words.CARD_FOOTER)))
    if reason in ("denied", "not_answered", PERMISSION):
        handler_input.response_builder.set_card(AskForPermissionsConsentCard(permissions=[REMINDERS_SCOPE]))
    return response


def set_reminders(handler_input, plan: ReminderPlan, lead: str | None = None,
                  permission_just_granted: bool = False):
    """Set ``plan``'s reminders: ask for permission, or create them and say so in one breath."""
    state.clear_offer(handler_input)
    if not permission_just_granted and not reminders_permitted(handler_input):
        return ask_for_reminder_permission(handler_input, plan, lead=lead)
    local_now = _local_now(handler_input)
    specs = specs_for(plan, local_now)
    turn = turn_of(handler_input)
    service = reminder_service(handler_input)
    try:
        earlier = [r for _, r in our_reminders(handler_input, plan.kind)]
        service.create_all(specs, _locale(handler_input), turn.time_zone, turn.now)
    except ReminderApiError as error:
        logger.info("%s reminders not set: %s", plan.kind, error.reason)
        return _failure_reply(handler_input, error.reason, lead=lead)
    # The new series is made before the old one goes, so a failure leaves the old one as it was.
    left = _delete_all_of(handler_input, earlier)
    logger.info("%s reminders set: %d (replacing %d, %d left)", plan.kind, len(specs), len(earlier), left)
    times = list_words([time_words(s.hour, s.minute) for s in specs])
    said = words.SET[plan.kind].format(
        times=times, until=_date_words(specs[0].ends),
        first=time_words(specs[0].hour, specs[0].minute), last=time_words(specs[-1].hour, specs[-1].minute))
    name = words.KIND_NAME[plan.kind]
    extra = []
    if earlier:
        extra.append((words.REPLACE_INCOMPLETE if left else words.REPLACED).format(kind=name))
    if "per_day" in plan.adjusted:
        extra.append(words.WALK_TIMES_ADJUSTED.format(count=number_words(plan.per_day)))
    if "days" in plan.adjusted:
        extra.append(words.PERIOD_ADJUSTED.format(days=number_words(plan.days)))
    if plan.kind == "sitting":
        extra.append(words.SITTING_HONEST)
    if plan.kind == "sitting":
        # One breath: the hours just named need no "to change them"; unnamed ones say how to name them.
        if plan.work_hours is None:
            extra.append(words.SITTING_OTHER_HOURS)
    else:
        extra.append(words.CHANGE_IT.format(kind=name))
    speech = join(lead, said, *extra)
    return replies.send(handler_input, Reply(
        join(speech, prompts.ANYTHING_ELSE), reprompt=prompts.HELP_GENERAL,
        card_title=words.CARD_TITLE, card_text=join(speech, words.CARD_FOOTER)))


def _delete_all_of(handler_input, reminders) -> int:
    """Delete the reminders of a replaced series; how many are left (after a failure, the rest)."""
    for done, reminder in enumerate(reminders):
        try:
            reminder_service(handler_input).delete(reminder.id)
        except ReminderApiError as error:
            logger.warning("an earlier reminder was not deleted: %s", error.reason)
            return len(reminders) - done
    return 0


def _token_for(plan: ReminderPlan) -> str:
    return TOKEN_PREFIX + json.dumps(plan.as_dict(), separators=(",", ":"), sort_keys=True)


def plan_from_token(token) -> ReminderPlan | None:
    if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX) or len(token) > 500:
        return None
    try:
        return ReminderPlan.from_dict(json.loads(token[len(TOKEN_PREFIX):]))
    except ValueError:
        return None


def ask_for_reminder_permission(handler_input, plan: ReminderPlan, lead: str | None = None):
    """Hand over to Alexa's voice permission prompt; the plan travels in the token."""
    from ask_sdk_model.interfaces.connections import SendRequestDirective

    directive = SendRequestDirective(
        name="AskFor",
        payload={"@type": "AskForPermissionsConsentRequest", "@version": "1",
                 "permissionScope": REMINDERS_SCOPE},
        token=_token_for(plan))
    logger.info("asking for reminders permission for %s reminders", plan.kind)
    # As for timers: Alexa takes the conversation from here, so no reprompt and no
    # shouldEndSession, which a Reply cannot say.
    speech = join(lead, words.ASK_PERMISSION)
    builder = handler_input.response_builder
    builder.speak(to_ssml(speech))
    builder.set_card(SimpleCard(title=words.CARD_TITLE, content=speech))
    builder.add_directive(directive)
    state.expire_unanswered_offer(handler_input)
    return builder.response


def gate(handler_input, kind) -> str | None:
    """Why this kind is not offered now (words to say), or None when it helps now."""
    memory = memory_for(handler_input)
    if kind == "walk":
        day = memory.pain_day()
        if day is None:
            return words.WALK_START_UNKNOWN
        if day <= 1:
            return words.WALK_FIRST_DAY
    if kind == "stretch" and not memory.back_feels_better():
        return words.STRETCH_NOT_YET
    return None


# -- handlers ----------------------------------------------------------------------------------------------

class SetReminderHandler(AbstractRequestHandler):
    """'Remind me to walk three times a day', 'remind me to stretch at bedtime', 'every half hour'."""

    def can_handle(self, handler_input):
        return is_intent_name("SetReminderIntent")(handler_input)

    def handle(self, handler_input):
        kind = _kind_from_slot(handler_input)
        if kind is None:
            return replies.send(handler_input, Reply(words.WHICH_KIND, reprompt=words.WHICH_KIND_REPROMPT))
        not_now = gate(handler_input, kind)
        if not_now is not None:
            return replies.send(handler_input, Reply(not_now, reprompt=prompts.HELP_GENERAL))
        if kind == "sitting" and work_hours_unusable(handler_input):
            return replies.send(handler_input, Reply(words.SITTING_HOURS_UNUSABLE,
                                                     reprompt=words.SITTING_HOURS_REPROMPT))
        return set_reminders(handler_input, plan_from_request(handler_input, kind))


class ReminderPermissionResponseHandler(AbstractRequestHandler):
    """Alexa's answer to the reminders permission request (its token names this module)."""

    def can_handle(self, handler_input):
        request = handler_input.request_envelope.request
        return (is_request_type("Connections.Response")(handler_input)
                and getattr(request, "name", None) == "AskFor"
                and str(getattr(request, "token", "") or "").startswith(TOKEN_PREFIX))

    def handle(self, handler_input):
        request = handler_input.request_envelope.request
        plan = plan_from_token(request.token)
        payload = request.payload if isinstance(request.payload, dict) else {}
        code = str(getattr(getattr(request, "status", None), "code", "200") or "200")
        answer = payload.get("status")
        logger.info("reminders permission answer: %s",
                    answer if answer in ("ACCEPTED", "DENIED", "NOT_ANSWERED") else "other")
        if code == "200" and answer == "ACCEPTED":
            if plan is None:
                return replies.send(handler_input, Reply(
                    words.ACCEPTED_NOTHING_PENDING, reprompt=prompts.ANYTHING_ELSE))
            return set_reminders(handler_input, plan, lead=words.THANKS, permission_just_granted=True)
        reason = {"DENIED": "denied", "NOT_ANSWERED": "not_answered"}.get(answer, PERMISSION)
        return _failure_reply(handler_input, reason if code == "200" else PERMISSION)


def _cant_check(handler_input, error):
    speech = words.CANT_CHECK.get(error.reason, words.CANT_CHECK["server"])
    response = replies.send(handler_input, Reply(join(speech, prompts.ANYTHING_ELSE),
                                                 reprompt=prompts.HELP_GENERAL))
    if error.reason == PERMISSION:
        handler_input.response_builder.set_card(AskForPermissionsConsentCard(permissions=[REMINDERS_SCOPE]))
    return response


def _times_of(reminders) -> str:
    ordered = sorted((r.hour or 0, r.minute or 0) for r in reminders)
    return list_words([time_words(h, m) for h, m in ordered])


def _kind_list_words(kind, reminders) -> str:
    """'a stretch reminder at ten pm', 'walk reminders at ten am, one pm and four pm',
    'sitting break reminders every hour from ten am to four pm'."""
    name = words.KIND_NAME[kind]
    if len(reminders) == 1:
        return words.ONE_OF_KIND.format(kind=name, times=_times_of(reminders))
    ordered = sorted((r.hour or 0, r.minute or 0) for r in reminders)
    hourly = all(later == (hour + 1, minute) for (hour, minute), later in zip(ordered, ordered[1:], strict=False))
    if hourly and len(ordered) >= 3:
        return words.HOURLY_OF_KIND.format(kind=name, first=time_words(*ordered[0]),
                                           last=time_words(*ordered[-1]))
    return words.SEVERAL_OF_KIND.format(kind=name, times=_times_of(reminders))


class ListRemindersHandler(AbstractRequestHandler):
    """'What reminders do I have?'"""

    def can_handle(self, handler_input):
        return is_intent_name("ListRemindersIntent")(handler_input)

    def handle(self, handler_input):
        if not reminders_permitted(handler_input):
            return _cant_check(handler_input, ReminderApiError(PERMISSION))
        try:
            ours = our_reminders(handler_input)
        except ReminderApiError as error:
            return _cant_check(handler_input, error)
        if not ours:
            speech = words.NONE_SET
        else:
            items = []
            for kind in KINDS:
                of_kind = [r for k, r in ours if k == kind]
                if of_kind:
                    items.append(_kind_list_words(kind, of_kind))
            speech = words.LIST.format(items=list_words(items))
        return replies.send(handler_input, Reply(join(speech, prompts.ANYTHING_ELSE),
                                                 reprompt=prompts.HELP_GENERAL))


class StopRemindersHandler(AbstractRequestHandler):
    """'Stop my walk reminders', 'cancel all my reminders'."""

    def can_handle(self, handler_input):
        return is_intent_name("StopRemindersIntent")(handler_input)

    def handle(self, handler_input):
        kind = _kind_from_slot(handler_input)
        if not reminders_permitted(handler_input):
            return _cant_check(handler_input, ReminderApiError(PERMISSION))
        try:
            ours = our_reminders(handler_input, kind)
            for _, reminder in ours:
                reminder_service(handler_input).delete(reminder.id)
        except ReminderApiError as error:
            if error.reason == PERMISSION:
                return _cant_check(handler_input, error)
            return replies.send(handler_input, Reply(join(words.STOP_FAILED, prompts.ANYTHING_ELSE),
                                                     reprompt=prompts.HELP_GENERAL))
        if not ours:
            speech = words.NONE_OF_KIND.format(kind=words.KIND_NAME[kind]) if kind else words.NONE_SET
        else:
            speech = words.STOPPED.format(kind=words.KIND_NAME[kind]) if kind else words.STOPPED_ALL
        logger.info("stopped %d reminder(s)", len(ours))
        return replies.send(handler_input, Reply(join(speech, prompts.ANYTHING_ELSE),
                                                 reprompt=prompts.HELP_GENERAL))


def _time_from_slot(value: str | None):
    """(hour, minute) from an AMAZON.TIME value such as "22:00"; None for "EV", "NI" and the like."""
    if not value or len(value) != 5 or value[2] != ":":
        return None
    try:
        hour, minute = int(value[:2]), int(value[3:])
    except ValueError:
        return None
    return (hour, minute) if 0 <= hour < 24 and 0 <= minute < 60 else None


ORDINAL_INDEX = {"FIRST": 0, "SECOND": 1, "THIRD": 2, "FOURTH": 3, "LAST": -1}
#: "My afternoon walk": the part of the day a reminder is in, by its hour.
PART_OF_DAY = {"MORNING": range(0, 12), "AFTERNOON": range(12, 17), "EVENING": range(17, 24)}
#: Offer kind: "which one should move?" was asked; it holds the reminder kind and the new time.
OFFER_MOVE = "move_reminder"


def time_as_meant(kind: str, time):
    """A reminder time as the person means it, when it may have been said without am or pm.

    Alexa gives "three" as 03:00. Nobody walks or sits at a desk at three in the morning,
    and the stretch is at bedtime: so one to six is afternoon for walks and sitting breaks,
    and one to eleven is evening for the bedtime stretch. The answer says the time with am
    or pm, so a wrong reading is heard at once.
    """
    hour, minute = time
    if 1 <= hour <= 11 and (kind == "stretch" or hour < words.EARLIEST_MORNING_REMINDER):
        hour += 12
    return hour, minute


def _at(reminder, time) -> bool:
    """Whether ``reminder`` goes off at ``time``, said with or without am or pm."""
    hour, minute = time
    readings = {(hour, minute), (hour + 12, minute)} if hour < 12 else {(hour, minute)}
    return (reminder.hour, reminder.minute) in readings


class MoveRequest(NamedTuple):
    kind: str | None
    new_time: tuple | None
    from_time: tuple | None
    which: str | None
    #: Minutes later (negative: earlier), from "push it back an hour".
    shift: int | None


def _shift_from_slots(handler_input) -> int | None:
    for name, sign in (("later_by", 1), ("earlier_by", -1)):
        value = slot_value(handler_input, name)
        seconds = parse_duration(value) if value else None
        if seconds and 0 < seconds <= 12 * 3600:
            return sign * round(seconds / 60)
    return None


def _move_request(handler_input) -> MoveRequest:
    """What was asked, topped up by a pending "which one?" question.

    "Move my walk reminder to two pm", then "the one pm one": the second turn names only
    which one, and the question asked in the first holds the rest.
    """
    kind = _kind_from_slot(handler_input)
    new_time = _time_from_slot(slot_value(handler_input, "time"))
    from_time = _time_from_slot(slot_value(handler_input, "from_time"))
    _, which = resolved_slot(handler_input, "which")
    pending = state.pending_offer(handler_input)
    if pending.get("kind") == OFFER_MOVE:
        kind = kind or (pending.get("reminder_kind") if pending.get("reminder_kind") in KINDS else None)
        if new_time is None:
            new_time = _time_from_slot(pending.get("time"))
    which = which if which in ORDINAL_INDEX or which in PART_OF_DAY else None
    return MoveRequest(kind, new_time, from_time, which, _shift_from_slots(handler_input))


def _shifted(reminder, minutes: int):
    total = ((reminder.hour or 0) * 60 + (reminder.minute or 0) + minutes) % (24 * 60)
    return divmod(total, 60)


class MoveReminderHandler(AbstractRequestHandler):
    """'Move my stretch reminder to ten pm', 'move my one pm walk reminder to two pm',
    'change my afternoon walk to three', 'push my walks back an hour'.

    The series keeps its days and its end: moving a reminder does not start it again.
    With several of a kind and no word of which, the skill names them and asks; the
    answer ("the one pm one") comes back within one turn. A shift ("an hour later")
    said of several moves them all.
    """

    def can_handle(self, handler_input):
        return is_intent_name("MoveReminderIntent")(handler_input)

    def handle(self, handler_input):
        asked = _move_request(handler_input)
        state.clear_offer(handler_input)
        kind = asked.kind
        if kind is None and asked.from_time is None:
            return replies.send(handler_input, Reply(words.MOVE_WHICH_KIND, reprompt=words.MOVE_WHICH_KIND))
        if not reminders_permitted(handler_input):
            return _cant_check(handler_input, ReminderApiError(PERMISSION))
        try:
            ours = our_reminders(handler_input, kind)
        except ReminderApiError as error:
            return _cant_check(handler_input, error)
        if kind is None:
            # Only a time was named ("move my ten pm reminder"): its kind is the reminder's own.
            kinds = {k for k, r in ours if _at(r, asked.from_time)}
            kind = kinds.pop() if len(kinds) == 1 else None
            if kind is None:
                return replies.send(handler_input, Reply(words.MOVE_WHICH_KIND, reprompt=words.MOVE_WHICH_KIND))
            ours = [(k, r) for k, r in ours if k == kind]
        name = words.KIND_NAME[kind]
        of_kind = sorted((r for _, r in ours), key=lambda r: (r.hour or 0, r.minute or 0))
        if not of_kind:
            return self._say(handler_input, words.MOVE_NONE.format(kind=name))
        times = _times_of(of_kind)
        new_time = time_as_meant(kind, asked.new_time) if asked.new_time else None
        candidates = of_kind
        if asked.from_time is not None:
            candidates = [r for r in of_kind if _at(r, asked.from_time)]
            if not candidates:
                return self._say(handler_input, words.MOVE_NOT_THERE.format(
                    kind=name, time=time_words(*time_as_meant(kind, asked.from_time)), times=times))
        elif asked.which in ORDINAL_INDEX:
            index = ORDINAL_INDEX[asked.which]
            if index >= len(of_kind):
                return self._say(handler_input, words.MOVE_NOT_THAT_MANY.format(
                    count=number_words(len(of_kind)), kind=name, times=times))
            candidates = [of_kind[index]]
        elif asked.which in PART_OF_DAY:
            candidates = [r for r in of_kind if (r.hour or 0) in PART_OF_DAY[asked.which]]
            if not candidates:
                return self._say(handler_input, words.MOVE_NONE_THEN.format(
                    part=words.PART_OF_DAY_NAME[asked.which], kind=name, times=times))
        if asked.shift is not None and new_time is None:
            return self._say(handler_input, self._shift_all(handler_input, kind, candidates, asked.shift))
        if len(candidates) > 1:
            return self._ask_which(handler_input, kind, candidates, new_time)
        if new_time is None:
            return replies.send(handler_input, Reply(words.MOVE_WHICH_TIME, reprompt=words.MOVE_WHICH_TIME))
        return self._say(handler_input, self._move_one(handler_input, kind, candidates[0], new_time,
                                                       one_of_several=len(of_kind) > 1))

    @staticmethod
    def _say(handler_input, speech):
        return replies.send(handler_input, Reply(join(speech, prompts.ANYTHING_ELSE),
                                                 reprompt=prompts.HELP_GENERAL))

    @staticmethod
    def _ask_which(handler_input, kind, of_kind, new_time):
        name = words.KIND_NAME[kind]
        times = _times_of(of_kind)
        example = time_words(of_kind[-1].hour or 0, of_kind[-1].minute or 0)
        if new_time is None:
            later = time_words(((of_kind[-1].hour or 0) + 1) % 24, of_kind[-1].minute or 0)
            speech = words.MOVE_WHICH_ONE_AND_TIME.format(kind=name, times=times, example=example, later=later)
            return replies.send(handler_input, Reply(speech, reprompt=speech))
        time = time_words(*new_time)
        state.set_offer(handler_input, OFFER_MOVE, reminder_kind=kind, time=f"{new_time[0]:02d}:{new_time[1]:02d}")
        return replies.send(handler_input, Reply(
            words.MOVE_WHICH_ONE.format(kind=name, times=times, time=time, example=example),
            reprompt=words.MOVE_WHICH_ONE_REPROMPT.format(kind=name, time=time, example=example)))

    @staticmethod
    def _spec_for_move(handler_input, kind, reminder, new_time):
        """The reminder at ``new_time``, keeping its series' days and last day."""
        local_now = _local_now(handler_input)
        spec = specs_for(ReminderPlan(kind), local_now)[0]._replace(hour=new_time[0], minute=new_time[1])
        starts = local_now.date() + datetime.timedelta(days=1 if (local_now.hour, local_now.minute) >= new_time else 0)
        spec = spec._replace(starts=starts, days=reminder.days or spec.days)
        return spec._replace(ends=reminder.ends) if reminder.ends is not None else spec

    def _move_one(self, handler_input, kind, reminder, new_time, one_of_several) -> str:
        name = words.KIND_NAME[kind]
        spec = self._spec_for_move(handler_input, kind, reminder, new_time)
        if spec.starts > spec.ends:
            return words.MOVE_SERIES_OVER.format(kind=name)
        before = time_words(reminder.hour or 0, reminder.minute or 0)
        turn = turn_of(handler_input)
        try:
            reminder_service(handler_input).update(reminder.id, spec, _locale(handler_input),
                                                   turn.time_zone, turn.now)
        except ReminderApiError as error:
            logger.info("moving a reminder failed: %s", error.reason)
            return words.MOVE_FAILED.format(time=before)
        template = words.MOVED_ONE_OF_SEVERAL if one_of_several else words.MOVED
        return template.format(kind=name, time=time_words(*new_time), time_before=before,
                               until=_date_words(spec.ends))

    def _shift_all(self, handler_input, kind, reminders, minutes) -> str:
        """Move every one of ``reminders`` by ``minutes``; what to say."""
        if len(reminders) == 1:
            return self._move_one(handler_input, kind, reminders[0], _shifted(reminders[0], minutes),
                                  one_of_several=False)
        name = words.KIND_NAME[kind]
        turn = turn_of(handler_input)
        moved = []
        for reminder in reminders:
            spec = self._spec_for_move(handler_input, kind, reminder, _shifted(reminder, minutes))
            if spec.starts > spec.ends:
                continue
            try:
                reminder_service(handler_input).update(reminder.id, spec, _locale(handler_input),
                                                       turn.time_zone, turn.now)
            except ReminderApiError as error:
                logger.info("moving reminders failed after %d: %s", len(moved), error.reason)
                return words.MOVE_SOME_FAILED.format(kind=name)
            moved.append(spec)
        if not moved:
            return words.MOVE_SERIES_OVER.format(kind=name)
        return words.MOVED_ALL.format(
            kind=name, times=list_words([time_words(s.hour, s.minute) for s in moved]),
            until=_date_words(moved[0].ends))


class BackFeelsBetterHandler(AbstractRequestHandler):
    """'My back feels better': remember it (stretching time) and offer a bedtime stretch reminder."""

    def can_handle(self, handler_input):
        return is_intent_name("BackFeelsBetterIntent")(handler_input)

    def handle(self, handler_input):
        memory_for(handler_input).mark_back_feels_better()
        state.set_offer(handler_input, OFFER_STRETCH)
        return replies.send(handler_input, Reply(words.FEELS_BETTER, reprompt=words.FEELS_BETTER_REPROMPT))


def _stretch_reminder_yes(handler_input, offer):
    """'Yes' to "shall I set a bedtime stretch reminder?"."""
    return set_reminders(handler_input, ReminderPlan("stretch"))


def _stretch_reminder_no(handler_input, offer):
    """'No' to the bedtime stretch reminder."""
    return replies.send(handler_input, Reply(join(words.FEELS_BETTER_DECLINED, prompts.ANYTHING_ELSE),
                                             reprompt=prompts.HELP_GENERAL))


#: What "yes" and "no" do to this module's offer (skill.handlers.offers).
OFFER_ANSWERS = {OFFER_STRETCH: offers.OfferAnswers(_stretch_reminder_yes, _stretch_reminder_no)}
# OFFER_MOVE ("which one should move?") is answered by MoveReminderIntent, not by yes or no.


#: Registered before the sessions handlers: the permission answer is routed by its token.
HANDLERS = (
    ReminderPermissionResponseHandler(),
    SetReminderHandler(),
    ListRemindersHandler(),
    StopRemindersHandler(),
    MoveReminderHandler(),
    BackFeelsBetterHandler(),
)
