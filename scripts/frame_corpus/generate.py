"""The frame corpus: every frame of ``frames.yaml`` crossed with the sign vocabulary.

``phrasings()`` gives every generated phrasing with its frame, its kind, the sign it names,
the tier it must reach and its half:

- **held out**: the frame and the vocabulary entry were both set aside by their hash (the
  first byte of the SHA-256 of the frame id, and of the entry's first form, is odd). Only
  ever measured: their misses are never listed while the reader is worked on.
- **tune**: both even; their misses may be listed and looked at.
- **mixed**: one of each; counted in the totals, never listed either.
- **round 2**: the frames and vocabulary of ``round2.yaml``, written after the reader's work on
  the rest was done and measured once before any change (every phrasing with a round-2 frame or
  a round-2 entry).

The expansion is deterministic: each placeholder ({leg}, {side}, {subject}, ...) takes a few
values chosen by the phrasing's position, so the corpus is the same on every run.
"""

import hashlib
import itertools
import os
import re
from typing import NamedTuple

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))

#: Tiers, most urgent first: "reached at least its tier" compares positions here.
ORDER = ("call_911", "poison", "call_doctor_now", "stuck", "injured", "contact_doctor", "everyday",
         "unrecognised", "other", "fallback")
#: An old sign: what the guide's tier becomes (never below doctor now for bladder, bowel, limbs).
HISTORICAL = {"limb": "call_doctor_now", "bladder": "call_doctor_now",
              "numbness": "contact_doctor", "weakness": "contact_doctor",
              "lower_pain": "contact_doctor"}
#: Kinds whose target is 100% at least their tier.
STRICT_KINDS = ("report", "pseudo", "uncertain")
#: How many values each placeholder takes per phrasing template (keeps the corpus balanced).
VARIANTS = 3


class Phrasing(NamedTuple):
    text: str
    frame: str
    kind: str
    sign: str
    tier: str
    half: str


def _load(name: str) -> dict:
    with open(os.path.join(HERE, name), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _odd(key: str) -> bool:
    return hashlib.sha256(key.strip().lower().encode("utf-8")).digest()[0] % 2 == 1


def _half(frame_id: str, entry_key: str) -> str:
    frame_out, entry_out = _odd(frame_id), _odd(entry_key)
    if frame_out and entry_out:
        return "held out"
    if not frame_out and not entry_out:
        return "tune"
    return "mixed"


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _fill(template: str, values: dict[str, list[str]], seed: int) -> list[str]:
    """``template`` with each placeholder filled, up to ``VARIANTS`` ways (rotating by ``seed``)."""
    names = sorted({n for n in _PLACEHOLDER.findall(template) if n in values})
    if not names:
        return [template]
    combos = list(itertools.product(*(values[n] for n in names)))
    chosen = [combos[(seed * 7 + k * 11) % len(combos)] for k in range(min(VARIANTS, len(combos)))]
    out = []
    for combo in chosen:
        text = template
        for name, value in zip(names, combo, strict=True):
            text = text.replace("{" + name + "}", value)
        out.append(text)
    return list(dict.fromkeys(out))


_HE = {"he": "he", "his": "his", "him": "him", "himself": "himself"}
_SHE = {"he": "she", "his": "her", "him": "her", "himself": "herself"}


def _third(third: str, subject: str, pronouns: dict[str, str]) -> str:
    """The third-person clause with the subject named: "my husband's left leg won't move"."""
    text = third
    if subject not in ("he", "she"):
        if text.startswith("{he} "):
            text = subject + text[len("{he}"):]
        elif text.startswith("{his} "):
            text = subject + "'s" + text[len("{his}"):]
        else:
            text = subject + " says " + text
    for name, value in pronouns.items():
        text = text.replace("{" + name + "}", value)
    return text


def _squash(text: str) -> str:
    """Single spaces, and no article after a denial ("no a fever" -> "no fever")."""
    text = " ".join(text.split())
    return re.sub(r"\b(no|any|without any) (a|an) ", r"\1 ", text)


def phrasings() -> list[Phrasing]:
    vocabulary, frames, round2 = _load("vocabulary.yaml"), _load("frames.yaml"), _load("round2.yaml")
    fills = {**vocabulary["fills"], **frames["fills"]}
    signs = {name: {"tier": sign["tier"], "entries": list(sign["entries"])}
             for name, sign in vocabulary["signs"].items()}
    later = set()
    for name, sign in round2["signs"].items():
        signs[name]["entries"] += sign["entries"]
        later.update(id(entry) for entry in sign["entries"])
    everyday = vocabulary["everyday"] + round2["everyday"]
    later_everyday = set(round2["everyday"])
    frames = {"frames": frames["frames"] + round2["frames"]}
    later_frames = {frame["id"] for frame in round2["frames"]}
    sign_names = list(signs)
    # A denied sign for the deny-and-report frames: another sign's noun, in turn.
    nouns = [(name, entry["noun"]) for name in sign_names for entry in signs[name]["entries"]
             if "noun" in entry and not entry["noun"].startswith("no ")]
    out: list[Phrasing] = []
    seed = 0
    for frame in frames["frames"]:
        template, kind, frame_id = frame["template"], frame["kind"], frame["id"]
        if kind == "everyday":
            for index, description in enumerate(everyday):
                seed += 1
                text = template.replace("{everyday}", description)
                text = text.replace("{everyday2}", everyday[(index * 13 + 5) % len(everyday)])
                if "{denied}" in text:
                    text = text.replace("{denied}", nouns[(index * 5) % len(nouns)][1])
                half = "round 2" if frame_id in later_frames or description in later_everyday else \
                    _half(frame_id, description)
                for filled in _fill(text, fills, seed):
                    out.append(Phrasing(_squash(filled), frame_id, kind, "everyday", "everyday", half))
            continue
        for name in sign_names:
            tier = signs[name]["tier"]
            if kind == "historical" and name not in HISTORICAL:
                continue
            for entry in signs[name]["entries"]:
                key = entry.get("clause") or entry.get("noun")
                needs = set(_PLACEHOLDER.findall(template)) & {"clause", "noun", "ability", "past", "third",
                                                              "third_rest"}
                if "third_rest" in needs:
                    needs = (needs - {"third_rest"}) | {"third"}
                if any(need not in entry for need in needs):
                    continue
                if "noun" in needs and entry["noun"].startswith("no ") and kind not in (
                        "report", "uncertain", "hypothetical"):
                    continue  # "I don't have any no feeling": not how anyone speaks
                seed += 1
                text = template
                for form in ("clause", "noun", "ability", "past"):
                    if form in entry:
                        text = text.replace("{" + form + "}", entry[form])
                if "{denied}" in text:
                    others = [noun for other, noun in nouns if other != name]
                    text = text.replace("{denied}", others[seed % len(others)])
                expected = tier
                if frame["expect"] == "partial" and tier == "call_911":
                    expected = "call_doctor_now"  # moving a limb only with difficulty is weakness
                elif frame["expect"] == "everyday":
                    expected = "everyday"
                elif frame["expect"] == "historical":
                    expected = HISTORICAL[name]
                texts = []
                if "{third}" in text or "{third_rest}" in text:
                    for k, (subjects, pronouns) in enumerate(((fills["subject_he"], _HE),
                                                              (fills["subject_she"], _SHE))):
                        subject = subjects[(seed + k) % len(subjects)]
                        if "{third_rest}" in text:
                            texts.append(text.replace("{subject} {third_rest}",
                                                      _third(entry["third"], subject, pronouns)))
                        else:
                            said = entry["third"]
                            for pname, value in pronouns.items():
                                said = said.replace("{" + pname + "}", value)
                            texts.append(text.replace("{third}", said).replace("{subject}", subject))
                else:
                    texts.append(text)
                for text in texts:
                    half = "round 2" if frame_id in later_frames or id(entry) in later else \
                        _half(frame_id, key)
                    for filled in _fill(text, fills, seed):
                        out.append(Phrasing(_squash(filled), frame_id, kind, name, expected, half))
    unique = {}
    for phrasing in out:
        unique.setdefault(phrasing.text.lower(), phrasing)
    return list(unique.values())


def at_least(reached: str, needed: str) -> bool:
    """Whether the tier ``reached`` is as urgent as ``needed`` or more."""
    return ORDER.index(reached) <= ORDER.index(needed)


def higher_than_needed(reached: str, needed: str) -> bool:
    """Whether ``reached`` is more urgent than ``needed`` (a false alarm for everyday words)."""
    return ORDER.index(reached) < ORDER.index(needed) and reached not in ("unrecognised",)
