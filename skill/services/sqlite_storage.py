"""Memory in one SQLite file: the embedded default (local runs and the Flask endpoint).

One file (``BSC_SQLITE_PATH``), its folder and table created on first use,
owner-only, WAL journal. One connection per thread, kept between requests, so
the adapter is safe across threads and across the processes of a pre-forking
server (gunicorn workers). Every write is a read-modify-write under SQLite's
write lock (``BEGIN IMMEDIATE``), so simultaneous writers never lose an
update; the write's mark is kept beside the record (``~applied``), so a
retried write lands once. The busy wait ends by the deadline each call is given.
A record untouched for ``RETENTION_DAYS`` is never read again, and is deleted
by the first write of each process (inside that write's own transaction, so
a launch that only reads pays for no write).
See ``skill.services.storage`` for the interface.
"""

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from ..deadline import Deadline
from .storage import (
    RETENTION_DAYS,
    CorruptRecord,
    Reread,
    StorageError,
    Stored,
    _apply,
    _marks,
    deadline_or_default,
)
from .user_key import hashed_user_id_keygen

#: Seconds a write waits for another process's write lock before giving up.
#: Writes take milliseconds; a lock held longer than this is a fault, and the
#: skill answers without memory rather than keep the user waiting.
SQLITE_BUSY_TIMEOUT_SECONDS = 1.5
#: Key of the write marks inside the JSON (never a memory field: see ``skill.memory``).
_APPLIED = "~applied"


class SqliteAdapter(AbstractPersistenceAdapter):
    """Attributes as JSON in one SQLite file; safe across threads and worker processes."""

    def __init__(self, path: str, partition_keygen: Callable = None,
                 busy_timeout: float | None = None,
                 retention_days: int = RETENTION_DAYS):
        self.path = os.path.abspath(os.path.expanduser(path))
        self.partition_keygen = partition_keygen or hashed_user_id_keygen()
        self.busy_timeout = SQLITE_BUSY_TIMEOUT_SECONDS if busy_timeout is None else busy_timeout
        self.retention_days = retention_days
        self._prepared_pid = None
        self._purged_pid = None  # the process whose first write deleted expired records
        self._prepare_lock = threading.Lock()
        # One connection per thread, kept between requests: opening one costs
        # more than the query, and closing the last one checkpoints the WAL.
        self._local = threading.local()

    # Connections ---------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        # isolation_level=None: no implicit transactions; we say BEGIN ourselves.
        connection = sqlite3.connect(self.path, timeout=self.busy_timeout,
                                     isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection

    def _prepare(self) -> sqlite3.Connection:
        """This thread's connection; first, once per process, the folder, the file
        (owner-only), the WAL journal and the table, made on that same connection
        (a second one, opened and closed, cost a cold start a connection and a checkpoint)."""
        if self._prepared_pid != os.getpid():
            with self._prepare_lock:
                if self._prepared_pid != os.getpid():
                    folder = os.path.dirname(self.path)
                    if folder:
                        os.makedirs(folder, mode=0o700, exist_ok=True)
                    # Create the file ourselves so it is private to the service's user;
                    # SQLite gives its -wal and -shm files the same permissions.
                    os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
                    connection = self._connection()
                    connection.execute("PRAGMA journal_mode=WAL")
                    connection.execute(
                        "CREATE TABLE IF NOT EXISTS memory ("
                        " id TEXT PRIMARY KEY,"
                        " attributes TEXT NOT NULL,"
                        " updated_at INTEGER NOT NULL)")
                    self._prepared_pid = os.getpid()
        return self._connection()

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use and again after a fork."""
        connection, pid = getattr(self._local, "connection", None), getattr(self._local, "pid", None)
        if connection is None or pid != os.getpid():
            connection = self._open()
            self._local.connection, self._local.pid = connection, os.getpid()
        return connection

    def close(self) -> None:
        """Close this thread's connection (the next use opens a new one)."""
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        self._local.busy_ms = None
        if connection is not None and getattr(self._local, "pid", None) == os.getpid():
            connection.close()

    def _run(self, work, deadline: Deadline | None = None):
        try:
            connection = self._prepare()
            self._wait_at_most(connection, deadline_or_default(deadline))
        except StorageError:
            raise
        except (sqlite3.Error, OSError) as exc:
            self.close()  # the connection may be half set up: the next request starts afresh
            raise StorageError(self._reason(exc, "sqlite unavailable")) from None
        try:
            return work(connection)
        except StorageError:
            raise
        except sqlite3.Error as exc:
            # A connection that failed may be in any state: start the next request afresh.
            self.close()
            raise StorageError(self._reason(exc, "sqlite error")) from None

    def _wait_at_most(self, connection, deadline: Deadline) -> None:
        """Another writer's lock is waited for until ``deadline`` at the latest (and the busy timeout)."""
        wait = min(self.busy_timeout, deadline.remaining())
        if wait <= 0.01:
            raise StorageError("sqlite: no time left")
        milliseconds = int(wait * 1000)
        if getattr(self._local, "busy_ms", None) != milliseconds:
            connection.execute(f"PRAGMA busy_timeout = {milliseconds}")
            self._local.busy_ms = milliseconds

    @staticmethod
    def _reason(exc, default):
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return "sqlite locked"
        if "unable to open" in text or isinstance(exc, OSError):
            return "sqlite unavailable"
        return default

    @staticmethod
    def _decode(row) -> Stored:
        """The row's attributes, and the write marks kept beside them under ``~applied``."""
        if row is None:
            return Stored({})
        try:
            attributes = json.loads(row[0])
        except (TypeError, ValueError):
            raise CorruptRecord() from None
        if not isinstance(attributes, dict):
            raise CorruptRecord()
        applied = attributes.pop(_APPLIED, {})
        return Stored(attributes, exists=True, applied=applied if isinstance(applied, dict) else {})

    @staticmethod
    def _encode(attributes: dict, applied: dict[str, float]) -> str:
        try:
            return json.dumps({**attributes, _APPLIED: applied} if applied else attributes,
                              separators=(",", ":"), sort_keys=True)
        except (TypeError, ValueError):
            raise StorageError("attributes not storable", retryable=False) from None

    def _oldest_kept(self) -> int:
        """``updated_at`` of the oldest record still remembered (epoch seconds)."""
        return int(time.time()) - self.retention_days * 86400

    def _write(self, connection, key, attributes, applied):
        connection.execute(
            "INSERT INTO memory (id, attributes, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET attributes = excluded.attributes,"
            " updated_at = excluded.updated_at",
            (key, self._encode(attributes, applied), int(time.time())))

    # The SDK's interface, and the read and update the memory uses ---------------
    def read(self, request_envelope, deadline: Deadline | None = None) -> Stored:
        key = self.partition_keygen(request_envelope)

        def work(connection):
            row = connection.execute(
                "SELECT attributes FROM memory WHERE id = ? AND updated_at >= ?",
                (key, self._oldest_kept())).fetchone()
            return self._decode(row)
        return self._run(work, deadline)

    def get_attributes(self, request_envelope) -> dict:
        return self.read(request_envelope).attributes

    def save_attributes(self, request_envelope, attributes) -> None:
        """Whole-record overwrite (the SDK's contract); memory itself uses ``update_attributes``."""
        self.update_attributes(request_envelope, lambda _old: dict(attributes))

    def delete_attributes(self, request_envelope, deadline: Deadline | None = None) -> None:
        key = self.partition_keygen(request_envelope)
        self._run(lambda connection: connection.execute(
            "DELETE FROM memory WHERE id = ?", (key,)), deadline)

    def update_attributes(self, request_envelope, mutate, mark: str | None = None,
                          expected: Stored | None = None,
                          deadline: Deadline | None = None) -> dict:
        """Atomic read-modify-write under SQLite's write lock; returns the stored attributes.

        ``expected`` is not needed here: the lock makes the read inside the
        write the one that counts. A write whose ``mark`` is stored already is
        not applied again.
        """
        key = self.partition_keygen(request_envelope)

        def work(connection):
            connection.execute("BEGIN IMMEDIATE")
            # The first write of a process also deletes expired records, under the same lock.
            purging = self._purged_pid != os.getpid()
            try:
                if purging:
                    connection.execute("DELETE FROM memory WHERE updated_at < ?",
                                       (self._oldest_kept(),))
                stored = self._decode(connection.execute(
                    "SELECT attributes FROM memory WHERE id = ? AND updated_at >= ?",
                    (key, self._oldest_kept())).fetchone())
                if mark and mark in stored.applied:
                    connection.execute("ROLLBACK")
                    return Reread(stored.attributes)
                attributes = _apply(mutate, stored.attributes)
                self._write(connection, key, attributes, _marks(stored.applied, mark, int(time.time())))
                connection.execute("COMMIT")
                if purging:
                    self._purged_pid = os.getpid()
            except BaseException:
                try:
                    connection.execute("ROLLBACK")
                except sqlite3.Error:
                    self.close()  # closing rolls back; the next use opens afresh
                raise
            return attributes
        return self._run(work, deadline)
