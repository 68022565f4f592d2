"""Settings, the development switch, and the loopback-only guard."""
import json
import logging
import runpy
import sys

import pytest
from envelopes import SKILL_ID, envelope, launch_request

from skill.settings import Settings
from skill.web import ConfigError, app_from_environment, create_app
from skill.web.config import ensure_safe_bind, is_loopback_host


def load_settings(environ):
    """What the web door reads from ``environ`` and whether it may start with it."""
    return Settings.from_env(environ).checked_for_web()

ROOT_CONF = "gunicorn.conf.py"


# --- settings -------------------------------------------------------------------

def test_verification_is_on_by_default_and_needs_a_skill_id():
    with pytest.raises(ConfigError, match="BSC_SKILL_ID"):
        load_settings({})
    settings = load_settings({"BSC_SKILL_ID": SKILL_ID})
    assert settings.verify_requests and not settings.dev_insecure
    assert settings.skill_id == SKILL_ID
    assert settings.max_body_bytes == 256 * 1024


def test_dev_insecure_turns_verification_off_and_makes_the_skill_id_optional():
    settings = load_settings({"BSC_DEV_INSECURE": "1"})
    assert not settings.verify_requests and settings.skill_id is None


@pytest.mark.parametrize("value", ["false", "0", "off", "no"])
def test_verify_requests_false_alone_does_not_turn_verification_off(value):
    with pytest.raises(ConfigError, match="BSC_DEV_INSECURE"):
        load_settings({"BSC_SKILL_ID": SKILL_ID, "BSC_VERIFY_REQUESTS": value})


def test_contradictory_switches_are_refused():
    with pytest.raises(ConfigError):
        load_settings({"BSC_DEV_INSECURE": "1", "BSC_VERIFY_REQUESTS": "true"})
    settings = load_settings({"BSC_DEV_INSECURE": "1", "BSC_VERIFY_REQUESTS": "false"})
    assert not settings.verify_requests


@pytest.mark.parametrize("environ", [
    {"BSC_DEV_INSECURE": "maybe"},
    {"BSC_SKILL_ID": SKILL_ID, "BSC_MAX_BODY_BYTES": "lots"},
    {"BSC_SKILL_ID": SKILL_ID, "BSC_MAX_BODY_BYTES": "0"},
    {"BSC_SKILL_ID": SKILL_ID, "BSC_CERT_FETCH_TIMEOUT": "-1"},
    {"BSC_SKILL_ID": SKILL_ID, "BSC_TRUST_STORE": "/nonexistent/roots.pem"},
    {"BSC_SKILL_ID": "amzn1.ask.skill.a,amzn1.ask.skill.b"},
])
def test_malformed_settings_are_refused_at_start(environ):
    with pytest.raises(ConfigError):
        load_settings(environ)


def test_the_app_is_configured_by_the_settings_it_is_given_never_by_the_environment(
        monkeypatch, skill, settings):
    monkeypatch.setenv("BSC_SKILL_ID", "amzn1.ask.skill.from-env")
    monkeypatch.setenv("BSC_MAX_BODY_BYTES", "1000")
    monkeypatch.setenv("BSC_DEV_INSECURE", "not read")
    app = create_app(skill, settings._replace(skill_id=SKILL_ID))
    used = app.extensions["bsc_web"].settings
    assert used.skill_id == SKILL_ID and used.max_body_bytes == 256 * 1024 and used.verify_requests
    assert app.extensions["bsc_web"].skill is skill


def test_the_web_door_reads_the_environment_once_when_the_app_is_made(monkeypatch):
    monkeypatch.setenv("BSC_DEV_INSECURE", "1")
    monkeypatch.setenv("BSC_MAX_BODY_BYTES", "300")
    app = app_from_environment()
    monkeypatch.setenv("BSC_MAX_BODY_BYTES", "not a number")  # read once: never again
    client = app.test_client()
    assert client.post("/", json=envelope(launch_request())).status_code == 413  # over 300 bytes
    assert app.extensions["bsc_web"].settings.max_body_bytes == 300


def test_a_misspelt_setting_is_refused():
    with pytest.raises(TypeError):
        Settings(skil_id=SKILL_ID)


def test_importing_the_package_does_no_work():
    """Settings are read by create_app, never at import (checked in a fresh interpreter)."""
    import os
    import subprocess

    env = {**os.environ, "BSC_DEV_INSECURE": "not a boolean", "BSC_MAX_BODY_BYTES": "x"}
    code = "import skill.web, skill.web.app, skill.web.verification, skill.web.__main__"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=60,
                            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert result.returncode == 0, result.stderr


def test_create_app_refuses_to_start_without_a_skill_id(skill):
    with pytest.raises(ConfigError):
        create_app(skill, Settings())


# --- the loopback guard ---------------------------------------------------------

@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]"])
def test_loopback_addresses_are_loopback(host):
    assert is_loopback_host(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "10.0.0.1", "localhost",
                                  "example.com", "", "unix:/tmp/app.sock"])
def test_other_hosts_are_not_loopback(host):
    assert not is_loopback_host(host)


@pytest.mark.parametrize("bind", ["127.0.0.1:8000", "[::1]:8000", "127.0.0.1"])
def test_dev_insecure_may_listen_on_loopback(bind):
    ensure_safe_bind([bind], dev_insecure=True)


@pytest.mark.parametrize("bind", ["0.0.0.0:8000", "[::]:8000", "192.168.1.5:80", "localhost:8000",
                                  "unix:/tmp/app.sock"])
def test_dev_insecure_refuses_any_other_address(bind):
    with pytest.raises(ConfigError, match="verification off"):
        ensure_safe_bind(["127.0.0.1:8000", bind], dev_insecure=True)
    ensure_safe_bind([bind], dev_insecure=False)  # with verification on, any address


# --- python -m skill.web ----------------------------------------------------------

@pytest.fixture
def runs(monkeypatch):
    """Record app.run instead of serving."""
    from flask import Flask

    calls = []
    monkeypatch.setattr(Flask, "run", lambda self, **kwargs: calls.append(kwargs))
    return calls


def test_main_with_verification_off_refuses_a_public_host(monkeypatch, runs, capsys):
    from skill.web.__main__ import main

    monkeypatch.setenv("BSC_DEV_INSECURE", "1")
    assert main(["--host", "0.0.0.0"]) == 2
    assert runs == []
    assert "refusing" in capsys.readouterr().err


def test_main_with_verification_off_serves_loopback_and_warns_loudly(monkeypatch, runs, capsys):
    from skill.web.__main__ import main

    monkeypatch.setenv("BSC_DEV_INSECURE", "1")
    assert main([]) == 0
    assert runs and runs[0]["host"] == "127.0.0.1" and runs[0]["debug"] is False
    assert "REQUEST VERIFICATION IS OFF" in capsys.readouterr().err


def test_main_with_verification_on_needs_a_skill_id(runs, capsys):
    from skill.web.__main__ import main

    assert main([]) == 2
    assert runs == []
    assert "BSC_SKILL_ID" in capsys.readouterr().err


# --- development mode behaviour -------------------------------------------------

@pytest.fixture
def insecure_app(skill, settings):
    """``insecure_app(**settings)``: the web app with verification off, serving this test's skill."""
    return lambda **changes: create_app(skill, settings._replace(dev_insecure=True, **changes))


def test_dev_insecure_answers_unsigned_requests_and_logs_a_warning(insecure_app, caplog):
    with caplog.at_level(logging.WARNING):
        client = insecure_app().test_client()
    assert any("VERIFICATION IS OFF" in r.getMessage() for r in caplog.records)
    response = client.post("/", json=envelope(launch_request()))
    assert response.status_code == 200
    assert response.get_json()["response"]["outputSpeech"]


def test_dev_insecure_still_checks_the_skill_id_when_one_is_set(insecure_app):
    client = insecure_app(skill_id="amzn1.ask.skill.mine").test_client()
    response = client.post("/", json=envelope(launch_request()))  # names SKILL_ID
    assert response.status_code == 400
    assert response.get_json()["error"] == "verification_failed"


def test_dev_insecure_still_refuses_bad_input(insecure_app):
    client = insecure_app().test_client()
    assert client.post("/", data=b"{", content_type="application/json").status_code == 400
    assert client.post("/", data=json.dumps(envelope(launch_request())),
                       content_type="text/plain").status_code == 415


@pytest.mark.parametrize("peer", ["192.0.2.7", "10.0.0.5", "::ffff:192.0.2.7", "2001:db8::1", ""])
def test_dev_insecure_app_refuses_any_peer_beyond_loopback_however_it_was_started(insecure_app, peer):
    # `flask run --host 0.0.0.0` or gunicorn without gunicorn.conf.py: the app itself refuses.
    client = insecure_app().test_client()
    for path, method in (("/", client.post), ("/healthz", client.get)):
        response = method(path, json=envelope(launch_request()), environ_base={"REMOTE_ADDR": peer})
        assert response.status_code == 403, path
        assert response.get_json()["error"] == "forbidden"


@pytest.mark.parametrize("header", [
    ("X-Forwarded-For", "192.0.2.7"), ("X-Forwarded-Host", "example.com"),
    ("X-Forwarded-Proto", "https"), ("Forwarded", "for=192.0.2.7"), ("X-Real-IP", "192.0.2.7"),
])
def test_dev_insecure_app_refuses_requests_relayed_by_a_proxy_even_from_loopback(insecure_app, header):
    client = insecure_app().test_client()
    response = client.post("/", json=envelope(launch_request()), headers=[header])
    assert response.status_code == 403


@pytest.mark.parametrize("peer", ["127.0.0.1", "127.8.9.10", "::1"])
def test_dev_insecure_app_serves_direct_loopback_peers(insecure_app, peer):
    client = insecure_app().test_client()
    response = client.post("/", json=envelope(launch_request()), environ_base={"REMOTE_ADDR": peer})
    assert response.status_code == 200


def test_with_verification_on_a_proxy_in_front_is_fine(skill, settings, tmp_path):
    from test_web_endpoint import (  # signed requests through a trusted test CA
        launch_body,
        post,
    )
    from web_pki import CHAIN_URL, test_pki

    roots = tmp_path / "roots.pem"
    roots.write_bytes(test_pki().root_pem)
    app = create_app(skill, settings._replace(skill_id=SKILL_ID, trust_store=str(roots)),
                     cert_transport=lambda url, timeout, cap: test_pki().chain_pem)
    response = post(app.test_client(), launch_body(), chain_url=CHAIN_URL,
                    extra={"X-Forwarded-For": "192.0.2.7"})
    assert response.status_code == 200


# --- gunicorn.conf.py -----------------------------------------------------------

def _load_conf(monkeypatch, **env):
    for name in ("PORT", "BSC_BIND", "BSC_WORKERS", "BSC_THREADS", "BSC_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(ROOT_CONF)


def test_gunicorn_defaults_are_loopback_sync_and_never_cut_off_an_answer_alexa_still_waits_for(monkeypatch):
    import multiprocessing

    conf = _load_conf(monkeypatch)
    assert conf["bind"] == ["127.0.0.1:8000"]
    assert conf["wsgi_app"] == "skill.web:app_from_environment()"
    assert conf["workers"] == multiprocessing.cpu_count() * 2 + 1
    assert conf["worker_class"] == "sync"
    assert conf["timeout"] > 8  # Alexa's deadline: answers finish before it, the worker outlives it
    assert "%(r)s" not in conf["access_log_format"] and "%(q)s" not in conf["access_log_format"]
    assert "%(U)s" in conf["access_log_format"]


def test_gunicorn_reads_port_workers_and_threads_from_the_environment(monkeypatch):
    conf = _load_conf(monkeypatch, PORT="9000", BSC_WORKERS="3", BSC_THREADS="4")
    assert conf["bind"] == ["0.0.0.0:9000"]
    assert conf["workers"] == 3 and conf["threads"] == 4 and conf["worker_class"] == "gthread"
    assert _load_conf(monkeypatch, BSC_BIND="127.0.0.1:7000")["bind"] == ["127.0.0.1:7000"]


class _FakeServer:
    class cfg:  # noqa: N801
        bind = ["0.0.0.0:8000"]

    class log:  # noqa: N801
        messages = []

        @classmethod
        def error(cls, *args):
            cls.messages.append(args[0] % args[1:])

        @classmethod
        def warning(cls, *args):
            cls.messages.append(args[0] % args[1:] if len(args) > 1 else args[0])


def test_gunicorn_refuses_to_start_insecure_on_a_public_address(monkeypatch):
    conf = _load_conf(monkeypatch, BSC_DEV_INSECURE="1")
    with pytest.raises(SystemExit):
        conf["on_starting"](_FakeServer)
    _FakeServer.cfg.bind = ["127.0.0.1:8000"]
    try:
        conf["on_starting"](_FakeServer)
    finally:
        _FakeServer.cfg.bind = ["0.0.0.0:8000"]
    assert any("VERIFICATION IS OFF" in m for m in _FakeServer.log.messages)


def test_gunicorn_refuses_to_start_without_a_skill_id(monkeypatch):
    conf = _load_conf(monkeypatch)
    with pytest.raises(SystemExit):
        conf["on_starting"](_FakeServer)
