"""The assertion reader, rule by rule: what makes a sign reported, denied, old, asked about,
uncertain or someone else's (``skill/triage.py`` with the tables in ``skill/content``).

The whole request path is tested by ``tests/conversations/safety_reading.yaml`` and
``tests/test_safety_corpus.py``; these pin each rule of the reader on its own, with the issue's
own examples (these are the reader's tuning examples, never part of the frame corpus).
"""

import pytest

from skill import triage
from skill.content import safety
from skill.content import triggers as table

TIER_911, DOCTOR_NOW, CONTACT, STUCK = safety.CALL_911, safety.CALL_DOCTOR_NOW, safety.CONTACT_DOCTOR, safety.STUCK_TIER
EVERYDAY = triage.EVERYDAY


def tier(text):
    return triage.read(text).tier


@pytest.mark.parametrize("said", [
    "nothing like this numbness has ever happened to me",
    "I never lost feeling in my foot until today",
    "I haven't been able to pee since last night",
    "I couldn't hold it in",
    "not sure whether I wet the bed",
    "I've never had tingling like this before",
])
def test_a_negative_frame_that_reports_a_new_sign_is_a_report(said):
    assert tier(said) == DOCTOR_NOW


@pytest.mark.parametrize("said", [
    "I'm not able to lift my arm",
    "there's no movement in my foot at all",
    "nothing happens when I try to move my leg",
    "I tried to lift my leg and nothing happened",
    "he can't feel or move his legs",
    "I can't get my knee to do anything",
])
def test_plain_words_for_an_inability_are_the_911_sign(said):
    assert tier(said) == TIER_911


@pytest.mark.parametrize("said", ["can't feel anything in my right leg", "my foot has no feeling",
                                  "I don't feel my toes", "I'm not sure I can feel my toes"])
def test_numbness_said_as_an_absence_of_feeling_is_numbness(said):
    assert triage.read(said) == triage.Reading(DOCTOR_NOW, triage.NUMBNESS)


@pytest.mark.parametrize("said", [
    "I have a limp", "I'm limping", "I fell asleep on the couch", "pain at the bottom of my back",
    "I'm sick of this", "I lifted forty pounds and hurt my back", "my back hurts but I can walk",
    "my back hurts butt I can walk", "I hurt my back lifting with my legs", "pain behind my shoulder blade",
    "no pins and needles no weakness", "I'm sweating from the pain", "my back hurts when I move my leg",
])
def test_everyday_words_raise_no_alarm(said):
    assert tier(said) in (EVERYDAY, safety.UNRECOGNISED)


@pytest.mark.parametrize("said, expected", [
    ("I don't have any numbness", EVERYDAY),
    ("I haven't lost control of my bladder", EVERYDAY),
    ("my bladder is fine", EVERYDAY),
    ("the numbness is gone", EVERYDAY),
    ("no numbness but my leg won't move", TIER_911),
    ("no numbness just weakness in my legs", DOCTOR_NOW),
    ("I don't have numbness I have weakness", DOCTOR_NOW),
    # A pronoun is no explicit denial of an inability: "it's fine now" does not lower it.
    ("my leg wouldn't move earlier it's fine now", TIER_911),
])
def test_only_an_explicit_local_denial_of_that_very_sign_lowers_it(said, expected):
    assert tier(said) == expected


@pytest.mark.parametrize("said, expected", [
    ("I was carrying the shopping in and now my right leg won't move", TIER_911),
    ("my arm won't move and it's worse today", TIER_911),
    ("I think my back might be broken", TIER_911),
    ("I fell and I can't get up", TIER_911),
])
def test_a_story_never_hides_the_sign_and_the_most_urgent_reading_wins(said, expected):
    assert tier(said) == expected


@pytest.mark.parametrize("said, expected", [
    ("I've had sciatica for years", CONTACT),
    ("I used to get numbness in my foot", CONTACT),
    ("I've had numbness in my foot for years but it's worse now", DOCTOR_NOW),
    ("I lost control of my bladder last year", DOCTOR_NOW),
    ("I couldn't move my leg years ago", DOCTOR_NOW),
])
def test_an_old_sign_is_one_tier_lower_never_below_doctor_now_for_bladder_or_a_limb(said, expected):
    assert tier(said) == expected


def test_someone_elses_sign_is_triaged_the_same_and_marked_as_theirs():
    reading = triage.read("my son can't lift his arm")
    assert reading.tier == TIER_911 and reading.other_person


@pytest.mark.parametrize("said, expected", [
    ("what if my leg goes numb", DOCTOR_NOW),
    ("I think my foot might be numb", DOCTOR_NOW),
    ("I don't think I can move my leg", TIER_911),
])
def test_asked_about_and_uncertain_signs_are_reports(said, expected):
    assert tier(said) == expected


@pytest.mark.parametrize("said, expected", [
    ("I took ten pills", safety.POISON), ("my husband took a whole bottle of tylenol", safety.POISON),
    ("I took some ibuprofen", safety.UNRECOGNISED), ("I took two days off work", safety.UNRECOGNISED),
    ("I have a fever of a hundred and three", CONTACT), ("I'm running thirty nine and a half", CONTACT),
    ("I was running for thirty minutes", safety.UNRECOGNISED),
])
def test_numbers_said_aloud_too_much_medicine_and_a_temperature(said, expected):
    assert tier(said) == expected


@pytest.mark.parametrize("said, expected", [
    # Found by a fresh tester after the reader landed (their sentences, fixed in the tables).
    ("I can't move anything below my hips", TIER_911),
    ("I took extra tylenol, like double what it says", safety.POISON),
    ("I want to walk twice what I did yesterday", safety.UNRECOGNISED),
])
def test_a_line_across_the_body_and_more_than_the_label(said, expected):
    assert tier(said) == expected


def test_every_trigger_has_a_category_a_direction_and_a_reason():
    categories = {table.NEGATED, table.PSEUDO, table.INABILITY, table.PARTIAL, table.ABSENCE,
                  table.HISTORICAL, table.HYPOTHETICAL, table.UNCERTAIN, table.DOUBT,
                  table.OTHER_PERSON, table.CHANGE, table.TERMINATOR}
    for trigger in table.TRIGGERS:
        assert trigger.category in categories, trigger
        assert trigger.direction in (table.FORWARD, table.BACKWARD, table.BOTH), trigger
        assert trigger.reason.strip(), trigger
    assert {t.category for t in table.TRIGGERS} == categories


def test_every_sign_entry_says_why_and_every_sign_has_an_answer():
    from skill.content import triage as lexicon

    for entry in lexicon.SIGNS:
        assert entry.reason.strip() and entry.phrases
        if entry.sign != lexicon.BACK_PAIN:
            sign = entry.sign
            assert sign in safety.ANSWERS_BY_SIGN or sign == lexicon.POISONING, sign
    for sign in (triage.LIMB_BEFORE, triage.KNOWN_SIGN, triage.ARM_NUMBNESS_OR_WEAKNESS):
        assert sign in safety.ANSWERS_BY_SIGN


@pytest.mark.parametrize("heard, expected", [
    # A place left at the end of one slot is where the next slot's words happen.
    (["not only is my back sore but my belly", "hurting"], triage.CALL_DOCTOR_NOW),
    (["my back is sore but my inner thighs", "numb"], triage.CALL_DOCTOR_NOW),
    # Said again, never moved: the first clause keeps its own reading.
    (["i can't feel my leg", "burning"], triage.CALL_DOCTOR_NOW),
    # A denial left at the end of a slot still governs the next, and a place said first
    # stays clear of it.
    (["my back locked up and no", "night sweats"], triage.EVERYDAY),
    # A place carried to a slot that opens with a denial is where the denied sign would be, not
    # what is denied ("no my back muscles numbness" read the back as denied, the numbness not).
    (["cramping in my back muscles", "no numbness"], triage.EVERYDAY),
    (["my legs are fine but my belly", "no pain"], triage.EVERYDAY),
])
def test_words_split_across_slots_are_read_as_said(heard, expected):
    assert triage.read_symptom(heard).tier == expected


def test_an_inability_said_of_a_limb_with_words_lost_between_slots_is_never_lowered():
    """'maybe my thigh won't move I can't tell' heard as negation "won't", body part "thigh",
    symptom "i can't tell": the verb is lost, the inability of a limb is not."""
    heard = ["won't i can't tell in my thigh"]
    assert triage.read_symptom(heard).tier == triage.UNRECOGNISED
    assert triage.read_symptom(heard, None, "LEG", inability=True).tier == triage.CALL_911
    assert triage.read_symptom(heard, None, "GROIN", inability=True).tier == triage.CALL_DOCTOR_NOW
    assert triage.read_symptom(["won't i can't tell in my back"], None, "BACK", inability=True).tier not in \
        (triage.CALL_911, triage.CALL_DOCTOR_NOW)
    # The place named in the words themselves, with no body part slot ("can't even | my groin
    # when I touch it"), is read the same way.
    assert triage.read_symptom(heard, None, None, inability=True).tier == triage.CALL_911
    assert triage.read_symptom(["my groin when i touch it"], None, None, inability=True).tier == \
        triage.CALL_DOCTOR_NOW
