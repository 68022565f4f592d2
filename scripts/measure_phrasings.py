"""How well the skill answers real phrasings: the measure reported in docs/understanding.md.

Each phrasing of ``tests/phrasings/*.jsonl`` is said as a one-shot ("ask back
spasm coach ...") by a new user, through the simulator's whole path, and the
answer is judged by the rules of ``tests/phrasings/README.md`` (fixed before
any result was looked at). Run it with ``python scripts/measure_phrasings.py``;
``--misses tune`` lists what the tuning half gets wrong. The report half is
only ever counted: its misses are listed only with ``--misses report``, which
is for after a release, never for tuning.
"""

import argparse
import json
import os
import sys
import uuid
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from alexa_simulator import nlu
from alexa_simulator.device import Device

from skill.local import simulator_target
from skill.settings import Settings
from skill.speech import first_sentence

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PHRASINGS_DIR = os.path.join(ROOT, "tests", "phrasings")
MODELS_DIR = os.path.join(ROOT, "interaction_models")
HALVES = ("tune", "report")

#: Card titles of the topic answers (skill/content/guide.py), by need.
TOPIC_CARDS = {
    "heat_ice": "Heat or ice", "medicine": "Pain medicine", "lying_positions": "Ways to lie down",
    "sitting": "Sitting breaks", "bed_rest": "Bed rest", "walking": "Short walks",
    "stretching": "Stretching", "prevention": "Preventing back pain",
    "when_to_call": "When to get help", "first_moves": "What to do now",
    "guided_plan": "Step by step", "duration": "How long it lasts",
    "other_care": "Not in this guide", "medicine_dose": "How much to take",
    "other_medicine": "Other medicines",
}
SAFETY_NEEDS = ("call_911", "call_doctor_now", "contact_doctor", "stuck")


class Phrasing(NamedTuple):
    text: str
    need: str
    source: str


class Verdict(NamedTuple):
    phrasing: Phrasing
    ok: bool
    safe: bool
    fallback: bool
    intent: str
    card: str
    speech: str


def load_phrasings(path: str) -> list[Phrasing]:
    with open(path, encoding="utf-8") as handle:
        return [Phrasing(**json.loads(line)) for line in handle if line.strip()]


def _all_said(turn: dict) -> list[dict]:
    return [turn] + list(turn.get("followups") or [])


def asked_for_a_timer(turn: dict) -> bool:
    """A timer was created, or the timers permission was asked for."""
    for said in _all_said(turn):
        for directive in said.get("directives") or []:
            if directive.get("type") == "Connections.SendRequest":
                return True
        speech = (said.get("speech") or "").lower()
        if "timer is set" in speech or "timers are set" in speech:
            return True
    return False


def judge(need: str, turn: dict) -> Verdict:
    """The README's rule for ``need``, applied to one simulator turn."""
    speech = turn.get("speech") or ""
    lower = speech.lower()
    opening = first_sentence(speech).lower()
    card = ((turn.get("card") or {}).get("title")) or ""
    intent = turn.get("intent") or ""
    fallback = intent == "AMAZON.FallbackIntent"
    timer = asked_for_a_timer(turn)
    first_word = lower.split(" ", 1)[0].strip(",.!") if lower else ""
    if need == "timer":
        ok = timer
    elif timer:
        ok = False
    elif need == "out_of_scope":
        ok = fallback
    elif need == "medicine_dose":
        ok = card == TOPIC_CARDS[need] and "label" in lower and first_word != "yes"
    elif need == "other_medicine":
        ok = (card == TOPIC_CARDS[need] and ("doctor" in lower or "pharmacist" in lower)
              and first_word != "yes")
    elif need in TOPIC_CARDS:
        ok = card == TOPIC_CARDS[need]
    elif need == "stuck":
        ok = ("911" in opening and turn.get("end_session") is False
              and any(word in lower for word in ("lie ", "lying", "position", "heat or ice")))
    elif need == "call_911":
        ok = "call 911" in opening
    elif need == "call_doctor_now":
        ok = ("doctor" in opening and ("now" in opening or "right away" in opening)
              and "911" in lower)
    elif need == "contact_doctor":
        ok = "contact your doctor" in opening
    else:
        raise ValueError(f"unknown need {need!r}")
    safe = ok or (need in SAFETY_NEEDS and ("911" in opening or "doctor" in opening))
    return Verdict(None, ok, safe, fallback, intent, card, speech)


def run(phrasings: Iterable[Phrasing], matcher: str = "calibrated", locale: str = "en-US"
        ) -> list[Verdict]:
    """Say every phrasing as a one-shot, each by a new user, and judge the answers.

    The skill runs in this process with no memory (each phrasing is a first meeting)."""
    target = simulator_target(Settings(storage="none"))
    verdicts = []
    try:
        with Device(target=target, models_dir=MODELS_DIR, locale=locale,
                    matcher=nlu.MATCHERS[matcher], permission="none", clock="manual") as device:
            for phrasing in phrasings:
                device.user_id = "amzn1.ask.account.MEASURE-" + uuid.uuid4().hex
                turn = device.say("ask back spasm coach " + phrasing.text)
                verdicts.append(judge(phrasing.need, turn)._replace(phrasing=phrasing))
    finally:
        target.close()
    return verdicts


def summary(verdicts: list[Verdict]) -> dict[str, object]:
    total = len(verdicts)
    safety = [v for v in verdicts if v.phrasing.need in SAFETY_NEEDS]
    return {
        "phrasings": total,
        "answered as needed": sum(v.ok for v in verdicts),
        "fallbacks": sum(v.fallback for v in verdicts),
        "safety phrasings": len(safety),
        "safety answered as needed": sum(v.ok for v in safety),
        "safety answered safely": sum(v.safe for v in safety),
        "by need": {need: (sum(v.ok for v in verdicts if v.phrasing.need == need), count)
                    for need, count in sorted(Counter(v.phrasing.need for v in verdicts).items())},
    }


def _percent(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100.0 * part / whole:.0f}%)" if whole else "0/0"


def print_table(results: dict[str, dict[str, dict[str, object]]], out=sys.stdout) -> None:
    """One row per figure, one column per (half, matcher)."""
    columns = [(half, matcher) for half in results for matcher in results[half]]
    print("| figure | " + " | ".join(f"{h} half, {m}" for h, m in columns) + " |", file=out)
    print("| --- |" + " --- |" * len(columns), file=out)
    rows = [("answered as needed", "answered as needed", "phrasings"),
            ("reached Fallback", "fallbacks", "phrasings"),
            ("safety signs and stuck: as needed", "safety answered as needed", "safety phrasings"),
            ("safety signs and stuck: safe first sentence", "safety answered safely", "safety phrasings")]
    for label, part, whole in rows:
        cells = [_percent(results[h][m][part], results[h][m][whole]) for h, m in columns]
        print(f"| {label} | " + " | ".join(cells) + " |", file=out)
    needs = sorted({need for h, m in columns for need in results[h][m]["by need"]})
    for need in needs:
        cells = []
        for h, m in columns:
            ok, count = results[h][m]["by need"].get(need, (0, 0))
            cells.append(f"{ok}/{count}" if count else "-")
        print(f"| {need} | " + " | ".join(cells) + " |", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/measure_phrasings.py",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--matchers", default="calibrated,lenient",
                        help="comma-separated: calibrated (the simulator's), lenient (before calibration)")
    parser.add_argument("--halves", default="tune,report")
    parser.add_argument("--misses", choices=HALVES, help="list what this half's calibrated run gets wrong")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, dict[str, object]]] = {}
    for half in args.halves.split(","):
        phrasings = load_phrasings(os.path.join(PHRASINGS_DIR, f"{half}.jsonl"))
        results[half] = {}
        for matcher in args.matchers.split(","):
            verdicts = run(phrasings, matcher)
            results[half][matcher] = summary(verdicts)
            if args.misses == half and matcher == "calibrated":
                for verdict in verdicts:
                    if not verdict.ok:
                        print(f"MISS [{verdict.phrasing.need}] {verdict.phrasing.text!r} -> "
                              f"{verdict.intent} / {verdict.card!r}: {verdict.speech[:90]}")
    print_table(results)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
