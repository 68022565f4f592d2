"""Every reading of the frame corpus, one JSON line each: to show a change leaves the reader alone.

    PYTHONHASHSEED=0 python scripts/reader_readings.py > after.jsonl
    git stash; PYTHONHASHSEED=0 python scripts/reader_readings.py > before.jsonl; git stash pop
    cmp before.jsonl after.jsonl && echo identical

For each phrasing of ``scripts/frame_corpus`` (and each everyday description beside it):
the text, ``skill.triage.explain``'s reading and every finding (sign, words, status, scope
flags, place) in the order found; then the same text said as two slots (split at its middle
word) through ``skill.triage.read_symptom``. The last line is a SHA-256 of all the others.

Fix the hash seed: a back-pain finding that names several places reports one of them in set
order, which follows the seed (the reading itself never depends on it).
"""

import hashlib
import json
import os
import sys

from frame_corpus import generate

from skill import triage

HERE = os.path.dirname(os.path.abspath(__file__))


def texts() -> list[str]:
    said = [p.text for p in generate.phrasings()]
    with open(os.path.join(HERE, "frame_corpus", "everyday_descriptions.jsonl"), encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                said.extend(v for v in json.loads(line).values() if isinstance(v, str))
    return said


def lines(said: list[str]):
    for text in said:
        reading, findings = triage.explain(text)
        yield json.dumps([text, list(reading), [list(f) for f in findings]])
    for text in said:
        words = text.split()
        slots = [" ".join(words[:len(words) // 2]), " ".join(words[len(words) // 2:])]
        yield json.dumps([slots, list(triage.read_symptom(slots))])


def main() -> int:
    digest = hashlib.sha256()
    for line in lines(texts()):
        print(line)
        digest.update(line.encode())
    print(json.dumps({"sha256": digest.hexdigest()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
