"""The copyright gate: no run of nine words of the guide in the project's own files.

The guide (``../shared/seed/back-spasm-care-source.txt``) sits beside the checkout, not in
it. Its wording is copyrighted, so every sentence the project ships is written in its own
words. The rule is the one ``../shared/hooks/before-stop`` applies before a session stops:
words are runs of ``[a-z0-9']`` in lower case; a file repeats the guide when nine of its
words in a row stand in the guide in that order; the files read are the tracked ones (and,
here, the new ones git does not ignore), outside ``tests/``, ending in one of ``SUFFIXES``.

CI (``CI`` set, as ``.ci/run`` is run on a clean clone with ``../shared`` beside it) must
have the guide: there a missing guide fails the test instead of skipping it, so the gate
cannot pass by not looking. A checkout without ``../shared`` skips, saying why.
"""

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT.parent / "shared" / "seed" / "back-spasm-care-source.txt"
RUN = 9
#: The files the gate reads, by ending; ``EXCLUDED`` folders are left out (the hook's rule).
SUFFIXES = (".py", ".json", ".yaml", ".yml", ".md", ".txt")
EXCLUDED = "tests/"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def runs_of(text: str, length: int = RUN) -> set[tuple[str, ...]]:
    said = words(text)
    return {tuple(said[i:i + length]) for i in range(len(said) - length + 1)}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def guide_runs(path: Path = GUIDE) -> set[tuple[str, ...]]:
    """The guide's nine-word runs. Without the guide: a failure in CI, a skip elsewhere."""
    if not path.is_file():
        if in_ci():
            pytest.fail(f"CI needs the guide at {path} (../shared beside the clone) to check "
                        "that no sentence of it was copied; it is missing", pytrace=False)
        pytest.skip(f"the guide is not at {path}: this checkout has no ../shared beside it, "
                    "so the copyright gate cannot look (in CI it fails instead)")
    return runs_of(path.read_text(encoding="utf-8", errors="ignore"))


def project_files(root: Path = ROOT) -> list[str]:
    """The files the gate reads: tracked (or new and not ignored), outside tests/, by ending."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=root, capture_output=True)
    if listed.returncode != 0:
        if in_ci():
            pytest.fail("CI runs on a git clone, but `git ls-files` failed: " + listed.stderr.decode()[-300:])
        pytest.skip("not a git checkout: which files the project holds is unknown")
    names = {name for name in listed.stdout.decode().split("\0") if name}
    return sorted(name for name in names
                  if not name.startswith(EXCLUDED) and name.endswith(SUFFIXES) and (root / name).is_file())


def copied_runs(text: str, guide: set[tuple[str, ...]]) -> list[str]:
    """Each nine-word run of ``text`` that stands in the guide, as words."""
    said = words(text)
    return [" ".join(said[i:i + RUN]) for i in range(len(said) - RUN + 1)
            if tuple(said[i:i + RUN]) in guide]
