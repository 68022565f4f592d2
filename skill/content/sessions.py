"""Timed sessions: every word the skill says about heat, ice, walk and sitting timers.

Sources in the guide (``shared/seed/back-spasm-care-source.txt``):

- heat and ice: Self-care section, Heat, ice, and medicines, bullet 1
  (either one, whichever feels better; ten to twenty minutes a time, a few
  times a day; a thin cloth against the skin; going back and forth is fine);
- walking: Self-care section, Activity, bullet 1 (start with five to ten
  minutes; flat ground, no hills or stairs yet);
- sitting: Self-care section, Body positions and posture, bullet 3 (change
  position every thirty minutes: walk around, or lie down comfortably);
- how to lie: the lying positions topic in ``guide.py`` (offered, never re-worded here).

Choices the guide leaves to us, and why:

- No length said: fifteen minutes of heat or ice, the middle of the range.
  A walk: five minutes, the gentle end of where the guide says to start.
- Heat and ice together: two timed parts of ten minutes each, the first
  switch announced by Alexa. Each part keeps to the guide's ten to twenty,
  and the whole (twenty) is no longer than one single session may be.
  A length the user gives is the total, split in two.
- Outside the range: say what the guide suggests and offer the nearest
  length; nothing is timed until the user says yes.

The words never name a dose, never go beyond the guide, and never suggest
that the skill or Alexa will call anyone. Sentences are short: the person
is lying down, maybe in pain. The first thing said about a session, on
every path (with or without a timer, after the permission question),
fits in one breath: ``ONE_BREATH_WORDS``. The day's count ("That's your
second ice session today.") is a nicety: it is said only when it fits, and
never together with "I've cancelled your earlier timer."
"""

from ..speech import number_words
from .safety import EMERGENCY_REMINDER

# -- the guide's numbers ------------------------------------------------------------------------

TREATMENT_MIN_MINUTES = 10
TREATMENT_MAX_MINUTES = 20
TREATMENT_DEFAULT_MINUTES = 15
ALTERNATING_DEFAULT_PHASE_MINUTES = 10
WALK_MIN_MINUTES = 5
WALK_MAX_MINUTES = 10
WALK_DEFAULT_MINUTES = 5
SITTING_MINUTES = 30

TIMERS_SCOPE = "alexa::alerts:timers:skill:readwrite"

#: Words the first response about a session may take.
ONE_BREATH_WORDS = 35

# -- names ---------------------------------------------------------------------------------------

#: How each kind of session is named in speech.
TREATMENT_NAME = {"heat": "heat", "ice": "ice", "alternating": "heat and ice"}
#: What goes on the back.
PACK = {"heat": "heat pack", "ice": "ice pack"}
#: What is left on the back, for "how much time is left".
ON_THE_BACK = {"heat": "the heat", "ice": "the ice"}

CARD_TITLE = {
    "heat": "Heat session", "ice": "Ice session", "alternating": "Heat and ice session",
    "walk": "Walk timer", "sitting": "Sitting break",
}

#: Timer labels, shown on Alexa devices with a screen; unique per skill, as the API requires.
LABEL = {
    ("heat", "end"): "Heat",
    ("ice", "end"): "Ice",
    ("alternating", "switch_to_ice"): "Switch to ice",
    ("alternating", "switch_to_heat"): "Switch to heat",
    ("walk", "end"): "Walk",
    ("sitting", "end"): "Sitting break",
}
#: The last timer of heat and ice together, by what is on the back at the end.
ALTERNATING_END_LABEL = {"ice": "Heat then ice", "heat": "Ice then heat"}

# -- what Alexa announces when a timer ends ----------------------------------------------------

ANNOUNCE_END = {
    "heat": "Time to take the heat off your back. Rest in a comfortable position.",
    "ice": "Time to take the ice pack off your back. Rest in a comfortable position.",
    # The timer is the whole walk, there and back: "head back" here would double it.
    "walk": "Your walk time is up. Rest in a comfortable position.",
    "sitting": "You've been sitting for thirty minutes. Time to change position: get up and "
               "walk around a little, or lie down for a bit.",
}
#: Said when an alternating session changes over; keyed by what comes on next.
ANNOUNCE_SWITCH = {
    "ice": "Time to switch. Take the heat off, and put the ice pack on, over a thin cloth.",
    "heat": "Time to switch. Take the ice pack off, and put the heat on, over a thin cloth.",
}

# -- starting --------------------------------------------------------------------------------------

TIMER_SET = "Okay, {minutes} of {treatment}. Your timer is set."
TIMER_SET_DEFAULT = "Okay, {minutes} of {treatment}, a middle length. Your timer is set."
TIMER_SET_SWITCH = "Okay, switching to {treatment}: {minutes}. Your timer is set."
TIMER_SET_UNHEARD = "I missed the length: {minutes} of {treatment}. Your timer is set."
# The switch itself is announced by Alexa, and the card says so.
ALTERNATING_SET = "Timers set: {phase} each, {first} then {second}."
HOW_TO = "Put the {pack} over a thin cloth, then lie however hurts least."
COUNT_TODAY = "That's your {ordinal} {treatment} session today."
COUNT_TODAY_MANY = "That makes {count} {treatment} sessions today."
#: The same, when sessions are counted for this conversation only (the default data policy).
COUNT_THIS_CONVERSATION = "That's your {ordinal} {treatment} session in this conversation."
COUNT_THIS_CONVERSATION_MANY = "That makes {count} {treatment} sessions in this conversation."
REPLACED = "I've cancelled your earlier timer."
OFFER_POSITIONS = "Want positions to try?"
OFFER_POSITIONS_REPROMPT = "Would you like to hear some positions to lie in? Say yes or no."

WALK_SET = "Okay, a {minutes} walk. Your timer is set."
WALK_SET_DEFAULT = "Okay, a {minutes} walk, a gentle start. Your timer is set."
WALK_SET_UNHEARD = "I missed the length, so a {minutes} walk, a gentle start. Your timer is set."
# Said after the reason there is no timer, which is the acknowledgement: no "Okay" here.
WALK_WITHOUT_TIMER = "A {minutes} walk it is."
WALK_TIPS = "Keep to flat ground, and skip hills and stairs for now."
WALK_BYE = "Enjoy your walk. Anything else?"

SITTING_SET = "Okay, I'll remind you in thirty minutes to change position."
SITTING_WITHOUT_TIMER = "Change position every thirty minutes."
SITTING_TIPS = "Then get up and walk around a little, or lie down comfortably."
SITTING_AGAIN = "After your break, ask me again for the next one."
#: After a sitting break is set: the session stays open.
ANYTHING_ELSE = "Anything else?"

# -- heat or ice? -----------------------------------------------------------------------------------

ASK_TREATMENT = "Heat or ice? Whichever feels better is fine. Say, start heat, or start ice."
ASK_TREATMENT_REPROMPT = "Say start heat, start ice, or switch between heat and ice."

# -- which timer? and what the skill does not time ------------------------------------------------

#: "Set a timer", with nothing said of what for.
ASK_WHICH_TIMER = "I can time heat, ice, a walk, or a sitting break. Which would you like?"
ASK_WHICH_TIMER_REPROMPT = "Say heat, ice, a walk, or a sitting break."
#: A timer for a medicine: what the skill times, and how to ask Alexa herself.
TIMER_FOR_MEDICINE = (
    "I can't time medicines; my timers are for heat, ice, walks and sitting breaks. "
    "After we finish, you can say: Alexa, remind me to take my medicine, and she'll ask when."
)
#: A timer for anything else (the pasta, the laundry).
TIMER_FOR_OTHER = (
    "I only time heat, ice, walks and sitting breaks. For anything else, after we finish, "
    "say: Alexa, set a timer for ten minutes."
)

# -- "I feel like walking a bit" ---------------------------------------------------------------

#: The guide's walking advice, and an offer to time one; "yes" starts the timer.
WALK_OFFER = (
    "Good idea: short walks help, five to ten minutes on flat ground to start. "
    "Shall I time a {minutes} walk?"
)

# -- outside the guide's range ------------------------------------------------------------------

TREATMENT_RANGE = "The guide suggests ten to twenty minutes of heat or ice at a time."
ALTERNATING_RANGE = ("The guide suggests ten to twenty minutes at a time, so heat then ice "
                     "takes twenty to forty minutes in all.")
WALK_RANGE = "The guide suggests starting with walks of five to ten minutes."
OFFER_TREATMENT = "Shall I time {minutes} of {treatment} instead?"
OFFER_ALTERNATING = "Shall I time {phase} of each instead?"
OFFER_WALK = "Shall I time a {minutes} walk instead?"
OFFER_REPROMPT = "Say yes to start it, or no."
DECLINED = "Okay, I won't start a timer."

# -- switching -------------------------------------------------------------------------------------

SWITCHING = "Okay, switching to {treatment}."
ALREADY_ON = "You're already on {treatment}."

# -- timer permission -------------------------------------------------------------------------

ASK_PERMISSION = "I can time this with an Alexa timer, if you allow it."
THANKS = "Thanks."
ACCEPTED_NOTHING_PENDING = "Thanks. Now you can say, for example, start a fifteen minute ice session."
CARD_SENT_NOTHING_PENDING = ("To let me set timers, allow it in the Alexa app; I've sent a card "
                             "there.")

# Why there is no timer; each is followed by what to do (heat and ice: the pack names it) and
# how to set a timer (which names the length). Eight words at most, to leave room for the rest;
# the permission card goes to the Alexa app with each of the four about permission.
NO_TIMER_REASON = {
    "denied": "Okay, no timer from me.",
    "not_answered": "No answer, so no timer for now.",
    "permission": "I need timer permission; see your Alexa app.",
    "no_voice_permission": "To allow timers, see your Alexa app.",
    "too_many": "No timer: Alexa may have too many set.",
    "offline": "Your device seems offline, so no timer.",
    "server": "Alexa's timers aren't answering, so no timer.",
    "timeout": "Alexa's timers were too slow to confirm one.",
}
SELF_TIMER = "Then say: Alexa, set a timer for {minutes}."
SELF_TIMER_ALTERNATING = "Then say: Alexa, set a timer for {phase}. Repeat with the {second}."

# -- how much time is left ------------------------------------------------------------------------

TIME_LEFT_END = "You have {remaining} left on {what}."
TIME_LEFT_SWITCH = "You have {remaining} until you switch to {next}."
TIME_LEFT_WALK = "You have {remaining} left on your walk."
TIME_LEFT_SITTING = "You have {remaining} until your sitting break."
TIME_LEFT_GENERIC = "You have {remaining} left on your timer."
TIME_LEFT_PAUSED = "Your {label} timer is paused, with {remaining} left."
TIME_LEFT_UNCHECKED = "I couldn't check your timer just now, but by my count, {sentence}"
NO_SESSION = "You don't have a session running. To start one, say, start a fifteen minute ice session."
TIME_LEFT_UNKNOWN = "I couldn't check your timers just now. Please ask me again in a moment."
TIMERS_NEED_PERMISSION = ("I can't see your timers without your permission. You can allow it "
                          "in the Alexa app.")

# -- stopping ----------------------------------------------------------------------------------------

STOPPED = {
    "treatment": "Okay, I've cancelled your {what} timer. You can take the pack off now.",
    "walk": "Okay, I've cancelled your walk timer.",
    "sitting": "Okay, I've cancelled your sitting reminder.",
    "other": "Okay, I've cancelled your timer.",
}
STOPPED_SEVERAL = "Okay, I've cancelled your timers."
TAKE_PACK_OFF = "You can take the pack off now."
NOTHING_TO_STOP = "There's no timer of mine running, so there's nothing to stop."
STOP_FAILED = ("I couldn't reach your timers just now. To cancel one yourself, say: Alexa, "
               "cancel the timer.")
STOP_NEEDS_PERMISSION = ("I can't reach your timers without your permission. To cancel one "
                         "yourself, say: Alexa, cancel the timer.")

# -- the last line of defence -----------------------------------------------------------------

SERVICE_ERROR = ("Sorry, I couldn't reach Alexa's timers just now. " + EMERGENCY_REMINDER +
                 " Otherwise, please ask me again.")
SERVICE_ERROR_REPROMPT = "Please ask me again. " + EMERGENCY_REMINDER

# -- cards ---------------------------------------------------------------------------------------

CARD_TREATMENT = (
    "{minutes} of {treatment}.\n"
    "1. Put a thin cloth over the sore spot.\n"
    "2. Put the {pack} on top.\n"
    "3. Lie in whatever position hurts least.\n"
    "Heat or ice: ten to twenty minutes a time, a few times a day.\n"
    "Ask: how much time is left? Or say: stop the session."
)
CARD_ALTERNATING = (
    "{phase} each of {first}, then {second}.\n"
    "1. Put a thin cloth over the sore spot.\n"
    "2. Put the {first_pack} on top.\n"
    "3. When Alexa says to switch, change to the {second_pack}.\n"
    "Ask: how much time is left? Or say: stop the session."
)
CARD_WALK = "A {minutes} walk.\nKeep to flat ground; skip hills and stairs for now."
CARD_SITTING = ("Every thirty minutes, change position: get up and walk around a little, "
                "or lie down comfortably.")
CARD_SELF_TIMER = "No timer was set. Say: Alexa, set a timer for {minutes}."

# -- numbers in words ---------------------------------------------------------------------------

def minutes_words(n: int) -> str:
    """ "one minute", "fifteen minutes"."""
    return "one minute" if n == 1 else number_words(n) + " minutes"


def minute_adjective(n: int) -> str:
    """ "five minute", as in "a five minute walk"."""
    return number_words(n) + " minute"


def remaining_words(seconds: float) -> str:
    """ "less than a minute", "about one minute", "about fourteen minutes"."""
    if seconds < 60:
        return "less than a minute"
    return "about " + minutes_words(int(seconds / 60 + 0.5))
