"""Storage under faults: no update lost or applied twice, and memory back after a restart.

The fast, deterministic part of ``scripts/fault_storage.py`` (which repeats
the full measurements by hand), and what a user hears when a write's reply
is lost after the write landed.
"""

import os

import doors
import fault_storage
import faults
import pytest
from alexa_api_fixtures import alexa_api, granted_conversation  # noqa: F401
from conftest import use_dynamodb
from envelopes import Conversation, slot

from skill.services import dynamodb_storage


def test_the_fault_scripts_find_nothing_lost_nothing_doubled_and_memory_back_after_a_restart(
        monkeypatch, capsys):
    """scripts/faults.py as run by hand, on small counts (fault_storage's quick version): its
    storage figures, and the summary line docs/operations.md shows."""
    runs = []

    def storage_run(**options):
        runs.append(real_storage_run(**options))
        return runs[-1]
    real_storage_run = fault_storage.run
    monkeypatch.setattr(fault_storage, "run", storage_run)
    monkeypatch.setattr(faults, "MIN_ENVELOPES", 100)
    settings_before = {k: v for k, v in os.environ.items() if k.startswith(("BSC_", "AWS_"))}

    assert faults.main(["--count", "100", "--quick"]) == 0

    [figures] = runs
    for store in ("sqlite", "dynamodb"):
        assert figures[store]["lost"] == 0, figures[store]
        assert figures[store]["double_applied"] == 0, figures[store]
        assert figures[store]["said_twice"] == 0, figures[store]
        assert figures[store]["stored"] == figures[store]["requests"]
    assert figures["slow_dynamodb"]["within_8_seconds"], figures["slow_dynamodb"]
    assert figures["restarted_dynamodb"]["memory_came_back"], figures["restarted_dynamodb"]
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "== malformed envelopes (scripts/fuzz_envelopes.py)"
    assert "total     0 lost, 0 double-applied, 0 counts said twice" in printed
    assert printed[-1] == ("== 0 lost, 0 double-applied, 0 counts said twice, 0 escapes, 0 5xx, "
                           "0 invalid SSML, 0 other broken response rules")
    # It leaves the environment as it found it.
    assert {k: v for k, v in os.environ.items() if k.startswith(("BSC_", "AWS_"))} == settings_before


@pytest.fixture
def late_replies(monkeypatch):
    """DynamoDB behind a proxy that answers every write only after boto3 gave up on it.

    boto3 waits READ_TIMEOUT for a reply; the held ones come HELD later, and every other
    reply well within it, however loaded the machine. The store is set up (another user's
    launch) before replies are held.
    """
    monkeypatch.setattr(dynamodb_storage, "DYNAMODB_READ_TIMEOUT_SECONDS", READ_TIMEOUT)
    with fault_storage.moto_server(in_process=True) as target:
        proxy = fault_storage.FaultyProxy(target).start()
        try:
            use_dynamodb(monkeypatch, proxy.endpoint, "late-replies")
            doors.reconfigure(monkeypatch, keep_health_details=True)  # the count is stored, as the timer is
            Conversation(user_id="amzn1.ask.account.LATEREPLIESWARMUP").launch()
            proxy.reset_counts()
            proxy.late_every, proxy.late_seconds = 1, HELD
            yield proxy
        finally:
            proxy.stop()


READ_TIMEOUT, HELD = 1.0, 2.5


def test_one_ice_session_whose_write_reply_was_lost_is_counted_once(alexa_api, late_replies):  # noqa: F811
    user = granted_conversation(alexa_api)
    started = user.ask("StartTreatmentSessionIntent", slot("treatment", "ice", "ICE", "TreatmentType"),
                       slot("duration", "PT15M", type_name="AMAZON.DURATION"))
    assert "timer is set" in started.speech
    # Within the request or, on a machine too busy for that, after it (the write-behind): the
    # write is sent again after its reply was lost, and counted once.
    assert doors.current().skill().persistence_adapter.drain(30.0)
    assert late_replies.counts.get("UpdateItem", 0) >= 2
    said = user.ask("SessionCountIntent", slot("treatment", "ice", "ICE", "TreatmentType"))
    assert said.speech.startswith("You've done one ice session with me today.")


def test_a_session_whose_write_reply_was_lost_says_no_count_rather_than_another_requests(tmp_path):
    """Its write landed; before its retry another request counted one more. The retry finds
    its own write and must not say the other request's count as its own."""
    from skill.services.sqlite_storage import SqliteAdapter
    from skill.services.storage import StorageError

    adapter = SqliteAdapter(str(tmp_path / "memory.sqlite3"))
    heard = []

    class ReplyLostWhileAnotherLands:
        def __getattr__(self, name):
            return getattr(adapter, name)

        def update_attributes(self, *args, **kwargs):
            adapter.update_attributes(*args, **kwargs)
            if not heard:  # the first write: landed, then another user request, then no reply
                heard.append(fault_storage.request_memory(adapter, "req-other").record_session("ice"))
                raise StorageError("reply lost")
            return adapter.update_attributes(*args, **kwargs)

    first = fault_storage.request_memory(ReplyLostWhileAnotherLands(), "req-first").record_session("ice")
    assert heard == [2]  # the other request's count, said by it
    assert first is None  # not "2" again, and not "1", which it cannot know
    assert fault_storage.request_memory(adapter, "req-check").sessions_today("ice") == 2
