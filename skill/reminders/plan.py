"""What a series of reminders is, when its reminders go off, and the reminders it makes.

A series is one kind (walk, stretch, sitting) with its times of day, for a
number of days; it ends by itself. The guide's choices behind the numbers
(three or four walks, a bedtime stretch, sitting breaks on the hour inside the
working day) are written down in ``skill/content/reminders.py``, beside the
words. Times said without am or pm are read as people mean them here, and the
confirmation always says am or pm, so a wrong reading is heard at once.
"""

import datetime
from typing import NamedTuple, Optional

from ..content import reminders as words
from ..services.reminders import ReminderSpec, ReminderState

KINDS = ("walk", "stretch", "sitting")
#: ReminderKindType value id -> kind; MEDICINE and OTHER name reminders the skill does not set.
KIND_BY_ID = {"WALK": "walk", "STRETCH": "stretch", "SITTING": "sitting"}
#: A reminder the skill set whose kind it does not know (memory lost it): named "a reminder".
UNKNOWN = None

Time = tuple[int, int]


class Kind(NamedTuple):
    """The kind of reminder asked about: one of ``KINDS``, or one the skill does not set."""

    ours: str | None = None
    #: "medicine" or "other": a reminder the skill does not set ("remind me to call my mom").
    not_ours: str | None = None


WorkingDay = tuple[Time, Time]


class ReminderPlan(NamedTuple):
    """A series to set: its kind, walks a day, the days it runs, and any time the user named."""

    kind: str
    per_day: int = words.DEFAULT_WALKS_A_DAY
    days: int = words.DEFAULT_DAYS
    #: What was changed from what the user asked: "per_day", "days" (said once, when set).
    adjusted: tuple = ()
    #: Sitting breaks: the working day as ((hour, minute), (hour, minute)); None: the default.
    work_hours: WorkingDay | None = None
    #: Walks and the stretch: a time of day the user named ("remind me to walk at three").
    at: Time | None = None
    #: One reminder on this day only ("remind me tomorrow morning to walk"), not a series.
    on: datetime.date | None = None

    def as_dict(self) -> dict:
        return {"kind": self.kind, "per_day": self.per_day, "days": self.days,
                "adjusted": list(self.adjusted),
                "work_hours": [list(t) for t in self.work_hours] if self.work_hours else None,
                "at": list(self.at) if self.at else None,
                "on": self.on.isoformat() if self.on else None}

    @classmethod
    def from_dict(cls, data) -> Optional["ReminderPlan"]:
        """The plan ``as_dict`` wrote, checked: it comes back through Alexa's permission token."""
        if not isinstance(data, dict) or data.get("kind") not in KINDS:
            return None
        per_day, days = data.get("per_day"), data.get("days")
        if per_day not in words.WALK_TIMES or not isinstance(days, int) or isinstance(days, bool):
            return None
        if not words.MIN_DAYS <= days <= words.MAX_DAYS:
            return None
        adjusted = tuple(a for a in data.get("adjusted") or () if a in ("per_day", "days"))
        try:
            work_hours = data.get("work_hours")
            if work_hours is not None:
                work_hours = tuple((int(h), int(m)) for h, m in work_hours)
                if working_day_minutes(work_hours) is None:
                    return None
            at = data.get("at")
            if at is not None:
                at = (int(at[0]), int(at[1]))
                if not (0 <= at[0] < 24 and 0 <= at[1] < 60):
                    return None
            on = data.get("on")
            if on is not None:
                if data["kind"] == "sitting":
                    return None
                on = datetime.date.fromisoformat(on)
        except (TypeError, ValueError, IndexError):
            return None
        return cls(data["kind"], per_day, days, adjusted, work_hours, at, on)

    def times(self) -> tuple[Time, ...]:
        """The local times of day its reminders go off, earliest first."""
        if self.on is not None:  # one reminder: the time named, else the kind's first usual time
            return (self.at or words.ONE_DAY_TIME[self.kind],)
        if self.kind == "walk":
            usual = words.WALK_TIMES[self.per_day]
            if self.at is None:
                return usual
            # The walk nearest the time named goes then; the others keep the guide's spread.
            nearest = min(usual, key=lambda t: abs(_minutes(t) - _minutes(self.at)))
            return tuple(sorted({self.at, *(t for t in usual if t != nearest)}))
        if self.kind == "stretch":
            return (self.at or words.STRETCH_TIME,)
        return hourly_times(self.work_hours or words.DEFAULT_WORK_HOURS)


def _minutes(time: Time) -> int:
    return time[0] * 60 + time[1]


# -- the working day ------------------------------------------------------------------------------

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


def hourly_times(work_hours: WorkingDay) -> tuple[Time, ...]:
    """On the hour inside the working day: an hour after it starts, to an hour before it ends."""
    (start_hour, minute), _ = work_hours
    length = working_day_minutes(work_hours)
    return tuple((start_hour + n, minute) for n in range(1, length // 60) if start_hour + n < 24)


def working_day_as_meant(start: Time | None, end: Time | None) -> WorkingDay | None:
    """The working day named, with times said without am or pm read as people mean them.

    "Nine to five" is 9 to 17: an end at or before the start is in the afternoon, and
    a start before six is too ("one to five"). A start alone ("I start at seven") or
    an end alone ("I finish at four") makes a day of the usual length
    (``DEFAULT_WORK_HOURS``); an end said alone before noon is in the afternoon.
    None when neither is named.
    """
    if start is None and end is None:
        return None
    usual = _minutes(words.DEFAULT_WORK_HOURS[1]) - _minutes(words.DEFAULT_WORK_HOURS[0])
    if start is not None:
        start_hour, start_minute = start
        if start_hour < words.EARLIEST_MORNING_START and (end is None or end[0] < 12):
            start_hour += 12
        start = (start_hour, start_minute)
    if end is None:
        return start, divmod(_minutes(start) + usual, 60)
    end_hour, end_minute = end
    if start is None:
        if end_hour < 12:
            end_hour += 12
        end = (end_hour, end_minute)
        return divmod(_minutes(end) - usual, 60), end
    if (end_hour, end_minute) <= start and end_hour < 12:
        end_hour += 12
    return start, (end_hour, end_minute)


def usable_working_day(start: Time | None, end: Time | None) -> WorkingDay | None:
    """The working day named, if the sitting reminders can cover it (two to twelve hours)."""
    day = working_day_as_meant(start, end)
    if day is None or not all(0 <= t[0] < 24 for t in day) or working_day_minutes(day) is None:
        return None
    return day


# -- times said without am or pm ----------------------------------------------------------------

def time_as_meant(kind: str | None, time: Time) -> Time:
    """A reminder time as the person means it, when it may have been said without am or pm.

    Alexa gives "three" as 03:00. Nobody walks or sits at a desk at three in the morning,
    and the stretch is at bedtime: so one to six is afternoon for walks, sitting breaks
    and reminders of a kind not known, and one to eleven is evening for the bedtime stretch.
    """
    hour, minute = time
    if 1 <= hour <= 11 and (kind == "stretch" or hour < words.EARLIEST_MORNING_REMINDER):
        hour += 12
    return hour, minute


def new_time_as_meant(kind: str | None, said: Time, now_at: Time) -> Time:
    """The time one reminder, now at ``now_at``, is moved to, when ``said`` may lack am or pm.

    As ``time_as_meant``; and seven to eleven, which people walk or sit at both morning
    and evening, is read as the one nearer the reminder's own time ("move my six pm
    walk to seven": seven pm).
    """
    hour, minute = time_as_meant(kind, said)
    if kind != "stretch" and 7 <= hour <= 11:
        morning, evening = _minutes((hour, minute)), _minutes((hour + 12, minute))
        if abs(evening - _minutes(now_at)) < abs(morning - _minutes(now_at)):
            hour += 12
    return hour, minute


def shifted(reminder: ReminderState, minutes: int) -> Time:
    """When ``reminder`` goes off once moved ``minutes`` later (negative: earlier)."""
    total = ((reminder.hour or 0) * 60 + (reminder.minute or 0) + minutes) % (24 * 60)
    return divmod(total, 60)


# -- the reminders a plan makes ---------------------------------------------------------------------

def specs_for(plan: ReminderPlan, local_now: datetime.datetime) -> list[ReminderSpec]:
    """The reminders of ``plan``, starting today if its first time is still ahead, else tomorrow."""
    times = plan.times()
    today = local_now.date()
    starts = today if (local_now.hour, local_now.minute) < min(times) else today + datetime.timedelta(days=1)
    if plan.on is not None:
        starts = max(starts, plan.on)
    ends = starts if plan.on is not None else starts + datetime.timedelta(days=plan.days - 1)
    days = words.WORK_DAYS if plan.kind == "sitting" else None
    return [ReminderSpec(hour, minute, words.REMINDER_TEXT[plan.kind], starts, ends, days)
            for hour, minute in times]


def moved_spec(kind: str | None, reminder: ReminderState, new_time: Time,
               local_now: datetime.datetime) -> ReminderSpec:
    """``reminder`` at ``new_time``, keeping its series' days and last day.

    A reminder of a known kind says the skill's current words for it; one whose kind
    is not known keeps its own words.
    """
    hour, minute = new_time
    starts = local_now.date() + datetime.timedelta(days=1 if (local_now.hour, local_now.minute) >= new_time else 0)
    text = words.REMINDER_TEXT[kind] if kind in KINDS else (reminder.text or words.REMINDER_TEXT_UNKNOWN)
    ends = reminder.ends or starts + datetime.timedelta(days=words.DEFAULT_DAYS - 1)
    days = reminder.days or (words.WORK_DAYS if kind == "sitting" else None)
    return ReminderSpec(hour, minute, text, starts, ends, days)
