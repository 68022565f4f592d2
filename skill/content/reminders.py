"""Reminders between conversations: every word the skill says about its daily routine.

Sources in the guide (``shared/seed/back-spasm-care-source.txt``):

- walks: Self-care section, Activity, bullet 1 (short walks, five to ten
  minutes, three or four times a day, on flat ground at first) and Body
  positions and posture, bullet 2 (bed rest only on the first day);
- stretching: Self-care section, Activity, bullets on stretching (once the
  spasm starts easing, every day; before and after exercise and at bedtime);
- sitting: Body positions and posture, bullet 3 (change position every
  thirty minutes: walk around, or lie down comfortably).

Choices the guide leaves to us, and why:

- Walk times: three a day at ten, one and four, or four at nine, twelve, three
  and six; spread over the waking day, in the user's own time zone.
- Bedtime stretch: nine thirty pm, until the user moves it.
- Sitting: Alexa's reminders repeat at set times of day; a reminder every half
  hour is not something the Reminders API offers, so the nearest honest thing
  is one on the hour during working hours on weekdays, and the skill says so.
  The working day is the one the user names ("from eight to four"), else nine
  to five; the reminders go off on the hour inside it (an hour after it starts,
  to an hour before it ends). A time said without am or pm is read as the
  working day people mean: an end at or before the start is in the afternoon
  ("nine to five"), and a day starting before six is taken to start in the
  afternoon ("one to five"). The confirmation says the hours with am and pm,
  so a wrong reading is heard at once.
- One series of each kind at a time: a new one replaces the old (made first,
  so a failure leaves the old series as it was).
- Every series ends by itself, a week after it starts unless the user asks
  for another length (one to four weeks), and the skill says when.

- Working hours: the ones the user names ("nine to five", "I work from eight
  thirty till four"); a start alone ("I start at seven") or an end alone ("I
  finish at four") makes a working day of the usual eight hours.
- A time named for walks ("remind me to walk at three") moves the walk nearest
  to it there; for the stretch, it is the stretch's time.
- Only these three kinds. A reminder for anything else (a medicine, a call,
  a chore) gets one sentence of what the skill can do and how to ask Alexa
  herself; nothing is set, and no permission is asked for.

The reminder texts (what Alexa says when one goes off) are the guide's
advice only, short enough for Alexa's limit (``MAX_REMINDER_TEXT``), and
never stand in for care: the 911 sentence is on every card about reminders.
The skill knows its reminders by their ids, never by these words: any
sentence here can be reworded without losing a reminder already set.
In templates, ``{kind}`` may be empty (a reminder whose kind the skill does
not know: "your one pm reminder"); spaces are tidied after filling.
"""

from .safety import EMERGENCY_REMINDER

REMINDERS_SCOPE = "alexa::alerts:reminders:skill:readwrite"

#: Alexa's reminder text must be short; ours keep well inside it.
MAX_REMINDER_TEXT = 140
#: Words the first thing said about a new series may take.
ONE_BREATH_WORDS = 35

# -- the routine ----------------------------------------------------------------------------------

#: Local times of day (hour, minute) for each number of walks a day.
WALK_TIMES = {3: ((10, 0), (13, 0), (16, 0)), 4: ((9, 0), (12, 0), (15, 0), (18, 0))}
DEFAULT_WALKS_A_DAY = 3
STRETCH_TIME = (21, 30)
#: The working day when the user names none: nine to five, as (hour, minute).
DEFAULT_WORK_HOURS = ((9, 0), (17, 0))
#: The shortest and longest working day the sitting reminders cover, in hours.
MIN_WORK_HOURS, MAX_WORK_HOURS = 2, 12
#: Earlier than this, a start said without am or pm is read as afternoon.
EARLIEST_MORNING_START = 6
#: Earlier than this, a walk or sitting reminder time said without am or pm is read as afternoon
#: ("move my walk to three": 3 pm); the bedtime stretch is always read as evening.
EARLIEST_MORNING_REMINDER = 7
WORK_DAYS = ("MO", "TU", "WE", "TH", "FR")
DEFAULT_DAYS = 7
MIN_DAYS, MAX_DAYS = 1, 28

#: What Alexa says when the reminder goes off ("Here's your reminder: ...").
REMINDER_TEXT = {
    "walk": "Time for a short walk on level ground, five to ten minutes.",
    "stretch": "Time for your bedtime stretches. Stretching every day helps your back muscles relax.",
    "sitting": "Time to change position. Get up and walk around a little, or lie down for a bit.",
}
#: Said when a reminder whose kind is not known is moved and has no words of its own.
REMINDER_TEXT_UNKNOWN = "Time for your back care routine."
#: How each kind is named: "your walk reminders".
KIND_NAME = {"walk": "walk", "stretch": "stretch", "sitting": "sitting break"}
#: A reminder whose kind the skill does not know ("your one pm reminder"), and beside
#: others of a known kind in a list ("and other reminders at two pm").
UNKNOWN_KIND_NAME = ""
OTHER_KIND_NAME = "other"

# -- setting a series up --------------------------------------------------------------------------

#: {times}: "ten am, one pm and four pm"; {until}: "December seventh".
#: One reminder on a day the person named ("remind me tomorrow morning to walk"): at the time
#: named; or, for a part of the day, at these times; or at the kind's first usual time.
ONE_DAY_TIME = {"walk": (10, 0), "stretch": STRETCH_TIME}
#: The hours a one-off reminder "tonight" may go off in, when its usual time has passed.
WAKING_HOURS = range(8, 22)
ONE_DAY_PART_TIME = {"MORNING": (10, 0), "AFTERNOON": (14, 0), "EVENING": (19, 0)}
SET_ONE_DAY = {
    "walk": "Done: one walk reminder, {day} at {time}.",
    "stretch": "Done: one stretch reminder, {day} at {time}.",
}
#: How the day of a one-day reminder is said.
TODAY, TOMORROW, ON_DAY = "today", "tomorrow", "on {date}"
SET = {
    "walk": "Done: walk reminders every day at {times}, until {until}. Then they stop by themselves.",
    "stretch": "Done: a stretch reminder every night at {times}, until {until}. Then it stops by itself.",
    "sitting": "Done: on weekdays, a reminder to get up every hour from {first} to {last}, until {until}, then they stop.",
}
#: Said after the sitting confirmation when the user named no working hours; the hours
#: said next ("I start at seven") are taken at once.
SITTING_OTHER_HOURS = "If you work other hours, tell me, for example: I work eight to four."
#: A working day too short or too long (or a start without an end) for sitting reminders.
SITTING_HOURS_UNUSABLE = (
    "I can cover a working day of two to twelve hours, ending by midnight. Which hours do you sit? "
    "For example: remind me to get up from nine to five."
)
SITTING_HOURS_REPROMPT = "Say, for example: remind me to get up from nine to five."
#: Said after the sitting confirmation: what the API cannot do.
SITTING_HONEST = "Reminders can't come every half hour, so hourly is the closest I can do."
WALK_TIMES_ADJUSTED = "The guide suggests three or four walks a day, so I've set {count}."
PERIOD_ADJUSTED = "I can keep a series going for one to four weeks, so I've set {days} days."
CHANGE_IT = "To change them, say: stop my {kind} reminders."
#: A new series of a kind takes the place of the one set before.
REPLACED = "They replace your earlier {kind} reminders."
#: The old series could not all be deleted after the new one was made.
REPLACE_INCOMPLETE = "Some of your earlier {kind} reminders are still on; you can delete them in the Alexa app."

STRETCH_NOT_YET = (
    "The guide says to start stretching once the spasm eases. When your back feels better, "
    "tell me, and I'll set a bedtime stretch reminder."
)
WHICH_KIND = "I can remind you to walk, to stretch at bedtime, or to get up from sitting. Which would you like?"
WHICH_KIND_REPROMPT = "Say walks, stretching, or sitting breaks."
#: A time named for sitting breaks alone ("remind me to get up at three").
SITTING_AT_A_TIME = (
    "Sitting break reminders come every hour through your working day. Which hours do you work? "
    "For example: I work nine to five."
)

# -- what the skill does not remind of --------------------------------------------------------------

#: A reminder to take a medicine: what the skill can do, and how to ask Alexa herself.
FOR_MEDICINE = (
    "I can't set medicine reminders; mine are for walks, stretching and sitting breaks. "
    "After we finish, you can say: Alexa, remind me to take my medicine, and she'll ask when."
)
#: A reminder for anything else.
FOR_OTHER = (
    "I only set reminders for walks, stretching and sitting breaks. For anything else, "
    "after we finish, say: Alexa, set a reminder, and she'll ask what and when."
)
#: Moving or stopping a reminder of a kind the skill never sets.
NOT_MINE = (
    "I only look after the reminders I set, for walks, stretching and sitting breaks. "
    "Your other reminders are in the Alexa app."
)

# -- working hours ----------------------------------------------------------------------------------

#: Working hours named with no sitting reminders asked for yet: {first}, {last}: the hourly span.
HOURS_OFFER = (
    "Sitting that long is hard on a sore back, so get up and move every half hour or so. "
    "Shall I set sitting break reminders on weekdays, every hour from {first} to {last}?"
)
#: Working hours named while sitting reminders are set: move them?
HOURS_OFFER_MOVE = "Shall I move your sitting break reminders to every hour from {first} to {last}?"
HOURS_OFFER_REPROMPT = "Say yes to set them, or no."
#: "No" to moving the sitting break reminders to the hours named.
HOURS_KEPT = "Okay, I'll leave them as they are."
#: "Yes" to the last turn's invitation to name working hours, with no hours in it.
HOURS_ASK = "When do you work? For example: I work eight to four."

# -- my back feels better -------------------------------------------------------------------------

FEELS_BETTER = (
    "Good to hear it's easing. Now is the time to stretch every day: before and after "
    "exercise, and at bedtime. Shall I set a bedtime stretch reminder for a week?"
)
FEELS_BETTER_REPROMPT = "Shall I remind you to stretch at bedtime?"
FEELS_BETTER_DECLINED = "Okay, no reminder."

# -- permission ----------------------------------------------------------------------------------------

ASK_PERMISSION = "To remind you between our talks, I need your permission for reminders."
NO_REMINDER_REASON = {
    "denied": "Okay, no reminders. If you change your mind, allow them in the Alexa app; I've sent a card.",
    "not_answered": "No answer, so no reminders for now. I've sent a card to your Alexa app if you want them.",
    "permission": "I need your permission for reminders. I've sent a card to your Alexa app to allow them.",
    "too_many": "You have too many reminders for me to add these. You can clear some in the Alexa app.",
    "server": "Alexa's reminders aren't answering right now, so nothing was set. Please try again later.",
    "timeout": "Alexa's reminders are slow to answer right now, so nothing was set. Please try again in a minute.",
}
ACCEPTED_NOTHING_PENDING = "Thanks, I can set reminders now. Say, for example: remind me to walk three times a day."
THANKS = "Thanks."

# -- listing, stopping, moving ---------------------------------------------------------------------

NONE_SET = "You have no reminders from me."
#: {items}: "walk reminders at ten am, one pm and four pm, and a stretch reminder at nine thirty pm".
LIST = "You have {items}."
ONE_OF_KIND = "a {kind} reminder at {times}"
SEVERAL_OF_KIND = "{kind} reminders at {times}"
#: Hourly reminders, said as a span: "sitting break reminders every hour from ten am to four pm".
HOURLY_OF_KIND = "{kind} reminders every hour from {first} to {last}"
CANT_CHECK = {
    "permission": "I can't see your reminders without your permission. I've sent a card to your Alexa app.",
    "server": "Alexa's reminders aren't answering right now. Please try again later.",
    "timeout": "Alexa's reminders are slow to answer right now. Please try again in a minute.",
}
STOPPED = "Okay, I've stopped your {kind} reminders."
STOPPED_ALL = "Okay, I've stopped all your reminders."
#: "Stop all my reminders" (or a stop that names none) is asked back first: {items} as in LIST.
STOP_ALL_CHECK = "That would stop all of them: {items}. Shall I stop them all?"
STOP_ALL_CHECK_REPROMPT = "Say yes to stop all your reminders, or no to keep them."
KEPT_ALL = "Okay, they all stay as they are."
#: "How do I stop my reminders?": how, and nothing is stopped.
STOP_HOW = (
    "To stop one kind, say, for example: stop the walk reminders. To stop just one, name it: "
    "cancel the four pm walk reminder. To stop them all, say: stop all my reminders, and I'll "
    "check with you first."
)
STOP_HOW_YES = "Okay. Say which to stop, for example: stop the walk reminders."
#: "How do I change a reminder?": how, and nothing moves.
MOVE_HOW = (
    "Say the reminder and the new time, for example: move the four pm walk reminder to five. "
    "For sitting breaks, you can tell me your working hours instead."
)
NONE_OF_KIND = "You have no {kind} reminders from me."
STOP_FAILED = "I couldn't stop them all just now. Please try again, or delete them in the Alexa app."
#: One reminder named and stopped: {time}: when it went off.
STOPPED_ONE = "Okay, I've stopped your {time} {kind} reminder."
#: Several named by a part of the day or a time, stopped.
STOPPED_SOME = "Okay, I've stopped your {kind} reminders at {times}."
#: Several could be meant: {times} lists them.
STOP_WHICH_ONE = "Your {kind} reminders are at {times}. Which one should I stop? You can say, for example: the {example} one."
STOP_WHICH_ONE_REPROMPT = "Which one should I stop? For example: the {example} one."
#: Memory does not know which reminders are of the kind named (storage off, or it was lost).
KIND_NOT_KNOWN = (
    "I can't tell which of your reminders are {kind} reminders. Yours are at {times}. "
    "Which one do you mean? For example: the {example} one."
)
KIND_NOT_KNOWN_REPROMPT = "Which one do you mean? For example: the {example} one."

#: The series keeps its end ({until}); moving does not start it again.
MOVED = "Done: your {kind} reminder is now at {time}. It still stops after {until}."
MOVE_WHICH_TIME = "What time should it be? For example: move my stretch reminder to ten pm."
MOVE_WHICH_KIND = "Which reminder should I move? For example: move my stretch reminder to ten pm."
#: Several of a kind and no word of which: {times} lists them. The answer ("the one pm one")
#: comes back within one turn.
MOVE_WHICH_ONE = (
    "Your {kind} reminders are at {times}. Which one should move to {time}? "
    "You can say, for example: the {example} one."
)
MOVE_WHICH_ONE_REPROMPT = "Which {kind} reminder should move to {time}? For example: the {example} one."
#: Several of a kind and no new time either.
MOVE_WHICH_ONE_AND_TIME = (
    "Your {kind} reminders are at {times}. Say which one and the new time, for example: "
    "move my {example} {kind} reminder to {later}."
)
#: The reminder named is not there: {times} are the ones there are.
NOT_THERE = "I don't have a {kind} reminder at {time}. Yours are at {times}."
NONE_THEN = "You have no {part} {kind} reminder. Yours are at {times}."
PART_OF_DAY_NAME = {"MORNING": "morning", "AFTERNOON": "afternoon", "EVENING": "evening"}
#: Several moved by the same shift ("push my walks back an hour").
MOVED_ALL = "Done: your {kind} reminders are now at {times}. They still stop after {until}."
MOVE_SOME_FAILED = (
    "I couldn't move all your {kind} reminders just now. Say: what reminders do I have, to hear "
    "where they are."
)
#: "The fourth one" of fewer: {count} is two or more; ``ONLY_ONE`` when there is one.
NOT_THAT_MANY = "You have {count} {kind} reminders, at {times}."
ONLY_ONE = "You have just one {kind} reminder, at {times}."
#: One of several moved: the series keeps its end ({until}).
MOVED_ONE_OF_SEVERAL = "Done: your {time_before} {kind} reminder is now at {time}. It still stops after {until}."
#: The series ends before the new time comes round.
MOVE_SERIES_OVER = "That {kind} reminder ends today, so there's nothing left to move."
MOVE_NONE = "You have no {kind} reminder to move."
MOVE_FAILED = "I couldn't move it just now, so it stays at {time}. Please try again later."

# -- forgetting ------------------------------------------------------------------------------------

FORGET_ALSO_STOPPED = "I've also stopped my reminders."
FORGET_REMINDERS_LEFT = "Some reminders of mine may be left; you can delete them in the Alexa app."

CARD_TITLE = "Your reminders"
CARD_FOOTER = "Reminders follow the self-care guide; they are not medical advice. " + EMERGENCY_REMINDER
