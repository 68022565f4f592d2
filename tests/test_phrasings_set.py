"""The real-phrasing set (tests/phrasings): valid, sourced, and split by the README's rule."""

import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "tests" / "phrasings"
SCRIPT = ROOT / "scripts" / "split_phrasings.py"

_spec = importlib.util.spec_from_file_location("split_phrasings", SCRIPT)
split_phrasings = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(split_phrasings)


def _rows(name):
    return [json.loads(line) for line in (FOLDER / name).read_text(encoding="utf-8").splitlines()]


def test_check_passes_on_both_files():
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_every_phrasing_is_in_the_half_the_rule_names():
    for name in (split_phrasings.TUNE, split_phrasings.REPORT):
        for row in _rows(name):
            assert split_phrasings.half_for(row["text"]) == name, row["text"]


def test_size_of_the_set_and_of_each_half():
    tune, report = _rows(split_phrasings.TUNE), _rows(split_phrasings.REPORT)
    assert len(tune) + len(report) >= 300
    assert len(tune) >= 120
    assert len(report) >= 120


def test_every_phrasing_names_its_source_and_a_known_need():
    needs = split_phrasings.needs_from_readme(FOLDER)
    for row in _rows(split_phrasings.TUNE) + _rows(split_phrasings.REPORT):
        assert set(row) == {"text", "need", "source"}, row
        assert row["source"].strip(), row
        assert row["need"] in needs, row


def test_no_duplicates_across_the_two_files():
    texts = Counter(split_phrasings.normalise(row["text"])
                    for row in _rows(split_phrasings.TUNE) + _rows(split_phrasings.REPORT))
    assert [text for text, count in texts.items() if count > 1] == []


def test_check_fails_when_a_phrasing_sits_in_the_wrong_half(tmp_path):
    (tmp_path / "README.md").write_text((FOLDER / "README.md").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    text = "how long does a back spasm last"
    right = split_phrasings.half_for(text)
    wrong = split_phrasings.REPORT if right == split_phrasings.TUNE else split_phrasings.TUNE
    line = json.dumps({"text": text, "need": "duration", "source": "issue 11"})
    (tmp_path / wrong).write_text(line + "\n", encoding="utf-8")
    (tmp_path / right).write_text("", encoding="utf-8")
    assert split_phrasings.main(["--check", "--dir", str(tmp_path)]) == 1
    # Placing by the rule puts it right, and adding the same file again changes nothing.
    (tmp_path / wrong).write_text("", encoding="utf-8")
    new = tmp_path / "new.jsonl"
    new.write_text(line + "\n", encoding="utf-8")
    assert split_phrasings.main(["--dir", str(tmp_path), str(new)]) == 0
    assert split_phrasings.main(["--dir", str(tmp_path), str(new)]) == 0
    assert (tmp_path / right).read_text(encoding="utf-8") == line + "\n"
    assert split_phrasings.main(["--check", "--dir", str(tmp_path)]) == 0


def test_split_rejects_unknown_needs_and_duplicates(tmp_path):
    (tmp_path / "README.md").write_text((FOLDER / "README.md").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps({"text": "Is ice better than heat?", "need": "heat_ice", "source": "a"}) + "\n"
        + json.dumps({"text": "is ice  better than heat?", "need": "heat_ice", "source": "b"}) + "\n"
        + json.dumps({"text": "what now", "need": "no_such_need", "source": "c"}) + "\n",
        encoding="utf-8")
    assert split_phrasings.main(["--dir", str(tmp_path), str(bad)]) == 1
    assert not (tmp_path / split_phrasings.TUNE).exists()
    assert not (tmp_path / split_phrasings.REPORT).exists()
