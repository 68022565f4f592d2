"""On/off settings are read one way everywhere: a typo is refused, never read as off."""

import logging

import pytest
from envelopes import envelope, launch_request

import lambda_handler
from skill.door import SkillDoor
from skill.settings import ConfigError, Settings, parse_bool


@pytest.mark.parametrize("text, value", [
    ("1", True), ("true", True), ("Yes", True), (" ON ", True),
    ("0", False), ("false", False), ("No", False), ("off", False), ("", False),
])
def test_the_usual_spellings_of_on_and_off_are_understood(text, value):
    assert parse_bool("BSC_X", text) is value


@pytest.mark.parametrize("name", ["BSC_DEV_LOOPBACK_ALEXA_API", "BSC_DYNAMODB_CREATE_TABLE"])
def test_a_typo_in_a_skill_setting_is_refused_naming_the_variable(name):
    with pytest.raises(ConfigError, match=f"{name} must be true or false, not 'ture'"):
        Settings.from_env({name: "ture"})


def test_a_typo_in_a_web_setting_is_refused_the_same_way():
    with pytest.raises(ConfigError, match="BSC_DEV_INSECURE must be true or false, not 'ture'"):
        Settings.from_env({"BSC_DEV_INSECURE": "ture"})


def test_skill_settings_still_read_on_and_off():
    assert Settings.from_env({"BSC_DEV_LOOPBACK_ALEXA_API": "yes"}).dev_loopback_alexa_api is True
    assert Settings.from_env({"BSC_DYNAMODB_CREATE_TABLE": "off",
                              "BSC_DYNAMODB_ENDPOINT": "http://127.0.0.1:8000"}).dynamodb_create_table is False
    assert Settings.from_env({}).dev_loopback_alexa_api is False


def test_on_lambda_a_typo_is_logged_by_name_and_the_user_still_hears_an_answer(monkeypatch, caplog):
    monkeypatch.setenv("BSC_DEV_LOOPBACK_ALEXA_API", "ture")
    monkeypatch.setattr(lambda_handler, "door", SkillDoor(Settings.from_env))  # as at a cold start
    with caplog.at_level(logging.ERROR):
        result = lambda_handler.handler(envelope(launch_request()), None)
    assert "call 911" in result["response"]["outputSpeech"]["ssml"]
    assert any("BSC_DEV_LOOPBACK_ALEXA_API" in record.getMessage() for record in caplog.records)
