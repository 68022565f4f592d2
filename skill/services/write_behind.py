"""Memory updates that met a slow store: finished after the answer, never silently dropped.

A turn writes its memory changes within its deadline. When the store does not
answer in time (a time-out, a lock held elsewhere, no connection: a
``StorageError`` that is ``retryable``), the answer is still sent in time and
says nothing was saved (no count, "I couldn't save that"), and the
update is handed to ``WriteBehind.update_later``. One worker thread per store
tries it again, oldest first, each try within ``TRY_SECONDS``, backing off
between tries, until it lands or ``GIVE_UP_SECONDS`` have passed since it was
handed over (then it is logged as given up). The update is the turn's change
function, applied to the record as stored when it lands, so a session counted
late adds to whatever was counted meanwhile; and it carries the turn's write
mark, so an update whose earlier try landed after all (its reply was lost) is
not applied twice. ``GIVE_UP_SECONDS`` is well inside the time marks are kept
(``storage.MARK_KEEP_SECONDS``).

Erasing wins: ``delete_attributes`` (forget me, disabling the skill) first
drops the user's updates still waiting, and if one is being tried at that
moment, the record is erased again once that try is over, so a late update
can never bring back memory the user was told is erased.

On Lambda the worker runs while the function runs: an update still waiting
when an answer has gone is tried when that execution environment next
handles a request; if Lambda retires the environment first, the update is
lost, as it would have been without this. ``docs/operations.md`` says so.

``WriteBehind`` wraps an adapter and is itself one: reads, writes and deletes
pass through to it (and its other attributes, ``path``, ``dynamodb``, ...).
Logs name outcomes and counts only.
"""

import collections
import logging
import threading
import time

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from ..deadline import Deadline
from .storage import StorageError, user_id_of

logger = logging.getLogger(__name__)

#: The most one late try may take.
TRY_SECONDS = 5.0
#: After this long since it was handed over, an update that has not landed is given up.
GIVE_UP_SECONDS = 60.0
#: Updates waiting at most; past it the oldest waiting one is given up (a store down for long).
MAX_WAITING = 1000
#: Seconds between tries: doubling from the first, never longer than the last.
FIRST_BACKOFF_SECONDS, LONGEST_BACKOFF_SECONDS = 0.1, 2.0


class _Update:
    """One update waiting to land: whose it is, its request, its change and its write mark."""

    # A plain class, not a dataclass: @dataclass costs a millisecond at every cold start.
    def __init__(self, user: str, request_envelope, mutate, mark: str):
        self.user = user
        self.request_envelope = request_envelope
        self.mutate = mutate
        self.mark = mark
        self.handed_over = time.monotonic()
        self.tries = 0
        self.erase_after = False


class WriteBehind(AbstractPersistenceAdapter):
    """An adapter whose updates that met a slow store are tried again after the answer."""

    def __init__(self, adapter):
        self.inner = adapter
        self._waiting: collections.deque[_Update] = collections.deque()
        self._trying: _Update | None = None
        self._worker: threading.Thread | None = None
        self._closed = False
        self._changed = threading.Condition()
        #: What became of the updates handed over: landed late, given up, dropped by erasing.
        self.finished_late = 0
        self.given_up = 0
        self.erased_first = 0

    # -- the adapter's interface, passed through ---------------------------------------------
    def read(self, request_envelope, **options):
        return self.inner.read(request_envelope, **options)

    def get_attributes(self, request_envelope):
        return self.inner.get_attributes(request_envelope)

    def save_attributes(self, request_envelope, attributes):
        return self.inner.save_attributes(request_envelope, attributes)

    def update_attributes(self, request_envelope, mutate, **options):
        return self.inner.update_attributes(request_envelope, mutate, **options)

    def delete_attributes(self, request_envelope, **options):
        """Erase the record; the user's updates still waiting are dropped first (see above)."""
        user = user_id_of(request_envelope)
        with self._changed:
            kept = collections.deque(u for u in self._waiting if u.user != user)
            self.erased_first += len(self._waiting) - len(kept)
            self._waiting = kept
            if self._trying is not None and self._trying.user == user:
                self._trying.erase_after = True
        return self.inner.delete_attributes(request_envelope, **options)

    def close(self) -> None:
        """Stop trying (updates still waiting are given up, and logged) and close the store."""
        with self._changed:
            self._closed = True
            abandoned = len(self._waiting)
            self.given_up += abandoned
            self._waiting.clear()
            self._changed.notify_all()
        if abandoned:
            logger.warning("%d memory update(s) given up: the store was closed", abandoned)
        close = getattr(self.inner, "close", None)
        if close is not None:
            close()

    def __getattr__(self, name):  # path, table_name, dynamodb, ... of the store itself
        if name.startswith("_") or name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)

    # -- updates after the answer ----------------------------------------------------------------
    def update_later(self, request_envelope, mutate, mark: str) -> None:
        """Try ``update_attributes(request_envelope, mutate, mark=mark)`` again after the answer."""
        update = _Update(user_id_of(request_envelope), request_envelope, mutate, mark)
        with self._changed:
            if self._closed:
                self.given_up += 1
                logger.warning("memory update given up: the store was closed")
                return
            if len(self._waiting) >= MAX_WAITING:
                self._waiting.popleft()
                self.given_up += 1
                logger.warning("oldest waiting memory update given up: %d waiting", MAX_WAITING)
            self._waiting.append(update)
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="bsc-write-behind",
                                                daemon=True)
                self._worker.start()
            self._changed.notify_all()

    @property
    def waiting(self) -> int:
        """Updates handed over and not yet landed or given up (the one being tried included)."""
        with self._changed:
            return len(self._waiting) + (self._trying is not None)

    def drain(self, timeout: float) -> bool:
        """Wait until no update is waiting (at most ``timeout`` seconds); whether none is."""
        ends = Deadline.after(timeout)
        with self._changed:
            while self._waiting or self._trying is not None:
                if not self._changed.wait(ends.remaining()) and ends.remaining() <= 0:
                    return False
            return True

    def _work(self) -> None:
        while True:
            with self._changed:
                if not self._waiting or self._closed:
                    self._worker = None
                    self._changed.notify_all()
                    return
                update = self._trying = self._waiting.popleft()
            landed = self._try(update)
            with self._changed:
                erase = update.erase_after
                if erase:  # still "trying" (``waiting``, ``drain``) until erased again
                    backoff = 0.0
                elif not landed and not self._closed:
                    if time.monotonic() - update.handed_over < GIVE_UP_SECONDS:
                        self._waiting.appendleft(update)  # oldest first: it keeps its place
                        backoff = min(LONGEST_BACKOFF_SECONDS,
                                      FIRST_BACKOFF_SECONDS * 2 ** (update.tries - 1))
                    else:
                        self.given_up += 1
                        logger.warning("memory update given up after %d tries", update.tries)
                        backoff = 0.0
                else:
                    backoff = 0.0
                if not erase:
                    self._trying = None
                    self._changed.notify_all()
            if erase:
                self._erase(update)
                with self._changed:
                    self._trying = None
                    self._changed.notify_all()
            if backoff:
                with self._changed:
                    self._changed.wait_for(lambda: self._closed, backoff)

    def _try(self, update: _Update) -> bool:
        update.tries += 1
        try:
            self.inner.update_attributes(update.request_envelope, update.mutate, mark=update.mark,
                                         deadline=Deadline.after(TRY_SECONDS))
        except StorageError as exc:
            if exc.retryable:
                return False
            with self._changed:
                self.given_up += 1
            logger.warning("memory update given up: %s", exc.reason)
            return True  # nothing more to try
        with self._changed:
            self.finished_late += 1
        logger.info("memory update landed after the answer (try %d)", update.tries)
        return True

    def _erase(self, update: _Update) -> None:
        """The user asked to be forgotten while this update was being tried: erase again."""
        for _ in range(3):
            try:
                self.inner.delete_attributes(update.request_envelope,
                                             deadline=Deadline.after(TRY_SECONDS))
                return
            except StorageError as exc:
                logger.warning("erasing again after a late update failed: %s", exc.reason)
