"""What the skill says about what it remembers: the pain's start, session counts,
picking up where we left off, and forgetting.

Short, for the ear. Advice names the passage of the guide it comes from
(``shared/seed/back-spasm-care-source.txt``); the rest is conversation.
"""

from .prompts import ANYTHING_ELSE, WELCOME_EXAMPLES

# --- "My back started hurting yesterday" (PainStartedIntent) -----------------

#: {when}: "today", "yesterday", "three days ago", "on November 3".
PAIN_START_HEARD = "Got it: it started {when}."

#: Source: "Body positions and posture", bullet 2 (bed rest eases pain at
#: first, delays healing, avoid it after the first day), and "Activity", bullet 1.
PAIN_START_DAY_ONE = (
    "Bed rest can ease the pain today. From tomorrow, avoid it, since it "
    "slows healing, and take short walks."
)
#: Same passages. Says what the guide says to do, never that one thing beats another.
PAIN_START_LATER_DAY = (
    "Now that you're past the first day, skip bed rest, which slows healing, "
    "and take short walks."
)
#: Said instead of ANYTHING_ELSE when the date was heard but could not be stored.
PAIN_START_NOT_SAVED = "I couldn't save that. What else can I help with?"
PAIN_START_REPROMPT = "You can ask about bed rest, walking, or heat and ice. What would you like?"

#: A week, a month, a season, or words Alexa could not turn into a day.
PAIN_START_ASK_DAY = (
    "Which day did it start? You can say, it started yesterday, or, it "
    "started on Monday."
)
#: A day still to come.
PAIN_START_FUTURE = (
    "That day hasn't come yet, so I think I misheard. Which day did your back "
    "start hurting? You can say, it started yesterday."
)
PAIN_START_ASK_REPROMPT = "For example, say: it started two days ago."

# --- "How many ice sessions have I done today?" (SessionCountIntent) -----------

#: How each kind is named in a sentence: "two ice sessions".
KIND_NAMES = {
    "heat": "heat",
    "ice": "ice",
    "alternating": "alternating heat and ice",
}
SESSIONS_NONE_OF_KIND = "You haven't done any {kind} sessions with me today."
SESSIONS_OF_KIND = "You've done {count} {kind} {sessions} with me today."
SESSIONS_NONE = "You haven't done any sessions with me today."
#: {breakdown}: "two ice and one heat".
SESSIONS_TOTAL = "You've done {count} {sessions} with me today: {breakdown}."
SESSIONS_UNKNOWN = "Sorry, I can't check your sessions right now."
#: Source: "Heat, ice, and medicines", bullet 1.
SESSIONS_TIP = "Use heat or ice for ten to twenty minutes each time, several times a day."
#: Reprompt when none were done yet.
SESSIONS_START_ONE = "To start one, say: start a fifteen minute ice session."
SESSIONS_REPROMPT = ANYTHING_ELSE

#: How a day long ago is named: "on November 3".
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December")

# --- "Where were we?" (ResumeTopicIntent) -----------------------------------

#: {topic}: a topic's spoken name, "lying positions". Said before the part
#: being picked up when the whole answer stays within 35 words; else the short
#: lead; else neither, and the part is read as asking for the topic reads it.
RESUME_LEAD = "We left off on {topic}."
RESUME_LEAD_SHORT = "Back to {topic}."
RESUME_NOTHING = "I don't have anything to pick up yet. " + WELCOME_EXAMPLES
RESUME_NOTHING_REPROMPT = "What would you like to know?"

# --- "Forget me" (ForgetMeIntent, then yes or no) -------------------------------

FORGET_CONFIRM = (
    "I remember when your pain started, today's heat and ice sessions, and "
    "where we left off, and I'll delete any reminders I set for you. Do you "
    "want me to erase all of that?"
)
FORGET_CONFIRM_REPROMPT = "Should I erase what I remember about you? Say yes or no."
FORGET_DONE = "Done. I've erased everything I remembered about you."
FORGET_FAILED = "Sorry, I couldn't erase it just now. Please ask me again later."
FORGET_NOTHING_STORED = "I'm not keeping anything about you, so there's nothing to erase."
FORGET_KEPT = "Okay, I'll keep it."
