"""Safety first: emergency signs, too much medicine, the call that must come first, Fallback,
and the error handlers.

These handlers are registered before all others. An answer that names a sign
depends on nothing but the request itself: no storage, no outside service.
Whatever the conversation was doing, an emergency sign gets the safe answer,
and if anything fails while answering one, the error handler still says to
call 911 first. Words that name no sign at all ("my back is killing me") are
handed to the everyday guidance.

After a 911, Poison Control or doctor-now answer the call stays first: until
the person says help is coming or asks about something else, "what do I do
now" is answered with the call first, then what helps while waiting
(``state.EMERGENCY``).

The session stays open after a safety answer, so that "repeat" says it again.
"""

import logging

from ask_sdk_core.dispatch_components import (
    AbstractExceptionHandler,
    AbstractRequestHandler,
)
from ask_sdk_core.response_helper import ResponseFactory
from ask_sdk_core.utils import get_locale, is_intent_name

from .. import last_resort, state
from ..content import guide, prompts, safety
from ..speech import Reply, join, to_ssml
from . import replies
from .slots import resolved_slot, slot_value

logger = logging.getLogger(__name__)

def described_words(handler_input, part_first: bool = False, with_negation: bool = True) -> list[str]:
    """The words Alexa heard, as clauses for ``triage.read_symptom``.

    A story comes first ("lifting the shopping"); then the person, the sign and the body part
    ("my son can't lift in my arm"); a second sign is its own clause, said of the same
    body part; the back problem, the place and a temperature are clauses of their own. The
    negative words said just before the sign ("can't", "no", "haven't been able to") come
    right before it, as said: the reader decides whether they report or deny.
    """
    from ..triage import DANGLING  # words that govern the next slot ("no | weakness")

    symptom, _ = resolved_slot(handler_input, "symptom")
    other, _ = resolved_slot(handler_input, "other_symptom")
    body_part, _ = resolved_slot(handler_input, "body_part")
    person, _ = resolved_slot(handler_input, "person")
    place, _ = resolved_slot(handler_input, "place")
    negation, _ = resolved_slot(handler_input, "negation") if with_negation else (None, None)
    problem, _ = resolved_slot(handler_input, "back_problem")
    activity, _ = resolved_slot(handler_input, "activity")
    temperature = slot_value(handler_input, "temperature")
    part = _possessed(body_part)
    # The body part comes after the sign it was said with ("won't move in my leg"): Alexa drops
    # the words that joined them, and the reader finds a place after a sign; said first, it would
    # become the subject of everything in the slot ("my buttocks | is sore on the right side").
    after = "in " + part if part else None
    before = None
    if part_first and part:
        before, after = part, None
    if part and symptom and (other or problem) and symptom.split()[-1].lower() in DANGLING:
        # "... and no | calf | that keeps collapsing": the sign words end in a word that governs
        # the next slot, so the body part was not said of them; said first, it stays clear of
        # the denial carried over to the next slot ("no keeps collapsing").
        before, after = part, None
    when_doing = slot_value(handler_input, "when_doing")
    when = "when i " + when_doing if when_doing else None  # "worse | when I stand": kept as said
    # "I never had a buzzing feeling in my leg | until today": a day said with "never" is the
    # day it started (the guide's "new"), whichever word Alexa dropped before it.
    until = "until then" if slot_value(handler_input, "since") and _says_any(symptom, ("never",)) else None
    first = " ".join(w for w in (before, _possessed(person), negation, symptom, when, after, until) if w)
    # A story said before the sign is read too, as its own clause: it never hides the sign.
    clauses = [activity] if activity else []
    if first:
        clauses.append(first)
    if other:
        clauses.append(other)  # said of the same limb, the reader finds it across the break
    if problem:
        clauses.append(problem)
    if place:
        clauses.append("in the " + place)
    if temperature:
        clauses.append("a temperature of " + temperature)  # the number says whether it is a fever
    aside = slot_value(handler_input, "aside")
    if aside:
        clauses.append(aside)  # "... even though | I've been drinking lots": read, never hiding the sign
    return clauses


def _possessed(words):
    """ "leg" -> "my leg"; words that already say whose are kept."""
    if not words:
        return None
    first = words.split()[0].lower()
    if first in ("my", "his", "her", "their", "your", "the", "both", "either", "one", "he", "she",
                 "they", "someone", "somebody"):
        return words
    return "my " + words


def _denies(words: str) -> bool:
    """Whether the sign's words hold a denial ("no numbness"): said first, the body part would
    become the subject the denial no longer reaches, so only the as-heard reading is kept.
    A negative word the reader reads as no denial ("that has never happened before", "I can't
    even") is none."""
    if not (_says_any(words, ("no", "not", "never", "without", "none", "zero")) or "n't" in (words or "")):
        return False
    from .. import triage

    _reading, findings = triage.explain(words)
    return not findings or any(finding.status == "denied" for finding in findings)


#: Words that, ending the sign's slot, leave an inability whose verb Alexa dropped.
_INABILITY_ENDINGS = ("can't", "cannot", "can not", "won't", "couldn't", "wouldn't", "unable to",
                      "able to", "not able", "can't get", "cannot get", "can not get", "couldn't get")


#: Said of a leg, the belly or the buttocks, these words alone report the guide's "new or worse".
_WORSE = ("new", "worse", "worsening")
#: Said of a place with nothing else, these words say it is well.
_FINE = ("fine", "ok", "okay", "alright", "all right", "normal")


#: Words that may come before "fine" ("totally fine", "pretty much okay").
_DEGREE = ("totally", "completely", "perfectly", "absolutely", "really", "pretty", "quite", "much",
           "actually", "both", "all", "still", "are", "is", "feel", "feels")


def _opens_saying_well(words) -> bool:
    """Whether the words open by saying something is well ("totally fine I can ...")."""
    said = (words or "").lower().replace("all right", "alright").split()
    while said and said[0] in _DEGREE:
        said.pop(0)
    return bool(said) and said[0] in _FINE


def _says_any(words, markers) -> bool:
    said = f" {' '.join((words or '').lower().split())} "
    return any(f" {marker} " in said for marker in markers)


#: Endings that, after a negation in the same words, leave an absence whose noun Alexa dropped
#: ("I don't really have any | between my legs": the feeling fell out).
_ABSENCE_ENDINGS = ("have any", "got any")


#: A reflexive or "back" left after the inability's verb ("he can't get himself | up").
_LEFT_AFTER_GET = ("myself", "himself", "herself", "themselves", "back")


def _ends_in_inability(words) -> bool:
    said_words = (words or "").lower().split()
    while said_words and said_words[-1] in _LEFT_AFTER_GET:
        said_words.pop()
    said = " ".join(said_words)
    if any(said == ending or said.endswith(" " + ending) for ending in _INABILITY_ENDINGS):
        return True
    return _denies(said) and any(said.endswith(" " + ending) for ending in _ABSENCE_ENDINGS)


def read_described_symptom(handler_input):
    """The ``triage.Reading`` of what was said in the symptom slots."""
    # Here, not at the top: the triage tables are loaded by the first described symptom, not by
    # every cold start (the safety handlers are always loaded).
    from .. import triage

    symptom, symptom_id = resolved_slot(handler_input, "symptom")
    body_part, body_part_id = resolved_slot(handler_input, "body_part")
    negation, negation_id = resolved_slot(handler_input, "negation")
    inability = bool(negation)
    heard_clauses = described_words(handler_input)
    if body_part and _opens_saying_well(symptom):
        # "my legs are | totally fine I can wiggle my toes it's just the spasm": the sign's words
        # open by saying the place is well, so the place was said first, as their subject.
        heard_clauses = described_words(handler_input, part_first=True)
    reading = triage.read_symptom(heard_clauses, symptom_id, body_part_id, inability)
    if body_part and symptom and not slot_value(handler_input, "person") and not _denies(symptom) \
            and not _opens_saying_well(symptom):
        # Alexa drops the words that joined the body part to the sign, so which came first is
        # not known ("my stomach | hurts ... along with my back"): read it said first as well,
        # and the more urgent reading wins.
        said_first = triage.read_symptom(described_words(handler_input, part_first=True), symptom_id,
                                         body_part_id, inability)
        reading = triage.most_urgent([reading, said_first])
    dangling = triage.inability_reading(body_part_id) if _ends_in_inability(symptom) else None
    if dangling is not None:
        # "... it's just that I can't | my left leg": the verb fell out between the slots, and an
        # inability said of a limb is the 911 sign (of the groin, belly or buttocks, doctor now).
        reading = triage.most_urgent([reading, dangling])
    if inability:
        # The negation slot holds the words Alexa heard before the sign, not always next to it
        # ("I didn't even feel myself go I just | wet the bed"): joined, they may read as a denial
        # that was never said of the sign. Only a denial heard inside the sign's own words is
        # explicit, so the sign read on its own is kept when it is more urgent.
        without = triage.read_symptom(described_words(handler_input, with_negation=False), symptom_id,
                                      body_part_id)
        reading = triage.most_urgent([reading, without])
    other_words, other_id = resolved_slot(handler_input, "other_symptom")
    for second_id in (other_id, resolved_slot(handler_input, "when_doing")[1]):
        if reading.tier == triage.UNRECOGNISED and second_id:
            # The second slot's value is the safety net too ("... I can't tell | pee").
            reading = triage.most_urgent([reading, triage.read_symptom(
                heard_clauses, second_id, body_part_id, inability)])
    heard = " ".join(w for w in (symptom, other_words) if w)
    lower_place = triage.is_lower_body(body_part_id) or triage.names_a_lower_place(heard)
    if lower_place and _says_any(heard, _WORSE) and not _denies(heard):
        # "the pain in | my butt cheek | is new and it's getting worse": the pain word fell out,
        # and what is new or worse in a leg, the belly or the buttocks is the guide's sign (the
        # place in its own slot, or named in the words: "burns | ... down my thighs ... worse").
        reading = triage.most_urgent([reading, triage.Reading(triage.CALL_DOCTOR_NOW, triage.LOWER_BODY_PAIN)])
    if reading.tier == triage.UNRECOGNISED and body_part and _says_any(heard, _FINE) and not _denies(heard):
        # "my legs are | fine it's | only my back": a place said to be fine, and nothing else.
        reading = triage.Reading(triage.EVERYDAY, None)
    if (negation_id or _ends_in_inability(symptom) or _ends_in_inability(other_words)) and \
            reading.sign == triage.INJURY:
        # "I haven't been able to | ... since I fell": an inability after a fall is a fall they
        # cannot get over, the unconditional 911 answer, whatever the lost verb was.
        reading = triage.Reading(triage.CALL_911, triage.SERIOUS_INJURY, other_person=reading.other_person)
    return reading


def _sign_words_heard(handler_input) -> bool:
    """Whether any words were heard where a sign or a body part is said."""
    return any(slot_value(handler_input, name) for name in ("symptom", "other_symptom", "body_part", "negation",
                                                            "when_doing"))


#: What "yes" offers after a safety answer that keeps helping.
_OFFER_AFTER = {safety.STUCK_TIER: "lying_positions", safety.UNRECOGNISED: "first_moves"}
#: Answers after which the call stays first until help is said to be coming.
_CALL_STAYS_FIRST = (safety.CALL_911, safety.POISON, safety.CALL_DOCTOR_NOW)


def send_safety_answer(handler_input, answer: safety.SafetyAnswer, other_person: bool = False):
    """Say a safety answer: the instruction first, the session open, the call kept first."""
    state.clear_topic(handler_input)
    offered_topic = _OFFER_AFTER.get(answer.tier)
    if offered_topic:
        state.set_offer(handler_input, state.OFFER_TOPIC, topic=offered_topic)
    state.mark_sign_heard(handler_input, answer.tier)  # a fallback keeps 911 for the rest of the session
    if answer.tier in _CALL_STAYS_FIRST:
        state.set_emergency(handler_input, answer.tier)
    return replies.send(handler_input, Reply(
        answer.words_for(other_person), reprompt=answer.reprompt, card_title=answer.card_title,
        card_text=answer.card_text or None))


class EmergencySignHandler(AbstractRequestHandler):
    """'I can't move my leg', 'my bladder let go', 'I'm stuck on the floor', 'I need an ambulance'."""

    def can_handle(self, handler_input):
        return is_intent_name("EmergencyIntent")(handler_input)

    def handle(self, handler_input):
        from .. import triage

        reading = read_described_symptom(handler_input)
        logger.info("symptom read at tier %s", reading.tier)
        since = slot_value(handler_input, "since")
        if since and (reading.tier == triage.EVERYDAY or (
                reading.tier == triage.GENERIC and not _sign_words_heard(handler_input))):
            # "My back's been killing me since Thursday", "since yesterday morning": no sign,
            # a day the pain started. Said with a sign, the sign's answer comes first instead.
            from .pain_start import answer_pain_start

            return answer_pain_start(handler_input, since)
        if reading.tier in (triage.EVERYDAY, triage.UNRECOGNISED) and state.emergency(handler_input):
            # A call is still to be made: words that name no new sign keep it first.
            return CallStaysFirstHandler().handle(handler_input)
        if reading.tier in (triage.EVERYDAY, triage.UNRECOGNISED):
            from .medicine_said import answer_medicine_in_words, names_a_medicine

            heard = " ".join(described_words(handler_input))
            if names_a_medicine(heard):
                # "I had stomach bleeding last year, is naproxen alright": no sign read, a medicine
                # named; the reasons to be careful in the same words are read as they would be
                # in the medicine question.
                return answer_medicine_in_words(handler_input, heard)
            topic = _topic_of_a_question(handler_input, heard)
            if topic is not None:
                # "Is sitting bad?" taken by the symptom intent: no sign, no place, a topic named.
                from .topics import read_chunk

                return read_chunk(handler_input, topic)
        if reading.tier == triage.EVERYDAY:
            # Imported here: the guide's topics are loaded by the first answer that reads one.
            from .topics import read_chunk

            return read_chunk(handler_input, "first_moves")
        if reading.tier == triage.UNRECOGNISED:
            answer = safety.UNRECOGNISED_SYMPTOM
        else:
            answer = _answer_for_sign(handler_input, reading)
        return send_safety_answer(handler_input, answer, reading.other_person)


def _topic_of_a_question(handler_input, heard: str):
    """The guide topic named by ``heard`` (the described words) when they hold no sign and no
    place on the body, or None."""
    from .. import triage
    from ..content.conversation import QUESTION_MARKERS, TOPIC_WORDS, kind_of_words

    if slot_value(handler_input, "body_part") or slot_value(handler_input, "person"):
        return None
    if triage.names_a_body_place(heard) or not _says_any(heard, QUESTION_MARKERS):
        return None
    return kind_of_words(heard, TOPIC_WORDS)


def _answer_for_sign(handler_input, reading):
    """The answer to a sign read (too much medicine is Poison Control's, by locale)."""
    from .. import triage

    if reading.sign == triage.POISONING:
        return safety.poisoning_answer(get_locale(handler_input))
    # A sign with no answer of its own is answered as an emergency, never with a crash.
    return safety.ANSWERS_BY_SIGN.get(reading.sign, safety.GENERIC_EMERGENCY)


#: The slots where a story told before a question arrives ("I've been on the floor since lunch,
#: what's the best way to lie?"), and one told after it ("..., I've heard both"): any intent may
#: carry them, and any words may be in them.
STORY_SLOT = "story"
ASIDE_SLOT = "aside"
#: Request attribute: the reading of this request's story, made once.
_STORY_READING = "bsc.story_reading"


def _story_reading(handler_input):
    """The triage reading of the story said before or after the question, or None if none was said."""
    attributes = handler_input.attributes_manager.request_attributes
    if _STORY_READING not in attributes:
        told = [slot_value(handler_input, name) for name in (STORY_SLOT, ASIDE_SLOT)]
        story = " ".join(words for words in told if words) or None
        if story is None:
            attributes[_STORY_READING] = None
        else:
            from .. import triage  # here: only a request with a story loads the table

            attributes[_STORY_READING] = triage.read_symptom((story,))
    return attributes[_STORY_READING]


class SignInStoryHandler(AbstractRequestHandler):
    """A sign told in the story before a question ("my leg went numb this morning, anyway,
    what's the best way to lie?"): the sign is answered first, whatever the question was."""

    def can_handle(self, handler_input):
        reading = _story_reading(handler_input)
        if reading is None:
            return False
        from .. import triage

        if is_intent_name("OverdoseIntent")(handler_input) and not _maybe_within_label(handler_input):
            return False  # too much medicine is answered first ("... because nothing was working")
        return reading.tier not in (triage.EVERYDAY, triage.GENERIC, triage.UNRECOGNISED)

    def handle(self, handler_input):
        reading = _story_reading(handler_input)
        logger.info("sign read in a story at tier %s", reading.tier)
        return send_safety_answer(handler_input, _answer_for_sign(handler_input, reading), reading.other_person)


class OverdoseHandler(AbstractRequestHandler):
    """'I took ten pills', 'she swallowed a whole bottle of Tylenol', 'I think I overdosed':
    911 or Poison Control first, for anyone, and nothing about doses."""

    def can_handle(self, handler_input):
        return is_intent_name("OverdoseIntent")(handler_input)

    def handle(self, handler_input):
        person, _ = resolved_slot(handler_input, "person")
        _, first_id = resolved_slot(handler_input, "medicine")
        _, second_id = resolved_slot(handler_input, "other_medicine")
        told_more = slot_value(handler_input, "story") or slot_value(handler_input, "aside")
        if first_id and second_id and first_id != second_id and not told_more:
            # "I took the Advil and then the Tylenol": two different medicines, neither said to
            # hold the other; the guide does not cover mixing them. The same one twice ("Advil and
            # then Motrin") is a double dose, answered below.
            from .medicine_said import careful_answer

            return careful_answer(handler_input, guide.MIXING_MEDICINES)
        if _daily_or_longer(slot_value(handler_input, "how_often")):
            # "Aleve every day for two months": daily, long-term use is a reason to ask a
            # doctor or pharmacist first, not a dose to be judged against the label.
            from .medicine_said import careful_answer

            return careful_answer(handler_input)
        if _maybe_within_label(handler_input) and (not person or slot_value(handler_input, "how_often")):
            state.set_offer(handler_input, state.OFFER_TOPIC, topic="first_moves")
            return replies.send(handler_input, Reply(
                join(safety.within_label_words(get_locale(handler_input)), guide.OFFER_FIRST_MOVES),
                reprompt=safety.WITHIN_LABEL_MAYBE_REPROMPT, card_title=safety.WITHIN_LABEL_MAYBE_CARD))
        return send_safety_answer(handler_input, safety.poisoning_answer(get_locale(handler_input)),
                                  other_person=bool(person))


def _daily_or_longer(how_often) -> bool:
    """Whether an ISO duration says every day or less often ("P1D", "P1W"), not within a day."""
    return bool(how_often) and how_often.startswith("P") and "T" not in how_often


def _maybe_within_label(handler_input) -> bool:
    """One or two of a named medicine, said of oneself, or a medicine taken every so often: perhaps
    what the label says (the skill never judges a dose or how often, so the label decides)."""
    if slot_value(handler_input, "how_often"):
        return True
    amount = slot_value(handler_input, "amount")
    medicine, _ = resolved_slot(handler_input, "medicine")
    try:
        count = int(amount) if amount else None
    except ValueError:
        return False
    return bool(medicine) and count in safety.MAYBE_WITHIN_LABEL


class CallForMeHandler(AbstractRequestHandler):
    """'Call my doctor', 'call my wife': say at once that the skill cannot, and name 911."""

    def can_handle(self, handler_input):
        return is_intent_name("CallForMeIntent")(handler_input)

    def handle(self, handler_input):
        answer = safety.CALL_FOR_ME
        state.mark_sign_heard(handler_input, answer.tier)
        # The session stays open: the person asked for a call, not to leave.
        return replies.send(handler_input, Reply(
            answer.speech, reprompt=answer.reprompt, card_title=answer.card_title))


class HelpIsComingHandler(AbstractRequestHandler):
    """'The ambulance is on its way', 'I've called 911', 'my wife is calling the doctor'."""

    def can_handle(self, handler_input):
        return is_intent_name("HelpIsComingIntent")(handler_input)

    def handle(self, handler_input):
        was_open = state.emergency(handler_input) is not None
        state.clear_emergency(handler_input)
        state.clear_topic(handler_input)
        speech = safety.HELP_COMING if was_open else safety.HELP_COMING_NOTHING_OPEN
        state.set_offer(handler_input, state.OFFER_TOPIC, topic="first_moves")
        return replies.send(handler_input, Reply(
            speech, reprompt=safety.HELP_COMING_REPROMPT, card_title=safety.HELP_COMING_CARD))


#: "What do I do now" and its kin: after a 911 answer these keep the call first.
_WHAT_NOW_INTENTS = ("WhatToDoIntent", "GuidedPlanIntent", "AMAZON.HelpIntent", "AMAZON.MoreIntent",
                     "AMAZON.NextIntent", "AMAZON.YesIntent", "AMAZON.FallbackIntent",
                     "ResumeTopicIntent")


class CallStaysFirstHandler(AbstractRequestHandler):
    """After 'call 911' (or Poison Control, or the doctor now), 'alright, now what should I do'
    still hears the call first, then what helps while waiting."""

    def can_handle(self, handler_input):
        return state.emergency(handler_input) is not None and any(
            is_intent_name(name)(handler_input) for name in _WHAT_NOW_INTENTS)

    def handle(self, handler_input):
        tier = state.emergency(handler_input)
        if tier == safety.POISON:
            locale = get_locale(handler_input)
            speech = safety.STILL_CALL_POISON["en-CA" if locale == "en-CA" else "en-US"]
        elif tier == safety.CALL_DOCTOR_NOW:
            speech = safety.STILL_CALL_DOCTOR
        else:
            speech = safety.STILL_CALL_911
        state.set_emergency(handler_input, tier)
        return replies.send(handler_input, Reply(
            speech, reprompt=safety.STILL_CALL_REPROMPT, card_title=safety.STILL_CALL_CARD))


class FallbackHandler(AbstractRequestHandler):
    """Alexa could not match the words (and sends none): steer back, keep the 911 sentence
    where it may be needed.

    The 911 sentence comes first in a fallback early in a session (its first two turns), after
    a safety answer or an early miss in this session, and on a second miss in a row: in each,
    what was not understood may be a sign. In a plainly everyday conversation a first miss is short: the
    question standing is asked again, or what can be asked is said. A second miss in a row is
    worded differently and offers the step-by-step plan.
    """

    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.FallbackIntent")(handler_input)

    def handle(self, handler_input):
        misses = state.session(handler_input).get(state.MISSES)
        misses = misses + 1 if type(misses) is int and misses > 0 else 1
        if misses == 1 and _plainly_everyday(handler_input):
            reply = _everyday_miss(handler_input)
        elif misses == 1:
            reply = Reply(prompts.FALLBACK, reprompt=prompts.FALLBACK_REPROMPT)
            if state.turn_number(handler_input) <= EARLY_TURNS:
                # Words not understood at the very start may have been a sign: the 911 sentence
                # stays first in this session's fallbacks.
                state.mark_sign_heard(handler_input, UNHEARD_EARLY)
        else:
            state.set_offer(handler_input, state.OFFER_TOPIC, topic="plan")
            reply = Reply(prompts.FALLBACK_AGAIN, reprompt=prompts.FALLBACK_AGAIN_REPROMPT)
        response = replies.send(handler_input, reply, remember=False)
        state.session(handler_input)[state.MISSES] = misses
        return response


#: Turns of a session in which a fallback always opens with 911: the launch and the first words.
EARLY_TURNS = 2
#: What ``state.SIGN_HEARD`` holds after words not understood in those turns.
UNHEARD_EARLY = "unheard_early"


def _plainly_everyday(handler_input) -> bool:
    """Past the first turns, with no safety answer in this session and no call pending."""
    turn = state.turn_number(handler_input)
    return (turn > EARLY_TURNS and not state.sign_heard(handler_input)
            and state.emergency(handler_input) is None)


def _everyday_miss(handler_input) -> Reply:
    """'Sorry, I missed that', then the question standing again, or what can be asked."""
    attributes = state.session(handler_input)
    standing = attributes.get(state.LAST_REPROMPT)
    if state.pending_offer(handler_input) and isinstance(standing, str) and standing:
        state.keep_offer(handler_input)  # the question asked last turn still stands
        return Reply(join(prompts.FALLBACK_EVERYDAY, standing), reprompt=standing)
    return Reply(join(prompts.FALLBACK_EVERYDAY, prompts.FALLBACK_EVERYDAY_HELP),
                 reprompt=prompts.FALLBACK_EVERYDAY_REPROMPT)


class CatchAllExceptionHandler(AbstractExceptionHandler):
    """Answer kindly whatever went wrong, keeping the 911 sentence.

    A failure while answering an emergency sign still gets "Call 911 now."
    first. The log names the exception type and where it was raised, never
    its message: messages can carry slot values, and those are the user's words.
    This handler cannot fail itself: the request is read defensively (it may
    have no ``request`` at all), and if the kind answer cannot be sent the
    normal way, it is built again from nothing.
    """

    def can_handle(self, handler_input, exception):
        return True

    def handle(self, handler_input, exception):
        request = getattr(handler_input.request_envelope, "request", None)
        request_type = last_resort.loggable_name(getattr(request, "object_type", None))
        logger.error("unhandled %s while handling %s at %s",
                     type(exception).__name__, request_type, _where(exception))
        # Start from a clean response: the failed handler may have half-built one.
        handler_input.response_builder = ResponseFactory()
        if last_resort.is_silent(request_type):
            return handler_input.response_builder.response
        # Read by hand: is_intent_name itself raises on an IntentRequest with no intent.
        reply = last_resort.reply_for(getattr(getattr(request, "intent", None), "name", None))
        try:
            return replies.send(handler_input, reply, remember=False)
        except Exception as failure:  # noqa: BLE001 - e.g. session attributes that are no dict
            logger.error("error answer failed too: %s", type(failure).__name__)
            builder = handler_input.response_builder = ResponseFactory()
            builder.speak(to_ssml(reply.speech))
            if reply.reprompt:
                builder.ask(to_ssml(reply.reprompt))
            return builder.set_should_end_session(reply.ends_session).response


def _where(exception) -> str:
    """``file:line in function`` of the innermost frame: code, never data."""
    traceback = exception.__traceback__
    while traceback is not None and traceback.tb_next is not None:
        traceback = traceback.tb_next
    if traceback is None:
        return "unknown"
    code = traceback.tb_frame.f_code
    return f"{code.co_filename.rsplit('/', 1)[-1]}:{traceback.tb_lineno} in {code.co_name}"
