"""The conversation frame: welcome, help, navigation, offers and goodbyes.

None of this is medical advice; the medical words are in ``guide.py`` and
``safety.py``. Reprompts add guidance rather than repeating the question.
"""

from .safety import EMERGENCY_REMINDER

SKILL_NAME = "Back Spasm Coach"

# Launch. The disclaimer is said on the first launch ever (and whenever memory is unavailable).
WELCOME_FIRST = "Welcome to Back Spasm Coach."
DISCLAIMER = (
    "This is general self-care information, not a substitute for a doctor. "
    "In an emergency, call 911."
)
WELCOME_RETURNING = "Welcome back to Back Spasm Coach."
WELCOME_EXAMPLES = "You can ask, how should I lie down? Or, should I use heat or ice?"
WELCOME_REPROMPT = (
    "I can also help with medicine, sitting, walking, stretching, or when to "
    "call a doctor. What would you like to know?"
)

# Help: general, and when a topic is being read.
# "Help me" is what a frightened person says first, so help always names 911.
HELP_GENERAL = (
    "Ask me about heat or ice, medicine, lying down, sitting, walking, "
    "stretching, or when to see a doctor. I can also time a session. "
    + EMERGENCY_REMINDER + " What would you like?"
)
HELP_IN_TOPIC = (
    "We're on {topic}. Say next, previous, or repeat, or ask about something "
    "else. " + EMERGENCY_REMINDER + " What would you like?"
)
HELP_REPROMPT = "For example, say: should I use heat or ice? " + EMERGENCY_REMINDER

GOODBYE = "Take care, and I hope your back eases soon."
#: "Thanks", "got it": the session stays open, and "no" to the question says goodbye.
THANKS = "Glad to help. Is there anything else you'd like to know?"
#: "Hello", "hi, it's me again": a greeting mid-session or as the first words.
GREETING = "Hello. How is your back? You can tell me, or ask, for example: how should I lie down?"
THANKS_REPROMPT = "Is there anything else? You can say no to finish."
ANYTHING_ELSE_YES = "What would you like to know? For example: how should I lie down?"
GOODBYE_TIMER_RUNNING = "Okay. Your timer keeps running, and Alexa will say when it's up. Take care."
HOME = "Okay, back to the start. What would you like to know?"

# Reading a topic in chunks.
ANYTHING_ELSE = "What else would you like to know?"
OFFER_TOPIC = "Would you like to hear about {topic}?"
NOTHING_MORE = "That's everything I have on {topic}."
ALREADY_AT_END = "That was the last part on {topic}. Say start over to hear it from the top."
ALREADY_AT_START = "That's the beginning of {topic}."
#: "That one hurts, skip it": the next part follows, with nothing said about the skipped one.
SKIPPED = "Okay, skip that one."
SKIPPED_THE_LAST = "That was the last part on {topic}."
NOTHING_TO_SKIP = "Okay."
NOTHING_TO_CONTINUE = "There's nothing to go on to yet. Try asking, how should I lie down?"
NOTHING_TO_GO_BACK = "There's nothing to go back to yet. Try asking, how should I lie down?"
# After an emergency answer the session has ended, so "repeat" lands here: keep 911 in it.
NOTHING_TO_REPEAT = (
    "I have nothing to repeat in this conversation. " + EMERGENCY_REMINDER +
    " Or ask, should I use heat or ice?"
)
TOPIC_REPROMPT = "Say next to go on, or ask me something else."

# Yes and no.
NO_THANKS = "Okay."
NOTHING_OFFERED = "Sorry, I'm not sure what you're answering. " + WELCOME_EXAMPLES

# Fallback and errors: always keep the emergency sentence.
#: A fallback says it first. Alexa sends FallbackIntent with none of the words, so an
#: emergency sign said in a way the model did not catch arrives here, and the first
#: thing that person hears must be to call 911.
FALLBACK = (
    EMERGENCY_REMINDER + " If not, I didn't catch that. Try asking, "
    "what should I do for my back?"
)
FALLBACK_REPROMPT = "Try asking, what should I do for my back? " + EMERGENCY_REMINDER
#: The second miss in a row: other words, and an offer to go step by step ("yes" starts the plan).
FALLBACK_AGAIN = (
    EMERGENCY_REMINDER + " If not, I'm still not sure what you need. Would you "
    "like me to take you through what helps, step by step?"
)
FALLBACK_AGAIN_REPROMPT = "Say yes, and I'll go step by step. " + EMERGENCY_REMINDER
#: A first miss in a plainly everyday conversation (past the first two turns, no sign heard in this
#: session): the 911 sentence shrinks to a clause after the apology, so that a sign said in words
#: the model did not catch still hears 911 in the first sentence, without the longer opening
#: becoming a refrain; the question standing is asked again, or what can be asked is said. A
#: second miss in a row, an early one, or one after a sign keeps the full 911 sentence first
#: (``FALLBACK``, ``FALLBACK_AGAIN``).
FALLBACK_EVERYDAY = "Sorry, I missed that; if it's an emergency, call 911."
FALLBACK_EVERYDAY_HELP = (
    "You can ask about heat or ice, ways to lie down, medicine, sitting, walking, or stretching."
)
FALLBACK_EVERYDAY_REPROMPT = "What would you like to know? " + EMERGENCY_REMINDER
ERROR = (
    "Sorry, something went wrong on my side. " + EMERGENCY_REMINDER +
    " Otherwise, please ask me again."
)
ERROR_REPROMPT = "Please ask me again. " + EMERGENCY_REMINDER
