"""Where the skill's memory lives: persistence adapters behind ask-sdk-core's interface.

``build_persistence_adapter(settings)`` picks one by ``BSC_STORAGE``:

``sqlite`` (default off Lambda): ``skill.services.sqlite_storage``
    One file (``BSC_SQLITE_PATH``), its folder and table created on first use,
    WAL journal, a busy wait bounded by the request's deadline. One
    connection per thread, so the adapter is safe across threads and across
    the processes of a pre-forking server (gunicorn workers).
``dynamodb`` (default on Lambda): ``skill.services.dynamodb_storage``
    ``ask_sdk_dynamodb``'s ``DynamoDbAdapter`` with one attribute per field (see
    its ``TABLE_DOC``). It and boto3 are imported only when this is chosen, and
    only when memory is first used: boto3 is slow to import, and a cold start
    is the user waiting (an emergency answer never waits for it).
``none``
    No adapter: the skill remembers nothing.

This module holds what both share: the errors, the user key, the record as
read (``Stored``) and the write marks.

Besides the SDK's ``get_attributes`` / ``save_attributes`` /
``delete_attributes``, both adapters offer ``read(request_envelope)`` (the
attributes with what the write needs to know: a ``Stored``) and
``update_attributes(request_envelope, mutate, mark=, expected=, timeout=)``,
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
- Nothing waits past the request's deadline: ``timeout`` bounds every call
  (SQLite's busy wait; for DynamoDB the call itself, run on a helper thread
  that is abandoned when time is up).

Records are keyed by a hash of the Alexa user id (SHA-256, or HMAC-SHA-256 with
``BSC_USER_ID_SALT``), never the id itself. Errors are raised as
``StorageError`` whose ``reason`` is a short fixed phrase, safe to log: no key,
no user data, no driver message. Only storage errors become ``StorageError``;
anything else (a bug in a ``mutate``) propagates as it is.
"""


import copy
import logging
import threading
from collections.abc import Callable
from typing import NamedTuple

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException

logger = logging.getLogger(__name__)

#: Records untouched for this long are deleted (SQLite in the first write of each
#: process; DynamoDB through its time-to-live attribute ``expires_at``).
RETENTION_DAYS = 90
#: Time a call may take when the caller gives none (the skill always gives the turn's).
DEFAULT_TIMEOUT_SECONDS = 3.0
#: Write marks are kept this long: far longer than any retry of one request's write.
MARK_KEEP_SECONDS = 120
#: And at most this many (a safety valve; one user makes a few requests a minute).
MARK_LIMIT = 1000


class StorageError(PersistenceException):
    """Storage failed. ``reason`` is a fixed phrase that is safe to log."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class CorruptRecord(StorageError):
    """The stored record cannot be read as a dict of attributes."""

    def __init__(self):
        super().__init__("corrupt record")


# --- Keys -----------------------------------------------------------------

def user_id_of(request_envelope) -> str:
    """The Alexa user id: ``context.System.user`` (present in skill events too), else the session's."""
    for holder in (getattr(getattr(request_envelope, "context", None), "system", None),
                   getattr(request_envelope, "session", None)):
        user_id = getattr(getattr(holder, "user", None), "user_id", None)
        if isinstance(user_id, str) and user_id:
            return user_id
    raise StorageError("no user id in request")


try:
    # CPython's own SHA-256: the same digest as hashlib's, without loading
    # OpenSSL's libcrypto, which costs a Lambda cold start about 2 ms.
    from _sha256 import sha256
except ImportError:  # other interpreters, and CPython 3.12+ (where it is _sha2)
    from hashlib import sha256


def hashed_user_id_keygen(salt: str | None = None) -> Callable:
    """A partition key generator: hex SHA-256 of the user id, or HMAC-SHA-256 with ``salt``."""
    key = salt.encode("utf-8") if salt else None

    def keygen(request_envelope) -> str:
        user_id = user_id_of(request_envelope).encode("utf-8")
        if key is not None:
            import hmac  # only with BSC_USER_ID_SALT set

            return hmac.new(key, user_id, sha256).hexdigest()
        return sha256(user_id).hexdigest()

    return keygen


def _apply(mutate, attributes: dict) -> dict:
    working = copy.deepcopy(attributes)
    result = mutate(working)
    result = working if result is None else result
    if not isinstance(result, dict):
        raise StorageError("update produced no attributes")
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
        raise StorageError(self.reason)

    read = get_attributes = save_attributes = delete_attributes = update_attributes = _fail


class LazyAdapter(AbstractPersistenceAdapter):
    """Builds the real adapter on first use, so a request that never touches
    memory (an emergency on a cold start) never waits for boto3 to import."""

    def __init__(self, build: Callable[[], AbstractPersistenceAdapter]):
        self._build = build
        self._adapter = None
        self._lock = threading.Lock()

    def _real(self) -> AbstractPersistenceAdapter:
        if self._adapter is None:
            with self._lock:
                if self._adapter is None:
                    self._adapter = self._build()
        return self._adapter

    def read(self, request_envelope, **options):
        return self._real().read(request_envelope, **options)

    def get_attributes(self, request_envelope):
        return self._real().get_attributes(request_envelope)

    def save_attributes(self, request_envelope, attributes):
        return self._real().save_attributes(request_envelope, attributes)

    def delete_attributes(self, request_envelope, **options):
        return self._real().delete_attributes(request_envelope, **options)

    def update_attributes(self, request_envelope, mutate, **options):
        return self._real().update_attributes(request_envelope, mutate, **options)

    def close(self) -> None:
        """Close the real adapter if it was ever built; never build one just to close it."""
        close = getattr(self._adapter, "close", None)
        if close is not None:
            close()

    def __getattr__(self, name):  # table_name, dynamodb, ... of the real adapter
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._real(), name)


def build_persistence_adapter(settings):
    """The adapter ``settings.storage`` names: sqlite, dynamodb, or none (None)."""
    storage = (settings.storage or "none").lower()
    if storage == "sqlite":
        from .sqlite_storage import SqliteAdapter

        return SqliteAdapter(settings.sqlite_path,
                             partition_keygen=hashed_user_id_keygen(settings.user_id_salt))
    if storage == "dynamodb":
        def build():
            from .dynamodb_storage import build_dynamodb_adapter

            return build_dynamodb_adapter(settings)
        return LazyAdapter(build)
    if storage != "none":
        logger.error("unknown BSC_STORAGE value; the skill will answer without memory")
    return None
