"""The skill's reminders, known by their identity: the id the Reminders API gives each one.

Every reminder the Reminders API lists for this skill is the skill's own: the
API lists no other skill's reminders and none the user set with Alexa herself.
So nothing is recognised by its words. What kind each reminder is (walk,
stretch, sitting) is kept in memory by its id when the skill sets it
(``Memory.reminder_kinds``, one field), and read back by that id; rewording
a sentence in ``content.reminders`` orphans no reminder. A reminder whose kind
memory does not know (storage off, or memory lost it) is still listed, moved,
stopped and deleted, as "a reminder". Ids the API no longer lists (finished,
or deleted in the Alexa app) are dropped from memory when the list is read.

Shared by the reminders area, "forget me" (the memory area) and disabling the
skill (lifecycle). Logs name counts and outcomes only.
"""

import logging
from typing import NamedTuple

from ..content import reminders as words
from ..permissions import VoicePermission
from ..services.reminders import REMINDERS_SCOPE, ReminderApiError, ReminderState
from ..turn import memory_for, turn_of
from .plan import KINDS

logger = logging.getLogger(__name__)

#: The voice permission protocol (``skill.permissions``), for the reminders scope.
REMINDERS_PERMISSION = VoicePermission(REMINDERS_SCOPE, token_prefix="bsc-reminders:")


class Reminder(NamedTuple):
    """One of the skill's reminders: its kind (None: not known) and the API's state of it."""

    kind: str | None
    state: ReminderState

    @property
    def id(self) -> str:
        return self.state.id

    @property
    def time(self) -> tuple[int, int]:
        return self.state.hour or 0, self.state.minute or 0


def permitted(handler_input) -> bool:
    """Whether the user has granted the reminders permission (a 401/403 can still say otherwise)."""
    return REMINDERS_PERMISSION.granted(handler_input)


def listed(handler_input, include_finished: bool = False) -> list[Reminder]:
    """Every reminder of the skill's that the API lists, earliest in the day first.

    Raises ``ReminderApiError``. Reminders that have finished are left out unless
    ``include_finished``; memory forgets the ids the API no longer lists as on.
    """
    memory = memory_for(handler_input)
    kinds = memory.reminder_kinds()
    states = turn_of(handler_input).reminders.all(include_finished=include_finished)
    on = {s.id for s in states if s.status != "COMPLETED"}
    gone = [reminder_id for reminder_id in kinds if reminder_id not in on]
    if gone:
        memory.forget_reminders(gone)
    found = [Reminder(kinds.get(s.id) if kinds.get(s.id) in KINDS else None, s) for s in states]
    return sorted(found, key=lambda r: r.time)


def of_kind(reminders: list[Reminder], kind: str | None) -> list[Reminder]:
    """The ones of ``kind`` (all of them when ``kind`` is None)."""
    return [r for r in reminders if kind is None or r.kind == kind]


def remember_set(handler_input, kind: str, reminder_ids) -> None:
    """Keep the kind of the reminders just set, by their ids."""
    memory_for(handler_input).remember_reminders({reminder_id: kind for reminder_id in reminder_ids})


class NotAllDeleted(ReminderApiError):
    """Deleting stopped part-way; ``left`` reminders are still set."""

    def __init__(self, reason: str, left: int):
        super().__init__(reason)
        self.left = left


def delete(handler_input, reminders: list[Reminder]) -> None:
    """Delete ``reminders`` in order and forget their kinds.

    Raises ``NotAllDeleted`` (a ``ReminderApiError``) when a call fails; the ones
    deleted before it are forgotten all the same.
    """
    service = turn_of(handler_input).reminders
    done = []
    try:
        for reminder in reminders:
            service.delete(reminder.id)
            done.append(reminder.id)
    except ReminderApiError as error:
        logger.warning("a reminder was not deleted: %s", error.reason)
        raise NotAllDeleted(error.reason, len(reminders) - len(done)) from None
    finally:
        memory_for(handler_input).forget_reminders(done)


def delete_all(handler_input) -> bool | None:
    """Delete every reminder of the skill's ("forget me", disabling the skill).

    True when some were deleted, False when there were none, None when it could not be done.
    """
    try:
        ours = listed(handler_input, include_finished=True)
    except ReminderApiError as error:
        logger.info("listing reminders to delete them failed: %s", error.reason)
        return None
    try:
        delete(handler_input, ours)
    except NotAllDeleted as error:
        logger.info("deleted %d reminder(s), %d left", len(ours) - error.left, error.left)
        return None
    logger.info("deleted %d reminder(s)", len(ours))
    return bool(ours)


def forget_words(handler_input) -> str | None:
    """For "forget me": delete the skill's reminders too; what to say about it (None: nothing).

    Asked before memory is erased: without the permission, the reminders memory knows of
    are said to be left.
    """
    if not permitted(handler_input):
        return words.FORGET_REMINDERS_LEFT if memory_for(handler_input).reminder_kinds() else None
    deleted = delete_all(handler_input)
    if deleted is None:
        return words.FORGET_REMINDERS_LEFT
    return words.FORGET_ALSO_STOPPED if deleted else None
