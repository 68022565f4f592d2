"""An update that meets a slow store: the answer comes in time, claims nothing, and the update lands after.

What a user hears while the store is slow (no count, "I couldn't save that"),
that the change is then written once it can be (never twice,
never dropped in silence), and that "forget me" wins over an update still
waiting. ``skill.services.write_behind`` holds the decision;
``docs/operations.md`` says it in words.
"""

import sqlite3
import threading

import doors
import pytest
from envelopes import slot
from test_memory import handler_input_for, talk

from skill.content import memory as words
from skill.services import sqlite_storage, write_behind
from skill.services.sqlite_storage import SqliteAdapter
from skill.services.storage import CorruptRecord, StorageError
from skill.services.write_behind import WriteBehind
from skill.turn import memory_for

ICE = ("StartTreatmentSessionIntent", slot("treatment", "ice", "ICE", "TreatmentType"),
       slot("duration", "PT15M", type_name="AMAZON.DURATION"))
#: Long enough for any late write on a loaded machine; the tests wait for it, not a fixed time.
SETTLES = 30.0


@pytest.fixture
def settings(settings):
    """Health details stored between sessions (``BSC_KEEP_HEALTH_DETAILS`` on): these tests load the store with session counts and the day the pain started;
    ``tests/test_data_policy.py`` holds the default."""
    return settings._replace(keep_health_details=True)


@pytest.fixture
def quick_busy_timeout(monkeypatch):
    monkeypatch.setattr(sqlite_storage, "SQLITE_BUSY_TIMEOUT_SECONDS", 0.2)


class HeldWriteLock:
    """Another connection holding SQLite's write lock, as a stuck worker would."""

    def __enter__(self):
        self.connection = sqlite3.connect(doors.current().settings.sqlite_path, isolation_level=None)
        self.connection.execute("BEGIN IMMEDIATE")
        return self

    def release(self):
        if self.connection is not None:
            self.connection.execute("ROLLBACK")
            self.connection.close()
            self.connection = None

    def __exit__(self, *exc):
        self.release()


def store():
    return doors.current().skill().persistence_adapter


def granted():
    """A user who granted timers; the Alexa APIs are unreachable, so a session is read without one."""
    return talk(permissions_token="granted")


def test_a_session_counted_while_the_store_is_locked_is_not_said_and_lands_after(quick_busy_timeout):
    user = granted()
    assert "second" not in user.ask(*ICE).speech  # the first session of the day
    assert "That's your second ice session today." in granted().ask(*ICE).speech  # stored, so said
    with HeldWriteLock():  # held until the answer has come: it cannot have waited for it
        said = granted().ask(*ICE)
        assert "third" not in said.speech  # no count it could not store
    assert store().drain(SETTLES)
    assert talk().ask("SessionCountIntent").speech.startswith("You've done three ice sessions with me today.")
    assert store().finished_late == 1


def test_a_pain_start_said_while_the_store_is_locked_is_not_claimed_and_is_remembered_after(
        quick_busy_timeout):
    talk().launch()
    with HeldWriteLock():
        said = talk().ask("PainStartedIntent", slot("start_date", "PRESENT_REF"))
    assert words.PAIN_START_NOT_SAVED in said.speech
    assert "noted" not in said.speech.lower()
    assert store().drain(SETTLES)
    assert memory_for(handler_input_for({"type": "LaunchRequest"}, store())).pain_day() == 1


@pytest.fixture
def first_late_try_failed(monkeypatch):
    """An event set once the write-behind's first try of an update has met the held lock; after
    it the update waits (its next try an hour away) until the test says what happens to it."""
    failed = threading.Event()
    real_update = SqliteAdapter.update_attributes

    def update_attributes(self, *args, **kwargs):
        try:
            return real_update(self, *args, **kwargs)
        except StorageError:
            if threading.current_thread().name == "bsc-write-behind":
                failed.set()
            raise

    monkeypatch.setattr(SqliteAdapter, "update_attributes", update_attributes)
    monkeypatch.setattr(write_behind, "FIRST_BACKOFF_SECONDS", 3600.0)
    return failed


def test_forget_me_wins_over_an_update_still_waiting(quick_busy_timeout, first_late_try_failed):
    user = granted()
    user.launch()
    with HeldWriteLock():
        user.ask(*ICE)  # counted after the answer, once the store takes it
        assert first_late_try_failed.wait(SETTLES)
    assert store().waiting == 1
    user.ask("ForgetMeIntent")
    assert user.ask("AMAZON.YesIntent").speech.startswith(words.FORGET_DONE)
    assert store().waiting == 0 and store().erased_first == 1
    said = talk().ask("SessionCountIntent")
    assert said.speech.startswith(words.SESSIONS_NONE), said.speech


# -- the write-behind itself, on a store that fails as told ---------------------------------------

class FlakyStore:
    """A SQLite store whose writes fail as told: ``fail`` times, or while ``held`` is set."""

    def __init__(self, path, failure=None, fail=0):
        self.inner = SqliteAdapter(path)
        self.failure, self.fail = failure or StorageError("sqlite locked"), fail
        self.held = threading.Event()
        self.tries = 0
        self.lost_replies = 0

    def update_attributes(self, *args, **kwargs):
        self.tries += 1
        if self.held.is_set() or self.fail > 0:
            self.fail -= 1
            raise self.failure
        return self.inner.update_attributes(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def count_one(record):
    record["n"] = record.get("n", 0) + 1


def test_a_late_update_is_tried_until_it_lands_and_applied_once(tmp_path):
    flaky = FlakyStore(str(tmp_path / "m.sqlite3"), fail=3)
    later = WriteBehind(flaky)
    envelope = handler_input_for({"type": "LaunchRequest"}, object()).request_envelope
    later.update_later(envelope, count_one, mark="m1")
    assert later.drain(SETTLES)
    assert flaky.tries == 4 and later.finished_late == 1
    assert flaky.inner.read(envelope).attributes == {"n": 1}


def test_a_late_update_whose_reply_was_lost_is_not_applied_twice(tmp_path):
    path = str(tmp_path / "m.sqlite3")

    class LostReply(FlakyStore):
        def update_attributes(self, *args, **kwargs):
            self.tries += 1
            result = self.inner.update_attributes(*args, **kwargs)
            if self.tries == 1:
                raise StorageError("reply lost")  # it landed, but nobody heard
            return result

    lost = LostReply(path)
    later = WriteBehind(lost)
    envelope = handler_input_for({"type": "LaunchRequest"}, object()).request_envelope
    later.update_later(envelope, count_one, mark="m1")
    assert later.drain(SETTLES)
    assert lost.tries == 2
    assert lost.inner.read(envelope).attributes == {"n": 1}


def test_an_update_the_store_can_never_take_is_given_up_at_once_and_logged(tmp_path, caplog):
    flaky = FlakyStore(str(tmp_path / "m.sqlite3"), failure=CorruptRecord(), fail=10)
    later = WriteBehind(flaky)
    envelope = handler_input_for({"type": "LaunchRequest"}, object()).request_envelope
    later.update_later(envelope, count_one, mark="m1")
    assert later.drain(SETTLES)
    assert flaky.tries == 1 and later.given_up == 1
    assert "memory update given up: corrupt record" in caplog.text


def test_an_update_still_failing_after_the_give_up_time_is_given_up(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(write_behind, "GIVE_UP_SECONDS", 0.3)
    flaky = FlakyStore(str(tmp_path / "m.sqlite3"))
    flaky.held.set()
    later = WriteBehind(flaky)
    envelope = handler_input_for({"type": "LaunchRequest"}, object()).request_envelope
    later.update_later(envelope, count_one, mark="m1")
    assert later.drain(SETTLES)
    assert later.given_up == 1 and later.finished_late == 0 and flaky.tries >= 2
    assert "memory update given up after" in caplog.text


def test_erasing_while_an_update_is_being_tried_erases_again_after_it(tmp_path):
    """The update is mid-try when "forget me" erases: once the try lands, the record is erased again."""
    path = str(tmp_path / "m.sqlite3")
    trying, finish = threading.Event(), threading.Event()

    class SlowTry(FlakyStore):
        def update_attributes(self, *args, **kwargs):
            trying.set()
            finish.wait(SETTLES)
            return self.inner.update_attributes(*args, **kwargs)

    slow = SlowTry(path)
    later = WriteBehind(slow)
    envelope = handler_input_for({"type": "LaunchRequest"}, object()).request_envelope
    later.update_later(envelope, count_one, mark="m1")
    assert trying.wait(SETTLES)
    later.delete_attributes(envelope)
    finish.set()
    assert later.drain(SETTLES)  # the try, and the erasing that follows it
    assert not slow.inner.read(envelope).exists
