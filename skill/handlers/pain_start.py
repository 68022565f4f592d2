"""The day the back pain started: heard as Alexa gives it, kept, and said back.

Shared by the memory area ("my back started hurting yesterday") and the
safety area ("my back's been killing me since Thursday", with no sign in it).
It imports no handler area. The words are in ``content.memory``.
"""

import datetime
import re

from ..content import memory as words
from ..content import prompts
from ..services.clock import when_words
from ..speech import Reply, join
from ..turn import memory_for, turn_of
from . import replies

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NO_YEAR_DATE = re.compile(r"^XXXX-(\d{2})-(\d{2})$")

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


def answer_pain_start(handler_input, said_date: str | None):
    """Keep the day the pain started (an AMAZON.DATE value) and say what it changes.

    Kept for this session, or stored with ``BSC_KEEP_HEALTH_DETAILS`` (``skill.memory``).
    """
    today = turn_of(handler_input).today
    start, problem = pain_start_from_slot(said_date, today)
    if problem is not None:
        question = words.PAIN_START_FUTURE if problem == FUTURE else words.PAIN_START_ASK_DAY
        return replies.send(handler_input, Reply(
            question, reprompt=words.PAIN_START_ASK_REPROMPT))
    saved = memory_for(handler_input).set_pain_start(start)  # "noted" only once it is kept
    first_day = (today - start).days < 1
    return replies.send(handler_input, Reply(
        join(words.PAIN_START_HEARD.format(when=when_words(start, today)),
             words.PAIN_START_DAY_ONE if first_day else words.PAIN_START_LATER_DAY,
             prompts.ANYTHING_ELSE if saved else words.PAIN_START_NOT_SAVED),
        reprompt=words.PAIN_START_REPROMPT))
