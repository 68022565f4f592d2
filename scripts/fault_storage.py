#!/usr/bin/env python3
"""Storage under faults: lost and double-applied updates, a slow and a restarted DynamoDB server.

    python scripts/fault_storage.py            # the measurements of issue 13, about a minute
    python scripts/fault_storage.py --quick    # the small version the test suite runs

Run by hand, not timed in CI; ``tests/test_fault_storage.py`` runs the quick
version. Everything listens on 127.0.0.1 only. ``run(...)`` returns the figures
as a dict, for a combined fault script to import.

What it does, through the skill's own memory (``skill.turn`` and
``skill.memory``, one request per update, each with its own request id and
deadline), counting one ice session per request:

Lost and double-applied updates
    ``writers`` threads count ``updates`` sessions each for one user, at once,
    on SQLite and on DynamoDB (moto's server behind ``FaultyProxy``). On both,
    the reply of every ``late_every``-th write is lost after the write landed:
    for DynamoDB the proxy holds the reply past boto3's read time-out (boto3
    then retries the write), for SQLite the adapter raises a time-out after
    its commit (the memory then retries). The stored count must equal the
    number of requests: lost = requests - stored, double-applied = stored -
    requests (when positive). An update that met a slow store is finished
    after its answer (``skill.services.write_behind``): the count is taken
    once those have landed or been given up (``finished_after_answer`` says
    how many landed late). And what the users hear: each count said
    ("that's your fifth ice session today") must be said once; a count said
    by two requests is "said twice" (a request whose write's reply was lost
    cannot know which count its own write made, so it says none).
A slowed DynamoDB server
    every reply held ``slow_seconds``: each request (a launch, which reads and
    writes memory) must still answer within Alexa's 8 seconds.
A restarted DynamoDB server
    the server is replaced by a new, empty one on the same address: memory
    must come back (the table is made again) without restarting the skill,
    and the session counted while it was down lands once it is back.
"""

import argparse
import contextlib
import http.client
import itertools
import json
import logging
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOST = "127.0.0.1"
USER = "amzn1.ask.account.FAULTSCRIPTUSER"
ALEXA_WAITS_SECONDS = 8.0
#: The longest wait for updates finished after their answers, and for a store to come up.
SETTLE_SECONDS = 90.0


# --- A DynamoDB server that misbehaves --------------------------------------------------

class FaultyProxy:
    """An HTTP proxy on loopback in front of a DynamoDB-compatible server.

    ``slow_seconds`` holds every reply; ``late_every`` = n holds the reply of
    every n-th write (PutItem, UpdateItem, DeleteItem) for ``late_seconds``
    after the server answered, i.e. after the write landed; a retry of that
    write is answered at once. ``target`` can be changed (a restarted server);
    while it refuses connections, requests are dropped unanswered. ``counts``
    holds the operations seen (``GetItem``, ``UpdateItem``, ...). Requests
    reach the server one at a time, as DynamoDB applies them to an item:
    moto's server alone loses some of many simultaneous atomic ADDs (3 of 768
    at 64 threads here), which would hide what the skill does.
    """

    WRITES = ("PutItem", "UpdateItem", "DeleteItem")

    def __init__(self, target: str):
        self.target = target
        self.slow_seconds = 0.0
        self.late_every = 0
        self.late_seconds = 0.0
        self.counts = {}
        self._writes = itertools.count(1)
        self._held = set()
        self._lock = threading.Lock()
        self._forward_lock = threading.Lock()
        self._connection, self._connection_to = None, None
        ThreadingHTTPServer.request_queue_size = 256  # many writers connect at once
        self._server = ThreadingHTTPServer((HOST, 0), self._handler())
        self._server.daemon_threads = True
        self._server.handle_error = lambda request, address: None  # a client that gave up
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.01}, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://{HOST}:{self._server.server_address[1]}"

    def start(self) -> "FaultyProxy":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset_counts(self) -> None:
        with self._lock:
            self.counts = {}

    def _hold_for(self, operation: str, body: bytes) -> float:
        with self._lock:
            self.counts[operation] = self.counts.get(operation, 0) + 1
            held = self.slow_seconds
            if self.late_every and operation in self.WRITES and body not in self._held:
                if next(self._writes) % self.late_every == 0:
                    self._held.add(body)  # the retry of this very request goes through
                    held += self.late_seconds
        return held

    def _forward(self, path, body, headers):
        """One request to the server, over one kept connection, one at a time.

        DynamoDB applies each request to an item atomically; moto's server
        does not (it loses some of many simultaneous ADDs by itself), so the
        proxy hands it one request at a time.
        """
        with self._forward_lock:
            host, port = self.target.rsplit("//", 1)[-1].rsplit(":", 1)
            if self._connection is None or self._connection_to != self.target:
                self._connection = http.client.HTTPConnection(host, int(port), timeout=30)
                self._connection_to = self.target
            try:
                self._connection.request("POST", path, body=body, headers={
                    k: v for k, v in headers.items() if k.lower() != "connection"})
                reply = self._connection.getresponse()
                return reply.status, reply.getheaders(), reply.read()
            except (OSError, http.client.HTTPException):
                self._connection.close()
                self._connection = None
                raise OSError("server unreachable") from None

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802 - the name http.server calls
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                operation = (self.headers.get("X-Amz-Target") or "").rsplit(".", 1)[-1]
                held = proxy._hold_for(operation, body)
                try:
                    status, headers, answer = proxy._forward(self.path, body, self.headers)
                except OSError:
                    self.close_connection = True  # the server is down: no answer at all
                    return
                if held:
                    time.sleep(held)
                try:
                    self.send_response(status)
                    for key, value in headers:
                        if key.lower() not in ("content-length", "connection", "transfer-encoding",
                                               "date", "server"):
                            self.send_header(key, value)
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:
                    self.close_connection = True  # the client gave up waiting

            def log_message(self, *args):
                pass

        return Handler


@contextlib.contextmanager
def moto_server(in_process: bool = False):
    """moto's DynamoDB-compatible server on loopback; yields its URL.

    In its own process by default, so that many writers in this one do not
    starve it of the interpreter; ``in_process`` starts faster (the tests).
    """
    if in_process:
        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        server = ThreadedMotoServer(ip_address=HOST, port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            yield f"http://{host}:{port}"
        finally:
            server.stop()
        return
    import socket
    import subprocess

    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", HOST, "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ends = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection((HOST, port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > ends or process.poll() is not None:
                    raise RuntimeError("moto server did not start") from None
                time.sleep(0.1)
        yield f"http://{HOST}:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextlib.contextmanager
def environment(unset=(), **values):
    """These environment variables set (and ``unset`` removed) for the block, then as they were."""
    saved = {name: os.environ.get(name) for name in (*values, *unset)}
    for name in unset:
        os.environ.pop(name, None)
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def aws_test_credentials():
    """Fake AWS credentials for boto3 and nothing from the host, for the block."""
    return environment(
        unset=("AWS_PROFILE", "AWS_REGION"),
        AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1", AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull)


# --- One request's memory ------------------------------------------------------------

def request_memory(adapter, request_id: str):
    """The memory one request of USER gets, through the skill's own turn.

    Session counts are the stored counter this script loads, so they are stored between
    sessions here (``BSC_KEEP_HEALTH_DETAILS`` on); by default they last one session.
    """
    from alexa_simulator.envelopes import envelope, launch_request
    from ask_sdk_core.attributes_manager import AttributesManager
    from ask_sdk_core.handler_input import HandlerInput
    from ask_sdk_core.serialize import DefaultSerializer

    from skill.turn import start_turn

    body = envelope(launch_request(), user_id=USER)
    body["request"]["requestId"] = request_id
    request_envelope = DefaultSerializer().deserialize(json.dumps(body), "ask_sdk_model.RequestEnvelope")
    handler_input = HandlerInput(request_envelope=request_envelope,
                                 attributes_manager=AttributesManager(request_envelope))
    return start_turn(handler_input, adapter, keep_health_details=True).memory


class LostReplies:
    """A SQLite adapter whose every n-th write lands, then reports a time-out (as a lost reply)."""

    def __init__(self, adapter, every: int):
        self._adapter, self._every = adapter, every
        self._writes = itertools.count(1)
        self._lost = set()
        self._lock = threading.Lock()

    def __getattr__(self, name):
        return getattr(self._adapter, name)

    def update_attributes(self, *args, **kwargs):
        from skill.services.storage import StorageError

        result = self._adapter.update_attributes(*args, **kwargs)
        mark = kwargs.get("mark")
        with self._lock:
            lose = (self._every and mark not in self._lost
                    and next(self._writes) % self._every == 0)
            if lose:
                self._lost.add(mark)  # its retry is answered
        if lose:
            raise StorageError("sqlite reply lost")
        return result


def count_concurrently(adapter, writers: int, updates: int, tag: str) -> dict:
    """``writers`` threads each record ``updates`` ice sessions; what was stored against what was asked."""
    unconfirmed, said = [], []
    start = threading.Barrier(writers)

    def writer(number):
        start.wait()
        for update in range(updates):
            memory = request_memory(adapter, f"amzn1.echo-api.request.{tag}-{number}-{update}")
            count = memory.record_session("ice")
            if count is None:
                unconfirmed.append(1)
            else:
                said.append(count)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    reasons = ReasonCounter()
    memory_log = logging.getLogger("skill.memory")
    memory_log.addHandler(reasons)
    started = time.monotonic()
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        memory_log.removeHandler(reasons)
    elapsed = time.monotonic() - started
    drain = getattr(adapter, "drain", None)
    if drain is not None:
        drain(SETTLE_SECONDS)  # updates that met a slow store land after their answers
    time.sleep(0.2)  # a write abandoned at a deadline may still land: count it too
    stored = stored_count(adapter, tag)
    asked = writers * updates
    return {"requests": asked, "stored": stored, "lost": max(0, asked - stored),
            "double_applied": max(0, stored - asked), "unconfirmed": len(unconfirmed),
            "said_twice": len(said) - len(set(said)),
            "finished_after_answer": getattr(adapter, "finished_late", 0),
            "given_up": getattr(adapter, "given_up", 0),
            "unconfirmed_because": dict(reasons.counts), "seconds": round(elapsed, 2)}


def stored_count(adapter, tag: str) -> int:
    """The ice sessions stored for USER, read as often as it takes (a loaded store can be slow)."""
    from skill.deadline import Deadline

    ends = Deadline.after(SETTLE_SECONDS)
    while True:
        count = request_memory(adapter, f"amzn1.echo-api.request.{tag}-check").sessions_today("ice")
        if count is not None or ends.remaining() <= 0:
            return count or 0
        time.sleep(0.2)


def ready(adapter) -> None:
    """Wait until the store answers a read (its table made, boto3 loaded), however slow the machine."""
    from skill.deadline import Deadline
    from skill.services.storage import StorageError

    ends = Deadline.after(SETTLE_SECONDS)
    while True:
        try:
            adapter.read(_envelope(), deadline=Deadline.after(10.0))
            return
        except StorageError:
            if ends.remaining() <= 0:
                raise
            time.sleep(0.2)


class ReasonCounter(logging.Handler):
    """Counts why the memory gave up in a request (the safe reasons it logs)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.counts = {}
        self._lock_ = threading.Lock()

    def emit(self, record):
        message = record.getMessage()
        if "memory unavailable" in message and "(" in message:
            reason = message.split("(", 1)[1].split(")", 1)[0]
            with self._lock_:
                self.counts[reason] = self.counts.get(reason, 0) + 1


# --- The measurements ------------------------------------------------------------------

def measure_sqlite(folder, writers, updates, late_every) -> dict:
    from skill.services.sqlite_storage import SqliteAdapter
    from skill.services.write_behind import WriteBehind

    adapter = SqliteAdapter(os.path.join(folder, "fault.sqlite3"))
    return count_concurrently(WriteBehind(LostReplies(adapter, late_every)), writers, updates,
                              "sqlite")


def dynamodb_changes(endpoint: str, table: str) -> dict:
    """The settings that put the skill's storage on ``table`` at ``endpoint`` (made on first use)."""
    return {"storage": "dynamodb", "dynamodb_endpoint": endpoint, "dynamodb_table": table,
            "dynamodb_create_table": True}


def dynamodb_settings(endpoint: str, table: str):
    from skill.settings import Settings

    return Settings(**dynamodb_changes(endpoint, table))


def dynamodb_adapter(settings):
    from skill.services.persistence import build_persistence_adapter

    return build_persistence_adapter(settings)


def measure_dynamodb(proxy, writers, updates, late_every, late_seconds) -> dict:
    with aws_test_credentials():
        adapter = dynamodb_adapter(dynamodb_settings(proxy.endpoint, "fault-concurrent"))
        ready(adapter)  # makes the table
        proxy.late_every, proxy.late_seconds = late_every, late_seconds
        try:
            return count_concurrently(adapter, writers, updates, "dynamodb")
        finally:
            proxy.late_every = 0


def _envelope():
    from alexa_simulator.envelopes import envelope, launch_request
    from ask_sdk_core.serialize import DefaultSerializer

    return DefaultSerializer().deserialize(json.dumps(envelope(launch_request(), user_id=USER)),
                                           "ask_sdk_model.RequestEnvelope")


def answer_seconds(door, requests: int) -> list:
    """Seconds each of ``requests`` launches takes through ``door`` (the Lambda door's kind)."""
    from alexa_simulator.envelopes import envelope, launch_request

    times = []
    for _ in range(requests):
        event = envelope(launch_request(), user_id=USER, api_endpoint="https://127.0.0.1:9")
        started = time.monotonic()
        said = door(event, None)
        times.append(time.monotonic() - started)
        assert "outputSpeech" in said["response"], "no answer"
    return times


def measure_slow(proxy, slow_seconds, requests) -> dict:
    from skill.door import SkillDoor
    from skill.services import dynamodb_storage

    settings = dynamodb_settings(proxy.endpoint, "fault-slow")
    with aws_test_credentials(), _read_timeout(dynamodb_storage.DEFAULT_DYNAMODB_READ_TIMEOUT):
        door = SkillDoor(lambda: settings)
        proxy.slow_seconds = slow_seconds
        try:
            times = answer_seconds(door, requests)
        finally:
            proxy.slow_seconds = 0.0
            door.close()
    return {"reply_held_seconds": slow_seconds, "requests": requests,
            "slowest_answer_seconds": round(max(times), 2),
            "within_8_seconds": max(times) < ALEXA_WAITS_SECONDS}


def measure_restart(proxy) -> dict:
    """Memory through a server that goes away and comes back empty."""

    def remembered(tag):
        memory = request_memory(adapter, f"amzn1.echo-api.request.restart-{tag}")
        return memory.record_session("heat")

    from skill.services import dynamodb_storage

    with aws_test_credentials(), _read_timeout(dynamodb_storage.DEFAULT_DYNAMODB_READ_TIMEOUT):
        adapter = dynamodb_adapter(dynamodb_settings(proxy.endpoint, "fault-restart"))
        ready(adapter)
        before = remembered("before")
        original = proxy.target
        proxy.target = f"http://{HOST}:9"  # nothing listens: the server is down
        while_down = remembered("down")
        # Back, empty, as after a restart: moto's own reset drops every table.
        http.client.HTTPConnection(*original.rsplit("//", 1)[-1].rsplit(":", 1)).request(
            "POST", "/moto-api/reset")
        time.sleep(0.2)
        proxy.target = original
        adapter.drain(SETTLE_SECONDS)  # the session counted while down lands now
        landed_late = adapter.finished_late
        tries, after = 0, None
        while after is None and tries < 3:
            tries += 1
            after = remembered(f"after-{tries}")
    return {"count_before": before, "count_while_down": while_down,
            "landed_after_restart": landed_late,
            "count_after_restart": after, "requests_until_back": tries,
            "memory_came_back": after == 1 + landed_late and landed_late == 1}


def run(writers: int = 64, updates: int = 12, late_every: int = 8, late_seconds: float = 2.5,
        read_timeout: float = 2.0, slow_seconds: float = 9.0, slow_requests: int = 3,
        in_process: bool = False, folder=None) -> dict:
    """Every measurement; the figures as a dict (``lost`` and ``double_applied`` must be 0)."""
    import tempfile

    # The quick run lets boto3 give up on a held reply sooner than in production.
    with _read_timeout(read_timeout), _quiet_skill_log():
        with contextlib.ExitStack() as stack:
            folder = folder or stack.enter_context(tempfile.TemporaryDirectory())
            target = stack.enter_context(moto_server(in_process))
            proxy = FaultyProxy(target).start()
            stack.callback(proxy.stop)
            return {
                "sqlite": measure_sqlite(folder, writers, updates, late_every),
                "dynamodb": measure_dynamodb(proxy, writers, updates, late_every, late_seconds),
                "slow_dynamodb": measure_slow(proxy, slow_seconds, slow_requests),
                "restarted_dynamodb": measure_restart(proxy),
                "settings": {"writers": writers, "updates_each": updates,
                             "reply_lost_every": late_every, "reply_held_seconds": late_seconds,
                             "read_timeout_seconds": read_timeout},
            }


@contextlib.contextmanager
def _quiet_skill_log():
    """The skill's warnings are counted (``ReasonCounter``), not printed."""
    log = logging.getLogger("skill")
    saved = log.level, log.propagate
    quiet = logging.NullHandler()
    log.setLevel(logging.WARNING)
    log.propagate = False
    log.addHandler(quiet)
    try:
        yield
    finally:
        log.removeHandler(quiet)
        log.setLevel(saved[0])
        log.propagate = saved[1]


@contextlib.contextmanager
def _read_timeout(seconds):
    from skill.services import dynamodb_storage

    saved = dynamodb_storage.DYNAMODB_READ_TIMEOUT_SECONDS
    dynamodb_storage.DYNAMODB_READ_TIMEOUT_SECONDS = seconds
    try:
        yield
    finally:
        dynamodb_storage.DYNAMODB_READ_TIMEOUT_SECONDS = saved


#: The fast, deterministic version: what ``tests/test_fault_storage.py`` runs.
QUICK = {"writers": 8, "updates": 3, "late_every": 4, "late_seconds": 0.4, "read_timeout": 0.2,
         "slow_seconds": 3.0, "slow_requests": 1, "in_process": True}


def report(figures: dict) -> str:
    lines = []
    for store in ("sqlite", "dynamodb"):
        f = figures[store]
        lines.append(f"{store:9} {f['requests']} updates by {figures['settings']['writers']} writers, "
                     f"every {figures['settings']['reply_lost_every']}th reply lost after landing: "
                     f"{f['lost']} lost, {f['double_applied']} double-applied, "
                     f"{f['said_twice']} counts said twice "
                     f"({f['unconfirmed']} unconfirmed, {f['finished_after_answer']} of them "
                     f"stored after the answer, {f['given_up']} given up; {f['seconds']} s)"
                     + (f" unconfirmed because: {f['unconfirmed_because']}"
                        if f["unconfirmed_because"] else ""))
    slow = figures["slow_dynamodb"]
    lines.append(f"slowed    every DynamoDB reply held {slow['reply_held_seconds']} s: slowest answer "
                 f"{slow['slowest_answer_seconds']} s of {slow['requests']} "
                 f"({'within' if slow['within_8_seconds'] else 'NOT within'} Alexa's 8 s)")
    restart = figures["restarted_dynamodb"]
    lines.append(f"restarted memory {'came back' if restart['memory_came_back'] else 'did NOT come back'} "
                 f"after {restart['requests_until_back']} request(s) "
                 f"(count before {restart['count_before']}, while down {restart['count_while_down']}, "
                 f"{restart['landed_after_restart']} counted while down stored once back, "
                 f"after {restart['count_after_restart']})")
    lines.append(f"total     {total(figures, 'lost')} lost, {total(figures, 'double_applied')} "
                 f"double-applied, {total(figures, 'said_twice')} counts said twice")
    return "\n".join(lines)


def total(figures: dict, key: str) -> int:
    """``key`` (``lost``, ``double_applied``, ``said_twice``) summed over both stores."""
    return sum(figures[store][key] for store in ("sqlite", "dynamodb"))


def failed(figures: dict) -> bool:
    """Anything lost or doubled, an answer later than Alexa waits, or memory that never came back."""
    return (any(total(figures, key) for key in ("lost", "double_applied", "said_twice"))
            or not figures["slow_dynamodb"]["within_8_seconds"]
            or not figures["restarted_dynamodb"]["memory_came_back"])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the small version the tests run")
    parser.add_argument("--writers", type=int)
    parser.add_argument("--updates", type=int)
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON too")
    args = parser.parse_args(argv)
    options = QUICK if args.quick else {}
    if args.writers:
        options["writers"] = args.writers
    if args.updates:
        options["updates"] = args.updates
    figures = run(**options)
    print(report(figures))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(figures, out, indent=2)
    return 1 if failed(figures) else 0


if __name__ == "__main__":
    sys.exit(main())
