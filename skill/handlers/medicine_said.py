"""A medicine named in words another intent took ("I had stomach bleeding last year, is naproxen
alright" heard as a described symptom): answered as the medicine question it is, with the same
reasons to be careful as ``MedicineHandler``. It imports no handler area.
"""

from .. import state
from ..content import guide
from ..content import medicine as words
from ..speech import Reply, join
from . import replies
from .topics import read_topic

#: Words that name a medicine the guide speaks of, or one it sends to a pharmacist.
_NAMED = words.NSAID_WORDS + words.ACETAMINOPHEN_WORDS + words.STORY_OTHER_MEDICINE_WORDS


def said_any(heard, markers) -> bool:
    """Whether ``heard`` holds any of ``markers`` (word starts: "pregnan" is pregnant, pregnancy)."""
    if not heard:
        return False
    said = " " + " ".join(heard.lower().replace("-", " ").split()) + " "
    return any(" " + marker in said for marker in markers)


def names_a_medicine(heard) -> bool:
    return said_any(heard, _NAMED)


def answer_medicine_in_words(handler_input, heard):
    """The medicine answer for words that name one: a reason to be careful or another medicine
    sends to a doctor or pharmacist first; "can't take" one names the other, as the guide does."""
    if said_any(heard, words.CAUTION_WORDS + words.STORY_OTHER_MEDICINE_WORDS):
        return careful_answer(handler_input)
    if said_any(heard, words.STORY_CANNOT_TAKE_WORDS):
        if said_any(heard, words.NSAID_WORDS):
            return read_topic(handler_input, "medicine", first_words=words.CANT_TAKE_NSAIDS)
        if said_any(heard, words.ACETAMINOPHEN_WORDS):
            return careful_answer(handler_input, words.CANT_TAKE_ACETAMINOPHEN)
        return careful_answer(handler_input)
    return read_topic(handler_input, "medicine")


def careful_answer(handler_input, speech: str = words.CAREFUL):
    """A doctor or pharmacist first (or the words given), then the offer of what helps."""
    state.clear_topic(handler_input)
    state.set_offer(handler_input, state.OFFER_TOPIC, topic="first_moves")
    return replies.send(handler_input, Reply(join(speech, guide.OFFER_FIRST_MOVES),
                                             reprompt=guide.OFFER_FIRST_MOVES,
                                             card_title=guide.MEDICINE.card_title))
