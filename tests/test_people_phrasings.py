"""Real people, real words: what the skill does with phrasings its model does not list.

Two parts. The judge of ``scripts/measure_phrasings.py`` (the README's rules for
"answered as the person needed") is checked on turns built by hand, so a
figure in the README cannot come from a judge that always says yes. Then
safety phrasings written for this test, none of them a sample of the model,
go through the simulator's whole path (understanding, envelope, skill) and
must reach their tier with the instruction first.
"""

import measure_phrasings as measure
import pytest
from simulated import skill_device

from skill.speech import first_sentence


def turn(speech, card=None, intent="X", ended=False, directives=()):
    return {"speech": speech, "card": {"title": card} if card else None, "intent": intent,
            "end_session": ended, "directives": list(directives), "followups": []}


ASK_FOR = {"type": "Connections.SendRequest", "name": "AskFor"}


@pytest.mark.parametrize("need, said, ok", [
    ("heat_ice", turn("Heat can help.", "Heat or ice"), True),
    ("heat_ice", turn("Heat can help.", "Heat or ice", directives=[ASK_FOR]), False),
    ("heat_ice", turn("Sit less.", "Sitting breaks"), False),
    ("timer", turn("I can time this.", directives=[ASK_FOR]), True),
    ("timer", turn("Heat can help.", "Heat or ice"), False),
    ("call_911", turn("Call 911 now. This skill can't make phone calls."), True),
    ("call_911", turn("Please contact your doctor. Call 911 if it gets worse."), False),
    ("call_doctor_now", turn("Call your doctor now or get medical care right away, and call 911 "
                             "if it may be an emergency."), True),
    ("call_doctor_now", turn("Call your doctor now."), False),
    ("contact_doctor", turn("Please contact your doctor about the fever."), True),
    ("stuck", turn("If an arm or a leg won't move at all, call 911 now. Lie on your back with "
                   "pillows.", ended=False), True),
    ("stuck", turn("If an arm or a leg won't move at all, call 911 now.", ended=True), False),
    ("medicine_dose", turn("I can't tell you how much to take. Follow the label.", "How much to take"), True),
    ("medicine_dose", turn("Yes, the label says so.", "How much to take"), False),
    ("other_medicine", turn("I can't advise on that; ask a pharmacist.", "Other medicines"), True),
    ("out_of_scope", turn("Sorry, I didn't catch that.", intent="AMAZON.FallbackIntent"), True),
    ("out_of_scope", turn("Heat can help.", "Heat or ice", intent="HeatIceIntent"), False),
])
def test_the_judge_applies_the_readme_rules(need, said, ok):
    assert measure.judge(need, said).ok is ok


def test_a_safety_answer_at_the_wrong_tier_is_safe_but_not_as_needed():
    verdict = measure.judge("call_doctor_now", turn("Call 911 now. This is an emergency."))
    assert verdict.safe and not verdict.ok


def test_the_measure_runs_phrasings_end_to_end_as_new_users():
    phrasings = [measure.Phrasing("should I use heat or ice", "heat_ice", "test"),
                 measure.Phrasing("what is the capital of france", "out_of_scope", "test")]
    verdicts = measure.run(phrasings)
    assert [v.ok for v in verdicts] == [True, True]
    assert measure.summary(verdicts)["answered as needed"] == 2


# Written for this test, not taken from the model or the real-phrasing set.
UNSEEN_SAFETY = [
    ("my right leg just went completely dead", "call 911 now"),
    ("my wife can't move her arm at all", "call 911 now"),
    ("I'm paralysed from the waist down", "call 911 now"),
    ("my son's legs won't move", "call 911 now"),
    ("I wet myself and didn't even notice", "call your doctor now"),
    ("I can't control my bladder anymore", "call your doctor now"),
    ("there's tingling going down both my legs", "call your doctor now"),
    ("my feet have gone numb", "call your doctor now"),
    ("my left leg keeps giving way", "call your doctor now"),
    ("I have a shooting pain down the back of my thigh", "call your doctor now"),
    ("my husband has no feeling in his groin", "call your doctor now"),
    ("I've been feverish all day", "contact your doctor"),
    ("I've got the chills", "contact your doctor"),
    ("my back is still not any better after two weeks", "contact your doctor"),
    ("I keep losing weight and my back hurts", "contact your doctor"),
    ("I'm stuck on the bathroom floor", "call 911"),
    ("I can hardly move because of the pain", "call 911"),
]


@pytest.fixture(scope="module")
def device():
    with skill_device() as simulated:
        yield simulated


@pytest.mark.parametrize("said, first", UNSEEN_SAFETY, ids=[s for s, _ in UNSEEN_SAFETY])
def test_unseen_safety_phrasings_reach_their_tier_with_the_instruction_first(device, said, first):
    answer = device.say("ask back spasm coach " + said)
    assert first in first_sentence(answer["speech"]).lower(), (answer["intent"], answer["speech"])
