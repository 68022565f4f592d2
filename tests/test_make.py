"""`make help` lists every target of the Makefile, each with one line that says what it does."""

import re
import shutil
import subprocess

import pytest
from simulated import ROOT


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_help_lists_every_target_with_one_line():
    with open(f"{ROOT}/Makefile", encoding="utf-8") as handle:
        makefile = handle.read().replace("\\\n", " ")  # continued lines joined
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split()
    shown = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True,
                           text=True, timeout=30)
    assert shown.returncode == 0, shown.stderr
    lines = {line.split()[1]: line for line in shown.stdout.splitlines() if line.strip()}
    assert set(lines) == set(phony)
    for target, line in lines.items():
        assert len(line.split(None, 2)) == 3, f"{target} has no help line"
