#!/usr/bin/env python3
"""Cold start and warm latency as AWS Lambda runs the skill: CPython 3.13, the built package.

    python scripts/cold_start.py                    # 30 interleaved pairs, about four minutes
    python scripts/cold_start.py --pairs 10         # a rough run
    python scripts/cold_start.py --against DIR      # this checkout against another (a trick's worth)
    make bench                                      # runs this too (scripts/benchmark.py)

Not a test: it prints figures and ratios measured in the same run. What it sets up:

* The Lambda package, built by ``scripts/build_lambda_package.py --python-version 3.13``
  with the 3.13 interpreter (so its bytecode is in it, as in the real zip), into a
  temporary folder.
* The Lambda runtime's own boto3 (Lambda provides it, the package leaves it out):
  ``pip install --target build/bench-runtime/`` of the boto3 pinned in requirements.txt,
  for 3.13, once.
* dynalite (a DynamoDB on loopback, pinned in ``scripts/bench-tools/``), installed with
  ``npm ci`` into ``build/bench-tools/`` once, started in memory on a free port.
* The yardsticks: ``scripts/hello_world_skill.py`` (the ASK SDK's hello-world, no
  persistence), ``scripts/hello_world_dynamodb_skill.py`` (the same with the SDK's
  own ``DynamoDbAdapter``, one GetItem per request) and
  ``scripts/hello_world_reader_skill.py`` (the hello-world that reads the symptom with
  the package's triage reader before it answers), compiled by 3.13.

Every run is a fresh ``python3.13 -S`` process with only the package (and, for
DynamoDB, the runtime's boto3) on its path, bytecode read and never written, as on
``/var/task``. It reads its envelopes first; then the clock starts: ``import
lambda_handler`` (or the yardstick) and the first ``handler(event, None)``; the clock
stops when the answer is back. That is what the function adds to Lambda's own start
(Init plus the first invoke). Then it answers ``--warm`` more envelopes of the same
kind, each timed (warm latency). The pairs:

* SQLite storage, a LaunchRequest: the product against the bare hello-world;
* DynamoDB storage, a LaunchRequest from a returning user: the product against the
  SDK-adapter hello-world (each reads the user's item once);
* DynamoDB storage, an emergency ("I can't move my leg", EmergencyIntent, new session):
  the product against the bare hello-world (the answer must never wait for botocore,
  boto3's core, which the product's DynamoDB storage uses alone);
* the reader's floor, for information: the hello-world that reads the same emergency's
  words with the skill's reader against the bare hello-world (what reading the words
  costs a cold start, before anything else of the skill).

Each round runs every pair once, the two sides in turn and which goes first swapped
each round, so a neighbour's load hits both alike; one discarded round first. The
figure is the median of the pairs' ratios (and each side's median, for scale); warm
p99 is over every warm call of each side. With ``--against DIR`` the pairs are this
checkout's product against DIR's (a ``git worktree`` of the commit before a change),
on the same three paths. Options: ``--python`` (the 3.13 interpreter), ``--json FILE``,
``--strict`` (exit 1 when a target is missed).
"""

import argparse
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from local_server import HOST, BenchmarkError, serving

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPTS = os.path.join(ROOT, "scripts")
BUILD = os.path.join(ROOT, "build")
PRODUCT_TABLE = "bench-memory"
PEER_TABLE = "hello-world-memory"
USER = "amzn1.ask.account.COLDSTARTBENCH"

TARGETS = {
    "dynamodb": 1.0,    # the DynamoDB launch at most 1.0x the SDK-adapter hello-world
    "emergency": 1.1,   # an emergency on the DynamoDB path at most 1.1x the bare hello-world
    "warm_p99": 1.2,    # warm p99 (DynamoDB) at most 1.2x the SDK-adapter hello-world's
}

# Run in a fresh interpreter: read the envelopes, then time the import and the answers.
CHILD = r"""
import json, sys, time
events = json.loads(sys.stdin.buffer.read())
started, started_cpu = time.perf_counter(), time.process_time()
module = __import__(sys.argv[1])
imported = time.perf_counter()
response = module.handler(events[0], None)
answered, answered_cpu = time.perf_counter(), time.process_time()
warm = []
for event in events[1:]:
    before = time.perf_counter()
    module.handler(event, None)
    warm.append(time.perf_counter() - before)
speech = ((response or {}).get("response") or {}).get("outputSpeech") or {}
sys.stdout.write(json.dumps({
    "import": imported - started, "total": answered - started, "cpu": answered_cpu - started_cpu,
    "warm": warm, "speech": speech.get("ssml") or speech.get("text") or "",
    "botocore_at_answer": "botocore" in sys.modules, "modules": len(sys.modules)}))
"""


def note(message):
    print(f"  .. {message}", file=sys.stderr, flush=True)


def find_python313(given=None):
    """The 3.13 interpreter: ``given``, else the first on PATH or under ~/.pyenv that runs."""
    candidates = [given] if given else [shutil.which("python3.13"), *sorted(glob.glob(
        os.path.expanduser("~/.pyenv/versions/3.13*/bin/python3.13")))]
    for candidate in filter(None, candidates):
        try:
            completed = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2])"],
                                       capture_output=True, text=True, timeout=30)
        except OSError:
            continue
        if completed.returncode == 0 and completed.stdout.strip() == "(3, 13)":
            return candidate
    raise BenchmarkError("no CPython 3.13 found: give --python (pyenv install 3.13)")


def pinned(requirement, path=None):
    path = path or os.path.join(ROOT, "requirements.txt")
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.split("==")[0].strip().lower() == requirement:
                return line.strip()
    raise BenchmarkError(f"{requirement} is not pinned in {os.path.basename(path)}")


def run(command, what, **options):
    completed = subprocess.run(command, capture_output=True, text=True, timeout=900, **options)
    if completed.returncode != 0:
        raise BenchmarkError(f"{what} failed:\n{(completed.stderr or completed.stdout)[-3000:]}")
    return completed


# --- what the runs need ------------------------------------------------------------------

def build_package(python, source_root, folder):
    note(f"building the Lambda package for 3.13 from {os.path.relpath(source_root, ROOT)}")
    run([python, os.path.join(SCRIPTS, "build_lambda_package.py"), "--python-version", "3.13",
         "--source-root", source_root, "--build-dir", os.path.join(folder, "lambda"),
         "--output", os.path.join(folder, "lambda.zip")], "building the Lambda package")
    return os.path.join(folder, "lambda")


def lambda_runtime(python):
    """boto3 as the Lambda runtime provides it (left out of the package), for 3.13."""
    requirement = pinned("boto3")
    folder = os.path.join(BUILD, "bench-runtime", "py3.13-" + requirement.replace("==", "-"))
    if not os.path.isdir(os.path.join(folder, "boto3")):
        note(f"installing {requirement} for 3.13 into {os.path.relpath(folder, ROOT)} (once)")
        shutil.rmtree(folder, ignore_errors=True)
        run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "--target", folder, requirement], "installing the runtime's boto3")
    return folder


def peer_adapter(python):
    """The ASK SDK's own DynamoDB adapter for the peer, for 3.13: the product's package leaves
    it out (the skill has its own), so the peer brings it (pinned in requirements-dev.txt)."""
    requirement = pinned("ask-sdk-dynamodb-persistence-adapter", os.path.join(ROOT, "requirements-dev.txt"))
    folder = os.path.join(BUILD, "bench-runtime", "py3.13-" + requirement.replace("==", "-"))
    if not os.path.isdir(os.path.join(folder, "ask_sdk_dynamodb")):
        note(f"installing {requirement} for 3.13 into {os.path.relpath(folder, ROOT)} (once)")
        shutil.rmtree(folder, ignore_errors=True)
        run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
             "--target", folder, requirement], "installing the SDK's DynamoDB adapter")
        run([python, "-m", "compileall", "-q", "--invalidation-mode", "checked-hash", folder],
            "compiling the SDK's DynamoDB adapter")
    return folder


def yardsticks(python, folder):
    """The hello-worlds, compiled by 3.13 (checked-hash pycs, as the package's)."""
    os.makedirs(folder, exist_ok=True)
    for name in ("hello_world_skill.py", "hello_world_dynamodb_skill.py", "hello_world_reader_skill.py"):
        shutil.copy2(os.path.join(SCRIPTS, name), folder)
    run([python, "-m", "compileall", "-q", "--invalidation-mode", "checked-hash", folder],
        "compiling the hello-worlds")
    return folder


def dynalite_command():
    tools = os.path.join(BUILD, "bench-tools")
    installed = os.path.join(tools, "node_modules", ".installed")
    source = os.path.join(SCRIPTS, "bench-tools")
    lock = os.path.join(source, "package-lock.json")
    if not (os.path.exists(installed) and os.path.getmtime(installed) >= os.path.getmtime(lock)):
        if not shutil.which("npm"):
            raise BenchmarkError("npm is needed for dynalite (DynamoDB on loopback)")
        note("installing dynalite (scripts/bench-tools) into build/bench-tools (once)")
        os.makedirs(tools, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy2(os.path.join(source, name), tools)
        run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], "npm ci (dynalite)",
            cwd=tools)
        with open(installed, "w"):
            pass
    return ["node", os.path.join(tools, "node_modules", "dynalite", "cli.js")]


def dynalite(folder):
    return serving(lambda port: [*dynalite_command(), "--host", HOST, "--port", str(port)],
                   os.path.join(folder, "dynalite.log"), "dynalite")


def aws_environment(endpoint):
    """Fake credentials for the local server, never the host's; the region Lambda sets."""
    return {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL_DYNAMODB": endpoint}


def create_tables(python, runtime, endpoint):
    """The two tables, as on AWS (provisioned before the function runs), and the yardstick's
    returning user; the product's item is made by its own first launch."""
    script = (
        "import boto3, sys\n"
        "db = boto3.client('dynamodb')\n"
        "for name in sys.argv[1:]:\n"
        "    db.create_table(TableName=name, KeySchema=[{'AttributeName': 'id', 'KeyType': 'HASH'}],\n"
        "        AttributeDefinitions=[{'AttributeName': 'id', 'AttributeType': 'S'}],\n"
        "        BillingMode='PAY_PER_REQUEST')\n"
        "    db.get_waiter('table_exists').wait(TableName=name, WaiterConfig={'Delay': 0.2})\n"
        f"db.put_item(TableName=sys.argv[2], Item={{'id': {{'S': {USER!r}}},\n"
        "    'attributes': {'M': {'visits': {'N': '1'}}}})\n")
    run([python, "-S", "-c", script, PRODUCT_TABLE, PEER_TABLE], "creating the tables",
        env=base_environment([runtime], aws_environment(endpoint)))


# --- envelopes ---------------------------------------------------------------------------

def envelopes(kind, count):
    """``count`` envelopes of ``kind`` (launch or emergency) from one user, each a new request."""
    from alexa_simulator.envelopes import envelope, intent_request, launch_request, slot

    events = []
    for number in range(count):
        request = (launch_request() if kind == "launch" else
                   intent_request("EmergencyIntent", slot("symptom", "can't move my leg")))
        event = envelope(request, new_session=True, user_id=USER)
        event["request"]["requestId"] = f"amzn1.echo-api.request.bench-{kind}-{number}"
        event["session"]["sessionId"] = f"amzn1.echo-api.session.bench-{kind}-{number}"
        events.append(event)
    return json.dumps(events).encode()


# --- runs --------------------------------------------------------------------------------

def base_environment(paths, extra=None):
    """Nothing of this machine's Python, AWS or skill settings; only ``paths`` importable."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BSC_", "AWS_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(PYTHONPATH=os.pathsep.join(paths), PYTHONDONTWRITEBYTECODE="1",
               PYTHONHASHSEED="random", **(extra or {}))
    return env


class Side:
    """One thing to start cold: a module, where it is found, its settings, what it is asked."""

    def __init__(self, label, module, paths, env, events):
        self.label, self.module, self.env, self.events = label, module, base_environment(paths, env), events

    def run(self, python, cwd):
        completed = subprocess.run([python, "-S", "-c", CHILD, self.module], input=self.events,
                                   capture_output=True, cwd=cwd, env=self.env, timeout=120)
        if completed.returncode != 0:
            raise BenchmarkError(f"{self.label} failed:\n"
                                 + completed.stderr.decode(errors="replace")[-3000:])
        figures = json.loads(completed.stdout)
        if not figures["speech"]:
            raise BenchmarkError(f"{self.label}: the answer says nothing")
        return figures


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * p // 100) - 1)] if ordered else float("nan")


def measure(pairs, rounds, python, cwd):
    """``{name: {...}}`` for each ``(name, side_a, side_b)``: interleaved fresh processes."""
    samples = {name: ([], []) for name, _, _ in pairs}
    for number in range(rounds + 1):  # round 0 is discarded
        if number and number % 10 == 0:
            note(f"round {number} of {rounds}")
        for name, a, b in pairs:
            order = ((0, a), (1, b)) if number % 2 == 0 else ((1, b), (0, a))
            for index, side in order:
                figures = side.run(python, cwd)
                if number:
                    samples[name][index].append(figures)
    results = {}
    for name, a, b in pairs:
        runs_a, runs_b = samples[name]
        warm_a = [t for r in runs_a for t in r["warm"]]
        warm_b = [t for r in runs_b for t in r["warm"]]
        results[name] = {
            "a": a.label, "b": b.label, "pairs": len(runs_a),
            "ratio": statistics.median(ra["total"] / rb["total"] for ra, rb in zip(runs_a, runs_b, strict=True)),
            "cpu_ratio": statistics.median(ra["cpu"] / rb["cpu"] for ra, rb in zip(runs_a, runs_b, strict=True)),
            "a_total": statistics.median(r["total"] for r in runs_a),
            "b_total": statistics.median(r["total"] for r in runs_b),
            "a_import": statistics.median(r["import"] for r in runs_a),
            "b_import": statistics.median(r["import"] for r in runs_b),
            "a_botocore_at_answer": sum(r["botocore_at_answer"] for r in runs_a),
            "a_modules": runs_a[-1]["modules"], "b_modules": runs_b[-1]["modules"],
            "warm_calls": len(warm_a),
        }
        if warm_a and warm_b:
            results[name].update(a_warm_p99=percentile(warm_a, 99), b_warm_p99=percentile(warm_b, 99),
                                 a_warm_p50=percentile(warm_a, 50), b_warm_p50=percentile(warm_b, 50),
                                 warm_p99_ratio=percentile(warm_a, 99) / percentile(warm_b, 99))
    return results


def sides_for(label, package, runtime, hello, endpoint, work, warm, adapter):
    """The product's three sides (and the yardsticks) for one package."""
    sqlite = {"BSC_STORAGE": "sqlite", "BSC_SQLITE_PATH": os.path.join(work, f"{label}.sqlite3")}
    dynamo = {"BSC_STORAGE": "dynamodb", "BSC_DYNAMODB_ENDPOINT": endpoint,
              "BSC_DYNAMODB_TABLE": PRODUCT_TABLE, "BSC_DYNAMODB_CREATE_TABLE": "0",
              **aws_environment(endpoint)}
    launch, emergency = envelopes("launch", 1 + warm), envelopes("emergency", 1 + warm)
    return {
        "sqlite": Side(f"{label}, SQLite, launch", "lambda_handler", [package], sqlite, launch),
        "dynamodb": Side(f"{label}, DynamoDB, returning user's launch", "lambda_handler",
                         [package, runtime], dynamo, launch),
        "emergency": Side(f"{label}, DynamoDB, emergency", "lambda_handler",
                          [package, runtime], dynamo, emergency),
        "hello": Side("hello-world, launch", "hello_world_skill", [hello, package], {}, launch),
        "hello_emergency": Side("hello-world, the emergency envelope", "hello_world_skill",
                                [hello, package], {}, emergency),
        "hello_reader": Side("hello-world reading the emergency's words with the reader",
                             "hello_world_reader_skill", [hello, package], {}, emergency),
        "peer": Side("SDK DynamoDbAdapter hello-world, returning user's launch",
                     "hello_world_dynamodb_skill", [hello, adapter, package, runtime],
                     aws_environment(endpoint), launch),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=30, help="interleaved pairs per figure (30)")
    parser.add_argument("--warm", type=int, default=20,
                        help="warm requests answered after each cold start (20)")
    parser.add_argument("--python", help="the CPython 3.13 interpreter (default: found on PATH "
                                         "or under ~/.pyenv)")
    parser.add_argument("--against", metavar="DIR",
                        help="compare this checkout's product with DIR's (another checkout)")
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON too")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    if args.pairs < 1 or args.warm < 0:
        parser.error("--pairs must be positive, --warm not negative")
    try:
        figures = run_all(args)
    except BenchmarkError as error:
        print(f"cold_start: {error}", file=sys.stderr)
        return 2
    missed = report(figures, args)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(figures, handle, indent=2)
    return 1 if (args.strict and missed) else 0


def run_all(args):
    python = find_python313(args.python)
    version = run([python, "-c", "import platform; print(platform.python_version())"],
                  "asking the interpreter its version").stdout.strip()
    if not version.startswith("3.13"):
        raise BenchmarkError(f"{python} is Python {version}, not 3.13")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bsc-cold-") as work:
        runtime = lambda_runtime(python)
        adapter = peer_adapter(python)
        package = build_package(python, ROOT, os.path.join(work, "this"))
        hello = yardsticks(python, os.path.join(work, "hello"))
        with dynalite(work) as endpoint:
            create_tables(python, runtime, endpoint)
            this = sides_for("product", package, runtime, hello, endpoint, work, args.warm, adapter)
            this["dynamodb"].run(python, work)  # the returning user's item
            if args.against:
                other_package = build_package(python, os.path.abspath(args.against),
                                              os.path.join(work, "other"))
                other = sides_for("other", other_package, runtime, hello, endpoint, work, args.warm,
                                  adapter)
                pairs = [(path, this[path], other[path])
                         for path in ("sqlite", "dynamodb", "emergency")]
            else:
                pairs = [("sqlite", this["sqlite"], this["hello"]),
                         ("dynamodb", this["dynamodb"], this["peer"]),
                         ("emergency", this["emergency"], this["hello_emergency"]),
                         ("reader_floor", this["hello_reader"], this["hello_emergency"])]
            note(f"{len(pairs)} pairs x {args.pairs} rounds of fresh processes, "
                 f"{args.warm} warm requests each")
            results = measure(pairs, args.pairs, python, work)
    return {"python": f"CPython {version}", "cpus": os.cpu_count(), "pairs": args.pairs,
            "warm": args.warm, "against": args.against, "results": results,
            "seconds": time.monotonic() - started,
            "command": " ".join(["python scripts/cold_start.py", *args.argv])}


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def report(figures, args):
    rows, missed = [], []
    for name, r in figures["results"].items():
        target = None if args.against else TARGETS.get(name)
        outcome = "info" if target is None else ("met" if r["ratio"] <= target else "MISSED")
        if outcome == "MISSED":
            missed.append(f"{name} cold start")
        rows.append((f"cold: {r['a']} / {r['b']}", ms(r["a_total"]), ms(r["b_total"]),
                     f"{r['ratio']:.2f}x", f"<= {target}x" if target else "", outcome))
        rows.append(("  of which import; CPU time ratio", f"{ms(r['a_import'])}",
                     f"{ms(r['b_import'])}", f"{r['cpu_ratio']:.2f}x", "", ""))
        if "warm_p99_ratio" in r:
            # Warm p99 is held against the peer that does the same work (one GetItem a request).
            warm_target = None if args.against or name != "dynamodb" else TARGETS["warm_p99"]
            outcome = "info" if warm_target is None else (
                "met" if r["warm_p99_ratio"] <= warm_target else "MISSED")
            if outcome == "MISSED":
                missed.append(f"{name} warm p99")
            rows.append((f"  warm p99 ({r['warm_calls']} calls a side; p50 "
                         f"{ms(r['a_warm_p50'])} / {ms(r['b_warm_p50'])})",
                         ms(r["a_warm_p99"]), ms(r["b_warm_p99"]), f"{r['warm_p99_ratio']:.2f}x",
                         f"<= {warm_target}x" if warm_target else "", outcome))
        if name == "emergency" and not args.against:
            rows.append(("  answered before botocore was imported", f"{r['pairs'] - r['a_botocore_at_answer']}"
                         f" of {r['pairs']}", "", "", "", ""))
    header = ("measure", "A", "B", "A/B (median of pairs)", "target", "")
    widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]
    print()
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    print()
    print(f"{figures['python']}, {figures['cpus']} CPUs shared with other work; "
          f"{figures['pairs']} interleaved pairs of fresh processes per row; "
          f"`{figures['command']}` ({figures['seconds']:.0f} s).")
    print("Targets missed: " + ("; ".join(missed) if missed else "none"))
    return missed


if __name__ == "__main__":
    sys.exit(main())
