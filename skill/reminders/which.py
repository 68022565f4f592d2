"""Which of the skill's reminders a person means: by its time, its place, or its part of the day.

"The one pm one", "the second walk", "the evening one". ``pick`` chooses among
reminders already narrowed to a kind (or all of them); when none fits it says why,
and the handler says that in words.
"""

from typing import NamedTuple

from .records import Reminder
from .times import PART_OF_DAY, goes_off_at

ORDINAL_INDEX = {"FIRST": 0, "SECOND": 1, "THIRD": 2, "FOURTH": 3, "LAST": -1}

#: Why nothing fits what was named.
NOT_THERE = "not_there"          # none at the time named
NOT_THAT_MANY = "not_that_many"  # "the fourth" of three
NONE_THEN = "none_then"          # none in the part of the day named


class Named(NamedTuple):
    """Which reminder was named, if one was: by its time, its part of the day, or its place."""

    #: (hour, minute): "the one pm one", "my three pm walk reminder".
    from_time: tuple | None = None
    #: MORNING, AFTERNOON or EVENING: "the evening one".
    part: str | None = None
    #: An ``ORDINAL_INDEX`` key: "the second one".
    which: str | None = None

    @property
    def one(self) -> bool:
        """Whether one reminder (or one part of the day) was named, not a whole kind."""
        return bool(self.from_time or self.part or self.which)


class Picked(NamedTuple):
    """The reminders named, or why none fits (``problem``: one of the reasons above)."""

    reminders: list[Reminder]
    problem: str | None = None


def pick(reminders: list[Reminder], named: Named) -> Picked:
    """The ones of ``reminders`` (earliest first) that ``named`` names; all when it names none."""
    if named.from_time is not None:
        found = [r for r in reminders if goes_off_at(*r.time, named.from_time)]
        return Picked(found) if found else Picked([], NOT_THERE)
    if named.which is not None:
        index = ORDINAL_INDEX[named.which]
        return Picked([reminders[index]]) if index < len(reminders) else Picked([], NOT_THAT_MANY)
    if named.part is not None:
        found = [r for r in reminders if r.time[0] in PART_OF_DAY[named.part]]
        return Picked(found) if found else Picked([], NONE_THEN)
    return Picked(list(reminders))


def one_kind(reminders: list[Reminder]) -> str | None:
    """The kind all of ``reminders`` share (None: several, or none known)."""
    kinds = {r.kind for r in reminders}
    return kinds.pop() if len(kinds) == 1 else None
