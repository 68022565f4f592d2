"""``ask dialog --replay`` files from the YAML conversation tests.

    alexa-simulator --export-replay build/replay [--skill-id amzn1.ask.skill...]
    ask dialog --replay build/replay/en-US/guidance--lying-positions-forwards-and-back.json

A replay file is what the ASK CLI's ``ask dialog --replay`` reads (its
``model/dialog-replay-file.js``): ``{"skillId", "locale", "type": "text", "userInput": [...]}``.
It carries no expectations: the developer reads Alexa's real answers beside the test's.

One file per conversation and locale: a conversation runs in the locale it names
(``locale``, or each of ``locales``), as the conversation tests run it.

Each conversation is played on the simulator first, so that what is typed opens the skill
the way the spoken test did: an utterance said while no session is open and without the
invocation name (a one-shot here, where the simulator assumes this skill) is typed as
"ask tide tables ..." for Alexa. What cannot be typed is left out: silence, the
passing of time, and the answer to the timer permission prompt (the real Alexa asks on the
device or in the app). The last input is ``.quit``, so the CLI leaves when done.

The skill id: ``--skill-id``, else the environment variable the project names
(``skill-id-variable`` in its ``[tool.alexa-simulator]`` table), else the default
profile's in ``.ask/ask-states.json`` (written by ``ask deploy``), else a placeholder
the CLI will refuse.
"""

import json
import os
import re
import uuid
from collections.abc import Callable
from pathlib import Path

from . import conversation_tests, nlu
from .device import Device
from .text import tokenise

PLACEHOLDER_SKILL_ID = "amzn1.ask.skill.REPLACE-WITH-YOUR-SKILL-ID"
QUIT = ".quit"
ASK_STATES = Path(".ask") / "ask-states.json"


def resolve_skill_id(explicit: str | None = None, environ=os.environ,
                     ask_states: Path = ASK_STATES, variable: str | None = None) -> str:
    if explicit:
        return explicit
    if variable and environ.get(variable):
        return environ[variable]
    try:
        states = json.loads(Path(ask_states).read_text(encoding="utf-8"))
        skill_id = states["profiles"]["default"]["skillId"]
        if skill_id:
            return skill_id
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return PLACEHOLDER_SKILL_ID


def typed_inputs(conversation: conversation_tests.Conversation, locale: str, *, target,
                 models_dir: str, device_factory: Callable[..., Device] = Device) -> list[str]:
    """What to type to Alexa for ``conversation`` in ``locale``, ending with ``.quit``."""
    inputs = []
    device = device_factory(target=target, models_dir=models_dir, locale=locale, clock="manual",
                            permission=conversation.permissions,
                            already_granted=conversation.already_granted,
                            user_id="amzn1.ask.account.REPLAY-" + uuid.uuid4().hex[:12].upper())
    invocation_name = " ".join(device.model.invocation)
    with device:
        for step in conversation.steps:
            if "advance" in step:
                device.advance(conversation_tests.parse_duration(step["advance"]))
                continue
            if "wait_for_timers" in step:
                device.wait_for_timers()
                continue
            utterance = "" if "silence" in step else str(step.get("say") or "").strip()
            if utterance:
                addressed = nlu.parse_invocation(device.model, tokenise(utterance)).kind != "none"
                if device.session_open or addressed:
                    inputs.append(utterance)
                else:
                    inputs.append(f"ask {invocation_name} {utterance}")
            device.say(utterance)
    return inputs + [QUIT]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "conversation"


def export(test_paths: list[str], output_dir: str, *, target, models_dir: str,
           skill_id: str | None = None, skill_id_variable: str | None = None,
           locales: list[str] | None = None) -> list[Path]:
    """Write one replay file per conversation and locale; returns the files written.

    Each conversation is played on the simulator in front of ``target`` first (see above)."""
    conversations = []
    for path in test_paths:
        if os.path.isdir(path):
            conversations.extend(conversation_tests.load_directory(path))
        else:
            conversations.extend(conversation_tests.load(path))
    wanted = set(locales or nlu.available_locales(models_dir))
    skill_id = resolve_skill_id(skill_id, variable=skill_id_variable)
    written = []
    # Each conversation runs in the locale it names (``locales`` in a test file lists several).
    for conversation in conversations:
        locale = conversation.locale
        if locale not in wanted:
            continue
        replay = {"skillId": skill_id, "locale": locale, "type": "text",
                  "userInput": typed_inputs(conversation, locale, target=target,
                                            models_dir=models_dir)}
        stem = f"{Path(conversation.source).stem}--{slug(conversation.name)}"
        path = Path(output_dir) / locale / f"{stem}.json"
        copy = 1
        while path in written:
            copy += 1
            path = Path(output_dir) / locale / f"{stem}-{copy}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(replay, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
