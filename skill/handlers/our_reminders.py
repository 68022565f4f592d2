"""The skill's own reminders as the Reminders API lists them, and deleting them all.

Which reminders are ours, and of what kind (read back from their spoken
text, the skill's own words in ``content.reminders``); whether the reminders
permission is held; and deleting every one of ours. Shared by the reminders
area, "forget me" (the memory area) and disabling the skill (lifecycle). It
imports no handler area. Logs name outcomes only.
"""

import logging

from ask_sdk_model.permission_status import PermissionStatus

from ..content import reminders as words
from ..services.reminders import REMINDERS_SCOPE, ReminderApiError
from ..turn import turn_of

logger = logging.getLogger(__name__)


def reminders_permitted(handler_input) -> bool:
    """Whether the user has granted the reminders permission (a 401/403 can still say otherwise)."""
    user = getattr(handler_input.request_envelope.context.system, "user", None)
    permissions = getattr(user, "permissions", None)
    if permissions is None:
        return False
    scopes = permissions.scopes or {}
    scope = scopes.get(REMINDERS_SCOPE)
    if scope is not None and scope.status is not None:
        return scope.status == PermissionStatus.GRANTED
    # Scopes listed without ours: not granted. None listed: the consent token is all there is.
    return not scopes and bool(permissions.consent_token)


def kind_of_text(text: str) -> str | None:
    """Which of our reminders a spoken text is (None: not one of ours)."""
    for kind, own in words.REMINDER_TEXT.items():
        if text == own:
            return kind
    return None


def our_reminders(handler_input, only: str | None = None):
    """(kind, state) of each of our reminders that is on (of kind ``only``, if given)."""
    found = []
    for reminder in turn_of(handler_input).reminders.all():
        kind = kind_of_text(reminder.text)
        if kind is not None and only in (None, kind):
            found.append((kind, reminder))
    return found


def delete_all_reminders(handler_input) -> bool | None:
    """Delete every reminder of ours ("forget me", disabling the skill).

    True when some were deleted, False when there were none, None when it could not be done.
    """
    try:
        ours = our_reminders(handler_input)
        for _, reminder in ours:
            turn_of(handler_input).reminders.delete(reminder.id)
    except ReminderApiError as error:
        logger.info("deleting reminders failed: %s", error.reason)
        return None
    logger.info("deleted %d reminder(s)", len(ours))
    return bool(ours)


def forget_reminders_words(handler_input) -> str | None:
    """For "forget me": delete our reminders too; what to say about it (None: there were none)."""
    if not reminders_permitted(handler_input):
        return None
    deleted = delete_all_reminders(handler_input)
    if deleted is None:
        return words.FORGET_REMINDERS_LEFT
    return words.FORGET_ALSO_STOPPED if deleted else None
