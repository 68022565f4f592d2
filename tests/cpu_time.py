"""CPU time per test file: ``pytest -p cpu_time`` (``make test ARGS="-p cpu_time"``).

User plus system time of each test, its waited-for child processes included (``getrusage``
around ``pytest_runtest_protocol``), summed per file over the pytest-xdist workers, and each
worker's whole process (collection and start-up too). Printed at the end of the run; with
``CPU_REPORT=path`` also written there (and each test's figure to ``path.tests.json``).
docs/testing.md, "Timing", says how the figures there were measured with it.
"""

import json
import os
import resource
from collections import defaultdict

import pytest

_files: dict[str, float] = defaultdict(float)
_tests: dict[str, float] = defaultdict(float)
WORKERS = "(pytest-xdist workers' whole processes)"


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    start = _cpu()
    yield
    spent = _cpu() - start
    _files[item.nodeid.split("::")[0]] += spent
    _tests[item.nodeid] += spent


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker: its figures go to the controller
        workeroutput["cpu_time"] = json.dumps([_files, _tests, _cpu()])


def pytest_testnodedown(node, error):
    found = getattr(node, "workeroutput", {}).get("cpu_time")
    if found:
        files, tests, whole = json.loads(found)
        for name, spent in files.items():
            _files[name] += spent
        for name, spent in tests.items():
            _tests[name] += spent
        _files[WORKERS] += whole


def pytest_terminal_summary(terminalreporter):
    if not _files:
        return
    rows = sorted(_files.items(), key=lambda row: -row[1])
    total = sum(spent for name, spent in _files.items() if name != WORKERS)
    lines = [f"{spent:8.2f}  {name}" for name, spent in rows] + [f"{total:8.2f}  (all tests)"]
    path = os.environ.get("CPU_REPORT")
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        with open(path + ".tests.json", "w", encoding="utf-8") as handle:
            json.dump(_tests, handle, indent=0)
    terminalreporter.write_sep("-", "CPU-seconds (user + sys, children included) per file")
    for line in lines[:-1][:20] + lines[-1:]:
        terminalreporter.write_line(line)
