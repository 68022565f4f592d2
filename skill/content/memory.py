"""What the skill says about what it keeps: the pain's start, session counts,
picking up where we left off, what it knows about the person, and forgetting.

By default what the person says about their back lasts the conversation only
(``skill.memory``); the ``..._NOW`` and ``..._NOT_KEPT`` words say so. With
``BSC_KEEP_HEALTH_DETAILS`` on, the words that speak of "today" and "last time" apply.

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
    "Bed rest can ease it today; after today, skip it, as it slows healing. "
    "And take short walks."
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

#: Said after a bed-rest or walking answer when the day of the pain is not known
#: (``handlers.topics``); "yes" keeps today, "no" asks which day (PAIN_START_ASK_DAY).
PAIN_DAY_QUESTION = "Did this start today?"
#: Asked of someone back for another talk: the day said last time is not kept, so it is asked
#: again, and the question says why.
PAIN_DAY_QUESTION_RETURNING = "I don't keep what you tell me about your back between our talks: did this start today, or earlier?"
PAIN_DAY_REPROMPT = "Did your back start hurting today? Say yes or no."

# --- "Do you remember when this started?" (RecallPainStartIntent) --------------

#: {when}: as PAIN_START_HEARD.
RECALL_KNOWN = "You told me it started {when}."
#: Not said in this conversation, and not kept between conversations (the default).
RECALL_NOT_KEPT = "I don't keep that once a conversation ends, so I don't know."
#: Not said yet, with health details kept between conversations.
RECALL_NOT_TOLD = "You haven't told me yet."

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
#: Counted for this conversation only (the default data policy).
SESSIONS_NONE_NOW = "None so far in this conversation."
SESSIONS_OF_KIND_NOW = "You've done {count} {kind} {sessions} with me in this conversation."
SESSIONS_TOTAL_NOW = "You've done {count} {sessions} with me in this conversation: {breakdown}."
SESSIONS_NOT_KEPT = "I don't keep count after we finish."
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
#: Nothing read in this conversation, and topics are not kept between conversations.
RESUME_NOTHING_KEPT = (
    "I don't keep what we talked about after we finish, so there's nothing to pick up. "
    + WELCOME_EXAMPLES
)
RESUME_NOTHING_REPROMPT = "What would you like to know?"

# --- "What do you know about me?" (WhatYouKnowIntent) ---------------------------
# Built from what is actually kept, with its values; made shorter (this conversation's
# details summed up, then no times, then counts) when it would not fit in one breath
# (``handlers.memory``).

#: {items}: "that you've heard my health notice and that I set an ice timer until three pm".
KNOW_KEPT = "I keep {items}."
KNOW_NOTICE = "that you've heard my health notice"
#: {things}: the timers and reminders below, joined with "and".
KNOW_SET = "that I set {things}"
#: {name}: TIMER_NAMES; {time}: "three fifteen pm".
KNOW_TIMER = "{name} timer until {time}"
KNOW_TIMER_ENDED = "{name} timer that ended at {time}"
KNOW_TIMER_PLAIN = "{name} timer"
TIMER_NAMES = {"heat": "a heat", "ice": "an ice", "alternating": "a heat and ice",
               "walk": "a walk", "sitting": "a sitting break"}
#: {kind}: content.reminders.KIND_NAME ("walk reminders").
KNOW_REMINDERS_OF_KIND = "{kind} reminders"
#: {count}: "two"; {things}: "timers" or "reminders".
KNOW_COUNT = "{count} {things}"
#: Kept between conversations only with BSC_KEEP_HEALTH_DETAILS on.
KNOW_PAIN_START = "that your pain started {when}"
#: {breakdown}: "two ice and one heat".
KNOW_SESSIONS = "{breakdown} {sessions} today"
KNOW_LAST_TOPIC = "that we last talked about {topic}"
KNOW_BACK_BETTER = "that your back is easing"
#: What this conversation holds (the default): {items} as below, joined with "and".
KNOW_THIS_CONVERSATION = "Until we finish, I know {items}."
KNOW_THIS_CONVERSATION_SHORT = "Until we finish, I know what you've told me."
KNOW_STARTED = "it started {when}"
KNOW_SESSIONS_NOW = "you've done {breakdown} {sessions}"
KNOW_BETTER_NOW = "your back is easing"
KNOW_NO_HEALTH = "Nothing about your back is kept."
KNOW_NOTHING = "I'm not keeping anything about you between conversations."
KNOW_REMINDERS_UNCHECKED = "I couldn't check your reminders just now."
KNOW_UNREADABLE = "Sorry, I can't check what I keep right now. Please ask me again later."
KNOW_HOW_TO_ERASE = "Say forget me to erase it."
KNOW_REPROMPT = "You can say forget me to erase what I keep, or ask me about your back."

# --- "Forget me" (ForgetMeIntent, then yes or no) -------------------------------

FORGET_CONFIRM = (
    "Do you want me to erase everything I keep about you, and delete any "
    "reminders I set for you?"
)
FORGET_CONFIRM_REPROMPT = "Should I erase what I keep about you? Say yes or no."
FORGET_DONE = "Done. I've erased everything I kept about you."
FORGET_FAILED = "Sorry, I couldn't erase it just now. Please ask me again later."
FORGET_NOTHING_STORED = "I'm not keeping anything about you, so there's nothing to erase."
FORGET_KEPT = "Okay, I'll keep it."
