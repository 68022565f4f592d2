#!/usr/bin/env python3
"""Every fault measurement of issue 13 in one run: malformed envelopes, then storage under faults.

    .venv/bin/python scripts/faults.py [--count 5000] [--seed 13] [--quick]

First ``scripts/fuzz_envelopes.py``: ``--count`` malformed envelopes through
``lambda_handler.handler`` and through the Flask endpoint (memory in a
temporary SQLite file). Then ``scripts/fault_storage.py``: 64 concurrent
writers on SQLite and on a DynamoDB-compatible server whose replies are lost
after the write landed, a slowed and a restarted server (``--quick``: its
small version, as the tests run it). Every figure is printed; the last line
sums up, and the exit status is 1 unless it reads 0 lost, 0 double-applied,
0 counts said twice, 0 escapes, 0 5xx, 0 invalid SSML (and both scripts' other checks pass).

Run by hand, not timed in CI (a few minutes); everything listens on 127.0.0.1 only.
"""

import argparse
import sys
import tempfile

# Beside this script: python puts its folder first on the path.
import fault_storage
import fuzz_envelopes

#: At least this many envelopes: what issue 13's measurement sent.
MIN_ENVELOPES = 5000


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=MIN_ENVELOPES,
                        help=f"malformed envelopes (default and least {MIN_ENVELOPES})")
    parser.add_argument("--seed", type=int, default=13, help="random seed (default 13)")
    parser.add_argument("--quick", action="store_true", help="the storage script's small version")
    args = parser.parse_args(argv)
    if args.count < MIN_ENVELOPES:
        parser.error(f"--count must be at least {MIN_ENVELOPES}")

    with tempfile.TemporaryDirectory() as scratch:
        fuzzed = fuzz_envelopes.run(args.count, args.seed,
                                    settings=fuzz_envelopes.scratch_settings(scratch))
    print("== malformed envelopes (scripts/fuzz_envelopes.py)")
    print(fuzz_envelopes.report(fuzzed))

    figures = fault_storage.run(**(fault_storage.QUICK if args.quick else {}))
    print("== storage under faults (scripts/fault_storage.py" + (", quick)" if args.quick else ")"))
    print(fault_storage.report(figures))

    lost, double, twice = (fault_storage.total(figures, key)
                           for key in ("lost", "double_applied", "said_twice"))
    print(f"== {lost} lost, {double} double-applied, {twice} counts said twice, "
          f"{fuzzed['escapes']} escapes, {fuzzed['5xx']} 5xx, "
          f"{fuzzed['invalid_ssml']} invalid SSML, {fuzzed['broken_rules']} other broken response rules")
    return 1 if fuzz_envelopes.failed(fuzzed) or fault_storage.failed(figures) else 0


if __name__ == "__main__":
    sys.exit(main())
