"""Reading a described symptom: which of the guide's tiers it belongs to.

Alexa fills the symptom, body-part and person slots with the words a person
said, whether or not they match a slot value. Two readings are made and the
more urgent wins: the values Alexa resolved, and the raw words read with the
table in ``skill/content/triage.py``. A sign said with a negation just before
it ("no numbness") does not count, unless Alexa resolved it and the words do
not say it is absent: when the skill cannot tell, safety wins.
"""

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from .content import triage as table
from .content.safety import CALL_911, CALL_DOCTOR_NOW, CONTACT_DOCTOR, UNRECOGNISED
from .content.safety import STUCK_TIER as STUCK

# Tiers beside the guide's (most urgent first in URGENCY).
#: The back spasm itself ("my back is killing me"), or every sign named was denied.
EVERYDAY = "everyday"
#: No words at all: "I need an ambulance", "this is an emergency".
GENERIC = "generic"
#: A fall or an accident, and no sign named: 911 if it may be an emergency, before any self-care.
INJURED = "injured"

URGENCY = (CALL_911, CALL_DOCTOR_NOW, STUCK, INJURED, CONTACT_DOCTOR, EVERYDAY, UNRECOGNISED)

# Signs (what the answer names).
LIMB = "limb"
EMERGENCY = "emergency"
BLADDER_OR_BOWEL = "bladder_or_bowel"
NUMBNESS = "numbness"
WEAKNESS = "weakness"
#: Numbness, tingling or weakness said of an arm, not the legs.
ARM_NUMBNESS_OR_WEAKNESS = "arm_numbness_or_weakness"
LOWER_BODY_PAIN = "lower_body_pain"
FEVER = "fever"
WEIGHT_LOSS = "weight_loss"
FEELING_UNWELL = "feeling_unwell"
NOT_IMPROVING = "not_improving"
CANNOT_GET_UP = "cannot_get_up"
BACK_PAIN = "back_pain"
INJURY = "injury"


class Reading(NamedTuple):
    tier: str
    sign: str | None = None


#: SymptomType value id -> (tier, sign). PAIN and CANNOT_MOVE_LIMB also depend on where.
_BY_SYMPTOM_ID = {
    "CANNOT_MOVE_LIMB": (CALL_911, LIMB),
    "LOSS_OF_BLADDER_OR_BOWEL_CONTROL": (CALL_DOCTOR_NOW, BLADDER_OR_BOWEL),
    "NEW_NUMBNESS_OR_TINGLING": (CALL_DOCTOR_NOW, NUMBNESS),
    "NEW_WEAKNESS": (CALL_DOCTOR_NOW, WEAKNESS),
    "NEW_OR_WORSE_PAIN": (CALL_DOCTOR_NOW, LOWER_BODY_PAIN),
    "FEVER": (CONTACT_DOCTOR, FEVER),
    "WEIGHT_LOSS": (CONTACT_DOCTOR, WEIGHT_LOSS),
    "FEELING_UNWELL": (CONTACT_DOCTOR, FEELING_UNWELL),
    "NOT_IMPROVING": (CONTACT_DOCTOR, NOT_IMPROVING),
    "STUCK": (STUCK, CANNOT_GET_UP),
    "PAIN": (EVERYDAY, BACK_PAIN),
    "INJURY": (INJURED, INJURY),
}
_LIMB_PARTS = {"LEG", "FOOT", "ARM"}
_LOWER_PARTS = {"LEG", "FOOT", "GROIN", "BELLY", "BUTTOCKS"}

@functools.cache
def _contractions():
    """Compiled on first use: the safety handlers are loaded at every cold start, this is not."""
    return (
        (re.compile(r"\b(can't|cant|cannot|can not)\b"), "can not"),
        (re.compile(r"\b(won't|wont)\b"), "will not"),
        (re.compile(r"\b(\w+)n't\b"), r"\1 not"),
        (re.compile(r"\b(dont|doesnt|didnt|isnt|hasnt|havent|couldnt|wouldnt)\b"),
         lambda m: m.group(1)[:-2] + " not"),
    )


def words_of(text: str) -> tuple[str, ...]:
    """Lower-case words with contractions expanded: "Can't feel" -> ("can", "not", "feel")."""
    text = (text or "").lower().replace("\u2019", "'")
    for pattern, replacement in _contractions():
        text = pattern.sub(replacement, text)
    return tuple(re.findall(r"[a-z0-9]+", text))


#: "can not", "will not": not being able is no denial ("I can't get rid of the numbness").
_INABILITY = {"can", "could", "will", "would"}


#: "I can feel nothing below my neck": a negation after these says what is lost, not that all is well.
_SENSING = {"feel", "felt", "feeling", "move", "moved", "moving", "sense", "control"}


def _negated_before(words: Sequence[str], start: int) -> bool:
    for index in range(max(0, start - 3), start):
        before = words[index - 1] if index > 0 else None
        if words[index] in table.NEGATIONS and not (
                (words[index] == "not" and before in _INABILITY)
                or (words[index] == "nothing" and before in _SENSING)):
            return True
    return False


def _word_pattern(word: str) -> str:
    """One word of a phrase: "numb*" is any word starting numb; "leg" is the whole word."""
    if word.endswith("*"):
        return re.escape(word[:-1]) + "[a-z0-9]*"
    return re.escape(word) + "(?![a-z0-9])"


@functools.lru_cache(maxsize=64)
def _starts_finder(phrases: tuple[str, ...]):
    """A search for every word at which one of ``phrases`` begins, compiled once per table.

    It runs over the words joined by single spaces; the lookahead lets matches
    overlap, so every start is found, as a phrase-by-phrase scan would find it.
    """
    alternatives = "|".join(" ".join(_word_pattern(w) for w in phrase.split()) for phrase in phrases)
    return re.compile(rf"(?<![a-z0-9])(?=(?:{alternatives}))").finditer


class _Words:
    """The words said, ready for ``_find``: joined by single spaces, and where each one starts."""

    __slots__ = ("words", "text", "index_at")

    def __init__(self, words: tuple[str, ...]):
        self.words = words
        self.text = " ".join(words)
        self.index_at, offset = {}, 0
        for index, word in enumerate(words):
            self.index_at[offset] = index
            offset += len(word) + 1


def _find(said: _Words, phrases: tuple[str, ...]) -> tuple[bool, bool]:
    """(named at all, named at least once without a negation just before it)."""
    named = False
    for match in _starts_finder(phrases)(said.text):
        named = True
        if not _negated_before(said.words, said.index_at[match.start()]):
            return True, True
    return named, False


def read_symptom(heard: Sequence[str | None], symptom_id: str | None = None,
                 body_part_id: str | None = None, denied_slot: bool = False) -> Reading:
    """The tier for the words heard in every slot, and the values Alexa resolved.

    ``denied_slot``: the words began with a denial Alexa heard in its own slot
    ("I don't have {symptom}"), so a resolved value names what is absent.
    """
    said_words = _Words(words_of(" ".join(h for h in heard if h)))
    if not said_words.words and symptom_id is None:
        return Reading(GENERIC, EMERGENCY)

    found_in: dict[tuple[str, ...], tuple[bool, bool]] = {}

    def find(phrases):
        if phrases not in found_in:
            found_in[phrases] = _find(said_words, phrases)
        return found_in[phrases]

    def said(phrases):
        return find(phrases)[1]

    def denied(phrases):
        named, affirmed = find(phrases)
        return named and not affirmed

    def named(phrases):
        return find(phrases)[0]

    limb = named(table.LIMBS) or body_part_id in _LIMB_PARTS
    lower = named(table.LOWER_BODY) or body_part_id in _LOWER_PARTS
    found = []
    if said(table.EMERGENCY):
        found.append((CALL_911, EMERGENCY))
    # An inability holds its own negation ("won't move"): a "not" or "no" heard before it
    # ("no, it won't move", "just not working") is never a denial of it.
    if said(table.PARALYSIS) or (limb and (named(table.CANNOT_MOVE) or said(table.LIMB_LIFELESS))):
        found.append((CALL_911, LIMB))
    if said(table.BLADDER_OR_BOWEL):
        found.append((CALL_DOCTOR_NOW, BLADDER_OR_BOWEL))
    if said(table.NUMBNESS):
        found.append((CALL_DOCTOR_NOW, NUMBNESS))
    back_only = (named(table.BACK) or body_part_id == "BACK") and not (limb or lower)
    if said(table.WEAKNESS):
        # "My back gave out" is the spasm itself; legs that give out are the sign.
        found.append((EVERYDAY, BACK_PAIN) if back_only else (CALL_DOCTOR_NOW, WEAKNESS))
    if said(table.PAIN_SIGNS) or (lower and said(table.PAIN)):
        found.append((CALL_DOCTOR_NOW, LOWER_BODY_PAIN))
    if said(table.STUCK):
        found.append((STUCK, CANNOT_GET_UP))
    for phrases, sign in ((table.FEVER, FEVER), (table.WEIGHT_LOSS, WEIGHT_LOSS),
                          (table.FEELING_UNWELL, FEELING_UNWELL), (table.NOT_IMPROVING, NOT_IMPROVING)):
        if said(phrases):
            found.append((CONTACT_DOCTOR, sign))
    if said(table.INJURY):
        found.append((INJURED, INJURY))
    if said(table.PAIN) or said(table.BACK):
        found.append((EVERYDAY, BACK_PAIN))

    resolved = _BY_SYMPTOM_ID.get(symptom_id)
    if symptom_id == "INJURY" and said_words.words and not said(table.INJURY):
        resolved = None  # not a guide sign: only the words themselves make it one ("feel" is no "fell")
    if resolved is not None and denied_slot:
        resolved = None  # "I don't have" + the value Alexa resolved: the sign is denied, not named
    if resolved is not None and not _denied_by_words(resolved[1], denied):
        tier, sign = resolved
        if symptom_id == "PAIN" and lower:
            tier, sign = CALL_DOCTOR_NOW, LOWER_BODY_PAIN
        elif symptom_id == "CANNOT_MOVE_LIMB" and body_part_id == "BACK":
            tier, sign = STUCK, CANNOT_GET_UP
        elif symptom_id == "NEW_WEAKNESS" and back_only:
            tier, sign = EVERYDAY, BACK_PAIN
        found.append((tier, sign))

    if found:
        tier, sign = min(found, key=lambda pair: URGENCY.index(pair[0]))
        if sign in (NUMBNESS, WEAKNESS) and not lower and (named(table.ARMS) or body_part_id == "ARM"):
            sign = ARM_NUMBNESS_OR_WEAKNESS
        return Reading(tier, sign)
    if _anything_denied(denied) or said(table.REASSURANCE):
        return Reading(EVERYDAY, None)
    return Reading(UNRECOGNISED, None)


def most_urgent(readings: Sequence[Reading]) -> Reading:
    """The reading to answer when several things were said at once."""
    ranked = [r for r in readings if r.tier in URGENCY]
    return min(ranked, key=lambda r: URGENCY.index(r.tier)) if ranked else readings[0]


_PHRASES_OF_SIGN = {
    LIMB: table.CANNOT_MOVE + table.LIMB_LIFELESS + table.PARALYSIS,
    BLADDER_OR_BOWEL: table.BLADDER_OR_BOWEL,
    NUMBNESS: table.NUMBNESS,
    WEAKNESS: table.WEAKNESS,
    LOWER_BODY_PAIN: table.PAIN,
    FEVER: table.FEVER,
    WEIGHT_LOSS: table.WEIGHT_LOSS,
    FEELING_UNWELL: table.FEELING_UNWELL,
    NOT_IMPROVING: table.NOT_IMPROVING,
    CANNOT_GET_UP: table.STUCK,
}


def _denied_by_words(sign, denied) -> bool:
    phrases = _PHRASES_OF_SIGN.get(sign)
    return phrases is not None and denied(phrases)


def _anything_denied(denied) -> bool:
    return any(denied(phrases) for phrases in _PHRASES_OF_SIGN.values())
