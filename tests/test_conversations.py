"""Conversation tests: every YAML file in tests/conversations/, one test per conversation.

The format is documented in ``alexa_simulator.conversation_tests``. Each
conversation runs on a fresh simulated device (a new user, a manual clock,
the emulated Alexa APIs) through the models' understanding and the skill.
"""

import json

import pytest
from alexa_simulator import conversation_tests, nlu
from simulated import CONVERSATIONS_DIR, MODELS_DIR

CONVERSATIONS = conversation_tests.load_directory(CONVERSATIONS_DIR)


@pytest.mark.parametrize("conversation", CONVERSATIONS,
                         ids=[f"{c.source}::{c.name}" for c in CONVERSATIONS])
def test_conversation(conversation, simulator_target):
    result = conversation_tests.run(conversation, target=simulator_target, models_dir=MODELS_DIR)
    assert result.passed, result.report()


@pytest.mark.parametrize("locale", nlu.available_locales(MODELS_DIR))
def test_every_intent_of_the_model_has_a_conversation(locale):
    """Each intent the model declares is expected by name in some conversation."""
    with open(nlu.model_path(locale, MODELS_DIR), encoding="utf-8") as handle:
        model = json.load(handle)
    declared = {intent["name"] for intent in model["interactionModel"]["languageModel"]["intents"]}
    expected = {step["intent"] for conversation in CONVERSATIONS if conversation.locale == locale
                for step in conversation.steps if "intent" in step}
    assert declared - expected == set()
