"""Alexa's routing in a saved NLU evaluation, next to the simulator's, utterance by utterance.

The result pages saved by the runner are read with ask-smapi-model's own
classes (``GetNLUEvaluationResultsResponse`` through ask-sdk-model-runtime's
DefaultSerializer), so a document that does not have the SMAPI shape fails
here rather than giving wrong figures. Each test case's utterance is then
given to the simulator (``nlu.understand`` on the locale's model, with the
test case's reference date), and the three intents are set side by side:
expected, Alexa's, the simulator's.
"""

import datetime
import json
import os
from collections import OrderedDict
from dataclasses import dataclass

from alexa_simulator import nlu

RESULTS_TYPE = ("ask_smapi_model.v1.skill.nlu.evaluations.get_nlu_evaluation_results_response."
                "GetNLUEvaluationResultsResponse")
NO_INTENT = "(none)"


@dataclass
class Row:
    utterance: str
    expected: str
    alexa: str
    simulator: str


def serializer():
    from ask_sdk_model_runtime import (
        DefaultSerializer,  # dev requirement (requirements-dev.txt)
    )
    return DefaultSerializer()


def load_test_cases(results_dir: str) -> list:
    """Every test case in the saved result pages, as ask-smapi-model ``TestCase`` objects."""
    with open(os.path.join(results_dir, "run.json"), encoding="utf-8") as handle:
        pages = json.load(handle)["result_pages"]
    reader = serializer()
    cases = []
    for page in pages:
        with open(os.path.join(results_dir, page), encoding="utf-8") as handle:
            response = reader.deserialize(handle.read(), RESULTS_TYPE)
        cases.extend(response.test_cases or [])
    return cases


def run_locale(results_dir: str) -> str:
    with open(os.path.join(results_dir, "run.json"), encoding="utf-8") as handle:
        return json.load(handle)["locale"]


def _intent_name(side) -> str:
    return (side.intent.name if side is not None and side.intent is not None else None) or NO_INTENT


def rows(test_cases: list, model: nlu.Model) -> list[Row]:
    found = []
    for case in test_cases:
        utterance = case.inputs.utterance
        stamp: datetime.datetime | None = case.inputs.reference_timestamp
        today = stamp.date() if stamp else None
        expected = _intent_name(case.expected[0]) if case.expected else NO_INTENT
        simulator = nlu.understand(model, utterance, today).intent
        found.append(Row(utterance, expected, _intent_name(case.actual), simulator))
    return found


@dataclass
class Tally:
    count: int = 0
    alexa_right: int = 0
    simulator_right: int = 0
    agree: int = 0


def tallies(found: list[Row]) -> "OrderedDict[str, Tally]":
    """Per expected intent (in order of first appearance), and "all" last."""
    by_intent: OrderedDict[str, Tally] = OrderedDict()
    total = Tally()
    for row in found:
        for tally in (by_intent.setdefault(row.expected, Tally()), total):
            tally.count += 1
            tally.alexa_right += row.alexa == row.expected
            tally.simulator_right += row.simulator == row.expected
            tally.agree += row.alexa == row.simulator
    by_intent["all"] = total
    return by_intent


def report(found: list[Row]) -> str:
    lines = [f"{'expected intent':32} {'n':>4} {'Alexa right':>12} {'simulator right':>16} {'agree':>6}"]
    for intent, tally in tallies(found).items():
        lines.append(f"{intent:32} {tally.count:>4} {tally.alexa_right:>12} "
                     f"{tally.simulator_right:>16} {tally.agree:>6}")
    fallback = sum(row.alexa == nlu.FALLBACK for row in found)
    lines.append(f"Alexa sent {fallback} of {len(found)} to {nlu.FALLBACK}; "
                 f"the simulator sent {sum(row.simulator == nlu.FALLBACK for row in found)}.")
    disagreements = [row for row in found if row.alexa != row.simulator]
    lines.append(f"Disagreements, Alexa and the simulator ({len(disagreements)}):")
    for row in disagreements:
        lines.append(f"  {row.utterance!r}: expected {row.expected}, Alexa {row.alexa}, "
                     f"simulator {row.simulator}")
    return "\n".join(lines)
