"""Annotation sets for Amazon's NLU Evaluation Tool, from the real phrasings and the conversation tests.

An annotation is one utterance (as said after the invocation name), the intent
Alexa should send, and the slot values it should fill when those are known.
Two sources:

- the real-phrasing set (``tests/phrasings/*.jsonl``, one ``{"text", "need",
  "source"}`` a line): ``tests/phrasings/needs.json`` names the intent each need
  expects. A need whose intent is not in a locale's model is skipped for that
  locale, with a warning.
- the conversation tests (``tests/conversations/*.yaml``): every step with
  ``say`` and ``intent``, in the locale the conversation runs in. Launches and
  exits ("open back spasm coach") are not utterances to a skill and are
  skipped; a one-shot ("ask back spasm coach how should I lie down") keeps
  only its question, as the simulator's invocation parser reads it. A step's
  ``slots`` become expected slot values: the value written in the test when it
  gives one, otherwise the value the simulator puts in the slot for that step.

Nothing here names an intent: they all come from the model and the data files.
"""

import csv
import datetime
import io
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from alexa_simulator import conversation_tests, nlu
from alexa_simulator.text import tokenise

#: This project's interaction models.
MODELS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                          "interaction_models")

Warn = Callable[[str], None]


@dataclass
class Annotation:
    utterance: str
    intent: str
    #: Expected slot values by slot name, as Alexa puts them in the slot's ``value``.
    slots: dict[str, str] = field(default_factory=dict)
    #: Where the annotation came from (file and line, or file and conversation step).
    origin: str = ""


def load_needs(path: str) -> dict[str, str]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def read_phrasings(paths: Iterable[str]) -> list[dict]:
    """Every phrasing in ``paths`` (JSON lines), each with its ``origin`` ("file:line")."""
    phrasings = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    entry = json.loads(line)
                    entry["origin"] = f"{os.path.basename(path)}:{number}"
                    phrasings.append(entry)
    return phrasings


def _spoken(model: nlu.Model, text: str):
    """(kind, tokens after the invocation) for what a person said."""
    invocation = nlu.parse_invocation(model, tokenise(text))
    return invocation.kind, invocation.rest


def _surface(tokens) -> str:
    return tokens.surface(0, len(tokens))


def from_phrasings(model: nlu.Model, phrasings: list[dict], needs: dict[str, str],
                   warn: Warn) -> list[Annotation]:
    annotations, skipped = [], {}
    for phrasing in phrasings:
        need = phrasing.get("need")
        intent = needs.get(need)
        if intent is None or intent not in model.intents:
            skipped.setdefault((need, intent), []).append(phrasing["origin"])
            continue
        kind, rest = _spoken(model, phrasing["text"])
        if kind in ("launch", "exit") or not _surface(rest):
            warn(f"{phrasing['origin']}: {phrasing['text']!r} has no question after the invocation; skipped")
            continue
        annotations.append(Annotation(_surface(rest), intent, {}, phrasing["origin"]))
    for (need, intent), origins in sorted(skipped.items(), key=lambda item: str(item[0])):
        reason = (f"need {need!r} is not in needs.json" if intent is None
                  else f"{intent} is not in the {model.locale} model")
        warn(f"{model.locale}: {len(origins)} phrasing(s) skipped: {reason} (first: {origins[0]})")
    return annotations


def _expected_slots(model: nlu.Model, step: dict, intent: str, rest, today: datetime.date,
                    origin: str, warn: Warn) -> dict[str, str]:
    slots = {}
    understanding = None
    for name, want in (step.get("slots") or {}).items():
        if want is None:
            continue  # "this slot stays empty": the annotation format has no way to say so
        if not isinstance(want, dict):
            slots[name] = str(want)  # written as Alexa sends it ("PT15M")
            continue
        if "value" in want:
            slots[name] = str(want["value"])
            continue
        # Only an id or a status is written: the slot's value is the words the simulator put there.
        understanding = understanding or nlu.understand(model, rest, today)
        fill = understanding.fills.get(name)
        if understanding.intent != intent or fill is None:
            warn(f"{origin}: the simulator does not fill slot {name!r}; left out of the annotation")
            continue
        slots[name] = fill.value
    return slots


def from_conversations(model: nlu.Model, conversations: list[conversation_tests.Conversation],
                       today: datetime.date, warn: Warn) -> list[Annotation]:
    annotations = []
    for conversation in conversations:
        if conversation.locale != model.locale:
            continue
        for number, step in enumerate(conversation.steps, 1):
            if "say" not in step or "intent" not in step:
                continue
            origin = f"{conversation.source}: {conversation.name}, step {number}"
            intent = step["intent"]
            if intent not in model.intents:
                warn(f"{origin}: {intent} is not in the {model.locale} model; skipped")
                continue
            kind, rest = _spoken(model, str(step["say"] or ""))
            if kind in ("launch", "exit") or not _surface(rest):
                continue
            slots = _expected_slots(model, step, intent, rest, today, origin, warn)
            annotations.append(Annotation(_surface(rest), intent, slots, origin))
    return annotations


def deduplicate(annotations: list[Annotation], warn: Warn) -> list[Annotation]:
    """One annotation per utterance: the first; a later one expecting another intent is reported."""
    kept: dict[str, Annotation] = {}
    for annotation in annotations:
        first = kept.get(annotation.utterance)
        if first is None:
            kept[annotation.utterance] = annotation
        elif first.intent != annotation.intent:
            warn(f"{annotation.origin}: {annotation.utterance!r} expects {annotation.intent}, but "
                 f"{first.origin} expects {first.intent}; kept the first")
    return list(kept.values())


def build(locale: str, phrasing_paths: list[str], conversations_dir: str | None, needs_path: str,
          today: datetime.date, warn: Warn, models_dir: str = MODELS_DIR) -> list[Annotation]:
    """The annotation set for ``locale``: phrasings first, then conversation-test steps."""
    model = nlu.load_model(locale, models_dir)
    annotations = from_phrasings(model, read_phrasings(phrasing_paths), load_needs(needs_path), warn)
    if conversations_dir:
        conversations = conversation_tests.load_directory(conversations_dir)
        annotations += from_conversations(model, conversations, today, warn)
    return deduplicate(annotations, warn)


# ---------------------------------------------------------------- the two upload forms
#
# The form comes from the SMAPI operation updateAnnotationsForNLUAnnotationSetsV1
# (POST /v1/skills/{skillId}/nluAnnotationSets/{annotationId}/annotations), whose
# model, as shipped in the ask-smapi-sdk that the ASK CLI runs, consumes
# "application/json" and "text/csv" and gives one example of each:
#   {"data": [{"inputs": {"utterance": ..., "referenceTimestamp": ...},
#              "expected": [{"intent": {"name": ..., "slots": {"fromCity": {"value": ...}}}}]}]}
#   utterance,referenceTimestamp,intent,slot[fromCity]
# Amazon's "NLU Evaluation Tool API" page documents the same two forms. The run
# uploads the JSON form: each entry of "data" is exactly the ``inputs`` and
# ``expected`` of ask-smapi-model's evaluation classes (Inputs, Expected,
# ExpectedIntent, ExpectedIntentSlotsProps), so the tests can check it against
# them, and no CSV quoting is involved. One revision of that page wraps slot
# values as {"slotValue": {"type": "Simple", "value": ...}} instead; the CSV form
# (a slot[name] column holding the value) does not depend on that difference and
# is written beside it, for `run --format csv` and for upload in the console.

def reference_timestamp(day: datetime.date) -> str:
    """The time relative dates are read from: noon UTC, so the day is the same in North America."""
    return f"{day.isoformat()}T12:00:00.000Z"


def to_json(annotations: list[Annotation], timestamp: str) -> dict:
    data = []
    for annotation in annotations:
        intent = {"name": annotation.intent}
        if annotation.slots:
            intent["slots"] = {name: {"value": value} for name, value in annotation.slots.items()}
        data.append({"inputs": {"utterance": annotation.utterance, "referenceTimestamp": timestamp},
                     "expected": [{"intent": intent}]})
    return {"data": data}


def csv_header(annotations: list[Annotation]) -> list[str]:
    names = sorted({name for annotation in annotations for name in annotation.slots})
    return ["utterance", "referenceTimestamp", "intent"] + [f"slot[{name}]" for name in names]


def to_csv(annotations: list[Annotation], timestamp: str) -> str:
    header = csv_header(annotations)
    names = [column[len("slot["):-1] for column in header[3:]]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for annotation in annotations:
        writer.writerow([annotation.utterance, timestamp, annotation.intent]
                        + [annotation.slots.get(name, "") for name in names])
    return out.getvalue()


def write(out_dir: str, locale: str, annotations: list[Annotation], timestamp: str) -> dict[str, str]:
    """Write ``annotations.<locale>.json``, ``.csv`` and ``.origins.json``; return their paths."""
    os.makedirs(out_dir, exist_ok=True)
    paths = {kind: os.path.join(out_dir, f"annotations.{locale}.{kind}")
             for kind in ("json", "csv", "origins.json")}
    with open(paths["json"], "w", encoding="utf-8") as handle:
        json.dump(to_json(annotations, timestamp), handle, indent=1, ensure_ascii=False)
        handle.write("\n")
    with open(paths["csv"], "w", encoding="utf-8", newline="") as handle:
        handle.write(to_csv(annotations, timestamp))
    with open(paths["origins.json"], "w", encoding="utf-8") as handle:
        json.dump({a.utterance: a.origin for a in annotations}, handle, indent=1, ensure_ascii=False)
        handle.write("\n")
    return paths
