"""What the command line takes from the project it runs in, and how it finds the skill.

A project names its defaults in its own ``pyproject.toml``, the nearest one above
the working folder that has the table::

    [tool.alexa-simulator]
    target = "mypackage.local:simulator_target"  # a function that returns the target, or a URL
    models = "interaction_models"                # folder of <locale>.json models
    conversations = "tests/conversations"        # YAML conversation tests (--export-replay)
    skill-id-variable = "MY_SKILL_ID"            # where --export-replay finds the skill id

Paths are relative to that ``pyproject.toml``. Every key is optional, and the
command line's own options come first. A target named ``module:function`` is made
by calling the function once, with no arguments, when the simulator starts: the
project's code reads its own settings there, once, and returns a callable from a
request envelope (a dict) to a response envelope (a dict).
"""

import importlib
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass

TABLE = "alexa-simulator"
KEYS = {"target", "models", "conversations", "skill-id-variable"}


class ConfigError(ValueError):
    """The project's table, or a target, that cannot be used; the message says why."""


@dataclass(frozen=True)
class ProjectConfig:
    #: The folder of the ``pyproject.toml`` the table came from (None: no table found).
    root: str | None = None
    target: str | None = None
    models: str | None = None
    conversations: str | None = None
    skill_id_variable: str | None = None

    def path(self, value: str | None) -> str | None:
        """``value`` as a path from the project's folder."""
        if value is None or self.root is None:
            return value
        return os.path.normpath(os.path.join(self.root, value))


def find(start: str | None = None) -> ProjectConfig:
    """The ``[tool.alexa-simulator]`` table of the nearest ``pyproject.toml`` that has one."""
    folder = os.path.abspath(start or os.getcwd())
    while True:
        candidate = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(candidate):
            table = _table(candidate)
            if table is not None:
                return _config(folder, table, candidate)
        parent = os.path.dirname(folder)
        if parent == folder:
            return ProjectConfig()
        folder = parent


def _table(path: str) -> dict | None:
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from None
    table = document.get("tool", {}).get(TABLE)
    return table if isinstance(table, dict) else None


def _config(folder: str, table: dict, path: str) -> ProjectConfig:
    unknown = set(table) - KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown keys in [tool.{TABLE}]: {', '.join(sorted(unknown))}")
    for key, value in table.items():
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{path}: [tool.{TABLE}] {key} must be a non-empty string")
    return ProjectConfig(root=folder, target=table.get("target"), models=table.get("models"),
                         conversations=table.get("conversations"),
                         skill_id_variable=table.get("skill-id-variable"))


def is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def make_target(spec: str) -> Callable[[dict], dict]:
    """The target ``module:function`` makes (the function is called once, with no arguments)."""
    module_name, _, function_name = spec.partition(":")
    if not module_name or not function_name:
        raise ConfigError(f"a target is module:function or an http(s) URL, not {spec!r}")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise ConfigError(f"cannot import {module_name} for the target {spec!r}: {error} "
                          "(is the project installed in this environment?)") from None
    factory = module
    for part in function_name.split("."):
        factory = getattr(factory, part, None)
    if not callable(factory):
        raise ConfigError(f"{spec!r} names nothing callable")
    try:
        target = factory()
    except Exception as error:  # noqa: BLE001 - the project's own error, said in one line
        raise ConfigError(f"the target {spec!r} could not be made: {type(error).__name__}: {error}") from None
    if not callable(target):
        raise ConfigError(f"{spec!r} returned {type(target).__name__}, not a callable target")
    return target
