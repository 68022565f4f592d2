"""How often a natural, many-turn conversation falls back: the measure in docs/conversation.md.

Each conversation file (``tests/heldout_conversations/*.yaml`` by default; the format is in
that folder's README) is replayed turn by turn through the simulator's whole path
(``alexa_simulator.Device``: the model's understanding, the request envelope, the skill
in-process, the emulated Alexa APIs), as a new user on a manual clock who says yes to
Alexa's permission prompts. For each conversation it prints:

- turns: what the person said (an ``advance`` of the clock is not a turn);
- fallback: turns that reached ``AMAZON.FallbackIntent``, and their share of the turns;
- 911 in fallback: fallbacks whose first sentence names 911;
- ended unasked: turns after which the skill closed the session though the person
  did not mean to leave (a turn marked ``asks: end`` may close it);
- started unasked: turns that set a timer or a reminder, or asked for a permission to,
  though the person did not ask to start anything (a turn marked ``asks: start`` may);
- stopped unasked: turns that deleted a timer or a reminder though the person did not ask to
  stop anything (a turn marked ``asks: stop`` may), or changed a reminder on a turn marked
  neither ``start`` nor ``stop``. Older sets do not mark ``stop``: read their stops with
  ``--misses``.

``--misses`` also lists each of those turns with what was heard and said. The held-out
set is for measuring only: list its misses after a release, never to tune on them.

    python scripts/measure_conversations.py                      # the held-out set
    python scripts/measure_conversations.py tests/tuning_conversations --misses
"""

import argparse
import glob
import os
import re
import sys
import uuid
from typing import NamedTuple

import yaml
from alexa_simulator.device import Device

from skill.local import simulator_target
from skill.speech import first_sentence

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS_DIR = os.path.join(ROOT, "interaction_models")
HELD_OUT_DIR = os.path.join(ROOT, "tests", "heldout_conversations")

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)\s*$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_STARTS = ("POST /v1/alerts/timers", "POST /v1/alerts/reminders")
_STOPS = ("DELETE /v1/alerts/timers", "DELETE /v1/alerts/reminders")
_CHANGES = ("PUT /v1/alerts/reminders",)


class Turn(NamedTuple):
    say: str
    asks: frozenset


class Conversation(NamedTuple):
    name: str
    locale: str
    path: str
    #: Turns and ``("advance", seconds)`` steps, in order.
    steps: tuple


class Outcome(NamedTuple):
    turn: Turn
    intent: str | None
    speech: str
    fallback: bool
    ended_unasked: bool
    started_unasked: bool
    stopped_unasked: bool


def load(path: str) -> Conversation:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    steps = []
    for item in data["turns"]:
        if isinstance(item, str):
            steps.append(Turn(item, frozenset()))
        elif "advance" in item:
            match = _DURATION.match(str(item["advance"]))
            if not match:
                raise ValueError(f"{path}: advance {item['advance']!r} is not like 15m")
            steps.append(("advance", float(match.group(1)) * _SECONDS[match.group(2)]))
        else:
            asks = item.get("asks") or []
            steps.append(Turn(str(item["say"]), frozenset([asks] if isinstance(asks, str) else asks)))
    return Conversation(data["name"], data.get("locale", "en-US"), path, tuple(steps))


def load_all(folder: str) -> list[Conversation]:
    return [load(path) for path in sorted(glob.glob(os.path.join(folder, "*.yaml")))]


def _called(device, before: int, kinds: tuple) -> bool:
    calls = device.api.calls()[before:]
    return any(f"{c.method} {c.path}".startswith(kinds) for c in calls)


def _started(device, before: int) -> bool:
    calls = device.api.calls()[before:]
    return any(f"{c.method} {c.path}" in _STARTS for c in calls)


def replay(conversation: Conversation, target) -> list[Outcome]:
    outcomes = []
    device = Device(target=target, models_dir=MODELS_DIR, locale=conversation.locale,
                    clock="manual", permission="yes", user_id=f"amzn1.ask.account.{uuid.uuid4()}")
    with device:
        for step in conversation.steps:
            if not isinstance(step, Turn):  # ("advance", seconds)
                device.advance(step[1])
                continue
            calls_before = len(device.api.calls())
            result = device.say(step.say)
            asked_for = any(d.get("type") == "Connections.SendRequest" for d in result["directives"])
            speech = " ".join(filter(None, [result["speech"]] + [f.get("speech") for f in result["followups"]]))
            ended = bool(result["end_session"]) or any(f.get("end_session") for f in result["followups"])
            outcomes.append(Outcome(
                turn=step, intent=result["intent"], speech=speech,
                fallback=result["intent"] == "AMAZON.FallbackIntent",
                ended_unasked=ended and "end" not in step.asks,
                started_unasked=(asked_for or _started(device, calls_before)) and "start" not in step.asks,
                stopped_unasked=(
                    (_called(device, calls_before, _STOPS) and "stop" not in step.asks)
                    or (_called(device, calls_before, _CHANGES) and not step.asks & {"start", "stop"})),
            ))
    return outcomes


def summary(outcomes: list[Outcome]) -> dict:
    turns = len(outcomes)
    fallbacks = [o for o in outcomes if o.fallback]
    return {
        "turns": turns,
        "fallback": len(fallbacks),
        "rate": len(fallbacks) / turns if turns else 0.0,
        "fallback_911": sum("911" in first_sentence(o.speech) for o in fallbacks),
        "ended_unasked": sum(o.ended_unasked for o in outcomes),
        "started_unasked": sum(o.started_unasked for o in outcomes),
        "stopped_unasked": sum(o.stopped_unasked for o in outcomes),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default=HELD_OUT_DIR,
                        help="a folder of conversation files (default: the held-out set)")
    parser.add_argument("--misses", action="store_true",
                        help="list each fallback, and each session ended or thing started unasked")
    args = parser.parse_args(argv)

    conversations = load_all(args.folder)
    if not conversations:
        print(f"no conversation files in {args.folder}", file=sys.stderr)
        return 2
    target = simulator_target()
    totals = {"turns": 0, "fallback": 0, "fallback_911": 0, "ended_unasked": 0, "started_unasked": 0,
              "stopped_unasked": 0}
    print(f"{'conversation':44} {'locale':6} {'turns':>5} {'fallback':>8} {'rate':>6} "
          f"{'911 in fb':>9} {'ended unasked':>13} {'started unasked':>15} {'stopped unasked':>15}")
    for conversation in conversations:
        outcomes = replay(conversation, target)
        figures = summary(outcomes)
        for key in totals:
            totals[key] += figures[key]
        print(f"{conversation.name[:44]:44} {conversation.locale:6} {figures['turns']:5} "
              f"{figures['fallback']:8} {figures['rate']:6.1%} {figures['fallback_911']:9} "
              f"{figures['ended_unasked']:13} {figures['started_unasked']:15} "
              f"{figures['stopped_unasked']:15}")
        if args.misses:
            for outcome in outcomes:
                marks = [name for name, flag in (("FALLBACK", outcome.fallback),
                                                 ("ENDED", outcome.ended_unasked),
                                                 ("STARTED", outcome.started_unasked),
                                                 ("STOPPED", outcome.stopped_unasked)) if flag]
                if marks:
                    print(f"    {'/'.join(marks):9} {outcome.turn.say!r} -> {outcome.intent}: "
                          f"{outcome.speech[:110]}")
    rate = totals["fallback"] / totals["turns"] if totals["turns"] else 0.0
    print(f"{'all':44} {'':6} {totals['turns']:5} {totals['fallback']:8} {rate:6.1%} "
          f"{totals['fallback_911']:9} {totals['ended_unasked']:13} {totals['started_unasked']:15} "
          f"{totals['stopped_unasked']:15}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
