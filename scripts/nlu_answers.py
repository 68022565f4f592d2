"""Every answer the simulator's understanding gives on the project's own words, one JSON line
each: to show that a change to ``alexa_simulator.nlu`` leaves its results alone.

    python scripts/nlu_answers.py > after.jsonl
    git stash; python scripts/nlu_answers.py > before.jsonl; git stash pop
    cmp before.jsonl after.jsonl && echo identical

Three parts, for each model in ``interaction_models/`` (a fixed date throughout):

- ``sample``: every sample, its slots filled with the index-th value of each type (as the
  every-sample check fills them), through ``nlu.sample_overlaps`` under the calibrated matcher
  (``--lenient-every N``: every N-th sample under the lenient one too);
- ``said``: every distinct utterance of the project's words through ``nlu.understand`` (three
  alternatives): the ``say:`` lines of every YAML file under ``tests/``, the ``text`` of every
  phrasing in ``tests/phrasings/``, and every string of two to twenty words in ``tests/*.py``;
- the last line: a SHA-256 of all the others.

``--every N`` takes every N-th item of each part (a quick check while working);
``--part sample|said`` one part alone.
"""

import argparse
import ast
import datetime
import glob
import hashlib
import json
import os
import re
import sys

from alexa_simulator import nlu

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS_DIR = os.path.join(ROOT, "interaction_models")
TODAY = datetime.date(2025, 11, 25)


def utterances() -> list[str]:
    """The project's words, each once, in a fixed order."""
    said = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "**", "*.yaml"), recursive=True)):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                found = re.match(r"\s*-?\s*say:\s*(.+?)\s*$", line)
                if found:
                    said.append(found.group(1).strip("\"'"))
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "phrasings", "*.jsonl"))):
        with open(path, encoding="utf-8") as handle:
            said.extend(json.loads(line)["text"] for line in handle if line.strip())
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "*.py"))):
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        said.extend(node.value for node in ast.walk(tree)
                    if isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and 2 <= len(node.value.split()) <= 20 and "\n" not in node.value)
    return list(dict.fromkeys(said))


def sample_lines(model, every: int, lenient_every: int):
    lenient = model.with_matcher(nlu.LENIENT)
    for index in range(0, len(model.samples), every):
        sample = model.samples[index]
        utterance = nlu.filled_sample(model, sample, variant=index)
        checks = [model] + ([lenient] if lenient_every and index % lenient_every == 0 else [])
        for checked in checks:
            overlaps = nlu.sample_overlaps(checked, checked.samples[index], utterance, TODAY)
            yield json.dumps(["sample", model.locale, checked.matcher.name, index, utterance,
                              [[o.resolved, o.score, o.resolved_sample, o.tie] for o in overlaps]])


def said_lines(model, every: int):
    for text in utterances()[::every]:
        found = nlu.understand(model, text, today=TODAY)
        yield json.dumps(["said", model.locale, text, found.intent, found.score, found.sample,
                          found.slots, found.alternatives], sort_keys=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--lenient-every", type=int, default=7)
    parser.add_argument("--part", choices=["sample", "said"])
    parser.add_argument("--locale", action="append")
    options = parser.parse_args(argv)
    digest = hashlib.sha256()
    for locale in options.locale or nlu.available_locales(MODELS_DIR):
        model = nlu.load_model(locale, MODELS_DIR)
        parts = []
        if options.part in (None, "sample"):
            parts.append(sample_lines(model, options.every, options.lenient_every))
        if options.part in (None, "said"):
            parts.append(said_lines(model, options.every))
        for part in parts:
            for line in part:
                digest.update(line.encode("utf-8") + b"\n")
                print(line)
    print(digest.hexdigest())
    return 0


if __name__ == "__main__":
    sys.exit(main())
