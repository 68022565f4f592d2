"""What a person hears when they ask about the guide's topics, and how they move through them."""

import pytest
from envelopes import Conversation, slot

from skill.content import guide, prompts
from skill.content import memory as memory_words
from skill.handlers.topics import offer_words
from skill.speech import word_count

TOPIC_INTENTS = {
    "HeatIceIntent": guide.HEAT_ICE,
    "MedicineIntent": guide.MEDICINE,
    "LyingPositionsIntent": guide.LYING_POSITIONS,
    "SittingIntent": guide.SITTING,
    "BedRestIntent": guide.BED_REST,
    "WalkingIntent": guide.WALKING,
    "StretchingIntent": guide.STRETCHING,
    "PreventionIntent": guide.PREVENTION,
    "WhenToCallIntent": guide.WHEN_TO_CALL,
}


@pytest.mark.parametrize("intent_name", sorted(TOPIC_INTENTS))
def test_one_shot_question_answers_first_chunk_in_one_breath_and_offers_more(intent_name):
    topic = TOPIC_INTENTS[intent_name]
    said = Conversation().ask(intent_name)
    assert said.speech.startswith(topic.chunks[0])
    # The first when-to-call answer names both urgent tiers (tests/test_content.py says why).
    assert word_count(topic.chunks[0]) <= (48 if topic is guide.WHEN_TO_CALL else 35)
    assert said.ended is False
    assert said.reprompt
    assert said.card["type"] == "Simple"
    assert said.card["title"] == topic.card_title
    assert topic.chunks[0] in said.card["content"]


#: Answers that end by asking "did this start today?" while the day is unknown: there
#: "yes" answers the question (tests/test_data_policy.py), and "next" reads on.
ASK_THE_DAY = {"BedRestIntent", "WalkingIntent"}


@pytest.mark.parametrize("intent_name", sorted(TOPIC_INTENTS))
def test_yes_reads_every_chunk_in_order_then_offers_a_related_topic(intent_name):
    topic = TOPIC_INTENTS[intent_name]
    conversation = Conversation()
    heard = [conversation.ask(intent_name).speech]
    for number, _ in enumerate(topic.chunks[1:]):
        if number == 0 and intent_name in ASK_THE_DAY:
            assert heard[0].endswith(memory_words.PAIN_DAY_QUESTION)
            heard.append(conversation.ask("AMAZON.NextIntent").speech)
            continue
        heard.append(conversation.ask("AMAZON.YesIntent").speech)
    for chunk, speech in zip(topic.chunks, heard, strict=True):
        assert speech.startswith(chunk)
    last = heard[-1]
    if topic.offer_next_topic:
        next_topic = guide.TOPICS[topic.offer_next_topic]
        assert offer_words(topic, topic.offer_next_topic) in last
        after_yes = conversation.ask("AMAZON.YesIntent")
        assert after_yes.speech.startswith(next_topic.chunks[0])
    else:
        assert prompts.ANYTHING_ELSE in last


def test_lying_positions_next_previous_repeat_across_chunk_boundaries():
    conversation = Conversation()
    positions = guide.LYING_POSITIONS.chunks
    assert conversation.ask("LyingPositionsIntent").speech.startswith(positions[0])
    assert "Say next for the next position." in conversation.history[-1].speech
    assert conversation.ask("AMAZON.NextIntent").speech.startswith(positions[1])
    assert conversation.ask("AMAZON.MoreIntent").speech.startswith(positions[2])
    assert conversation.ask("AMAZON.PreviousIntent").speech.startswith(positions[1])
    repeated = conversation.ask("AMAZON.RepeatIntent")
    assert repeated.speech == conversation.history[-2].speech
    assert conversation.ask("AMAZON.NextIntent").speech.startswith(positions[2])
    last = conversation.ask("AMAZON.NextIntent")
    assert last.speech.startswith(positions[3])
    assert last.speech.endswith("Would you like to hear about sitting?")
    assert conversation.ask("AMAZON.StartOverIntent").speech.startswith(positions[0])
    at_start = conversation.ask("AMAZON.PreviousIntent")
    assert at_start.speech.startswith("That's the beginning of lying positions.")
    assert positions[0] in at_start.speech


def test_next_after_the_last_chunk_takes_up_the_offered_topic_or_says_it_was_the_last():
    conversation = Conversation()
    conversation.ask("SittingIntent")
    conversation.ask("AMAZON.NextIntent")
    conversation.ask("AMAZON.NextIntent")
    assert conversation.ask("AMAZON.NextIntent").speech.startswith(guide.WALKING.chunks[0])

    conversation = Conversation()
    conversation.ask("WhenToCallIntent")
    conversation.ask("AMAZON.NextIntent")
    conversation.ask("AMAZON.NextIntent")
    at_end = conversation.ask("AMAZON.NextIntent")
    assert at_end.speech.startswith("That was the last part on when to call a doctor.")
    assert at_end.ended is False


def test_next_after_one_shot_question_continues_the_topic():
    conversation = Conversation()
    conversation.ask("WalkingIntent")
    assert conversation.ask("AMAZON.NextIntent").speech.startswith(guide.WALKING.chunks[1])


def test_no_declines_an_offer_and_keeps_listening():
    conversation = Conversation()
    conversation.ask("StretchingIntent")
    said = conversation.ask("AMAZON.NoIntent")
    assert said.speech == "Okay. " + prompts.ANYTHING_ELSE
    assert said.ended is False
    assert conversation.ask("AMAZON.YesIntent").speech.startswith("Sorry, I'm not sure")


def test_navigation_with_nothing_read_yet_guides_the_user():
    conversation = Conversation()
    conversation.launch()
    assert conversation.ask("AMAZON.NextIntent").speech == prompts.NOTHING_TO_CONTINUE
    assert conversation.ask("AMAZON.PreviousIntent").speech == prompts.NOTHING_TO_GO_BACK
    fresh = Conversation()
    assert fresh.ask("AMAZON.RepeatIntent").speech == prompts.NOTHING_TO_REPEAT
    assert fresh.ask("AMAZON.StartOverIntent").speech.startswith("You can ask")


@pytest.mark.parametrize("medicine_id, brand", [
    ("IBUPROFEN", "Advil"), ("IBUPROFEN", "motrin"), ("NAPROXEN", "Aleve"),
    ("NSAID", "anti-inflammatory"), ("ACETAMINOPHEN", "Tylenol"),
])
def test_named_medicine_is_explained_with_the_label_and_no_dose(medicine_id, brand):
    said = Conversation().ask("MedicineIntent", slot("medicine", brand, medicine_id, "MedicineType"))
    assert said.speech.startswith(guide.MEDICINE_BY_SLOT_ID[medicine_id])
    assert "label" in said.speech
    assert not any(unit in said.speech.lower() for unit in ("milligram", " mg", "tablet", "pill"))


def test_medicine_outside_the_guide_points_to_the_label_and_the_doctor():
    said = Conversation().ask("MedicineIntent",
                              slot("medicine", "oxycodone", type_name="MedicineType", no_match=True))
    assert said.speech.startswith(guide.MEDICINE_NOT_IN_GUIDE)


def test_medicine_question_without_a_name_reads_the_medicine_topic():
    said = Conversation().ask("MedicineIntent", slot("medicine"))
    assert said.speech.startswith(guide.MEDICINE.chunks[0])
    assert "label" in said.speech


def test_more_after_a_named_medicine_goes_on_to_acetaminophen():
    conversation = Conversation()
    conversation.ask("MedicineIntent", slot("medicine", "advil", "IBUPROFEN", "MedicineType"))
    assert conversation.ask("AMAZON.MoreIntent").speech.startswith(guide.MEDICINE.chunks[1])


def test_an_offer_answers_only_the_next_turn():
    conversation = Conversation()
    conversation.ask("StretchingIntent")
    conversation.ask("AMAZON.HelpIntent")
    assert conversation.ask("AMAZON.YesIntent").speech.startswith("Sorry, I'm not sure")


def test_repeat_asks_the_same_question_so_yes_still_answers_it():
    conversation = Conversation()
    first = conversation.ask("StretchingIntent")
    assert conversation.ask("AMAZON.RepeatIntent").speech == first.speech
    assert conversation.ask("AMAZON.YesIntent").speech.startswith(guide.STRETCHING.chunks[1])
