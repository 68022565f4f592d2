"""Per-user memory: what the skill keeps between sessions, and nothing more.

Each request's turn (``skill.turn``) makes the memory for its user, and
handlers reach it through the turn (``turn.memory_for``). The turn gives it
the moments it must keep to: the read is done by ``read_by`` (at most
``READ_SECONDS``), writes and erasing by ``write_by``. Without a store
(storage off) nothing is kept between sessions. When the read fails
(``StorageError``: locked, unreachable, slow, a corrupt record) the failure
is logged without user data and the memory answers as if nothing were
stored for the rest of the request, so guidance goes on. Anything else
raised is a bug and propagates to the catch-all handler. The emergency
handler never asks for memory.

**What is kept, and for how long** (``docs/privacy-and-data.md`` says why):

- ``WORKING_FIELDS``, what the skill needs to work, are stored between
  sessions: that the disclaimer was heard, and the timers it set.
- ``HEALTH_FIELDS``, what describes the person's health or care (the day the
  pain started, the heat and ice sessions counted, the last topic read, the
  day the back felt better), are kept **for this session only**, in the
  session's attributes (``state.HEALTH_DETAILS``): they are gone when the
  session ends. Only with ``keep_health_details`` (``BSC_KEEP_HEALTH_DETAILS``,
  for a private development skill) are they stored between sessions too.
- With the default, health fields that a record still holds (written by an
  earlier version, or with the setting on) are never read, and the first
  request that reads the record writes it back without them; a record nobody
  reads again expires (``storage.RETENTION_DAYS``).

A change is never dropped because the store was slow: when a write cannot
land within the turn (or the read already found the store slow, so waiting
again would only delay the answer), the answer goes out saying nothing was
saved and the update is handed to the store's ``update_later``
(``skill.services.write_behind``), which lands it after the answer with the
same mark. Only a change the store can never take (a corrupt record, say) is
dropped, and logged.

One read, one write: nothing is read until a handler asks something the store
holds, and the record is read at most once per request. Changes are collected
during the turn and written once, by the turn's response interceptor
(``save``), as one atomic update through the adapter's ``update_attributes``
(see ``skill.services.storage``), never a whole-record overwrite, so two
requests of one user changing things at once both land. The write carries a
mark made from the request id, so a write retried after its reply was lost is
applied once. With health details stored (the setting on), two things write
at once, because what is said depends on them having landed: counting a
session ("That's your second ice session today" is the count as stored) and
noting the day the pain started ("I couldn't save that" otherwise).

The record (keyed by a hash of the Alexa user id; ``clean_record`` keeps only
these fields, with values of these shapes):

| field              | value                                                      | kept |
| ------------------ | ---------------------------------------------------------- | ---- |
| ``disclaimer_heard`` | ``true`` once the first-launch disclaimer was said       | stored |
| ``timers``         | active timers the skill set: ``id``, ``kind``, ``step``, ``pack``, ``label``, ``ends_at``, ``duration`` (short scalars, the skill's own words), at most 10, dropped 6 hours after they end | stored |
| ``pain_start``     | ISO date the back pain started (the user's own date)       | session |
| ``sessions``       | ``{ISO date: {"heat"/"ice"/"alternating": count}}``, the 3 latest days | session |
| ``last_topic``     | id of the guide topic read last (``content.guide.TOPICS``) | session |
| ``back_better``    | ISO date the user said the back feels better (stretch reminders are offered from then) | session |
| ``reminder_kinds`` | ``{reminder id: "walk"/"stretch"/"sitting"}`` for the Alexa reminders the skill set, at most 40: how the skill knows each reminder's kind without reading its words (``skill.reminders.records``) | stored |

("session": stored too with ``keep_health_details``.) Anything else found in
a record is dropped on the next write.
"""

import datetime
import logging
import re
from collections.abc import Callable

from . import state
from .deadline import Deadline
from .services.iso8601 import parse_date, parse_timestamp

logger = logging.getLogger(__name__)

#: The most the memory read may take (it also ends by the turn's ``read_by``).
READ_SECONDS = 2.0

#: Session kinds that are counted (``record_session`` / ``sessions_today``).
KINDS = ("heat", "ice", "alternating")

DISCLAIMER_HEARD = "disclaimer_heard"
PAIN_START = "pain_start"
SESSIONS = "sessions"
TIMERS = "timers"
LAST_TOPIC = "last_topic"
BACK_BETTER = "back_better"
REMINDER_KINDS = "reminder_kinds"

#: What the skill needs to work: stored between sessions whatever the setting.
WORKING_FIELDS = (DISCLAIMER_HEARD, TIMERS, REMINDER_KINDS)
#: What describes the person's health or care: kept for the session only, unless
#: ``keep_health_details`` stores it between sessions too.
HEALTH_FIELDS = (PAIN_START, SESSIONS, LAST_TOPIC, BACK_BETTER)
ALL_FIELDS = WORKING_FIELDS + HEALTH_FIELDS


def stored_fields(keep_health_details: bool) -> tuple[str, ...]:
    """The fields written to the store (and read from it) with this setting."""
    return ALL_FIELDS if keep_health_details else WORKING_FIELDS


#: Days of session counts kept (today, and two before it for time zone changes).
SESSION_DAYS_KEPT = 3
MAX_TIMERS = 10
#: Timer fields kept (those ``handlers.sessions`` records); anything else is not stored.
TIMER_FIELDS = ("id", "kind", "step", "pack", "label", "ends_at", "duration")
#: A remembered timer this long past its end is certainly over: dropped on the next write.
TIMER_EXPIRY = datetime.timedelta(hours=6)

#: Kinds of the reminders the skill sets (``skill.reminders.plan.KINDS``), and how many ids are kept.
REMINDER_KIND_NAMES = ("walk", "stretch", "sitting")
MAX_REMINDERS = 40

#: Compiled on first use (re's own cache): a launch never needs it.
_TOPIC_ID = r"^[a-z][a-z0-9_]{0,39}$"
_MAX_TEXT = 200


class NoMemory:
    """Keeps nothing, not even for the session: the first launch every time, no pain
    start date, no counts. What ``Memory`` answers when nothing is known; tools use it."""

    available = False
    #: Whether what the person says about their back is stored between sessions.
    keeps_health_details = False

    def heard_disclaimer(self) -> bool:
        return False

    def mark_disclaimer_heard(self) -> None:
        pass

    def pain_day(self) -> int | None:
        """Day of the back pain, 1 on the day it started; None when unknown."""
        return None

    def pain_start_words(self) -> str | None:
        """When the pain started, as said to the user ("yesterday", "on November 3"); None when unknown."""
        return None

    def set_pain_start(self, start_date) -> bool:
        """Note the day the pain started; whether it is kept (for the session, or stored)."""
        return False

    def last_topic(self) -> str | None:
        return None

    def back_feels_better(self) -> bool:
        """Whether the user has said the back feels better (stretching time, by the guide)."""
        return False

    def mark_back_feels_better(self) -> None:
        pass

    def set_last_topic(self, topic_id: str) -> None:
        pass

    def record_session(self, kind: str) -> int | None:
        """Count one heat/ice/alternating session today; the new count, or None if unknown."""
        return None

    def sessions_today(self, kind: str | None = None) -> int | None:
        """Sessions of ``kind`` (all kinds when None) done today, or None if unknown."""
        return None

    def sessions_today_by_kind(self) -> dict[str, int] | None:
        """Today's counts per kind (only kinds done), or None if unknown."""
        return None

    def active_timers(self) -> list[dict]:
        return []

    def add_timer(self, timer: dict) -> None:
        pass

    def remove_timer(self, timer_id: str) -> None:
        pass

    def stored(self) -> dict | None:
        """What is stored between sessions (``{}``: nothing); None when it cannot be read."""
        return {}

    def this_session(self) -> dict:
        """Health details kept for this session only (``{}`` when they are stored instead)."""
        return {}

    def reminder_kinds(self) -> dict[str, str]:
        """The kind of each reminder the skill set, by the reminder's id (empty: none known)."""
        return {}

    def remember_reminders(self, kinds: dict[str, str]) -> None:
        """Keep the kind of each reminder just set, by its id."""

    def forget_reminders(self, reminder_ids) -> None:
        """Drop these reminders (deleted, or no longer listed by the API)."""

    def forget(self) -> bool | None:
        """Erase everything kept. None here: nothing is kept, so nothing to erase."""
        return None

    def save(self) -> bool:
        """Store this turn's changes now; whether they are stored. Never, here."""
        return False


# --- The record -------------------------------------------------------------

def _count(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _scalar(value):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str) and len(value) <= _MAX_TEXT:
        return value
    return None


def clean_timer(timer) -> dict | None:
    """The storable part of a timer dict: known fields with short scalar values; needs an id."""
    if not isinstance(timer, dict):
        return None
    timer_id = timer.get("id")
    if not isinstance(timer_id, str) or not timer_id or len(timer_id) > _MAX_TEXT:
        return None
    cleaned = {}
    for field in TIMER_FIELDS:
        value = _scalar(timer.get(field))
        if value is not None:
            cleaned[field] = value
    return cleaned


def _clean_sessions(sessions) -> dict:
    days = {}
    for day, counts in (sessions.items() if isinstance(sessions, dict) else ()):
        date = parse_date(day)
        if date is None or not isinstance(counts, dict):
            continue
        kept = {kind: _count(counts.get(kind)) for kind in KINDS if _count(counts.get(kind))}
        if kept:
            days[date.isoformat()] = kept
    latest = sorted(days, reverse=True)[:SESSION_DAYS_KEPT]
    return {day: days[day] for day in sorted(latest)}


def _clean_timers(raw_timers, now) -> list:
    timers = []
    for timer in (raw_timers if isinstance(raw_timers, list) else ()):
        timer = clean_timer(timer)
        if timer is None or any(t["id"] == timer["id"] for t in timers):
            continue
        ends_at = parse_timestamp(timer.get("ends_at"))
        if now is not None and ends_at is not None and ends_at < now - TIMER_EXPIRY:
            continue
        timers.append(timer)
    return timers[-MAX_TIMERS:]


def _clean_flag(value, now) -> bool | None:
    return True if value is True else None


def _clean_date(value, now) -> str | None:
    date = parse_date(value)
    return date.isoformat() if date is not None else None


def _clean_topic(value, now) -> str | None:
    return value if isinstance(value, str) and re.match(_TOPIC_ID, value) else None


#: How each field is read: the one list of what a record can hold. Every field is in
#: ``WORKING_FIELDS`` or ``HEALTH_FIELDS`` (``tests/test_data_policy.py`` holds it).
_CLEANERS = {
    DISCLAIMER_HEARD: _clean_flag,
    PAIN_START: _clean_date,
    SESSIONS: lambda value, now: _clean_sessions(value),
    TIMERS: _clean_timers,
    LAST_TOPIC: _clean_topic,
    BACK_BETTER: _clean_date,
    REMINDER_KINDS: lambda value, now: clean_reminder_kinds(value),
}


def clean_record(raw, now: datetime.datetime | None = None, fields=ALL_FIELDS) -> dict:
    """Only ``fields`` of the fields this module knows, with values of the right shape.

    With ``now``, timers long past their end are dropped as well.
    """
    raw = raw if isinstance(raw, dict) else {}
    record = {}
    for field in fields:
        value = _CLEANERS[field](raw.get(field), now)
        if value:
            record[field] = value
    return record


def clean_reminder_kinds(raw) -> dict[str, str]:
    """Reminder ids (short strings) with a known kind; the latest ``MAX_REMINDERS``."""
    kept = {reminder_id: kind for reminder_id, kind in (raw.items() if isinstance(raw, dict) else ())
            if isinstance(reminder_id, str) and 0 < len(reminder_id) <= _MAX_TEXT
            and kind in REMINDER_KIND_NAMES}
    return dict(list(kept.items())[-MAX_REMINDERS:])


def _kind(kind) -> str | None:
    if isinstance(kind, str) and kind.strip().lower() in KINDS:
        return kind.strip().lower()
    return None


# --- The memory ---------------------------------------------------------------

class Memory(NoMemory):
    """What is kept of one user, for one request's turn.

    ``adapter``: the store (None: storage is off, nothing is kept between
    sessions); ``now``: the turn's one reading of the clock; ``today``: the
    user's date (asked for only when needed); ``read_by`` and ``write_by``:
    when the read, and the writes, must be done; ``session``: the session's
    attributes (where health details are kept for the session; None: a request
    without one); ``keep_health_details``: store them between sessions instead.
    """

    def __init__(self, adapter, request_envelope, *, now: datetime.datetime,
                 today: Callable[[], datetime.date], read_by: Deadline, write_by: Deadline,
                 session: Callable[[], dict] | None = None, keep_health_details: bool = False):
        self._adapter = adapter
        self._envelope = request_envelope
        self._now = now
        self._today = today
        self._read_by = read_by
        self._write_by = write_by
        self._session = session
        self.keeps_health_details = keep_health_details
        self._fields = stored_fields(keep_health_details)
        self._stored = None       # the record as read (a storage.Stored)
        self._record = None       # what the memory says now: as read, with this turn's changes
        self._changes = []
        self._writes = 0
        self._unreadable = adapter is None  # no store, or the read failed: nothing is stored
        self._store_slow = False  # a call timed out or found a lock: later writes go after the answer
        self._reread = False      # the last write had landed before its retry: counts are not its own
        #: The store's way of finishing an update after the answer (None: it has none).
        self._update_later = getattr(adapter, "update_later", None)

    # Plumbing ------------------------------------------------------------------
    @property
    def available(self) -> bool:
        return self._load() is not None

    def _fail(self, operation: str, exc) -> None:
        self._unreadable = True
        self._store_slow = self._store_slow or exc.retryable
        logger.warning("memory unavailable for this request (%s during %s); "
                       "answering without it", exc.reason, operation)

    def _load(self) -> dict | None:
        """The stored record (only the fields stored with this setting); None when unreadable."""
        from .services.storage import StorageError

        if self._unreadable:
            return None
        if self._record is None:
            try:
                self._stored = self._adapter.read(
                    self._envelope, deadline=self._read_by.at_most(READ_SECONDS))
            except StorageError as exc:
                self._fail("load", exc)
                return None
            self._record = clean_record(self._stored.attributes, fields=self._fields)
            if any(field in self._stored.attributes for field in ALL_FIELDS
                   if field not in self._fields):
                # Health details stored before (an earlier version, or the setting on): never
                # read, and written away now. Every write keeps only ``self._fields``.
                self._changes.append(("drop health details", lambda record: None))
        return self._record

    def _update(self, operation: str, change) -> None:
        """Apply ``change(record)`` now to what the memory says, and to the store when the turn ends.

        When the record could not be read the change is still written: it is a
        function of whatever is stored when it lands.
        """
        if self._adapter is None:
            return
        record = self._load()
        if record is not None:
            change(record)
            self._record = clean_record(record, self._now, self._fields)
        self._changes.append((operation, change))

    def _mark(self) -> str | None:
        """This write's idempotency mark: a short hash of the request id and the write's number."""
        request_id = getattr(self._envelope.request, "request_id", None)
        if not isinstance(request_id, str) or not request_id:
            return None
        # Imported by the first write: hashlib loads OpenSSL, and an answer that writes
        # nothing (an emergency on a cold start) never needs it (docs/performance.md).
        from hashlib import sha256

        return sha256(f"{request_id}#{self._writes}".encode()).hexdigest()[:20]

    def save(self) -> bool:
        """Write this turn's changes now, in one atomic update; whether all of them are stored.

        The turn calls it when the answer is ready; a handler may call it
        earlier when what it says depends on the write. A failed write is
        tried once more, with the same mark, if time is left; one that still
        has not landed is handed to the store to finish after the answer
        (False here all the same: it is not stored yet).
        """
        from .services.storage import Reread, StorageError

        if not self._changes:
            return True
        changes, now, mark = [change for _, change in self._changes], self._now, self._mark()
        fields = self._fields
        operations = ", ".join(sorted({operation for operation, _ in self._changes}))

        def mutate(stored):
            record = clean_record(stored, now, fields)
            for change in changes:
                change(record)
            return clean_record(record, now, fields)

        if self._store_slow:
            return self._after_the_answer(mutate, mark, operations, "the store was slow")
        for attempt in (1, 2):
            try:
                stored = self._adapter.update_attributes(
                    self._envelope, mutate, mark=mark, expected=self._stored,
                    deadline=self._write_by)
                break
            except StorageError as exc:
                self._stored = None  # the next try reads again
                if attempt == 2 or self._write_by.remaining() < 0.5:
                    self._store_slow = exc.retryable
                    if exc.retryable:
                        return self._after_the_answer(mutate, mark, operations, exc.reason)
                    self._changes = []
                    logger.warning("memory change dropped (%s during %s)", exc.reason, operations)
                    return False
        self._record = clean_record(stored, now, fields)
        self._stored, self._changes = None, []
        self._writes += 1
        self._reread = isinstance(stored, Reread)
        return True

    def _after_the_answer(self, mutate, mark, operations: str, reason: str) -> bool:
        """Hand the update to the store to land after the answer (or drop it if it cannot)."""
        self._changes = []
        self._writes += 1
        if self._update_later is None or mark is None:
            logger.warning("memory change dropped (%s during %s)", reason, operations)
            return False
        self._update_later(self._envelope, mutate, mark)
        logger.warning("memory change not stored in time (%s during %s); "
                       "it will be written after the answer", reason, operations)
        return False

    @property
    def _today_date(self) -> datetime.date:
        return self._today()

    # Health details: this session's, or the store's ------------------------------------
    def _session_details(self) -> dict | None:
        """The health details kept in this session (None: no session to keep them in)."""
        if self._session is None:
            return None
        return clean_record(self._session().get(state.HEALTH_DETAILS), fields=HEALTH_FIELDS)

    def _details(self) -> dict | None:
        """Where health details are read from: the store (setting on) or this session."""
        return self._load() if self.keeps_health_details else self._session_details()

    def _change_details(self, operation: str, change) -> None:
        if self.keeps_health_details:
            self._update(operation, change)
            return
        details = self._session_details()
        if details is None:
            return
        change(details)
        details = clean_record(details, fields=HEALTH_FIELDS)
        attributes = self._session()
        if details:
            attributes[state.HEALTH_DETAILS] = details
        else:
            attributes.pop(state.HEALTH_DETAILS, None)

    def _details_kept(self) -> bool:
        """Whether this turn's health details are kept: stored now, or held by the session."""
        if self.keeps_health_details:
            return self._adapter is not None and self.save()
        return self._session is not None

    def stored(self) -> dict | None:
        if self._adapter is None:
            return {}
        record = self._load()
        return None if record is None else {
            field: value for field, value in record.items() if field in self._fields}

    def this_session(self) -> dict:
        if self.keeps_health_details:
            return {}
        return self._session_details() or {}

    # Disclaimer ----------------------------------------------------------------
    def heard_disclaimer(self) -> bool:
        record = self._load()
        return bool(record and record.get(DISCLAIMER_HEARD))

    def mark_disclaimer_heard(self) -> None:
        if self._record is not None and self._record.get(DISCLAIMER_HEARD):
            return
        self._update("mark disclaimer", lambda r: r.__setitem__(DISCLAIMER_HEARD, True))

    # Day of the back pain ----------------------------------------------------------
    def _pain_start(self) -> datetime.date | None:
        details = self._details()
        return parse_date(details.get(PAIN_START)) if details else None

    def pain_day(self) -> int | None:
        start = self._pain_start()
        if start is None:
            return None
        # A start "after today" can only come from a time zone change: call it day 1.
        return max(1, (self._today_date - start).days + 1)

    def pain_start_words(self) -> str | None:
        start = self._pain_start()
        if start is None:
            return None
        from .services.clock import when_words

        return when_words(start, self._today_date)

    def set_pain_start(self, start_date) -> bool:
        start = parse_date(start_date)
        if start is None:
            logger.warning("pain start not kept: not a date")
            return False
        self._change_details("set pain start",
                             lambda r: r.__setitem__(PAIN_START, start.isoformat()))
        return self._details_kept()  # "I couldn't save that" unless it is kept

    # Last topic ----------------------------------------------------------------
    def last_topic(self) -> str | None:
        details = self._details()
        return details.get(LAST_TOPIC) if details else None

    def set_last_topic(self, topic_id: str) -> None:
        if not isinstance(topic_id, str) or not re.match(_TOPIC_ID, topic_id):
            return
        # Every chunk read calls this: a read is cheaper than a write that changes nothing.
        details = self._details()
        if details is not None and details.get(LAST_TOPIC) == topic_id:
            return
        self._change_details("set last topic", lambda r: r.__setitem__(LAST_TOPIC, topic_id))

    # The back feels better ----------------------------------------------------------
    def back_feels_better(self) -> bool:
        details = self._details()
        return bool(details and details.get(BACK_BETTER))

    def mark_back_feels_better(self) -> None:
        day = self._today_date.isoformat()
        self._change_details("mark back better", lambda r: r.__setitem__(BACK_BETTER, day))

    # Heat and ice sessions --------------------------------------------------------
    def record_session(self, kind: str) -> int | None:
        kind = _kind(kind)
        if kind is None:
            logger.warning("session not counted: unknown kind")
            return None
        today = self._today_date
        day = today.isoformat()
        oldest = (today - datetime.timedelta(days=SESSION_DAYS_KEPT - 1)).isoformat()
        newest = (today + datetime.timedelta(days=1)).isoformat()

        def count_one(record):
            sessions = {d: c for d, c in record.get(SESSIONS, {}).items() if oldest <= d <= newest}
            counts = sessions.setdefault(day, {})
            counts[kind] = counts.get(kind, 0) + 1
            record[SESSIONS] = sessions

        self._change_details("record session", count_one)
        # Stored at once: the count said is the count this write made, other requests'
        # sessions before it included. When the write's reply was lost and its retry found it
        # landed, later sessions may be in what was read back: no count is said rather than
        # one another request says too.
        if not self._details_kept() or (self.keeps_health_details and self._reread):
            return None
        details = self._details()
        if details is None:
            return None
        return details.get(SESSIONS, {}).get(day, {}).get(kind, 0)

    def sessions_today_by_kind(self) -> dict[str, int] | None:
        details = self._details()
        if details is None:
            return None
        counts = details.get(SESSIONS, {}).get(self._today_date.isoformat(), {})
        return {kind: counts[kind] for kind in KINDS if counts.get(kind)}

    def sessions_today(self, kind: str | None = None) -> int | None:
        if kind is not None and _kind(kind) is None:
            logger.warning("session count asked for an unknown kind")
            return None
        counts = self.sessions_today_by_kind()
        if counts is None:
            return None
        return sum(counts.values()) if kind is None else counts.get(_kind(kind), 0)

    # Timers --------------------------------------------------------------------
    def active_timers(self) -> list[dict]:
        record = self._load()
        return [dict(timer) for timer in record.get(TIMERS, [])] if record else []

    def add_timer(self, timer: dict) -> None:
        timer = clean_timer(timer)
        if timer is None:
            logger.warning("timer not stored: no usable id")
            return

        def add(record):
            timers = [t for t in record.get(TIMERS, []) if t["id"] != timer["id"]]
            record[TIMERS] = (timers + [timer])[-MAX_TIMERS:]

        self._update("add timer", add)

    def remove_timer(self, timer_id: str) -> None:
        def remove(record):
            record[TIMERS] = [t for t in record.get(TIMERS, []) if t["id"] != timer_id]

        self._update("remove timer", remove)

    # Reminders the skill set ---------------------------------------------------------
    def reminder_kinds(self) -> dict[str, str]:
        record = self._load()
        return dict(record.get(REMINDER_KINDS, {})) if record else {}

    def remember_reminders(self, kinds: dict[str, str]) -> None:
        kinds = clean_reminder_kinds(kinds)
        if not kinds:
            return

        def add(record):
            record[REMINDER_KINDS] = {**record.get(REMINDER_KINDS, {}), **kinds}

        self._update("remember reminders", add)

    def forget_reminders(self, reminder_ids) -> None:
        gone = {i for i in reminder_ids if isinstance(i, str)}
        if not gone:
            return

        def remove(record):
            record[REMINDER_KINDS] = {i: k for i, k in record.get(REMINDER_KINDS, {}).items() if i not in gone}

        self._update("forget reminders", remove)

    # Erasing -------------------------------------------------------------------
    def forget(self) -> bool | None:
        """Erase the stored record, this session's health details and this turn's unwritten
        changes. True when erased; None when nothing was kept (no store, nothing said).

        Tried even after a failure earlier in the request: a corrupt record
        cannot be read, but it can be deleted.
        """
        from .services.storage import StorageError

        self._changes = []
        held = bool(self._session_details())
        if self._session is not None:
            self._session().pop(state.HEALTH_DETAILS, None)
        if self._adapter is None:
            return True if held else None
        try:
            self._adapter.delete_attributes(self._envelope, deadline=self._write_by)
        except StorageError as exc:
            self._fail("forget", exc)
            return False
        self._record, self._stored, self._unreadable = {}, None, False
        return True
