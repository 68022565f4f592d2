"""Shared fixtures: every test gets its own storage file and a fresh skill."""

import os
import socket
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

from envelopes import Conversation  # noqa: E402
from skill import clear_skill_cache  # noqa: E402


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
    clear_skill_cache()


LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost", "", None}


@pytest.fixture(autouse=True)
def loopback_only_network(monkeypatch):
    """Tests reach only servers they start on loopback.

    Envelopes name Amazon's real API endpoint; without this guard a test
    would depend on how this machine's resolver fails for it (fast here,
    a multi-second hang elsewhere).
    """
    real_getaddrinfo = socket.getaddrinfo

    def loopback_getaddrinfo(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name not in LOOPBACK_HOSTS and not str(name).startswith("127."):
            raise socket.gaierror(socket.EAI_NONAME, f"tests reach loopback only, not {name}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_getaddrinfo)


@pytest.fixture
def conversation():
    return Conversation()
