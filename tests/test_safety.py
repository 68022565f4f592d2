"""Emergency signs reach 911 (or the doctor, by the guide's tiers) from anywhere."""

import json
import pathlib
import re

import doors
import pytest
from envelopes import Conversation, connections_response, slot

from skill.content import safety
from skill.speech import first_sentence

MODELS = sorted(pathlib.Path(__file__).resolve().parent.parent.glob("interaction_models/*.json"))

TIER_OF_SYMPTOM = {
    "CANNOT_MOVE_LIMB": safety.CALL_911,
    "LOSS_OF_BLADDER_OR_BOWEL_CONTROL": safety.CALL_DOCTOR_NOW,
    "NEW_NUMBNESS_OR_TINGLING": safety.CALL_DOCTOR_NOW,
    "NEW_WEAKNESS": safety.CALL_DOCTOR_NOW,
    "NEW_OR_WORSE_PAIN": safety.CALL_DOCTOR_NOW,
    "FEVER": safety.CONTACT_DOCTOR,
    "WEIGHT_LOSS": safety.CONTACT_DOCTOR,
    "FEELING_UNWELL": safety.CONTACT_DOCTOR,
    "NOT_IMPROVING": safety.CONTACT_DOCTOR,
    "STUCK": safety.STUCK_TIER,
    # Pain with no place named is the back spasm itself: the everyday first moves.
    "PAIN": "everyday",
    # A fall or an accident: not a guide sign, but "call 911 if you may need emergency care" first.
    "INJURY": "injured",
    # Descriptions the reader reads word by word; its name alone ("something is wrong") names
    # no sign, so the answer is the conservative one.
    "DESCRIPTION": safety.UNRECOGNISED,
}
DOCTOR_NOW_FIRST = ("Call your doctor now or get medical care right away, "
                    "and call 911 if it may be an emergency.")


def symptom(words=None, value_id=None, no_match=False):
    return slot("symptom", words, value_id, "SymptomType", no_match=no_match)


def body_part(words, value_id=None):
    return slot("body_part", words, value_id, "BodyPartType", no_match=value_id is None)


def assert_safe_answer(said, tier):
    """The tier's words first; the session stays open, so "repeat" can say it again."""
    opening = first_sentence(said.speech)
    if tier == safety.CALL_911:
        assert opening == "Call 911 now.", said.speech
        assert said.card["title"] == "Call 911 now"
        assert said.card["content"].startswith("Call 911 now.")
        assert "can't make phone calls" in said.speech
    elif tier == safety.CALL_DOCTOR_NOW:
        assert opening == DOCTOR_NOW_FIRST, said.speech
    elif tier == safety.CONTACT_DOCTOR:
        assert opening.startswith("Please contact your doctor"), said.speech
        assert "call your doctor now" in said.speech.lower() and "call 911" in said.speech.lower()
    elif tier == safety.STUCK_TIER:
        assert opening == "If an arm or a leg won't move at all, call 911 now.", said.speech
        assert "pillows" in said.speech and "heat or ice" in said.speech
    elif tier in ("everyday", safety.UNRECOGNISED) and said.card["title"] == safety.STILL_CALL_CARD:
        # A call an earlier answer asked for is still to be made: it stays first.
        assert opening.startswith(("Call 911", "Call your doctor now")), said.speech
    elif tier == "everyday":
        assert said.card["title"] == "What to do now", said.speech
    elif tier == "injured":
        assert opening == "After a fall or an accident, if you think you may need emergency care, call 911 now."
        assert "can't get up" in said.speech and "broken" in said.speech
    else:
        assert opening == "If this could be an emergency, call 911 now.", said.speech
        assert "call your doctor" in said.speech
    assert said.ended is False
    assert said.reprompt
    assert not said.directives


def distinct_emergency_requests():
    """One case per distinct request the EmergencyIntent samples of every model can send.

    A sample's wording never reaches the skill, only the intent and its symptom
    slot do, so the samples of a locale collapse to one request per symptom
    value (said with its first synonym) plus the one with no symptom.
    """
    requests = {}
    for path in MODELS:
        language_model = json.loads(path.read_text())["interactionModel"]["languageModel"]
        types = {t["name"]: t for t in language_model["types"]}
        intent = next(i for i in language_model["intents"] if i["name"] == "EmergencyIntent")
        for sample in intent["samples"]:
            if "{symptom}" not in sample:
                requests[(path.stem, None, None)] = safety.CALL_911
                continue
            for value in types["SymptomType"]["values"]:
                words = value["name"].get("synonyms", [value["name"]["value"]])[0]
                if value["id"] == "DESCRIPTION":
                    words = value["name"]["value"]
                requests[(path.stem, words, value["id"])] = TIER_OF_SYMPTOM[value["id"]]
    return [pytest.param(locale, words, symptom_id, tier,
                         id=f"{locale}:{symptom_id or 'no symptom'}")
            for (locale, words, symptom_id), tier in requests.items()]


def test_every_symptom_id_has_a_tier_and_every_sign_an_answer():
    from skill import triage

    for symptom_id, tier in TIER_OF_SYMPTOM.items():
        reading = triage.read_symptom([None], symptom_id)
        assert reading.tier == tier, symptom_id
        if tier in (safety.CALL_911, safety.CALL_DOCTOR_NOW, safety.CONTACT_DOCTOR, safety.STUCK_TIER):
            assert safety.ANSWERS_BY_SIGN[reading.sign].tier == tier


@pytest.mark.parametrize("locale, words, symptom_id, tier", distinct_emergency_requests())
def test_every_emergency_request_of_every_model_routes_to_its_tier(locale, words, symptom_id, tier):
    slots = [symptom(words, symptom_id)] if words else [symptom()]
    assert_safe_answer(Conversation(locale=locale).ask("EmergencyIntent", *slots), tier)


def test_symptom_alexa_could_not_match_is_answered_conservatively():
    said = Conversation().ask("EmergencyIntent", symptom("my toes are purple", no_match=True))
    assert_safe_answer(said, safety.UNRECOGNISED)


def test_pain_where_the_guide_names_it_is_a_doctor_now_sign_but_back_pain_is_everyday_care():
    said = Conversation().ask("EmergencyIntent", symptom("hurts", "PAIN"), body_part("leg", "LEG"))
    assert_safe_answer(said, safety.CALL_DOCTOR_NOW)
    said = Conversation().ask("EmergencyIntent", symptom("is killing me", "PAIN"), body_part("back", "BACK"))
    assert_safe_answer(said, "everyday")


@pytest.mark.parametrize("symptom_words, part_words, tier", [
    ("went dead", "leg", safety.CALL_911),
    ("is just hanging there", "arm", safety.CALL_911),
    ("bladder let go", None, safety.CALL_DOCTOR_NOW),
    ("numbness", "groin", safety.CALL_DOCTOR_NOW),
    ("pins and needles", "left foot", safety.CALL_DOCTOR_NOW),
    ("running a fever", None, safety.CONTACT_DOCTOR),
    ("can barely move", None, safety.STUCK_TIER),
    ("can't move", "leg", safety.CALL_911),
    ("don't have any numbness", None, "everyday"),
    # "Nothing" after feel or move says what is lost, not that all is well.
    ("could feel nothing below my neck", None, safety.CALL_911),
    ("could move nothing", "leg", safety.CALL_911),
    ("can feel nothing in my", "foot", safety.CALL_DOCTOR_NOW),
    ("feel no tingling at all", None, "everyday"),
    ("i've lost all use of", "leg", safety.CALL_911),
    ("is not moving", "arm", safety.CALL_911),
    ("can't tell when i need to wee anymore", None, safety.CALL_DOCTOR_NOW),
    ("can't feel when i need to go number two", None, safety.CALL_DOCTOR_NOW),
    ("his back went into spasm and he can't get himself up", None, safety.STUCK_TIER),
    ("i'm too sore to get up", None, safety.STUCK_TIER),
])
def test_words_alexa_could_not_resolve_are_read_with_the_triage_table(symptom_words, part_words, tier):
    slots = [symptom(symptom_words, no_match=True)]
    if part_words:
        slots.append(body_part(part_words))
    assert_safe_answer(Conversation().ask("EmergencyIntent", *slots), tier)


def test_a_no_heard_before_an_inability_does_not_deny_it():
    """"No, my leg won't do anything": an inability carries its own negation; nobody denies one
    by saying "no" before it."""
    said = Conversation().ask("EmergencyIntent", symptom("no it won't do anything", "CANNOT_MOVE_LIMB"),
                              body_part("leg's", "LEG"))
    assert_safe_answer(said, safety.CALL_911)
    # A denial of a sign is still one.
    said = Conversation().ask("EmergencyIntent", symptom("don't have any numbness", "NEW_NUMBNESS_OR_TINGLING"),
                              body_part("legs", "LEG"))
    assert_safe_answer(said, "everyday")


def test_a_resolved_value_and_the_words_disagree_and_the_more_urgent_wins():
    # Alexa resolved plain pain, but the words name a leg that won't move.
    said = Conversation().ask("EmergencyIntent", symptom("leg won't move it hurts", "PAIN"))
    assert_safe_answer(said, safety.CALL_911)


def test_repeat_right_after_an_emergency_answer_says_it_again():
    conversation = Conversation()
    first = conversation.ask("EmergencyIntent", symptom("can't move my leg", "CANNOT_MOVE_LIMB"))
    again = conversation.ask("AMAZON.RepeatIntent")
    assert again.speech == first.speech
    assert first_sentence(again.speech) == "Call 911 now."


def test_generic_emergency_with_no_symptom_says_call_911_first():
    assert_safe_answer(Conversation().ask("EmergencyIntent", symptom()), safety.CALL_911)


def test_cannot_move_leg_on_one_shot_launch_says_call_911_first():
    conversation = Conversation()
    said = conversation.ask("EmergencyIntent", symptom("can't move my leg", "CANNOT_MOVE_LIMB"))
    assert conversation.history[0] is said
    assert_safe_answer(said, safety.CALL_911)


def test_cannot_move_leg_mid_list_says_call_911_first():
    conversation = Conversation()
    conversation.ask("LyingPositionsIntent")
    conversation.ask("AMAZON.NextIntent")
    said = conversation.ask("EmergencyIntent", symptom("leg won't move", "CANNOT_MOVE_LIMB"))
    assert_safe_answer(said, safety.CALL_911)


def test_emergency_after_an_offer_says_call_911_first():
    conversation = Conversation()
    conversation.ask("StretchingIntent")
    conversation.ask("AMAZON.YesIntent")
    assert "Would you like to hear about" in conversation.history[-1].speech
    said = conversation.ask("EmergencyIntent", symptom())
    assert_safe_answer(said, safety.CALL_911)


def test_urgent_sign_during_a_permission_request_says_call_doctor_now_first():
    conversation = Conversation()
    conversation.ask("StartTreatmentSessionIntent", slot("treatment", "ice", "ICE", "TreatmentType"))
    said = conversation.ask("EmergencyIntent", symptom("wet myself", "LOSS_OF_BLADDER_OR_BOWEL_CONTROL"))
    assert_safe_answer(said, safety.CALL_DOCTOR_NOW)


def test_asking_the_skill_to_call_someone_names_911_says_it_cannot_call_and_stays_open():
    conversation = Conversation()
    conversation.ask("LyingPositionsIntent")
    said = conversation.ask("CallForMeIntent")
    assert first_sentence(said.speech) == "If this is an emergency, call 911 now."
    assert "can't make phone calls" in said.speech
    assert said.ended is False  # the person asked for a call, not to leave
    assert "911" in said.reprompt
    assert not claims_to_call(said.speech)


def test_watch_sign_keeps_the_conversation_open_and_says_what_would_make_it_urgent():
    conversation = Conversation()
    conversation.launch()
    said = conversation.ask("EmergencyIntent", symptom("a fever", "FEVER"))
    assert_safe_answer(said, safety.CONTACT_DOCTOR)
    assert said.ended is False


def test_emergency_answer_needs_no_storage(monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the database directory should be")
    doors.reconfigure(monkeypatch, sqlite_path=str(blocker / "memory.sqlite3"))
    said = Conversation().ask("EmergencyIntent", symptom("can't move my arm", "CANNOT_MOVE_LIMB"))
    assert_safe_answer(said, safety.CALL_911)


def test_emergency_in_reply_to_a_permission_answer_flow_still_first():
    conversation = Conversation()
    conversation.send(connections_response("DENIED"))
    said = conversation.ask("EmergencyIntent", symptom("can't move my leg", "CANNOT_MOVE_LIMB"))
    assert_safe_answer(said, safety.CALL_911)


# A claim that the skill or Alexa will place a call, notify or dispatch someone.
CLAIM_TO_CALL = re.compile(
    r"\b(i'll|i will|i am going to|i'm going to|i'm|i've|i have|let me|we'll|we will|"
    r"alexa will|alexa is|this skill will|i can|i could)\s+(now\s+)?"
    r"(call|calling|called|dial|dialing|dialled|dialed|contact|contacting|notify|notifying|"
    r"alert|alerting|send|sending|ring|phone|get you help|get help)\b",
    re.IGNORECASE,
)


def claims_to_call(text):
    return bool(CLAIM_TO_CALL.search(text))


@pytest.mark.parametrize("text, claims", [
    ("I'll call 911 for you.", True),
    ("Let me contact your doctor.", True),
    ("Alexa will dial 911.", True),
    ("I'm calling for help now.", True),
    ("I can call an ambulance.", True),
    ("Call 911 now.", False),
    ("This skill can't make phone calls, so use a phone.", False),
    ("I can time a session for you.", False),
])
def test_claim_to_call_detector_knows_a_claim_when_it_sees_one(text, claims):
    assert claims_to_call(text) is claims


def test_emergency_sign_in_a_request_without_a_session_says_call_911_first():
    from envelopes import Said, envelope, intent_request

    import lambda_handler

    request = intent_request("EmergencyIntent", symptom("can't move my leg", "CANNOT_MOVE_LIMB"))
    said = Said(lambda_handler.handler(envelope(request, with_session=False), None))
    assert first_sentence(said.speech) == "Call 911 now."


def test_a_failure_while_answering_an_emergency_still_says_call_911_first(monkeypatch):
    from skill.content import safety as safety_words

    monkeypatch.setattr(safety_words, "ANSWERS_BY_SIGN", None)
    said = Conversation().ask("EmergencyIntent", symptom("wet myself", "LOSS_OF_BLADDER_OR_BOWEL_CONTROL"))
    assert_safe_answer(said, safety.CALL_911)


@pytest.mark.parametrize("locale", ["en-US", "en-CA"])
def test_too_much_medicine_told_in_a_story_before_a_question_gets_poison_control_not_a_crash(locale):
    """The story's sign is answered first whatever it is, too much medicine included."""
    said = Conversation(locale=locale).ask(
        "WhatToDoIntent", slot("story", "my son swallowed a whole bottle of my pills", "STORY", "StoryType"))
    assert first_sentence(said.speech).startswith("Call 911 or")
    assert "poison" in first_sentence(said.speech).lower()
