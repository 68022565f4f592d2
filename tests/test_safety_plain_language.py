"""Plain-language descriptions said to the simulator, in both locales: what Alexa says first.

Each class here was found by saying fresh phrasings through the whole request path (the
simulator's understanding of the interaction model, then the skill); the phrasings below are
those and variants of them, so that the class, not one sentence, is held.
"""

import pytest
from alexa_simulator.device import Device
from simulated import MODELS_DIR

from skill.content import guide
from skill.speech import first_sentence

DOCTOR_NOW = "call your doctor now"
CALL_911 = "call 911 now"
LOCALES = ("en-US", "en-CA")


@pytest.fixture(scope="module", params=LOCALES)
def device(request):
    from skill.local import simulator_target
    from skill.settings import Settings

    target = simulator_target(Settings(storage="none"))
    with Device(target=target, models_dir=MODELS_DIR, locale=request.param, permission="none",
                clock="manual") as simulated:
        yield simulated
    target.close()


def said_first(device, words):
    answer = device.say("ask back spasm coach " + words)
    return first_sentence(answer["speech"]).lower(), answer


@pytest.mark.parametrize("words", [
    "I haven't had a wee since breakfast and my back is killing me",
    "I haven't been to the loo since yesterday morning",
    "I haven't been to the toilet all day",
    "haven't had a pee since last night",
])
def test_not_having_passed_water_is_a_bladder_sign(device, words):
    first, answer = said_first(device, words)
    assert DOCTOR_NOW in first, answer["speech"]


@pytest.mark.parametrize("words", [
    "I didn't even feel myself go I just wet the bed",
    "I didn't realise until I just wet myself",
])
def test_a_denial_made_only_by_joining_two_slots_does_not_lower_a_sign(device, words):
    first, answer = said_first(device, words)
    assert DOCTOR_NOW in first, answer["speech"]


@pytest.mark.parametrize("words", [
    "he's trying to move his legs and they just won't go",
    "my legs won't go",
])
def test_legs_that_will_not_go_are_the_911_sign(device, words):
    first, answer = said_first(device, words)
    assert first.startswith(CALL_911), answer["speech"]


@pytest.mark.parametrize("words", [
    "my back's sore my legs are fine",
    "my back is sore and my legs feel fine",
    "I can feel my feet fine but my lower back is really tight",
])
def test_a_place_said_fine_in_a_clause_of_its_own_raises_no_alarm(device, words):
    first, answer = said_first(device, words)
    assert DOCTOR_NOW not in first and "911" not in first, answer["speech"]
    assert answer["card"]["title"] == guide.FIRST_MOVES.card_title, answer


@pytest.mark.parametrize("words", [
    "my temperature is ninety eight point six",
    "my temperature is thirty seven",
])
def test_a_normal_temperature_is_no_fever(device, words):
    _first, answer = said_first(device, words)
    assert "fever" not in answer["speech"].lower(), answer["speech"]


@pytest.mark.parametrize("words", [
    "my temperature is thirty nine",
    "I've got a fever of a hundred and one",
])
def test_a_temperature_in_the_fever_range_is_a_fever(device, words):
    first, answer = said_first(device, words)
    assert first.startswith("please contact your doctor about the fever"), answer["speech"]


@pytest.mark.parametrize("words", [
    "I drink a lot is tylenol ok",
    "I had a few beers can I take ibuprofen",
    "I've been drinking can I take tylenol",
])
def test_alcohol_is_a_reason_to_ask_a_pharmacist_first(device, words):
    _first, answer = said_first(device, words)
    speech = answer["speech"].lower()
    assert "doctor or pharmacist" in speech, answer["speech"]
    assert "the one to try" not in speech and "work best" not in speech, answer["speech"]


@pytest.mark.parametrize("words", [
    "I took a handful of Advil because nothing was working",
    "I accidentally doubled up on my muscle relaxers",
    "I took way more Tylenol than the bottle says",
    "I took like nine ibuprofen in the last few hours",
])
def test_too_much_medicine_said_by_amount_gets_911_or_poison_control_first(device, words):
    first, answer = said_first(device, words)
    assert first.startswith("call 911 or"), answer["speech"]
    assert "milligram" not in answer["speech"].lower()


@pytest.mark.parametrize("words", [
    "I took two ibuprofen this morning is that ok",
    "I took two tylenol an hour ago can I take more",
])
def test_one_or_two_of_a_medicine_names_the_poison_line_on_a_condition_and_no_dose(device, words):
    first, answer = said_first(device, words)
    assert first.startswith("if that's more than the label says, call"), answer["speech"]
    assert "follow it for when you can take more" in answer["speech"].lower()


@pytest.mark.parametrize("words", [
    "I don't have a fever or anything, it's just that I can't move my left leg",
    "my dad can't move either of his legs and he's been lying there an hour",
    "I can't move either leg",
])
def test_an_inability_of_a_limb_is_911_whatever_is_said_around_it(device, words):
    first, answer = said_first(device, words)
    assert first.startswith(CALL_911), answer["speech"]


def test_an_inability_after_a_fall_is_911_without_a_condition(device):
    first, answer = said_first(device, "I haven't been able to move my arm since I fell")
    assert first.startswith(CALL_911), answer["speech"]


@pytest.mark.parametrize("words", [
    "there's a weird numbness across my belly",
    "there's a strange tingling around my bottom",
])
def test_a_sign_said_across_or_around_a_place_is_heard(device, words):
    first, answer = said_first(device, words)
    assert DOCTOR_NOW in first, answer["speech"]


@pytest.mark.parametrize("words", [
    "it hurts when I try to stand up straight",
    "it hurts every time I bend over",
])
def test_pain_said_with_when_it_happens_raises_no_alarm(device, words):
    first, answer = said_first(device, words)
    assert "911" not in first and DOCTOR_NOW not in first, answer["speech"]


def test_a_doctor_who_said_not_to_take_a_medicine_gets_ask_first(device):
    _first, answer = said_first(device, "my doctor told me not to take ibuprofen should I take it anyway")
    speech = answer["speech"].lower()
    assert "doctor or pharmacist" in speech and "the one to try" not in speech, answer["speech"]


@pytest.mark.parametrize("words", [
    "not sure but I might have taken too much tylenol",
    "I forgot I already took my pills and took them again",
])
def test_too_much_medicine_said_with_a_hedge_or_a_repeat_gets_poison_control_first(device, words):
    first, answer = said_first(device, words)
    assert first.startswith("call 911 or"), answer["speech"]


@pytest.mark.parametrize("words", ["is too much ibuprofen bad for you", "can you take too much tylenol"])
def test_a_general_question_about_too_much_medicine_is_a_label_answer_not_an_alarm(device, words):
    first, answer = said_first(device, words)
    assert "911" not in first and "label" in answer["speech"].lower(), answer["speech"]


def test_a_sign_heard_only_in_the_second_slot_is_still_the_safety_net(device):
    first, answer = said_first(device, "not sure if it's related but I can't tell when I need to pee anymore")
    assert DOCTOR_NOW in first, answer["speech"]


def test_new_or_worse_said_of_the_buttocks_with_the_pain_word_lost_is_doctor_now(device):
    first, answer = said_first(device, "the pain in my butt cheek is new and it's getting worse")
    assert DOCTOR_NOW in first, answer["speech"]


@pytest.mark.parametrize("words", ["my legs are fine, it's only my back",
                                   "it's the worst in the morning and eases up later"])
def test_a_place_said_fine_or_a_daily_pattern_raises_no_alarm(device, words):
    first, answer = said_first(device, words)
    assert "911" not in first and DOCTOR_NOW not in first, answer["speech"]
