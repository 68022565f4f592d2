"""What the skill's persistence adapters share, behind ask-sdk-core's interface.

``skill.services.persistence.build_persistence_adapter(settings)`` picks one by
``BSC_STORAGE``:

``sqlite`` (default off Lambda): ``skill.services.sqlite_storage``
    One file (``BSC_SQLITE_PATH``), its folder and table created on first use,
    WAL journal, a busy wait bounded by the request's deadline. One
    connection per thread, so the adapter is safe across threads and across
    the processes of a pre-forking server (gunicorn workers).
``dynamodb`` (default on Lambda): ``skill.services.dynamodb_storage``
    The interface of ``ask_sdk_dynamodb``'s ``DynamoDbAdapter`` with one attribute
    per field (see its ``TABLE_DOC``). It and botocore are imported only when this
    is chosen, and only when memory is first used: botocore is slow to import, and a
    cold start is the user waiting (an emergency answer never waits for it).
``none``
    No adapter: the skill remembers nothing.

This module holds what both share: the errors, the user key, the record as
read (``Stored``), the write marks, and the adapter built on first use.

Besides the SDK's ``get_attributes`` / ``save_attributes`` /
``delete_attributes``, both adapters offer ``read(request_envelope)`` (the
attributes with what the write needs to know: a ``Stored``) and
``update_attributes(request_envelope, mutate, mark=, expected=, deadline=)``,
an atomic read-modify-write: ``mutate`` gets a copy of the stored attributes
and returns the new ones (or changes the copy in place and returns None).

- Nothing is lost: two requests of one user updating at once both land.
  SQLite holds the write lock for the whole read-modify-write (``BEGIN
  IMMEDIATE``). DynamoDB writes the change as one ``UpdateItem`` of its
  difference from the record as read (with ``expected``, the one read earlier
  in the request: no second read): session counts are added to (``ADD``),
  other fields set one by one, so writers never wait on or retry after one
  another, however many there are. (A field two requests set at once keeps
  the later value; timers the skill forgets that way are found again by
  their labels through the Timers API.)
- Nothing is applied twice: ``mark`` (the memory passes a hash of the request
  id) is stored with the record for ``MARK_KEEP_SECONDS``; a write whose mark
  is already there has landed before (its reply was lost and the write was
  retried) and is not applied again. It returns the record as read then, a
  ``Reread``: other writes may have landed after it, so a count in it is not
  the count that write made.
- Nothing waits past the deadline it is given: ``read``, ``update_attributes``
  and ``delete_attributes`` take a ``skill.deadline.Deadline`` (SQLite's busy
  wait ends by it; a DynamoDB call runs on a helper thread that is abandoned
  then). The SDK's own ``get_attributes`` and ``save_attributes`` take none and
  get ``DEFAULT_TIMEOUT_SECONDS``.

A ``StorageError`` says whether trying the same thing again later may work
(``retryable``: a time-out, a lock, no connection) or not (a corrupt record,
attributes that cannot be stored, storage that could not be set up).

Records are keyed by a hash of the Alexa user id (SHA-256, or HMAC-SHA-256 with
``BSC_USER_ID_SALT``: ``skill.services.user_key``), never the id itself. Errors are raised as
``StorageError`` whose ``reason`` is a short fixed phrase, safe to log: no key,
no user data, no driver message. Only storage errors become ``StorageError``;
anything else (a bug in a ``mutate``) propagates as it is.
"""


import copy
import threading
from collections.abc import Callable
from typing import NamedTuple

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException

from ..deadline import Deadline

#: Records untouched for this long are deleted (SQLite in the first write of each
#: process; DynamoDB through its time-to-live attribute ``expires_at``).
RETENTION_DAYS = 90
#: Time a call may take when the caller gives no deadline (the skill always gives one).
DEFAULT_TIMEOUT_SECONDS = 3.0
#: Write marks are kept this long: far longer than any retry of one request's write.
MARK_KEEP_SECONDS = 120
#: And at most this many (a safety valve; one user makes a few requests a minute).
MARK_LIMIT = 1000


class StorageError(PersistenceException):
    """Storage failed. ``reason`` is a fixed phrase that is safe to log; ``retryable``:
    the same call may work later (the store was slow, locked or unreachable)."""

    def __init__(self, reason: str, retryable: bool = True):
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


class CorruptRecord(StorageError):
    """The stored record cannot be read as a dict of attributes."""

    def __init__(self):
        super().__init__("corrupt record", retryable=False)


def deadline_or_default(deadline: Deadline | None) -> Deadline:
    """The deadline given, or ``DEFAULT_TIMEOUT_SECONDS`` from now (the SDK's own calls give none)."""
    return deadline if deadline is not None else Deadline.after(DEFAULT_TIMEOUT_SECONDS)


# --- Keys -----------------------------------------------------------------

def user_id_of(request_envelope) -> str:
    """The Alexa user id: ``context.System.user`` (present in skill events too), else the session's."""
    for holder in (getattr(getattr(request_envelope, "context", None), "system", None),
                   getattr(request_envelope, "session", None)):
        user_id = getattr(getattr(holder, "user", None), "user_id", None)
        if isinstance(user_id, str) and user_id:
            return user_id
    raise StorageError("no user id in request")


def _apply(mutate, attributes: dict) -> dict:
    working = copy.deepcopy(attributes)
    result = mutate(working)
    result = working if result is None else result
    if not isinstance(result, dict):
        raise StorageError("update produced no attributes", retryable=False)
    return result


class Reread(dict):
    """What ``update_attributes`` returns when its write had landed already (the mark was
    there): the record as read now, later writes included, not what that write made."""


class Stored(NamedTuple):
    """A record as read: its attributes, and what a write after the read needs."""

    attributes: dict
    exists: bool = False
    applied: dict[str, float] = {}
    legacy: bool = False  # DynamoDB: a plain SDK item, all in one map


def _marks(applied, mark: str | None, now: float) -> dict[str, float]:
    """The recent write marks, with ``mark`` added: younger than MARK_KEEP_SECONDS, MARK_LIMIT at most."""
    recent = {key: moment for key, moment in (applied.items() if isinstance(applied, dict) else ())
              if isinstance(key, str) and isinstance(moment, (int, float))
              and moment > now - MARK_KEEP_SECONDS}
    if mark:
        recent[mark] = now
    if len(recent) > MARK_LIMIT:
        recent = dict(sorted(recent.items(), key=lambda item: item[1])[-MARK_LIMIT:])
    return recent


class UnavailableAdapter(AbstractPersistenceAdapter):
    """Storage was chosen but cannot be set up: every call fails (the skill answers without memory)."""

    def __init__(self, reason: str):
        self.reason = reason

    def _fail(self, *args, **kwargs):
        raise StorageError(self.reason, retryable=False)

    read = get_attributes = save_attributes = delete_attributes = update_attributes = _fail


class LazyAdapter(AbstractPersistenceAdapter):
    """Builds the real adapter on first use, so a request that never touches
    memory (an emergency on a cold start) never waits for botocore to import.

    The building runs on a helper thread and is waited for no later than the
    caller's deadline: a slow start (a cold start on a busy machine) costs the
    request its memory, never its answer, and the next request finds the
    adapter built. A call without a deadline (a tool reading ``table_name``,
    the SDK's own ``get_attributes``) waits for the building as long as it takes.
    """

    def __init__(self, build: Callable[[], AbstractPersistenceAdapter]):
        self._build = build
        self._adapter = None
        self._built = None  # a threading.Event while building, or once built
        self._failure = None
        self._lock = threading.Lock()

    def _real(self, deadline: Deadline | None = None) -> AbstractPersistenceAdapter:
        if self._adapter is not None:
            return self._adapter
        with self._lock:
            if self._built is None:
                self._failure = None
                self._built = threading.Event()
                threading.Thread(target=self._build_now, args=(self._built,),
                                 name="bsc-storage-setup", daemon=True).start()
            built = self._built
        if not built.wait(None if deadline is None else deadline.remaining()):
            raise StorageError("storage still starting")
        if self._adapter is None:
            failure = self._failure
            with self._lock:
                if self._built is built:
                    self._built = None  # the next call builds again
            raise failure or StorageError("storage setup failed", retryable=False)
        return self._adapter

    def _build_now(self, built: threading.Event) -> None:
        try:
            self._adapter = self._build()
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            self._failure = exc
        finally:
            built.set()

    def read(self, request_envelope, deadline: Deadline | None = None, **options):
        return self._real(deadline).read(request_envelope, deadline=deadline, **options)

    def get_attributes(self, request_envelope):
        return self._real().get_attributes(request_envelope)

    def save_attributes(self, request_envelope, attributes):
        return self._real().save_attributes(request_envelope, attributes)

    def delete_attributes(self, request_envelope, deadline: Deadline | None = None, **options):
        return self._real(deadline).delete_attributes(request_envelope, deadline=deadline, **options)

    def update_attributes(self, request_envelope, mutate, deadline: Deadline | None = None, **options):
        return self._real(deadline).update_attributes(request_envelope, mutate, deadline=deadline,
                                                      **options)

    def close(self) -> None:
        """Close the real adapter if it was ever built; never build one just to close it."""
        close = getattr(self._adapter, "close", None)
        if close is not None:
            close()

    def __getattr__(self, name):  # table_name, dynamodb, ... of the real adapter
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._real(), name)
