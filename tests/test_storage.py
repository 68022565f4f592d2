"""Storage: both adapters for real, concurrency, and failures that must not stop an answer.

SQLite runs on each test's own file (conftest). DynamoDB runs against a real
DynamoDB-compatible server (moto's server mode) that these tests start on
127.0.0.1, reached over HTTP by boto3 with fake credentials: no in-process mocks.
"""

import datetime
import decimal
import hashlib
import json
import multiprocessing
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time

import doors
import pytest
from conftest import use_dynamodb
from envelopes import DEFAULT_USER, Conversation, launch_request, slot
from test_memory import (
    NO_ALEXA_API,
    handler_input_for,
    stored_record,
    stored_rows,
    user_key,
)

from skill.content import guide, prompts
from skill.content import memory as words
from skill.services import clock, dynamodb_storage, sqlite_storage
from skill.services.persistence import build_persistence_adapter
from skill.services.sqlite_storage import SqliteAdapter
from skill.services.storage import (
    RETENTION_DAYS,
    CorruptRecord,
    StorageError,
    UnavailableAdapter,
)
from skill.settings import Settings
from skill.turn import memory_for

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
import fault_storage

EMERGENCY = ("EmergencyIntent", slot("symptom", "can't move my leg", "CANNOT_MOVE_LIMB"))


def talk(**options) -> Conversation:
    options.setdefault("api_endpoint", NO_ALEXA_API)
    return Conversation(**options)


def request_envelope(user_id=DEFAULT_USER):
    return handler_input_for(launch_request(), adapter=object(), user_id=user_id).request_envelope


def add_one(attributes):
    attributes["n"] = attributes.get("n", 0) + 1


@pytest.fixture
def settings(settings):
    """Health details stored between sessions (``BSC_KEEP_HEALTH_DETAILS`` on): these tests load the store with session counts;
    ``tests/test_data_policy.py`` holds the default."""
    return settings._replace(keep_health_details=True)


@pytest.fixture
def quick_busy_timeout(monkeypatch):
    monkeypatch.setattr(sqlite_storage, "SQLITE_BUSY_TIMEOUT_SECONDS", 0.2)


def assert_log_has_no_user_data(caplog):
    assert DEFAULT_USER not in caplog.text
    assert "TESTUSER" not in caplog.text
    assert user_key() not in caplog.text


# --- Choosing an adapter ------------------------------------------------------------

def test_the_storage_setting_decides_where_memory_lives(tmp_path, monkeypatch):
    """SQLite at the path chosen: a new process with the same settings knows the user heard the
    disclaimer. No storage: every launch is a first visit, and no file is made."""
    chosen = tmp_path / "chosen" / "memory.sqlite3"
    doors.reconfigure(monkeypatch, storage="sqlite", sqlite_path=str(chosen))
    assert prompts.DISCLAIMER in Conversation().launch().speech
    assert chosen.exists()
    doors.reconfigure(monkeypatch)  # a fresh process, the same settings
    assert Conversation().launch().speech.startswith(prompts.WELCOME_RETURNING)

    nowhere = tmp_path / "none" / "memory.sqlite3"
    doors.reconfigure(monkeypatch, storage="none", sqlite_path=str(nowhere))
    for _ in range(2):
        assert prompts.DISCLAIMER in Conversation().launch().speech
    assert not nowhere.parent.exists()


def test_an_unknown_storage_setting_means_no_memory_and_says_so(caplog):
    assert build_persistence_adapter(Settings(storage="redis")) is None
    assert "unknown BSC_STORAGE" in caplog.text


def test_boto3_is_not_imported_unless_dynamodb_is_chosen():
    code = ("import sys, lambda_handler; lambda_handler.door.skill(); "
            "assert 'boto3' not in sys.modules and 'botocore' not in sys.modules, 'boto3 imported'")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BSC_")}
    env.update(BSC_STORAGE="sqlite", BSC_SQLITE_PATH=os.path.join(
        os.environ["BSC_SQLITE_PATH"] + ".d", "m.sqlite3"))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]


def test_with_dynamodb_chosen_botocore_waits_until_memory_is_first_used():
    # A cold start answering an emergency must not pay for importing botocore.
    code = "\n".join((
        "import sys, lambda_handler",
        "from envelopes import envelope, launch_request, intent_request, slot",
        "emergency = intent_request('EmergencyIntent', slot('symptom', 'x', 'CANNOT_MOVE_LIMB'))",
        "said = lambda_handler.handler(envelope(emergency, api_endpoint='https://127.0.0.1:9'), None)",
        "assert 'Call 911' in said['response']['outputSpeech']['ssml']",
        "assert 'botocore' not in sys.modules, 'botocore imported for an emergency'",
        "lambda_handler.handler(envelope(launch_request(), api_endpoint='https://127.0.0.1:9'), None)",
        "assert 'botocore' in sys.modules, 'memory never reached DynamoDB'",
        "assert 'boto3' not in sys.modules, 'boto3 imported: only botocore is needed'",
    ))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BSC_", "AWS_"))}
    env.update(BSC_STORAGE="dynamodb", BSC_DYNAMODB_ENDPOINT=_refusing_endpoint(),
               AWS_DEFAULT_REGION="us-east-1", AWS_ACCESS_KEY_ID="testing",
               AWS_SECRET_ACCESS_KEY="testing", AWS_CONFIG_FILE=os.devnull,
               AWS_SHARED_CREDENTIALS_FILE=os.devnull,
               PYTHONPATH=os.pathsep.join((ROOT, os.path.join(ROOT, "tests"))))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]


# --- SQLite ---------------------------------------------------------------------------

def test_sqlite_creates_its_folder_file_and_table_on_first_use_private_and_in_wal_mode(tmp_path):
    path = tmp_path / "deeper" / "still" / "memory.sqlite3"
    adapter = SqliteAdapter(str(path))
    assert not path.exists()  # nothing happens before first use
    assert adapter.get_attributes(request_envelope()) == {}
    assert path.exists()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_sqlite_get_save_update_delete_round_trip(tmp_path):
    adapter = SqliteAdapter(str(tmp_path / "m.sqlite3"))
    envelope_ = request_envelope()
    adapter.save_attributes(envelope_, {"last_topic": "walking"})
    assert adapter.get_attributes(envelope_) == {"last_topic": "walking"}
    assert adapter.update_attributes(envelope_, add_one) == {"last_topic": "walking", "n": 1}
    assert adapter.update_attributes(envelope_, lambda a: {"n": a["n"] + 1}) == {"n": 2}
    assert adapter.get_attributes(request_envelope("amzn1.ask.account.OTHER")) == {}
    adapter.delete_attributes(envelope_)
    assert adapter.get_attributes(envelope_) == {}


def test_sqlite_forgets_memory_untouched_for_the_retention_period_and_a_plain_launch_writes_nothing(
        monkeypatch):
    talk().launch()  # the disclaimer is heard and remembered
    path = doors.current().settings.sqlite_path
    expired = int(time.time()) - (RETENTION_DAYS + 1) * 86400
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO memory VALUES ('someone-else', '{}', ?)", (expired,))
        connection.execute("UPDATE memory SET updated_at = ? WHERE id = ?", (expired + 3600, user_key()))

    def rows():
        with sqlite3.connect(path) as connection:
            return dict(connection.execute("SELECT id, updated_at FROM memory"))

    doors.reconfigure(monkeypatch)  # as a new process: expired records go with its first write
    # A returning user's launch only reads: an expired record is not read, and nothing is written.
    untouched = rows()
    said = talk().launch()
    assert prompts.DISCLAIMER in said.speech  # forgotten: the first-time welcome again
    assert rows()[user_key()] > untouched[user_key()]  # the disclaimer, remembered afresh
    assert "someone-else" not in rows()  # deleted in that same write

    remembered = rows()
    said = talk().launch()
    assert prompts.DISCLAIMER not in said.speech
    assert rows() == remembered  # a welcome back is a read, never a write


def test_sqlite_update_that_fails_midway_changes_nothing(tmp_path):
    adapter = SqliteAdapter(str(tmp_path / "m.sqlite3"))
    adapter.save_attributes(request_envelope(), {"n": 1})

    def half_done(attributes):
        attributes["n"] = 99
        raise RuntimeError("mutation failed")
    with pytest.raises(RuntimeError):
        adapter.update_attributes(request_envelope(), half_done)
    assert adapter.get_attributes(request_envelope()) == {"n": 1}


def test_sqlite_threads_updating_one_user_lose_nothing(tmp_path):
    adapter = SqliteAdapter(str(tmp_path / "m.sqlite3"))
    envelope_ = request_envelope()

    def work():
        for _ in range(25):
            adapter.update_attributes(envelope_, add_one)
    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert adapter.get_attributes(envelope_) == {"n": 200}


def _worker_records_sessions(adapter, count, results):
    """One 'gunicorn worker': its own process, the adapter it inherited at fork."""
    got = []
    for _ in range(count):
        memory = memory_for(handler_input_for(launch_request(), adapter))
        got.append(memory.record_session("ice"))
    results.put(got)


def test_worker_processes_recording_sessions_for_one_user_count_every_one(tmp_path):
    # Like gunicorn with --preload: the adapter is made (and used) before the fork.
    adapter = SqliteAdapter(str(tmp_path / "m.sqlite3"))
    adapter.get_attributes(request_envelope())
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [context.Process(target=_worker_records_sessions, args=(adapter, 25, results))
               for _ in range(4)]
    for worker in workers:
        worker.start()
    counts = sorted(n for _ in workers for n in results.get(timeout=30))
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    # Two sessions counted twice, not once: every count from 1 to 100 handed out exactly once.
    assert counts == list(range(1, 101))
    assert memory_for(handler_input_for(launch_request(), adapter)).sessions_today("ice") == 100


# --- Storage failures: the answer always comes --------------------------------------------

def test_a_database_locked_by_another_writer_times_out_quickly_and_the_answer_still_comes(
        quick_busy_timeout, caplog):
    talk().launch()  # the file and table exist; the disclaimer has been heard
    caplog.clear()
    blocker = sqlite3.connect(doors.current().settings.sqlite_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # holds the write lock, as a stuck worker would
    try:
        started = time.monotonic()
        said = talk().ask("PainStartedIntent", slot("start_date", "PRESENT_REF"))
        elapsed = time.monotonic() - started
        assert words.PAIN_START_DAY_ONE in said.speech
        assert words.PAIN_START_NOT_SAVED in said.speech
        assert elapsed < 2.0
        assert talk().ask(*EMERGENCY).speech.startswith("Call 911 now.")
        assert talk().ask("BedRestIntent").speech.startswith(guide.BED_REST.chunks[0])
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert "(sqlite locked during set pain start)" in caplog.text
    assert_log_has_no_user_data(caplog)


def test_a_database_locked_exclusively_even_for_readers_still_gets_the_full_welcome(
        quick_busy_timeout, caplog):
    talk().launch()
    # The skill keeps its connection open between requests; an exclusive lock
    # can only be taken while no other connection is open, as after a restart.
    doors.current().skill().persistence_adapter.close()
    blocker = sqlite3.connect(doors.current().settings.sqlite_path, isolation_level=None)
    blocker.execute("PRAGMA locking_mode=EXCLUSIVE")
    blocker.execute("BEGIN EXCLUSIVE")
    blocker.execute("UPDATE memory SET updated_at = updated_at")
    try:
        said = talk().launch()
        # Memory unreadable: the first-time welcome, disclaimer included, is the safe answer.
        assert prompts.DISCLAIMER in said.speech
        assert talk().ask(*EMERGENCY).speech.startswith("Call 911 now.")
    finally:
        blocker.execute("COMMIT")
        blocker.close()
    assert "sqlite locked" in caplog.text
    assert_log_has_no_user_data(caplog)


def test_an_unreachable_database_path_still_answers(monkeypatch, tmp_path, caplog):
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    doors.reconfigure(monkeypatch, sqlite_path=str(not_a_folder / "memory.sqlite3"))
    user = talk()
    assert prompts.DISCLAIMER in user.launch().speech
    assert user.ask("BedRestIntent").speech.startswith(guide.BED_REST.chunks[0])
    assert talk().ask(*EMERGENCY).speech.startswith("Call 911 now.")
    user.ask("ForgetMeIntent")
    assert user.ask("AMAZON.YesIntent").speech.startswith(words.FORGET_FAILED)
    assert "sqlite unavailable" in caplog.text
    assert_log_has_no_user_data(caplog)


@pytest.mark.parametrize("corrupt", ["{not json", "[1, 2, 3]", '"just a string"', ""])
def test_a_corrupt_row_means_answering_without_memory_until_forget_me_clears_it(corrupt, caplog):
    talk().ask("PainStartedIntent", slot("start_date", "PRESENT_REF"))
    with sqlite3.connect(doors.current().settings.sqlite_path) as connection:
        connection.execute("UPDATE memory SET attributes = ? WHERE id = ?", (corrupt, user_key()))
    caplog.clear()

    user = talk()
    assert prompts.DISCLAIMER in user.launch().speech
    assert user.ask("BedRestIntent").speech.startswith(guide.BED_REST.chunks[0])
    assert talk().ask(*EMERGENCY).speech.startswith("Call 911 now.")
    assert "corrupt record" in caplog.text
    assert_log_has_no_user_data(caplog)

    user.ask("ForgetMeIntent")
    assert user.ask("AMAZON.YesIntent").speech.startswith(words.FORGET_DONE)
    assert stored_rows() == []
    user.ask("AMAZON.StopIntent")
    talk().launch()
    assert prompts.DISCLAIMER not in talk().launch().speech


def test_a_row_of_valid_json_with_wrong_shapes_is_read_as_far_as_it_makes_sense():
    talk().launch()
    junk = {"disclaimer_heard": "yes", "pain_start": "soon", "sessions": {"2026-11-25": "x"},
            "timers": "none", "last_topic": "<script>", "user_id": DEFAULT_USER}
    with sqlite3.connect(doors.current().settings.sqlite_path) as connection:
        connection.execute("UPDATE memory SET attributes = ? WHERE id = ?",
                           (json.dumps(junk), user_key()))
    assert prompts.DISCLAIMER in talk().launch().speech
    assert stored_record() == {"disclaimer_heard": True}


def test_memory_that_fails_once_stays_quiet_for_the_rest_of_the_request(tmp_path):
    calls = []

    class Broken(UnavailableAdapter):
        def _fail(self, *args, **kwargs):
            calls.append(1)
            raise StorageError("test failure")
        read = update_attributes = _fail

    memory = memory_for(handler_input_for(launch_request(), Broken("x")))
    assert memory.heard_disclaimer() is False
    memory.mark_disclaimer_heard()
    assert memory.record_session("ice") is None
    assert memory.sessions_today() is None
    assert memory.pain_day() is None
    assert memory.active_timers() == []
    assert memory.available is False
    assert calls == [1]


# --- DynamoDB, against a real server on loopback ------------------------------------------

@pytest.fixture
def dynamodb(dynamodb_server, monkeypatch, request):
    """Storage on the loopback DynamoDB server, a fresh table per test, fake credentials."""
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    door = use_dynamodb(monkeypatch, dynamodb_server,
                        "memory-" + hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:12])
    # The skill's store is set up before a test talks to it: on a loaded machine building the
    # boto3 client can outlast a request's read, and the request would answer without memory.
    assert door.skill().persistence_adapter.table_name
    return build_persistence_adapter(door.settings)


def table_of(adapter):
    """The adapter's table as a boto3 resource shows it: the test's own view of the raw items."""
    import boto3

    return boto3.resource("dynamodb", endpoint_url=adapter.client.meta.endpoint_url).Table(
        adapter.table_name)


def raw_item(adapter, user_id=DEFAULT_USER):
    table = table_of(adapter)
    key = hashlib.sha256(user_id.encode()).hexdigest()
    return table.get_item(Key={"id": key}, ConsistentRead=True).get("Item")


def test_dynamodb_table_is_created_for_a_local_server_with_the_documented_schema(dynamodb):
    assert dynamodb.get_attributes(request_envelope()) == {}
    table = table_of(dynamodb)
    assert table.key_schema == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert table.attribute_definitions == [{"AttributeName": "id", "AttributeType": "S"}]
    for phrase in ("partition key `id`, type String", "`m:<field>`", "`applied0`",
                   "`expires_at`", "dynamodb:GetItem, dynamodb:UpdateItem"):
        assert phrase in dynamodb_storage.TABLE_DOC


def test_dynamodb_round_trip_with_expiry_counters_and_numbers_as_python_numbers(dynamodb):
    envelope_ = request_envelope()
    dynamodb.save_attributes(envelope_, {"sessions": {"2026-11-25": {"ice": 2}}, "x": 1.5})
    assert dynamodb.get_attributes(envelope_) == {"sessions": {"2026-11-25": {"ice": 2}}, "x": 1.5}
    assert type(dynamodb.get_attributes(envelope_)["sessions"]["2026-11-25"]["ice"]) is int
    dynamodb.update_attributes(envelope_, add_one, mark="a-request")
    item = raw_item(dynamodb)
    assert item["expires_at"] > time.time() + 80 * 86400
    # One attribute per field, one number per session count (added to, never overwritten).
    assert item["m:#:sessions:2026-11-25:ice"] == 2 and item["m:n"] == 1 and item["m:x"] == 1.5
    assert set(item) - {"applied0", "applied1", "applied2"} == {
        "id", "expires_at", "m:#:sessions:2026-11-25:ice", "m:x", "m:n"}
    dynamodb.delete_attributes(envelope_)
    assert raw_item(dynamodb) is None


def test_dynamodb_updates_a_record_written_by_the_plain_sdk_adapter(dynamodb):
    table = table_of(dynamodb)
    dynamodb.get_attributes(request_envelope())  # creates the table
    table.put_item(Item={"id": user_key(), "attributes": {"n": 5, "gone": True}})
    assert dynamodb.update_attributes(request_envelope(), lambda a: {"n": a["n"] + 1}) == {"n": 6}
    item = raw_item(dynamodb)
    assert "attributes" not in item and item["m:n"] == 6  # moved into fields on the first write
    assert dynamodb.get_attributes(request_envelope()) == {"n": 6}


@pytest.fixture
def one_at_a_time_dynamodb(dynamodb_server, monkeypatch):
    """DynamoDB through the fault proxy, with no fault: it hands moto one request at a time,
    as DynamoDB applies updates to an item (moto alone loses some simultaneous ADDs)."""
    proxy = fault_storage.FaultyProxy(dynamodb_server).start()
    try:
        use_dynamodb(monkeypatch, proxy.endpoint, "memory-one-at-a-time")
        yield build_persistence_adapter(doors.current().settings), proxy
    finally:
        proxy.stop()


def test_dynamodb_threads_recording_sessions_for_one_user_count_every_one(one_at_a_time_dynamodb):
    dynamodb, proxy = one_at_a_time_dynamodb
    dynamodb.get_attributes(request_envelope())
    results, lock = [], threading.Lock()

    def work():
        for _ in range(4):
            count = memory_for(handler_input_for(launch_request(), dynamodb)).record_session("heat")
            with lock:
                results.append(count)
    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Each count said once. A write boto3 sent again after a slow reply finds itself landed
    # and says no count (later sessions may be in what it reads back), so a loaded machine
    # may leave some unsaid; none is said twice, and every one is stored.
    said = [count for count in results if count is not None]
    assert len(said) == len(set(said)) and set(said) <= set(range(1, 33))
    assert memory_for(handler_input_for(launch_request(), dynamodb)).sessions_today("heat") == 32
    assert proxy.counts["UpdateItem"] >= 32


def test_a_conversation_remembers_across_sessions_in_dynamodb(dynamodb):
    user = talk()
    assert prompts.DISCLAIMER in user.launch().speech
    user.ask("PainStartedIntent", slot("start_date", (
        clock.utc_now().date() - datetime.timedelta(days=1)).isoformat()))
    user.ask("AMAZON.StopIntent")
    assert prompts.DISCLAIMER not in user.launch().speech
    assert user.ask("BedRestIntent").speech.startswith(
        guide.BED_REST_LATER_DAY.format(when="yesterday"))
    assert {name for name in raw_item(dynamodb) if name.startswith("m:")} == {
        "m:disclaimer_heard", "m:pain_start", "m:last_topic"}
    user.ask("ForgetMeIntent")
    user.ask("AMAZON.YesIntent")
    assert raw_item(dynamodb) is None


def test_a_corrupt_dynamodb_item_means_answering_without_memory(dynamodb, caplog):
    talk().launch()
    table = table_of(dynamodb)
    table.put_item(Item={"id": user_key(), "attributes": "{not a map"})
    caplog.clear()
    assert prompts.DISCLAIMER in talk().launch().speech
    assert talk().ask(*EMERGENCY).speech.startswith("Call 911 now.")
    assert "corrupt record" in caplog.text
    assert_log_has_no_user_data(caplog)


def _refusing_endpoint():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"  # closed again: nothing listens


def test_an_unreachable_dynamodb_endpoint_fails_fast_and_the_answer_still_comes(
        dynamodb, monkeypatch, caplog):
    doors.reconfigure(monkeypatch, dynamodb_endpoint=_refusing_endpoint())
    started = time.monotonic()
    user = talk()
    assert prompts.DISCLAIMER in user.launch().speech
    assert user.ask("BedRestIntent").speech.startswith(guide.BED_REST.chunks[0])
    assert time.monotonic() - started < 6.0
    assert talk().ask(*EMERGENCY).speech.startswith("Call 911 now.")
    assert "memory unavailable for this request (dynamodb" in caplog.text
    assert_log_has_no_user_data(caplog)


def test_a_dynamodb_server_that_never_answers_is_given_up_on_within_the_read_timeout(
        dynamodb, monkeypatch, caplog):
    monkeypatch.setattr(dynamodb_storage, "DYNAMODB_READ_TIMEOUT_SECONDS", 0.3)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)  # accepts connections, never says a word
    try:
        doors.reconfigure(monkeypatch, dynamodb_endpoint=f"http://127.0.0.1:{silent.getsockname()[1]}")
        # The store is built on a helper thread at first use; on a busy machine the first
        # requests may answer before it is built ("still starting"). Wait for a request that
        # reached the silent server, then time the next one.
        give_up = time.monotonic() + 60
        while "memory unavailable for this request (dynamodb" not in caplog.text and time.monotonic() < give_up:
            talk().launch()
        caplog.clear()
        started = time.monotonic()
        said = talk().launch()
        elapsed = time.monotonic() - started
    finally:
        silent.close()
    assert prompts.DISCLAIMER in said.speech
    # One failure per request at most: two attempts of 0.3 s, a short back-off, then no more tries.
    assert elapsed < 2.5
    assert "memory unavailable for this request (dynamodb" in caplog.text


def test_dynamodb_without_an_aws_region_builds_a_skill_that_answers_without_memory(
        dynamodb, monkeypatch, caplog):
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    adapter = build_persistence_adapter(doors.current().settings)
    with pytest.raises(StorageError) as failure:
        adapter.get_attributes(request_envelope())
    assert failure.value.reason == "no AWS region configured"
    assert "no AWS region configured" in caplog.text
    doors.reconfigure(monkeypatch)  # a skill built now, with no region to be had
    assert prompts.DISCLAIMER in talk().launch().speech


def test_storage_errors_carry_only_a_fixed_reason():
    error = CorruptRecord()
    assert error.reason == "corrupt record" and isinstance(error, StorageError)


def test_a_dynamodb_call_that_waited_past_its_deadline_for_a_thread_is_never_made():
    """Calls run on threads kept between requests; one still queued at its deadline is dropped,
    so a write given up on cannot land later (after "forget me", say)."""
    from concurrent.futures import ThreadPoolExecutor

    from skill.deadline import Deadline

    calls = ThreadPoolExecutor(1)
    release, made = threading.Event(), []
    try:
        with pytest.raises(StorageError, match="timed out"):
            dynamodb_storage._within(calls, Deadline.after(0.2), release.wait, "dynamodb read")
        with pytest.raises(StorageError, match="timed out"):  # the one thread is still busy
            dynamodb_storage._within(calls, Deadline.after(0.2), lambda: made.append(1), "dynamodb write")
    finally:
        release.set()
        calls.shutdown(wait=True)
    assert made == []
    assert dynamodb_storage._within(ThreadPoolExecutor(1), Deadline.after(1), lambda: 42, "read") == 42


@pytest.mark.parametrize("value", [
    {"text": "a", "yes": True, "no": False, "nothing": None, "count": 3, "big": 10 ** 20,
     "half": 1.5, "small": 1e-7, "list": [1, "two", [3.25]], "map": {"a": {"b": -4}}, "empty": {}},
])
def test_dynamodb_typed_values_come_back_as_they_were_stored(value):
    typed = dynamodb_storage._typed(dynamodb_storage._to_dynamodb(value))
    assert dynamodb_storage._from_dynamodb(dynamodb_storage._untyped(typed)) == value
    assert typed["M"]["count"] == {"N": "3"} and typed["M"]["nothing"] == {"NULL": True}
    assert dynamodb_storage._untyped({"SS": ["b", "a"]}) == {"a", "b"}


@pytest.mark.parametrize("unstorable", [1.5, decimal.Decimal("NaN"), object(), set(), {1, 2}])
def test_dynamodb_refuses_values_it_cannot_store(unstorable):
    # Floats reach it as Decimal (_to_dynamodb); a float, NaN, an empty or a number set cannot be stored.
    with pytest.raises(TypeError):
        dynamodb_storage._typed(unstorable)
