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
#: Pain that keeps the person down: the 911 sign is named first, then help follows.
STUCK_TIER = "stuck"
#: A symptom Alexa heard but that named no sign: answered conservatively.
UNRECOGNISED = "unrecognised"

#: The one sentence every fallback, error and disclaimer keeps.
EMERGENCY_REMINDER = "If this is an emergency, call 911."

#: Said after any 911 answer, so nobody waits for the speaker to dial.
CANNOT_DIAL = "This skill can't make phone calls, so use a phone, or ask someone near you to call."


class SafetyAnswer(NamedTuple):
    """What to say for one sign, and at which tier.

    The session stays open after every answer, so that "repeat" says it again;
    ``reprompt`` is what Alexa says if the person says nothing.
    """

    tier: str
    speech: str
    card_title: str
    source: str
    reprompt: str = ""


_WHEN_TO_CALL = "Back spasm: When to call"
#: The first sentence of every doctor-now answer: the guide's instruction, with 911 beside it.
_CALL_DOCTOR_NOW = (
    "Call your doctor now or get medical care right away, and call 911 if it may be an emergency."
)
# What would make a watch sign urgent, short enough to hear in one breath.
_WATCH_TAIL = (
    "Keep watch. New numbness, weakness or pain in your legs, or losing "
    "bladder or bowel control? Call your doctor now. An arm or leg that "
    "won't move? Call 911."
)
_REPROMPT_911 = "Please call 911 now. To hear this again, say repeat."
_REPROMPT_DOCTOR_NOW = "Please call your doctor now, or 911 if it may be an emergency. To hear this again, say repeat."
_REPROMPT_WATCH = "Please contact your doctor. Is there anything else I can help with?"


def _call_doctor_now(what: str) -> SafetyAnswer:
    return SafetyAnswer(
        CALL_DOCTOR_NOW, _CALL_DOCTOR_NOW + " " + what + " needs care now.",
        "Call your doctor now", _WHEN_TO_CALL + ", call your doctor now", _REPROMPT_DOCTOR_NOW)


def _contact_doctor(first: str) -> SafetyAnswer:
    return SafetyAnswer(CONTACT_DOCTOR, first + " " + _WATCH_TAIL, "Contact your doctor",
                        _WHEN_TO_CALL + ", watch closely", _REPROMPT_WATCH)


#: Answers keyed by the sign ``skill.triage`` reads from what was said.
ANSWERS_BY_SIGN = {
    "limb": SafetyAnswer(
        CALL_911,
        "Call 911 now. Not being able to move an arm or a leg is an "
        "emergency. " + CANNOT_DIAL,
        "Call 911 now", _WHEN_TO_CALL + ", call 911", _REPROMPT_911,
    ),
    "bladder_or_bowel": _call_doctor_now("Losing control of your bladder or bowels"),
    "numbness": _call_doctor_now("New or worse numbness or tingling in your legs, belly or buttocks"),
    "weakness": _call_doctor_now("New or worse weakness in your legs"),
    # Not one of the guide's leg signs: read cautiously (doctor now), and the arm's 911 sign named.
    "arm_numbness_or_weakness": SafetyAnswer(
        CALL_DOCTOR_NOW, _CALL_DOCTOR_NOW + " If the arm won't move at all, that's an emergency: call 911.",
        "Call your doctor now", _WHEN_TO_CALL + ", call your doctor now; call 911", _REPROMPT_DOCTOR_NOW),
    "lower_body_pain": _call_doctor_now("New or worse pain in your legs, belly or buttocks"),
    "fever": _contact_doctor("Please contact your doctor about the fever."),
    "weight_loss": _contact_doctor("Please contact your doctor about losing weight."),
    "feeling_unwell": _contact_doctor("Please contact your doctor if you don't feel well."),
    "not_improving": _contact_doctor("Please contact your doctor if you aren't improving as expected."),
}

#: "I need an ambulance", "is this an emergency": no symptom named.
GENERIC_EMERGENCY = SafetyAnswer(
    CALL_911,
    "Call 911 now. If you think you may need emergency care, don't wait. " + CANNOT_DIAL,
    "Call 911 now", _WHEN_TO_CALL + ", call 911", _REPROMPT_911,
)
ANSWERS_BY_SIGN["emergency"] = GENERIC_EMERGENCY

#: "I can't get up", "I'm stuck on the floor": the 911 sign first, then real help.
#: Sources: "When to call" (911), and Body positions and posture, bullet 1, and Heat, ice (the help).
STUCK = SafetyAnswer(
    STUCK_TIER,
    "If an arm or a leg won't move at all, call 911 now. If it's the pain "
    "keeping you down, lie on your back with pillows under your bent knees, and "
    "try heat or ice. Want other positions?",
    "If you can't get up",
    _WHEN_TO_CALL + ", call 911; Body positions and posture; Heat, ice, and medicines",
    "Would you like other positions to try? " + EMERGENCY_REMINDER,
)
ANSWERS_BY_SIGN["cannot_get_up"] = STUCK

#: Words that named no sign the skill knows: 911 first, then the doctor, then an offer of help.
UNRECOGNISED_SYMPTOM = SafetyAnswer(
    UNRECOGNISED,
    "If this could be an emergency, call 911 now. If it's new or worse and in "
    "your legs, belly or buttocks, call your doctor now. Otherwise, want to "
    "hear what helps a back spasm?",
    "If in doubt, get help",
    _WHEN_TO_CALL,
    "Would you like to hear what helps a back spasm? " + EMERGENCY_REMINDER,
)

#: "I fell down the stairs", "I was in a car accident", with no sign named: the guide's rule that
#: 911 is for whenever emergency care may be needed comes first, then the signs, then help.
INJURY = SafetyAnswer(
    UNRECOGNISED,
    "After a fall or an accident, if you think you may need emergency care, call 911 now. If your "
    "legs, belly or buttocks feel numb, weak or newly painful, call your doctor now. Otherwise, "
    "want to hear what helps?",
    "After a fall or an accident",
    _WHEN_TO_CALL,
    "Would you like to hear what helps a back spasm? " + EMERGENCY_REMINDER,
)
ANSWERS_BY_SIGN["injury"] = INJURY

#: "Call my doctor for me", "call my wife": the skill cannot, and says so at once.
CALL_FOR_ME = SafetyAnswer(
    UNRECOGNISED,
    "If this is an emergency, call 911 now. This skill can't make phone calls "
    "or send messages, so use a phone, or ask someone near you to call.",
    "This skill can't make calls",
    _WHEN_TO_CALL + ", call 911",
    "Is there anything else I can help with? " + EMERGENCY_REMINDER,
)
