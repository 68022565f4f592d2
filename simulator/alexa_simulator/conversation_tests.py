"""Conversation tests: YAML files of things to say and what Alexa should answer.

In the spirit of bespoken's ``bst test``, but run through this simulator's
understanding (so the interaction model is tested too) and its emulated
Alexa APIs. A file is a list of conversations::

    - name: today's tides, then the next day's
      steps:
        - say: open tide tables
          request_type: LaunchRequest
        - say: when is high tide
          intent: HighTideIntent
          contains: [high tide]
          ended: false
        - say: next
          contains: tomorrow

    - name: a timer ends with an announcement
      permissions: yes            # the answer to Alexa's timer prompt: yes, no or none
      steps:
        - say: remind me in fifteen minutes when the tide turns
          slots: {duration: PT15M}
          permission: ACCEPTED
        - advance: 15 minutes     # time passes on the device's clock
          announced: tide

Conversation keys: ``name``, ``steps``, and optionally ``locale`` (en-US) or
``locales`` (a list: the conversation runs once in each, named "name (locale)"
past the first), ``permissions`` (yes), ``already_granted`` (false).

A step is one of ``say: <words>`` (an empty string is silence), ``advance:
<n> seconds|minutes|hours``, ``wait_for_timers: true`` or ``revoke: timers|reminders``
(the user turns that permission off in the Alexa app), with any of these
expectations (text checks are case-insensitive, over everything the skill
said for that utterance, follow-up requests included):

| key | passes when |
| --- | --- |
| ``contains`` / ``not_contains`` | each string is (is not) in what was said |
| ``regex`` | each pattern matches what was said (``re.search``) |
| ``first_sentence_contains`` | the first sentence said contains each string |
| ``reprompt_contains`` | the reprompt contains each string |
| ``intent`` / ``request_type`` | what the simulator resolved and sent |
| ``slots`` | ``{name: value}``, ``{name: {id: ID}}`` (entity resolution), ``{name: null}`` (empty) |
| ``ended`` | the session is closed (true) or still open (false) after the step |
| ``new_session`` | the request opened a new session |
| ``card_title`` / ``card_contains`` | the card's title equals / its text contains |
| ``permission`` | Alexa's permission prompt was answered ACCEPTED, DENIED or NOT_ANSWERED |
| ``announced`` | a timer announcement during the step contains each string (``[]``: none went off) |
| ``reminded`` | a reminder that went off during the step contains each string (``[]``: none did) |
"""

import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from .device import Device, heard
from .speech import first_sentence

STEP_ACTIONS = {"say", "silence", "advance", "wait_for_timers", "revoke"}
REVOCABLE = {"timers": "alexa::alerts:timers:skill:readwrite",
             "reminders": "alexa::alerts:reminders:skill:readwrite"}
EXPECTATIONS = {"contains", "not_contains", "regex", "first_sentence_contains", "reprompt_contains",
                "intent", "request_type", "slots", "ended", "new_session", "card_title",
                "card_contains", "permission", "announced", "reminded"}
CONVERSATION_KEYS = {"name", "steps", "locale", "locales", "permissions", "already_granted",
                     "description"}
_UNITS = {"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1, "m": 60, "min": 60, "mins": 60,
          "minute": 60, "minutes": 60, "h": 3600, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}


class _Loader(yaml.SafeLoader):
    """YAML where only true/false are booleans: "say: yes", "say: no" and "say: off" stay words."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


class ConversationFileError(ValueError):
    """A conversation file that does not follow the format."""


@dataclass
class Conversation:
    name: str
    steps: list[dict]
    source: str
    locale: str = "en-US"
    permissions: str = "yes"
    already_granted: bool = False


@dataclass
class Result:
    conversation: Conversation
    failures: list[str] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures

    def report(self) -> str:
        lines = [f"{self.conversation.source}: {self.conversation.name}"]
        lines += ["  " + line for line in self.transcript]
        lines += ["FAILED: " + failure for failure in self.failures]
        return "\n".join(lines)


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def _yes_no(value) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value).strip().lower()


def parse_duration(text) -> float:
    """Seconds in "15 minutes", "90 s", "1 hour" (a bare number is minutes)."""
    if isinstance(text, (int, float)):
        return float(text) * 60
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", str(text).lower())
    if not match or (match.group(2) and match.group(2) not in _UNITS):
        raise ConversationFileError(f"cannot read a length of time from {text!r}")
    return float(match.group(1)) * _UNITS.get(match.group(2) or "minutes")


def load(path: str) -> list[Conversation]:
    """The conversations in one YAML file, checked for unknown keys."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = yaml.load(handle, Loader=_Loader)
    except OSError as error:
        raise ConversationFileError(f"cannot read {path}: {error.strerror}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ConversationFileError(f"{path} is not readable YAML: {error}") from None
    if isinstance(document, dict) and "conversations" in document:
        document = document["conversations"]
    if not isinstance(document, list):
        raise ConversationFileError(f"{path}: expected a list of conversations")
    source = os.path.basename(path)
    conversations = []
    for index, entry in enumerate(document):
        if not isinstance(entry, dict) or not isinstance(entry.get("steps"), list):
            raise ConversationFileError(f"{path}: conversation {index + 1} needs a list of steps")
        unknown = set(entry) - CONVERSATION_KEYS
        if unknown:
            raise ConversationFileError(f"{path}: unknown conversation keys {sorted(unknown)}")
        name = str(entry.get("name") or f"conversation {index + 1}")
        for number, step in enumerate(entry["steps"], 1):
            if not isinstance(step, dict):
                raise ConversationFileError(f"{path}: {name}: step {number} is not a mapping")
            actions = STEP_ACTIONS & set(step)
            if len(actions) != 1:
                raise ConversationFileError(
                    f"{path}: {name}: step {number} needs exactly one of {sorted(STEP_ACTIONS)}")
            unknown = set(step) - STEP_ACTIONS - EXPECTATIONS
            if unknown:
                raise ConversationFileError(f"{path}: {name}: step {number} has unknown keys {sorted(unknown)}")
        locales = entry.get("locales") or [entry.get("locale") or "en-US"]
        if not isinstance(locales, list) or not locales:
            raise ConversationFileError(f"{path}: {name}: locales must be a list of locales")
        for number, locale in enumerate(locales):
            conversations.append(Conversation(
                name=name if number == 0 else f"{name} ({locale})", steps=entry["steps"],
                source=source, locale=str(locale),
                permissions=_yes_no(entry.get("permissions", "yes")),
                already_granted=bool(entry.get("already_granted", False))))
    names = [c.name for c in conversations]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ConversationFileError(f"{path}: conversation names repeat: {sorted(duplicates)}")
    return conversations


def load_directory(directory: str) -> list[Conversation]:
    conversations = []
    for name in sorted(os.listdir(directory)):
        if name.endswith((".yaml", ".yml")):
            conversations.extend(load(os.path.join(directory, name)))
    return conversations


def _check_text(failures, label, expected, actual, present=True):
    for text in _as_list(expected):
        found = text.lower() in " ".join(actual.split()).lower()
        if found != present:
            failures.append(f"{label}: expected {'' if present else 'no '}{text!r} in {actual!r}")


def _check_slots(failures, expected, turn):
    slots = turn.get("slots") or {}
    if not isinstance(expected, dict):
        failures.append("slots: expected a mapping of slot name to value")
        return
    for name, want in expected.items():
        slot = slots.get(name) or {}
        value = slot.get("value")
        if want is None:
            if value is not None:
                failures.append(f"slots.{name}: expected empty, got {value!r}")
            continue
        if isinstance(want, dict):
            authorities = (slot.get("resolutions") or {}).get("resolutionsPerAuthority") or [{}]
            status = (authorities[0].get("status") or {}).get("code")
            ids = [v["value"].get("id") for v in authorities[0].get("values", [])]
            if "id" in want and want["id"] not in ids:
                failures.append(f"slots.{name}: expected id {want['id']!r}, got {ids or status!r}")
            if "status" in want and want["status"] != status:
                failures.append(f"slots.{name}: expected {want['status']}, got {status}")
            if "value" in want and str(want["value"]).lower() != str(value).lower():
                failures.append(f"slots.{name}: expected value {want['value']!r}, got {value!r}")
        elif str(want).lower() != str(value).lower():
            failures.append(f"slots.{name}: expected {want!r}, got {value!r}")


def _check_went_off(failures, key, expected, texts):
    if expected in (None, [], False):
        if texts:
            failures.append(f"{key}: expected nothing to go off, got {texts!r}")
    elif not texts:
        failures.append(f"{key}: expected {expected!r}, but nothing went off")
    else:
        _check_text(failures, key, expected, " | ".join(texts))


def check_step(step: dict, turn: dict | None, device: Device, announcements: list[str],
               reminders: list[str] | None = None) -> list[str]:
    """Every expectation of ``step`` that ``turn`` (None for a time step) does not meet."""
    failures: list[str] = []
    said = heard(turn) if turn else ""
    last = (turn["followups"][-1] if turn and turn["followups"] else turn) or {}
    _check_text(failures, "contains", step.get("contains"), said)
    _check_text(failures, "not_contains", step.get("not_contains"), said, present=False)
    for pattern in _as_list(step.get("regex")):
        if not re.search(pattern, said):
            failures.append(f"regex: {pattern!r} does not match {said!r}")
    if "first_sentence_contains" in step:
        _check_text(failures, "first_sentence_contains", step["first_sentence_contains"],
                    first_sentence(said))
    if "reprompt_contains" in step:
        _check_text(failures, "reprompt_contains", step["reprompt_contains"], last.get("reprompt") or "")
    for key in ("intent", "request_type"):
        if key in step and (turn or {}).get(key) != step[key]:
            failures.append(f"{key}: expected {step[key]!r}, got {(turn or {}).get(key)!r}")
    if "slots" in step:
        _check_slots(failures, step["slots"], turn or {})
    if "ended" in step and bool(step["ended"]) == device.session_open:
        failures.append(f"ended: expected the session {'closed' if step['ended'] else 'open'}, "
                        f"it is {'open' if device.session_open else 'closed'}")
    if "new_session" in step and (turn or {}).get("new_session") != step["new_session"]:
        failures.append(f"new_session: expected {step['new_session']}, got {(turn or {}).get('new_session')}")
    card = last.get("card") or {}
    if "card_title" in step and card.get("title") != step["card_title"]:
        failures.append(f"card_title: expected {step['card_title']!r}, got {card.get('title')!r}")
    if "card_contains" in step:
        _check_text(failures, "card_contains", step["card_contains"],
                    card.get("content") or card.get("text") or "")
    if "permission" in step:
        answers = [e["answer"] for e in (turn or {}).get("events", []) if e["type"] == "permission"]
        if str(step["permission"]).upper() not in answers:
            failures.append(f"permission: expected {step['permission']}, got {answers or 'no prompt'}")
    if "announced" in step:
        if step["announced"] in (None, [], False):
            if announcements:
                failures.append(f"announced: expected no timer announcement, got {announcements!r}")
        elif not announcements:
            failures.append(f"announced: expected {step['announced']!r}, but no timer went off")
        else:
            _check_text(failures, "announced", step["announced"], " | ".join(announcements))
    if "reminded" in step:
        _check_went_off(failures, "reminded", step["reminded"], reminders or [])
    return failures


def run(conversation: Conversation, *, target, models_dir: str,
        device_factory: Callable[..., Device] = Device) -> Result:
    """Play ``conversation`` on a fresh simulated device (a new user, a manual clock)
    in front of ``target`` (a callable or a URL), understanding with the models in ``models_dir``."""
    result = Result(conversation)
    device = device_factory(target=target, models_dir=models_dir, locale=conversation.locale,
                            clock="manual", permission=conversation.permissions,
                            already_granted=conversation.already_granted,
                            user_id="amzn1.ask.account.CONVERSATION-" + uuid.uuid4().hex[:12].upper())
    with device:
        for number, step in enumerate(conversation.steps, 1):
            turn = None
            if "say" in step or "silence" in step:
                utterance = "" if "silence" in step else str(step["say"] or "")
                turn = device.say(utterance)
                events = list(turn["events"])
                result.transcript.append(f"you> {utterance}" if utterance else "you> (silence)")
                intent = f" [{turn['intent']}]" if turn.get("intent") else ""
                result.transcript.append(f"alexa{intent}> {heard(turn)}")
            elif "advance" in step:
                events = device.advance(parse_duration(step["advance"]))
                result.transcript.append(f"(time passes: {step['advance']})")
            elif "revoke" in step:
                if step["revoke"] not in REVOCABLE:
                    raise ConversationFileError(f"revoke: one of {sorted(REVOCABLE)}, not {step['revoke']!r}")
                device.revoke(REVOCABLE[step["revoke"]])
                events = []
                result.transcript.append(f"(the user turns off the {step['revoke']} permission)")
            else:
                events = device.wait_for_timers()
                result.transcript.append("(time passes until every timer has gone off)")
            announcements = [e["text"] for e in events if e["type"] == "timer"]
            for text in announcements:
                result.transcript.append(f"[timer] alexa> {text}")
            reminders = [e["text"] for e in events if e["type"] == "reminder"]
            for text in reminders:
                result.transcript.append(f"[reminder] alexa> {text}")
            for failure in check_step(step, turn, device, announcements, reminders):
                result.failures.append(f"step {number}: {failure}")
    return result
