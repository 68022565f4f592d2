"""Configuration, read from the environment under one prefix (``BSC_``).

Nothing is read at import time; ``Settings.from_env()`` is called when the
skill is built, so tests and tools can set variables first. Every setting
has an embedded default that works on a developer's machine. On/off settings
are read by :func:`parse_bool`, here and in ``skill/web/config.py``: a value
that is neither on nor off raises :class:`ConfigError` naming the variable.

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
| ``BSC_DEV_LOOPBACK_ALEXA_API`` | off                                 | development only: allow plain http Alexa APIs on 127.0.0.1 (the local emulator) |

The web endpoint's own settings (verification, trust store, body cap) are in
``skill/web/config.py``.
"""

import os
from collections.abc import Mapping
from typing import NamedTuple

PREFIX = "BSC_"


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


class ConfigError(ValueError):
    """A setting is malformed or unsafe; the message names the variable."""


def parse_bool(name: str, value) -> bool:
    """The one reading of an on/off setting, for the skill and the web endpoint alike.

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


class Settings(NamedTuple):
    """The skill's configuration; hashable, so one skill is kept per distinct configuration."""

    skill_id: str | None = None
    storage: str = "sqlite"
    sqlite_path: str = os.path.join("~", ".local", "share", "back-spasm-coach", "memory.sqlite3")
    dynamodb_table: str = "back-spasm-coach-memory"
    dynamodb_endpoint: str | None = None
    dynamodb_create_table: bool = False
    user_id_salt: str | None = None
    alexa_api_timeout: float = 3.0
    dev_loopback_alexa_api: bool = False

    @classmethod
    def current(cls) -> "Settings":
        """``from_env()`` for this process's environment, parsed again only when a variable it
        reads has changed (every request asks, and reading the raw values is cheaper)."""
        key = tuple(map(os.environ.get, _READ))
        settings = _by_environment.get(key)
        if settings is None:
            settings = _by_environment[key] = cls.from_env()
        return settings

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "Settings":
        def get(name):
            value = env.get(PREFIX + name)
            return value if value not in (None, "") else None

        on_lambda = bool(env.get("AWS_LAMBDA_FUNCTION_NAME"))
        defaults = cls()
        return cls(
            skill_id=get("SKILL_ID"),
            storage=(get("STORAGE") or ("dynamodb" if on_lambda else "sqlite")).lower(),
            sqlite_path=os.path.expanduser(get("SQLITE_PATH") or defaults.sqlite_path),
            dynamodb_table=get("DYNAMODB_TABLE") or defaults.dynamodb_table,
            dynamodb_endpoint=get("DYNAMODB_ENDPOINT"),
            dynamodb_create_table=(parse_bool("BSC_DYNAMODB_CREATE_TABLE", get("DYNAMODB_CREATE_TABLE"))
                                   if get("DYNAMODB_CREATE_TABLE") is not None
                                   else bool(get("DYNAMODB_ENDPOINT"))),
            user_id_salt=get("USER_ID_SALT"),
            alexa_api_timeout=float(get("ALEXA_API_TIMEOUT") or defaults.alexa_api_timeout),
            dev_loopback_alexa_api=parse_bool("BSC_DEV_LOOPBACK_ALEXA_API",
                                              get("DEV_LOOPBACK_ALEXA_API") or ""),
        )


#: Every variable ``from_env`` reads (HOME: the default SQLite path is under it).
_READ = tuple(PREFIX + name for name in (
    "SKILL_ID", "STORAGE", "SQLITE_PATH", "DYNAMODB_TABLE", "DYNAMODB_ENDPOINT",
    "DYNAMODB_CREATE_TABLE", "USER_ID_SALT", "ALEXA_API_TIMEOUT", "DEV_LOOPBACK_ALEXA_API",
)) + ("AWS_LAMBDA_FUNCTION_NAME", "HOME")
_by_environment: dict[tuple, Settings] = {}
