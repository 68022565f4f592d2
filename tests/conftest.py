"""Shared fixtures: every test gets its own storage file and a fresh skill."""

import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

from envelopes import Conversation  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """No test sees another's memory or a developer's BSC_* settings."""
    for name in list(os.environ):
        if name.startswith("BSC_"):
            monkeypatch.delenv(name)
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_NAME", raising=False)
    monkeypatch.setenv("BSC_STORAGE", "sqlite")
    monkeypatch.setenv("BSC_SQLITE_PATH", str(tmp_path / "memory.sqlite3"))
    yield


@pytest.fixture
def conversation():
    return Conversation()
