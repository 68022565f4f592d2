"""Settings for the web endpoint, read from ``BSC_*`` environment variables.

Nothing here runs at import time: :func:`load_settings` is called by the app
factory, so tests and tools can import the package without an environment.

Verification is on unless ``BSC_DEV_INSECURE`` is set to a true value. That is
the only switch that turns it off; ``BSC_VERIFY_REQUESTS=false`` on its own is
refused, so a typo or a half-copied config cannot silently open the endpoint.
With verification on, a skill id is required (``BSC_SKILL_ID``): without it any
Alexa skill, including somebody else's pointed at this URL, could use the
service.
"""
from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..settings import (  # one error, one boolean parser for every setting
    ConfigError,
    parse_bool,
)

ENV_PREFIX = "BSC_"

DEFAULT_MAX_BODY_BYTES = 256 * 1024
DEFAULT_CERT_FETCH_TIMEOUT = 2.0
DEFAULT_CERT_MAX_BYTES = 64 * 1024

# Keys accepted in the ``config`` dict given to create_app. Values from the
# environment use the same names with the BSC_ prefix. The last three are
# objects, not strings: seams for tests and tools, never read from the
# environment.
_SETTING_KEYS = frozenset({
    "SKILL_ID", "DEV_INSECURE", "VERIFY_REQUESTS", "TRUST_STORE",
    "MAX_BODY_BYTES", "CERT_FETCH_TIMEOUT", "CERT_MAX_BYTES",
})
_OBJECT_KEYS = frozenset({"SKILL", "CERT_TRANSPORT", "CLOCK"})


@dataclass(frozen=True)
class WebSettings:
    skill_id: str | None
    dev_insecure: bool
    trust_store: str | None
    max_body_bytes: int
    cert_fetch_timeout: float
    cert_max_bytes: int

    @property
    def verify_requests(self) -> bool:
        return not self.dev_insecure


def _parse_positive(name: str, value: Any, kind: Callable) -> Any:
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be a positive number, not {value!r}") from None
    if number <= 0:
        raise ConfigError(f"{name} must be a positive number, not {value!r}")
    return number


def _parse_skill_id(value: Any) -> str | None:
    """One skill id, as the skill builder reads it from the same variable."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if "," in text or any(ch.isspace() for ch in text):
        raise ConfigError("BSC_SKILL_ID must be one skill id (amzn1.ask.skill....)")
    return text


def split_config(config: Mapping[str, Any] | None) -> tuple:
    """Separate setting values from injected objects; reject unknown keys."""
    config = dict(config or {})
    unknown = set(config) - _SETTING_KEYS - _OBJECT_KEYS
    if unknown:
        raise ConfigError(f"unknown web config keys: {sorted(unknown)}")
    settings = {k: v for k, v in config.items() if k in _SETTING_KEYS}
    objects = {k: v for k, v in config.items() if k in _OBJECT_KEYS}
    return settings, objects


def load_settings(overrides: Mapping[str, Any] | None = None,
                  environ: Mapping[str, str] | None = None) -> WebSettings:
    """Build settings from ``BSC_*`` variables, then ``overrides`` on top."""
    environ = os.environ if environ is None else environ
    raw: dict = {}
    for key in _SETTING_KEYS:
        env_value = environ.get(ENV_PREFIX + key)
        if env_value is not None:
            raw[key] = env_value
    raw.update(overrides or {})

    dev_insecure = parse_bool("BSC_DEV_INSECURE", raw.get("DEV_INSECURE", False))
    if "VERIFY_REQUESTS" in raw:
        verify = parse_bool("BSC_VERIFY_REQUESTS", raw["VERIFY_REQUESTS"])
        if not verify and not dev_insecure:
            raise ConfigError(
                "BSC_VERIFY_REQUESTS=false is not enough to turn request "
                "verification off: set BSC_DEV_INSECURE=1 (development only, "
                "loopback only)")
        if verify and dev_insecure:
            raise ConfigError(
                "BSC_VERIFY_REQUESTS=true contradicts BSC_DEV_INSECURE=1")

    skill_id = _parse_skill_id(raw.get("SKILL_ID"))
    if not dev_insecure and not skill_id:
        raise ConfigError(
            "BSC_SKILL_ID is required when request verification is on: "
            "without it any skill could call this endpoint")

    trust_store = raw.get("TRUST_STORE") or None
    if trust_store is not None and not os.path.isfile(trust_store):
        raise ConfigError(f"BSC_TRUST_STORE is not a readable file: {trust_store}")

    return WebSettings(
        skill_id=skill_id,
        dev_insecure=dev_insecure,
        trust_store=trust_store,
        max_body_bytes=_parse_positive(
            "BSC_MAX_BODY_BYTES", raw.get("MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES), int),
        cert_fetch_timeout=_parse_positive(
            "BSC_CERT_FETCH_TIMEOUT",
            raw.get("CERT_FETCH_TIMEOUT", DEFAULT_CERT_FETCH_TIMEOUT), float),
        cert_max_bytes=_parse_positive(
            "BSC_CERT_MAX_BYTES", raw.get("CERT_MAX_BYTES", DEFAULT_CERT_MAX_BYTES), int),
    )


def is_loopback_host(host: str) -> bool:
    """True only for literal loopback addresses (127.0.0.0/8, ::1).

    Names such as ``localhost`` are refused: what they resolve to is up to the
    machine's resolver, and this check guards an unauthenticated endpoint.
    """
    host = (host or "").strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind_host(bind: str) -> str:
    """The host part of a gunicorn-style bind string (``host:port``, ``[::1]:p``)."""
    bind = bind.strip()
    if bind.startswith("unix:") or bind.startswith("fd://"):
        return bind
    if bind.startswith("["):
        return bind[1:bind.index("]")] if "]" in bind else bind
    if bind.count(":") == 1:
        return bind.rsplit(":", 1)[0]
    return bind


def ensure_safe_bind(hosts, dev_insecure: bool) -> None:
    """Refuse to listen beyond loopback while verification is off.

    ``hosts`` is one host or an iterable of hosts (or gunicorn bind strings).
    """
    if not dev_insecure:
        return
    if isinstance(hosts, str):
        hosts = [hosts]
    for host in hosts:
        if not is_loopback_host(bind_host(host)):
            raise ConfigError(
                f"refusing to listen on {host!r} with request verification off "
                "(BSC_DEV_INSECURE): only 127.0.0.1 or ::1 are allowed")
