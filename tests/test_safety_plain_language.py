"""Plain-language descriptions said to the simulator, in both locales: what Alexa says first.

Each class here was found by saying fresh phrasings through the whole request path (the
simulator's understanding of the interaction model, then the skill); the phrasings below are
those and variants of them, so that the class, not one sentence, is held.
"""

import pytest
from simulated import skill_device

from skill.content import guide
from skill.speech import first_sentence

DOCTOR_NOW = "call your doctor now"
CALL_911 = "call 911 now"
LOCALES = ("en-US", "en-CA")


@pytest.fixture(scope="module", params=LOCALES)
def device(request):
    with skill_device(request.param) as simulated:
        yield simulated


def said_first(device, words):
    answer = device.say("ask back spasm coach " + words)
    return first_sentence(answer["speech"]).lower(), answer


#: What the first sentence must do, by what was described.
FIRST_SENTENCE = {
    "911": lambda first: first.startswith(CALL_911),
    "doctor now": lambda first: DOCTOR_NOW in first,
    "poison control": lambda first: first.startswith("call 911 or"),
    "no alarm": lambda first: "911" not in first and DOCTOR_NOW not in first,
    "911 on a fall": lambda first: first.startswith("after a fall or an accident") and "call 911" in first,
    "at least contact the doctor": lambda first: "911" in first or DOCTOR_NOW in first
    or first.startswith("please contact your doctor"),
}
#: (the class, what the first sentence must do, phrasings of it).
PLAIN_DESCRIPTIONS = [
    ("not having passed water is a bladder sign", "doctor now", [
        "I haven't had a wee since breakfast and my back is killing me",
        "I haven't been to the loo since yesterday morning",
        "I haven't been to the toilet all day",
        "haven't had a pee since last night"]),
    ("a denial made only by joining two slots does not lower a sign", "doctor now", [
        "I didn't even feel myself go I just wet the bed",
        "I didn't realise until I just wet myself"]),
    ("legs that will not go are the 911 sign", "911", [
        "he's trying to move his legs and they just won't go",
        "my legs won't go"]),
    ("an inability of a limb is 911 whatever is said around it", "911", [
        "I don't have a fever or anything, it's just that I can't move my left leg",
        "my dad can't move either of his legs and he's been lying there an hour",
        "I can't move either leg"]),
    ("an ability said with a gapped 'but not' reports the inability", "911", [
        "I can move my arms but not my legs"]),
    ("a feeling said with a gapped 'but not' reports numbness", "doctor now", [
        "I can feel my right foot but not my left foot"]),
    ("an inability after a fall is 911 without a condition", "911", [
        "I haven't been able to move my arm since I fell",
        "I've been down on the floor for an hour, I fell and I can't get back up",
        "I took a spill on the deck and I can't get myself up off the ground",
        "I slipped in the bathroom and I can't get back up",
        "took a tumble down the stairs and can't get up",
        "I took a nasty spill down the stairs and I don't think I can stand",
        "I went down hard on the driveway and I can't get myself off the ground",
        "she fell in the tub and she can't get herself out",
        "my husband slipped on the ice and he's been lying on the driveway ten minutes, he can't get himself up"]),
    ("one side of the body that will not move is 911", "911", [
        "the whole right side of my body won't move"]),
    ("trying to pass water with nothing coming is a bladder sign", "doctor now", [
        "I've been trying to pee all morning and nothing comes out"]),
    ("worse said of the legs, the belly or the buttocks is the guide's 'worse'", "doctor now", [
        "it burns in my butt cheeks and down the back of my thighs and it's getting worse",
        "my legs are getting worse"]),
    ("an inability whose verb fell between the slots, said of a place named in the words",
     "doctor now", [
        "I can't even feel my groin when I touch it",
        "I'm struggling to feel my bottom when I touch it"]),
    ("'never happened before' after a sign is no denial of it", "doctor now", [
        "my knee is throbbing like mad and that has never happened before"]),
    ("a bladder sign noticed late is heard", "doctor now", [
        "I didn't even notice I'd wet myself until I saw the floor"]),
    ("a dose taken again, or a whole strip, is too much medicine", "poison control", [
        "oops I took my pills twice this morning, I forgot I already had them",
        "grandpa took his naproxen three times by mistake",
        "I overdid the painkillers, I think I overdosed",
        "I swallowed the whole strip of tablets",
        "oops, I took a second dose an hour after the first one",
        "I might have overdosed on my pain meds",
        "I think I overdosed on my pain meds",
        "I've been taking Tylenol and also NyQuil and I think that's too much acetaminophen"]),
    ("a medicine a small child got hold of, the same ingredient twice, or extra on top",
     "poison control", [
        "my toddler got hold of the advil bottle",
        "I took the advil and then the motrin an hour later",
        "I took a couple extra ibuprofen on top of my normal ones"]),
    ("a back said to be broken, however contracted, is 911", "911", [
        "my back's broken",
        "I think my back's broken, I heard a crack when I landed"]),
    ("a bladder sign said with an apology is heard", "doctor now", [
        "I leaked in my pants without knowing, sorry that's embarrassing"]),
    ("a recovery that has stalled, or feeling crummy, is at least a reason to contact the doctor",
     "at least contact the doctor", [
        "it was supposed to be better by now but it's the same as day one",
        "my back pain should be gone by now but it's not",
        "I just feel kind of crummy overall, not myself",
        "I'm feeling really run down and sick on top of the back thing"]),
    ("a road accident names 911 first and is never read as a bladder sign", "911 on a fall", [
        "I was in a bad car accident this morning and now my back is killing me"]),
    ("a sign said across or around a place is heard", "doctor now", [
        "there's a weird numbness across my belly",
        "there's a strange tingling around my bottom"]),
    ("too much medicine said by amount gets 911 or poison control first", "poison control", [
        "I took a handful of Advil because nothing was working",
        "I accidentally doubled up on my muscle relaxers",
        "I took way more Tylenol than the bottle says",
        "I took like nine ibuprofen in the last few hours"]),
    ("too much medicine said with a hedge or a repeat gets poison control first", "poison control", [
        "not sure but I might have taken too much tylenol",
        "I forgot I already took my pills and took them again"]),
    ("a sign heard only in the second slot is still the safety net", "doctor now", [
        "not sure if it's related but I can't tell when I need to pee anymore"]),
    ("new or worse said of the buttocks with the pain word lost is doctor now", "doctor now", [
        "the pain in my butt cheek is new and it's getting worse"]),
    ("pain said with when it happens raises no alarm", "no alarm", [
        "it hurts when I try to stand up straight",
        "it hurts every time I bend over"]),
    ("a place said fine or a daily pattern raises no alarm", "no alarm", [
        "my legs are fine, it's only my back",
        "it's the worst in the morning and eases up later"]),
    ("a place said fine before a sign word raises no alarm", "no alarm", [
        "my legs are totally fine, I can wiggle my toes, it's just the spasm",
        "my legs are completely fine it's just my back"]),
    ("worse when doing something is no change over time", "no alarm", [
        "it's worse when I try to stand up straight",
        "it's worse whenever I sit down",
        "it gets worse every time I bend"]),
    ("a sign denied of one place and handed to another is a report", "doctor now", [
        "it's not my legs that are numb, it's more around my bottom",
        "it isn't my foot that's tingling, it's my bum",
        "it's not my arm that's weak, it's my leg"]),
    ("no feeling said as not having any is numbness", "doctor now", [
        "I don't have any feeling in my foot",
        "I don't have feeling in my toes anymore",
        "I don't really have any feeling between my legs",
        "I am unable to feel my backside when I touch it"]),
    ("being unable to put weight on a foot is weakness", "doctor now", [
        "I am unable to put weight on my left foot"]),
    ("no movement said as there not being any is the 911 sign", "911", [
        "there isn't any movement in my right leg"]),
    ("a function named as a problem that is denied raises no alarm", "no alarm", [
        "no bladder or bowel problems, just the back"]),
    ("a child who ate someone's medicine is too much medicine", "poison control", [
        "my toddler got into my bag and ate some of my Aleve",
        "I think my son ate some of my Tylenol"]),
    ("a dose taken again by mistake is too much medicine", "poison control", [
        "I took my pills, then forgot and took another lot an hour later",
        "I forgot and took another dose"]),
    ("a sign never had until a day named is new", "doctor now", [
        "I never had a buzzing feeling in my right leg until today"]),
    ("a sign the person used to get is at least a reason to contact the doctor", "at least contact the doctor", [
        "I used to get numbness in my legs years ago"]),
    ("a fall or an accident with a broken bone or a new weakness is 911", "911", [
        "I got rear-ended this morning and now my legs feel weak",
        "my dad fell in the garage and can't get up",
        "I think I broke something when I fell, my hip is sitting at a weird angle",
        "she fell off the ladder and landed on her back, she's not moving her legs"]),
    ("a bladder sign said with what happened around it is heard", "doctor now", [
        "my pee just dribbles out and I can't stop it"]),
    ("weight loss said by clothes, or feeling not oneself, is at least a reason to contact the doctor",
     "at least contact the doctor", [
        "my jeans are falling off me and I haven't been dieting",
        "I feel sort of off, not myself, ever since this started"]),
    ("not telling when the bladder is full is a bladder sign", "doctor now", [
        "I can't tell when my bladder is full"]),
    ("going over the label is too much medicine", "poison control", [
        "I went way over what the label says on the Aleve"]),
    ("a double dose, or a second medicine with the same ingredient, is too much", "poison control", [
        "I double dosed by mistake",
        "my husband double dosed on his Advil",
        "I took the Tylenol and then the cold medicine that also has acetaminophen in it",
        "I didn't realize my flu pills also had acetaminophen in them"]),
]
CASES = [(words, expected) for _, expected, phrasings in PLAIN_DESCRIPTIONS for words in phrasings]


@pytest.mark.parametrize("words, expected", CASES, ids=[words for words, _ in CASES])
def test_a_plain_description_gets_what_its_class_needs_first_and_never_a_dose(device, words, expected):
    first, answer = said_first(device, words)
    assert FIRST_SENTENCE[expected](first), (expected, answer["speech"])
    assert "milligram" not in answer["speech"].lower()


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
    "I took two ibuprofen this morning is that ok",
    "I took two tylenol an hour ago can I take more",
])
def test_one_or_two_of_a_medicine_names_the_poison_line_on_a_condition_and_no_dose(device, words):
    first, answer = said_first(device, words)
    assert first.startswith("if that's more than the label says, call"), answer["speech"]
    assert "follow it for when you can take more" in answer["speech"].lower()


@pytest.mark.parametrize("words", ["is too much ibuprofen bad for you", "can you take too much tylenol"])
def test_a_general_question_about_too_much_medicine_is_a_label_answer_not_an_alarm(device, words):
    first, answer = said_first(device, words)
    assert "911" not in first and "label" in answer["speech"].lower(), answer["speech"]


@pytest.mark.parametrize("words", [
    "I've been taking Tylenol every two hours all day",
    "I've been taking Advil every three hours",
])
def test_a_medicine_taken_every_so_often_names_the_poison_line_on_a_condition(device, words):
    first, answer = said_first(device, words)
    assert first.startswith("if that's more than the label says, call"), answer["speech"]
    assert "milligram" not in answer["speech"].lower()


@pytest.mark.parametrize("words", [
    "it's been six weeks and it's still the same",
    "it's been three weeks and it's no better",
])
def test_saying_how_long_it_has_lasted_puts_contact_the_doctor_first(device, words):
    first, answer = said_first(device, words)
    assert first.startswith("please contact your doctor"), answer["speech"]


@pytest.mark.parametrize("words", ["should I crack my back", "I tried to crack my back and now it hurts more",
                                   "I'm peeing fine and my bowels are fine, I'm just sore"])
def test_everyday_words_beside_a_sign_word_raise_no_alarm(device, words):
    first, answer = said_first(device, words)
    assert FIRST_SENTENCE["no alarm"](first), answer["speech"]


def test_two_different_medicines_taken_ask_a_pharmacist_and_raise_no_poison_alarm(device):
    first, answer = said_first(device, "I took the advil and then the tylenol")
    assert "pharmacist" in first and "911" not in first, answer["speech"]


#: (the class, phrasings): a reason to be careful with a medicine, said any way, asks a doctor
#: or pharmacist first and never endorses one ("the one to try", "work best", "take more").
ASK_FIRST = [
    ("alcohol is a reason to be careful", [
        "I drink a lot is tylenol ok",
        "I had a few beers can I take ibuprofen",
        "I've been drinking can I take tylenol"]),
    ("a doctor who said not to take a medicine", [
        "my doctor told me not to take ibuprofen should I take it anyway"]),
    ("a reason heard as a symptom, with a medicine named", [
        "I had stomach bleeding last year, is naproxen alright"]),
    ("a child's or an older adult's age said with the question", [
        "I'm seventy eight, can I take naproxen",
        "can my fourteen year old take aleve",
        "he's seventy two, is Advil okay"]),
    ("kidneys said to be poor", [
        "my kidneys aren't great, what can I take"]),
    ("a reason to be careful told with its story", [
        "I have asthma and Advil sometimes sets it off, what should I take"]),
    ("daily long-term use, or a past ulcer", [
        "I've been taking Aleve every day for two months, is that okay",
        "I had a stomach ulcer last year, is ibuprofen okay"]),
]
ASK_FIRST_CASES = [words for _, phrasings in ASK_FIRST for words in phrasings]


@pytest.mark.parametrize("words", ASK_FIRST_CASES)
def test_a_reason_to_be_careful_asks_a_doctor_or_pharmacist_first_and_never_endorses(device, words):
    _first, answer = said_first(device, words)
    speech = answer["speech"].lower()
    assert "doctor or pharmacist" in speech, answer["speech"]
    assert not any(endorsement in speech for endorsement in ("the one to try", "work best", "take more")), \
        answer["speech"]


#: Said in the middle of a conversation, where a fallback no longer opens with 911: the sign
#: must be understood there too (a sample of the classes above, each its own kind).
MID_CONVERSATION = [
    ("oops I took my pills twice this morning, I forgot I already had them", "poison control"),
    ("I swallowed the whole strip of tablets", "poison control"),
    ("I leaked in my pants without knowing, sorry that's embarrassing", "doctor now"),
    ("I just feel kind of crummy overall, not myself", "at least contact the doctor"),
    ("I took a spill on the deck and I can't get myself up off the ground", "911"),
]


@pytest.mark.parametrize("words, expected", MID_CONVERSATION, ids=[words for words, _ in MID_CONVERSATION])
def test_a_sign_said_mid_conversation_gets_what_its_class_needs_first(device, words, expected):
    device.say("open back spasm coach")
    device.say("what helps a back spasm")
    device.say("next")
    answer = device.say(words)
    first = first_sentence(answer["speech"]).lower()
    assert FIRST_SENTENCE[expected](first), (expected, answer["speech"])
    device.say("stop")

