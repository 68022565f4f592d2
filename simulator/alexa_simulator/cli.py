"""``alexa-simulator``: talk to an Alexa skill by typing, the way Alexa would hear you.

    alexa-simulator                                 # interactive
    alexa-simulator --verbose --clock fast
    alexa-simulator "open tide tables" "when is high tide"
    alexa-simulator --json "ask tide tables when is high tide"
    alexa-simulator --url http://127.0.0.1:5000/ --json "when is high tide"
    alexa-simulator --check                         # sample utterances that resolve elsewhere
    alexa-simulator --test tests/conversations      # YAML conversation tests
    alexa-simulator --export-replay build/replay    # the same, as `ask dialog --replay` files

The skill is the target: ``--url`` (its web service), ``--target module:function``
(a function returning a callable from a request envelope to a response envelope),
or the project's ``[tool.alexa-simulator]`` table (``alexa_simulator.config``),
which also names the models folder. In the interactive session, lines starting
with ":" are for the simulator (":help" lists them); everything else is what you
say to Alexa. An empty line is silence. This is the developer's console: it prints
what was said. The skill's own log lines (warnings from its services, say) are
kept apart from the speech: ``:log`` shows them, ``--verbose`` prints them as they come.
"""

import argparse
import datetime
import json
import logging
import math
import shutil
import subprocess
import sys
import threading
import uuid

from . import config, conversation_tests, nlu
from .device import Device, HttpTarget, TargetError

SPEAK_VOICES = {"en-US": "en-us", "en-CA": "en-us", "en-GB": "en-gb"}
DEFAULT_MODELS = "interaction_models"
DEFAULT_CONVERSATIONS = "tests/conversations"
REPL_HELP = """\
Type what you would say to Alexa. An empty line is silence.
  :help            this list
  :quit            leave the simulator (or Ctrl-D)
  :verbose         show or hide intents, slots, entity resolution and the skill's log
  :log             the skill's log lines so far (warnings and errors)
  :timers          the timers running on the simulated device
  :reminders       the reminders the skill has set on the simulated device
  :advance 15m     move the device's clock on (s, m, h or d; default minutes)
  :wait            let time run until every timer has gone off
  :session         the session attributes the skill keeps"""
#: How the permission prompt reads each answer, and what it says it accepts.
PERMISSION_ANSWERS = {"y": "yes", "yes": "yes", "i approve": "yes", "approve": "yes",
                      "n": "no", "no": "no", "": "none", "s": "none", "silence": "none",
                      "none": "none"}
PERMISSION_CHOICES = "yes or y, no or n, or Enter for silence"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alexa-simulator",
        description="Talk to an Alexa skill by typing; the understanding comes from its "
                    "interaction models (<locale>.json) and the Alexa APIs are emulated locally.")
    parser.add_argument("utterances", nargs="*",
                        help="say these, in order, as one conversation, then exit")
    parser.add_argument("--json", action="store_true",
                        help="print a JSON array, one object per utterance")
    parser.add_argument("--check", action="store_true",
                        help="list sample utterances of every model that resolve to another intent")
    parser.add_argument("--test", nargs="+", metavar="PATH",
                        help="run YAML conversation tests (files or folders) and report")
    parser.add_argument("--export-replay", metavar="DIR",
                        help="write the conversation tests (the project's conversations folder, "
                             "or --test PATH) as `ask dialog --replay` files into DIR")
    parser.add_argument("--skill-id", help="the skill id for --export-replay (default: the "
                                           "project's skill-id-variable, else "
                                           ".ask/ask-states.json)")
    parser.add_argument("--locale", default=None,
                        help="model and request locale, such as en-US or en-CA "
                             "(default en-US; --check: every locale)")
    parser.add_argument("--models", default=None,
                        help="folder of <locale>.json interaction models (default: the project's "
                             "models, else interaction_models/)")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="show the resolved intent, its score, the runner-up, slots, "
                             "entity resolutions and the skill's log lines")
    parser.add_argument("--matcher", choices=sorted(nlu.MATCHERS), default="calibrated",
                        help="how strictly to understand: calibrated (as Alexa's fallback is "
                             "calibrated, the default) or lenient (the matcher before calibration)")
    parser.add_argument("--speak", action="store_true",
                        help="read Alexa's answers aloud with espeak-ng, if installed")
    parser.add_argument("--url", help="POST envelopes to this endpoint (the skill's web service "
                                      "with request verification off, on this machine) "
                                      "instead of the project's target")
    parser.add_argument("--target", metavar="MODULE:FUNCTION",
                        help="the skill in this process: a function that returns a callable from "
                             "a request envelope to a response envelope (default: the project's)")
    parser.add_argument("--clock", choices=("real", "fast", "manual"), default="real",
                        help="the device's clock: fast makes a minute pass in a second")
    parser.add_argument("--grant-permissions", choices=("yes", "no", "none", "ask"), default=None,
                        help="how to answer Alexa's timer permission prompt (interactive: ask; "
                             "otherwise yes)")
    parser.add_argument("--already-granted", action="store_true",
                        help="start with the timers permission already granted")
    parser.add_argument("--wait-for-timers", action="store_true",
                        help="after the last utterance, let time run until every timer has "
                             "gone off and include the announcements")
    parser.add_argument("--user", help="the Alexa user id to play (the skill remembers per user)")
    parser.add_argument("--new-user", action="store_true",
                        help="play a user the skill has never met")
    return parser


class _Refused(Exception):
    """Something the developer gave that cannot be used: said in one line, exit status 2."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except (_Refused, config.ConfigError, nlu.ModelError, TargetError,
            conversation_tests.ConversationFileError) as error:
        print(f"alexa-simulator: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # a folder or file that cannot be written or read
        print(f"alexa-simulator: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130


def _run(args) -> int:
    project = config.find()
    models = args.models or project.path(project.models) or DEFAULT_MODELS
    locales = nlu.available_locales(models)
    if args.locale and args.locale not in locales:
        raise _Refused(f"no model for {args.locale} in {models}: have {', '.join(locales) or 'none'}")
    if not args.locale and not args.check and "en-US" not in locales:
        raise _Refused(f"no model for en-US in {models}: give --locale ({', '.join(locales) or 'none'})")
    if args.check:
        return run_check([args.locale] if args.locale else locales, models)
    log = _SkillLog(verbose=args.verbose)
    log.install()
    try:
        target = _target(args, project)
        if args.export_replay:
            from .replay import export

            written = export(args.test or [project.path(project.conversations) or DEFAULT_CONVERSATIONS],
                             args.export_replay, target=target, models_dir=models,
                             skill_id=args.skill_id, skill_id_variable=project.skill_id_variable)
            print(f"Wrote {len(written)} replay files to {args.export_replay}")
            return 0
        if args.test:
            return run_tests(args.test, target, models, args.verbose)
        return _talk(args, target, models, log)
    finally:
        log.uninstall()


def _target(args, project: config.ProjectConfig):
    if args.url:
        return HttpTarget(args.url)
    spec = args.target or project.target
    if not spec:
        raise _Refused("no skill to talk to: give --url or --target, or name a target in the "
                       f"[tool.{config.TABLE}] table of the project's pyproject.toml")
    return HttpTarget(spec) if config.is_url(spec) else config.make_target(spec)


class _SkillLog(logging.Handler):
    """The skill's log lines (WARNING and above), kept apart from what Alexa says.

    Printed (dimmed, indented) as they come with ``--verbose``; otherwise kept for ``:log``.
    """

    def __init__(self, verbose: bool):
        super().__init__(logging.WARNING)
        self.verbose = verbose
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self._root_level = None

    def install(self) -> None:
        root = logging.getLogger()
        self._root_level = root.level
        root.addHandler(self)
        if root.level > logging.WARNING or root.level == logging.NOTSET:
            root.setLevel(logging.WARNING)

    def uninstall(self) -> None:
        root = logging.getLogger()
        root.removeHandler(self)
        if self._root_level is not None:
            root.setLevel(self._root_level)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record).splitlines()[0]
        except Exception:  # noqa: BLE001 - a log line must never end the conversation
            return
        self.lines.append(line)
        if self.verbose:
            print(f"  . log: {line}", file=sys.stderr)


def _talk(args, target, models: str, log: _SkillLog) -> int:
    interactive = not args.utterances and not args.json
    permission = args.grant_permissions or ("ask" if interactive else "yes")
    locale = args.locale or "en-US"
    user = args.user
    if args.new_user:
        user = "amzn1.ask.account.SIMULATOR-" + uuid.uuid4().hex[:12].upper()
    printer = _Printer(verbose=args.verbose, speak=args.speak and not args.json, locale=locale)
    device = Device(target=target, models_dir=models, locale=locale,
                    matcher=nlu.MATCHERS[args.matcher], clock=args.clock,
                    permission=printer.ask_permission if permission == "ask" else permission,
                    already_granted=args.already_granted, user_id=user,
                    on_event=None if args.json else printer.event)
    printer.threshold = device.model.threshold
    printer.skill_name = device.skill_name
    with device:
        try:
            if args.json:
                turns = [device.say(u) for u in args.utterances]
                if args.wait_for_timers:
                    events = device.wait_for_timers()
                    if turns:
                        turns[-1]["events"].extend(events)
                print(json.dumps(turns, indent=2, ensure_ascii=False))
                return 0
            if args.utterances:
                for utterance in args.utterances:
                    print(f"you> {utterance}")
                    printer.turn(device.say(utterance))
                if args.wait_for_timers:
                    device.wait_for_timers()
                return 0
            return repl(device, printer, log)
        except TargetError as error:
            print(f"alexa-simulator: {error}", file=sys.stderr)
            return 2


def repl(device: Device, printer: "_Printer", log: "_SkillLog | None" = None) -> int:
    print(f"{device.skill_name} simulator ({device.locale}, {device.target_name}, "
          f"clock {device.api.clock.mode}). Type :help for commands, :quit to leave.")
    if printer.speak and not printer.speaker:
        print("(espeak-ng is not installed: answers are printed, not spoken)")
    while True:
        try:
            line = printer.read("you> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        command = line.strip()
        if command.startswith(":"):
            if _command(device, printer, command, log) == "quit":
                return 0
            continue
        try:
            printer.turn(device.say(line))
        except TargetError as error:  # the endpoint went away: say so, and keep the session
            print(f"(the skill could not be reached: {error})")


def _command(device: Device, printer: "_Printer", command: str, log: "_SkillLog | None" = None):
    name, _, argument = command[1:].partition(" ")
    name = name.lower()
    if name in ("q", "quit", "exit"):
        return "quit"
    if name in ("h", "help", "?"):
        print(REPL_HELP)
    elif name == "verbose":
        printer.verbose = not printer.verbose
        if log is not None:
            log.verbose = printer.verbose
        print(f"(verbose {'on' if printer.verbose else 'off'})")
    elif name == "log":
        lines = log.lines if log is not None else []
        print("\n".join(f"  {line}" for line in lines) if lines else "(nothing logged)")
    elif name == "timers":
        timers = device.api.active_timers()
        if not timers:
            print("(no timers running)")
        for timer in timers:
            ends = timer.get("triggerTime") or f"paused, {timer.get('remainingTimeWhenPaused')} left"
            print(f"  {timer.get('timerLabel') or 'timer'}: {timer['duration']}, ends {ends}")
    elif name == "reminders":
        reminders = device.api.reminders.reminders.values()
        if not reminders:
            print("(no reminders set)")
        for reminder in reminders:
            trigger = reminder.body.get("trigger", {})
            rules = ", ".join((trigger.get("recurrence") or {}).get("recurrenceRules") or ["once"])
            print(f"  {reminder.text(device.locale)[0]} ({trigger.get('scheduledTime')} "
                  f"{trigger.get('timeZoneId')}; {rules}; {reminder.status})")
    elif name == "advance":
        seconds = _seconds(argument or "1m")
        if seconds is None:
            print("(say how long: :advance 15m, :advance 90s, :advance 1h, :advance 1d)")
        else:
            try:
                device.advance(seconds)
            except ValueError as error:
                print(f"({error})")
    elif name == "wait":
        device.wait_for_timers()
    elif name == "session":
        print(json.dumps(device.attributes, indent=2) if device.session_open else "(no session open)")
    else:
        print(f"(unknown command :{name}; :help lists them)")
    return None


def _seconds(text: str) -> float | None:
    """Seconds in "15m", "90s", "1.5h", "1d" (a bare number is minutes); None if unreadable."""
    text = text.strip().lower()
    factor = 60.0
    if text and text[-1] in "smhd":
        factor = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}[text[-1]]
        text = text[:-1]
    try:
        seconds = float(text) * factor
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) else None


class _Printer:
    """What the developer sees (and hears): Alexa's words, and with --verbose how they were reached."""

    def __init__(self, verbose: bool, speak: bool, locale: str, threshold: float = 0.0,
                 skill_name: str = "this skill"):
        self.verbose = verbose
        self.skill_name = skill_name
        #: Below this score the matcher sends AMAZON.FallbackIntent (shown with --verbose).
        self.threshold = threshold
        self.speak = speak
        self.voice = SPEAK_VOICES.get(locale, "en")
        self.speaker = shutil.which("espeak-ng") if speak else None
        self._lock = threading.Lock()
        self._prompting = False
        self._said_before_permission = None

    def read(self, prompt: str) -> str:
        with self._lock:
            self._prompting = True
        try:
            return input(prompt)
        finally:
            with self._lock:
                self._prompting = False

    def ask_permission(self, scope: str, skill_speech: str = None) -> str:
        if skill_speech:
            self.say_line("Alexa", skill_speech)
            self._said_before_permission = skill_speech
        what = "reminders" if "reminders" in (scope or "") else "timers"
        self.say_line("Alexa", f"Do you give {self.skill_name} permission to use {what}? "
                               "You can say I approve, or no.")
        while True:
            try:
                answer = input(f"Allow {self.skill_name} to use {what}? "
                               f"[{PERMISSION_CHOICES}] ").strip().lower()
            except EOFError:
                return "none"
            if answer in PERMISSION_ANSWERS:
                return PERMISSION_ANSWERS[answer]
            print(f"(answer {PERMISSION_CHOICES})")

    def say_line(self, who: str, text: str) -> None:
        print(f"{who}: {text}")
        self._speak(text)

    def _speak(self, text: str) -> None:
        if self.speaker and text:
            try:
                subprocess.run([self.speaker, "-v", self.voice, text], check=False,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
            except (OSError, subprocess.SubprocessError):
                self.speaker = None

    def event(self, event: dict) -> None:
        """A timer announcement (from the device's clock thread) or a progressive response."""
        if event.get("type") == "progressive":
            self.say_line("Alexa", event["text"])
            return
        if event.get("type") not in ("timer", "reminder"):
            return
        with self._lock:
            prompting = self._prompting
        print(("\n" if prompting else "") + f"[{event['type']}] Alexa: {event['text']}")
        self._speak(event["text"])
        if prompting:
            print("you> ", end="", flush=True)

    def turn(self, turn: dict) -> None:
        if self.verbose:
            self._details(turn)
        for event in turn["events"]:
            if event["type"] == "note":
                print(f"({event['text']})")
            elif event["type"] == "timer":
                pass  # printed as it happened
        already_said, self._said_before_permission = self._said_before_permission, None
        if turn["speech"] and turn["speech"] != already_said:
            self.say_line("Alexa", turn["speech"])
        for event in turn["events"]:
            if event["type"] == "permission":
                print(f"(permission {event['answer'].lower().replace('_', ' ')})")
        for followup in turn["followups"]:
            if self.verbose:
                print(f"  . {followup['request_type']} {followup.get('status', '')}")
            if followup["speech"]:
                self.say_line("Alexa", followup["speech"])
        last = turn["followups"][-1] if turn["followups"] else turn
        if self.verbose:
            if last.get("card"):
                card = last["card"]
                print(f"  . card: {card.get('title') or card.get('type')}")
            if last.get("reprompt"):
                print(f"  . reprompt: {last['reprompt']}")
        if turn["request_type"] is not None:
            ended = last.get("end_session")
            if ended is True or (ended is None and not last.get("directives")):
                print("  (session ended)")

    def _details(self, turn: dict) -> None:
        kind = turn["request_type"]
        if kind is None:
            return
        line = f"  . {kind}"
        if turn.get("new_session"):
            line += " (new session)"
        if turn.get("intent"):
            line += f"  {turn['intent']}  score {turn['score']:.2f}"
            if turn.get("sample"):
                line += f'  matched "{turn["sample"]}"'
        print(line)
        runner_up = turn.get("runner_up")
        if runner_up:
            print(f"      runner-up {runner_up['intent']}  score {runner_up['score']:.2f}"
                  f'  "{runner_up["sample"]}"  (fallback below {self.threshold:.2f})')
        for name, slot in turn.get("slots", {}).items():
            if "value" not in slot:
                continue
            text = f"      {name} = {slot['value']!r}"
            authorities = (slot.get("resolutions") or {}).get("resolutionsPerAuthority") or []
            for authority in authorities:
                code = authority["status"]["code"]
                values = ", ".join(f"{v['value']['name']} ({v['value'].get('id')})"
                                   for v in authority.get("values", []))
                text += f"  -> {code}" + (f" {values}" if values else "")
            print(text)
        for directive in turn.get("directives", []):
            print(f"  . directive: {directive.get('type')} {directive.get('name', '')}".rstrip())


def run_check(locales: list[str], models_dir: str) -> int:
    """``--check``: print every sample that resolves to another intent; 1 if any, else 0."""
    today = datetime.date.today()
    problems = 0
    for locale in locales:
        model = nlu.load_model(locale, models_dir)
        found = nlu.check_model(model, today=today)
        built_in = sum(1 for sample in model.samples if sample.built_in_phrase)
        print(f"{locale}: {len(model.samples) - built_in} sample utterances and {built_in} "
              f"built-in intents' phrases, {len(found)} resolve elsewhere")
        for overlap in found:
            how = "ties with" if overlap.tie else "resolves to"
            print(f"  {overlap.intent}: \"{overlap.sample}\" ({overlap.utterance!r}) {how} "
                  f"{overlap.resolved} ({overlap.score:.2f}"
                  + (f', "{overlap.resolved_sample}")' if overlap.resolved_sample else ")"))
        problems += len(found)
    return 1 if problems else 0


def run_tests(paths: list[str], target, models_dir: str, verbose: bool = False) -> int:
    """``--test``: run conversation files; print failures (and with --verbose every transcript)."""
    import os

    conversations = []
    for path in paths:
        if os.path.isdir(path):
            conversations.extend(conversation_tests.load_directory(path))
        elif os.path.isfile(path):
            conversations.extend(conversation_tests.load(path))
        else:
            raise _Refused(f"no such file or folder: {path}")
    failed = 0
    for conversation in conversations:
        result = conversation_tests.run(conversation, target=target, models_dir=models_dir)
        print(f"{'ok  ' if result.passed else 'FAIL'} {conversation.source}: {conversation.name}")
        if not result.passed or verbose:
            print(result.report())
        failed += not result.passed
    print(f"{len(conversations) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
