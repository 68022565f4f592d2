"""Emergency and warning signs: the guide's three tiers, in the skill's own words.

Source: "Back spasm: When to call". The first sentence of every answer is the
instruction (call 911, or call a doctor now), with nothing before it. No
answer says or implies that the skill or Alexa will place a call: it cannot.

Beside the guide (each is in docs/clinical-safety.md, "Choices beyond the guide", for a
clinician to confirm): too much medicine sends the person to 911 or Poison Control; a fall
with a possible broken bone, a blow to the head, no way to get up, or an older person's fall
is 911 at once, with "don't try to get up" while help comes; numbness or weakness in an arm is
read as "doctor now".
"""

from typing import NamedTuple

# Tiers, from most to least urgent.
CALL_911 = "call_911"
#: Too much medicine, for anyone: 911 or Poison Control first.
POISON = "poison"
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
    ``reprompt`` is what Alexa says if the person says nothing. ``speech_other``
    is said when the sign is someone else's ("my son can't lift his arm"): the
    same first sentence, then the rest about them.
    """

    tier: str
    speech: str
    card_title: str
    source: str
    reprompt: str = ""
    speech_other: str = ""
    #: What the card shows, when it differs from the speech (a phone number in digits).
    card_text: str = ""

    def words_for(self, other_person: bool) -> str:
        return self.speech_other if other_person and self.speech_other else self.speech


_WHEN_TO_CALL = "Back spasm: When to call"
#: The first sentence of every doctor-now answer: the guide's instruction, with 911 beside it.
CALL_DOCTOR_NOW_FIRST = (
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


def _call_doctor_now(what: str, what_other: str) -> SafetyAnswer:
    return SafetyAnswer(
        CALL_DOCTOR_NOW, CALL_DOCTOR_NOW_FIRST + " " + what + " needs care now.",
        "Call your doctor now", _WHEN_TO_CALL + ", call your doctor now", _REPROMPT_DOCTOR_NOW,
        speech_other=CALL_DOCTOR_NOW_FIRST + " " + what_other + " needs care now.")


def _contact_doctor(first: str, first_other: str) -> SafetyAnswer:
    return SafetyAnswer(CONTACT_DOCTOR, first + " " + _WATCH_TAIL, "Contact your doctor",
                        _WHEN_TO_CALL + ", watch closely", _REPROMPT_WATCH,
                        speech_other=first_other + " " + _WATCH_TAIL)


#: Answers keyed by the sign ``skill.triage`` reads from what was said.
ANSWERS_BY_SIGN = {
    "limb": SafetyAnswer(
        CALL_911,
        "Call 911 now. Not being able to move an arm or a leg is an "
        "emergency. " + CANNOT_DIAL,
        "Call 911 now", _WHEN_TO_CALL + ", call 911", _REPROMPT_911,
        speech_other="Call 911 now. When someone can't move an arm or a leg, it's an "
                     "emergency. " + CANNOT_DIAL,
    ),
    "bladder_or_bowel": _call_doctor_now("Losing control of your bladder or bowels",
                                         "Losing control of their bladder or bowels"),
    "numbness": _call_doctor_now("New or worse numbness or tingling in your legs, belly or buttocks",
                                 "New or worse numbness or tingling in their legs, belly or buttocks"),
    "weakness": _call_doctor_now("New or worse weakness in your legs",
                                 "New or worse weakness in their legs"),
    # Not one of the guide's leg signs: read cautiously (doctor now), and the arm's 911 sign named.
    "arm_numbness_or_weakness": SafetyAnswer(
        CALL_DOCTOR_NOW, CALL_DOCTOR_NOW_FIRST + " If the arm won't move at all, that's an emergency: call 911.",
        "Call your doctor now", _WHEN_TO_CALL + ", call your doctor now; call 911", _REPROMPT_DOCTOR_NOW),
    "lower_body_pain": _call_doctor_now("New or worse pain in your legs, belly or buttocks",
                                        "New or worse pain in their legs, belly or buttocks"),
    # An arm or a leg that stopped moving before, not now: still checked now, and 911 named.
    "limb_before": SafetyAnswer(
        CALL_DOCTOR_NOW, CALL_DOCTOR_NOW_FIRST + " If an arm or a leg won't move at all right now, "
        "that's an emergency: call 911.",
        "Call your doctor now", _WHEN_TO_CALL + ", call your doctor now; call 911", _REPROMPT_DOCTOR_NOW),
    "fever": _contact_doctor("Please contact your doctor about the fever.",
                             "Please contact your doctor about their fever."),
    "weight_loss": _contact_doctor("Please contact your doctor about losing weight.",
                                   "Please contact your doctor about their weight loss."),
    "feeling_unwell": _contact_doctor("Please contact your doctor if you don't feel well.",
                                      "Please contact your doctor if they don't feel well."),
    "not_improving": _contact_doctor("Please contact your doctor if you aren't improving as expected.",
                                     "Please contact your doctor if they aren't improving as expected."),
    # A doctor-now sign had for a long time: the guide's "new or worse" is what makes it urgent.
    "known_sign": SafetyAnswer(
        CONTACT_DOCTOR,
        "Please contact your doctor about it. If it's new, worse or different from before, call "
        "your doctor now, or 911 if it may be an emergency. An arm or leg that won't move? Call 911.",
        "Contact your doctor", _WHEN_TO_CALL + ", call your doctor now; watch closely", _REPROMPT_WATCH),
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
    "keeping you down, lie on your back, pillows under bent knees, and "
    "try heat or ice over a thin cloth. Want other positions?",
    "If you can't get up",
    _WHEN_TO_CALL + ", call 911; Body positions and posture; Heat, ice, and medicines",
    "Would you like other positions to try? " + EMERGENCY_REMINDER,
    speech_other="If an arm or a leg won't move at all, call 911 now. If it's the pain keeping "
                 "them down, help them lie on their back, pillows under bent knees, and try "
                 "heat or ice over a thin cloth. Want other positions?",
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

#: "I fell down the stairs", "I was in a car accident", with no sign of a serious injury: the
#: guide's rule that 911 is for whenever emergency care may be needed comes first, then the
#: signs, then help.
INJURY = SafetyAnswer(
    UNRECOGNISED,
    "After a fall or an accident, if you think you may need emergency care, call 911 now. Call at "
    "once if you can't get up, hit your head or may have broken something. Otherwise, want to "
    "hear what helps?",
    "After a fall or an accident",
    _WHEN_TO_CALL,
    "Would you like to hear what helps a back spasm? " + EMERGENCY_REMINDER,
    speech_other="After a fall or an accident, if you think they may need emergency care, call "
                 "911 now. Call at once if they can't get up, hit their head or may have broken "
                 "something. Otherwise, want to hear what helps?",
)
ANSWERS_BY_SIGN["injury"] = INJURY

#: A fall and no way up, a possible broken bone, a blow to the head, an older person's fall:
#: 911 at once, then what helps while help comes (beyond the guide: a clinician confirms it).
SERIOUS_INJURY = SafetyAnswer(
    CALL_911,
    "Call 911 now: this needs emergency care. While you wait, don't try to get up; lie however "
    "hurts least. " + CANNOT_DIAL,
    "Call 911 now", _WHEN_TO_CALL + ", call 911; Body positions and posture, bullet 1",
    _REPROMPT_911,
    speech_other="Call 911 now: they need emergency care. While you wait, don't try to get them "
                 "up; let them lie however hurts least. " + CANNOT_DIAL,
)
ANSWERS_BY_SIGN["serious_injury"] = SERIOUS_INJURY

#: Too much medicine, for anyone ("I took ten pills", "she swallowed a whole bottle"): never a
#: word about doses. The number is said for the ear; the card shows it in digits.
POISON_CONTROL_NUMBER = "1-800-222-1222"
POISONING = {
    "en-US": SafetyAnswer(
        POISON,
        "Call 911 or Poison Control now, at one, eight hundred, two two two, one two two two. "
        "They can tell you what to do about the amount taken. " + CANNOT_DIAL,
        "Call 911 or Poison Control", "Heat, ice, and medicines: be safe with medicines",
        "Call 911, or Poison Control at one, eight hundred, two two two, one two two two. "
        "To hear this again, say repeat.",
        card_text="Call 911 or Poison Control now: " + POISON_CONTROL_NUMBER + ". They can tell you "
                  "what to do about the amount taken. " + CANNOT_DIAL,
    ),
    "en-CA": SafetyAnswer(
        POISON,
        "Call 911 or your provincial poison centre now. They can tell you what to do about the "
        "amount taken. " + CANNOT_DIAL,
        "Call 911 or a poison centre", "Heat, ice, and medicines: be safe with medicines",
        "Call 911, or your provincial poison centre. To hear this again, say repeat.",
    ),
}


#: "I took two ibuprofen this morning, is that OK": one or two of a medicine may be what its label
#: says, so Poison Control comes on a condition, and still first; nothing about doses.
WITHIN_LABEL_MAYBE = {
    "en-US": "If that's more than the label says, call Poison Control now, at one, eight hundred, "
             "two two two, one two two two, or 911. If it's within the label, follow it for when "
             "you can take more.",
    "en-CA": "If that's more than the label says, call your provincial poison centre now, or 911. "
             "If it's within the label, follow it for when you can take more.",
}
WITHIN_LABEL_MAYBE_REPROMPT = "Want to hear what else helps a back spasm?"
WITHIN_LABEL_MAYBE_CARD = "Medicines: follow the label"
#: Counts that may be within a label, said of oneself with a medicine named.
MAYBE_WITHIN_LABEL = (1, 2)


def within_label_words(locale: str | None) -> str:
    """The poison line on a condition, for the locale (as ``poisoning_answer``)."""
    return WITHIN_LABEL_MAYBE["en-CA"] if locale == "en-CA" else WITHIN_LABEL_MAYBE["en-US"]


def poisoning_answer(locale: str | None) -> SafetyAnswer:
    """The too-much-medicine answer for the locale: Poison Control's number in the US, the
    provincial poison centre in Canada."""
    return POISONING["en-CA"] if locale == "en-CA" else POISONING["en-US"]


#: After a 911 (or doctor-now) answer, until help is said to be coming or the person asks about
#: something else: "what do I do now" keeps the call first, then the one thing that helps.
STILL_CALL_911 = (
    "Call 911 now, if you haven't already; this skill can't call for you. While you wait, lie "
    "in the position that hurts least. Tell me when help is on the way."
)
STILL_CALL_POISON = {
    "en-US": "Call 911 or Poison Control now, if you haven't already, at one, eight hundred, two two "
             "two, one two two two. This skill can't call for you. Tell me when you've called.",
    "en-CA": "Call 911 or your provincial poison centre now, if you haven't already. This skill "
             "can't call for you. Tell me when you've called.",
}
STILL_CALL_DOCTOR = (
    CALL_DOCTOR_NOW_FIRST + " Meanwhile, lie however hurts least, and try heat or ice over a "
    "thin cloth. Tell me when you've called."
)
STILL_CALL_REPROMPT = "Please make the call now. Tell me when help is on the way."
STILL_CALL_CARD = "Call for help first"
#: "The ambulance is on its way", "I called them": the call is made; what helps while waiting.
HELP_COMING = (
    "Good. While you wait, lie in the position that hurts least, and if anything gets worse "
    "before help arrives, call 911 again. Want me to stay and help with anything else?"
)
HELP_COMING_REPROMPT = "Is there anything else I can help with? " + EMERGENCY_REMINDER
HELP_COMING_CARD = "While you wait"
#: "Help is coming" when nothing was urgent: a plain acknowledgement, with the 911 sentence.
HELP_COMING_NOTHING_OPEN = (
    "Okay. While you wait, lie in the position that hurts least. " + EMERGENCY_REMINDER +
    " Want to hear what else helps?"
)

#: "Call my doctor for me", "call my wife": the skill cannot, and says so at once.
CALL_FOR_ME = SafetyAnswer(
    UNRECOGNISED,
    "If this is an emergency, call 911 now. This skill can't make phone calls "
    "or send messages, so use a phone, or ask someone near you to call.",
    "This skill can't make calls",
    _WHEN_TO_CALL + ", call 911",
    "Is there anything else I can help with? " + EMERGENCY_REMINDER,
)
