"""The one configuration of the skill and its web endpoint: ``Settings``.

Each door reads it once, when it starts (``Settings.from_env()``: the Lambda
handler on its first request, the web app when it is made, the simulator's target
when the simulator starts), and hands it to ``build_skill(settings)``; nothing
reads the environment per request, and nothing is read at import time. Tests and
tools make ``Settings(...)`` directly. Every setting has an embedded default that
works on a developer's machine.

On/off settings are read by :func:`parse_bool`: a value that is neither on nor
off raises :class:`ConfigError` naming the variable, as does any malformed value.

| variable                 | default                                   | meaning |
| ------------------------ | ----------------------------------------- | ------- |
| ``BSC_SKILL_ID``         | unset (no check)                          | the skill's application id; requests for another skill are refused |
| ``BSC_STORAGE``          | ``dynamodb`` on AWS Lambda, else ``sqlite`` | ``sqlite``, ``dynamodb`` or ``none`` |
| ``BSC_SQLITE_PATH``      | ``~/.local/share/back-spasm-coach/memory.sqlite3`` | the SQLite file, created on first use |
| ``BSC_DYNAMODB_TABLE``   | ``back-spasm-coach-memory``               | DynamoDB table name |
| ``BSC_DYNAMODB_ENDPOINT``| unset (AWS)                               | DynamoDB endpoint override (a local server) |
| ``BSC_DYNAMODB_CREATE_TABLE`` | on with an endpoint override, else off | create the table on first use (local servers) |
| ``BSC_USER_ID_SALT``     | unset (plain SHA-256)                     | HMAC key for the stored user key; changing it orphans records |
| ``BSC_ALEXA_API_TIMEOUT``| ``3``                                     | seconds to wait for an Alexa API (timers, settings) |
| ``BSC_DEV_LOOPBACK_ALEXA_API`` | off                                 | development only: allow plain http Alexa APIs on 127.0.0.1 (the simulator's emulator) |
| ``BSC_KEEP_HEALTH_DETAILS`` | off                                    | a private development skill only: keep what the person says about their back (the day it started, heat and ice counts, the last topic, "feels better") between sessions; off, they last one session (``docs/privacy-and-data.md``) |

The web endpoint (``skill.web``) reads these too:

| variable                 | default                                   | meaning |
| ------------------------ | ----------------------------------------- | ------- |
| ``BSC_DEV_INSECURE``     | off                                       | development only: request verification off (loopback peers only) |
| ``BSC_VERIFY_REQUESTS``  | unset                                     | may only agree with ``BSC_DEV_INSECURE``; ``false`` alone is refused |
| ``BSC_TRUST_STORE``      | certifi's bundle                          | PEM file of the roots Alexa's signing chain must reach |
| ``BSC_MAX_BODY_BYTES``   | ``262144``                                | larger request bodies are refused with 413 |
| ``BSC_CERT_FETCH_TIMEOUT`` | ``2``                                   | seconds to fetch Alexa's signing chain |
| ``BSC_CERT_MAX_BYTES``   | ``65536``                                 | the largest signing chain fetched |
| ``BSC_OPERATOR_NAME``    | says it is not set                        | who runs this copy, named on ``/privacy`` and ``/terms`` (``skill.publication``) |
| ``BSC_OPERATOR_CONTACT`` | says it is not set                        | how to reach them, likewise |

With verification on (the default) the web endpoint needs ``BSC_SKILL_ID``
(``Settings.checked_for_web``): without it any skill could call it.
"""

import os
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

PREFIX = "BSC_"

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


class ConfigError(ValueError):
    """A setting is malformed or unsafe; the message names the variable."""


def parse_bool(name: str, value) -> bool:
    """The one reading of an on/off setting.

    1/true/yes/on and 0/false/no/off (any case; empty is off). Anything else
    is refused: a typo such as ``ture`` must not silently mean false.
    """
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ConfigError(f"{name} must be true or false, not {value!r}")


def _positive(name: str, value: Any, kind: Callable) -> Any:
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be a positive number, not {value!r}") from None
    if not number > 0 or number == float("inf"):
        raise ConfigError(f"{name} must be a positive number, not {value!r}")
    return number


def _skill_id(value: str | None) -> str | None:
    """One skill id: Alexa sends one, and the SDK compares it whole."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if "," in text or any(ch.isspace() for ch in text):
        raise ConfigError("BSC_SKILL_ID must be one skill id (amzn1.ask.skill....)")
    return text


class Settings(NamedTuple):
    """The skill's and the web endpoint's configuration (see the module docstring)."""

    skill_id: str | None = None
    storage: str = "sqlite"
    sqlite_path: str = os.path.join("~", ".local", "share", "back-spasm-coach", "memory.sqlite3")
    dynamodb_table: str = "back-spasm-coach-memory"
    dynamodb_endpoint: str | None = None
    dynamodb_create_table: bool = False
    user_id_salt: str | None = None
    alexa_api_timeout: float = 3.0
    dev_loopback_alexa_api: bool = False
    #: Off (the certifiable default): nothing about the person's health outlives the session.
    keep_health_details: bool = False
    # The web endpoint's own.
    dev_insecure: bool = False
    trust_store: str | None = None
    max_body_bytes: int = 256 * 1024
    cert_fetch_timeout: float = 2.0
    cert_max_bytes: int = 64 * 1024
    operator_name: str | None = None
    operator_contact: str | None = None

    @property
    def verify_requests(self) -> bool:
        """The web endpoint verifies every request unless development mode turned it off."""
        return not self.dev_insecure

    def checked_for_web(self) -> "Settings":
        """These settings, if the web endpoint may start with them; else ``ConfigError``."""
        if self.verify_requests and not self.skill_id:
            raise ConfigError("BSC_SKILL_ID is required when request verification is on: "
                              "without it any skill could call this endpoint")
        if self.trust_store is not None and not os.path.isfile(self.trust_store):
            raise ConfigError(f"BSC_TRUST_STORE is not a readable file: {self.trust_store}")
        return self

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """The settings in ``env`` (this process's environment when None); see the module docstring."""
        env = os.environ if env is None else env

        def get(name):
            value = env.get(PREFIX + name)
            return value if value not in (None, "") else None

        on_lambda = bool(env.get("AWS_LAMBDA_FUNCTION_NAME"))
        defaults = cls()
        dev_insecure = parse_bool("BSC_DEV_INSECURE", get("DEV_INSECURE") or "")
        if get("VERIFY_REQUESTS") is not None:
            verify = parse_bool("BSC_VERIFY_REQUESTS", get("VERIFY_REQUESTS"))
            if not verify and not dev_insecure:
                raise ConfigError(
                    "BSC_VERIFY_REQUESTS=false is not enough to turn request verification off: "
                    "set BSC_DEV_INSECURE=1 (development only, loopback only)")
            if verify and dev_insecure:
                raise ConfigError("BSC_VERIFY_REQUESTS=true contradicts BSC_DEV_INSECURE=1")
        return cls(
            skill_id=_skill_id(get("SKILL_ID")),
            storage=(get("STORAGE") or ("dynamodb" if on_lambda else "sqlite")).lower(),
            sqlite_path=os.path.expanduser(get("SQLITE_PATH") or defaults.sqlite_path),
            dynamodb_table=get("DYNAMODB_TABLE") or defaults.dynamodb_table,
            dynamodb_endpoint=get("DYNAMODB_ENDPOINT"),
            dynamodb_create_table=(parse_bool("BSC_DYNAMODB_CREATE_TABLE", get("DYNAMODB_CREATE_TABLE"))
                                   if get("DYNAMODB_CREATE_TABLE") is not None
                                   else bool(get("DYNAMODB_ENDPOINT"))),
            user_id_salt=get("USER_ID_SALT"),
            alexa_api_timeout=_positive("BSC_ALEXA_API_TIMEOUT",
                                        get("ALEXA_API_TIMEOUT") or defaults.alexa_api_timeout, float),
            dev_loopback_alexa_api=parse_bool("BSC_DEV_LOOPBACK_ALEXA_API",
                                              get("DEV_LOOPBACK_ALEXA_API") or ""),
            keep_health_details=parse_bool("BSC_KEEP_HEALTH_DETAILS",
                                           get("KEEP_HEALTH_DETAILS") or ""),
            dev_insecure=dev_insecure,
            trust_store=get("TRUST_STORE"),
            max_body_bytes=_positive("BSC_MAX_BODY_BYTES",
                                     get("MAX_BODY_BYTES") or defaults.max_body_bytes, int),
            cert_fetch_timeout=_positive("BSC_CERT_FETCH_TIMEOUT",
                                         get("CERT_FETCH_TIMEOUT") or defaults.cert_fetch_timeout, float),
            cert_max_bytes=_positive("BSC_CERT_MAX_BYTES",
                                     get("CERT_MAX_BYTES") or defaults.cert_max_bytes, int),
            operator_name=get("OPERATOR_NAME"),
            operator_contact=get("OPERATOR_CONTACT"),
        )
