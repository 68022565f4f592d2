"""`alexa-simulator --export-replay DIR`: the conversation tests as `ask dialog --replay` files."""

import json
import os

import pytest
from alexa_simulator.cli import main
from alexa_simulator.replay import PLACEHOLDER_SKILL_ID, resolve_skill_id

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONVERSATIONS = os.path.join(ROOT, "tests", "conversations")
SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"


def replay_files(folder):
    return sorted(p for p in folder.rglob("*.json"))


def test_with_no_test_path_the_export_takes_every_conversation_file(monkeypatch, tmp_path, capsys):
    asked = []
    monkeypatch.setattr("alexa_simulator.replay.export",
                        lambda paths, folder, **options: asked.append((paths, folder, options)) or [])
    assert main(["--export-replay", str(tmp_path), "--skill-id", SKILL_ID]) == 0
    (paths, folder, options), = asked
    assert (paths, folder) == ([CONVERSATIONS], str(tmp_path))  # the project's, from pyproject.toml
    assert options["skill_id"] == SKILL_ID and options["skill_id_variable"] == "BSC_SKILL_ID"


# One conversation file a test, so that pytest-xdist can spread them.
@pytest.mark.parametrize("name", sorted(n for n in os.listdir(CONVERSATIONS) if n.endswith(".yaml")))
def test_every_conversation_test_becomes_a_replay_file_the_ask_cli_accepts(tmp_path, capsys, name):
    assert main(["--export-replay", str(tmp_path), "--skill-id", SKILL_ID,
                 "--test", os.path.join(CONVERSATIONS, name)]) == 0
    files = replay_files(tmp_path)
    assert files and f"Wrote {len(files)} replay files" in capsys.readouterr().out
    assert {p.parent.name for p in files} <= {"en-US", "en-CA"}
    for path in files:
        replay = json.loads(path.read_text(encoding="utf-8"))
        # What the ASK CLI's dialog command checks: skillId and locale set, no blank input.
        assert set(replay) == {"skillId", "locale", "type", "userInput"}, path
        assert replay["skillId"] == SKILL_ID
        assert replay["locale"] == path.parent.name
        assert replay["type"] == "text"
        assert all(isinstance(u, str) and u.strip() for u in replay["userInput"]), path
        assert len(replay["userInput"]) >= 2 and replay["userInput"][-1] == ".quit", path


def test_replay_types_what_alexa_needs_and_leaves_out_what_cannot_be_typed(tmp_path):
    tests = tmp_path / "talk.yaml"
    tests.write_text("""
- name: one-shot, then a new session after stop
  locales: [en-US, en-CA]
  steps:
    - say: how should I lie down
    - say: next
    - say: ""
    - advance: 5 minutes
    - say: stop
    - say: can I take advil
- name: canadian only
  locale: en-CA
  steps:
    - say: open back spasm coach
""", encoding="utf-8")
    out = tmp_path / "replay"
    assert main(["--export-replay", str(out), "--test", str(tests), "--skill-id", SKILL_ID]) == 0
    names = sorted(p.relative_to(out).as_posix() for p in replay_files(out))
    assert names == ["en-CA/talk--canadian-only.json",
                     "en-CA/talk--one-shot-then-a-new-session-after-stop-en-ca.json",
                     "en-US/talk--one-shot-then-a-new-session-after-stop.json"]
    replay = json.loads((out / names[2]).read_text(encoding="utf-8"))
    assert replay["userInput"] == ["ask back spasm coach how should I lie down", "next", "stop",
                                   "ask back spasm coach can I take advil", ".quit"]


def test_skill_id_comes_from_the_option_the_environment_or_the_ask_cli_state(tmp_path):
    states = tmp_path / "ask-states.json"
    assert resolve_skill_id(None, {}, states) == PLACEHOLDER_SKILL_ID
    states.write_text(json.dumps({"profiles": {"default": {"skillId": "amzn1.ask.skill.from-states"}}}))
    assert resolve_skill_id(None, {}, states) == "amzn1.ask.skill.from-states"
    assert resolve_skill_id(None, {"BSC_SKILL_ID": "amzn1.ask.skill.env"}, states,
                            variable="BSC_SKILL_ID") == "amzn1.ask.skill.env"
    assert resolve_skill_id("amzn1.ask.skill.option", {"BSC_SKILL_ID": "x"}, states,
                            variable="BSC_SKILL_ID") == "amzn1.ask.skill.option"
