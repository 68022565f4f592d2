"""Conversation tests: every YAML file in tests/conversations/, one test per conversation.

The format is documented in ``skill.simulator.conversation_tests``. Each
conversation runs on a fresh simulated device (a new user, a manual clock,
the emulated Alexa APIs) through the models' understanding and the skill.
"""

import json
import os

import pytest

from skill.simulator import conversation_tests, nlu

DIRECTORY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conversations")
CONVERSATIONS = conversation_tests.load_directory(DIRECTORY)


@pytest.mark.parametrize("conversation", CONVERSATIONS,
                         ids=[f"{c.source}::{c.name}" for c in CONVERSATIONS])
def test_conversation(conversation):
    result = conversation_tests.run(conversation)
    assert result.passed, result.report()


@pytest.mark.parametrize("locale", nlu.available_locales())
def test_every_intent_of_the_model_has_a_conversation(locale):
    """Each intent the model declares is expected by name in some conversation."""
    with open(nlu.model_path(locale), encoding="utf-8") as handle:
        model = json.load(handle)
    declared = {intent["name"] for intent in model["interactionModel"]["languageModel"]["intents"]}
    expected = {step["intent"] for conversation in CONVERSATIONS if conversation.locale == locale
                for step in conversation.steps if "intent" in step}
    assert declared - expected == set()
