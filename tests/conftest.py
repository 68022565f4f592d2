"""Shared fixtures: every test gets its own storage file and a skill built from explicit settings.

The suite talks to the skill through its Lambda door (``lambda_handler.handler``), which
serves the skill that ``settings`` describes: each test's own, built on first use and
closed after the test. A test that needs other settings says so with ``doors.reconfigure``.
"""

import datetime
import logging
import multiprocessing
import os
import socket
from concurrent.futures import ProcessPoolExecutor

import doors
import pytest
from envelopes import Conversation
from simulated import MODELS_DIR

from skill.settings import Settings

#: What an outer make passes down: its flags, and the Makefile's own command-line variables.
#: `make test ARGS=-q` puts them in this process's environment, and a `make deploy` that a test
#: runs would read them as its own (`ask deploy -q`); so the suite starts without them.
MAKE_VARIABLES = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "ARGS", "ENDPOINT",
                  "CERTIFICATE", "PYTHON", "NPM")
for _name in MAKE_VARIABLES:
    os.environ.pop(_name, None)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """No test, nor any process it starts, sees another's memory or a developer's BSC_* settings."""
    for name in list(os.environ):
        if name.startswith("BSC_"):
            monkeypatch.delenv(name)
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_NAME", raising=False)
    # For the processes a test starts (the command line, the packaged handler): they read
    # their settings from the environment, as every door does.
    monkeypatch.setenv("BSC_STORAGE", "sqlite")
    monkeypatch.setenv("BSC_SQLITE_PATH", str(tmp_path / "memory.sqlite3"))


@pytest.fixture
def settings(tmp_path) -> Settings:
    """This test's settings: memory in its own SQLite file, everything else the defaults."""
    return Settings(storage="sqlite", sqlite_path=str(tmp_path / "memory.sqlite3"))


@pytest.fixture(autouse=True)
def lambda_door(settings, monkeypatch):
    """The Lambda door serves the skill built from ``settings`` (on first use)."""
    door = doors.serve(monkeypatch, settings)
    yield door
    doors.close_all()


@pytest.fixture
def skill(lambda_door):
    """The skill the Lambda door serves, for the other doors (the web app) to serve too."""
    return lambda_door.skill()


@pytest.fixture
def simulator_target(settings):
    """The skill as the simulator's target (``skill.local``), with this test's settings."""
    from skill.local import simulator_target

    target = simulator_target(settings)
    yield target
    target.close()


@pytest.fixture
def device(simulator_target):
    """``device(**options)``: a simulated Echo in front of the skill (closed after the test)."""
    from alexa_simulator import Device

    made = []

    def make(**options):
        options.setdefault("target", simulator_target)
        options.setdefault("models_dir", MODELS_DIR)
        made.append(Device(**options))
        return made[-1]

    yield make
    for each in made:
        each.close()


@pytest.fixture(scope="session", autouse=True)
def shared_understandings(tmp_path_factory):
    """Under pytest-xdist, what the simulator understood on one worker the others take
    (the replays understand what the conversations did). The folder is this run's own
    temporary folder, so every run still understands each utterance once."""
    from alexa_simulator import nlu

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        yield None
        return
    # A worker's temporary folder is inside the run's, which every worker shares.
    folder = tmp_path_factory.getbasetemp().parent / "understood"
    nlu.share_understandings(str(folder))
    yield folder
    nlu.share_understandings(None)


@pytest.fixture(scope="session")
def dynamodb_server():
    """A DynamoDB-compatible server (moto) on loopback, shared by the storage and stack tests."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def use_dynamodb(monkeypatch, endpoint: str, table: str, create_table: bool = True):
    """Point the skill's memory at ``table`` on a local server (created on first use unless
    ``create_table`` is false), with fake AWS credentials only; the door now serving."""
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": os.devnull,
                        "AWS_SHARED_CREDENTIALS_FILE": os.devnull}.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    return doors.reconfigure(monkeypatch, storage="dynamodb", dynamodb_endpoint=endpoint,
                             dynamodb_table=table, dynamodb_create_table=create_table)


LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost", "", None}


@pytest.fixture(autouse=True)
def loopback_only_network(monkeypatch):
    """Tests reach only servers they start on loopback.

    Envelopes name Amazon's real API endpoint; without this guard a test
    would depend on how this machine's resolver fails for it (fast here,
    a multi-second hang elsewhere).
    """
    real_getaddrinfo = socket.getaddrinfo

    def loopback_getaddrinfo(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name not in LOOPBACK_HOSTS and not str(name).startswith("127."):
            raise socket.gaierror(socket.EAI_NONAME, f"tests reach loopback only, not {name}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_getaddrinfo)


@pytest.fixture(autouse=True)
def alexa_response_rules(monkeypatch, lambda_door):
    """Every response any test makes the skill produce keeps Alexa's rules.

    Both doors are watched: ``skill.invoke`` (Lambda, the Flask endpoint, the
    in-process simulator) and ``lambda_handler.handler``'s own answer to an
    envelope the SDK cannot read. The rules are Alexa's, in ``alexa_simulator.rules``.
    """
    from alexa_simulator.rules import violations
    from ask_sdk_core.skill import CustomSkill

    import lambda_handler
    from skill.last_resort import request_facts

    found = []
    real_invoke, real_handler = CustomSkill.invoke, lambda_handler.handler

    def checked_invoke(self, request_envelope, context=None):
        response_envelope = real_invoke(self, request_envelope=request_envelope, context=context)
        request_type = getattr(request_envelope.request, "object_type", None)
        found.extend(violations(request_type, self.serializer.serialize(response_envelope)))
        return response_envelope

    def checked_handler(event, context):
        result = real_handler(event, context)
        found.extend(violations(request_facts(event)[0], result))
        return result

    monkeypatch.setattr(CustomSkill, "invoke", checked_invoke)
    monkeypatch.setattr(lambda_handler, "handler", checked_handler)
    yield found
    assert not found, f"responses that break Alexa's rules: {found[:5]}"


@pytest.fixture
def conversation():
    return Conversation()


SAMPLES_TODAY = datetime.date(2025, 11, 25)


def _check_samples(locale, indexes):
    from alexa_simulator import nlu

    model = nlu.load_model(locale, MODELS_DIR)
    return [(index, nlu.sample_overlaps(model, model.samples[index],
                                        nlu.filled_sample(model, model.samples[index], variant=index),
                                        today=SAMPLES_TODAY))
            for index in indexes]


@pytest.fixture(scope="session")
def checked_samples():
    """``(locale, indexes) -> {index: [Overlap]}``: sample ``index`` of the locale's model,
    each slot filled with the index-th value of its type, and what keeps it from resolving
    to its own intent alone ([] when nothing does: ``nlu.sample_overlaps``), each worked out
    once per worker, for the per-sample check (test_simulator_nlu). Run in one process, the
    work is shared among the processors."""
    found = {}

    def checked(locale, indexes):
        missing = [index for index in indexes if (locale, index) not in found]
        # Under pytest-xdist every processor already has a worker: more processes would
        # only crowd the tests that measure time.
        processors = 1 if os.environ.get("PYTEST_XDIST_WORKER") else len(os.sched_getaffinity(0))
        workers = max(1, min(processors, 4, len(missing) // 50))
        if workers > 1:
            shares = [missing[start::workers] for start in range(workers)]
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                results = [pair for share in pool.map(_check_samples, [locale] * workers, shares)
                           for pair in share]
        else:
            results = _check_samples(locale, missing)
        found.update(((locale, index), result) for index, result in results)
        return {index: found[(locale, index)] for index in indexes}

    return checked
