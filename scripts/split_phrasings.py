"""Validate the real-phrasing set and place each phrasing in its half.

The rule is the one written in tests/phrasings/README.md ("The split"): a
phrasing goes to report.jsonl when the first byte of the SHA-256 of its text
(lower-cased, runs of white space folded to one space, stripped) is odd, and
to tune.jsonl when it is even. The rule depends on the text alone, so a
phrasing never moves between the files, however often this is run.

    python scripts/split_phrasings.py NEW.jsonl [MORE.jsonl ...]
        reads tune.jsonl and report.jsonl as they are, adds the phrasings of
        the named files, validates everything, and rewrites both files
        (sorted by need, then text).

    python scripts/split_phrasings.py --check
        only verifies: every line valid and in the file the rule names.
        Exits 1 (listing the problems) otherwise; writes nothing.

Standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "tests" / "phrasings"
TUNE = "tune.jsonl"
REPORT = "report.jsonl"
FIELDS = ("text", "need", "source")
MAX_TEXT = 200  # a phrasing is one sentence a person would say to Alexa


def normalise(text: str) -> str:
    """Lower-case, fold runs of white space to one space, strip."""
    return re.sub(r"\s+", " ", text.lower()).strip()


def half_for(text: str) -> str:
    """The file the README's rule puts this phrasing in."""
    first = hashlib.sha256(normalise(text).encode("utf-8")).digest()[0]
    return REPORT if first % 2 == 1 else TUNE


def needs_from_readme(folder: Path) -> set[str]:
    """The need labels of the README's "Needs" table (the first column)."""
    readme = (folder / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Needs", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z_0-9]+)` \|", section, flags=re.M))


def read_jsonl(path: Path, needs: set[str], problems: list[str]) -> list[dict]:
    """Parse and validate one file's lines; problems are appended, not raised."""
    rows = []
    if not path.exists():
        return rows
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{number}"
        if not line.strip():
            problems.append(f"{where}: empty line")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{where}: not JSON ({error})")
            continue
        if not isinstance(row, dict):
            problems.append(f"{where}: not a JSON object")
            continue
        missing = [field for field in FIELDS if not isinstance(row.get(field), str)]
        if missing:
            problems.append(f"{where}: missing or non-string field(s) {missing}")
            continue
        extra = sorted(set(row) - set(FIELDS))
        if extra:
            problems.append(f"{where}: unknown field(s) {extra}")
        if not row["text"].strip():
            problems.append(f"{where}: empty text")
        if len(row["text"]) > MAX_TEXT:
            problems.append(f"{where}: text over {MAX_TEXT} characters")
        if row["need"] not in needs:
            problems.append(f"{where}: need {row['need']!r} is not in the README table")
        if not row["source"].strip():
            problems.append(f"{where}: empty source")
        rows.append({"text": row["text"], "need": row["need"], "source": row["source"],
                     "_where": where, "_file": path.name})
    return rows


def find_duplicates(rows: list[dict], problems: list[str]) -> None:
    seen: dict[str, str] = {}
    for row in rows:
        key = normalise(row["text"])
        if key in seen:
            problems.append(f"{row['_where']}: duplicate of {seen[key]} ({row['text']!r})")
        else:
            seen[key] = row["_where"]


def sort_key(row: dict) -> tuple:
    return (row["need"], normalise(row["text"]), row["text"])


def line_of(row: dict) -> str:
    return json.dumps({field: row[field] for field in FIELDS}, ensure_ascii=False)


def check(folder: Path) -> list[str]:
    problems: list[str] = []
    needs = needs_from_readme(folder)
    rows = []
    for name in (TUNE, REPORT):
        if not (folder / name).exists():
            problems.append(f"{name}: missing")
        rows += read_jsonl(folder / name, needs, problems)
    find_duplicates(rows, problems)
    for row in rows:
        if half_for(row["text"]) != row["_file"]:
            problems.append(f"{row['_where']}: belongs in {half_for(row['text'])} by the rule "
                            f"({row['text']!r})")
    return problems


def split(folder: Path, inputs: list[Path]) -> list[str]:
    problems: list[str] = []
    needs = needs_from_readme(folder)
    existing = read_jsonl(folder / TUNE, needs, problems) + read_jsonl(folder / REPORT, needs, problems)
    known = {normalise(row["text"]): row for row in existing}
    added = []
    for path in inputs:
        for row in read_jsonl(path, needs, problems):
            old = known.get(normalise(row["text"]))
            if old and (old["need"], old["source"]) == (row["need"], row["source"]):
                continue  # already in the set: adding a file twice changes nothing
            added.append(row)
    rows = existing + added
    find_duplicates(rows, problems)
    if problems:
        return problems
    halves: dict[str, list[dict]] = {TUNE: [], REPORT: []}
    for row in rows:
        halves[half_for(row["text"])].append(row)
    for name, half in halves.items():
        text = "".join(line_of(row) + "\n" for row in sorted(half, key=sort_key))
        (folder / name).write_text(text, encoding="utf-8")
    print(f"{len(rows)} phrasings ({len(added)} new): "
          f"{len(halves[TUNE])} in {TUNE}, {len(halves[REPORT])} in {REPORT}")
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", type=Path, help="JSONL files of phrasings to add")
    parser.add_argument("--check", action="store_true",
                        help="only verify both files and the split rule; exit 1 on any problem")
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR,
                        help="folder holding README.md, tune.jsonl and report.jsonl")
    args = parser.parse_args(argv)
    if args.check and args.inputs:
        parser.error("--check takes no input files")
    problems = check(args.dir) if args.check else split(args.dir, args.inputs)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    if args.check:
        print("phrasings: every line valid and in the half the rule names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
