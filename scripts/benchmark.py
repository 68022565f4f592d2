#!/usr/bin/env python3
"""How fast Back Spasm Coach is, next to the bare ASK SDK, measured in one run.

    python scripts/benchmark.py            # everything, about a minute and a half
    python scripts/benchmark.py --quick    # a smoke run, about half a minute
    python scripts/benchmark.py --product-root /tmp/copy   # measure a proposed change
    make bench ARGS=--quick

Not a test: it prints a table of figures and of ratios to a minimal ask-sdk-core
hello-world skill (``scripts/hello_world_skill.py``: one handler answering every
LaunchRequest and IntentRequest, ``sb.lambda_handler()``) measured in the same run
on the same machine, and says which targets are met. Everything runs on this
machine; servers listen on 127.0.0.1 only. pip may fetch wheels while the Lambda
package is built (from its cache or the configured index).

Cold start
    A fresh ``python`` process reads one LaunchRequest envelope, then the clock
    starts: ``import lambda_handler`` and ``handler(event, None)``; the clock stops
    when the response is back. That is what Lambda adds on top of its own runtime
    start (Init plus the first invoke). Median of ``--cold-runs`` runs, the
    variants alternating, after one discarded run each. The interpreter's own start
    is shown apart ("whole process"). The product runs with its embedded defaults:
    SQLite storage, in a temporary folder (``BSC_SQLITE_PATH``). Bytecode is
    cached in a temporary ``PYTHONPYCACHEPREFIX`` for both skills, as the Lambda
    package carries it. Also shown: the same from the built Lambda package (only
    the standard library and the package on the path, bytecode read-only as on
    /var/task), and, for information, with DynamoDB storage against a local moto
    server (boto3 is imported on first use; on Lambda it is on disk, but still
    imported by the function).
Cold start as Lambda runs it (``scripts/cold_start.py``)
    CPython 3.13 (the Lambda runtime) and the Lambda package built for it, on both
    storage paths, with DynamoDB on dynalite against the ASK SDK's own
    ``DynamoDbAdapter`` hello-world: 30 interleaved pairs of fresh processes, warm
    p99 against the same peer. Its own table; ``--skip-lambda-cold`` leaves it out.
Warm latency
    Every sample utterance of ``interaction_models/en-US.json`` becomes an
    IntentRequest envelope (slots filled: custom types cycle through their values
    and synonyms with an ER_SUCCESS_MATCH resolution, AMAZON.DURATION ``PT15M``,
    AMAZON.DATE an ISO date three days ago), plus a LaunchRequest and one request
    for each built-in intent without samples. Each goes through
    ``lambda_handler.handler`` in this process and then through the hello-world's
    handler (which goes first swaps every pass), ``--passes`` times after a warm-up
    pass; p50 and p99 of every call, in wall-clock time and in this thread's CPU
    time (which leaves out the time the scheduler gave to other processes: on a
    busy machine the wall-clock p99 measures the neighbours). Envelopes are
    mid-session turns whose session already
    knows the time zone and whose user has not granted timer permission, so no
    Alexa API call is made (their apiEndpoint is the local Alexa API emulator,
    ``alexa_simulator.alexa_api``, which counts any call that happens anyway).
    Also shown: storage off (``BSC_STORAGE=none``), the skill's code alone; and,
    for information, new sessions with timer permission granted, so time zone
    lookups and timer calls go over loopback HTTP to the emulator.
Endpoint
    ``scripts/load_test.py``'s own functions: the Flask app under gunicorn on
    127.0.0.1 with a throw-away CA, requests signed as Alexa signs them,
    verification on (certificate chain cached after the first request) against
    verification off. Both servers run at once, warmed up until their throughput
    settles, and get the requests in alternating batches (``--rounds`` per side), so
    a neighbour's load hits both alike; requests per second and p99. The client
    threads share this machine's CPUs with the servers, which blurs the difference,
    so the same two apps are also called in this process through Flask's test
    client, alternately on the same signed requests: CPU time per request, on
    against off, with nothing else in the way.
Deployment size
    ``scripts/build_lambda_package.py`` builds build/back-spasm-coach-lambda.zip.
Storage round trips and the worst case (``scripts/request_costs.py``)
    Reads and writes of memory for every kind of request, counted on SQLite and
    on moto's DynamoDB server (at most one of each); and the longest answer when
    every Alexa API call and every DynamoDB reply is held far beyond the
    request's deadline (it must stay under Alexa's 8 seconds).

Options: ``--skip-endpoint``, ``--skip-package``, ``--skip-dynamodb``, ``--skip-costs``,
``--skip-lambda-cold``, ``--json FILE``
(the figures, machine-readable), ``--strict`` (exit 1 when a target is missed),
``--product-root DIR`` (read ``lambda_handler.py`` and ``skill/`` from a copy holding a
proposed change; everything but the gunicorn endpoint, which load_test starts from
this checkout: the script runs itself again with that folder first on PYTHONPATH). Bounded:
every subprocess and phase has a time limit.
"""

import argparse
import contextlib
import datetime
import json
import logging
import os
import platform
import py_compile
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from local_server import HOST, BenchmarkError, serving

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPTS = os.path.join(ROOT, "scripts")
MODEL = os.path.join(ROOT, "interaction_models", "en-US.json")
# Where lambda_handler.py and skill/ are read from: this checkout, or --product-root
# (a copy with a proposed change, to measure it before it is made).
PRODUCT_ROOT = ROOT

TARGETS = {
    "cold_ratio": 1.1,      # cold start within 1.1 x hello-world (issue 13)
    "warm_p99_ratio": 1.5,  # warm p99 within 1.5 x hello-world
    "verify_cost": 0.20,    # verification costs under 20% of throughput
    "package_mb": 10.0,     # Lambda package under 10 MB
    "answer_seconds": 8.0,  # every answer within Alexa's 8 s, whatever is slow
    "storage_ops": 1,       # at most one read and one write of memory per request
}

FULL = {"cold_runs": 15, "passes": 5, "requests": 4000, "rounds": 8, "clients": 8}
QUICK = {"cold_runs": 10, "passes": 2, "requests": 1200, "rounds": 4, "clients": 8}

# The time zone the emulator reports and the mid-session envelopes carry.
TIME_ZONE = "America/New_York"
USERS = 20

# Run in a fresh interpreter (its PYTHONPATH names where the module is): read the event
# first, then time the import and the answer.
COLD_CHILD = r"""
import json, sys, time
event = json.loads(sys.stdin.buffer.read())
module_name = sys.argv[1]
started, started_cpu = time.perf_counter(), time.process_time()
module = __import__(module_name)
imported = time.perf_counter()
response = module.handler(event, None)
answered, answered_cpu = time.perf_counter(), time.process_time()
speech = ((response or {}).get("response") or {}).get("outputSpeech") or {}
sys.stdout.write(json.dumps({"import": imported - started, "first": answered - imported,
                             "cpu": answered_cpu - started_cpu,
                             "ok": bool(speech.get("ssml") or speech.get("text")),
                             "modules": len(sys.modules)}))
"""


# --- small helpers -------------------------------------------------------------------------

def percentile(values, p):
    """Nearest-rank percentile (the same definition as scripts/load_test.py)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = max(0, -(-len(ordered) * p // 100) - 1)
    return ordered[int(index)]


def ratio(product, baseline):
    return product / baseline if baseline else float("nan")


def clean_environment(extra=None):
    """This process's environment without BSC_* settings or anything that bends Python or AWS."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BSC_", "AWS_", "PYTHON")) and k not in ("VIRTUAL_ENV_PROMPT",)}
    env.update(extra or {})
    return env


def note(message):
    print(f"  .. {message}", file=sys.stderr, flush=True)


# --- request envelopes -------------------------------------------------------------------

def builtin_slot_value(type_name, today):
    return {
        "AMAZON.DURATION": "PT15M",
        "AMAZON.DATE": (today - datetime.timedelta(days=3)).isoformat(),
        "AMAZON.NUMBER": "2",
        "AMAZON.TIME": "07:30",
    }.get(type_name, "something")


def sample_requests(model_path=MODEL):
    """``[(label, request)]``: every sample utterance of the model as an IntentRequest,
    a LaunchRequest, and one request per intent that has no samples."""
    from alexa_simulator.envelopes import intent_request, launch_request, slot

    with open(model_path, encoding="utf-8") as handle:
        language_model = json.load(handle)["interactionModel"]["languageModel"]
    types = {t["name"]: t["values"] for t in language_model.get("types", [])}
    today = datetime.date.today()
    turn = 0
    requests = [("LaunchRequest", launch_request())]
    for intent in language_model["intents"]:
        slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent.get("samples") or [None]:
            slots = []
            for name, type_name in slot_types.items():
                if sample is None or "{" + name + "}" not in sample:
                    slots.append(slot(name))  # Alexa sends every slot; unheard ones have no value
                elif type_name in types:
                    values = types[type_name]
                    value = values[turn % len(values)]
                    heard = [value["name"]["value"]] + value["name"].get("synonyms", [])
                    slots.append(slot(name, heard[turn % len(heard)], value_id=value["id"],
                                      type_name=type_name, resolved_name=value["name"]["value"]))
                else:
                    slots.append(slot(name, builtin_slot_value(type_name, today)))
                turn += 1
            requests.append((f"{intent['name']}: {sample or '(no samples)'}",
                             intent_request(intent["name"], *slots)))
    return requests


def build_envelopes(requests, api_endpoint, mid_session=True, permission=False):
    from alexa_simulator.envelopes import TIMERS_SCOPE, envelope

    events = []
    for index, (label, request) in enumerate(requests):
        new_session = request["type"] == "LaunchRequest" or not mid_session
        options = {}
        if permission:
            options = {"permissions_token": "bench-consent-token",
                       "scopes": {TIMERS_SCOPE: "GRANTED"}}
        events.append((label, envelope(
            request, new_session=new_session,
            attributes={} if new_session else {"time_zone": TIME_ZONE},
            user_id=f"amzn1.ask.account.BENCH{index % USERS:04d}",
            api_endpoint=api_endpoint, **options)))
    return events


# --- cold start --------------------------------------------------------------------------

def cold_run(module, paths, env, event_bytes, cwd, python_flags=()):
    started = time.perf_counter()
    completed = subprocess.run([sys.executable, *python_flags, "-c", COLD_CHILD, module],
                               input=event_bytes, capture_output=True, cwd=cwd,
                               env=dict(env, PYTHONPATH=os.pathsep.join(paths)), timeout=120)
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        raise BenchmarkError(f"cold start of {module} failed:\n"
                             + completed.stderr.decode(errors="replace")[-3000:])
    figures = json.loads(completed.stdout)
    if not figures["ok"]:
        raise BenchmarkError(f"cold start of {module}: the response says nothing")
    figures["process"] = wall
    return figures


def cold_series(variants, runs, event_bytes, cwd):
    """Run each ``(name, module, paths, env, flags)`` ``runs`` times, alternating, after one
    discarded run each; ``{name: {"total", "import", "first", "process", "modules"}}`` medians."""
    samples = {variant[0]: [] for variant in variants}
    for attempt in range(runs + 1):
        for name, module, paths, env, flags in variants:
            figures = cold_run(module, paths, env, event_bytes, cwd, flags)
            if attempt:
                samples[name].append(figures)
    results = {}
    for name, runs_ in samples.items():
        results[name] = {
            "total": statistics.median(r["import"] + r["first"] for r in runs_),
            "import": statistics.median(r["import"] for r in runs_),
            "first": statistics.median(r["first"] for r in runs_),
            "process": statistics.median(r["process"] for r in runs_),
            "cpu": statistics.median(r["cpu"] for r in runs_),
            "modules": runs_[-1]["modules"],
            "runs": len(runs_),
        }
    return results


def moto_server(work):
    """A DynamoDB-compatible server on loopback (moto, from requirements-dev.txt)."""
    return serving(lambda port: [sys.executable, "-m", "moto.server", "-H", HOST, "-p", str(port)],
                   os.path.join(work, "moto.log"), "moto server", cwd=work, env=clean_environment())


def measure_cold(work, runs, package_dir=None, dynamodb=False):
    from alexa_simulator.envelopes import envelope, launch_request

    event_bytes = json.dumps(envelope(launch_request())).encode()
    cwd = os.path.join(work, "cwd")
    os.makedirs(cwd, exist_ok=True)
    storage = {"BSC_STORAGE": "sqlite", "BSC_SQLITE_PATH": os.path.join(work, "cold.sqlite3")}
    # The venv, bytecode cached outside the working tree for both skills.
    venv_env = clean_environment({"PYTHONPYCACHEPREFIX": os.path.join(work, "pycache"), **storage})
    variants = [
        ("product", "lambda_handler", [PRODUCT_ROOT], venv_env, ()),
        ("hello", "hello_world_skill", [SCRIPTS], venv_env, ()),
    ]
    if package_dir:
        # As on Lambda: only the standard library and the package; bytecode read, never written.
        hello_dir = os.path.join(work, "hello-package")
        os.makedirs(hello_dir, exist_ok=True)
        shutil.copy2(os.path.join(SCRIPTS, "hello_world_skill.py"), hello_dir)
        py_compile.compile(os.path.join(hello_dir, "hello_world_skill.py"), doraise=True,
                           invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
        package_env = clean_environment({"PYTHONDONTWRITEBYTECODE": "1", **storage})
        variants += [
            ("product, package", "lambda_handler", [package_dir], package_env, ("-S",)),
            ("hello, package", "hello_world_skill", [hello_dir, package_dir], package_env, ("-S",)),
        ]
    note(f"cold start: {len(variants)} variants x {runs} runs")
    results = cold_series(variants, runs, event_bytes, cwd)
    if dynamodb:
        try:
            with moto_server(work) as endpoint:
                aws = {"BSC_STORAGE": "dynamodb", "BSC_DYNAMODB_ENDPOINT": endpoint,
                       "BSC_DYNAMODB_TABLE": "bench-memory",
                       # Fake credentials for the local server; never the host's real ones.
                       "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
                       "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
                       "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
                       "AWS_EC2_METADATA_DISABLED": "true",
                       # As on AWS: the table exists; the warm-up run below creates it.
                       "BSC_DYNAMODB_CREATE_TABLE": "0"}
                dynamo_env = clean_environment({"PYTHONPYCACHEPREFIX": os.path.join(work, "pycache"),
                                                **aws})
                create_env = dict(dynamo_env, BSC_DYNAMODB_CREATE_TABLE="1")
                cold_run("lambda_handler", [PRODUCT_ROOT], create_env, event_bytes, cwd)  # the table
                note(f"cold start with DynamoDB (moto on loopback): {runs} runs")
                results.update(cold_series(
                    [("product, dynamodb", "lambda_handler", [PRODUCT_ROOT], dynamo_env, ())],
                    runs, event_bytes, cwd))
        except (BenchmarkError, OSError, subprocess.SubprocessError) as error:
            results["product, dynamodb"] = {"error": str(error).splitlines()[0]}
    return results


# --- warm latency ------------------------------------------------------------------------

class CountingHandler(logging.Handler):
    """Counts log records by level; formats nothing (and keeps Python's last-resort
    handler from printing them)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.counts = {}

    def emit(self, record):
        self.counts[record.levelname] = self.counts.get(record.levelname, 0) + 1


def time_calls(handler, events, passes, emulator=None, api_calls=None):
    """``(wall, cpu)`` seconds of each ``handler(event, None)`` over ``passes`` passes;
    with an emulator, the Alexa API calls it served are added to ``api_calls[0]``."""
    wall, cpu = [], []
    for _ in range(passes):
        for _, event in events:
            if emulator is not None and len(emulator.active_timers()) >= 8:
                if api_calls is not None:
                    api_calls[0] += len(emulator.requests)
                emulator.reset()  # stay under the API's ten-timer limit (not timed)
            started, started_cpu = time.perf_counter(), time.thread_time()
            handler(event, None)
            cpu.append(time.thread_time() - started_cpu)
            wall.append(time.perf_counter() - started)
    return wall, cpu


@contextlib.contextmanager
def skill_environment(settings):
    saved = {k: v for k, v in os.environ.items() if k.startswith("BSC_")
             or k == "AWS_LAMBDA_FUNCTION_NAME"}
    for name in saved:
        del os.environ[name]
    os.environ.update(settings)
    try:
        yield
    finally:
        for name in [k for k in os.environ if k.startswith("BSC_")]:
            del os.environ[name]
        os.environ.update(saved)


def time_side_by_side(handlers, events, passes):
    """``[(wall, cpu)]`` seconds per call of each handler, called back to back on every
    envelope (the order swapped every pass), so whatever else the machine does hits both
    alike. CPU time is this thread's: it leaves out time the scheduler gave to others."""
    samples = [([], []) for _ in handlers]
    order = list(range(len(handlers)))
    for _ in range(passes):
        for _, event in events:
            for index in order:
                started, started_cpu = time.perf_counter(), time.thread_time()
                handlers[index](event, None)
                samples[index][1].append(time.thread_time() - started_cpu)
                samples[index][0].append(time.perf_counter() - started)
        order.reverse()
    return samples


def summarize(samples):
    wall, cpu = samples
    return {"p50": percentile(wall, 50), "p99": percentile(wall, 99),
            "cpu_p50": percentile(cpu, 50), "cpu_p99": percentile(cpu, 99),
            "mean": statistics.fmean(wall), "cpu_mean": statistics.fmean(cpu), "calls": len(wall)}


def check_answers(handler, events):
    """Every envelope gets a spoken answer or a directive; count the ones that don't."""
    silent = []
    for label, event in events:
        response = handler(event, None).get("response") or {}
        if not (response.get("outputSpeech") or response.get("directives")):
            silent.append(label)
    return silent


def measure_warm(work, passes, with_api=True):
    from alexa_simulator.alexa_api import AlexaApiEmulator

    requests = sample_requests()
    results = {"envelopes": len(requests)}
    counter = CountingHandler()
    root = logging.getLogger()
    root.addHandler(counter)
    # A manual clock: no thread ticking to ring timers, which would take the GIL from the
    # calls being timed (no timer here needs to ring).
    emulator = AlexaApiEmulator(time_zone=TIME_ZONE, clock="manual").start()
    try:
        endpoint = emulator.api_endpoint
        events = build_envelopes(requests, endpoint)
        import hello_world_skill

        from skill.door import SkillDoor  # what lambda_handler.handler calls
        from skill.settings import Settings

        base = Settings(sqlite_path=os.path.join(work, "warm.sqlite3"), dev_loopback_alexa_api=True)
        for storage in ("sqlite", "none"):
            settings = base._replace(storage=storage)
            door = SkillDoor(lambda settings=settings: settings)
            handlers = (door, hello_world_skill.handler)
            note(f"warm latency, storage {storage}: {len(events)} envelopes x {passes} "
                 "passes, each skill")
            silent = check_answers(door, events)  # and a warm-up
            time_side_by_side(handlers, events, 1)  # warm-up
            counter.counts.clear()
            product, hello = time_side_by_side(handlers, events, passes)
            results[storage] = {"product": summarize(product), "hello": summarize(hello),
                                "silent": silent, "log_records": dict(counter.counts)}
            door.close()
        results["alexa_api_calls"] = len(emulator.calls())

        if with_api:
            emulator.reset()
            api_events = build_envelopes(requests, endpoint, mid_session=False, permission=True)
            door = SkillDoor(lambda: base)
            note("warm latency with Alexa API calls to the local emulator")
            time_calls(door, api_events[:50], 1, emulator)  # warm-up
            emulator.reset()
            api_calls = [0]
            results["emulator"] = summarize(time_calls(door, api_events, 1, emulator, api_calls))
            results["emulator"]["api_calls"] = api_calls[0] + len(emulator.requests)
            door.close()
    finally:
        root.removeHandler(counter)
        emulator.stop()
    return results


# --- storage round trips and the worst case ----------------------------------------------

def measure_costs(work, quick):
    import request_costs

    note("storage round trips per request type (SQLite, DynamoDB on moto)")
    saved = logging.root.manager.disable
    logging.disable(logging.WARNING)  # the slow run's warnings are expected, and many
    try:
        operations = request_costs.storage_operations(os.path.join(work, "costs"))
        note("worst-case answer time, every outside service held beyond the deadline")
        worst = request_costs.worst_case_answer(quick=quick)
    finally:
        logging.disable(saved)
    print(request_costs.report(operations, worst), file=sys.stderr)
    return {"operations": operations, "worst": worst}


# --- endpoint ----------------------------------------------------------------------------

@contextlib.contextmanager
def output_to(path):
    """Point this process's stdout and stderr at ``path`` while a server is started, so the
    server inherits the file (gunicorn's banners and warnings) and the table stays readable."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    with open(path, "ab") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved:
            os.close(fd)


def tail(path, lines=15):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return "".join(handle.readlines()[-lines:])
    except OSError:
        return ""


def warm_up_server(load_test, port, warm_up, clients, least=1.5, most=20.0):
    """Send warm-up batches until throughput settles (and at least ``least`` seconds).

    load_test.start_server returns when one gunicorn worker answers; the others may
    still be importing the app, which would slow the start of the measured phase,
    more for the side whose app imports more (cryptography, for verification).
    """
    started = time.monotonic()
    previous = 0.0
    while True:
        rps = load_test.run_phase(port, warm_up, clients)["rps"]
        elapsed = time.monotonic() - started
        if elapsed >= most or (elapsed >= least and previous and abs(rps - previous) < 0.1 * previous):
            return
        previous = rps


def measure_endpoint(work, requests, rounds, clients):
    """Verification on against off, through scripts/load_test.py's own functions.

    Both servers run at once and the requests go to them in alternating batches
    (``rounds`` per side), so a neighbour's load on this machine hits both sides alike.
    Requests per second: all requests of a side over the time its batches took. p99:
    the median of its batches' p99s.
    """
    import load_test
    from web_pki import test_pki

    pki = test_pki()
    folder = os.path.join(work, "endpoint")
    os.makedirs(folder, exist_ok=True)
    roots, chain = load_test.write_trust_files(folder, pki)
    skill_id = load_test.BENCH_SKILL_ID
    sides = {
        "on": {"BSC_SKILL_ID": skill_id, "BSC_TRUST_STORE": roots, "BSC_BENCH_CHAIN_FILE": chain},
        "off": {"BSC_SKILL_ID": skill_id, "BSC_DEV_INSECURE": "1"},
    }
    workers = (os.cpu_count() or 1) * 2 + 1
    batch = max(1, requests // rounds)
    note(f"endpoint: two gunicorn servers ({workers} workers each), verification on and off; "
         f"{rounds} batches of {batch} requests per side, {clients} clients")
    servers = {}
    try:
        for side, env in sides.items():
            env = dict(env, BSC_STORAGE="sqlite",
                       BSC_SQLITE_PATH=os.path.join(folder, f"memory-{side}.sqlite3"))
            port = load_test.free_port()
            log = os.path.join(folder, f"gunicorn-{side}.log")
            try:
                with output_to(log):
                    servers[side] = (port, load_test.start_server(port, env, workers, 1))
            except SystemExit as exit_:  # how load_test reports a server that would not start
                raise BenchmarkError(f"endpoint: {exit_}\n{tail(log)}") from None
        warm_up = load_test.build_requests(100, pki)
        for port, _ in servers.values():
            warm_up_server(load_test, port, warm_up, clients)
        batches = {side: [] for side in sides}
        for round_number in range(rounds):
            prepared = load_test.build_requests(batch, pki)  # fresh timestamps
            for side in (("on", "off") if round_number % 2 == 0 else ("off", "on")):
                batches[side].append(load_test.run_phase(servers[side][0], prepared, clients))
    finally:
        for _, process in servers.values():
            load_test.stop_server(process)
    result = {"workers": workers, "clients": clients, "requests": batch * rounds,
              "batches": rounds, "errors": 0}
    for side, runs in batches.items():
        sent = sum(r["sent"] for r in runs)
        result[side] = {"rps": sent / sum(r["seconds"] for r in runs),
                        "p50": statistics.median(r["p50"] for r in runs),
                        "p99": statistics.median(r["p99"] for r in runs), "sent": sent}
        result["errors"] += sum(r["errors"] for r in runs)
    return result


def measure_endpoint_in_process(work, requests):
    """The same two apps in this process through Flask's test client, called alternately
    on the same signed requests: the server's own time per request, with no HTTP, no
    gunicorn and no competing client threads, so the cost of verification stands out."""
    import load_test
    from web_pki import test_pki

    pki = test_pki()
    folder = os.path.join(work, "in-process")
    os.makedirs(folder, exist_ok=True)
    roots, chain = load_test.write_trust_files(folder, pki)
    common = {"BSC_SKILL_ID": load_test.BENCH_SKILL_ID, "BSC_STORAGE": "sqlite"}
    sides = {
        "on": {"BSC_TRUST_STORE": roots, "BSC_BENCH_CHAIN_FILE": chain},
        "off": {"BSC_DEV_INSECURE": "1"},
    }
    clients = {}
    logging.getLogger("skill").setLevel(logging.WARNING)  # as load_test runs gunicorn
    for side, env in sides.items():
        settings = dict(common, BSC_SQLITE_PATH=os.path.join(folder, f"memory-{side}.sqlite3"),
                        **env)
        with skill_environment(settings), open(os.devnull, "w") as quiet, \
                contextlib.redirect_stderr(quiet):  # the insecure-mode banner
            clients[side] = load_test.bench_app().test_client()
    note(f"endpoint in-process: {requests} signed requests through each app, alternating")
    prepared = load_test.build_requests(requests + 100, pki)

    def post(client, body, headers):
        response = client.post("/", data=body, headers=headers)
        if response.status_code != 200:
            raise BenchmarkError(f"endpoint in-process: status {response.status_code}")
        return response

    handlers = [lambda event, _, c=clients[side]: post(c, *event) for side in ("on", "off")]
    events = [(None, item) for item in prepared[:100]]
    time_side_by_side(handlers, events, 1)  # warm-up: chain fetched and cached
    on, off = time_side_by_side(handlers, [(None, item) for item in prepared[100:]], 1)
    return {"on": summarize(on), "off": summarize(off), "requests": requests}


# --- the package -------------------------------------------------------------------------

def measure_package(work):
    """build/back-spasm-coach-lambda.zip, as `make package` builds it; with --product-root,
    a package of that copy in the temporary folder (the real artifact is left alone)."""
    import build_lambda_package

    note("building the Lambda package (pip install --target, Lambda's platform)")
    if PRODUCT_ROOT == ROOT:
        output, build_dir = build_lambda_package.DEFAULT_OUTPUT, build_lambda_package.DEFAULT_BUILD_DIR
    else:
        output = os.path.join(work, "package", "back-spasm-coach-lambda.zip")
        build_dir = os.path.join(work, "package", "lambda")
    try:
        result = build_lambda_package.build(output=output, build_dir=build_dir,
                                            source_root=PRODUCT_ROOT)
    except build_lambda_package.BuildError as error:
        raise BenchmarkError(f"Lambda package: {error}") from None
    return {"zip_mb": result.zip_mb, "unpacked_mb": result.unpacked_bytes / 1e6,
            "files": result.files, "bytecode": result.bytecode,
            "zip": os.path.relpath(result.zip_path, ROOT), "build_dir": str(build_dir)}


# --- the report --------------------------------------------------------------------------

def ms(seconds):
    value = seconds * 1000
    return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"


def verdict(value, limit, below=True):
    if value != value:  # nan
        return "n/a"
    return "met" if (value <= limit if below else value < limit) else "MISSED"


def report(figures, args):
    rows = []
    missed = []

    def row(measure, product="", hello="", ratio_text="", target="", outcome=""):
        rows.append((measure, product, hello, ratio_text, target, outcome))
        if outcome == "MISSED":
            missed.append(measure.strip())

    def compare(measure, product, hello, limit=None, unit=ms):
        r = ratio(product, hello)
        row(measure, unit(product), unit(hello), f"{r:.2f}x",
            f"<= {limit}x" if limit else "", verdict(r, limit) if limit else "info")

    cold = figures.get("cold")
    if cold:
        p, h = cold["product"], cold["hello"]
        limit = TARGETS["cold_ratio"]
        compare(f"cold start: import + first answer, median of {p['runs']}", p["total"],
                h["total"], limit)
        row("  import lambda_handler / first answer", f"{ms(p['import'])} / {ms(p['first'])}",
            f"{ms(h['import'])} / {ms(h['first'])}")
        compare("  CPU time of the same", p["cpu"], h["cpu"], limit)
        compare("  whole process, interpreter start included", p["process"], h["process"])
        row("  modules loaded", str(p["modules"]), str(h["modules"]))
        if "product, package" in cold:
            pp, hp = cold["product, package"], cold["hello, package"]
            compare("cold start from the Lambda package (read-only bytecode)", pp["total"],
                    hp["total"], limit)
        dynamo = cold.get("product, dynamodb")
        if dynamo and "error" in dynamo:
            row("cold start, DynamoDB storage (moto on loopback)", "n/a",
                outcome=dynamo["error"][:60])
        elif dynamo:
            compare("cold start, DynamoDB storage (moto on loopback)", dynamo["total"],
                    h["total"])

    warm = figures.get("warm")
    if warm:
        limit = TARGETS["warm_p99_ratio"]
        calls = f"{warm['envelopes']} envelopes x {args.passes} passes"
        for storage, label in (("sqlite", f"warm, SQLite storage ({calls})"),
                               ("none", "warm, storage off (the code alone)")):
            p, h = warm[storage]["product"], warm[storage]["hello"]
            compare(f"{label}: p50", p["p50"], h["p50"])
            compare(f"{label}: p99", p["p99"], h["p99"], limit)
            compare(f"{label}: p99 of CPU time", p["cpu_p99"], h["cpu_p99"], limit)
        emulator = warm.get("emulator")
        if emulator:
            row(f"warm, new sessions, Alexa API on loopback ({emulator['api_calls']} calls): "
                "p50 / p99", f"{ms(emulator['p50'])} / {ms(emulator['p99'])}", outcome="info")

    endpoint = figures.get("endpoint")
    if endpoint:
        on, off = endpoint["on"], endpoint["off"]
        cost = 1 - ratio(on["rps"], off["rps"])
        row(f"endpoint: requests/s, verification on / off ({endpoint['requests']} requests "
            f"each, {endpoint['clients']} clients, {endpoint['workers']} workers)",
            f"{on['rps']:.0f} / {off['rps']:.0f}", "", f"costs {cost:.1%}",
            f"< {TARGETS['verify_cost']:.0%}", verdict(cost, TARGETS["verify_cost"], below=False))
        row("endpoint: p99 (median of batches), verification on / off",
            f"{on['p99']:.1f} / {off['p99']:.1f} ms",
            "", f"{ratio(on['p99'], off['p99']):.2f}x", "", "info")

    in_process = figures.get("endpoint_in_process")
    if in_process:
        on, off = in_process["on"], in_process["off"]
        share = 1 - ratio(off["cpu_mean"], on["cpu_mean"])
        row(f"endpoint app in-process: CPU per request, verification on / off "
            f"({in_process['requests']} requests, mean)",
            f"{ms(on['cpu_mean'])} / {ms(off['cpu_mean'])}", "", f"costs {share:.1%}",
            f"< {TARGETS['verify_cost']:.0%}", verdict(share, TARGETS["verify_cost"], below=False))

    costs = figures.get("costs")
    if costs:
        worst = costs["worst"]
        row(f"worst-case answer, every Alexa API and DynamoDB reply held {worst['held_seconds']:.0f} s "
            f"({len(worst['answers'])} request types)", f"{worst['slowest_seconds']:.2f} s", "", "",
            f"< {TARGETS['answer_seconds']:.0f} s",
            verdict(worst["slowest_seconds"], TARGETS["answer_seconds"], below=False))
        for store, label in (("sqlite", "SQLite"), ("dynamodb", "DynamoDB (moto)")):
            rows_ = costs["operations"][store]
            reads = max(r["reads"] for r in rows_)
            writes = max(r["writes"] for r in rows_)
            row(f"memory round trips per request, {label}: most reads / writes "
                f"({len(rows_)} request types)", f"{reads} / {writes}", "", "",
                f"<= {TARGETS['storage_ops']} / {TARGETS['storage_ops']}",
                verdict(max(reads, writes), TARGETS["storage_ops"]))

    package = figures.get("package")
    if package:
        shown = package["zip"] if not package["zip"].startswith("..") else "a temporary folder"
        row(f"Lambda package ({shown}, {package['files']} files)",
            f"{package['zip_mb']:.2f} MB", "", f"{package['unpacked_mb']:.1f} MB unpacked",
            f"< {TARGETS['package_mb']:.0f} MB",
            verdict(package["zip_mb"], TARGETS["package_mb"], below=False))

    header = ("measure", "Back Spasm Coach", "hello-world", "ratio", "target", "")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    lines = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(header, widths, strict=True)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += ["| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows]
    print()
    print("\n".join(lines))
    print()
    print(f"Measured {figures['when']} on {figures['machine']} (load average "
          f"{figures['load']}) with `{figures['command']}`.")
    if figures.get("product_root"):
        print(f"Product code read from {figures['product_root']}, not this checkout.")
    if figures["busy"]:
        print(f"This machine was busy (load average above its {os.cpu_count()} CPUs): other "
              "processes took turns on the CPUs mid-call, so wall-clock p99s and cold starts "
              "measure them too; the CPU-time rows do not.")
    if warm:
        logs = ", ".join(f"{n} {level}" for level, n in
                         sorted(warm["sqlite"]["log_records"].items())) or "none"
        silent = len(warm["sqlite"]["silent"]) + len(warm["none"]["silent"])
        print(f"Warm runs: Alexa API calls made {warm['alexa_api_calls']}; log records (SQLite "
              f"run) {logs}; answers with neither speech nor directive {silent}.")
    if endpoint and endpoint["errors"]:
        print(f"Endpoint: {endpoint['errors']} requests did not get a 200.")
    print("Targets missed: " + ("; ".join(missed) if missed else "none"))
    return missed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer runs and requests: a smoke run, about half a minute")
    parser.add_argument("--cold-runs", type=int, help="cold starts per variant (at least 10)")
    parser.add_argument("--passes", type=int, help="warm passes over every envelope")
    parser.add_argument("--requests", type=int, help="endpoint requests per phase")
    parser.add_argument("--rounds", type=int, help="endpoint batches per side (alternating)")
    parser.add_argument("--clients", type=int, help="endpoint concurrent clients")
    parser.add_argument("--skip-endpoint", action="store_true")
    parser.add_argument("--skip-package", action="store_true")
    parser.add_argument("--skip-dynamodb", action="store_true")
    parser.add_argument("--skip-lambda-cold", action="store_true",
                        help="skip scripts/cold_start.py (CPython 3.13, the package, dynalite)")
    parser.add_argument("--skip-costs", action="store_true",
                        help="skip storage round trips and the worst-case answer time")
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON too")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--product-root", metavar="DIR",
                        help="measure lambda_handler.py and skill/ from DIR (a copy with a "
                             "proposed change) instead of this checkout")
    args = parser.parse_args(argv)
    if args.product_root:
        global PRODUCT_ROOT
        PRODUCT_ROOT = os.path.abspath(args.product_root)
        if not os.path.isfile(os.path.join(PRODUCT_ROOT, "lambda_handler.py")):
            parser.error("--product-root needs lambda_handler.py and skill/")
        if os.environ.get("BENCH_PRODUCT_ROOT") != PRODUCT_ROOT:
            # Again, with the copy's skill/ found before the installed one in every process.
            path = os.pathsep.join(filter(None, [PRODUCT_ROOT, os.environ.get("PYTHONPATH")]))
            return subprocess.call([sys.executable, os.path.abspath(__file__),
                                    *(sys.argv[1:] if argv is None else argv)],
                                   env=dict(os.environ, PYTHONPATH=path, BENCH_PRODUCT_ROOT=PRODUCT_ROOT))
    preset = QUICK if args.quick else FULL
    for name, value in preset.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.cold_runs < 1 or args.passes < 1 or args.rounds < 1 or args.requests < 1:
        parser.error("counts must be positive")
    if args.cold_runs < 10:
        print("note: fewer than 10 cold runs; the median is a rough one", file=sys.stderr)

    command = "python scripts/benchmark.py" + ("" if argv is None and len(sys.argv) == 1
                                               else " " + " ".join(argv or sys.argv[1:]))
    figures = {
        "when": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": f"{platform.python_implementation()} {platform.python_version()}, "
                   f"{os.cpu_count()} CPUs, {platform.system()} {platform.machine()}",
        "command": command,
        "load": " ".join(f"{value:.1f}" for value in os.getloadavg()),
    }
    busy_at_start = os.getloadavg()[0] > (os.cpu_count() or 1)
    if PRODUCT_ROOT != ROOT:
        figures["product_root"] = PRODUCT_ROOT
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bsc-bench-") as work:
        try:
            package_dir = None
            if not args.skip_package:
                figures["package"] = measure_package(work)
                package_dir = figures["package"]["build_dir"]
            figures["cold"] = measure_cold(work, args.cold_runs, package_dir,
                                           dynamodb=not (args.quick or args.skip_dynamodb))
            figures["warm"] = measure_warm(work, args.passes, with_api=not args.quick)
            if not args.skip_costs:
                figures["costs"] = measure_costs(work, args.quick)
            if not args.skip_endpoint:
                figures["endpoint_in_process"] = measure_endpoint_in_process(
                    work, args.requests)
                figures["endpoint"] = measure_endpoint(work, args.requests, args.rounds,
                                                       args.clients)
        except BenchmarkError as error:
            print(f"benchmark: {error}", file=sys.stderr)
            return 2
    figures["seconds"] = time.monotonic() - started
    # The benchmark itself keeps one CPU busy: "busy" means more than that besides.
    figures["busy"] = busy_at_start or os.getloadavg()[1] > (os.cpu_count() or 1) + 1
    missed = report(figures, args)
    print(f"({figures['seconds']:.0f} s)")
    if not args.skip_lambda_cold:
        # Its own processes, after the rest: CPython 3.13 and the Lambda package (its own table).
        import cold_start

        cold_args = ["--pairs", "10", "--warm", "10"] if args.quick else []
        note("cold start as Lambda runs it: scripts/cold_start.py " + " ".join(cold_args))
        status = cold_start.main(cold_args + (["--strict"] if args.strict else []))
        if status:
            missed.append("scripts/cold_start.py")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(figures, handle, indent=2, default=str)
    return 1 if (args.strict and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
