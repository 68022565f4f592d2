#!/usr/bin/env python3
"""Where the first emergency answer's CPU time goes: each step of a cold start, timed apart.

    python scripts/cold_start_steps.py                 # 40 fresh processes a side
    python scripts/cold_start_steps.py --against DIR   # this checkout's steps beside DIR's

Not a test: it prints figures. The package is built as ``scripts/cold_start.py`` builds it
(``build_lambda_package.py --python-version 3.13``, bytecode compiled by 3.13). Then fresh
``python3.13 -S`` processes, the product and the bare hello-world in turn (and DIR's
product, with ``--against``), each answer the emergency envelope ("I can't move my leg",
EmergencyIntent, a new session) on the DynamoDB path. Storage is never reached (its
endpoint is a closed port; each run checks botocore was never imported). In the product,
``time.process_time()`` is read around each step:

* import: ``import lambda_handler`` (the SDK, the door, the settings, the last-resort answer);
* build: ``lambda_handler.door.skill()`` (the handlers' modules, the turn, storage's
  wrappers, the Alexa API client);
* reader import: ``import skill.triage`` (the reader and its two tables);
* index: ``skill.triage._indexes()`` (the reader's phrase index);
* request: the first ``lambda_handler.handler(event, None)`` (the envelope read, the turn,
  the reading, the answer).

The hello-world's import and its first call are timed the same way. Each figure is the
median over the runs; the ratios are medians of the ratios of runs made one after the
other. CPU time is the figure to compare on a shared machine: a neighbour's load stretches
wall-clock time far more.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

from cold_start import (
    ROOT,
    BenchmarkError,
    base_environment,
    build_package,
    envelopes,
    find_python313,
    yardsticks,
)

STEPS = ("import", "build", "reader import", "index", "request")

PRODUCT = r"""
import json, sys, time
event = json.loads(sys.stdin.buffer.read())[0]
marks = [time.process_time()]
import lambda_handler
marks.append(time.process_time())
lambda_handler.door.skill()
marks.append(time.process_time())
import skill.triage
marks.append(time.process_time())
skill.triage._indexes()
marks.append(time.process_time())
response = lambda_handler.handler(event, None)
marks.append(time.process_time())
assert "botocore" not in sys.modules, "the emergency waited for botocore"
assert "911" in response["response"]["outputSpeech"]["ssml"], response
print(json.dumps([b - a for a, b in zip(marks, marks[1:])]))
"""

HELLO = r"""
import json, sys, time
event = json.loads(sys.stdin.buffer.read())[0]
marks = [time.process_time()]
import hello_world_skill
marks.append(time.process_time())
hello_world_skill.handler(event, None)
marks.append(time.process_time())
print(json.dumps([b - a for a, b in zip(marks, marks[1:])]))
"""

#: The DynamoDB path, its endpoint a closed port: an emergency must never reach it.
DYNAMODB = {"BSC_STORAGE": "dynamodb", "BSC_DYNAMODB_ENDPOINT": "http://127.0.0.1:9",
            "BSC_DYNAMODB_TABLE": "bench-memory", "BSC_DYNAMODB_CREATE_TABLE": "0",
            "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench"}


def run_one(python, code, paths, extra, event, cwd):
    completed = subprocess.run([python, "-S", "-c", code], input=event, capture_output=True,
                               cwd=cwd, env=base_environment(paths, extra), timeout=120)
    if completed.returncode != 0:
        raise BenchmarkError(completed.stderr.decode(errors="replace")[-3000:])
    return json.loads(completed.stdout)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40, help="fresh processes a side (40)")
    parser.add_argument("--python", help="the CPython 3.13 interpreter")
    parser.add_argument("--against", metavar="DIR", help="another checkout's product beside this one")
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    if args.runs < 1:
        parser.error("--runs must be positive")
    try:
        python = find_python313(args.python)
        with tempfile.TemporaryDirectory(prefix="bsc-steps-") as work:
            sides = {"product": build_package(python, ROOT, os.path.join(work, "this"))}
            if args.against:
                sides["other"] = build_package(python, os.path.abspath(args.against),
                                               os.path.join(work, "other"))
            hello = yardsticks(python, os.path.join(work, "hello"))
            event = envelopes("emergency", 1)
            runs = {name: [] for name in (*sides, "hello-world")}
            for number in range(args.runs + 1):  # run 0 is discarded
                order = [*sides, "hello-world"]
                for name in (order if number % 2 == 0 else order[::-1]):
                    if name == "hello-world":
                        steps = run_one(python, HELLO, [hello, sides["product"]], {}, event, work)
                    else:
                        steps = run_one(python, PRODUCT, [sides[name]], DYNAMODB, event, work)
                    if number:
                        runs[name].append(steps)
    except BenchmarkError as error:
        print(f"cold_start_steps: {error}", file=sys.stderr)
        return 2
    report(runs, args)
    return 0


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def report(runs, args):
    names = [name for name in runs if name != "hello-world"]
    hello = runs["hello-world"]
    print()
    print("| step (CPU time, median) | " + " | ".join(names) + " | hello-world |")
    print("| --- | " + " | ".join("---" for _ in names) + " | --- |")
    for index, step in enumerate(STEPS):
        cells = [ms(statistics.median(r[index] for r in runs[name])) for name in names]
        theirs = {"import": ms(statistics.median(r[0] for r in hello)),
                  "request": ms(statistics.median(r[1] for r in hello))}.get(step, "")
        print(f"| {step} | " + " | ".join(cells) + f" | {theirs} |")
    totals = {name: [sum(r) for r in runs[name]] for name in runs}
    cells = [f"{ms(statistics.median(totals[name]))} "
             f"({statistics.median(a / b for a, b in zip(totals[name], totals['hello-world'], strict=True)):.2f}x)"
             for name in names]
    print("| total (against the hello-world: median of the pairs' ratios) | " + " | ".join(cells)
          + f" | {ms(statistics.median(totals['hello-world']))} |")
    print()
    if args.against:
        after = {name: [sum(r[1:]) for r in runs[name]] for name in names}
        print(f"this checkout / {args.against}: total CPU "
              f"{statistics.median(a / b for a, b in zip(totals['product'], totals['other'], strict=True)):.3f}x, "
              f"after the import {statistics.median(a / b for a, b in zip(after['product'], after['other'], strict=True)):.3f}x "
              f"({ms(statistics.median(after['product']))} against {ms(statistics.median(after['other']))})")
    print(f"{args.runs} fresh CPython 3.13 processes a side, run in turn; "
          f"`{' '.join(['python scripts/cold_start_steps.py', *args.argv])}`")

if __name__ == "__main__":
    sys.exit(main())
