"""Emergency and warning signs: the guide's three tiers, in the skill's own words.

Source: "Back spasm: When to call". The first sentence of every answer is the
instruction (call 911, or call a doctor now), with nothing before it. No
answer says or implies that the skill or Alexa will place a call: it cannot.
"""

from typing import NamedTuple

# Tiers, from most to least urgent.
CALL_911 = "call_911"
CALL_DOCTOR_NOW = "call_doctor_now"
CONTACT_DOCTOR = "contact_doctor"
#: A symptom Alexa heard but could not match to the list: answered conservatively.
UNRECOGNISED = "unrecognised"

#: The one sentence every fallback, error and disclaimer keeps.
EMERGENCY_REMINDER = "If this is an emergency, call 911."

#: Said after any 911 answer, so nobody waits for the speaker to dial.
CANNOT_DIAL = "This skill can't make phone calls, so use a phone, or ask someone near you to call."


class SafetyAnswer(NamedTuple):
    """What to say for one sign, and at which tier."""

    tier: str
    speech: str
    card_title: str
    source: str

    @property
    def ends_session(self) -> bool:
        # Free the device at once for anything that needs a call now.
        return self.tier in (CALL_911, CALL_DOCTOR_NOW, UNRECOGNISED)


_WHEN_TO_CALL = "Back spasm: When to call"
_URGENT_TAIL = "If you think you may need emergency care, call 911."
# What would make a watch sign urgent, short enough to hear in one breath.
_WATCH_TAIL = (
    "Keep watch. New numbness, weakness or pain in your legs, or losing "
    "bladder or bowel control? Call your doctor now. An arm or leg that "
    "won't move? Call 911."
)

#: Answers keyed by SymptomType slot value id (see interaction_models/).
ANSWERS_BY_SYMPTOM = {
    "CANNOT_MOVE_LIMB": SafetyAnswer(
        CALL_911,
        "Call 911 now. Not being able to move an arm or a leg is an "
        "emergency. " + CANNOT_DIAL,
        "Call 911 now",
        _WHEN_TO_CALL + ", call 911",
    ),
    "LOSS_OF_BLADDER_OR_BOWEL_CONTROL": SafetyAnswer(
        CALL_DOCTOR_NOW,
        "Call your doctor now, or get medical care right away. Losing "
        "control of your bladder or bowels needs care now. " + _URGENT_TAIL,
        "Call your doctor now",
        _WHEN_TO_CALL + ", call your doctor now",
    ),
    "NEW_NUMBNESS_OR_TINGLING": SafetyAnswer(
        CALL_DOCTOR_NOW,
        "Call your doctor now, or get medical care right away. New or worse "
        "numbness or tingling in your legs, belly or buttocks needs care "
        "now. " + _URGENT_TAIL,
        "Call your doctor now",
        _WHEN_TO_CALL + ", call your doctor now",
    ),
    "NEW_WEAKNESS": SafetyAnswer(
        CALL_DOCTOR_NOW,
        "Call your doctor now, or get medical care right away. New or worse "
        "weakness in your legs needs care now. " + _URGENT_TAIL,
        "Call your doctor now",
        _WHEN_TO_CALL + ", call your doctor now",
    ),
    "NEW_OR_WORSE_PAIN": SafetyAnswer(
        CALL_DOCTOR_NOW,
        "Call your doctor now, or get medical care right away. New or worse "
        "pain in your legs, belly or buttocks needs care now. " + _URGENT_TAIL,
        "Call your doctor now",
        _WHEN_TO_CALL + ", call your doctor now",
    ),
    "FEVER": SafetyAnswer(
        CONTACT_DOCTOR,
        "Please contact your doctor about the fever. " + _WATCH_TAIL,
        "Contact your doctor",
        _WHEN_TO_CALL + ", watch closely",
    ),
    "WEIGHT_LOSS": SafetyAnswer(
        CONTACT_DOCTOR,
        "Please contact your doctor about losing weight. " + _WATCH_TAIL,
        "Contact your doctor",
        _WHEN_TO_CALL + ", watch closely",
    ),
    "FEELING_UNWELL": SafetyAnswer(
        CONTACT_DOCTOR,
        "Please contact your doctor if you don't feel well. " + _WATCH_TAIL,
        "Contact your doctor",
        _WHEN_TO_CALL + ", watch closely",
    ),
    "NOT_IMPROVING": SafetyAnswer(
        CONTACT_DOCTOR,
        "Please contact your doctor if you aren't improving as expected. " + _WATCH_TAIL,
        "Contact your doctor",
        _WHEN_TO_CALL + ", watch closely",
    ),
}

#: "I need an ambulance", "is this an emergency": no symptom named.
GENERIC_EMERGENCY = SafetyAnswer(
    CALL_911,
    "Call 911 now. If you think you may need emergency care, don't wait. " + CANNOT_DIAL,
    "Call 911 now",
    _WHEN_TO_CALL + ", call 911",
)

#: A symptom Alexa heard but could not match: name 911 first, then the doctor.
UNRECOGNISED_SYMPTOM = SafetyAnswer(
    UNRECOGNISED,
    "If this could be an emergency, call 911 now. For any other sign that "
    "worries you, call your doctor. " + CANNOT_DIAL,
    "If in doubt, get help",
    _WHEN_TO_CALL,
)


#: "Call my doctor for me", "call my wife": the skill cannot, and says so at once.
CALL_FOR_ME = SafetyAnswer(
    UNRECOGNISED,
    "If this is an emergency, call 911 now. This skill can't make phone calls "
    "or send messages, so use a phone, or ask someone near you to call.",
    "This skill can't make calls",
    _WHEN_TO_CALL + ", call 911",
)

# "I can't get up", "it's getting worse": too vague to place in a tier, too
# worrying to treat lightly. Answered like a sign Alexa could not match.
ANSWERS_BY_SYMPTOM["UNCLEAR_SIGN"] = UNRECOGNISED_SYMPTOM


def answer_for_symptom(symptom_id, heard_words):
    """The safety answer for what Alexa resolved and heard in the symptom slot.

    No words at all is a generic emergency ("I need an ambulance"); words
    that matched no SymptomType id are answered conservatively.
    """
    if symptom_id in ANSWERS_BY_SYMPTOM:
        return ANSWERS_BY_SYMPTOM[symptom_id]
    if heard_words:
        return UNRECOGNISED_SYMPTOM
    return GENERIC_EMERGENCY
