"""The certification material says what the skill does.

The testing instructions and the example phrases in skill-package/skill.json are what
Amazon's certification team tries first. Every phrase they quote is said, with the
answer the instructions promise, in tests/conversations/certification.yaml, which
tests/test_conversations.py runs through the model's understanding and the skill; this
file checks that nothing quoted is left out of it, and that the instructions say what a
tester needs (both permissions and how to grant them, the session staying open after a
911 answer). docs/certification.md walks Amazon's functional tests with the test that
covers each.
"""

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = json.loads((ROOT / "skill-package" / "skill.json").read_text(encoding="utf-8"))["manifest"]
INSTRUCTIONS = MANIFEST["publishingInformation"]["testingInstructions"]
CONVERSATIONS = yaml.safe_load((ROOT / "tests" / "conversations" / "certification.yaml").read_text(encoding="utf-8"))
CHECKLIST = (ROOT / "docs" / "certification.md").read_text(encoding="utf-8")
PERMISSIONS = {p["name"] for p in MANIFEST["permissions"]}


def fold(text):
    return " ".join(re.sub(r"[^\w' ]", " ", text.lower()).split())


def said():
    """What the conversations say, with a one-shot's request also on its own."""
    phrases = {fold(step["say"]) for c in CONVERSATIONS for step in c["steps"] if "say" in step}
    return phrases | {re.sub(r"^alexa ask back spasm coach (to )?", "", p) for p in phrases}


def quoted(text):
    """Every phrase the instructions put in double quotes that a tester says (not the
    skill's own words, which follow "says" or "the")."""
    phrases = re.findall(r'"([^"]+)"', text)
    return [p for p in phrases if not p.startswith("read the label")]


def as_said(phrase):
    """As a tester says it: 'Alexa, ask back spasm coach ...' is a one-shot."""
    return fold(phrase.replace("Alexa, ", "alexa "))


def test_the_instructions_fit_the_manifest_limit():
    # ask-smapi-model's spec: SkillManifestPublishingInformation.testingInstructions maxLength.
    assert 0 < len(INSTRUCTIONS) <= 4000


@pytest.mark.parametrize("phrase", quoted(INSTRUCTIONS))
def test_every_phrase_the_instructions_quote_is_tried_in_a_conversation_test(phrase):
    assert as_said(phrase) in said(), f"{phrase!r}: add it to tests/conversations/certification.yaml"


@pytest.mark.parametrize("locale", sorted(MANIFEST["publishingInformation"]["locales"]))
def test_every_example_phrase_is_tried_in_every_locale(locale):
    for phrase in MANIFEST["publishingInformation"]["locales"][locale]["examplePhrases"]:
        tried = [c for c in CONVERSATIONS if any(fold(s.get("say", "")) == as_said(phrase) for s in c["steps"])]
        assert tried, phrase
        assert any(locale in c.get("locales", ["en-US"]) for c in tried), (phrase, locale)


def test_the_instructions_name_both_permissions_and_how_to_grant_them():
    assert PERMISSIONS == {"alexa::alerts:timers:skill:readwrite", "alexa::alerts:reminders:skill:readwrite"}
    for scope in PERMISSIONS:
        assert scope in INSTRUCTIONS
    assert "asked for by voice" in INSTRUCTIONS and "Manage permissions" in INSTRUCTIONS


def test_the_instructions_say_the_session_stays_open_after_911_as_the_conversation_shows():
    assert "the session stays open" in INSTRUCTIONS and "session ends" not in INSTRUCTIONS
    emergency = next(c for c in CONVERSATIONS if c["name"].startswith("a sign that needs 911"))
    step = next(s for s in emergency["steps"] if s.get("say") == "i can't move my leg")
    assert step["ended"] is False and "call 911" in step["first_sentence_contains"]


def test_the_checklist_names_a_test_that_exists_for_each_functional_test():
    rows = re.findall(r"^\| (.+?) \| (.+?) \| (.+?) \|$", CHECKLIST, re.MULTILINE)
    areas = {fold(area) for area, _, _ in rows}
    for area in ("example phrases", "one shots", "help", "stop and cancel", "session handling",
                 "reprompts", "ssml", "cards", "permissions", "account of data"):
        assert any(area in a for a in areas), area
    for _, _, tests in rows[1:]:
        for path in re.findall(r"`(tests/[\w/.-]+?\.(?:py|yaml))", tests):
            assert (ROOT / path).is_file(), path
